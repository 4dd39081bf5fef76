//! Every Task variant a client may create, through its whole life on the server: create,
//! read whole and with `properties`, patch, query, destroy. What was created reads back
//! equal to what was sent plus what the server sets; every body reads with the
//! generated types.

use api_models::runtime::jmap::{GetRequest, IdRef, QueryRequest, Request, Response, SetRequest, SetResponse};
use api_models::runtime::patch::Patch;
use api_models::runtime::stalwart::Id;
use api_models::stalwart::task::{Task, TaskCreate, TaskPartial};
use e2e::jmap::{get_list, Jmap};
use serde_json::{json, Value};

use crate::checks::Report;
use crate::fixtures::Fixtures;

const DUE: &str = "2030-06-01T12:00:00Z";

/// One create body per variant a client may create (the server checks that the objects
/// they refer to exist: the fixtures).
fn variants(f: &Fixtures) -> Vec<(&'static str, Value)> {
    let pending = json!({"@type": "Pending", "due": DUE});
    vec![
        (
            "IndexDocument",
            json!({"@type": "IndexDocument", "accountId": f.account, "documentId": "c", "documentType": "email", "status": pending}),
        ),
        (
            "UnindexDocument",
            json!({"documentType": "calendar", "accountId": f.account, "documentId": "k9", "status": pending, "@type": "UnindexDocument"}),
        ),
        (
            "AccountMaintenance",
            json!({"@type": "AccountMaintenance", "accountId": f.account, "maintenanceType": "recalculateQuota",
                "status": {"@type": "Retry", "due": "2030-06-01T14:00:00+02:00", "failureReason": "store busy", "attemptNumber": 2}}),
        ),
        (
            "StoreMaintenance",
            json!({"@type": "StoreMaintenance", "maintenanceType": "purgeData", "shardIndex": 3, "status": pending}),
        ),
        (
            "SpamFilterMaintenance",
            json!({"@type": "SpamFilterMaintenance", "maintenanceType": "retrain",
                "status": {"@type": "Retry", "due": DUE, "failureReason": "no samples yet"}}),
        ),
        ("AcmeRenewal", json!({"@type": "AcmeRenewal", "domainId": f.domain, "status": pending})),
        (
            "DkimManagement",
            json!({"@type": "DkimManagement", "domainId": f.domain,
                "status": {"@type": "Failed", "failedAt": "2030-05-31T22:00:00-02:00", "failureReason": "no DNS"}}),
        ),
        (
            "DnsManagement",
            json!({"@type": "DnsManagement", "domainId": f.domain, "updateRecords": {"dkim": true, "mx": true},
                "onSuccessRenewCertificate": true, "status": pending}),
        ),
        (
            "TenantMaintenance",
            json!({"@type": "TenantMaintenance", "tenantId": f.tenant, "maintenanceType": "recalculateQuota",
                "status": {"@type": "Failed", "failedAt": "2030-05-31T23:59:59Z", "failedAttemptNumber": 3, "failureReason": "quota store offline"}}),
        ),
    ]
}

pub fn run(jmap: &mut Jmap, f: &Fixtures, report: &mut Report) {
    for (name, body) in variants(f) {
        report.check(&format!("round trip: {name}"), round_trip(jmap, name, &body));
    }
    report.check("round trip: IndexTrace cannot be created here (no Trace can exist)", index_trace(jmap));
    report.check(
        "round trip: DestroyAccount, made by the server, reads and cannot be destroyed",
        destroy_account(jmap, f),
    );
}

/// Canonical JSON of a read, without `null` members (the server writes `null` for an
/// absent nullable member; the crate leaves it out).
fn canonical(task: &Task) -> Value {
    drop_nulls(serde_json::to_value(task).expect("a read value serialises"))
}

pub fn drop_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, drop_nulls(v))).collect())
        }
        other => other,
    }
}

