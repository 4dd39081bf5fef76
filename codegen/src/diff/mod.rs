//! Model against model: what changed between two schemas, and whom it breaks.
//!
//! The differ compares resolved models, not text: objects, variants, fields, types,
//! modifiers, defaults, values, limits, rules and wire names. Each change is judged by
//! [`classify`](classify::classify) on two axes, wire and Rust.

mod classify;
pub mod report;

use std::collections::BTreeMap;

pub use classify::{classify, Kind};

use crate::diag::Loc;
use crate::model::{
    Api, CreateRule, Field, Model, ReadRule, Rule, RuleKind, Struct, Ty, TypeDef, TypeKind, UpdateRule, Vocabulary,
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
    /// What happened, in words (`variant removed`).
    pub change: String,
    /// Its kind.
    pub kind: Kind,
    /// Wire verdict.
    pub wire: Verdict,
    /// Rust API verdict.
    pub rust: Verdict,
    /// Why, in one line.
    pub reason: String,
    /// Where it stands in the new schema (the old one for removals).
    pub loc: Loc,
    /// When the change was accepted in the allow file: its reason.
    pub accepted: Option<String>,
}

impl Change {
    /// The worse of the two verdicts.
    pub fn severity(&self) -> Verdict {
        self.wire.max(self.rust)
    }
}

struct Differ<'a> {
    base: &'a Api,
    head: &'a Api,
    out: Vec<Change>,
}

/// Every change from `base` to `head`, in a stable order (object, path, change).
pub fn diff(base: &Model, head: &Model) -> Vec<Change> {
    let mut out = Vec::new();
    let apis: BTreeMap<&str, (Option<&Api>, Option<&Api>)> = {
        let mut m: BTreeMap<&str, (Option<&Api>, Option<&Api>)> = BTreeMap::new();
        for a in &base.apis {
            m.entry(a.name.as_str()).or_default().0 = Some(a);
        }
        for a in &head.apis {
            m.entry(a.name.as_str()).or_default().1 = Some(a);
        }
        m
    };
    for (_, pair) in apis {
        match pair {
            (Some(b), Some(h)) => {
                let mut d = Differ { base: b, head: h, out: Vec::new() };
                d.api();
                out.extend(d.out);
            }
            (None, Some(h)) => {
                for m in &h.modules {
                    let t = h.ty(m.object);
                    out.push(change(
                        object_name(h, t),
                        String::new(),
                        "object added",
                        Kind::ObjectAdded,
                        t.loc.clone(),
                    ));
                }
            }
            (Some(b), None) => {
                for m in &b.modules {
                    let t = b.ty(m.object);
                    out.push(change(
                        object_name(b, t),
                        String::new(),
                        "object removed",
                        Kind::ObjectRemoved,
                        t.loc.clone(),
                    ));
                }
            }
            (None, None) => {}
        }
    }
    out.sort_by(|a, b| (&a.object, &a.path, &a.change).cmp(&(&b.object, &b.path, &b.change)));
    out
}

