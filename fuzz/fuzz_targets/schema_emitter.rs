//! Schemas through the whole generator: an object file the loader accepts goes through
//! every emitter (`codegen::internal::emit::generate`, as `cargo xtask generate` runs it).
//! Input: as `schema_loader` (one selector byte, even: the Stalwart api.yaml, odd: the
//! Salesforce one; then the object file's text).
//!
//! Checks: generation never panics; every Rust file it writes parsed as Rust (the
//! formatter turns tokens syn cannot parse into a `compile_error!` naming the emitter,
//! which is what is looked for); the crate has its `Cargo.toml`, `src/lib.rs` and one
//! module per object. That a sample of accepted schemas also compiles is checked by
//! `fuzz/compile_sample.sh`, outside the target (a `cargo check` per input).
#![no_main]

use codegen::internal::emit::{generate, Options};
use codegen::internal::schema::{load, SourceApi, SourceFile};
use libfuzzer_sys::fuzz_target;

const STALWART_API: &str = include_str!("../../schema/stalwart/api.yaml");
const SALESFORCE_API: &str = include_str!("../../schema/salesforce/api.yaml");

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let (dir, api) = if selector % 2 == 0 { ("stalwart", STALWART_API) } else { ("salesforce", SALESFORCE_API) };
    let source = SourceApi {
        dir: dir.to_owned(),
        api: SourceFile { name: format!("schema/{dir}/api.yaml"), text: api.to_owned() },
        objects: vec![(
            "task.yaml".to_owned(),
            SourceFile { name: format!("schema/{dir}/task.yaml"), text: text.to_owned() },
        )],
    };
    let Ok(model) = load(&[source]) else { return };
    let files = generate(&model, &Options::default());
    for f in &files {
        if f.path.ends_with(".rs") {
            assert!(!f.contents.contains("emitter produced invalid Rust"), "{} is not Rust:\n{}", f.path, f.contents);
        }
    }
    for path in ["Cargo.toml", "src/lib.rs"] {
        assert!(files.iter().any(|f| f.path == path), "no {path}");
    }
    let modules = model.apis.iter().map(|a| a.modules.len()).sum::<usize>();
    let written = files.iter().filter(|f| f.path.ends_with(".rs") && f.path.matches('/').count() == 2).count();
    assert_eq!(written, modules + model.apis.len(), "one file per module and a mod.rs per API");
});
