// A typed patch has a method per path the schema allows: a misspelt one does not compile.
use api_models::stalwart::task::TaskPatch;

fn main() {
    let due: api_models::runtime::UtcDateTime = "2026-01-01T00:00:00Z".parse().unwrap();
    let _ = TaskPatch::new().status_deu(due);
}
