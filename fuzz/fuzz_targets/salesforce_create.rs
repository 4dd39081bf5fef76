//! A Salesforce `Task` create body: never panics; errors are well-formed; an accepted
//! value is canonical; the dispatcher agrees.
#![no_main]
mod common;

use api_models::runtime::Op;
use api_models::salesforce::task::TaskCreate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = TaskCreate::from_json(data);
    common::check_outcome(&result, |j: &[u8]| TaskCreate::from_json(j));
    common::check_dispatch("salesforce/Task", Op::Create, data, None, &result);
});
