//! Partial reads of an object (`…Partial`): what a JMAP `/get` with a `properties`
//! argument returns. Every member an object's variants define is one optional member;
//! one that variants define with different types is kept as its canonical JSON.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{doc_lines, ident};
use super::views::{self, Repr, View};
use crate::model::{Api, Field, TypeDef, TypeId, TypeKind};

/// How the variants naming one field set read one of its fields: the same for all of
/// them, so computed once per set (variants sharing a set of n fields cost n, not
/// variants × n).
struct Reading {
    repr: Repr,
    ty: TokenStream,
    codec: TokenStream,
    /// `codec` as text, to tell whether variants read a member alike.
    key: String,
}

/// One field set named by the object's variants, with the reading of each of its fields.
struct FieldSet<'a> {
    fields: &'a [Field],
    readings: Vec<Reading>,
}

/// One member of the partial type: which field sets define it, in the order the
/// variants first name them, and where in each.
struct Member<'a> {
    field: &'a Field,
    /// (index in the field sets, index of the field in that set), ascending by set.
    defs: Vec<(usize, usize)>,
}

impl Member<'_> {
    /// Whether every defining variant reads it the same way.
    fn uniform(&self, sets: &[FieldSet]) -> bool {
        let key = |&(s, i): &(usize, usize)| sets[s].readings[i].key.as_str();
        let first = key(&self.defs[0]);
        self.defs.iter().all(|d| key(d) == first)
    }

    /// The reading of the set `set`, when that set defines the member.
    fn reading<'s>(&self, sets: &'s [FieldSet], set: usize) -> Option<&'s Reading> {
        let k = self.defs.binary_search_by_key(&set, |d| d.0).ok()?;
        Some(&sets[set].readings[self.defs[k].1])
    }
}

