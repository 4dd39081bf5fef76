//! A Salesforce field: its describe type and properties (Create, Update, Nillable, ...)
//! decide what reads, creates and updates do with it.

use super::*;
use crate::ident::SALESFORCE_TYPES;

const SALESFORCE_PROPERTIES: &[&str] =
    &["Create", "Update", "Nillable", "Defaulted on create", "Filter", "Group", "Sort", "Restricted picklist"];

impl Resolver<'_> {
    pub(super) fn salesforce_field(
        &mut self,
        f: &RawField,
        ty_s: &Spanned<String>,
        wire_name: String,
        rust_name: String,
        cx: &ApiCx<'_>,
    ) -> Option<Field> {
        // Every problem of the field is reported, each once: its properties, its type and
        // what depends on the type (only once the type is known, so an unknown type does
        // not cascade into "`length` does not apply"), its length and its default. The
        // field is refused at the end when any was found.
        let before = self.diags.0.len();
        let mut props: Vec<&str> = Vec::new();
        for p in &f.properties {
            if props.contains(&p.value.as_str()) {
                self.err(&p.loc, format!("property `{}` is given twice", p.value));
                continue;
            }
            if !SALESFORCE_PROPERTIES.contains(&p.value.as_str()) {
                let hint = closest(&p.value, SALESFORCE_PROPERTIES.iter().copied()).map_or_else(
                    || format!("expected one of: {}", SALESFORCE_PROPERTIES.join(", ")),
                    |n| format!("did you mean `{n}`?"),
                );
                self.err_hint(&p.loc, format!("unknown property `{}`", p.value), hint);
                continue;
            }
            props.push(&p.value);
        }
        let has = |p: &str| props.contains(&p);
        let t = ty_s.value.as_str();
        let sf_ty = |this: &mut Self| -> Option<Ty> {
            Some(match t {
                "id" => Ty::Id(None),
                "reference" => Ty::Id(f.refers_to.first().map(|r| r.value.clone())),
                "string" | "textarea" | "phone" | "url" | "combobox" => Ty::String,
                "email" => Ty::Email,
                "boolean" => Ty::Bool,
                "int" if f.bitmask.is_some() => Ty::Named(this.names.get(&ident::type_name(&wire_name))?.0),
                "int" => Ty::Int32,
                "double" => Ty::Float,
                "date" => Ty::Date,
                "dateTime" => Ty::DateTime,
                "picklist" => {
                    let name = f.enum_name.as_ref().map_or_else(|| ident::type_name(&wire_name), |n| n.value.clone());
                    Ty::Named(this.names.get(&name)?.0)
                }
                "JunctionIdList" => Ty::List(Box::new(Ty::Id(f.refers_to.first().map(|r| r.value.clone())))),
                other => {
                    this.unknown_type(other, &ty_s.loc, cx);
                    return None;
                }
            })
        };
        let known_type = SALESFORCE_TYPES.contains(&t);
        let ty = if t == "picklist" && f.values.is_none() {
            // Checked before the type: a picklist without values has no enumeration to find.
            self.err_hint(
                &ty_s.loc,
                format!("picklist `{wire_name}` lists no values"),
                "add `values:` with the picklist's API names",
            );
            None
        } else {
            sf_ty(self)
        };
        if known_type {
            if let Some((_, loc)) = &f.values {
                if !matches!(t, "picklist" | "combobox") {
                    self.err(loc, format!("`values` belongs to picklist and combobox fields, not `{t}`"));
                }
            }
            if let Some(p) = f.properties.iter().find(|p| p.value == "Restricted picklist").filter(|_| t != "picklist")
            {
                self.err(&p.loc, format!("`{wire_name}` is {}, so it cannot be a restricted picklist", a_or_an(t)));
            }
            if let Some((_, loc)) = &f.bitmask {
                if t != "int" {
                    self.err(loc, format!("`bitmask` belongs to int fields, not `{t}`"));
                }
            }
        }
        if let Some(len) = &f.length {
            if known_type && !matches!(t, "string" | "textarea" | "phone" | "url" | "combobox" | "picklist" | "email") {
                self.err(&len.loc, format!("`length` does not apply to {} field", a_or_an(t)));
            } else if len.value == 0 || len.value > u64::from(u32::MAX) {
                self.err(&len.loc, format!("length {} is out of range", len.value));
            }
        }
        let is_ref = matches!(t, "reference" | "JunctionIdList");
        if is_ref && f.refers_to.is_empty() {
            self.err_hint(
                &ty_s.loc,
                format!("reference `{wire_name}` does not say what it refers to"),
                "add `refers-to: [Object, ...]`",
            );
        }
        if let Some(rel) = f.relationship_name.as_ref().filter(|r| !ident::is_field_name(&ident::field_name(&r.value)))
        {
            // The relationship name names the generated external-id lookup member.
            self.err_hint(
                &rel.loc,
                format!("relationship name `{}` gives no Rust member name", rel.value),
                "a relationship name begins with a letter and is letters, digits and `_` (not a Rust keyword)",
            );
        }
        if known_type && !is_ref && (!f.refers_to.is_empty() || f.relationship_name.is_some()) {
            self.err(&f.name.loc, format!("`{wire_name}` is {}, not a reference", a_or_an(t)));
        }
        let nillable = has("Nillable");
        if nillable && t == "boolean" {
            self.err_hint(
                &f.name.loc,
                format!("boolean `{wire_name}` is Nillable"),
                "Salesforce booleans are never null: drop `Nillable`",
            );
        }
        let reference = is_ref.then(|| {
            let targets: Vec<String> = f.refers_to.iter().map(|r| r.value.clone()).collect();
            let prefixes: Option<Vec<String>> =
                targets.iter().map(|t| cx.key_prefixes.iter().find(|(o, _)| o == t).map(|(_, p)| p.clone())).collect();
            Reference {
                polymorphic: f.polymorphic.as_ref().map_or(targets.len() > 1, |p| p.value),
                targets,
                relationship_name: f.relationship_name.as_ref().map(|r| r.value.clone()),
                relationship_type: f.relationship_type.as_ref().map(|r| r.value.clone()),
                prefixes,
            }
        });
        let default = match &f.default {
            Some((d, plain)) => {
                let listed = match &f.values {
                    Some((values, _)) if t == "picklist" => values.iter().any(|v| v.value.value == d.value),
                    _ => true,
                };
                if !listed {
                    // Each value once, though it may be listed twice (reported apart).
                    let mut names: Vec<&str> = Vec::new();
                    for v in f.values.iter().flat_map(|(v, _)| v.iter().map(|v| v.value.value.as_str())) {
                        if !names.contains(&v) {
                            names.push(v);
                        }
                    }
                    let hint = match closest(&d.value, names.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`? the values are {}", names.join(", ")),
                        None => format!("the values are {}", names.join(", ")),
                    };
                    self.err_hint(&d.loc, format!("default `{}` is not one of the picklist's values", d.value), hint);
                    None
                } else if let Some(ty) = &ty {
                    self.literal(ty, d, *plain, cx)
                } else {
                    None
                }
            }
            None => None,
        };
        if self.diags.0.len() > before {
            return None;
        }
        let ty = ty?;
        if f.default.is_some() && default.is_none() {
            return None;
        }
        let create = if !has("Create") {
            CreateRule::Forbidden
        } else if !nillable && !has("Defaulted on create") && t != "JunctionIdList" {
            CreateRule::Required
        } else {
            CreateRule::Optional
        };
        Some(Field {
            wire_name,
            rust_name,
            doc: doc_of(f),
            schema_type: ty_s.value.clone(),
            ty,
            nullable: nillable,
            read: ReadRule::Optional,
            create,
            update: if has("Update") { UpdateRule::Allowed } else { UpdateRule::Forbidden },
            default,
            max_len: f.length.as_ref().map(|l| l.value as u32),
            restricted: has("Restricted picklist"),
            reference,
            modifiers: f.properties.iter().map(|p| p.value.clone()).collect(),
            loc: f.name.loc.clone(),
        })
    }
}
