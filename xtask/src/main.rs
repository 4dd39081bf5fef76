//! Project tasks: `cargo xtask generate [--check] [--schema DIR] [--out DIR]`.
//!
//! Argument parsing and file writing only; generation lives in the `codegen` crate.

mod diff;
mod files;
#[cfg(test)]
mod hostile;
mod import;

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
        /// The generated package's name.
        #[arg(long, default_value = "api-models")]
        crate_name: String,
        /// How the crate reaches the runtime: `dependency` on the `api-runtime` crate
        /// (shared by every crate generated with it), or a `copy` of its sources in
        /// `src/runtime/` (a crate with no such dependency).
        #[arg(long, value_enum, default_value = "dependency")]
        runtime: RuntimeArg,
        /// Prints how long loading, emitting and writing took (to stderr).
        #[arg(long)]
        timings: bool,
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
    },
    /// Writes schema YAML from a published description (Stalwart registry, Salesforce describes).
    Import {
        #[command(subcommand)]
        source: import::Source,
    },
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
fn runtime_option(arg: RuntimeArg, out: &Path) -> codegen::emit::Runtime {
    if arg == RuntimeArg::Copy {
        return codegen::emit::Runtime::Copy;
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
    codegen::emit::Runtime::Dependency { path: Some(path) }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Import { source } => import::run(source),
        Command::Generate { check, schema, out, crate_name, runtime, timings } => {
            let root = workspace_root();
            let schema = schema.unwrap_or_else(|| root.join("schema"));
            let out = out.unwrap_or_else(|| root.join("generated"));
            let options = codegen::emit::Options { crate_name, runtime: runtime_option(runtime, &out) };
            generate(&schema, &out, &options, check, timings)
        }
        Command::Diff { base, base_dir, head_dir, format, fail_on, allow } => {
            diff::run(&workspace_root(), diff::Options { base, base_dir, head_dir, format, fail_on, allow })
        }
    }
}

fn generate(schema: &Path, out: &Path, options: &codegen::emit::Options, check: bool, timings: bool) -> ExitCode {
    let mut clock = Timings::new(timings);
    let model = match codegen::schema::load_dir(schema) {
        Ok(m) => m,
        Err(diags) => {
            eprintln!("{diags}");
            eprintln!("error: the schema has problems; {} is unchanged", out.display());
            return ExitCode::from(2);
        }
    };
    clock.lap("load and check the schema");
    let outputs = codegen::emit::generate(&model, options);
    clock.lap("emit and format");
    if check {
        let stale = files::stale(out, &outputs);
        if stale.is_empty() {
            println!("{} is up to date with {}", out.display(), schema.display());
            return ExitCode::SUCCESS;
        }
        eprint!("{}", files::render_diff(&stale));
        eprintln!(
            "error: {} is stale ({} file(s) differ). To update it, run:\n\n    cargo xtask generate\n",
            out.display(),
            stale.len()
        );
        return ExitCode::FAILURE;
    }
    let written = files::write_all(out, &outputs);
    clock.lap("write");
    match written {
        Ok(report) => {
            println!(
                "generated {} file(s) into {}: {} written, {} removed, {} unchanged",
                outputs.len(),
                out.display(),
                report.written,
                report.removed,
                report.unchanged
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", out.display());
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
        let model = codegen::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let outputs = codegen::emit::generate(&model, &codegen::emit::Options::default());
        let stale = files::stale(&root.join("generated"), &outputs);
        assert!(stale.is_empty(), "generated/ is stale; run `cargo xtask generate`:\n{}", files::render_diff(&stale));
    }

    #[test]
    fn generating_twice_changes_nothing() {
        let root = workspace_root();
        let model = codegen::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let a = codegen::emit::generate(&model, &codegen::emit::Options::default());
        let model = codegen::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let b = codegen::emit::generate(&model, &codegen::emit::Options::default());
        assert_eq!(a, b, "the same schema gives the same bytes");
    }

    #[test]
    fn check_reports_a_diff_and_write_repairs_it() {
        let root = workspace_root();
        let model = codegen::schema::load_dir(&root.join("schema")).unwrap_or_else(|d| panic!("{d}"));
        let outputs = codegen::emit::generate(&model, &codegen::emit::Options::default());
        let dir = std::env::temp_dir().join(format!("xtask-fresh-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = files::write_all(&dir, &outputs).unwrap();
        assert_eq!(first.written, outputs.len());
        std::fs::write(dir.join("src/lib.rs"), "// edited by hand\n").unwrap();
        std::fs::write(dir.join("src/stray.rs"), "// not generated\n").unwrap();
        let stale = files::stale(&dir, &outputs);
        assert_eq!(stale.len(), 2);
        let diff = files::render_diff(&stale);
        assert!(diff.contains("-// edited by hand"), "{diff}");
        assert!(diff.contains("+++ /dev/null"), "{diff}");
        let again = files::write_all(&dir, &outputs).unwrap();
        assert_eq!((again.written, again.removed, again.unchanged), (1, 1, outputs.len() - 1));
        assert!(files::stale(&dir, &outputs).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
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
            let options =
                codegen::emit::Options { crate_name: "standalone-models".into(), runtime: runtime_option(arg, &out) };
            assert_eq!(generate(&root.join("schema"), &out, &options, false, false), ExitCode::SUCCESS);
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
            codegen::emit::Runtime::Dependency { path } => path.unwrap(),
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
