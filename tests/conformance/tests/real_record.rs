//! A real Salesforce Task record (shared/reference) reads, writes and reads back with
//! nothing lost: explicit nulls, `attributes`, and an installed package's custom fields.

use std::path::Path;

use api_models::salesforce::Task;

#[test]
fn real_closed_call_round_trips() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/salesforce/records/task-closed-call.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let task = Task::from_json(&text).unwrap_or_else(|e| panic!("the real record does not read:\n{e}"));
    assert_eq!(task.subject.value().map(String::as_str), Some("Call"));
    assert!(task.who_id.is_null(), "explicit null kept as null");
    assert_eq!(task.custom_fields.len(), 6, "the package's custom fields are kept");
    assert!(task.unknown_fields.is_empty(), "every standard member of the record is in the schema");

    let written = serde_json::to_string(&task).unwrap();
    let again = Task::from_json(&written).unwrap();
    assert_eq!(again, task, "read, write, read gives the same value");

    let original: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rewritten: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(rewritten, original, "writing back reproduces the record member for member");
}
