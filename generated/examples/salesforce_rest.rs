//! Builds the body of an sObject Collections upsert of Contacts by their `Email`
//! (`PATCH /services/data/vXX.X/composite/sobjects/Contact/Email`) and reads the answer
//! the real server gave (recorded by CumulusCI, shared/reference/salesforce/cassettes/
//! TestUpsert.test_simple_upsert__rest.yaml), with the generated types and the REST
//! envelopes. Sans I/O: sending it is the caller's.
//!
//! Hand-written (not generated): `cargo xtask generate` leaves this folder alone.
//! Run: `cargo run -p api-models --example salesforce_rest`; the conformance test
//! `salesforce_cassettes` runs it too and checks its recorded body against the cassette.

use api_models::runtime::salesforce_rest::{
    attributes_of, parse_upsert_request, upsert_path, CollectionRequest, RestError, SaveResult, UpsertRecord,
};
use api_models::salesforce::contact::ContactCreate;
use api_models::salesforce::event::EventCreate;

/// The server's answer to the same four records, as recorded (Lindsay, Michael and
/// George Oscar existed; Annyong was created).
pub const RECORDED_RESPONSE: &str = "[ {\n  \"id\" : \"0035500001H9ka4AAB\",\n  \"success\" : true,\n  \"errors\" : [ ],\n  \"created\" : false\n}, {\n  \"id\" : \"0035500001H9ka6AAB\",\n  \"success\" : true,\n  \"errors\" : [ ],\n  \"created\" : false\n}, {\n  \"id\" : \"0035500001H9kZuAAJ\",\n  \"success\" : true,\n  \"errors\" : [ ],\n  \"created\" : false\n}, {\n  \"id\" : \"0035500001H9kaAAAR\",\n  \"success\" : true,\n  \"errors\" : [ ],\n  \"created\" : true\n} ]";

/// The upsert's request body, as the example builds it.
pub fn upsert_body() -> Result<String, Box<dyn std::error::Error>> {
    let people = [
        ("Nichael", "Michael.Bluth@example.com"),
        ("George Oscar", "GOB.Bluth@example.com"),
        ("Lindsay", "lindsay.bluth@example.com"),
        ("Annyong", "annyong.bluth@example.com"),
    ];
    let mut records = Vec::new();
    for (first, email) in people {
        let mut contact = ContactCreate::new("Bluth".into());
        contact.first_name = Some(first.into());
        contact.email = Some(email.into());
        contact.attributes = Some(attributes_of::<ContactCreate>());
        // Checked before it is sent: limits, restricted values, rules.
        contact.validate()?;
        records.push(UpsertRecord { id: None, record: contact });
    }
    let request = CollectionRequest::new(records).all_or_none(false);
    Ok(serde_json::to_string(&request)?)
}

/// Runs the example: what it would send and what it read, as lines.
pub fn run() -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    let body = upsert_body()?;
    // What a server-side handler would do with it: every record checked, keyed by Email.
    let parsed = parse_upsert_request::<ContactCreate>(body.as_bytes(), "Email")?;
    out.push(format!("PATCH {} ({} records)", upsert_path::<ContactCreate>("Email"), parsed.records.len()));
    out.push(body);

    // A body Salesforce would take but the schema refuses: a number sent as a string.
    let event = r#"{"Subject": "Call", "DurationInMinutes": "31", "ActivityDateTime": "2024-11-07T07:00:00.000+0000"}"#;
    let refused = EventCreate::from_json(event).unwrap_err();
    for e in RestError::from_validation_errors(&refused) {
        out.push(format!("refused before sending: {e} {:?}", e.fields.as_deref().unwrap_or_default()));
    }

    // The server's answer, typed: one SaveResult per record, in the order sent.
    for result in SaveResult::list_from_json(RECORDED_RESPONSE)? {
        let id = result.id.map(|id| id.to_string()).unwrap_or_default();
        let what = match (result.success, result.created) {
            (true, Some(true)) => "created",
            (true, _) => "updated",
            (false, _) => "failed",
        };
        out.push(format!("{what} {id}"));
    }
    Ok(out)
}

#[allow(dead_code)] // `main` when built as an example, unused when a test includes this file.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    for line in run()? {
        println!("{line}");
    }
    Ok(())
}
