//! The example that opens each object's module: a read, a create, an update and an error
//! report, written as one doctest (one test binary per object) from the values the model
//! chose ([`Api::object_examples`]).
//!
//! Schema text reaches the example only as JSON inside raw strings (written by
//! `serde_json`, with more `#` than any run in the text) and as checked Rust names; the
//! code fence is longer than any run of backticks in it, so no value can end it.

use std::collections::BTreeSet;

use super::constructors::BUILDER_FROM;
use super::patch_builder;
use super::views::{self, View};
use crate::model::{Api, Collection, ObjectExamples, Sample, Ty, TypeId, TypeKind, Updates};

/// Names a glob of prelude items the example uses: a type of that name is written with
/// its full path rather than imported.
const PRELUDE: &[&str] = &["Some", "None", "Ok", "Err", "Vec", "String", "Option", "Result", "Default"];

/// `file` (a formatted module) with `lines` as `//!` lines after its module docs.
pub fn insert(file: String, lines: &[String]) -> String {
    if lines.is_empty() {
        return file;
    }
    let mut out = String::with_capacity(file.len() + lines.iter().map(|l| l.len() + 5).sum::<usize>());
    let mut done = false;
    let mut in_docs = false;
    for line in file.split_inclusive('\n') {
        let doc = line.starts_with("//!");
        if !done && in_docs && !doc {
            for l in lines {
                out.push_str(if l.is_empty() { "//!" } else { "//! " });
                out.push_str(l);
                out.push('\n');
            }
            done = true;
        }
        in_docs |= doc;
        out.push_str(line);
    }
    out
}

/// The module-doc lines of the example of module `m`, for a crate named `krate` (its
/// Rust name); empty when the model has no example for it. Every line is ASCII (JSON
/// writes other characters as `\u` escapes), so none can be a character rustc refuses
/// in a comment.
pub fn module_example(api: &Api, m: usize, krate: &str) -> Vec<String> {
    let Some(ex) = api.object_examples(m) else { return Vec::new() };
    let mut w = Writer { api, m, krate, imports: BTreeSet::new() };
    let code = w.code(&ex);
    let module = &api.modules[m];
    let mut lines = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "A read, a create, an update and an error report, with values made from the schema (this runs as a doctest):"
            .to_owned(),
        String::new(),
    ];
    let mut body = Vec::new();
    let names: Vec<&str> = w.imports.iter().map(String::as_str).collect();
    if !names.is_empty() {
        let list = if names.len() == 1 { names[0].to_owned() } else { format!("{{{}}}", names.join(", ")) };
        body.push(format!("use {krate}::{}::{}::{list};", api.name, module.name));
        body.push(String::new());
    }
    body.extend(code);
    let ticks = body.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0).max(2) + 1;
    let fence = "`".repeat(ticks);
    lines.push(fence.clone());
    lines.extend(body);
    lines.push(fence);
    lines
}

struct Writer<'a> {
    api: &'a Api,
    m: usize,
    krate: &'a str,
    /// Names imported from the object's module.
    imports: BTreeSet<String>,
}

