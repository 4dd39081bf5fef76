// What the types allow: a create with its required members, an update that clears a
// nillable field and sets another.
use api_models::runtime::Field;
use api_models::salesforce::task::TaskUpdate;
use api_models::stalwart::task::{TaskCreate, TaskIndexTraceCreate, TaskStatusCreate, TaskStatusPendingCreate};

fn main() {
    let id: api_models::runtime::stalwart::Id = "b".parse().unwrap();
    let due: api_models::runtime::UtcDateTime = "2026-01-01T00:00:00Z".parse().unwrap();
    let create = TaskCreate::IndexTrace(TaskIndexTraceCreate::new(
        id,
        TaskStatusCreate::Pending(TaskStatusPendingCreate::new(due)),
    ));
    assert!(create.validate().is_ok());
    let update = TaskUpdate { description: Field::Null, subject: Field::Value("Call".into()), ..TaskUpdate::new() };
    assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"Description":null,"Subject":"Call"}"#);
}
