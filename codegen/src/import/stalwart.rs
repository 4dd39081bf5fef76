//! Stalwart's registry schema (`resources/schema/schema.json`) to schema YAML.
//!
//! The registry lists `objects` (what the management API serves), `schemas` (`single`:
//! one field set; `multiple`: variants, each naming a field set), `fields` (the field sets:
//! `properties` and `defaults`), `enums`, and the web UI's `forms` and `lists`. Each object
//! becomes one file; the field sets, nested objects and enumerations it uses go under its
//! `types:`, each defined once, in the first file (in file order) that uses it.
//!
//! Names lose the registry's `x:` prefix. Two registry names that would then be the same
//! (the JMAP `AddressBook` and the management `x:AddressBook`) keep the plain name for the
//! `x:` one and prefix the other with `Jmap`. A view (`x:Account/User`) is named after its
//! object and its own name (`AccountUser`), or its own name alone when that already starts
//! with the object's (`x:Task/TaskFailed` is `TaskFailed`).
//!
//! Field order follows the registry's forms (the order the web UI shows), then the
//! remaining properties in the registry's order; labels come from the forms too.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::names;
use super::yaml_out::{flow_map, flow_scalar, scalar, Yaml};
use super::{Imported, ImportedFile};
use crate::ident::{self, is_upper_ident};

/// `api.yaml`: the wire settings of `schema/stalwart/api.yaml`.
const API_YAML: &str = "\
# Written by `cargo xtask import stalwart`; the wire settings are those of the
# hand-written schema/stalwart/api.yaml (wire facts: shared/conformance/README.md).
api: stalwart
title: Stalwart management API
description: >-
  Stalwart's JMAP-style management API, through which the server's configuration
  and its background tasks are read and changed. Objects are JSON with camelCase
  property names; multi-variant objects name their variant in an @type member.
vocabulary: stalwart
wire:
  keys: camelCase
  discriminator: \"@type\"
  date: iso
  date-time: seconds-z
  id: stalwart-base32
  list: object-by-index
  set: object-of-true
  nulls: write
  passthrough-suffixes: []
  record-attributes: false
  object-id: id
  client-rules: [non-empty-strings, exact-integers]
  client-years: [1970, 3000, as-written]
  jmap-method-prefix: \"x:\"
  jmap-capability: urn:stalwart:jmap
";

const HEADER: &str = "Imported from Stalwart's registry schema by `cargo xtask import stalwart`.";

/// Converts the registry into the files of `stalwart/`: `api.yaml` and one file per
/// object (only the objects named in `only`, and the objects they nest, when it is not
/// empty). Returns the files and the notes: what the registry says that the files do not.
pub fn import(registry: &Value, only: &[String]) -> Result<Imported, String> {
    let reg = Registry::read(registry)?;
    let names = Names::assign(&reg)?;
    let mut cx = Cx::new(&reg, &names)?;
    cx.select(only)?;
    cx.place()?;
    cx.plan_empty_variants()?;
    let mut files = vec![ImportedFile { path: "stalwart/api.yaml".into(), contents: API_YAML.into() }];
    for i in 0..cx.objects.len() {
        if cx.selected[i] {
            files.push(cx.object_file(i)?);
        }
    }
    let notes = cx.finish_notes();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, notes))
}

/// The registry's sections, keyed by registry name (sorted, whatever the JSON map's order).
struct Registry<'a> {
    objects: BTreeMap<&'a str, &'a Value>,
    schemas: BTreeMap<&'a str, &'a Value>,
    fields: BTreeMap<&'a str, &'a Value>,
    forms: BTreeMap<&'a str, &'a Value>,
    lists: BTreeMap<&'a str, &'a Value>,
    enums: BTreeMap<&'a str, &'a Value>,
}

fn section<'a>(root: &'a Value, key: &str, required: bool) -> Result<BTreeMap<&'a str, &'a Value>, String> {
    match root.get(key) {
        Some(Value::Object(m)) => Ok(m.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        None if !required => Ok(BTreeMap::new()),
        Some(other) => Err(format!("registry: `{key}` must be a JSON object, found {}", super::json_kind(other))),
        None => Err(format!("registry: no `{key}` section (is this Stalwart's schema.json?)")),
    }
}

fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

impl<'a> Registry<'a> {
    fn read(root: &'a Value) -> Result<Self, String> {
        if !root.is_object() {
            return Err(format!("registry: expected a JSON object, found {}", super::json_kind(root)));
        }
        Ok(Registry {
            objects: section(root, "objects", true)?,
            schemas: section(root, "schemas", true)?,
            fields: section(root, "fields", true)?,
            forms: section(root, "forms", false)?,
            lists: section(root, "lists", false)?,
            enums: section(root, "enums", true)?,
        })
    }

    /// The properties of field set `name`, as (name, definition), in registry order.
    fn properties(&self, name: &str) -> Result<Vec<(&'a str, &'a Value)>, String> {
        let fs = self.fields.get(name).ok_or_else(|| format!("registry: field set `{name}` is not in `fields`"))?;
        match fs.get("properties") {
            Some(Value::Object(m)) => Ok(m.iter().map(|(k, v)| (k.as_str(), v)).collect()),
            None => Ok(Vec::new()),
            Some(other) => Err(format!(
                "registry: fields `{name}`: `properties` must be an object, found {}",
                super::json_kind(other)
            )),
        }
    }

    fn defaults(&self, name: &str) -> Option<&'a serde_json::Map<String, Value>> {
        self.fields.get(name).and_then(|f| f.get("defaults")).and_then(Value::as_object)
    }

    /// A form's fields: (name, label) in section order.
    fn form(&self, name: &str) -> Result<Option<FormFields<'a>>, String> {
        let Some(form) = self.forms.get(name) else { return Ok(None) };
        let mut out = Vec::new();
        let sections = form.get("sections").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for s in sections {
            for f in s.get("fields").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
                let n = super::str_member(f, "name", &format!("registry: form `{name}`"))?;
                out.push((n, opt_str(f, "label")));
            }
        }
        Ok(Some(out))
    }
}

/// A form's fields: (name, label), in the order the form shows them.
type FormFields<'a> = Vec<(&'a str, Option<&'a str>)>;

/// A property of a field set: its name, its registry definition and its form label.
type Property<'a> = (&'a str, &'a Value, Option<String>);

/// A type the importer defines under some object's `types:`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    /// A schema (a field set, or a nested variant object), by registry name.
    Schema(String),
    /// An enumeration, by registry name.
    Enum(String),
}