impl Writer<'_> {
    fn code(&mut self, ex: &ObjectExamples) -> Vec<String> {
        let api = self.api;
        let object = api.ty(api.modules[self.m].object);
        let read = self.name(api.modules[self.m].object, View::Read);
        let create_name = self.name(api.modules[self.m].object, View::Create);
        let mut out = vec![
            "// A read: a body as the server sends it, checked and typed; it writes back as it was read.".to_owned(),
            format!("let read = {read}::from_json({}).expect(\"a valid read\");", raw(&self.json(&ex.read, None))),
            format!("let again = {read}::from_json(serde_json::to_string(&read).unwrap()).unwrap();"),
            "assert_eq!(again, read);".to_owned(),
        ];
        if let Some(create) = &ex.create {
            out.push(String::new());
            out.push(
                "// A create, built in Rust: required members are arguments, the others are left unset.".to_owned(),
            );
            out.push(format!("let create = {};", self.rust(create, None)));
            out.push("create.validate().expect(\"limits, restricted values and rules hold\");".to_owned());
            out.push(format!(
                "assert_eq!({create_name}::from_json(serde_json::to_string(&create).unwrap()).unwrap(), create);"
            ));
        }
        if let Some((set, i, value)) = &ex.update {
            let TypeKind::Struct(s) = &api.ty(*set).kind else { return out };
            let f = &s.fields[*i];
            let v = self.rust(value, Some(&f.ty));
            match api.updates {
                Updates::Patch => {
                    let key = f.wire_name.replace('~', "~0").replace('/', "~1");
                    if let Some(method) = patch_builder::method_of(api, object_id(api, self.m), &key) {
                        let patch = self.imported(&format!("{}Patch", object.rust_name));
                        let v = if f.nullable { format!("Some({v})") } else { v };
                        out.push(String::new());
                        out.push(
                            "// An update: a typed JMAP patch (one method per path a client may change), applied to the stored object."
                                .to_owned(),
                        );
                        out.push(format!(
                            "let patch = {patch}::new().{method}({v}).build().expect(\"a valid patch\");"
                        ));
                        out.push("let updated = read.apply_patch(&patch).expect(\"the patch applies\");".to_owned());
                        out.push("assert_ne!(updated, read);".to_owned());
                    }
                }
                Updates::Body => {
                    let update = self.name(api.modules[self.m].object, View::Update);
                    let member = &f.rust_name;
                    let v = match views::repr(api, f, View::Update) {
                        views::Repr::Tri => format!("{}::runtime::Field::Value({v})", self.krate),
                        _ => format!("Some({v})"),
                    };
                    let body = serde_json::json!({ f.wire_name.clone(): self.json(value, Some(&f.ty)) });
                    out.push(String::new());
                    out.push(
                        "// An update: only the members set are sent; applied to the stored record, rules included."
                            .to_owned(),
                    );
                    out.push(format!("let mut update = {update}::new();"));
                    out.push(format!("update.{member} = {v};"));
                    out.push("update.validate().expect(\"limits, restricted values and rules hold\");".to_owned());
                    out.push(format!("assert_eq!(serde_json::to_string(&update).unwrap(), {});", raw(&body)));
                    out.push("let updated = update.apply(&read).expect(\"the update applies\");".to_owned());
                    out.push("assert_ne!(updated, read);".to_owned());
                }
            }
        }
        if let (Some((i, list)), Some(create)) = (ex.bad, &ex.create) {
            let (set, tag) = match create {
                Sample::Union(u, v, inner) => match (&**inner, &api.ty(*u).kind) {
                    (Sample::Struct(t, _), TypeKind::Union(un)) => {
                        (*t, Some((un.tag.clone(), un.variants[*v].tag.clone())))
                    }
                    _ => return out,
                },
                Sample::Struct(t, _) => (*t, None),
                _ => return out,
            };
            let TypeKind::Struct(s) = &api.ty(set).kind else { return out };
            let f = &s.fields[i];
            let mut body = serde_json::Map::new();
            if let Some((tag, value)) = tag {
                body.insert(tag, value.into());
            }
            body.insert(f.wire_name.clone(), if list { serde_json::Value::Bool(true) } else { serde_json::json!([]) });
            let pointer = format!("/{}", f.wire_name.replace('~', "~0").replace('/', "~1"));
            out.push(String::new());
            out.push("// An error report: every problem of a body at once, each at its JSON pointer.".to_owned());
            out.push(format!(
                "let errors = {create_name}::from_json({}).unwrap_err();",
                raw(&serde_json::Value::Object(body))
            ));
            out.push("for error in errors.iter() {".to_owned());
            out.push("    println!(\"{}: {} ({})\", error.pointer(), error.kind(), error.message());".to_owned());
            out.push("}".to_owned());
            out.push(format!("assert!(errors.iter().any(|e| e.pointer() == \"{}\"));", pointer.escape_default()));
        }
        out
    }

    /// The name the example uses for type `id` in `view`: imported when it is in the
    /// object's module and no prelude name, else its full path.
    fn name(&mut self, id: TypeId, view: View) -> String {
        let t = self.api.ty(id);
        let view = if views::views_of(self.api, &t.kind).contains(&view) { view } else { View::Read };
        let name = views::view_name(t, view);
        if t.module == self.m {
            self.imported(&name)
        } else {
            format!("{}::{}::{}::{name}", self.krate, self.api.name, self.api.modules[t.module].name)
        }
    }

    /// `name` of the object's module, imported unless it is a prelude name.
    fn imported(&mut self, name: &str) -> String {
        if PRELUDE.contains(&name) {
            return format!("{}::{}::{}::{name}", self.krate, self.api.name, self.api.modules[self.m].name);
        }
        self.imports.insert(name.to_owned());
        name.to_owned()
    }

    /// The Rust expression of a create value; `ty` is the member's type.
    fn rust(&mut self, s: &Sample, ty: Option<&Ty>) -> String {
        let api = self.api;
        match s {
            Sample::Text(t) => match ty {
                Some(Ty::String | Ty::Email) | None => format!("{t:?}.into()"),
                Some(_) => format!("{t:?}.parse().unwrap()"),
            },
            Sample::Bool(b) => b.to_string(),
            Sample::Int(n) => n.to_string(),
            Sample::Float(x) => format!("{x:?}"),
            Sample::Enum(id, i) => {
                let TypeKind::Enum(e) = &api.ty(*id).kind else { return String::new() };
                format!("{}::{}", self.name(*id, View::Read), e.values[*i].rust_name)
            }
            Sample::NoBits(id) => format!("{}::empty()", self.name(*id, View::Read)),
            Sample::Empty => match ty {
                Some(Ty::Set(_)) if api.wire.set != Collection::Array => "std::collections::BTreeSet::new()".to_owned(),
                _ => "vec![]".to_owned(),
            },
            Sample::Struct(id, members) => {
                let TypeKind::Struct(st) = &api.ty(*id).kind else { return String::new() };
                let name = self.name(*id, View::Create);
                let args: Vec<(String, String)> = members
                    .iter()
                    .map(|(i, v)| (st.fields[*i].rust_name.clone(), self.rust(v, Some(&st.fields[*i].ty))))
                    .collect();
                if args.len() >= BUILDER_FROM {
                    let calls: String = args.iter().map(|(n, v)| format!(".{n}({v})")).collect();
                    format!("{name}::builder(){calls}.build()")
                } else {
                    let args: Vec<String> = args.into_iter().map(|(_, v)| v).collect();
                    format!("{name}::new({})", args.join(", "))
                }
            }
            Sample::Union(id, v, inner) => {
                let TypeKind::Union(u) = &api.ty(*id).kind else { return String::new() };
                let name = self.name(*id, View::Create);
                format!("{name}::{}({})", u.variants[*v].rust_name, self.rust(inner, None))
            }
        }
    }

    /// The wire JSON of a value; `ty` is the member's type.
    fn json(&self, s: &Sample, ty: Option<&Ty>) -> serde_json::Value {
        let api = self.api;
        match s {
            Sample::Text(t) => t.clone().into(),
            Sample::Bool(b) => (*b).into(),
            Sample::Int(n) => (*n).into(),
            Sample::Float(x) => (*x).into(),
            Sample::Enum(id, i) => match &api.ty(*id).kind {
                TypeKind::Enum(e) => e.values[*i].wire.clone().into(),
                _ => serde_json::Value::Null,
            },
            Sample::NoBits(_) => 0.into(),
            Sample::Empty => {
                let as_object = match ty {
                    Some(Ty::List(_)) => api.wire.list != Collection::Array,
                    Some(Ty::Set(_)) => api.wire.set != Collection::Array,
                    _ => false,
                };
                if as_object {
                    serde_json::json!({})
                } else {
                    serde_json::json!([])
                }
            }
            Sample::Struct(id, members) => {
                let TypeKind::Struct(st) = &api.ty(*id).kind else { return serde_json::Value::Null };
                let mut map = serde_json::Map::new();
                for (i, v) in members {
                    map.insert(st.fields[*i].wire_name.clone(), self.json(v, Some(&st.fields[*i].ty)));
                }
                map.into()
            }
            Sample::Union(id, v, inner) => {
                let TypeKind::Union(u) = &api.ty(*id).kind else { return serde_json::Value::Null };
                let mut map = serde_json::Map::new();
                map.insert(u.tag.clone(), u.variants[*v].tag.clone().into());
                if let serde_json::Value::Object(members) = self.json(inner, None) {
                    map.extend(members);
                }
                map.into()
            }
        }
    }
}

fn object_id(api: &Api, m: usize) -> TypeId {
    api.modules[m].object
}

/// `json` as a Rust raw string literal, with one `#` more than any run in it; ASCII
/// only (other characters, which JSON has only inside strings, as `\u` escapes).
fn raw(json: &serde_json::Value) -> String {
    let mut text = String::new();
    for c in json.to_string().chars() {
        if c.is_ascii() {
            text.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                text.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    let hashes = "#".repeat(longest_run(&text, '#') + 1);
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in text.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_outnumber_the_hashes_in_their_text() {
        assert_eq!(raw(&serde_json::json!("a")), "r#\"\"a\"\"#");
        assert_eq!(raw(&serde_json::json!("\"##")), "r###\"\"\\\"##\"\"###");
        assert_eq!(raw(&serde_json::json!("é\u{202e}😀")), r##"r#""\u00e9\u202e\ud83d\ude00""#"##);
    }

    #[test]
    fn runs_are_counted() {
        assert_eq!(longest_run("a``b```c", '`'), 3);
        assert_eq!(longest_run("abc", '`'), 0);
    }
}
