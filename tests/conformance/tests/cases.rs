//! The conformance cases as part of `cargo test`: the project's own (tests/cases) and,
//! when the shared folder is present, the public ones.

use std::path::{Path, PathBuf};

use api_models::runtime::Op;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn assert_all_pass(dir: PathBuf, op: Option<Op>) {
    let summary = conformance::run_dirs(std::slice::from_ref(&dir), op).unwrap_or_else(|e| panic!("{e}"));
    let report: Vec<String> =
        summary.failures.iter().map(|(n, f, why)| format!("FAIL {n} ({})\n{why}", f.display())).collect();
    assert!(
        report.is_empty(),
        "{} of {} cases failed:\n{}",
        report.len(),
        summary.passed + report.len(),
        report.join("\n\n")
    );
    assert!(summary.passed > 0, "no case ran under {}", dir.display());
}

#[test]
fn own_read_cases() {
    assert_all_pass(root().join("tests/cases"), Some(Op::Read));
}

#[test]
fn own_create_cases() {
    assert_all_pass(root().join("tests/cases"), Some(Op::Create));
}

#[test]
fn own_update_cases() {
    assert_all_pass(root().join("tests/cases"), Some(Op::Update));
}

#[test]
fn public_cases_every_op() {
    let dir = root().join("../shared/conformance/cases");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    assert_all_pass(dir, None);
}
