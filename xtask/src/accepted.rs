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
    let model = codegen::schema::load_dir(schema).map_err(|d| format!("the checker refused it:\n{d}"))?;
    let krate = root.join("target").join(name);
    let options = codegen::emit::Options {
        crate_name: "accepted-models".into(),
        runtime: super::runtime_option(super::RuntimeArg::Dependency, &krate),
    };
    let mut outputs = codegen::emit::generate(&model, &options);
    for f in &outputs {
        let path = &f.path;
        if let Some(c) = f.contents.chars().find(|c| *c == '\r' || codegen_hides(*c)) {
            return Err(format!("{path} holds {c:?} raw"));
        }
        let fence = f.contents.lines().any(|l| {
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
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        Err(format!("the crate generated into {} fails:\n{stdout}\n{stderr}", krate.display()))
    }
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
