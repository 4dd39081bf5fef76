//! The allow file: schema changes a reviewer accepted, each with its reason.
//!
//! ```yaml
//! accepted:
//!   - object: stalwart/Task
//!     path: variants.MergeThreads
//!     change: variant removed        # optional: every change at the path when left out
//!     reason: No client ever created it; the server removed it in 0.17.
//! ```

use std::sync::Arc;

use super::yaml::{self, Kind};
use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::diff::report::Accepted;

/// Reads an allow file's text (`name` is used in diagnostics).
pub fn read_allow(name: &str, text: &str) -> Result<Vec<Accepted>, Diagnostics> {
    parse(name, text).map_err(|mut d| {
        d.attach_source(name, text);
        d
    })
}

fn parse(name: &str, text: &str) -> Result<Vec<Accepted>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let file: Arc<str> = Arc::from(name);
    let root = match yaml::parse(text) {
        Ok(r) => r,
        Err(e) => {
            let mut d = Diagnostic::new(
                Loc { file, line: e.pos.line, col: e.pos.col, path: e.path },
                format!("YAML syntax: {}", e.message),
            );
            if let Some(hint) = e.hint {
                d = d.hint(hint);
            }
            diags.push(d);
            return Err(diags);
        }
    };
    let mut out = Vec::new();
    // Where each (object, path, change) was first accepted: a second entry would
    // silently lose to the first, its reason never shown.
    let mut seen: std::collections::HashMap<(String, String, Option<String>), u32> = Default::default();
    let loc =
        |n: &yaml::Node, path: &str| Loc { file: file.clone(), line: n.pos.line, col: n.pos.col, path: path.into() };
    let Kind::Map(top) = &root.kind else {
        diags.push(Diagnostic::new(loc(&root, ""), "an allow file is a mapping with `accepted:`"));
        return Err(diags);
    };
    for (k, v) in top {
        if k.as_str() != Some("accepted") {
            diags.push(
                Diagnostic::new(
                    loc(k, k.as_str().unwrap_or("")),
                    format!("unknown key `{}`", k.as_str().unwrap_or("")),
                )
                .hint("an allow file has one key, `accepted`"),
            );
            continue;
        }
        let Kind::Seq(items) = &v.kind else {
            diags.push(Diagnostic::new(loc(v, "accepted"), "`accepted` must be a list"));
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let path = format!("accepted[{i}]");
            let Kind::Map(entries) = &item.kind else {
                diags.push(Diagnostic::new(loc(item, &path), "an accepted change is a mapping"));
                continue;
            };
            let get = |key: &str| entries.iter().find(|(k, _)| k.as_str() == Some(key)).and_then(|(_, v)| v.as_str());
            for (k, _) in entries {
                let key = k.as_str().unwrap_or("");
                if !["object", "path", "change", "reason"].contains(&key) {
                    diags.push(
                        Diagnostic::new(loc(k, &format!("{path}.{key}")), format!("unknown key `{key}`"))
                            .hint("expected object, path, change, reason"),
                    );
                }
            }
            match (get("object"), get("path"), get("reason")) {
                (Some(object), Some(p), Some(reason)) if !reason.trim().is_empty() => {
                    let key = (object.to_owned(), p.to_owned(), get("change").map(str::to_owned));
                    if let Some(first) = seen.get(&key) {
                        diags.push(
                            Diagnostic::new(
                                loc(item, &path),
                                format!("`{object}` `{p}` is accepted twice (first on line {first})"),
                            )
                            .hint("keep one entry, with one reason"),
                        );
                        continue;
                    }
                    seen.insert(key.clone(), item.pos.line);
                    out.push(Accepted { object: key.0, path: key.1, change: key.2, reason: reason.to_owned() })
                }
                _ => diags.push(
                    Diagnostic::new(loc(item, &path), "an accepted change needs `object`, `path` and a `reason`")
                        .hint("say why the change is accepted: the report shows it to reviewers"),
                ),
            }
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags.sorted())
    }
}
