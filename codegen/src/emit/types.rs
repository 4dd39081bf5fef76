//! One object module: its types, their serde, and the builders that decode them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::codec::{field_codec, field_type, type_path};
use super::rust::{doc_lines, ident};
use crate::model::{
    Api, Bitmask, Enum, Field, Literal, ReadRule, Struct, Ty, TypeDef, TypeId, TypeKind, Union, Vocabulary,
};

/// Every item of module `m` of `api`.
pub fn module(api: &Api, m: usize) -> TokenStream {
    let module = &api.modules[m];
    let object = api.ty(module.object);
    let mut docs =
        vec![format!("The `{}` object of the {}, generated from `schema/{}`.", object.name, api.title, module.source)];
    docs.extend(object.doc.description.clone());
    if let Some(w) = &module.webui {
        docs.push(format!("In the web UI: {w}."));
    }
    let docs: Vec<String> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let blank = (i > 0).then(String::new);
            blank.into_iter().chain(d.lines().map(|l| format!(" {}", super::rust::escape_doc(l))))
        })
        .collect();
    let mut items = Vec::new();
    let mut builders = Vec::new();
    for id in &module.types {
        let t = api.ty(*id);
        match &t.kind {
            TypeKind::Struct(s) => {
                items.push(struct_def(api, *id, s, m));
                builders.push(struct_builder(api, t, s, m));
            }
            TypeKind::Union(u) => {
                items.push(union_def(api, t, u, m));
                builders.push(union_builder(api, t, u, m));
            }
            TypeKind::Enum(e) => items.push(enum_def(t, e)),
            TypeKind::Bitmask(b) => items.push(bitmask_def(t, b)),
        }
    }
    let targets = reference_targets(api, m);
    quote! {
        #( #![doc = #docs] )*
        #(#items)*

        /// Decoding state of this module's types; used by the generated code only.
        #[doc(hidden)]
        pub mod builders {
            #(#builders)*
            #targets
        }
    }
}

fn type_docs(t: &TypeDef, extra: Vec<String>) -> TokenStream {
    let mut paras = Vec::new();
    paras.extend(
        t.doc.description.clone().or_else(|| t.doc.label.clone()).or_else(|| Some(format!("The `{}` type.", t.name))),
    );
    if t.doc.description.is_some() {
        paras.extend(t.doc.label.clone().map(|l| format!("Label: {l}.")));
    }
    paras.extend(extra);
    doc_lines(&paras)
}

fn field_docs(api: &Api, f: &Field) -> TokenStream {
    let mut paras = Vec::new();
    paras.push(
        f.doc
            .description
            .clone()
            .or_else(|| f.doc.label.clone())
            .unwrap_or_else(|| format!("The `{}` field.", f.wire_name)),
    );
    let mut facts = vec![format!("`{}`", f.wire_name), format!("type `{}`", f.schema_type)];
    match api.vocabulary {
        Vocabulary::Stalwart => facts.extend(f.modifiers.clone()),
        Vocabulary::Salesforce if !f.modifiers.is_empty() => facts.push(f.modifiers.join(", ")),
        Vocabulary::Salesforce => {}
    }
    if let Some(d) = &f.default {
        facts.push(format!("default: {}", literal_text(d)));
    }
    if let Some(n) = f.max_len {
        facts.push(format!("at most {n} characters"));
    }
    paras.push(facts.join(" · "));
    if f.doc.description.is_some() {
        paras.extend(f.doc.label.clone().map(|l| format!("Label: {l}.")));
    }
    if let Some(r) = &f.reference {
        let mut s = format!("Refers to {}", r.targets.join(", "));
        if let Some(n) = &r.relationship_name {
            s.push_str(&format!(" (relationship `{n}`)"));
        }
        s.push('.');
        paras.push(s);
    }
    doc_lines(&paras)
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(n) => n.to_string(),
        Literal::UInt(n) => n.to_string(),
        Literal::Float(n) => n.to_string(),
        Literal::Str(s) => s.clone(),
    }
}

fn is_salesforce(api: &Api) -> bool {
    api.vocabulary == Vocabulary::Salesforce
}

