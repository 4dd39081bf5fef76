//! Hostile schemas: every malformed tree under `tests/hostile-schemas/NN-name/` goes
//! through the real `generate` path into a copy of `generated/`, which must fail with a
//! located error (`expected.txt` holds every report as printed without colours, paths
//! relative to the tree) and leave the copy byte for byte as it was. Huge inputs are made
//! at test time.
//!
//! `HOSTILE_BLESS=1 cargo test -p xtask hostile` rewrites every `expected.txt`; review
//! the diff before committing it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::{generate, workspace_root};

/// Every file under `dir`, by path relative to it, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, acc: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                walk(&p, base, acc);
            } else if let (Ok(rel), Ok(bytes)) = (p.strip_prefix(base), fs::read(&p)) {
                acc.insert(rel.to_string_lossy().into_owned(), bytes);
            }
        }
    }
    let mut acc = BTreeMap::new();
    walk(dir, dir, &mut acc);
    acc
}

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-hostile-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch(dir)
    }
    /// Writes `files` (path relative to the scratch directory, contents).
    fn write(&self, files: &[(&str, &[u8])]) {
        for (rel, bytes) in files {
            let p = self.0.join(rel);
            fs::create_dir_all(p.parent().expect("a parent")).expect("a directory");
            fs::write(p, bytes).expect("a file");
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The checked-in generated crate, and a scratch copy of it for `--out`.
fn copy_of_generated(name: &str) -> (BTreeMap<String, Vec<u8>>, Scratch) {
    let original = snapshot(&workspace_root().join("generated"));
    assert!(original.len() > 10, "generated/ is there");
    let out = Scratch::new(name);
    for (rel, bytes) in &original {
        let p = out.0.join(rel);
        fs::create_dir_all(p.parent().expect("a parent")).expect("a directory");
        fs::write(p, bytes).expect("a copy");
    }
    (original, out)
}

/// The diagnostics for the tree at `root`, with `root` taken out of every path; `None`
/// when the tree loads.
fn diagnostics(root: &Path) -> Option<String> {
    let text = codegen::internal::schema::load_dir(root).err()?.to_string();
    let shown = root.display().to_string();
    Some(text.replace(&format!("{shown}/"), "").replace(&shown, "."))
}

/// Whether every report in `text` is located: `error: message` followed by
/// ` --> file:line:col` (line and column from 1), or ` --> path` alone for a whole file
/// or folder (no line is made up).
pub(super) fn is_located(text: &str) -> bool {
    let mut lines = text.lines().peekable();
    let mut reports = 0;
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else { continue };
        reports += 1;
        let place = lines.peek().and_then(|l| l.trim_start().strip_prefix("--> "));
        let Some(place) = place.filter(|_| !message.is_empty()) else { return false };
        let mut parts = place.rsplitn(3, ':');
        let (col, line_no, file) = (parts.next(), parts.next(), parts.next());
        let whole = !place.is_empty() && !place.contains(':');
        let numbered = !file.unwrap_or_default().is_empty()
            && [col, line_no].iter().all(|n| n.is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n > 0)));
        if !(whole || numbered) {
            return false;
        }
    }
    reports > 0
}

/// Runs `generate` on `tree` into a copy of `generated/`: every report, after checking
/// that generation failed, without a panic, and changed nothing.
fn generate_fails(tree: &Path, name: &str) -> Result<String, String> {
    let (original, out) = copy_of_generated(name);
    let status = std::panic::catch_unwind(|| {
        generate(tree, &out.0, &codegen::internal::emit::Options::default(), super::Mode::default())
    })
    .map_err(|_| "generate panicked".to_owned())?;
    if status != ExitCode::from(2) {
        return Err(format!("generate ended with {status:?}, not 2 (schema problems)"));
    }
    if snapshot(&out.0) != original {
        return Err("the output directory changed".into());
    }
    let text = diagnostics(tree).ok_or("the schema loads")?;
    if !is_located(&text) {
        return Err(format!("not located errors:\n{text}"));
    }
    Ok(text)
}

