//! `cargo xtask diff`: the schema review report for a pull request.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::diff::{self, report, Verdict};

/// The report's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary line, then a table per object, breaking first.
    Markdown,
    /// `{"summary": …, "changes": [{object, path, change, wire, rust, reason, …}]}`.
    Json,
    /// GitHub workflow annotations at the YAML file and line.
    Github,
}

/// Which verdict makes the command fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any breaking change not accepted in the allow file.
    Breaking,
    /// Any breaking change, or one to check by hand.
    Attention,
    /// Never (report only).
    Never,
}

/// The options of `diff`.
pub struct Options {
    pub base: Option<String>,
    pub base_dir: Option<PathBuf>,
    pub head_dir: Option<PathBuf>,
    pub format: Format,
    pub fail_on: FailOn,
    pub allow: Option<PathBuf>,
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out =
        Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Writes `schema/` as it is at `rev` into a fresh directory.
fn checkout_schema(root: &Path, rev: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("xtask-diff-base-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = git(root, &["ls-tree", "-r", "--name-only", rev, "--", "schema"])?;
    for f in files.lines().filter(|f| !f.is_empty()) {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["show", &format!("{rev}:{f}")])
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!("git show {rev}:{f} failed"));
        }
        let rel = f.strip_prefix("schema/").unwrap_or(f);
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, out.stdout).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

fn default_base(root: &Path) -> Result<String, String> {
    git(root, &["merge-base", "HEAD", "main"]).map(|s| s.trim().to_owned())
}