/// `stored` (read from the server as `raw`) is `sent` (a create body, canonical) plus
/// what the server sets: `id`, the top-level `due`, the status's `createdAt`.
pub fn reads_back_as_sent(sent: &Value, raw: &Value, stored: &Task) -> Result<(), String> {
    due_follows_status(&raw.to_string())?;
    let mut expected = sent.clone();
    for member in ["id", "due"] {
        if let Some(v) = raw.get(member).filter(|v| !v.is_null()) {
            expected[member] = v.clone();
        }
    }
    let created_at = raw["status"].get("createdAt").ok_or("the stored status has no createdAt")?;
    expected["status"]["createdAt"] = created_at.clone();
    let expected = Task::from_json(expected.to_string().as_bytes()).map_err(|e| format!("sent + server-set:\n{e}"))?;
    if canonical(stored) != canonical(&expected) {
        return Err(format!(
            "read back differs from what was sent plus server-set values:\n  sent + server-set: {}\n  read:              {}",
            canonical(&expected),
            canonical(stored)
        ));
    }
    Ok(())
}

fn without_due(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("due");
    }
    v
}

/// The server's rule for the top-level `due` of a read: the status's due date (Pending,
/// Retry), absent for a Failed status, which is never due.
fn due_follows_status(raw: &str) -> Result<(), String> {
    let v: Value = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    let want = match v["status"]["@type"].as_str() {
        Some("Pending" | "Retry") => &v["status"]["due"],
        _ => &Value::Null,
    };
    if v.get("due").unwrap_or(&Value::Null) != want {
        return Err(format!("the read's due is not its status's: {raw}"));
    }
    Ok(())
}

/// `id` as the crate's `Id`.
fn typed_id(id: &str) -> Result<Id, String> {
    id.parse::<Id>().map_err(|e| format!("the server's id {id:?} is not an Id: {e}"))
}

/// Sends one `x:Task/set` built with the crate's envelope and reads its typed answer.
fn set(jmap: &mut Jmap, label: &str, arguments: SetRequest<TaskCreate>) -> Result<SetResponse<TaskPartial>, String> {
    let mut request = Request::new();
    request.set::<Task>(&arguments, "c0");
    let response: Response = jmap.request(label, &request)?;
    response.set::<Task>("c0").map_err(|e| format!("{label}: {e}"))
}

/// Reads the one object of a `/get` of `id` (the crate's `GetRequest`): the typed answer
/// must read, and the object is also read from the text as it came (member order kept).
fn get(jmap: &mut Jmap, label: &str, id: &str, properties: Option<&[String]>) -> Result<(String, Task), String> {
    let arguments = GetRequest {
        ids: Some(vec![IdRef::Id(typed_id(id)?)]),
        properties: properties.map(<[String]>::to_vec),
        ..GetRequest::default()
    };
    let mut request = Request::new();
    request.get::<Task>(&arguments, "c0");
    let response = jmap.request(label, &request)?;
    let typed = response.get::<Task>("c0").map_err(|e| format!("{label}: {e}"))?;
    let raw = &jmap.exchanges.last().expect("the exchange just made").response;
    let r = e2e::jmap::method_responses(raw)?.pop().ok_or("no method response")?;
    let list = get_list(&r.raw)?;
    let [item] = list.as_slice() else { return Err(format!("{label}: expected one object, got {}", r.raw)) };
    let task = Task::from_json(item.get().as_bytes()).map_err(|e| format!("{label}: {item} does not read:\n{e}"))?;
    if typed.list != [task.clone()] {
        return Err(format!("{label}: the typed GetResponse and the object read from the text differ"));
    }
    Ok((item.get().to_owned(), task))
}

/// Sends `update` of `id` and expects it to be accepted.
fn update(jmap: &mut Jmap, label: &str, id: &str, patch: &Patch) -> Result<(), String> {
    let id = typed_id(id)?;
    let answer = set(jmap, label, SetRequest::default().update(id, patch.clone()))?;
    if !answer.updated.is_some_and(|u| u.contains_key(&id)) {
        return Err(format!("{label}: not updated: {:?}", answer.not_updated));
    }
    Ok(())
}

