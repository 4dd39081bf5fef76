//! Dates and UTC date-times, and the codecs for their wire forms.
//!
//! Only the lexical shape is checked here; the `time` crate decides which calendar dates
//! exist and does the offset arithmetic. Years are 0000 to 9999 throughout.

use std::fmt;
use std::str::FromStr;

use serde::{Deserializer, Serializer};

use super::de::{decode_scalar, shown, Codec, Ctx, Scalar};
use super::error::{ErrorKind, ParseError};
use super::scalar::{deserialize_scalar, parse_with};

/// A calendar date (no time, no zone), year 0000 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(::time::Date);

impl Date {
    /// The date `year`-`month`-`day`, if it exists and its year is 0 to 9999.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = ::time::Month::try_from(month).ok()?;
        Self::from_time(::time::Date::from_calendar_date(year, month, day).ok()?)
    }
    /// Wraps a `time` date, if its year is 0 to 9999.
    pub fn from_time(date: ::time::Date) -> Option<Self> {
        (0..=9999).contains(&date.year()).then_some(Date(date))
    }
    /// The date as a `time` date.
    pub fn as_time(&self) -> ::time::Date {
        self.0
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.0.to_calendar_date();
        write!(f, "{y:04}-{:02}-{d:02}", u8::from(m))
    }
}

impl FromStr for Date {
    type Err = ParseError;
    /// Parses `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_with::<DateIso>(s)
    }
}

/// An instant in UTC, year 0000 to 9999, to the millisecond.
///
/// Both APIs carry at most milliseconds, so finer precision is dropped (truncated) on the
/// way in, and equal values always write the same text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UtcDateTime(::time::PrimitiveDateTime);

impl UtcDateTime {
    /// The instant `millis` milliseconds after 1970-01-01T00:00:00Z, if its year is 0 to 9999.
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        let t = ::time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .ok()?;
        Self::from_time(t)
    }
    /// Milliseconds since 1970-01-01T00:00:00Z (negative before).
    pub fn unix_millis(&self) -> i64 {
        // Years 0 to 9999 are well within i64 milliseconds.
        (self.to_offset_time().unix_timestamp_nanos() / 1_000_000) as i64
    }
    /// The same instant in UTC, truncated to the millisecond, if its UTC year is 0 to 9999.
    pub fn from_time(t: ::time::OffsetDateTime) -> Option<Self> {
        let utc = t.checked_to_offset(::time::UtcOffset::UTC)?;
        let utc = utc.replace_millisecond(utc.millisecond()).ok()?;
        let date = Date::from_time(utc.date())?;
        Some(UtcDateTime(::time::PrimitiveDateTime::new(
            date.0,
            utc.time(),
        )))
    }
    /// The date and time of day in UTC, as a `time` value.
    pub fn as_time(&self) -> ::time::PrimitiveDateTime {
        self.0
    }
    /// The instant as a `time` value at offset zero.
    pub fn to_offset_time(&self) -> ::time::OffsetDateTime {
        self.0.assume_utc()
    }
    /// The current instant (the system clock), truncated to the millisecond.
    pub fn now() -> Self {
        // The clock of any real system is within years 0 to 9999; were it not, the
        // nearest end of the range stands in rather than a panic.
        let now = ::time::OffsetDateTime::now_utc();
        Self::from_time(now).unwrap_or_else(|| {
            let end = if now.year() < 0 { ::time::Date::MIN } else { ::time::Date::MAX };
            let edge = if now.year() < 0 { (0, 1, 1) } else { (9999, 12, 31) };
            let date = Date::from_ymd(edge.0, edge.1, edge.2).map_or(end, |d| d.0);
            UtcDateTime(::time::PrimitiveDateTime::new(date, ::time::Time::MIDNIGHT))
        })
    }
    /// The UTC date.
    pub fn date(&self) -> Date {
        Date(self.0.date())
    }
    /// Writes the instant in one of the wire styles.
    fn write(&self, f: &mut fmt::Formatter<'_>, style: Style) -> fmt::Result {
        let mut buf = [0u8; 28];
        f.write_str(self.render(style, &mut buf))
    }

    /// Renders the instant in one of the wire styles into `buf` (at most 28 bytes).
    ///
    /// Written digit by digit rather than through `format!`: serializing date-times is
    /// on the hot path of every record.
    fn render<'b>(&self, style: Style, buf: &'b mut [u8; 28]) -> &'b str {
        let (y, mo, d) = self.0.to_calendar_date();
        let (h, mi, s, ms) = self.0.as_hms_milli();
        let mut n = put_date(buf, y as u32, u8::from(mo).into(), d.into());
        buf[n] = b'T';
        n += 1;
        for (i, v) in [h, mi, s].into_iter().enumerate() {
            if i > 0 {
                buf[n] = b':';
                n += 1;
            }
            put_digits(&mut buf[n..n + 2], v.into());
            n += 2;
        }
        let millis = |buf: &mut [u8; 28], n: &mut usize| {
            buf[*n] = b'.';
            put_digits(&mut buf[*n + 1..*n + 4], ms.into());
            *n += 4;
        };
        match style {
            Style::Rfc3339 if ms == 0 => {}
            Style::Rfc3339 | Style::MillisOffset => millis(buf, &mut n),
            Style::SecondsZ => {}
        }
        let zone: &[u8] = if matches!(style, Style::MillisOffset) { b"+0000" } else { b"Z" };
        buf[n..n + zone.len()].copy_from_slice(zone);
        n += zone.len();
        // Only ASCII digits and punctuation were written.
        std::str::from_utf8(&buf[..n]).unwrap_or_default()
    }
}

