//! Related records inside a query's records: what a SOQL query selects through a
//! relationship (`Who.Name`, `TYPEOF What WHEN Account THEN …`, `Owner`) arrives as a
//! nested record with its own `attributes`, or `null`; a subquery
//! (`(SELECT Name FROM Opportunities)`) as a nested page, or `null`.
//!
//! A record's read type keeps such members as they came (they are not its fields);
//! [`Related`] says which objects to check them as while a page is read, so that a
//! problem inside one is reported with the rest, at its full pointer
//! (`/records/0/Who/Email`). A related record of an object it does not list is checked
//! as an [`SObject`] (its `attributes` well formed).

use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serializer};
use serde_json::Value;

use super::de::{Codec, Ctx};
use super::salesforce_rest::{Query, SObject};
use super::sobject_collections::SObjectType;

/// The objects whose read types check the related records of a page: `()` for none
/// (every related record is checked as an `SObject`), or a tuple of read types
/// (`(Contact, Lead, Account)`), each checking the records whose `attributes.type` names
/// its object.
pub trait Related {
    /// Checks `value`, a related record of `object`, with the read type of that object;
    /// `false` when no listed type is that object's.
    fn check(object: &str, value: &Value, cx: &mut Ctx) -> bool;
}

impl Related for () {
    fn check(_: &str, _: &Value, _: &mut Ctx) -> bool {
        false
    }
}

macro_rules! related_tuple {
    ($($t:ident),+) => {
        impl<$($t: Codec + SObjectType),+> Related for ($($t,)+) {
            fn check(object: &str, value: &Value, cx: &mut Ctx) -> bool {
                $(
                    if object.eq_ignore_ascii_case($t::OBJECT) {
                        // A `serde_json::Value` always deserializes; problems go to `cx`.
                        let _ = $t::decode(value, cx);
                        return true;
                    }
                )+
                false
            }
        }
    };
}

related_tuple!(A);
related_tuple!(A, B);
related_tuple!(A, B, C);
related_tuple!(A, B, C, D);
related_tuple!(A, B, C, D, E);
related_tuple!(A, B, C, D, E, F);
related_tuple!(A, B, C, D, E, F, G);
related_tuple!(A, B, C, D, E, F, G, H);

/// A record read with codec `C`, its related records checked with `R`.
#[doc(hidden)]
pub struct Checked<C, R>(PhantomData<fn() -> (C, R)>);

impl<C: Codec, R: Related> Codec for Checked<C, R> {
    type Value = C::Value;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<C::Value>, D::Error> {
        // The record is read straight from the page, and its decoder checks each member
        // it keeps as it keeps it: related records and subquery pages are such members.
        // Reading every record into a tree first made a page of plain records cost 2.5
        // times the plain derive, and borrowing each record's text still read it twice
        // (issue 16).
        let before = cx.check_kept(Some(check_member::<R>));
        let record = C::decode(de, cx);
        cx.check_kept(before);
        record
    }
    fn encode<S: Serializer>(value: &C::Value, s: S) -> Result<S::Ok, S::Error> {
        C::encode(value, s)
    }
}

/// A record of any object, checked with `R`'s read type for its object when `R` lists
/// it (else as an [`SObject`]), kept as an `SObject`: a subquery page's records.
#[doc(hidden)]
pub struct AnyOf<R>(PhantomData<fn() -> R>);

impl<R: Related> Codec for AnyOf<R> {
    type Value = SObject;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<SObject>, D::Error> {
        let value = Value::deserialize(de)?;
        // What follows reads `value`, not JSON text.
        let raw = cx.set_raw_json(false);
        let object = Self::decode_value(&value, cx);
        cx.set_raw_json(raw);
        Ok(object)
    }
    fn encode<S: Serializer>(value: &SObject, s: S) -> Result<S::Ok, S::Error> {
        SObject::encode(value, s)
    }
}

impl<R: Related> AnyOf<R> {
    fn decode_value(value: &Value, cx: &mut Ctx) -> Option<SObject> {
        let object = value.get("attributes").and_then(|a| a.get("type")).and_then(Value::as_str);
        if object.is_some_and(|o| R::check(o, value, cx)) {
            // Checked as its object; kept as a record (its problems are already said).
            let mut quiet = Ctx::new(cx.op());
            return SObject::decode(value, &mut quiet).unwrap_or(None);
        }
        SObject::decode(value, cx).unwrap_or(None)
    }
}

/// Checks the related record or subquery page a record holds as its member `key`, if
/// `value` is one (the record's decoder keeps the member: it is not one of its fields).
/// The value is a `serde_json::Value`: decoders reading it must not take it for JSON text.
fn check_member<R: Related>(key: &str, value: &Value, cx: &mut Ctx) {
    let raw = cx.set_raw_json(false);
    check_one::<R>(key, value, cx);
    cx.set_raw_json(raw);
}

/// [`check_member`] once the context reads values: also the related records' own
/// relationships (`Who.Account.Name`).
fn check_one<R: Related>(key: &str, value: &Value, cx: &mut Ctx) {
    let Value::Object(nested) = value else { return };
    if key == "attributes" {
        return;
    }
    let mark = cx.mark();
    if nested.contains_key("records") && nested.contains_key("totalSize") {
        // A subquery's page: its records are related records too.
        let _ = Query::<Checked<AnyOf<R>, R>, R>::decode(value, cx);
    } else if nested.contains_key("attributes") {
        let object = nested.get("attributes").and_then(|a| a.get("type")).and_then(Value::as_str);
        if !object.is_some_and(|o| R::check(o, value, cx)) {
            let _ = SObject::decode(value, cx);
        }
        // Relationships of the related record (`Who.Account.Name`).
        for (k, v) in nested {
            check_one::<R>(k, v, cx);
        }
    }
    cx.close_key(mark, key);
}
