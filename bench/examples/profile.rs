//! A loop to profile with callgrind: `valgrind --tool=callgrind target/release/examples/profile WHICH`.
//!
//! The bulk cases (`sf-page*`, `st-get*`) read a whole page per iteration and loop 20
//! times by default (a page is 2,000 records, a `/get` response 1,000 tasks).

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let record = bench::payloads::salesforce_record().expect("../shared/reference");
    // The record without its custom `__c` members, which the plain derive skips and
    // the generated type keeps: what the rest costs.
    let stripped = {
        let mut v: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&record).unwrap();
        v.retain(|k, _| !k.ends_with("__c"));
        serde_json::to_vec_pretty(&v).unwrap()
    };
    let create = bench::payloads::SALESFORCE_CREATE.as_bytes();
    let last = bench::payloads::stalwart_type_last();
    let first = bench::payloads::stalwart_type_first();
    // Parsed once, outside the loop, for the serialize contenders.
    let sf_value = which.starts_with("sf-ser").then(|| api_models::salesforce::task::Task::from_json(&record).unwrap());
    let st_value = which.starts_with("st-ser").then(|| api_models::stalwart::task::Task::from_json(&first).unwrap());
    // Built once, outside the loop, as in the criterion suite.
    let schema = |name: &str| {
        let file =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/json-schema/salesforce").join(name);
        let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        jsonschema::draft202012::new(&schema).unwrap()
    };
    let read_schema = which.ends_with("read-jsonschema").then(|| schema("task.read.schema.json"));
    let create_schema = which.ends_with("create-jsonschema").then(|| schema("task.create.schema.json"));
    let bulk = which.starts_with("sf-page") || which.starts_with("st-get");
    let page = if which.starts_with("sf-page") {
        bench::bulk::salesforce_page(bench::bulk::SALESFORCE_PAGE_RECORDS).expect("../shared/reference")
    } else {
        Vec::new()
    };
    let get = if which.starts_with("st-get-envelope") {
        bench::bulk::stalwart_get_envelope(bench::bulk::STALWART_GET_TASKS)
    } else if which.starts_with("st-get") {
        bench::bulk::stalwart_get(bench::bulk::STALWART_GET_TASKS)
    } else {
        Vec::new()
    };
    // PROFILE_N=0 gives the setup's own count, to subtract.
    let n: usize =
        std::env::var("PROFILE_N").ok().and_then(|v| v.parse().ok()).unwrap_or(if bulk { 20 } else { 20_000 });
    for _ in 0..n {
        match which.as_str() {
            "sf-read" => drop(std::hint::black_box(api_models::salesforce::task::Task::from_json(&record).unwrap())),
            "sf-read-plain" => {
                drop(std::hint::black_box(serde_json::from_slice::<bench::PlainSalesforceTask>(&record).unwrap()))
            }
            "sf-read-stripped" => {
                drop(std::hint::black_box(api_models::salesforce::task::Task::from_json(&stripped).unwrap()))
            }
            "sf-read-plain-stripped" => {
                drop(std::hint::black_box(serde_json::from_slice::<bench::PlainSalesforceTask>(&stripped).unwrap()))
            }
            "sf-create" => {
                drop(std::hint::black_box(api_models::salesforce::task::TaskCreate::from_json(create).unwrap()))
            }
            "sf-create-plain" => {
                drop(std::hint::black_box(serde_json::from_slice::<bench::PlainSalesforceTask>(create).unwrap()))
            }
            "sf-read-typify" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::typify_read::SalesforceRestApiTaskRead>(&record).unwrap(),
            )),
            "sf-create-typify" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::typify_create::SalesforceRestApiTaskCreate>(create).unwrap(),
            )),
            "sf-read-jsonschema" => {
                let v: serde_json::Value = serde_json::from_slice(&record).unwrap();
                assert!(read_schema.as_ref().unwrap().is_valid(&v));
                drop(std::hint::black_box(v))
            }
            "sf-create-jsonschema" => {
                let v: serde_json::Value = serde_json::from_slice(create).unwrap();
                assert!(create_schema.as_ref().unwrap().is_valid(&v));
                drop(std::hint::black_box(v))
            }
            "st-first" => drop(std::hint::black_box(api_models::stalwart::task::Task::from_json(&first).unwrap())),
            "st-last" => drop(std::hint::black_box(api_models::stalwart::task::Task::from_json(&last).unwrap())),
            "st-plain" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::CalendarAlarmEmail>(last.as_bytes()).unwrap(),
            )),
            "st-tagged" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::PlainStalwartTask>(first.as_bytes()).unwrap(),
            )),
            "sf-page" => drop(std::hint::black_box(
                api_models::runtime::salesforce_rest::QueryResult::<api_models::salesforce::task::Task>::from_json(
                    &page,
                )
                .unwrap(),
            )),
            "sf-page-plain" => {
                drop(std::hint::black_box(serde_json::from_slice::<bench::bulk::PlainQueryPage>(&page).unwrap()))
            }
            "st-get" => drop(std::hint::black_box(
                api_models::runtime::jmap::GetResponse::<api_models::stalwart::task::Task>::from_json(&get).unwrap(),
            )),
            // The same through serde's `Deserialize` (any deserializer; no pointers into `list`).
            "st-get-serde" => drop(std::hint::black_box(
                serde_json::from_slice::<api_models::runtime::jmap::GetResponse<api_models::stalwart::task::Task>>(
                    &get,
                )
                .unwrap(),
            )),
            "st-get-plain" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::bulk::PlainGetResponse<bench::bulk::PlainIndexEntry>>(&get).unwrap(),
            )),
            "st-get-tagged" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::bulk::PlainGetResponse<bench::bulk::PlainTaggedEntry>>(&get).unwrap(),
            )),
            "st-get-envelope" => {
                let response = api_models::runtime::jmap::Response::from_json(&get).unwrap();
                drop(std::hint::black_box(response.get::<api_models::stalwart::task::Task>("c0").unwrap()))
            }
            "st-get-envelope-plain" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::bulk::PlainEnvelope<bench::bulk::PlainIndexEntry>>(&get).unwrap(),
            )),
            "sf-ser" => drop(std::hint::black_box(serde_json::to_vec(std::hint::black_box(&sf_value)).unwrap())),
            "st-ser" => drop(std::hint::black_box(serde_json::to_vec(std::hint::black_box(&st_value)).unwrap())),
            _ => panic!("which?"),
        }
    }
}
