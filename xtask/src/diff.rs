//! `cargo xtask diff`: the schema review report for a pull request.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::internal::diff::{self, report, Verdict};

/// The report's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary line, then a table per object, breaking first.
    Markdown,
    /// `{"summary": …, "changes": [{object, path, change, wire, rust, reason, …}]}`.
    Json,
    /// GitHub workflow annotations at the YAML file and line.
    Github,
    /// A SARIF 2.1.0 log, for GitHub code scanning (`upload-sarif`).
    Sarif,
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
#[derive(Clone)]
pub struct Options {
    pub base: Option<String>,
    pub base_dir: Option<PathBuf>,
    pub head_dir: Option<PathBuf>,
    pub format: Format,
    pub fail_on: FailOn,
    pub allow: Option<PathBuf>,
    pub crate_version: Option<String>,
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

/// The base revision: the merge base of HEAD with `main`, else with `origin/main`, else
/// with `origin/HEAD` (a CI clone often has no local `main`).
fn default_base(root: &Path) -> Result<String, String> {
    for candidate in ["main", "origin/main", "origin/HEAD"] {
        if git(root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{candidate}^{{commit}}")])
            .is_ok()
        {
            return git(root, &["merge-base", "HEAD", candidate]).map(|s| s.trim().to_owned());
        }
    }
    Err("no `main`, `origin/main` or `origin/HEAD` to compare with: pass the base as \
         `--base <REV>` (a branch, tag or commit) or `--base-dir <DIR>` (a schema folder)"
        .to_owned())
}

/// A revision named on the command line, as a commit id: never an option for git
/// (`--base=--help`), and a clear error when it names no commit.
fn resolve_rev(root: &Path, rev: &str) -> Result<String, String> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(format!("--base `{rev}` is not a revision: name a branch, tag or commit"));
    }
    git(root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])
        .map(|s| s.trim().to_owned())
        .map_err(|_| format!("--base `{rev}` names no commit in {}", root.display()))
}

