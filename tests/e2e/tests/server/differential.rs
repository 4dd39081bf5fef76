//! Differential testing: every Stalwart create and update case (the public ones and the
//! project's own) is also put to the real server, and the verdicts must agree: the crate
//! accepts the body exactly when the server creates (updates) with it. Where they cannot
//! agree, the case is marked with the server's verdict and the reason (`"server"` in a
//! project case; `tests/e2e/public-case-marks.json` for the read-only public cases), and
//! the mark must hold: the server gives that verdict, and the crate the other one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use api_models::runtime::Op;
use conformance::case::{Case, ServerMark};
use e2e::jmap::Jmap;
use serde_json::{json, Value};

use crate::checks::Report;
use crate::fixtures::Fixtures;

/// A case the server refused, for the SetError checks.
pub struct Refusal {
    pub case: String,
    pub op: Op,
    /// The body sent (ids mapped).
    pub sent: Value,
    /// The stored object an update applied to (read form), for the crate's own check.
    pub current: Option<Value>,
    /// The server's SetError.
    pub set_error: Value,
}

/// The variants clients may not create (the server answers `forbidden`): those the
/// generated read JSON Schema of Task lists and its create schema does not. An update case
/// whose `current` is one of them cannot be put to the server.
/// (DestroyAccount is internal too, but the server makes one whenever an account is
/// destroyed, so its cases are put to the server: it is left out.)
fn internal_variants() -> Result<BTreeSet<String>, String> {
    let tags = |op| conformance::stalwart_task_tags(op).map(BTreeSet::from_iter);
    let (read, create) = (tags("read")?, tags("create")?);
    Ok(read.difference(&create).filter(|tag| *tag != "DestroyAccount").cloned().collect())
}

pub fn public_cases() -> PathBuf {
    e2e::repo_root().join("../shared/conformance/cases")
}

fn public_marks() -> Result<BTreeMap<String, ServerMark>, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("public-case-marks.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let marks = v.as_object().ok_or("public-case-marks.json: not an object")?;
    marks
        .iter()
        .filter(|(k, _)| !k.starts_with('$'))
        .map(|(k, m)| ServerMark::from_json(m).map(|m| (k.clone(), m)).map_err(|e| format!("mark of {k:?}: {e}")))
        .collect()
}

/// What the server did with one case.
enum Verdict {
    Accepts,
    /// Refused only because the Trace it names does not exist (`invalidForeignKey`).
    AcceptedButTrace(Value),
    Refuses(Value),
    /// The case could not be put to the server (why).
    Untested(String),
}

