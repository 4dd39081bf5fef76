//! Short paths, and the order a reader expects, for a finished module file.
//!
//! The emitters write every path in full (`crate::runtime::partial::decode`,
//! `::std::option::Option::Some`): a full path means the same thing whatever a schema
//! names its types, so no emitter has to think about it. This pass then rewrites each
//! path to the short form a person would write (`partial::decode`, `Some`), adding the
//! `use` items it needs, wherever that provably names the same item:
//!
//! - a name is shortened only if every full path ending in it, within one module, is
//!   the same path;
//! - never if the module declares an item of that name (a schema type named `Option`
//!   keeps `::std::option::Option` in full), except for the module's own items;
//! - never if the name is already used unqualified, as a generic parameter or inside a
//!   macro's tokens, with another meaning.
//!
//! Items are then put in the order of rust-analyzer's generated `nodes.rs`: types and
//! their inherent impls first, trait impls after, inner modules last.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};
use syn::{Ident, Item, Path, PathArguments};

/// Names of the standard prelude (Rust 2021) and the full paths they stand for.
const PRELUDE: &[(&str, &[&str])] = &[
    ("Option", &["std", "option", "Option"]),
    ("Some", &["std", "option", "Option", "Some"]),
    ("None", &["std", "option", "Option", "None"]),
    ("Result", &["std", "result", "Result"]),
    ("Ok", &["std", "result", "Result", "Ok"]),
    ("Err", &["std", "result", "Result", "Err"]),
    ("String", &["std", "string", "String"]),
    ("ToString", &["std", "string", "ToString"]),
    ("Vec", &["std", "vec", "Vec"]),
    ("Box", &["std", "boxed", "Box"]),
    ("Default", &["std", "default", "Default"]),
    ("Clone", &["std", "clone", "Clone"]),
    ("Copy", &["std", "marker", "Copy"]),
    ("Send", &["std", "marker", "Send"]),
    ("Sync", &["std", "marker", "Sync"]),
    ("Sized", &["std", "marker", "Sized"]),
    ("PartialEq", &["std", "cmp", "PartialEq"]),
    ("Eq", &["std", "cmp", "Eq"]),
    ("PartialOrd", &["std", "cmp", "PartialOrd"]),
    ("Ord", &["std", "cmp", "Ord"]),
    ("From", &["std", "convert", "From"]),
    ("Into", &["std", "convert", "Into"]),
    ("TryFrom", &["std", "convert", "TryFrom"]),
    ("TryInto", &["std", "convert", "TryInto"]),
    ("AsRef", &["std", "convert", "AsRef"]),
    ("AsMut", &["std", "convert", "AsMut"]),
    ("Iterator", &["std", "iter", "Iterator"]),
    ("IntoIterator", &["std", "iter", "IntoIterator"]),
    ("Extend", &["std", "iter", "Extend"]),
    ("FromIterator", &["std", "iter", "FromIterator"]),
    ("Drop", &["std", "ops", "Drop"]),
    ("Fn", &["std", "ops", "Fn"]),
    ("FnMut", &["std", "ops", "FnMut"]),
    ("FnOnce", &["std", "ops", "FnOnce"]),
];

/// How much of a file the survey keeps as syntax trees, in paths (about 800 bytes of
/// tree each, beyond what the tokens take); past it, items are kept as tokens and
/// parsed again when printed. Keeping a tree saves parsing it twice, but the trees of
/// a whole large module take half as much memory again as its tokens, so memory stays
/// linear in the module with the tokens' constant, plus this bounded amount: once an
/// item would overspend it, the rest of the file is kept as tokens. 4,000 paths hold
/// the whole of 145 of the registry's 150 modules.
const TREE_BUDGET: usize = 4000;

