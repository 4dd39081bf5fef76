// `IsClosed` has no Create property (it follows Status): a create value has no such member.
use api_models::salesforce::task::TaskCreate;

fn main() {
    let _ = TaskCreate { is_closed: Some(true), ..TaskCreate::new() };
}