fn round_trip(jmap: &mut Jmap, name: &str, body: &Value) -> Result<(), String> {
    let create =
        TaskCreate::from_json(body.to_string().as_bytes()).map_err(|e| format!("the crate refuses the body:\n{e}"))?;
    let sent = serde_json::to_value(&create).map_err(|e| e.to_string())?;

    // Create.
    let answer = set(jmap, &format!("roundtrip: create {name}"), SetRequest::default().create("t", create))?;
    let created = answer.created.as_ref().and_then(|c| c.get("t")).and_then(|p| p.id);
    let id = created.ok_or_else(|| format!("not created: {:?}", answer.not_created))?.to_string();

    // Read whole: what was sent, plus the server's id, due and status createdAt.
    let (raw, stored) = get(jmap, &format!("roundtrip: read {name}"), &id, None)?;
    let raw: Value = serde_json::from_str(&raw).map_err(|e| e.to_string())?;
    if raw["id"] != json!(id) {
        return Err(format!("read back with id {}, created as {id}", raw["id"]));
    }
    reads_back_as_sent(&sent, &raw, &stored)?;

    // Read with `properties`: every member the whole read had, by name.
    let names: Vec<String> =
        raw.as_object().into_iter().flat_map(|m| m.keys()).filter(|k| *k != "id").cloned().collect();
    let (_, listed) = get(jmap, &format!("roundtrip: read {name} with properties"), &id, Some(&names))?;
    if canonical(&listed) != canonical(&stored) {
        return Err(format!(
            "read with every property named differs:\n  {}\n  {}",
            canonical(&listed),
            canonical(&stored)
        ));
    }

    // Partial reads: the status alone (the body then has no `@type`), and with `@type`.
    let full = canonical(&stored);
    for properties in [&["status"][..], &["@type", "status"]] {
        let label = format!("roundtrip: read {name} with properties {properties:?}");
        let args = json!({"ids": [id], "properties": properties});
        let r = jmap.call1(&label, "x:Task/get", args)?;
        let list = get_list(&r.raw)?;
        let [item] = list.as_slice() else { return Err(format!("{label}: expected one object, got {}", r.raw)) };
        let partial = Task::from_json_partial(item.get(), properties).map_err(|e| format!("{label}: {item}:\n{e}"))?;
        let got = drop_nulls(serde_json::to_value(&partial).map_err(|e| e.to_string())?);
        let mut want = json!({"id": id, "status": full["status"]});
        if properties.contains(&"@type") {
            want["@type"] = json!(name);
        }
        if got != want {
            return Err(format!("{label}: read {got}, the whole read has {want}"));
        }
    }

    // Patch: replace the status, then move its due date (with an offset: stored in UTC).
    let mut current = stored;
    let patches = [
        ("replace the status", Patch::new().set("status", json!({"@type": "Pending", "due": "2031-01-01T00:00:00Z"}))),
        ("move the due date", Patch::new().set("status/due", "2031-02-03T04:05:06+01:00")),
    ];
    for (what, patch) in patches {
        let want = current.apply_patch(&patch).map_err(|e| format!("the crate refuses to {what}:\n{e}"))?;
        update(jmap, &format!("roundtrip: {what} of {name}"), &id, &patch)?;
        let (raw, got) = get(jmap, &format!("roundtrip: read {name} after: {what}"), &id, None)?;
        // The top-level `due` is the server's copy of the status's due date, made on
        // each read; the crate's patch leaves the stored one as it was.
        due_follows_status(&raw)?;
        // A status replaced whole gets the server's clock as its createdAt; the crate's
        // patch keeps the stored one. Compared apart: it may not go back in time.
        let (mut got_v, mut want_v) = (without_due(canonical(&got)), without_due(canonical(&want)));
        if patch.ops().iter().any(|(path, _)| path == "status") {
            let taken = |v: &mut Value| v["status"].as_object_mut().and_then(|s| s.remove("createdAt"));
            let (now, before) = (taken(&mut got_v), taken(&mut want_v));
            if now.as_ref().and_then(Value::as_str) < before.as_ref().and_then(Value::as_str) {
                return Err(format!("the replaced status's createdAt went back: {before:?} -> {now:?}"));
            }
        }
        if got_v != want_v {
            return Err(format!(
                "after the patch to {what}, the server holds what the crate's patch does not give:\n  crate:  {}\n  server: {}",
                canonical(&want),
                canonical(&got)
            ));
        }
        current = got;
    }

    // Query by variant.
    let label = format!("roundtrip: query {name}");
    let mut request = Request::new();
    request.query::<Task>(&QueryRequest { filter: Some(json!({"@type": name})), ..QueryRequest::default() }, "c0");
    let found = jmap.request(&label, &request)?.query::<Task>("c0").map_err(|e| format!("{label}: {e}"))?;
    if !found.ids.contains(&typed_id(&id)?) {
        return Err(format!("query by @type {name} does not find {id}: {:?}", found.ids));
    }

    // Destroy, then it is gone.
    let answer = set(jmap, &format!("roundtrip: destroy {name}"), SetRequest::default().destroy(typed_id(&id)?))?;
    if answer.destroyed != Some(vec![typed_id(&id)?]) {
        return Err(format!("not destroyed: {:?}", answer.not_destroyed));
    }
    let r = jmap.call1(&format!("roundtrip: read {name} after destroy"), "x:Task/get", json!({"ids": [id]}))?;
    if r.args["notFound"] != json!([id]) || r.args["list"] != json!([]) {
        return Err(format!("still there after destroy: {}", r.raw));
    }
    Ok(())
}