fn change(object: String, path: String, what: &str, kind: Kind, loc: Loc) -> Change {
    let (wire, rust, reason) = classify(&kind);
    Change { object, path, change: what.to_owned(), kind, wire, rust, reason: reason.to_owned(), loc, accepted: None }
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

/// A type as text, with named types by name, so that two models can be compared.
fn ty_text(api: &Api, ty: &Ty) -> String {
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
        Ty::Named(id) => api.ty(*id).name.clone(),
        Ty::List(t) => format!("List<{}>", ty_text(api, t)),
        Ty::Set(t) => format!("Set<{}>", ty_text(api, t)),
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
        let wire_changes = [
            (
                b.wire.discriminator != h.wire.discriminator,
                "wire.discriminator",
                "discriminator renamed",
                Kind::DiscriminatorRenamed,
            ),
            (b.wire.date_time != h.wire.date_time, "wire.date-time", "date-time form changed", Kind::WireFormChanged),
            (b.wire.id != h.wire.id, "wire.id", "identifier form changed", Kind::WireFormChanged),
            (b.wire.list != h.wire.list, "wire.list", "list encoding changed", Kind::WireFormChanged),
            (b.wire.set != h.wire.set, "wire.set", "set encoding changed", Kind::WireFormChanged),
            (
                b.wire.passthrough_suffixes != h.wire.passthrough_suffixes,
                "wire.passthrough-suffixes",
                "pass-through suffixes changed",
                Kind::WireFormChanged,
            ),
            (
                b.wire.record_attributes != h.wire.record_attributes,
                "wire.record-attributes",
                "record attributes changed",
                Kind::WireFormChanged,
            ),
            (b.wire.keys != h.wire.keys, "wire.keys", "key case changed", Kind::KeyCaseChanged),
            (
                b.wire.keys_ignore_case != h.wire.keys_ignore_case,
                "wire.keys-ignore-case",
                "case-insensitive member names changed",
                Kind::WireFormChanged,
            ),
            (
                b.wire.length_unit != h.wire.length_unit,
                "wire.length-unit",
                "length unit changed",
                Kind::WireFormChanged,
            ),
            (
                b.wire.client_years != h.wire.client_years,
                "wire.client-years",
                "client date range changed",
                Kind::WireFormChanged,
            ),
            (
                b.wire.external_id_lookups != h.wire.external_id_lookups,
                "wire.external-id-lookups",
                "external-id lookups changed",
                Kind::WireFormChanged,
            ),
            (b.wire.object_id != h.wire.object_id, "wire.object-id", "object id member changed", Kind::WireFormChanged),
            (b.wire.client != h.wire.client, "wire.client-rules", "client-body rules changed", Kind::WireFormChanged),
        ];
        for (changed, path, what, kind) in wire_changes {
            if changed {
                self.out.push(change(h.name.clone(), path.into(), what, kind, api_loc.clone()));
            }
        }
        if b.title != h.title || b.description != h.description {
            self.out.push(change(
                h.name.clone(),
                "description".into(),
                "API description changed",
                Kind::Documentation,
                api_loc,
            ));
        }
        let names: BTreeMap<&str, (Option<&TypeDef>, Option<&TypeDef>)> = {
            let mut m: BTreeMap<&str, (Option<&TypeDef>, Option<&TypeDef>)> = BTreeMap::new();
            for t in &b.types {
                m.entry(t.name.as_str()).or_default().0 = Some(t);
            }
            for t in &h.types {
                m.entry(t.name.as_str()).or_default().1 = Some(t);
            }
            m
        };
        for (name, pair) in names {
            match pair {
                (Some(bt), Some(ht)) => self.ty(bt, ht),
                (None, Some(ht)) => {
                    let (what, kind) = if ht.is_object {
                        ("object added", Kind::ObjectAdded)
                    } else {
                        ("type added", Kind::TypeAdded)
                    };
                    let path = if ht.is_object { String::new() } else { format!("types.{name}") };
                    self.push(ht, path, what, kind, &ht.loc);
                }
                (Some(bt), None) => {
                    let (what, kind) = if bt.is_object {
                        ("object removed", Kind::ObjectRemoved)
                    } else {
                        ("type removed", Kind::TypeRemoved)
                    };
                    let path = if bt.is_object { String::new() } else { format!("types.{name}") };
                    self.push_base(bt, path, what, kind, &bt.loc);
                }
                (None, None) => {}
            }
        }
    }

    fn ty(&mut self, b: &TypeDef, h: &TypeDef) {
        let base_path = if h.is_object { String::new() } else { format!("types.{}", h.name) };
        if b.doc != h.doc {
            self.push(h, join(&base_path, "description"), "description changed", Kind::Documentation, &h.loc);
        }
        if b.rust_name != h.rust_name {
            self.push(h, base_path.clone(), "Rust name changed", Kind::RustRenamed, &h.loc);
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
                let mut tags: Vec<&str> = bu.variants.iter().chain(&hu.variants).map(|v| v.tag.as_str()).collect();
                tags.sort_unstable();
                tags.dedup();
                for tag in tags {
                    let path = join(&base_path, &format!("variants.{tag}"));
                    let bv = bu.variants.iter().find(|v| v.tag == tag);
                    let hv = hu.variants.iter().find(|v| v.tag == tag);
                    match (bv, hv) {
                        (None, Some(_)) => self.push(h, path, "variant added", Kind::VariantAdded, &h.loc),
                        (Some(_), None) => self.push(h, path, "variant removed", Kind::VariantRemoved, &h.loc),
                        (Some(bv), Some(hv)) => {
                            if bv.client_creatable && !hv.client_creatable {
                                self.push(
                                    h,
                                    path.clone(),
                                    "variant became server-set",
                                    Kind::VariantNoLongerCreatable,
                                    &h.loc,
                                );
                            }
                            if !bv.client_creatable && hv.client_creatable {
                                self.push(
                                    h,
                                    path.clone(),
                                    "variant became creatable",
                                    Kind::VariantNowCreatable,
                                    &h.loc,
                                );
                            }
                            let (bf, hf) = (&self.base.ty(bv.fields).name, &self.head.ty(hv.fields).name);
                            if bf != hf {
                                let what = format!("field set changed from {bf} to {hf}");
                                self.push(h, path.clone(), &what, Kind::VariantFieldSetChanged, &h.loc);
                            }
                            if bv.doc != hv.doc {
                                self.push(h, path, "label changed", Kind::Documentation, &h.loc);
                            }
                        }
                        (None, None) => {}
                    }
                }
            }
            (TypeKind::Enum(be), TypeKind::Enum(he)) => {
                let restricted = true;
                for v in &he.values {
                    let path = join(&base_path, &format!("values.{}", v.wire));
                    match be.values.iter().find(|x| x.wire == v.wire) {
                        None => self.push(h, path, "value added", Kind::ValueAdded, &h.loc),
                        Some(old) => {
                            if old.client_settable && !v.client_settable {
                                self.push(
                                    h,
                                    path.clone(),
                                    "value became server-set",
                                    Kind::ValueNoLongerSettable,
                                    &h.loc,
                                );
                            }
                            if !old.client_settable && v.client_settable {
                                self.push(h, path.clone(), "value became settable", Kind::ValueNowSettable, &h.loc);
                            }
                            if old.rust_name != v.rust_name {
                                self.push(h, path.clone(), "Rust name changed", Kind::RustRenamed, &h.loc);
                            }
                            if old.doc != v.doc || old.default != v.default {
                                self.push(h, path, "label changed", Kind::Documentation, &h.loc);
                            }
                        }
                    }
                }
                for v in &be.values {
                    if !he.values.iter().any(|x| x.wire == v.wire) {
                        let path = join(&base_path, &format!("values.{}", v.wire));
                        // Whether clients are held to the list is a property of the fields using it.
                        let restricted = restricted && self.used_restricted(&h.name);
                        self.push(h, path, "value removed", Kind::ValueRemoved { restricted }, &h.loc);
                    }
                }
            }
            (TypeKind::Bitmask(bb), TypeKind::Bitmask(hb)) => {
                for f in &hb.flags {
                    if !bb.flags.iter().any(|x| x.0 == f.0 && x.2 == f.2) {
                        self.push(
                            h,
                            join(&base_path, &format!("flags.{}", f.0)),
                            "flag added",
                            Kind::FlagAdded,
                            &h.loc,
                        );
                    }
                }
                for f in &bb.flags {
                    if !hb.flags.iter().any(|x| x.0 == f.0 && x.2 == f.2) {
                        self.push(
                            h,
                            join(&base_path, &format!("flags.{}", f.0)),
                            "flag removed",
                            Kind::FlagRemoved,
                            &h.loc,
                        );
                    }
                }
            }
            _ => self.push(h, base_path, "type changed kind", Kind::TypeKindChanged, &h.loc),
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
        let typed_update = self.head.vocabulary == Vocabulary::Salesforce;
        for hf in &hs.fields {
            let path = join(base_path, &format!("fields.{}", hf.wire_name));
            let Some(bf) = bs.fields.iter().find(|f| f.wire_name == hf.wire_name) else {
                let required_on_create = hf.create == CreateRule::Required;
                let in_client_struct =
                    hf.create != CreateRule::Forbidden || (typed_update && hf.update == UpdateRule::Allowed);
                self.push(h, path, "field added", Kind::FieldAdded { required_on_create, in_client_struct }, &hf.loc);
                continue;
            };
            self.field(h, path, bf, hf, typed_update);
        }
        for bf in &bs.fields {
            if !hs.fields.iter().any(|f| f.wire_name == bf.wire_name) {
                let path = join(base_path, &format!("fields.{}", bf.wire_name));
                self.push(h, path, "field removed", Kind::FieldRemoved, &h.loc);
            }
        }
        let btexts: Vec<String> = bs.rules.iter().map(|r| rule_text(bs, r)).collect();
        let htexts: Vec<String> = hs.rules.iter().map(|r| rule_text(hs, r)).collect();
        for (r, t) in hs.rules.iter().zip(&htexts) {
            if !btexts.contains(t) {
                let what = format!("rule added: {t}");
                self.push(h, join(base_path, "rules"), &what, Kind::RuleAdded, &r.loc);
            }
        }
        for t in &btexts {
            if !htexts.contains(t) {
                let what = format!("rule removed: {t}");
                self.push(h, join(base_path, "rules"), &what, Kind::RuleRemoved, &h.loc);
            }
        }
    }

    fn field(&mut self, h: &TypeDef, path: String, b: &Field, f: &Field, typed_update: bool) {
        let loc = &f.loc;
        let (bt, ht) = (ty_text(self.base, &b.ty), ty_text(self.head, &f.ty));
        if bt != ht {
            let what = format!("type changed from {bt} to {ht}");
            self.push(h, path.clone(), &what, Kind::FieldTypeChanged, loc);
        } else if let (Some(bp), Some(hp)) =
            (b.reference.as_ref().map(|r| &r.targets), f.reference.as_ref().map(|r| &r.targets))
        {
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
        if b.default != f.default {
            let show =
                |d: &Option<crate::model::Literal>| d.as_ref().map_or_else(|| "none".to_owned(), ToString::to_string);
            let what = format!("default changed from {} to {}", show(&b.default), show(&f.default));
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
                (true, false) if self.head.vocabulary == Vocabulary::Salesforce => {
                    self.push(h, path.clone(), "no longer restricted", Kind::NoLongerRestricted, loc)
                }
                _ => {}
            }
        }
        if b.rust_name != f.rust_name {
            self.push(h, path.clone(), "Rust name changed", Kind::RustRenamed, loc);
        }
        let query_props = |m: &[String]| {
            m.iter().filter(|p| matches!(p.as_str(), "Filter" | "Group" | "Sort")).cloned().collect::<Vec<_>>()
        };
        if b.doc != f.doc || query_props(&b.modifiers) != query_props(&f.modifiers) {
            self.push(h, path, "documentation changed", Kind::Documentation, loc);
        }
    }
}
