//! How JMAP patches reach into read values: per-member update rules and `apply_patch`.

use super::*;

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
            // The runtime words the refusal (as `forbidden_message` does for bodies).
            let why = ident(match api.vocabulary {
                Vocabulary::Salesforce => "not_updatable",
                Vocabulary::Stalwart if f.modifiers.iter().any(|m| m == "server-set") => "server_set",
                Vocabulary::Stalwart => "read_only",
            });
            return quote! { #wire => crate::runtime::patch::#why(#wire, cx), };
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
