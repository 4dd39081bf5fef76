//! Named types: field sets, multi-variant objects, enumerations (and picklists), bitmasks.

use super::*;
use crate::ident::{SALESFORCE_TYPES, STALWART_TYPES};
use crate::schema::raw::{RawEnumValue, RawType, RawVariantFields};

impl Resolver<'_> {
    pub(super) fn type_def(&mut self, raw: &RawType, module: usize, cx: &ApiCx<'_>) -> Option<TypeDef> {
        let doc = Doc {
            label: raw.label.as_ref().map(|l| l.value.clone()),
            description: raw.description.as_ref().map(|d| d.value.clone()),
        };
        let kind = match &raw.body {
            RawBody::Fields(raw_fields) => {
                let fields = self.fields(raw_fields, cx);
                let kept: HashSet<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                self.refused =
                    raw_fields.iter().map(|f| &f.name.value).filter(|n| !kept.contains(n.as_str())).cloned().collect();
                let rules = self.rules(&raw.rules, &fields, cx);
                self.refused.clear();
                TypeKind::Struct(Struct { fields, rules })
            }
            RawBody::Variants(variants) => {
                let Some(tag) = cx.wire.discriminator.clone() else {
                    self.err_hint(
                        &raw.name.loc,
                        format!("`{}` has variants, but the wire profile names no discriminator", raw.name.value),
                        "set `wire.discriminator` in api.yaml",
                    );
                    return None;
                };
                let mut out: Vec<Variant> = Vec::new();
                // Indexes of `out` by tag and by Rust name: linear in the number of variants.
                let (mut tags, mut by_rust) = (HashSet::new(), HashMap::new());
                for v in variants {
                    if tags.contains(&v.tag.value) {
                        self.err(&v.tag.loc, format!("variant `{}` is listed twice", v.tag.value));
                        continue;
                    }
                    let rust_name = ident::type_name(&v.tag.value);
                    if !ident::is_variant_name(&rust_name) {
                        self.err_hint(
                            &v.tag.loc,
                            format!("variant `{}` cannot become a Rust name", v.tag.value),
                            "`Unknown` is reserved for variants the schema does not know",
                        );
                        continue;
                    }
                    if let Some(o) = by_rust.get(&rust_name).map(|&i: &usize| &out[i]) {
                        self.err(
                            &v.tag.loc,
                            format!("variants `{}` and `{}` both become `{rust_name}` in Rust", o.tag, v.tag.value),
                        );
                        continue;
                    }
                    let mut creatable = true;
                    for m in &v.modifiers {
                        match m.value.as_str() {
                            "server-set" => creatable = false,
                            other => self.err_hint(
                                &m.loc,
                                format!("unknown variant modifier `{other}`"),
                                "a variant takes `server-set` (clients may not create it)",
                            ),
                        }
                    }
                    let fields = match &v.fields {
                        RawVariantFields::Named(n) => match self.names.get(&n.value) {
                            Some((id, _)) if self.field_sets.contains(id) => *id,
                            Some(_) => {
                                self.err_hint(
                                    &n.loc,
                                    format!("`{}` is not a field set", n.value),
                                    "a variant's `fields` names a type that has `fields:`",
                                );
                                continue;
                            }
                            None => {
                                self.unknown_type(&n.value, &n.loc, cx);
                                continue;
                            }
                        },
                        RawVariantFields::Inline(_, _) => {
                            let name = format!("{}{}", raw.name.value, rust_name);
                            match self.names.get(&name) {
                                Some((id, _)) => *id,
                                None => continue,
                            }
                        }
                        RawVariantFields::Invalid => continue,
                    };
                    tags.insert(v.tag.value.clone());
                    by_rust.insert(rust_name.clone(), out.len());
                    out.push(Variant {
                        tag: v.tag.value.clone(),
                        rust_name,
                        doc: Doc {
                            label: v.label.as_ref().map(|l| l.value.clone()),
                            description: v.description.as_ref().map(|d| d.value.clone()),
                        },
                        fields,
                        client_creatable: creatable,
                        loc: v.loc.clone(),
                    });
                }
                if variants.is_empty() {
                    self.err(&raw.name.loc, format!("`{}` has no variants", raw.name.value));
                }
                TypeKind::Union(Union { tag, variants: out })
            }
            RawBody::Enum(values) => TypeKind::Enum(self.enum_values(values, &raw.name)),
            RawBody::Invalid => return None,
        };
        Some(TypeDef {
            name: raw.name.value.clone(),
            rust_name: ident::type_name(&raw.name.value),
            module,
            doc,
            kind,
            is_object: false,
            key_prefix: None,
            loc: raw.name.loc.clone(),
        })
    }

    pub(super) fn enum_values(&mut self, values: &[RawEnumValue], owner: &Spanned<String>) -> Enum {
        let mut out: Vec<EnumValue> = Vec::new();
        if values.is_empty() {
            self.err(&owner.loc, format!("`{}` lists no values", owner.value));
        }
        // Indexes of `out` by wire value and by Rust name: linear in the number of values.
        let (mut wires, mut by_rust) = (HashSet::new(), HashMap::new());
        for v in values {
            if wires.contains(&v.value.value) {
                self.err(&v.value.loc, format!("value `{}` is listed twice", v.value.value));
                continue;
            }
            let rust_name = match &v.rust_name {
                Some(r) => r.value.clone(),
                None => ident::value_name(&v.value.value),
            };
            if !ident::is_variant_name(&rust_name) {
                self.err_hint(
                    &v.value.loc,
                    format!("value `{}` becomes `{rust_name}`, which cannot name a Rust variant", v.value.value),
                    "set `rust-name:` on the value (`Unknown` is reserved for values the schema does not know)",
                );
                continue;
            }
            if let Some(o) = by_rust.get(&rust_name).map(|&i: &usize| &out[i]) {
                self.err_hint(
                    &v.value.loc,
                    format!("values `{}` and `{}` both become `{rust_name}` in Rust", o.wire, v.value.value),
                    "set `rust-name:` on one of them",
                );
                continue;
            }
            wires.insert(v.value.value.clone());
            by_rust.insert(rust_name.clone(), out.len());
            out.push(EnumValue {
                wire: v.value.value.clone(),
                rust_name,
                doc: Doc {
                    label: v.label.as_ref().map(|l| l.value.clone()),
                    description: v.description.as_ref().map(|d| d.value.clone()),
                },
                default: v.default,
                client_settable: {
                    let mut settable = true;
                    for m in &v.modifiers {
                        match m.value.as_str() {
                            "server-set" => settable = false,
                            other => self.err_hint(
                                &m.loc,
                                format!("unknown value modifier `{other}`"),
                                "a value takes `server-set` (clients may not set it)",
                            ),
                        }
                    }
                    settable
                },
                loc: v.value.loc.clone(),
            });
        }
        Enum { values: out }
    }

    pub(super) fn picklist(&mut self, f: &RawField, module: usize) -> TypeDef {
        let name = f.enum_name.as_ref().map_or_else(|| ident::type_name(&f.name.value), |n| n.value.clone());
        let values = f.values.as_ref().map(|(v, _)| v.as_slice()).unwrap_or_default();
        let e = self.enum_values(values, &f.name);
        TypeDef {
            rust_name: name.clone(),
            name,
            module,
            doc: Doc { label: None, description: Some(format!("Values of the `{}` picklist.", f.name.value)) },
            kind: TypeKind::Enum(e),
            is_object: false,
            key_prefix: None,
            loc: f.name.loc.clone(),
        }
    }

    pub(super) fn bitmask(&mut self, f: &RawField, module: usize) -> TypeDef {
        let mut flags: Vec<(String, String, u32)> = Vec::new();
        for (name, bit) in f.bitmask.as_ref().map(|(b, _)| b.as_slice()).unwrap_or_default() {
            let v = bit.value;
            if v == 0 || v > u64::from(u32::MAX) || !v.is_power_of_two() {
                self.err_hint(
                    &bit.loc,
                    format!("flag `{}` has value {v}, which is not a single bit", name.value),
                    "use 1, 2, 4, 8, ...",
                );
                continue;
            }
            if let Some(o) = flags.iter().find(|o| u64::from(o.2) == v) {
                self.err(&bit.loc, format!("flags `{}` and `{}` share the bit {v}", o.0, name.value));
                continue;
            }
            let konst = ident::const_name(&name.value);
            if !ident::is_const_ident(&konst) {
                self.err(&name.loc, format!("flag `{}` cannot become a Rust constant", name.value));
                continue;
            }
            flags.push((name.value.clone(), konst, v as u32));
        }
        if flags.is_empty() {
            self.err(&f.name.loc, format!("bitmask of `{}` has no flags", f.name.value));
        }
        TypeDef {
            rust_name: ident::type_name(&f.name.value),
            name: ident::type_name(&f.name.value),
            module,
            doc: Doc { label: None, description: Some(format!("The bits of `{}`.", f.name.value)) },
            kind: TypeKind::Bitmask(Bitmask { flags }),
            is_object: false,
            key_prefix: None,
            loc: f.name.loc.clone(),
        }
    }

    pub(super) fn unknown_type(&mut self, name: &str, loc: &Loc, cx: &ApiCx<'_>) {
        let (own, other, other_name) = match cx.vocabulary {
            Vocabulary::Stalwart => (STALWART_TYPES, SALESFORCE_TYPES, "salesforce"),
            Vocabulary::Salesforce => (SALESFORCE_TYPES, STALWART_TYPES, "stalwart"),
        };
        let hint = if other.contains(&name) {
            format!("`{name}` belongs to the {other_name} vocabulary; this API's types are: {}", own.join(", "))
        } else {
            let mut candidates: Vec<&str> = self.names.keys().map(String::as_str).collect();
            candidates.extend_from_slice(own);
            match closest(name, candidates) {
                Some(near) => format!("did you mean `{near}`?"),
                // Only a vocabulary whose files define types may be told to define one.
                None if cx.vocabulary.defines_types() => {
                    format!("define it under `types:`, or use one of: {}", own.join(", "))
                }
                None => format!("use one of: {}", own.join(", ")),
            }
        };
        self.err_hint(loc, format!("unknown type `{name}`"), hint);
    }
}
