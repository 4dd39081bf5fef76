//! Codecs for the plain JSON scalars: strings, booleans, integers, floats, email
//! addresses, and any JSON value at all.
//!
//! A `null` where one of these belongs is a `required` problem; a JSON type other than
//! the one expected is a `type` problem.

use serde::{Deserializer, Serialize, Serializer};

use super::de::{decode_scalar, mismatch, shown, Codec, Ctx, Found, Op, Scalar};
use super::error::{ErrorKind, ParseError};

/// A string of any length.
pub struct Str;

impl Scalar for Str {
    type Value = String;
    const EXPECTED: &'static str = "a string";
    fn from_str(s: &str, _: &mut Ctx) -> Option<String> {
        Some(s.to_owned())
    }
    fn from_string(s: String, _: &mut Ctx) -> Option<String> {
        Some(s)
    }
}

impl Codec for Str {
    type Value = String;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<String>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// A string of at most `N` characters (Unicode scalar values, not bytes).
///
/// The limit binds clients: a longer string is a `too_long` problem in create and
/// update, and is accepted in a read. The value is kept either way.
pub struct StrMax<const N: usize>;

impl<const N: usize> Scalar for StrMax<N> {
    type Value = String;
    const EXPECTED: &'static str = "a string";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<String> {
        Self::from_string(s.to_owned(), cx)
    }
    fn from_string(s: String, cx: &mut Ctx) -> Option<String> {
        if cx.is_strict() {
            let len = s.chars().count();
            if len > N {
                cx.error(
                    ErrorKind::TooLong,
                    format!("{len} characters is longer than the limit of {N}"),
                );
            }
        }
        Some(s)
    }
}

impl<const N: usize> Codec for StrMax<N> {
    type Value = String;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<String>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// A JSON boolean.
pub struct Bool;

impl Scalar for Bool {
    type Value = bool;
    const EXPECTED: &'static str = "a boolean";
    fn from_bool(b: bool, _: &mut Ctx) -> Option<bool> {
        Some(b)
    }
}

impl Codec for Bool {
    type Value = bool;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<bool>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*value)
    }
    fn json(value: &bool) -> serde_json::Value {
        serde_json::Value::Bool(*value)
    }
}

/// The integer a JSON number written with a fraction or exponent stands for, when it has
/// no fractional part; a `type` problem when it has one.
///
/// Integral numbers too large for an `i128` saturate, so every caller's range check
/// still reports them as out of range.
pub(crate) fn integral(n: f64, expected: &str, cx: &mut Ctx) -> Option<i128> {
    if n.is_finite() && n.fract() == 0.0 {
        // `as` saturates: 1e300 becomes i128::MAX, which no caller's range admits.
        Some(n as i128)
    } else {
        mismatch(cx, expected, "a number with a fractional part")
    }
}

/// Records that the number `n` is outside the range of `expected`.
pub(crate) fn out_of_range<T>(
    cx: &mut Ctx,
    n: impl std::fmt::Display,
    expected: &str,
) -> Option<T> {
    cx.error(
        ErrorKind::OutOfRange,
        format!("{n} is out of range for {expected}"),
    );
    None
}

