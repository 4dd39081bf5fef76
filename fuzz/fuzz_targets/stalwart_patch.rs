//! A JMAP patch applied to a stored Stalwart `Task`. Input: `stored JSON \0 patch JSON`.
//! Never panics; errors are well-formed; an empty patch changes nothing; an updated
//! object is a canonical read value; the dispatcher agrees.
#![no_main]
mod common;

use api_models::runtime::patch::Patch;
use api_models::runtime::Op;
use api_models::stalwart::task::Task;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((stored_json, patch_json)) = common::split_nul(data) else { return };
    let Ok(stored) = Task::from_json(stored_json) else { return };
    let result = Patch::from_json(patch_json).and_then(|patch| {
        // A patch is written back as it was read.
        let again = Patch::from_json(&serde_json::to_vec(&patch).unwrap()).expect("a patch re-parses");
        assert_eq!(again, patch);
        let updated = stored.apply_patch(&patch);
        if patch.ops().is_empty() {
            assert_eq!(updated.as_ref().ok(), Some(&stored), "an empty patch changed the object");
        }
        updated
    });
    common::check_outcome(&result, |j: &[u8]| Task::from_json(j));
    common::check_dispatch("stalwart/Task", Op::Update, patch_json, Some(stored_json), &result);
});
