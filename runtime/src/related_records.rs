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
use serde_json::value::RawValue;
use serde_json::{Map, Value};

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
        if cx.reads_raw_json() {
            // The record's text, borrowed: read straight into its type, and into a JSON
            // tree only when it nests an object other than its `attributes` (a related
            // record or a subquery page). Reading every record into a tree first made a
            // page of plain records cost 2.5 times the plain derive (issue 16).
            let raw = <&'de RawValue>::deserialize(de)?;
            let text = raw.get();
            let record = C::decode(&mut serde_json::Deserializer::from_str(text), cx).unwrap_or(None);
            if nests_objects(text) {
                if let Ok(Value::Object(members)) = serde_json::from_str::<Value>(text) {
                    check_members_of_value::<R>(&members, cx);
                }
            }
            return Ok(record);
        }
        let value = Value::deserialize(de)?;
        let record = C::decode(&value, cx).unwrap_or(None);
        if let Value::Object(members) = &value {
            check_members_of_value::<R>(members, cx);
        }
        Ok(record)
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

/// [`check_members`] on members held as a `serde_json::Value`: decoders reading it must
/// not take it for JSON text.
fn check_members_of_value<R: Related>(members: &Map<String, Value>, cx: &mut Ctx) {
    let raw = cx.set_raw_json(false);
    check_members::<R>(members, cx);
    cx.set_raw_json(raw);
}

/// Whether `text`, one JSON value (valid: serde_json has read it), may hold an object
/// inside it other than a top-level `attributes` object, the only one a plain record
/// has. Exact when it says no: with one `{`, the value is at most one object; with two,
/// the second is `attributes`' value when the member name `"attributes"` (then `:`) is
/// opened right after `{` or `,` (so not inside a string, where every `"` is escaped)
/// with only the record's own `{` before it. A `{` inside a string only makes it say
/// yes, which costs the slower check, never a missed one.
fn nests_objects(text: &str) -> bool {
    match braces(text.as_bytes()) {
        0 | 1 => return false,
        2 => {}
        _ => return true,
    }
    let Some(key) = text.find("\"attributes\"") else { return true };
    let before = text[..key].trim_end();
    let value = text[key + "\"attributes\"".len()..].trim_start();
    let member = value.strip_prefix(':').is_some_and(|v| v.trim_start().starts_with('{'));
    let opened = before.ends_with(['{', ',']) && text.trim_start().starts_with('{') && braces(before.as_bytes()) == 1;
    !(member && opened)
}

/// How many `{` `bytes` holds, counted in byte-sized counters over chunks so that it
/// compiles to vector code (a count into a `usize` goes byte by byte).
fn braces(bytes: &[u8]) -> usize {
    bytes.chunks(255).map(|c| usize::from(c.iter().fold(0u8, |n, b| n + u8::from(*b == b'{')))).sum()
}

/// Checks the related records and subquery pages among a record's members.
fn check_members<R: Related>(members: &Map<String, Value>, cx: &mut Ctx) {
    for (key, value) in members {
        let Value::Object(nested) = value else { continue };
        if key == "attributes" {
            continue;
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
            check_members::<R>(nested, cx);
        }
        cx.close_key(mark, key);
    }
}

#[cfg(test)]
mod tests {
    use super::nests_objects;

    #[test]
    fn only_attributes_is_not_nesting() {
        for plain in [
            r#"{"Id":"00T0x000005hOcYEAU"}"#,
            r#"{"attributes":{"type":"Task"},"Id":"x"}"#,
            r#" { "Id" : "x" , "attributes" : { "type" : "Task" } } "#,
            r#"{"Subject":"a\\","attributes":{"type":"Task"}}"#,
            "null",
        ] {
            assert!(!nests_objects(plain), "{plain}");
        }
    }

    #[test]
    fn any_other_object_is_nesting() {
        for nested in [
            r#"{"attributes":{"type":"Task"},"Who":{"attributes":{"type":"Contact"}}}"#,
            r#"{"Who":{"Name":"x"},"Id":"x"}"#,
            r#"{"Tasks":{"totalSize":0,"done":true,"records":[]}}"#,
            r#"{"attributes":{"type":"Task"},"Tasks":{"records":[]}}"#,
            // `attributes` spelled inside a string, and a key ending in it.
            r#"{"Subject":"\",\"attributes\":{"}"#,
            r#"{"x\"attributes":{"type":"Task"}}"#,
            r#"[{"attributes":{}}]"#,
        ] {
            assert!(nests_objects(nested), "{nested}");
        }
    }
}
