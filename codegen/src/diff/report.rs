//! The diff as a pull-request comment (Markdown), a JSON document, a SARIF 2.1.0 log
//! for GitHub code scanning, or GitHub workflow annotations.
//!
//! The shapes of the JSON and SARIF reports are documented for users in
//! `docs/schema-review.md`; a snapshot test (`codegen/tests/diff.rs`) holds all three
//! for a realistic change set.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json, Value};

use super::semver::{self, Bump};
use super::{Change, Verdict};

/// A change the allow file accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// `<api>/<Object>`.
    pub object: String,
    /// The change's path.
    pub path: String,
    /// The change's words, when the entry names one (else every change at the path).
    pub change: Option<String>,
    /// Why it is accepted.
    pub reason: String,
}

/// Marks the changes the allow file accepts; returns the entries that matched nothing.
pub fn apply_allowed<'a>(changes: &mut [Change], allowed: &'a [Accepted]) -> Vec<&'a Accepted> {
    let mut unused = Vec::new();
    for a in allowed {
        let mut hit = false;
        for c in changes.iter_mut() {
            if c.object == a.object && c.path == a.path && a.change.as_ref().is_none_or(|w| *w == c.change) {
                c.accepted = Some(a.reason.clone());
                hit = true;
            }
        }
        if !hit {
            unused.push(a);
        }
    }
    unused
}

/// How the changes count: by the worse verdict, accepted ones apart.
pub fn summary(changes: &[Change]) -> (usize, usize, usize, usize) {
    let mut s = (0, 0, 0, 0);
    for c in changes {
        if c.accepted.is_some() {
            s.3 += 1;
            continue;
        }
        match c.severity() {
            Verdict::Breaking => s.0 += 1,
            Verdict::Attention => s.1 += 1,
            Verdict::Compatible => s.2 += 1,
        }
    }
    s
}

/// The worst verdict among changes not accepted.
pub fn worst(changes: &[Change]) -> Option<Verdict> {
    changes.iter().filter(|c| c.accepted.is_none()).map(Change::severity).max()
}

/// The release the changes call for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// The bump, from the Rust axis (accepted changes included).
    pub bump: Bump,
    /// The version of the crate generated from the base, when known.
    pub current: Option<String>,
    /// The version to release, when the current one is known.
    pub next: Option<String>,
}

/// The release `changes` call for, from `current` when given.
pub fn release(changes: &[Change], current: Option<&str>) -> Result<Release, String> {
    let bump = semver::bump(changes);
    let next = current.map(|c| semver::next_version(c, bump)).transpose()?;
    Ok(Release { bump, current: current.map(str::to_owned), next })
}

fn order(changes: &[Change]) -> Vec<&Change> {
    let mut v: Vec<&Change> = changes.iter().collect();
    // Breaking first; accepted after what still needs a decision; then by place.
    v.sort_by(|a, b| {
        (a.accepted.is_some(), std::cmp::Reverse(a.severity()), &a.path, &a.change).cmp(&(
            b.accepted.is_some(),
            std::cmp::Reverse(b.severity()),
            &b.path,
            &b.change,
        ))
    });
    v
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn release_words(r: &Release) -> String {
    let why = match r.bump {
        Bump::None => "nothing changed",
        Bump::Patch => "documentation only",
        Bump::Minor => "existing code still compiles",
        Bump::Major => "code using the old crate may stop compiling",
    };
    match (&r.current, &r.next) {
        (Some(c), Some(n)) if c != n => format!("**{}** ({c} → {n}): {why}", r.bump.as_str()),
        _ => format!("**{}**: {why}", r.bump.as_str()),
    }
}

/// The Markdown report: a summary line, the release, then a table per object, breaking
/// first.
/// `relative` names files as in the other formats.
pub fn markdown(changes: &[Change], release: &Release, relative: &dyn Fn(&str) -> String) -> String {
    let mut out = String::from("## Schema changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes: the schemas describe the same objects.\n\nRelease: ");
        out.push_str(&release_words(release));
        out.push('\n');
        return out;
    }
    let (b, a, c, acc) = summary(changes);
    let _ = writeln!(
        out,
        "**{b} breaking**, {a} to check by hand, {c} compatible{} — judged for requests (what old clients send), responses (what they read) and the Rust API (code using the old generated crate).\n",
        if acc > 0 { format!(", {acc} accepted") } else { String::new() }
    );
    let _ = writeln!(out, "Release: {}\n", release_words(release));
    let mut by_object: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for ch in order(changes) {
        by_object.entry(ch.object.as_str()).or_default().push(ch);
    }
    for (object, list) in by_object {
        let _ = writeln!(out, "### `{object}`\n");
        out.push_str("| change | where | requests | responses | Rust | why |\n| --- | --- | --- | --- | --- | --- |\n");
        // Documentation-only changes would bury the rest: one row says how many and where.
        let (docs, list): (Vec<&Change>, Vec<&Change>) =
            list.into_iter().partition(|c| c.kind == super::Kind::Documentation && c.accepted.is_none());
        for ch in list {
            let why = match &ch.accepted {
                Some(r) => format!("**accepted**: {} ({})", md_cell(r), md_cell(&ch.reason)),
                None => md_cell(&ch.reason),
            };
            let at = format!("{}:{}", relative(&ch.loc.file), ch.loc.line);
            let place = if ch.path.is_empty() { format!("(object) at {at}") } else { format!("`{}` at {at}", ch.path) };
            let _ = writeln!(
                out,
                "| {} | {place} | {} | {} | {} | {why} |",
                md_cell(&ch.change),
                ch.requests.as_str(),
                ch.responses.as_str(),
                ch.rust.as_str()
            );
        }
        if !docs.is_empty() {
            let mut places: Vec<String> = docs.iter().take(5).map(|c| format!("`{}`", c.path)).collect();
            if docs.len() > 5 {
                places.push(format!("and {} more", docs.len() - 5));
            }
            let _ = writeln!(
                out,
                "| documentation changed ({} place{}) | {} | compatible | compatible | compatible | labels and descriptions only |",
                docs.len(),
                if docs.len() == 1 { "" } else { "s" },
                places.join(", ")
            );
        }
        out.push('\n');
    }
    out
}

