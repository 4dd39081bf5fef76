//! The server's SetErrors against the crate's own report for the same body: each
//! SetError reads, and every property the server names is named by the crate too.
//!
//! The server stops at the first problem and the crate reports all, so the server's
//! names must be among the crate's, not equal to them. How the server names a property:
//! `properties` holds paths (`status/due`; `""` is the object itself, as for a missing
//! `@type`); `validationErrors` name a member of the object that holds it
//! (`failureReason` for `status/failureReason`); `invalidForeignKey` names the object
//! referred to, which stands for the member referring to it.

use api_models::runtime::Op;
use serde_json::Value;

use crate::checks::Report;
use crate::differential::Refusal;

/// The member that refers to an object of this kind.
fn referring_member(object: &str) -> &'static [&'static str] {
    match object {
        "Account" => &["accountId"],
        "Tenant" => &["tenantId"],
        "Domain" => &["domainId", "accountDomainId"],
        "Trace" => &["traceId"],
        _ => &[],
    }
}

/// The properties a SetError names, as (name, how it is written).
fn named(e: &Value) -> Vec<(String, Naming)> {
    let mut out = Vec::new();
    for p in e["properties"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        out.push((p.to_owned(), Naming::Path));
    }
    for v in e["validationErrors"].as_array().into_iter().flatten() {
        if let Some(p) = v["property"].as_str() {
            out.push((p.to_owned(), Naming::Member));
        }
    }
    if let Some(object) = e["objectId"]["object"].as_str() {
        for m in referring_member(object) {
            out.push(((*m).to_owned(), Naming::Path));
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Naming {
    /// A path from the object's root (`""` is the root).
    Path,
    /// A member name, of whichever nested object holds it.
    Member,
}

/// Whether the crate's property `ours` is the server's `theirs`, or inside it.
fn same(theirs: &str, how: Naming, ours: &str) -> bool {
    match how {
        Naming::Path => theirs.is_empty() || ours == theirs || ours.starts_with(&format!("{theirs}/")),
        Naming::Member => ours == theirs || ours.ends_with(&format!("/{theirs}")),
    }
}

pub fn run(refusals: &[Refusal], report: &mut Report) {
    let (mut compared, mut same_type, mut variant_first, mut crate_accepts) = (0, 0, 0, 0);
    let mut by_type = std::collections::BTreeMap::<String, usize>::new();
    for r in refusals {
        *by_type.entry(r.set_error["type"].as_str().unwrap_or("?").to_owned()).or_default() += 1;
        let parsed = e2e::bodies::set_error(&r.set_error);
        let current = r.current.as_ref().map(|c| c.to_string().into_bytes());
        let outcome =
            api_models::objects::canonical("stalwart/Task", r.op, r.sent.to_string().as_bytes(), current.as_deref());
        let ours = match outcome {
            Some(Err(errors)) => errors.to_jmap_set_error(r.op),
            // A marked difference: the crate accepts what the server refuses.
            _ => {
                crate_accepts += 1;
                report.check_quiet(&format!("set error reads: {}", r.case), parsed);
                continue;
            }
        };
        let our_names: Vec<String> = named(&ours).into_iter().map(|(n, _)| n).collect();
        // A variant the crate refuses (unknown, or one clients may not create) is the only
        // problem it reports (the conformance rule); the server reads the members first
        // and names one of them.
        if r.op == Op::Create && our_names == ["@type"] {
            variant_first += 1;
            report.check_quiet(&format!("set error reads: {}", r.case), parsed);
            continue;
        }
        compared += 1;
        if ours["type"] == r.set_error["type"] {
            same_type += 1;
        }
        let missing: Vec<String> = named(&r.set_error)
            .into_iter()
            .filter(|(theirs, how)| !our_names.iter().any(|ours| same(theirs, *how, ours)))
            .map(|(theirs, _)| theirs)
            .collect();
        let outcome = parsed.and_then(|()| {
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "the server names {missing:?}, the crate's report does not:\n  server: {}\n  crate:  {ours}",
                    r.set_error
                ))
            }
        });
        report.check_quiet(&format!("set error names the crate's properties: {}", r.case), outcome);
    }
    println!(
        "set errors: {} refusals by the server ({by_type:?}); {compared} also refused by the crate, compared property by property \
         (same SetError type in {same_type}); {variant_first} where the crate refuses the variant first; {crate_accepts} the crate accepts (marked)",
        refusals.len()
    );
}
