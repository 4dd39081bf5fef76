//! Typed JMAP patches: per object whose updates are patches, a builder (`TaskPatch`)
//! with one method per path the schema lets a client change (`status_due` for
//! `status/due`), so a misspelt path is a compile error rather than a runtime
//! `unknown_field`, and each value has its member's type.
//!
//! The paths are those [`views::struct_patchable`] accepts: members whose update rule
//! allows a change, and inside a nested object (through any variant of a multi-variant
//! one) its members likewise. A path that variants type differently gets no method
//! (`Patch::set` still takes it); so does one whose method name another path already
//! has, and one deeper than [`MAX_DEPTH`]. Paths never reach into lists or sets (RFC
//! 8620 section 5.3 patches members, not elements).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc_lines, ident};
use super::views::{self, View};
use crate::model::{Api, Field, Ty, TypeId, TypeKind, UpdateRule};

/// The most segments a path with a method of its own has.
pub const MAX_DEPTH: usize = 4;

/// Method names the builder itself uses.
const RESERVED: &[&str] = &["new", "build", "default", "clone", "eq", "fmt", "hash"];

/// One path a client may set.
struct PathSet {
    /// As a patch key (`status/due`).
    key: String,
    /// The method (`status_due`).
    method: String,
    /// The value's Rust type and codec, and whether it is a whole object.
    ty: TokenStream,
    codec: TokenStream,
    object: bool,
    nullable: bool,
    /// The member's description, and the variants having the path when not all do.
    doc: Option<String>,
    variants: Vec<String>,
    /// What the variants are of (`Task`, `` `status` ``).
    within: String,
    /// Whether variants type the path differently (then it gets no method).
    conflict: bool,
}

/// The builder of object `id`, or nothing when no path may change.
pub fn patch_builder(api: &Api, id: TypeId) -> TokenStream {
    let t = api.ty(id);
    let paths = paths(api, id);
    if paths.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&format!("{}Patch", t.rust_name));
    // quote! fills no names inside a doc comment, so the link is written as text.
    let patch_doc = format!(" A typed patch of this object: see [`{name}`].");
    let read = ident(&views::view_name(t, View::Read));
    let methods = paths.iter().map(|p| {
        let (method, key, ty, codec) = (ident(&p.method), &p.key, &p.ty, &p.codec);
        let mut docs = vec![format!("Sets `{key}`{}", p.doc.as_deref().map(|d| format!(": {d}")).unwrap_or_default())];
        if p.nullable {
            docs.push("`None` clears it (`null`).".to_owned());
        }
        if !p.variants.is_empty() {
            docs.push(format!(
                "Only where the stored {} is of a variant having it ({}); of another, applying the patch is an `unknown_field`.",
                p.within,
                p.variants.join(", ")
            ));
        }
        let docs = doc_lines(&docs);
        let put = if p.object { quote! { replace } } else { quote! { set } };
        quote! {
            #docs
            pub fn #method(self, value: #ty) -> Self {
                Self(self.0.#put::<#codec>(#key, &value))
            }
        }
    });
    let doc = doc_lines(&[
        format!("A JMAP patch of a stored [`{}`], typed: one method per path the schema lets a client change, each taking that member's type, so a misspelt or read-only path does not compile.", t.rust_name),
        "[`build`](Self::build) checks what can be checked without the stored object (each value's own rules; paths overlapping, refused by RFC 8620 section 5.3) and gives the `Patch` that [`Task::apply_patch`] and a `/set` `update` take; the same patch `Patch::set` builds from strings.".replace("Task", &t.rust_name),
    ]);
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name(crate::runtime::patch::PatchBuilder);

        impl #name {
            /// An empty patch.
            pub fn new() -> Self {
                Self::default()
            }
            /// The patch, or every problem its values have (each at its path) and every path reaching inside another one set whole.
            pub fn build(self) -> ::std::result::Result<crate::runtime::patch::Patch, crate::runtime::ValidationErrors> {
                self.0.build()
            }
            #(#methods)*
        }

        impl #read {
            #[doc = #patch_doc]
            pub fn patch() -> #name {
                #name::new()
            }
        }
    }
}

/// The method of object `id`'s typed patch that sets path `key` (`status/due`), if any.
pub fn method_of(api: &Api, id: TypeId, key: &str) -> Option<String> {
    paths(api, id).into_iter().find(|p| p.key == key).map(|p| p.method)
}

/// Every path of object `id` a client may set, in schema order, without recursion.
/// A field's type and codec as a patch path sets them, with their text.
type Made = (TokenStream, TokenStream, (String, String));

