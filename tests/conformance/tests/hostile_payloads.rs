//! Hostile payloads: whatever arrives gets a clear error (or the documented acceptance,
//! README "Hostile input"), never a panic, in time linear in its size.
//!
//! Time is never checked against a clock limit, only against itself: parsing 4n bytes
//! may take at most 16 times as long as parsing n (linear is 4; quadratic would be 16,
//! and the rest is room for a busy machine).

use std::time::{Duration, Instant};

use api_models::runtime::patch::Patch;
use api_models::runtime::Op;
use serde_json::Value;

const SF: &str = "salesforce/Task";
const ST: &str = "stalwart/Task";

/// A stored Stalwart task, for updates (JMAP patches).
const STORED: &str = r#"{"@type": "AccountMaintenance", "accountId": "c", "maintenanceType": "purge",
    "status": {"@type": "Pending", "createdAt": "2026-01-01T00:00:00Z", "due": "2026-01-01T00:00:00Z"}}"#;

/// A valid Stalwart create body; `{}` in it is replaced by extra members.
const ST_CREATE: &str = r#"{"@type": "AccountMaintenance", "accountId": "c", "maintenanceType": "purge", {} "status": {"@type": "Pending", "due": "2026-01-01T00:00:00Z"}}"#;

/// The outcome for `body` as `op` on `object`: its canonical JSON, or its problems as
/// `(pointer, kind, message)`.
fn outcome(object: &str, op: Op, body: &[u8]) -> Result<Value, Vec<(String, String, String)>> {
    let current = (object == ST && op == Op::Update).then_some(STORED.as_bytes());
    let result = api_models::objects::canonical(object, op, body, current).expect("the object is in the crate");
    result.map_err(|errors| {
        errors.iter().map(|e| (e.pointer().to_owned(), e.kind().as_str().to_owned(), e.message().to_owned())).collect()
    })
}

/// The problems of a refused body, as `(pointer, kind)`.
#[track_caller]
fn refused(object: &str, op: Op, body: impl AsRef<[u8]>) -> Vec<(String, String)> {
    match outcome(object, op, body.as_ref()) {
        Ok(v) => panic!("accepted, canonical {}", short(&v.to_string())),
        Err(errors) => {
            for (_, _, message) in &errors {
                assert!(message.len() < 400, "a message stays short whatever the payload: {}", short(message));
            }
            errors.into_iter().map(|(p, k, _)| (p, k)).collect()
        }
    }
}

/// The canonical JSON of an accepted body.
#[track_caller]
fn accepted(object: &str, op: Op, body: impl AsRef<[u8]>) -> Value {
    outcome(object, op, body.as_ref()).unwrap_or_else(|e| panic!("refused: {:?}", &e[..e.len().min(5)]))
}

/// The single problem of a body that is not JSON the crate can take: at the root, kind
/// `syntax`, with `says` in its message.
#[track_caller]
fn syntax(object: &str, op: Op, body: impl AsRef<[u8]>, says: &str) {
    let errors = outcome(object, op, body.as_ref()).expect_err("refused");
    let (pointer, kind, message) = errors.last().expect("one problem at least");
    assert_eq!((pointer.as_str(), kind.as_str()), ("", "syntax"), "{errors:?}");
    assert!(message.contains(says), "`{says}` not in `{message}`");
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(p, k)| ((*p).to_owned(), (*k).to_owned())).collect()
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