/// The entry points every top-level type gets.
fn entry_points(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl #name {
            /// Parses a body the server returns (a read): forward compatible, so members,
            /// values and variants the schema does not know are kept; every problem is
            /// reported at once, each with its JSON pointer.
            pub fn from_json(json: impl ::std::convert::AsRef<[u8]>) -> ::std::result::Result<Self, crate::runtime::ValidationErrors> {
                crate::runtime::de::parse::<Self>(json.as_ref(), crate::runtime::Op::Read)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::de::deserialize::<Self, D>(de)
            }
        }
    }
}

fn struct_def(api: &Api, id: TypeId, s: &Struct, m: usize) -> TokenStream {
    let t = api.ty(id);
    let name = ident(&t.rust_name);
    let docs = type_docs(t, Vec::new());
    let fields = s.fields.iter().map(|f| {
        let docs = field_docs(api, f);
        let n = ident(&f.rust_name);
        let ty = field_type(api, f, m);
        quote! { #docs pub #n: #ty, }
    });
    let sf = is_salesforce(api);
    let attributes = api.wire.record_attributes.then(|| {
        quote! {
            /// The record's `attributes` object (its type and URL), when the body carries one.
            pub attributes: ::std::option::Option<crate::runtime::salesforce::Attributes>,
        }
    });
    let custom = (!api.wire.passthrough_suffixes.is_empty()).then(|| {
        let suffixes = api.wire.passthrough_suffixes.join("`, `");
        let doc = format!(" Custom fields and relationships (names ending in `{suffixes}`), untouched.");
        quote! {
            #[doc = #doc]
            pub custom_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
    });
    let builder = format_ident!("{}Builder", t.rust_name);
    let api_mod = ident(&api.name);
    let module = ident(&api.modules[m].name);
    let ser_fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let codec = field_codec(api, f, m);
        let wire = &f.wire_name;
        let write = quote! { map.serialize_entry(#wire, &crate::runtime::de::As::<#codec>::new(&self.#n))?; };
        if sf {
            quote! { if !self.#n.is_absent() { #write } }
        } else if f.nullable && !api.wire.write_nulls {
            quote! { if self.#n.is_some() { #write } }
        } else {
            write
        }
    });
    let ser_attributes = api.wire.record_attributes.then(|| {
        quote! {
            if let ::std::option::Option::Some(a) = &self.attributes {
                map.serialize_entry("attributes", &crate::runtime::de::As::<crate::runtime::salesforce::Attributes>::new(a))?;
            }
        }
    });
    let ser_custom = custom.is_some().then(|| {
        quote! { for (k, v) in &self.custom_fields { map.serialize_entry(k, v)?; } }
    });
    let entry = if t.is_object { entry_points(&name) } else { deserialize_impl(&name) };
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#fields)*
            #attributes
            #custom
            /// Members this version of the schema does not define, kept as received so
            /// that writing the value back loses nothing.
            pub unknown_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        impl crate::runtime::Codec for #name {
            type Value = Self;
            fn decode<'de, D: ::serde::Deserializer<'de>>(de: D, cx: &mut crate::runtime::Ctx) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                crate::runtime::de::decode_object::<crate::#api_mod::#module::builders::#builder, D>(de, cx)
            }
            fn encode<S: ::serde::Serializer>(value: &Self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::de::serialize_object(s, value)
            }
        }

        impl crate::runtime::de::Members for #name {
            fn serialize_members<M: ::serde::ser::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error> {
                #ser_attributes
                #(#ser_fields)*
                #ser_custom
                for (k, v) in &self.unknown_fields { map.serialize_entry(k, v)?; }
                ::std::result::Result::Ok(())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::de::serialize_object(s, self)
            }
        }

        #entry
    }
}

fn deserialize_impl(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::de::deserialize::<Self, D>(de)
            }
        }
    }
}

