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

/// Formats a token stream as a Rust file, after a header comment.
///
/// The emitters build only well-formed items; a failure here is a bug in them, so it
/// is reported in the output where `cargo check` will point at it.
pub fn format_file(header: &str, tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => format!("{header}\n{}", prettyplease::unparse(&file)),
        Err(e) => {
            format!("{header}\ncompile_error!({:?});\n// {tokens}\n", format!("emitter produced invalid Rust: {e}"))
        }
    }
}
