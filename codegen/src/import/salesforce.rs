//! Salesforce sObject describe responses (`/sobjects/<Name>/describe`) to schema YAML.
//!
//! One file per describe, named after the sObject; fields in describe order. The
//! describe's flags become the reference pages' property words, picklists keep their
//! active values, references their targets. [`compare`] lists, per field shared with a
//! hand-written schema, what the describe says beyond it.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::names;
use super::yaml_out::{flow_map, flow_scalar, scalar, Yaml};
use super::{Imported, ImportedFile};
use crate::ident::{self, is_upper_ident};
use crate::model::{Api, Field, Model, Ty, TypeKind, Vocabulary};

/// The hand-written `schema/salesforce/api.yaml` up to its key prefixes.
const API_YAML_HEAD: &str = "\
# Written by `cargo xtask import salesforce`; the wire settings are those of the
# hand-written schema/salesforce/api.yaml (wire facts: shared/conformance/README.md).
api: salesforce
title: Salesforce REST API
description: >-
  The Salesforce REST API for standard sObjects. Records are JSON with field names
  used as they are (PascalCase); custom fields and relationships (names ending in
  __c and __r) travel through untouched, and a record may carry an attributes
  object naming its type and URL.
vocabulary: salesforce
wire:
  keys: PascalCase
  date: iso
  date-time: millis-offset
  id: salesforce
  list: array
  set: array
  nulls: write
  passthrough-suffixes: [\"__c\", \"__r\"]
  record-attributes: true
  keys-ignore-case: true
  length-unit: utf16
  client-years: [1700, 4000]
  external-id-lookups: true
";

/// The key prefixes the hand-written `api.yaml` lists, in its order.
const KNOWN_PREFIXES: &[(&str, &str)] = &[
    ("Account", "001"),
    ("Contact", "003"),
    ("Lead", "00Q"),
    ("User", "005"),
    ("Group", "00G"),
    ("Task", "00T"),
    ("Event", "00U"),
    ("Case", "500"),
    ("Opportunity", "006"),
    ("Campaign", "701"),
    ("Contract", "800"),
    ("Solution", "501"),
    ("Asset", "02i"),
    ("Product2", "01t"),
    ("PartnerNetworkConnection", "0bM"),
];

/// The reference pages' property words, in their (alphabetical) order, with the
/// describe flag each comes from.
const PROPERTIES: &[(&str, &str)] = &[
    ("Create", "createable"),
    ("Defaulted on create", "defaultedOnCreate"),
    ("Filter", "filterable"),
    ("Group", "groupable"),
    ("Nillable", "nillable"),
    ("Restricted picklist", "restrictedPicklist"),
    ("Sort", "sortable"),
    ("Update", "updateable"),
];

/// Field types whose values are text, which take `length`.
const TEXT_TYPES: &[&str] = &["string", "textarea", "email", "phone", "url", "combobox", "picklist"];

/// Converts describe responses into the files of `salesforce/`: `api.yaml` and one file
/// per sObject. Returns the files and the notes: what the describes say that the files
/// do not.
pub fn import(describes: &[Value]) -> Result<Imported, String> {
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut prefixes: Vec<(String, String)> = KNOWN_PREFIXES.iter().map(|(o, p)| ((*o).into(), (*p).into())).collect();
    let mut type_names: HashSet<String> = HashSet::new();
    let mut objects = Vec::new();
    for d in describes {
        let name = super::str_member(d, "name", "describe")?;
        if !is_upper_ident(name) {
            return Err(format!(
                "describe `{name}`: the name is not an sObject name the schema language accepts (custom objects, \
                 ending in __c, travel untouched and are not imported)"
            ));
        }
        if objects.contains(&name) {
            return Err(format!("describe `{name}` is given twice"));
        }
        objects.push(name);
        type_names.insert(name.to_owned());
        let prefix = match d.get("keyPrefix") {
            Some(Value::String(p)) if p.len() == 3 && p.chars().all(|c| c.is_ascii_alphanumeric()) => p.clone(),
            other => {
                return Err(format!(
                    "describe `{name}`: keyPrefix must be three letters or digits, found {}",
                    other.map_or_else(|| "nothing".to_owned(), Value::to_string)
                ))
            }
        };
        match prefixes.iter_mut().find(|(o, _)| o == name) {
            Some((_, known)) if *known != prefix => {
                notes.push(format!(
                    "{name}: the describe's key prefix {prefix} replaces {known} from schema/salesforce/api.yaml"
                ));
                *known = prefix.clone();
            }
            Some(_) => {}
            None => prefixes.push((name.to_owned(), prefix.clone())),
        }
        let text = object_file(d, name, &prefix, &mut type_names, &mut notes, &mut counts)?;
        files.push(ImportedFile { path: format!("salesforce/{}", ident::object_file(name)), contents: text });
    }
    let mut api = String::from(API_YAML_HEAD);
    api.push_str("key-prefixes:\n");
    for (o, p) in &prefixes {
        api.push_str(&format!("  {}: {}\n", scalar(o), super::yaml_out::quoted(p)));
    }
    files.push(ImportedFile { path: "salesforce/api.yaml".into(), contents: api });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut all: Vec<String> = counts.into_iter().map(|(what, n)| format!("{what}: {n} field(s)")).collect();
    all.extend(notes);
    Ok((files, all))
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool) == Some(true)
}