/// Output names for every registry name.
struct Names {
    /// Objects and schemas (an object's own schema has the object's name).
    schemas: BTreeMap<String, String>,
    enums: BTreeMap<String, String>,
    /// Why a name is not the registry's name less `x:`, for the file's comments.
    renamed: HashMap<String, String>,
}

fn strip(name: &str) -> &str {
    name.strip_prefix("x:").unwrap_or(name)
}

impl Names {
    fn assign(reg: &Registry<'_>) -> Result<Names, String> {
        let all: Vec<&str> = reg.objects.keys().chain(reg.schemas.keys()).chain(reg.enums.keys()).copied().collect();
        let prefixed: HashSet<&str> = all.iter().filter(|n| n.starts_with("x:")).map(|n| strip(n)).collect();
        let mut renamed = HashMap::new();
        let mut out_name = |reg_name: &str| -> String {
            let s = strip(reg_name);
            if let Some((parent, child)) = s.split_once('/') {
                let parent = strip(parent);
                let name = if child.starts_with(parent) { child.to_owned() } else { format!("{parent}{child}") };
                renamed.insert(
                    reg_name.to_owned(),
                    format!("registry view `{reg_name}`, named `{name}` (its object's name and its own)"),
                );
                return name;
            }
            if !reg_name.starts_with("x:") && prefixed.contains(s) {
                let name = format!("Jmap{s}");
                renamed.insert(
                    reg_name.to_owned(),
                    format!(
                        "registry name `{reg_name}` (a JMAP object), named `{name}`: `x:{s}` (the management \
                         object) keeps the plain name"
                    ),
                );
                return name;
            }
            s.to_owned()
        };
        let mut schemas = BTreeMap::new();
        for n in reg.objects.keys().chain(reg.schemas.keys()).chain(reg.fields.keys()) {
            schemas.insert((*n).to_owned(), out_name(n));
        }
        let mut enums = BTreeMap::new();
        for n in reg.enums.keys() {
            enums.insert((*n).to_owned(), out_name(n));
        }
        // Every type name must be usable and distinct, also after the checker's case
        // conversion. An object, its own schema and its `fields` entry share one name.
        let mut by_rust: BTreeMap<String, BTreeSet<(bool, &str)>> = BTreeMap::new();
        for (is_enum, map) in [(false, &schemas), (true, &enums)] {
            for (reg_name, out) in map {
                if !is_upper_ident(out) {
                    return Err(format!("registry name `{reg_name}` becomes `{out}`, which cannot name a type"));
                }
                if ident::is_builtin_type(out) {
                    return Err(format!("registry name `{reg_name}` becomes `{out}`, a built-in type name"));
                }
                by_rust.entry(ident::type_name(out)).or_default().insert((is_enum, reg_name.as_str()));
            }
        }
        for (rust, regs) in &by_rust {
            if regs.len() > 1 {
                let list: Vec<String> = regs.iter().map(|(_, r)| format!("`{r}`")).collect();
                return Err(format!("registry names {} all become the type `{rust}`", list.join(", ")));
            }
        }
        Ok(Names { schemas, enums, renamed })
    }

    fn schema<'s>(&'s self, reg: &'s str) -> &'s str {
        self.schemas.get(reg).map_or(reg, String::as_str)
    }
    fn enumeration<'s>(&'s self, reg: &'s str) -> &'s str {
        self.enums.get(reg).map_or(reg, String::as_str)
    }
}

/// How a view narrows its object.
struct View {
    parent: String,
    /// The view's form: the fields it shows, with labels.
    form: Option<Vec<(String, Option<String>)>>,
    /// The list's `filtersStatic`, sorted.
    filters: Vec<(String, String)>,
}

struct Object<'a> {
    reg: &'a str,
    name: String,
    file: String,
    entry: &'a Value,
    view: Option<View>,
    /// The types defined in this object's file, in order.
    types: Vec<Key>,
}

/// A variant of a union, as the importer writes it.
#[derive(Clone)]
struct VariantSpec {
    tag: String,
    label: Option<String>,
    /// The field set (registry name), or none for a variant without fields.
    fields: Option<String>,
}

/// What an object or nested schema holds.
enum Shape {
    /// A field set: registry name, and for a view the subset it shows.
    Fields(String, Option<Vec<(String, Option<String>)>>),
    Variants(Vec<VariantSpec>),
}

