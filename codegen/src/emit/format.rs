//! Formatting a generated file item by item, so that memory stays proportional to its
//! largest item, not to the file.
//!
//! Parsing a whole module at once holds three copies of it: the tokens, syn's token
//! buffer (a flat copy of every token) and the syntax tree; for a module of 800 variants
//! sharing an 800-field set (4.4 MB of Rust) that was 190 MB. Here the tokens are cut
//! into items before parsing, and each cut is parsed, printed and dropped; a module's
//! body (`mod builders { .. }`) is cut the same way. prettyplease ends every item with a
//! hard break, so printing items one by one gives the text printing the file gives.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::visit_mut::VisitMut;

/// The file `tokens` hold, formatted, every doc attribute first rewritten by `docs`.
pub fn file(tokens: TokenStream, docs: &mut impl VisitMut) -> syn::Result<String> {
    let mut out = String::new();
    let mut start = true;
    each_item(tokens, |items| {
        // Only the file's start may hold inner attributes (`#![doc = ..]`).
        let inner = std::mem::take(&mut start);
        if let Some((head, body)) = module(&items) {
            return module_items(&mut out, head, body, docs).map(|()| None);
        }
        match parse_cut(items, inner)? {
            Ok(file) => {
                out.push_str(&print(file, docs));
                Ok(None)
            }
            Err(back) => {
                start = inner;
                Ok(Some(back))
            }
        }
    })?;
    Ok(out)
}

