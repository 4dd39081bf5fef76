//! Model against model: what changed between two schemas, and whom it breaks.
//!
//! The differ compares resolved models, not text: objects, variants, fields, types,
//! modifiers, defaults, values, limits, rules and wire names. Each change is judged by
//! [`classify`](classify::classify) for requests, responses and the Rust API; the
//! release it needs follows from the Rust axis ([`semver`]). A field, value or type
//! that left under one name and came back under a similar one with the same definition
//! is reported once, as a rename with both names.

mod classify;
pub mod report;
pub mod semver;
mod wire;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use classify::{classify, Kind, TypeChange};

use crate::diag::{closest, Loc};
use crate::emit::{new_arguments, view_name, views_of};
use crate::model::{
    Api, CreateRule, Field, Model, ReadRule, Rule, RuleKind, Struct, Ty, TypeDef, TypeKind, UpdateRule, Updates,
};

/// A verdict on one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Existing clients or code are unaffected.
    Compatible,
    /// Cannot be decided from the schema alone.
    Attention,
    /// Existing clients fail, or existing code stops compiling.
    Breaking,
}

impl Verdict {
    /// `breaking`, `attention` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::Attention => "attention",
            Verdict::Breaking => "breaking",
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `<api>/<Object>`, or `<api>` for the wire profile.
    pub object: String,
    /// Where in the object (`variants.MergeThreads`, `types.TaskStatusRetry.fields.due`).
    pub path: String,
    /// What happened, in the schema's words (`variant removed`).
    pub change: String,
    /// Its kind.
    pub kind: Kind,
    /// What clients send: create and update bodies, patches.
    pub requests: Verdict,
    /// What clients read.
    pub responses: Verdict,
    /// The worse of `requests` and `responses`.
    pub wire: Verdict,
    /// Rust API verdict.
    pub rust: Verdict,
    /// Why, in one line.
    pub reason: String,
    /// Where it stands: in the new schema, or in the old one for what was removed.
    pub loc: Loc,
    /// When the change was accepted in the allow file: its reason.
    pub accepted: Option<String>,
}

impl Change {
    /// The worse of the two verdicts.
    pub fn severity(&self) -> Verdict {
        self.wire.max(self.rust)
    }

    /// Which directions of the wire the change affects: `requests`, `responses`, both
    /// (`requests, responses`) or `none`.
    pub fn directions(&self) -> &'static str {
        match (self.requests > Verdict::Compatible, self.responses > Verdict::Compatible) {
            (true, true) => "requests, responses",
            (true, false) => "requests",
            (false, true) => "responses",
            (false, false) => "none",
        }
    }
}

/// Every change from `base` to `head`, in a stable order (object, path, change).
pub fn diff(base: &Model, head: &Model) -> Vec<Change> {
    let mut out = Vec::new();
    let mut apis: BTreeMap<&str, (Option<&Api>, Option<&Api>)> = BTreeMap::new();
    for a in &base.apis {
        apis.entry(a.name.as_str()).or_default().0 = Some(a);
    }
    for a in &head.apis {
        apis.entry(a.name.as_str()).or_default().1 = Some(a);
    }
    for (_, pair) in apis {
        match pair {
            (Some(b), Some(h)) => {
                let mut d = Differ { base: b, head: h, renames: HashMap::new(), out: Vec::new() };
                d.api();
                out.extend(d.out);
            }
            (None, Some(h)) => {
                for m in &h.modules {
                    out.push(whole_object(h, h.ty(m.object), "added", Kind::ObjectAdded, &|_| true));
                }
            }
            (Some(b), None) => {
                for m in &b.modules {
                    out.push(whole_object(b, b.ty(m.object), "removed", Kind::ObjectRemoved, &|_| true));
                }
            }
            (None, None) => {}
        }
    }
    out.sort_by(|a, b| (&a.object, &a.path, &a.change).cmp(&(&b.object, &b.path, &b.change)));
    out
}

fn change(object: String, path: String, what: &str, kind: Kind, loc: Loc) -> Change {
    let (requests, responses, rust, reason) = classify(&kind);
    Change {
        object,
        path,
        change: what.to_owned(),
        kind,
        requests,
        responses,
        wire: requests.max(responses),
        rust,
        reason: reason.to_owned(),
        loc,
        accepted: None,
    }
}

/// One entry for an object that came or went, listing the types of its file that came
/// or went with it (those `with` accepts).
fn whole_object(api: &Api, t: &TypeDef, how: &str, kind: Kind, with: &dyn Fn(&TypeDef) -> bool) -> Change {
    let types: Vec<&str> = api.modules[t.module]
        .types
        .iter()
        .map(|id| api.ty(*id))
        .filter(|x| !x.is_object && with(x))
        .map(|x| x.name.as_str())
        .collect();
    let what = if types.is_empty() {
        format!("object {how}")
    } else {
        format!("object {how}, with its types {}", types.join(", "))
    };
    change(object_name(api, t), String::new(), &what, kind, t.loc.clone())
}

fn object_name(api: &Api, t: &TypeDef) -> String {
    let object = api.ty(api.modules[t.module].object);
    format!("{}/{}", api.name, object.name)
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}.{b}")
    }
}

