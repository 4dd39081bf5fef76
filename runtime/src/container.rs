//! Codecs that wrap other codecs: nullable values, members that may be absent, null or
//! set, JSON arrays, and Stalwart's lists and sets (JSON objects keyed by position or by
//! member).

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::de::{
    drain_map, drain_seq, mismatch, not_a_container, null_not_allowed, shown, As, Codec, Ctx, Found, KeySeed, Seed,
};
use super::error::ErrorKind;
use super::scalar::json_type;

/// A member that may be absent, explicitly `null`, or set.
///
/// In an update, `Null` clears a field while `Absent` leaves it alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Field<T> {
    /// The member is not there.
    #[default]
    Absent,
    /// The member is there and `null`.
    Null,
    /// The member is there with a value.
    Value(T),
}

impl<T> Field<T> {
    /// Whether the member is not there.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
    /// Whether the member is there and `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }
    /// The same state, borrowing the value.
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }
    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }
    /// The value, if there is one; absent and `null` both become `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `Some(v)` is a value; `None` is an explicit `null`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Field::Value(v),
            None => Field::Null,
        }
    }
}

/// A value of codec `C`, or `null`.
pub struct Nullable<C>(PhantomData<fn() -> C>);

impl<C: Codec> Codec for Nullable<C> {
    type Value = Option<C::Value>;
    fn decode<'de, D: Deserializer<'de>>(
        de: D,
        cx: &mut Ctx,
    ) -> Result<Option<Self::Value>, D::Error> {
        let decoded = de.deserialize_option(OptionVisitor::<C> { cx, c: PhantomData })?;
        Ok(match decoded {
            None => Some(None),
            Some(v) => v.map(Some),
        })
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => C::encode(v, s),
            None => s.serialize_unit(),
        }
    }
    fn json(value: &Self::Value) -> serde_json::Value {
        value.as_ref().map_or(serde_json::Value::Null, C::json)
    }
}

/// A member that may be absent, `null`, or a value of codec `C`.
///
/// Decoding only ever sees a present member, so it yields `Null` or `Value`; the object
/// decoder leaves members it never saw `Absent`. Encoding writes `Absent` as `null`
/// too: the object's serializer is the one that leaves absent members out.
pub struct Tri<C>(PhantomData<fn() -> C>);

impl<C: Codec> Codec for Tri<C> {
    type Value = Field<C::Value>;
    fn decode<'de, D: Deserializer<'de>>(
        de: D,
        cx: &mut Ctx,
    ) -> Result<Option<Self::Value>, D::Error> {
        let decoded = de.deserialize_option(OptionVisitor::<C> { cx, c: PhantomData })?;
        Ok(match decoded {
            None => Some(Field::Null),
            Some(v) => v.map(Field::Value),
        })
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Field::Value(v) => C::encode(v, s),
            Field::Absent | Field::Null => s.serialize_unit(),
        }
    }
    fn json(value: &Self::Value) -> serde_json::Value {
        match value {
            Field::Value(v) => C::json(v),
            Field::Absent | Field::Null => serde_json::Value::Null,
        }
    }
}

/// Tells `null` (`None`) from a value, which it decodes with `C` (`Some(decoded)`).
struct OptionVisitor<'a, C> {
    cx: &'a mut Ctx,
    c: PhantomData<fn() -> C>,
}

impl<'de, C: Codec> Visitor<'de> for OptionVisitor<'_, C> {
    type Value = Option<Option<C::Value>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        C::decode(de, self.cx).map(Some)
    }
}

/// A JSON array of values of codec `C`.
///
/// Every element is decoded, so that every problem is reported (at `/<index>`); the
/// array is unusable (`None`) when any element is.
pub struct Array<C>(PhantomData<fn() -> C>);

const ARRAY: &str = Found::ARRAY;

impl<C: Codec> Codec for Array<C> {
    type Value = Vec<C::Value>;
    fn decode<'de, D: Deserializer<'de>>(
        de: D,
        cx: &mut Ctx,
    ) -> Result<Option<Self::Value>, D::Error> {
        de.deserialize_any(ArrayVisitor::<C> { cx, c: PhantomData })
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(value.len()))?;
        for v in value {
            seq.serialize_element(&As::<C>::new(v))?;
        }
        seq.end()
    }
}

