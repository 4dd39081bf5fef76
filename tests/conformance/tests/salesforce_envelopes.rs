//! The Salesforce REST envelopes (`runtime::salesforce_rest`) around the generated
//! types: every problem inside an envelope is reported at once, at its full pointer.

use api_models::runtime::salesforce_rest::{
    parse_create_request, parse_update_request, parse_upsert_request, upsert_path, CollectionRequest, QueryResult,
    SObject, SaveResult, UpsertRecord,
};
use api_models::runtime::sobject_collections::UpdateRecord;
use api_models::salesforce::account::Account;
use api_models::salesforce::contact::{Contact, ContactCreate};
use api_models::salesforce::event::Event;
use api_models::salesforce::lead::Lead;
use api_models::salesforce::task::{Task, TaskCreate, TaskUpdate};
use serde_json::json;

fn found(e: &api_models::runtime::ValidationErrors) -> Vec<(&str, &str)> {
    e.iter().map(|e| (e.pointer(), e.kind().as_str())).collect()
}

#[test]
fn a_query_page_reads_partial_records_and_reports_every_problem_at_its_pointer() {
    let page = json!({"totalSize": 5, "done": false, "nextRecordsUrl": "/services/data/v62.0/query/01gRO0000016PIAYA2-2000",
    "records": [
        {"attributes": {"type": "Task", "url": "/services/data/v62.0/sobjects/Task/00T0x000005hOcYEAU"}, "Subject": "Call"},
        {"attributes": {"type": "Task"}, "Status": "Completed", "Who": null},
        {"attributes": {"type": "Task"}, "ActivityDate": "2026-13-01"},
        {"attributes": {"type": "Task"}, "Status": 3}
    ]});
    let errors = QueryResult::<Task>::from_json(page.to_string()).unwrap_err();
    assert_eq!(found(&errors), [("/records/2/ActivityDate", "format"), ("/records/3/Status", "type")]);
    let mut good = page.clone();
    good["records"].as_array_mut().unwrap().truncate(2);
    let q = QueryResult::<Task>::from_json(good.to_string()).unwrap();
    assert_eq!(q.records[0].subject.value().map(String::as_str), Some("Call"));
    assert!(!q.done && q.next_records_url.is_some());
    assert_eq!(serde_json::to_value(&q).unwrap(), good, "written back member for member");
}

#[test]
fn typeof_related_records_read_as_their_objects() {
    // The shape of the recorded TYPEOF query on Event: `Who` is a Contact or a Lead.
    let page = json!({"totalSize": 2, "done": true, "records": [
        {"attributes": {"type": "Event"}, "Id": "00U9H000000RzvRUAS",
         "Who": {"attributes": {"type": "Contact"}, "LastName": "Contact", "Email": null}, "What": null},
        {"attributes": {"type": "Event"}, "Id": "00U9H000000RzvSUAS",
         "Who": {"attributes": {"type": "Lead"}, "LastName": "Lead", "Company": "Salesforce"}}]});
    let q = QueryResult::<Event>::from_json(page.to_string()).unwrap();
    let who = SObject::related(&q.records[0].unknown_fields, "Who").unwrap();
    let who = who.value().unwrap();
    assert_eq!(who.object_type(), Some("Contact"));
    let contact: Contact = who.read_as().unwrap();
    assert_eq!(contact.last_name.value().map(String::as_str), Some("Contact"));
    assert!(SObject::related(&q.records[0].unknown_fields, "What").unwrap().is_null());
    assert!(SObject::related(&q.records[1].unknown_fields, "What").unwrap().is_absent());
    let lead = SObject::related(&q.records[1].unknown_fields, "Who").unwrap();
    assert_eq!(lead.value().and_then(SObject::object_type), Some("Lead"));
}

/// Problems inside related records and subquery pages are reported with the rest, at
/// their full pointers, when the page is read with the objects to check them as.
#[test]
fn problems_in_related_records_are_reported_at_their_full_pointers() {
    let page = json!({"totalSize": 3, "done": true, "records": [
        {"attributes": {"type": "Event"}, "Subject": 1,
         "Who": {"attributes": {"type": "Contact"}, "LastName": 3,
                 "Account": {"attributes": {"type": "Account"}, "NumberOfEmployees": "many"}},
         "What": {"attributes": {"type": "Account"}, "Name": "ok"}},
        {"attributes": {"type": "Event"}, "Who": {"attributes": {"type": "Lead"}, "Company": []}},
        {"attributes": {"type": "Event"}, "What": {"attributes": {"url": "/x"}}},
        {"attributes": {"type": "Event"}, "Attendees": {"totalSize": 1, "done": true,
            "records": [{"attributes": {"type": "Contact"}, "Email": 5}]}}
    ]});
    let errors = QueryResult::<Event>::from_json_with::<(Contact, Lead, Account)>(page.to_string()).unwrap_err();
    assert_eq!(
        found(&errors),
        [
            ("/records/0/Subject", "type"),
            ("/records/0/Who/LastName", "type"),
            ("/records/0/Who/Account/NumberOfEmployees", "type"),
            ("/records/1/Who/Company", "type"),
            ("/records/2/What/attributes/type", "required"),
            ("/records/3/Attendees/records/0/Email", "type"),
        ]
    );
    // Without the objects, related records are checked as records only.
    let errors = QueryResult::<Event>::from_json(page.to_string()).unwrap_err();
    assert_eq!(found(&errors), [("/records/0/Subject", "type"), ("/records/2/What/attributes/type", "required")]);
}

