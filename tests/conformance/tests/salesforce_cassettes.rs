//! Every body of the real Salesforce exchanges recorded in
//! `../shared/reference/salesforce/cassettes/*.yaml` (CumulusCI's vcrpy cassettes), read
//! with the generated types and the REST envelopes (`runtime::salesforce_rest`,
//! `runtime::salesforce_composite`): every response must read, and every request body
//! must validate or be refused for a reason this test names.
//!
//! The recordings are read from ../shared relative to the repository root (never copied
//! into the repository); without them the test prints why and passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use api_models::runtime::de::Members;
use api_models::runtime::salesforce_composite::{CompositeRequest, CompositeResponse};
use api_models::runtime::salesforce_rest::{
    parse_create_request, parse_update_request, parse_upsert_request, QueryResult, RecordCount, RestError, SObject,
    SaveResult,
};
use api_models::runtime::sobject_collections::SObjectType;
use api_models::runtime::{Codec, ValidationErrors};
use api_models::salesforce::{account, contact, event, lead, task};
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

fn cassettes() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/salesforce/cassettes");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    Some(files)
}

/// One recorded request and its response.
struct Exchange {
    at: String,
    method: String,
    /// The resource after `/services/`, query string included (`data/v62.0/query/?q=…`).
    resource: String,
    request: Option<String>,
    status: i64,
    response: Option<String>,
}

/// PyYAML, which wrote the cassettes, indents the continuation lines of a long quoted
/// scalar less than its key (`body: '{…` then lines at column 6 under a key at column
/// 10); YAML 1.2, which yaml-rust2 follows, wants them indented more than the mapping
/// holding the key. Such lines are moved right to the key's column plus two, which
/// changes no value (continuation lines are folded, their indentation dropped).
fn indent_quoted_continuations(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 1024);
    // The quote a scalar left open at the end of the previous line, and its key's column.
    let mut open: Option<(char, usize)> = None;
    for line in source.lines() {
        let mut from = 0;
        if let Some((_, column)) = open {
            let indent = line.len() - line.trim_start().len();
            if !line.trim().is_empty() && indent <= column {
                out.push_str(&" ".repeat(column + 2 - indent));
            }
        } else if let Some(at) = line.find(": '").or_else(|| line.find(": \"")) {
            let column = line.len() - line.trim_start().len();
            if !line.trim_start().starts_with('-') && !line.trim_start().starts_with('#') {
                open = Some((line.as_bytes()[at + 2] as char, column));
                from = at + 3;
            }
        }
        if let Some((quote, _)) = open {
            if closes(&line[from..], quote) {
                open = None;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether `rest` (the text after an opening quote, or a continuation line) closes the
/// quoted scalar: `''` is an escaped quote in single quotes, `\"` in double quotes.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn text(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Hash(_) => text(&y["string"]),
        _ => None,
    }
}

/// The exchanges of one cassette (entries that only include a file not recorded here,
/// the describes, are counted apart).
fn exchanges(path: &Path) -> (Vec<Exchange>, usize) {
    let source = indent_quoted_continuations(&std::fs::read_to_string(path).unwrap());
    let docs = YamlLoader::load_from_str(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut out = Vec::new();
    let mut includes = 0;
    for (i, it) in docs[0]["interactions"].as_vec().expect("interactions").iter().enumerate() {
        if it["include_file"].as_str().is_some() {
            includes += 1;
            continue;
        }
        let (rq, rs) = (&it["request"], &it["response"]);
        let uri = rq["uri"].as_str().expect("uri");
        let resource = uri.split_once("/services/").map_or(uri, |(_, r)| r).to_owned();
        out.push(Exchange {
            at: format!("{name} #{i}: {} {resource}", rq["method"].as_str().unwrap_or("?")),
            method: rq["method"].as_str().unwrap_or_default().to_owned(),
            resource,
            request: text(&rq["body"]).filter(|b| !b.is_empty()),
            status: rs["status"]["code"].as_i64().unwrap_or(0),
            response: text(&rs["body"]).filter(|b| !b.is_empty()),
        });
    }
    (out, includes)
}

/// The REST path after the API version (`query/`, `composite/sobjects/Contact/Email`).
fn rest_path(resource: &str) -> (&str, &str) {
    let path = resource.split_once('/').map_or(resource, |(_, rest)| rest); // drop `data`
    let path = path.split_once('/').map_or(path, |(_, rest)| rest); // drop `vXX.X`
    path.split_once('?').unwrap_or((path, ""))
}

/// The object a SOQL query reads (`FROM X`, outside subqueries).
fn soql_object(query: &str) -> String {
    let q: String = percent_decode(&query.replace('+', " "));
    let mut depth = 0;
    let outer: String = q
        .chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => return depth == 0,
            }
            false
        })
        .collect();
    let words: Vec<&str> = outer.split_whitespace().collect();
    let from = words.iter().position(|w| w.eq_ignore_ascii_case("from")).expect("FROM");
    words[from + 1].to_owned()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(n) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(n);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// A record type read, with how many related records in it were read typed.
