//! Wall-clock ratios that a busy machine cannot skew: the contenders of a group run in
//! turns, a short batch each, round after round, and each round's times are divided by
//! the baseline's time in that same round. The median of those per-round ratios is
//! reported (criterion measures one contender for seconds, then the next, so load that
//! comes and goes between them moves its ratios).
//!
//! The baseline is what a client does with a response body: `serde_json::from_slice`
//! on the bytes, as criterion's suite does; "UTF-8 checked once" is the same derive fed
//! `from_str` after one `str::from_utf8` of the whole body, which the generated parse
//! does inside (serde_json otherwise checks each string on its own).
//!
//! Even so, whole runs differ by up to ±10% here, so the program makes `RUNS` runs and
//! ends with each ratio's median and range over them.
//!
//! `cargo run --release -p bench --example interleaved [RUNS] [ROUNDS]` (defaults 6 and
//! 100: about two minutes). `GROUPS=bulk` (any part of the groups' names) runs only
//! the groups whose name contains it.

use std::hint::black_box;
use std::time::Instant;

use api_models::salesforce::task::{Task, TaskCreate};
use bench::payloads;

type Run<'a> = (&'a str, Box<dyn Fn() + 'a>);

/// Per run: (group, contender, median ratio to the group's baseline).
type Ratios = Vec<(String, String, f64)>;

