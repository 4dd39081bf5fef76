//! Parsing and serializing: the generated crate against what a team would write by hand.
//! Every contender in a group is fed the same bytes in the same run; compare ratios.
//!
//! Run: `cargo bench -p bench --bench parse` (see BENCHMARKS.md).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use bench::payloads;
use bench::{hand_validate, CalendarAlarmEmail, PlainSalesforceTask, PlainStalwartTask};

fn schema(path: &str) -> jsonschema::Validator {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/json-schema").join(path);
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    // Built once, outside the timed loop.
    jsonschema::draft202012::new(&schema).unwrap()
}

fn salesforce(c: &mut Criterion) {
    let Some(record) = payloads::salesforce_record() else {
        eprintln!("skipped the real record: ../shared/reference is absent");
        return;
    };
    let read_schema = schema("salesforce/task.read.schema.json");
    let mut g = c.benchmark_group("salesforce read: the real record");
    g.throughput(Throughput::Bytes(record.len() as u64));
    g.bench_function("generated (validated)", |b| {
        b.iter(|| api_models::salesforce::task::Task::from_json(black_box(&record)).unwrap())
    });
    g.bench_function("plain derive (no validation)", |b| {
        b.iter(|| serde_json::from_slice::<PlainSalesforceTask>(black_box(&record)).unwrap())
    });
    g.bench_function("plain derive + hand validation", |b| {
        b.iter(|| {
            let t = serde_json::from_slice::<PlainSalesforceTask>(black_box(&record)).unwrap();
            assert!(hand_validate(&t).is_empty());
            t
        })
    });
    g.bench_function("typify types", |b| {
        b.iter(|| serde_json::from_slice::<bench::typify_read::SalesforceRestApiTaskRead>(black_box(&record)).unwrap())
    });
    g.bench_function("Value + jsonschema", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(&record)).unwrap();
            assert!(read_schema.is_valid(&v));
            v
        })
    });
    g.finish();

    let create = payloads::SALESFORCE_CREATE.as_bytes();
    let create_schema = schema("salesforce/task.create.schema.json");
    let mut g = c.benchmark_group("salesforce create: a logged call");
    g.throughput(Throughput::Bytes(create.len() as u64));
    g.bench_function("generated (validated)", |b| {
        b.iter(|| api_models::salesforce::task::TaskCreate::from_json(black_box(create)).unwrap())
    });
    g.bench_function("plain derive (no validation)", |b| {
        b.iter(|| serde_json::from_slice::<PlainSalesforceTask>(black_box(create)).unwrap())
    });
    g.bench_function("typify types", |b| {
        b.iter(|| {
            serde_json::from_slice::<bench::typify_create::SalesforceRestApiTaskCreate>(black_box(create)).unwrap()
        })
    });
    g.bench_function("Value + jsonschema", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(create)).unwrap();
            assert!(create_schema.is_valid(&v));
            v
        })
    });
    g.finish();

    let task = api_models::salesforce::task::Task::from_json(&record).unwrap();
    let plain = serde_json::from_slice::<PlainSalesforceTask>(&record).unwrap();
    let mut g = c.benchmark_group("salesforce serialize: the real record");
    g.bench_function("generated", |b| b.iter(|| serde_json::to_vec(black_box(&task)).unwrap()));
    g.bench_function("plain derive", |b| b.iter(|| serde_json::to_vec(black_box(&plain)).unwrap()));
    g.finish();
}

fn stalwart(c: &mut Criterion) {
    for (order, body) in
        [("@type first", payloads::stalwart_type_first()), ("@type last", payloads::stalwart_type_last())]
    {
        let bytes = body.as_bytes();
        let mut g = c.benchmark_group(format!("stalwart read: {order}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(BenchmarkId::new("generated (validated)", order), bytes, |b, bytes| {
            b.iter(|| api_models::stalwart::task::Task::from_json(black_box(bytes)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("serde internally tagged", order), bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<PlainStalwartTask>(black_box(bytes)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("plain struct (variant known)", order), bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<CalendarAlarmEmail>(black_box(bytes)).unwrap())
        });
        g.finish();
    }
    let body = payloads::stalwart_type_first();
    let task = api_models::stalwart::task::Task::from_json(&body).unwrap();
    let plain = serde_json::from_str::<PlainStalwartTask>(&body).unwrap();
    let mut g = c.benchmark_group("stalwart serialize");
    g.bench_function("generated", |b| b.iter(|| serde_json::to_vec(black_box(&task)).unwrap()));
    g.bench_function("serde internally tagged", |b| b.iter(|| serde_json::to_vec(black_box(&plain)).unwrap()));
    g.finish();
}

/// Whole pages: a Salesforce query page of 2,000 records, a Stalwart `/get` of 1,000 tasks.
fn bulk(c: &mut Criterion) {
    use api_models::runtime::jmap::GetResponse;
    use api_models::runtime::salesforce_rest::QueryResult;
    use bench::bulk::{self, PlainGetResponse, PlainIndexEntry, PlainQueryPage, PlainTaggedEntry};
    if let Some(page) = bulk::salesforce_page(bulk::SALESFORCE_PAGE_RECORDS) {
        let mut g = c.benchmark_group("bulk: salesforce query page, 2,000 records");
        g.sample_size(20).throughput(Throughput::Bytes(page.len() as u64));
        g.bench_function("generated (validated)", |b| {
            b.iter(|| QueryResult::<api_models::salesforce::task::Task>::from_json(black_box(&page)).unwrap())
        });
        g.bench_function("plain derive (no validation)", |b| {
            b.iter(|| serde_json::from_slice::<PlainQueryPage>(black_box(&page)).unwrap())
        });
        g.finish();
    }
    let get = bulk::stalwart_get(bulk::STALWART_GET_TASKS);
    let mut g = c.benchmark_group("bulk: stalwart /get, 1,000 tasks");
    g.sample_size(20).throughput(Throughput::Bytes(get.len() as u64));
    g.bench_function("generated (validated)", |b| {
        b.iter(|| GetResponse::<api_models::stalwart::task::Task>::from_json(black_box(&get)).unwrap())
    });
    g.bench_function("plain struct (variant known)", |b| {
        b.iter(|| serde_json::from_slice::<PlainGetResponse<PlainIndexEntry>>(black_box(&get)).unwrap())
    });
    g.bench_function("serde internally tagged", |b| {
        b.iter(|| serde_json::from_slice::<PlainGetResponse<PlainTaggedEntry>>(black_box(&get)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, salesforce, stalwart, bulk);
criterion_main!(benches);
