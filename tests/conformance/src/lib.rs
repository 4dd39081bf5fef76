//! Conformance cases (`shared/conformance/README.md`): loading them and running each
//! against the generated crate. The `conformance` binary is the command-line face.

pub mod case;

/// The repository README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

use std::path::PathBuf;

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