fn release_json(r: &Release) -> Value {
    json!({"bump": r.bump.as_str(), "current": r.current, "next": r.next})
}

/// The JSON report (shape in `docs/schema-review.md`); `file` names are as `relative`
/// makes them.
pub fn json(changes: &[Change], release: &Release, relative: &dyn Fn(&str) -> String) -> String {
    let (b, a, c, acc) = summary(changes);
    let list: Vec<Value> = changes
        .iter()
        .map(|ch| {
            json!({
                "object": ch.object,
                "path": ch.path,
                "change": ch.change,
                "kind": kind_id(ch),
                "requests": ch.requests.as_str(),
                "responses": ch.responses.as_str(),
                "wire": ch.wire.as_str(),
                "rust": ch.rust.as_str(),
                "semver": semver::bump_of(ch).as_str(),
                "reason": ch.reason,
                "accepted": ch.accepted,
                "file": relative(&ch.loc.file),
                "line": ch.loc.line,
                "column": ch.loc.col,
            })
        })
        .collect();
    let doc = json!({
        "summary": {"breaking": b, "attention": a, "compatible": c, "accepted": acc},
        "release": release_json(release),
        "changes": list,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The kind's name (`FieldRemoved`), the rule id in SARIF.
pub fn kind_id(ch: &Change) -> String {
    let debug = format!("{:?}", ch.kind);
    debug.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or_default().to_owned()
}

fn level(ch: &Change) -> &'static str {
    match (ch.severity(), &ch.accepted) {
        (_, Some(_)) => "note",
        (Verdict::Breaking, None) => "error",
        (Verdict::Attention, None) => "warning",
        (Verdict::Compatible, None) => "note",
    }
}

fn one_line(ch: &Change) -> String {
    format!(
        "{}: {}{} (requests {}, responses {}, Rust {}): {}",
        ch.object,
        ch.change,
        if ch.path.is_empty() { String::new() } else { format!(" at `{}`", ch.path) },
        ch.requests.as_str(),
        ch.responses.as_str(),
        ch.rust.as_str(),
        ch.reason
    )
}

/// A SARIF 2.1.0 log: one result per change at its YAML file, line and column, one rule
/// per kind of change; accepted changes carry an external suppression with the reason.
pub fn sarif(changes: &[Change], release: &Release, relative: &dyn Fn(&str) -> String) -> String {
    let mut rules: BTreeMap<String, Value> = BTreeMap::new();
    let results: Vec<Value> = changes
        .iter()
        .map(|ch| {
            let id = kind_id(ch);
            rules.entry(id.clone()).or_insert_with(|| json!({"id": id, "shortDescription": {"text": id_words(&id)}}));
            let mut r = json!({
                "ruleId": id,
                "level": level(ch),
                "message": {"text": one_line(ch)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": relative(&ch.loc.file)},
                        "region": {"startLine": ch.loc.line, "startColumn": ch.loc.col},
                    },
                    "logicalLocations": [{"fullyQualifiedName": place(ch)}],
                }],
                "partialFingerprints": {"schemaChange/v1": format!("{}#{}", place(ch), ch.change)},
                "properties": {
                    "requests": ch.requests.as_str(),
                    "responses": ch.responses.as_str(),
                    "rust": ch.rust.as_str(),
                    "semver": semver::bump_of(ch).as_str(),
                },
            });
            if let Some(reason) = &ch.accepted {
                r["suppressions"] = json!([{"kind": "external", "justification": reason}]);
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schema-review",
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "results": results,
            "properties": {"release": release_json(release)},
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// `stalwart/Task.variants.IndexTrace`, or the object alone.
fn place(ch: &Change) -> String {
    if ch.path.is_empty() {
        ch.object.clone()
    } else {
        format!("{}.{}", ch.object, ch.path)
    }
}

// No `helpUri`/`informationUri`: SARIF 2.1.0 (3.49.12, 3.19.3) wants absolute URIs
// there, and the workspace names no repository URL to build one from.

/// `FieldRemoved` as `field removed`.
fn id_words(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn gh_escape(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_escape(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands: an error per breaking change, a warning per change to
/// check by hand, a notice per compatible one, each at its YAML file and line; a last
/// notice states the release.
pub fn github(changes: &[Change], release: &Release, relative: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for ch in order(changes) {
        let level = match level(ch) {
            "note" => "notice",
            other => other,
        };
        let title = format!(
            "{}: {} (requests {}, responses {}, Rust {})",
            ch.object,
            ch.change,
            ch.requests.as_str(),
            ch.responses.as_str(),
            ch.rust.as_str()
        );
        let mut message = format!("{}: {}", if ch.path.is_empty() { "(object)" } else { &ch.path }, ch.reason);
        if let Some(r) = &ch.accepted {
            let _ = write!(message, " — accepted: {r}");
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            gh_prop(&relative(&ch.loc.file)),
            ch.loc.line,
            ch.loc.col,
            gh_prop(&title),
            gh_escape(&message)
        );
    }
    let _ = writeln!(out, "::notice title=release::{}", gh_escape(&release_words(release).replace("**", "")));
    out
}
