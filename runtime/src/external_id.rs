//! Setting a Salesforce lookup through the related record's external id.
//!
//! A create or update may name the record a reference field points at by one of that
//! record's external-id fields instead of its Salesforce id: the member is the field's
//! relationship name and its value the related record, reduced to its `attributes`
//! (whose `type` names one of the field's targets) and one external-id field:
//!
//! ```json
//! {"Subject": "Call", "What": {"attributes": {"type": "Account"}, "Ext_Id__c": "A-1"}}
//! ```
//!
//! (Salesforce REST API Developer Guide, "Insert or Update (Upsert) a Record Using an
//! External ID", relationship fields.) The member travels as it was sent.

use serde::ser::SerializeMap;
use serde::{Deserializer, Serializer};

use super::de::{Codec, Ctx, Found};
use super::error::ErrorKind;
use super::salesforce::Attributes;
use super::scalar::json_type;

/// The objects a relationship may name by external id (a reference field's targets).
#[doc(hidden)]
pub trait LookupTargets {
    /// The relationship member (`What`), for messages.
    const RELATIONSHIP: &'static str;
    /// The target objects' API names (`["Account", "Opportunity", …]`).
    const OBJECTS: &'static [&'static str];
}

/// A related record named by one of its external-id fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExternalIdRef {
    /// The related record's `attributes`; its `type` names the object.
    pub attributes: Attributes,
    /// The external-id field (`Ext_Id__c`).
    pub field: String,
    /// Its value, as sent (a string or a number).
    pub value: serde_json::Value,
}

impl ExternalIdRef {
    /// The record of object `object_type` whose external-id `field` holds `value`.
    pub fn new(object_type: impl Into<String>, field: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        ExternalIdRef {
            attributes: Attributes { object_type: object_type.into(), ..Attributes::default() },
            field: field.into(),
            value: value.into(),
        }
    }
}

/// The codec of a relationship member whose targets `T` names.
#[doc(hidden)]
pub struct ByExternalId<T>(std::marker::PhantomData<fn() -> T>);

const EXPECTED: &str = "a related record (an object with attributes and one external-id field)";

impl<T: LookupTargets> Codec for ByExternalId<T> {
    type Value = ExternalIdRef;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<ExternalIdRef>, D::Error> {
        // A small object: read whole, then checked member by member.
        let value = <serde_json::Value as serde::Deserialize>::deserialize(de)?;
        Ok(check::<T>(value, cx))
    }
    fn encode<S: Serializer>(value: &ExternalIdRef, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("attributes", &super::de::As::<Attributes>::new(&value.attributes))?;
        map.serialize_entry(&value.field, &value.value)?;
        map.end()
    }
}

fn check<T: LookupTargets>(value: serde_json::Value, cx: &mut Ctx) -> Option<ExternalIdRef> {
    let members = match value {
        serde_json::Value::Object(m) => m,
        serde_json::Value::Null => {
            cx.error(ErrorKind::Required, "a related record is required here; null is not allowed");
            return None;
        }
        other => {
            cx.error(ErrorKind::Type, format!("expected {EXPECTED}, found {}", json_type(&other)));
            return None;
        }
    };
    let mut attributes = None;
    let mut ok = true;
    let mut field = None;
    for (key, v) in members {
        if key == "attributes" {
            let m = cx.mark();
            attributes = <Attributes as Codec>::decode(v, cx).unwrap_or(None);
            ok &= attributes.is_some();
            cx.close_key(m, "attributes");
            continue;
        }
        match &v {
            serde_json::Value::String(_) | serde_json::Value::Number(_) | serde_json::Value::Bool(_) => {}
            serde_json::Value::Null => {
                cx.error_at(&key, ErrorKind::Required, "the external id must have a value");
                ok = false;
            }
            other => {
                let found = if other.is_array() { Found::ARRAY } else { Found::OBJECT };
                cx.error_at(
                    &key,
                    ErrorKind::Type,
                    format!("expected an external id (a string or a number), found {found}"),
                );
                ok = false;
            }
        }
        if field.is_some() {
            cx.error_at(&key, ErrorKind::InvalidValue, "a related record is named by one external-id field only");
            ok = false;
        } else {
            field = Some((key, v));
        }
    }
    match &attributes {
        Some(a) if !T::OBJECTS.iter().any(|o| o.eq_ignore_ascii_case(&a.object_type)) => {
            let m = cx.mark();
            cx.error_at(
                "type",
                ErrorKind::InvalidValue,
                format!("`{}` cannot name a `{}`: it is not among its targets", T::RELATIONSHIP, a.object_type),
            );
            cx.close_key(m, "attributes");
            ok = false;
        }
        Some(_) => {}
        None if ok => {
            cx.error_at("attributes", ErrorKind::Required, "a related record names its object in `attributes`");
            ok = false;
        }
        None => {}
    }
    if field.is_none() && ok {
        cx.error(ErrorKind::Required, "a related record names one external-id field");
        ok = false;
    }
    let (field, value) = field?;
    Some(ExternalIdRef { attributes: attributes?, field, value }).filter(|_| ok)
}

/// Records that a reference field and its relationship were both sent: one value for
/// one lookup (the problem is at the relationship member).
#[cold]
#[doc(hidden)]
pub fn both_sent(cx: &mut Ctx, relationship: &str, id_field: &str) {
    cx.error_at(
        relationship,
        ErrorKind::InvalidValue,
        format!("`{relationship}` and `{id_field}` set the same lookup; send one of them"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::Op;
    use crate::testing::{at, decode_at, encode, ok};
    use ErrorKind::*;

    struct What;
    impl LookupTargets for What {
        const RELATIONSHIP: &'static str = "What";
        const OBJECTS: &'static [&'static str] = &["Account", "Opportunity"];
    }
    type W = ByExternalId<What>;

    fn problems(json: &str) -> Vec<(String, ErrorKind)> {
        decode_at::<W>(json, Op::Create, &["What"]).1
    }

    #[test]
    fn travels_as_sent() {
        let json = r#"{"attributes":{"type":"Account"},"Ext_Id__c":"A-1"}"#;
        let v = ok::<W>(json, Op::Create);
        assert_eq!((v.attributes.object_type.as_str(), v.field.as_str()), ("Account", "Ext_Id__c"));
        assert_eq!(encode::<W>(&v), json);
        assert_eq!(v, ExternalIdRef::new("Account", "Ext_Id__c", "A-1"));
        ok::<W>(r#"{"Number__c": 7, "attributes": {"type": "opportunity"}}"#, Op::Update);
    }

    #[test]
    fn every_problem_at_its_pointer() {
        assert_eq!(
            problems(r#"{"attributes":{"type":"Lead"},"X__c":"1"}"#),
            [at("/What/attributes/type", InvalidValue)]
        );
        assert_eq!(problems(r#""0015e00000AaBbCAAV""#), [at("/What", Type)]);
        assert_eq!(problems("null"), [at("/What", Required)]);
        assert_eq!(problems(r#"{"X__c":"1"}"#), [at("/What/attributes", Required)]);
        assert_eq!(problems(r#"{"attributes":{"type":"Account"}}"#), [at("/What", Required)]);
        assert_eq!(
            problems(r#"{"attributes":{"type":"Account"},"A__c":"1","B__c":[]}"#),
            [at("/What/B__c", Type), at("/What/B__c", InvalidValue)]
        );
        assert_eq!(
            problems(r#"{"attributes":{"type":5},"A__c":null}"#),
            [at("/What/A__c", Required), at("/What/attributes/type", Type)]
        );
    }
}
