// `IsRecurrence` has Create but not Update: an update value has no such member.
use api_models::salesforce::task::TaskUpdate;

fn main() {
    let _ = TaskUpdate { is_recurrence: Some(true), ..TaskUpdate::new() };
}
