//! Reference pages: one Markdown page per object, in the manner of the API's own
//! reference pages (variants, fields, types, modifiers, defaults, descriptions, rules),
//! so that a pull request shows the documentation change beside the schema change.

use std::fmt::Write;

use super::rust::doc_as_text;

use crate::model::{Api, Field, Literal, RuleKind, Struct, TypeDef, TypeKind, Vocabulary};

fn cell(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

fn field_row(api: &Api, f: &Field) -> String {
    let mut mods = f.modifiers.join(api_sep(api));
    if let Some(d) = &f.default {
        let d = match d {
            Literal::Str(s) => s.clone(),
            other => other.to_string(),
        };
        if !mods.is_empty() {
            mods.push_str(api_sep(api));
        }
        mods.push_str(&format!("default: {d}"));
    }
    let mut desc = f.doc.description.clone().unwrap_or_default();
    if let Some(l) = &f.doc.label {
        desc.push_str(&format!(" Label: {l}."));
    }
    if let Some(n) = f.max_len {
        desc.push_str(&format!(" At most {n} characters."));
    }
    if let Some(r) = &f.reference {
        desc.push_str(&format!(" Refers to {}", r.targets.join(", ")));
        if let Some(n) = &r.relationship_name {
            desc.push_str(&format!(" (relationship {n})"));
        }
        desc.push('.');
    }
    format!("| `{}` | `{}` | {} | {} |", f.wire_name, cell(&f.schema_type), cell(&mods), cell(desc.trim()))
}

fn api_sep(api: &Api) -> &'static str {
    match api.vocabulary {
        Vocabulary::Stalwart => " · ",
        Vocabulary::Salesforce => ", ",
    }
}

fn fields_table(out: &mut String, api: &Api, s: &Struct) {
    let head = match api.vocabulary {
        Vocabulary::Stalwart => "| field | type | modifiers | description |",
        Vocabulary::Salesforce => "| field | type | properties | description |",
    };
    let _ = writeln!(out, "{head}\n| --- | --- | --- | --- |");
    for f in &s.fields {
        let _ = writeln!(out, "{}", field_row(api, f));
    }
    out.push('\n');
}

