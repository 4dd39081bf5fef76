//! `cargo xtask import`: schema YAML from the descriptions the APIs publish.
//!
//! ```text
//! cargo xtask import stalwart SCHEMA.json[.gz] [--object NAME...] --out DIR
//! cargo xtask import salesforce DESCRIBE.json... --out DIR [--compare DIR]
//! ```
//!
//! `DIR` is a schema root: the files go to `DIR/<api>/`, next to `IMPORT-NOTES.md`, which
//! lists what the source says that the YAML does not. Only the importer's own files are
//! written (atomically, and only when their bytes change); nothing else in `DIR` is
//! touched, so re-importing an unchanged source changes nothing. A file import did not
//! write as it now is (see [`RECORD`]) is not replaced without `--overwrite`.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use codegen::internal::import::{self, ImportedFile};

/// Where the description comes from.
#[derive(Subcommand)]
pub enum Source {
    /// Stalwart's registry schema (resources/schema/schema.json, or .json.gz as shipped).
    Stalwart {
        /// The registry file.
        path: PathBuf,
        /// Imports only these objects (registry name, with or without `x:`), and those they nest.
        #[arg(long = "object", value_name = "NAME", num_args = 1..)]
        objects: Vec<String>,
        /// The schema root the files go under (DIR/stalwart/).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replaces files edited by hand since the last import (refused otherwise, with a diff).
        #[arg(long)]
        overwrite: bool,
    },
    /// Salesforce sObject describe responses (GET /sobjects/<Name>/describe).
    Salesforce {
        /// The describe responses, one JSON file per sObject.
        #[arg(required = true, value_name = "DESCRIBE.json")]
        files: Vec<PathBuf>,
        /// The schema root the files go under (DIR/salesforce/).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// A schema root with hand-written objects: report, per shared field, what the
        /// describes say beyond them.
        #[arg(long, value_name = "DIR")]
        compare: Option<PathBuf>,
        /// Replaces files edited by hand since the last import (refused otherwise, with a diff).
        #[arg(long)]
        overwrite: bool,
    },
}

/// Runs an import and reports it.
pub fn run(source: Source) -> ExitCode {
    let (api, out, overwrite, result) = match source {
        Source::Stalwart { path, objects, out, overwrite } => {
            ("stalwart", out, overwrite, import_stalwart(&path, &objects))
        }
        Source::Salesforce { files, out, compare, overwrite } => {
            ("salesforce", out, overwrite, import_salesforce(&files, compare.as_deref()))
        }
    };
    let (files, notes, source) = match result.and_then(|r| keep_hand_written_api(&out, api, overwrite, r)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("error: nothing was written to {}", out.display());
            return ExitCode::from(2);
        }
    };
    for n in &notes {
        eprintln!("note: {n}");
    }
    let mut all = files;
    all.push(ImportedFile {
        path: format!("{api}/IMPORT-NOTES.md"),
        contents: import::notes_markdown(&format!("Import notes: {api}"), &source, &notes),
    });
    match write_changed(&out, &all, overwrite) {
        Ok((written, unchanged)) => {
            println!(
                "imported {} file(s) into {}: {written} written, {unchanged} unchanged; {} note(s) in {}",
                all.len() - 1,
                out.join(api).display(),
                notes.len(),
                out.join(api).join("IMPORT-NOTES.md").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

type Outcome = Result<(Vec<ImportedFile>, Vec<String>, String), String>;

/// An `api.yaml` that import did not write (the hand-written one, with the API's wire
/// settings) is the API's, not import's: it is kept as it is (unless `overwrite`), and
/// the imported objects must load with it, under its settings and key prefixes. Import
/// writes an `api.yaml` only where there is none, or replaces its own.
fn keep_hand_written_api(
    out: &Path,
    api: &str,
    overwrite: bool,
    (mut files, mut notes, source): (Vec<ImportedFile>, Vec<String>, String),
) -> Outcome {
    let path = format!("{api}/api.yaml");
    let Ok(on_disk) = fs::read(out.join(&path)) else { return Ok((files, notes, source)) };
    let ours = read_record(out).get(&path).is_some_and(|h| *h == fingerprint(&on_disk));
    if ours || overwrite {
        return Ok((files, notes, source));
    }
    let hand = String::from_utf8_lossy(&on_disk).into_owned();
    let mut with_hand = files.clone();
    for f in with_hand.iter_mut().filter(|f| f.path == path) {
        f.contents = hand.clone();
    }
    import::load(&with_hand).map_err(|d| {
        format!("the imported objects do not load with the hand-written {path} (add what it lacks, or pass --overwrite):\n{d}")
    })?;
    files.retain(|f| f.path != path);
    notes.push(format!(
        "{path}: kept as written by hand; the imported objects load with its wire settings and key prefixes"
    ));
    Ok((files, notes, source))
}

/// Reads a JSON file, unpacking it first when its name ends in `.gz`.
fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot unpack {}: {e}", path.display()))?;
        out
    } else {
        bytes
    };
    serde_json::from_slice(&bytes).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))
}

