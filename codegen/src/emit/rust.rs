//! Small helpers for writing Rust: identifiers, doc attributes, formatting.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier (the model has already checked it is one, and not a keyword).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` lines for each paragraph of `text`, separated by empty doc lines.
pub fn doc_lines(paragraphs: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().filter(|p| !p.trim().is_empty()).enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        for line in p.trim().lines() {
            lines.push(format!(" {}", escape_doc(line.trim_end())));
        }
    }
    quote! { #( #[doc = #lines] )* }
}

/// Keeps rustdoc from reading schema prose as markup it is not (`[x]` links, HTML);
/// code spans are left as they are, since markup is not read inside them.
pub fn escape_doc(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' if !in_code => out.push_str("\\["),
            ']' if !in_code => out.push_str("\\]"),
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Formats the token stream of module `crate::<module>` as a Rust file, after a header
/// comment, with its paths shortened and its items ordered ([`super::short_paths`]).
pub fn format_module(header: &str, tokens: TokenStream, module: &[String]) -> String {
    // Item by item, as `format_file`: memory stays linear in the module.
    match super::short_paths::file(tokens, module, &mut DocsAsText) {
        Ok(text) => format!("{header}\n{text}"),
        Err(e) => format!("{header}\ncompile_error!({:?});\n", format!("emitter produced invalid Rust: {e}")),
    }
}

/// Formats a token stream as a Rust file, after a header comment.
///
/// The emitters build only well-formed items; a failure here is a bug in them, so it
/// is reported in the output where `cargo check` will point at it.
pub fn format_file(header: &str, tokens: TokenStream) -> String {
    // Item by item (see `format`): a large module's whole syntax tree was most of the
    // peak memory. No clone kept for the message below: syn would then copy every token.
    match super::format::file(tokens, &mut DocsAsText) {
        Ok(text) => format!("{header}\n{text}"),
        Err(e) => format!("{header}\ncompile_error!({:?});\n", format!("emitter produced invalid Rust: {e}")),
    }
}

/// Rewrites every doc attribute with [`doc_as_text`]: one pass over the finished file, so
/// no emitter can forget it.
struct DocsAsText;

impl syn::visit_mut::VisitMut for DocsAsText {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if !attr.path().is_ident("doc") {
            return;
        }
        if let syn::Meta::NameValue(nv) = &mut attr.meta {
            if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &mut nv.value {
                let value = s.value();
                let text = doc_as_text(&value);
                // Most docs need no change: writing the literal anew would only escape it again.
                if text != value {
                    *s = syn::LitStr::new(&text, s.span());
                }
            }
        }
    }
}

/// Doc text that rustdoc shows as text and rustc accepts, whatever the schema held:
/// - no code block, so never a doctest: leading whitespace is cut to at most three
///   spaces (four make an indented block) and a fence (```` ``` ````, `~~~`) is escaped;
/// - control characters (a bare `\r` is a compile error in a doc comment) and
///   characters that reorder or hide text (U+202E; rustc denies them in comments) are
///   written as escapes (`\r`, `\u{202e}`).
///
/// Markup such as `[x]` or HTML is the business of [`escape_doc`], applied to schema
/// text where it enters a doc, since emitters write intra-doc links on purpose.
pub fn doc_as_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches([' ', '\t']);
        let indent = (line.len() - body.len()).min(3);
        out.push_str(&" ".repeat(indent));
        // Three or more backticks or tildes open a fence; fewer are a code span.
        let run = body.len() - body.trim_start_matches(['`', '~']).len();
        let fence = if run >= 3 { run } else { 0 };
        for (j, c) in body.chars().enumerate() {
            match c {
                '`' | '~' if j < fence => {
                    out.push('\\');
                    out.push(c);
                }
                '\r' => out.push_str("\\r"),
                '\t' => out.push(' '),
                c if c.is_control() || hides_or_reorders(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
    }
    out
}

/// Unicode's bidirectional controls and invisible marks: they make text read in another
/// order than it is stored (CVE-2021-42574), so rustc refuses them in comments and literals.
pub fn hides_or_reorders(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}