fn rules(out: &mut String, s: &Struct) {
    if s.rules.is_empty() {
        return;
    }
    out.push_str("#### Rules\n\nChecked on create and update.\n\n");
    let f = |i: &usize| format!("`{}`", s.fields[*i].wire_name);
    let conds = |c: &[crate::model::Cond]| {
        c.iter()
            .map(|c| format!("`{}` is `{}`", s.fields[c.field].wire_name, c.equals))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    for r in &s.rules {
        let line = match &r.kind {
            RuleKind::Require { when, fields } => {
                format!("When {}: {} required.", conds(when), fields.iter().map(f).collect::<Vec<_>>().join(", "))
            }
            RuleKind::Forbid { when, fields } => {
                format!(
                    "When {}: {} must not be set.",
                    conds(when),
                    fields.iter().map(f).collect::<Vec<_>>().join(", ")
                )
            }
            RuleKind::ForbidChange { when_stored, fields } => format!(
                "While the stored record's {}: {} cannot be updated.",
                conds(when_stored),
                fields.iter().map(f).collect::<Vec<_>>().join(", ")
            ),
            RuleKind::Before { first, second } => format!("{} comes before {}.", f(first), f(second)),
            RuleKind::Range { field, min, max } => match (min, max) {
                (Some(a), Some(b)) => format!("{} is from {a} to {b}.", f(field)),
                (Some(a), None) => format!("{} is at least {a}.", f(field)),
                (None, Some(b)) => format!("{} is at most {b}.", f(field)),
                (None, None) => String::new(),
            },
            RuleKind::ExcludeFlags { when, field, names, .. } => {
                format!("When {}: {} holds none of {}.", conds(when), f(field), names.join(", "))
            }
        };
        let _ = writeln!(out, "- {line} ({})", r.because);
    }
    out.push('\n');
}

fn type_section(out: &mut String, api: &Api, t: &TypeDef) {
    match &t.kind {
        TypeKind::Struct(s) => {
            let _ = writeln!(out, "### {}\n", t.name);
            if let Some(d) = &t.doc.description {
                let _ = writeln!(out, "{d}\n");
            }
            fields_table(out, api, s);
            rules(out, s);
        }
        TypeKind::Union(u) => {
            let _ = writeln!(out, "### {}\n", t.name);
            if let Some(d) = &t.doc.description {
                let _ = writeln!(out, "{d}\n");
            }
            let _ = writeln!(out, "A multi-variant object: `{}` selects the variant.\n", u.tag);
            out.push_str("| `@type` | variant | fields |\n| --- | --- | --- |\n");
            for v in &u.variants {
                let label = v.doc.label.clone().unwrap_or_default();
                let server = if v.client_creatable { "" } else { " (server-set)" };
                let _ = writeln!(
                    out,
                    "| `\"{}\"` | {}{server} | [{}](#{}) |",
                    v.tag,
                    cell(&label),
                    api.ty(v.fields).name,
                    api.ty(v.fields).name.to_lowercase()
                );
            }
            out.push('\n');
        }
        TypeKind::Enum(e) => {
            let _ = writeln!(out, "### {}\n", t.name);
            if let Some(d) = &t.doc.description {
                let _ = writeln!(out, "{d}\n");
            }
            out.push_str("| value | label |\n| --- | --- |\n");
            for v in &e.values {
                let mut label = v.doc.label.clone().unwrap_or_default();
                if v.default {
                    label.push_str(" (default)");
                }
                if !v.client_settable {
                    label.push_str(" (server-set: clients may not set it)");
                }
                let _ = writeln!(out, "| `{}` | {} |", v.wire, cell(label.trim()));
            }
            out.push('\n');
        }
        TypeKind::Bitmask(b) => {
            let _ = writeln!(out, "### {}\n\nA bitmask: values are sums of these flags.\n", t.name);
            out.push_str("| flag | value |\n| --- | --- |\n");
            for (name, _, bit) in &b.flags {
                let _ = writeln!(out, "| {name} | {bit} |");
            }
            out.push('\n');
        }
    }
}

/// The reference page of module `m`'s object.
pub fn page(api: &Api, m: usize) -> String {
    let module = &api.modules[m];
    let object = api.ty(module.object);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- @generated by `cargo xtask generate` from schema/{}; do not edit by hand. -->\n",
        module.source
    );
    let _ = writeln!(out, "# {}\n", object.name);
    if let Some(d) = &object.doc.description {
        let _ = writeln!(out, "{d}\n");
    }
    if let Some(w) = &module.webui {
        let _ = writeln!(out, "This object can be configured from the WebUI under {w}.\n");
    }
    if let Some(k) = &object.key_prefix {
        let _ = writeln!(out, "Key prefix: `{k}`.\n");
    }
    out.push_str("## Fields\n\n");
    match &object.kind {
        TypeKind::Union(u) => {
            let _ = writeln!(
                out,
                "{} is a multi-variant object: each instance has an `{}` discriminator selecting one of the variants below, and each variant carries its own set of fields.\n",
                object.name, u.tag
            );
            // A field set shared by several variants is tabled under the first; the others
            // link to it, so the page grows with variants plus fields, not their product.
            let mut first_with: std::collections::HashMap<crate::model::TypeId, &str> = Default::default();
            for v in &u.variants {
                let _ = writeln!(out, "### `{}: \"{}\"`\n", u.tag, v.tag);
                let mut line = v.doc.label.clone().unwrap_or_default();
                if !v.client_creatable {
                    line.push_str(" — server-set: clients may not create it.");
                }
                if !line.is_empty() {
                    let _ = writeln!(out, "{line}\n");
                }
                let set = api.ty(v.fields);
                if let Some(first) = first_with.get(&v.fields) {
                    let _ = writeln!(
                        out,
                        "The same fields as `{}: \"{first}\"`: [{}](#{}).\n",
                        u.tag,
                        set.name,
                        set.name.to_lowercase()
                    );
                } else if let TypeKind::Struct(s) = &set.kind {
                    fields_table(&mut out, api, s);
                    first_with.insert(v.fields, &v.tag);
                }
            }
        }
        TypeKind::Struct(s) => {
            fields_table(&mut out, api, s);
            rules(&mut out, s);
        }
        _ => {}
    }
    let others: Vec<_> = module.types.iter().skip(1).map(|id| api.ty(*id)).collect();
    if !others.is_empty() {
        out.push_str("## Types\n\n");
        for t in others {
            type_section(&mut out, api, t);
        }
    }
    let (header, body) = out.trim_end().split_once('\n').unwrap_or_default();
    format!("{header}\n{}\n", as_text(body))
}

/// The page body with schema text shown as text: no code block or fence it opens, no
/// control or reordering character (see [`doc_as_text`]), no HTML outside code spans.
fn as_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_code = false;
    for c in doc_as_text(body).chars() {
        match c {
            '`' if out.ends_with('\\') => out.push(c),
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '\n' => {
                in_code = false;
                out.push(c);
            }
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