struct ArrayVisitor<'a, C> {
    cx: &'a mut Ctx,
    c: PhantomData<fn() -> C>,
}

impl<'de, C: Codec> Visitor<'de> for ArrayVisitor<'_, C> {
    type Value = Option<Vec<C::Value>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ARRAY)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        let mut failed = false;
        for index in 0.. {
            let m = self.cx.mark();
            let element = seq.next_element_seed(Seed::<C>::new(self.cx));
            self.cx.close_index(m, index);
            match element? {
                None => break,
                Some(Some(v)) => out.push(v),
                Some(None) => failed = true,
            }
        }
        Ok(if failed { None } else { Some(out) })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(mismatch(self.cx, ARRAY, Found::OBJECT))
    }
    not_a_container!(ARRAY);
}

/// A Stalwart list: a JSON object keyed by position (`{"0": a, "1": b}`).
///
/// The keys must be `0` to `n - 1`, written without leading zeros, in any order. A key
/// that is not a position is a `format` problem at that key; positions with gaps or
/// repeats are a `format` problem at the list. A JSON array is a `type` problem.
pub struct ObjectList<C>(PhantomData<fn() -> C>);

const OBJECT_LIST: &str = "a list (an object keyed \"0\", \"1\", ...)";

/// The position a list key names: decimal, no sign, no leading zeros.
fn list_index(key: &str) -> Option<usize> {
    let canonical = !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_digit())
        && (key == "0" || !key.starts_with('0'));
    if canonical {
        key.parse().ok()
    } else {
        None
    }
}

impl<C: Codec> Codec for ObjectList<C> {
    type Value = Vec<C::Value>;
    fn decode<'de, D: Deserializer<'de>>(
        de: D,
        cx: &mut Ctx,
    ) -> Result<Option<Self::Value>, D::Error> {
        de.deserialize_any(ObjectListVisitor::<C> { cx, c: PhantomData })
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(value.len()))?;
        for (i, v) in value.iter().enumerate() {
            map.serialize_entry(&i, &As::<C>::new(v))?;
        }
        map.end()
    }
}

struct ObjectListVisitor<'a, C> {
    cx: &'a mut Ctx,
    c: PhantomData<fn() -> C>,
}

impl<'de, C: Codec> Visitor<'de> for ObjectListVisitor<'_, C> {
    type Value = Option<Vec<C::Value>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(OBJECT_LIST)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let cx = self.cx;
        let mut entries = Vec::new();
        let mut failed = false;
        let mut bad_key = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(index) = list_index(&key) else {
                cx.error_at(
                    &key,
                    ErrorKind::Format,
                    format!("`{}` is not a list position (0, 1, 2, ...)", shown(&key)),
                );
                map.next_value::<IgnoredAny>()?;
                bad_key = true;
                continue;
            };
            let m = cx.mark();
            let value = map.next_value_seed(Seed::<C>::new(cx));
            cx.close_key(m, &key);
            match value? {
                Some(v) => entries.push((index, v)),
                None => failed = true,
            }
        }
        if bad_key || failed {
            return Ok(None);
        }
        // Positions need not be contiguous (the server keeps the gaps a removal leaves):
        // the entries are taken in numeric order, and written back keyed 0, 1, ...
        entries.sort_by_key(|&(index, _)| index);
        if entries.windows(2).any(|w| w[0].0 == w[1].0) {
            cx.error(ErrorKind::Format, "a list position appears more than once");
            return Ok(None);
        }
        Ok(Some(entries.into_iter().map(|(_, v)| v).collect()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(mismatch(self.cx, OBJECT_LIST, Found::ARRAY))
    }
    not_a_container!(OBJECT_LIST);
}

/// A Stalwart set: a JSON object mapping each member to `true`.
///
/// Each member is decoded with `C` from its key (problems at `/<key>`); a member whose
/// value is not `true` is a `type` problem there. A JSON array is a `type` problem.
pub struct ObjectSet<C>(PhantomData<fn() -> C>);

const OBJECT_SET: &str = "a set (an object mapping each member to true)";

impl<C: Codec> Codec for ObjectSet<C>
where
    C::Value: Ord,
{
    type Value = BTreeSet<C::Value>;
    fn decode<'de, D: Deserializer<'de>>(
        de: D,
        cx: &mut Ctx,
    ) -> Result<Option<Self::Value>, D::Error> {
        de.deserialize_any(ObjectSetVisitor::<C> { cx, c: PhantomData })
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(value.len()))?;
        for v in value {
            map.serialize_entry(&As::<C>::new(v), &true)?;
        }
        map.end()
    }
}

