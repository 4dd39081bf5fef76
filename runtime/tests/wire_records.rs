//! The envelopes' hand-written `Serialize`/`Deserialize` (src/wire_record.rs) against the
//! serde derive they replace: the same JSON written, and the same bodies accepted or
//! refused, for mirrors of the envelopes declared here with the derive's attributes as
//! they were.

use std::collections::BTreeMap;
use std::fmt::Debug;

use api_runtime::jmap::{Comparator, GetRequest, Invocation, Request, ServerValidationError, SetError, SetResponse};
use api_runtime::salesforce_composite::Subresponse;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedSetError {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    properties: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    existing_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    object_id: Option<DerivedObjectId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    linked_objects: Vec<DerivedObjectId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    validation_errors: Vec<DerivedValidationError>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct DerivedObjectId {
    object: String,
    id: String,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
enum DerivedValidationError {
    Invalid {
        property: String,
        #[serde(default)]
        value: String,
    },
    Required {
        property: String,
    },
    MaxLength {
        property: String,
        required: u64,
    },
    MinLength {
        property: String,
        required: u64,
    },
    MaxValue {
        property: String,
        required: i64,
    },
    MinValue {
        property: String,
        required: i64,
    },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedComparator {
    property: String,
    #[serde(default = "yes")]
    is_ascending: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedGetRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<String>>,
    #[serde(default, rename = "#ids", skip_serializing_if = "Option::is_none")]
    ids_ref: Option<DerivedResultReference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    properties: Option<Vec<String>>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedResultReference {
    result_of: String,
    name: String,
    path: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct DerivedInvocation(String, Box<serde_json::value::RawValue>, String);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedSubresponse {
    body: Value,
    #[serde(default)]
    http_headers: BTreeMap<String, String>,
    http_status_code: u16,
    reference_id: String,
}

/// Both types read `body` alike: both accept it and write it back the same, or both
/// refuse it.
fn agree<Ours: Serialize + DeserializeOwned + Debug, Derived: Serialize + DeserializeOwned + Debug>(body: &str) {
    let ours = serde_json::from_str::<Ours>(body);
    let derived = serde_json::from_str::<Derived>(body);
    match (&ours, &derived) {
        (Ok(o), Ok(d)) => assert_eq!(
            serde_json::to_string(o).unwrap(),
            serde_json::to_string(d).unwrap(),
            "written differently after reading {body}"
        ),
        (Err(_), Err(_)) => {}
        _ => panic!("{body}: ours {ours:?}, the derive's {derived:?}"),
    }
}

#[test]
fn set_errors_read_and_write_as_the_derive_did() {
    for body in [
        r#"{"type":"forbidden"}"#,
        r#"{"type":"invalidProperties","description":"d","properties":["status/due"]}"#,
        r#"{"type":"alreadyExists","existingId":"b","extra":[1,{"a":2}]}"#,
        r#"{"type":"invalidForeignKey","objectId":{"object":"Account","id":"zz"}}"#,
        r#"{"type":"objectIsLinked","linkedObjects":[{"object":"A","id":"1"},{"object":"B","id":"2"}]}"#,
        r#"{"type":"validationFailed","validationErrors":[{"type":"Required","property":"accountId"},{"type":"Invalid","property":"documentId","value":"p3"}]}"#,
        r#"{"type":"validationFailed","validationErrors":[{"type":"Invalid","property":"x"}]}"#,
        r#"["forbidden",null,null,null,null,[],[]]"#,
        r#"["forbidden"]"#,
        r#"{"type":"validationFailed","validationErrors":[{"type":"MaxLength","property":"n","required":255},{"type":"MinValue","property":"m","required":-3}]}"#,
        r#"{"type":"validationFailed","validationErrors":[{"property":"n","type":"MaxValue","required":9,"other":null}]}"#,
        r#"{"type":"x","description":null,"linkedObjects":[]}"#,
        // Refused by both.
        r#"{"description":"no type"}"#,
        r#"{"type":"a","type":"b"}"#,
        r#"{"type":7}"#,
        r#"{"type":"x","objectId":{"object":"A"}}"#,
        r#"{"type":"v","validationErrors":[{"type":"Unheard","property":"p"}]}"#,
        r#"{"type":"v","validationErrors":[{"type":"Required"}]}"#,
        // Members a variant does not have are ignored, whatever they hold.
        r#"{"type":"v","validationErrors":[{"type":"Required","property":"p","value":5,"required":"x"}]}"#,
        r#"{"type":"v","validationErrors":[{"type":"Invalid","property":"p","required":[1]}]}"#,
        r#"{"type":"v","validationErrors":[{"type":"MaxLength","property":"p","required":3,"value":{}}]}"#,
        r#"{"type":"v","validationErrors":[{"type":"Invalid","property":"p","value":5}]}"#,
        r#"{"type":"v","validationErrors":[["Required","p"]]}"#,
        r#"{"type":"v","validationErrors":[["Invalid","p"],["MaxLength","q",3],["MinValue","r",-1]]}"#,
        r#"{"type":"v","validationErrors":[["MaxLength","q"]]}"#,
        r#"{"type":"v","validationErrors":[["Nope","q"]]}"#,
        r#"{"type":"v","validationErrors":[[]]}"#,
        r#"{"type":"v","validationErrors":["Required"]}"#,
        r#"{"type":"v","validationErrors":[{"property":"p"}]}"#,
        r#"{"type":"v","validationErrors":[{"type":"MaxLength","property":"p"}]}"#,
        r#"{"type":"v","validationErrors":[{"type":"MaxLength","property":"p","required":-1}]}"#,
        r#"{"type":"v","validationErrors":[{"type":"MaxValue","property":"p","required":1.5}]}"#,
        "null",
    ] {
        agree::<SetError, DerivedSetError>(body);
    }
}

#[test]
fn get_requests_comparators_and_subresponses_as_the_derive_did() {
    for body in [
        r#"{}"#,
        r##"{"accountId":"a","ids":["x","y"],"properties":["id"],"#ids":{"resultOf":"c0","name":"x:Task/query","path":"/ids"}}"##,
        r#"{"accountId":null,"ids":null}"#,
        r#"{"accountId":"a","accountId":"b"}"#,
        r#"{"ids":"x"}"#,
        r##"{"#ids":{"resultOf":"c0","name":"n"}}"##,
        r#"["a",["x"],null,null]"#,
        r#"[]"#,
    ] {
        agree::<GetRequest, DerivedGetRequest>(body);
    }
    for body in [
        r#"{"property":"due"}"#,
        r#"{"property":"due","isAscending":false}"#,
        r#"{"isAscending":true}"#,
        r#"{"property":"due","isAscending":null}"#,
        r#"["due"]"#,
        r#"["due",false]"#,
        r#"[]"#,
    ] {
        agree::<Comparator, DerivedComparator>(body);
    }
    for body in [
        r#"{"body":{"id":"1"},"httpHeaders":{"Location":"/x"},"httpStatusCode":201,"referenceId":"r"}"#,
        r#"{"body":null,"httpStatusCode":204,"referenceId":"r"}"#,
        r#"{"httpStatusCode":204,"referenceId":"r"}"#,
        r#"{"body":[],"httpStatusCode":70000,"referenceId":"r"}"#,
    ] {
        agree::<Subresponse, DerivedSubresponse>(body);
    }
}

#[test]
fn invocations_are_three_element_arrays_as_the_derive_did() {
    for body in [
        r#"["x:Task/get",{"accountId":"a","list":[]},"c0"]"#,
        r#"["error",{"type":"unknownMethod"},"c1"]"#,
        r#"["x:Task/get",{}]"#,
        r#"["x:Task/get",{},"c0","extra"]"#,
        r#"{"0":"x"}"#,
        r#"[1,{},"c0"]"#,
    ] {
        let ours = serde_json::from_str::<Invocation>(body);
        let derived = serde_json::from_str::<DerivedInvocation>(body);
        match (&ours, &derived) {
            (Ok(o), Ok(d)) => assert_eq!(serde_json::to_string(o).unwrap(), serde_json::to_string(d).unwrap()),
            (Err(_), Err(_)) => {}
            _ => panic!("{body}: ours {ours:?}, the derive's {derived:?}"),
        }
    }
}

#[test]
fn optional_members_are_left_out_and_required_ones_named_when_missing() {
    let written = serde_json::to_value(SetError::new("forbidden")).unwrap();
    assert_eq!(written, json!({"type": "forbidden"}));
    let err = serde_json::from_str::<Request>(r#"{"using":[]}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `methodCalls`"), "{err}");
    let err = serde_json::from_str::<SetError>(r#"{"type":"a","type":"b"}"#).unwrap_err();
    assert!(err.to_string().contains("duplicate field `type`"), "{err}");
    let typed: SetResponse<Value> =
        serde_json::from_str(r#"{"accountId":"a","created":{"k":{"id":"b"}},"updated":{"c":null}}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        json!({"accountId": "a", "created": {"k": {"id": "b"}}, "updated": {"c": null}})
    );
    let entry = ServerValidationError::MaxLength { property: "name".into(), required: 255 };
    assert_eq!(serde_json::to_string(&entry).unwrap(), r#"{"type":"MaxLength","property":"name","required":255}"#);
}
