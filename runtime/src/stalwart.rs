//! Stalwart's identifiers: `Id` (a 64-bit number in Stalwart's base32 alphabet) and
//! `BlobId` (a string in the same alphabet).

use std::fmt;
use std::str::FromStr;

use serde::{Deserializer, Serializer};

use super::de::{decode_scalar, shown, Codec, Ctx, Scalar};
use super::error::{ErrorKind, ParseError};
use super::scalar::{deserialize_scalar, parse_with};

/// Stalwart's base32 alphabet: the character for each 5-bit digit, zero first.
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz792013";

/// The 5-bit digit a character of the alphabet stands for.
fn digit(c: u8) -> Option<u64> {
    match c {
        b'a'..=b'z' => Some(u64::from(c - b'a')),
        b'7' => Some(26),
        b'9' => Some(27),
        b'2' => Some(28),
        b'0' => Some(29),
        b'1' => Some(30),
        b'3' => Some(31),
        _ => None,
    }
}

/// The most characters an id has: 13 × 5 bits cover 64.
const MAX_ID_LEN: usize = 13;

/// A Stalwart id: a 64-bit number written in base32 (`a` is 0, `b` is 1, ...), most
/// significant digit first, without leading zero digits. The all-ones value is reserved
/// for "no id" and is not an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(u64);

impl Id {
    /// The id with number `value`; `None` for `u64::MAX`, which means "no id".
    pub const fn new(value: u64) -> Option<Id> {
        if value == u64::MAX {
            None
        } else {
            Some(Id(value))
        }
    }
    /// The id's number.
    pub const fn get(self) -> u64 {
        self.0
    }
    /// Reads the canonical text of an id.
    fn parse(s: &str) -> Option<Id> {
        let bytes = s.as_bytes();
        if bytes.is_empty()
            || bytes.len() > MAX_ID_LEN
            || (bytes.len() > 1 && bytes[0] == ALPHABET[0])
        {
            return None;
        }
        let value = bytes
            .iter()
            .try_fold(0u64, |acc, &c| acc.checked_mul(32)?.checked_add(digit(c)?))?;
        Id::new(value)
    }
}

impl Id {
    /// Renders the id in Stalwart's base32 alphabet into `buf`.
    fn render(self, buf: &mut [u8; MAX_ID_LEN]) -> &str {
        let mut start = MAX_ID_LEN;
        let mut rest = self.0;
        loop {
            start -= 1;
            buf[start] = ALPHABET[(rest & 31) as usize];
            rest >>= 5;
            if rest == 0 {
                break;
            }
        }
        // Every byte written comes from the ASCII alphabet.
        std::str::from_utf8(&buf[start..]).unwrap_or_default()
    }
}

impl fmt::Display for Id {
    /// The id in Stalwart's base32 alphabet.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; MAX_ID_LEN];
        f.write_str(self.render(&mut buf))
    }
}

impl FromStr for Id {
    type Err = ParseError;
    /// Reads an id: 1 to 13 characters of the alphabet, no leading `a` except in `"a"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_with::<Id>(s)
    }
}

impl Scalar for Id {
    type Value = Id;
    const EXPECTED: &'static str = "an id (a string)";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<Id> {
        let id = Id::parse(s);
        if id.is_none() {
            cx.error(ErrorKind::Format, format!("`{}` is not a Stalwart id (1 to 13 characters of a-z, 7, 9, 2, 0, 1, 3; no leading `a`)", shown(s)));
        }
        id
    }
}

impl Codec for Id {
    type Value = Id;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Id>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &Id, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; MAX_ID_LEN];
        s.serialize_str(value.render(&mut buf))
    }
}

/// Serializes as `Id`'s wire form (the same text as `Display`).
impl serde::Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        <Id as Codec>::encode(self, s)
    }
}

/// Deserializes an id from its wire text (a JSON string); anything else is an error naming the problem.
impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        deserialize_scalar::<Id, D>(de)
    }
}

/// A Stalwart blob id: a non-empty string in Stalwart's base32 alphabet (it encodes a
/// content hash and a blob class; only the alphabet is checked).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(String);

impl BlobId {
    /// The blob id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether `s` is a blob id.
    fn is_valid(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|c| digit(c).is_some())
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BlobId {
    type Err = ParseError;
    /// Reads a blob id: one or more characters of the alphabet.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_with::<BlobId>(s)
    }
}