/// How one registry type maps to a type expression.
struct Mapped {
    expr: String,
    /// What the expression does not say (a format), for a trailing comment.
    comment: Option<String>,
    /// Which defaults the schema language can write for it.
    default: DefaultKind,
    /// Formats inside the expression, for the notes' counts.
    formats: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
enum DefaultKind {
    Bool,
    UInt,
    Int,
    Float,
    Str,
    Enum(String),
    None,
}

struct Cx<'r, 'a> {
    reg: &'r Registry<'a>,
    names: &'r Names,
    objects: Vec<Object<'a>>,
    selected: Vec<bool>,
    /// Object (registry name) to index in `objects`.
    object_index: HashMap<&'a str, usize>,
    /// Where each type is defined.
    placed: HashMap<Key, usize>,
    /// The description of the first field that uses a type.
    first_use: HashMap<Key, String>,
    /// Field set to the (union, variant tag) pairs that use it.
    variant_users: BTreeMap<String, Vec<(String, String)>>,
    /// Type names in use, after case conversion.
    taken: HashSet<String>,
    /// Variants without fields that need a named empty field set: (owner, tag) to name.
    empty_named: BTreeMap<(String, String), String>,
    notes: Vec<String>,
    seen_notes: HashSet<String>,
    /// Format counts: (format, imported as) to count.
    formats: BTreeMap<(String, String), usize>,
}

impl<'r, 'a> Cx<'r, 'a> {
    fn new(reg: &'r Registry<'a>, names: &'r Names) -> Result<Self, String> {
        let mut objects = Vec::new();
        for (reg_name, entry) in &reg.objects {
            let what = format!("registry: object `{reg_name}`");
            if !entry.is_object() {
                return Err(format!("{what}: expected a JSON object, found {}", super::json_kind(entry)));
            }
            let view = if entry.get("type").and_then(Value::as_str) == Some("view") {
                let parent = super::str_member(entry, "objectName", &what)?.to_owned();
                if !reg.objects.contains_key(parent.as_str()) || !reg.schemas.contains_key(parent.as_str()) {
                    return Err(format!("{what}: views `{parent}`, which is not an object with a schema"));
                }
                let form = reg
                    .form(reg_name)?
                    .map(|f| f.into_iter().map(|(n, l)| (n.to_owned(), l.map(str::to_owned))).collect::<Vec<_>>());
                let mut filters = Vec::new();
                if let Some(Value::Object(m)) = reg.lists.get(reg_name).and_then(|l| l.get("filtersStatic")) {
                    for (k, v) in m {
                        let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                        filters.push((k.clone(), v));
                    }
                }
                filters.sort();
                Some(View { parent, form, filters })
            } else {
                if !reg.schemas.contains_key(reg_name) {
                    return Err(format!("{what}: no schema of the same name in `schemas`"));
                }
                None
            };
            let name = names.schema(reg_name).to_owned();
            objects.push(Object {
                reg: reg_name,
                file: ident::object_file(&name),
                name,
                entry,
                view,
                types: Vec::new(),
            });
        }
        objects.sort_by(|a, b| a.file.cmp(&b.file).then_with(|| a.name.cmp(&b.name)));
        for w in objects.windows(2) {
            if w[0].file == w[1].file {
                return Err(format!(
                    "registry objects `{}` and `{}` would share the file {}",
                    w[0].reg, w[1].reg, w[0].file
                ));
            }
        }
        for o in &objects {
            let module = o.file.trim_end_matches(".yaml");
            if ident::is_keyword(module) {
                return Err(format!("registry object `{}`: the file name {} cannot name a Rust module", o.reg, o.file));
            }
        }
        let object_index = objects.iter().enumerate().map(|(i, o)| (o.reg, i)).collect();
        let mut taken = HashSet::new();
        for n in names.schemas.values().chain(names.enums.values()) {
            taken.insert(ident::type_name(n));
        }
        let selected = vec![true; objects.len()];
        Ok(Cx {
            reg,
            names,
            objects,
            selected,
            object_index,
            placed: HashMap::new(),
            first_use: HashMap::new(),
            variant_users: BTreeMap::new(),
            taken,
            empty_named: BTreeMap::new(),
            notes: Vec::new(),
            seen_notes: HashSet::new(),
            formats: BTreeMap::new(),
        })
    }

    fn note(&mut self, text: String) {
        if self.seen_notes.insert(text.clone()) {
            self.notes.push(text);
        }
    }

    fn is_object_schema(&self, reg: &str) -> bool {
        self.object_index.get(reg).is_some_and(|&i| self.objects[i].view.is_none())
    }

