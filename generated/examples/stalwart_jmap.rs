//! Builds an `x:Task/set` request body for the Stalwart server and reads the response
//! the real server gave (recorded in its README, shared/reference/stalwart/server), with
//! the generated types and the JMAP envelopes. Sans I/O: sending it is the caller's.
//!
//! Hand-written (not generated): `cargo xtask generate` leaves this folder alone.
//! Run: `cargo run -p api-models --example stalwart_jmap`.

use api_models::runtime::jmap::{GetRequest, IdRef, Request, Response, SetRequest};
use api_models::runtime::Op;
use api_models::stalwart::task::{Task, TaskCreate, TaskStatus};

/// The response the server sent to this request, as recorded.
const RECORDED_RESPONSE: &str = r##"{"methodResponses":[["x:Task/set",{"accountId":"d333333","created":{"t1":{"id":"jrcrveuiaeqa"}},"notCreated":{"t2":{"type":"invalidPatch","description":"Cannot modify server set property","properties":["threadName"]},"t3":{"type":"invalidPatch","description":"Failed to parse UTCDateTime from string","properties":["status/due"]}}},"c1"],["x:Task/get",{"accountId":"d333333","list":[{"status":{"createdAt":"2026-11-30T19:54:01Z","due":"2031-01-01T00:00:00Z","@type":"Pending"},"id":"jrcrveuiaeqa"}],"notFound":[]},"c2"]],"sessionState":"fe1bf432"}"##;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A create body, checked before it is sent.
    let retrain = TaskCreate::from_json(
        r#"{"@type": "SpamFilterMaintenance", "maintenanceType": "retrain",
            "status": {"@type": "Pending", "due": "2031-01-01T00:00:00Z"}}"#,
    )?;
    // One the server would refuse is refused here, with the SetError the server gives.
    let too_early = TaskCreate::from_json(
        r#"{"@type": "StoreMaintenance", "maintenanceType": "purgeData",
            "status": {"@type": "Pending", "due": "1969-01-01T00:00:00Z"}}"#,
    )
    .unwrap_err();
    println!("refused before sending: {}", too_early.to_jmap_set_error(Op::Create));

    // x:Task/set creating it as `t1`, then x:Task/get of `#t1`'s status.
    let mut request = Request::new();
    request.set::<Task>(&SetRequest::default().create("t1", retrain), "c1").get::<Task>(
        &GetRequest {
            ids: Some(vec![IdRef::Creation("t1".into())]),
            properties: Some(vec!["status".into()]),
            ..GetRequest::default()
        },
        "c2",
    );
    println!("POST /jmap/ {}", serde_json::to_string(&request)?);

    // The server's answer, typed.
    let response = Response::from_json(RECORDED_RESPONSE)?;
    let set = response.set::<Task>("c1")?;
    for (creation_id, created) in set.created.iter().flatten() {
        let id = created.id.map(|id| id.to_string()).unwrap_or_default();
        println!("created {creation_id} as {id}");
    }
    for (creation_id, error) in set.not_created.iter().flatten() {
        println!("not created {creation_id}: {} {:?}", error.kind, error.properties.as_deref().unwrap_or_default());
    }
    let get = response.get_partial::<Task>("c2")?;
    for task in &get.list {
        if let Some(TaskStatus::Pending(p)) = &task.status {
            println!("task {:?} is pending, due {}", task.id.map(|i| i.to_string()), p.due);
        }
    }
    Ok(())
}