/// The module file `tokens` hold, whose module is `crate::<module>`, formatted item by
/// item (see [`super::format`]) with its paths shortened and its items ordered.
///
/// Two passes: the first parses the items one at a time and surveys each scope (the
/// file, each inner module) to decide its short forms; the second rewrites and prints
/// each item. The survey keeps the syntax trees it parsed, not their tokens, so each
/// item is parsed once (parsing twice was a third of generation's time).
pub fn file(tokens: TokenStream, module: &[String], docs: &mut impl VisitMut) -> syn::Result<String> {
    let path: Vec<String> = std::iter::once("crate".to_string()).chain(module.iter().cloned()).collect();
    let mut attrs = Vec::new();
    let mut budget = TREE_BUDGET;
    let scope = survey(tokens, path, Some(&mut attrs), &mut budget)?;
    let mut out = String::new();
    // The file's inner attributes print with its first items.
    let mut attrs = Some(attrs);
    let mut print = |items: Vec<Item>, out: &mut String, docs: &mut _| {
        let attrs = attrs.take().unwrap_or_default();
        out.push_str(&super::format::print(syn::File { shebang: None, attrs, items }, docs));
    };
    let Scope { path, chunks, mut allowed, uses } = scope;
    print(uses, &mut out, docs);
    for chunk in chunks {
        match chunk {
            Chunk::Items(items, _) => print(rewritten(items, &path, &mut allowed), &mut out, docs),
            Chunk::Tokens(tokens, _) => print(reparsed(tokens, &path, &mut allowed)?, &mut out, docs),
            Chunk::Module(head, scope) => {
                let mut printer = super::format::ModulePrinter::new(*head);
                let Scope { path, chunks, mut allowed, uses } = scope;
                if !uses.is_empty() {
                    printer.push(&mut out, uses, docs);
                }
                for chunk in chunks {
                    let items = match chunk {
                        Chunk::Items(items, _) => rewritten(items, &path, &mut allowed),
                        Chunk::Tokens(tokens, _) => reparsed(tokens, &path, &mut allowed)?,
                        Chunk::Module(head, scope) => vec![Item::Mod(whole(*head, scope)?)],
                    };
                    printer.push(&mut out, items, docs);
                }
                printer.finish(&mut out, docs);
            }
        }
    }
    Ok(out)
}

/// One scope (the file or an inner module) after the survey: its items as tokens, in
/// the order they are printed, and the short forms allowed in it with their `use`s.
struct Scope {
    path: Vec<String>,
    chunks: Vec<Chunk>,
    allowed: Allowed,
    uses: Vec<Item>,
}

/// The short forms a scope allows, and what each path already rewritten came to.
struct Allowed {
    shorts: HashSet<Short>,
    /// Segments dropped from each path met, by [`path_key`]: most paths recur.
    dropped: HashMap<String, usize>,
    key: String,
}

enum Chunk {
    /// Items (usually one) of one rank, as parsed by the survey.
    Items(Vec<Item>, u8),
    /// The same, as tokens, once the file's [`TREE_BUDGET`] is spent.
    Tokens(TokenStream, u8),
    /// An inner module of the file: its head (attributes, no items) and its own scope.
    Module(Box<syn::ItemMod>, Scope),
}

impl Chunk {
    fn rank(&self) -> u8 {
        match self {
            Chunk::Items(_, rank) | Chunk::Tokens(_, rank) => *rank,
            Chunk::Module(..) => 3,
        }
    }
}

