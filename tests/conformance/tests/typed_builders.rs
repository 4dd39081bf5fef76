//! Values built in Rust: typed Stalwart patches (the same PatchObject `Patch::set`
//! builds, checked without the stored object), read values for fixtures, and the
//! builder of a create with many required members.

use api_models::runtime::patch::Patch;
use api_models::runtime::stalwart::Id;
use api_models::runtime::{ErrorKind, UtcDateTime};
use api_models::stalwart::task::{
    IndexDocumentType, Task, TaskAccountMaintenance, TaskAccountMaintenanceType, TaskIndexDocumentCreate, TaskPatch,
    TaskStatus, TaskStatusCreate, TaskStatusPending, TaskStatusPendingCreate,
};

fn utc(s: &str) -> UtcDateTime {
    s.parse().unwrap()
}

fn stored() -> Task {
    Task::from_json(
        r#"{"@type": "StoreMaintenance", "id": "b", "maintenanceType": "purgeData", "shardIndex": 2,
        "status": {"@type": "Retry", "createdAt": "2026-01-01T00:00:00Z", "due": "2026-01-01T00:00:00Z",
        "attemptNumber": 1, "failureReason": "busy"}}"#,
    )
    .unwrap()
}

#[test]
fn a_typed_patch_is_the_patch_object_set_builds() {
    let typed = TaskPatch::new()
        .status_due(utc("2026-02-01T00:00:00+01:00"))
        .status_attempt_number(2)
        .shard_index(None)
        .build()
        .unwrap();
    let untyped = Patch::new()
        .set("status/due", "2026-01-31T23:00:00Z")
        .set("status/attemptNumber", 2)
        .set("shardIndex", serde_json::Value::Null);
    assert_eq!(typed, untyped);
    assert_eq!(
        serde_json::to_string(&typed).unwrap(),
        r#"{"status/due":"2026-01-31T23:00:00Z","status/attemptNumber":2,"shardIndex":null}"#
    );
    // And applies as that patch does.
    assert_eq!(stored().apply_patch(&typed).unwrap(), stored().apply_patch(&untyped).unwrap());
    // A whole nested value replaces the member, as `Patch::set` with its JSON does.
    let pending = TaskStatusCreate::Pending(TaskStatusPendingCreate::new(utc("2026-03-01T00:00:00Z")));
    let whole = Task::patch().status(pending.clone()).build().unwrap();
    assert_eq!(whole, Patch::new().set("status", &pending));
    assert!(
        matches!(stored().apply_patch(&whole).unwrap(), Task::StoreMaintenance(m) if matches!(m.status, TaskStatus::Pending(_)))
    );
}

#[test]
fn what_needs_no_stored_object_is_checked_when_built() {
    // `""` is refused for text, and a year beyond 3000 (the wire profile's client rules).
    let errors = TaskPatch::new()
        .status_failure_reason(String::new())
        .status_due(utc("3001-01-01T00:00:00Z"))
        .build()
        .unwrap_err();
    let found: Vec<(&str, ErrorKind)> = errors.iter().map(|e| (e.pointer(), e.kind())).collect();
    assert_eq!(found, [("/status/failureReason", ErrorKind::InvalidValue), ("/status/due", ErrorKind::OutOfRange)]);
    // The same problems `apply_patch` finds in the untyped patch.
    let untyped = Patch::new().set("status/failureReason", "").set("status/due", "3001-01-01T00:00:00Z");
    let applied = stored().apply_patch(&untyped).unwrap_err();
    let applied: Vec<(&str, ErrorKind)> = applied.iter().map(|e| (e.pointer(), e.kind())).collect();
    assert_eq!(applied, found);
    // Overlapping paths are refused (RFC 8620 section 5.3), at the longer one.
    let pending = TaskStatusCreate::Pending(TaskStatusPendingCreate::new(utc("2026-03-01T00:00:00Z")));
    let errors = TaskPatch::new().status(pending).status_due(utc("2026-03-02T00:00:00Z")).build().unwrap_err();
    let found: Vec<(&str, ErrorKind)> = errors.iter().map(|e| (e.pointer(), e.kind())).collect();
    assert_eq!(found, [("/status/due", ErrorKind::InvalidValue)]);
    // A path set twice keeps the last value, and only its problems.
    let twice = TaskPatch::new().status_failure_reason(String::new()).status_failure_reason("x".into()).build();
    assert_eq!(twice.unwrap(), Patch::new().set("status/failureReason", "x"));
}

#[test]
fn a_path_some_variants_lack_is_found_when_applied() {
    // `accountName` belongs to DestroyAccount only: the stored variant decides.
    let patch = TaskPatch::new().account_name("alice".into()).build().unwrap();
    let errors = stored().apply_patch(&patch).unwrap_err();
    assert_eq!(errors.errors()[0].kind(), ErrorKind::UnknownField);
}

#[test]
fn read_values_are_built_for_fixtures() {
    let status = TaskStatus::Pending(TaskStatusPending::new(utc("2026-01-01T00:00:00Z"), utc("2026-01-02T00:00:00Z")));
    let task = Task::AccountMaintenance(TaskAccountMaintenance::new(
        "c".parse::<Id>().unwrap(),
        TaskAccountMaintenanceType::Purge,
        status,
    ));
    let json = serde_json::to_string(&task).unwrap();
    assert_eq!(Task::from_json(&json).unwrap(), task);
    assert!(json.starts_with(r#"{"@type":"AccountMaintenance","id":null,"accountId":"c""#), "{json}");
    // Salesforce reads have no required member: everything starts absent.
    let mut record = api_models::salesforce::task::Task::new();
    record.subject = api_models::runtime::Field::Value("Call".into());
    assert_eq!(serde_json::to_string(&record).unwrap(), r#"{"Subject":"Call"}"#);
}

#[test]
fn a_create_with_many_required_members_names_them() {
    let id: Id = "b".parse().unwrap();
    let status = TaskStatusCreate::Pending(TaskStatusPendingCreate::new(utc("2026-01-01T00:00:00Z")));
    let built = TaskIndexDocumentCreate::builder()
        .account_id(id)
        .document_id(id)
        .status(status.clone())
        .document_type(IndexDocumentType::Email)
        .build();
    assert_eq!(built, TaskIndexDocumentCreate::new(IndexDocumentType::Email, id, id, status));
}
