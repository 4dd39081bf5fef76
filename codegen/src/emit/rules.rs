//! The schema's rules as generated checks: one function per field set that has rules,
//! stating each rule as calls to `runtime::rules`.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::ident;
use super::views::{Repr, View};
use crate::model::{Api, Cond, Field, Literal, RuleKind, Struct, TypeDef, TypeKind};

fn fn_name(t: &TypeDef) -> proc_macro2::Ident {
    format_ident!("{}_rules", t.rust_name.to_snake_case())
}

fn names_const(t: &TypeDef) -> proc_macro2::Ident {
    format_ident!("{}_RULE_FIELDS", heck::ToShoutySnakeCase::to_shouty_snake_case(t.rust_name.as_str()))
}

fn struct_of(t: &TypeDef) -> Option<&Struct> {
    match &t.kind {
        TypeKind::Struct(s) if !s.rules.is_empty() => Some(s),
        _ => None,
    }
}

/// `Some((check, field names))` for a type with rules, else `None`, as an expression.
pub fn rules_fn_path(api: &Api, t: &TypeDef) -> TokenStream {
    if struct_of(t).is_none() {
        return quote! { ::std::option::Option::None };
    }
    let (a, m) = (ident(&api.name), ident(&api.modules[t.module].name));
    let (f, c) = (fn_name(t), names_const(t));
    quote! {
        ::std::option::Option::Some((
            crate::#a::#m::rules::#f as crate::runtime::rules::RuleFn,
            crate::#a::#m::rules::#c,
        ))
    }
}

