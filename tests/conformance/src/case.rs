//! The case format of `shared/conformance/README.md`, and running one case.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use api_models::runtime::Op;
use serde_json::Value;

/// One case.
pub struct Case {
    pub name: String,
    pub object: String,
    /// `None` for an op this runner does not know (the case then fails, the run goes on).
    pub op: Option<Op>,
    /// The op as the case names it.
    pub op_name: String,
    /// Whether the payload is one record of a Salesforce sObject Collections request
    /// (`collection_create`, `collection_update`: `op` is then create or update).
    pub collection: bool,
    /// `read` only: the properties the client asked for (a partial read).
    pub properties: Option<Vec<String>>,
    pub payload: Value,
    pub current: Option<Value>,
    pub valid: bool,
    pub errors: BTreeSet<(String, String)>,
    pub canonical: Option<Value>,
    /// Where the real server's verdict differs from `expect.valid` on purpose (the e2e
    /// differential run, `tests/e2e/`): the case's `"server"` member.
    pub server: Option<ServerMark>,
    pub file: PathBuf,
}

/// What the real server does with a case whose verdict it cannot share, and why:
/// `"server": {"verdict": "accepts" | "refuses" | "untested", "reason": "..."}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerMark {
    /// `accepts` or `refuses` (the server's verdict), or `untested` (the case cannot be
    /// put to this server, for example its `current` is an object clients cannot create).
    pub verdict: String,
    /// Why the verdicts differ.
    pub reason: String,
}

impl ServerMark {
    /// Reads a `"server"` member; an `Err` says what is wrong with it.
    pub fn from_json(v: &Value) -> Result<ServerMark, String> {
        let verdict = v.get("verdict").and_then(Value::as_str).unwrap_or_default();
        if !["accepts", "refuses", "untested"].contains(&verdict) {
            return Err(format!("`server.verdict` must be accepts, refuses or untested, not {:?}", v.get("verdict")));
        }
        let reason = v.get("reason").and_then(Value::as_str).filter(|r| !r.trim().is_empty());
        let reason = reason.ok_or("`server.reason` must say why the server's verdict differs")?;
        Ok(ServerMark { verdict: verdict.to_owned(), reason: reason.to_owned() })
    }
}

pub fn parse_op(s: &str) -> Option<Op> {
    match s {
        "read" => Some(Op::Read),
        "create" => Some(Op::Create),
        "update" => Some(Op::Update),
        _ => None,
    }
}

/// A case's `op`: the operation, and whether it is one record of an sObject
/// Collections request (`collection_create`, `collection_update`).
pub fn parse_case_op(s: &str) -> Option<(Op, bool)> {
    match s {
        "collection_create" => Some((Op::Create, true)),
        "collection_update" => Some((Op::Update, true)),
        _ => parse_op(s).map(|op| (op, false)),
    }
}

/// Every case in every `*.json` file under `dirs`, in path order.
pub fn load_all(dirs: &[PathBuf]) -> Result<Vec<Case>, String> {
    let mut files = Vec::new();
    for d in dirs {
        collect(d, &mut files).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        let items = match json {
            Value::Array(items) => items,
            one => vec![one],
        };
        for (i, item) in items.into_iter().enumerate() {
            cases.push(case(item, &f).map_err(|e| format!("{} case {i}: {e}", f.display()))?);
        }
    }
    Ok(cases)
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if p.is_file() {
        out.push(p.to_path_buf());
        return Ok(());
    }
    for e in std::fs::read_dir(p)? {
        let path = e?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one case object of `file`.
pub fn case(v: Value, file: &Path) -> Result<Case, String> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned).ok_or(format!("no `{k}`"));
    let expect = v.get("expect").ok_or("no `expect`")?;
    let errors = expect
        .get("errors")
        .and_then(Value::as_array)
        .map(|errs| {
            errs.iter()
                .map(|e| {
                    let p = e.get("path").and_then(Value::as_str).unwrap_or_default().to_owned();
                    let k = e.get("kind").and_then(Value::as_str).unwrap_or_default().to_owned();
                    (p, k)
                })
                .collect()
        })
        .unwrap_or_default();
    let properties = match v.get("properties") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|p| p.as_str().map(str::to_owned).ok_or("`properties` holds a non-string"))
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => return Err("`properties` is not an array of strings".into()),
    };
    let op_name = s("op")?;
    let parsed = parse_case_op(&op_name);
    Ok(Case {
        name: s("name")?,
        object: s("object")?,
        op: parsed.map(|(op, _)| op),
        collection: parsed.is_some_and(|(_, collection)| collection),
        op_name,
        properties,
        payload: v.get("payload").cloned().ok_or("no `payload`")?,
        current: v.get("current").cloned(),
        valid: expect.get("valid").and_then(Value::as_bool).ok_or("no `expect.valid`")?,
        errors,
        canonical: expect.get("canonical").cloned(),
        server: v.get("server").map(ServerMark::from_json).transpose()?,
        file: file.to_path_buf(),
    })
}

