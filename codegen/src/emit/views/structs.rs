//! A struct in one view: its definition, impls and decoder.

use super::*;

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
            pub custom_fields: crate::runtime::CustomFields,
        }
    });
    let unknown = (view == View::Read).then(|| {
        quote! {
            /// Members the schema does not define, kept as received: writing back loses nothing.
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
            passthrough.then(|| quote! { custom_fields: crate::runtime::CustomFields::new(), }),
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
        let params: Vec<TokenStream> = params.collect();
        let body = quote! { Self { #(#inits,)* #(#lookup_inits)* #(#extras_init)* } };
        crate::emit::constructors::new_impl(&name, &doc, &params, body)
    });

    let writes_nothing = present.is_empty() && attributes.is_none() && custom.is_none() && unknown.is_none();
    let map = if writes_nothing { format_ident!("_map") } else { format_ident!("map") };
    let builder = builder_path(api, id, view);
    // `Codec`, `Serialize` and `Deserialize`: the same for every object, in the runtime.
    let op = ident(match view {
        View::Read => "Read",
        View::Create => "Create",
        View::Update => "Update",
    });
    let codec = quote! { crate::runtime::de::object_codec!(#name, #builder, #op); };
    let entry = t.is_object.then(|| entry_points(api, t, view, &name));
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
    let derives = crate::emit::derives::value_derives(api, id, false);
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

        #codec
        #entry
        #sobject
    };
    (def, struct_builder(api, t, s, view, &members, &lookups))
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
    let custom_slot = passthrough.then(|| quote! { custom_fields: crate::runtime::CustomFields, });
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
                    crate::runtime::de::keep_custom(&mut self.custom_fields, key, value)
                } else {
                    self.unknown_fields.insert(key, value).is_some()
                }
            }
        }
        (true, false) if api.wire.keys_ignore_case => {
            quote! { crate::runtime::de::keep_ignoring_case(&mut self.custom_fields, &mut self.custom_names, key, value) }
        }
        (true, false) => quote! { crate::runtime::de::keep_custom(&mut self.custom_fields, key, value) },
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
    let custom_build = passthrough.then(|| quote! { custom_fields: crate::runtime::de::kept(self.custom_fields), });
    let unknown_build = (view == View::Read).then(|| quote! { unknown_fields: self.unknown_fields, });
    let type_name = &t.name;
    // A builder with plain slots only is a table the runtime's `object_builder!` expands.
    let plain = !api.wire.record_attributes
        && lookups.is_empty()
        && !passthrough
        && !any_direct
        && !api.wire.keys_ignore_case
        && rules.is_empty();
    if plain {
        let keep = (view == View::Read).then(|| quote! { , keep unknown_fields });
        let rows = members.iter().enumerate().map(|(i, (f, r, _, c))| {
            let index = proc_macro2::Literal::usize_unsuffixed(i);
            let wire = &f.wire_name;
            let n = ident(&f.rust_name);
            match r {
                Repr::Forbidden => {
                    let msg = forbidden_message(api, f, view);
                    quote! { #index #wire => forbidden(#msg); }
                }
                Repr::Plain => {
                    let msg = match view {
                        View::Create => format!("`{wire}` is required on create"),
                        _ => format!("`{wire}` is required"),
                    };
                    quote! { #index #wire #n: #c => required(#msg); }
                }
                Repr::Defaulted => {
                    let d = default_tokens(api, f);
                    quote! { #index #wire #n: #c => absent(#d); }
                }
                Repr::Tri => quote! { #index #wire #n: #c => absent(crate::runtime::Field::Absent); },
                Repr::OptNull => quote! { #index #wire #n: #c => absent(::std::option::Option::None); },
                Repr::Opt => quote! { #index #wire #n: #c => optional(); },
            }
        });
        return quote! {
            crate::runtime::de::object_builder! {
                #builder => super::#name, #type_name #keep;
                #(#rows)*
            }
        };
    }
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
