//! JSON Schemas (draft 2020-12), one per object and operation, so that tools outside
//! Rust can check the same payloads. What JSON Schema cannot say (ordering between
//! fields, bitmask flags, rules that read the stored record, Stalwart's id arithmetic)
//! is stated in `$comment`s; the generated Rust checks it all.

use serde_json::{json, Map, Value};

use super::views::{repr, Repr, View};
use crate::model::{Api, Collection, DateTimeForm, Field, IdForm, Literal, RuleKind, Struct, Ty, TypeId, TypeKind};

fn op_name(view: View) -> &'static str {
    match view {
        View::Read => "read",
        View::Create => "create",
        View::Update => "update",
    }
}

fn strict(view: View) -> bool {
    view != View::Read
}

fn def_name(api: &Api, id: TypeId, view: View) -> String {
    let t = api.ty(id);
    match (&t.kind, view) {
        (TypeKind::Struct(_) | TypeKind::Union(_), View::Create) => format!("{}Create", t.name),
        _ => t.name.clone(),
    }
}

struct Gen<'a> {
    api: &'a Api,
    view: View,
    defs: Map<String, Value>,
    /// Types referred to but not yet defined: defining them one after another, rather
    /// than from inside each other, keeps a deep chain of nested types off the stack.
    pending: Vec<TypeId>,
}

