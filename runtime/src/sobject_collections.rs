//! The records of a Salesforce sObject Collections request (`POST` / `PATCH
//! /services/data/vXX.X/composite/sobjects`): each carries `attributes` naming its
//! object (`type` required), and a record to update carries its `Id` as well, which a
//! create or a single-record update may not send.
//!
//! Everything else in a record is what a create or update body of its object allows.
//! (Salesforce REST API Developer Guide, "sObject Collections".)

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serialize, Serializer};

use super::de::{drain_seq, mismatch, not_an_object, null_not_allowed, Codec, Ctx, Found, Members};
use super::error::ErrorKind;
use super::salesforce::Id;

/// What a generated Salesforce record type knows about its object.
pub trait SObjectType {
    /// The object's API name (`Task`): what `attributes.type` says.
    const OBJECT: &'static str;
    /// The key prefix of its record ids (`00T`), when known.
    const KEY_PREFIX: Option<&'static str>;
}

/// One record of an sObject Collections create (`POST /composite/sobjects`): the create
/// body `C`, whose `attributes` must name its object.
#[doc(hidden)]
pub struct CollectionCreate<C>(PhantomData<fn() -> C>);

/// One record of an sObject Collections update (`PATCH /composite/sobjects`): the
/// record's `Id` and the update body `U`, whose `attributes` must name its object.
#[doc(hidden)]
pub struct CollectionUpdate<U>(PhantomData<fn() -> U>);

/// A record to update, as one record of an sObject Collections update carries it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UpdateRecord<U> {
    /// The record's id (wire `Id`).
    pub id: Id,
    /// What changes (its `attributes` name the object).
    pub record: U,
}

impl<U> UpdateRecord<U> {
    /// The change `record` to the record `id`.
    pub fn new(id: Id, record: U) -> Self {
        UpdateRecord { id, record }
    }
}

impl<U: Members> Serialize for UpdateRecord<U> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("Id", self.id.as_str())?;
        self.record.serialize_members(&mut map)?;
        map.end()
    }
}

impl<C: Codec + SObjectType> Codec for CollectionCreate<C> {
    type Value = C::Value;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<C::Value>, D::Error> {
        de.deserialize_any(RecordVisitor::<C> { cx, with_id: false, t: PhantomData }).map(|r| r.and_then(|(_, v)| v))
    }
    fn encode<S: Serializer>(value: &C::Value, s: S) -> Result<S::Ok, S::Error> {
        C::encode(value, s)
    }
}

impl<U: Codec<Value = U> + SObjectType + Members> Codec for CollectionUpdate<U> {
    type Value = UpdateRecord<U>;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<UpdateRecord<U>>, D::Error> {
        let decoded = de.deserialize_any(RecordVisitor::<U> { cx, with_id: true, t: PhantomData })?;
        Ok(match decoded {
            Some((Some(id), Some(record))) => Some(UpdateRecord { id, record }),
            _ => None,
        })
    }
    fn encode<S: Serializer>(value: &UpdateRecord<U>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

const RECORD: &str = "a record (an object)";

/// Reads a record: `Id` (when `with_id`) is taken out and checked here; every other
/// member streams on to `C`'s decoder, `attributes` looked at on the way.
struct RecordVisitor<'a, C> {
    cx: &'a mut Ctx,
    with_id: bool,
    t: PhantomData<fn() -> C>,
}

/// What the filter saw while `C` decoded the other members.
#[derive(Default)]
struct Seen {
    /// Each `Id` member (in any case) with its value.
    ids: Vec<(String, serde_json::Value)>,
    /// Whether `attributes` came, and the `type` it names when that is a string.
    attributes: bool,
    object_type: Option<String>,
}

impl<'de, C: Codec + SObjectType> Visitor<'de> for RecordVisitor<'_, C> {
    type Value = Option<(Option<Id>, Option<C::Value>)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(RECORD)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut seen = Seen::default();
        let filtered = Filtered { inner: map, with_id: self.with_id, seen: &mut seen, attributes_next: false };
        let value = C::decode(de::value::MapAccessDeserializer::new(filtered), self.cx)?;
        let cx = self.cx;
        if !seen.attributes {
            cx.error_at(
                "attributes",
                ErrorKind::Required,
                "a record of an sObject Collections request names its object in `attributes`",
            );
        } else if let Some(t) = seen.object_type.filter(|t| !t.eq_ignore_ascii_case(C::OBJECT)) {
            let m = cx.mark();
            cx.error_at("type", ErrorKind::InvalidValue, format!("this record is a {}, not a {t}", C::OBJECT));
            cx.close_key(m, "attributes");
        }
        if !self.with_id {
            return Ok(Some((None, value)));
        }
        let mut ids = seen.ids.into_iter();
        let id = match ids.next() {
            None => {
                cx.error_at("Id", ErrorKind::Required, "a record to update carries its `Id`");
                None
            }
            Some((key, v)) => {
                let m = cx.mark();
                let id = <Id as Codec>::decode(v, cx).unwrap_or(None);
                let id = id.filter(|id| match C::KEY_PREFIX {
                    Some(p) if id.key_prefix() != p => {
                        cx.error_code(
                            ErrorKind::InvalidValue,
                            "MALFORMED_ID",
                            format!(
                                "must be the id of a {}, not a record with key prefix {}",
                                C::OBJECT,
                                id.key_prefix()
                            ),
                        );
                        false
                    }
                    _ => true,
                });
                cx.close_key(m, &key);
                id
            }
        };
        for (key, _) in ids {
            cx.error_at(&key, ErrorKind::InvalidValue, format!("`{key}` appears more than once"));
        }
        Ok(Some((id, value)))
    }
    not_an_object!(RECORD);
}

/// The members of a record as `C`'s decoder sees them: without `Id` (held for the
/// visitor), `attributes` read once to learn its `type` and passed on.
struct Filtered<'s, A> {
    inner: A,
    with_id: bool,
    seen: &'s mut Seen,
    attributes_next: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Filtered<'_, A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.inner.next_key::<String>()? else { return Ok(None) };
            if self.with_id && key.eq_ignore_ascii_case("Id") {
                let value = self.inner.next_value::<serde_json::Value>()?;
                self.seen.ids.push((key, value));
                continue;
            }
            self.attributes_next = key == "attributes";
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if !std::mem::take(&mut self.attributes_next) {
            return self.inner.next_value_seed(seed);
        }
        let value = self.inner.next_value::<serde_json::Value>()?;
        self.seen.attributes = true;
        self.seen.object_type = value.get("type").and_then(serde_json::Value::as_str).map(str::to_owned);
        seed.deserialize(value).map_err(de::Error::custom)
    }
}

/// Checks one record of an sObject Collections create for `C` and returns it.
#[doc(hidden)]
pub fn parse_create<C: Codec + SObjectType>(json: &[u8]) -> Result<C::Value, super::ValidationErrors> {
    super::de::parse::<CollectionCreate<C>>(json, super::Op::Create)
}

/// Checks one record of an sObject Collections update for `U` and returns it.
#[doc(hidden)]
pub fn parse_update<U: Codec<Value = U> + SObjectType + Members>(
    json: &[u8],
) -> Result<UpdateRecord<U>, super::ValidationErrors> {
    super::de::parse::<CollectionUpdate<U>>(json, super::Op::Update)
}