    /// What schema `reg` holds: a field set, or variants.
    fn schema_shape(&self, reg: &str) -> Result<Shape, String> {
        let what = format!("registry: schema `{reg}`");
        let Some(s) = self.reg.schemas.get(reg) else {
            // A field set that only a variant names.
            if self.reg.fields.contains_key(reg) {
                return Ok(Shape::Fields(reg.to_owned(), None));
            }
            return Err(format!("{what} is not in `schemas` or `fields`"));
        };
        match s.get("type").and_then(Value::as_str) {
            Some("single") => {
                let fs = super::str_member(s, "schemaName", &what)?;
                if !self.reg.fields.contains_key(fs) {
                    return Err(format!("{what}: its field set `{fs}` is not in `fields`"));
                }
                Ok(Shape::Fields(fs.to_owned(), None))
            }
            Some("multiple") => {
                let items =
                    s.get("variants").and_then(Value::as_array).ok_or_else(|| format!("{what}: no `variants` list"))?;
                let mut out = Vec::new();
                for v in items {
                    let tag = super::str_member(v, "name", &what)?.to_owned();
                    let fields = match v.get("schemaName") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(f)) => {
                            if !self.reg.fields.contains_key(f.as_str()) {
                                return Err(format!("{what}: variant `{tag}` names `{f}`, which is not in `fields`"));
                            }
                            if self.reg.schemas.get(f.as_str()).and_then(|s| s.get("type")).and_then(Value::as_str)
                                == Some("multiple")
                            {
                                return Err(format!("{what}: variant `{tag}` names `{f}`, which has variants itself"));
                            }
                            Some(f.clone())
                        }
                        Some(other) => {
                            return Err(format!("{what}: variant `{tag}`: `schemaName` is {}", super::json_kind(other)))
                        }
                    };
                    out.push(VariantSpec { tag, label: opt_str(v, "label").map(str::to_owned), fields });
                }
                if out.is_empty() {
                    return Err(format!("{what} has no variants"));
                }
                Ok(Shape::Variants(out))
            }
            other => Err(format!("{what}: unknown schema type {other:?} (expected single or multiple)")),
        }
    }

    /// What an object holds; a view narrows its object's shape.
    fn object_shape(&self, i: usize) -> Result<Shape, String> {
        let o = &self.objects[i];
        let Some(view) = &o.view else { return self.schema_shape(o.reg) };
        match self.schema_shape(&view.parent)? {
            Shape::Fields(fs, _) => {
                let subset = view.form.as_ref().map(|form| {
                    let props: HashSet<&str> =
                        self.reg.properties(&fs).map(|p| p.into_iter().map(|(n, _)| n).collect()).unwrap_or_default();
                    let mut seen = HashSet::new();
                    form.iter()
                        .filter(|(n, _)| props.contains(n.as_str()) && seen.insert(n.clone()))
                        .cloned()
                        .collect::<Vec<_>>()
                });
                Ok(Shape::Fields(fs, subset))
            }
            Shape::Variants(vs) => {
                let tag = view.filters.iter().find(|(k, _)| k == "@type").map(|(_, v)| v.clone());
                let vs: Vec<VariantSpec> = match tag {
                    Some(t) => vs.into_iter().filter(|v| v.tag == t).collect(),
                    None => vs,
                };
                if vs.is_empty() {
                    return Err(format!("registry: view `{}` selects no variant of `{}`", o.reg, view.parent));
                }
                Ok(Shape::Variants(vs))
            }
        }
    }

    /// The properties of a field set in the order the web UI shows them, with labels:
    /// its own form, then the forms of views of the object it belongs to, then the rest.
    fn ordered_properties(&self, fs: &str) -> Result<Vec<Property<'a>>, String> {
        let props = self.reg.properties(fs)?;
        let mut order: Vec<(String, Option<String>)> = Vec::new();
        let push = |n: &str, l: Option<&str>, order: &mut Vec<(String, Option<String>)>| {
            if let Some(e) = order.iter_mut().find(|(o, _)| o == n) {
                if e.1.is_none() {
                    e.1 = l.map(str::to_owned);
                }
            } else if props.iter().any(|(p, _)| *p == n) {
                order.push((n.to_owned(), l.map(str::to_owned)));
            }
        };
        if let Some(form) = self.reg.form(fs)? {
            for (n, l) in form {
                push(n, l, &mut order);
            }
        }
        for o in &self.objects {
            if o.view.as_ref().is_some_and(|v| v.parent == fs) {
                for (n, l) in o.view.as_ref().and_then(|v| v.form.as_ref()).map(Vec::as_slice).unwrap_or_default() {
                    push(n, l.as_deref(), &mut order);
                }
            }
        }
        for (n, _) in &props {
            push(n, None, &mut order);
        }
        Ok(order
            .into_iter()
            .filter_map(|(n, l)| props.iter().find(|(p, _)| *p == n).map(|(p, v)| (*p, *v, l)))
            .collect())
    }

    /// The types a registry type expression uses (maps included: their types are kept
    /// for when the schema language has maps).
    fn type_refs(&self, t: &Value, out: &mut Vec<Key>) {
        match t.get("type").and_then(Value::as_str) {
            Some("object" | "objectList") => {
                if let Some(n) = t.get("objectName").and_then(Value::as_str) {
                    out.push(Key::Schema(n.to_owned()));
                }
            }
            Some("enum") => {
                // An enumeration the registry does not define is imported as String.
                if let Some(n) = t.get("enumName").and_then(Value::as_str).filter(|n| self.reg.enums.contains_key(n)) {
                    out.push(Key::Enum(n.to_owned()));
                }
            }
            Some("set" | "list") => {
                for k in ["class", "itemClass"] {
                    if let Some(c) = t.get(k) {
                        self.type_refs(c, out);
                    }
                }
            }
            Some("map") => {
                for k in ["keyClass", "valueClass"] {
                    if let Some(c) = t.get(k) {
                        self.type_refs(c, out);
                    }
                }
            }
            _ => {}
        }
    }

    /// The types a field set or variant list uses directly, each with the description
    /// of the field that uses it.
    fn shape_refs(&self, shape: &Shape) -> Result<Vec<(Key, Option<String>)>, String> {
        let mut out = Vec::new();
        match shape {
            Shape::Fields(fs, subset) => {
                for (name, p, _) in self.ordered_properties(fs)? {
                    if subset.as_ref().is_some_and(|s| !s.iter().any(|(n, _)| n == name)) {
                        continue;
                    }
                    let mut refs = Vec::new();
                    if let Some(t) = p.get("type") {
                        self.type_refs(t, &mut refs);
                    }
                    let desc = opt_str(p, "description").map(str::to_owned);
                    out.extend(refs.into_iter().map(|k| (k, desc.clone())));
                }
            }
            Shape::Variants(vs) => {
                for v in vs {
                    if let Some(f) = &v.fields {
                        out.push((Key::Schema(f.clone()), None));
                    }
                }
            }
        }
        Ok(out)
    }

    fn key_refs(&self, key: &Key) -> Result<Vec<(Key, Option<String>)>, String> {
        match key {
            Key::Enum(e) => {
                if !self.reg.enums.contains_key(e.as_str()) {
                    return Err(format!("registry: enum `{e}` is used but not defined in `enums`"));
                }
                Ok(Vec::new())
            }
            Key::Schema(s) => self.shape_refs(&self.schema_shape(s)?),
        }
    }

    /// Narrows the import to the objects named in `only` and the objects they nest.
    fn select(&mut self, only: &[String]) -> Result<(), String> {
        if only.is_empty() {
            return Ok(());
        }
        self.selected = vec![false; self.objects.len()];
        let mut queue = VecDeque::new();
        for want in only {
            let found = self.objects.iter().position(|o| o.reg == want || strip(o.reg) == want || o.name == *want);
            match found {
                Some(i) => queue.push_back(i),
                None => {
                    let mut known: Vec<&str> = self.objects.iter().map(|o| o.name.as_str()).collect();
                    known.sort();
                    return Err(format!(
                        "--object {want}: no such object in the registry; objects are: {}",
                        known.join(", ")
                    ));
                }
            }
        }
        while let Some(i) = queue.pop_front() {
            if self.selected[i] {
                continue;
            }
            self.selected[i] = true;
            // Every object this one nests (through any depth of types) comes along.
            let mut seen = HashSet::new();
            let mut keys: VecDeque<Key> =
                self.shape_refs(&self.object_shape(i)?)?.into_iter().map(|(k, _)| k).collect();
            while let Some(k) = keys.pop_front() {
                if !seen.insert(k.clone()) {
                    continue;
                }
                if let Key::Schema(s) = &k {
                    if self.is_object_schema(s) {
                        let j = self.object_index[s.as_str()];
                        if !self.selected[j] {
                            let note = format!(
                                "--object: `{}` nests the object `{}`, so it is imported too",
                                self.objects[i].name, self.objects[j].name
                            );
                            self.note(note);
                            queue.push_back(j);
                        }
                        continue;
                    }
                }
                keys.extend(self.key_refs(&k)?.into_iter().map(|(k, _)| k));
            }
        }
        Ok(())
    }

    /// Assigns every type to the first selected object (in file order) that uses it.
    fn place(&mut self) -> Result<(), String> {
        // Field sets used by variants, for their descriptions (views are copies: skipped).
        let mut unions: Vec<(String, Shape)> = Vec::new();
        for (i, o) in self.objects.iter().enumerate() {
            if o.view.is_none() && self.selected[i] {
                unions.push((o.name.clone(), self.object_shape(i)?));
            }
        }
        for (reg_name, s) in &self.reg.schemas {
            if !self.is_object_schema(reg_name) && s.get("type").and_then(Value::as_str) == Some("multiple") {
                unions.push((self.names.schema(reg_name).to_owned(), self.schema_shape(reg_name)?));
            }
        }
        for (owner, shape) in &unions {
            if let Shape::Variants(vs) = shape {
                for v in vs {
                    if let Some(f) = &v.fields {
                        self.variant_users.entry(f.clone()).or_default().push((owner.clone(), v.tag.clone()));
                    }
                }
            }
        }
        for i in 0..self.objects.len() {
            if !self.selected[i] {
                continue;
            }
            let mut queue: VecDeque<(Key, Option<String>)> = self.shape_refs(&self.object_shape(i)?)?.into();
            while let Some((k, desc)) = queue.pop_front() {
                if let Key::Schema(s) = &k {
                    if self.is_object_schema(s) {
                        continue;
                    }
                }
                if self.placed.contains_key(&k) {
                    continue;
                }
                let refs = self.key_refs(&k)?;
                self.placed.insert(k.clone(), i);
                if let Some(d) = desc {
                    self.first_use.entry(k.clone()).or_insert(d);
                }
                self.objects[i].types.push(k);
                queue.extend(refs);
            }
        }
        if self.selected.iter().all(|s| *s) {
            let mut orphans: Vec<String> = Vec::new();
            for n in self.reg.schemas.keys() {
                if !self.is_object_schema(n) && !self.placed.contains_key(&Key::Schema((*n).to_owned())) {
                    orphans.push(format!("schema `{n}`"));
                }
            }
            for n in self.reg.enums.keys() {
                if !self.placed.contains_key(&Key::Enum((*n).to_owned())) {
                    orphans.push(format!("enum `{n}`"));
                }
            }
            if !orphans.is_empty() {
                let note = format!(
                    "{} registry definitions are used by no object and are not imported: {}",
                    orphans.len(),
                    orphans.join(", ")
                );
                self.note(note);
            }
        }
        Ok(())
    }

    /// Variants without fields are written `fields: {}`, which the checker names
    /// `<Owner><Variant>`; where that name is taken, they name an empty field set instead.
    fn plan_empty_variants(&mut self) -> Result<(), String> {
        let mut owners: Vec<(String, Shape)> = Vec::new();
        for i in 0..self.objects.len() {
            if self.selected[i] {
                owners.push((self.objects[i].name.clone(), self.object_shape(i)?));
            }
        }
        let mut nested: Vec<&Key> = self.placed.keys().collect();
        nested.sort();
        for k in nested {
            if let Key::Schema(s) = k {
                owners.push((self.names.schema(s).to_owned(), self.schema_shape(s)?));
            }
        }
        owners.sort_by(|a, b| a.0.cmp(&b.0));
        for (owner, shape) in owners {
            let Shape::Variants(vs) = shape else { continue };
            let mut rust_tags: Vec<String> = Vec::new();
            for v in &vs {
                let r = ident::type_name(&v.tag);
                if !ident::is_variant_name(&r) {
                    return Err(format!(
                        "registry: `{owner}` has the variant `{}`, which cannot become a Rust name (`{r}`)",
                        v.tag
                    ));
                }
                if rust_tags.contains(&r) {
                    return Err(format!("registry: `{owner}` has two variants that both become `{r}` in Rust"));
                }
                rust_tags.push(r.clone());
                if v.fields.is_some() {
                    continue;
                }
                let inline = format!("{owner}{r}");
                if self.taken.insert(ident::type_name(&inline)) {
                    continue;
                }
                let mut name = format!("{inline}Fields");
                let mut n = 2;
                while !self.taken.insert(ident::type_name(&name)) {
                    name = format!("{inline}Fields{n}");
                    n += 1;
                }
                self.empty_named.insert((owner.clone(), v.tag.clone()), name);
            }
        }
        Ok(())
    }

    fn finish_notes(&mut self) -> Vec<String> {
        let mut out = std::mem::take(&mut self.notes);
        let mut counts: Vec<String> = Vec::new();
        for ((format, as_type), n) in &self.formats {
            counts.push(format!("format `{format}`: {n} field(s) imported as {as_type}"));
        }
        out.splice(0..0, counts);
        out
    }

    /// One object's file.
    fn object_file(&mut self, i: usize) -> Result<ImportedFile, String> {
        let shape = self.object_shape(i)?;
        let o = &self.objects[i];
        let (reg_name, name, file, entry) = (o.reg, o.name.clone(), o.file.clone(), o.entry);
        let mut y = Yaml::new();
        y.comment(0, HEADER);
        let mut source = format!("Registry object `{reg_name}`");
        if let Some(kind) = opt_str(entry, "type") {
            source.push_str(&format!(" ({kind})"));
        }
        source.push('.');
        y.comment(0, &source);
        if let Some(why) = self.names.renamed.get(reg_name) {
            y.comment(0, &format!("The name: {why}."));
        }
        if entry.get("enterprise").and_then(Value::as_bool) == Some(true) {
            y.comment(0, "Enterprise edition only (registry: enterprise).");
        }
        if let Some(view) = &self.objects[i].view {
            let parent = self.names.schema(&view.parent).to_owned();
            let what = match (&shape, view.form.is_some()) {
                (Shape::Variants(_), _) if view.filters.iter().any(|(k, _)| k == "@type") => {
                    format!("A view of `{parent}`: the variants its list selects.")
                }
                (Shape::Variants(_), _) => format!("A view of `{parent}`: all of its variants."),
                (_, true) => format!("A view of `{parent}`: the fields its form shows."),
                (_, false) => format!("A view of `{parent}`: all of its fields."),
            };
            y.comment(0, &what);
            for (k, v) in view.filters.iter().filter(|(k, _)| !(k == "@type" && matches!(shape, Shape::Variants(_)))) {
                y.comment(
                    0,
                    &format!("Its list shows only records with {k} = {v}; the schema language has no such filter."),
                );
            }
        }
        y.raw(0, "object", &scalar(&name), None);
        let description = match opt_str(entry, "description") {
            Some(d) => d.to_owned(),
            None => self.view_description(i),
        };
        y.text(0, "description", &description);
        let quiet = self.objects[i].view.is_some();
        let rules = match &shape {
            Shape::Fields(fs, subset) => self.fields(&mut y, 0, &name, fs, subset.as_deref(), quiet)?,
            Shape::Variants(vs) => {
                y.key(0, "variants", None);
                self.variants(&mut y, 2, &name, vs)?;
                Vec::new()
            }
        };
        write_rules(&mut y, 0, &rules);
        let types = self.objects[i].types.clone();
        if !types.is_empty() {
            y.blank();
            y.key(0, "types", None);
            for (n, k) in types.iter().enumerate() {
                if n > 0 {
                    y.blank();
                }
                self.type_def(&mut y, 2, k)?;
            }
        }
        // Field sets named for variants without fields.
        let named: Vec<String> = self
            .empty_named
            .iter()
            .filter(|((owner, _), _)| {
                *owner == name || types.iter().any(|k| matches!(k, Key::Schema(s) if self.names.schema(s) == owner))
            })
            .map(|(_, n)| n.clone())
            .collect();
        if !named.is_empty() {
            if types.is_empty() {
                y.blank();
                y.key(0, "types", None);
            }
            for n in named {
                y.blank();
                y.key(2, &n, None);
                y.text(4, "description", "A variant without fields.");
                y.raw(4, "fields", "{}", None);
            }
        }
        Ok(ImportedFile { path: format!("stalwart/{file}"), contents: y.finish() })
    }

    fn view_description(&self, i: usize) -> String {
        let o = &self.objects[i];
        let parent = o.view.as_ref().map(|v| self.names.schema(&v.parent).to_owned()).unwrap_or_default();
        let from = |m: &BTreeMap<&str, &Value>| {
            m.get(o.reg).and_then(|v| opt_str(v, "subtitle").or_else(|| opt_str(v, "title"))).map(str::to_owned)
        };
        match from(&self.reg.lists).or_else(|| from(&self.reg.forms)) {
            Some(s) => format!("{s} (a view of {parent})."),
            None => format!("A view of {parent}."),
        }
    }

    fn type_def(&mut self, y: &mut Yaml, indent: usize, key: &Key) -> Result<(), String> {
        match key {
            Key::Enum(reg_name) => {
                let name = self.names.enumeration(reg_name).to_owned();
                y.comment(indent, &format!("Registry enum `{reg_name}`."));
                y.key(indent, &name, None);
                let desc = self.first_use.get(key).cloned().unwrap_or_else(|| format!("Values of {name}."));
                y.text(indent + 2, "description", &desc);
                y.key(indent + 2, "enum", None);
                let items = self.reg.enums[reg_name.as_str()]
                    .as_array()
                    .ok_or_else(|| format!("registry: enum `{reg_name}` must be an array"))?;
                if items.is_empty() {
                    return Err(format!("registry: enum `{reg_name}` has no values"));
                }
                let mut values = Vec::new();
                for it in items {
                    values.push(super::str_member(it, "name", &format!("registry: enum `{reg_name}`"))?);
                }
                let mut seen = HashSet::new();
                for v in &values {
                    if !seen.insert(*v) {
                        return Err(format!("registry: enum `{reg_name}` lists `{v}` twice"));
                    }
                }
                let rust = names::value_rust_names(&values);
                for ((it, v), r) in items.iter().zip(&values).zip(rust) {
                    y.item_text(indent + 4, "value", v);
                    if let Some(r) = r {
                        y.raw(indent + 6, "rust-name", &scalar(&r), None);
                    }
                    if let Some(l) = opt_str(it, "label") {
                        y.text(indent + 6, "label", l);
                    }
                    if let Some(e) = opt_str(it, "explanation") {
                        y.text(indent + 6, "description", e);
                    }
                }
            }
            Key::Schema(reg_name) => {
                let name = self.names.schema(reg_name).to_owned();
                let shape = self.schema_shape(reg_name)?;
                y.comment(indent, &format!("Registry schema `{reg_name}`."));
                y.key(indent, &name, None);
                let desc = self.type_description(reg_name, key, &name);
                y.text(indent + 2, "description", &desc);
                match &shape {
                    Shape::Fields(fs, _) => {
                        let rules = self.fields(y, indent + 2, &name, fs, None, false)?;
                        write_rules(y, indent + 2, &rules);
                    }
                    Shape::Variants(vs) => {
                        y.key(indent + 2, "variants", None);
                        self.variants(y, indent + 4, &name, vs)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn type_description(&self, reg_name: &str, key: &Key, name: &str) -> String {
        if let Some(users) = self.variant_users.get(reg_name) {
            let mut by_owner: Vec<(&str, Vec<&str>)> = Vec::new();
            for (owner, tag) in users {
                match by_owner.iter_mut().find(|(o, _)| o == owner) {
                    Some((_, tags)) => tags.push(tag),
                    None => by_owner.push((owner, vec![tag])),
                }
            }
            let parts: Vec<String> = by_owner
                .iter()
                .map(|(owner, tags)| {
                    let s = if tags.len() == 1 { "" } else { "s" };
                    format!("the {} variant{s} of {owner}", join_and(tags))
                })
                .collect();
            return format!("Fields of {}.", join_and(&parts.iter().map(String::as_str).collect::<Vec<_>>()));
        }
        self.first_use.get(key).cloned().unwrap_or_else(|| format!("The {name} settings."))
    }

    fn variants(&mut self, y: &mut Yaml, indent: usize, owner: &str, vs: &[VariantSpec]) -> Result<(), String> {
        for v in vs {
            y.item_text(indent, "type", &v.tag);
            let label = v.label.clone().unwrap_or_else(|| v.tag.clone());
            y.text(indent + 2, "label", &label);
            match &v.fields {
                Some(f) => y.raw(indent + 2, "fields", &scalar(self.names.schema(f)), None),
                None => match self.empty_named.get(&(owner.to_owned(), v.tag.clone())) {
                    Some(n) => y.raw(indent + 2, "fields", &scalar(n), Some("the variant has no fields")),
                    None => y.raw(indent + 2, "fields", "{}", Some("the variant has no fields")),
                },
            }
        }
        Ok(())
    }

    /// Writes `fields:` and a field set under it; returns its `range` rules. `quiet`: a
    /// view's copy, whose notes its object's file already gave.
    fn fields(
        &mut self,
        out: &mut Yaml,
        key_indent: usize,
        owner: &str,
        fs: &str,
        subset: Option<&[(String, Option<String>)]>,
        quiet: bool,
    ) -> Result<Vec<Range>, String> {
        let mut props = self.ordered_properties(fs)?;
        if let Some(subset) = subset {
            props = subset
                .iter()
                .filter_map(|(n, l)| {
                    props.iter().find(|(p, _, _)| p == n).map(|(p, v, own)| (*p, *v, l.clone().or_else(|| own.clone())))
                })
                .collect();
        }
        let defaults = self.reg.defaults(fs);
        let indent = key_indent + 2;
        let mut body = Yaml::new();
        let y = &mut body;
        // Field names the checker rejects (keywords, case collisions) get a `rust-name`.
        let wire: Vec<&str> = props.iter().map(|(n, _, _)| *n).collect();
        let rust = names::field_rust_names(&wire, |s| format!("{s}_"));
        let mut ranges = Vec::new();
        let mut any = false;
        for ((name, p, label), rust_name) in props.iter().zip(rust) {
            let at = format!("{owner}.{name} (registry `{fs}`)");
            let t = p.get("type").ok_or_else(|| format!("registry: field `{name}` of `{fs}` has no `type`"))?;
            if !(name.starts_with(|c: char| c.is_ascii_lowercase()) && name.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                y.comment(indent, &format!("skipped: {name}: the name is not camelCase"));
                if !quiet {
                    self.note(format!("{at}: skipped: the name is not camelCase"));
                }
                continue;
            }
            if t.get("type").and_then(Value::as_str) == Some("map") {
                let k = t.get("keyClass").map(|c| self.describe_class(c)).unwrap_or_else(|| "?".into());
                let v = t.get("valueClass").map(|c| self.describe_class(c)).unwrap_or_else(|| "?".into());
                y.comment(
                    indent,
                    &format!("skipped: {name}: map types are not in the schema language yet (Map<{k}, {v}>)"),
                );
                if !quiet {
                    self.note(format!("{at}: skipped: map types are not in the schema language yet (Map<{k}, {v}>)"));
                }
                continue;
            }
            let mapped = self.map_type(t, &at)?;
            if !quiet {
                for f in &mapped.formats {
                    *self.formats.entry(f.clone()).or_insert(0) += 1;
                }
            }
            let nullable = t.get("nullable").and_then(Value::as_bool) == Some(true);
            let expr = if nullable { format!("{}?", mapped.expr) } else { mapped.expr.clone() };
            let update = super::str_member(p, "update", &format!("registry: field `{name}` of `{fs}`"))?;
            let default_json = defaults.and_then(|d| d.get(*name)).filter(|v| !v.is_null());
            let default = default_json.and_then(|d| default_literal(d, &mapped.default, self.reg));
            let mut comments: Vec<String> = Vec::new();
            if let (Some(d), None) = (default_json, &default) {
                let shown = short_json(d);
                comments.push(format!("registry default: {shown} (the schema language cannot write it)"));
                if !quiet {
                    self.note(format!("{at}: the registry default {shown} cannot be written as a `default`"));
                }
            }
            let modifiers: &[&str] = match update {
                "serverSet" => &["server-set"],
                "immutable" => &["read-only"],
                "mutable" if !nullable && default.is_none() => {
                    if default_json.is_some() {
                        comments.push("required here because its default is not a scalar".into());
                    }
                    &["required"]
                }
                "mutable" => &[],
                other => return Err(format!("registry: field `{name}` of `{fs}`: unknown update `{other}`")),
            };
            if p.get("enterprise").and_then(Value::as_bool) == Some(true) {
                comments.push("enterprise edition only (registry: enterprise)".into());
            }
            for (k, what) in [("maxLength", "at most"), ("minItems", "at least")] {
                if let Some(n) = t.get(k).and_then(Value::as_u64) {
                    let unit = if k == "maxLength" { "characters" } else { "items" };
                    comments.push(format!("registry: {what} {n} {unit} ({k}; not in the schema language)"));
                    if !quiet {
                        self.note(format!("{at}: {k} {n} is not in the schema language"));
                    }
                }
            }
            if let Some(r) = self.range(t, name, &mapped.default, &at, quiet) {
                ranges.push(r);
            }
            for c in &comments {
                y.comment(indent, c);
            }
            y.key(indent, name, None);
            y.raw(indent + 2, "type", &scalar(&expr), mapped.comment.as_deref());
            if let Some(r) = rust_name {
                y.raw(indent + 2, "rust-name", &scalar(&r), Some("the derived name is a Rust keyword or taken"));
            }
            if !modifiers.is_empty() {
                y.raw(indent + 2, "modifiers", &format!("[{}]", modifiers.join(", ")), None);
            }
            if let Some(d) = default {
                y.raw(indent + 2, "default", &d, None);
            }
            if let Some(l) = label {
                y.text(indent + 2, "label", l);
            }
            if let Some(d) = opt_str(p, "description") {
                y.text(indent + 2, "description", d);
            }
            any = true;
        }
        if any {
            out.key(key_indent, "fields", None);
        } else {
            out.raw(key_indent, "fields", "{}", Some("the registry lists no fields"));
        }
        out.append(body);
        Ok(ranges)
    }

    fn describe_class(&self, c: &Value) -> String {
        match c.get("type").and_then(Value::as_str) {
            Some("string") => c.get("format").and_then(Value::as_str).unwrap_or("string").to_owned(),
            Some("number") => c.get("format").and_then(Value::as_str).unwrap_or("number").to_owned(),
            Some("object" | "objectList") => {
                self.names.schema(c.get("objectName").and_then(Value::as_str).unwrap_or("?")).to_owned()
            }
            Some("enum") => self.names.enumeration(c.get("enumName").and_then(Value::as_str).unwrap_or("?")).to_owned(),
            Some("objectId") => {
                format!("Id<{}>", self.names.schema(c.get("objectName").and_then(Value::as_str).unwrap_or("?")))
            }
            Some(other) => other.to_owned(),
            None => "?".to_owned(),
        }
    }

    /// A registry type as a type expression (without `?`).
    fn map_type(&self, t: &Value, at: &str) -> Result<Mapped, String> {
        let ty =
            t.get("type").and_then(Value::as_str).ok_or_else(|| format!("registry: {at}: the type has no `type`"))?;
        let format = t.get("format").and_then(Value::as_str);
        let plain = |expr: &str, default: DefaultKind| Mapped {
            expr: expr.to_owned(),
            comment: None,
            default,
            formats: Vec::new(),
        };
        let formatted = |expr: &str, default: DefaultKind, fmt: &str, comment: &str| Mapped {
            expr: expr.to_owned(),
            comment: Some(comment.to_owned()),
            default,
            formats: vec![(fmt.to_owned(), format!("{expr} ({comment})"))],
        };
        Ok(match (ty, format) {
            ("boolean", _) => plain("Boolean", DefaultKind::Bool),
            ("string", Some("string") | None) => plain("String", DefaultKind::Str),
            ("string", Some("text")) => plain("Text", DefaultKind::Str),
            ("string", Some("emailAddress")) => plain("EmailAddress", DefaultKind::Str),
            ("string", Some(f @ ("html" | "secretText"))) => formatted("Text", DefaultKind::Str, f, f),
            ("string", Some(f)) => formatted("String", DefaultKind::Str, f, f),
            ("number", Some("unsignedInteger")) => plain("UnsignedInt", DefaultKind::UInt),
            ("number", Some("integer")) => plain("Integer", DefaultKind::Int),
            ("number", Some("float")) => plain("Float", DefaultKind::Float),
            ("number", Some("duration")) => {
                formatted("UnsignedInt", DefaultKind::UInt, "duration", "duration in milliseconds")
            }
            ("number", Some("size")) => formatted("UnsignedInt", DefaultKind::UInt, "size", "size in bytes"),
            ("number", Some(f)) => formatted("Float", DefaultKind::Float, f, f),
            ("number", None) => formatted("Float", DefaultKind::Float, "(none)", "number"),
            ("utcDateTime", _) => plain("UTCDateTime", DefaultKind::None),
            ("blobId", _) => plain("BlobId", DefaultKind::None),
            ("objectId", _) => {
                let target = t.get("objectName").and_then(Value::as_str);
                match target.map(|n| self.names.schema(n)) {
                    Some(n) if is_upper_ident(n) => plain(&format!("Id<{n}>"), DefaultKind::None),
                    _ => plain("Id", DefaultKind::None),
                }
            }
            ("enum", _) => {
                let e = t
                    .get("enumName")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("registry: {at}: enum without `enumName`"))?;
                if !self.reg.enums.contains_key(e) {
                    return Ok(Mapped {
                        expr: "String".into(),
                        comment: Some(format!("the registry does not define the enum {e}")),
                        default: DefaultKind::Str,
                        formats: vec![(format!("enum {e} (undefined)"), "String".into())],
                    });
                }
                plain(self.names.enumeration(e), DefaultKind::Enum(e.to_owned()))
            }
            ("object", _) => {
                let o = t
                    .get("objectName")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("registry: {at}: object without `objectName`"))?;
                if !self.reg.schemas.contains_key(o) && !self.reg.fields.contains_key(o) {
                    return Err(format!("registry: {at}: object `{o}` is not in `schemas`"));
                }
                plain(self.names.schema(o), DefaultKind::None)
            }
            ("objectList", _) => {
                let o = t
                    .get("objectName")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("registry: {at}: objectList without `objectName`"))?;
                if !self.reg.schemas.contains_key(o) && !self.reg.fields.contains_key(o) {
                    return Err(format!("registry: {at}: object `{o}` is not in `schemas`"));
                }
                plain(&format!("List<{}>", self.names.schema(o)), DefaultKind::None)
            }
            ("set" | "list", _) => {
                let class = t
                    .get("class")
                    .or_else(|| t.get("itemClass"))
                    .ok_or_else(|| format!("registry: {at}: {ty} without `class`"))?;
                if matches!(class.get("type").and_then(Value::as_str), Some("set" | "list" | "map")) {
                    return Err(format!("registry: {at}: a {ty} of collections is not supported"));
                }
                let inner = self.map_type(class, at)?;
                let ctor = if ty == "set" { "Set" } else { "List" };
                Mapped {
                    expr: format!("{ctor}<{}>", inner.expr),
                    comment: inner.comment,
                    default: DefaultKind::None,
                    formats: inner.formats,
                }
            }
            (other, _) => return Err(format!("registry: {at}: unknown type `{other}`")),
        })
    }

    /// The registry's `min`/`max` of a number, as a `range` rule where it is a whole number.
    fn range(&mut self, t: &Value, field: &str, kind: &DefaultKind, at: &str, quiet: bool) -> Option<Range> {
        if !matches!(kind, DefaultKind::UInt | DefaultKind::Int | DefaultKind::Float) {
            return None;
        }
        let bound = |this: &mut Self, key: &str| -> Option<i64> {
            let v = t.get(key)?.as_f64()?;
            if v.fract() == 0.0 && v.abs() < 9.0e18 {
                Some(v as i64)
            } else {
                if !quiet {
                    this.note(format!("{at}: {key} {v} is not a whole number; no range rule states it"));
                }
                None
            }
        };
        let mut min = bound(self, "min");
        let max = bound(self, "max");
        if matches!(kind, DefaultKind::UInt) && min.is_some_and(|m| m <= 0) {
            min = None; // an unsigned number is never below 0 anyway
        }
        if min.is_none() && max.is_none() {
            return None;
        }
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                if !quiet {
                    self.note(format!("{at}: min {a} is above max {b}; no range rule states them"));
                }
                return None;
            }
        }
        Some(Range { field: field.to_owned(), min, max })
    }
}