struct ObjectSetVisitor<'a, C> {
    cx: &'a mut Ctx,
    c: PhantomData<fn() -> C>,
}

impl<'de, C: Codec> Visitor<'de> for ObjectSetVisitor<'_, C>
where
    C::Value: Ord,
{
    type Value = Option<BTreeSet<C::Value>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(OBJECT_SET)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let cx = self.cx;
        let mut out = BTreeSet::new();
        let mut failed = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let m = cx.mark();
            let member = C::decode(
                de::value::StrDeserializer::<serde_json::Error>::new(&key),
                cx,
            )
            .map_err(de::Error::custom);
            let member = match member {
                // A member that could not be decoded has its problem: its value is not looked at.
                Ok(None) => map.next_value::<IgnoredAny>().map(|_| None),
                Ok(Some(member)) => match map.next_value::<serde_json::Value>() {
                    Ok(serde_json::Value::Bool(true)) => Ok(Some(member)),
                    Ok(other) => {
                        cx.error(
                            ErrorKind::Type,
                            format!(
                                "a set member must map to true, not {}",
                                if other == false {
                                    "false"
                                } else {
                                    json_type(&other)
                                }
                            ),
                        );
                        Ok(None)
                    }
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            };
            cx.close_key(m, &key);
            match member? {
                Some(member) => {
                    out.insert(member);
                }
                None => failed = true,
            }
        }
        Ok(if failed { None } else { Some(out) })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(mismatch(self.cx, OBJECT_SET, Found::ARRAY))
    }
    not_a_container!(OBJECT_SET);
}

// Some cases read Stalwart ids as set members.
#[cfg(all(test, feature = "stalwart"))]
mod tests {
    use super::*;
    use crate::de::Op;
    use crate::scalar::{EmailAddress, Int32, Str, StrMax, UInt64};
    use crate::stalwart::Id;
    use crate::testing::{at, decode, decode_at, decode_value, encode, kind, ok, ALL_OPS};
    use ErrorKind::*;

    #[test]
    fn field_states() {
        let absent: Field<u8> = Field::default();
        assert!(absent.is_absent() && !absent.is_null());
        assert_eq!(absent.value(), None);
        let null: Field<u8> = None.into();
        assert!(null.is_null() && !null.is_absent());
        assert_eq!(null.clone().into_option(), None);
        let set: Field<String> = Some("x".to_owned()).into();
        assert_eq!(set.as_ref(), Field::Value(&"x".to_owned()));
        assert_eq!(set.value().map(String::as_str), Some("x"));
        assert_eq!(set.into_option().as_deref(), Some("x"));
        assert_eq!(Field::<u8>::Null.as_ref(), Field::Null);
        assert_eq!(Field::<u8>::Absent.as_ref(), Field::Absent);
    }

    #[test]
    fn nullable() {
        for op in ALL_OPS {
            assert_eq!(ok::<Nullable<Int32>>("null", op), None);
            assert_eq!(ok::<Nullable<Int32>>("7", op), Some(7));
        }
        let (v, found) = decode_at::<Nullable<Int32>>("\"7\"", Op::Read, &["n"]);
        assert_eq!((v, found), (None, vec![at("/n", Type)]));
        assert_eq!(kind::<Nullable<Int32>>("1e10", Op::Read), OutOfRange);
        // A value with a problem that the inner codec still returns is still returned.
        let (v, found) = decode::<Nullable<StrMax<1>>>("\"ab\"", Op::Create);
        assert_eq!(
            (v, found),
            (Some(Some("ab".to_owned())), vec![at("", TooLong)])
        );
        assert_eq!(encode::<Nullable<Int32>>(&None), "null");
        assert_eq!(encode::<Nullable<Int32>>(&Some(3)), "3");
        // Through a `serde_json::Value`, too.
        assert_eq!(
            decode_value::<Nullable<Int32>>("null", Op::Read),
            (Some(None), vec![])
        );
        assert_eq!(
            decode_value::<Nullable<Int32>>("5", Op::Read),
            (Some(Some(5)), vec![])
        );
        assert_eq!(
            decode_value::<Nullable<Int32>>("true", Op::Read),
            (None, vec![at("", Type)])
        );
    }