impl Scalar for BlobId {
    type Value = BlobId;
    const EXPECTED: &'static str = "a blob id (a string)";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<BlobId> {
        Self::from_string(s.to_owned(), cx)
    }
    fn from_string(s: String, cx: &mut Ctx) -> Option<BlobId> {
        if BlobId::is_valid(&s) {
            Some(BlobId(s))
        } else {
            cx.error(
                ErrorKind::Format,
                format!("`{}` is not a blob id (characters of a-z, 7, 9, 2, 0, 1, 3)", shown(&s)),
            );
            None
        }
    }
}

impl Codec for BlobId {
    type Value = BlobId;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<BlobId>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &BlobId, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.0)
    }
}

/// Serializes as `BlobId`'s wire form (the same text as `Display`).
impl serde::Serialize for BlobId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        <BlobId as Codec>::encode(self, s)
    }
}

/// Deserializes a blob id from its wire text (a JSON string); anything else is an error naming the problem.
impl<'de> serde::Deserialize<'de> for BlobId {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        deserialize_scalar::<BlobId, D>(de)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::Op;
    use crate::testing::{decode_at, encode, kind, ok, ALL_OPS};
    use ErrorKind::*;

    #[test]
    fn known_values() {
        let cases: [(&str, u64); 8] = [
            ("a", 0),
            ("b", 1),
            ("c", 2),
            ("3", 31),
            ("ba", 32),
            ("bb", 33),
            ("33", 1023),
            ("p333333333331", u64::MAX - 1),
        ];
        for (text, value) in cases {
            let id: Id = text.parse().unwrap();
            assert_eq!(id.get(), value, "{text}");
            assert_eq!(id.to_string(), text);
            assert_eq!(Id::new(value).unwrap().to_string(), text);
        }
        assert_eq!(Id::new(u64::MAX), None);
        assert_eq!(Id::new(1 << 60).unwrap().to_string(), "baaaaaaaaaaaa");
    }

    #[test]
    fn round_trips() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for shift in 0..64 {
            x = x.rotate_left(7) ^ 0x2545_F491_4F6C_DD1D;
            for v in [x >> shift, (1u64 << shift) - 1, 1u64 << shift] {
                let Some(id) = Id::new(v) else { continue };
                let text = id.to_string();
                assert_eq!(text.parse::<Id>().unwrap(), id, "{text}");
                let json = encode::<Id>(&id);
                assert_eq!(ok::<Id>(&json, Op::Read), id);
            }
        }
    }

    #[test]
    fn bad_ids() {
        for bad in [
            "",
            "aa",
            "ab",
            "aaaaaaaaaaaab",
            "A",
            "4",
            "8",
            "5",
            "6",
            "b c",
            "bbbbbbbbbbbbbb", // 14 characters
            "q333333333333",  // beyond 64 bits
            "3333333333333",  // beyond 64 bits
            "p333333333333",  // u64::MAX, reserved
            "é",
        ] {
            for op in ALL_OPS {
                assert_eq!(kind::<Id>(&format!("\"{bad}\""), op), Format, "{bad}");
            }
            assert!(bad.parse::<Id>().is_err(), "{bad}");
        }
        assert_eq!(kind::<Id>("5", Op::Read), Type);
        assert_eq!(kind::<Id>("null", Op::Read), Required);
        let (_, found) = decode_at::<Id>("\"b!\"", Op::Read, &["accountId"]);
        assert_eq!(found, vec![("/accountId".to_owned(), Format)]);
    }

    #[test]
    fn blob_ids() {
        let b = ok::<BlobId>("\"aabz792013\"", Op::Create);
        assert_eq!(b.as_str(), "aabz792013");
        assert_eq!(encode::<BlobId>(&b), "\"aabz792013\"");
        assert_eq!(b.to_string().parse::<BlobId>().unwrap(), b);
        for bad in ["", "A", "ab4", "a-b", "a b"] {
            assert_eq!(
                kind::<BlobId>(&format!("\"{bad}\""), Op::Read),
                Format,
                "{bad}"
            );
            assert!(bad.parse::<BlobId>().is_err());
        }
        assert_eq!(kind::<BlobId>("[]", Op::Read), Type);
        assert_eq!(kind::<BlobId>("null", Op::Create), Required);
    }

    #[test]
    fn serde_is_the_wire_form_and_names_the_problem() {
        let id = Id::new(1023).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"33\"");
        assert_eq!(serde_json::from_str::<Id>("\"33\"").unwrap(), id);
        let e = serde_json::from_str::<Id>("\"aa\"").unwrap_err().to_string();
        assert!(e.starts_with("`aa` is not a Stalwart id"), "{e}");
        assert!(serde_json::from_str::<Id>("33").is_err());
        let b: BlobId = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"abc\"");
        let e = "aa".parse::<Id>().unwrap_err();
        assert_eq!(e.kind(), Format);
        assert_eq!(e.to_string(), e.message());
    }
}