/// The crate accepts an IndexTrace create; this build cannot hold the trace it names.
fn index_trace(jmap: &mut Jmap) -> Result<(), String> {
    let body = json!({"@type": "IndexTrace", "traceId": "b", "status": {"@type": "Pending", "due": DUE}});
    let create = TaskCreate::from_json(body.to_string().as_bytes()).map_err(|e| format!("the crate refuses:\n{e}"))?;
    let r = jmap.call1("roundtrip: create IndexTrace", "x:Task/set", json!({"create": {"t": create}}))?;
    let want = json!({"type": "invalidForeignKey", "objectId": {"object": "Trace", "id": "b"}});
    if r.args["notCreated"]["t"] != want {
        return Err(format!("expected {want}, got {}", r.raw));
    }
    Ok(())
}

/// Destroying an account makes the server schedule a DestroyAccount task: it reads as
/// one, and a client may not destroy it (`forbidden`: this build cannot restore accounts).
fn destroy_account(jmap: &mut Jmap, f: &Fixtures) -> Result<(), String> {
    let current =
        json!({"status": {"@type": "Pending", "due": DUE}, "accountName": "leon", "accountDomainId": f.domain});
    let id = crate::differential::destroy_account_task(jmap, f, "roundtrip: DestroyAccount", &current)?;
    let (_, task) = get(jmap, "roundtrip: read DestroyAccount", &id, None)?;
    let Task::DestroyAccount(t) = &task else { return Err(format!("read as another variant: {}", task.type_name())) };
    if t.account_name != "leon" || t.account_type.as_str() != "User" {
        return Err(format!("unexpected DestroyAccount: {}", canonical(&task)));
    }
    let r = jmap.call1("roundtrip: destroy DestroyAccount", "x:Task/set", json!({"destroy": [id]}))?;
    if r.args["notDestroyed"][&id]["type"] != "forbidden" {
        return Err(format!("expected forbidden: {}", r.raw));
    }
    Ok(())
}
