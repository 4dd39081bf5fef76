//! `validate()` on what the parsers accept. Input: one selector byte (0: Stalwart
//! create, 1: Salesforce create, 2: Salesforce update, by value modulo 3), then a body.
//! A body the parser accepts must validate, and must re-serialise and re-parse to an
//! equal value that validates too; save for a Stalwart date-time whose offset moves its
//! year out of range (see `common::year_moved_out_by_offset`), which validate() rightly
//! refuses, as the server would refuse the value written in UTC.
#![no_main]
mod common;

use std::fmt::Debug;

use api_models::runtime::ValidationErrors;
use api_models::{salesforce, stalwart};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;

fn check<T: Serialize + PartialEq + Debug>(
    body: &[u8],
    parse: fn(&[u8]) -> Result<T, ValidationErrors>,
    validate: fn(&T) -> Result<(), ValidationErrors>,
) {
    match parse(body) {
        Ok(value) => {
            if let Err(e) = validate(&value) {
                // validate() checks the value as it would be sent: in UTC.
                let sent = serde_json::to_vec(&value).expect("serialises");
                if common::year_moved_out_by_offset(body, &sent, &e) {
                    return;
                }
                panic!("parsed but does not validate: {e}\n body: {}", String::from_utf8_lossy(body));
            }
            common::roundtrip(&value, |json| {
                let again = parse(json)?;
                validate(&again)?;
                Ok::<_, ValidationErrors>(again)
            });
        }
        Err(errors) => common::check_errors(&errors),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    match selector % 3 {
        0 => check(body, |b| stalwart::task::TaskCreate::from_json(b), stalwart::task::TaskCreate::validate),
        1 => check(body, |b| salesforce::task::TaskCreate::from_json(b), salesforce::task::TaskCreate::validate),
        _ => check(body, |b| salesforce::task::TaskUpdate::from_json(b), salesforce::task::TaskUpdate::validate),
    }
});
