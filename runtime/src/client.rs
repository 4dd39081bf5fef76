//! Rules a server applies to values in client bodies (create, update) beyond what their
//! types say, as codecs wrapping the plain ones: an API's wire profile lists them
//! (`wire.client-rules`) and the generator wraps each client codec accordingly. Reads
//! keep such values: the rules bind what a client sends.
//!
//! Stalwart's: no empty text, integers written as JSON integers; and (its
//! `wire.client-years`, `as-written`) date-times whose year, as written before any offset
//! is applied, lies in 1970..=3000. The value itself is held and written in UTC, so a
//! body the server accepts, `1970-01-01T00:30:00+01:00`, gives a value written
//! `1969-12-31T23:30:00Z`, which `validate()` refuses, as the server would refuse it.

use std::marker::PhantomData;

use serde::{Deserializer, Serializer};

use super::de::{decode_scalar, mismatch, Codec, Ctx, Scalar};
use super::error::ErrorKind;
use super::time::UtcDateTime;

/// Text that may not be empty in a client body: `""` is `invalid_value`.
pub struct NonEmpty<C>(PhantomData<fn() -> C>);

impl<C: Scalar<Value = String>> Scalar for NonEmpty<C> {
    type Value = String;
    const EXPECTED: &'static str = C::EXPECTED;
    fn from_str(s: &str, cx: &mut Ctx) -> Option<String> {
        if s.is_empty() && cx.is_strict() {
            cx.error(ErrorKind::InvalidValue, "the text may not be empty");
            return None;
        }
        C::from_str(s, cx)
    }
    fn from_string(s: String, cx: &mut Ctx) -> Option<String> {
        if s.is_empty() && cx.is_strict() {
            cx.error(ErrorKind::InvalidValue, "the text may not be empty");
            return None;
        }
        C::from_string(s, cx)
    }
}

impl<C: Scalar<Value = String> + Codec<Value = String>> Codec for NonEmpty<C> {
    type Value = String;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<String>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        <C as Codec>::encode(value, s)
    }
    fn json(value: &String) -> serde_json::Value {
        <C as Codec>::json(value)
    }
}

/// An integer that a client body must write as a JSON integer: a number with a fraction
/// or an exponent (`1.0`, `1e0`) is a `type` error, as the server's parser sees a float.
pub struct ExactInt<C>(PhantomData<fn() -> C>);

impl<C: Scalar> Scalar for ExactInt<C> {
    type Value = C::Value;
    const EXPECTED: &'static str = C::EXPECTED;
    fn from_i64(n: i64, cx: &mut Ctx) -> Option<C::Value> {
        C::from_i64(n, cx)
    }
    fn from_u64(n: u64, cx: &mut Ctx) -> Option<C::Value> {
        C::from_u64(n, cx)
    }
    fn from_f64(n: f64, cx: &mut Ctx) -> Option<C::Value> {
        // serde_json reads an integer literal as an i64 or u64 whenever it fits, so a
        // double inside that span was written with a fraction or an exponent. One beyond
        // it may be an integer literal too large for 64 bits: that is `out_of_range`.
        // (-2^63 itself is both i64::MIN and the double a literal just below it rounds to.)
        let beyond_64_bits = n.fract() == 0.0 && !(n > -9.223_372_036_854_776e18 && n < 1.844_674_407_370_955_2e19);
        if cx.is_strict() && !beyond_64_bits {
            return mismatch(cx, C::EXPECTED, "a number written with a fraction or an exponent");
        }
        C::from_f64(n, cx)
    }
}

impl<C: Scalar + Codec<Value = <C as Scalar>::Value>> Codec for ExactInt<C> {
    type Value = <C as Scalar>::Value;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Self::Value>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        <C as Codec>::encode(value, s)
    }
    fn json(value: &Self::Value) -> serde_json::Value {
        <C as Codec>::json(value)
    }
}

/// A date-time whose year, as written (before any offset is applied), must lie in
/// `LO..=HI` in a client body; outside, `out_of_range`.
pub struct YearsWritten<C, const LO: i32, const HI: i32>(PhantomData<fn() -> C>);