/// A type as text, with named types by name (through `renames`, old name to new), so
/// that two models can be compared.
fn ty_text(api: &Api, ty: &Ty, renames: &HashMap<String, String>) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "Boolean".into(),
        Ty::Int32 => "Int32".into(),
        Ty::Int64 => "Integer".into(),
        Ty::UInt64 => "UnsignedInt".into(),
        Ty::Float => "Float".into(),
        Ty::Date => "Date".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Id(_) => "Id".into(),
        Ty::BlobId => "BlobId".into(),
        Ty::Email => "EmailAddress".into(),
        Ty::Named(id) => {
            let name = &api.ty(*id).name;
            renames.get(name).unwrap_or(name).clone()
        }
        Ty::List(t) => format!("List<{}>", ty_text(api, t, renames)),
        Ty::Set(t) => format!("Set<{}>", ty_text(api, t, renames)),
    }
}

/// A field's type in the schema's words (`int`, `UTCDateTime`), without `?`.
fn ty_words(f: &Field) -> &str {
    f.schema_type.trim_end_matches('?').trim()
}

/// Whether every value of `from` is a value of `to`, or the other way round.
fn type_change(from: &Ty, to: &Ty) -> TypeChange {
    use Ty::*;
    let wider = |a: &Ty, b: &Ty| {
        matches!(
            (a, b),
            (Int32, Int64 | Float)
                | (Int64 | UInt64, Float)
                | (Email | Id(_) | BlobId, String)
                | (Id(Some(_)), Id(None))
        )
    };
    if wider(from, to) {
        TypeChange::Widened
    } else if wider(to, from) {
        TypeChange::Narrowed
    } else {
        TypeChange::Other
    }
}

/// A rule as text, with fields by wire name.
fn rule_text(s: &Struct, r: &Rule) -> String {
    let f = |i: &usize| s.fields[*i].wire_name.clone();
    let fs = |v: &[usize]| v.iter().map(f).collect::<Vec<_>>().join(", ");
    let conds = |c: &[crate::model::Cond]| {
        c.iter().map(|c| format!("{}={}", f(&c.field), c.equals)).collect::<Vec<_>>().join(", ")
    };
    match &r.kind {
        RuleKind::Require { when, fields } => format!("when {{{}}} require [{}]", conds(when), fs(fields)),
        RuleKind::Forbid { when, fields } => format!("when {{{}}} forbid [{}]", conds(when), fs(fields)),
        RuleKind::ForbidChange { when_stored, fields } => {
            format!("when-stored {{{}}} forbid-change [{}]", conds(when_stored), fs(fields))
        }
        RuleKind::Before { first, second } => format!("before [{}, {}]", f(first), f(second)),
        RuleKind::Range { field, min, max } => {
            let b = |v: &Option<i64>| v.map_or_else(String::new, |v| v.to_string());
            format!("range {} {}..={}", f(field), b(min), b(max))
        }
        RuleKind::ExcludeFlags { when, field, names, .. } => {
            format!("when {{{}}} exclude-flags {} [{}]", conds(when), f(field), names.join(", "))
        }
    }
}

/// Everything that defines a field but its names, docs and place: two fields with one
/// definition are one field renamed.
fn field_shape(api: &Api, owner: &str, f: &Field, renames: &HashMap<String, String>) -> String {
    // Targets through the renames, the object the field belongs to as `Self`: an object
    // renamed with its self-references (`refers-to: [Lead]` in Lead) keeps its shape.
    let targets = f.reference.as_ref().map(|r| {
        r.targets
            .iter()
            .map(|t| if t == owner { "Self" } else { renames.get(t).unwrap_or(t) }.to_owned())
            .collect::<Vec<_>>()
    });
    format!(
        "{} {} {:?} {:?} {:?} {:?} {:?} {} {:?}",
        ty_text(api, &f.ty, renames),
        f.nullable,
        f.read,
        f.create,
        f.update,
        f.default.as_ref().map(ToString::to_string),
        f.max_len,
        f.restricted,
        targets,
    )
}

/// Everything that defines a type (an object's key prefix too) but its names, docs and
/// place.
fn type_shape(api: &Api, t: &TypeDef, renames: &HashMap<String, String>) -> String {
    let prefix = t.key_prefix.as_deref().unwrap_or_default();
    let owner = &api.ty(api.modules[t.module].object).name;
    let kind = match &t.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> =
                s.fields.iter().map(|f| format!("{}: {}", f.wire_name, field_shape(api, owner, f, renames))).collect();
            let rules: Vec<String> = s.rules.iter().map(|r| rule_text(s, r)).collect();
            format!("struct {fields:?} {rules:?}")
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| {
                    let fields = &api.ty(v.fields).name;
                    format!("{} {} {}", v.tag, renames.get(fields).unwrap_or(fields), v.client_creatable)
                })
                .collect();
            format!("union {} {variants:?}", u.tag)
        }
        TypeKind::Enum(e) => {
            let values: Vec<String> = e.values.iter().map(|v| format!("{} {}", v.wire, v.client_settable)).collect();
            format!("enum {values:?}")
        }
        TypeKind::Bitmask(b) => format!("bitmask {:?}", b.flags.iter().map(|f| (&f.0, f.2)).collect::<Vec<_>>()),
    };
    format!("{prefix} {kind}")
}

