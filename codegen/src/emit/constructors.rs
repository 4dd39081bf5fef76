//! Building values in Rust where positional arguments do not serve: a constructor for
//! read types (tests and fixtures), and a builder naming each required member for
//! create types with many of them.
//!
//! Read types are `#[non_exhaustive]`, so outside the crate they cannot be written as
//! struct literals: `new` takes the members a read must carry and leaves the rest unset
//! (defaulted ones at their default), and a new optional member in the schema breaks no
//! caller, which is what `#[non_exhaustive]` is for. A new required member changes
//! `new`, as it changes what a valid read is.
//!
//! A create type with [`BUILDER_FROM`] or more required members also gets a typestate
//! builder: one method per required member, named as the member, and `build` only once
//! every one was given, so a missing member is a compile error that names the builder's
//! type with `Missing` in that member's place. Fewer required members read well as
//! `new`'s arguments, and a builder for each would be code nobody reads.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust::ident;
use super::views::{self, Repr, View};
use crate::model::{Api, Field, Struct, TypeId};

/// Create types with this many required members or more get a builder.
pub const BUILDER_FROM: usize = 4;

/// `new` for the read view of struct `id`.
pub fn read_new(api: &Api, id: TypeId, s: &Struct) -> TokenStream {
    let t = api.ty(id);
    let name = ident(&views::view_name(t, View::Read));
    let members: Vec<(&Field, Repr)> = s.fields.iter().map(|f| (f, views::repr(api, f, View::Read))).collect();
    let required = views::new_arguments(api, s, View::Read);
    let params = required.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = views::rust_type(api, &f.ty, View::Read);
        quote! { #n: #ty }
    });
    let inits = members.iter().map(|(f, r)| {
        let n = ident(&f.rust_name);
        match r {
            Repr::Plain => quote! { #n },
            Repr::Defaulted => {
                let d = views::default_tokens(api, f);
                quote! { #n: #d }
            }
            Repr::Tri => quote! { #n: crate::runtime::Field::Absent },
            _ => quote! { #n: ::std::option::Option::None },
        }
    });
    let extras = [
        api.wire.record_attributes.then(|| quote! { attributes: ::std::option::Option::None, }),
        (!api.wire.passthrough_suffixes.is_empty())
            .then(|| quote! { custom_fields: crate::runtime::CustomFields::new(), }),
    ];
    let doc = if required.is_empty() {
        " A value with nothing set (for tests and fixtures: reads come from `from_json`); set members on it.".to_owned()
    } else {
        format!(
            " A value with the members a read carries ({}), the others unset or at their default (for tests and fixtures: reads come from `from_json`).",
            required.iter().map(|f| format!("`{}`", f.wire_name)).collect::<Vec<_>>().join(", ")
        )
    };
    let body = quote! { Self { #(#inits,)* #(#extras)* unknown_fields: ::std::collections::BTreeMap::new() } };
    new_impl(&name, &doc, &params.collect::<Vec<_>>(), body)
}

/// `impl #name { pub fn new(#params) -> Self { #body } }`, documented by `doc`, and
/// `Default` calling it when `new` takes nothing. Clippy's limit is seven arguments.
pub(super) fn new_impl(name: &Ident, doc: &str, params: &[TokenStream], body: TokenStream) -> TokenStream {
    let default = params.is_empty().then(|| {
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let many = (params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                #body
            }
        }
        #default
    }
}

/// The typestate builder of the create view of struct `id`, when it has
/// [`BUILDER_FROM`] required members or more.
pub fn create_builder(api: &Api, id: TypeId, s: &Struct) -> TokenStream {
    let t = api.ty(id);
    let required = views::new_arguments(api, s, View::Create);
    if required.len() < BUILDER_FROM {
        return TokenStream::new();
    }
    let create = ident(&views::view_name(t, View::Create));
    let name = ident(&format!("{}Builder", views::view_name(t, View::Create)));
    let params: Vec<_> =
        required.iter().map(|f| ident(&heck::ToUpperCamelCase::to_upper_camel_case(f.rust_name.as_str()))).collect();
    let fields: Vec<_> = required.iter().map(|f| ident(&f.rust_name)).collect();
    let types: Vec<_> = required.iter().map(|f| views::rust_type(api, &f.ty, View::Create)).collect();
    let setters = required.iter().enumerate().map(|(i, f)| {
        let n = &fields[i];
        let ty = &types[i];
        let others: Vec<_> = params.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| p).collect();
        let before = params.iter().enumerate().map(|(j, p)| {
            if j == i {
                quote! { crate::runtime::Missing }
            } else {
                quote! { #p }
            }
        });
        let after = params.iter().enumerate().map(|(j, p)| {
            if j == i {
                quote! { #ty }
            } else {
                quote! { #p }
            }
        });
        let moved = fields.iter().enumerate().map(|(j, m)| {
            if j == i {
                quote! { #m: value }
            } else {
                quote! { #m: self.#m }
            }
        });
        let doc = format!(" Gives `{}`.", f.wire_name);
        quote! {
            impl<#(#others),*> #name<#(#before),*> {
                #[doc = #doc]
                pub fn #n(self, value: #ty) -> #name<#(#after),*> {
                    #name { #(#moved),* }
                }
            }
        }
    });
    let missing = params.iter().map(|_| quote! { crate::runtime::Missing });
    let missing_values = fields.iter().map(|f| quote! { #f: crate::runtime::Missing });
    let doc = format!(
        " Builds a [`{create}`] naming each of its required members; `build` exists once every one was given (a missing one is a compile error showing `Missing` in its place)."
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        #[must_use]
        pub struct #name<#(#params),*> {
            #(#fields: #params,)*
        }

        impl #create {
            /// A builder naming each required member: see its type.
            pub fn builder() -> #name<#(#missing),*> {
                #name { #(#missing_values),* }
            }
        }

        #(#setters)*

        impl #name<#(#types),*> {
            /// The value, its optional members unset.
            pub fn build(self) -> #create {
                #create::new(#(self.#fields),*)
            }
        }
    }
}
