//! The diff as a pull-request comment (Markdown), a machine-readable JSON document, or
//! GitHub workflow annotations.
//!
//! JSON shape:
//!
//! ```json
//! {
//!   "summary": {"breaking": 1, "attention": 0, "compatible": 3, "accepted": 0},
//!   "changes": [
//!     {"object": "stalwart/Task", "path": "variants.MergeThreads", "change": "variant removed",
//!      "wire": "breaking", "rust": "breaking", "reason": "...", "accepted": null,
//!      "file": "schema/stalwart/task.yaml", "line": 12}
//!   ]
//! }
//! ```
//!
//! `wire` and `rust` are `breaking`, `attention` or `compatible`; `accepted` is the
//! allow file's reason when the change was accepted there, else `null`. A change counts
//! in `summary` by the worse of its two verdicts; accepted changes count as `accepted`.

use std::collections::BTreeMap;
use std::fmt::Write;

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

/// The Markdown report: a summary line, then a table per object, breaking first.
pub fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("## Schema changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes: the schemas describe the same objects.\n");
        return out;
    }
    let (b, a, c, acc) = summary(changes);
    let _ = writeln!(
        out,
        "**{b} breaking**, {a} to check by hand, {c} compatible{} — judged on the wire (old clients against a new server) and in the Rust API (code using the old generated crate).\n",
        if acc > 0 { format!(", {acc} accepted") } else { String::new() }
    );
    let mut by_object: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for ch in order(changes) {
        by_object.entry(ch.object.as_str()).or_default().push(ch);
    }
    for (object, list) in by_object {
        let _ = writeln!(out, "### `{object}`\n");
        out.push_str("| change | where | wire | Rust | why |\n| --- | --- | --- | --- | --- |\n");
        // Documentation-only changes would bury the rest: one row says how many and where.
        let (docs, list): (Vec<&Change>, Vec<&Change>) =
            list.into_iter().partition(|c| c.kind == super::Kind::Documentation && c.accepted.is_none());
        for ch in list {
            let why = match &ch.accepted {
                Some(r) => format!("**accepted**: {} ({})", md_cell(r), md_cell(&ch.reason)),
                None => md_cell(&ch.reason),
            };
            let place = if ch.path.is_empty() { "(object)".to_owned() } else { format!("`{}`", ch.path) };
            let _ = writeln!(
                out,
                "| {} | {place} | {} | {} | {why} |",
                md_cell(&ch.change),
                ch.wire.as_str(),
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
                "| documentation changed ({} places) | {} | compatible | compatible | labels and descriptions only |",
                docs.len(),
                places.join(", ")
            );
        }
        out.push('\n');
    }
    out
}

fn json_str(s: &str) -> String {
    // A string always serializes.
    serde_json::to_string(s).unwrap_or_default()
}

/// The JSON report (shape in the module docs); `file` names are as `relative` makes them.
pub fn json(changes: &[Change], relative: &dyn Fn(&str) -> String) -> String {
    let (b, a, c, acc) = summary(changes);
    let mut out = format!(
        "{{\n  \"summary\": {{\"breaking\": {b}, \"attention\": {a}, \"compatible\": {c}, \"accepted\": {acc}}},\n  \"changes\": ["
    );
    for (i, ch) in changes.iter().enumerate() {
        let accepted = ch.accepted.as_deref().map_or_else(|| "null".to_owned(), json_str);
        let _ = write!(
            out,
            "{}\n    {{\"object\": {}, \"path\": {}, \"change\": {}, \"wire\": {}, \"rust\": {}, \"reason\": {}, \"accepted\": {accepted}, \"file\": {}, \"line\": {}}}",
            if i > 0 { "," } else { "" },
            json_str(&ch.object),
            json_str(&ch.path),
            json_str(&ch.change),
            json_str(ch.wire.as_str()),
            json_str(ch.rust.as_str()),
            json_str(&ch.reason),
            json_str(&relative(&ch.loc.file)),
            ch.loc.line,
        );
    }
    out.push_str(if changes.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
    out
}

fn gh_escape(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_escape(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands: an error per breaking change, a warning per change to
/// check by hand, a notice per compatible one, each at its YAML file and line.
pub fn github(changes: &[Change], relative: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for ch in order(changes) {
        let level = match (ch.severity(), &ch.accepted) {
            (_, Some(_)) => "notice",
            (Verdict::Breaking, None) => "error",
            (Verdict::Attention, None) => "warning",
            (Verdict::Compatible, None) => "notice",
        };
        let title = format!("{}: {} (wire {}, Rust {})", ch.object, ch.change, ch.wire.as_str(), ch.rust.as_str());
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
    out
}