fn text_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// How a describe field type is written.
enum Mapped {
    /// A schema-language type, with what the mapping loses (for a comment and the notes).
    Type(&'static str, Option<&'static str>),
    /// Not importable: why.
    Skip(&'static str),
}

fn map_type(t: &str, active_values: usize) -> Mapped {
    match t {
        "id" | "reference" | "string" | "textarea" | "boolean" | "int" | "double" | "date" | "combobox" | "email"
        | "phone" | "url" => Mapped::Type(
            match t {
                "id" => "id",
                "reference" => "reference",
                "string" => "string",
                "textarea" => "textarea",
                "boolean" => "boolean",
                "int" => "int",
                "double" => "double",
                "date" => "date",
                "combobox" => "combobox",
                "email" => "email",
                "phone" => "phone",
                _ => "url",
            },
            None,
        ),
        "datetime" => Mapped::Type("dateTime", None),
        "picklist" if active_values > 0 => Mapped::Type("picklist", None),
        "picklist" => Mapped::Type("string", Some("a picklist with no active values")),
        "currency" => Mapped::Type("double", Some("currency")),
        "percent" => Mapped::Type("double", Some("percent")),
        "multipicklist" => Mapped::Type(
            "string",
            Some("multipicklist: values joined with `;`; the schema language has no multi-select picklist"),
        ),
        "encryptedstring" => Mapped::Type("string", Some("encryptedstring")),
        "address" => Mapped::Skip("compound address field (its parts are fields of their own)"),
        "location" => Mapped::Skip("compound location field (its parts are fields of their own)"),
        _ => Mapped::Skip("a field type the schema language does not have"),
    }
}

fn object_file(
    d: &Value,
    name: &str,
    prefix: &str,
    type_names: &mut HashSet<String>,
    notes: &mut Vec<String>,
    counts: &mut BTreeMap<String, usize>,
) -> Result<String, String> {
    let what = format!("describe `{name}`");
    let fields = d.get("fields").and_then(Value::as_array).ok_or_else(|| format!("{what}: no `fields` array"))?;
    let label = text_of(d, "label").unwrap_or(name);
    let mut y = Yaml::new();
    y.comment(0, "Imported from the sObject's describe response by `cargo xtask import salesforce`.");
    y.comment(0, "Fields in describe order; properties from its flags; picklists list their active values.");
    y.raw(0, "object", &scalar(name), None);
    y.text(0, "label", label);
    y.raw(0, "key-prefix", &scalar(prefix), None);
    let plural = text_of(d, "labelPlural").map(|p| format!(" ({p})")).unwrap_or_default();
    y.text(0, "description", &format!("The {label} sObject{plural}, as its describe response lists it."));
    y.key(0, "fields", None);

    // Which fields are written, and their Rust names.
    let mut kept: Vec<(&Value, &str)> = Vec::new();
    let mut seen = HashSet::new();
    for f in fields {
        let fname = super::str_member(f, "name", &format!("{what}: a field"))?;
        if !seen.insert(fname) {
            return Err(format!("{what}: field `{fname}` is listed twice"));
        }
        if fname.ends_with("__c") || fname.contains("__") {
            notes.push(format!("{name}.{fname}: skipped: a custom field, which travels untouched"));
            continue;
        }
        if !(fname.starts_with(|c: char| c.is_ascii_uppercase()) && fname.chars().all(|c| c.is_ascii_alphanumeric())) {
            notes.push(format!("{name}.{fname}: skipped: the name is not PascalCase"));
            continue;
        }
        kept.push((f, fname));
    }
    let wire: Vec<&str> = kept.iter().map(|(_, n)| *n).collect();
    let object_snake = ident::field_name(name);
    let rust = names::field_rust_names(&wire, |s| format!("{object_snake}_{s}"));

    for ((f, fname), rust_name) in kept.into_iter().zip(rust) {
        let at = format!("{name}.{fname}");
        let fwhat = format!("{what}: field `{fname}`");
        let t = super::str_member(f, "type", &fwhat)?;
        let picklist = match f.get("picklistValues") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(a)) => a.as_slice(),
            Some(other) => {
                return Err(format!("{fwhat}: `picklistValues` must be an array, found {}", super::json_kind(other)))
            }
        };
        let mut active: Vec<(&str, Option<&str>, bool)> = Vec::new();
        let mut inactive: Vec<&str> = Vec::new();
        for p in picklist {
            let v = super::str_member(p, "value", &format!("{fwhat}: a picklist value"))?;
            if p.get("active").and_then(Value::as_bool) == Some(false) {
                inactive.push(v);
            } else {
                active.push((v, text_of(p, "label"), flag(p, "defaultValue")));
            }
        }
        let (ty, lossy) = match map_type(t, active.len()) {
            Mapped::Type(ty, lossy) => (ty, lossy),
            Mapped::Skip(why) => {
                y.comment(2, &format!("skipped: {fname}: type `{t}`: {why}"));
                notes.push(format!("{at}: skipped: type `{t}`: {why}"));
                continue;
            }
        };
        if let Some(l) = lossy {
            *counts.entry(format!("type `{t}` imported as `{ty}` ({l})")).or_insert(0) += 1;
        }
        if !inactive.is_empty() && matches!(ty, "picklist" | "combobox") {
            notes.push(format!("{at}: inactive picklist values left out: {}", inactive.join(", ")));
        }
        let refers: Vec<&str> = f
            .get("referenceTo")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if ty == "reference" && refers.is_empty() {
            y.comment(2, &format!("skipped: {fname}: a reference whose describe names no target"));
            notes.push(format!("{at}: skipped: a reference whose describe names no target"));
            continue;
        }

