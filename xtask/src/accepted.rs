//! Every schema the checker accepts compiles, and its text stays text.
//!
//! `tests/accepted-schemas/` is one schema root whose API folders hold what a hostile or
//! careless author might write and the checker accepts: descriptions that are code
//! blocks, `\r` and U+202E in text, names that collide with what the emitters add. It is
//! generated into one crate, which must build and whose doctests must all pass: a
//! description that became a doctest would run its `compile_error!`.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{files, workspace_root};

/// Generates `schema` into a crate of its own under the target directory and runs its
/// doctests (which builds it first); the failure's output when it fails.
pub fn build_and_doctest(schema: &Path, name: &str) -> Result<(), String> {
    let root = workspace_root();
    let model = codegen::internal::schema::load_dir(schema).map_err(|d| format!("the checker refused it:\n{d}"))?;
    let krate = root.join("target").join(name);
    let options = codegen::internal::emit::Options {
        crate_name: Some("accepted-models".into()),
        runtime: super::runtime_option(super::RuntimeArg::Dependency, &krate),
        ..Default::default()
    };
    let mut outputs = codegen::internal::emit::generate(&model, &options);
    for f in &outputs {
        let path = &f.path;
        if let Some(c) = f.contents.chars().find(|c| *c == '\r' || codegen_hides(*c)) {
            return Err(format!("{path} holds {c:?} raw"));
        }
        let fence = without_examples(&f.contents).any(|l| {
            let l = l.trim_start();
            let doc = l.strip_prefix("///").or_else(|| l.strip_prefix("//!"));
            let text = if path.ends_with(".md") { Some(l) } else { doc };
            text.is_some_and(|t| t.trim_start().starts_with("```") || t.trim_start().starts_with("~~~"))
        });
        if fence {
            return Err(format!("{path} opens a code block"));
        }
    }
    // A workspace of its own: it sits under this workspace's target directory.
    for f in outputs.iter_mut().filter(|f| f.path == "Cargo.toml") {
        f.contents.push_str("\n[workspace]\n");
    }
    files::write_all(&krate, &outputs, true).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .args(["test", "--doc", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        // One cache with `out_anywhere`, so that dependencies build once.
        .env("CARGO_TARGET_DIR", root.join("target/out-anywhere"))
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Generated code is warning-free (house rule): a warning here is a failure too.
    if out.status.success() && !stderr.contains("warning") {
        Ok(())
    } else {
        let stdout = String::from_utf8_lossy(&out.stdout);
        Err(format!("the crate generated into {} fails:\n{stdout}\n{stderr}", krate.display()))
    }
}

/// The lines of `text` but those of the example opening each object's module, the one
/// code block generation writes on purpose (`emit::examples`): its intro line, a blank
/// doc line, a fence, the code, the same fence.
fn without_examples(text: &str) -> impl Iterator<Item = &str> {
    const INTRO: &str =
        "//! A read, a create, an update and an error report, with values made from the schema (this runs as a doctest):";
    let lines: Vec<&str> = text.lines().collect();
    let mut keep = vec![true; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let fence = lines.get(i + 2).copied().filter(|l| l.starts_with("//! ```") && l[4..].chars().all(|c| c == '`'));
        if let (true, Some(fence)) = (lines[i] == INTRO, fence) {
            let end = (i + 3..lines.len()).find(|&j| lines[j] == fence).unwrap_or(lines.len() - 1);
            keep[i + 2..=end].iter_mut().for_each(|k| *k = false);
            i = end;
        }
        i += 1;
    }
    lines.into_iter().zip(keep).filter(|(_, k)| *k).map(|(l, _)| l)
}

fn codegen_hides(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

#[test]
fn accepted_schemas_compile_and_their_text_is_never_code() {
    let schema = workspace_root().join("tests/accepted-schemas");
    assert!(fs::read_dir(&schema).map(|d| d.count()).unwrap_or(0) >= 2, "tests/accepted-schemas is there");
    build_and_doctest(&schema, "accepted-schemas").unwrap_or_else(|e| panic!("{e}"));
}

// ------------------------------------------------ many generated schemas, a sample built

/// xorshift64*: the same schemas on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 32) % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// Names and text chosen to meet what the emitters add: their own type, variant, field
/// and parameter names, Rust's prelude and keywords, non-ASCII, text that is code.
const TYPE_NAMES: &[&str] = &[
    "Thing",
    "ThingCreate",
    "ThingUpdate",
    "Kind",
    "Err",
    "Ok",
    "Builder",
    "Value",
    "Inner",
    "InnerCreate",
    "Option",
    "Result",
    "String",
    "Vec",
    "Self",
    "Unknown",
    "Naïve",
    "Map",
    "Box",
    "Output",
    "Ctx",
    "ThingBuilder",
    "Codec",
];
const FIELD_NAMES: &[&str] = &[
    "name",
    "type",
    "self",
    "err",
    "value",
    "unknownFields",
    "naïve",
    "x1",
    "ok",
    "builder",
    "fooBar",
    "FOO",
    "create",
    "map",
    "s",
    "cx",
    "de",
    "key",
    "index",
    "f0",
    "super",
    "_",
    "json",
    "current",
    "tag",
    "string",
    "option",
];
const TAGS: &[&str] = &[
    "Err",
    "Ok",
    "Some",
    "None",
    "Unknown",
    "Self",
    "a",
    "A",
    "1",
    "a-b",
    "a b",
    "naïve",
    "Builder",
    "Value",
    "Create",
    "Output",
    "Name",
    "Tag",
    "@type",
    "x\u{202e}y",
];
const TEXT: &[&str] = &[
    "Plain text.",
    "```\ncompile_error!(\"a generated description ran\");\n```",
    "    compile_error!(\"an indented generated description ran\");",
    "carriage\rreturn \u{202e} and <b>html</b> [link] */ /*",
    "~~~\nnot code\n~~~",
];
const SCALARS: &[&str] = &[
    "String",
    "Text",
    "Float",
    "Integer",
    "UnsignedInt",
    "Boolean",
    "UTCDateTime",
    "Id",
    "Id<Thing>",
    "BlobId",
    "EmailAddress",
];
const DEFAULTS: &[&str] = &["0", "x", "Err", "true", "-1", "1.5", "2026-01-01T00:00:00Z", "\u{202e}"];

/// A YAML double-quoted scalar (JSON's string syntax is YAML's).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn type_expr(rng: &mut Rng, named: &[String], depth: usize) -> String {
    match rng.below(if depth > 1 { 2 } else { 5 }) {
        0 => rng.pick(SCALARS).to_owned(),
        1 if !named.is_empty() => named[rng.below(named.len())].clone(),
        1 => "String".to_owned(),
        2 => format!("List<{}>", type_expr(rng, named, depth + 1)),
        3 => format!("Set<{}>", type_expr(rng, named, depth + 1)),
        _ => format!("{}[]", type_expr(rng, named, depth + 1)),
    }
}

fn fields(rng: &mut Rng, named: &[String], indent: &str) -> String {
    let mut s = format!("{indent}fields:\n");
    for _ in 0..1 + rng.below(4) {
        s += &format!("{indent}  {}:\n", q(rng.pick(FIELD_NAMES)));
        let nullable = if rng.one_in(3) { "?" } else { "" };
        s += &format!("{indent}    type: {}{nullable}\n", q(&type_expr(rng, named, 0)));
        match rng.below(5) {
            0 => s += &format!("{indent}    modifiers: [read-only]\n"),
            1 => s += &format!("{indent}    modifiers: [server-set]\n"),
            2 => s += &format!("{indent}    default: {}\n", q(rng.pick(DEFAULTS))),
            _ => s += &format!("{indent}    modifiers: [required]\n"),
        }
        if rng.one_in(3) {
            s += &format!("{indent}    rust-name: {}\n", q(rng.pick(FIELD_NAMES)));
        }
        if rng.one_in(2) {
            s += &format!("{indent}    description: {}\n", q(rng.pick(TEXT)));
        }
    }
    s
}

/// One Stalwart-vocabulary object file: an object with fields or variants, and a few
/// named types (enumerations and field sets).
fn object_file(rng: &mut Rng) -> String {
    let object = rng.pick(TYPE_NAMES);
    let mut types = String::new();
    let (mut named, mut sets) = (Vec::new(), Vec::new());
    for _ in 0..rng.below(4) {
        let name = rng.pick(TYPE_NAMES).to_owned();
        types += &format!("  {}:\n    description: {}\n", q(&name), q(rng.pick(TEXT)));
        if rng.one_in(2) {
            types += "    enum:\n";
            for _ in 0..1 + rng.below(3) {
                types += &format!("      - {{value: {}, label: {}}}\n", q(rng.pick(TAGS)), q(rng.pick(TEXT)));
            }
        } else {
            types += &fields(rng, &named, "    ");
            sets.push(name.clone());
        }
        named.push(name);
    }
    let mut s = format!("object: {}\ndescription: {}\n", q(object), q(rng.pick(TEXT)));
    if sets.is_empty() || rng.one_in(2) {
        s += &fields(rng, &named, "");
    } else {
        s += "variants:\n";
        for _ in 0..1 + rng.below(3) {
            s += &format!("  - type: {}\n    label: {}\n", q(rng.pick(TAGS)), q(rng.pick(TEXT)));
            if rng.one_in(3) {
                s += "    modifiers: [server-set]\n";
            }
            s += &format!("    fields: {}\n", q(&sets[rng.below(sets.len())]));
        }
    }
    if !types.is_empty() {
        s += &format!("types:\n{types}");
    }
    s
}

fn api_file(name: &str, set: &str) -> String {
    format!(
        "api: {name}\ntitle: Generated\ndescription: A generated API.\nvocabulary: stalwart\nwire:\n  keys: camelCase\n  \
         discriminator: \"@type\"\n  date-time: seconds-z\n  id: stalwart-base32\n  list: object-by-index\n  set: {set}\n"
    )
}

/// Thousands of schemas built from hostile names and types go through the checker: each
/// is refused with a located error or accepted, never a panic; a spread sample of the
/// accepted ones is generated into one crate, which must build and pass its doctests.
#[test]
fn generated_schemas_are_refused_located_or_compile() {
    const SCHEMAS: usize = 3000;
    const SAMPLE: usize = 12;
    let mut rng = Rng(0x5eed_0f11_c0de_cafe);
    let (mut accepted, mut refused) = (Vec::new(), 0);
    let mut failures = Vec::new();
    for i in 0..SCHEMAS {
        let dir = format!("g{i}");
        let set = if rng.one_in(2) { "object-of-true" } else { "array" };
        let (api, object) = (api_file(&dir, set), object_file(&mut rng));
        let src = codegen::internal::schema::SourceApi {
            dir: dir.clone(),
            api: codegen::internal::schema::SourceFile { name: format!("{dir}/api.yaml"), text: api.clone() },
            objects: vec![(
                "thing.yaml".into(),
                codegen::internal::schema::SourceFile { name: format!("{dir}/thing.yaml"), text: object.clone() },
            )],
        };
        match std::panic::catch_unwind(|| codegen::internal::schema::load(std::slice::from_ref(&src)).map(|_| ())) {
            Err(_) => failures.push(format!("the checker panicked on:\n{object}")),
            Ok(Ok(())) => accepted.push((dir, api, object)),
            Ok(Err(d)) => {
                refused += 1;
                let text = d.to_string();
                if !super::hostile::is_located(&text) {
                    failures.push(format!("not a located error:\n{text}\nfor:\n{object}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    eprintln!("{SCHEMAS} generated schemas: {} accepted, {refused} refused", accepted.len());
    assert!(accepted.len() >= 5 * SAMPLE && refused >= SCHEMAS / 10, "{} accepted, {refused} refused", accepted.len());
    let root = workspace_root().join("target/generated-schemas");
    let _ = fs::remove_dir_all(&root);
    let step = accepted.len() / SAMPLE;
    for (dir, api, object) in accepted.iter().step_by(step).take(SAMPLE) {
        fs::create_dir_all(root.join(dir)).expect("a folder");
        fs::write(root.join(dir).join("api.yaml"), api).expect("api.yaml");
        fs::write(root.join(dir).join("thing.yaml"), object).expect("thing.yaml");
    }
    build_and_doctest(&root, "generated-schemas-crate").unwrap_or_else(|e| panic!("{e}"));
}
