//! Project tasks: `cargo xtask generate [--check] [--schema DIR] [--out DIR]`.
//!
//! Argument parsing and file writing only; generation lives in the `codegen` crate.

#[cfg(test)]
mod accepted;
mod diff;
#[cfg(test)]
mod docs;
mod files;
#[cfg(test)]
mod hostile;
mod import;
#[cfg(test)]
mod two_crates;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Tasks of the schema-driven code generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates the crate from the schema (default: schema/ into generated/).
    Generate {
        /// Changes nothing; fails with a diff when the output is stale.
        #[arg(long)]
        check: bool,
        /// The schema tree: one directory per API, each with an api.yaml.
        #[arg(long, value_name = "DIR")]
        schema: Option<PathBuf>,
        /// Where the crate goes (created if missing).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The generated package's name (letters, digits, `-`, `_`; a letter first).
        /// Default: `api-models` for this repository's schema/, else one derived from
        /// the schema tree's APIs and objects (`salesforce-contact-models`), so that
        /// crates generated from different trees can be used in one program.
        #[arg(long, value_parser = crate_name)]
        crate_name: Option<String>,
        /// The generated package's version, the release `cargo xtask diff` calls for
        /// (default: the version already in <out>/Cargo.toml, else 0.1.0).
        #[arg(long, value_name = "VERSION", value_parser = crate_version)]
        crate_version: Option<String>,
        /// How the crate reaches the runtime: `dependency` on the `api-runtime` crate
        /// (shared by every crate generated with it), or a `copy` of its sources in
        /// `src/runtime/` (a crate with no such dependency).
        #[arg(long, value_enum, default_value = "dependency")]
        runtime: RuntimeArg,
        /// Prints how long loading, emitting and writing took (to stderr).
        #[arg(long)]
        timings: bool,
        /// Writes into a non-empty folder that generate did not make (it has no
        /// `.generated-files`): files at generated paths are replaced, nothing else is touched.
        #[arg(long)]
        force: bool,
        /// Leaves out the example (a doctest) that opens each object's module: each is a
        /// test binary of its own, which a crate of many objects may not want to build.
        #[arg(long)]
        no_doc_examples: bool,
    },
    /// Compares two schema trees: what changed, and whom it breaks (wire and Rust API).
    Diff {
        /// The base: a git revision (default: the merge base with `main`).
        #[arg(long, value_name = "REF", conflicts_with = "base_dir")]
        base: Option<String>,
        /// The base: a schema directory.
        #[arg(long, value_name = "DIR")]
        base_dir: Option<PathBuf>,
        /// The head: a schema directory (default: the working tree's schema/).
        #[arg(long, value_name = "DIR")]
        head_dir: Option<PathBuf>,
        /// The report's format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: diff::Format,
        /// Exit 1 when a change not accepted in the allow file is this bad.
        #[arg(long, value_enum, default_value = "breaking")]
        fail_on: diff::FailOn,
        /// Accepted breaking changes (default: <head>/accepted-changes.yaml).
        #[arg(long, value_name = "FILE")]
        allow: Option<PathBuf>,
        /// The version of the crate generated from the base, to state the next one
        /// (default: the version in generated/Cargo.toml at the base revision).
        #[arg(long, value_name = "VERSION", value_parser = crate_version)]
        crate_version: Option<String>,
    },
    /// Writes schema YAML from a published description (Stalwart registry, Salesforce describes).
    Import {
        #[command(subcommand)]
        source: import::Source,
    },
}

/// A version `major.minor.patch` (with an optional pre-release or build suffix): it is
/// written into the generated `Cargo.toml`, so nothing else may pass.
fn crate_version(v: &str) -> Result<String, String> {
    let allowed = v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if !allowed {
        return Err(format!("`{v}` is not a version `major.minor.patch`"));
    }
    codegen::internal::diff::semver::next_version(v, codegen::internal::diff::semver::Bump::None)?;
    Ok(v.to_owned())
}