fn paths(api: &Api, id: TypeId) -> Vec<PathSet> {
    let mut out: Vec<PathSet> = Vec::new();
    // (key segments, method segments, type) still to visit.
    let mut work: Vec<(Vec<String>, Vec<String>, TypeId)> = vec![(Vec::new(), Vec::new(), id)];
    let mut next = 0;
    let mut texts: Vec<(String, String)> = Vec::new();
    // Index of each path in `out`, and each field's (type, codec) with their text, made
    // once per field: variants sharing a field set would otherwise cost variants × fields
    // token streams and a search of `out` each (issue 11).
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut made: std::collections::HashMap<(*const Field, usize), Made> = std::collections::HashMap::new();
    while next < work.len() {
        let (keys, names, ty) = work[next].clone();
        next += 1;
        // (field, variant tag when inside a multi-variant type, module of its field set)
        let mut members: Vec<(&Field, Option<&str>, usize)> = Vec::new();
        match &api.ty(ty).kind {
            TypeKind::Struct(s) => members.extend(s.fields.iter().map(|f| (f, None, api.ty(ty).module))),
            TypeKind::Union(u) => {
                for v in &u.variants {
                    if let TypeKind::Struct(s) = &api.ty(v.fields).kind {
                        let m = api.ty(v.fields).module;
                        members.extend(s.fields.iter().map(|f| (f, Some(v.tag.as_str()), m)));
                    }
                }
            }
            TypeKind::Enum(_) | TypeKind::Bitmask(_) => {}
        }
        let within = if keys.is_empty() { api.ty(ty).rust_name.clone() } else { format!("`{}`", keys.join("/")) };
        for (f, tag, module) in members {
            if f.update == UpdateRule::Forbidden {
                continue;
            }
            let mut key = keys.clone();
            key.push(f.wire_name.replace('~', "~0").replace('/', "~1"));
            let mut method = names.clone();
            method.push(f.rust_name.trim_start_matches("r#").to_owned());
            let object =
                matches!(&f.ty, Ty::Named(n) if matches!(api.ty(*n).kind, TypeKind::Struct(_) | TypeKind::Union(_)));
            let (ty, codec, text) = made
                .entry((f as *const Field, module))
                .or_insert_with(|| {
                    let mut ty = views::rust_type(api, &f.ty, View::Create);
                    let mut codec = views::codec(api, &f.ty, Some(f), View::Create, module);
                    if f.nullable {
                        ty = quote! { ::std::option::Option<#ty> };
                        codec = quote! { crate::runtime::container::Nullable<#codec> };
                    }
                    let text = (ty.to_string(), codec.to_string());
                    (ty, codec, text)
                })
                .clone();
            let key = key.join("/");
            if let Some(&k) = index.get(&key) {
                let seen = &mut out[k];
                if texts[k] != text {
                    seen.conflict = true;
                }
                if let Some(tag) = tag {
                    seen.variants.push(tag.to_owned());
                }
                continue;
            }
            if let (true, Ty::Named(n)) = (key.split('/').count() < MAX_DEPTH, &f.ty) {
                if object {
                    work.push((key.split('/').map(str::to_owned).collect(), method.clone(), *n));
                }
            }
            index.insert(key.clone(), out.len());
            texts.push(text);
            out.push(PathSet {
                key,
                method: method_name(&method),
                ty,
                codec,
                object,
                nullable: f.nullable,
                doc: f.doc.description.as_deref().and_then(|d| d.lines().next()).map(str::to_owned),
                variants: tag.map(|t| vec![t.to_owned()]).unwrap_or_default(),
                within: within.clone(),
                conflict: false,
            });
        }
        // Within this type, a path every variant has needs no list of variants.
        let count = match &api.ty(ty).kind {
            TypeKind::Union(u) => u.variants.len(),
            _ => 0,
        };
        let prefix = keys.join("/");
        for p in out.iter_mut() {
            let direct = match p.key.rsplit_once('/') {
                Some((parent, _)) => parent == prefix,
                None => prefix.is_empty(),
            };
            if direct && count > 0 && p.variants.len() == count {
                p.variants.clear();
            }
        }
    }
    let conflicts: Vec<String> = out.iter().filter(|p| p.conflict).map(|p| format!("{}/", p.key)).collect();
    let mut taken: Vec<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    let mut kept = Vec::new();
    for p in out {
        if p.conflict || conflicts.iter().any(|c| p.key.starts_with(c.as_str())) || taken.contains(&p.method) {
            continue;
        }
        taken.push(p.method.clone());
        kept.push(p);
    }
    kept
}

/// The method setting a path: its members' Rust names joined by `_`. A keyword member's
/// name ends in `_` (`match_`), and a doubled `_` inside is not snake case (rustc's
/// `non_snake_case`): inner runs of `_` become one, as `match_match_`.
fn method_name(segments: &[String]) -> String {
    let joined = segments.join("_");
    let lead = joined.len() - joined.trim_start_matches('_').len();
    let mut out = joined[..lead].to_owned();
    for c in joined[lead..].chars() {
        if !(c == '_' && out.ends_with('_') && out.len() > lead) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::method_name;

    #[test]
    fn method_names_are_snake_case_with_keyword_members() {
        let names = |s: &[&str]| method_name(&s.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(names(&["match_", "match_"]), "match_match_");
        assert_eq!(names(&["status", "due"]), "status_due");
        assert_eq!(names(&["type_"]), "type_");
        assert_eq!(names(&["_x", "type_", "y"]), "_x_type_y");
    }
}
