// The builder of a create with many required members has `build` only once each was given.
use api_models::stalwart::task::{IndexDocumentType, TaskIndexDocumentCreate, TaskStatusCreate, TaskStatusPendingCreate};

fn main() {
    let id: api_models::runtime::stalwart::Id = "b".parse().unwrap();
    let due: api_models::runtime::UtcDateTime = "2026-01-01T00:00:00Z".parse().unwrap();
    let _ = TaskIndexDocumentCreate::builder()
        .document_type(IndexDocumentType::Email)
        .account_id(id)
        .status(TaskStatusCreate::Pending(TaskStatusPendingCreate::new(due)))
        .build();
}
