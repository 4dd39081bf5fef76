//! Heap bytes held per parsed record: the generated types against the plain derives
//! and `serde_json::Value`, on the same bytes (issue 16). A counting global allocator
//! measures the live bytes a parsed value holds (a single record is boxed, so its own
//! size counts too; a page's records live in its `Vec`, whose spare capacity counts, as
//! a client holding the page pays for it). Counts, not times: they do not depend on load.
//!
//! `cargo run --release -p bench --example memory`

use api_models::runtime::jmap::GetResponse;
use api_models::runtime::salesforce_rest::QueryResult;
use bench::bulk::{self, PlainGetResponse, PlainIndexEntry, PlainQueryPage, PlainTaggedEntry};

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

/// The live bytes and blocks `parse`'s result holds once parsing is over.
fn held<T>(parse: impl FnOnce() -> T) -> (usize, usize) {
    let (bytes, blocks) = (counting_alloc::live(), counting_alloc::blocks());
    let value = std::hint::black_box(Box::new(parse()));
    let held = (counting_alloc::live() - bytes, counting_alloc::blocks() - blocks);
    drop(value);
    held
}

fn report(group: &str, per: usize, rows: &[(&str, (usize, usize))]) {
    println!("{group} (per record, {per} record(s))");
    let base = rows[0].1 .0 as f64;
    for (name, (bytes, blocks)) in rows {
        println!(
            "  {name:<40} {:>8.0} bytes {:>6.1} blocks   {:>5.2}x",
            *bytes as f64 / per as f64,
            *blocks as f64 / per as f64,
            *bytes as f64 / base
        );
    }
}

fn main() {
    use api_models::salesforce::task::Task;
    println!(
        "size of one record: Salesforce plain {} B, generated {} B; Stalwart plain {} B, tagged {} B, generated {} B",
        std::mem::size_of::<bench::PlainSalesforceTask>(),
        std::mem::size_of::<Task>(),
        std::mem::size_of::<PlainIndexEntry>(),
        std::mem::size_of::<PlainTaggedEntry>(),
        std::mem::size_of::<api_models::stalwart::task::Task>(),
    );
    // What sets the Stalwart task's size: its largest variant (every one holds `id`,
    // `status`, `due` and the kept unknown members).
    {
        use api_models::stalwart::task as t;
        use std::mem::size_of;
        let mut variants = [
            ("IndexDocument", size_of::<t::TaskIndexDocument>()),
            ("IndexTrace", size_of::<t::TaskIndexTrace>()),
            ("CalendarAlarmEmail", size_of::<t::TaskCalendarAlarmEmail>()),
            ("CalendarAlarmNotification", size_of::<t::TaskCalendarAlarmNotification>()),
            ("CalendarItipMessage", size_of::<t::TaskCalendarItipMessage>()),
            ("MergeThreads", size_of::<t::TaskMergeThreads>()),
            ("DmarcReport/TlsReport", size_of::<t::TaskDmarcReport>()),
            ("RestoreArchivedItem", size_of::<t::TaskRestoreArchivedItem>()),
            ("DestroyAccount", size_of::<t::TaskDestroyAccount>()),
            ("AccountMaintenance", size_of::<t::TaskAccountMaintenance>()),
            ("TenantMaintenance", size_of::<t::TaskTenantMaintenance>()),
            ("StoreMaintenance", size_of::<t::TaskStoreMaintenance>()),
            ("SpamFilterMaintenance", size_of::<t::TaskSpamFilterMaintenance>()),
            ("AcmeRenewal/DkimManagement", size_of::<t::TaskDomainManagement>()),
            ("DnsManagement", size_of::<t::TaskDnsManagement>()),
        ];
        variants.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
        let listed: Vec<String> = variants.iter().map(|(name, size)| format!("{name} {size}")).collect();
        println!(
            "Stalwart variants (B): {}; TaskStatus {} B, UtcDateTime {} B, Option<UtcDateTime> {} B",
            listed.join(", "),
            size_of::<t::TaskStatus>(),
            size_of::<api_models::runtime::UtcDateTime>(),
            size_of::<Option<api_models::runtime::UtcDateTime>>(),
        );
    }
    if let Some(record) = bench::payloads::salesforce_record() {
        report(
            "Salesforce, the real record",
            1,
            &[
                ("plain derive", held(|| serde_json::from_slice::<bench::PlainSalesforceTask>(&record).unwrap())),
                ("generated", held(|| Task::from_json(&record).unwrap())),
                ("serde_json::Value", held(|| serde_json::from_slice::<serde_json::Value>(&record).unwrap())),
            ],
        );
        let n = bulk::SALESFORCE_PAGE_RECORDS;
        let page = bulk::salesforce_page(n).expect("the record is there");
        report(
            "Salesforce, a query page",
            n,
            &[
                ("plain derive", held(|| serde_json::from_slice::<PlainQueryPage>(&page).unwrap())),
                ("generated (QueryResult<Task>)", held(|| QueryResult::<Task>::from_json(&page).unwrap())),
                ("serde_json::Value", held(|| serde_json::from_slice::<serde_json::Value>(&page).unwrap())),
            ],
        );
    } else {
        eprintln!("skipped the real record: ../shared/reference is absent");
    }
    let n = bulk::STALWART_GET_TASKS;
    let get = bulk::stalwart_get(n);
    report(
        "Stalwart, a /get response",
        n,
        &[
            (
                "plain struct (variant known)",
                held(|| serde_json::from_slice::<PlainGetResponse<PlainIndexEntry>>(&get).unwrap()),
            ),
            (
                "serde internally tagged",
                held(|| serde_json::from_slice::<PlainGetResponse<PlainTaggedEntry>>(&get).unwrap()),
            ),
            (
                "generated (GetResponse<Task>)",
                held(|| GetResponse::<api_models::stalwart::task::Task>::from_json(&get).unwrap()),
            ),
            ("serde_json::Value", held(|| serde_json::from_slice::<serde_json::Value>(&get).unwrap())),
        ],
    );
}