impl fmt::Display for UtcDateTime {
    /// RFC 3339 in UTC: `YYYY-MM-DDTHH:MM:SSZ`, with `.sss` when the milliseconds are not zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Style::Rfc3339)
    }
}

impl FromStr for UtcDateTime {
    type Err = ParseError;
    /// Parses `YYYY-MM-DDTHH:MM:SS`, optional fractional seconds, then `Z`, `±HH:MM` or
    /// `±HHMM`: anything either API's codec accepts.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_with::<AnyDateTime>(s)
    }
}

/// Serializes as `YYYY-MM-DD`, the form both APIs use.
impl serde::Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        <DateIso as Codec>::encode(self, s)
    }
}

/// Deserializes `YYYY-MM-DD` (a JSON string); anything else is an error naming the problem.
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        deserialize_scalar::<DateIso, D>(de)
    }
}

/// Serializes as `Display` writes it: RFC 3339 in UTC (`2026-01-01T00:00:00Z`, with
/// `.sss` when the milliseconds are not zero). A generated type writes its members in
/// its API's own form instead (Stalwart's whole seconds, Salesforce's `.sss+0000`).
impl serde::Serialize for UtcDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 28];
        s.serialize_str(self.render(Style::Rfc3339, &mut buf))
    }
}

/// Deserializes any form either API accepts (as `FromStr` does), converted to UTC.
impl<'de> serde::Deserialize<'de> for UtcDateTime {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        deserialize_scalar::<AnyDateTime, D>(de)
    }
}

/// How a date-time is written.
#[derive(Clone, Copy)]
enum Style {
    Rfc3339,
    SecondsZ,
    MillisOffset,
}

/// Writes `v` as `out.len()` decimal digits, zero-padded.
fn put_digits(out: &mut [u8], mut v: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// `value` written `YYYY-MM-DD` into `buf`.
fn render_date<'b>(value: &Date, buf: &'b mut [u8; 28]) -> &'b str {
    let (y, m, d) = value.0.to_calendar_date();
    let n = put_date(buf, y as u32, u8::from(m).into(), d.into());
    std::str::from_utf8(&buf[..n]).unwrap_or_default()
}

/// Writes `YYYY-MM-DD` at the start of `buf`; returns its length.
fn put_date(buf: &mut [u8; 28], y: u32, m: u32, d: u32) -> usize {
    put_digits(&mut buf[0..4], y);
    buf[4] = b'-';
    put_digits(&mut buf[5..7], m);
    buf[7] = b'-';
    put_digits(&mut buf[8..10], d);
    10
}

/// The value of a run of decimal digits (at most nine), or `None` if any byte is not one.
#[inline]
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, b| {
        let d = b.wrapping_sub(b'0');
        (d < 10).then(|| acc * 10 + u32::from(d))
    })
}