/// A `range` rule.
struct Range {
    field: String,
    min: Option<i64>,
    max: Option<i64>,
}

fn write_rules(y: &mut Yaml, indent: usize, rules: &[Range]) {
    if rules.is_empty() {
        return;
    }
    y.key(indent, "rules", None);
    for r in rules {
        let mut pairs = vec![("field", flow_scalar(&r.field))];
        if let Some(m) = r.min {
            pairs.push(("min", m.to_string()));
        }
        if let Some(m) = r.max {
            pairs.push(("max", m.to_string()));
        }
        y.item(indent + 2, &format!("range: {}", flow_map(&pairs)));
    }
}

/// A default the schema language can write for a field of this kind, as YAML.
fn default_literal(d: &Value, kind: &DefaultKind, reg: &Registry<'_>) -> Option<String> {
    match (kind, d) {
        (DefaultKind::Bool, Value::Bool(b)) => Some(b.to_string()),
        (DefaultKind::UInt, Value::Number(n)) => match (n.as_u64(), n.as_f64()) {
            (Some(u), _) => Some(u.to_string()),
            (None, Some(f)) if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 => Some((f as u64).to_string()),
            _ => None,
        },
        (DefaultKind::Int, Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Some(i.to_string()),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e18 => Some((f as i64).to_string()),
            _ => None,
        },
        (DefaultKind::Float, Value::Number(n)) => n.as_f64().filter(|f| f.is_finite()).map(|_| n.to_string()),
        (DefaultKind::Str, Value::String(s)) => Some(scalar(s)),
        (DefaultKind::Enum(e), Value::String(s)) => {
            let known =
                reg.enums.get(e.as_str())?.as_array()?.iter().any(|v| v.get("name").and_then(Value::as_str) == Some(s));
            known.then(|| scalar(s))
        }
        _ => None,
    }
}

/// Compact JSON, cut short for a comment.
fn short_json(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