/// Runs the diff and prints the report; the exit status follows `--fail-on`.
pub fn run(root: &Path, opts: Options) -> ExitCode {
    match run_inner(root, &opts) {
        Ok((text, failed)) => {
            print!("{text}");
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The report's text, and whether `--fail-on` trips.
pub fn run_inner(root: &Path, opts: &Options) -> Result<(String, bool), String> {
    let (base_dir, temp) = match (&opts.base_dir, &opts.base) {
        (Some(d), _) => (d.clone(), false),
        (None, rev) => {
            let rev = match rev {
                Some(r) => r.clone(),
                None => default_base(root)?,
            };
            (checkout_schema(root, &rev)?, true)
        }
    };
    let head_dir = opts.head_dir.clone().unwrap_or_else(|| root.join("schema"));
    let base = codegen::schema::load_dir(&base_dir).map_err(|d| format!("the base schema has problems:\n{d}"));
    if temp {
        let _ = std::fs::remove_dir_all(&base_dir);
    }
    let base = base?;
    let head = codegen::schema::load_dir(&head_dir).map_err(|d| format!("the head schema has problems:\n{d}"))?;
    let mut changes = diff::diff(&base, &head);
    let allow_path = opts.allow.clone().unwrap_or_else(|| head_dir.join("accepted-changes.yaml"));
    // The default file is optional; one named on the command line must be there.
    if opts.allow.is_some() && !allow_path.is_file() {
        return Err(format!("--allow {}: no such file", allow_path.display()));
    }
    if allow_path.is_file() {
        let text = std::fs::read_to_string(&allow_path).map_err(|e| format!("{}: {e}", allow_path.display()))?;
        let allowed = codegen::schema::allow::read_allow(&allow_path.display().to_string(), &text)
            .map_err(|d| format!("the allow file has problems:\n{d}"))?;
        for a in report::apply_allowed(&mut changes, &allowed) {
            eprintln!(
                "note: {}: accepted change `{} {}` matches nothing in this diff",
                allow_path.display(),
                a.object,
                a.path
            );
        }
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let relative = move |f: &str| {
        let p = Path::new(f);
        p.strip_prefix(&cwd).map_or_else(|_| f.to_owned(), |r| r.display().to_string())
    };
    let text = match opts.format {
        Format::Markdown => report::markdown(&changes),
        Format::Json => report::json(&changes, &relative),
        Format::Github => report::github(&changes, &relative),
    };
    let failed = match (opts.fail_on, report::worst(&changes)) {
        (FailOn::Never, _) | (_, None) => false,
        (FailOn::Breaking, Some(v)) => v == Verdict::Breaking,
        (FailOn::Attention, Some(v)) => v >= Verdict::Attention,
    };
    Ok((text, failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
    }

    fn opts(base_dir: PathBuf, head_dir: PathBuf, format: Format, fail_on: FailOn) -> Options {
        Options { base: None, base_dir: Some(base_dir), head_dir: Some(head_dir), format, fail_on, allow: None }
    }

    fn copy_schema(to: &Path) {
        let from = root().join("schema");
        for api in ["stalwart", "salesforce"] {
            std::fs::create_dir_all(to.join(api)).unwrap();
            for e in std::fs::read_dir(from.join(api)).unwrap() {
                let p = e.unwrap().path();
                std::fs::copy(&p, to.join(api).join(p.file_name().unwrap())).unwrap();
            }
        }
    }

    #[test]
    fn the_schema_against_itself_reports_nothing_and_passes() {
        let s = root().join("schema");
        let (text, failed) = run_inner(&root(), &opts(s.clone(), s, Format::Markdown, FailOn::Attention)).unwrap();
        assert!(text.contains("No changes"), "{text}");
        assert!(!failed);
    }

    #[test]
    fn the_schema_against_itself_at_head_via_git() {
        let o = Options {
            base: Some("HEAD".into()),
            base_dir: None,
            head_dir: None,
            format: Format::Json,
            fail_on: FailOn::Never,
            allow: None,
        };
        let (text, _) = run_inner(&root(), &o).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        // The working tree may hold uncommitted schema edits; HEAD's schema must load either way.
        assert!(v["changes"].is_array());
    }

    #[test]
    fn a_breaking_change_trips_fail_on_unless_accepted() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-head-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_schema(&dir);
        let task = dir.join("salesforce/task.yaml");
        let text = std::fs::read_to_string(&task).unwrap();
        std::fs::write(&task, text.replacen("    length: 255\n", "    length: 200\n", 1)).unwrap();
        let base = root().join("schema");
        let (md, failed) =
            run_inner(&root(), &opts(base.clone(), dir.clone(), Format::Markdown, FailOn::Breaking)).unwrap();
        assert!(failed, "{md}");
        assert!(md.contains("limit lowered from 255 to 200"), "{md}");
        let (_, failed) = run_inner(&root(), &opts(base.clone(), dir.clone(), Format::Github, FailOn::Never)).unwrap();
        assert!(!failed);
        std::fs::write(
            dir.join("accepted-changes.yaml"),
            "accepted:\n  - object: salesforce/Task\n    path: fields.CallDisposition\n    reason: Dispositions are short codes.\n",
        )
        .unwrap();
        let (md, failed) = run_inner(&root(), &opts(base, dir.clone(), Format::Markdown, FailOn::Breaking)).unwrap();
        assert!(!failed, "{md}");
        assert!(md.contains("**accepted**: Dispositions are short codes."), "{md}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_allow_file_or_a_repeated_entry_is_an_error() {
        let s = root().join("schema");
        let missing = Options {
            allow: Some(s.join("no-such-allow.yaml")),
            ..opts(s.clone(), s.clone(), Format::Json, FailOn::Never)
        };
        let e = run_inner(&root(), &missing).unwrap_err();
        assert!(e.contains("no-such-allow.yaml: no such file"), "{e}");
        let dir = std::env::temp_dir().join(format!("xtask-diff-allow-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let entry = "  - object: salesforce/Task\n    path: fields.CallDisposition\n    reason: Short codes.\n";
        let allow = dir.join("allow.yaml");
        std::fs::write(&allow, format!("accepted:\n{entry}{}", entry.replace("Short codes.", "Another reason.")))
            .unwrap();
        let twice = Options { allow: Some(allow), ..opts(s.clone(), s, Format::Json, FailOn::Never) };
        let e = run_inner(&root(), &twice).unwrap_err();
        assert!(
            e.contains(":5:5: error: `salesforce/Task` `fields.CallDisposition` is accepted twice (first on line 2)"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_broken_schema_is_an_error_not_a_report() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-bad-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_schema(&dir);
        std::fs::write(dir.join("stalwart/task.yaml"), "object: [\n").unwrap();
        let e = run_inner(&root(), &opts(root().join("schema"), dir.clone(), Format::Markdown, FailOn::Breaking));
        assert!(e.unwrap_err().contains("the head schema has problems"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
