//! A Stalwart `Task` create body: never panics; errors are well-formed; an accepted
//! value is canonical (save for years an offset moves out of range, see
//! `common::year_moved_out_by_offset`); the dispatcher agrees.
#![no_main]
mod common;

use api_models::runtime::Op;
use api_models::stalwart::task::TaskCreate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = TaskCreate::from_json(data);
    match &result {
        Ok(value) => common::roundtrip_client(data, value, |j: &[u8]| TaskCreate::from_json(j)),
        Err(errors) => common::check_errors(errors),
    }
    common::check_dispatch("stalwart/Task", Op::Create, data, None, &result);
});