fn typed_page<R: Codec<Value = R>>(body: &str) -> Result<usize, ValidationErrors> {
    // Related records checked as their objects while the page is read.
    let page =
        QueryResult::<R>::from_json_with::<(account::Account, contact::Contact, event::Event, lead::Lead, task::Task)>(
            body,
        )?;
    let generic = QueryResult::<SObject>::from_json(body)?;
    assert_eq!(page.records.len(), generic.records.len());
    let mut related = 0;
    for record in &generic.records {
        for (name, value) in &record.fields {
            let Value::Object(members) = value else { continue };
            if members.contains_key("records") {
                // A subquery's page (`(SELECT Name FROM Opportunities)`).
                QueryResult::<SObject>::from_json(value.to_string())?;
                related += 1;
            } else if members.contains_key("attributes") {
                let fields: BTreeMap<String, Value> = record.fields.clone().into_iter().collect();
                let rel = SObject::related(&fields, name)?;
                let rel = rel.value().expect("an object");
                read_record(rel.object_type().unwrap_or_default(), rel).map_err(|e| {
                    panic!("{name} (a {:?}) does not read:\n{e}", rel.object_type());
                })?;
                related += 1;
            }
        }
    }
    Ok(related)
}

/// Reads one related record as the generated type of its object; `Ok(false)` when
/// there is none.
fn read_record(object: &str, record: &SObject) -> Result<bool, ValidationErrors> {
    match object {
        "Account" => record.read_as::<account::Account>().map(|_| true),
        "Contact" => record.read_as::<contact::Contact>().map(|_| true),
        "Event" => record.read_as::<event::Event>().map(|_| true),
        "Lead" => record.read_as::<lead::Lead>().map(|_| true),
        "Task" => record.read_as::<task::Task>().map(|_| true),
        _ => Ok(false),
    }
}

/// What became of a body.
#[derive(Debug)]
enum Outcome {
    /// Read (or validated) with a generated type; with the number of related records
    /// (`Who`, `What`, a subquery's page) read inside it.
    Typed(usize),
    /// Read with the envelope, its records as [`SObject`]: no schema for the object.
    NoSchema(String),
    /// Refused: every problem, at its pointer.
    Refused(ValidationErrors),
    /// Not JSON (the Bulk API's XML).
    Xml,
}

fn outcome(r: Result<usize, ValidationErrors>) -> Outcome {
    match r {
        Ok(n) => Outcome::Typed(n),
        Err(e) => Outcome::Refused(e),
    }
}

fn create_request<C: Codec + SObjectType>(body: &str) -> Result<usize, ValidationErrors> {
    parse_create_request::<C>(body.as_bytes()).map(|r| assert!(!r.records.is_empty())).map(|()| 0)
}

fn update_request<U: Codec<Value = U> + SObjectType + Members>(body: &str) -> Result<usize, ValidationErrors> {
    parse_update_request::<U>(body.as_bytes()).map(|r| assert!(!r.records.is_empty())).map(|()| 0)
}

fn upsert_request<C: Codec + SObjectType>(body: &str, field: &str) -> Result<usize, ValidationErrors>
where
    C::Value: serde::Serialize,
{
    parse_upsert_request::<C>(body.as_bytes(), field).map(|r| assert!(!r.records.is_empty())).map(|()| 0)
}

/// The object of an sObject Collections body's records (one object per recorded body).
fn records_object(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap();
    let types: Vec<&str> =
        v["records"].as_array().unwrap().iter().map(|r| r["attributes"]["type"].as_str().unwrap()).collect();
    assert!(types.windows(2).all(|w| w[0] == w[1]), "one object per body: {types:?}");
    types[0].to_owned()
}