/// Defines an integer codec: any JSON number with an integral value in the target's range.
macro_rules! integer_codec {
    ($(#[$doc:meta])* $name:ident, $t:ty, $expected:literal, $ser:ident) => {
        $(#[$doc])*
        pub struct $name;

        impl $name {
            fn check(n: i128, shown: impl std::fmt::Display, cx: &mut Ctx) -> Option<$t> {
                match <$t>::try_from(n) {
                    Ok(v) => Some(v),
                    Err(_) => out_of_range(cx, shown, $expected),
                }
            }
        }

        impl Scalar for $name {
            type Value = $t;
            const EXPECTED: &'static str = $expected;
            fn from_i64(n: i64, cx: &mut Ctx) -> Option<$t> {
                Self::check(i128::from(n), n, cx)
            }
            fn from_u64(n: u64, cx: &mut Ctx) -> Option<$t> {
                Self::check(i128::from(n), n, cx)
            }
            fn from_f64(n: f64, cx: &mut Ctx) -> Option<$t> {
                let i = integral(n, $expected, cx)?;
                // An integer literal just below `MIN` reaches us rounded to `MIN` when the
                // double next to `MIN` is `MIN` itself (i64): such a double is ambiguous.
                let min = <$t>::MIN as f64;
                if n == min && min - 1.0 == min {
                    return out_of_range(cx, n, $expected);
                }
                Self::check(i, n, cx)
            }
        }

        impl Codec for $name {
            type Value = $t;
            fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<$t>, D::Error> {
                decode_scalar::<Self, D>(de, cx)
            }
            fn encode<S: Serializer>(value: &$t, s: S) -> Result<S::Ok, S::Error> {
                s.$ser(*value)
            }
            fn json(value: &$t) -> serde_json::Value {
                serde_json::Value::from(*value)
            }
        }
    };
}

integer_codec!(
    /// A signed 32-bit integer.
    Int32,
    i32,
    "a 32-bit integer",
    serialize_i32
);
integer_codec!(
    /// A signed 64-bit integer.
    Int64,
    i64,
    "a 64-bit integer",
    serialize_i64
);
integer_codec!(
    /// An unsigned 64-bit integer: a negative number is `out_of_range`.
    UInt64,
    u64,
    "an unsigned 64-bit integer",
    serialize_u64
);

/// A JSON number of any kind, as a double.
pub struct Float64;

impl Scalar for Float64 {
    type Value = f64;
    const EXPECTED: &'static str = "a number";
    fn from_i64(n: i64, _: &mut Ctx) -> Option<f64> {
        Some(n as f64)
    }
    fn from_u64(n: u64, _: &mut Ctx) -> Option<f64> {
        Some(n as f64)
    }
    fn from_f64(n: f64, _: &mut Ctx) -> Option<f64> {
        Some(n)
    }
}

impl Codec for Float64 {
    type Value = f64;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<f64>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    /// Fails for a NaN or an infinity, which JSON cannot hold: serde_json would write
    /// `null`, which in a create or update body clears the field.
    fn encode<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        if !value.is_finite() {
            return Err(serde::ser::Error::custom(format_args!(
                "{value} is not a JSON number (JSON has no NaN or infinity)"
            )));
        }
        s.serialize_f64(*value)
    }
}

/// An email address: `local@domain`, both parts non-empty, exactly one `@`, and no
/// whitespace or control characters. A string of another shape is a `format` problem.
pub struct EmailAddress;

impl EmailAddress {
    /// Whether `s` has the shape of an email address.
    pub fn is_valid(s: &str) -> bool {
        match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        }
    }
}

impl Scalar for EmailAddress {
    type Value = String;
    const EXPECTED: &'static str = "an email address (a string)";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<String> {
        Self::from_string(s.to_owned(), cx)
    }
    fn from_string(s: String, cx: &mut Ctx) -> Option<String> {
        if Self::is_valid(&s) {
            Some(s)
        } else {
            cx.error(
                ErrorKind::Format,
                format!("`{}` is not an email address (local@domain)", shown(&s)),
            );
            None
        }
    }
}

