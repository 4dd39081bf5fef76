//! Invariants shared by the fuzz targets: each one can fail, and a failure is a bug.
#![allow(dead_code)]

use std::fmt::Debug;

use api_models::runtime::{ErrorKind, Op, ValidationErrors};
use serde::Serialize;

/// An `Err` carries at least one problem; every pointer is empty or an RFC 6901 JSON
/// pointer (starts with '/', every '~' escaped as `~0` or `~1`); every message says
/// something; every rendering of the errors works.
pub fn check_errors(errors: &ValidationErrors) {
    assert!(!errors.is_empty(), "an Err with no errors");
    for e in errors {
        let p = e.pointer();
        assert!(p.is_empty() || p.starts_with('/'), "pointer {p:?} is neither empty nor starts with '/'");
        let mut chars = p.chars();
        while let Some(c) = chars.next() {
            if c == '~' {
                assert!(matches!(chars.next(), Some('0' | '1')), "pointer {p:?} has an unescaped '~'");
            }
        }
        assert!(!e.message().is_empty(), "error at {p:?} ({}) has no message", e.kind());
        let _ = e.to_string();
    }
    let _ = errors.to_string();
    let _ = errors.to_salesforce_errors();
    let _ = errors.to_jmap_set_error(Op::Create);
    let _ = errors.to_jmap_set_error(Op::Update);
}

/// An accepted value is in canonical form: written out and read back with `parse` it is
/// the same value, and writing it again gives the same bytes.
pub fn roundtrip<T, E>(value: &T, parse: impl Fn(&[u8]) -> Result<T, E>)
where
    T: Serialize + PartialEq + Debug,
    E: std::fmt::Display,
{
    let json = serde_json::to_vec(value).expect("an accepted value serialises");
    let again = match parse(&json) {
        Ok(v) => v,
        Err(e) => {
            panic!("re-parsing the canonical JSON failed\n json: {}\n errors: {e}", String::from_utf8_lossy(&json))
        }
    };
    assert_eq!(&again, value, "re-parsed value differs; json: {}", String::from_utf8_lossy(&json));
    let json2 = serde_json::to_vec(&again).expect("serialises");
    assert_eq!(String::from_utf8_lossy(&json), String::from_utf8_lossy(&json2), "canonical JSON is not a fixed point");
}

/// The one refusal of an accepted value's canonical form that is not a bug (fuzz finding
/// A, round 3): Stalwart checks a client date-time's year as written, before its offset
/// is applied, and the value is held (and written) in UTC. So `1970-01-01T00:30:00+01:00`
/// is accepted, and its canonical form `1969-12-31T23:30:00Z` is refused, as the server
/// would refuse it. True when every problem is `out_of_range` at a member that `body`
/// wrote as a date-time with an offset other than zero and an in-range year, and that
/// `canonical` writes in 1969 or 3001.
pub fn year_moved_out_by_offset(body: &[u8], canonical: &[u8], errors: &ValidationErrors) -> bool {
    let (Ok(body), Ok(canonical)) =
        (serde_json::from_slice::<serde_json::Value>(body), serde_json::from_slice::<serde_json::Value>(canonical))
    else {
        return false;
    };
    let year = |s: &str| s.get(..4).and_then(|y| y.parse::<i32>().ok());
    !errors.is_empty()
        && errors.into_iter().all(|e| {
            let written = body.pointer(e.pointer()).and_then(|v| v.as_str());
            let held = canonical.pointer(e.pointer()).and_then(|v| v.as_str());
            let (Some(written), Some(held)) = (written, held) else { return false };
            let offset = written.len() > 19 && !written.ends_with('Z') && !written.ends_with("+00:00");
            e.kind() == ErrorKind::OutOfRange
                && offset
                && year(written).is_some_and(|y| (1970..=3000).contains(&y))
                && matches!(year(held), Some(1969 | 3001))
        })
}

/// [`roundtrip`] for a client body of an API that checks years as written: the canonical
/// form may be refused for [`year_moved_out_by_offset`], and for nothing else.
pub fn roundtrip_client<T>(body: &[u8], value: &T, parse: impl Fn(&[u8]) -> Result<T, ValidationErrors>)
where
    T: Serialize + PartialEq + Debug,
{
    let json = serde_json::to_vec(value).expect("an accepted value serialises");
    match parse(&json) {
        Err(e) if year_moved_out_by_offset(body, &json, &e) => {}
        _ => roundtrip(value, parse),
    }
}

/// What every outcome must be: an accepted value canonical ([`roundtrip`] with `parse`),
/// a refusal well-formed ([`check_errors`]).
pub fn check_outcome<T, E>(result: &Result<T, ValidationErrors>, parse: impl Fn(&[u8]) -> Result<T, E>)
where
    T: Serialize + PartialEq + Debug,
    E: std::fmt::Display,
{
    match result {
        Ok(value) => roundtrip(value, parse),
        Err(errors) => check_errors(errors),
    }
}

/// `api_models::objects::canonical` (the run-time dispatch) agrees with the typed call.
pub fn check_dispatch<T: Serialize>(
    object: &str,
    op: Op,
    json: &[u8],
    current: Option<&[u8]>,
    direct: &Result<T, ValidationErrors>,
) {
    let dispatched = api_models::objects::canonical(object, op, json, current).expect("a known object");
    match (direct, &dispatched) {
        (Ok(v), Ok(d)) => assert_eq!(&serde_json::to_value(v).unwrap(), d, "dispatch gives another value"),
        (Err(a), Err(b)) => assert_eq!(a, b, "dispatch gives other errors"),
        (a, b) => panic!("dispatch disagrees: direct ok={}, dispatched ok={}", a.is_ok(), b.is_ok()),
    }
}

/// Splits `data` at its first NUL byte (which valid JSON never holds): `(before, after)`.
pub fn split_nul(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let i = data.iter().position(|&b| b == 0)?;
    Some((&data[..i], &data[i + 1..]))
}
