//! The objects tasks refer to, created once on the fresh server: a domain, an account in
//! it, a tenant. (A `Trace` cannot be made: this build stores no traces, an Enterprise
//! feature, so every `IndexTrace` create meets `invalidForeignKey`.)

use e2e::jmap::Jmap;
use serde_json::{json, Value};

pub struct Fixtures {
    pub domain: String,
    pub account: String,
    pub tenant: String,
}

impl Fixtures {
    pub fn create(jmap: &mut Jmap) -> Result<Fixtures, String> {
        let calls = json!([
            ["x:Domain/set", {"create": {"d": {"name": "example.org"}}}, "c0"],
            ["x:Account/set", {"create": {"a": {"@type": "User", "name": "alice", "domainId": "#d"}}}, "c1"],
            ["x:Tenant/set", {"create": {"t": {"name": "acme"}}}, "c2"],
        ]);
        let responses = jmap.call("fixtures: a domain, an account in it, a tenant", calls)?;
        let id = |i: usize, key: &str| -> Result<String, String> {
            let r = responses.get(i).ok_or("missing response")?;
            r.args["created"][key]["id"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("{} did not create: {}", r.name, r.raw))
        };
        Ok(Fixtures { domain: id(0, "d")?, account: id(1, "a")?, tenant: id(2, "t")? })
    }

    /// The existing object a member referring to another object is pointed at, for the
    /// members the server checks (`None`: nothing such can exist on this server).
    pub fn target(&self, member: &str) -> Option<Option<&str>> {
        match member {
            "accountId" => Some(Some(&self.account)),
            "tenantId" => Some(Some(&self.tenant)),
            "domainId" | "accountDomainId" => Some(Some(&self.domain)),
            "traceId" => Some(None),
            _ => None,
        }
    }

    /// `body` (a create body, a patch, or a stored object) with every well-formed id in a
    /// referring member replaced by the fixture's, so the server's foreign-key check sees an
    /// object that exists. Malformed ids stay as they are: they are what a case is about.
    pub fn map_ids(&self, body: &Value) -> Value {
        let mut body = body.clone();
        if let Some(members) = body.as_object_mut() {
            for (name, value) in members.iter_mut() {
                let Some(Some(target)) = self.target(name) else { continue };
                let well_formed =
                    value.as_str().is_some_and(|s| s.parse::<api_models::runtime::stalwart::Id>().is_ok());
                if well_formed {
                    *value = Value::String(target.to_owned());
                }
            }
        }
        body
    }
}