impl Codec for EmailAddress {
    type Value = String;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<String>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// Any JSON value at all, `null` included, kept as it came.
pub struct Any;

impl Codec for Any {
    type Value = serde_json::Value;
    fn decode<'de, D: Deserializer<'de>>(
        de: D,
        _: &mut Ctx,
    ) -> Result<Option<serde_json::Value>, D::Error> {
        <serde_json::Value as serde::Deserialize>::deserialize(de).map(Some)
    }
    fn encode<S: Serializer>(value: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// Names the JSON type of a value, for messages ("a string", "null").
pub(crate) fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => Found::BOOL,
        serde_json::Value::Number(_) => Found::NUMBER,
        serde_json::Value::String(_) => Found::STRING,
        serde_json::Value::Array(_) => Found::ARRAY,
        serde_json::Value::Object(_) => Found::OBJECT,
    }
}

/// Runs scalar `T` on a string outside any payload (for `FromStr` impls): the value,
/// or the problem found, as a [`ParseError`] (no pointer: there is no payload).
pub(crate) fn parse_with<T: Scalar>(s: &str) -> Result<T::Value, ParseError> {
    let mut cx = Ctx::new(Op::Read);
    match T::from_str(s, &mut cx) {
        Some(v) if cx.error_count() == 0 => Ok(v),
        _ => Err(ParseError::from_errors(cx.into_errors(), T::EXPECTED)),
    }
}

/// Deserializes a lone scalar with codec `C` (the `Deserialize` impls of ids, dates and
/// date-times): as a read, with the problem's own message rather than a payload report.
pub(crate) fn deserialize_scalar<'de, C: Codec, D: Deserializer<'de>>(de: D) -> Result<C::Value, D::Error> {
    let mut cx = Ctx::new(Op::Read);
    let value = C::decode(de, &mut cx)?;
    match value {
        Some(v) if cx.error_count() == 0 => Ok(v),
        _ => Err(serde::de::Error::custom(ParseError::from_errors(cx.into_errors(), "a valid value"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{
        at, decode, decode_at, decode_value, encode, kind, ok, one_error, ALL_OPS,
    };
    use ErrorKind::*;

    #[test]
    fn strings() {
        assert_eq!(ok::<Str>(r#""héllo \"x\"""#, Op::Read), "héllo \"x\"");
        assert_eq!(ok::<Str>(r#""""#, Op::Create), "");
        assert_eq!(encode::<Str>(&"a\"b".to_owned()), r#""a\"b""#);
        for op in ALL_OPS {
            assert_eq!(kind::<Str>("1", op), Type);
            assert_eq!(kind::<Str>("true", op), Type);
            assert_eq!(kind::<Str>("[\"a\"]", op), Type);
            assert_eq!(kind::<Str>("{\"a\":1}", op), Type);
            assert_eq!(kind::<Str>("null", op), Required);
        }
    }

    #[test]
    fn errors_land_at_the_current_pointer() {
        let (v, found) = decode_at::<Str>("5", Op::Read, &["status", "a/b"]);
        assert_eq!(v, None);
        assert_eq!(found, vec![at("/status/a~1b", Type)]);
    }

    #[test]
    fn bounded_strings_count_characters() {
        let fits = format!("\"{}\"", "é".repeat(5));
        assert_eq!(ok::<StrMax<5>>(&fits, Op::Create).chars().count(), 5);
        let long = format!("\"{}\"", "é".repeat(6));
        for op in [Op::Create, Op::Update] {
            let (v, p, k) = one_error::<StrMax<5>>(&long, op);
            assert_eq!((p.as_str(), k), ("", TooLong));
            assert_eq!(v.as_deref(), Some("éééééé"), "the value is still returned");
        }
        assert_eq!(ok::<StrMax<5>>(&long, Op::Read), "éééééé");
        assert_eq!(kind::<StrMax<5>>("7", Op::Create), Type);
        assert_eq!(kind::<StrMax<5>>("null", Op::Create), Required);
        // Through a `serde_json::Value` the string arrives owned.
        let (v, found) = decode_value::<StrMax<2>>("\"abc\"", Op::Update);
        assert_eq!((v.as_deref(), found), (Some("abc"), vec![at("", TooLong)]));
    }

    #[test]
    fn booleans() {
        assert!(ok::<Bool>("true", Op::Read));
        assert!(!ok::<Bool>("false", Op::Create));
        assert_eq!(kind::<Bool>("\"true\"", Op::Read), Type);
        assert_eq!(kind::<Bool>("1", Op::Read), Type);
        assert_eq!(kind::<Bool>("null", Op::Update), Required);
        assert_eq!(encode::<Bool>(&true), "true");
    }

    #[test]
    fn int32() {
        assert_eq!(ok::<Int32>("2147483647", Op::Read), i32::MAX);
        assert_eq!(ok::<Int32>("-2147483648", Op::Read), i32::MIN);
        assert_eq!(ok::<Int32>("12.0", Op::Read), 12);
        assert_eq!(ok::<Int32>("1e3", Op::Read), 1000);
        assert_eq!(ok::<Int32>("-0", Op::Read), 0);
        assert_eq!(kind::<Int32>("2147483648", Op::Read), OutOfRange);
        assert_eq!(kind::<Int32>("-2147483649", Op::Read), OutOfRange);
        assert_eq!(kind::<Int32>("1e30", Op::Read), OutOfRange);
        assert_eq!(kind::<Int32>("1.5", Op::Read), Type);
        assert_eq!(kind::<Int32>("\"1\"", Op::Read), Type);
        assert_eq!(kind::<Int32>("null", Op::Read), Required);
        assert_eq!(encode::<Int32>(&-5), "-5");
    }

    #[test]
    fn int64() {
        assert_eq!(ok::<Int64>("9223372036854775807", Op::Read), i64::MAX);
        assert_eq!(ok::<Int64>("-9223372036854775808", Op::Read), i64::MIN);
        assert_eq!(ok::<Int64>("-3.0", Op::Read), -3);
        assert_eq!(kind::<Int64>("9223372036854775808", Op::Read), OutOfRange);
        assert_eq!(kind::<Int64>("-9223372036854775809", Op::Read), OutOfRange);
        assert_eq!(kind::<Int64>("-9223372036854776000", Op::Read), OutOfRange);
        assert_eq!(
            kind::<Int64>("-9223372036854775808.0", Op::Read),
            OutOfRange,
            "ambiguous as a double"
        );
        assert_eq!(
            ok::<Int64>("-9223372036854774784.0", Op::Read),
            -9223372036854774784
        );
        assert_eq!(kind::<Int64>("9.3e18", Op::Read), OutOfRange);
        assert_eq!(kind::<Int64>("-0.5", Op::Read), Type);
        assert_eq!(encode::<Int64>(&i64::MIN), "-9223372036854775808");
    }

    #[test]
    fn uint64() {
        assert_eq!(ok::<UInt64>("18446744073709551615", Op::Read), u64::MAX);
        assert_eq!(ok::<UInt64>("0", Op::Read), 0);
        assert_eq!(ok::<UInt64>("4.0e2", Op::Read), 400);
        assert_eq!(ok::<UInt64>("-0.0", Op::Read), 0);
        // Beyond u64, serde_json hands over a float.
        assert_eq!(kind::<UInt64>("18446744073709551616", Op::Read), OutOfRange);
        assert_eq!(kind::<UInt64>("-1", Op::Read), OutOfRange);
        assert_eq!(kind::<UInt64>("-1.0", Op::Create), OutOfRange);
        assert_eq!(kind::<UInt64>("1e300", Op::Read), OutOfRange);
        assert_eq!(kind::<UInt64>("0.1", Op::Read), Type);
        assert_eq!(kind::<UInt64>("true", Op::Read), Type);
        assert_eq!(encode::<UInt64>(&u64::MAX), "18446744073709551615");
        let (v, found) = decode_value::<UInt64>("-7", Op::Read);
        assert_eq!((v, found), (None, vec![at("", OutOfRange)]));
    }

    #[test]
    fn float64() {
        assert_eq!(ok::<Float64>("1.5", Op::Read), 1.5);
        assert_eq!(ok::<Float64>("-2", Op::Read), -2.0);
        assert_eq!(
            ok::<Float64>("18446744073709551615", Op::Read),
            18446744073709551615.0
        );
        assert_eq!(ok::<Float64>("1e300", Op::Read), 1e300);
        assert_eq!(kind::<Float64>("\"1.5\"", Op::Read), Type);
        assert_eq!(kind::<Float64>("null", Op::Read), Required);
        assert_eq!(encode::<Float64>(&0.25), "0.25");
    }

    #[test]
    fn email_addresses() {
        for good in ["alice@example.com", "a@b", "<x>@y.z", "ünï@cödé.de"] {
            assert_eq!(ok::<EmailAddress>(&format!("\"{good}\""), Op::Create), good);
        }
        for bad in [
            "",
            "alice",
            "@example.com",
            "alice@",
            "a@b@c",
            "a b@c",
            "a@b\\tc",
            "a@b\\u0000",
            "a@b\\u00a0",
        ] {
            assert_eq!(
                kind::<EmailAddress>(&format!("\"{bad}\""), Op::Read),
                Format,
                "{bad}"
            );
        }
        assert_eq!(kind::<EmailAddress>("12", Op::Read), Type);
        assert_eq!(kind::<EmailAddress>("null", Op::Read), Required);
    }

    #[test]
    fn any_value() {
        for json in [
            "null",
            "1",
            "-2.5",
            "\"x\"",
            "[1,{\"a\":null}]",
            "{\"k\":[true]}",
        ] {
            let v = ok::<Any>(json, Op::Create);
            assert_eq!(v, serde_json::from_str::<serde_json::Value>(json).unwrap());
            assert_eq!(encode::<Any>(&v), json);
        }
    }

    #[test]
    fn a_scalar_in_an_array_does_not_break_the_parse() {
        // The array is consumed so that the caller's parse goes on after it.
        let (v, found) = decode::<Int64>("[1, [2, {\"a\": 3}]]", Op::Read);
        assert_eq!((v, found), (None, vec![at("", Type)]));
    }
}