        // Properties, in the pages' order.
        let mut props: Vec<&str> = Vec::new();
        for (word, key) in PROPERTIES {
            if !flag(f, key) {
                continue;
            }
            if *word == "Nillable" && ty == "boolean" {
                notes.push(format!(
                    "{at}: the describe says nillable, but booleans are never null in the schema language; \
                     Nillable left out"
                ));
                continue;
            }
            if *word == "Restricted picklist" && ty != "picklist" {
                notes.push(format!("{at}: restrictedPicklist on a `{t}` imported as `{ty}`; left out"));
                continue;
            }
            props.push(word);
        }

        // The default: the active value marked default, else the field's defaultValue.
        let marked = active.iter().find(|(_, _, d)| *d).map(|(v, _, _)| (*v).to_owned());
        let default = match marked.or_else(|| f.get("defaultValue").and_then(scalar_text)) {
            Some(v) => match default_literal(ty, &v, &active) {
                Some(lit) => Some(lit),
                None => {
                    notes.push(format!("{at}: the describe's default `{v}` cannot be written for a `{ty}`"));
                    None
                }
            },
            None => None,
        };
        if f.get("defaultValueFormula").and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty()) {
            notes.push(format!("{at}: the default is a formula, which the schema language cannot state"));
        }

        let type_comment = lossy.map(|l| format!("describe type `{t}`: {l}"));
        y.key(2, fname, None);
        y.raw(4, "type", &scalar(ty), type_comment.as_deref());
        if let Some(r) = rust_name {
            y.raw(4, "rust-name", &scalar(&r), Some("the derived name is a Rust keyword or taken"));
        }
        if ty == "picklist" {
            let enum_name =
                if fname.starts_with(name) && fname != name { fname.to_owned() } else { format!("{name}{fname}") };
            let mut unique = enum_name.clone();
            let mut n = 2;
            while !type_names.insert(unique.clone()) {
                unique = format!("{enum_name}{n}");
                n += 1;
            }
            y.raw(4, "enum-name", &scalar(&unique), None);
        }
        y.flow_list(4, "properties", &props.iter().map(|p| flow_scalar(p)).collect::<Vec<_>>(), None);
        if let Some(l) = text_of(f, "label") {
            y.text(4, "label", l);
        }
        if TEXT_TYPES.contains(&ty) {
            if let Some(len) = f.get("length").and_then(Value::as_u64).filter(|l| *l > 0 && *l <= u64::from(u32::MAX)) {
                y.raw(4, "length", &len.to_string(), None);
            }
        }
        if matches!(ty, "picklist" | "combobox") && !active.is_empty() {
            let values: Vec<&str> = active.iter().map(|(v, _, _)| *v).collect();
            let rust_values = names::value_rust_names(&values);
            y.key(4, "values", None);
            for ((v, label, _), r) in active.iter().zip(rust_values) {
                let label = label.filter(|l| l != v);
                if label.is_none() && r.is_none() {
                    y.item(6, &flow_item(v));
                    continue;
                }
                let mut pairs = vec![("value", flow_scalar(v))];
                if let Some(l) = label {
                    pairs.push(("label", flow_scalar(l)));
                }
                if let Some(r) = r {
                    pairs.push(("rust-name", flow_scalar(&r)));
                }
                y.item(6, &flow_map(&pairs));
            }
        } else if !active.is_empty() {
            let listed: Vec<&str> = active.iter().map(|(v, _, _)| *v).collect();
            notes.push(format!("{at}: the describe lists values for a `{ty}`: {}", listed.join("; ")));
        }
        if let Some(d) = default {
            y.raw(4, "default", &d, None);
        }
        if ty == "reference" {
            y.flow_list(4, "refers-to", &refers.iter().map(|r| flow_scalar(r)).collect::<Vec<_>>(), None);
            if let Some(r) = text_of(f, "relationshipName") {
                y.raw(4, "relationship-name", &scalar(r), None);
            }
            y.raw(4, "polymorphic", if flag(f, "polymorphicForeignKey") { "true" } else { "false" }, None);
        }
        if let Some(h) = text_of(f, "inlineHelpText") {
            y.text(4, "description", h);
        }
    }
    Ok(y.finish())
}

