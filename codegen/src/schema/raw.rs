//! The schema files as written: typed, positioned, not yet resolved.
//!
//! The walker reads a YAML tree into these structs, reporting every shape problem
//! (wrong node kind, unknown or duplicate key, missing key) and carrying on.

use std::sync::Arc;

use super::yaml::{Kind, Node};
use crate::diag::{closest, Diagnostic, Diagnostics, Loc};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its place.
    pub loc: Loc,
}

/// Which reference pages' words a schema uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vocabulary {
    /// Stalwart: `modifiers: [read-only, server-set, required]`, `default`, `T?`.
    Stalwart,
    /// Salesforce: `properties: [Create, Update, Nillable, ...]`.
    Salesforce,
}

impl Vocabulary {
    /// Whether object files may define types of their own under `types:` (Stalwart's
    /// registry names its nested types; a Salesforce sObject has fields only).
    pub fn defines_types(self) -> bool {
        match self {
            Vocabulary::Stalwart => true,
            Vocabulary::Salesforce => false,
        }
    }
}

/// `api.yaml`.
#[derive(Clone, Debug)]
pub struct RawApi {
    /// `api`.
    pub api: Spanned<String>,
    /// `title`.
    pub title: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `vocabulary`.
    pub vocabulary: Spanned<Vocabulary>,
    /// `wire`, key by key.
    pub wire: Vec<(Spanned<String>, Spanned<WireValue>)>,
    /// Where the `wire` mapping is, for settings it lacks.
    pub wire_at: Loc,
    /// `key-prefixes`.
    pub key_prefixes: Vec<(Spanned<String>, Spanned<String>)>,
    /// Where the file is.
    pub file: Loc,
}

/// A wire setting's value: a word, or a list of words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireValue {
    /// One word (`camelCase`, `true`).
    Word(String),
    /// A list (`["__c", "__r"]`).
    List(Vec<String>),
}

/// An object file.
#[derive(Clone, Debug)]
pub struct RawObjectFile {
    /// The object's definition (`object:` and its body).
    pub object: RawType,
    /// `key-prefix` (Salesforce).
    pub key_prefix: Option<Spanned<String>>,
    /// `webui` (Stalwart).
    pub webui: Option<Spanned<String>>,
    /// `types`.
    pub types: Vec<RawType>,
    /// Where the file is.
    pub file: Loc,
}

/// A named type: an object, a field set, a variant object, an enumeration.
#[derive(Clone, Debug)]
pub struct RawType {
    /// Its name.
    pub name: Spanned<String>,
    /// `label`.
    pub label: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// What it is.
    pub body: RawBody,
    /// `rules` (field sets only).
    pub rules: Vec<RawRule>,
}

/// A condition as written: `{Field: value, ...}`; the bool says the value was plain.
pub type RawCond = (Spanned<String>, Spanned<String>, bool);

/// One rule as written.
#[derive(Clone, Debug)]
pub struct RawRule {
    /// `when`: conditions on the record after the change.
    pub when: Vec<RawCond>,
    /// `when-stored`: conditions on the stored record.
    pub when_stored: Vec<RawCond>,
    /// What the rule does.
    pub action: RawAction,
    /// `because`.
    pub because: Option<Spanned<String>>,
    /// Where the rule is.
    pub loc: Loc,
}

/// What a rule does.
#[derive(Clone, Debug)]
pub enum RawAction {
    /// `require: [F, ...]`.
    Require(Vec<Spanned<String>>),
    /// `forbid: [F, ...]`.
    Forbid(Vec<Spanned<String>>),
    /// `before: [A, B]`.
    Before(Vec<Spanned<String>>, Loc),
    /// `range: {field: F, min: 1, max: 31}`.
    Range {
        /// The field.
        field: Spanned<String>,
        /// `min`.
        min: Option<Spanned<i64>>,
        /// `max`.
        max: Option<Spanned<i64>>,
    },
    /// `exclude-flags: {field: F, flags: [A, B]}`.
    ExcludeFlags {
        /// The bitmask field.
        field: Spanned<String>,
        /// The flags.
        flags: Vec<Spanned<String>>,
    },
    /// `forbid-change: [F, ...]`.
    ForbidChange(Vec<Spanned<String>>),
}