fn struct_builder(api: &Api, t: &TypeDef, s: &Struct, m: usize) -> TokenStream {
    let name = ident(&t.rust_name);
    let builder = format_ident!("{}Builder", t.rust_name);
    let builder_doc = format!(" Decoding state of [`{}`](super::{}).", t.rust_name, t.rust_name);
    let sf = is_salesforce(api);
    let slots: Vec<_> = s.fields.iter().enumerate().map(|(i, _)| format_ident!("f{}", i)).collect();
    let codecs: Vec<_> = s.fields.iter().map(|f| field_codec(api, f, m)).collect();
    let mut keys: Vec<String> = s.fields.iter().map(|f| f.wire_name.clone()).collect();
    let attr_index = keys.len();
    if api.wire.record_attributes {
        keys.push("attributes".to_owned());
    }
    let indices = 0..keys.len();
    let decode_arms = slots.iter().zip(&codecs).enumerate().map(|(i, (slot, codec))| {
        quote! { #i => self.#slot = ::std::option::Option::Some(<#codec as crate::runtime::Codec>::decode(de, cx)?), }
    });
    let attr_slot = api.wire.record_attributes.then(|| {
        quote! { attributes: ::std::option::Option<::std::option::Option<crate::runtime::salesforce::Attributes>>, }
    });
    let attr_arm = api.wire.record_attributes.then(|| {
        quote! { #attr_index => self.attributes = ::std::option::Option::Some(<crate::runtime::salesforce::Attributes as crate::runtime::Codec>::decode(de, cx)?), }
    });
    let custom_slot = (!api.wire.passthrough_suffixes.is_empty()).then(|| {
        quote! { custom_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>, }
    });
    let passthrough = (!api.wire.passthrough_suffixes.is_empty()).then(|| {
        let suffixes = &api.wire.passthrough_suffixes;
        quote! {
            fn is_passthrough(&self, key: &str) -> bool {
                #( key.ends_with(#suffixes) )||*
            }
        }
    });
    let keep = if custom_slot.is_some() {
        let suffixes = &api.wire.passthrough_suffixes;
        quote! {
            if #( key.ends_with(#suffixes) )||* {
                self.custom_fields.insert(key, value);
            } else {
                self.unknown_fields.insert(key, value);
            }
        }
    } else {
        quote! { self.unknown_fields.insert(key, value); }
    };
    let finish_lets = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let absent = if sf {
            quote! { ::std::option::Option::Some(crate::runtime::Field::Absent) }
        } else {
            match f.read {
                ReadRule::Optional => quote! { ::std::option::Option::Some(::std::option::Option::None) },
                ReadRule::Defaulted => {
                    let d = default_tokens(api, f, m);
                    quote! { ::std::option::Option::Some(#d) }
                }
                ReadRule::Required => {
                    let wire = &f.wire_name;
                    let msg = format!("`{}` is required", f.wire_name);
                    quote! {{
                        cx.error_at(#wire, crate::runtime::ErrorKind::Required, #msg);
                        ::std::option::Option::None
                    }}
                }
            }
        };
        quote! {
            let #slot = match self.#slot {
                ::std::option::Option::Some(v) => v,
                ::std::option::Option::None => #absent,
            };
        }
    });
    let field_names: Vec<_> = s.fields.iter().map(|f| ident(&f.rust_name)).collect();
    let attr_finish = api.wire.record_attributes.then(|| {
        quote! {
            let attributes = match self.attributes {
                ::std::option::Option::Some(::std::option::Option::Some(a)) => ::std::option::Option::Some(::std::option::Option::Some(a)),
                ::std::option::Option::Some(::std::option::Option::None) => ::std::option::Option::None,
                ::std::option::Option::None => ::std::option::Option::Some(::std::option::Option::None),
            };
        }
    });
    let attr_build = api.wire.record_attributes.then(|| quote! { attributes: attributes?, });
    let custom_build = custom_slot.is_some().then(|| quote! { custom_fields: self.custom_fields, });
    let type_name = &t.name;
    let needs_cx = !sf && s.fields.iter().any(|f| f.read == ReadRule::Required);
    let cx = if needs_cx { format_ident!("cx") } else { format_ident!("_cx") };
    quote! {
        #[doc = #builder_doc]
        #[derive(Default)]
        pub struct #builder {
            #( #slots: crate::runtime::de::Slot<#codecs>, )*
            #attr_slot
            #custom_slot
            unknown_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        impl crate::runtime::de::Builder for #builder {
            type Output = super::#name;
            const NAME: &'static str = #type_name;
            fn field_index(&self, key: &str) -> ::std::option::Option<usize> {
                match key {
                    #( #keys => ::std::option::Option::Some(#indices), )*
                    _ => ::std::option::Option::None,
                }
            }
            fn decode_field<'de, D: ::serde::Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut crate::runtime::Ctx) -> ::std::result::Result<(), D::Error> {
                match index {
                    #(#decode_arms)*
                    #attr_arm
                    _ => {
                        <::serde::de::IgnoredAny as ::serde::Deserialize>::deserialize(de)?;
                    }
                }
                ::std::result::Result::Ok(())
            }
            #passthrough
            fn keep(&mut self, key: ::std::string::String, value: ::serde_json::Value) {
                #keep
            }
            fn finish(self, #cx: &mut crate::runtime::Ctx) -> ::std::option::Option<super::#name> {
                #(#finish_lets)*
                #attr_finish
                ::std::option::Option::Some(super::#name {
                    #( #field_names: #slots?, )*
                    #attr_build
                    #custom_build
                    unknown_fields: self.unknown_fields,
                })
            }
        }
    }
}