/// A block-list item: a plain or quoted scalar (never mistaken for a mapping).
fn flow_item(v: &str) -> String {
    flow_scalar(v)
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `v` as the YAML of a default for a field of type `ty`, when the schema language
/// accepts it.
fn default_literal(ty: &str, v: &str, active: &[(&str, Option<&str>, bool)]) -> Option<String> {
    match ty {
        "boolean" => matches!(v, "true" | "false").then(|| v.to_owned()),
        "int" => v.parse::<i32>().ok().map(|n| n.to_string()),
        "double" => v.parse::<f64>().ok().filter(|f| f.is_finite()).map(|_| v.to_owned()),
        "picklist" => active.iter().any(|(a, _, _)| *a == v).then(|| scalar(v)),
        "string" | "textarea" | "email" | "phone" | "url" | "combobox" => Some(scalar(v)),
        _ => None,
    }
}

/// The standard fields every sObject has, which say nothing about two objects being alike.
const SYSTEM_FIELDS: &[&str] = &[
    "Id",
    "IsDeleted",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
    "OwnerId",
];

/// What each imported Salesforce object says beyond a hand-written schema, one line per
/// shared field that differs. An imported object is compared with the hand-written object
/// of the same name; when there is none, with each hand-written object that shares at
/// least a third of its fields (Event with Task: the activity and recurrence fields).
pub fn compare(imported: &Model, reference: &Model) -> Vec<String> {
    let mut out = Vec::new();
    let sf = |m: &Model| m.apis.iter().find(|a| a.vocabulary == Vocabulary::Salesforce).cloned();
    let (Some(imp), Some(refa)) = (sf(imported), sf(reference)) else {
        out.push("--compare: no Salesforce API on one side; nothing compared".to_owned());
        return out;
    };
    for m in &imp.modules {
        let obj = imp.ty(m.object);
        let Some(fields) = struct_fields(&imp, m.object) else { continue };
        let same: Vec<_> = refa.modules.iter().filter(|r| refa.ty(r.object).name == obj.name).collect();
        let targets: Vec<_> = if same.is_empty() {
            refa.modules
                .iter()
                .filter(|r| {
                    let shared = struct_fields(&refa, r.object).map_or(0, |rf| {
                        fields
                            .iter()
                            .filter(|f| !SYSTEM_FIELDS.contains(&f.wire_name.as_str()))
                            .filter(|f| rf.iter().any(|x| x.wire_name == f.wire_name))
                            .count()
                    });
                    shared * 3 >= fields.len() && shared > 0
                })
                .collect()
        } else {
            same.clone()
        };
        if targets.is_empty() {
            out.push(format!(
                "{}: no hand-written object of the same name or sharing a third of its fields; nothing compared",
                obj.name
            ));
        }
        for r in targets {
            let robj = refa.ty(r.object);
            let Some(rfields) = struct_fields(&refa, r.object) else { continue };
            let mut shared = 0;
            let mut differ = Vec::new();
            for f in fields {
                let Some(rf) = rfields.iter().find(|x| x.wire_name == f.wire_name) else {
                    if !same.is_empty() {
                        differ.push(format!(
                            "{}.{}: the describe lists the field; hand-written {} ({}) does not",
                            obj.name, f.wire_name, robj.name, r.source
                        ));
                    }
                    continue;
                };
                shared += 1;
                let diffs = field_diffs(&imp, f, &refa, rf);
                if !diffs.is_empty() {
                    differ.push(format!(
                        "{}.{} vs hand-written {}.{}: {}",
                        obj.name,
                        f.wire_name,
                        robj.name,
                        rf.wire_name,
                        diffs.join("; ")
                    ));
                }
            }
            out.push(format!(
                "{} compared with hand-written {} ({}): {shared} shared field(s), {} difference(s) below",
                obj.name,
                robj.name,
                r.source,
                differ.len()
            ));
            out.extend(differ);
        }
    }
    out
}

fn struct_fields(api: &Api, id: crate::model::TypeId) -> Option<&[Field]> {
    match &api.ty(id).kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// Picklist values (wire, label) of a field, if it is a picklist.
fn values(api: &Api, f: &Field) -> Option<Vec<(String, Option<String>)>> {
    match &f.ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(e) => Some(e.values.iter().map(|v| (v.wire.clone(), v.doc.label.clone())).collect()),
            _ => None,
        },
        _ => None,
    }
}

