//! The types build.rs generated behave as the checked-in crate's do.

use build_script_example::runtime::Op;
use build_script_example::stalwart::job::{Job, JobCreate};

#[test]
fn reads_creates_and_reports_every_problem() {
    let job = Job::from_json(
        r#"{"ownerId": "c", "startedAt": "2026-01-01T00:00:00Z", "attempts": 2, "name": "backup", "note": null}"#,
    )
    .expect("a valid read");
    assert_eq!(job.name.as_str(), "backup");
    let create = JobCreate::new("c".parse().unwrap(), "nightly".into());
    assert_eq!(serde_json::to_string(&create).unwrap(), r#"{"ownerId":"c","name":"nightly"}"#);
    let errors = JobCreate::from_json(r#"{"attempts": 3}"#).unwrap_err();
    let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.pointer(), e.kind().as_str())).collect();
    assert_eq!(found, [("/attempts", "forbidden"), ("/ownerId", "required"), ("/name", "required")]);
    assert!(build_script_example::objects::canonical("stalwart/Job", Op::Read, br#"{"name": "x"}"#, None).is_some());
}

/// A module tree built into a user's crate has no cargo features of its own: every API in
/// the schema folder is there, with no `#[cfg(feature = …)]` (issue 13: `salesforce/Task`
/// records were `None`, and the crate warned about unexpected cfg values).
#[test]
fn every_api_of_the_schema_folder_is_there_ungated() {
    let record = br#"{"attributes":{"type":"Task"},"Subject":"x"}"#;
    let got = build_script_example::objects::collection_record("salesforce/Task", Op::Create, record);
    assert_eq!(got.expect("salesforce/Task is available").expect("a valid record")["Subject"], "x");
    let text = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/api_models.rs")).unwrap();
    assert!(!text.contains("cfg(feature"), "the build.rs output gates an API behind a feature");
}