#[test]
fn every_hostile_schema_fails_located_and_changes_nothing() {
    let dir = workspace_root().join("tests/hostile-schemas");
    let mut trees: Vec<PathBuf> =
        fs::read_dir(&dir).expect("tests/hostile-schemas").filter_map(Result::ok).map(|e| e.path()).collect();
    trees.retain(|p| p.is_dir());
    trees.sort();
    assert!(trees.len() >= 45, "only {} hostile schemas", trees.len());
    let bless = std::env::var_os("HOSTILE_BLESS").is_some();
    let mut failures = Vec::new();
    for tree in &trees {
        let name = tree.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let expected_file = tree.join("expected.txt");
        match generate_fails(tree, &name) {
            Err(why) => failures.push(format!("{name}: {why}")),
            Ok(text) if bless => fs::write(&expected_file, format!("{text}\n")).expect("expected.txt"),
            Ok(text) => {
                let expected = fs::read_to_string(&expected_file).unwrap_or_default();
                if expected.trim_end() != text {
                    failures.push(format!("{name}:\n--- expected\n{}\n--- actual\n{text}", expected.trim_end()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} hostile schemas:\n{}", failures.len(), trees.len(), failures.join("\n"));
}

// ---------------------------------------------------------------- made at test time

const STALWART_API: &str = "api: stalwart
title: Test API
description: A test API.
vocabulary: stalwart
wire:
  keys: camelCase
  discriminator: \"@type\"
  date-time: seconds-z
  id: stalwart-base32
  list: object-by-index
  set: object-of-true
";

const HEAD: &str = "object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
";

/// A tree of one Stalwart object file, `thing.yaml`.
fn tree(name: &str, object: &str) -> Scratch {
    let s = Scratch::new(name);
    s.write(&[("stalwart/api.yaml", STALWART_API.as_bytes()), ("stalwart/thing.yaml", object.as_bytes())]);
    s
}

/// The fastest of three runs of `f`.
fn best_of_3(f: &dyn Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Asserts that loading `make(4 * n)` takes at most 16 times as long as `make(n)`
/// (linear is 4, quadratic 16; the rest is room for a busy machine).
fn loads_in_linear_time(what: &str, n: usize, make: impl Fn(usize) -> String) {
    let (small, large) = (tree(&format!("{what}-n"), &make(n)), tree(&format!("{what}-4n"), &make(4 * n)));
    let t_small = best_of_3(&|| drop(codegen::internal::schema::load_dir(&small.0)));
    let t_large = best_of_3(&|| drop(codegen::internal::schema::load_dir(&large.0)));
    assert!(
        t_large <= t_small * 16 + Duration::from_millis(5),
        "{what}: {n} took {t_small:?}, {} took {t_large:?}: not linear",
        4 * n
    );
}

#[test]
fn a_huge_file_fails_at_its_last_line_in_linear_time() {
    // A 5 MB description, then a problem on the last line.
    let huge =
        |n: usize| format!("{HEAD}  note:\n    type: String?\n    description: {}\n  bad: 1\n", "word ".repeat(n));
    let t = tree("huge", &huge(1_000_000));
    let text = generate_fails(&t.0, "huge-out").unwrap_or_else(|why| panic!("{why}"));
    assert!(
        text.starts_with("error: a field must be a mapping, found a scalar\n  --> stalwart/thing.yaml:10:8\n"),
        "{text}"
    );
    loads_in_linear_time("description", 100_000, huge);
    // Thousands of fields, then the same problem.
    let many = |n: usize| {
        let mut s = HEAD.to_owned();
        for i in 0..n {
            s.push_str(&format!("  f{i}:\n    type: String\n    modifiers: [required]\n"));
        }
        s + "  bad: 1\n"
    };
    let t = tree("many", &many(10_000));
    let text = diagnostics(&t.0).unwrap_or_default();
    assert!(
        text.starts_with("error: a field must be a mapping, found a scalar\n     --> stalwart/thing.yaml:30007:8\n"),
        "{text}"
    );
    loads_in_linear_time("fields", 1_000, many);
}

#[test]
fn a_type_expression_nested_100k_deep_is_refused_without_recursion() {
    let object = format!("{HEAD}  deep:\n    type: {}String{}\n", "List<".repeat(100_000), ">".repeat(100_000));
    let t = tree("deep-type", &object);
    let text = generate_fails(&t.0, "deep-type-out").unwrap_or_else(|why| panic!("{why}"));
    assert!(text.starts_with("error: a type expression nests 100000 levels deep\n --> stalwart/thing.yaml:8:11\n"));
    let object = format!("{HEAD}  deep:\n    type: String{}\n", "[]".repeat(100_000));
    assert!(diagnostics(&tree("deep-list", &object).0).is_some_and(|d| d.contains("nests 100000 levels deep")));
}

/// A chain of `n` types, each holding the next by value; with `cycle`, the last holds the first.
fn chain(n: usize, cycle: bool) -> String {
    let mut s = format!("{HEAD}  first:\n    type: T0\n    modifiers: [required]\ntypes:\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("T{}", i + 1)
        } else if cycle {
            "T0".into()
        } else {
            "String".into()
        };
        s.push_str(&format!("  T{i}:\n    description: Link {i}.\n    fields:\n      next:\n        type: {next}\n        modifiers: [required]\n"));
    }
    s
}

#[test]
fn long_chains_of_nested_types() {
    // A valid chain loads in linear time; so does a cycle through all of it, each link reported.
    loads_in_linear_time("chain", 300, |n| chain(n, false));
    loads_in_linear_time("cycle", 200, |n| chain(n, true));
    let t = tree("cycle-errors", &chain(500, true));
    let text = diagnostics(&t.0).expect("a cycle is refused");
    assert_eq!(text.matches("contains itself").count(), 500);
    // The emitters do not recurse along the chain: a deep one fits a test thread's stack.
    let t = tree("chain-emit", &chain(200, false));
    let model = codegen::internal::schema::load_dir(&t.0).unwrap_or_else(|d| panic!("{d}"));
    let files = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
    assert!(files.iter().any(|f| f.path == "json-schema/stalwart/thing.read.schema.json"));
}

/// `n` variants sharing one field set of `n` fields.
fn shared_field_set(n: usize) -> String {
    let mut s = "object: Thing\ndescription: A thing.\nvariants:\n".to_owned();
    for i in 0..n {
        s.push_str(&format!("  - type: V{i}\n    label: Variant {i}\n    fields: ThingFields\n"));
    }
    s.push_str("types:\n  ThingFields:\n    description: The shared set.\n    fields:\n");
    for i in 0..n {
        s.push_str(&format!("      field{i}:\n        type: String?\n        description: Field {i}.\n"));
    }
    s
}

/// Variants sharing a field set refer to it: doubling both variants and fields doubles
/// the JSON Schemas and the reference page (it quadrupled them when each variant
/// repeated the set). Sizes, not times; BENCHMARKS.md has the timed 800 × 800 run.
#[test]
fn output_grows_with_variants_plus_fields_not_their_product() {
    let size = |n: usize| {
        let t = tree(&format!("shared-{n}"), &shared_field_set(n));
        let model = codegen::internal::schema::load_dir(&t.0).unwrap_or_else(|d| panic!("{d}"));
        let files = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
        let part =
            |prefix: &str| files.iter().filter(|f| f.path.starts_with(prefix)).map(|f| f.contents.len()).sum::<usize>();
        (part("json-schema/"), part("docs/"))
    };
    let ((json_n, docs_n), (json_4n, docs_4n)) = (size(25), size(100));
    assert!(json_4n < 6 * json_n, "JSON Schemas: {json_n} bytes for 25 × 25, {json_4n} for 100 × 100");
    assert!(docs_4n < 6 * docs_n, "reference page: {docs_n} bytes for 25 × 25, {docs_4n} for 100 × 100");
}