/// The types (or the objects) one side has and the other lacks (`side` picks the
/// side), but those `skip` names, each with its shape.
fn lone<'a>(
    names: &BTreeMap<&'a str, (Option<&'a TypeDef>, Option<&'a TypeDef>)>,
    objects: bool,
    side: impl Fn(&(Option<&'a TypeDef>, Option<&'a TypeDef>)) -> Option<&'a TypeDef>,
    skip: impl Fn(&str) -> bool,
    shape: impl Fn(&TypeDef) -> String,
) -> Shapes<'a> {
    names
        .iter()
        .filter(|(n, p)| p.0.is_some() != p.1.is_some() && !skip(n))
        .filter_map(|(n, p)| side(p).filter(|t| t.is_object == objects).map(|t| (*n, shape(t))))
        .collect()
}

/// Whether two names are alike enough to be one renamed: close in spelling
/// (`NoAnswer`, `NoAnswr`), or sharing a start and an end that make half the longer
/// name (`threadName`, `threadTitle`).
fn similar(a: &str, b: &str) -> bool {
    if closest(a, [b]).is_some() {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.to_lowercase().chars().collect(), b.to_lowercase().chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
    2 * (prefix + suffix) >= a.len().max(b.len())
}

/// Named items with their shapes, as [`pair_renames`] takes them.
type Shapes<'a> = Vec<(&'a str, String)>;