fn field_diffs(imp: &Api, f: &Field, refa: &Api, rf: &Field) -> Vec<String> {
    let mut d = Vec::new();
    if f.schema_type != rf.schema_type {
        d.push(format!("type: describe `{}`, hand-written `{}`", f.schema_type, rf.schema_type));
    }
    let extra: Vec<&str> = f.modifiers.iter().filter(|p| !rf.modifiers.contains(p)).map(String::as_str).collect();
    let missing: Vec<&str> = rf.modifiers.iter().filter(|p| !f.modifiers.contains(p)).map(String::as_str).collect();
    if !extra.is_empty() || !missing.is_empty() {
        d.push(format!(
            "properties: describe [{}], hand-written [{}]",
            f.modifiers.join(", "),
            rf.modifiers.join(", ")
        ));
    }
    if f.max_len != rf.max_len {
        let show = |l: Option<u32>| l.map_or_else(|| "none".to_owned(), |n| n.to_string());
        d.push(format!("length: describe {}, hand-written {}", show(f.max_len), show(rf.max_len)));
    }
    if let (Some(a), b) = (values(imp, f), values(refa, rf)) {
        let b = b.unwrap_or_default();
        let lacks: Vec<&str> =
            a.iter().filter(|(v, _)| !b.iter().any(|(w, _)| w == v)).map(|(v, _)| v.as_str()).collect();
        if !lacks.is_empty() {
            d.push(format!("{} picklist value(s) the hand-written field lacks: {}", lacks.len(), lacks.join(", ")));
        }
        let gone: Vec<&str> =
            b.iter().filter(|(v, _)| !a.iter().any(|(w, _)| w == v)).map(|(v, _)| v.as_str()).collect();
        if !gone.is_empty() {
            d.push(format!("{} hand-written value(s) the describe does not list: {}", gone.len(), gone.join(", ")));
        }
        let labels: Vec<String> = a
            .iter()
            .filter_map(|(v, l)| {
                let l = l.as_deref().unwrap_or(v);
                let (_, rl) = b.iter().find(|(w, _)| w == v)?;
                let rl = rl.as_deref().unwrap_or(v);
                (l != rl).then(|| format!("{v} is labelled `{l}` (hand-written: `{rl}`)"))
            })
            .collect();
        if !labels.is_empty() {
            d.push(format!("{} label(s) differ: {}", labels.len(), labels.join(", ")));
        }
    }
    if f.default != rf.default {
        let show =
            |l: &Option<crate::model::Literal>| l.as_ref().map_or_else(|| "none".to_owned(), |l| format!("`{l}`"));
        d.push(format!("default: describe {}, hand-written {}", show(&f.default), show(&rf.default)));
    }
    match (&f.reference, &rf.reference) {
        (Some(a), Some(b)) => {
            let more: Vec<&str> = a.targets.iter().filter(|t| !b.targets.contains(t)).map(String::as_str).collect();
            let fewer: Vec<&str> = b.targets.iter().filter(|t| !a.targets.contains(t)).map(String::as_str).collect();
            if !more.is_empty() {
                d.push(format!("refers-to: the describe adds {}", more.join(", ")));
            }
            if !fewer.is_empty() {
                d.push(format!("refers-to: the describe does not list {}", fewer.join(", ")));
            }
            if a.relationship_name != b.relationship_name {
                d.push(format!(
                    "relationship-name: describe {}, hand-written {}",
                    a.relationship_name.as_deref().unwrap_or("none"),
                    b.relationship_name.as_deref().unwrap_or("none")
                ));
            }
            if a.polymorphic != b.polymorphic {
                d.push(format!("polymorphic: describe {}, hand-written {}", a.polymorphic, b.polymorphic));
            }
        }
        (Some(a), None) => d.push(format!("the describe says it refers to {}", a.targets.join(", "))),
        _ => {}
    }
    if let (Some(a), Some(b)) = (&f.doc.label, &rf.doc.label) {
        if a != b {
            d.push(format!("label: describe `{a}`, hand-written `{b}`"));
        }
    }
    d
}