fn default_tokens(api: &Api, f: &Field, m: usize) -> TokenStream {
    let Some(d) = &f.default else { return quote! { ::std::default::Default::default() } };
    match (d, &f.ty) {
        (Literal::Bool(b), _) => quote! { #b },
        (Literal::Int(n), Ty::Int32) => {
            let n = *n as i32;
            quote! { #n }
        }
        (Literal::Int(n), _) => quote! { #n },
        (Literal::UInt(n), _) => quote! { #n },
        (Literal::Float(x), _) => quote! { #x },
        (Literal::Str(s), Ty::Named(id)) => {
            let path = type_path(api, *id, m);
            match &api.ty(*id).kind {
                TypeKind::Enum(e) => match e.values.iter().find(|v| v.wire == *s) {
                    Some(v) => {
                        let var = ident(&v.rust_name);
                        quote! { #path::#var }
                    }
                    None => quote! { <#path as crate::runtime::WireEnum>::from_wire(#s) },
                },
                _ => quote! { ::std::default::Default::default() },
            }
        }
        (Literal::Str(s), _) => quote! { ::std::string::String::from(#s) },
    }
}

fn union_def(api: &Api, t: &TypeDef, u: &Union, m: usize) -> TokenStream {
    let name = ident(&t.rust_name);
    let tag_key = &u.tag;
    let mut extra = vec![format!(
        "`{}` is a multi-variant object: the `{tag_key}` member selects one of the variants below, and each variant carries its own set of fields.",
        t.name
    )];
    let internal: Vec<&str> = u.variants.iter().filter(|v| !v.client_creatable).map(|v| v.tag.as_str()).collect();
    if !internal.is_empty() {
        extra.push(format!("Clients may not create these variants (server-set): {}.", internal.join(", ")));
    }
    let docs = type_docs(t, extra);
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let fields = type_path(api, v.fields, m);
        let mut d = vec![v.doc.label.clone().unwrap_or_else(|| v.tag.clone())];
        d.extend(v.doc.description.clone());
        d.push(format!(
            "`{tag_key}: \"{}\"`{}",
            v.tag,
            if v.client_creatable { "" } else { " · server-set: clients may not create it" }
        ));
        let docs = doc_lines(&d);
        quote! { #docs #vn(#fields), }
    });
    let tags: Vec<&str> = u.variants.iter().map(|v| v.tag.as_str()).collect();
    let vnames: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let builder = format_ident!("{}Builder", t.rust_name);
    let api_mod = ident(&api.name);
    let module = ident(&api.modules[m].name);
    let builder_path = quote! { crate::#api_mod::#module::builders::#builder };
    let type_name = &t.name;
    let creatable = if internal.is_empty() {
        quote! {}
    } else {
        quote! {
            fn client_creatable(tag: &str) -> bool {
                !matches!(tag, #( #internal )|*)
            }
        }
    };
    let entry = if t.is_object { entry_points(&name) } else { deserialize_impl(&name) };
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A variant this version of the schema does not know, kept whole.
            Unknown(crate::runtime::object::UnknownVariant),
        }

        impl #name {
            /// The discriminator value of this variant, as it travels.
            pub fn type_name(&self) -> &str {
                match self {
                    #( Self::#vnames(_) => #tags, )*
                    Self::Unknown(v) => v.tag(),
                }
            }
        }

        impl crate::runtime::Codec for #name {
            type Value = Self;
            fn decode<'de, D: ::serde::Deserializer<'de>>(de: D, cx: &mut crate::runtime::Ctx) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                crate::runtime::de::decode_union::<Self, D>(de, cx)
            }
            fn encode<S: ::serde::Serializer>(value: &Self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(value, s)
            }
        }

        impl crate::runtime::de::Union for #name {
            type Builder = #builder_path;
            const NAME: &'static str = #type_name;
            const TAG: &'static str = #tag_key;
            fn start(tag: &str) -> ::std::option::Option<Self::Builder> {
                match tag {
                    #( #tags => ::std::option::Option::Some(#builder_path::#vnames(::std::default::Default::default())), )*
                    _ => ::std::option::Option::None,
                }
            }
            #creatable
            fn unknown(tag: ::std::string::String, members: ::serde_json::Map<::std::string::String, ::serde_json::Value>) -> Self {
                Self::Unknown(crate::runtime::object::UnknownVariant::new(tag, members))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#vnames(v) => crate::runtime::de::serialize_variant(s, #tag_key, #tags, v), )*
                    Self::Unknown(v) => v.serialize_with_tag(#tag_key, s),
                }
            }
        }

        #entry
    }
}

fn builder_path(api: &Api, id: TypeId) -> TokenStream {
    let t = api.ty(id);
    let api_mod = ident(&api.name);
    let module = ident(&api.modules[t.module].name);
    let b = format_ident!("{}Builder", t.rust_name);
    quote! { crate::#api_mod::#module::builders::#b }
}

fn union_builder(api: &Api, t: &TypeDef, u: &Union, _m: usize) -> TokenStream {
    let name = ident(&t.rust_name);
    let builder = format_ident!("{}Builder", t.rust_name);
    let doc = format!(" Decoding state of [`{}`](super::{}): the chosen variant's.", t.rust_name, t.rust_name);
    let vnames: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let vbuilders: Vec<_> = u.variants.iter().map(|v| builder_path(api, v.fields)).collect();
    let type_name = &t.name;
    quote! {
        #[doc = #doc]
        pub enum #builder {
            #( #[doc = "A variant's state."] #vnames(#vbuilders), )*
        }

        impl crate::runtime::de::Builder for #builder {
            type Output = super::#name;
            const NAME: &'static str = #type_name;
            fn field_index(&self, key: &str) -> ::std::option::Option<usize> {
                match self { #( Self::#vnames(b) => b.field_index(key), )* }
            }
            fn decode_field<'de, D: ::serde::Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut crate::runtime::Ctx) -> ::std::result::Result<(), D::Error> {
                match self { #( Self::#vnames(b) => b.decode_field(index, de, cx), )* }
            }
            fn is_passthrough(&self, key: &str) -> bool {
                match self { #( Self::#vnames(b) => b.is_passthrough(key), )* }
            }
            fn keep(&mut self, key: ::std::string::String, value: ::serde_json::Value) {
                match self { #( Self::#vnames(b) => b.keep(key, value), )* }
            }
            fn finish(self, cx: &mut crate::runtime::Ctx) -> ::std::option::Option<super::#name> {
                match self { #( Self::#vnames(b) => b.finish(cx).map(super::#name::#vnames), )* }
            }
        }
    }
}

fn enum_def(t: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = type_docs(t, Vec::new());
    let vnames: Vec<_> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let vdocs = e.values.iter().map(|v| {
        let mut d = vec![match (&v.doc.label, &v.doc.description) {
            (Some(l), _) if l != &v.wire => format!("{l} (`{}`).", v.wire),
            _ => format!("`{}`.", v.wire),
        }];
        d.extend(v.doc.description.clone());
        if v.default {
            d.push("The default value.".into());
        }
        doc_lines(&d)
    });
    let type_name = &t.name;
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #vdocs #vnames, )*
            /// A value this version of the schema does not know, kept as received.
            Unknown(crate::runtime::UnknownValue),
        }

        impl #name {
            /// Every value the schema knows, in schema order.
            pub const ALL: &'static [Self] = &[ #( Self::#vnames ),* ];

            /// The value as it travels.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#vnames => #wires, )*
                    Self::Unknown(v) => v.as_str(),
                }
            }
        }

        impl crate::runtime::WireEnum for #name {
            const NAME: &'static str = #type_name;
            fn from_wire(s: &str) -> Self {
                match s {
                    #( #wires => Self::#vnames, )*
                    other => Self::Unknown(crate::runtime::UnknownValue::new(other)),
                }
            }
            fn as_wire(&self) -> &str {
                self.as_str()
            }
            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::runtime::object::ParseEnumError;
            /// Parses a wire name; values the schema does not know are an error here
            /// (reads keep them as [`Self::Unknown`]).
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                let v = <Self as crate::runtime::WireEnum>::from_wire(s);
                if <Self as crate::runtime::WireEnum>::is_known(&v) {
                    ::std::result::Result::Ok(v)
                } else {
                    ::std::result::Result::Err(crate::runtime::object::ParseEnumError::new(#type_name, s))
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::de::deserialize::<crate::runtime::wire_enum::Enum<Self, false>, D>(de)
            }
        }
    }
}

fn bitmask_def(t: &TypeDef, b: &Bitmask) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = type_docs(t, vec!["Several flags combine with `|`.".into()]);
    let consts = b.flags.iter().map(|(flag, konst, bit)| {
        let k = ident(konst);
        let d = format!(" {flag} ({bit}).");
        quote! { #[doc = #d] pub const #k: Self = Self(#bit); }
    });
    let all: u32 = b.flags.iter().map(|f| f.2).fold(0, |a, b| a | b);
    let type_name = &t.name;
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct #name(u32);

        impl #name {
            #(#consts)*
            /// Every flag.
            pub const ALL: Self = Self(#all);

            /// The mask with no flag.
            pub const fn empty() -> Self {
                Self(0)
            }
            /// The mask of `bits`, if it holds only known flags.
            pub const fn from_bits(bits: u32) -> ::std::option::Option<Self> {
                if bits & !#all == 0 { ::std::option::Option::Some(Self(bits)) } else { ::std::option::Option::None }
            }
            /// The mask of `bits`, unknown bits included (as a read keeps them).
            pub const fn from_bits_retain(bits: u32) -> Self {
                Self(bits)
            }
            /// The mask as an integer.
            pub const fn bits(self) -> u32 {
                self.0
            }
            /// Whether every flag of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
            /// Whether no flag is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }
        }

        impl ::std::ops::BitOr for #name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }

        impl ::std::ops::BitOrAssign for #name {
            fn bitor_assign(&mut self, rhs: Self) {
                self.0 |= rhs.0;
            }
        }

        impl crate::runtime::bitmask::Bitmask for #name {
            const NAME: &'static str = #type_name;
            const ALL: u32 = #all;
            fn from_bits_retain(bits: u32) -> Self {
                Self(bits)
            }
            fn bits(&self) -> u32 {
                self.0
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_u32(self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::de::deserialize::<crate::runtime::bitmask::BitmaskCodec<Self>, D>(de)
            }
        }
    }
}

