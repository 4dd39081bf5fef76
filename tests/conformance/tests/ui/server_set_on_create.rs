// `due` is server-set: a create value has no such member.
use api_models::stalwart::task::{TaskIndexTraceCreate, TaskStatusCreate, TaskStatusPendingCreate};

fn main() {
    let id: api_models::runtime::stalwart::Id = "b".parse().unwrap();
    let due: api_models::runtime::UtcDateTime = "2026-01-01T00:00:00Z".parse().unwrap();
    let _ = TaskIndexTraceCreate {
        trace_id: id,
        status: TaskStatusCreate::Pending(TaskStatusPendingCreate::new(due)),
        due: Some(due),
    };
}
