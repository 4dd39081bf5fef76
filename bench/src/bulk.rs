//! Bulk bodies, built at run time: a Salesforce query page of the real record repeated
//! under distinct valid ids, and a Stalwart `x:Task/get` response of many tasks laid out
//! as the server writes them (`tests/e2e/recorded/roundtrip.json`). The plain page types
//! are what a team would write to read the same bytes without the generator.

use api_models::runtime::salesforce::Id as SalesforceId;
use api_models::runtime::stalwart::Id as StalwartId;

use crate::{PlainSalesforceTask, Status};

/// Records in the Salesforce page: Salesforce's largest page for a REST query.
pub const SALESFORCE_PAGE_RECORDS: usize = 2_000;
/// Tasks in the Stalwart `/get` response.
pub const STALWART_GET_TASKS: usize = 1_000;

/// The 18-character id of record `i`: a Task id whose last six digits are `i`, with
/// its case checksum.
fn record_id(i: usize) -> String {
    let id15 = format!("00T0x0000{i:06}");
    let id: SalesforceId = id15.parse().expect("15 characters of [0-9A-Za-z]");
    id.to_18().as_str().to_owned()
}

/// `json` without the whitespace between tokens, members in their order.
fn compact(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::with_capacity(json.len()), false, false);
    for c in json.chars() {
        if in_string {
            (escaped, in_string) = (!escaped && c == '\\', escaped || c != '"');
        } else if c == '"' {
            in_string = true;
        } else if c.is_ascii_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

/// A query page (`totalSize`, `done`, `records`) of `n` copies of the real record, each
/// with its own `Id` (and `attributes.url`), compact and in the record's member order,
/// as Salesforce sends it; `None` when `../shared/reference` is absent.
pub fn salesforce_page(n: usize) -> Option<Vec<u8>> {
    let text = String::from_utf8(crate::payloads::salesforce_record()?).expect("the record is UTF-8");
    let record = compact(&text);
    let own: serde_json::Value = serde_json::from_str(&record).expect("the record is JSON");
    let own_id = own["Id"].as_str().expect("the record has an Id").to_owned();
    let records: Vec<String> = (0..n).map(|i| record.replace(&own_id, &record_id(i))).collect();
    Some(format!(r#"{{"totalSize":{n},"done":true,"records":[{}]}}"#, records.join(",")).into_bytes())
}

/// An `x:Task/get` response's arguments (`accountId`, `list`, `notFound`) holding `n`
/// tasks, alternately `IndexDocument` and `UnindexDocument`, members in the order the
/// server writes them (`@type` after `status`, `id` last).
pub fn stalwart_get(n: usize) -> Vec<u8> {
    let list: Vec<String> = (0..n)
        .map(|i| {
            let (kind, doc) = if i % 2 == 0 { ("IndexDocument", "email") } else { ("UnindexDocument", "calendar") };
            let id = StalwartId::new(i as u64 + 1).expect("not the reserved id");
            let account = StalwartId::new(i as u64 % 37 + 1).expect("not the reserved id");
            let document = StalwartId::new(i as u64 * 7 + 3).expect("not the reserved id");
            format!(
                r#"{{"documentType":"{doc}","accountId":"{account}","documentId":"{document}","status":{{"createdAt":"2026-01-01T00:00:00Z","due":"2026-06-01T12:00:{:02}Z","@type":"Pending"}},"@type":"{kind}","due":"2026-06-01T12:00:{:02}Z","id":"{id}"}}"#,
                i % 60,
                i % 60
            )
        })
        .collect();
    format!(r#"{{"accountId":"d333333","list":[{}],"notFound":[]}}"#, list.join(",")).into_bytes()
}

/// The same arguments inside a whole JMAP response body (`methodResponses`).
pub fn stalwart_get_envelope(n: usize) -> Vec<u8> {
    let args = String::from_utf8(stalwart_get(n)).expect("ASCII");
    format!(r#"{{"methodResponses":[["x:Task/get",{args},"c0"]],"sessionState":"s0"}}"#).into_bytes()
}

/// A query page read with a plain derive.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainQueryPage {
    /// `totalSize`.
    pub total_size: u64,
    /// `done`.
    pub done: bool,
    /// `nextRecordsUrl`.
    pub next_records_url: Option<String>,
    /// `records`.
    pub records: Vec<PlainSalesforceTask>,
}

/// `/get` arguments read with a plain derive.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainGetResponse<T> {
    /// `accountId`.
    pub account_id: Option<String>,
    /// `state`.
    pub state: Option<String>,
    /// `list`.
    pub list: Vec<T>,
    /// `notFound`.
    #[serde(default)]
    pub not_found: Vec<String>,
}

/// A whole JMAP response read with a plain derive: each invocation a tuple.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainEnvelope<T> {
    /// `methodResponses`.
    pub method_responses: Vec<(String, PlainGetResponse<T>, String)>,
    /// `sessionState`.
    pub session_state: String,
}

/// An `IndexDocument` / `UnindexDocument` entry of a `/get` list, with its `id`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainIndexEntry {
    /// `id`.
    pub id: String,
    /// `documentType`.
    pub document_type: String,
    /// `accountId`.
    pub account_id: String,
    /// `documentId`.
    pub document_id: String,
    /// `status`.
    pub status: Status,
    /// `due`.
    pub due: Option<String>,
}

/// The list entries as serde's internally tagged enum (the variants in the page).
#[derive(Debug, serde::Deserialize)]
#[serde(tag = "@type")]
pub enum PlainTaggedEntry {
    /// `IndexDocument`.
    IndexDocument(PlainIndexEntry),
    /// `UnindexDocument`.
    UnindexDocument(PlainIndexEntry),
}

#[cfg(test)]
mod tests {
    use api_models::runtime::jmap::{GetResponse, Response};
    use api_models::runtime::salesforce_rest::QueryResult;
    use api_models::salesforce::task::Task as SalesforceTask;
    use api_models::stalwart::task::Task as StalwartTask;

    use super::*;

    /// Every contender reads the whole page, and the generated reads see distinct records.
    #[test]
    fn every_contender_reads_the_bulk_bodies() {
        match salesforce_page(50) {
            Some(page) => {
                let typed = QueryResult::<SalesforceTask>::from_json(&page).expect("the generated page reads");
                assert_eq!(typed.records.len(), 50);
                assert_ne!(typed.records[0].id, typed.records[1].id);
                let first: serde_json::Value = serde_json::from_slice(&page).unwrap();
                let own: serde_json::Value =
                    serde_json::from_slice(&crate::payloads::salesforce_record().unwrap()).unwrap();
                assert_eq!(first["records"][0]["Subject"], own["Subject"], "the real record's fields");
                assert_eq!(serde_json::from_slice::<PlainQueryPage>(&page).unwrap().records.len(), 50);
            }
            None => eprintln!("skipped the Salesforce page: ../shared/reference is absent"),
        }
        let get = stalwart_get(50);
        let typed = GetResponse::<StalwartTask>::from_json(&get).expect("the generated list reads");
        assert_eq!(typed.list.len(), 50);
        assert_ne!(typed.list[0], typed.list[1]);
        let through_serde: GetResponse<StalwartTask> = serde_json::from_slice(&get).expect("and through serde");
        assert_eq!(through_serde, typed);
        assert_eq!(serde_json::from_slice::<PlainGetResponse<PlainIndexEntry>>(&get).unwrap().list.len(), 50);
        assert_eq!(serde_json::from_slice::<PlainGetResponse<PlainTaggedEntry>>(&get).unwrap().list.len(), 50);
        let whole = stalwart_get_envelope(50);
        let response = Response::from_json(&whole).unwrap();
        assert_eq!(response.get::<StalwartTask>("c0").unwrap().list.len(), 50);
        let plain: PlainEnvelope<PlainIndexEntry> = serde_json::from_slice(&whole).unwrap();
        assert_eq!(plain.method_responses[0].1.list.len(), 50);
    }
}
