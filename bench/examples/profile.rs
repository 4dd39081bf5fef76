//! A loop to profile with callgrind: `valgrind --tool=callgrind target/release/examples/profile WHICH`.

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let record = bench::payloads::salesforce_record().expect("../shared/reference");
    let create = bench::payloads::SALESFORCE_CREATE.as_bytes();
    let last = bench::payloads::stalwart_type_last();
    let first = bench::payloads::stalwart_type_first();
    let n = 20_000;
    for _ in 0..n {
        match which.as_str() {
            "sf-read" => drop(std::hint::black_box(api_models::salesforce::task::Task::from_json(&record).unwrap())),
            "sf-read-plain" => {
                drop(std::hint::black_box(serde_json::from_slice::<bench::PlainSalesforceTask>(&record).unwrap()))
            }
            "sf-create" => {
                drop(std::hint::black_box(api_models::salesforce::task::TaskCreate::from_json(create).unwrap()))
            }
            "sf-create-plain" => {
                drop(std::hint::black_box(serde_json::from_slice::<bench::PlainSalesforceTask>(create).unwrap()))
            }
            "st-first" => drop(std::hint::black_box(api_models::stalwart::task::Task::from_json(&first).unwrap())),
            "st-last" => drop(std::hint::black_box(api_models::stalwart::task::Task::from_json(&last).unwrap())),
            "st-plain" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::CalendarAlarmEmail>(last.as_bytes()).unwrap(),
            )),
            "st-tagged" => drop(std::hint::black_box(
                serde_json::from_slice::<bench::PlainStalwartTask>(first.as_bytes()).unwrap(),
            )),
            _ => panic!("which?"),
        }
    }
}