    #[test]
    fn tri_state() {
        assert_eq!(ok::<Tri<Str>>("null", Op::Update), Field::Null);
        assert_eq!(
            ok::<Tri<Str>>("\"x\"", Op::Update),
            Field::Value("x".to_owned())
        );
        assert_eq!(kind::<Tri<Str>>("[]", Op::Update), Type);
        assert_eq!(encode::<Tri<Str>>(&Field::Null), "null");
        assert_eq!(encode::<Tri<Str>>(&Field::Absent), "null");
        assert_eq!(encode::<Tri<Str>>(&Field::Value("y".to_owned())), "\"y\"");
        assert_eq!(
            decode_value::<Tri<Str>>("null", Op::Update),
            (Some(Field::Null), vec![])
        );
    }

    #[test]
    fn arrays() {
        assert_eq!(ok::<Array<Int32>>("[]", Op::Read), Vec::<i32>::new());
        assert_eq!(ok::<Array<Int32>>("[1, 2.0, -3]", Op::Read), vec![1, 2, -3]);
        assert_eq!(encode::<Array<Int32>>(&vec![1, 2]), "[1,2]");
        // Every element is decoded, every problem reported.
        let (v, found) =
            decode_at::<Array<Int32>>(r#"[1, "x", 3, 1e20, null, 6]"#, Op::Read, &["list"]);
        assert_eq!(v, None);
        assert_eq!(
            found,
            vec![
                at("/list/1", Type),
                at("/list/3", OutOfRange),
                at("/list/4", Required)
            ]
        );
        // Nested arrays point at both positions.
        let (v, found) = decode::<Array<Array<Int32>>>("[[1], [2, true]]", Op::Read);
        assert_eq!((v, found), (None, vec![at("/1/1", Type)]));
        for op in ALL_OPS {
            assert_eq!(kind::<Array<Int32>>(r#"{"0": 1}"#, op), Type);
            assert_eq!(kind::<Array<Int32>>("1", op), Type);
            assert_eq!(kind::<Array<Int32>>("\"[]\"", op), Type);
            assert_eq!(kind::<Array<Int32>>("null", op), Required);
        }
        assert_eq!(ok::<Nullable<Array<Int32>>>("null", Op::Read), None);
        let (v, found) = decode_value::<Array<Int32>>(r#"[1, "2"]"#, Op::Read);
        assert_eq!((v, found), (None, vec![at("/1", Type)]));
    }

    #[test]
    fn object_lists() {
        let v = ok::<ObjectList<Str>>(r#"{"1": "b", "0": "a", "2": "c"}"#, Op::Read);
        assert_eq!(v, vec!["a", "b", "c"]);
        assert_eq!(
            encode::<ObjectList<Str>>(&v),
            r#"{"0":"a","1":"b","2":"c"}"#
        );
        assert_eq!(
            ok::<ObjectList<Str>>("{}", Op::Create),
            Vec::<String>::new()
        );
        assert_eq!(encode::<ObjectList<Str>>(&vec![]), "{}");
        // Problems inside elements are reported at the element's key.
        let (v, found) = decode_at::<ObjectList<EmailAddress>>(
            r#"{"0": "a@b", "1": "nope", "2": 5}"#,
            Op::Read,
            &["to"],
        );
        assert_eq!(
            (v, found),
            (None, vec![at("/to/1", Format), at("/to/2", Type)])
        );
        // Keys that are not positions.
        for key in ["01", "-1", "+1", "x", "", "1.0", " 1", "١"] {
            let json = format!(r#"{{"0": "a", "{key}": "b"}}"#);
            let (v, found) = decode_at::<ObjectList<Str>>(&json, Op::Read, &["messages"]);
            let pointer = format!("/messages/{key}");
            assert_eq!((v, found), (None, vec![at(&pointer, Format)]), "{key}");
        }
        // Positions with gaps are taken in numeric order and written back from 0.
        let v = ok::<ObjectList<Str>>(r#"{"7": "c", "2": "b", "10": "d", "1": "a"}"#, Op::Create);
        assert_eq!(v, vec!["a", "b", "c", "d"]);
        assert_eq!(encode::<ObjectList<Str>>(&v), r#"{"0":"a","1":"b","2":"c","3":"d"}"#);
        assert_eq!(ok::<ObjectList<Str>>(r#"{"1": "a"}"#, Op::Read), vec!["a"]);
        // Repeated positions, and positions beyond any list.
        for json in [
            r#"{"0": "a", "0": "b"}"#,
            r#"{"3": "a", "3": "b"}"#,
            r#"{"0": "a", "99999999999999999999999": "b"}"#,
        ] {
            let (v, found) = decode_at::<ObjectList<Str>>(json, Op::Read, &["messages"]);
            let expected = if json.contains("9999") {
                "/messages/99999999999999999999999"
            } else {
                "/messages"
            };
            assert_eq!((v, found), (None, vec![at(expected, Format)]), "{json}");
        }
        for op in ALL_OPS {
            assert_eq!(kind::<ObjectList<Str>>(r#"["a", "b"]"#, op), Type);
            assert_eq!(kind::<ObjectList<Str>>("true", op), Type);
            assert_eq!(kind::<ObjectList<Str>>("null", op), Required);
        }
        // Lists of lists.
        let v =
            ok::<ObjectList<ObjectList<Int32>>>(r#"{"0": {"0": 1, "1": 2}, "1": {}}"#, Op::Read);
        assert_eq!(v, vec![vec![1, 2], vec![]]);
        assert_eq!(
            decode_value::<ObjectList<Int32>>(r#"{"1": 2, "0": 1}"#, Op::Read),
            (Some(vec![1, 2]), vec![])
        );
    }

    #[test]
    fn object_sets() {
        let v = ok::<ObjectSet<Str>>(
            r#"{"<b2@example.com>": true, "<a1@example.com>": true}"#,
            Op::Read,
        );
        assert_eq!(
            v.iter().map(String::as_str).collect::<Vec<_>>(),
            ["<a1@example.com>", "<b2@example.com>"]
        );
        assert_eq!(
            encode::<ObjectSet<Str>>(&v),
            r#"{"<a1@example.com>":true,"<b2@example.com>":true}"#
        );
        assert_eq!(ok::<ObjectSet<Str>>("{}", Op::Read), BTreeSet::new());
        // Members are decoded by the element codec from the key.
        let ids = ok::<ObjectSet<Id>>(r#"{"c": true, "b": true}"#, Op::Read);
        assert_eq!(ids.iter().map(|id| id.get()).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(encode::<ObjectSet<Id>>(&ids), r#"{"b":true,"c":true}"#);
        let (v, found) = decode_at::<ObjectSet<Id>>(
            r#"{"b": true, "a/x": true, "aa": false}"#,
            Op::Read,
            &["ids"],
        );
        assert_eq!(
            (v, found),
            (None, vec![at("/ids/a~1x", Format), at("/ids/aa", Format)])
        );
        // Members must map to true.
        let (v, found) = decode_at::<ObjectSet<Str>>(
            r#"{"a": true, "b": false, "c": 1, "d": null, "e": {}}"#,
            Op::Create,
            &["s"],
        );
        assert_eq!(v, None);
        assert_eq!(
            found,
            vec![
                at("/s/b", Type),
                at("/s/c", Type),
                at("/s/d", Type),
                at("/s/e", Type)
            ]
        );
        for op in ALL_OPS {
            assert_eq!(kind::<ObjectSet<Str>>(r#"["a", "b"]"#, op), Type);
            assert_eq!(kind::<ObjectSet<Str>>("\"a\"", op), Type);
            assert_eq!(kind::<ObjectSet<Str>>("null", op), Required);
        }
        // A member codec that wants a number cannot read a key.
        assert_eq!(
            decode::<ObjectSet<UInt64>>(r#"{"1": true}"#, Op::Read),
            (None, vec![at("/1", Type)])
        );
        // A set of length-limited strings keeps the member, with its problem reported.
        let (v, found) = decode::<ObjectSet<StrMax<2>>>(r#"{"abc": true}"#, Op::Create);
        assert_eq!(
            (v.map(|s| s.len()), found),
            (Some(1), vec![at("/abc", TooLong)])
        );
        assert_eq!(
            decode_value::<ObjectSet<Str>>(r#"{"x": true}"#, Op::Read)
                .0
                .map(|s| s.len()),
            Some(1)
        );
    }
}
