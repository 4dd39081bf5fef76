//! Structs and multi-variant objects, in each view an operation needs.
//!
//! - Read: what a server returns. Forward compatible; defaults filled in.
//! - Create: what a client sends to create. Server-set fields (Salesforce: fields
//!   without Create) are not members at all; required fields are not optional.
//! - Update (Salesforce): what a client sends to change a record. Fields without
//!   Update are not members; nillable ones tell "leave", "clear" and "set" apart.
//!
//! A field that a view leaves out is still known to the view's decoder, so a payload
//! carrying it gets `forbidden`, not `unknown_field`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::codec::{type_path, value_codec, value_type};
use super::rules;
use super::rust::{doc_lines, ident};
use crate::model::{
    Api, CreateRule, Field, Literal, ReadRule, Struct, Ty, TypeDef, TypeId, TypeKind, Union, UpdateRule, Updates,
    Vocabulary,
};

/// An operation's view of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// What a server returns.
    Read,
    /// What a client sends to create.
    Create,
    /// What a client sends to update (Salesforce records).
    Update,
}

impl View {
    fn suffix(self) -> &'static str {
        match self {
            View::Read => "",
            View::Create => "Create",
            View::Update => "Update",
        }
    }
    fn op(self) -> TokenStream {
        match self {
            View::Read => quote! { crate::runtime::Op::Read },
            View::Create => quote! { crate::runtime::Op::Create },
            View::Update => quote! { crate::runtime::Op::Update },
        }
    }
}

/// The views a type has in an API.
pub fn views_of(api: &Api, kind: &TypeKind) -> &'static [View] {
    match (kind, api.updates) {
        (TypeKind::Struct(_), Updates::Body) => &[View::Read, View::Create, View::Update],
        (TypeKind::Struct(_), Updates::Patch) | (TypeKind::Union(_), _) => &[View::Read, View::Create],
        _ => &[View::Read],
    }
}

/// The Rust name of `t` in `view`.
pub fn view_name(t: &TypeDef, view: View) -> String {
    format!("{}{}", t.rust_name, view.suffix())
}

/// The absolute path of `id` in `view` (enumerations and bitmasks have one view).
pub fn view_path(api: &Api, id: TypeId, view: View) -> TokenStream {
    let t = api.ty(id);
    let view = if views_of(api, &t.kind).contains(&view) { view } else { View::Read };
    let name = ident(&view_name(t, view));
    let (a, m) = (ident(&api.name), ident(&api.modules[t.module].name));
    quote! { crate::#a::#m::#name }
}

fn builder_path(api: &Api, id: TypeId, view: View) -> TokenStream {
    let t = api.ty(id);
    let b = format_ident!("{}Builder", view_name(t, view));
    let (a, m) = (ident(&api.name), ident(&api.modules[t.module].name));
    quote! { crate::#a::#m::builders::#b }
}

/// How one field is held in one view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repr {
    /// Not a member; sending it is `forbidden`.
    Forbidden,
    /// `T`, required.
    Plain,
    /// `T`, filled with the schema default when absent (Stalwart reads).
    Defaulted,
    /// `Option<T>`: absent or set; `null` is not a value (`required`).
    Opt,
    /// `Option<T>`: absent and `null` both `None`.
    OptNull,
    /// `Field<T>`: absent, `null`, or set, told apart.
    Tri,
}

/// The arguments of `new` of the struct `s` in `view`, in order: its members held as
/// plain `T` (required ones), in schema order. Every view of a struct has a `new`; the
/// differ reads its arguments here, so that a reordering is judged as emitted.
pub fn new_arguments<'a>(api: &Api, s: &'a Struct, view: View) -> Vec<&'a Field> {
    s.fields.iter().filter(|f| repr(api, f, view) == Repr::Plain).collect()
}

/// How `f` is held in `view`.
pub fn repr(api: &Api, f: &Field, view: View) -> Repr {
    match view {
        View::Read if api.reads_select_members => Repr::Tri,
        View::Read if f.nullable => Repr::OptNull,
        View::Read => match f.read {
            ReadRule::Defaulted => Repr::Defaulted,
            ReadRule::Optional => Repr::OptNull,
            ReadRule::Required => Repr::Plain,
        },
        View::Create => match f.create {
            CreateRule::Forbidden => Repr::Forbidden,
            CreateRule::Required => Repr::Plain,
            CreateRule::Optional if f.nullable => Repr::OptNull,
            CreateRule::Optional => Repr::Opt,
        },
        View::Update => match f.update {
            UpdateRule::Forbidden => Repr::Forbidden,
            UpdateRule::Allowed if f.nullable => Repr::Tri,
            UpdateRule::Allowed => Repr::Opt,
        },
    }
}

