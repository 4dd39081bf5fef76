//! Salesforce's record ids, references checked against their targets' key prefixes, and
//! the `attributes` object that may accompany a record.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::ser::SerializeMap;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

use super::de::{
    decode_scalar, drain_seq, mismatch, not_an_object, null_not_allowed, shown, Codec, Ctx, Found, KeySeed, Scalar,
};
use super::error::{ErrorKind, ParseError};
use super::scalar::{deserialize_scalar, json_type, parse_with};

/// The character each 5-bit value of an id's case checksum stands for.
const CHECKSUM_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The three checksum characters of a 15-character id: per block of five characters,
/// bit `i` is set when character `i` is an upper-case letter.
fn checksum(id15: &[u8]) -> [u8; 3] {
    let mut out = [0; 3];
    for (slot, block) in out.iter_mut().zip(id15.chunks(5)) {
        let bits = block
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_ascii_uppercase())
            .fold(0, |acc, (i, _)| acc | (1 << i));
        *slot = CHECKSUM_ALPHABET[bits];
    }
    out
}

/// A Salesforce record id: 15 characters of `[0-9A-Za-z]` (case-sensitive), or 18 whose
/// last three are the case checksum of the first fifteen.
///
/// The id keeps the form it was given: a 15-character id and its 18-character form are
/// different values (compare `to_18()` results to tell whether they name one record).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id {
    bytes: [u8; 18],
    len: u8,
}

impl Id {
    /// Reads an id, checking the checksum of an 18-character one.
    fn parse(s: &str) -> Option<Id> {
        let b = s.as_bytes();
        if !(b.len() == 15 || b.len() == 18) || !b.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        if b.len() == 18 && checksum(&b[..15]) != b[15..] {
            return None;
        }
        let mut bytes = [0; 18];
        bytes[..b.len()].copy_from_slice(b);
        Some(Id {
            bytes,
            len: b.len() as u8,
        })
    }
    /// The id as it was given (15 or 18 characters).
    pub fn as_str(&self) -> &str {
        // Only ASCII alphanumerics are ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
    /// The key prefix: the first three characters, naming the object the record belongs to.
    pub fn key_prefix(&self) -> &str {
        &self.as_str()[..3]
    }
    /// The 18-character form of the id (itself when it already has 18 characters).
    pub fn to_18(&self) -> Id {
        let mut id = *self;
        let sum = checksum(&self.bytes[..15]);
        id.bytes[15..].copy_from_slice(&sum);
        id.len = 18;
        id
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Id").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Id {
    type Err = ParseError;
    /// Reads a 15- or 18-character id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_with::<Id>(s)
    }
}

impl Scalar for Id {
    type Value = Id;
    const EXPECTED: &'static str = "a record id (a string)";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<Id> {
        let id = Id::parse(s);
        if id.is_none() {
            cx.error_code(
                ErrorKind::Format,
                "MALFORMED_ID",
                format!("`{}` is not a record id (15 characters of 0-9, A-Z, a-z, or 18 ending in their case checksum)", shown(s)),
            );
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
        s.serialize_str(value.as_str())
    }
}

/// Serializes as `Id`'s wire form (the same text as `Display`).
impl serde::Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        <Id as Codec>::encode(self, s)
    }
}

/// Deserializes a 15- or 18-character id (a JSON string); anything else is an error naming the problem.
impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        deserialize_scalar::<Id, D>(de)
    }
}

/// The objects a reference field may point at, by key prefix.
#[doc(hidden)]
pub trait KeyPrefixes {
    /// The target objects, for messages (`"Contact or Lead"`).
    const TARGETS: &'static str;
    /// The key prefixes of the targets (`["003", "00Q"]`).
    const PREFIXES: &'static [&'static str];
}

/// A reference: a record id that, in create and update, must carry one of the key
/// prefixes of `T`'s targets (`invalid_value` otherwise). Reads take any valid id.
#[doc(hidden)]
pub struct Reference<T>(PhantomData<fn() -> T>);

impl<T: KeyPrefixes> Scalar for Reference<T> {
    type Value = Id;
    const EXPECTED: &'static str = <Id as Scalar>::EXPECTED;
    fn from_str(s: &str, cx: &mut Ctx) -> Option<Id> {
        let id = <Id as Scalar>::from_str(s, cx)?;
        if !cx.is_strict() {
            return Some(id);
        }
        let prefix = id.key_prefix();
        if !T::PREFIXES.contains(&prefix) {
            cx.error_code(
                ErrorKind::InvalidValue,
                "FIELD_INTEGRITY_EXCEPTION",
                format!(
                    "must be the id of a {}, not a record with key prefix {prefix}",
                    T::TARGETS
                ),
            );
            return None;
        }
        Some(id)
    }
}