/// The body of a type.
#[derive(Clone, Debug)]
pub enum RawBody {
    /// `fields:`.
    Fields(Vec<RawField>),
    /// `variants:`.
    Variants(Vec<RawVariant>),
    /// `enum:`.
    Enum(Vec<RawEnumValue>),
    /// Nothing usable was written (already reported).
    Invalid,
}

/// One variant of a multi-variant type.
#[derive(Clone, Debug)]
pub struct RawVariant {
    /// `type`: the discriminator value.
    pub tag: Spanned<String>,
    /// `label`.
    pub label: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `modifiers` (variant level: `server-set`).
    pub modifiers: Vec<Spanned<String>>,
    /// `fields`: a field-set name, or inline fields.
    pub fields: RawVariantFields,
    /// Where the variant is.
    pub loc: Loc,
}

/// How a variant names its fields.
#[derive(Clone, Debug)]
pub enum RawVariantFields {
    /// The name of a field-set type.
    Named(Spanned<String>),
    /// Fields written in place.
    Inline(Vec<RawField>, Loc),
    /// Missing or malformed (already reported).
    Invalid,
}

/// One enumeration value or picklist value.
#[derive(Clone, Debug)]
pub struct RawEnumValue {
    /// The value as it travels.
    pub value: Spanned<String>,
    /// `label`.
    pub label: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `default: true` (Salesforce picklists).
    pub default: bool,
    /// `rust-name`: overrides the derived variant name.
    pub rust_name: Option<Spanned<String>>,
    /// `modifiers` (value level: `server-set`, clients may not set it).
    pub modifiers: Vec<Spanned<String>>,
}

/// One bitmask flag: its name and its bit value.
pub type Flag = (Spanned<String>, Spanned<u64>);

/// One field as written.
#[derive(Clone, Debug)]
pub struct RawField {
    /// The wire name.
    pub name: Spanned<String>,
    /// `type`.
    pub ty: Option<Spanned<String>>,
    /// `modifiers` (Stalwart).
    pub modifiers: Vec<Spanned<String>>,
    /// `properties` (Salesforce).
    pub properties: Vec<Spanned<String>>,
    /// `default`.
    pub default: Option<(Spanned<String>, bool)>,
    /// `label`.
    pub label: Option<Spanned<String>>,
    /// `description`.
    pub description: Option<Spanned<String>>,
    /// `length`.
    pub length: Option<Spanned<u64>>,
    /// `values` (picklists).
    pub values: Option<(Vec<RawEnumValue>, Loc)>,
    /// `refers-to`.
    pub refers_to: Vec<Spanned<String>>,
    /// `relationship-name`.
    pub relationship_name: Option<Spanned<String>>,
    /// `relationship-type`.
    pub relationship_type: Option<Spanned<String>>,
    /// `polymorphic`.
    pub polymorphic: Option<Spanned<bool>>,
    /// `bitmask`: flag name to bit value.
    pub bitmask: Option<(Vec<Flag>, Loc)>,
    /// `rust-name`.
    pub rust_name: Option<Spanned<String>>,
    /// `enum-name`: the name of the enumeration a picklist becomes.
    pub enum_name: Option<Spanned<String>>,
}

/// Reads typed values out of a YAML tree, collecting problems.
pub struct Walker<'d> {
    file: Arc<str>,
    diags: &'d mut Diagnostics,
    vocabulary: Vocabulary,
}

/// The entries of one mapping, with the keys the walker has consumed.
struct Entries<'n> {
    path: String,
    loc: Loc,
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
    used: Vec<bool>,
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

const OBJECT_KEYS_STALWART: &[&str] =
    &["object", "label", "description", "webui", "fields", "variants", "types", "rules"];
const OBJECT_KEYS_SALESFORCE: &[&str] = &["object", "label", "key-prefix", "description", "fields", "rules"];
const RULE_KEYS: [&str; 9] =
    ["when", "when-stored", "because", "require", "forbid", "before", "range", "exclude-flags", "forbid-change"];
