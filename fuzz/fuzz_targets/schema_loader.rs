//! The schema loader on an arbitrary object file. Input: one selector byte (even: the
//! Stalwart api.yaml, odd: the Salesforce one), then the object file's text.
//! Never panics; a refusal has at least one diagnostic and renders. (The emitter is left
//! out: formatting a whole crate for each accepted input held the rate near 1,500
//! executions a second, against about 8,000 without it.)
#![no_main]

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
    match load(&[source]) {
        Ok(model) => assert!(!model.apis.is_empty(), "an accepted schema has no API"),
        Err(diags) => {
            assert!(!diags.is_empty(), "a refusal with no diagnostics");
            let _ = diags.to_string();
        }
    }
});