/// Drops members whose value is `null`, at every depth.
fn drop_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), drop_nulls(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(drop_nulls).collect()),
        other => other.clone(),
    }
}

/// Runs one case: `Ok` when the crate's outcome is the expected one.
pub fn run(c: &Case) -> Result<(), String> {
    let body = serde_json::to_vec(&c.payload).map_err(|e| e.to_string())?;
    let current = match &c.current {
        Some(v) => Some(serde_json::to_vec(v).map_err(|e| e.to_string())?),
        None => None,
    };
    let Some(op) = c.op else { return Err(format!("  op `{}` is not known to this runner", c.op_name)) };
    let outcome = match &c.properties {
        Some(_) if c.collection => return Err("  `properties` belongs to read cases only".into()),
        Some(props) if op == Op::Read => {
            let props: Vec<&str> = props.iter().map(String::as_str).collect();
            api_models::objects::canonical_partial(&c.object, &body, &props)
        }
        Some(_) => return Err("  `properties` belongs to read cases only".into()),
        None if c.collection => api_models::objects::collection_record(&c.object, op, &body),
        None => api_models::objects::canonical(&c.object, op, &body, current.as_deref()),
    };
    let Some(outcome) = outcome else {
        return Err(format!("  object `{}` has no `{}` operation in this crate", c.object, c.op_name));
    };
    match (outcome, c.valid) {
        (Ok(value), true) => {
            let Some(expected) = &c.canonical else { return Ok(()) };
            // In an update without `current`, null means "clear": compared as it is.
            let keep_nulls = op == Op::Update && c.current.is_none() && !c.collection;
            let (want, got) =
                if keep_nulls { (expected.clone(), value) } else { (drop_nulls(expected), drop_nulls(&value)) };
            if want == got {
                Ok(())
            } else {
                Err(format!("  expected canonical: {want}\n  actual canonical:   {got}"))
            }
        }
        (Ok(value), false) => Err(format!("  expected errors: {:?}\n  actual: accepted, canonical {value}", c.errors)),
        (Err(errors), true) => Err(format!("  expected: valid\n  actual errors:\n{}", indent(&errors.to_string()))),
        (Err(errors), false) => {
            let got: BTreeSet<(String, String)> =
                errors.iter().map(|e| (e.pointer().to_owned(), e.kind().as_str().to_owned())).collect();
            if got == c.errors {
                Ok(())
            } else {
                Err(format!(
                    "  expected errors: {:?}\n  actual errors:   {got:?}\n{}",
                    c.errors,
                    indent(&errors.to_string())
                ))
            }
        }
    }
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_server(server: Value) -> Result<Case, String> {
        let v = serde_json::json!({
            "name": "n", "object": "stalwart/Task", "op": "create", "payload": {},
            "server": server, "expect": {"valid": false, "errors": []}
        });
        case(v, Path::new("x.json"))
    }

    #[test]
    fn a_server_mark_is_read_and_the_case_still_runs_as_before() {
        let c = with_server(serde_json::json!({"verdict": "accepts", "reason": "lenient"})).unwrap();
        assert_eq!(c.server, Some(ServerMark { verdict: "accepts".into(), reason: "lenient".into() }));
        assert!(!c.valid);
    }

    #[test]
    fn a_server_mark_needs_a_known_verdict_and_a_reason() {
        assert!(with_server(serde_json::json!({"verdict": "maybe", "reason": "x"})).is_err());
        assert!(with_server(serde_json::json!({"verdict": "refuses"})).is_err());
        assert!(with_server(serde_json::json!({"verdict": "untested", "reason": " "})).is_err());
    }
}