/// The first pass over `tokens`, the items of scope `path`: each item parsed, surveyed
/// and kept; each inner module is a scope of its own. At the file's level
/// (`file_attrs` given) the file's inner attributes are put there.
fn survey(
    tokens: TokenStream,
    path: Vec<String>,
    mut file_attrs: Option<&mut Vec<syn::Attribute>>,
    budget: &mut usize,
) -> syn::Result<Scope> {
    let mut start = file_attrs.is_some();
    let mut chunks = Vec::new();
    let mut declared = HashSet::new();
    let mut survey = Survey { scope: path.clone(), ..Survey::default() };
    super::format::each_item(tokens, |items| {
        if let Some((head, body)) = super::format::module(&items) {
            start = false;
            let mut inner = path.clone();
            inner.push(head.ident.to_string());
            declared.insert(head.ident.to_string());
            chunks.push(Chunk::Module(Box::new(head), survey_module(body, inner, budget)?));
            return Ok(None);
        }
        // Once the budget is spent, the tokens are what is kept.
        let tokens = (*budget == 0).then(|| items.clone());
        let mut file = match super::format::parse_cut(items, start)? {
            Ok(file) => file,
            Err(back) => return Ok(Some(back)),
        };
        let first = std::mem::take(&mut start);
        let paths = survey.paths;
        for item in file.items.iter_mut() {
            if let Some(name) = item_name(item) {
                declared.insert(name);
            }
            if !matches!(item, Item::Mod(_)) {
                survey.visit_item_mut(item);
            }
        }
        let ranks: BTreeSet<u8> = file.items.iter().map(rank).collect();
        if first || ranks.len() > 1 {
            // The inner attributes are kept apart, and a cut holding several kinds of
            // items is split, so that each item takes its place.
            if let Some(attrs) = file_attrs.as_deref_mut() {
                *attrs = std::mem::take(&mut file.attrs);
            }
            *budget = budget.saturating_sub(survey.paths - paths);
            for item in file.items {
                let r = rank(&item);
                chunks.push(Chunk::Items(vec![item], r));
            }
        } else if let Some(&r) = ranks.first() {
            let cost = survey.paths - paths;
            match tokens {
                Some(tokens) => chunks.push(Chunk::Tokens(tokens, r)),
                None if cost <= *budget => {
                    *budget -= cost;
                    chunks.push(Chunk::Items(file.items, r));
                }
                // The item that spends the budget: back to tokens (as parsing them gives).
                None => {
                    *budget = 0;
                    let tokens = file.items.iter().map(quote::ToTokens::to_token_stream).collect();
                    chunks.push(Chunk::Tokens(tokens, r));
                }
            }
        }
        Ok(None)
    })?;
    chunks.sort_by_key(Chunk::rank);
    let (shorts, uses) = decide(&survey, &declared);
    let allowed = Allowed { shorts, dropped: HashMap::new(), key: String::new() };
    Ok(Scope { path, chunks, allowed, uses })
}

fn survey_module(tokens: TokenStream, path: Vec<String>, budget: &mut usize) -> syn::Result<Scope> {
    survey(tokens, path, None, budget)
}

/// A module inside an inner module, whole: such modules are small (a few marker types).
fn whole(mut head: syn::ItemMod, scope: Scope) -> syn::Result<syn::ItemMod> {
    let Scope { path, chunks, mut allowed, uses } = scope;
    let mut items = uses;
    for chunk in chunks {
        match chunk {
            Chunk::Items(parsed, _) => items.extend(rewritten(parsed, &path, &mut allowed)),
            Chunk::Tokens(tokens, _) => items.extend(reparsed(tokens, &path, &mut allowed)?),
            Chunk::Module(head, scope) => items.push(Item::Mod(whole(*head, scope)?)),
        }
    }
    if let Some((_, content)) = &mut head.content {
        // The head holds the body's inner attributes only.
        content.extend(items);
    }
    Ok(head)
}

/// The items `tokens` hold, parsed again, with the allowed short forms written.
fn reparsed(tokens: TokenStream, scope: &[String], allowed: &mut Allowed) -> syn::Result<Vec<Item>> {
    Ok(rewritten(super::format::parse_items(tokens, false)?.items, scope, allowed))
}

/// `items` with the allowed short forms written.
fn rewritten(mut items: Vec<Item>, scope: &[String], allowed: &mut Allowed) -> Vec<Item> {
    let mut rewrite = Rewrite { scope, allowed };
    for item in items.iter_mut().filter(|i| !matches!(i, Item::Mod(_))) {
        rewrite.visit_item_mut(item);
    }
    items
}

