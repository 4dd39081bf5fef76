//! One object module: its types, their serde, and the builders that decode them.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc_lines, ident};
use super::views;
use crate::model::{Api, Bitmask, Enum, TypeDef, TypeKind};

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
                for view in views::views_of(api, &t.kind) {
                    let (def, b) = views::struct_view(api, *id, s, *view);
                    items.push(def);
                    builders.push(b);
                    match view {
                        views::View::Read => items.push(super::constructors::read_new(api, *id, s)),
                        views::View::Create => items.push(super::constructors::create_builder(api, *id, s)),
                        views::View::Update => {}
                    }
                }
                if views::patches(api) {
                    items.push(views::struct_patchable(api, t, s));
                    if t.is_object {
                        items.push(views::apply_patch_method(t));
                        items.push(super::patch_builder::patch_builder(api, *id));
                    }
                }
                if t.is_object && views::patches(api) {
                    items.push(super::partial::partial(api, t, m));
                }
            }
            TypeKind::Union(u) => {
                for view in views::views_of(api, &t.kind) {
                    let (def, b) = views::union_view(api, *id, u, *view);
                    items.push(def);
                    builders.push(b);
                }
                if views::patches(api) {
                    items.push(views::union_patchable(api, t, u));
                    if t.is_object {
                        items.push(views::apply_patch_method(t));
                        items.push(super::patch_builder::patch_builder(api, *id));
                    }
                }
                if t.is_object && views::patches(api) {
                    items.push(super::partial::partial(api, t, m));
                }
            }
            TypeKind::Enum(e) => items.push(enum_def(t, e, api.enum_is_open(*id))),
            TypeKind::Bitmask(b) => items.push(bitmask_def(t, b)),
        }
    }
    let rules = super::rules::module(api, m);
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

        #rules
    }
}

fn enum_def(t: &TypeDef, e: &Enum, open: bool) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = views::type_docs(t, views::View::Read, Vec::new());
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
        if !v.client_settable {
            d.push("Set by the server: clients may not set it.".into());
        }
        doc_lines(&d)
    });
    let type_name = &t.name;
    let server_only: Vec<_> = e.values.iter().filter(|v| !v.client_settable).map(|v| ident(&v.rust_name)).collect();
    let settable = (!server_only.is_empty()).then(|| {
        quote! {
            fn client_settable(&self) -> bool {
                !matches!(self, #( Self::#server_only )|*)
            }
        }
    });
    let restricted = !open;
    let parse_doc = if open {
        " Parses a wire name; a value the schema does not list (an org's own) is [`Self::Unknown`], as a read keeps it."
    } else {
        " Parses a wire name; a value the schema does not list is an error, as in a client body (reads keep such values as [`Self::Unknown`])."
    };
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
            #settable
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::runtime::object::ParseEnumError;
            #[doc = #parse_doc]
            // Spelt out: an enumeration value named `Err` makes `Self::Err` ambiguous.
            fn from_str(s: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                crate::runtime::wire_enum::parse(s, #restricted)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::de::deserialize::<crate::runtime::wire_enum::Enum<Self, false>, D>(de, crate::runtime::Op::Read)
            }
        }
    }
}

fn bitmask_def(t: &TypeDef, b: &Bitmask) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = views::type_docs(t, views::View::Read, vec!["Several flags combine with `|`.".into()]);
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
                crate::runtime::de::deserialize::<crate::runtime::bitmask::BitmaskCodec<Self>, D>(de, crate::runtime::Op::Read)
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
            let lookup = r.relationship_name.as_deref().filter(|_| api.wire.external_id_lookups);
            if (r.prefixes.is_none() && lookup.is_none()) || seen.contains(&f.wire_name) {
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
            let prefixes = r.prefixes.as_ref().map(|prefixes| {
                quote! {
                    impl crate::runtime::salesforce::KeyPrefixes for #marker {
                        const TARGETS: &'static str = #targets;
                        const PREFIXES: &'static [&'static str] = &[ #( #prefixes ),* ];
                    }
                }
            });
            let lookup = lookup.map(|member| {
                let objects = &r.targets;
                quote! {
                    impl crate::runtime::external_id::LookupTargets for #marker {
                        const RELATIONSHIP: &'static str = #member;
                        const OBJECTS: &'static [&'static str] = &[ #( #objects ),* ];
                    }
                }
            });
            markers.push(quote! {
                #[doc = #doc]
                pub struct #marker;
                #prefixes
                #lookup
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