/// The codec of a value of `ty` in `view` (nested objects take their twin in the view);
/// `module` is the module of the struct holding `f`, where its reference markers live.
pub fn codec(api: &Api, ty: &Ty, f: Option<&Field>, view: View, module: usize) -> TokenStream {
    use crate::model::Collection;
    match ty {
        Ty::Named(id) if matches!(api.ty(*id).kind, TypeKind::Struct(_) | TypeKind::Union(_)) => {
            view_path(api, *id, view)
        }
        Ty::List(inner) => {
            let c = codec(api, inner, f, view, module);
            match api.wire.list {
                Collection::ObjectByIndex => quote! { crate::runtime::container::ObjectList<#c> },
                _ => quote! { crate::runtime::container::Array<#c> },
            }
        }
        Ty::Set(inner) => {
            let c = codec(api, inner, f, view, module);
            match api.wire.set {
                Collection::ObjectOfTrue => quote! { crate::runtime::container::ObjectSet<#c> },
                _ => quote! { crate::runtime::container::Array<#c> },
            }
        }
        _ => value_codec(api, ty, f, module, view != View::Read),
    }
}

/// The Rust type of a value of `ty` in `view`.
pub fn rust_type(api: &Api, ty: &Ty, view: View) -> TokenStream {
    match ty {
        Ty::Named(id) if matches!(api.ty(*id).kind, TypeKind::Struct(_) | TypeKind::Union(_)) => {
            view_path(api, *id, view)
        }
        Ty::List(inner) => {
            let inner = rust_type(api, inner, view);
            quote! { ::std::vec::Vec<#inner> }
        }
        Ty::Set(inner) if api.wire.set != crate::model::Collection::Array => {
            let inner = rust_type(api, inner, view);
            quote! { ::std::collections::BTreeSet<#inner> }
        }
        Ty::Set(inner) => {
            let inner = rust_type(api, inner, view);
            quote! { ::std::vec::Vec<#inner> }
        }
        _ => value_type(api, ty, 0),
    }
}

/// A relationship member through which a client body sets a reference field by the
/// related record's external id (wire profile `external-id-lookups`).
pub struct Lookup<'a> {
    /// The index of the reference field.
    pub field: usize,
    /// The reference field (`WhatId`).
    pub id_field: &'a str,
    /// The relationship member (`What`).
    pub member: &'a str,
    /// Its Rust name.
    pub rust: Ident,
    /// Its codec.
    pub codec: TokenStream,
}

/// The relationship members `view` of `s` takes: those of the reference fields that the
/// view may set and that have a relationship name.
pub fn lookups<'a>(api: &Api, t: &TypeDef, s: &'a Struct, view: View) -> Vec<Lookup<'a>> {
    if !api.wire.external_id_lookups || view == View::Read {
        return Vec::new();
    }
    let (a, m) = (ident(&api.name), ident(&api.modules[t.module].name));
    s.fields
        .iter()
        .enumerate()
        .filter(|(_, f)| repr(api, f, view) != Repr::Forbidden)
        .filter_map(|(i, f)| {
            let member = f.reference.as_ref()?.relationship_name.as_deref()?;
            let snake = heck::ToSnakeCase::to_snake_case(member);
            let taken = s.fields.iter().any(|g| g.rust_name == snake);
            let rust = ident(&if taken { format!("{snake}_by_external_id") } else { snake });
            let marker = ident(&f.wire_name);
            let codec = quote! { crate::runtime::external_id::ByExternalId<crate::#a::#m::builders::targets::#marker> };
            Some(Lookup { field: i, id_field: &f.wire_name, member, rust, codec })
        })
        .collect()
}

/// The member's type and codec in its representation.
fn member(api: &Api, f: &Field, view: View, module: usize) -> (Repr, TokenStream, TokenStream) {
    let r = repr(api, f, view);
    let t = rust_type(api, &f.ty, view);
    let c = codec(api, &f.ty, Some(f), view, module);
    match r {
        Repr::Forbidden | Repr::Plain | Repr::Defaulted => (r, t, c),
        Repr::Opt => (r, quote! { ::std::option::Option<#t> }, c),
        Repr::OptNull => (r, quote! { ::std::option::Option<#t> }, quote! { crate::runtime::container::Nullable<#c> }),
        Repr::Tri => (r, quote! { crate::runtime::Field<#t> }, quote! { crate::runtime::container::Tri<#c> }),
    }
}

fn field_docs(api: &Api, f: &Field, view: View) -> TokenStream {
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
    match (view, repr(api, f, view)) {
        (View::Create, Repr::Opt | Repr::OptNull) if f.default.is_some() => {
            paras.push("`None` leaves it to the server's default.".into())
        }
        (View::Update, Repr::Tri) => {
            paras.push("`Field::Absent` leaves it as it is, `Field::Null` clears it, `Field::Value` sets it.".into())
        }
        (View::Update, Repr::Opt) => paras.push("`None` leaves it as it is.".into()),
        _ => {}
    }
    doc_lines(&paras)
}

pub(crate) fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(n) => n.to_string(),
        Literal::UInt(n) => n.to_string(),
        Literal::Float(n) => n.to_string(),
        Literal::Str(s) => s.clone(),
    }
}

pub(crate) fn type_docs(t: &TypeDef, view: View, extra: Vec<String>) -> TokenStream {
    let mut paras = Vec::new();
    let base =
        t.doc.description.clone().or_else(|| t.doc.label.clone()).unwrap_or_else(|| format!("The `{}` type.", t.name));
    match view {
        View::Read => paras.push(base.clone()),
        View::Create => paras.push(format!(
            "The body a client sends to create a `{}`: only what clients may set; required fields are not optional.",
            t.name
        )),
        View::Update => paras.push(format!(
            "The body a client sends to change a `{}`: only fields clients may update, each optional; serializing writes what was set and nothing more.",
            t.name
        )),
    }
    if view != View::Read {
        paras.push(format!("[`{}`]: {base}", t.rust_name));
    } else if t.doc.description.is_some() {
        paras.extend(t.doc.label.clone().map(|l| format!("Label: {l}.")));
    }
    paras.extend(extra);
    doc_lines(&paras)
}

/// The entry points of a top-level object in `view`.
fn entry_points(api: &Api, t: &TypeDef, view: View, name: &Ident) -> TokenStream {
    let op = view.op();
    let what = match view {
        View::Read => "a body the server returns (a read): forward compatible, so members, values and variants the schema does not know are kept",
        View::Create => "a create body: strict, so unknown members, forbidden members and values outside restricted sets are errors",
        View::Update => "an update body: strict, like a create body, and every member optional",
    };
    let doc = format!(" Parses {what}; every problem is reported at once, each with its JSON pointer.");
    let validate = (view != View::Read).then(|| {
        quote! {
            /// Checks a value built in Rust against what the types cannot say (limits,
            /// restricted values, rules): every problem at once.
            pub fn validate(&self) -> ::std::result::Result<(), crate::runtime::ValidationErrors> {
                crate::runtime::de::revalidate::<Self>(self, #op)
            }
        }
    });
    let apply = (view == View::Update).then(|| {
        let read = ident(&t.rust_name);
        let rules_fn = rules::rules_fn_path(api, t);
        let doc = format!(
            " Applies this update to a stored `{}`: the updated record, or every problem (rules that read the stored record included).",
            t.name
        );
        let doc_json = format!(
            " Parses an update body and applies it to a stored `{}`: the updated record, or every problem at once (the body's, and those of the rules that read the stored record).",
            t.name
        );
        quote! {
            #[doc = #doc]
            pub fn apply(&self, current: &#read) -> ::std::result::Result<#read, crate::runtime::ValidationErrors> {
                crate::runtime::rules::apply_update::<#read, Self>(current, self, #rules_fn)
            }
            #[doc = #doc_json]
            pub fn apply_json(json: impl ::std::convert::AsRef<[u8]>, current: &#read) -> ::std::result::Result<#read, crate::runtime::ValidationErrors> {
                crate::runtime::rules::apply_update_json::<#read, Self>(current, json.as_ref(), #rules_fn)
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn from_json(json: impl ::std::convert::AsRef<[u8]>) -> ::std::result::Result<Self, crate::runtime::ValidationErrors> {
                crate::runtime::de::parse::<Self>(json.as_ref(), #op)
            }
            #validate
            #apply
        }
    }
}

fn common_impls(name: &Ident, builder: TokenStream, is_union: bool) -> TokenStream {
    let decode = if is_union {
        quote! { crate::runtime::de::decode_union::<Self, D>(de, cx) }
    } else {
        quote! { crate::runtime::de::decode_object::<#builder, D>(de, cx) }
    };
    let encode = if is_union {
        quote! { ::serde::Serialize::serialize(value, s) }
    } else {
        quote! { crate::runtime::de::serialize_object(s, value) }
    };
    let discriminator = is_union.then(|| {
        quote! {
            fn discriminator() -> ::std::option::Option<&'static str> {
                ::std::option::Option::Some(<Self as crate::runtime::de::Union>::TAG)
            }
        }
    });
    quote! {
        impl crate::runtime::Codec for #name {
            type Value = Self;
            fn decode<'de, D: ::serde::Deserializer<'de>>(de: D, cx: &mut crate::runtime::Ctx) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                #decode
            }
            fn encode<S: ::serde::Serializer>(value: &Self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                #encode
            }
            #discriminator
        }
    }
}

/// A struct in one view: its definition, impls, and (in `builders`) its decoder.
pub fn struct_view(api: &Api, id: TypeId, s: &Struct, view: View) -> (TokenStream, TokenStream) {
    let t = api.ty(id);
    let name = ident(&view_name(t, view));
    let members: Vec<(&Field, Repr, TokenStream, TokenStream)> = s
        .fields
        .iter()
        .map(|f| {
            let (r, ty, c) = member(api, f, view, t.module);
            (f, r, ty, c)
        })
        .collect();
    let present: Vec<_> = members.iter().filter(|m| m.1 != Repr::Forbidden).collect();

    let mut extra_doc = Vec::new();
    if let TypeKind::Struct(_) = &t.kind {
        let left_out: Vec<&str> =
            members.iter().filter(|m| m.1 == Repr::Forbidden).map(|m| m.0.wire_name.as_str()).collect();
        if !left_out.is_empty() && view != View::Read {
            extra_doc.push(format!(
                "Not members, since clients may not send them here: {}.",
                left_out.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let docs = type_docs(t, view, extra_doc);
    let fields = present.iter().map(|(f, _, ty, _)| {
        let docs = field_docs(api, f, view);
        let n = ident(&f.rust_name);
        quote! { #docs pub #n: #ty, }
    });
    let TypeKind::Struct(st) = &t.kind else { unreachable!("struct_view of a struct") };
    let lookups = lookups(api, t, st, view);
    let lookup_fields = lookups.iter().map(|l| {
        let n = &l.rust;
        let doc = format!(
            " `{}`: sets `{}` through the related record's external id instead of its id (`None`: not sent). Sending both is refused.",
            l.member, l.id_field
        );
        quote! {
            #[doc = #doc]
            pub #n: ::std::option::Option<crate::runtime::external_id::ExternalIdRef>,
        }
    });
    let ser_lookups = lookups.iter().map(|l| {
        let (n, member, c) = (&l.rust, l.member, &l.codec);
        quote! {
            if let ::std::option::Option::Some(v) = &self.#n {
                map.serialize_entry(#member, &crate::runtime::de::As::<#c>::new(v))?;
            }
        }
    });
    let lookup_inits: Vec<_> = lookups
        .iter()
        .map(|l| {
            let n = &l.rust;
            quote! { #n: ::std::option::Option::None, }
        })
        .collect();
    let attributes = api.wire.record_attributes.then(|| {
        quote! {
            /// The record's `attributes` object (its type and URL), when the body carries one.
            pub attributes: ::std::option::Option<crate::runtime::salesforce::Attributes>,
        }
    });
    let passthrough = !api.wire.passthrough_suffixes.is_empty();
    let custom = passthrough.then(|| {
        let suffixes = api.wire.passthrough_suffixes.join("`, `");
        let doc = format!(" Custom fields and relationships (names ending in `{suffixes}`), untouched.");
        quote! {
            #[doc = #doc]
            pub custom_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
    });
    let unknown = (view == View::Read).then(|| {
        quote! {
            /// Members this version of the schema does not define, kept as received so
            /// that writing the value back loses nothing.
            pub unknown_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
    });

    let ser_fields = present.iter().map(|(f, r, _, c)| {
        let n = ident(&f.rust_name);
        let wire = &f.wire_name;
        let write = |v: TokenStream, c: &TokenStream| {
            quote! { map.serialize_entry(#wire, &crate::runtime::de::As::<#c>::new(#v))?; }
        };
        match r {
            Repr::Plain | Repr::Defaulted => write(quote! { &self.#n }, c),
            Repr::Tri => {
                let w = write(quote! { &self.#n }, c);
                quote! { if !self.#n.is_absent() { #w } }
            }
            Repr::OptNull if view == View::Read && api.wire.write_nulls => write(quote! { &self.#n }, c),
            Repr::OptNull => {
                let w = write(quote! { &self.#n }, c);
                quote! { if self.#n.is_some() { #w } }
            }
            Repr::Opt => {
                let w = write(quote! { v }, c);
                quote! { if let ::std::option::Option::Some(v) = &self.#n { #w } }
            }
            Repr::Forbidden => quote! {},
        }
    });
    let ser_attributes = api.wire.record_attributes.then(|| {
        quote! {
            if let ::std::option::Option::Some(a) = &self.attributes {
                map.serialize_entry("attributes", &crate::runtime::de::As::<crate::runtime::salesforce::Attributes>::new(a))?;
            }
        }
    });
    let ser_custom =
        custom.is_some().then(|| quote! { for (k, v) in &self.custom_fields { map.serialize_entry(k, v)?; } });
    let ser_unknown =
        unknown.is_some().then(|| quote! { for (k, v) in &self.unknown_fields { map.serialize_entry(k, v)?; } });

    let args = new_arguments(api, s, view);
    let required: Vec<_> = present.iter().filter(|m| args.iter().any(|a| std::ptr::eq(*a, m.0))).collect();
    let constructor = (view != View::Read).then(|| {
        let params = required.iter().map(|(f, _, ty, _)| {
            let n = ident(&f.rust_name);
            quote! { #n: #ty }
        });
        let inits = present.iter().map(|(f, r, _, _)| {
            let n = ident(&f.rust_name);
            match r {
                Repr::Plain => quote! { #n },
                Repr::Tri => quote! { #n: crate::runtime::Field::Absent },
                _ => quote! { #n: ::std::option::Option::None },
            }
        });
        let extras_init = [
            api.wire.record_attributes.then(|| quote! { attributes: ::std::option::Option::None, }),
            passthrough.then(|| quote! { custom_fields: ::std::collections::BTreeMap::new(), }),
        ];
        let lookup_inits = &lookup_inits;
        let doc = if required.is_empty() {
            " A value with nothing set.".to_owned()
        } else {
            format!(
                " A value with its required fields ({}); the others unset.",
                required.iter().map(|m| format!("`{}`", m.0.wire_name)).collect::<Vec<_>>().join(", ")
            )
        };
        let default = required.is_empty().then(|| {
            quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
        quote! {
            impl #name {
                #[doc = #doc]
                #[allow(clippy::too_many_arguments)]
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits,)* #(#lookup_inits)* #(#extras_init)* }
                }
            }
            #default
        }
    });

    let writes_nothing = present.is_empty() && attributes.is_none() && custom.is_none() && unknown.is_none();
    let map = if writes_nothing { format_ident!("_map") } else { format_ident!("map") };
    let builder = builder_path(api, id, view);
    let common = common_impls(&name, builder, false);
    let entry = t.is_object.then(|| entry_points(api, t, view, &name));
    let read_deserialize = deserialize_impl(&name, view);
    // Records that carry `attributes` say which object they are (sObject Collections).
    let sobject = (api.wire.record_attributes && t.is_object).then(|| {
        let object = &t.name;
        let prefix = match &t.key_prefix {
            Some(p) => quote! { ::std::option::Option::Some(#p) },
            None => quote! { ::std::option::Option::None },
        };
        quote! {
            impl crate::runtime::sobject_collections::SObjectType for #name {
                const OBJECT: &'static str = #object;
                const KEY_PREFIX: ::std::option::Option<&'static str> = #prefix;
            }
        }
    });
    // Read structs come from servers and grow with the API: non-exhaustive, so a new
    // field is not a breaking change. Create and update structs are built by users with
    // struct literals and `..X::new()`, so they stay exhaustive.
    let non_exhaustive = (view == View::Read).then(|| quote! { #[non_exhaustive] });
    let derives = super::derives::value_derives(api, id, false);
    let def = quote! {
        #docs
        #derives
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #(#lookup_fields)*
            #attributes
            #custom
            #unknown
        }

        #constructor
        #common

        impl crate::runtime::de::Members for #name {
            fn serialize_members<M: ::serde::ser::SerializeMap>(&self, #map: &mut M) -> ::std::result::Result<(), M::Error> {
                #ser_attributes
                #(#ser_fields)*
                #(#ser_lookups)*
                #ser_custom
                #ser_unknown
                ::std::result::Result::Ok(())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::de::serialize_object(s, self)
            }
        }

        #entry
        #read_deserialize
        #sobject
    };
    (def, struct_builder(api, t, s, view, &members, &lookups))
}

fn deserialize_impl(name: &Ident, view: View) -> TokenStream {
    let op = view.op();
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::de::deserialize::<Self, D>(de, #op)
            }
        }
    }
}

fn struct_builder(
    api: &Api,
    t: &TypeDef,
    s: &Struct,
    view: View,
    members: &[(&Field, Repr, TokenStream, TokenStream)],
    lookups: &[Lookup<'_>],
) -> TokenStream {
    let name = ident(&view_name(t, view));
    let builder = format_ident!("{}Builder", view_name(t, view));
    let builder_doc = format!(" Decoding state of [`{0}`](super::{0}).", view_name(t, view));
    let mut keys: Vec<String> = Vec::new();
    let mut slots = Vec::new();
    let mut slot_types = Vec::new();
    let mut arms = Vec::new();
    let mut set_arms = Vec::new();
    for (i, (f, r, _, c)) in members.iter().enumerate() {
        keys.push(f.wire_name.clone());
        if *r == Repr::Forbidden {
            let msg = forbidden_message(api, f, view);
            arms.push(quote! { #i => crate::runtime::de::forbidden(de, cx, #msg), });
            continue;
        }
        let slot = format_ident!("f{}", i);
        if direct(view, *r) {
            arms.push(
                quote! { #i => crate::runtime::de::fill_direct::<#c, D>(&mut self.#slot, &mut self.unusable, de, cx), },
            );
            set_arms.push(quote! { #i => !self.#slot.is_absent(), });
            slot_types.push(quote! { <#c as crate::runtime::Codec>::Value });
        } else {
            arms.push(quote! { #i => crate::runtime::de::fill::<#c, D>(&mut self.#slot, de, cx), });
            set_arms.push(quote! { #i => self.#slot.is_some(), });
            slot_types.push(quote! { crate::runtime::de::Slot<#c> });
        }
        slots.push(slot);
    }
    let any_direct = members.iter().any(|(_, r, _, _)| direct(view, *r));
    let unusable_slot = any_direct.then(|| quote! { unusable: bool, });
    let attr_index = keys.len();
    if api.wire.record_attributes {
        keys.push("attributes".to_owned());
    }
    let mut lookup_slots = Vec::new();
    let mut lookup_lets = Vec::new();
    let mut lookup_builds = Vec::new();
    let mut lookup_checks = Vec::new();
    for (k, l) in lookups.iter().enumerate() {
        let index = keys.len();
        keys.push(l.member.to_owned());
        let slot = format_ident!("l{}", k);
        let (c, n, member, id_field) = (&l.codec, &l.rust, l.member, l.id_field);
        let id_slot = format_ident!("f{}", l.field);
        lookup_slots.push(quote! { #slot: crate::runtime::de::Slot<#c>, });
        arms.push(quote! { #index => crate::runtime::de::fill::<#c, D>(&mut self.#slot, de, cx), });
        set_arms.push(quote! { #index => self.#slot.is_some(), });
        lookup_checks.push(quote! {
            if self.#id_slot.is_some() && self.#slot.is_some() {
                crate::runtime::external_id::both_sent(cx, #member, #id_field);
            }
        });
        lookup_lets.push(quote! { let #slot = crate::runtime::de::optional(self.#slot); });
        lookup_builds.push(quote! { #n: #slot?, });
    }
    let indices = 0..keys.len();
    let ignore_case = api.wire.keys_ignore_case.then(|| {
        quote! {
            fn field_index_ignoring_case(&self, key: &str) -> ::std::option::Option<(usize, &'static str)> {
                crate::runtime::de::index_ignoring_case(key, &[ #( #keys ),* ])
            }
        }
    });
    let attr_slot = api.wire.record_attributes.then(|| {
        quote! { attributes: crate::runtime::de::Slot<crate::runtime::salesforce::Attributes>, }
    });
    let attr_arm = api.wire.record_attributes.then(|| {
        quote! { #attr_index => crate::runtime::de::fill::<crate::runtime::salesforce::Attributes, D>(&mut self.attributes, de, cx), }
    });
    let passthrough = !api.wire.passthrough_suffixes.is_empty();
    let custom_slot = passthrough
        .then(|| quote! { custom_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>, });
    // The custom names kept, in lower case, where a repeat may differ in case.
    let names_slot = (passthrough && api.wire.keys_ignore_case && view != View::Read)
        .then(|| quote! { custom_names: ::std::collections::HashSet<::std::string::String>, });
    let unknown_slot = (view == View::Read)
        .then(|| quote! { unknown_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>, });
    // Whether a name ends in a pass-through suffix (in any case, where names are
    // case-insensitive: `Foo__C`).
    // `key` is the name, a `&str` or (`by_ref`) a `String`.
    let suffixed = |by_ref: bool| {
        let suffixes = &api.wire.passthrough_suffixes;
        let key = if by_ref {
            quote! { &key }
        } else {
            quote! { key }
        };
        if api.wire.keys_ignore_case {
            quote! { #( crate::runtime::de::ends_with_ignoring_case(#key, #suffixes) )||* }
        } else {
            quote! { #( key.ends_with(#suffixes) )||* }
        }
    };
    let is_passthrough = passthrough.then(|| {
        let suffixed = suffixed(false);
        quote! {
            fn is_passthrough(&self, key: &str) -> bool {
                #suffixed
            }
        }
    });
    let keep = match (passthrough, view == View::Read) {
        (true, true) => {
            let suffixed = suffixed(true);
            quote! {
                if #suffixed {
                    self.custom_fields.insert(key, value).is_some()
                } else {
                    self.unknown_fields.insert(key, value).is_some()
                }
            }
        }
        (true, false) if api.wire.keys_ignore_case => {
            quote! { crate::runtime::de::keep_ignoring_case(&mut self.custom_fields, &mut self.custom_names, key, value) }
        }
        (true, false) => quote! { self.custom_fields.insert(key, value).is_some() },
        (false, true) => quote! { self.unknown_fields.insert(key, value).is_some() },
        // Strict views keep nothing: the decoder reports undefined members instead.
        (false, false) => quote! {{
            let _ = (key, value);
            false
        }},
    };
    if api.wire.record_attributes {
        set_arms.push(quote! { #attr_index => self.attributes.is_some(), });
    }
    // A field set with no members keeps the trait's default (nothing is ever set).
    let is_set = (!set_arms.is_empty()).then(|| {
        quote! {
            fn is_set(&self, index: usize) -> bool {
                match index {
                    #(#set_arms)*
                    _ => false,
                }
            }
        }
    });
    let mut lets = Vec::new();
    let mut builds = Vec::new();
    let mut needs_cx = false;
    for (i, (f, r, _, _)) in members.iter().enumerate() {
        if *r == Repr::Forbidden {
            continue;
        }
        let slot = format_ident!("f{}", i);
        let n = ident(&f.rust_name);
        let wire = &f.wire_name;
        if direct(view, *r) {
            builds.push(quote! { #n: self.#slot });
            continue;
        }
        let value = match r {
            Repr::Plain => {
                needs_cx = true;
                let msg = match view {
                    View::Create => format!("`{wire}` is required on create"),
                    _ => format!("`{wire}` is required"),
                };
                quote! { crate::runtime::de::required(self.#slot, cx, #wire, #msg) }
            }
            Repr::Defaulted => {
                let d = default_tokens(api, f);
                quote! { crate::runtime::de::or_absent(self.#slot, || #d) }
            }
            Repr::Tri => quote! { crate::runtime::de::or_absent(self.#slot, || crate::runtime::Field::Absent) },
            Repr::OptNull => quote! { crate::runtime::de::or_absent(self.#slot, || ::std::option::Option::None) },
            Repr::Opt => quote! { crate::runtime::de::optional(self.#slot) },
            Repr::Forbidden => unreachable_tokens(),
        };
        lets.push(quote! { let #slot = #value; });
        builds.push(quote! { #n: #slot? });
    }
    let rules = if view == View::Read {
        quote! {}
    } else {
        rules::finish_hook(api, t, s, view, members)
    };
    if !rules.is_empty() || !lookups.is_empty() {
        needs_cx = true;
    }
    let cx = if needs_cx { format_ident!("cx") } else { format_ident!("_cx") };
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
    // After every required member has had its say: all problems are reported at once.
    let unusable_check = any_direct.then(|| {
        quote! {
            if self.unusable {
                return ::std::option::Option::None;
            }
        }
    });
    let custom_build = passthrough.then(|| quote! { custom_fields: self.custom_fields, });
    let unknown_build = (view == View::Read).then(|| quote! { unknown_fields: self.unknown_fields, });
    let type_name = &t.name;
    quote! {
        #[doc = #builder_doc]
        #[derive(Default)]
        pub struct #builder {
            #( #slots: #slot_types, )*
            #( #lookup_slots )*
            #unusable_slot
            #attr_slot
            #custom_slot
            #names_slot
            #unknown_slot
        }

        impl crate::runtime::de::Builder for #builder {
            type Output = super::#name;
            const NAME: &'static str = #type_name;
            #[inline]
            fn field_index(&self, key: &str) -> ::std::option::Option<usize> {
                match key {
                    #( #keys => ::std::option::Option::Some(#indices), )*
                    _ => ::std::option::Option::None,
                }
            }
            #ignore_case
            #[inline]
            fn decode_field<'de, D: ::serde::Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut crate::runtime::Ctx) -> ::std::result::Result<(), D::Error> {
                match index {
                    #(#arms)*
                    #attr_arm
                    _ => crate::runtime::de::skip(de, cx),
                }
            }
            #is_set
            #is_passthrough
            fn keep(&mut self, key: ::std::string::String, value: ::serde_json::Value) -> bool {
                #keep
            }
            fn finish(self, #cx: &mut crate::runtime::Ctx) -> ::std::option::Option<super::#name> {
                #rules
                #(#lookup_checks)*
                #(#lets)*
                #(#lookup_lets)*
                #attr_finish
                #unusable_check
                ::std::option::Option::Some(super::#name {
                    #(#builds,)*
                    #(#lookup_builds)*
                    #attr_build
                    #custom_build
                    #unknown_build
                })
            }
        }
    }
}

/// Whether a member's slot is its value itself (initially absent), rather than a
/// `Slot` resolved in `finish`: read views' tri-state members, which
/// have an absent state of their own and no rules to see an unusable value apart.
fn direct(view: View, r: Repr) -> bool {
    view == View::Read && r == Repr::Tri
}

fn unreachable_tokens() -> TokenStream {
    quote! { ::std::option::Option::None }
}

fn forbidden_message(api: &Api, f: &Field, view: View) -> String {
    api.refusal(f, view == View::Create)
}

pub(super) fn default_tokens(api: &Api, f: &Field) -> TokenStream {
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
            let path = type_path(api, *id, 0);
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

/// A multi-variant object in one view, and its decoder.
pub fn union_view(api: &Api, id: TypeId, u: &Union, view: View) -> (TokenStream, TokenStream) {
    let t = api.ty(id);
    let name = ident(&view_name(t, view));
    let tag_key = &u.tag;
    let variants: Vec<_> = u.variants.iter().filter(|v| view == View::Read || v.client_creatable).collect();
    let internal: Vec<&str> = u.variants.iter().filter(|v| !v.client_creatable).map(|v| v.tag.as_str()).collect();
    let mut extra = vec![format!(
        "`{}` is a multi-variant object: the `{tag_key}` member selects one of the variants below, and each variant carries its own set of fields.",
        t.name
    )];
    if !internal.is_empty() {
        extra.push(match view {
            View::Read => format!("Clients may not create these variants (server-set): {}.", internal.join(", ")),
            _ => format!("The variants clients may not create are not here: {}.", internal.join(", ")),
        });
    }
    let docs = type_docs(t, view, extra);
    let defs = variants.iter().map(|v| {
        let vn = ident(&v.rust_name);
        let fields = view_path(api, v.fields, view);
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
    let tags: Vec<&str> = variants.iter().map(|v| v.tag.as_str()).collect();
    let vnames: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let builder = builder_path(api, id, view);
    let type_name = &t.name;
    let creatable = (!internal.is_empty()).then(|| {
        quote! {
            fn client_creatable(tag: &str) -> bool {
                !matches!(tag, #( #internal )|*)
            }
        }
    });
    let read = view == View::Read;
    let unknown_variant = read.then(|| {
        quote! {
            /// A variant this version of the schema does not know, kept whole.
            Unknown(crate::runtime::object::UnknownVariant),
        }
    });
    let unknown_name = read.then(|| quote! { Self::Unknown(v) => v.tag(), });
    let unknown_ser = read.then(|| quote! { Self::Unknown(v) => v.serialize_with_tag(#tag_key, s), });
    let unknown_fn = read.then(|| {
        quote! {
            fn unknown(tag: ::std::string::String, members: ::serde_json::Map<::std::string::String, ::serde_json::Value>) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(Self::Unknown(crate::runtime::object::UnknownVariant::new(tag, members)))
            }
        }
    });
    // New variants must not break matches, in either view (`Unknown` covers reads).
    let non_exhaustive = quote! { #[non_exhaustive] };
    let common = common_impls(&name, builder.clone(), true);
    let entry = t.is_object.then(|| entry_points(api, t, view, &name));
    let read_deserialize = deserialize_impl(&name, view);
    // Every variant server-set leaves the create view without one: a reference to an
    // empty enum is matched through `*self` (a reference is never empty).
    let this = if vnames.is_empty() {
        quote! { *self }
    } else {
        quote! { self }
    };
    let this_read = if vnames.is_empty() && !read {
        quote! { *self }
    } else {
        quote! { self }
    };
    let unused = vnames.is_empty().then(|| quote! { #[allow(unused_variables, clippy::match_single_binding)] });
    let derives = super::derives::value_derives(api, id, false);
    let def = quote! {
        #docs
        #derives
        #non_exhaustive
        pub enum #name {
            #(#defs)*
            #unknown_variant
        }

        impl #name {
            /// The discriminator value of this variant, as it travels.
            pub fn type_name(&self) -> &str {
                match #this_read {
                    #( Self::#vnames(_) => #tags, )*
                    #unknown_name
                }
            }
        }

        #common

        #unused
        impl crate::runtime::de::Union for #name {
            type Builder = #builder;
            const NAME: &'static str = #type_name;
            const TAG: &'static str = #tag_key;
            fn start(tag: &str) -> ::std::option::Option<<Self as crate::runtime::de::Union>::Builder> {
                match tag {
                    #( #tags => ::std::option::Option::Some(#builder::#vnames(::std::default::Default::default())), )*
                    _ => ::std::option::Option::None,
                }
            }
            #creatable
            #unknown_fn
        }

        #unused
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match #this_read {
                    #( Self::#vnames(v) => crate::runtime::de::serialize_variant(s, #tag_key, #tags, v), )*
                    #unknown_ser
                }
            }
        }

        #entry
        #read_deserialize
    };
    let bname = format_ident!("{}Builder", view_name(t, view));
    let bdoc = format!(" Decoding state of [`{0}`](super::{0}): the chosen variant's.", view_name(t, view));
    let vbuilders: Vec<_> = variants.iter().map(|v| builder_path(api, v.fields, view)).collect();
    let b = quote! {
        #[doc = #bdoc]
        pub enum #bname {
            #( #[doc = "A variant's state."] #vnames(#vbuilders), )*
        }

        #unused
        impl crate::runtime::de::Builder for #bname {
            type Output = super::#name;
            const NAME: &'static str = #type_name;
            fn field_index(&self, key: &str) -> ::std::option::Option<usize> {
                match #this { #( Self::#vnames(b) => b.field_index(key), )* }
            }
            fn decode_field<'de, D: ::serde::Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut crate::runtime::Ctx) -> ::std::result::Result<(), D::Error> {
                match #this { #( Self::#vnames(b) => b.decode_field(index, de, cx), )* }
            }
            fn is_passthrough(&self, key: &str) -> bool {
                match #this { #( Self::#vnames(b) => b.is_passthrough(key), )* }
            }
            fn is_set(&self, index: usize) -> bool {
                match #this { #( Self::#vnames(b) => b.is_set(index), )* }
            }
            fn keep(&mut self, key: ::std::string::String, value: ::serde_json::Value) -> bool {
                match #this { #( Self::#vnames(b) => b.keep(key, value), )* }
            }
            fn finish(self, cx: &mut crate::runtime::Ctx) -> ::std::option::Option<super::#name> {
                match self { #( Self::#vnames(b) => b.finish(cx).map(super::#name::#vnames), )* }
            }
        }
    };
    (def, b)
}

/// Whether updates of this API's objects are JMAP patches (rather than partial records).
pub fn patches(api: &Api) -> bool {
    api.updates == Updates::Patch
}

fn is_object_type(api: &Api, ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) if matches!(api.ty(*id).kind, TypeKind::Struct(_) | TypeKind::Union(_)) => Some(*id),
        _ => None,
    }
}

/// How a patch may reach into a read struct: per member, its update rule and the
/// decoder of a replacement value.
pub fn struct_patchable(api: &Api, t: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&view_name(t, View::Read));
    let type_name = &t.name;
    let arms = s.fields.iter().map(|f| {
        let wire = &f.wire_name;
        if f.update == UpdateRule::Forbidden {
            let msg = forbidden_message(api, f, View::Update);
            return quote! { #wire => crate::runtime::patch::frozen(#msg, cx), };
        }
        let nullable = f.nullable;
        let create_codec = codec(api, &f.ty, Some(f), View::Create, t.module);
        match is_object_type(api, &f.ty) {
            Some(id) => {
                let read = view_path(api, id, View::Read);
                quote! { #wire => crate::runtime::patch::object::<#create_codec, #read>(#wire, #nullable, rest, value, here, cx), }
            }
            None => quote! { #wire => crate::runtime::patch::scalar::<#create_codec>(#wire, #nullable, rest, value, cx), },
        }
    });
    let server_set: Vec<&str> =
        s.fields.iter().filter(|f| f.create == CreateRule::Forbidden).map(|f| f.wire_name.as_str()).collect();
    let uses_here = s.fields.iter().any(|f| f.update != UpdateRule::Forbidden && is_object_type(api, &f.ty).is_some());
    let here = if uses_here {
        quote! { let here = crate::runtime::patch::member(current, head); }
    } else {
        quote! { let _ = current; }
    };
    quote! {
        impl crate::runtime::patch::Patchable for #name {
            fn patch_value(
                path: &[::std::string::String],
                value: ::serde_json::Value,
                current: ::std::option::Option<&::serde_json::Value>,
                cx: &mut crate::runtime::Ctx,
            ) -> ::std::option::Option<::serde_json::Value> {
                let (head, rest) = crate::runtime::patch::split(path);
                #here
                let _ = (&rest, &value);
                match head {
                    #(#arms)*
                    _ => crate::runtime::patch::unknown(head, #type_name, cx),
                }
            }
            fn server_set(_tag: ::std::option::Option<&str>) -> &'static [&'static str] {
                &[ #( #server_set ),* ]
            }
        }
    }
}

/// How a patch reaches into a multi-variant read object: through the stored variant.
pub fn union_patchable(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&view_name(t, View::Read));
    let tag_key = &u.tag;
    let tags: Vec<&str> = u.variants.iter().map(|v| v.tag.as_str()).collect();
    let paths: Vec<_> = u.variants.iter().map(|v| view_path(api, v.fields, View::Read)).collect();
    let frozen_tag = format!("the variant (`{tag_key}`) of a {} cannot change", t.name);
    let unknown = format!("the stored {} is of a variant this schema does not know; it cannot be patched", t.name);
    quote! {
        impl crate::runtime::patch::Patchable for #name {
            const TAG: ::std::option::Option<&'static str> = ::std::option::Option::Some(#tag_key);
            fn patch_value(
                path: &[::std::string::String],
                value: ::serde_json::Value,
                current: ::std::option::Option<&::serde_json::Value>,
                cx: &mut crate::runtime::Ctx,
            ) -> ::std::option::Option<::serde_json::Value> {
                let (head, _) = crate::runtime::patch::split(path);
                if head == #tag_key {
                    return crate::runtime::patch::frozen(#frozen_tag, cx);
                }
                match crate::runtime::patch::member(current, #tag_key).and_then(::serde_json::Value::as_str) {
                    #( ::std::option::Option::Some(#tags) => <#paths as crate::runtime::patch::Patchable>::patch_value(path, value, current, cx), )*
                    _ => crate::runtime::patch::frozen(#unknown, cx),
                }
            }
            fn server_set(tag: ::std::option::Option<&str>) -> &'static [&'static str] {
                match tag {
                    #( ::std::option::Option::Some(#tags) => <#paths as crate::runtime::patch::Patchable>::server_set(::std::option::Option::None), )*
                    _ => &[],
                }
            }
        }
    }
}

/// `apply_patch` on a top-level object whose updates are patches.
pub fn apply_patch_method(t: &TypeDef) -> TokenStream {
    let name = ident(&view_name(t, View::Read));
    let doc = format!(
        " Applies a JMAP patch to this stored `{}`: the updated object, or every problem (read-only and server-set members, unknown members, values of the wrong kind).",
        t.name
    );
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn apply_patch(&self, patch: &crate::runtime::patch::Patch) -> ::std::result::Result<Self, crate::runtime::ValidationErrors> {
                crate::runtime::patch::apply(self, patch)
            }
        }
    }
}