impl Gen<'_> {
    fn value(&mut self, ty: &Ty, f: Option<&Field>) -> Value {
        let s = strict(self.view);
        match ty {
            Ty::String => {
                let mut v = match f.and_then(|f| f.max_len).filter(|_| s) {
                    Some(n) => json!({"type": "string", "maxLength": n}),
                    None => json!({"type": "string"}),
                };
                // The server refuses "" in client bodies (`wire.client-rules`).
                if s && self.api.wire.client.non_empty_strings {
                    v["minLength"] = json!(1);
                }
                v
            }
            Ty::Email => json!({"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"}),
            Ty::Bool => json!({"type": "boolean"}),
            Ty::Int32 => json!({"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX}),
            Ty::Int64 => json!({"type": "integer"}),
            Ty::UInt64 => json!({"type": "integer", "minimum": 0, "maximum": u64::MAX}),
            Ty::Float => json!({"type": "number"}),
            Ty::Date => json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}),
            Ty::DateTime => {
                let zone = match self.api.wire.date_time {
                    DateTimeForm::SecondsZ => "(Z|[+-][0-9]{2}:[0-9]{2})",
                    DateTimeForm::MillisOffset => "(Z|[+-][0-9]{2}:?[0-9]{2})",
                };
                json!({"type": "string", "pattern": format!("^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\\.[0-9]+)?{zone}$")})
            }
            Ty::Id(_) => match self.api.wire.id {
                IdForm::StalwartBase32 => json!({
                    "type": "string",
                    "pattern": "^(a|[b-z792013][a-z792013]{0,12})$",
                    "$comment": "base32 (abcdefghijklmnopqrstuvwxyz792013), at most 64 bits, not all ones"
                }),
                IdForm::Salesforce => {
                    let prefixes = f.and_then(|f| f.reference.as_ref()).and_then(|r| r.prefixes.as_ref()).filter(|_| s);
                    let pattern = match prefixes {
                        Some(p) => format!("^({})[0-9A-Za-z]{{12}}([0-9A-Za-z]{{3}})?$", p.join("|")),
                        None => "^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$".to_owned(),
                    };
                    json!({"type": "string", "pattern": pattern, "$comment": "18-character ids end in the case checksum of the first 15"})
                }
            },
            Ty::BlobId => json!({"type": "string", "pattern": "^[a-z792013]+$"}),
            Ty::Named(id) => match &self.api.ty(*id).kind {
                TypeKind::Enum(e) => {
                    let restricted = f.is_none_or(|f| f.restricted);
                    if s && restricted {
                        let values: Vec<&str> =
                            e.values.iter().filter(|v| v.client_settable).map(|v| v.wire.as_str()).collect();
                        json!({"enum": values})
                    } else {
                        let known: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
                        json!({"type": "string", "examples": known})
                    }
                }
                TypeKind::Bitmask(b) => {
                    let all: u32 = b.flags.iter().fold(0, |a, f| a | f.2);
                    if s {
                        json!({"type": "integer", "minimum": 1, "maximum": all, "$comment": format!("a sum of distinct flags of {all}")})
                    } else {
                        json!({"type": "integer"})
                    }
                }
                _ => {
                    self.define(*id);
                    json!({"$ref": format!("#/$defs/{}", def_name(self.api, *id, self.view))})
                }
            },
            Ty::List(inner) => {
                let item = self.value(inner, f);
                match self.api.wire.list {
                    Collection::ObjectByIndex => json!({
                        "type": "object",
                        "patternProperties": {"^(0|[1-9][0-9]*)$": item},
                        "additionalProperties": false,
                        "$comment": "a list, keyed by position from 0 without gaps"
                    }),
                    _ => json!({"type": "array", "items": item}),
                }
            }
            Ty::Set(inner) => {
                let item = self.value(inner, f);
                match self.api.wire.set {
                    Collection::ObjectOfTrue => json!({
                        "type": "object",
                        "propertyNames": item,
                        "additionalProperties": {"const": true}
                    }),
                    _ => json!({"type": "array", "items": item, "uniqueItems": true}),
                }
            }
        }
    }

    fn define(&mut self, id: TypeId) {
        let name = def_name(self.api, id, self.view);
        if self.defs.contains_key(&name) {
            return;
        }
        self.defs.insert(name, Value::Null);
        self.pending.push(id);
    }

    /// The `$defs` name of field set `id` as variants use it: its fields and the
    /// discriminator member `tag` (any string here; each variant's branch fixes it).
    fn define_variant_fields(&mut self, id: TypeId, tag: &str) -> String {
        let name = format!("{}.variant", def_name(self.api, id, self.view));
        if !self.defs.contains_key(&name) {
            self.defs.insert(name.clone(), Value::Null);
            let t = self.api.ty(id);
            let schema = match &t.kind {
                TypeKind::Struct(s) => self.fields(s, Some((tag, None)), &t.name),
                _ => json!({}),
            };
            self.defs.insert(name.clone(), schema);
        }
        name
    }

    /// The schema of a struct or union; `tag` adds the discriminator member of a variant.
    fn object(&mut self, id: TypeId, tag: Option<(&str, Option<&str>)>) -> Value {
        let t = self.api.ty(id);
        match &t.kind {
            TypeKind::Struct(s) => self.fields(s, tag, &t.name),
            TypeKind::Union(u) => {
                // Each variant refers to its field set, defined once: variants sharing one
                // would otherwise repeat it, variants × fields.
                let mut branches = Vec::new();
                for v in &u.variants {
                    if self.view == View::Create && !v.client_creatable {
                        continue;
                    }
                    let set = self.define_variant_fields(v.fields, &u.tag);
                    branches.push(json!({
                        "$ref": format!("#/$defs/{set}"),
                        "properties": {u.tag.clone(): {"const": v.tag}},
                        "required": [u.tag]
                    }));
                }
                let tags: Vec<&str> = u.variants.iter().map(|v| v.tag.as_str()).collect();
                if self.view == View::Read {
                    branches.push(json!({
                        "$comment": "a variant a newer server has: kept whole",
                        "properties": {u.tag.clone(): {"type": "string", "not": {"enum": tags}}}
                    }));
                }
                let mut o = json!({"type": "object", "required": [u.tag], "oneOf": branches});
                if let Some(d) = &t.doc.description {
                    o["description"] = json!(d);
                }
                if self.view == View::Create {
                    let internal: Vec<&str> =
                        u.variants.iter().filter(|v| !v.client_creatable).map(|v| v.tag.as_str()).collect();
                    if !internal.is_empty() {
                        o["$comment"] = json!(format!("clients may not create: {}", internal.join(", ")));
                    }
                }
                o
            }
            _ => json!({}),
        }
    }

    /// The schema of a field set; `tag` adds the discriminator member (a variant's value,
    /// or any string when variants share the set).
    fn fields(&mut self, s: &Struct, tag: Option<(&str, Option<&str>)>, name: &str) -> Value {
        let mut props = Map::new();
        let mut required: Vec<String> = Vec::new();
        if let Some((key, value)) = tag {
            let member = match value {
                Some(v) => json!({"const": v}),
                None => json!({"type": "string"}),
            };
            props.insert(key.to_owned(), member);
            required.push(key.to_owned());
        }
        if self.api.wire.record_attributes {
            props.insert(
                "attributes".into(),
                json!({"type": "object", "properties": {"type": {"type": "string"}, "url": {"type": "string"}}}),
            );
        }
        for (i, f) in s.fields.iter().enumerate() {
            let r = repr(self.api, f, self.view);
            if r == Repr::Forbidden {
                props.insert(f.wire_name.clone(), Value::Bool(false));
                continue;
            }
            let mut v = self.value(&f.ty, Some(f));
            if strict(self.view) {
                for rule in &s.rules {
                    if let RuleKind::Range { field, min, max } = &rule.kind {
                        if *field == i {
                            if let Some(m) = min {
                                v["minimum"] = json!(m);
                            }
                            if let Some(m) = max {
                                v["maximum"] = json!(m);
                            }
                        }
                    }
                }
            }
            let nullable = matches!(r, Repr::OptNull | Repr::Tri);
            let mut v = if nullable { json!({"anyOf": [v, {"type": "null"}]}) } else { v };
            if let Some(d) = &f.doc.description {
                v["description"] = json!(d);
            }
            if let Some(d) = &f.default {
                v["default"] = literal(d);
            }
            props.insert(f.wire_name.clone(), v);
            if r == Repr::Plain {
                required.push(f.wire_name.clone());
            }
        }
        // Relationship members that set a reference by the related record's external id.
        let mut exclusive = Vec::new();
        if self.api.wire.external_id_lookups && strict(self.view) {
            for f in &s.fields {
                let Some(r) = &f.reference else { continue };
                let Some(member) = &r.relationship_name else { continue };
                if repr(self.api, f, self.view) == Repr::Forbidden {
                    continue;
                }
                props.insert(
                    member.clone(),
                    json!({
                        "type": "object",
                        "description": format!("Sets `{}` through the related record's external id: its attributes and one external-id field.", f.wire_name),
                        "properties": {"attributes": {"type": "object", "properties": {"type": {"enum": r.targets}}, "required": ["type"]}},
                        "required": ["attributes"],
                        "additionalProperties": {"type": ["string", "number", "boolean"]},
                        "minProperties": 2,
                        "maxProperties": 2
                    }),
                );
                let both = if self.api.wire.keys_ignore_case {
                    // "Has a member matching P" is "not every name fails P".
                    let has = |name: &str| json!({"not": {"propertyNames": {"not": {"pattern": format!("^{}$", any_case(name))}}}});
                    json!({"allOf": [has(&f.wire_name), has(member)]})
                } else {
                    json!({"required": [f.wire_name, member]})
                };
                exclusive.push(
                    json!({"not": both, "$comment": format!("`{member}` and `{}` set the same lookup.", f.wire_name)}),
                );
            }
        }
        let ignore_case = self.api.wire.keys_ignore_case && strict(self.view);
        let mut pats = Map::new();
        if ignore_case {
            // Member names in any case: each also as a pattern ([sS][uU]...).
            for (name, v) in &props {
                if name != "attributes" {
                    pats.insert(format!("^{}$", any_case(name)), v.clone());
                }
            }
        }
        let mut o = json!({"type": "object", "properties": props});
        if !required.is_empty() {
            o["required"] = json!(required);
        }
        if strict(self.view) {
            o["additionalProperties"] = json!(false);
            for suffix in &self.api.wire.passthrough_suffixes {
                let suffix = if ignore_case { any_case(suffix) } else { suffix.clone() };
                pats.insert(format!("{suffix}$"), json!({}));
            }
            if !pats.is_empty() {
                o["patternProperties"] = Value::Object(pats);
            }
            let (mut all_of, comments) = self.rules(s);
            all_of.extend(exclusive);
            if !all_of.is_empty() {
                o["allOf"] = json!(all_of);
            }
            if !comments.is_empty() {
                o["$comment"] = json!(comments.join(" "));
            }
        }
        o["title"] = json!(name);
        o
    }

    fn rules(&self, s: &Struct) -> (Vec<Value>, Vec<String>) {
        let mut all = Vec::new();
        let mut comments = Vec::new();
        let when_schema = |when: &[crate::model::Cond]| {
            let mut props = Map::new();
            let mut req = Vec::new();
            for c in when {
                let name = s.fields[c.field].wire_name.clone();
                props.insert(name.clone(), json!({"const": literal(&c.equals)}));
                req.push(name);
            }
            json!({"properties": props, "required": req})
        };
        for r in &s.rules {
            let name = |i: &usize| s.fields[*i].wire_name.clone();
            match &r.kind {
                RuleKind::Require { when, fields } if self.view == View::Create => {
                    let names: Vec<String> = fields.iter().map(name).collect();
                    let mut then = json!({"required": names.clone()});
                    let props: Map<String, Value> =
                        names.iter().map(|n| (n.clone(), json!({"not": {"type": "null"}}))).collect();
                    then["properties"] = Value::Object(props);
                    all.push(json!({"if": when_schema(when), "then": then, "$comment": r.because}));
                }
                RuleKind::Forbid { when, fields } => {
                    let props: Map<String, Value> = fields.iter().map(|i| (name(i), json!({"type": "null"}))).collect();
                    all.push(json!({"if": when_schema(when), "then": {"properties": props}, "$comment": r.because}));
                }
                RuleKind::Require { .. } => {
                    comments.push(format!("On update, once applied to the stored record: {}.", r.because))
                }
                RuleKind::Range { .. } => {}
                _ => comments.push(format!("Also: {}.", r.because)),
            }
        }
        (all, comments)
    }
}

