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
mod patchable;
mod structs;
mod unions;

pub use patchable::{apply_patch_method, patches, struct_patchable, union_patchable};
pub use structs::struct_view;
pub use unions::union_view;

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
