//! Reading what the server sends with the generated types: every Task it lists, every
//! id it makes or names, every SetError.

use api_models::runtime::jmap::{Response, SetError};
use api_models::runtime::stalwart::Id;
use api_models::stalwart::task::Task;
use serde_json::Value;

use crate::jmap::{get_list, method_responses, MethodResponse};

/// What was read in one response body.
#[derive(Debug, Default)]
pub struct Read {
    /// Tasks read from `/get` lists.
    pub tasks: Vec<Task>,
    /// Partial reads (a `/get` with `properties`) read as `TaskPartial`.
    pub partials: usize,
    /// Ids read (created, updated, destroyed, queried, not found).
    pub ids: usize,
    /// SetErrors read (`notCreated`, `notUpdated`, `notDestroyed`), as the crate's type.
    pub set_errors: Vec<SetError>,
}

/// Reads every method response of `response` (the answer to `request`) with the
/// generated types; an `Err` names the first thing that did not read.
pub fn read_response(request: &str, response: &str) -> Result<Read, String> {
    let calls: Value = serde_json::from_str(request).map_err(|e| format!("request: {e}"))?;
    let mut read = Read::default();
    let typed = Response::from_json(response).map_err(|e| format!("not a JMAP Response: {e}"))?;
    typed_envelopes(&calls, &typed, &mut read)?;
    for r in method_responses(response)? {
        let asked = calls["methodCalls"].as_array().into_iter().flatten().find(|c| c[2] == r.call_id.as_str());
        read_method(&r, asked.map(|c| &c[1]), &mut read).map_err(|e| format!("{} ({}): {e}", r.name, r.call_id))?;
    }
    Ok(read)
}

fn read_method(r: &MethodResponse, asked: Option<&Value>, read: &mut Read) -> Result<(), String> {
    let ids = |v: &Value, read: &mut Read| -> Result<(), String> {
        for id in v.as_array().into_iter().flatten() {
            let text = id.as_str().ok_or_else(|| format!("an id that is not a string: {id}"))?;
            text.parse::<Id>().map_err(|e| format!("id {text:?}: {e}"))?;
            read.ids += 1;
        }
        Ok(())
    };
    match r.name.as_str() {
        "x:Task/get" => {
            let partial = asked.is_some_and(|a| a.get("properties").is_some_and(|p| !p.is_null()));
            for item in get_list(&r.raw)? {
                if partial {
                    let asked = asked.map(|a| &a["properties"]);
                    let properties: Vec<&str> =
                        asked.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
                    Task::from_json_partial(item.get(), &properties)
                        .map_err(|e| format!("partial read {item} of {properties:?}:\n{e}"))?;
                    read.partials += 1;
                    continue;
                }
                let task = Task::from_json(item.get().as_bytes()).map_err(|e| format!("read {item}:\n{e}"))?;
                read.tasks.push(task);
            }
            ids(&r.args["notFound"], read)
        }
        "x:Task/set" => {
            for created in r.args["created"].as_object().into_iter().flat_map(|m| m.values()) {
                ids(&Value::Array(vec![created["id"].clone()]), read)?;
            }
            let updated: Vec<Value> = r.args["updated"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .map(|k| Value::String(k.clone()))
                .collect();
            ids(&Value::Array(updated), read)?;
            ids(&r.args["destroyed"], read)?;
            for key in ["notCreated", "notUpdated", "notDestroyed"] {
                for e in r.args[key].as_object().into_iter().flat_map(|m| m.values()) {
                    set_error(e)?;
                }
            }
            Ok(())
        }
        "x:Task/query" => ids(&r.args["ids"], read),
        // The objects tasks refer to are not in the crate; their envelopes are read as JSON.
        "x:Domain/set" | "x:Account/set" | "x:Tenant/set" => Ok(()),
        other => Err(format!("a method this test does not expect: {other} {}", r.raw)),
    }
}

/// Reads every `x:Task` method response with the crate's envelope types: `/get` as
/// `GetResponse<Task>` (`GetResponse<TaskPartial>` when `properties` were asked for),
/// `/set` as `SetResponse` with typed SetErrors, `/query` as `QueryResponse`.
fn typed_envelopes(calls: &Value, response: &Response, read: &mut Read) -> Result<(), String> {
    for inv in &response.method_responses {
        let (name, call_id) = (inv.name(), inv.call_id());
        let fail =
            |e: api_models::runtime::jmap::ResponseError| format!("{name} ({call_id}) as the crate's envelope: {e}");
        match name {
            "x:Task/get" => {
                let asked = calls["methodCalls"].as_array().into_iter().flatten().find(|c| c[2] == call_id);
                let partial = asked.is_some_and(|c| c[1].get("properties").is_some_and(|p| !p.is_null()));
                if partial {
                    response.get_partial::<Task>(call_id).map_err(fail)?;
                } else {
                    response.get::<Task>(call_id).map_err(fail)?;
                }
            }
            "x:Task/set" => {
                let set = response.set::<Task>(call_id).map_err(fail)?;
                for errors in [set.not_created, set.not_updated, set.not_destroyed].into_iter().flatten() {
                    read.set_errors.extend(errors.into_values());
                }
            }
            "x:Task/query" => {
                response.query::<Task>(call_id).map_err(fail)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks a SetError's shape (RFC 8620 section 5.3 and the server's additions).
pub fn set_error(e: &Value) -> Result<(), String> {
    let kind = e["type"].as_str().ok_or_else(|| format!("a SetError without a type: {e}"))?;
    let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    let ok = match kind {
        "invalidPatch" | "invalidProperties" => e.get("properties").is_none_or(strings),
        "invalidForeignKey" => e["objectId"]["object"].is_string() && e["objectId"]["id"].is_string(),
        "validationFailed" => e["validationErrors"].is_array() || e["validationErrors"].is_object(),
        "forbidden" | "notFound" | "singleton" | "tooLarge" | "rateLimit" | "willDestroy" => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("a SetError of an unknown type or shape: {e}"))
    }
}
