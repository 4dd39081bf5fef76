//! Conformance cases (`shared/conformance/README.md`): loading them and running each
//! against the generated crate. The `conformance` binary is the command-line face.

pub mod case;

/// The repository README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

use std::path::{Path, PathBuf};

/// The `@type` of every variant of Stalwart's `Task` that its generated JSON Schema for
/// `op` (`read` or `create`) lists, in the schema's order: the `oneOf` entries'
/// `properties.@type.const`. The tests that need the variant list read it here, so a
/// variant added to the schema reaches them.
pub fn stalwart_task_tags(op: &str) -> Result<Vec<String>, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../generated/json-schema/stalwart/task.{op}.schema.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let schema: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let one_of = schema["oneOf"].as_array().ok_or_else(|| format!("{}: no `oneOf`", path.display()))?;
    // The read schema's last entry (a variant a newer server has) has no `const`.
    let tags: Vec<String> =
        one_of.iter().filter_map(|v| v["properties"]["@type"]["const"].as_str()).map(str::to_owned).collect();
    if tags.is_empty() {
        return Err(format!("{}: no `oneOf` entry has a `properties.@type.const`", path.display()));
    }
    Ok(tags)
}

/// The outcome of running a set of cases.
#[derive(Debug, Default)]
pub struct Summary {
    /// Cases whose outcome was the expected one.
    pub passed: usize,
    /// Each failed case: its name, file, and what differed.
    pub failures: Vec<(String, PathBuf, String)>,
}

/// Runs every case under `dirs` (restricted to `op` when given).
pub fn run_dirs(dirs: &[PathBuf], op: Option<api_models::runtime::Op>) -> Result<Summary, String> {
    let cases = case::load_all(dirs)?;
    let mut summary = Summary::default();
    for c in cases.iter().filter(|c| op.is_none_or(|o| c.op == Some(o))) {
        match case::run(c) {
            Ok(()) => summary.passed += 1,
            Err(why) => summary.failures.push((c.name.clone(), c.file.clone(), why)),
        }
    }
    Ok(summary)
}
