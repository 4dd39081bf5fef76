// `status` is required: a create value cannot leave it out.
use api_models::stalwart::task::TaskIndexTraceCreate;

fn main() {
    let id: api_models::runtime::stalwart::Id = "b".parse().unwrap();
    let _ = TaskIndexTraceCreate { trace_id: id };
}