#[test]
fn an_sobject_collections_create_reports_each_record_at_its_index() {
    let body = json!({"allOrNone": true, "records": [
        {"attributes": {"type": "Task"}, "Subject": "ok"},
        {"Subject": "no attributes"},
        {"attributes": {"type": "Task"}, "CallType": "Sideways", "IsClosed": true},
        {"attributes": {"type": "Task"}, "Status": "Completed"}]});
    let errors = parse_create_request::<TaskCreate>(body.to_string().as_bytes()).unwrap_err();
    assert_eq!(
        found(&errors),
        [
            ("/records/1/attributes", "required"),
            ("/records/2/CallType", "invalid_value"),
            ("/records/2/IsClosed", "forbidden")
        ]
    );
    let errors = parse_create_request::<TaskCreate>(br#"{"records": [], "batch": 1}"#).unwrap_err();
    assert_eq!(found(&errors), [("/batch", "unknown_field")]);
    let too_many = json!({"records": vec![json!({"attributes": {"type": "Task"}}); 201]});
    let errors = parse_create_request::<TaskCreate>(too_many.to_string().as_bytes()).unwrap_err();
    assert_eq!(found(&errors), [("/records", "out_of_range")]);
}

#[test]
fn an_sobject_collections_update_needs_each_records_id() {
    let body = json!({"records": [
        {"attributes": {"type": "Task"}, "Id": "00T0x000005hOcYEAU", "Status": "Completed"},
        {"attributes": {"type": "Task"}, "Status": "Completed"},
        {"attributes": {"type": "Task"}, "Id": "0010x00000AbCdEAAV"}]});
    let errors = parse_update_request::<TaskUpdate>(body.to_string().as_bytes()).unwrap_err();
    assert_eq!(found(&errors), [("/records/1/Id", "required"), ("/records/2/Id", "invalid_value")]);
    let mut update = TaskUpdate::new();
    update.attributes =
        Some(api_models::runtime::salesforce::Attributes { object_type: "Task".into(), ..Default::default() });
    let request = CollectionRequest::new(vec![UpdateRecord::new("00T0x000005hOcYEAU".parse().unwrap(), update)])
        .all_or_none(true);
    let written = serde_json::to_string(&request).unwrap();
    assert_eq!(written, r#"{"allOrNone":true,"records":[{"Id":"00T0x000005hOcYEAU","attributes":{"type":"Task"}}]}"#);
    assert_eq!(parse_update_request::<TaskUpdate>(written.as_bytes()).unwrap(), request);
}

#[test]
fn an_upsert_by_external_id_carries_the_key_in_every_record() {
    assert_eq!(upsert_path::<ContactCreate>("Email"), "/composite/sobjects/Contact/Email");
    let body = json!({"allOrNone": false, "records": [
        {"attributes": {"type": "Contact"}, "LastName": "Bluth", "Email": "a@example.com"},
        {"attributes": {"type": "Contact"}, "LastName": "Bluth"},
        {"attributes": {"type": "Contact"}, "LastName": "Bluth", "Email": null}]});
    let errors = parse_upsert_request::<ContactCreate>(body.to_string().as_bytes(), "Email").unwrap_err();
    assert_eq!(found(&errors), [("/records/1/Email", "required"), ("/records/2/Email", "required")]);
    // Keyed by Id: `null` creates, an id of another object is refused.
    let body = json!({"records": [
        {"attributes": {"type": "Contact"}, "LastName": "New", "Id": null},
        {"attributes": {"type": "Contact"}, "LastName": "Old", "Id": "0035500001H9dBVAAZ"},
        {"attributes": {"type": "Contact"}, "LastName": "Wrong", "Id": "0015500001QdRaYAAV"}]});
    let errors = parse_upsert_request::<ContactCreate>(body.to_string().as_bytes(), "Id").unwrap_err();
    assert_eq!(found(&errors), [("/records/2/Id", "invalid_value")]);
    let mut ok = body.clone();
    ok["records"].as_array_mut().unwrap().pop();
    let request = parse_upsert_request::<ContactCreate>(ok.to_string().as_bytes(), "Id").unwrap();
    let ids: Vec<Option<String>> =
        request.records.iter().map(|r: &UpsertRecord<ContactCreate>| r.id.map(|i| i.to_string())).collect();
    assert_eq!(ids, [None, Some("0035500001H9dBVAAZ".to_owned())]);
    let written: serde_json::Value = serde_json::to_value(&request).unwrap();
    assert_eq!(written["records"][1]["Id"], "0035500001H9dBVAAZ");
}

#[test]
fn save_results_of_an_upsert() {
    let body = r#"[{"id": "0035500001H9dBVAAZ", "success": true, "errors": [], "created": false},
        {"id": null, "success": false, "errors": [{"statusCode": "DUPLICATE_VALUE", "message": "duplicate", "fields": ["Email"]}]}]"#;
    let results = SaveResult::list_from_json(body).unwrap();
    assert_eq!(results[0].created, Some(false));
    assert_eq!(results[1].errors[0].fields, ["Email"]);
}