fn request_outcome(x: &Exchange, body: &str) -> Outcome {
    if body.starts_with('<') {
        return Outcome::Xml;
    }
    let (path, query) = rest_path(&x.resource);
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let _ = query;
    match (x.method.as_str(), segments.as_slice()) {
        ("POST", ["sobjects", object]) => match *object {
            "Account" => outcome(account::AccountCreate::from_json(body).map(|_| 0)),
            other => Outcome::NoSchema(other.to_owned()),
        },
        ("POST", ["composite", "sobjects"]) => match records_object(body).as_str() {
            "Account" => outcome(create_request::<account::AccountCreate>(body)),
            "Contact" => outcome(create_request::<contact::ContactCreate>(body)),
            "Event" => outcome(create_request::<event::EventCreate>(body)),
            "Lead" => outcome(create_request::<lead::LeadCreate>(body)),
            "Task" => outcome(create_request::<task::TaskCreate>(body)),
            other => Outcome::NoSchema(other.to_owned()),
        },
        ("PATCH", ["composite", "sobjects"]) => match records_object(body).as_str() {
            "Account" => outcome(update_request::<account::AccountUpdate>(body)),
            "Contact" => outcome(update_request::<contact::ContactUpdate>(body)),
            "Event" => outcome(update_request::<event::EventUpdate>(body)),
            "Lead" => outcome(update_request::<lead::LeadUpdate>(body)),
            "Task" => outcome(update_request::<task::TaskUpdate>(body)),
            other => Outcome::NoSchema(other.to_owned()),
        },
        ("PATCH", ["composite", "sobjects", object, field]) => match *object {
            "Account" => outcome(upsert_request::<account::AccountCreate>(body, field)),
            "Contact" => outcome(upsert_request::<contact::ContactCreate>(body, field)),
            "Event" => outcome(upsert_request::<event::EventCreate>(body, field)),
            "Lead" => outcome(upsert_request::<lead::LeadCreate>(body, field)),
            other => Outcome::NoSchema(other.to_owned()),
        },
        ("POST", ["composite"]) => {
            let r: CompositeRequest = serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", x.at));
            assert!(!r.composite_request.is_empty());
            Outcome::Typed(0)
        }
        _ => panic!("{}: a request body this test does not know", x.at),
    }
}

/// Reads a query page: typed when the object has a schema.
fn page_outcome(object: &str, body: &str) -> Outcome {
    match object {
        "Account" => outcome(typed_page::<account::Account>(body)),
        "Contact" => outcome(typed_page::<contact::Contact>(body)),
        "Event" => outcome(typed_page::<event::Event>(body)),
        "Lead" => outcome(typed_page::<lead::Lead>(body)),
        "Task" => outcome(typed_page::<task::Task>(body)),
        other => match QueryResult::<SObject>::from_json(body) {
            Ok(_) => Outcome::NoSchema(other.to_owned()),
            Err(e) => Outcome::Refused(e),
        },
    }
}

fn response_outcome(x: &Exchange, body: &str) -> Outcome {
    if body.starts_with('<') {
        return Outcome::Xml;
    }
    let (path, query) = rest_path(&x.resource);
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if !(200..300).contains(&x.status) {
        return outcome(RestError::list_from_json(body).map(|_| 0));
    }
    match (x.method.as_str(), segments.as_slice()) {
        ("GET", ["query"]) => page_outcome(&soql_object(query.trim_start_matches("q=")), body),
        ("GET", ["limits", "recordCount"]) => {
            let counts: RecordCount = serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", x.at));
            {
                assert!(!counts.sobjects.is_empty() || body.contains("[ ]"));
                Outcome::Typed(0)
            }
        }
        ("POST", ["sobjects", _]) => outcome(SaveResult::from_json(body).map(|_| 0)),
        (_, ["composite", "sobjects", ..]) => outcome(SaveResult::list_from_json(body).map(|_| 0)),
        ("POST", ["composite"]) => {
            let r: CompositeResponse = serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", x.at));
            let request: CompositeRequest = serde_json::from_str(x.request.as_deref().unwrap()).unwrap();
            let mut errors = Vec::new();
            for (i, (sub, rq)) in r.composite_response.iter().zip(&request.composite_request).enumerate() {
                let inner = if sub.is_success() {
                    let q = rq.url.split_once("q=").map(|(_, q)| q).expect("the recorded subrequests are queries");
                    page_outcome(&soql_object(q), &sub.body_json())
                } else {
                    outcome(RestError::list_from_json(sub.body_json()).map(|_| 0))
                };
                if let Outcome::Refused(e) = inner {
                    // Pointers inside the subresponse's body, made full.
                    errors.extend(e.iter().map(|e| {
                        api_models::runtime::ValidationError::new(
                            format!("/compositeResponse/{i}/body{}", e.pointer()),
                            e.kind(),
                            e.message(),
                        )
                    }));
                }
            }
            match errors.is_empty() {
                true => Outcome::Typed(0),
                false => Outcome::Refused(ValidationErrors::from_vec(errors)),
            }
        }
        _ => panic!("{}: a response body this test does not know", x.at),
    }
}

