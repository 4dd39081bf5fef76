//! What generated objects share: variants the schema does not know, enum parse errors.

use std::fmt;

use serde::ser::{SerializeMap, Serializer};

/// A variant of a multi-variant object that this version of the schema does not know,
/// kept whole so that writing it back loses nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownVariant {
    tag: String,
    members: serde_json::Map<String, serde_json::Value>,
}

impl UnknownVariant {
    // Called by generated code only; a crate without multi-variant objects never does.
    #[doc(hidden)]
    pub fn new(tag: String, members: serde_json::Map<String, serde_json::Value>) -> Self {
        UnknownVariant { tag, members }
    }
    /// The discriminator value as received (`"DnsManagement"`).
    pub fn tag(&self) -> &str {
        &self.tag
    }
    /// Every other member, as received.
    pub fn members(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.members
    }
    /// Writes the variant back: the discriminator member `tag_key`, then the members.
    pub fn serialize_with_tag<S: Serializer>(&self, tag_key: &str, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.members.len() + 1))?;
        map.serialize_entry(tag_key, &self.tag)?;
        for (k, v) in &self.members {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A string that names no value of an enumeration (from `FromStr`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
}

impl ParseEnumError {
    // Called by generated enums only; a crate without enumerations never does.
    #[doc(hidden)]
    pub fn new(type_name: &'static str, value: &str) -> Self {
        ParseEnumError { type_name, value: value.to_owned() }
    }
    /// The string that was not recognised.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {} value (it takes only the values the schema lists)", self.value, self.type_name)
    }
}

impl std::error::Error for ParseEnumError {}
