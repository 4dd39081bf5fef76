// `status/createdAt` is server-set and `accountId` read-only: a typed patch has no method for them.
use api_models::stalwart::task::Task;

fn main() {
    let at: api_models::runtime::UtcDateTime = "2026-01-01T00:00:00Z".parse().unwrap();
    let id: api_models::runtime::stalwart::Id = "b".parse().unwrap();
    let _ = Task::patch().status_created_at(at);
    let _ = Task::patch().account_id(id);
}
