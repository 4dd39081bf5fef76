//! [`CustomFields`]: the members a record passes through untouched (Salesforce's custom
//! fields and relationships, names ending in `__c` or `__r`), as a small sorted map.
//!
//! A record holds a handful of them (the real Task record six, most `null`), so they are
//! kept in one array of (name, value) pairs sorted by name: one allocation for the array
//! and one per name. A `BTreeMap` held the same six in a 632-byte node plus the names,
//! and cost a tree insert per member (issue 16).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// Members kept untouched, by name: a map from names to JSON values, sorted by name
/// (iteration and serialization go in name order, as a `BTreeMap`'s would).
///
/// Lookups are binary searches; inserting a name that sorts last (as when a body's
/// members come in name order) appends.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct CustomFields {
    entries: Vec<(Box<str>, Value)>,
}

impl CustomFields {
    /// No members.
    pub const fn new() -> Self {
        CustomFields { entries: Vec::new() }
    }
    /// How many members are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether no member is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Where `key` is, or where it would go.
    fn find(&self, key: &str) -> Result<usize, usize> {
        // Members usually arrive in name order: a new name then sorts after the last.
        match self.entries.last() {
            Some((last, _)) if **last < *key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(k, _)| (**k).cmp(key)),
        }
    }
    /// The value of the member `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }
    /// The value of the member `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }
    /// Whether the member `key` is kept.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }
    /// Sets the member `key` to `value`: the value it had, if it was kept.
    pub fn insert(&mut self, key: impl Into<Box<str>>, value: Value) -> Option<Value> {
        let key = key.into();
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }
    /// Removes the member `key`: its value, if it was kept.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }
    /// Keeps only the members for which `keep` says yes.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Value) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
    /// The members (name, value), in name order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }
    /// The names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| &**k)
    }
    /// The values, in their names' order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }
    /// Makes room for at least `additional` more members.
    pub fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
    }
    /// Frees the room kept for more members.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }
    /// The members in an array of their number, moved there: shrinking an allocation in
    /// place leaves the allocator a remainder to merge, where a new one of the exact
    /// size and the old one freed are each its cache's (as callgrind showed, issue 16).
    pub(crate) fn into_exact(self) -> Self {
        if self.entries.capacity() == self.entries.len() {
            return self;
        }
        let mut entries = Vec::with_capacity(self.entries.len());
        entries.extend(self.entries);
        CustomFields { entries }
    }
}

/// The members of a [`CustomFields`] (name, value), in name order.
#[derive(Clone, Debug)]
pub struct Iter<'a>(std::slice::Iter<'a, (Box<str>, Value)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (&**k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (&**k, v))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a CustomFields {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for CustomFields {
    type Item = (String, Value);
    type IntoIter = std::iter::Map<std::vec::IntoIter<(Box<str>, Value)>, fn((Box<str>, Value)) -> (String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter().map(|(k, v)| (k.into_string(), v))
    }
}

impl<K: Into<Box<str>>> Extend<(K, Value)> for CustomFields {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, members: I) {
        for (k, v) in members {
            self.insert(k, v);
        }
    }
}

impl<K: Into<Box<str>>> FromIterator<(K, Value)> for CustomFields {
    /// The members, the last value of a repeated name winning.
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(members: I) -> Self {
        let mut fields = CustomFields::new();
        fields.extend(members);
        fields
    }
}

impl<K: Into<Box<str>>, const N: usize> From<[(K, Value); N]> for CustomFields {
    fn from(members: [(K, Value); N]) -> Self {
        members.into_iter().collect()
    }
}

impl From<std::collections::BTreeMap<String, Value>> for CustomFields {
    fn from(members: std::collections::BTreeMap<String, Value>) -> Self {
        // Already sorted: every insert appends.
        members.into_iter().collect()
    }
}

impl From<serde_json::Map<String, Value>> for CustomFields {
    fn from(members: serde_json::Map<String, Value>) -> Self {
        members.into_iter().collect()
    }
}

impl std::ops::Index<&str> for CustomFields {
    type Output = Value;
    /// The value of the member `key`; panics when it is not kept, as a map's index does.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or_else(|| panic!("no custom field `{key}`"))
    }
}

impl fmt::Debug for CustomFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for CustomFields {
    /// A JSON object of the members, in name order.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CustomFields {
    /// A JSON object's members (the last value of a repeated name winning).
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = CustomFields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CustomFields, A::Error> {
                let mut fields = CustomFields::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    fields.insert(k, v);
                }
                Ok(fields)
            }
        }
        de.deserialize_map(Members)
    }
}

#[cfg(test)]
mod tests {
    use super::CustomFields;
    use serde_json::{json, Value};

    #[test]
    fn members_are_kept_in_name_order_whatever_order_they_come_in() {
        let mut f = CustomFields::new();
        for k in ["b__c", "d__c", "a__c", "c__c"] {
            assert_eq!(f.insert(k, json!(k)), None);
        }
        assert_eq!(f.keys().collect::<Vec<_>>(), ["a__c", "b__c", "c__c", "d__c"]);
        assert_eq!(f.insert("b__c", Value::Null), Some(json!("b__c")), "a repeat replaces");
        assert_eq!(f.len(), 4);
        assert_eq!(f.get("b__c"), Some(&Value::Null));
        assert_eq!(f.remove("a__c"), Some(json!("a__c")));
        assert_eq!(f.remove("a__c"), None);
        assert!(!f.contains_key("a__c") && f.contains_key("d__c"));
        assert_eq!(f["c__c"], json!("c__c"));
        *f.get_mut("c__c").unwrap() = json!(1);
        f.retain(|k, _| k != "d__c");
        assert_eq!(serde_json::to_string(&f).unwrap(), r#"{"b__c":null,"c__c":1}"#);
        assert_eq!(format!("{f:?}"), r#"{"b__c": Null, "c__c": Number(1)}"#);
    }

    #[test]
    fn it_reads_writes_and_collects_as_a_map_does() {
        let f: CustomFields = serde_json::from_str(r#"{"z__c":1,"a__c":[true],"z__c":2}"#).unwrap();
        assert_eq!(serde_json::to_value(&f).unwrap(), json!({"a__c": [true], "z__c": 2}));
        let map: std::collections::BTreeMap<String, Value> = f.clone().into_iter().collect();
        assert_eq!(CustomFields::from(map), f);
        assert_eq!(f, [("z__c", json!(2)), ("a__c", json!([true]))].into_iter().collect());
        assert_eq!(CustomFields::from([("a__c", json!([true])), ("z__c", json!(2))]), f);
        assert!(serde_json::from_str::<CustomFields>("[]").is_err());
        assert!(CustomFields::default().is_empty());
    }
}
