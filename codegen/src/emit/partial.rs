//! Partial reads of an object (`…Partial`): what a JMAP `/get` with a `properties`
//! argument returns. Every member an object's variants define is one optional member;
//! one that variants define with different types is kept as its canonical JSON.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{doc_lines, ident};
use super::views::{self, Repr, View};
use crate::model::{Api, Field, TypeDef, TypeKind};

/// One member of the partial type, with each defining variant's reading of it.
struct Member<'a> {
    field: &'a Field,
    /// (variant tag, read representation, Rust type, codec), one per defining variant.
    readings: Vec<(Option<&'a str>, Repr, TokenStream, TokenStream)>,
}

impl Member<'_> {
    /// Whether every defining variant reads it the same way.
    fn uniform(&self) -> bool {
        let first = self.readings[0].3.to_string();
        self.readings.iter().all(|r| r.3.to_string() == first)
    }
}

/// The partial-read type of object `t` and `from_json_partial` on the read type.
pub fn partial(api: &Api, t: &TypeDef, module: usize) -> TokenStream {
    // (tag, fields) per variant; a plain object is one variant without a tag.
    let variants: Vec<(Option<&str>, &[Field])> = match &t.kind {
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| match &api.ty(v.fields).kind {
                TypeKind::Struct(s) => Some((Some(v.tag.as_str()), s.fields.as_slice())),
                _ => None,
            })
            .collect(),
        TypeKind::Struct(s) => vec![(None, s.fields.as_slice())],
        _ => return TokenStream::new(),
    };
    let tag_key = match &t.kind {
        TypeKind::Union(u) => Some(u.tag.as_str()),
        _ => None,
    };
    let mut members: Vec<Member> = Vec::new();
    for (tag, fields) in &variants {
        for f in *fields {
            // A member is `Option<T>`; one whose `null` is a value (nullable) `Option<Option<T>>`.
            let (ty, c) =
                (views::rust_type(api, &f.ty, View::Read), views::codec(api, &f.ty, Some(f), View::Read, module));
            let reading = if f.nullable {
                (
                    *tag,
                    Repr::OptNull,
                    quote! { ::std::option::Option<#ty> },
                    quote! { crate::runtime::container::Nullable<#c> },
                )
            } else {
                (*tag, Repr::Plain, ty, c)
            };
            match members.iter_mut().find(|m| m.field.wire_name == f.wire_name) {
                Some(m) => m.readings.push(reading),
                None => members.push(Member { field: f, readings: vec![reading] }),
            }
        }
    }
    let name = format_ident!("{}Partial", t.rust_name);
    let read = ident(&t.rust_name);
    let object = &t.name;
    let all_tags: Vec<&str> = variants.iter().filter_map(|(t, _)| *t).collect();

    let mut defs = Vec::new();
    let mut arms = Vec::new();
    let mut writes = Vec::new();
    for m in &members {
        let f = m.field;
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        let defining: Vec<&str> = m.readings.iter().filter_map(|r| r.0).collect();
        let mut doc = vec![f
            .doc
            .description
            .clone()
            .or_else(|| f.doc.label.clone())
            .unwrap_or_else(|| format!("The `{wire}` member."))];
        let guard = (tag_key.is_some() && defining.len() < all_tags.len()).then(|| {
            quote! {
                if let ::std::option::Option::Some(t) = tag {
                    if !matches!(t, #( #defining )|*) {
                        return false;
                    }
                }
            }
        });
        if m.uniform() {
            let (_, r, ty, c) = &m.readings[0];
            doc.push(format!("`{wire}`; `None` when the body does not carry it."));
            if *r == Repr::OptNull {
                doc.push("`Some(None)`: the body carries `null`.".into());
            }
            let doc = doc_lines(&doc);
            defs.push(quote! { #doc pub #field: ::std::option::Option<#ty>, });
            arms.push(quote! {
                #wire => {
                    #guard
                    self.#field = crate::runtime::partial::decode::<#c>(value, cx);
                    true
                }
            });
            writes.push(quote! { crate::runtime::partial::write::<_, #c>(map, #wire, &self.#field)?; });
        } else {
            doc.push(format!(
                "`{wire}`, as canonical JSON: variants {} define it with different types, so it is \
                 checked against the variant named (or, with none named, accepted when one of them reads it).",
                defining.join(", ")
            ));
            let doc = doc_lines(&doc);
            defs.push(quote! { #doc pub #field: ::std::option::Option<::serde_json::Value>, });
            let by_tag = m.readings.iter().map(|(tag, _, _, c)| {
                quote! { ::std::option::Option::Some(#tag) => crate::runtime::partial::canonical::<#c>(value, cx), }
            });
            let all = m.readings.iter().map(|(_, _, _, c)| quote! { crate::runtime::partial::canonical::<#c> });
            arms.push(quote! {
                #wire => {
                    #guard
                    self.#field = match tag {
                        #( #by_tag )*
                        _ => crate::runtime::partial::any_of(value, cx, &[ #( #all ),* ]),
                    };
                    true
                }
            });
            writes.push(quote! {
                if let ::std::option::Option::Some(v) = &self.#field {
                    ::serde::ser::SerializeMap::serialize_entry(map, #wire, v)?;
                }
            });
        }
    }
    // Which properties a full read of each variant needs.
    let needed = |fields: &[Field]| -> Vec<String> {
        fields.iter().filter(|f| views::repr(api, f, View::Read) == Repr::Plain).map(|f| f.wire_name.clone()).collect()
    };
    let matches_any = |names: &[String]| {
        if names.is_empty() {
            quote! { false }
        } else {
            quote! { matches!(name, #( #names )|*) }
        }
    };
    let per_variant = variants.iter().filter_map(|(tag, fields)| {
        let tag = (*tag)?;
        let check = matches_any(&needed(fields));
        Some(quote! { ::std::option::Option::Some(#tag) => #check, })
    });
    let mut in_all: Vec<String> = variants.first().map(|(_, f)| needed(f)).unwrap_or_default();
    for (_, fields) in &variants {
        let n = needed(fields);
        in_all.retain(|x| n.contains(x));
    }
    let any_variant = matches_any(&in_all);
    let (tag_const, knows, tag_write) = match tag_key {
        Some(k) => (
            quote! { ::std::option::Option::Some(#k) },
            quote! { matches!(tag, #( #all_tags )|*) },
            quote! { self.variant.as_deref().map(|t| (#k, t)) },
        ),
        None => (
            quote! { ::std::option::Option::None },
            quote! { { let _ = tag; true } },
            quote! { ::std::option::Option::None },
        ),
    };
    let docs = doc_lines(&[
        format!(
            "A `{object}` read with some properties only: the answer to a JMAP `/get` with a `properties` argument."
        ),
        "Each member is `None` when the body does not carry it. Members present are checked as in a full read; \
         a property asked for may be missing only where a full read allows it."
            .to_owned(),
    ]);
    // Only a multi-variant object has a discriminator to keep.
    let (variant_def, set_tag) = match tag_key {
        Some(k) => {
            let doc = format!(" The `{k}` member, when the body carries it (it does when it was asked for).");
            (
                quote! { #[doc = #doc] pub variant: ::std::option::Option<::std::string::String>, },
                quote! { self.variant = ::std::option::Option::Some(tag); },
            )
        }
        None => (TokenStream::new(), quote! { let _ = tag; }),
    };
    // The envelopes' view of the object: its method prefix and capability.
    let jmap = match (&api.wire.jmap_method_prefix, &api.wire.jmap_capability) {
        (Some(prefix), Some(cap)) => {
            let prefix = format!("{prefix}{object}");
            let create = format_ident!("{}Create", t.rust_name);
            let doc = format!(" Methods `{prefix}/get`, `/set`, `/query`, `/changes`, with capability `{cap}`.");
            quote! {
                #[doc = #doc]
                impl crate::runtime::jmap::JmapObject for #read {
                    const METHOD_PREFIX: &'static str = #prefix;
                    const CAPABILITY: &'static str = #cap;
                    type Read = #read;
                    type Create = #create;
                    type Partial = #name;
                }
            }
        }
        _ => TokenStream::new(),
    };
    let derives = super::derives::value_derives(api, api.modules[module].object, true);
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #name {
            #variant_def
            #(#defs)*
            /// Members this version of the schema does not define (or, for a variant it
            /// does not know, every member), kept as received.
            pub unknown_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        impl crate::runtime::partial::PartialObject for #name {
            const NAME: &'static str = #object;
            const TAG: ::std::option::Option<&'static str> = #tag_const;
            fn knows(tag: &str) -> bool {
                #knows
            }
            fn set_tag(&mut self, tag: ::std::string::String) {
                #set_tag
            }
            fn member(
                &mut self,
                tag: ::std::option::Option<&str>,
                name: &str,
                value: ::serde_json::Value,
                cx: &mut crate::runtime::Ctx,
            ) -> bool {
                let _ = tag;
                match name {
                    #(#arms)*
                    _ => false,
                }
            }
            fn unknown(&mut self, name: ::std::string::String, value: ::serde_json::Value) {
                self.unknown_fields.insert(name, value);
            }
            fn required(tag: ::std::option::Option<&str>, name: &str) -> bool {
                match tag {
                    #(#per_variant)*
                    ::std::option::Option::Some(_) => false,
                    ::std::option::Option::None => #any_variant,
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::partial::serialize_with(s, #tag_write, |map| {
                    #(#writes)*
                    for (k, v) in &self.unknown_fields {
                        ::serde::ser::SerializeMap::serialize_entry(map, k, v)?;
                    }
                    ::std::result::Result::Ok(())
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            /// Reads a partial object inside another body: every member present is
            /// checked, none is required (see [`#name::from_json`] for that).
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::partial::deserialize::<Self, D>(de)
            }
        }

        #jmap

        impl #name {
            /// Reads the answer to a `/get` that asked for `properties`: every problem at
            /// once, each with its JSON pointer.
            pub fn from_json(
                json: impl ::std::convert::AsRef<[u8]>,
                properties: &[&str],
            ) -> ::std::result::Result<Self, crate::runtime::ValidationErrors> {
                crate::runtime::partial::parse::<Self>(json.as_ref(), properties)
            }
        }

        impl #read {
            /// Reads a body holding only `properties` (and the id): see [`#name`].
            pub fn from_json_partial(
                json: impl ::std::convert::AsRef<[u8]>,
                properties: &[&str],
            ) -> ::std::result::Result<#name, crate::runtime::ValidationErrors> {
                #name::from_json(json, properties)
            }
        }
    }
}