/// The partial-read type of object `t` and `from_json_partial` on the read type.
pub fn partial(api: &Api, t: &TypeDef, module: usize) -> TokenStream {
    // (tag, field set) per variant; a plain object is one variant without a tag.
    let named_sets: Vec<(Option<&str>, Option<TypeId>, &[Field])> = match &t.kind {
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| match &api.ty(v.fields).kind {
                TypeKind::Struct(s) => Some((Some(v.tag.as_str()), Some(v.fields), s.fields.as_slice())),
                _ => None,
            })
            .collect(),
        TypeKind::Struct(s) => vec![(None, None, s.fields.as_slice())],
        _ => return TokenStream::new(),
    };
    // The distinct field sets, in the order variants first name them, each read once;
    // (tag, index of its field set) per variant.
    let mut sets: Vec<FieldSet> = Vec::new();
    let mut set_of: std::collections::HashMap<TypeId, usize> = std::collections::HashMap::new();
    let mut variants: Vec<(Option<&str>, usize)> = Vec::with_capacity(named_sets.len());
    for (tag, id, fields) in named_sets {
        if let Some(&k) = id.and_then(|id| set_of.get(&id)) {
            variants.push((tag, k));
            continue;
        }
        let readings = fields
            .iter()
            .map(|f| {
                // A member is `Option<T>`; one whose `null` is a value (nullable) `Option<Option<T>>`.
                let (ty, c) =
                    (views::rust_type(api, &f.ty, View::Read), views::codec(api, &f.ty, Some(f), View::Read, module));
                let (repr, ty, codec) = if f.nullable {
                    (
                        Repr::OptNull,
                        quote! { ::std::option::Option<#ty> },
                        quote! { crate::runtime::container::Nullable<#c> },
                    )
                } else {
                    (Repr::Plain, ty, c)
                };
                Reading { repr, ty, key: codec.to_string(), codec }
            })
            .collect();
        if let Some(id) = id {
            set_of.insert(id, sets.len());
        }
        variants.push((tag, sets.len()));
        sets.push(FieldSet { fields, readings });
    }
    let tag_key = match &t.kind {
        TypeKind::Union(u) => Some(u.tag.as_str()),
        _ => None,
    };
    // Members in the order the variants first define them.
    let mut members: Vec<Member> = Vec::new();
    let mut member_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (s, set) in sets.iter().enumerate() {
        for (i, f) in set.fields.iter().enumerate() {
            match member_of.get(f.wire_name.as_str()) {
                Some(&m) => members[m].defs.push((s, i)),
                None => {
                    member_of.insert(&f.wire_name, members.len());
                    members.push(Member { field: f, defs: vec![(s, i)] });
                }
            }
        }
    }
    // How many variants name each set.
    let mut named = vec![0usize; sets.len()];
    for (tag, s) in &variants {
        if tag.is_some() {
            named[*s] += 1;
        }
    }
    let name = format_ident!("{}Partial", t.rust_name);
    // quote! fills no names inside a doc comment, so the link is written as text.
    let partial_doc = format!(" Reads a body holding only `properties` (and the id): see [`{name}`].");
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
        // The variants defining it, in variant order, with their readings; listed only
        // where the output names them (most members of shared sets need neither).
        let defined_by =
            || variants.iter().filter_map(|&(tag, s)| Some((tag?, m.reading(&sets, s)?))).collect::<Vec<_>>();
        let uniform = m.uniform(&sets);
        let defining_count: usize = m.defs.iter().map(|d| named[d.0]).sum();
        let listed =
            if tag_key.is_some() && (!uniform || defining_count < all_tags.len()) { defined_by() } else { Vec::new() };
        let defining: Vec<&str> = listed.iter().map(|r| r.0).collect();
        let mut doc = vec![f
            .doc
            .description
            .clone()
            .or_else(|| f.doc.label.clone())
            .unwrap_or_else(|| format!("The `{wire}` member."))];
        let guard = (tag_key.is_some() && defining_count < all_tags.len()).then(|| {
            quote! {
                if let ::std::option::Option::Some(t) = tag {
                    if !matches!(t, #( #defining )|*) {
                        return false;
                    }
                }
            }
        });
        if uniform {
            let (s, i) = m.defs[0];
            let Reading { repr, ty, codec: c, .. } = &sets[s].readings[i];
            doc.push(format!("`{wire}`; `None` when the body does not carry it."));
            if *repr == Repr::OptNull {
                doc.push("`Some(None)`: the body carries `null`.".into());
            }
            let doc = doc_lines(&doc);
            defs.push(quote! { #doc pub #field: ::std::option::Option<#ty>, });
            // Where only some variants define it, the guard lets the others fall to `_`.
            let only = (tag_key.is_some() && defining_count < all_tags.len())
                .then(|| quote! { if crate::runtime::partial::defines(tag, &[ #( #defining ),* ]) });
            arms.push(quote! {
                #wire #only => crate::runtime::partial::fill::<#c>(&mut self.#field, value, cx),
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
            let by_tag = listed.iter().map(|(tag, r)| {
                let c = &r.codec;
                quote! { ::std::option::Option::Some(#tag) => crate::runtime::partial::canonical::<#c>(value, cx), }
            });
            let all = listed.iter().map(|(_, r)| {
                let c = &r.codec;
                quote! { crate::runtime::partial::canonical::<#c> }
            });
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
    // Which properties a full read of each variant needs: once per field set.
    let needed: Vec<Vec<&str>> = sets
        .iter()
        .map(|set| {
            set.fields
                .iter()
                .filter(|f| views::repr(api, f, View::Read) == Repr::Plain)
                .map(|f| f.wire_name.as_str())
                .collect()
        })
        .collect();
    let matches_any = |names: &[&str]| {
        if names.is_empty() {
            quote! { false }
        } else {
            quote! { matches!(name, #( #names )|*) }
        }
    };
    let checks: Vec<TokenStream> = needed.iter().map(|n| matches_any(n)).collect();
    // One arm per field set, naming every variant of it: an arm per variant would repeat
    // a shared set's names once per variant (variants × fields).
    let mut tags_of: Vec<Vec<&str>> = vec![Vec::new(); sets.len()];
    for &(tag, s) in &variants {
        tags_of[s].extend(tag);
    }
    let per_variant = tags_of.iter().zip(&checks).filter(|(tags, _)| !tags.is_empty()).map(|(tags, check)| {
        quote! { ::std::option::Option::Some(#( #tags )|*) => #check, }
    });
    let mut in_all: Vec<&str> = variants.first().map(|&(_, s)| needed[s].clone()).unwrap_or_default();
    for n in &needed {
        let n: std::collections::HashSet<&str> = n.iter().copied().collect();
        in_all.retain(|x| n.contains(x));
    }
    let any_variant = matches_any(&in_all);
    // When no arm written reads `name` (no member is required), say so, or the crate warns.
    let reads_name =
        !in_all.is_empty() || tags_of.iter().zip(&needed).any(|(tags, n)| !tags.is_empty() && !n.is_empty());
    let ignore_name = if reads_name {
        TokenStream::new()
    } else {
        quote! { let _ = name; }
    };
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
                #ignore_name
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
            /// checked, none is required (see [`Self::from_json`] for that).
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
            #[doc = #partial_doc]
            pub fn from_json_partial(
                json: impl ::std::convert::AsRef<[u8]>,
                properties: &[&str],
            ) -> ::std::result::Result<#name, crate::runtime::ValidationErrors> {
                #name::from_json(json, properties)
            }
        }
    }
}