/// Reads fixed-width fields from the ASCII text of a date or date-time.
struct Scanner<'a> {
    rest: &'a [u8],
}

impl Scanner<'_> {
    /// Exactly `n` decimal digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let (field, rest) = self.rest.split_at_checked(n)?;
        let value = number(field)?;
        self.rest = rest;
        Some(value)
    }
    /// The byte `b`, if it comes next.
    fn eat(&mut self, b: u8) -> bool {
        match self.rest.split_first() {
            Some((&first, rest)) if first == b => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }
    /// `YYYY-MM-DD`, a real calendar date.
    fn date(&mut self) -> Option<::time::Date> {
        // Fixed layout: one bounds check, then each digit checked as it is used.
        let (f, rest) = self.rest.split_first_chunk::<10>()?;
        if f[4] != b'-' || f[7] != b'-' {
            return None;
        }
        let year = number(&f[0..4])?;
        let month = number(&f[5..7])?;
        let day = number(&f[8..10])?;
        self.rest = rest;
        let month = ::time::Month::try_from(month as u8).ok()?;
        ::time::Date::from_calendar_date(year as i32, month, day as u8).ok()
    }
    /// `HH:MM:SS` and optional fractional seconds (any number of digits, nanoseconds kept).
    fn time(&mut self) -> Option<::time::Time> {
        let (f, rest) = self.rest.split_first_chunk::<8>()?;
        if f[2] != b':' || f[5] != b':' {
            return None;
        }
        let hour = number(&f[0..2])?;
        let minute = number(&f[3..5])?;
        let second = number(&f[6..8])?;
        self.rest = rest;
        let mut nanos = 0;
        if self.eat(b'.') {
            let count = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if count == 0 {
                return None;
            }
            let (fraction, rest) = self.rest.split_at(count);
            for place in 0..9 {
                nanos = nanos * 10 + fraction.get(place).map_or(0, |b| u32::from(b - b'0'));
            }
            self.rest = rest;
        }
        ::time::Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos).ok()
    }
    /// `Z`, `±HH:MM`, or (when `bare` is allowed) `±HHMM`; the offset in seconds east of UTC.
    fn zone(&mut self, bare: bool) -> Option<i32> {
        if self.eat(b'Z') {
            return Some(0);
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let hours = self.digits(2)?;
        if !self.eat(b':') && !bare {
            return None;
        }
        let minutes = self.digits(2)?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        Some(sign * (hours * 3600 + minutes * 60) as i32)
    }
}

