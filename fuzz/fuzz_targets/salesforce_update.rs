//! A Salesforce `Task` update body, alone (no NUL in the input) or applied to a stored
//! record (`stored JSON \0 update JSON`). Never panics; errors are well-formed; an
//! accepted update validates and is canonical; parsing then applying agrees with
//! `apply_json`; the updated record is a canonical read value; the dispatcher agrees.
#![no_main]
mod common;

use api_models::runtime::Op;
use api_models::salesforce::task::{Task, TaskUpdate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match common::split_nul(data) {
        None => {
            let result = TaskUpdate::from_json(data);
            match &result {
                Ok(update) => {
                    if let Err(e) = update.validate() {
                        panic!("an accepted update does not validate: {e}");
                    }
                    common::roundtrip(update, |j: &[u8]| TaskUpdate::from_json(j));
                }
                Err(errors) => common::check_errors(errors),
            }
            common::check_dispatch("salesforce/Task", Op::Update, data, None, &result);
        }
        Some((stored_json, body)) => {
            let Ok(stored) = Task::from_json(stored_json) else { return };
            let result = TaskUpdate::apply_json(body, &stored);
            common::check_outcome(&result, |j: &[u8]| Task::from_json(j));
            // A body that is wrong alone is wrong against any record.
            match TaskUpdate::from_json(body) {
                Err(_) => assert!(result.is_err(), "apply_json accepted a body from_json refuses"),
                Ok(update) => {
                    let applied = update.apply(&stored);
                    assert_eq!(applied.is_ok(), result.is_ok(), "apply and apply_json disagree");
                    if let (Ok(a), Ok(b)) = (&applied, &result) {
                        assert_eq!(a, b, "apply and apply_json give other records");
                    }
                }
            }
            common::check_dispatch("salesforce/Task", Op::Update, body, Some(stored_json), &result);
        }
    }
});