/// The items of `base` whose key `head` lacks (removed) and those of `head` whose key
/// `base` lacks (added), each with its shape: what [`pair_renames`] pairs.
fn removed_and_added<'a, T>(
    base: &'a [T],
    head: &'a [T],
    key: impl Fn(&'a T) -> &'a str,
    base_shape: impl Fn(&'a T) -> String,
    head_shape: impl Fn(&'a T) -> String,
) -> (Shapes<'a>, Shapes<'a>) {
    let keys = |items: &'a [T]| items.iter().map(&key).collect::<BTreeSet<&str>>();
    let (in_base, in_head) = (keys(base), keys(head));
    let only = |items: &'a [T], other: &BTreeSet<&str>, shape: &dyn Fn(&'a T) -> String| {
        items.iter().filter(|t| !other.contains(key(t))).map(|t| (key(t), shape(t))).collect()
    };
    (only(base, &in_head, &base_shape), only(head, &in_base, &head_shape))
}

/// Pairs each removed item with the added one of the same shape and a similar name
/// (the closest in spelling first); the pairs are renames. Names are unique on each side.
fn pair_renames<'a>(removed: &[(&'a str, String)], added: &[(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    let mut taken = BTreeSet::new();
    let mut out = Vec::new();
    for (old, shape) in removed {
        let candidates: Vec<&str> = added
            .iter()
            .filter(|(n, s)| s == shape && !taken.contains(n) && similar(old, n))
            .map(|(n, _)| *n)
            .collect();
        let pick = closest(old, candidates.iter().copied()).or_else(|| candidates.first().copied());
        if let Some(new) = pick {
            taken.insert(new);
            out.push((*old, new));
        }
    }
    out
}

struct Differ<'a> {
    base: &'a Api,
    head: &'a Api,
    /// Types renamed with their shape kept: old name to new.
    renames: HashMap<String, String>,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, t: &TypeDef, path: String, what: &str, kind: Kind, loc: &Loc) {
        self.out.push(change(object_name(self.head, t), path, what, kind, loc.clone()));
    }

    fn push_base(&mut self, t: &TypeDef, path: String, what: &str, kind: Kind, loc: &Loc) {
        self.out.push(change(object_name(self.base, t), path, what, kind, loc.clone()));
    }

    fn api(&mut self) {
        let (b, h) = (self.base, self.head);
        let api_loc =
            h.modules.first().map(|m| h.ty(m.object).loc.clone()).unwrap_or_else(|| Loc::file("api.yaml".into()));
        for (path, what, kind) in wire::changes(&b.wire, &h.wire) {
            {
                // At the setting's line in api.yaml: the head's, or the base's for a
                // setting taken out, or else the head's `wire:` mapping.
                let find =
                    |w: &crate::model::Wire, key: &str| w.at.iter().find(|(p, _)| p == key).map(|(_, l)| l.clone());
                let loc = find(&h.wire, path)
                    .or_else(|| find(&b.wire, path))
                    .or_else(|| find(&h.wire, "wire"))
                    .unwrap_or_else(|| api_loc.clone());
                self.out.push(change(h.name.clone(), path.into(), &what, kind, loc));
            }
        }
        if b.title != h.title || b.description != h.description {
            self.out.push(change(
                h.name.clone(),
                "description".into(),
                "API description changed",
                Kind::Documentation,
                api_loc.clone(),
            ));
        }
        let mut names: BTreeMap<&str, (Option<&TypeDef>, Option<&TypeDef>)> = BTreeMap::new();
        for t in &b.types {
            names.entry(t.name.as_str()).or_default().0 = Some(t);
        }
        for t in &h.types {
            names.entry(t.name.as_str()).or_default().1 = Some(t);
        }
        self.find_type_renames(&names);
        self.key_prefixes(&api_loc);
        let renamed_to: BTreeSet<String> = self.renames.values().cloned().collect();
        // Objects that came or went (not renamed): one entry each, with the types of
        // their file. A renamed object's types are compared one by one.
        let new_objects: BTreeSet<&str> = names
            .values()
            .filter_map(|p| match p {
                (None, Some(t)) if t.is_object && !renamed_to.contains(&t.name) => {
                    Some(h.modules[t.module].source.as_str())
                }
                _ => None,
            })
            .collect();
        let old_objects: BTreeSet<&str> = names
            .values()
            .filter_map(|p| match p {
                (Some(t), None) if t.is_object && !self.renames.contains_key(&t.name) => {
                    Some(b.modules[t.module].source.as_str())
                }
                _ => None,
            })
            .collect();
        for (name, pair) in &names {
            match *pair {
                (Some(bt), Some(ht)) => self.ty(bt, ht),
                (None, Some(ht)) if ht.is_object && renamed_to.contains(*name) => {}
                (None, Some(ht)) if ht.is_object => {
                    let with = |t: &TypeDef| names[t.name.as_str()].0.is_none() && !renamed_to.contains(&t.name);
                    self.out.push(whole_object(h, ht, "added", Kind::ObjectAdded, &with));
                }
                (Some(bt), None) if bt.is_object && self.renames.contains_key(*name) => {
                    let ht = names[self.renames[*name].as_str()].1.expect("a renamed object");
                    let what = format!("object renamed from {name} to {}", ht.name);
                    self.push(ht, String::new(), &what, Kind::ObjectRenamed, &ht.loc);
                    self.ty(bt, ht);
                }
                (Some(bt), None) if bt.is_object => {
                    let with = |t: &TypeDef| names[t.name.as_str()].1.is_none() && !self.renames.contains_key(&t.name);
                    let c = whole_object(b, bt, "removed", Kind::ObjectRemoved, &with);
                    self.out.push(c);
                }
                (None, Some(ht)) => {
                    if renamed_to.contains(*name) || new_objects.contains(h.modules[ht.module].source.as_str()) {
                        continue;
                    }
                    self.push(ht, format!("types.{name}"), "type added", Kind::TypeAdded, &ht.loc);
                }
                (Some(bt), None) => {
                    if old_objects.contains(b.modules[bt.module].source.as_str()) {
                        continue;
                    }
                    match self.renames.get(*name).and_then(|n| names[n.as_str()].1) {
                        Some(ht) => {
                            let what = format!("type renamed from {name} to {}", ht.name);
                            self.push(ht, format!("types.{}", ht.name), &what, Kind::TypeRenamed, &ht.loc);
                            self.ty(bt, ht);
                        }
                        None => self.push_base(bt, format!("types.{name}"), "type removed", Kind::TypeRemoved, &bt.loc),
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// Key prefixes (api.yaml `key-prefixes`), by object through the objects renamed: a
    /// reference to an object is checked against its prefix in client bodies.
    fn key_prefixes(&mut self, api_loc: &Loc) {
        let (b, h) = (self.base, self.head);
        let renamed = |o: &String| self.renames.get(o).unwrap_or(o).clone();
        let old: BTreeMap<String, &String> = b.key_prefixes.iter().map(|(o, p)| (renamed(o), p)).collect();
        let new: BTreeMap<String, &String> = h.key_prefixes.iter().map(|(o, p)| (o.clone(), p)).collect();
        let objects: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for o in objects {
            let (what, checked) = match (old.get(o), new.get(o)) {
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) => (format!("key prefix of {o} changed from {x} to {y}"), true),
                (None, Some(y)) => (format!("key prefix {y} of {o} added"), true),
                (Some(x), None) => (format!("key prefix {x} of {o} removed"), false),
                (None, None) => continue,
            };
            let at = |a: &Api, o: &str| a.key_prefixes_at.iter().find(|(n, _)| n == o).map(|(_, l)| l.clone());
            let base_name = b.key_prefixes.iter().map(|(n, _)| n).find(|n| renamed(n) == *o);
            let loc = at(h, o).or_else(|| base_name.and_then(|n| at(b, n))).unwrap_or_else(|| api_loc.clone());
            let path = format!("key-prefixes.{o}");
            self.out.push(change(h.name.clone(), path, &what, Kind::KeyPrefixChanged { checked }, loc));
        }
    }

    /// Types that left under one name and came back under another with the same shape;
    /// objects that did so under a similar name.
    /// Shapes name the types they use, so renames are found from the leaves up: each
    /// round compares shapes through the renames found so far.
    fn find_type_renames(&mut self, names: &BTreeMap<&str, (Option<&TypeDef>, Option<&TypeDef>)>) {
        loop {
            let taken: BTreeSet<&String> = self.renames.values().collect();
            let empty = HashMap::new();
            let (base, head, renames) = (self.base, self.head, &self.renames);
            let old =
                |objects| lone(names, objects, |p| p.0, |n| renames.contains_key(n), |t| type_shape(base, t, renames));
            let new = |objects| {
                lone(names, objects, |p| p.1, |n| taken.contains(&n.to_owned()), |t| type_shape(head, t, &empty))
            };
            let (removed, added, old_objects, new_objects) = (old(false), new(false), old(true), new(true));
            let mut found = pair_renames(&removed, &added);
            // Objects pair with objects, by a similar name only: an object's name is
            // what clients address it by, so unlike names are two objects.
            found.extend(pair_renames(&old_objects, &new_objects));
            // One type of a shape left and one came: a rename, however unlike the names.
            for (old, shape) in &removed {
                let same: Vec<&str> = added.iter().filter(|(_, s)| s == shape).map(|(n, _)| *n).collect();
                let rivals = removed.iter().filter(|(_, s)| s == shape).count();
                if same.len() == 1 && rivals == 1 && !found.iter().any(|(o, n)| o == old || *n == same[0]) {
                    found.push((old, same[0]));
                }
            }
            if found.is_empty() {
                return;
            }
            for (old, new) in found {
                self.renames.insert(old.to_owned(), new.to_owned());
            }
        }
    }

    fn ty(&mut self, b: &TypeDef, h: &TypeDef) {
        let base_path = if h.is_object { String::new() } else { format!("types.{}", h.name) };
        if b.doc != h.doc {
            self.push(h, join(&base_path, "description"), "description changed", Kind::Documentation, &h.loc);
        }
        // A renamed type has a new Rust name by its rename.
        if b.rust_name != h.rust_name && b.name == h.name {
            let what = format!("Rust name changed from {} to {}", b.rust_name, h.rust_name);
            self.push(h, base_path.clone(), &what, Kind::RustRenamed, &h.loc);
        }
        match (&b.kind, &h.kind) {
            (TypeKind::Struct(bs), TypeKind::Struct(hs)) => self.fields(h, &base_path, bs, hs),
            (TypeKind::Union(bu), TypeKind::Union(hu)) => {
                if bu.tag != hu.tag {
                    self.push(
                        h,
                        join(&base_path, "variants"),
                        "discriminator renamed",
                        Kind::DiscriminatorRenamed,
                        &h.loc,
                    );
                }
                // A variant is defined by its field set (through the type renames) and
                // whether clients may create it.
                let shape = |api: &Api, v: &crate::model::Variant, renames: &HashMap<String, String>| {
                    let fields = &api.ty(v.fields).name;
                    format!("{} {}", renames.get(fields).unwrap_or(fields), v.client_creatable)
                };
                let empty = HashMap::new();
                let (removed, added) = removed_and_added(
                    &bu.variants,
                    &hu.variants,
                    |v| v.tag.as_str(),
                    |v| shape(self.base, v, &self.renames),
                    |v| shape(self.head, v, &empty),
                );
                let renamed = pair_renames(&removed, &added);
                let mut tags: Vec<&str> = bu.variants.iter().chain(&hu.variants).map(|v| v.tag.as_str()).collect();
                tags.sort_unstable();
                tags.dedup();
                for tag in tags {
                    let path = join(&base_path, &format!("variants.{tag}"));
                    let bv = bu.variants.iter().find(|v| v.tag == tag);
                    let hv = hu.variants.iter().find(|v| v.tag == tag);
                    match (bv, hv) {
                        (None, Some(hv)) => match renamed.iter().find(|(_, new)| *new == tag) {
                            Some((old, _)) => {
                                let what = format!("variant renamed from {old} to {tag}");
                                self.push(h, path.clone(), &what, Kind::VariantRenamed, &hv.loc);
                                let bv = bu.variants.iter().find(|v| v.tag == *old).expect("a removed variant");
                                if bv.doc != hv.doc {
                                    self.push(h, path, "label changed", Kind::Documentation, &hv.loc);
                                }
                            }
                            None => self.push(h, path, "variant added", Kind::VariantAdded, &hv.loc),
                        },
                        (Some(_), None) if renamed.iter().any(|(old, _)| *old == tag) => {}
                        (Some(bv), None) => self.push(h, path, "variant removed", Kind::VariantRemoved, &bv.loc),
                        (Some(bv), Some(hv)) => {
                            let loc = &hv.loc;
                            if bv.client_creatable && !hv.client_creatable {
                                let kind = Kind::VariantNoLongerCreatable;
                                self.push(h, path.clone(), "variant became server-set", kind, loc);
                            }
                            if !bv.client_creatable && hv.client_creatable {
                                let kind = Kind::VariantNowCreatable;
                                self.push(h, path.clone(), "variant became creatable", kind, loc);
                            }
                            let bf = &self.base.ty(bv.fields).name;
                            let bf = self.renames.get(bf).unwrap_or(bf);
                            let hf = &self.head.ty(hv.fields).name;
                            if bf != hf {
                                let what = format!("field set changed from {bf} to {hf}");
                                self.push(h, path.clone(), &what, Kind::VariantFieldSetChanged, loc);
                            }
                            if bv.rust_name != hv.rust_name {
                                let what = format!("Rust name changed from {} to {}", bv.rust_name, hv.rust_name);
                                self.push(h, path.clone(), &what, Kind::RustRenamed, loc);
                            }
                            if bv.doc != hv.doc {
                                self.push(h, path, "label changed", Kind::Documentation, loc);
                            }
                        }
                        (None, None) => {}
                    }
                }
            }
            (TypeKind::Enum(be), TypeKind::Enum(he)) => self.values(b, h, &base_path, be, he),
            (TypeKind::Bitmask(bb), TypeKind::Bitmask(hb)) => {
                for f in &hb.flags {
                    if !bb.flags.iter().any(|x| x.0 == f.0 && x.2 == f.2) {
                        let path = join(&base_path, &format!("flags.{}", f.0));
                        self.push(h, path, "flag added", Kind::FlagAdded, &h.loc);
                    }
                }
                for f in &bb.flags {
                    if !hb.flags.iter().any(|x| x.0 == f.0 && x.2 == f.2) {
                        let path = join(&base_path, &format!("flags.{}", f.0));
                        self.push_base(b, path, "flag removed", Kind::FlagRemoved, &b.loc);
                    }
                }
            }
            _ => self.push(h, base_path, "type changed kind", Kind::TypeKindChanged, &h.loc),
        }
    }

    fn values(&mut self, b: &TypeDef, h: &TypeDef, base_path: &str, be: &crate::model::Enum, he: &crate::model::Enum) {
        // Whether clients are held to the list is a property of the fields using it.
        let restricted = self.used_restricted(&h.name);
        let shape = |v: &crate::model::EnumValue| format!("{} {}", v.client_settable, v.default);
        let (removed, added) = removed_and_added(&be.values, &he.values, |v| v.wire.as_str(), shape, shape);
        let renamed = pair_renames(&removed, &added);
        for v in &he.values {
            let path = join(base_path, &format!("values.{}", v.wire));
            match be.values.iter().find(|x| x.wire == v.wire) {
                None => match renamed.iter().find(|(_, new)| *new == v.wire) {
                    Some((old, _)) => {
                        let what = format!("value renamed from {old} to {}", v.wire);
                        self.push(h, path, &what, Kind::ValueRenamed { restricted }, &v.loc);
                    }
                    None => self.push(h, path, "value added", Kind::ValueAdded, &v.loc),
                },
                Some(old) => {
                    if old.client_settable && !v.client_settable {
                        self.push(h, path.clone(), "value became server-set", Kind::ValueNoLongerSettable, &v.loc);
                    }
                    if !old.client_settable && v.client_settable {
                        self.push(h, path.clone(), "value became settable", Kind::ValueNowSettable, &v.loc);
                    }
                    if old.rust_name != v.rust_name {
                        let what = format!("Rust name changed from {} to {}", old.rust_name, v.rust_name);
                        self.push(h, path.clone(), &what, Kind::RustRenamed, &v.loc);
                    }
                    if old.doc != v.doc || old.default != v.default {
                        self.push(h, path, "label changed", Kind::Documentation, &v.loc);
                    }
                }
            }
        }
        for v in &be.values {
            if !he.values.iter().any(|x| x.wire == v.wire) && !renamed.iter().any(|(old, _)| *old == v.wire) {
                let path = join(base_path, &format!("values.{}", v.wire));
                self.push_base(b, path, "value removed", Kind::ValueRemoved { restricted }, &v.loc);
            }
        }
    }

    /// Whether any field of the new schema holds values of enumeration `name` restrictedly.
    fn used_restricted(&self, name: &str) -> bool {
        self.head.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .any(|f| f.restricted && matches!(&f.ty, Ty::Named(id) if self.head.ty(*id).name == name)),
            _ => false,
        })
    }

    fn fields(&mut self, h: &TypeDef, base_path: &str, bs: &Struct, hs: &Struct) {
        let typed_update = self.head.updates == Updates::Body;
        let empty = HashMap::new();
        let head_owner = self.head.ty(self.head.modules[h.module].object).name.clone();
        // The base's owner is the head's under its old name.
        let base_owner =
            self.renames.iter().find(|(_, new)| **new == head_owner).map_or(head_owner.clone(), |(old, _)| old.clone());
        let (removed, added) = removed_and_added(
            &bs.fields,
            &hs.fields,
            |f| f.wire_name.as_str(),
            |b| field_shape(self.base, &base_owner, b, &self.renames),
            |f| field_shape(self.head, &head_owner, f, &empty),
        );
        let renamed = pair_renames(&removed, &added);
        let sent = |f: &Field| f.create != CreateRule::Forbidden || f.update == UpdateRule::Allowed;
        for hf in &hs.fields {
            let path = join(base_path, &format!("fields.{}", hf.wire_name));
            if let Some(bf) = bs.fields.iter().find(|f| f.wire_name == hf.wire_name) {
                self.field(h, path, bf, hf, typed_update);
            } else if let Some((old, _)) = renamed.iter().find(|(_, new)| *new == hf.wire_name) {
                let bf = bs.fields.iter().find(|f| f.wire_name == *old).expect("a removed field");
                let kind = Kind::FieldRenamed { sent: sent(bf), required_in_reads: bf.read == ReadRule::Required };
                let what = format!("field renamed from {old} to {}", hf.wire_name);
                self.push(h, path.clone(), &what, kind, &hf.loc);
                if bf.doc != hf.doc {
                    self.push(h, path, "documentation changed", Kind::Documentation, &hf.loc);
                }
            } else {
                let required_on_create = hf.create == CreateRule::Required;
                let in_client_struct =
                    hf.create != CreateRule::Forbidden || (typed_update && hf.update == UpdateRule::Allowed);
                self.push(h, path, "field added", Kind::FieldAdded { required_on_create, in_client_struct }, &hf.loc);
            }
        }
        for bf in &bs.fields {
            if !hs.fields.iter().any(|f| f.wire_name == bf.wire_name)
                && !renamed.iter().any(|(old, _)| *old == bf.wire_name)
            {
                let path = join(base_path, &format!("fields.{}", bf.wire_name));
                let kind = Kind::FieldRemoved { sent: sent(bf), required_in_reads: bf.read == ReadRule::Required };
                self.out.push(change(object_name(self.head, h), path, "field removed", kind, bf.loc.clone()));
            }
        }
        self.argument_order(h, base_path, bs, hs, &renamed);
        let btexts: Vec<String> = bs.rules.iter().map(|r| rule_text(bs, r)).collect();
        let htexts: Vec<String> = hs.rules.iter().map(|r| rule_text(hs, r)).collect();
        for (r, t) in hs.rules.iter().zip(&htexts) {
            if !btexts.contains(t) {
                let what = format!("rule added: {t}");
                self.push(h, join(base_path, "rules"), &what, Kind::RuleAdded, &r.loc);
            }
        }
        for (r, t) in bs.rules.iter().zip(&btexts) {
            if !htexts.contains(t) {
                let what = format!("rule removed: {t}");
                self.push(h, join(base_path, "rules"), &what, Kind::RuleRemoved, &r.loc);
            }
        }
    }

    /// Each view of a struct has a `new()` taking some members in schema order (which
    /// ones, the emitter says: [`new_arguments`]). The members it takes in both schemas
    /// must keep their relative order, or calls still compile (when two arguments share
    /// a type) and swap the values. One change lists every constructor reordered.
    fn argument_order(&mut self, h: &TypeDef, base_path: &str, bs: &Struct, hs: &Struct, renamed: &[(&str, &str)]) {
        let new_name = |n: &str| renamed.iter().find(|(o, _)| *o == n).map_or(n, |(_, new)| *new).to_owned();
        let rust = |names: &[&String]| -> String {
            names
                .iter()
                .map(|n| hs.fields.iter().find(|f| f.wire_name == **n).map_or(n.as_str(), |f| f.rust_name.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut texts = Vec::new();
        let mut first_moved = None;
        for view in views_of(self.head, &h.kind) {
            let before: Vec<String> =
                new_arguments(self.base, bs, *view).into_iter().map(|f| new_name(&f.wire_name)).collect();
            let after: Vec<String> =
                new_arguments(self.head, hs, *view).into_iter().map(|f| f.wire_name.clone()).collect();
            let common_before: Vec<&String> = before.iter().filter(|n| after.contains(n)).collect();
            let common_after: Vec<&String> = after.iter().filter(|n| before.contains(n)).collect();
            if common_before == common_after {
                continue;
            }
            if first_moved.is_none() {
                first_moved = common_before.iter().zip(&common_after).find(|(a, b)| a != b).map(|(_, b)| (*b).clone());
            }
            texts.push(format!(
                "{}::new({}) becomes new({})",
                view_name(h, *view),
                rust(&common_before),
                rust(&common_after)
            ));
        }
        if texts.is_empty() {
            return;
        }
        let what = format!("constructor arguments reordered: {}", texts.join("; "));
        let loc = first_moved
            .and_then(|n| hs.fields.iter().find(|f| f.wire_name == n))
            .map_or_else(|| h.loc.clone(), |f| f.loc.clone());
        self.push(h, join(base_path, "fields"), &what, Kind::ArgumentsReordered, &loc);
    }

    fn field(&mut self, h: &TypeDef, path: String, b: &Field, f: &Field, typed_update: bool) {
        let loc = &f.loc;
        let empty = HashMap::new();
        let (bt, ht) = (ty_text(self.base, &b.ty, &self.renames), ty_text(self.head, &f.ty, &empty));
        if bt != ht {
            // In the schema's words when they differ (`int` to `double`); a picklist
            // whose enumeration changed says which.
            // Else the schema word of a built-in type (`int`), a named type by its name.
            let word = |f: &'_ Field, text: &'_ str| -> String {
                match f.ty {
                    Ty::Named(_) | Ty::List(_) | Ty::Set(_) => text.to_owned(),
                    _ => ty_words(f).to_owned(),
                }
            };
            let (bw, hw) = if ty_words(b) != ty_words(f) {
                (ty_words(b).to_owned(), ty_words(f).to_owned())
            } else {
                (word(b, &bt), word(f, &ht))
            };
            let what = format!("type changed from {bw} to {hw}");
            self.push(h, path.clone(), &what, Kind::FieldTypeChanged(type_change(&b.ty, &f.ty)), loc);
        } else if let (Some(bp), Some(hp)) =
            (b.reference.as_ref().map(|r| &r.targets), f.reference.as_ref().map(|r| &r.targets))
        {
            // Targets through the objects renamed: a target renamed with its object is
            // the object's rename, reported once.
            let bp: Vec<String> = bp.iter().map(|t| self.renames.get(t).unwrap_or(t).clone()).collect();
            for t in hp.iter().filter(|t| !bp.contains(t)) {
                self.push(h, path.clone(), &format!("reference target added: {t}"), Kind::TargetAdded, loc);
            }
            for t in bp.iter().filter(|t| !hp.contains(t)) {
                self.push(h, path.clone(), &format!("reference target removed: {t}"), Kind::TargetRemoved, loc);
            }
        }
        match (b.nullable, f.nullable) {
            (false, true) => self.push(h, path.clone(), "became nullable", Kind::FieldBecameNullable, loc),
            (true, false) => self.push(h, path.clone(), "no longer nullable", Kind::FieldBecameNonNullable, loc),
            _ => {}
        }
        use CreateRule as Cr;
        match (b.create, f.create) {
            (Cr::Optional, Cr::Required) | (Cr::Forbidden, Cr::Required) => {
                self.push(h, path.clone(), "became required on create", Kind::BecameRequiredOnCreate, loc)
            }
            (Cr::Required, Cr::Optional) => {
                self.push(h, path.clone(), "no longer required on create", Kind::NoLongerRequiredOnCreate, loc)
            }
            (Cr::Required | Cr::Optional, Cr::Forbidden) => {
                self.push(h, path.clone(), "can no longer be set on create", Kind::ForbiddenOnCreate, loc)
            }
            (Cr::Forbidden, Cr::Optional) => {
                self.push(h, path.clone(), "can now be set on create", Kind::AllowedOnCreate, loc)
            }
            _ => {}
        }
        match (b.update, f.update) {
            (UpdateRule::Allowed, UpdateRule::Forbidden) => {
                self.push(h, path.clone(), "can no longer be updated", Kind::ForbiddenOnUpdate { typed_update }, loc)
            }
            (UpdateRule::Forbidden, UpdateRule::Allowed) => {
                self.push(h, path.clone(), "can now be updated", Kind::AllowedOnUpdate { typed_update }, loc)
            }
            _ => {}
        }
        if b.nullable == f.nullable {
            match (b.read, f.read) {
                (ReadRule::Required | ReadRule::Defaulted, ReadRule::Optional) => {
                    self.push(h, path.clone(), "may be absent from reads", Kind::MayBeAbsentInReads, loc)
                }
                (ReadRule::Optional, ReadRule::Required | ReadRule::Defaulted) => {
                    self.push(h, path.clone(), "always in reads", Kind::AlwaysInReads, loc)
                }
                _ => {}
            }
        }
        // Defaults compare as written: `0` stays `0` when the type goes from int to double.
        let show =
            |d: &Option<crate::model::Literal>| d.as_ref().map_or_else(|| "none".to_owned(), ToString::to_string);
        let (bd, hd) = (show(&b.default), show(&f.default));
        if bd != hd {
            let what = match (&b.default, &f.default) {
                (None, _) => format!("default {hd} added"),
                (_, None) => format!("default {bd} removed"),
                _ => format!("default changed from {bd} to {hd}"),
            };
            self.push(h, path.clone(), &what, Kind::DefaultChanged, loc);
        }
        match (b.max_len, f.max_len) {
            (Some(x), Some(y)) if y < x => {
                self.push(h, path.clone(), &format!("limit lowered from {x} to {y}"), Kind::LimitLowered, loc)
            }
            (None, Some(y)) => self.push(h, path.clone(), &format!("limit of {y} added"), Kind::LimitLowered, loc),
            (Some(x), Some(y)) if y > x => {
                self.push(h, path.clone(), &format!("limit raised from {x} to {y}"), Kind::LimitRaised, loc)
            }
            (Some(x), None) => self.push(h, path.clone(), &format!("limit of {x} removed"), Kind::LimitRaised, loc),
            _ => {}
        }
        if matches!(f.ty, Ty::Named(_)) || matches!(b.ty, Ty::Named(_)) {
            match (b.restricted, f.restricted) {
                (false, true) => {
                    self.push(h, path.clone(), "became a restricted picklist", Kind::BecameRestricted, loc)
                }
                (true, false) if self.head.updates == Updates::Body => {
                    self.push(h, path.clone(), "no longer restricted", Kind::NoLongerRestricted, loc)
                }
                _ => {}
            }
        }
        if b.rust_name != f.rust_name {
            let what = format!("Rust name changed from {} to {}", b.rust_name, f.rust_name);
            self.push(h, path.clone(), &what, Kind::RustRenamed, loc);
        }
        let query_props = |m: &[String]| {
            m.iter().filter(|p| matches!(p.as_str(), "Filter" | "Group" | "Sort")).cloned().collect::<Vec<_>>()
        };
        if b.doc != f.doc || query_props(&b.modifiers) != query_props(&f.modifiers) {
            self.push(h, path, "documentation changed", Kind::Documentation, loc);
        }
    }
}