/// Which offsets a date-time form accepts, and to what it is truncated.
#[derive(Clone, Copy)]
struct DateTimeForm {
    /// Whether `±HHMM` is accepted besides `Z` and `±HH:MM`.
    bare_offset: bool,
    /// Whether milliseconds are kept (otherwise whole seconds).
    millis: bool,
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, the form both servers write (Stalwart always):
/// every byte read at its fixed offset, with no scanner state. `None` for anything else,
/// which the general scan then reads (a malformed value too, so it costs nothing here).
#[inline]
fn utc_whole_seconds(s: &[u8]) -> Option<::time::PrimitiveDateTime> {
    let b: &[u8; 20] = s.try_into().ok()?;
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    // The fourteen digits, each checked (a byte below `0` wraps above 9).
    let d = |i: usize| b[i].wrapping_sub(b'0');
    let digits = [d(0), d(1), d(2), d(3), d(5), d(6), d(8), d(9), d(11), d(12), d(14), d(15), d(17), d(18)];
    if digits.iter().any(|v| *v > 9) {
        return None;
    }
    let two = |hi: u8, lo: u8| hi * 10 + lo;
    let year = i32::from(digits[0]) * 1000 + i32::from(digits[1]) * 100 + i32::from(two(digits[2], digits[3]));
    let month = ::time::Month::try_from(two(digits[4], digits[5])).ok()?;
    let date = ::time::Date::from_calendar_date(year, month, two(digits[6], digits[7])).ok()?;
    let time = ::time::Time::from_hms(two(digits[8], digits[9]), two(digits[10], digits[11]), two(digits[12], digits[13]))
        .ok()?;
    Some(::time::PrimitiveDateTime::new(date, time))
}

/// Parses a date-time in `form`: the instant in UTC, or `None` when malformed.
fn scan_date_time(s: &str, form: DateTimeForm) -> Option<UtcDateTime> {
    // Already UTC, whole seconds: the same instant the general scan gives, in a third of
    // its instructions (issue 16).
    match utc_whole_seconds(s.as_bytes()) {
        Some(utc) => Some(UtcDateTime(utc)),
        None => scan_any_date_time(s, form),
    }
}

/// [`scan_date_time`] for every form: fractions, offsets.
fn scan_any_date_time(s: &str, form: DateTimeForm) -> Option<UtcDateTime> {
    let mut sc = Scanner { rest: s.as_bytes() };
    let date = sc.date()?;
    if !sc.eat(b'T') {
        return None;
    }
    let time = sc.time()?;
    let offset = sc.zone(form.bare_offset)?;
    if !sc.rest.is_empty() {
        return None;
    }
    let kept = if form.millis { time.millisecond() } else { 0 };
    let time = time.replace_millisecond(kept).ok()?;
    if offset == 0 {
        // Already UTC (as both APIs write it), and a four-digit year is in range: no
        // conversion to make.
        return Some(UtcDateTime(::time::PrimitiveDateTime::new(date, time)));
    }
    let offset = ::time::UtcOffset::from_whole_seconds(offset).ok()?;
    UtcDateTime::from_time(::time::PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// Records a `format` problem for `s`, which should have been `what`.
#[cold]
fn malformed<T>(cx: &mut Ctx, s: &str, what: &str) -> Option<T> {
    cx.error(ErrorKind::Format, format!("`{}` is not {what}", shown(s)));
    None
}

/// A date written `YYYY-MM-DD` (ISO 8601 calendar date); only dates that exist.
#[doc(hidden)]
pub struct DateIso;

impl Scalar for DateIso {
    type Value = Date;
    const EXPECTED: &'static str = "a date (a YYYY-MM-DD string)";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<Date> {
        let mut sc = Scanner { rest: s.as_bytes() };
        match sc.date() {
            Some(date) if sc.rest.is_empty() => Some(Date(date)),
            _ => malformed(cx, s, "a date (YYYY-MM-DD)"),
        }
    }
}

impl Codec for DateIso {
    type Value = Date;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Date>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(render_date(value, &mut [0u8; 28]))
    }
    fn json(value: &Date) -> serde_json::Value {
        serde_json::Value::String(render_date(value, &mut [0u8; 28]).to_owned())
    }
}

/// Stalwart's `UTCDateTime`: written `YYYY-MM-DDTHH:MM:SSZ`; read with optional
/// fractional seconds and a `Z` or `±HH:MM` offset, converted to UTC and truncated to
/// whole seconds.
#[doc(hidden)]
pub struct DateTimeSecondsZ;

/// A date-time codec: the forms it reads, the style it writes, and its messages.
macro_rules! date_time_codec {
    ($codec:ident, bare_offset: $bare:expr, millis: $millis:expr, style: $style:expr, expected: $expected:literal, malformed: $malformed:literal) => {
        impl Scalar for $codec {
            type Value = UtcDateTime;
            const EXPECTED: &'static str = $expected;
            fn from_str(s: &str, cx: &mut Ctx) -> Option<UtcDateTime> {
                scan_date_time(s, DateTimeForm { bare_offset: $bare, millis: $millis })
                    .or_else(|| malformed(cx, s, $malformed))
            }
        }

        impl Codec for $codec {
            type Value = UtcDateTime;
            fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<UtcDateTime>, D::Error> {
                decode_scalar::<Self, D>(de, cx)
            }
            fn encode<S: Serializer>(value: &UtcDateTime, s: S) -> Result<S::Ok, S::Error> {
                let mut buf = [0u8; 28];
                s.serialize_str(value.render($style, &mut buf))
            }
        }
    };
}

date_time_codec!(
    DateTimeSecondsZ,
    bare_offset: false,
    millis: false,
    style: Style::SecondsZ,
    expected: "a date-time (a YYYY-MM-DDTHH:MM:SSZ string)",
    malformed: "a date-time (YYYY-MM-DDTHH:MM:SSZ, or with a ±HH:MM offset)"
);

/// Salesforce's `dateTime`: written `YYYY-MM-DDTHH:MM:SS.sss+0000`; read with optional
/// fractional seconds and a `Z`, `±HH:MM` or `±HHMM` offset, converted to UTC and
/// truncated to milliseconds.
#[doc(hidden)]
pub struct DateTimeMillisOffset;

date_time_codec!(
    DateTimeMillisOffset,
    bare_offset: true,
    millis: true,
    style: Style::MillisOffset,
    expected: "a date-time (a YYYY-MM-DDTHH:MM:SS.sss+0000 string)",
    malformed: "a date-time (YYYY-MM-DDTHH:MM:SS.sss+0000, or with Z or ±HH:MM)"
);

/// Every date-time form either API accepts (for `FromStr`).
struct AnyDateTime;

impl Scalar for AnyDateTime {
    type Value = UtcDateTime;
    const EXPECTED: &'static str = "a date-time";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<UtcDateTime> {
        scan_date_time(
            s,
            DateTimeForm {
                bare_offset: true,
                millis: true,
            },
        )
        .or_else(|| {
            malformed(
                cx,
                s,
                "a date-time (YYYY-MM-DDTHH:MM:SS, optional fraction, then Z or an offset)",
            )
        })
    }
}