/// The fastest of three runs of `f`.
fn best_of_3(f: &dyn Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Asserts that `run` over `make(4 * n)` takes at most 16 times as long as over `make(n)`.
#[track_caller]
fn linear(what: &str, n: usize, make: impl Fn(usize) -> Vec<u8>, run: impl Fn(&[u8])) {
    let (small, large) = (make(n), make(4 * n));
    let t_small = best_of_3(&|| run(&small));
    let t_large = best_of_3(&|| run(&large));
    // A millisecond of slack, so that a run too fast to time is not a failure.
    assert!(
        t_large <= t_small * 16 + Duration::from_millis(1),
        "{what}: {} bytes took {t_small:?}, {} bytes took {t_large:?}: not linear",
        small.len(),
        large.len()
    );
}

// ---------------------------------------------------------------- deep nesting

#[test]
fn deep_nesting_at_the_root() {
    let n = 100_000;
    // Unclosed: the parser reads to the end without recursing, then says so.
    syntax(SF, Op::Read, "[".repeat(n), "EOF while parsing a list");
    // Closed: a value of the wrong type is skipped whole, without recursion, at any depth.
    let nested = format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert_eq!(refused(SF, Op::Read, &nested), pairs(&[("", "type")]));
    assert_eq!(refused(ST, Op::Create, &nested), pairs(&[("", "type")]));
    // Objects: the member `a` is kept (read) as a JSON value, where serde_json's
    // recursion limit (128 levels) stops the parse.
    syntax(SF, Op::Read, "{\"a\":".repeat(n), "recursion limit exceeded");
    // A client body skips the unknown member (without recursion) and reaches the end.
    let errors = refused(SF, Op::Create, "{\"a\":".repeat(n));
    assert_eq!(errors, pairs(&[("/a", "unknown_field"), ("", "syntax")]));
}

#[test]
fn deep_nesting_in_a_field() {
    let n = 100_000;
    let array = format!("{}{}", "[".repeat(n), "]".repeat(n));
    // A known field of the wrong type: skipped whole, a `type` problem at the field.
    for op in [Op::Read, Op::Create] {
        assert_eq!(refused(SF, op, format!(r#"{{"Subject": {array}}}"#)), pairs(&[("/Subject", "type")]));
    }
    let body = ST_CREATE.replace(r#""accountId": "c","#, "").replace("{}", &format!(r#""accountId": {array},"#));
    assert_eq!(refused(ST, Op::Create, &body), pairs(&[("/accountId", "type")]));
    // Where the crate keeps JSON as it is (unknown members of a read, custom fields,
    // members before the discriminator, patch values), nesting stops at 128 levels.
    syntax(SF, Op::Read, format!(r#"{{"Unknown": {array}}}"#), "recursion limit exceeded");
    syntax(SF, Op::Create, format!(r#"{{"Deep__c": {array}}}"#), "recursion limit exceeded");
    syntax(ST, Op::Update, format!(r#"{{"status": {array}}}"#), "recursion limit exceeded");
    // A member before the discriminator waits as raw text, then is decoded like any other ...
    assert_eq!(
        refused(ST, Op::Read, format!(r#"{{"status": {array}, "@type": "IndexTrace"}}"#)),
        pairs(&[("/status", "type"), ("/traceId", "required")])
    );
    // ... or, in a variant the schema does not know, kept as JSON: too deep is an error, never a silent null.
    syntax(ST, Op::Read, format!(r#"{{"deep": {array}, "@type": "Newer"}}"#), "recursion limit exceeded");
    // 127 levels below the member are kept, and written back as they came.
    let kept = format!(r#"{{"Unknown":{}{}}}"#, "[".repeat(126), "]".repeat(126));
    assert_eq!(accepted(SF, Op::Read, &kept), serde_json::from_str::<Value>(&kept).unwrap());
}

#[test]
fn deep_nesting_takes_linear_time() {
    let closed = |n: usize| format!(r#"{{"Subject": {}{}}}"#, "[".repeat(n), "]".repeat(n)).into_bytes();
    linear("nested arrays in a field", 50_000, closed, |b| {
        let _ = refused(SF, Op::Create, b);
    });
    let open = |n: usize| "{\"a\":".repeat(n).into_bytes();
    linear("unclosed objects", 50_000, open, |b| {
        let _ = refused(SF, Op::Create, b);
    });
}

// ---------------------------------------------------------------- very long strings

#[test]
fn a_10_mb_string_in_a_limited_field() {
    let long = "x".repeat(10 << 20);
    assert_eq!(refused(SF, Op::Create, format!(r#"{{"Subject": "{long}"}}"#)), pairs(&[("/Subject", "too_long")]));
    assert_eq!(
        refused(SF, Op::Update, format!(r#"{{"Description": "{long}"}}"#)),
        pairs(&[("/Description", "too_long")])
    );
    // A malformed value is quoted in the message only by its start (`refused` checks the length).
    assert_eq!(refused(SF, Op::Create, format!(r#"{{"WhoId": "{long}"}}"#)), pairs(&[("/WhoId", "format")]));
    assert_eq!(
        refused(
            ST,
            Op::Create,
            ST_CREATE.replace("\"accountId\": \"c\",", "").replace("{}", &format!(r#""accountId": "{long}","#))
        ),
        pairs(&[("/accountId", "format")])
    );
    // Reads check types and formats, not limits: the server's word is taken.
    let read = accepted(SF, Op::Read, format!(r#"{{"Subject": "{long}"}}"#));
    assert_eq!(read["Subject"].as_str().map(str::len), Some(10 << 20));
}

#[test]
fn a_10_mb_string_in_an_unlimited_field() {
    let long = "é".repeat(5 << 20);
    let body = STORED.replace(r#""@type": "Pending","#, &format!(r#""@type": "Retry", "failureReason": "{long}","#));
    let read = accepted(ST, Op::Read, &body);
    assert_eq!(read["status"]["failureReason"].as_str(), Some(long.as_str()));
    // An unknown member of any size is kept in a read, and is one problem in a create.
    let body = format!(r#"{{"Note": "{long}"}}"#);
    assert_eq!(accepted(SF, Op::Read, &body)["Note"].as_str().map(str::len), Some(10 << 20));
    assert_eq!(refused(SF, Op::Create, &body), pairs(&[("/Note", "unknown_field")]));
    // ... and so is a member name of any size: the pointer is exact, the message short.
    let errors = refused(SF, Op::Create, format!(r#"{{"{long}": 1}}"#));
    assert_eq!(errors, vec![(format!("/{long}"), "unknown_field".to_owned())]);
}

#[test]
fn long_strings_take_linear_time() {
    let subject = |n: usize| format!(r#"{{"Subject": "{}"}}"#, "x".repeat(n)).into_bytes();
    linear("a long Subject", 1 << 20, subject, |b| {
        let _ = refused(SF, Op::Create, b);
    });
    let id = |n: usize| format!(r#"{{"WhoId": "{}"}}"#, "x".repeat(n)).into_bytes();
    linear("a long id", 1 << 20, id, |b| {
        let _ = refused(SF, Op::Create, b);
    });
}

// ---------------------------------------------------------------- huge numbers

#[test]
fn huge_numbers() {
    // Beyond what a double can hold: the JSON parser refuses the whole body.
    for n in ["1e400", "-1e400"] {
        syntax(SF, Op::Create, format!(r#"{{"CallDurationInSeconds": {n}}}"#), "number out of range");
        syntax(SF, Op::Read, format!(r#"{{"Unknown": {n}}}"#), "number out of range");
    }
    // An integer of 300 digits is read as a double: out of any integer field's range ...
    let big = "9".repeat(300);
    assert_eq!(
        refused(SF, Op::Create, format!(r#"{{"CallDurationInSeconds": {big}}}"#)),
        pairs(&[("/CallDurationInSeconds", "out_of_range")])
    );
    let body = STORED.replace(r#""accountId": "c""#, &format!(r#""accountId": "c", "extra": {big}"#));
    assert_eq!(accepted(ST, Op::Read, &body)["extra"], serde_json::json!(1e300));
    let body = STORED.replace(
        r#""@type": "Pending","#,
        &format!(r#""@type": "Retry", "attemptNumber": {big}, "failureReason": "x","#),
    );
    assert_eq!(refused(ST, Op::Read, &body), pairs(&[("/status/attemptNumber", "out_of_range")]));
    assert_eq!(
        refused(ST, Op::Read, body.replace(&big, "18446744073709551616")),
        pairs(&[("/status/attemptNumber", "out_of_range")])
    );
    // ... and kept as that double where no type is known (precision is lost).
    assert_eq!(accepted(SF, Op::Read, format!(r#"{{"Unknown": {big}}}"#))["Unknown"], serde_json::json!(1e300));
    // -0, -0.0 and 1e-400 (which a double rounds to 0) are the integer 0 ...
    for zero in ["-0", "-0.0", "1e-400", "0e7"] {
        let v = accepted(SF, Op::Create, format!(r#"{{"CallDurationInSeconds": {zero}}}"#));
        assert_eq!(v["CallDurationInSeconds"], serde_json::json!(0), "{zero}");
        let body = STORED.replace(
            r#""@type": "Pending","#,
            &format!(r#""@type": "Retry", "attemptNumber": {zero}, "failureReason": "x","#),
        );
        assert_eq!(accepted(ST, Op::Read, &body)["status"]["attemptNumber"], serde_json::json!(0), "{zero}");
    }
    // ... while a fraction a double can tell is not an integer.
    assert_eq!(
        refused(SF, Op::Create, r#"{"CallDurationInSeconds": 1.5}"#),
        pairs(&[("/CallDurationInSeconds", "type")])
    );
}

// ---------------------------------------------------------------- duplicate keys

#[test]
fn duplicate_keys_in_client_bodies_are_refused() {
    let twice = r#"{"Subject": "a", "Subject": "b"}"#;
    assert_eq!(refused(SF, Op::Create, twice), pairs(&[("/Subject", "invalid_value")]));
    assert_eq!(refused(SF, Op::Update, twice), pairs(&[("/Subject", "invalid_value")]));
    // Custom fields too, and the same value twice as well.
    assert_eq!(refused(SF, Op::Create, r#"{"A__c": 1, "A__c": 1}"#), pairs(&[("/A__c", "invalid_value")]));
    // The record's `attributes` object as well.
    let attrs = r#"{"Subject": "a", "attributes": {"type": "Task"}, "attributes": {"type": "Task"}}"#;
    assert_eq!(refused(SF, Op::Create, attrs), pairs(&[("/attributes", "invalid_value")]));
    // Stalwart: before and after the discriminator, and in a nested object.
    let body = ST_CREATE.replace("{}", r#""accountId": "d","#);
    assert_eq!(refused(ST, Op::Create, &body), pairs(&[("/accountId", "invalid_value")]));
    let body = format!(r#"{{"accountId": "d", {}"#, &ST_CREATE[1..]).replace("{}", "");
    assert_eq!(refused(ST, Op::Create, &body), pairs(&[("/accountId", "invalid_value")]));
    let body = ST_CREATE.replace("{}", "").replace(r#""due":"#, r#""due": "2027-01-01T00:00:00Z", "due":"#);
    assert_eq!(refused(ST, Op::Create, &body), pairs(&[("/status/due", "invalid_value")]));
    // A JMAP patch: a repeated path, and a repeated member inside a patch value.
    let patch = r#"{"status/due": "2026-02-01T00:00:00Z", "status/due": "2026-03-01T00:00:00Z"}"#;
    assert_eq!(refused(ST, Op::Update, patch), pairs(&[("/status/due", "invalid_value")]));
    let patch = r#"{"status": {"@type": "Pending", "due": "2026-02-01T00:00:00Z", "due": "2026-03-01T00:00:00Z"}}"#;
    assert_eq!(refused(ST, Op::Update, patch), pairs(&[("/status/due", "invalid_value")]));
    assert!(Patch::from_json(patch.as_bytes()).is_err());
    // When the discriminator is the problem, it stays the only one reported.
    let body = r#"{"@type": "Nonsense", "accountId": "c", "accountId": "d"}"#;
    assert_eq!(refused(ST, Op::Create, body), pairs(&[("/@type", "invalid_value")]));
    // The serde `Deserialize` impls refuse them as well.
    let err = serde_json::from_str::<api_models::salesforce::task::TaskCreate>(twice).unwrap_err();
    assert!(err.to_string().contains("appears more than once"), "{err}");
}

#[test]
fn duplicate_keys_in_reads_keep_the_last() {
    let read = accepted(SF, Op::Read, r#"{"Subject": "a", "Subject": "b", "X": 1, "X": 2}"#);
    assert_eq!((read["Subject"].as_str(), read["X"].as_i64()), (Some("b"), Some(2)));
    let body = STORED.replace(r#""accountId": "c""#, r#""accountId": "b", "accountId": "c""#);
    assert_eq!(accepted(ST, Op::Read, &body)["accountId"], "c");
    // Every occurrence is decoded and checked: a bad first value is still a problem.
    assert_eq!(refused(SF, Op::Read, r#"{"Subject": 5, "Subject": "b"}"#), pairs(&[("/Subject", "type")]));
}

#[test]
fn a_discriminator_repeated_with_two_values() {
    let body = STORED.replacen(
        r#""@type": "AccountMaintenance","#,
        r#""@type": "AccountMaintenance", "@type": "TenantMaintenance","#,
        1,
    );
    for op in [Op::Read, Op::Create] {
        assert_eq!(refused(ST, op, &body), pairs(&[("/@type", "invalid_value")]));
    }
    // The same value twice is refused alike: one discriminator per object.
    let body = STORED.replacen(
        r#""@type": "AccountMaintenance","#,
        r#""@type": "AccountMaintenance", "@type": "AccountMaintenance","#,
        1,
    );
    assert_eq!(refused(ST, Op::Read, &body), pairs(&[("/@type", "invalid_value")]));
    let body = STORED.replace(r#""@type": "Pending","#, r#""@type": "Pending", "@type": "Failed","#);
    assert_eq!(refused(ST, Op::Read, &body), pairs(&[("/status/@type", "invalid_value")]));
}

/// A discriminator written last is guessed from the body's tail before decoding; the
/// guess must never change the outcome. Here the tail names one variant and an earlier
/// discriminator another, so the guess is wrong and the body is read again.
#[test]
fn a_discriminator_guessed_from_the_tail_is_checked() {
    let last = |extra: &str| {
        let without = STORED.replacen(r#""@type": "AccountMaintenance","#, "", 1);
        let open = without.trim_end().strip_suffix('}').expect("an object");
        format!("{open}{extra}, \"@type\": \"AccountMaintenance\"}}")
    };
    // Alone at the end: the guess holds, and the value is the stored one.
    assert_eq!(accepted(ST, Op::Read, last("")), accepted(ST, Op::Read, STORED));
    // Another discriminator before it, with another value: refused as without a guess,
    // the members read as the variant met first (a TenantMaintenance has no
    // `accountId`; the guessed AccountMaintenance would have taken it).
    let body = last(r#", "@type": "TenantMaintenance""#);
    assert_eq!(refused(ST, Op::Read, &body), pairs(&[("/@type", "invalid_value")]));
    assert_eq!(
        refused(ST, Op::Create, &body),
        pairs(&[
            ("/accountId", "unknown_field"),
            ("/maintenanceType", "invalid_value"),
            ("/status/createdAt", "forbidden"),
            ("/@type", "invalid_value")
        ])
    );
    // A body that is not JSON after all: the syntax error, never a guessed variant's.
    syntax(ST, Op::Read, last("").replacen('{', "{,", 1), "not valid JSON");
}

// ---------------------------------------------------------------- bytes that are not JSON

#[test]
fn invalid_utf8() {
    syntax(SF, Op::Read, b"{\"Subject\": \"a\xff\xfeb\"}", "invalid unicode code point");
    syntax(SF, Op::Create, b"{\"Sub\xffject\": \"a\"}", "invalid unicode code point");
    // An overlong encoding of `/` and a UTF-16 surrogate written in UTF-8.
    syntax(ST, Op::Read, b"{\"@type\": \"\xc0\xaf\"}", "invalid unicode code point");
    syntax(SF, Op::Read, b"{\"Subject\": \"\xed\xa0\x80\"}", "invalid unicode code point");
    // A byte order mark is not JSON either.
    syntax(SF, Op::Read, b"\xef\xbb\xbf{}", "expected value");
}

#[test]
fn lone_surrogates_in_escapes() {
    syntax(SF, Op::Read, r#"{"Subject": "\ud800"}"#, "unexpected end of hex escape");
    syntax(SF, Op::Create, r#"{"Subject": "\ud800x"}"#, "unexpected end of hex escape");
    syntax(SF, Op::Read, r#"{"Subject": "\udc00"}"#, "lone leading surrogate");
    syntax(ST, Op::Read, r#"{"\ud800": 1}"#, "unexpected end of hex escape");
    syntax(ST, Op::Update, r#"{"status/due": "\ud800"}"#, "unexpected end of hex escape");
    // A proper pair is a character like any other.
    assert_eq!(accepted(SF, Op::Read, r#"{"Subject": "\ud83d\ude00"}"#)["Subject"], "😀");
}

#[test]
fn empty_null_and_trailing_bodies() {
    for object in [SF, ST] {
        for op in [Op::Read, Op::Create, Op::Update] {
            syntax(object, op, "", "EOF while parsing a value");
            syntax(object, op, " \n", "EOF while parsing a value");
            syntax(object, op, "{} {}", "trailing characters");
        }
        // `null` is a value, of the wrong kind: an object is required.
        for op in [Op::Read, Op::Create] {
            assert_eq!(refused(object, op, "null"), pairs(&[("", "required")]));
        }
    }
    assert_eq!(refused(SF, Op::Update, "null"), pairs(&[("", "required")]));
    assert_eq!(refused(ST, Op::Update, "null"), pairs(&[("", "type")]));
    assert_eq!(refused(SF, Op::Create, "[]"), pairs(&[("", "type")]));
}

// ---------------------------------------------------------------- volume

/// `{"TaskWhoIds": [id, id, ...]}` of about `bytes` bytes.
fn who_ids(bytes: usize, bad_at: Option<usize>) -> String {
    let ids: Vec<&str> =
        (0..bytes / 21).map(|i| if Some(i) == bad_at { "\"003\"" } else { "\"0035e00000AbCdEAAV\"" }).collect();
    format!(r#"{{"TaskWhoIds": [{}]}}"#, ids.join(","))
}

#[test]
fn a_1_mb_array_of_ids() {
    let v = accepted(SF, Op::Create, who_ids(1 << 20, None));
    assert_eq!(v["TaskWhoIds"].as_array().map(Vec::len), Some((1 << 20) / 21));
    assert_eq!(refused(SF, Op::Create, who_ids(1 << 20, Some(40_000))), pairs(&[("/TaskWhoIds/40000", "format")]));
    linear(
        "an array of ids",
        1 << 18,
        |n| who_ids(n, None).into_bytes(),
        |b| {
            let _ = accepted(SF, Op::Create, b);
        },
    );
}

/// An object of `n` members `X0`, `X1`, ... (after `head`, if given).
fn many_members(n: usize, head: &str) -> String {
    let mut s = format!("{{{head}");
    for i in 0..n {
        if i > 0 || !head.is_empty() {
            s.push(',');
        }
        s.push_str(&format!(r#""X{i}":{i}"#));
    }
    s.push('}');
    s
}

#[test]
fn a_hundred_thousand_unknown_members() {
    let n = 100_000;
    let body = many_members(n, "");
    let task = api_models::salesforce::Task::from_json(&body).expect("a read keeps them");
    assert_eq!(task.unknown_fields.len(), n);
    let errors = refused(SF, Op::Create, &body);
    assert_eq!(errors.len(), n);
    assert!(errors.iter().all(|(p, k)| p.starts_with("/X") && k == "unknown_field"));
    // Before the discriminator they wait, and then are kept (a variant the schema does not know) ...
    let v = accepted(ST, Op::Read, many_members(n, r#""@type":"Newer""#));
    assert_eq!(v.as_object().map(serde_json::Map::len), Some(n + 1));
    // ... or refused.
    assert_eq!(refused(ST, Op::Create, many_members(n, r#""@type":"AccountMaintenance""#)).len(), n + 3);
    linear(
        "unknown members, read",
        10_000,
        |n| many_members(n, "").into_bytes(),
        |b| {
            let _ = accepted(SF, Op::Read, b);
        },
    );
    linear(
        "unknown members, create",
        10_000,
        |n| many_members(n, "").into_bytes(),
        |b| {
            let _ = refused(SF, Op::Create, b);
        },
    );
    let repeated = |n: usize| {
        let members: Vec<String> = (0..n).map(|i| format!(r#""Y{i}__c":{i},"Y{i}__c":{i}"#)).collect();
        format!("{{{}}}", members.join(",")).into_bytes()
    };
    assert_eq!(refused(SF, Op::Create, repeated(n)).len(), n);
    linear("repeated members, create", 10_000, repeated, |b| {
        let _ = refused(SF, Op::Create, b);
    });
}
