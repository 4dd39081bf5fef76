// Clients may not create MergeThreads tasks: the create type has no such variant.
use api_models::stalwart::task::TaskCreate;

fn name(t: &TaskCreate) -> &str {
    match t {
        TaskCreate::MergeThreads(_) => "merge",
        _ => "other",
    }
}

fn main() {
    let _ = name;
}
