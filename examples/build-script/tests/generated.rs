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