fn main() {
    let arg = |i: usize, default: usize| std::env::args().nth(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (runs, rounds) = (arg(1, 6), arg(2, 100));
    let all: Vec<Ratios> = (0..runs).map(|_| one_run(rounds)).collect();
    println!("\nover {runs} runs: median (range) of each run's ratio");
    for (g, c, _) in &all[0] {
        let ratios: Vec<f64> =
            all.iter().filter_map(|r| r.iter().find(|(g2, c2, _)| g2 == g && c2 == c).map(|x| x.2)).collect();
        let against: Vec<f64> = all
            .iter()
            .filter_map(|r| {
                let of = |name: &str| r.iter().find(|(g2, c2, _)| g2 == g && c2 == name).map(|x| x.2);
                Some(of(c)? / of("generated (validated)")?)
            })
            .collect();
        println!("  {g:<34} {c:<34} {}   / generated {}", spread(ratios), spread(against));
    }
}

/// `median (min–max)`.
fn spread(mut v: Vec<f64>) -> String {
    let (lo, hi) = v.iter().fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
    format!("{:.2}x ({lo:.2}-{hi:.2})", median(&mut v))
}

fn one_run(rounds: usize) -> Ratios {
    let mut out = Ratios::new();
    let schema = |name: &str| {
        let file =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/json-schema/salesforce").join(name);
        let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        jsonschema::draft202012::new(&schema).unwrap()
    };
    let (read_schema, create_schema) = (schema("task.read.schema.json"), schema("task.create.schema.json"));
    let create = payloads::SALESFORCE_CREATE.as_bytes();
    let (first, last) = (payloads::stalwart_type_first(), payloads::stalwart_type_last());

    if let Some(record) = payloads::salesforce_record() {
        let record = &record;
        group(
            &mut out,
            "Salesforce read, the real record",
            rounds,
            vec![
                (
                    "plain derive",
                    Box::new(|| drop(black_box(serde_json::from_slice::<bench::PlainSalesforceTask>(record).unwrap()))),
                ),
                ("generated (validated)", Box::new(|| drop(black_box(Task::from_json(record).unwrap())))),
                (
                    "plain derive, UTF-8 checked once",
                    Box::new(|| {
                        let text = std::str::from_utf8(record).unwrap();
                        drop(black_box(serde_json::from_str::<bench::PlainSalesforceTask>(text).unwrap()))
                    }),
                ),
                (
                    "plain derive + hand validation",
                    Box::new(|| {
                        let t = serde_json::from_slice::<bench::PlainSalesforceTask>(record).unwrap();
                        assert!(bench::hand_validate(&t).is_empty());
                        drop(black_box(t))
                    }),
                ),
                (
                    "typify types",
                    Box::new(|| {
                        drop(black_box(
                            serde_json::from_slice::<bench::typify_read::SalesforceRestApiTaskRead>(record).unwrap(),
                        ))
                    }),
                ),
                (
                    "Value + jsonschema",
                    Box::new(|| {
                        let v: serde_json::Value = serde_json::from_slice(record).unwrap();
                        assert!(read_schema.is_valid(&v));
                        drop(black_box(v))
                    }),
                ),
            ],
        );
    } else {
        eprintln!("skipped the real record: ../shared/reference is absent");
    }
    group(
        &mut out,
        "Salesforce create, a logged call",
        rounds,
        vec![
            (
                "plain derive",
                Box::new(|| drop(black_box(serde_json::from_slice::<bench::PlainSalesforceTask>(create).unwrap()))),
            ),
            ("generated (validated)", Box::new(|| drop(black_box(TaskCreate::from_json(create).unwrap())))),
            (
                "plain derive, UTF-8 checked once",
                Box::new(|| {
                    let text = std::str::from_utf8(create).unwrap();
                    drop(black_box(serde_json::from_str::<bench::PlainSalesforceTask>(text).unwrap()))
                }),
            ),
            (
                "typify types",
                Box::new(|| {
                    drop(black_box(
                        serde_json::from_slice::<bench::typify_create::SalesforceRestApiTaskCreate>(create).unwrap(),
                    ))
                }),
            ),
            (
                "Value + jsonschema",
                Box::new(|| {
                    let v: serde_json::Value = serde_json::from_slice(create).unwrap();
                    assert!(create_schema.is_valid(&v));
                    drop(black_box(v))
                }),
            ),
        ],
    );
    for (order, body) in [("@type first", &first), ("@type last", &last)] {
        group(
            &mut out,
            &format!("Stalwart read, {order}"),
            rounds,
            vec![
                (
                    "plain struct (variant known)",
                    Box::new(|| {
                        drop(black_box(serde_json::from_slice::<bench::CalendarAlarmEmail>(body.as_bytes()).unwrap()))
                    }),
                ),
                (
                    "generated (validated)",
                    Box::new(|| drop(black_box(api_models::stalwart::task::Task::from_json(body.as_bytes()).unwrap()))),
                ),
                (
                    "serde internally tagged",
                    Box::new(|| {
                        drop(black_box(serde_json::from_slice::<bench::PlainStalwartTask>(body.as_bytes()).unwrap()))
                    }),
                ),
                (
                    "plain struct, UTF-8 checked once",
                    Box::new(|| {
                        let text = std::str::from_utf8(body.as_bytes()).unwrap();
                        drop(black_box(serde_json::from_str::<bench::CalendarAlarmEmail>(text).unwrap()))
                    }),
                ),
            ],
        );
    }
    bulk(&mut out, rounds);
    out
}

/// The bulk groups: a Salesforce query page of 2,000 records and a Stalwart `/get`
/// response of 1,000 tasks, read whole per call.
fn bulk(out: &mut Ratios, rounds: usize) {
    use api_models::runtime::jmap::{GetResponse, Response};
    use api_models::runtime::salesforce_rest::QueryResult;
    use bench::bulk::{self, PlainEnvelope, PlainGetResponse, PlainIndexEntry, PlainQueryPage, PlainTaggedEntry};
    if let Some(page) = bulk::salesforce_page(bulk::SALESFORCE_PAGE_RECORDS) {
        let page = &page;
        group(
            out,
            "bulk: Salesforce query page, 2,000 records",
            rounds,
            vec![
                ("plain derive", Box::new(|| drop(black_box(serde_json::from_slice::<PlainQueryPage>(page).unwrap())))),
                ("generated (validated)", Box::new(|| drop(black_box(QueryResult::<Task>::from_json(page).unwrap())))),
                (
                    "plain derive, UTF-8 checked once",
                    Box::new(|| {
                        let text = std::str::from_utf8(page).unwrap();
                        drop(black_box(serde_json::from_str::<PlainQueryPage>(text).unwrap()))
                    }),
                ),
            ],
        );
    }
    let get = &bulk::stalwart_get(bulk::STALWART_GET_TASKS);
    group(
        out,
        "bulk: Stalwart /get, 1,000 tasks",
        rounds,
        vec![
            (
                "plain struct (variant known)",
                Box::new(|| drop(black_box(serde_json::from_slice::<PlainGetResponse<PlainIndexEntry>>(get).unwrap()))),
            ),
            (
                "generated (validated)",
                Box::new(|| drop(black_box(GetResponse::<api_models::stalwart::task::Task>::from_json(get).unwrap()))),
            ),
            (
                "serde internally tagged",
                Box::new(|| {
                    drop(black_box(serde_json::from_slice::<PlainGetResponse<PlainTaggedEntry>>(get).unwrap()))
                }),
            ),
        ],
    );
    let whole = &bulk::stalwart_get_envelope(bulk::STALWART_GET_TASKS);
    group(
        out,
        "bulk: Stalwart /get, whole response",
        rounds,
        vec![
            (
                "plain struct (variant known)",
                Box::new(|| drop(black_box(serde_json::from_slice::<PlainEnvelope<PlainIndexEntry>>(whole).unwrap()))),
            ),
            (
                "generated (validated)",
                Box::new(|| {
                    let response = Response::from_json(whole).unwrap();
                    drop(black_box(response.get::<api_models::stalwart::task::Task>("c0").unwrap()))
                }),
            ),
        ],
    );
}

/// Runs `contenders` in turns (the first is the baseline) and prints, per contender,
/// the median time per call and the median of its per-round ratios to the baseline.
fn group(out: &mut Ratios, name: &str, rounds: usize, contenders: Vec<Run<'_>>) {
    if std::env::var("GROUPS").is_ok_and(|only| !name.contains(&only)) {
        return;
    }
    // Warm every contender, then size a batch at about 5 ms of the baseline: long
    // enough that each batch runs with its code and data in cache, as a hot loop does.
    for (_, run) in &contenders {
        for _ in 0..200 {
            run();
        }
    }
    let batch = {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed().as_micros() < 5000 {
            (contenders[0].1)();
            n += 1;
        }
        n.max(1)
    };
    let mut per_call: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); contenders.len()];
    for _ in 0..rounds {
        for (i, (_, run)) in contenders.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..batch {
                run();
            }
            per_call[i].push(start.elapsed().as_nanos() as f64 / f64::from(batch));
        }
    }
    println!("{name} ({rounds} rounds of {batch} calls each)");
    for (i, (label, _)) in contenders.iter().enumerate() {
        let mut ratios: Vec<f64> = per_call[i].iter().zip(&per_call[0]).map(|(t, b)| t / b).collect();
        let ratio = median(&mut ratios);
        println!("  {label:<32} {:>9.0} ns   {ratio:>5.2}x", median(&mut per_call[i].clone()));
        out.push((name.to_owned(), (*label).to_owned(), ratio));
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
