//! The generated JSON Schemas agree with the conformance cases: a payload the crate
//! accepts is valid under the schema of its operation, and one it rejects is invalid,
//! except where the only problems are ones JSON Schema cannot state (listed below).

use std::path::Path;

use api_models::runtime::Op;
use conformance::case::{load_all, Case};

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema(object: &str, op: Op) -> serde_json::Value {
    let (api, name) = object.split_once('/').unwrap();
    let path = root().join(format!("generated/json-schema/{api}/{}.{}.schema.json", name.to_lowercase(), op.as_str()));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Problems only the generated Rust can find: ordering and bitmask rules, checksums,
/// integers written as floats,
/// calendar validity, id arithmetic, rules that read a stored record, and a discriminator
/// check that JSON Schema's oneOf cannot single out.
fn beyond_json_schema(c: &Case) -> bool {
    // JSON Schema's `integer` is any number without a fractional part, `1.0` included;
    // the server's parser tells `1.0` from `1` (a `type` problem JSON Schema cannot state).
    let integral_float = |path: &str, kind: &str| {
        kind == "type"
            && c.payload.pointer(path).is_some_and(|v| v.as_f64().is_some_and(|n| n.fract() == 0.0) && v.is_f64())
    };
    !c.errors.is_empty()
        && c.errors.iter().all(|(path, kind)| {
            matches!(kind.as_str(), "rule" | "format" | "out_of_range") || integral_float(path, kind)
        })
        || c.current.is_some()
        || utf16_length(c)
        || repeated_in_another_case(c)
}

/// A Salesforce limit counts UTF-16 code units; JSON Schema's `maxLength` counts
/// characters, so it cannot see that a character outside the Basic Multilingual Plane
/// counts 2.
fn utf16_length(c: &Case) -> bool {
    let astral = |v: &serde_json::Value| v.as_str().is_some_and(|s| s.chars().any(|ch| ch.len_utf16() == 2));
    !c.errors.is_empty()
        && c.errors.iter().all(|(_, kind)| kind == "too_long")
        && c.payload.as_object().is_some_and(|m| m.values().any(astral))
}

/// One member sent twice, spelt in two cases: JSON Schema sees two members.
fn repeated_in_another_case(c: &Case) -> bool {
    let Some(m) = c.payload.as_object() else { return false };
    let lower: std::collections::HashSet<String> = m.keys().map(|k| k.to_ascii_lowercase()).collect();
    c.object.starts_with("salesforce/") && lower.len() < m.len()
}

#[test]
fn schemas_agree_with_the_cases() {
    let mut dirs = vec![root().join("tests/cases")];
    let public = root().join("../shared/conformance/cases");
    if public.is_dir() {
        dirs.push(public);
    }
    let cases = load_all(&dirs).unwrap();
    let mut checked = 0;
    let mut exempt = 0;
    let mut disagree = Vec::new();
    for c in &cases {
        // Ops this suite has no schema for, and partial reads (a property list, not a schema).
        let Some(op) = c.op else { continue };
        if c.properties.is_some() {
            continue;
        }
        // One record of an sObject Collections request: the schemas describe whole
        // create and update bodies, which may not carry `Id`.
        if c.collection {
            continue;
        }
        // A Stalwart update is a patch on a stored object: its schema only lists paths.
        if op == Op::Update && c.object.starts_with("stalwart/") {
            continue;
        }
        let validator = jsonschema::draft202012::new(&schema(&c.object, op)).expect("a valid draft 2020-12 schema");
        let valid = validator.is_valid(&c.payload);
        checked += 1;
        if valid != c.valid {
            if valid && beyond_json_schema(c) {
                exempt += 1;
            } else {
                disagree.push(format!("{} (expected valid={}, schema says {valid})", c.name, c.valid));
            }
        }
    }
    eprintln!("{checked} cases checked, {exempt} accepted by the schema for problems only Rust finds");
    // Most rejections must come from the schema itself, not from the exemption.
    assert!(exempt * 5 < checked, "{exempt} of {checked} exempt");
    assert!(checked > 300, "only {checked} cases checked");
    assert!(disagree.is_empty(), "{} of {checked} cases disagree:\n{}", disagree.len(), disagree.join("\n"));
}