/// A regular expression matching `name` in any ASCII case (`[sS][uU]…`).
fn any_case(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else if c.is_ascii_alphanumeric() || c == '_' {
                c.to_string()
            } else {
                // As a code point escape: some punctuation may not be escaped with `\` alone.
                format!("\\u{:04X}", u32::from(c))
            }
        })
        .collect()
}

fn literal(l: &Literal) -> Value {
    match l {
        Literal::Bool(b) => json!(b),
        Literal::Int(n) => json!(n),
        Literal::UInt(n) => json!(n),
        Literal::Float(x) => json!(x),
        Literal::Str(s) => json!(s),
    }
}

/// The JSON Schema of module `m`'s object for `view`, pretty-printed.
pub fn schema(api: &Api, m: usize, view: View) -> String {
    let module = &api.modules[m];
    let object = api.ty(module.object);
    let mut g = Gen { api, view, defs: Map::new(), pending: Vec::new() };
    let op = op_name(view);
    let patch = view == View::Update && super::views::patches(api);
    let mut root = if patch { patch_schema(api, module.object) } else { g.object(module.object, None) };
    while let Some(id) = g.pending.pop() {
        let schema = g.object(id, None);
        g.defs.insert(def_name(api, id, view), schema);
    }
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    root["$id"] = json!(format!("{}/{}.{op}.schema.json", api.name, module.name));
    root["title"] = json!(format!("{} {} ({op})", api.title, object.name));
    if !g.defs.is_empty() {
        root["$defs"] = Value::Object(g.defs);
    }
    let text = serde_json::to_string_pretty(&root).unwrap_or_default();
    // serde_json escapes control characters but writes U+202E and its kind raw, which
    // would show a reviewer the schema's text in another order than it is: escape them
    // (the same JSON value).
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if super::rust::hides_or_reorders(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// A Stalwart update is a JMAP patch applied to the stored object, whose variant the
/// patch does not name: the schema can only say which member paths any variant lets
/// clients change.
fn patch_schema(api: &Api, object: TypeId) -> Value {
    // A set, and each field set once: variants sharing one would otherwise cost
    // variants × fields × members.
    let mut allowed: std::collections::BTreeSet<&str> = Default::default();
    let mut seen: std::collections::HashSet<TypeId> = Default::default();
    let mut collect = |id: TypeId| {
        if !seen.insert(id) {
            return;
        }
        if let TypeKind::Struct(s) = &api.ty(id).kind {
            for f in s.fields.iter().filter(|f| f.update == crate::model::UpdateRule::Allowed) {
                allowed.insert(&f.wire_name);
            }
        }
    };
    match &api.ty(object).kind {
        TypeKind::Union(u) => u.variants.iter().for_each(|v| collect(v.fields)),
        TypeKind::Struct(_) => collect(object),
        _ => {}
    }
    let allowed: Vec<&str> = allowed.into_iter().collect();
    json!({
        "type": "object",
        "propertyNames": {"pattern": format!("^({})(/.+)?$", allowed.join("|"))},
        "$comment": "A JMAP patch: each key is a member name or a slash-separated path into nested objects. Which members a patch may change depends on the stored object's variant; see the reference page."
    })
}
