//! Sending JMAP requests to the server, keeping every exchange as it travelled.

use std::time::Duration;

use api_models::runtime::jmap::{Invocation, Request, Response};
use base64::Engine as _;
use serde_json::value::RawValue;
use serde_json::{json, Value};

/// The capabilities every request uses: JMAP core and Stalwart's management objects.
pub const USING: [&str; 2] = ["urn:ietf:params:jmap:core", "urn:stalwart:jmap"];

/// An HTTP agent for loopback: no proxy, HTTP errors returned as responses, a timeout.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// The `Authorization` header value for HTTP Basic.
pub fn basic((user, password): &(String, String)) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

/// One request and its response, as the text that travelled.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// What the test was doing.
    pub label: String,
    /// The request body.
    pub request: String,
    /// The response body.
    pub response: String,
}

/// A JMAP client of one server.
pub struct Jmap {
    agent: ureq::Agent,
    url: String,
    auth: String,
    /// Every exchange so far, in order.
    pub exchanges: Vec<Exchange>,
}

impl Jmap {
    /// A client of `server`.
    pub fn new(server: &crate::server::Server) -> Jmap {
        Jmap {
            agent: agent(),
            url: format!("{}/jmap/", server.base),
            auth: basic(&server.credentials),
            exchanges: Vec::new(),
        }
    }

    /// Posts one request body; returns the response body (it must be HTTP 200).
    pub fn send(&mut self, label: &str, request: String) -> Result<String, String> {
        let mut response = self
            .agent
            .post(&self.url)
            .header("Authorization", &self.auth)
            .header("Content-Type", "application/json")
            .send(request.as_str())
            .map_err(|e| format!("{label}: POST /jmap/: {e}"))?;
        let status = response.status();
        let body = response.body_mut().read_to_string().map_err(|e| format!("{label}: reading the response: {e}"))?;
        self.exchanges.push(Exchange { label: label.to_owned(), request, response: body.clone() });
        if status != 200 {
            return Err(format!("{label}: HTTP {status}: {body}"));
        }
        Ok(body)
    }

    /// Sends a request built with the crate's envelope types and reads the answer as the
    /// crate's `Response` (the text is kept in [`Jmap::exchanges`]).
    pub fn request(&mut self, label: &str, request: &Request) -> Result<Response, String> {
        let text = serde_json::to_string(request).map_err(|e| format!("{label}: {e}"))?;
        let body = self.send(label, text)?;
        Response::from_json(&body)
            .map_err(|e| format!("{label}: the response does not read as a JMAP Response ({e}): {body}"))
    }

    /// Sends `calls` (a list of `[method, arguments, call id]`, any arguments: a case's
    /// body is sent as it stands) in the crate's `Request` with [`USING`], and returns the
    /// method responses as the text that came; the body must also read as the crate's
    /// `Response`.
    pub fn call(&mut self, label: &str, calls: Value) -> Result<Vec<MethodResponse>, String> {
        let mut request = Request::new();
        request.using = USING.iter().map(|u| (*u).to_owned()).collect();
        for c in calls.as_array().into_iter().flatten() {
            let (Some(name), Some(id)) = (c[0].as_str(), c[2].as_str()) else {
                return Err(format!("{label}: a call is not [name, arguments, id]: {c}"));
            };
            request.method_calls.push(Invocation::new(name, &c[1], id).map_err(|e| format!("{label}: {e}"))?);
        }
        let text = serde_json::to_string(&request).map_err(|e| format!("{label}: {e}"))?;
        let body = self.send(label, text)?;
        Response::from_json(&body)
            .map_err(|e| format!("{label}: the response does not read as a JMAP Response ({e}): {body}"))?;
        method_responses(&body).map_err(|e| format!("{label}: {e}"))
    }

    /// Sends one method call and returns its response; a JMAP method-level `error` is an
    /// `Err`.
    pub fn call1(&mut self, label: &str, method: &str, args: Value) -> Result<MethodResponse, String> {
        let mut responses = self.call(label, json!([[method, args, "c0"]]))?;
        match responses.pop() {
            Some(r) if r.name == method => Ok(r),
            Some(r) => Err(format!("{label}: {method} answered {}: {}", r.name, r.raw)),
            None => Err(format!("{label}: {method}: no response")),
        }
    }
}

/// One method response: its name, its arguments (as the text that came, member order
/// kept, and as a value) and its call id.
#[derive(Debug)]
pub struct MethodResponse {
    /// The method name (`x:Task/set`, or `error`).
    pub name: String,
    /// The arguments as sent by the server.
    pub raw: Box<RawValue>,
    /// The arguments as a JSON value.
    pub args: Value,
    /// The call id.
    pub call_id: String,
}

/// The method responses of a JMAP response body.
pub fn method_responses(body: &str) -> Result<Vec<MethodResponse>, String> {
    #[derive(serde::Deserialize)]
    struct Response {
        #[serde(rename = "methodResponses")]
        method_responses: Vec<(String, Box<RawValue>, String)>,
    }
    let response: Response = serde_json::from_str(body).map_err(|e| format!("not a JMAP response ({e}): {body}"))?;
    response
        .method_responses
        .into_iter()
        .map(|(name, raw, call_id)| {
            let args = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
            Ok(MethodResponse { name, raw, args, call_id })
        })
        .collect()
}

/// The objects of a `/get` response's `list`, each as the text the server sent.
pub fn get_list(raw: &RawValue) -> Result<Vec<Box<RawValue>>, String> {
    #[derive(serde::Deserialize)]
    struct Get {
        list: Vec<Box<RawValue>>,
    }
    serde_json::from_str::<Get>(raw.get()).map(|g| g.list).map_err(|e| format!("a /get response without a list ({e})"))
}