/// The version in a generated `Cargo.toml`'s `[package]`.
fn manifest_version(text: &str) -> Option<String> {
    let package = text.split("\n[").find(|s| s.trim_start().starts_with("[package]") || s.starts_with("package]"))?;
    package.lines().find_map(|l| {
        let v = l.trim().strip_prefix("version")?.trim_start().strip_prefix('=')?.trim();
        Some(v.strip_prefix('"')?.strip_suffix('"')?.to_owned())
    })
}

/// `generate --runtime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum RuntimeArg {
    /// Depend on `api-runtime` (by path to this workspace's `runtime/`, and version).
    Dependency,
    /// Copy the runtime's sources into the crate.
    Copy,
}

/// What `generate` writes into the crate at `out` for `--runtime`: a dependency on this
/// workspace's runtime by a path relative to `out` when `out` is inside the workspace
/// (so the checked-in crate does not depend on where the checkout is), else absolute.
fn runtime_option(arg: RuntimeArg, out: &Path) -> codegen::internal::emit::Runtime {
    if arg == RuntimeArg::Copy {
        return codegen::internal::emit::Runtime::Copy;
    }
    let root = workspace_root();
    let runtime = root.join("runtime");
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let path = match out.strip_prefix(&root) {
        Ok(inside) => {
            let ups = inside.components().filter(|c| matches!(c, std::path::Component::Normal(_))).count();
            let mut rel = "../".repeat(ups);
            rel.push_str("runtime");
            rel
        }
        Err(_) => runtime.to_string_lossy().replace('\\', "/"),
    };
    codegen::internal::emit::Runtime::Dependency { path: Some(path) }
}

/// A package name Cargo and crates.io accept: it is written into the generated
/// `Cargo.toml` and becomes the crate's path in Rust, so nothing else may pass.
fn crate_name(name: &str) -> Result<String, String> {
    // Rust keywords are codegen's (`ident`), which the schema checker uses too.
    const BUILT_IN_CRATES: &[&str] = &["core", "std", "alloc", "proc_macro", "test"];
    if !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return Err("a package name starts with an ASCII letter".into());
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(format!("{c:?} is not allowed: a package name holds ASCII letters, digits, `-` and `_`"));
    }
    if name.len() > 64 {
        return Err("a package name is at most 64 characters".into());
    }
    let rust = name.replace('-', "_");
    if codegen::internal::ident::is_keyword(&rust) || BUILT_IN_CRATES.contains(&rust.as_str()) {
        return Err(format!("`{name}` is a Rust keyword or a built-in crate's name"));
    }
    Ok(name.to_owned())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Import { source } => import::run(source),
        Command::Generate {
            check,
            schema,
            out,
            crate_name,
            crate_version,
            runtime,
            timings,
            force,
            no_doc_examples,
        } => {
            let root = workspace_root();
            // The checked-in crate keeps its name; other trees get one of their own.
            let crate_name = crate_name.or_else(|| schema.is_none().then(|| "api-models".to_owned()));
            let schema = schema.unwrap_or_else(|| root.join("schema"));
            let out = out.unwrap_or_else(|| root.join("generated"));
            // Without --crate-version, the version a release set stays.
            let crate_version = crate_version
                .or_else(|| std::fs::read_to_string(out.join("Cargo.toml")).ok().and_then(|t| manifest_version(&t)))
                .unwrap_or_else(|| "0.1.0".to_owned());
            let options = codegen::internal::emit::Options {
                crate_name,
                crate_version,
                runtime: runtime_option(runtime, &out),
                doc_examples: !no_doc_examples,
            };
            generate(&schema, &out, &options, Mode { check, force, timings })
        }
        Command::Diff { base, base_dir, head_dir, format, fail_on, allow, crate_version } => diff::run(
            &workspace_root(),
            diff::Options { base, base_dir, head_dir, format, fail_on, allow, crate_version },
        ),
    }
}

