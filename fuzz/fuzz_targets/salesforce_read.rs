//! A Salesforce `Task` read body: never panics; errors are well-formed; an accepted
//! value is canonical (re-serialises and re-parses to itself); the dispatcher agrees.
#![no_main]
mod common;

use api_models::runtime::Op;
use api_models::salesforce::task::Task;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = Task::from_json(data);
    common::check_outcome(&result, |j: &[u8]| Task::from_json(j));
    common::check_dispatch("salesforce/Task", Op::Read, data, None, &result);
});
