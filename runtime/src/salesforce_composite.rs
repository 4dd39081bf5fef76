//! The Salesforce Composite resource (`POST /services/data/vXX.X/composite`), sans I/O:
//! up to 25 subrequests in one call, each answered in `compositeResponse` with its own
//! HTTP status and body (REST API Developer Guide, "Composite"). A subresponse's body is
//! what the subrequest's resource answers alone: read it with that resource's type
//! ([`QueryResult`](super::salesforce_rest::QueryResult),
//! [`SaveResult`](super::salesforce_rest::SaveResult), or on a 4xx status the error
//! body, [`RestError`](super::salesforce_rest::RestError)).

use std::collections::BTreeMap;

use serde_json::Value;

use super::wire_record::wire_record;

/// The body of `POST /composite`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompositeRequest {
    /// Whether one failed subrequest rolls back all (the server's default: false).
    pub all_or_none: Option<bool>,
    /// Whether the subrequests' ids are collated in the answer.
    pub collate_subrequests: Option<bool>,
    /// The subrequests, run in order.
    pub composite_request: Vec<Subrequest>,
}

wire_record!(CompositeRequest { all_or_none: "allOrNone" optional, collate_subrequests: "collateSubrequests" optional, composite_request: "compositeRequest" required });

/// One subrequest: a REST call and the `referenceId` that later subrequests (`@{ref.id}`)
/// and the answer name it by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Subrequest {
    /// The HTTP method (`GET`, `POST`, `PATCH`, `DELETE`).
    pub method: String,
    /// The resource, from `/services/data/…`.
    pub url: String,
    /// The name of this subrequest's result.
    pub reference_id: String,
    /// The request body, when the method takes one.
    pub body: Option<Value>,
    /// Request headers, by name.
    pub http_headers: Option<BTreeMap<String, String>>,
}

wire_record!(Subrequest { method: "method" required, url: "url" required, reference_id: "referenceId" required, body: "body" optional, http_headers: "httpHeaders" optional });

/// The answer to `POST /composite`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompositeResponse {
    /// One subresponse per subrequest, in order.
    pub composite_response: Vec<Subresponse>,
}

wire_record!(CompositeResponse { composite_response: "compositeResponse" required });

/// One subrequest's answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Subresponse {
    /// The body, as the resource alone would answer it (`null` for none).
    pub body: Value,
    /// Response headers, by name.
    pub http_headers: BTreeMap<String, String>,
    /// The HTTP status (`200`, `201`, `404`, …).
    pub http_status_code: u16,
    /// The subrequest's `referenceId`.
    pub reference_id: String,
}

wire_record!(Subresponse { body: "body" required, http_headers: "httpHeaders" default, http_status_code: "httpStatusCode" required, reference_id: "referenceId" required });

impl Subresponse {
    /// Whether the status is a success (2xx): the body is the resource's answer, else
    /// an error body.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.http_status_code)
    }
    /// The body as JSON text, to read with the resource's type.
    pub fn body_json(&self) -> String {
        self.body.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn composite_bodies_round_trip() {
        // The guide's example shape.
        let request = json!({"allOrNone": true, "compositeRequest": [
            {"method": "POST", "url": "/services/data/v62.0/sobjects/Account", "referenceId": "NewAccount",
             "body": {"Name": "Salesforce"}},
            {"method": "GET", "url": "/services/data/v62.0/sobjects/Account/@{NewAccount.id}", "referenceId": "NewAccountInfo"}]});
        let r: CompositeRequest = serde_json::from_value(request.clone()).unwrap();
        assert_eq!(r.composite_request[1].reference_id, "NewAccountInfo");
        assert_eq!(serde_json::to_value(&r).unwrap(), request);
        let response = json!({"compositeResponse": [{"body": [{"errorCode": "NOT_FOUND", "message": "gone"}],
            "httpHeaders": {}, "httpStatusCode": 404, "referenceId": "r"}]});
        let r: CompositeResponse = serde_json::from_value(response.clone()).unwrap();
        assert!(!r.composite_response[0].is_success());
        assert_eq!(serde_json::to_value(&r).unwrap(), response);
    }
}