pub fn run(jmap: &mut Jmap, f: &Fixtures, report: &mut Report) -> Vec<Refusal> {
    let mut dirs = vec![e2e::repo_root().join("tests/cases")];
    if public_cases().is_dir() {
        dirs.push(public_cases());
    } else {
        println!("differential: no public cases at {} (only the project's are run)", public_cases().display());
    }
    let loaded = stalwart_cases(&dirs)
        .and_then(|cases| public_marks().map(|m| (cases, m)))
        .and_then(|(cases, marks)| internal_variants().map(|i| (cases, marks, i)));
    let (cases, marks, internal) = match loaded {
        Ok(x) => x,
        Err(e) => {
            report.check("differential: loading the cases, the marks and the JSON Schemas", Err(e));
            return Vec::new();
        }
    };
    let public = public_cases();
    let mut refusals = Vec::new();
    let mut created = Vec::new();
    // Creates both accept, to read back: (case, index in `created`, canonical body).
    let mut readback = Vec::new();
    let (mut agree, mut marked, mut untested, mut total) = (0, 0, 0, 0);
    let stalwart_writes = cases.iter().filter_map(|c| match c.op {
        Some(op @ (Op::Create | Op::Update)) if c.object == "stalwart/Task" => Some((c, op)),
        _ => None,
    });
    for (c, op) in stalwart_writes {
        total += 1;
        let is_public = c.file.starts_with(&public);
        let mark = if is_public { marks.get(&c.name).cloned() } else { c.server.clone() };
        let (crate_ok, verdict, sent, current) = match put(jmap, f, c, &internal, &mut created) {
            Ok(x) => x,
            Err(e) => {
                report.check(&format!("differential: {}", c.name), Err(e));
                continue;
            }
        };
        let server = match &verdict {
            Verdict::Accepts | Verdict::AcceptedButTrace(_) => "accepts",
            Verdict::Refuses(_) => "refuses",
            Verdict::Untested(_) => "untested",
        };
        let crate_says = if crate_ok { "accepts" } else { "refuses" };
        let outcome = match (&mark, server) {
            (None, s) if s == crate_says => {
                agree += 1;
                Ok(())
            }
            (None, "untested") => {
                let Verdict::Untested(why) = &verdict else { unreachable!() };
                Err(format!("cannot be put to the server ({why}); mark it `untested` with the reason"))
            }
            (None, s) => Err(format!("the crate {crate_says} the body, the server {s} it: {}", describe(&verdict))),
            (Some(m), s) if m.verdict != s => Err(format!(
                "marked \"server {}\" ({}), but the server {s} it: {}",
                m.verdict,
                m.reason,
                describe(&verdict)
            )),
            (Some(_), "untested") => {
                untested += 1;
                Ok(())
            }
            (Some(m), _) if crate_says == m.verdict => Err(format!(
                "marked as a difference ({}), but the crate and the server agree: remove the mark",
                m.reason
            )),
            (Some(_), _) => {
                marked += 1;
                Ok(())
            }
        };
        if op == Op::Create && crate_ok && matches!(verdict, Verdict::Accepts) {
            if let Some(Ok(canonical)) =
                api_models::objects::canonical("stalwart/Task", Op::Create, sent.to_string().as_bytes(), None)
            {
                readback.push((c.name.clone(), created.len() - 1, canonical));
            }
        }
        let where_ = if is_public { "public" } else { "project" };
        report.check_quiet(&format!("differential ({where_}): {}", c.name), outcome);
        if let Verdict::Refuses(set_error) = verdict {
            refusals.push(Refusal { case: c.name.clone(), op, sent, current, set_error });
        }
    }
    read_back(jmap, &created, &readback, report);
    // What the cases created goes, so later checks see a small store.
    if !created.is_empty() {
        let r = jmap.call1("differential: clean up", "x:Task/set", json!({"destroy": created}));
        let outcome = r.and_then(|r| {
            let gone = r.args["destroyed"].as_array().map_or(0, Vec::len);
            if gone == created.len() {
                Ok(())
            } else {
                Err(format!("destroyed {gone} of {}: {}", created.len(), r.raw))
            }
        });
        report.check("differential: every task the cases created is destroyed", outcome);
    }
    let compared = agree + marked;
    println!(
        "differential: {total} Stalwart create/update cases; verdicts agree on {agree} of {compared} put to the server ({:.1}%), \
         {marked} differ as marked, {untested} cannot be put to this server (marked), {} unmarked disagreements",
        100.0 * agree as f64 / compared.max(1) as f64,
        total - agree - marked - untested
    );
    refusals
}

/// The Stalwart create and update cases of every `*.json` file under `dirs`, in path
/// order, read by the conformance runner's own loader so that both read a case alike
/// (cases of other objects and operations are left to the conformance runner).
fn stalwart_cases(dirs: &[PathBuf]) -> Result<Vec<Case>, String> {
    let mut cases = conformance::case::load_all(dirs)?;
    cases.retain(|c| c.object == "stalwart/Task" && !c.collection && matches!(c.op, Some(Op::Create | Op::Update)));
    Ok(cases)
}

