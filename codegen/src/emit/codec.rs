//! Which Rust type and which runtime codec each schema type becomes under a wire profile.
//!
//! The one place that reads the wire profile: emitters ask here, never decide themselves.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use crate::model::{Api, ClientYears, Collection, DateTimeForm, DateTimeYear, Field, IdForm, LengthUnit, Ty, TypeKind};

/// The absolute path of a named type (the same from any module, builders included).
pub fn type_path(api: &Api, id: crate::model::TypeId, _from: usize) -> TokenStream {
    let t = api.ty(id);
    let name = ident(&t.rust_name);
    let api_mod = ident(&api.name);
    let module = ident(&api.modules[t.module].name);
    quote! { crate::#api_mod::#module::#name }
}

/// The Rust type of a value of `ty` (without the field's nullability).
pub fn value_type(api: &Api, ty: &Ty, from: usize) -> TokenStream {
    match ty {
        Ty::String | Ty::Email => quote! { ::std::string::String },
        Ty::Bool => quote! { bool },
        Ty::Int32 => quote! { i32 },
        Ty::Int64 => quote! { i64 },
        Ty::UInt64 => quote! { u64 },
        Ty::Float => quote! { f64 },
        Ty::Date => quote! { crate::runtime::Date },
        Ty::DateTime => quote! { crate::runtime::UtcDateTime },
        Ty::Id(_) => match api.wire.id {
            IdForm::StalwartBase32 => quote! { crate::runtime::stalwart::Id },
            IdForm::Salesforce => quote! { crate::runtime::salesforce::Id },
        },
        Ty::BlobId => quote! { crate::runtime::stalwart::BlobId },
        Ty::Named(id) => type_path(api, *id, from),
        Ty::List(inner) => {
            let inner = value_type(api, inner, from);
            quote! { ::std::vec::Vec<#inner> }
        }
        Ty::Set(inner) => {
            let inner = value_type(api, inner, from);
            match api.wire.set {
                Collection::Array => quote! { ::std::vec::Vec<#inner> },
                _ => quote! { ::std::collections::BTreeSet<#inner> },
            }
        }
    }
}

/// The codec of a value of `ty`; `field` supplies per-field limits and reference targets.
///
/// `client`: whether the codec reads client bodies (create, update). Length limits and
/// reference targets are checked only there, so reads use the plain string and id
/// codecs: the same outcome, and far fewer codec types for the compiler to copy the
/// decoding code into (a record's decoder then fits the instruction cache better).
pub fn value_codec(api: &Api, ty: &Ty, field: Option<&Field>, from: usize, client: bool) -> TokenStream {
    let plain = plain_codec(api, ty, field, from, client);
    if !client {
        return plain;
    }
    // The server's rules on client bodies (`wire.client-rules`) wrap the plain codec.
    let rules = &api.wire.client;
    match ty {
        Ty::String if rules.non_empty_strings => quote! { crate::runtime::client::NonEmpty<#plain> },
        Ty::Int32 | Ty::Int64 | Ty::UInt64 if rules.exact_integers => {
            quote! { crate::runtime::client::ExactInt<#plain> }
        }
        _ => plain,
    }
}

/// The codec of `ty` before the client rules.
fn plain_codec(api: &Api, ty: &Ty, field: Option<&Field>, from: usize, client: bool) -> TokenStream {
    let restricted = field.is_none_or(|f| f.restricted);
    let field = if client { field } else { None };
    match ty {
        Ty::String => match (field.and_then(|f| f.max_len), api.wire.length_unit) {
            (Some(n), LengthUnit::Characters) => {
                let n = n as usize;
                quote! { crate::runtime::scalar::StrMax<#n> }
            }
            (Some(n), LengthUnit::Utf16) => {
                let n = n as usize;
                quote! { crate::runtime::limits::StrMaxUtf16<#n> }
            }
            (None, _) => quote! { crate::runtime::scalar::Str },
        },
        Ty::Email => quote! { crate::runtime::scalar::EmailAddress },
        Ty::Bool => quote! { crate::runtime::scalar::Bool },
        Ty::Int32 => quote! { crate::runtime::scalar::Int32 },
        Ty::Int64 => quote! { crate::runtime::scalar::Int64 },
        Ty::UInt64 => quote! { crate::runtime::scalar::UInt64 },
        Ty::Float => quote! { crate::runtime::scalar::Float64 },
        Ty::Date => client_years(api, client, false, quote! { crate::runtime::time::DateIso }),
        Ty::DateTime => client_years(
            api,
            client,
            true,
            match api.wire.date_time {
                DateTimeForm::SecondsZ => quote! { crate::runtime::time::DateTimeSecondsZ },
                DateTimeForm::MillisOffset => quote! { crate::runtime::time::DateTimeMillisOffset },
            },
        ),
        Ty::Id(_) => match api.wire.id {
            IdForm::StalwartBase32 => quote! { crate::runtime::stalwart::Id },
            IdForm::Salesforce => match field.and_then(|f| f.reference.as_ref()).and_then(|r| r.prefixes.as_ref()) {
                Some(_) => {
                    let marker = ident(&field.map(|f| f.wire_name.clone()).unwrap_or_default());
                    let api_mod = ident(&api.name);
                    let module = ident(&api.modules[from].name);
                    quote! { crate::runtime::salesforce::Reference<crate::#api_mod::#module::builders::targets::#marker> }
                }
                None => quote! { crate::runtime::salesforce::Id },
            },
        },
        Ty::BlobId => quote! { crate::runtime::stalwart::BlobId },
        Ty::Named(id) => {
            let path = type_path(api, *id, from);
            match &api.ty(*id).kind {
                TypeKind::Enum(_) => quote! { crate::runtime::wire_enum::Enum<#path, #restricted> },
                TypeKind::Bitmask(_) => quote! { crate::runtime::bitmask::BitmaskCodec<#path> },
                TypeKind::Struct(_) | TypeKind::Union(_) => path,
            }
        }
        Ty::List(inner) => {
            let c = value_codec(api, inner, field, from, client);
            match api.wire.list {
                Collection::ObjectByIndex => quote! { crate::runtime::container::ObjectList<#c> },
                _ => quote! { crate::runtime::container::Array<#c> },
            }
        }
        Ty::Set(inner) => {
            let c = value_codec(api, inner, field, from, client);
            match api.wire.set {
                Collection::ObjectOfTrue => quote! { crate::runtime::container::ObjectSet<#c> },
                _ => quote! { crate::runtime::container::Array<#c> },
            }
        }
    }
}

/// A date or date-time codec of a client body, limited to the profile's years
/// (`wire.client-years`): a date-time by the year its text names, or by its UTC date.
fn client_years(api: &Api, client: bool, date_time: bool, codec: TokenStream) -> TokenStream {
    match api.wire.client_years {
        Some(ClientYears { first, last, date_time_year: DateTimeYear::AsWritten }) if client && date_time => {
            let (lo, hi) = (proc_macro2::Literal::i32_unsuffixed(first), proc_macro2::Literal::i32_unsuffixed(last));
            quote! { crate::runtime::client::YearsWritten<#codec, #lo, #hi> }
        }
        Some(ClientYears { first, last, .. }) if client => {
            quote! { crate::runtime::limits::ClientYears<#codec, #first, #last> }
        }
        _ => codec,
    }
}