/// How `generate` runs.
#[derive(Clone, Copy, Default)]
struct Mode {
    /// Change nothing; fail when the output differs.
    check: bool,
    /// Write into a folder without a manifest.
    force: bool,
    /// Print phase durations.
    timings: bool,
}

/// Refuses an output folder that is, or lies inside, the schema tree: generation there
/// would write among (and the schema loader would then read) the user's schema files.
fn overlapping(schema: &Path, out: &Path) -> Option<String> {
    let canonical = |p: &Path| {
        // `out` may not exist yet: resolve its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            rest.push(existing.file_name()?.to_owned());
            existing = existing.parent()?.to_path_buf();
        }
        let mut c =
            std::fs::canonicalize(if existing.as_os_str().is_empty() { Path::new(".") } else { &existing }).ok()?;
        c.extend(rest.iter().rev());
        Some(c)
    };
    let (s, o) = (canonical(schema)?, canonical(out)?);
    o.starts_with(&s).then(|| {
        format!(
            "the output folder {} is the schema folder {} or inside it; generate never writes among schema files",
            out.display(),
            schema.display()
        )
    })
}

fn generate(schema: &Path, out: &Path, options: &codegen::internal::emit::Options, mode: Mode) -> ExitCode {
    let mut clock = Timings::new(mode.timings);
    if let Some(why) = overlapping(schema, out) {
        eprintln!("error: {why}");
        return ExitCode::from(2);
    }
    let model = match codegen::internal::schema::load_dir(schema) {
        Ok(m) => m,
        Err(diags) => {
            // anstream drops the colours when stderr is not a terminal or NO_COLOR is set.
            anstream::eprintln!("{}", diags.render(true));
            eprintln!("error: the schema has problems; {} is unchanged", out.display());
            return ExitCode::from(2);
        }
    };
    clock.lap("load and check the schema");
    let outputs = codegen::internal::emit::generate(&model, options);
    clock.lap("emit and format");
    if mode.check {
        let found = files::check(out, &outputs);
        if found.is_clean() {
            println!("{} is up to date with {}", out.display(), schema.display());
            return ExitCode::SUCCESS;
        }
        eprint!("{}", files::render_diff(&found.stale));
        for problem in &found.problems {
            eprintln!("error: {problem}");
        }
        eprintln!(
            "error: {} is stale ({} file(s) differ). To update it, run:\n\n    cargo xtask generate\n",
            out.display(),
            found.stale.len()
        );
        return ExitCode::FAILURE;
    }
    let written = files::write_all(out, &outputs, mode.force);
    clock.lap("write");
    match written {
        Ok(report) => {
            if let Some(repair) = &report.repaired {
                println!("{repair}");
            }
            println!(
                "generated {} file(s) into {}: {} written, {} removed, {} unchanged",
                outputs.len(),
                out.display(),
                report.written,
                report.removed,
                report.unchanged
            );
            if !report.left_alone.is_empty() {
                let mut shown = report.left_alone.clone();
                let more = shown.len().saturating_sub(10);
                shown.truncate(10);
                println!(
                    "left alone {} entr{} generate does not own: {}{}",
                    report.left_alone.len(),
                    if report.left_alone.len() == 1 { "y" } else { "ies" },
                    shown.join(", "),
                    if more > 0 { format!(", and {more} more") } else { String::new() }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same gate as `cargo xtask generate --check`, inside `cargo test`.
    #[test]
    fn generated_crate_is_fresh() {
        let root = workspace_root();
        let model = codegen::internal::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let outputs = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
        let found = files::check(&root.join("generated"), &outputs);
        assert!(
            found.is_clean(),
            "generated/ is stale; run `cargo xtask generate`:\n{}{:?}",
            files::render_diff(&found.stale),
            found.problems
        );
    }

    #[test]
    fn generating_twice_changes_nothing() {
        let root = workspace_root();
        let model = codegen::internal::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let a = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
        let model = codegen::internal::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let b = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
        assert_eq!(a, b, "the same schema gives the same bytes");
    }

    #[test]
    fn check_reports_a_diff_and_write_repairs_it() {
        let root = workspace_root();
        let model = codegen::internal::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let outputs = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
        let dir = std::env::temp_dir().join(format!("xtask-fresh-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = files::write_all(&dir, &outputs, false).unwrap();
        assert_eq!(first.written, outputs.len());
        std::fs::write(dir.join("src/lib.rs"), "// edited by hand\n").unwrap();
        std::fs::write(dir.join("src/mine.rs"), "// not generated\n").unwrap();
        let found = files::check(&dir, &outputs);
        assert_eq!(found.stale.len(), 1, "a file generate does not own is not stale");
        let diff = files::render_diff(&found.stale);
        assert!(diff.contains("-// edited by hand"), "{diff}");
        let again = files::write_all(&dir, &outputs, false).unwrap();
        assert_eq!((again.written, again.removed, again.unchanged), (1, 0, outputs.len() - 1));
        assert_eq!(again.left_alone, ["src/mine.rs"]);
        assert!(files::check(&dir, &outputs).is_clean());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod flags {
    use super::*;

    /// `--crate-name` goes into `Cargo.toml`: anything but a package name is refused by
    /// the parser (exit 2), so no TOML can be injected.
    #[test]
    fn crate_name_is_a_package_name() {
        let parse =
            |name: &str| Cli::try_parse_from(["xtask", "generate", &format!("--crate-name={name}")]).map(|_| ());
        for good in ["api-models", "my_models2", "a"] {
            assert!(parse(good).is_ok(), "{good}");
        }
        for bad in
            ["x\n[dependencies]\nevil = \"1\"", "x\"", "", "1st", "-x", "naïve", "a b", "fn", "std", &"a".repeat(65)]
        {
            let e = parse(bad).expect_err(bad);
            assert_eq!(e.exit_code(), 2, "{bad:?}");
            assert!(e.to_string().contains("--crate-name"), "{e}");
        }
    }

    /// `--crate-version` goes into `Cargo.toml` too: only a version passes.
    #[test]
    fn crate_version_is_a_version() {
        let parse = |v: &str| Cli::try_parse_from(["xtask", "generate", &format!("--crate-version={v}")]).map(|_| ());
        for good in ["0.1.0", "2.10.3", "1.0.0-rc.1"] {
            assert!(parse(good).is_ok(), "{good}");
        }
        for bad in ["1.0", "x.y.z", "1.0.0\"\n[dependencies]", "", "--help"] {
            let e = parse(bad).expect_err(bad);
            assert_eq!(e.exit_code(), 2, "{bad:?}");
        }
    }

    /// The version a release set stays when generate runs without `--crate-version`.
    #[test]
    fn the_manifest_version_is_read_back() {
        let text = codegen::internal::emit::generate(
            &codegen::internal::schema::load_dir(&workspace_root().join("schema")).unwrap(),
            &codegen::internal::emit::Options { crate_version: "3.1.4".into(), ..Default::default() },
        )
        .into_iter()
        .find(|f| f.path == "Cargo.toml")
        .unwrap()
        .contents;
        assert!(text.contains("version = \"3.1.4\"\n"), "{text}");
        assert_eq!(manifest_version(&text).as_deref(), Some("3.1.4"));
        assert_eq!(manifest_version("[dependencies]\nserde = { version = \"1\" }\n"), None);
    }
}

#[cfg(test)]
mod output_folder {
    use super::*;
    use std::fs;

    fn copy_tree(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap().map(Result::unwrap) {
            if e.file_type().unwrap().is_dir() {
                copy_tree(&e.path(), &to.join(e.file_name()));
            } else {
                fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut acc = Vec::new();
        for e in fs::read_dir(dir).unwrap().map(Result::unwrap) {
            if e.file_type().unwrap().is_dir() {
                acc.extend(files_under(&e.path()));
            } else {
                acc.push((e.path(), fs::read(e.path()).unwrap()));
            }
        }
        acc.sort();
        acc
    }

    /// `--schema so --out so` (or an output inside the schema) is refused, the schema untouched.
    #[test]
    fn the_schema_folder_is_never_an_output() {
        let dir = std::env::temp_dir().join(format!("xtask-schema-out-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let schema = dir.join("so");
        copy_tree(&workspace_root().join("schema"), &schema);
        let before = files_under(&schema);
        for out in [schema.clone(), schema.join("."), schema.join("stalwart"), schema.join("new/crate")] {
            let mode = Mode { force: true, ..Mode::default() };
            assert_eq!(
                generate(&schema, &out, &codegen::internal::emit::Options::default(), mode),
                ExitCode::from(2),
                "{}",
                out.display()
            );
            assert_eq!(files_under(&schema), before, "{}", out.display());
        }
        let _ = fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod out_anywhere {
    use super::*;
    use std::process::Command;

    /// `generate --out DIR` makes a complete crate anywhere, whichever way it reaches
    /// the runtime: it builds on its own, and each API compiles alone behind its feature.
    #[test]
    fn generated_crate_builds_outside_the_workspace_per_feature() {
        let root = workspace_root();
        for (arg, name) in [(RuntimeArg::Dependency, "dependency"), (RuntimeArg::Copy, "copy")] {
            let out = std::env::temp_dir().join(format!("xtask-out-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&out);
            let options = codegen::internal::emit::Options {
                crate_name: Some("standalone-models".into()),
                runtime: runtime_option(arg, &out),
                ..Default::default()
            };
            assert_eq!(generate(&root.join("schema"), &out, &options, Mode::default()), ExitCode::SUCCESS);
            let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
            assert_eq!(manifest.contains("api-runtime"), arg == RuntimeArg::Dependency, "{manifest}");
            assert_eq!(out.join("src/runtime/mod.rs").exists(), arg == RuntimeArg::Copy);
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            for features in [
                &["--no-default-features", "--features", "stalwart"][..],
                &["--no-default-features", "--features", "salesforce"],
            ] {
                let status = Command::new(&cargo)
                    .args(["check", "--quiet", "--manifest-path"])
                    .arg(out.join("Cargo.toml"))
                    .args(features)
                    // One cache for every run, so that dependencies build once.
                    .env("CARGO_TARGET_DIR", root.join("target/out-anywhere"))
                    .env("RUSTFLAGS", "-D warnings")
                    .status()
                    .expect("cargo runs");
                assert!(
                    status.success(),
                    "the crate generated into {} ({name}) does not build with {features:?}",
                    out.display()
                );
            }
            let _ = std::fs::remove_dir_all(&out);
        }
    }

    /// Inside the workspace the runtime is found by a relative path, so the checked-in
    /// crate does not depend on where the checkout is.
    #[test]
    fn runtime_path_is_relative_inside_the_workspace() {
        let root = workspace_root();
        let path = |out: &Path| match runtime_option(RuntimeArg::Dependency, out) {
            codegen::internal::emit::Runtime::Dependency { path } => path.unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(path(&root.join("generated")), "../runtime");
        assert_eq!(path(&root.join("target/tmp/models")), "../../../runtime");
        assert_eq!(path(Path::new("/elsewhere/models")), root.join("runtime").to_string_lossy());
    }
}

/// Phase durations for `generate --timings`, printed as each phase ends.
struct Timings {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
}

impl Timings {
    fn new(on: bool) -> Self {
        let now = std::time::Instant::now();
        Timings { on, start: now, last: now }
    }

    fn lap(&mut self, phase: &str) {
        let now = std::time::Instant::now();
        if self.on {
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            eprintln!("{phase:>28}: {:8.1} ms  (total {:8.1} ms)", ms(now - self.last), ms(now - self.start));
        }
        self.last = now;
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