/// A DestroyAccount task made by the server (an account created and destroyed for it),
/// patched to hold the case's `current`: its status, account name and domain.
pub fn destroy_account_task(jmap: &mut Jmap, f: &Fixtures, label: &str, current: &Value) -> Result<String, String> {
    let name = format!("gone{}", jmap.exchanges.len());
    let account = json!({"@type": "User", "name": name, "domainId": f.domain});
    let r =
        jmap.call1(&format!("{label} (an account to destroy)"), "x:Account/set", json!({"create": {"a": account}}))?;
    let account = r.args["created"]["a"]["id"].as_str().ok_or_else(|| format!("no account: {}", r.raw))?.to_owned();
    let r = jmap.call1(&format!("{label} (destroy the account)"), "x:Account/set", json!({"destroy": [account]}))?;
    if r.args["destroyed"] != json!([account]) {
        return Err(format!("the account was not destroyed: {}", r.raw));
    }
    let calls = json!([
        ["x:Task/query", {"filter": {"@type": "DestroyAccount"}}, "q"],
        ["x:Task/get", {"#ids": {"resultOf": "q", "name": "x:Task/query", "path": "/ids"}}, "g"],
    ]);
    let responses = jmap.call(&format!("{label} (the server's DestroyAccount task)"), calls)?;
    let list = responses.last().map(|r| r.args["list"].clone()).unwrap_or_default();
    let task = list.as_array().into_iter().flatten().find(|t| t["accountId"] == json!(account));
    let id = task
        .and_then(|t| t["id"].as_str())
        .ok_or("the server made no DestroyAccount task for the destroyed account")?;
    let mut status = current["status"].clone();
    if let Some(m) = status.as_object_mut() {
        m.remove("createdAt");
    }
    let patch =
        json!({"status": status, "accountName": current["accountName"], "accountDomainId": current["accountDomainId"]});
    let r =
        jmap.call1(&format!("{label} (bring it to the case's current)"), "x:Task/set", json!({"update": {id: patch}}))?;
    if r.args["updated"].get(id).is_none() {
        return Err(format!("the DestroyAccount task cannot be brought to the case's current: {}", r.raw));
    }
    Ok(id.to_owned())
}

/// Every task a case created reads back as the crate's canonical create body plus what
/// the server sets.
fn read_back(jmap: &mut Jmap, created: &[String], readback: &[(String, usize, Value)], report: &mut Report) {
    let bugs = match e2e::server_bugs() {
        Ok(b) => b,
        Err(e) => return report.check("differential: server-bugs.json", Err(e)),
    };
    for (name, i, sent) in readback {
        let id = &created[*i];
        let label = e2e::read_back_label(name);
        let outcome = jmap.call1(&label, "x:Task/get", json!({"ids": [id]})).and_then(|r| {
            let list = e2e::jmap::get_list(&r.raw)?;
            let [item] = list.as_slice() else { return Err(format!("{id}: expected one object: {}", r.raw)) };
            let read = api_models::stalwart::task::Task::from_json(item.get().as_bytes());
            match (read, bugs.get(name)) {
                (Ok(stored), None) => {
                    let raw: Value = serde_json::from_str(item.get()).map_err(|e| e.to_string())?;
                    crate::roundtrip::reads_back_as_sent(sent, &raw, &stored)
                }
                (Err(e), None) => Err(format!("{item} does not read:\n{e}")),
                // A known server bug: what it writes back is malformed, and the crate says so.
                (Err(_), Some(_)) => Ok(()),
                (Ok(_), Some(why)) => Err(format!(
                    "server-bugs.json says the read-back is malformed ({why}), but it reads: remove the entry"
                )),
            }
        });
        report.check_quiet(&format!("differential read back: {name}"), outcome);
    }
    println!("differential: {} created tasks read back", readback.len());
}

fn describe(v: &Verdict) -> String {
    match v {
        Verdict::Accepts => "created/updated".into(),
        Verdict::AcceptedButTrace(e) => format!("accepted but for the missing Trace: {e}"),
        Verdict::Refuses(e) => format!("SetError {e}"),
        Verdict::Untested(why) => why.clone(),
    }
}

