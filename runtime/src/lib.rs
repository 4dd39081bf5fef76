//! The hand-written runtime of the generated API object models: lenient decoding with
//! every problem reported at its JSON pointer, the codecs that pick each value's wire
//! form, and the value types (identifiers, dates, date-times) that the generated types
//! are made of.
//!
//! Generated crates depend on this crate (and re-export it as `runtime`), so that two
//! generated crates in one program share `Field<T>`, ids, dates, errors and patches.
//! Each API's support is behind a cargo feature: `stalwart`, `salesforce`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// Modules (and items) that only generated code uses are `#[doc(hidden)]`: documentation
// shows what a user of a generated crate reaches for (xtask `docs_show_the_user_api_only`
// checks it).
//
// The modules keep the layout they were written in when they were copied into each
// generated crate (unformatted there); reformatting them all at once is left for a quiet
// moment, as it would conflict with every branch editing them.
#[rustfmt::skip]
#[doc(hidden)]
pub mod bitmask;
#[rustfmt::skip]
#[doc(hidden)]
pub mod client;
#[rustfmt::skip]
#[doc(hidden)]
pub mod container;
pub mod custom_fields;
#[rustfmt::skip]
#[doc(hidden)]
pub mod de;
#[rustfmt::skip]
pub mod error;
#[cfg(feature = "salesforce")]
pub mod external_id;
pub mod finite;
#[doc(hidden)]
pub mod limits;
#[rustfmt::skip]
#[cfg(feature = "stalwart")]
pub mod jmap;
#[rustfmt::skip]
pub mod object;
// JMAP `/get` with `properties`.
#[cfg(feature = "stalwart")]
#[rustfmt::skip]
#[doc(hidden)]
pub mod partial;
#[cfg(feature = "stalwart")]
#[rustfmt::skip]
pub mod patch;
#[cfg(feature = "salesforce")]
pub mod related_records;
#[rustfmt::skip]
#[doc(hidden)]
pub mod rules;
#[cfg(feature = "salesforce")]
#[rustfmt::skip]
pub mod salesforce;
#[rustfmt::skip]
#[doc(hidden)]
pub mod scalar;
#[cfg(feature = "salesforce")]
pub mod salesforce_composite;
#[cfg(feature = "salesforce")]
pub mod salesforce_rest;
#[cfg(feature = "salesforce")]
pub mod sobject_collections;
#[cfg(feature = "stalwart")]
#[rustfmt::skip]
pub mod stalwart;
#[rustfmt::skip]
pub mod time;
#[rustfmt::skip]
pub mod wire_enum;
// Serialize and Deserialize of the envelopes above, without serde's derive.
#[cfg(any(feature = "salesforce", feature = "stalwart"))]
mod wire_record;

pub use self::time::{Date, UtcDateTime};
pub use container::Field;
pub use custom_fields::CustomFields;
pub use error::ParseError;

/// A required member a generated builder (`…CreateBuilder`) has not been given yet: its
/// `build` exists only once no `Missing` is left among the builder's type arguments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Missing;
/// The `serde_json` crate, whose `Value` and `Map` the API takes and returns (unknown
/// members, JMAP arguments, error bodies).
pub use serde_json;

/// The crates whose types this crate's API takes, at the versions it was built with:
/// `serde_json` (also at the crate root) and `time` (`Date::from_time` takes a
/// `time::Date`; the crate root's `time` is this crate's module of dates).
pub mod deps {
    pub use ::serde_json;
    pub use ::time;
}
pub use de::Op;
// The decoding machinery generated code calls into: public for it, not for users.
#[doc(hidden)]
pub use de::{Codec, Ctx};
pub use error::{ErrorKind, ValidationError, ValidationErrors};
pub use wire_enum::{UnknownValue, WireEnum};

/// Helpers shared by the unit tests of the runtime's modules.
#[cfg(test)]
pub(crate) mod testing {
    use super::de::{As, Codec, Ctx, Op};
    use super::error::ErrorKind;

    /// The problems found, as `(pointer, kind)` pairs in the order found.
    pub(crate) type Found = Vec<(String, ErrorKind)>;

    /// Decodes `json` with codec `C` for `op`, starting at pointer `at` (`""` for the root).
    pub(crate) fn decode_at<C: Codec>(json: &str, op: Op, at: &[&str]) -> (Option<C::Value>, Found) {
        let mut cx = Ctx::new(op);
        let mark = cx.mark();
        let mut de = serde_json::Deserializer::from_str(json);
        let value = C::decode(&mut de, &mut cx).expect("valid JSON");
        de.end().expect("nothing after the value");
        for key in at.iter().rev() {
            cx.close_key(mark, key);
        }
        let found = cx.into_errors().into_iter().map(|e| (e.pointer().to_owned(), e.kind())).collect();
        (value, found)
    }

    /// Decodes `json` with codec `C` for `op` at the root.
    pub(crate) fn decode<C: Codec>(json: &str, op: Op) -> (Option<C::Value>, Found) {
        decode_at::<C>(json, op, &[])
    }

    /// Decodes `json` with codec `C` through a `serde_json::Value` (the path a replayed
    /// member takes).
    pub(crate) fn decode_value<C: Codec>(json: &str, op: Op) -> (Option<C::Value>, Found) {
        let mut cx = Ctx::new(op);
        let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
        let decoded = C::decode(value, &mut cx).expect("decodable");
        let found = cx.into_errors().into_iter().map(|e| (e.pointer().to_owned(), e.kind())).collect();
        (decoded, found)
    }

    /// Decodes `json` that must be valid for `op`, returning the value.
    pub(crate) fn ok<C: Codec>(json: &str, op: Op) -> C::Value {
        let (value, found) = decode::<C>(json, op);
        assert!(found.is_empty(), "unexpected problems in {json}: {found:?}");
        value.expect("a value when no problem was found")
    }

    /// Decodes `json` for `op` and returns the single problem's `(pointer, kind)` with the value.
    pub(crate) fn one_error<C: Codec>(json: &str, op: Op) -> (Option<C::Value>, String, ErrorKind) {
        let (value, mut found) = decode::<C>(json, op);
        assert_eq!(found.len(), 1, "expected exactly one problem in {json}, got {found:?}");
        let (pointer, kind) = found.remove(0);
        (value, pointer, kind)
    }

    /// The kind of the single problem `json` has at the root for `op` (and that no value came back).
    pub(crate) fn kind<C: Codec>(json: &str, op: Op) -> ErrorKind {
        let (value, pointer, kind) = one_error::<C>(json, op);
        assert_eq!(pointer, "", "pointer of the problem in {json}");
        assert!(value.is_none(), "a value came back for {json}");
        kind
    }

    /// Encodes a value with codec `C` as compact JSON.
    pub(crate) fn encode<C: Codec>(value: &C::Value) -> String {
        serde_json::to_string(&As::<C>::new(value)).expect("serializable")
    }

    /// The shorthand for a problem in expectations.
    pub(crate) fn at(pointer: &str, kind: ErrorKind) -> (String, ErrorKind) {
        (pointer.to_owned(), kind)
    }

    /// Every operation, for checks that must hold in all of them.
    pub(crate) const ALL_OPS: [Op; 3] = [Op::Read, Op::Create, Op::Update];
}