const RULE_ACTIONS: &[&str] = &["require", "forbid", "before", "range", "exclude-flags", "forbid-change"];

const FIELD_KEYS_STALWART: &[&str] = &["type", "modifiers", "default", "label", "description", "rust-name"];
const FIELD_KEYS_SALESFORCE: &[&str] = &[
    "type",
    "properties",
    "default",
    "label",
    "description",
    "length",
    "values",
    "refers-to",
    "relationship-name",
    "relationship-type",
    "polymorphic",
    "bitmask",
    "rust-name",
    "enum-name",
];

impl<'d> Walker<'d> {
    /// A walker for `file`, reporting into `diags`.
    pub fn new(file: Arc<str>, diags: &'d mut Diagnostics, vocabulary: Vocabulary) -> Self {
        Walker { file, diags, vocabulary }
    }

    fn loc(&self, node: &Node, path: &str) -> Loc {
        Loc { file: self.file.clone(), line: node.pos.line, col: node.pos.col, path: path.to_owned() }
    }

    fn error(&mut self, node: &Node, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(self.loc(node, path), message);
        if matches!(node.kind, Kind::Alias) {
            // Aliases are never expanded (so no "billion laughs"): say so where one stands.
            return d.hint("schema files do not use YAML anchors and aliases (`&x`, `*x`); write the value out");
        }
        d
    }

    fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn entries<'n>(&mut self, node: &'n Node, path: &str, what: &str) -> Option<Entries<'n>> {
        let Kind::Map(pairs) = &node.kind else {
            let d = self.error(node, path, format!("{what} must be a mapping, found {}", node.describe()));
            self.report(d);
            return None;
        };
        let mut entries: Vec<(&str, &Node, &Node)> = Vec::new();
        // Where each key first stands: a huge mapping is checked in linear time.
        let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (k, v) in pairs {
            let key = k.as_str().unwrap_or("");
            if let Some(&i) = first_of.get(key) {
                let line = entries[i].1.pos.line;
                let d = self
                    .error(k, &child(path, key), format!("duplicate key `{key}`"))
                    .hint(format!("`{key}` is already defined at line {line}; remove one of them"));
                self.report(d);
                continue;
            }
            first_of.insert(key, entries.len());
            entries.push((key, k, v));
        }
        let used = vec![false; entries.len()];
        Some(Entries { path: path.to_owned(), loc: self.loc(node, path), entries, used })
    }

    fn take<'n>(&mut self, e: &mut Entries<'n>, key: &str) -> Option<(&'n Node, String)> {
        let i = e.entries.iter().position(|(k, _, _)| *k == key)?;
        e.used[i] = true;
        Some((e.entries[i].2, child(&e.path, key)))
    }

    fn finish(&mut self, e: Entries<'_>, allowed: &[&str], what: &str) {
        for (i, (key, knode, _)) in e.entries.iter().enumerate() {
            if e.used[i] {
                continue;
            }
            let mut d = self.error(knode, &child(&e.path, key), format!("unknown key `{key}` in {what}"));
            let other: &[&str] = match (what, self.vocabulary) {
                ("a field", Vocabulary::Stalwart) => FIELD_KEYS_SALESFORCE,
                ("a field", Vocabulary::Salesforce) => FIELD_KEYS_STALWART,
                ("an object file", Vocabulary::Stalwart) => OBJECT_KEYS_SALESFORCE,
                ("an object file", Vocabulary::Salesforce) => OBJECT_KEYS_STALWART,
                _ => &[],
            };
            if other.contains(key) {
                d = d.hint(format!(
                    "`{key}` belongs to the {} vocabulary; this API uses the {} one (see schema/README.md)",
                    match self.vocabulary {
                        Vocabulary::Stalwart => "salesforce",
                        Vocabulary::Salesforce => "stalwart",
                    },
                    match self.vocabulary {
                        Vocabulary::Stalwart => "stalwart",
                        Vocabulary::Salesforce => "salesforce",
                    }
                ));
            } else if let Some(near) = closest(key, allowed.iter().copied()) {
                d = d.hint(format!("did you mean `{near}`?"));
            } else {
                d = d.hint(format!("expected one of: {}", allowed.join(", ")));
            }
            self.report(d);
        }
    }

    fn required<'n>(&mut self, e: &mut Entries<'n>, key: &str, what: &str) -> Option<(&'n Node, String)> {
        let found = self.take(e, key);
        if found.is_none() {
            let d = Diagnostic::new(e.loc.clone(), format!("{what} has no `{key}`")).hint(format!("add `{key}:`"));
            self.report(d);
        }
        found
    }

    fn string(&mut self, node: &Node, path: &str) -> Option<Spanned<String>> {
        match &node.kind {
            Kind::Scalar { value, .. } if !node.is_null() => {
                Some(Spanned { value: value.clone(), loc: self.loc(node, path) })
            }
            _ => {
                let d = self.error(node, path, format!("expected text, found {}", node.describe()));
                self.report(d);
                None
            }
        }
    }

    fn opt_string(&mut self, e: &mut Entries<'_>, key: &str) -> Option<Spanned<String>> {
        let (node, path) = self.take(e, key)?;
        self.string(node, &path)
    }

    fn integer(&mut self, node: &Node, path: &str) -> Option<Spanned<u64>> {
        let s = self.string(node, path)?;
        match s.value.parse::<u64>() {
            Ok(value) => Some(Spanned { value, loc: s.loc }),
            Err(_) => {
                let d = Diagnostic::new(s.loc, format!("expected a non-negative whole number, found `{}`", s.value));
                self.report(d);
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, path: &str) -> Option<Spanned<bool>> {
        let s = self.string(node, path)?;
        match s.value.as_str() {
            "true" => Some(Spanned { value: true, loc: s.loc }),
            "false" => Some(Spanned { value: false, loc: s.loc }),
            other => {
                let d = Diagnostic::new(s.loc, format!("expected `true` or `false`, found `{other}`"));
                self.report(d);
                None
            }
        }
    }

    fn string_list(&mut self, node: &Node, path: &str) -> Vec<Spanned<String>> {
        match &node.kind {
            Kind::Seq(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if let Some(s) = self.string(item, &format!("{path}[{i}]")) {
                        out.push(s);
                    }
                }
                out
            }
            _ => {
                let mut d = self.error(node, path, format!("expected a list, found {}", node.describe()));
                // `modifiers: read-only` for `modifiers: [read-only]`: say how to write it.
                if let Some(word) = node.as_str() {
                    let key = path.rsplit('.').next().unwrap_or(path);
                    d = d.hint(format!("write a list, even of one: `{key}: [{word}]`"));
                }
                self.report(d);
                Vec::new()
            }
        }
    }

    /// Reads `api.yaml`.
    pub fn api(&mut self, root: &Node) -> Option<RawApi> {
        let mut e = self.entries(root, "", "api.yaml")?;
        let file = e.loc.clone();
        let api = self.required(&mut e, "api", "api.yaml").and_then(|(n, p)| self.string(n, &p));
        let title = self.opt_string(&mut e, "title");
        let description = self.opt_string(&mut e, "description");
        let vocabulary = self.required(&mut e, "vocabulary", "api.yaml").and_then(|(n, p)| {
            let s = self.string(n, &p)?;
            let v = match s.value.as_str() {
                "stalwart" => Vocabulary::Stalwart,
                "salesforce" => Vocabulary::Salesforce,
                other => {
                    let d = Diagnostic::new(s.loc, format!("unknown vocabulary `{other}`"))
                        .hint("expected `stalwart` or `salesforce`");
                    self.report(d);
                    return None;
                }
            };
            Some(Spanned { value: v, loc: s.loc })
        });
        if let Some(v) = &vocabulary {
            self.vocabulary = v.value;
        }
        let mut wire = Vec::new();
        let mut wire_at = Loc { path: "wire".into(), ..file.clone() };
        if let Some((node, path)) = self.required(&mut e, "wire", "api.yaml") {
            if let Some(w) = self.entries(node, &path, "`wire`") {
                wire_at = w.loc.clone();
                for (key, knode, vnode) in w.entries.iter().copied() {
                    let kpath = child(&path, key);
                    let value = match &vnode.kind {
                        Kind::Seq(_) => {
                            let items = self.string_list(vnode, &kpath);
                            WireValue::List(items.into_iter().map(|s| s.value).collect())
                        }
                        _ => match self.string(vnode, &kpath) {
                            Some(s) => WireValue::Word(s.value),
                            None => continue,
                        },
                    };
                    wire.push((
                        Spanned { value: key.to_owned(), loc: self.loc(knode, &kpath) },
                        Spanned { value, loc: self.loc(vnode, &kpath) },
                    ));
                }
            }
        }
        let mut key_prefixes = Vec::new();
        if let Some((node, path)) = self.take(&mut e, "key-prefixes") {
            if let Some(kp) = self.entries(node, &path, "`key-prefixes`") {
                for (key, knode, vnode) in kp.entries.iter().copied() {
                    let kpath = child(&path, key);
                    if let Some(v) = self.string(vnode, &kpath) {
                        key_prefixes.push((Spanned { value: key.to_owned(), loc: self.loc(knode, &kpath) }, v));
                    }
                }
            }
        }
        self.finish(e, &["api", "title", "description", "vocabulary", "wire", "key-prefixes"], "api.yaml");
        Some(RawApi { api: api?, title, description, vocabulary: vocabulary?, wire, wire_at, key_prefixes, file })
    }

    /// Reads an object file.
    pub fn object_file(&mut self, root: &Node) -> Option<RawObjectFile> {
        let mut e = self.entries(root, "", "an object file")?;
        let file = e.loc.clone();
        let name = self.required(&mut e, "object", "an object file").and_then(|(n, p)| self.string(n, &p));
        let salesforce = self.vocabulary == Vocabulary::Salesforce;
        // Keys of the other vocabulary stay unread, and `finish` reports them.
        let key_prefix = if salesforce { self.opt_string(&mut e, "key-prefix") } else { None };
        let webui = if salesforce { None } else { self.opt_string(&mut e, "webui") };
        let mut types = Vec::new();
        if let Some((node, path)) = if self.vocabulary.defines_types() { self.take(&mut e, "types") } else { None } {
            if let Some(t) = self.entries(node, &path, "`types`") {
                for (key, knode, vnode) in t.entries.iter().copied() {
                    let tpath = child(&path, key);
                    let name = Spanned { value: key.to_owned(), loc: self.loc(knode, &tpath) };
                    if let Some(ty) = self.type_body(name, vnode, &tpath) {
                        types.push(ty);
                    }
                }
            }
        }
        let object = self.type_entries(name, &mut e, "an object file");
        let allowed = if salesforce { OBJECT_KEYS_SALESFORCE } else { OBJECT_KEYS_STALWART };
        self.finish(e, allowed, "an object file");
        Some(RawObjectFile { object: object?, key_prefix, webui, types, file })
    }

    fn type_body(&mut self, name: Spanned<String>, node: &Node, path: &str) -> Option<RawType> {
        let mut e = self.entries(node, path, "a type")?;
        let ty = self.type_entries(Some(name), &mut e, "a type");
        self.finish(e, &["label", "description", "fields", "variants", "enum", "rules"], "a type");
        ty
    }

    fn type_entries(&mut self, name: Option<Spanned<String>>, e: &mut Entries<'_>, what: &str) -> Option<RawType> {
        let label = self.opt_string(e, "label");
        let description = self.opt_string(e, "description");
        let is_type = what == "a type";
        if !is_type && self.vocabulary == Vocabulary::Salesforce {
            // A Salesforce object is a plain object; `variants` is left for `finish` to report.
            let body = match self.required(e, "fields", what) {
                Some((node, path)) => RawBody::Fields(self.fields(node, &path)),
                None => RawBody::Invalid,
            };
            let rules = self.rules(e);
            return Some(RawType { name: name?, label, description, body, rules });
        }
        let fields = self.take(e, "fields");
        let variants = self.take(e, "variants");
        let values = if is_type { self.take(e, "enum") } else { None };
        let given = [fields.is_some(), variants.is_some(), values.is_some()].iter().filter(|b| **b).count();
        let body = if given != 1 {
            let (msg, hint) = match (is_type, given) {
                (true, 0) => (
                    format!("{what} needs one of `fields`, `variants` or `enum`"),
                    "a type is a field set, a variant object or an enumeration",
                ),
                (true, _) => (
                    format!("{what} has more than one of `fields`, `variants` and `enum`"),
                    "a type is a field set, a variant object or an enumeration",
                ),
                (false, 0) => (
                    format!("{what} needs one of `fields` or `variants`"),
                    "an object is a plain object (`fields`) or a multi-variant object (`variants`)",
                ),
                (false, _) => (
                    format!("{what} has both `fields` and `variants`"),
                    "an object is a plain object (`fields`) or a multi-variant object (`variants`)",
                ),
            };
            self.report(Diagnostic::new(e.loc.clone(), msg).hint(hint));
            RawBody::Invalid
        } else if let Some((node, path)) = fields {
            RawBody::Fields(self.fields(node, &path))
        } else if let Some((node, path)) = variants {
            RawBody::Variants(self.variants(node, &path))
        } else if let Some((node, path)) = values {
            RawBody::Enum(self.enum_values(node, &path))
        } else {
            RawBody::Invalid
        };
        let rules = self.rules(e);
        Some(RawType { name: name?, label, description, body, rules })
    }

    /// `rules:`, a list of rule mappings.
    fn rules(&mut self, e: &mut Entries<'_>) -> Vec<RawRule> {
        let Some((node, path)) = self.take(e, "rules") else { return Vec::new() };
        let Kind::Seq(items) = &node.kind else {
            let d = self.error(node, &path, format!("`rules` must be a list, found {}", node.describe()));
            self.report(d);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let rpath = format!("{path}[{i}]");
            let Some(mut r) = self.entries(item, &rpath, "a rule") else { continue };
            let loc = r.loc.clone();
            let when = self.conditions(&mut r, "when");
            let when_stored = self.conditions(&mut r, "when-stored");
            let because = self.opt_string(&mut r, "because");
            let mut actions = Vec::new();
            for key in RULE_ACTIONS {
                if let Some((n, p)) = self.take(&mut r, key) {
                    actions.push((*key, n, p));
                }
            }
            if actions.len() != 1 {
                let msg = if actions.is_empty() { "a rule says nothing to check" } else { "a rule does one thing" };
                let d =
                    Diagnostic::new(loc.clone(), msg).hint(format!("give exactly one of: {}", RULE_ACTIONS.join(", ")));
                self.report(d);
                self.finish(r, &RULE_KEYS, "a rule");
                continue;
            }
            let (key, n, p) = actions.remove(0);
            let action = match key {
                "require" => Some(RawAction::Require(self.string_list(n, &p))),
                "forbid" => Some(RawAction::Forbid(self.string_list(n, &p))),
                "forbid-change" => Some(RawAction::ForbidChange(self.string_list(n, &p))),
                "before" => {
                    let l = self.loc(n, &p);
                    Some(RawAction::Before(self.string_list(n, &p), l))
                }
                "range" => self.entries(n, &p, "`range`").and_then(|mut m| {
                    let field = self.required(&mut m, "field", "`range`").and_then(|(n, p)| self.string(n, &p));
                    let min = self.take(&mut m, "min").and_then(|(n, p)| self.signed(n, &p));
                    let max = self.take(&mut m, "max").and_then(|(n, p)| self.signed(n, &p));
                    self.finish(m, &["field", "min", "max"], "`range`");
                    Some(RawAction::Range { field: field?, min, max })
                }),
                _ => self.entries(n, &p, "`exclude-flags`").and_then(|mut m| {
                    let field = self.required(&mut m, "field", "`exclude-flags`").and_then(|(n, p)| self.string(n, &p));
                    let flags = match self.required(&mut m, "flags", "`exclude-flags`") {
                        Some((n, p)) => self.string_list(n, &p),
                        None => Vec::new(),
                    };
                    self.finish(m, &["field", "flags"], "`exclude-flags`");
                    Some(RawAction::ExcludeFlags { field: field?, flags })
                }),
            };
            self.finish(r, &RULE_KEYS, "a rule");
            if let Some(action) = action {
                out.push(RawRule { when, when_stored, action, because, loc });
            }
        }
        out
    }

    fn conditions(&mut self, e: &mut Entries<'_>, key: &str) -> Vec<RawCond> {
        let Some((node, path)) = self.take(e, key) else { return Vec::new() };
        let Some(m) = self.entries(node, &path, &format!("`{key}`")) else { return Vec::new() };
        let mut out = Vec::new();
        for (k, knode, vnode) in m.entries.iter().copied() {
            let cpath = child(&path, k);
            let plain = matches!(vnode.kind, Kind::Scalar { plain: true, .. });
            if let Some(v) = self.string(vnode, &cpath) {
                out.push((Spanned { value: k.to_owned(), loc: self.loc(knode, &cpath) }, v, plain));
            }
        }
        out
    }

    fn signed(&mut self, node: &Node, path: &str) -> Option<Spanned<i64>> {
        let s = self.string(node, path)?;
        match s.value.parse::<i64>() {
            Ok(value) => Some(Spanned { value, loc: s.loc }),
            Err(_) => {
                let d = Diagnostic::new(s.loc, format!("expected a whole number, found `{}`", s.value));
                self.report(d);
                None
            }
        }
    }

    fn fields(&mut self, node: &Node, path: &str) -> Vec<RawField> {
        let Some(e) = self.entries(node, path, "`fields`") else { return Vec::new() };
        let mut out = Vec::new();
        for (key, knode, vnode) in e.entries.iter().copied() {
            let fpath = child(path, key);
            let name = Spanned { value: key.to_owned(), loc: self.loc(knode, &fpath) };
            if let Some(f) = self.field(name, vnode, &fpath) {
                out.push(f);
            }
        }
        out
    }

    fn field(&mut self, name: Spanned<String>, node: &Node, path: &str) -> Option<RawField> {
        let mut e = self.entries(node, path, "a field")?;
        let ty = self.required(&mut e, "type", "a field").and_then(|(n, p)| self.string(n, &p));
        let salesforce = self.vocabulary == Vocabulary::Salesforce;
        let mut f = RawField {
            name,
            ty,
            modifiers: Vec::new(),
            properties: Vec::new(),
            default: None,
            label: self.opt_string(&mut e, "label"),
            description: self.opt_string(&mut e, "description"),
            length: None,
            values: None,
            refers_to: Vec::new(),
            relationship_name: None,
            relationship_type: None,
            polymorphic: None,
            bitmask: None,
            rust_name: self.opt_string(&mut e, "rust-name"),
            enum_name: None,
        };
        if let Some((n, p)) = self.take(&mut e, "default") {
            let plain = matches!(n.kind, Kind::Scalar { plain: true, .. });
            if let Some(s) = self.string(n, &p) {
                f.default = Some((s, plain));
            }
        }
        if salesforce {
            if let Some((n, p)) = self.take(&mut e, "properties") {
                f.properties = self.string_list(n, &p);
            }
            if let Some((n, p)) = self.take(&mut e, "length") {
                f.length = self.integer(n, &p);
            }
            if let Some((n, p)) = self.take(&mut e, "values") {
                let loc = self.loc(n, &p);
                f.values = Some((self.enum_values(n, &p), loc));
            }
            if let Some((n, p)) = self.take(&mut e, "refers-to") {
                f.refers_to = self.string_list(n, &p);
            }
            f.relationship_name = self.opt_string(&mut e, "relationship-name");
            f.relationship_type = self.opt_string(&mut e, "relationship-type");
            if let Some((n, p)) = self.take(&mut e, "polymorphic") {
                f.polymorphic = self.boolean(n, &p);
            }
            if let Some((n, p)) = self.take(&mut e, "bitmask") {
                let loc = self.loc(n, &p);
                let mut flags = Vec::new();
                if let Some(b) = self.entries(n, &p, "`bitmask`") {
                    for (key, knode, vnode) in b.entries.iter().copied() {
                        let bpath = child(&p, key);
                        if let Some(bit) = self.integer(vnode, &bpath) {
                            flags.push((Spanned { value: key.to_owned(), loc: self.loc(knode, &bpath) }, bit));
                        }
                    }
                }
                f.bitmask = Some((flags, loc));
            }
            f.enum_name = self.opt_string(&mut e, "enum-name");
            self.finish(e, FIELD_KEYS_SALESFORCE, "a field");
        } else {
            if let Some((n, p)) = self.take(&mut e, "modifiers") {
                f.modifiers = self.string_list(n, &p);
            }
            self.finish(e, FIELD_KEYS_STALWART, "a field");
        }
        Some(f)
    }

    fn variants(&mut self, node: &Node, path: &str) -> Vec<RawVariant> {
        let Kind::Seq(items) = &node.kind else {
            let d = self.error(node, path, format!("`variants` must be a list, found {}", node.describe()));
            self.report(d);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let vpath = format!("{path}[{i}]");
            let Some(mut e) = self.entries(item, &vpath, "a variant") else { continue };
            let loc = e.loc.clone();
            let tag = self.required(&mut e, "type", "a variant").and_then(|(n, p)| self.string(n, &p));
            let label = self.opt_string(&mut e, "label");
            let description = self.opt_string(&mut e, "description");
            let mut modifiers = Vec::new();
            if let Some((n, p)) = self.take(&mut e, "modifiers") {
                modifiers = self.string_list(n, &p);
            }
            let fields = match self.required(&mut e, "fields", "a variant") {
                Some((n, p)) => match &n.kind {
                    Kind::Map(_) => {
                        let loc = self.loc(n, &p);
                        RawVariantFields::Inline(self.fields(n, &p), loc)
                    }
                    _ => self.string(n, &p).map_or(RawVariantFields::Invalid, RawVariantFields::Named),
                },
                None => RawVariantFields::Invalid,
            };
            self.finish(e, &["type", "label", "description", "modifiers", "fields"], "a variant");
            if let Some(tag) = tag {
                out.push(RawVariant { tag, label, description, modifiers, fields, loc });
            }
        }
        out
    }

    fn enum_values(&mut self, node: &Node, path: &str) -> Vec<RawEnumValue> {
        let Kind::Seq(items) = &node.kind else {
            let d = self.error(node, path, format!("expected a list of values, found {}", node.describe()));
            self.report(d);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let vpath = format!("{path}[{i}]");
            if let Kind::Map(_) = item.kind {
                let Some(mut e) = self.entries(item, &vpath, "a value") else { continue };
                let value = self.required(&mut e, "value", "a value").and_then(|(n, p)| self.string(n, &p));
                let label = self.opt_string(&mut e, "label");
                let description = self.opt_string(&mut e, "description");
                let rust_name = self.opt_string(&mut e, "rust-name");
                let default = match self.take(&mut e, "default") {
                    Some((n, p)) => self.boolean(n, &p).is_some_and(|b| b.value),
                    None => false,
                };
                let mut modifiers = Vec::new();
                if let Some((n, p)) = self.take(&mut e, "modifiers") {
                    modifiers = self.string_list(n, &p);
                }
                self.finish(e, &["value", "label", "description", "default", "rust-name", "modifiers"], "a value");
                if let Some(value) = value {
                    out.push(RawEnumValue { value, label, description, default, rust_name, modifiers });
                }
            } else if let Some(value) = self.string(item, &vpath) {
                out.push(RawEnumValue {
                    value,
                    label: None,
                    description: None,
                    default: false,
                    rust_name: None,
                    modifiers: Vec::new(),
                });
            }
        }
        out
    }
}