/// Calls `f` with the tokens of each item of `tokens` (or a few items). A cut is made
/// where an item most likely ends; when `f` cannot parse a cut (it gives the tokens
/// back, with the error), the cut is joined to the next and given again, so a wrong
/// guess costs time, never the output; an error is returned only at the end.
pub(super) fn each_item(
    tokens: TokenStream,
    mut f: impl FnMut(TokenStream) -> syn::Result<Option<(TokenStream, syn::Error)>>,
) -> syn::Result<()> {
    let mut pending: Option<(TokenStream, syn::Error)> = None;
    let mut cut: Vec<TokenTree> = Vec::new();
    // Whether the item's keyword, once seen, is one whose item ends with its braces.
    let mut braced_item = None;
    for tt in tokens {
        let end = match &tt {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace && braced_item == Some(true),
            TokenTree::Ident(i) if braced_item.is_none() => {
                let word = i.to_string();
                if matches!(word.as_str(), "fn" | "struct" | "enum" | "union" | "trait" | "impl" | "mod") {
                    braced_item = Some(true);
                } else if matches!(word.as_str(), "const" | "static" | "type" | "use" | "extern" | "macro_rules") {
                    braced_item = Some(false);
                }
                false
            }
            _ => false,
        };
        cut.push(tt);
        if end {
            braced_item = None;
            let mut items: TokenStream = pending.take().map(|(t, _)| t).unwrap_or_default();
            items.extend(cut.drain(..));
            pending = f(items)?;
        }
    }
    if !cut.is_empty() {
        let mut items: TokenStream = pending.take().map(|(t, _)| t).unwrap_or_default();
        items.extend(cut);
        pending = f(items)?;
    }
    match pending {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

/// Items (and, when `inner`, the inner attributes before them) to the end.
pub(super) fn parse_items(tokens: TokenStream, inner: bool) -> syn::Result<syn::File> {
    parser(inner).parse2(tokens)
}

fn parser(inner: bool) -> impl FnOnce(ParseStream) -> syn::Result<syn::File> {
    move |input: ParseStream| {
        let attrs = if inner { input.call(syn::Attribute::parse_inner)? } else { Vec::new() };
        let mut items = Vec::new();
        while !input.is_empty() {
            items.push(input.parse()?);
        }
        Ok(syn::File { shebang: None, attrs, items })
    }
}

/// [`parse_items`] of a cut [`each_item`] made, or the cut's tokens back with the error
/// when it does not parse (a wrong guess, to be joined to the next cut). The tokens are
/// copied back from the parser's buffer on failure only, not before every parse in case
/// it failed. The outer error (never met: a parse that succeeded and was refused
/// afterwards) leaves no tokens to go on with.
pub(super) fn parse_cut(tokens: TokenStream, inner: bool) -> syn::Result<Result<syn::File, (TokenStream, syn::Error)>> {
    let mut back = None;
    let parse = |input: ParseStream| {
        let start = input.cursor();
        let file = parser(inner)(input);
        if file.is_err() {
            back = Some(start.token_stream());
        }
        file
    };
    match parse.parse2(tokens) {
        Ok(file) => Ok(Ok(file)),
        Err(e) => match back {
            Some(tokens) => Ok(Err((tokens, e))),
            None => Err(e),
        },
    }
}

pub(super) fn print(mut file: syn::File, docs: &mut impl VisitMut) -> String {
    docs.visit_file_mut(&mut file);
    table_rows(prettyplease::unparse(&file))
}

/// Macros whose body is a table, one row per member ending in `;` (the runtime's
/// `object_builder!`): printed one row a line, where prettyplease fills a macro's
/// tokens like a paragraph.
const TABLES: &[&str] = &["object_builder! {"];

fn table_rows(text: String) -> String {
    if !TABLES.iter().any(|t| text.contains(t)) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if !TABLES.iter().any(|t| line.ends_with(t)) {
            continue;
        }
        // prettyplease closes the body at the macro's own indentation, on a line of its own.
        let indent = line.len() - line.trim_start().len();
        let close = format!("{}}}", " ".repeat(indent));
        let mut body = String::new();
        for l in lines.by_ref() {
            if l == close {
                for row in rows(&body) {
                    out.push_str(&" ".repeat(indent + 4));
                    out.push_str(&tight(row));
                    out.push('\n');
                }
                out.push_str(l);
                out.push('\n');
                break;
            }
            // prettyplease breaks a macro's tokens only where it printed a space.
            if !body.is_empty() {
                body.push(' ');
            }
            body.push_str(l.trim());
        }
    }
    out
}

/// Where a scan of printed Rust is with respect to string literals.
#[derive(Default)]
struct Literal {
    open: bool,
    escaped: bool,
}

impl Literal {
    /// Steps over `c`: whether it belongs to a string literal (its quotes included).
    fn inside(&mut self, c: char) -> bool {
        if self.open {
            match c {
                _ if self.escaped => self.escaped = false,
                '\\' => self.escaped = true,
                '"' => self.open = false,
                _ => {}
            }
            return true;
        }
        self.open = c == '"';
        self.open
    }
}

/// A row with the spaces rustfmt leaves out (`name: Type<A, B>`), where prettyplease
/// spaces every punctuation mark of a macro's tokens; string literals are left alone.
fn tight(row: &str) -> String {
    let mut out = String::with_capacity(row.len());
    let mut literal = Literal::default();
    for c in row.chars() {
        if literal.inside(c) {
            out.push(c);
            continue;
        }
        match c {
            // `a : T` and `T < A >` (`=>` and `::` are printed joined already).
            ':' | '<' | '>' | ',' if out.ends_with(' ') => {
                out.pop();
            }
            ' ' if out.ends_with('<') => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The rows of a table's body: split after each `;` outside string literals and brackets.
fn rows(body: &str) -> Vec<&str> {
    let mut rows = Vec::new();
    let (mut start, mut depth, mut literal) = (0, 0i32, Literal::default());
    for (i, c) in body.char_indices() {
        if literal.inside(c) {
            continue;
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ';' if depth == 0 => {
                rows.push(body[start..=i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let rest = body[start..].trim();
    if !rest.is_empty() {
        rows.push(rest);
    }
    rows
}

/// When `tokens` are one module with a body (`#[..] pub mod m { .. }`), its head (with
/// the body's inner attributes and no items) and the rest of its body.
pub(super) fn module(tokens: &TokenStream) -> Option<(syn::ItemMod, TokenStream)> {
    let mut head: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let Some(TokenTree::Group(body)) = head.pop() else { return None };
    let mut words = head.iter().filter_map(|t| match t {
        TokenTree::Ident(i) => Some(i.to_string()),
        _ => None,
    });
    let is_module = body.delimiter() == Delimiter::Brace
        && matches!(head.last(), Some(TokenTree::Ident(_)))
        && words.any(|w| w == "mod");
    if !is_module {
        return None;
    }
    // The body's inner attributes (`#![..]`) stay with the head.
    let mut rest = body.stream().into_iter();
    let mut inner = Vec::new();
    loop {
        // `#` `!` `[..]`; an outer attribute (`#` `[..]`) belongs to the first item.
        let mut ahead = rest.clone();
        let is_inner = matches!(ahead.next(), Some(TokenTree::Punct(p)) if p.as_char() == '#')
            && matches!(ahead.next(), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        if !is_inner {
            break;
        }
        inner.extend(rest.by_ref().take(3));
    }
    head.push(TokenTree::Group(Group::new(Delimiter::Brace, inner.into_iter().collect())));
    let head = syn::parse2::<syn::ItemMod>(head.into_iter().collect()).ok()?;
    Some((head, rest.collect()))
}

/// Module `m` holding `items`, printed.
fn within(mut m: syn::ItemMod, items: Vec<syn::Item>, docs: &mut impl VisitMut) -> String {
    m.content = m.content.map(|(brace, _)| (brace, items));
    print(syn::File { shebang: None, attrs: Vec::new(), items: vec![syn::Item::Mod(m)] }, docs)
}

/// Prints a module item by item: the first items inside the module's own head, each
/// other group inside a bare `mod m {` whose first and last lines are then cut, so that
/// each is laid out at the module's indentation exactly as it is among the others.
pub(super) struct ModulePrinter {
    head: Option<syn::ItemMod>,
    bare: syn::ItemMod,
}

impl ModulePrinter {
    pub(super) fn new(head: syn::ItemMod) -> Self {
        let bare = syn::ItemMod { attrs: Vec::new(), vis: syn::Visibility::Inherited, ..head.clone() };
        ModulePrinter { head: Some(head), bare }
    }

    /// Prints the module's next `items`.
    pub(super) fn push(&mut self, out: &mut String, items: Vec<syn::Item>, docs: &mut impl VisitMut) {
        match self.head.take() {
            Some(head) => {
                let text = within(head, items, docs);
                out.push_str(text.strip_suffix("}\n").unwrap_or(&text));
            }
            None => {
                let text = within(self.bare.clone(), items, docs);
                let body = text.split_once('\n').map_or("", |(_, rest)| rest);
                out.push_str(body.strip_suffix("}\n").unwrap_or(body));
            }
        }
    }

    /// Closes the module.
    pub(super) fn finish(self, out: &mut String, docs: &mut impl VisitMut) {
        match self.head {
            // An empty body: the module as it is.
            Some(head) => out.push_str(&within(head, Vec::new(), docs)),
            None => out.push_str("}\n"),
        }
    }
}

fn module_items(out: &mut String, head: syn::ItemMod, body: TokenStream, docs: &mut impl VisitMut) -> syn::Result<()> {
    let mut printer = ModulePrinter::new(head);
    each_item(body, |items| {
        match parse_cut(items, false)? {
            Ok(file) => printer.push(out, file.items, docs),
            Err(back) => return Ok(Some(back)),
        }
        Ok(None)
    })?;
    printer.finish(out, docs);
    Ok(())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    struct NoDocs;
    impl syn::visit_mut::VisitMut for NoDocs {}

    /// Item by item gives the text printing the whole file gives, also where a cut
    /// is guessed wrong (braces that do not end their item) and inside modules.
    #[test]
    fn item_by_item_prints_what_the_whole_file_prints() {
        let tokens = quote! {
            #![doc = " A file."]
            #![doc = ""]
            pub struct S { pub a: u8 }
            pub struct T(u8);
            const C: S = S { a: 1 };
            const D: u8 = { 3 };
            static E: [u8; { 2 }] = [0, 0];
            type A = [u8; { 1 + 1 }];
            impl<const N: usize> Tr for [u8; N] where [u8; { N }]: Sized { fn f() {} }
            pub fn g() -> u8 { match 1 { _ => 2 } }
            impl Tr for Foo<{ 3 }> { fn f() -> Foo<{ 1 }> { Foo } }
            fn h() -> Foo<{ 1 }> { Foo }
            /// An empty module.
            mod empty {}
            mod outside;
            /// Builders.
            #[doc(hidden)]
            pub mod builders {
                #![allow(dead_code)]
                /// A state.
                pub struct B { pub very_long_field_name_number_one: ::std::option::Option<::std::string::String>, pub very_long_field_name_number_two: u8 }
                const K: B = B { very_long_field_name_number_one: None, very_long_field_name_number_two: 0 };
                impl B { pub fn new(a: ::std::option::Option<::std::string::String>, b: u8, c: ::std::collections::BTreeMap<u8, u8>) -> Self { todo!() } }
                mod inner { pub fn h() {} }
            }
            enum Last { A, B }
        };
        let whole = prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap());
        assert_eq!(super::file(tokens, &mut NoDocs).unwrap(), whole);
    }

    /// A module whose first item has outer attributes is still cut item by item (its
    /// attributes were once taken for the body's inner ones, and the whole module was
    /// parsed at once).
    #[test]
    fn a_module_is_split_from_its_first_items_attributes() {
        let tokens = quote! { #[doc = " M."] pub mod m { #![allow(dead_code)] #[doc = " A."] #[derive(Default)] pub struct A; } };
        let (head, body) = super::module(&tokens).expect("a module");
        assert_eq!(head.attrs.len(), 2, "{}", quote::ToTokens::to_token_stream(&head));
        assert_eq!(body.to_string(), quote! { #[doc = " A."] #[derive(Default)] pub struct A; }.to_string());
    }

    /// A table macro's body is printed one row a line, spaced as rustfmt would, with
    /// string literals left as they are.
    #[test]
    fn a_table_is_printed_one_row_a_line() {
        let tokens = quote! {
            mod builders {
                de::object_builder! {
                    ABuilder => super::A, "A", keep unknown_fields;
                    0 "id" => forbidden("`id` is server-set: clients may not send it");
                    1 "someLongerName" some_longer_name: Nullable<Enum<Kind, true>> => absent(None);
                    2 "x" x: YearsWritten<Date, 1970, 3000> => required("`x` : is < required >; really");
                }
            }
        };
        let text = super::file(tokens, &mut NoDocs).unwrap();
        let expected = r#"mod builders {
    de::object_builder! {
        ABuilder => super::A, "A", keep unknown_fields;
        0 "id" => forbidden("`id` is server-set: clients may not send it");
        1 "someLongerName" some_longer_name: Nullable<Enum<Kind, true>> => absent(None);
        2 "x" x: YearsWritten<Date, 1970, 3000> => required("`x` : is < required >; really");
    }
}
"#;
        assert_eq!(text, expected);
    }

    #[test]
    fn an_item_that_does_not_parse_is_an_error() {
        assert!(super::file(quote! { pub struct S { a: u8 } fn f(a b) {} }, &mut NoDocs).is_err());
        assert!(super::file(quote! { mod m { fn f(a b) {} } }, &mut NoDocs).is_err());
    }
}