/// A body as the crate takes it: the crate's verdict on exactly what is sent.
fn crate_accepts(op: Op, body: &Value, current: Option<&Value>) -> bool {
    let current = current.map(|c| c.to_string().into_bytes());
    let outcome = api_models::objects::canonical("stalwart/Task", op, body.to_string().as_bytes(), current.as_deref());
    matches!(outcome, Some(Ok(_)))
}

/// Puts one case to the server: (crate accepts, server verdict, body sent, current).
fn put(
    jmap: &mut Jmap,
    f: &Fixtures,
    c: &Case,
    internal: &BTreeSet<String>,
    created: &mut Vec<String>,
) -> Result<(bool, Verdict, Value, Option<Value>), String> {
    let label = format!("differential: {}", c.name);
    let sent = f.map_ids(&c.payload);
    if c.op == Some(Op::Create) {
        let r = jmap.call1(&label, "x:Task/set", json!({"create": {"c": sent}}))?;
        let verdict = if let Some(id) = r.args["created"]["c"]["id"].as_str() {
            created.push(id.to_owned());
            Verdict::Accepts
        } else if let Some(e) = r.args["notCreated"].get("c") {
            // The server checks references last, after reading and validating the whole
            // body; a Trace cannot exist on this build, so a missing Trace means the body
            // itself was accepted.
            if e["type"] == "invalidForeignKey" && e["objectId"]["object"] == "Trace" {
                Verdict::AcceptedButTrace(e.clone())
            } else {
                Verdict::Refuses(e.clone())
            }
        } else {
            return Err(format!("neither created nor notCreated: {}", r.raw));
        };
        return Ok((crate_accepts(Op::Create, &sent, None), verdict, sent, None));
    }
    // An update applies to a stored object: `current`, created first (without what the
    // server sets), its ids mapped like the patch's.
    let Some(current) = &c.current else {
        return Ok((false, Verdict::Untested("an update case without `current`".into()), sent, None));
    };
    let current = f.map_ids(current);
    let variant = current["@type"].as_str().unwrap_or_default();
    let crate_ok = crate_accepts(Op::Update, &sent, Some(&current));
    if internal.contains(variant) {
        let why = format!("its current object is a {variant}, which clients cannot create");
        return Ok((crate_ok, Verdict::Untested(why), sent, Some(current)));
    }
    let id = if variant == "DestroyAccount" {
        // The server makes one when an account is destroyed: it is brought to the case's
        // `current` by a patch of what may change. Clients may not destroy it, so it stays.
        match destroy_account_task(jmap, f, &label, &current) {
            Ok(id) => id,
            Err(why) => return Ok((crate_ok, Verdict::Untested(why), sent, Some(current))),
        }
    } else {
        let mut body = current.clone();
        if let Some(m) = body.as_object_mut() {
            m.remove("id");
            m.remove("due");
        }
        if let Some(status) = body.get_mut("status").and_then(Value::as_object_mut) {
            status.remove("createdAt");
        }
        let r =
            jmap.call1(&format!("{label} (its current object)"), "x:Task/set", json!({"create": {"current": body}}))?;
        let Some(id) = r.args["created"]["current"]["id"].as_str().map(str::to_owned) else {
            let why = format!("its current object cannot be created here: {}", r.args["notCreated"]["current"]);
            return Ok((crate_ok, Verdict::Untested(why), sent, Some(current)));
        };
        created.push(id.clone());
        id
    };
    let r = jmap.call1(&label, "x:Task/set", json!({"update": {&id: sent}}))?;
    let verdict = if r.args["updated"].get(&id).is_some() {
        Verdict::Accepts
    } else if let Some(e) = r.args["notUpdated"].get(&id) {
        Verdict::Refuses(e.clone())
    } else {
        return Err(format!("neither updated nor notUpdated: {}", r.raw));
    };
    Ok((crate_ok, verdict, sent, Some(current)))
}