/// The source as the notes name it: the file name, not the machine's path to it.
fn shown(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The imported files must pass the same checks as hand-written ones.
fn check(files: &[ImportedFile]) -> Result<codegen::internal::model::Model, String> {
    import::load(files).map_err(|d| format!("the imported schema does not load (an importer bug):\n{d}"))
}

fn import_stalwart(path: &Path, objects: &[String]) -> Outcome {
    let registry = read_json(path)?;
    let (files, notes) =
        import::stalwart::import(&registry, objects).map_err(|e| format!("{}: {e}", path.display()))?;
    check(&files)?;
    Ok((files, notes, format!("the Stalwart registry `{}`", shown(path))))
}

fn import_salesforce(paths: &[PathBuf], compare: Option<&Path>) -> Outcome {
    let mut describes = Vec::new();
    for p in paths {
        describes.push(read_json(p)?);
    }
    let (files, mut notes) = import::salesforce::import(&describes)?;
    let model = check(&files)?;
    if let Some(dir) = compare {
        let reference = codegen::internal::schema::load_dir(dir)
            .map_err(|d| format!("--compare {}: the schema does not load:\n{d}", dir.display()))?;
        notes.extend(import::salesforce::compare(&model, &reference));
    }
    let names: Vec<String> = paths.iter().map(|p| shown(p)).collect();
    Ok((files, notes, format!("the describe responses {}", names.join(", "))))
}

/// Where an import records what it wrote (`<api-path> <fingerprint>` per line), so that
/// the next one can tell its own output from a hand edit.
pub const RECORD: &str = ".import-record";

/// FNV-1a, 64 bits: enough to tell whether a file changed since import wrote it (not a
/// defence against a forger, who could as well edit the record).
fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn read_record(out: &Path) -> std::collections::BTreeMap<String, String> {
    let text = fs::read_to_string(out.join(RECORD)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(' ').map(|(p, h)| (p.to_owned(), h.to_owned())))
        .collect()
}

/// Writes each file whose bytes differ, through a temporary file renamed into place.
/// Returns (written, unchanged). Files not in `files` are left alone.
///
/// A file on disk that import did not write as it is now (never imported, or edited by
/// hand since) is never replaced silently: unless `overwrite`, nothing is written and the
/// error shows, per file, the diff from what is there to what import would write.
pub fn write_changed(out: &Path, files: &[ImportedFile], overwrite: bool) -> Result<(usize, usize), String> {
    let mut record = read_record(out);
    let mut kept = String::new();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for f in files {
        let path = out.join(&f.path);
        match fs::read(&path) {
            Ok(on_disk) if on_disk == f.contents.as_bytes() => unchanged += 1,
            Ok(on_disk) => {
                let ours = record.get(&f.path).is_some_and(|h| *h == fingerprint(&on_disk));
                if !ours && !overwrite {
                    let old = String::from_utf8_lossy(&on_disk);
                    let diff = similar::TextDiff::from_lines(old.as_ref(), f.contents.as_str());
                    let (a, b) = (format!("a/{} (on disk)", f.path), format!("b/{} (imported)", f.path));
                    kept.push_str(&diff.unified_diff().context_radius(2).header(&a, &b).to_string());
                }
                changes.push(f);
            }
            Err(_) => changes.push(f),
        }
    }
    if !kept.is_empty() {
        return Err(format!(
            "{kept}\nthese files were written or edited by hand since the last import; nothing was written. \
             Merge what you want from the diff above, or pass --overwrite to replace them"
        ));
    }
    let mut written = 0;
    for f in changes {
        write_atomic(&out.join(&f.path), f.contents.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.join(&f.path).display()))?;
        written += 1;
    }
    for f in files {
        record.insert(f.path.clone(), fingerprint(f.contents.as_bytes()));
    }
    let mut text =
        "# @generated by `cargo xtask import`: what it last wrote, to tell it from a hand edit.\n".to_owned();
    for (p, h) in &record {
        text.push_str(&format!("{p} {h}\n"));
    }
    write_atomic(&out.join(RECORD), text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", out.join(RECORD).display()))?;
    Ok((written, unchanged))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    fs::create_dir_all(&dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-import-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_only_what_changed_and_leaves_other_files_alone() {
        let dir = temp("write");
        let files = vec![
            ImportedFile { path: "stalwart/api.yaml".into(), contents: "a\n".into() },
            ImportedFile { path: "stalwart/task.yaml".into(), contents: "b\n".into() },
        ];
        fs::create_dir_all(dir.join("stalwart")).unwrap();
        fs::write(dir.join("stalwart/hand.yaml"), "mine\n").unwrap();
        assert_eq!(write_changed(&dir, &files, false).unwrap(), (2, 0));
        assert_eq!(write_changed(&dir, &files, false).unwrap(), (0, 2));
        assert_eq!(fs::read_to_string(dir.join("stalwart/hand.yaml")).unwrap(), "mine\n");
        let _ = fs::remove_dir_all(&dir);
    }

    /// Import replaces its own earlier output, but never a hand edit without --overwrite:
    /// it refuses, writes nothing, and shows what it would change.
    #[test]
    fn a_hand_edit_is_never_overwritten_silently() {
        let dir = temp("hand-edit");
        let v1 = |title: &str| {
            vec![
                ImportedFile {
                    path: "salesforce/api.yaml".into(),
                    contents: format!("title: {title}\nkey-prefixes: {{}}\n"),
                },
                ImportedFile { path: "salesforce/event.yaml".into(), contents: "object: Event\n".into() },
            ]
        };
        // A hand-written api.yaml that import did not write: refused, with a diff.
        fs::create_dir_all(dir.join("salesforce")).unwrap();
        let hand = "title: Our org's API\nkey-prefixes: {Task: \"00T\"}\n";
        fs::write(dir.join("salesforce/api.yaml"), hand).unwrap();
        let e = write_changed(&dir, &v1("Salesforce"), false).unwrap_err();
        assert!(e.contains("-title: Our org's API") && e.contains("+title: Salesforce"), "{e}");
        assert!(e.contains("--overwrite") && e.contains("nothing was written"), "{e}");
        assert_eq!(fs::read_to_string(dir.join("salesforce/api.yaml")).unwrap(), hand);
        assert!(!dir.join("salesforce/event.yaml").exists(), "nothing was written");
        // Told to, it replaces it; then a changed source replaces import's own output.
        assert_eq!(write_changed(&dir, &v1("Salesforce"), true).unwrap(), (2, 0));
        assert_eq!(write_changed(&dir, &v1("Salesforce REST"), false).unwrap(), (1, 1));
        // An edit to an imported file is a hand edit too.
        fs::write(dir.join("salesforce/event.yaml"), "object: Event\n# mine\n").unwrap();
        let e = write_changed(&dir, &v1("Salesforce REST"), false).unwrap_err();
        assert!(e.contains("-# mine"), "{e}");
        let _ = fs::remove_dir_all(&dir);
    }

    /// Importing next to a hand-written api.yaml keeps it and writes the objects, which
    /// must load with it; one that lacks what they need is an error and nothing is written.
    #[test]
    fn a_hand_written_api_yaml_is_kept_and_the_objects_load_with_it() {
        let root = crate::workspace_root();
        let describe = root.join("../shared/reference/salesforce/describe/Lead.json");
        if !describe.is_file() {
            eprintln!("skipped: {} is absent", describe.display());
            return;
        }
        let dir = temp("keep-api");
        fs::create_dir_all(dir.join("salesforce")).unwrap();
        let hand = fs::read_to_string(root.join("schema/salesforce/api.yaml")).unwrap();
        fs::write(dir.join("salesforce/api.yaml"), &hand).unwrap();
        let imported = import_salesforce(std::slice::from_ref(&describe), None).unwrap();
        let (files, notes, _) = keep_hand_written_api(&dir, "salesforce", false, imported.clone()).unwrap();
        assert!(files.iter().all(|f| f.path != "salesforce/api.yaml"), "api.yaml is not written");
        assert!(files.iter().any(|f| f.path == "salesforce/lead.yaml"));
        assert!(notes.iter().any(|n| n.contains("kept as written by hand")), "{notes:?}");
        // With another key prefix for Lead, the object cannot load with it.
        let lacking = hand.replace("  Lead: \"00Q\"\n", "  Lead: \"00X\"\n");
        assert_ne!(lacking, hand);
        fs::write(dir.join("salesforce/api.yaml"), &lacking).unwrap();
        let e = keep_hand_written_api(&dir, "salesforce", false, imported.clone()).unwrap_err();
        assert!(e.contains("do not load with the hand-written salesforce/api.yaml"), "{e}");
        // Told to overwrite, import writes its own.
        let (files, _, _) = keep_hand_written_api(&dir, "salesforce", true, imported).unwrap();
        assert!(files.iter().any(|f| f.path == "salesforce/api.yaml"));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_sources_are_errors_that_name_the_file() {
        let dir = temp("bad");
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("broken.json");
        fs::write(&p, "{not json").unwrap();
        let e = import_salesforce(std::slice::from_ref(&p), None).unwrap_err();
        assert!(e.contains("broken.json") && e.contains("not valid JSON"), "{e}");
        let e = import_stalwart(&dir.join("missing.json.gz"), &[]).unwrap_err();
        assert!(e.contains("missing.json.gz"), "{e}");
        let _ = fs::remove_dir_all(&dir);
    }

    /// The imported schemas (the whole Stalwart registry, the four Salesforce describes, and
    /// the hand-written Task beside the imported Event) generate a crate that builds on its
    /// own, reads one value of every object (every variant of a Stalwart object) and writes
    /// it back unchanged, and checks Event's fields as it checks Task's where they share them.
    #[test]
    fn imported_schemas_generate_a_crate_that_builds_and_round_trips() {
        let root = crate::workspace_root();
        let reference = root.join("../shared/reference");
        let registry = reference.join("stalwart/schema.json.gz");
        let describe = reference.join("salesforce/describe");
        if !registry.is_file() || !describe.is_dir() {
            eprintln!("skipped: {} is absent", reference.display());
            return;
        }
        // A fixed place under the target directory: an unchanged import rewrites no file,
        // so cargo has nothing to rebuild the next time.
        let dir = root.join("target/import-check");
        let schema = dir.join("schema");
        let _ = fs::remove_dir_all(&schema);
        let (stalwart, _, _) = import_stalwart(&registry, &[]).unwrap_or_else(|e| panic!("{e}"));
        let describes: Vec<PathBuf> =
            ["Event", "Contact", "Lead", "Account"].iter().map(|o| describe.join(format!("{o}.json"))).collect();
        let (salesforce, _, _) = import_salesforce(&describes, None).unwrap_or_else(|e| panic!("{e}"));
        write_changed(&schema, &stalwart, false).unwrap();
        write_changed(&schema, &salesforce, false).unwrap();
        fs::copy(root.join("schema/salesforce/task.yaml"), schema.join("salesforce/task.yaml")).unwrap();
        let model = codegen::internal::schema::load_dir(&schema).unwrap_or_else(|d| panic!("{d}"));
        let krate = dir.join("crate");
        let options = codegen::internal::emit::Options {
            crate_name: Some("imported-models".into()),
            runtime: crate::runtime_option(crate::RuntimeArg::Dependency, &krate),
            ..Default::default()
        };
        let mut outputs = codegen::internal::emit::generate(&model, &options);
        // A workspace of its own: it sits under this workspace's target directory.
        for f in outputs.iter_mut().filter(|f| f.path == "Cargo.toml") {
            f.contents.push_str("\n[workspace]\n");
        }
        crate::files::write_all(&krate, &outputs, true).unwrap();
        let samples = samples::all(&model);
        fs::create_dir_all(krate.join("tests")).unwrap();
        fs::write(krate.join("tests/samples.json"), serde_json::to_string_pretty(&samples).unwrap()).unwrap();
        fs::write(krate.join("tests/imported.rs"), samples::TESTS).unwrap();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        // Only tests/imported.rs: the crate's own unit tests and doctests would build its
        // 300,000 lines twice more.
        let status = std::process::Command::new(&cargo)
            .args(["test", "--quiet", "--test", "imported", "--manifest-path"])
            .arg(krate.join("Cargo.toml"))
            // One cache with `out_anywhere`, so that dependencies build once; no debug info
            // and no incremental state, which a one-off build of this size does not repay.
            .env("CARGO_TARGET_DIR", root.join("target/out-anywhere"))
            .env("CARGO_PROFILE_DEV_DEBUG", "0")
            .env("CARGO_INCREMENTAL", "0")
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the crate generated into {} does not pass its tests", krate.display());
    }
}

/// One valid read value per object, built from the model, and the tests that read them in
/// the generated crate.
#[cfg(test)]
mod samples {
    use codegen::internal::model::{
        Api, Collection, DateTimeForm, IdForm, Model, ReadRule, Struct, Ty, TypeKind, Union,
    };
    use serde_json::{json, Map, Value};

    /// `{"<api>/<Object>": [value, ...]}`: a Stalwart object has one value per variant (each
    /// with the fields a read must carry); a Salesforce object one value with every field
    /// that is not an id (ids carry a checksum).
    pub fn all(model: &Model) -> Map<String, Value> {
        let mut out = Map::new();
        for api in &model.apis {
            for m in &api.modules {
                let t = api.ty(m.object);
                let values: Vec<Value> = match &t.kind {
                    TypeKind::Union(u) => (0..u.variants.len()).map(|i| variant(api, u, i)).collect(),
                    TypeKind::Struct(s) => vec![fields(api, s)],
                    _ => Vec::new(),
                };
                out.insert(format!("{}/{}", api.name, t.name), Value::Array(values));
            }
        }
        out
    }

    fn fields(api: &Api, s: &Struct) -> Value {
        let mut m = Map::new();
        for f in &s.fields {
            let include = match api.wire.id {
                IdForm::StalwartBase32 => f.read == ReadRule::Required,
                IdForm::Salesforce => !contains_id(&f.ty),
            };
            if include {
                m.insert(f.wire_name.clone(), value(api, &f.ty));
            }
        }
        Value::Object(m)
    }

    fn contains_id(ty: &Ty) -> bool {
        match ty {
            Ty::Id(_) => true,
            Ty::List(t) | Ty::Set(t) => contains_id(t),
            _ => false,
        }
    }

    fn variant(api: &Api, u: &Union, i: usize) -> Value {
        let v = &u.variants[i];
        let mut m = match &api.ty(v.fields).kind {
            TypeKind::Struct(s) => fields(api, s),
            _ => json!({}),
        };
        if let Value::Object(m) = &mut m {
            m.insert(u.tag.clone(), json!(v.tag));
        }
        m
    }

    fn value(api: &Api, ty: &Ty) -> Value {
        let empty = |c: Collection| if c == Collection::Array { json!([]) } else { json!({}) };
        match ty {
            Ty::String => json!("x"),
            Ty::Email => json!("someone@example.com"),
            Ty::Bool => json!(true),
            Ty::Int32 | Ty::Int64 | Ty::UInt64 => json!(1),
            Ty::Float => json!(0.5),
            Ty::Date => json!("2024-01-02"),
            Ty::DateTime => match api.wire.date_time {
                DateTimeForm::SecondsZ => json!("2024-01-02T03:04:05Z"),
                DateTimeForm::MillisOffset => json!("2024-01-02T03:04:05.000+0000"),
            },
            Ty::Id(_) | Ty::BlobId => json!("a"),
            Ty::List(_) => empty(api.wire.list),
            Ty::Set(_) => empty(api.wire.set),
            Ty::Named(id) => match &api.ty(*id).kind {
                TypeKind::Enum(e) => json!(e.values[0].wire),
                TypeKind::Bitmask(b) => json!(b.flags[0].2),
                TypeKind::Struct(s) => fields(api, s),
                TypeKind::Union(u) => variant(api, u, 0),
            },
        }
    }

    /// `tests/imported.rs` of the generated crate.
    pub const TESTS: &str = r#"//! Written by xtask's import test: reads the samples and compares Event with Task.

use imported_models::objects::{canonical, NAMES};
use imported_models::runtime::Op;
use serde_json::{json, Value};

fn check(name: &str, op: Op, body: &Value) -> Result<Value, Vec<(String, String)>> {
    match canonical(name, op, &serde_json::to_vec(body).unwrap(), None) {
        None => panic!("{name} is not an object of the crate"),
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => Err(e.errors().iter().map(|e| (e.pointer().to_owned(), e.kind().to_string())).collect()),
    }
}

/// Whether `big` holds everything `small` does (defaults may fill in more).
fn holds(big: &Value, small: &Value) -> bool {
    match (big, small) {
        (Value::Object(b), Value::Object(s)) => s.iter().all(|(k, v)| b.get(k).is_some_and(|bv| holds(bv, v))),
        _ => big == small,
    }
}

#[test]
fn every_object_reads_its_samples_and_writes_them_back() {
    let samples: serde_json::Map<String, Value> = serde_json::from_str(include_str!("samples.json")).unwrap();
    assert_eq!(samples.len(), NAMES.len(), "one entry per object");
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, values) in &samples {
        for sample in values.as_array().unwrap() {
            count += 1;
            match check(name, Op::Read, sample) {
                Ok(out) => {
                    if !holds(&out, sample) {
                        failures.push(format!("{name}: {sample} came back as {out}"));
                    }
                    match check(name, Op::Read, &out) {
                        Ok(again) if again == out => {}
                        other => failures.push(format!("{name}: {out} does not read back: {other:?}")),
                    }
                }
                Err(e) => failures.push(format!("{name}: {sample}: {e:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {count} sample(s) fail:\n{}", failures.len(), failures.join("\n"));
    assert!(count > NAMES.len(), "every variant of a Stalwart object has a sample");
}

/// The imported Event and the hand-written Task give the same errors at the fields they
/// share (values that reach past the describe, like Task's bitmask, are left out).
#[test]
fn event_validates_like_task_where_they_share_fields() {
    let long = "x".repeat(32001);
    let cases = [
        ("RecurrenceTimeZoneSidKey", json!("Pacific/Kiritimati")),
        ("RecurrenceTimeZoneSidKey", json!("America/Los_Angeles")),
        ("RecurrenceTimeZoneSidKey", json!("Mars/Olympus_Mons")),
        ("RecurrenceTimeZoneSidKey", json!(42)),
        ("RecurrenceTimeZoneSidKey", json!(null)),
        ("RecurrenceType", json!("RecursWeekly")),
        ("RecurrenceType", json!("RecursHourly")),
        ("RecurrenceInstance", json!("First")),
        ("RecurrenceInstance", json!("Fifth")),
        ("RecurrenceMonthOfYear", json!("March")),
        ("RecurrenceMonthOfYear", json!("Smarch")),
        ("RecurrenceInterval", json!(2)),
        ("RecurrenceInterval", json!("two")),
        ("RecurrenceInterval", json!(2.5)),
        ("RecurrenceDayOfMonth", json!(15)),
        ("RecurrenceDayOfMonth", json!("15")),
        ("RecurrenceDayOfWeekMask", json!(4)),
        ("RecurrenceEndDateOnly", json!("2024-05-01")),
        ("RecurrenceEndDateOnly", json!("May 1st")),
        ("RecurrenceEndDateOnly", json!("2024-02-30")),
        ("RecurrenceActivityId", json!(null)),
        ("IsRecurrence", json!(false)),
        ("IsRecurrence", json!("yes")),
        ("IsReminderSet", json!(true)),
        ("IsReminderSet", json!(null)),
        ("ReminderDateTime", json!("2024-01-02T03:04:05.000+0000")),
        ("ReminderDateTime", json!("2024-01-02T03:04:05Z")),
        ("ReminderDateTime", json!("tomorrow")),
        ("ActivityDate", json!("2024-01-02")),
        ("Description", json!(long)),
        ("Subject", json!("Call")),
        ("Subject", json!("x".repeat(256))),
        ("IsArchived", json!(true)),
        ("WhoId", json!("not an id")),
        ("OwnerId", json!(null)),
        ("Id", json!("00U000000000001")),
        ("CreatedDate", json!("2024-01-02T03:04:05.000+0000")),
    ];
    let mut differ = Vec::new();
    for op in [Op::Create, Op::Update] {
        for (field, value) in &cases {
            let mut body = serde_json::Map::new();
            body.insert((*field).to_owned(), value.clone());
            let body = Value::Object(body);
            let at = format!("/{field}");
            let kinds = |object: &str| -> Vec<String> {
                match check(object, op, &body) {
                    Ok(_) => Vec::new(),
                    Err(e) => e.into_iter().filter(|(p, _)| *p == at).map(|(_, k)| k).collect(),
                }
            };
            let (event, task) = (kinds("salesforce/Event"), kinds("salesforce/Task"));
            if event != task {
                differ.push(format!("{op:?} {field} = {value}: Event {event:?}, Task {task:?}"));
            }
        }
    }
    assert!(differ.is_empty(), "Event and Task disagree:\n{}", differ.join("\n"));
}
"#;
}
