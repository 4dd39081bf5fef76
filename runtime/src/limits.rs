//! Limits a wire profile puts on client bodies beyond a value's form: lengths counted
//! in UTF-16 code units, and the years a date or date-time may fall in.
//!
//! Like every limit, they bind clients only: a read keeps the value as it came.

use serde::{Deserializer, Serializer};

use super::de::{decode_scalar, Codec, Ctx, Scalar};
use super::error::ErrorKind;
use super::time::{Date, UtcDateTime};

/// A string of at most `N` UTF-16 code units: how Salesforce counts (its strings are
/// Java strings), so a character outside the Basic Multilingual Plane (an emoji, `𠮟`)
/// counts 2.
///
/// A longer string is `too_long` in create and update; the value is kept either way.
pub struct StrMaxUtf16<const N: usize>;

impl<const N: usize> Scalar for StrMaxUtf16<N> {
    type Value = String;
    const EXPECTED: &'static str = "a string";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<String> {
        Self::from_string(s.to_owned(), cx)
    }
    fn from_string(s: String, cx: &mut Ctx) -> Option<String> {
        // Each byte is at most one unit, so only a string longer than N bytes can be over.
        if cx.is_strict() && s.len() > N {
            let len: usize = s.chars().map(char::len_utf16).sum();
            if len > N {
                cx.error(ErrorKind::TooLong, format!("{len} UTF-16 code units is longer than the limit of {N}"));
            }
        }
        Some(s)
    }
}

impl<const N: usize> Codec for StrMaxUtf16<N> {
    type Value = String;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<String>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

/// A value that falls in a calendar year.
#[doc(hidden)]
pub trait InYear {
    /// The year (of the UTC date, for a date-time).
    fn year(&self) -> i32;
}

impl InYear for Date {
    fn year(&self) -> i32 {
        self.as_time().year()
    }
}

impl InYear for UtcDateTime {
    fn year(&self) -> i32 {
        self.as_time().year()
    }
}

/// A date or date-time (codec `C`) that a client body may only give from the year
/// `FIRST` to the year `LAST`, both included (Salesforce stores 1700-01-01 to
/// 4000-12-31). Outside them it is `out_of_range` in create and update; a read keeps it.
pub struct ClientYears<C, const FIRST: i32, const LAST: i32>(std::marker::PhantomData<fn() -> C>);

impl<C: Codec, const FIRST: i32, const LAST: i32> Codec for ClientYears<C, FIRST, LAST>
where
    C::Value: InYear,
{
    type Value = C::Value;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<C::Value>, D::Error> {
        let value = C::decode(de, cx)?;
        if let Some(v) = &value {
            if cx.is_strict() && !(FIRST..=LAST).contains(&v.year()) {
                cx.error(
                    ErrorKind::OutOfRange,
                    format!("the year {} is outside {FIRST} to {LAST}, the years the API stores", v.year()),
                );
            }
        }
        Ok(value)
    }
    fn encode<S: Serializer>(value: &C::Value, s: S) -> Result<S::Ok, S::Error> {
        C::encode(value, s)
    }
    fn json(value: &C::Value) -> serde_json::Value {
        C::json(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::Op;
    use crate::testing::{at, decode, ok, ALL_OPS};
    use crate::time::{DateIso, DateTimeMillisOffset};
    use ErrorKind::*;

    type Days = ClientYears<DateIso, 1700, 4000>;
    type Instants = ClientYears<DateTimeMillisOffset, 1700, 4000>;

    #[test]
    fn counts_utf16_units() {
        let emoji = "😀";
        let fits = format!("\"{}a\"", emoji.repeat(2));
        assert_eq!(ok::<StrMaxUtf16<5>>(&fits, Op::Create).chars().count(), 3);
        let over = format!("\"{}\"", emoji.repeat(3));
        for op in [Op::Create, Op::Update] {
            assert_eq!(decode::<StrMaxUtf16<5>>(&over, op), (Some(emoji.repeat(3)), vec![at("", TooLong)]));
        }
        assert_eq!(ok::<StrMaxUtf16<5>>(&over, Op::Read), emoji.repeat(3), "reads take any length");
        // Characters of the Basic Multilingual Plane count 1, whatever their UTF-8 length.
        assert_eq!(ok::<StrMaxUtf16<3>>("\"éé€\"", Op::Create), "éé€");
    }

    #[test]
    fn keeps_client_dates_in_range() {
        for edge in ["\"1700-01-01\"", "\"4000-12-31\""] {
            for op in ALL_OPS {
                ok::<Days>(edge, op);
            }
        }
        for out in ["\"1699-12-31\"", "\"4001-01-01\""] {
            for op in [Op::Create, Op::Update] {
                assert_eq!(decode::<Days>(out, op).1, vec![at("", OutOfRange)], "{out}");
            }
            ok::<Days>(out, Op::Read);
        }
        ok::<Instants>("\"4000-12-31T23:59:59.999+0000\"", Op::Create);
        assert_eq!(decode::<Instants>("\"1699-12-31T23:00:00Z\"", Op::Create).1, vec![at("", OutOfRange)]);
        // The year of the instant in UTC counts.
        assert_eq!(decode::<Instants>("\"1700-01-01T00:30:00+01:00\"", Op::Create).1, vec![at("", OutOfRange)]);
        assert_eq!(decode::<Days>("\"17000101\"", Op::Create).1, vec![at("", Format)], "a format problem only");
    }
}