impl<C: Scalar<Value = UtcDateTime>, const LO: i32, const HI: i32> Scalar for YearsWritten<C, LO, HI> {
    type Value = UtcDateTime;
    const EXPECTED: &'static str = C::EXPECTED;
    fn from_str(s: &str, cx: &mut Ctx) -> Option<UtcDateTime> {
        let value = C::from_str(s, cx)?;
        if cx.is_strict() {
            // The codec accepted it, so it begins with its year's digits.
            let year = s.split('-').next().and_then(|y| y.parse::<i32>().ok());
            if year.is_some_and(|y| !(LO..=HI).contains(&y)) {
                cx.error(
                    ErrorKind::OutOfRange,
                    format!("the year of `{s}` is outside {LO}..={HI}, the years the server accepts"),
                );
                return None;
            }
        }
        Some(value)
    }
}

impl<C: Scalar<Value = UtcDateTime> + Codec<Value = UtcDateTime>, const LO: i32, const HI: i32> Codec
    for YearsWritten<C, LO, HI>
{
    type Value = UtcDateTime;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<UtcDateTime>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &UtcDateTime, s: S) -> Result<S::Ok, S::Error> {
        <C as Codec>::encode(value, s)
    }
    fn json(value: &UtcDateTime) -> serde_json::Value {
        <C as Codec>::json(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::Op;
    use crate::scalar::{Int64, Str, UInt64};
    use crate::testing::{kind, ok};
    use crate::time::DateTimeSecondsZ;
    use ErrorKind::*;

    type Dt = YearsWritten<DateTimeSecondsZ, 1970, 3000>;

    #[test]
    fn empty_text_is_refused_in_client_bodies_only() {
        assert_eq!(kind::<NonEmpty<Str>>("\"\"", Op::Create), InvalidValue);
        assert_eq!(kind::<NonEmpty<Str>>("\"\"", Op::Update), InvalidValue);
        assert_eq!(ok::<NonEmpty<Str>>("\"\"", Op::Read), "");
        assert_eq!(ok::<NonEmpty<Str>>("\"x\"", Op::Create), "x");
        assert_eq!(kind::<NonEmpty<Str>>("1", Op::Create), Type);
    }

    #[test]
    fn integers_with_a_fraction_or_exponent_are_floats() {
        for text in ["1.0", "1e0", "0.0", "2E1"] {
            assert_eq!(kind::<ExactInt<UInt64>>(text, Op::Create), Type, "{text}");
            assert_eq!(kind::<ExactInt<Int64>>(text, Op::Update), Type, "{text}");
        }
        assert_eq!(ok::<ExactInt<UInt64>>("1.0", Op::Read), 1);
        assert_eq!(ok::<ExactInt<Int64>>("-3", Op::Create), -3);
        assert_eq!(kind::<ExactInt<UInt64>>("-1", Op::Create), OutOfRange);
        // Integer literals beyond 64 bits reach the codec as doubles: out of range, not floats.
        assert_eq!(kind::<ExactInt<UInt64>>("18446744073709551616", Op::Create), OutOfRange);
        assert_eq!(kind::<ExactInt<Int64>>("-9223372036854775809", Op::Create), OutOfRange);
    }

    #[test]
    fn years_as_written() {
        for bad in ["1969-12-31T23:59:59Z", "3001-01-01T00:00:00Z", "0000-01-01T00:00:00Z"] {
            assert_eq!(kind::<Dt>(&format!("\"{bad}\""), Op::Create), OutOfRange, "{bad}");
        }
        // The year as written decides, before the offset moves the instant.
        ok::<Dt>("\"1970-01-01T00:30:00+01:00\"", Op::Create);
        ok::<Dt>("\"3000-12-31T23:30:00-01:00\"", Op::Create);
        ok::<Dt>("\"1969-07-20T20:17:00Z\"", Op::Read);
        assert_eq!(kind::<Dt>("\"yesterday\"", Op::Create), Format);
    }
}