impl Codec for AnyDateTime {
    type Value = UtcDateTime;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<UtcDateTime>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &UtcDateTime, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(value, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::Op;
    use crate::testing::{decode_at, encode, kind, ok, ALL_OPS};
    use ErrorKind::*;

    fn utc(s: &str) -> UtcDateTime {
        s.parse().unwrap()
    }

    #[test]
    fn the_fixed_utc_form_reads_as_the_general_scan_does() {
        let form = DateTimeForm { bare_offset: false, millis: false };
        let seeds = [
            "2026-05-01T08:45:00Z", "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z",
        ];
        let mut checked = 0;
        for seed in seeds {
            // Each byte replaced by its neighbours and by the bytes around the digits.
            for at in 0..seed.len() {
                for c in [b'0', b'9', b'/', b':', b'-', b'T', b'Z', b'+', b'.', b' ', b'a'] {
                    let mut v = seed.as_bytes().to_vec();
                    v[at] = c;
                    let text = String::from_utf8(v).unwrap();
                    let general = scan_any_date_time(&text, form);
                    match utc_whole_seconds(text.as_bytes()) {
                        Some(fast) => assert_eq!(Some(UtcDateTime(fast)), general, "{text}"),
                        None => assert_eq!(general, None, "{text}: the fixed form refused what the scan reads"),
                    }
                    checked += 1;
                }
            }
            assert_eq!(scan_date_time(seed, form), scan_any_date_time(seed, form), "{seed}");
        }
        assert!(checked > 2000);
        // Other forms are the general scan's.
        assert!(utc_whole_seconds(b"2026-05-01T08:45:00.5Z").is_none());
        assert_eq!(scan_date_time("2026-05-01T10:45:00+02:00", form), Some(utc("2026-05-01T08:45:00Z")));
    }

    #[test]
    fn dates() {
        let d = ok::<DateIso>("\"2024-02-29\"", Op::Read);
        assert_eq!(d, Date::from_ymd(2024, 2, 29).unwrap());
        assert_eq!(encode::<DateIso>(&d), "\"2024-02-29\"");
        assert_eq!(
            ok::<DateIso>("\"0000-01-01\"", Op::Create).to_string(),
            "0000-01-01"
        );
        assert_eq!(
            ok::<DateIso>("\"9999-12-31\"", Op::Create).to_string(),
            "9999-12-31"
        );
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-1-01",
            "26-01-01",
            "2026-01-01T00:00:00Z",
            "2026/01/01",
            " 2026-01-01",
            "2026-01-01 ",
            "",
            "+2026-01-01",
            "２０２６-01-01",
        ] {
            for op in ALL_OPS {
                assert_eq!(kind::<DateIso>(&format!("\"{bad}\""), op), Format, "{bad}");
            }
            assert!(bad.parse::<Date>().is_err());
        }
        assert_eq!(kind::<DateIso>("20260101", Op::Read), Type);
        assert_eq!(kind::<DateIso>("null", Op::Read), Required);
        let (_, found) = decode_at::<DateIso>("\"2026-02-30\"", Op::Read, &["ActivityDate"]);
        assert_eq!(found, vec![("/ActivityDate".to_owned(), Format)]);
        let err = "2026-02-30".parse::<Date>().unwrap_err();
        assert_eq!(err.kind(), Format);
    }

