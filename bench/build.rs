//! Contender (c): the types typify generates from the same JSON Schemas the
//! `Value + jsonschema` contender validates with (the generator's own output).
//!
//! typify takes the draft-07 model of schemars 0.8 and stops (`unimplemented!`) at
//! `if`/`then`, so the schema is reduced first: the conditional rules (`allOf` of
//! `if`/`then`, the Usage rules) are dropped, and so are `patternProperties` (custom
//! fields) with the `additionalProperties: false` beside them; everything else is kept
//! as it is (types, nullability, `maxLength`, `pattern`, `enum`, `format: date`). What typify checks is therefore less than what the
//! jsonschema contender checks, which is again less than what the generated crate
//! checks; BENCHMARKS.md says so beside the figures.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for op in ["read", "create"] {
        let path = manifest.join(format!("../generated/json-schema/salesforce/task.{op}.schema.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let code = typify_types(&path);
        std::fs::write(out.join(format!("typify_task_{op}.rs")), code).expect("OUT_DIR is writable");
    }
}

fn typify_types(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut schema: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reduce(&mut schema);
    let root: schemars::schema::RootSchema =
        serde_json::from_value(schema).unwrap_or_else(|e| panic!("{}: not a schema typify reads: {e}", path.display()));
    let mut space = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
    space.add_root_schema(root).unwrap_or_else(|e| panic!("{}: typify: {e}", path.display()));
    space.to_stream().to_string()
}

/// Drops what typify cannot take: conditional subschemas and member patterns.
fn reduce(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Array(all)) = map.get_mut("allOf") {
                all.retain(|s| !(s.get("if").is_some() || s.get("then").is_some()));
                if all.is_empty() {
                    map.remove("allOf");
                }
            }
            for key in ["if", "then", "else"] {
                map.remove(key);
            }
            // typify ignores `patternProperties` (custom `__c` fields) but honours
            // `additionalProperties: false`, so together they would refuse every custom
            // field; without both, unknown members are accepted and dropped.
            if map.remove("patternProperties").is_some() {
                map.remove("additionalProperties");
            }
            map.values_mut().for_each(reduce);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(reduce),
        _ => {}
    }
}