/// The fields the rules of `s` read, by index.
fn referenced(s: &Struct) -> Vec<usize> {
    let mut out = Vec::new();
    let mut add = |i: usize| {
        if !out.contains(&i) {
            out.push(i);
        }
    };
    let conds = |c: &[Cond], add: &mut dyn FnMut(usize)| c.iter().for_each(|c| add(c.field));
    for r in &s.rules {
        match &r.kind {
            RuleKind::Require { when, fields } | RuleKind::Forbid { when, fields } => {
                conds(when, &mut add);
                fields.iter().for_each(|f| add(*f));
            }
            RuleKind::Before { first, second } => {
                add(*first);
                add(*second);
            }
            RuleKind::Range { field, .. } => add(*field),
            RuleKind::ExcludeFlags { when, field, .. } => {
                conds(when, &mut add);
                add(*field);
            }
            RuleKind::ForbidChange { when_stored, fields } => {
                conds(when_stored, &mut add);
                fields.iter().for_each(|f| add(*f));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Code at the start of a create or update builder's `finish`: the record of what was
/// sent, checked against the rules.
pub fn finish_hook(
    api: &Api,
    t: &TypeDef,
    s: &Struct,
    view: View,
    members: &[(&Field, Repr, TokenStream, TokenStream)],
) -> TokenStream {
    if s.rules.is_empty() || view == View::Read {
        return quote! {};
    }
    let sets = referenced(s).into_iter().enumerate().map(|(pos, i)| {
        let (_, r, _, c) = &members[i];
        if *r == Repr::Forbidden {
            return quote! {};
        }
        let slot = format_ident!("f{}", i);
        quote! { record.set(#pos, crate::runtime::rules::state::<#c>(&self.#slot)); }
    });
    let (a, m) = (ident(&api.name), ident(&api.modules[t.module].name));
    let f = fn_name(t);
    let names = names_const(t);
    quote! {
        {
            let mut record = crate::runtime::rules::Record::new(crate::#a::#m::rules::#names);
            #(#sets)*
            let input = crate::runtime::rules::Input { sent: &record, after: &record, stored: ::std::option::Option::None };
            crate::#a::#m::rules::#f(&input, cx);
        }
    }
}

fn literal(l: &Literal) -> TokenStream {
    match l {
        Literal::Bool(b) => quote! { crate::runtime::rules::Lit::Bool(#b) },
        Literal::Int(n) => quote! { crate::runtime::rules::Lit::Int(#n) },
        Literal::UInt(n) => quote! { crate::runtime::rules::Lit::UInt(#n) },
        Literal::Float(x) => quote! { crate::runtime::rules::Lit::Float(#x) },
        Literal::Str(s) => quote! { crate::runtime::rules::Lit::Str(#s) },
    }
}

/// The position of field `i` in the rule set's field list.
fn pos(refs: &[usize], i: usize) -> usize {
    refs.iter().position(|r| *r == i).unwrap_or(usize::MAX)
}

fn condition(refs: &[usize], when: &[Cond], record: TokenStream) -> TokenStream {
    if when.is_empty() {
        return quote! { true };
    }
    let parts = when.iter().map(|c| {
        let p = pos(refs, c.field);
        let v = literal(&c.equals);
        quote! { crate::runtime::rules::is(#record, #p, #v) }
    });
    quote! { #( #parts )&&* }
}

/// The `rules` module of an object module: one check function per field set with rules.
pub fn module(api: &Api, m: usize) -> TokenStream {
    let mut fns = Vec::new();
    for id in &api.modules[m].types {
        let t = api.ty(*id);
        let Some(s) = struct_of(t) else { continue };
        let f = fn_name(t);
        let c = names_const(t);
        let refs = referenced(s);
        let names: Vec<&str> = refs.iter().map(|i| s.fields[*i].wire_name.as_str()).collect();
        let checks = s.rules.iter().map(|r| {
            let why = &r.because;
            let w = |i: &usize| pos(&refs, *i);
            match &r.kind {
                RuleKind::Require { when, fields } => {
                    let cond = condition(&refs, when, quote! { input.after });
                    let involved: Vec<usize> = when.iter().map(|c| w(&c.field)).chain(fields.iter().map(w)).collect();
                    let names = fields.iter().map(w);
                    // An update is judged on what it touches: a stored record that already
                    // breaks a rule must not fail unrelated updates.
                    quote! {
                        if #cond && crate::runtime::rules::touched(input, &[ #( #involved ),* ]) {
                            #( crate::runtime::rules::require(input, #names, cx, #why); )*
                        }
                    }
                }
                RuleKind::Forbid { when, fields } => {
                    let cond = condition(&refs, when, quote! { input.after });
                    let names = fields.iter().map(w);
                    quote! { if #cond { #( crate::runtime::rules::forbid(input, #names, cx, #why); )* } }
                }
                RuleKind::Before { first, second } => {
                    let (a, b) = (w(first), w(second));
                    quote! { crate::runtime::rules::before(input, #a, #b, cx, #why); }
                }
                RuleKind::Range { field, min, max } => {
                    let n = w(field);
                    let min = match min {
                        Some(v) => quote! { ::std::option::Option::Some(#v) },
                        None => quote! { ::std::option::Option::None },
                    };
                    let max = match max {
                        Some(v) => quote! { ::std::option::Option::Some(#v) },
                        None => quote! { ::std::option::Option::None },
                    };
                    quote! { crate::runtime::rules::range(input, #n, #min, #max, cx); }
                }
                RuleKind::ExcludeFlags { when, field, bits, .. } => {
                    let cond = condition(&refs, when, quote! { input.after });
                    let n = w(field);
                    let involved: Vec<usize> = when.iter().map(|c| w(&c.field)).chain([n]).collect();
                    quote! {
                        if #cond && crate::runtime::rules::touched(input, &[ #( #involved ),* ]) {
                            crate::runtime::rules::exclude_bits(input, #n, #bits, cx, #why);
                        }
                    }
                }
                RuleKind::ForbidChange { when_stored, fields } => {
                    let cond = condition(&refs, when_stored, quote! { stored });
                    let names = fields.iter().map(w);
                    quote! {
                        if let ::std::option::Option::Some(stored) = input.stored {
                            if #cond { #( crate::runtime::rules::forbid_change(input, #names, cx, #why); )* }
                        }
                    }
                }
            }
        });
        let doc = format!(" The rules of `{}`, checked on create and update.", t.name);
        let cdoc = format!(" The fields the rules of `{}` read.", t.name);
        fns.push(quote! {
            #[doc = #cdoc]
            pub const #c: &[&str] = &[ #( #names ),* ];

            #[doc = #doc]
            pub fn #f(input: &crate::runtime::rules::Input<'_>, cx: &mut crate::runtime::Ctx) {
                #(#checks)*
            }
        });
    }
    if fns.is_empty() {
        return quote! {};
    }
    quote! {
        /// The schema's rules for this module's types, as checks.
        #[doc(hidden)]
        pub mod rules {
            #(#fns)*
        }
    }
}