    #[test]
    fn date_constructors() {
        assert_eq!(Date::from_ymd(2026, 2, 30), None);
        assert_eq!(Date::from_ymd(-1, 1, 1), None);
        assert_eq!(Date::from_ymd(10000, 1, 1), None);
        let d = Date::from_ymd(2026, 3, 2).unwrap();
        assert_eq!(d.as_time().day(), 2);
        assert_eq!("2026-03-02".parse::<Date>().unwrap(), d);
        assert!(Date::from_ymd(2026, 3, 1).unwrap() < d);
    }

    #[test]
    fn stalwart_date_times() {
        let v = ok::<DateTimeSecondsZ>("\"2026-01-01T00:00:00Z\"", Op::Read);
        assert_eq!(encode::<DateTimeSecondsZ>(&v), "\"2026-01-01T00:00:00Z\"");
        let v = ok::<DateTimeSecondsZ>("\"2026-01-01T02:00:00+02:00\"", Op::Read);
        assert_eq!(encode::<DateTimeSecondsZ>(&v), "\"2026-01-01T00:00:00Z\"");
        let v = ok::<DateTimeSecondsZ>("\"2025-12-31T22:30:59.999-01:45\"", Op::Create);
        assert_eq!(encode::<DateTimeSecondsZ>(&v), "\"2026-01-01T00:15:59Z\"");
        assert_eq!(v.as_time().nanosecond(), 0, "truncated to whole seconds");
        let v = ok::<DateTimeSecondsZ>("\"2026-06-01T12:00:00.123456789123Z\"", Op::Read);
        assert_eq!(v, utc("2026-06-01T12:00:00Z"));
        for bad in [
            "2026-01-01T00:00:00",       // no zone
            "2026-01-01 00:00:00Z",      // space instead of T
            "2026-01-01T00:00:00+0200",  // Stalwart offsets have a colon
            "2026-01-01T24:00:00Z",      // hour
            "2026-01-01T00:60:00Z",      // minute
            "2026-01-01T00:00:60Z",      // leap second
            "2026-02-30T00:00:00Z",      // no such day
            "2026-01-01T00:00:00.Z",     // empty fraction
            "2026-01-01T00:00:00+24:00", // offset hours
            "2026-01-01T00:00:00+01:60", // offset minutes
            "2026-01-01T00:00:00+1:00",  // offset digits
            "2026-01-01T00:00:00z",      // lower-case zone
            "2026-01-01t00:00:00Z",      // lower-case T
            "2026-01-01T00:00Z",         // no seconds
            "2026-01-01T00:00:00ZZ",     // trailing text
            "2026-01-01",                // a date
            "0000-01-01T00:30:00+01:00", // before year 0 in UTC
            "9999-12-31T23:30:00-01:00", // after year 9999 in UTC
        ] {
            for op in ALL_OPS {
                assert_eq!(
                    kind::<DateTimeSecondsZ>(&format!("\"{bad}\""), op),
                    Format,
                    "{bad}"
                );
            }
        }
        assert_eq!(kind::<DateTimeSecondsZ>("1767225600", Op::Read), Type);
        assert_eq!(kind::<DateTimeSecondsZ>("null", Op::Read), Required);
    }

    #[test]
    fn salesforce_date_times() {
        for input in [
            "2026-03-02T09:30:00Z",
            "2026-03-02T09:30:00.000+0000",
            "2026-03-02T10:30:00+01:00",
            "2026-03-02T10:30:00+0100",
            "2026-03-02T04:00:00-05:30",
            "2026-03-02T09:30:00.0009Z",
        ] {
            let v = ok::<DateTimeMillisOffset>(&format!("\"{input}\""), Op::Create);
            assert_eq!(
                encode::<DateTimeMillisOffset>(&v),
                "\"2026-03-02T09:30:00.000+0000\"",
                "{input}"
            );
        }
        let v = ok::<DateTimeMillisOffset>("\"2018-06-21T20:15:04.5678+0000\"", Op::Read);
        assert_eq!(
            encode::<DateTimeMillisOffset>(&v),
            "\"2018-06-21T20:15:04.567+0000\""
        );
        assert_eq!(v.to_string(), "2018-06-21T20:15:04.567Z");
        for bad in [
            "2026-03-02 09:30",
            "2026-03-02T09:30:00",
            "2026-03-02T09:30:00+01",
            "2026-03-02T09:30:00+01:0",
            "2026-03-02T09:30:00.000+000",
        ] {
            assert_eq!(
                kind::<DateTimeMillisOffset>(&format!("\"{bad}\""), Op::Create),
                Format,
                "{bad}"
            );
        }
    }

