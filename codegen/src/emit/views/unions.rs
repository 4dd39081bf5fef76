//! A multi-variant object in one view, and its decoder.

use super::*;

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
    let derives = crate::emit::derives::value_derives(api, id, false);
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