impl<T: KeyPrefixes> Codec for Reference<T> {
    type Value = Id;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Id>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &Id, s: S) -> Result<S::Ok, S::Error> {
        <Id as Codec>::encode(value, s)
    }
}

/// The `attributes` object that may accompany a record (`{"type": "Task", "url": ...}`).
///
/// Members other than `type` and `url` are kept as they came.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Attributes {
    /// The object's API name (wire `type`).
    pub object_type: String,
    /// The record's REST resource, when given.
    pub url: Option<String>,
    /// Any other members, kept whole.
    pub other: BTreeMap<String, serde_json::Value>,
}

const ATTRIBUTES: &str = "an attributes object";

impl Codec for Attributes {
    type Value = Attributes;
    fn decode<'de, D: Deserializer<'de>>(
        de: D,
        cx: &mut Ctx,
    ) -> Result<Option<Attributes>, D::Error> {
        de.deserialize_any(AttributesVisitor { cx })
    }
    fn encode<S: Serializer>(value: &Attributes, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("type", &value.object_type)?;
        if let Some(url) = &value.url {
            map.serialize_entry("url", url)?;
        }
        for (k, v) in &value.other {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Reads `attributes` member by member (every record carries one, so it is on the hot
/// path); `type` and `url` are checked once all members are in, the last of a
/// repeated member counting, as in a JSON object read whole.
struct AttributesVisitor<'a> {
    cx: &'a mut Ctx,
}

impl<'de> Visitor<'de> for AttributesVisitor<'_> {
    type Value = Option<Attributes>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ATTRIBUTES)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object_type = None;
        let mut url = None;
        let mut other = BTreeMap::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match &*key {
                "type" => object_type = Some(map.next_value::<serde_json::Value>()?),
                "url" => url = Some(map.next_value::<serde_json::Value>()?),
                _ => {
                    other.insert(key.into_owned(), map.next_value()?);
                }
            }
        }
        let cx = self.cx;
        let mut ok = true;
        let mut wrong = |cx: &mut Ctx, key: &str, value: &serde_json::Value| {
            let m = cx.mark();
            match value {
                serde_json::Value::Null => null_not_allowed::<()>(cx),
                other => mismatch(cx, Found::STRING, json_type(other)),
            };
            cx.close_key(m, key);
            ok = false;
        };
        let object_type = match object_type {
            Some(serde_json::Value::String(t)) => Some(t),
            Some(other) => {
                wrong(cx, "type", &other);
                None
            }
            None => None,
        };
        let url = match url {
            Some(serde_json::Value::String(u)) => Some(u),
            Some(serde_json::Value::Null) | None => None,
            Some(other) => {
                wrong(cx, "url", &other);
                None
            }
        };
        let Some(object_type) = object_type else {
            if ok {
                cx.error_at("type", ErrorKind::Required, "the attributes must name the object's `type`");
            }
            return Ok(None);
        };
        Ok(ok.then_some(Attributes { object_type, url, other }))
    }
    not_an_object!(ATTRIBUTES);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::Array;
    use crate::de::Op;
    use crate::testing::{at, decode, decode_at, encode, kind, ok, one_error, ALL_OPS};
    use ErrorKind::*;

    struct WhoTargets;
    impl KeyPrefixes for WhoTargets {
        const TARGETS: &'static str = "Contact or Lead";
        const PREFIXES: &'static [&'static str] = &["003", "00Q"];
    }
    type Who = Reference<WhoTargets>;

    #[test]
    fn checksums() {
        // Real ids from the API.
        for id18 in [
            "00T0x000005hOcYEAU",
            "5000x000001zHD7AAM",
            "0010x00000AbCdEAAV",
        ] {
            let id: Id = id18.parse().unwrap_or_else(|e| panic!("{id18}: {e}"));
            assert_eq!(id.as_str(), id18);
            let id15: Id = id18[..15].parse().unwrap();
            assert_eq!(id15.as_str(), &id18[..15]);
            assert_eq!(id15.to_18(), id);
            assert_eq!(id.to_18(), id);
            assert_ne!(id15, id, "the form given is kept");
        }
        assert_eq!(checksum(b"000000000000000"), *b"AAA");
        assert_eq!(checksum(b"AAAAAAAAAAAAAAA"), *b"555");
        assert_eq!(checksum(b"A0000000000000B"), *b"BAQ");
    }

    #[test]
    fn ids() {
        let id = ok::<Id>("\"00T0x000005hOcYEAU\"", Op::Read);
        assert_eq!(id.key_prefix(), "00T");
        assert_eq!(format!("{id:?}"), "Id(\"00T0x000005hOcYEAU\")");
        assert_eq!(encode::<Id>(&id), "\"00T0x000005hOcYEAU\"");
        let id15 = ok::<Id>("\"00T0x000005hOcY\"", Op::Create);
        assert_eq!(
            encode::<Id>(&id15),
            "\"00T0x000005hOcY\"",
            "written as received"
        );
        assert_eq!(id15.to_string(), "00T0x000005hOcY");
        for bad in [
            "00T0x000005hOcYEAu", // checksum case
            "00T0x000005hOcYEAV", // checksum
            "00t0x000005hOcYEAU", // a changed case breaks the checksum
            "00T0x000005hOc",     // 14
            "00T0x000005hOcYE",   // 16
            "00T0x000005hOcYEAUX",
            "00T0x000005hOc-",
            "00T0x000005hOcé",
            "",
        ] {
            for op in ALL_OPS {
                assert_eq!(kind::<Id>(&format!("\"{bad}\""), op), Format, "{bad}");
            }
            assert!(bad.parse::<Id>().is_err(), "{bad}");
        }
        assert_eq!(kind::<Id>("15", Op::Read), Type);
        assert_eq!(kind::<Id>("null", Op::Read), Required);
    }

    #[test]
    fn references() {
        let contact = "\"0030x00000AbCdE\"";
        let lead = "\"00Q0x00000AbCdEEAV\"";
        let account = "\"0010x00000AbCdEAAV\"";
        assert_eq!(ok::<Who>(contact, Op::Create).key_prefix(), "003");
        assert_eq!(ok::<Who>(lead, Op::Update).key_prefix(), "00Q");
        assert_eq!(
            ok::<Who>(account, Op::Read).key_prefix(),
            "001",
            "reads take any id"
        );
        for op in [Op::Create, Op::Update] {
            let (v, found) = decode_at::<Who>(account, op, &["WhoId"]);
            assert_eq!((v, found), (None, vec![at("/WhoId", InvalidValue)]));
        }
        assert_eq!(
            kind::<Who>("\"0030x00000AbCdEAAA\"", Op::Create),
            Format,
            "a bad checksum is a format problem only"
        );
        assert_eq!(kind::<Who>("\"003\"", Op::Read), Format);
        assert_eq!(kind::<Who>("3", Op::Create), Type);
        assert_eq!(encode::<Who>(&"0030x00000AbCdE".parse().unwrap()), contact);
    }

    #[test]
    fn reference_arrays_point_at_the_element() {
        let json = r#"["0030x00000AbCdE", "0010x00000AbCdEAAV", "00Q0x00000AbCdE"]"#;
        let (v, found) = decode_at::<Array<Who>>(json, Op::Create, &["TaskWhoIds"]);
        assert_eq!((v, found), (None, vec![at("/TaskWhoIds/1", InvalidValue)]));
        assert_eq!(ok::<Array<Who>>(json, Op::Read).len(), 3);
    }

    #[test]
    fn attributes() {
        let json = r#"{"type":"Task","url":"/services/data/v39.0/sobjects/Task/00T0x000005hOcYEAU","referenceId":"ref1"}"#;
        let a = ok::<Attributes>(json, Op::Read);
        assert_eq!(a.object_type, "Task");
        assert_eq!(
            a.url.as_deref(),
            Some("/services/data/v39.0/sobjects/Task/00T0x000005hOcYEAU")
        );
        assert_eq!(a.other.get("referenceId"), Some(&serde_json::json!("ref1")));
        assert_eq!(encode::<Attributes>(&a), json);
        let a = ok::<Attributes>(r#"{"url":null,"type":"Task"}"#, Op::Create);
        assert_eq!(
            (
                a.url,
                encode::<Attributes>(&ok::<Attributes>(r#"{"type":"Task"}"#, Op::Create))
            ),
            (None, r#"{"type":"Task"}"#.to_owned())
        );
        assert_eq!(kind::<Attributes>("[]", Op::Read), Type);
        assert_eq!(kind::<Attributes>("\"Task\"", Op::Read), Type);
        assert_eq!(kind::<Attributes>("null", Op::Read), Required);
        let (v, found) =
            decode_at::<Attributes>(r#"{"type":1,"url":[]}"#, Op::Read, &["attributes"]);
        assert_eq!(v, None);
        assert_eq!(
            found,
            vec![at("/attributes/type", Type), at("/attributes/url", Type)]
        );
        let (v, p, k) = one_error::<Attributes>(r#"{"url":"/x"}"#, Op::Read);
        assert_eq!((v, p.as_str(), k), (None, "/type", Required));
        let (v, found) = decode::<Attributes>(r#"{"type":null}"#, Op::Read);
        assert_eq!((v, found), (None, vec![at("/type", Required)]));
    }
}
