//! Importers: from the description an API publishes to schema YAML.
//!
//! [`stalwart`] converts Stalwart's registry schema; [`salesforce`] converts sObject
//! describe responses. Both return the files of one API directory (`api.yaml` and one
//! file per object) as text, plus notes: what the source says that the schema language
//! cannot, or does not yet, say. They never read or write the file system, and the same
//! source always gives the same bytes.

pub mod salesforce;
pub mod stalwart;
pub mod yaml_out;

use crate::diag::Diagnostics;
use crate::model::Model;
use crate::schema::{SourceApi, SourceFile};

/// One imported schema file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedFile {
    /// Path relative to the schema root, with `/` separators (`stalwart/api.yaml`,
    /// `stalwart/task.yaml`).
    pub path: String,
    /// The YAML text.
    pub contents: String,
}

/// What an import produced: the files and the notes about what did not fit.
pub type Imported = (Vec<ImportedFile>, Vec<String>);

/// Loads imported files (one API directory) through the same checks as a schema tree on
/// disk; file names in diagnostics are the files' paths.
pub fn load(files: &[ImportedFile]) -> Result<Model, Diagnostics> {
    load_sources(&sources(files))
}

/// The imported files as the loader's in-memory sources, one [`SourceApi`] per directory.
pub fn sources(files: &[ImportedFile]) -> Vec<SourceApi> {
    let mut apis: Vec<SourceApi> = Vec::new();
    let mut sorted: Vec<&ImportedFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in &sorted {
        let Some((dir, name)) = f.path.split_once('/') else { continue };
        if name != "api.yaml" {
            continue;
        }
        apis.push(SourceApi {
            dir: dir.to_owned(),
            api: SourceFile { name: f.path.clone(), text: f.contents.clone() },
            objects: Vec::new(),
        });
    }
    for f in &sorted {
        let Some((dir, name)) = f.path.split_once('/') else { continue };
        if name == "api.yaml" || !name.ends_with(".yaml") {
            continue;
        }
        if let Some(api) = apis.iter_mut().find(|a| a.dir == dir) {
            api.objects.push((name.to_owned(), SourceFile { name: f.path.clone(), text: f.contents.clone() }));
        }
    }
    apis
}

fn load_sources(sources: &[SourceApi]) -> Result<Model, Diagnostics> {
    crate::schema::load(sources)
}

/// The notes as a Markdown page (`IMPORT-NOTES.md`).
pub fn notes_markdown(title: &str, source: &str, notes: &[String]) -> String {
    let mut s = format!("# {title}\n\nWritten by `cargo xtask import` from {source}; regenerated on every import.\n");
    s.push_str("Each line is something the source says that the imported YAML does not say (or says\n");
    s.push_str("differently). Review them before committing the import.\n\n");
    if notes.is_empty() {
        s.push_str("Nothing to report.\n");
    }
    for n in notes {
        s.push_str("- ");
        s.push_str(n);
        s.push('\n');
    }
    s
}

/// Rust-side names the checker derives (the rules are `crate::ident`'s, which the
/// checker uses too), so the importers can add `rust-name:` exactly where it would
/// reject the derived one.
pub(crate) mod names {
    use crate::ident;

    /// Assigns Rust field names: `None` where the derived one works, else the name to
    /// write as `rust-name:`. `keyword` builds the replacement for a keyword or reserved
    /// name.
    pub fn field_rust_names(wire: &[&str], keyword: impl Fn(&str) -> String) -> Vec<Option<String>> {
        let mut taken: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for w in wire {
            let derived = ident::field_name(w);
            let mut name = derived.clone();
            let mut explicit = false;
            if !ident::is_field_name(&name) {
                name = keyword(&derived);
                explicit = true;
            }
            if taken.contains(&name) {
                let base = name.clone();
                let mut n = 2;
                while taken.contains(&format!("{base}_{n}")) {
                    n += 1;
                }
                name = format!("{base}_{n}");
                explicit = true;
            }
            taken.push(name.clone());
            out.push(explicit.then_some(name));
        }
        out
    }

    /// Assigns Rust names to enumeration values: `None` where the derived one works.
    pub fn value_rust_names(values: &[&str]) -> Vec<Option<String>> {
        let mut taken: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let derived = ident::value_name(v);
            let mut name = derived.clone();
            let mut explicit = false;
            if !ident::is_upper_ident(&name) {
                // Keep the ASCII letters and digits, word by word.
                let words: String = v
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(ident::type_name)
                    .collect();
                name = if words.is_empty() { format!("Value{}", i + 1) } else { ident::value_name(&words) };
                explicit = true;
            }
            if name == "Unknown" || name == "Self" {
                name.push_str("Value");
                explicit = true;
            }
            if taken.contains(&name) {
                // Signs often tell values apart (`Etc/GMT+1`, `Etc/GMT-1`): spell them out.
                let spelled = ident::value_name(
                    &v.replace('+', " plus ").replace('-', " minus ").replace('.', " dot ").replace('*', " star "),
                );
                if ident::is_upper_ident(&spelled) && !taken.contains(&spelled) && spelled != "Unknown" {
                    name = spelled;
                } else {
                    let base = name.clone();
                    let mut n = 2;
                    while taken.contains(&format!("{base}{n}")) {
                        n += 1;
                    }
                    name = format!("{base}{n}");
                }
                explicit = true;
            }
            taken.push(name.clone());
            out.push(explicit.then_some(name));
        }
        out
    }
}

/// What kind of JSON value `v` is, for messages.
pub(crate) fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The string member `key` of `v`, or an error naming `what` and the member.
pub(crate) fn str_member<'a>(v: &'a serde_json::Value, key: &str, what: &str) -> Result<&'a str, String> {
    match v.get(key) {
        Some(serde_json::Value::String(s)) => Ok(s),
        Some(other) => Err(format!("{what}: `{key}` must be a string, found {}", json_kind(other))),
        None => Err(format!("{what}: no `{key}`")),
    }
}