/// Why a recorded body is refused, when the reason is one this test knows; `None` for
/// a problem nobody explained (the test then fails).
fn reason(body: &Value, pointer: &str, kind: &str) -> Option<&'static str> {
    let value = body.pointer(pointer)?;
    match (kind, value) {
        // Salesforce converts a numeric string into a number field's value; the schema
        // (the describe's `int`) takes a JSON number, as the conformance README states.
        ("type", Value::String(s)) if s.parse::<f64>().is_ok() => Some("a number sent as a numeric string"),
        // The recording's owner replaced the id with a placeholder that is no id
        // (its checksum is wrong): `0010xACCOUNTID0000`.
        ("format", Value::String(s)) if s.contains("ACCOUNTID") => Some("an id the recording redacted"),
        _ => None,
    }
}

fn bump(tally: &mut BTreeMap<String, usize>, what: String, n: usize) {
    *tally.entry(what).or_default() += n;
}

#[test]
fn every_recorded_body_reads_with_the_generated_types() {
    let Some(files) = cassettes() else { return };
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let (mut bodies, mut includes) = (0, 0);
    for file in &files {
        let (xs, inc) = exchanges(file);
        includes += inc;
        for x in &xs {
            for (side, body) in [("request", &x.request), ("response", &x.response)] {
                let Some(body) = body else { continue };
                bodies += 1;
                let result = if side == "request" { request_outcome(x, body) } else { response_outcome(x, body) };
                match result {
                    Outcome::Typed(related) => {
                        bump(&mut tally, format!("{side}: typed"), 1);
                        bump(&mut tally, "related records read inside, typed or as pages".into(), related);
                    }
                    Outcome::NoSchema(o) => bump(&mut tally, format!("{side}: envelope read, no schema for {o}"), 1),
                    Outcome::Xml => bump(&mut tally, format!("{side}: Bulk API XML, not a REST JSON body"), 1),
                    Outcome::Refused(errors) => {
                        let json: Value = serde_json::from_str(body).unwrap();
                        for e in &errors {
                            match reason(&json, e.pointer(), e.kind().as_str()) {
                                Some(why) => bump(&mut tally, format!("{side} problem: {why}"), 1),
                                None => unexplained.push(format!(
                                    "{} {side}: {} {}: {e}",
                                    x.at,
                                    e.pointer(),
                                    e.kind().as_str()
                                )),
                            }
                        }
                        bump(&mut tally, format!("{side}: refused"), 1);
                    }
                }
            }
        }
    }
    for (what, n) in &tally {
        eprintln!("{n:>4}  {what}");
    }
    eprintln!(
        "{bodies} bodies in {} cassettes ({includes} entries include describe files not recorded here)",
        files.len()
    );
    assert!(unexplained.is_empty(), "problems no reason explains:\n{}", unexplained.join("\n"));
    // What the recordings hold, as counted when this test was written: a change in any
    // count is a change in how the crate reads them.
    let expected: BTreeMap<String, usize> = [
        // The Event created with `"DurationInMinutes": "31"`, and six Accounts updated
        // with `"NumberOfEmployees": "10000"`.
        ("request problem: a number sent as a numeric string", 7),
        ("request: Bulk API XML, not a REST JSON body", 2),
        ("request: envelope read, no schema for Opportunity", 2),
        ("request: refused", 2),
        ("request: typed", 17),
        // The TYPEOF query on Event: three `Who` (Contact) and two `What` (Account),
        // each read as its object's generated type; and two Contacts' subquery pages
        // of Opportunities.
        ("related records read inside, typed or as pages", 7),
        // `0010xACCOUNTID0000`: a created Account's id and two query results' `Id`.
        ("response problem: an id the recording redacted", 3),
        ("response: Bulk API XML, not a REST JSON body", 2),
        ("response: envelope read, no schema for Opportunity", 3),
        ("response: envelope read, no schema for User", 1),
        ("response: refused", 2),
        ("response: typed", 48),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(tally, expected);
}

/// The example program (generated/examples/salesforce_rest.rs), run here as well.
#[path = "../../../generated/examples/salesforce_rest.rs"]
mod example;

/// The example builds, record for record, the upsert body CumulusCI sent, and the answer
/// it reads is the one the server gave to it.
#[test]
fn the_example_builds_the_recorded_request_and_reads_the_recorded_response() {
    let lines = example::run().unwrap();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("updated ") || l.starts_with("created ")).count(),
        4,
        "{lines:#?}"
    );
    let Some(files) = cassettes() else { return };
    let built: Value = serde_json::from_str(&example::upsert_body().unwrap()).unwrap();
    let found = files.iter().flat_map(|f| exchanges(f).0).find(|x| {
        x.resource.ends_with("composite/sobjects/Contact/Email")
            && x.request.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok()) == Some(built.clone())
    });
    let x = found.expect("a recorded upsert with the body the example builds");
    assert_eq!(x.response.as_deref(), Some(example::RECORDED_RESPONSE), "{}", x.at);
}
