//! The realistic review: the seed page's Stalwart Task (schema/stalwart) against the
//! Task imported from the current registry (shared/reference), diffed and reported.
//! The schema holds the page's 13 variants and the registry's five newer ones.

use std::io::Read;
use std::path::Path;

use codegen::internal::diff::{diff, report, Kind, Verdict};

fn registry() -> Option<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/stalwart/schema.json.gz");
    let file = std::fs::File::open(&path).ok()?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

#[test]
fn the_seed_task_against_the_registry_task() {
    let Some(registry) = registry() else {
        eprintln!("skipped: ../shared/reference/stalwart/schema.json.gz is absent");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let seed_sources: Vec<_> =
        codegen::internal::schema::read_dir(&root).unwrap().into_iter().filter(|a| a.dir == "stalwart").collect();
    let seed = codegen::internal::schema::load(&seed_sources).unwrap_or_else(|d| panic!("{d}"));
    let (files, _notes) = codegen::internal::import::stalwart::import(&registry, &["Task".to_owned()]).unwrap();
    let imported = codegen::internal::import::load(&files).unwrap_or_else(|d| panic!("{d}"));

    let changes = diff(&seed, &imported);
    // What is not documentation: exactly what changed since the page, and what the
    // page and the registry say differently.
    let mut substantive: Vec<(String, &str, Verdict, Verdict)> = changes
        .iter()
        .filter(|c| c.kind != Kind::Documentation)
        .map(|c| (c.path.clone(), c.change.as_str(), c.wire, c.rust))
        .collect();
    substantive.sort();
    let added: Vec<&str> =
        substantive.iter().filter(|c| c.1 == "variant added").map(|c| c.0.trim_start_matches("variants.")).collect();
    // The five variants the page predates are in the schema already, from the registry.
    assert_eq!(added, Vec::<&str>::new());
    // The page writes documentId as Id; the registry as a string.
    let retyped: Vec<&str> =
        substantive.iter().filter(|c| c.1 == "type changed from Id to String").map(|c| c.0.as_str()).collect();
    assert_eq!(retyped.len(), 4, "{retyped:?}");
    // Which variants clients may not create is a wire fact of the API, not in the registry.
    let creatable = substantive.iter().filter(|c| c.1 == "variant became creatable").count();
    assert_eq!(creatable, 8);
    assert!(substantive.iter().all(|c| c.2 != Verdict::Breaking || c.1 == "type changed from Id to String"));

    let md = report::markdown(&changes, &report::release(&changes, None).unwrap(), &|f| f.to_owned());
    insta::assert_snapshot!(md);
}