/// Marker types naming the key prefixes a reference may carry.
fn reference_targets(api: &Api, m: usize) -> TokenStream {
    let mut markers = Vec::new();
    let mut seen = Vec::new();
    for id in &api.modules[m].types {
        let TypeKind::Struct(s) = &api.ty(*id).kind else { continue };
        for f in &s.fields {
            let Some(r) = &f.reference else { continue };
            let Some(prefixes) = &r.prefixes else { continue };
            if seen.contains(&f.wire_name) {
                continue;
            }
            seen.push(f.wire_name.clone());
            let marker = ident(&f.wire_name);
            let targets = match r.targets.as_slice() {
                [one] => one.clone(),
                [init @ .., last] => format!("{} or {last}", init.join(", ")),
                [] => String::new(),
            };
            let doc = format!(" The targets of `{}`: {targets}.", f.wire_name);
            markers.push(quote! {
                #[doc = #doc]
                pub struct #marker;
                impl crate::runtime::salesforce::KeyPrefixes for #marker {
                    const TARGETS: &'static str = #targets;
                    const PREFIXES: &'static [&'static str] = &[ #( #prefixes ),* ];
                }
            });
        }
    }
    if markers.is_empty() {
        return quote! {};
    }
    quote! {
        /// Key prefixes of reference targets.
        pub mod targets {
            #(#markers)*
        }
    }
}