/// How a full path is written short.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
struct Short {
    /// The name the short form starts with.
    name: String,
    /// How many leading segments the short form drops.
    drop: usize,
    /// The `use` it needs (the full path of `name`), if any.
    import: Option<Vec<String>>,
    /// The full path of `name`, which must be the same for every use of `name`.
    target: Vec<String>,
    /// The name must not be declared by the scope (true), or must be its own item (false).
    foreign: bool,
}

/// The short forms a scope allows, given what it uses and declares, and the `use`
/// items they need.
fn decide(survey: &Survey, declared: &HashSet<String>) -> (HashSet<Short>, Vec<Item>) {
    // One meaning per name, and nothing else by that name in sight.
    let mut by_name: HashMap<String, BTreeSet<Vec<String>>> = HashMap::new();
    for s in &survey.shorts {
        by_name.entry(s.name.clone()).or_default().insert(s.target.clone());
    }
    let prelude: HashMap<&str, &[&str]> = PRELUDE.iter().copied().collect();
    let allowed: HashSet<Short> = survey
        .shorts
        .iter()
        .filter(|s| {
            if survey.inner_items.contains(&s.name) {
                return false;
            }
            let is_prelude = s.import.is_none() && s.foreign;
            // Where a name has several meanings, only the prelude's may be written short
            // (the others keep their full paths, and nothing is imported by that name).
            if by_name[&s.name].len() != 1 && !(is_prelude && prelude.contains_key(s.name.as_str())) {
                return false;
            }
            if s.foreign {
                if declared.contains(&s.name) {
                    return false;
                }
                // A bare use of the name elsewhere must mean the same: the prelude's
                // item for a prelude name, nothing at all for an imported one. A module
                // (lower case) lives in the type namespace, apart from local variables.
                let module = s.name.starts_with(|c: char| c.is_ascii_lowercase());
                let seen = survey.bare.contains(&s.name) || (!module && survey.values.contains(&s.name));
                if seen && !(is_prelude && prelude.contains_key(s.name.as_str())) {
                    return false;
                }
                true
            } else {
                declared.contains(&s.name) && !survey.params.contains(&s.name)
            }
        })
        .cloned()
        .collect();
    // The `use` items, grouped by the path they come from.
    let mut imports: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for s in &allowed {
        if let Some(path) = &s.import {
            let (last, parent) = path.split_last().expect("an import has a name");
            imports.entry(parent.to_vec()).or_default().insert(last.clone());
        }
    }
    let uses: Vec<Item> = imports
        .into_iter()
        .map(|(parent, names)| {
            let parent: Vec<Ident> = parent.iter().map(|s| Ident::new(s, Span::call_site())).collect();
            let names: Vec<TokenStream> = names
                .iter()
                .map(|n| {
                    let last = Ident::new(n, Span::call_site());
                    if n == "self" {
                        quote::quote!(self)
                    } else {
                        quote::quote!(#last)
                    }
                })
                .collect();
            let item: TokenStream = if names.len() == 1 {
                quote::quote! { use #(#parent)::* :: #(#names)*; }
            } else {
                quote::quote! { use #(#parent)::* :: { #(#names),* }; }
            };
            syn::parse2(item).expect("a use item")
        })
        .collect();
    (allowed, uses)
}

/// Uses first, types and inherent impls, then trait impls, then inner modules.
fn rank(item: &Item) -> u8 {
    match item {
        Item::Use(_) => 0,
        Item::Impl(i) if i.trait_.is_some() => 2,
        // The runtime's item macros (`object_codec!`, `object_builder!`) write trait impls.
        Item::Macro(_) => 2,
        Item::Mod(_) => 3,
        _ => 1,
    }
}

fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Mod(i) => &i.ident,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::TraitAlias(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        Item::Macro(i) => i.ident.as_ref()?,
        Item::ExternCrate(i) => &i.ident,
        Item::Use(_) | Item::ForeignMod(_) | Item::Impl(_) | Item::Verbatim(_) => return None,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The short form of a full path, if it has one.
fn short_of(path: &Path, scope: &[String]) -> Option<Short> {
    let absolute = path.leading_colon.is_some();
    let first = path.segments.first()?.ident.to_string();
    if !absolute && first != "crate" {
        return None;
    }
    let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    // Only the last segment of a path may carry generic arguments here; the ones dropped
    // must carry none.
    let upper = segs.iter().position(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
    // `::std::option::Option::Some` and the like: the prelude's variants.
    if absolute && segs.len() == 4 {
        for (name, full) in PRELUDE {
            if full.len() == 4 && segs.iter().map(String::as_str).eq(full.iter().copied()) {
                return plain_args(path, 3).then(|| Short {
                    name: name.to_string(),
                    drop: 3,
                    import: None,
                    target: segs.clone(),
                    foreign: true,
                });
            }
        }
    }
    match upper {
        Some(i) if i >= 1 => {
            if !plain_args(path, i) {
                return None;
            }
            let name = segs[i].clone();
            let target: Vec<String> = segs[..=i].to_vec();
            if !absolute && segs[..i] == *scope {
                return Some(Short { name, drop: i, import: None, target, foreign: false });
            }
            let is_prelude = absolute
                && PRELUDE
                    .iter()
                    .any(|(n, full)| *n == name && full.iter().copied().eq(segs[..=i].iter().map(String::as_str)));
            let import = (!is_prelude).then(|| target.clone());
            Some(Short { name, drop: i, import, target, foreign: true })
        }
        Some(_) => None,
        None => {
            // A function or constant: written `module::item`, the module imported.
            if segs.len() < 3 {
                return None;
            }
            let i = segs.len() - 2;
            if !plain_args(path, i) {
                return None;
            }
            let name = segs[i].clone();
            let target: Vec<String> = segs[..=i].to_vec();
            if !absolute && segs[..=i] == *scope {
                // A function of this very module: its bare name could meet a variable.
                return None;
            }
            if !absolute && segs[..i] == *scope {
                return Some(Short { name, drop: i, import: None, target, foreign: false });
            }
            // An extern crate's root needs no `use`.
            let import = (!(absolute && i == 0)).then(|| target.clone());
            Some(Short { name, drop: i, import, target, foreign: true })
        }
    }
}

/// What [`short_of`] reads of `path`, written into `key`: its leading `::`, its names
/// and which of them carry generic arguments.
fn path_key(path: &Path, key: &mut String) {
    use std::fmt::Write;
    key.clear();
    if path.leading_colon.is_some() {
        key.push_str("::");
    }
    for seg in &path.segments {
        let _ = write!(key, "{}", seg.ident);
        if !matches!(seg.arguments, PathArguments::None) {
            key.push('<');
        }
        key.push_str("::");
    }
}

/// Whether the first `n` segments carry no generic arguments (they are dropped).
fn plain_args(path: &Path, n: usize) -> bool {
    path.segments.iter().take(n).all(|s| matches!(s.arguments, PathArguments::None))
}

/// What a scope uses: the full paths it could shorten and the names already in sight.
#[derive(Default)]
struct Survey {
    /// Each distinct short form met (a set: the decision is the same for every use).
    shorts: HashSet<Short>,
    /// Names used as the first segment of a relative path, as a type, or in a macro.
    bare: HashSet<String>,
    /// Names used alone as expressions or patterns (value namespace: local variables).
    values: HashSet<String>,
    /// Generic parameters.
    params: HashSet<String>,
    /// Items declared inside function bodies and other blocks.
    inner_items: HashSet<String>,
    scope: Vec<String>,
    /// Paths visited: a measure of the size of the syntax trees surveyed.
    paths: usize,
    /// The [`path_key`]s of the paths met: a path met again tells nothing new.
    seen: HashSet<String>,
    key: String,
}

impl VisitMut for Survey {
    fn visit_path_mut(&mut self, path: &mut Path) {
        self.paths += 1;
        path_key(path, &mut self.key);
        if !self.seen.contains(&self.key) {
            self.seen.insert(self.key.clone());
            if let Some(s) = short_of(path, &self.scope) {
                self.shorts.insert(s);
            } else if path.leading_colon.is_none() {
                if let Some(first) = path.segments.first() {
                    self.bare.insert(first.ident.to_string());
                }
            }
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        if e.qself.is_none() && e.path.leading_colon.is_none() && e.path.segments.len() == 1 {
            let seg = &mut e.path.segments[0];
            self.values.insert(seg.ident.to_string());
            self.visit_path_arguments_mut(&mut seg.arguments);
            return;
        }
        visit_mut::visit_expr_path_mut(self, e);
    }

    fn visit_generic_param_mut(&mut self, p: &mut syn::GenericParam) {
        match p {
            syn::GenericParam::Type(t) => {
                self.params.insert(t.ident.to_string());
                self.bare.insert(t.ident.to_string());
            }
            syn::GenericParam::Const(c) => {
                self.params.insert(c.ident.to_string());
                self.bare.insert(c.ident.to_string());
            }
            syn::GenericParam::Lifetime(_) => {}
        }
        visit_mut::visit_generic_param_mut(self, p);
    }

    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        self.visit_path_mut(&mut m.path);
        // Tokens inside a macro are not parsed: each run of `::`-joined names is taken
        // for a path, and every other identifier counts as a bare use.
        // The tokens are walked in place and put back as they were (a copy of them
        // was most of the survey's cost for the builder tables).
        let tokens = std::mem::take(&mut m.tokens);
        m.tokens = each_macro_path(tokens, &mut |part| {
            match part {
                Ok(mut path) => self.visit_path_mut(&mut path),
                Err(other) => idents(other, &mut self.bare),
            }
            None
        });
    }

    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        for stmt in &b.stmts {
            if let syn::Stmt::Item(item) = stmt {
                if let Some(name) = item_name(item) {
                    self.inner_items.insert(name);
                }
            }
        }
        visit_mut::visit_block_mut(self, b);
    }

    fn visit_attribute_mut(&mut self, _: &mut syn::Attribute) {}
}

/// The tokens of a macro, each path in them (a run of names joined by `::`, maybe with
/// a leading `::`) replaced by what `f` makes of it, `None` to keep it; `f` is also
/// given each other token (`Err`), groups' contents included, to look at.
fn each_macro_path(
    tokens: TokenStream,
    f: &mut impl FnMut(Result<Path, &TokenStream>) -> Option<TokenStream>,
) -> TokenStream {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    let colons = |i: usize| {
        matches!(tts.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint)
            && matches!(tts.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
    };
    let mut i = 0;
    while i < tts.len() {
        let leading = colons(i) && matches!(tts.get(i + 2), Some(TokenTree::Ident(_)));
        if leading || matches!(tts[i], TokenTree::Ident(_)) {
            let start = i;
            i += if leading { 3 } else { 1 };
            while colons(i) && matches!(tts.get(i + 2), Some(TokenTree::Ident(_))) {
                i += 3;
            }
            let run: TokenStream = tts[start..i].iter().cloned().collect();
            // One name alone is not a path to shorten.
            let path = if i - start > 1 { syn::parse2::<Path>(run.clone()).ok() } else { None };
            let new = match path {
                Some(path) => f(Ok(path)),
                None => f(Err(&run)),
            };
            out.extend(new.unwrap_or(run));
            continue;
        }
        match &tts[i] {
            TokenTree::Group(g) => {
                let inner = each_macro_path(g.stream(), f);
                let mut group = proc_macro2::Group::new(g.delimiter(), inner);
                group.set_span(g.span());
                out.extend([TokenTree::Group(group)]);
            }
            other => {
                let other = TokenStream::from(other.clone());
                let new = f(Err(&other));
                out.extend(new.unwrap_or(other));
            }
        }
        i += 1;
    }
    out
}

fn idents(tokens: &TokenStream, out: &mut HashSet<String>) {
    for t in tokens.clone() {
        match t {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => idents(&g.stream(), out),
            _ => {}
        }
    }
}

/// Rewrites the paths whose short form was allowed.
struct Rewrite<'a> {
    scope: &'a [String],
    allowed: &'a mut Allowed,
}

impl Rewrite<'_> {
    /// Shortens `path`; the number of segments dropped.
    fn rewrite(&mut self, path: &mut Path) -> usize {
        let Allowed { shorts, dropped, key } = &mut *self.allowed;
        path_key(path, key);
        let drop = match dropped.get(key.as_str()) {
            Some(&drop) => drop,
            None => {
                let drop = short_of(path, self.scope).filter(|s| shorts.contains(s)).map_or(0, |s| s.drop);
                dropped.insert(key.clone(), drop);
                drop
            }
        };
        if drop > 0 {
            let segments = std::mem::take(&mut path.segments);
            path.leading_colon = None;
            path.segments = segments.into_pairs().skip(drop).collect();
        }
        drop
    }

    fn args(&mut self, path: &mut Path) {
        for seg in path.segments.iter_mut() {
            self.visit_path_arguments_mut(&mut seg.arguments);
        }
    }

    fn qualified(&mut self, qself: &mut Option<syn::QSelf>, path: &mut Path) {
        let dropped = self.rewrite(path);
        if let Some(q) = qself {
            q.position -= dropped;
            self.visit_type_mut(&mut q.ty);
        }
        self.args(path);
    }
}

impl VisitMut for Rewrite<'_> {
    fn visit_path_mut(&mut self, path: &mut Path) {
        self.rewrite(path);
        self.args(path);
    }

    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        self.qualified(&mut t.qself, &mut t.path);
    }

    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        for a in &mut e.attrs {
            self.visit_attribute_mut(a);
        }
        self.qualified(&mut e.qself, &mut e.path);
    }

    fn visit_pat_tuple_struct_mut(&mut self, p: &mut syn::PatTupleStruct) {
        self.qualified(&mut p.qself, &mut p.path);
        for e in p.elems.iter_mut() {
            self.visit_pat_mut(e);
        }
    }

    fn visit_pat_struct_mut(&mut self, p: &mut syn::PatStruct) {
        self.qualified(&mut p.qself, &mut p.path);
        for f in p.fields.iter_mut() {
            self.visit_field_pat_mut(f);
        }
    }

    fn visit_expr_struct_mut(&mut self, e: &mut syn::ExprStruct) {
        self.qualified(&mut e.qself, &mut e.path);
        for f in e.fields.iter_mut() {
            self.visit_field_value_mut(f);
        }
        if let Some(rest) = &mut e.rest {
            self.visit_expr_mut(rest);
        }
    }

    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        self.visit_path_mut(&mut m.path);
        let tokens = std::mem::take(&mut m.tokens);
        m.tokens = each_macro_path(tokens, &mut |part| match part {
            Ok(mut path) => {
                self.visit_path_mut(&mut path);
                Some(quote::ToTokens::to_token_stream(&path))
            }
            Err(_) => None,
        });
    }

    fn visit_attribute_mut(&mut self, _: &mut syn::Attribute) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoDocs;
    impl VisitMut for NoDocs {}

    fn run(src: &str) -> String {
        let tokens: TokenStream = src.parse().unwrap();
        file(tokens, &["api".to_string(), "m".to_string()], &mut NoDocs).unwrap()
    }

    #[test]
    fn full_paths_become_short_with_their_imports() {
        let out = run("pub struct A(::std::option::Option<crate::runtime::Ctx>);
             impl crate::runtime::Codec for crate::api::m::A {
                 fn f() -> ::std::option::Option<::std::string::String> {
                     crate::runtime::partial::decode::<crate::runtime::Ctx>();
                     ::std::option::Option::None
                 }
             }");
        assert!(out.contains("use crate::runtime::{Codec, Ctx, partial};"), "{out}");
        assert!(out.contains("pub struct A(Option<Ctx>);"), "{out}");
        assert!(out.contains("impl Codec for A"), "{out}");
        assert!(out.contains("partial::decode::<Ctx>();"), "{out}");
        assert!(out.contains("fn f() -> Option<String>"), "{out}");
        assert!(out.contains("        None\n"), "{out}");
    }

    #[test]
    fn a_name_the_module_declares_keeps_its_full_path() {
        let out = run("pub struct Option; pub struct Ctx;
             pub struct A(::std::option::Option<crate::runtime::Ctx>, crate::api::m::Option);");
        // `Option` has two meanings here, so neither is shortened.
        assert!(
            out.contains("pub struct A(::std::option::Option<crate::runtime::Ctx>, crate::api::m::Option);"),
            "{out}"
        );
        assert!(!out.contains("use "), "{out}");
    }

    #[test]
    fn two_meanings_of_one_name_keep_both_full() {
        let out = run("pub struct A(crate::runtime::stalwart::Id, crate::runtime::salesforce::Id);");
        assert!(out.contains("pub struct A(crate::runtime::stalwart::Id, crate::runtime::salesforce::Id);"), "{out}");
    }

    #[test]
    fn the_prelude_meaning_of_a_name_is_short_beside_another() {
        let out = run("pub fn f() -> ::std::result::Result<(), ()> { todo!() }
             pub fn g() -> ::std::fmt::Result { todo!() }");
        assert!(out.contains("pub fn f() -> Result<(), ()>"), "{out}");
        assert!(out.contains("pub fn g() -> ::std::fmt::Result"), "{out}");
    }

    #[test]
    fn a_generic_parameter_or_a_macro_token_blocks_an_import() {
        let out = run("pub fn f<Ctx>(_: crate::runtime::Ctx) {} pub fn g(_: crate::runtime::Codec) { m!(Codec) }");
        assert!(out.contains("crate::runtime::Ctx"), "{out}");
        assert!(out.contains("crate::runtime::Codec"), "{out}");
    }

    #[test]
    fn paths_inside_a_macros_tokens_are_shortened_too() {
        let out = run("pub struct A(crate::runtime::stalwart::Id);
             crate::runtime::de::object_builder! { B => super::A, \"A\"; 0 \"id\" id: crate::runtime::container::Nullable<crate::runtime::stalwart::Id> => optional(); }");
        assert!(out.contains("use crate::runtime::container::Nullable;"), "{out}");
        assert!(out.contains("de::object_builder!"), "{out}");
        assert!(out.contains("id: Nullable<Id>"), "{out}");
        assert!(out.contains("pub struct A(Id);"), "{out}");
    }

    #[test]
    fn a_name_a_macro_uses_bare_blocks_its_import() {
        let out = run("pub struct A(crate::runtime::stalwart::Id); m! { Id }");
        assert!(out.contains("crate::runtime::stalwart::Id"), "{out}");
    }

    #[test]
    fn qualified_self_paths_keep_their_position() {
        let out = run("pub fn f() -> <Self as crate::runtime::de::Union>::Builder { todo!() }");
        assert!(out.contains("<Self as Union>::Builder"), "{out}");
        assert!(out.contains("use crate::runtime::de::Union;"), "{out}");
    }

    #[test]
    fn a_module_inside_a_module_is_a_scope_of_its_own() {
        let out = run("pub mod builders { pub mod targets { pub struct T(crate::runtime::X); } pub struct B(crate::runtime::Y); }");
        assert!(out.contains("use crate::runtime::Y;\n    pub struct B(Y);"), "{out}");
        assert!(out.contains("use crate::runtime::X;\n        pub struct T(X);"), "{out}");
    }

    #[test]
    fn inner_modules_get_their_own_imports_and_come_last() {
        let out = run("pub mod builders { pub struct B(crate::api::m::A); }
             impl ::std::clone::Clone for A { fn clone(&self) -> Self { A } }
             pub struct A;");
        let (a, b, m) = (
            out.find("pub struct A;").unwrap(),
            out.find("impl Clone for A").unwrap(),
            out.find("pub mod builders").unwrap(),
        );
        assert!(a < b && b < m, "{out}");
        assert!(out.contains("use crate::api::m::A;\n    pub struct B(A);"), "{out}");
    }
}