    #[test]
    fn utc_date_time_values() {
        let v = utc("2026-03-02T09:30:00Z");
        assert_eq!(v.to_string(), "2026-03-02T09:30:00Z");
        assert_eq!(v.unix_millis(), 1_772_443_800_000);
        assert_eq!(
            UtcDateTime::from_unix_millis(1_772_443_800_250)
                .unwrap()
                .to_string(),
            "2026-03-02T09:30:00.250Z"
        );
        assert_eq!(
            UtcDateTime::from_unix_millis(0).unwrap().to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            UtcDateTime::from_unix_millis(-1).unwrap().to_string(),
            "1969-12-31T23:59:59.999Z"
        );
        assert_eq!(UtcDateTime::from_unix_millis(i64::MAX), None);
        assert_eq!(
            UtcDateTime::from_unix_millis(-62_167_219_200_001),
            None,
            "before 0000-01-01"
        );
        assert!(UtcDateTime::from_unix_millis(-62_167_219_200_000).is_some());
        // Display and FromStr agree.
        for s in [
            "2026-03-02T09:30:00Z",
            "2026-03-02T09:30:00.001Z",
            "0000-01-01T00:00:00Z",
        ] {
            assert_eq!(utc(s).to_string(), s);
        }
        // Finer precision is dropped.
        let t =
            ::time::OffsetDateTime::from_unix_timestamp_nanos(1_772_443_800_123_456_789).unwrap();
        let v = UtcDateTime::from_time(t).unwrap();
        assert_eq!(v.unix_millis(), 1_772_443_800_123);
        assert_eq!(v.as_time().nanosecond(), 123_000_000);
        assert_eq!(v.date(), Date::from_ymd(2026, 3, 2).unwrap());
        assert_eq!(v.to_offset_time().offset(), ::time::UtcOffset::UTC);
        // Offsets are converted.
        let plus_two = ::time::UtcOffset::from_hms(2, 0, 0).unwrap();
        assert_eq!(UtcDateTime::from_time(t.to_offset(plus_two)), Some(v));
        assert!(utc("2026-03-02T09:30:00+01:00") < utc("2026-03-02T09:30:00Z"));
        assert!("2026-03-02T09:30:00".parse::<UtcDateTime>().is_err());
    }

    #[test]
    fn serde_is_the_wire_form_and_names_the_problem() {
        let d = Date::from_ymd(2026, 3, 1).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-03-01\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-03-01\"").unwrap(), d);
        let e = serde_json::from_str::<Date>("\"2026-02-30\"").unwrap_err().to_string();
        assert!(e.starts_with("`2026-02-30` is not a date (YYYY-MM-DD)"), "{e}");
        assert!(serde_json::from_str::<Date>("20260301").is_err());
        let t = utc("2026-03-02T09:30:00.250Z");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2026-03-02T09:30:00.250Z\"");
        for form in ["\"2026-03-02T11:30:00.250+02:00\"", "\"2026-03-02T09:30:00.250+0000\""] {
            assert_eq!(serde_json::from_str::<UtcDateTime>(form).unwrap(), t, "{form}");
        }
        let e = "2026-03-02".parse::<UtcDateTime>().unwrap_err();
        assert_eq!((e.kind(), e.to_string().contains("payload")), (Format, false));
    }

    #[test]
    fn now_is_within_the_range_and_to_the_millisecond() {
        let now = UtcDateTime::now();
        assert_eq!(now.as_time().nanosecond() % 1_000_000, 0);
        assert!(now.date() > Date::from_ymd(2020, 1, 1).unwrap());
    }
}