/// The version in `generated/Cargo.toml` at `rev`, when there is one.
fn version_at(root: &Path, rev: &str) -> Option<String> {
    let text = git(root, &["show", &format!("{rev}:generated/Cargo.toml")]).ok()?;
    crate::manifest_version(&text)
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
    let mut current = opts.crate_version.clone();
    let (base_dir, temp) = match (&opts.base_dir, &opts.base) {
        (Some(d), _) => (d.clone(), false),
        (None, rev) => {
            let rev = match rev {
                Some(r) => resolve_rev(root, r)?,
                None => default_base(root)?,
            };
            current = current.or_else(|| version_at(root, &rev));
            (checkout_schema(root, &rev)?, true)
        }
    };
    let head_dir = opts.head_dir.clone().unwrap_or_else(|| root.join("schema"));
    let base =
        codegen::internal::schema::load_dir(&base_dir).map_err(|d| format!("the base schema has problems:\n{d}"));
    if temp {
        let _ = std::fs::remove_dir_all(&base_dir);
    }
    let base = base?;
    let head =
        codegen::internal::schema::load_dir(&head_dir).map_err(|d| format!("the head schema has problems:\n{d}"))?;
    let mut changes = diff::diff(&base, &head);
    let allow_path = opts.allow.clone().unwrap_or_else(|| head_dir.join("accepted-changes.yaml"));
    // The default file is optional; one named on the command line must be there.
    if opts.allow.is_some() && !allow_path.is_file() {
        return Err(format!("--allow {}: no such file", allow_path.display()));
    }
    if allow_path.is_file() {
        let text = std::fs::read_to_string(&allow_path).map_err(|e| format!("{}: {e}", allow_path.display()))?;
        let allowed = codegen::internal::schema::allow::read_allow(&allow_path.display().to_string(), &text)
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
    // A base read from git stood in a scratch folder, gone by now: what was removed is
    // named where it lived in the repository (`schema/…`), at its line in the base.
    let checkout = temp.then(|| (base_dir.clone(), root.join("schema")));
    let relative = move |f: &str| {
        let p = match &checkout {
            Some((scratch, schema)) => Path::new(f).strip_prefix(scratch).map_or_else(|_| f.into(), |r| schema.join(r)),
            None => PathBuf::from(f),
        };
        p.strip_prefix(&cwd).unwrap_or(&p).display().to_string()
    };
    let release = report::release(&changes, current.as_deref())?;
    let text = match opts.format {
        Format::Markdown => report::markdown(&changes, &release, &relative),
        Format::Json => report::json(&changes, &release, &relative),
        Format::Github => report::github(&changes, &release, &relative),
        Format::Sarif => report::sarif(&changes, &release, &relative),
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
        Options {
            base: None,
            base_dir: Some(base_dir),
            head_dir: Some(head_dir),
            format,
            fail_on,
            allow: None,
            crate_version: None,
        }
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
            crate_version: None,
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
            e.contains("error: `salesforce/Task` `fields.CallDisposition` is accepted twice (first on line 2)\n")
                && e.contains("allow.yaml:5:5\n"),
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

    #[test]
    fn a_base_that_looks_like_an_option_never_reaches_git() {
        for bad in ["--help", "-p", "", "--output=/tmp/x"] {
            let o =
                Options { base: Some(bad.into()), base_dir: None, ..opts(root(), root(), Format::Json, FailOn::Never) };
            let e = run_inner(&root(), &o).unwrap_err();
            assert!(e.contains("is not a revision: name a branch, tag or commit"), "{bad}: {e}");
        }
        let o = Options {
            base: Some("no-such-branch".into()),
            base_dir: None,
            ..opts(root(), root(), Format::Json, FailOn::Never)
        };
        assert!(run_inner(&root(), &o).unwrap_err().contains("`no-such-branch` names no commit"));
    }

    fn git_in(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
    }

    /// A CI clone has no local `main`: the base falls back to `origin/main`, then
    /// `origin/HEAD`, and without them the error says what to pass.
    #[test]
    fn without_a_local_main_the_base_falls_back_or_says_what_to_pass() {
        let repo = std::env::temp_dir().join(format!("xtask-diff-repo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&repo);
        copy_schema(&repo.join("schema"));
        git_in(&repo, &["init", "-q", "-b", "feature"]);
        git_in(&repo, &["add", "schema"]);
        git_in(&repo, &["commit", "-q", "-m", "schema"]);
        let o = Options {
            base_dir: None,
            head_dir: Some(repo.join("schema")),
            ..opts(root(), root(), Format::Json, FailOn::Never)
        };
        let e = run_inner(&repo, &o).unwrap_err();
        assert!(e.contains("no `main`, `origin/main` or `origin/HEAD`"), "{e}");
        assert!(e.contains("`--base <REV>`") && e.contains("`--base-dir <DIR>`"), "{e}");
        git_in(&repo, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
        let (text, _) = run_inner(&repo, &o).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["changes"].as_array().unwrap().len(), 0, "{text}");
        let _ = std::fs::remove_dir_all(&repo);
    }

    /// A field removed since a git base is located in the repository's `schema/` at its
    /// line in the base, not in the scratch folder the base was read into.
    #[test]
    fn a_removal_since_a_git_base_points_into_the_repository() {
        let repo = std::env::temp_dir().join(format!("xtask-diff-removed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&repo);
        copy_schema(&repo.join("schema"));
        git_in(&repo, &["init", "-q", "-b", "main"]);
        git_in(&repo, &["add", "schema"]);
        git_in(&repo, &["commit", "-q", "-m", "schema"]);
        let task = repo.join("schema/salesforce/task.yaml");
        let text = std::fs::read_to_string(&task).unwrap();
        let field = "  CallDurationInSeconds:\n    type: int\n";
        let at = text.find(field).expect("the field");
        let end = text[at + 2..].find("\n  C").map(|i| at + 2 + i + 1).unwrap();
        std::fs::write(&task, format!("{}{}", &text[..at], &text[end..])).unwrap();
        let o = Options {
            base: Some("HEAD".into()),
            base_dir: None,
            head_dir: None,
            ..opts(root(), root(), Format::Json, FailOn::Never)
        };
        let (json, _) = run_inner(&repo, &o).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let removed = v["changes"].as_array().unwrap().iter().find(|c| c["kind"] == "FieldRemoved").expect(&json);
        assert_eq!(removed["path"], "fields.CallDurationInSeconds");
        let file = Path::new(removed["file"].as_str().unwrap());
        assert_eq!(std::env::current_dir().unwrap().join(file), task, "{json}");
        let line = text[..at].lines().count() + 1;
        assert_eq!(removed["line"], line, "the field's line in the base");
        let _ = std::fs::remove_dir_all(&repo);
    }

    /// The SARIF log GitHub code scanning reads, and the release every format states.
    #[test]
    fn sarif_and_the_release_from_the_crate_version() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-sarif-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_schema(&dir);
        let task = dir.join("salesforce/task.yaml");
        let text = std::fs::read_to_string(&task).unwrap();
        std::fs::write(&task, text.replacen("    length: 255\n", "    length: 200\n", 1)).unwrap();
        let o = Options {
            crate_version: Some("1.4.0".into()),
            ..opts(root().join("schema"), dir.clone(), Format::Sarif, FailOn::Breaking)
        };
        let (text, failed) = run_inner(&root(), &o).unwrap();
        assert!(failed);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let result = &v["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "LimitLowered");
        assert_eq!(result["level"], "error");
        assert_eq!(v["runs"][0]["properties"]["release"]["next"], "1.5.0");
        for format in [Format::Markdown, Format::Json, Format::Github] {
            let (text, _) = run_inner(&root(), &Options { format, ..o.clone() }).unwrap();
            assert!(text.contains("1.5.0"), "{format:?}: {text}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The shipped allow file is a real one: it parses, and every entry has a reason.
    #[test]
    fn the_shipped_allow_file_parses() {
        let path = root().join("schema/accepted-changes.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let allowed = codegen::internal::schema::allow::read_allow("accepted-changes.yaml", &text)
            .unwrap_or_else(|d| panic!("{d}"));
        let s = root().join("schema");
        let (md, failed) = run_inner(&root(), &opts(s.clone(), s, Format::Markdown, FailOn::Breaking)).unwrap();
        assert!(!failed && md.contains("No changes"), "{md}");
        assert!(allowed.is_empty(), "nothing waits to be released");
        // The commented example is a valid allow file too.
        let example: String = text.lines().filter_map(|l| l.strip_prefix("#   ")).map(|l| format!("  {l}\n")).collect();
        let example = codegen::internal::schema::allow::read_allow("example", &format!("accepted:\n{example}"))
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(example.len(), 2);
        assert_eq!(example[0].change.as_deref(), Some("limit lowered from 255 to 200"));
        assert!(example[1].reason.starts_with("Trace indexing is scheduled by the server only"));
    }
}
