//! JMAP patches: an update of a Stalwart object is a set of `path: value` pairs,
//! where a path is a member name or a slash-separated path into nested objects.
//!
//! Applying one checks every path against the schema's modifiers (read-only and
//! server-set members may not change), decodes every value as strictly as a create
//! body, and returns the updated object or every problem found.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::de::{self, As, Codec, Ctx, Op};
use super::error::{ErrorKind, ValidationError, ValidationErrors};
use super::finite::{to_json_value, NotJson};

/// A JMAP patch object, in the order its members were given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Patch {
    ops: Vec<(String, Value)>,
    /// Values [`Patch::set`] was given that have no JSON form (a NaN): kept so that
    /// applying or sending the patch fails, rather than `null` ("clear") going out.
    refused: Vec<(String, NotJson)>,
}

impl Patch {
    /// An empty patch (applying it changes nothing).
    pub fn new() -> Self {
        Patch::default()
    }
    /// Adds `path: value` (`"status/due"`, a JSON value); `null` clears a nullable member.
    ///
    /// A value with no JSON form (a NaN or an infinity anywhere inside it) is not turned
    /// into `null`, which would clear the member: the patch remembers it, applying it
    /// reports `invalid_value` at `path`, and serialising it fails. [`Patch::try_set`]
    /// refuses it at once.
    pub fn set(mut self, path: impl Into<String>, value: impl Serialize) -> Self {
        let path = path.into();
        self.ops.retain(|(p, _)| *p != path);
        self.refused.retain(|(p, _)| *p != path);
        match to_json_value(&value) {
            Ok(value) => self.ops.push((path, value)),
            Err(why) => self.refused.push((path, why)),
        }
        self
    }
    /// Like [`Patch::set`], but a value with no JSON form is an error (`invalid_value`
    /// at `/path`, or inside it) and the patch is given up.
    pub fn try_set(self, path: impl Into<String>, value: impl Serialize) -> Result<Self, ValidationErrors> {
        let patch = self.set(path, value);
        match patch.refused.is_empty() {
            true => Ok(patch),
            false => Err(ValidationErrors::from_vec(patch.refused_errors())),
        }
    }
    /// The values given to [`Patch::set`] that have no JSON form, each at its key's
    /// pointer (and inside it).
    fn refused_errors(&self) -> Vec<ValidationError> {
        let refused = self.refused.iter().map(|(path, why)| {
            let message = format!("`{}` cannot be sent: {}", de::shown(path), why.message);
            // `/` + the key is the key's pointer, unless the key is no JSON pointer.
            let key = if escapes_valid(path) { path.clone() } else { path.replace('~', "~0").replace('/', "~1") };
            ValidationError::new(format!("/{key}{}", why.pointer), ErrorKind::InvalidValue, message)
        });
        refused.collect()
    }
    /// The `path: value` pairs.
    pub fn ops(&self) -> &[(String, Value)] {
        &self.ops
    }
    /// Parses a patch body: a JSON object of `path: value` pairs (text or bytes, as
    /// the generated types' `from_json` take).
    pub fn from_json(json: impl AsRef<[u8]>) -> Result<Patch, ValidationErrors> {
        let json = json.as_ref();
        match serde_json::from_slice::<Value>(json) {
            Ok(Value::Object(map)) => {
                // The map keeps the last of a repeated member; a client body may not repeat one.
                let repeated = repeated_members(json);
                if !repeated.is_empty() {
                    let errors = repeated.into_iter().map(|(pointer, key)| {
                        let message = format!("`{}` appears more than once", de::shown(&key));
                        ValidationError::new(pointer, ErrorKind::InvalidValue, message)
                    });
                    return Err(ValidationErrors::from_vec(errors.collect()));
                }
                Ok(Patch { ops: map.into_iter().collect(), refused: Vec::new() })
            }
            Ok(_) => Err(one("", ErrorKind::Type, "a patch is a JSON object of `path: value` members")),
            Err(e) => Err(one("", ErrorKind::Syntax, format!("not valid JSON: {e}"))),
        }
    }
}

impl Serialize for Patch {
    /// Fails when [`Patch::set`] was given a value with no JSON form.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some((path, why)) = self.refused.first() {
            return Err(serde::ser::Error::custom(format_args!("patch key `{path}` cannot be sent: {why}")));
        }
        let mut map = s.serialize_map(Some(self.ops.len()))?;
        for (k, v) in &self.ops {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Patch {
    /// A patch object as a JSON value (inside a `/set` request's `update`).
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        match Value::deserialize(de)? {
            Value::Object(map) => Ok(Patch { ops: map.into_iter().collect(), refused: Vec::new() }),
            _ => Err(serde::de::Error::custom("a patch is a JSON object of `path: value` members")),
        }
    }
}

/// The members that a JSON text repeats within one object, at any depth, as
/// `(pointer, name)`; the pointer of a top-level patch key is the key itself, a path
/// (unless the key is no JSON pointer: then the key as a member name).
fn repeated_members(json: &[u8]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(json);
    let seed = Repeats { path: String::new(), top: true, found: &mut found };
    let _ = serde::de::DeserializeSeed::deserialize(seed, &mut de);
    found
}

/// Walks one JSON value for [`repeated_members`].
struct Repeats<'a> {
    path: String,
    top: bool,
    found: &'a mut Vec<(String, String)>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Repeats<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Repeats<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for i in 0.. {
            let path = format!("{}/{i}", self.path);
            if seq.next_element_seed(Repeats { path, top: false, found: &mut *self.found })?.is_none() {
                break;
            }
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.top && escapes_valid(&key) {
                format!("/{key}")
            } else {
                format!("{}/{}", self.path, key.replace('~', "~0").replace('/', "~1"))
            };
            if !seen.insert(key.clone()) {
                self.found.push((path.clone(), key));
            }
            map.next_value_seed(Repeats { path, top: false, found: &mut *self.found })?;
        }
        Ok(())
    }
}

fn one(pointer: &str, kind: ErrorKind, message: impl Into<String>) -> ValidationErrors {
    ValidationErrors::from_vec(vec![ValidationError::new(pointer, kind, message)])
}

/// The error for a patch offered without the object it applies to.
#[doc(hidden)]
pub fn needs_current() -> ValidationErrors {
    one(
        "",
        ErrorKind::Required,
        "a patch applies to a stored object: which variant it is decides what may change",
    )
}

/// A type whose values a patch can reach into: implemented by generated read types.
#[doc(hidden)]
pub trait Patchable {
    /// The discriminator member, for multi-variant objects.
    const TAG: Option<&'static str> = None;
    /// Checks one patch operation at `path` (non-empty, relative to this value, whose
    /// JSON is `current`), and returns the JSON to write there; `None` when a problem
    /// was recorded (the context points at the whole patch key).
    fn patch_value(path: &[String], value: Value, current: Option<&Value>, cx: &mut Ctx) -> Option<Value>;
    /// The server-set members of the variant `tag` (or of the object): kept from the
    /// stored value when a patch replaces the whole object, since clients cannot send them.
    fn server_set(tag: Option<&str>) -> &'static [&'static str];
}

/// Decodes a replacement value with codec `C` (for `op` update: strict) and returns
/// its canonical JSON.
#[doc(hidden)]
pub fn replace<C: Codec>(value: Value, cx: &mut Ctx) -> Option<Value> {
    let decoded = C::decode(value, cx).ok().flatten()?;
    Some(de::to_json_value(&As::<C>::new(&decoded)))
}

/// A patch of member `name`, which has no members of its own: its whole value
/// replaced, or cleared when it is nullable.
#[doc(hidden)]
pub fn scalar<C: Codec>(name: &str, nullable: bool, rest: &[String], value: Value, cx: &mut Ctx) -> Option<Value> {
    if !rest.is_empty() {
        return no_members(name, cx);
    }
    if value.is_null() {
        return null(name, nullable, cx);
    }
    replace::<C>(value, cx)
}

/// A patch of member `name`, an object of read type `T` and create codec `C`: a path
/// reaching further goes into it; otherwise its whole value is replaced, or cleared
/// when it is nullable. `current` is the member's stored value.
#[doc(hidden)]
pub fn object<C: Codec, T: Patchable>(
    name: &str,
    nullable: bool,
    rest: &[String],
    value: Value,
    current: Option<&Value>,
    cx: &mut Ctx,
) -> Option<Value> {
    if !rest.is_empty() {
        return T::patch_value(rest, value, current, cx);
    }
    if value.is_null() {
        return null(name, nullable, cx);
    }
    replace_object::<C, T>(value, current, cx)
}

/// A `null` set on member `name`: a clear when it is nullable.
fn null(name: &str, nullable: bool, cx: &mut Ctx) -> Option<Value> {
    if nullable {
        return Some(Value::Null);
    }
    cx.error(
        ErrorKind::Required,
        format!("`{name}` may not be null (only a nullable member can be cleared); set its whole value instead"),
    );
    None
}

/// Like [`replace`] for a whole nested object decoded with its create view `C`: the
/// stored value's server-set members are carried over.
#[doc(hidden)]
pub fn replace_object<C: Codec, T: Patchable>(value: Value, current: Option<&Value>, cx: &mut Ctx) -> Option<Value> {
    // Decoded as strictly as a create; its problems sit where the replaced member does,
    // which is where the outer context's pointer is being built.
    let mut inner = Ctx::new(Op::Create);
    let decoded = C::decode(value, &mut inner).ok().flatten();
    for e in inner.into_errors() {
        cx.record(e);
    }
    let Value::Object(mut new) = de::to_json_value(&As::<C>::new(&decoded?)) else { return None };
    if let Some(Value::Object(old)) = current {
        let tag = T::TAG.and_then(|k| new.get(k)).and_then(Value::as_str).map(str::to_owned);
        for m in T::server_set(tag.as_deref()) {
            if !new.contains_key(*m) {
                if let Some(v) = old.get(*m) {
                    new.insert((*m).to_owned(), v.clone());
                }
            }
        }
    }
    Some(Value::Object(new))
}

/// Records that `path` reaches past a member that has no members.
#[doc(hidden)]
pub fn no_members(name: &str, cx: &mut Ctx) -> Option<Value> {
    cx.error(
        ErrorKind::UnknownField,
        format!("`{name}` has no members to patch one by one; replace its whole value"),
    );
    None
}

/// Records that `name` is not a member of `object`.
#[doc(hidden)]
pub fn unknown(name: &str, object: &str, cx: &mut Ctx) -> Option<Value> {
    cx.error(ErrorKind::UnknownField, format!("`{}` is not a member of {object}", de::shown(name)));
    None
}

/// Records that member `name` may not change: servers set it (Stalwart's `server-set`).
#[cold]
pub fn server_set(name: &str, cx: &mut Ctx) -> Option<Value> {
    frozen(&format!("`{name}` is server-set: clients may not send it"), cx)
}

/// Records that member `name` may not change: it is set on create only (Stalwart).
#[cold]
pub fn read_only(name: &str, cx: &mut Ctx) -> Option<Value> {
    frozen(&format!("`{name}` is read-only: it cannot change after creation"), cx)
}

/// Records that member `name` may not change: its describe has no Update property
/// (Salesforce).
#[cold]
pub fn not_updatable(name: &str, cx: &mut Ctx) -> Option<Value> {
    frozen(&format!("`{name}` cannot be updated (no Update property)"), cx)
}

/// Records that `name` may not change.
#[doc(hidden)]
pub fn frozen(message: &str, cx: &mut Ctx) -> Option<Value> {
    cx.error(ErrorKind::Forbidden, message);
    None
}

/// Whether every `~` in a patch key starts an RFC 6901 escape (`~0` or `~1`).
fn escapes_valid(key: &str) -> bool {
    let mut bytes = key.bytes();
    while let Some(b) = bytes.next() {
        if b == b'~' && !matches!(bytes.next(), Some(b'0' | b'1')) {
            return false;
        }
    }
    true
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn set_at(doc: &mut Value, path: &[String], value: Value) -> bool {
    let Some((last, parents)) = path.split_last() else { return false };
    let mut here = doc;
    for p in parents {
        match here.get_mut(p.as_str()) {
            Some(next @ Value::Object(_)) => here = next,
            _ => return false,
        }
    }
    match here {
        Value::Object(map) => {
            map.insert(last.clone(), value);
            true
        }
        _ => false,
    }
}

/// Applies `patch` to `current`: the updated value, or every problem found.
#[doc(hidden)]
pub fn apply<T: Codec<Value = T> + Patchable + Serialize>(current: &T, patch: &Patch) -> Result<T, ValidationErrors> {
    let mut doc = de::to_json_value(current);
    let mut cx = Ctx::new(Op::Update);
    for e in patch.refused_errors() {
        cx.record(e);
    }
    let mut updates: Vec<(&str, Vec<String>, Value)> = Vec::new();
    let overlapping = overlapping_keys(&patch.ops);
    for (key, value) in &patch.ops {
        if !escapes_valid(key) {
            // Not a JSON pointer, so not a pointer to report either: point at the key.
            // First, so that no other refusal (an overlap) reports it as a pointer.
            cx.error_at(
                key,
                ErrorKind::UnknownField,
                format!("`{}` is not a member path: `~` must be escaped as `~0` and `/` as `~1`", de::shown(key)),
            );
            continue;
        }
        if overlapping.contains(&key.as_str()) {
            // RFC 8620 section 5.3: no key may be a prefix path of another. The real
            // server applies such keys one after another in the JSON text's order, which
            // an object's meaning does not include (RFC 8259), so the client refuses them.
            let m = cx.mark();
            cx.error(
                ErrorKind::InvalidValue,
                format!(
                    "`{}` reaches inside a member this patch also sets whole (RFC 8620 section 5.3: invalidPatch); \
                     put the change into that member's value instead",
                    de::shown(key)
                ),
            );
            cx.close_path(m, key);
            continue;
        }
        let path: Vec<String> = key.split('/').map(unescape).collect();
        let m = cx.mark();
        if path.iter().any(String::is_empty) {
            cx.error(ErrorKind::UnknownField, format!("`{}` is not a member path", de::shown(key)));
        } else if let Some(v) = T::patch_value(&path, value.clone(), Some(&doc), &mut cx) {
            updates.push((key, path, v));
        }
        cx.close_path(m, key);
    }
    if cx.error_count() > 0 {
        return Err(cx.into_errors());
    }
    for (key, path, v) in updates {
        if !set_at(&mut doc, &path, v) {
            // The key as sent, still escaped: `/` + key is a JSON pointer.
            let m = cx.mark();
            cx.error(ErrorKind::Required, format!("`{}` reaches into a member the object does not have", de::shown(key)));
            cx.close_path(m, key);
        }
    }
    if cx.error_count() > 0 {
        return Err(cx.into_errors());
    }
    let bytes = serde_json::to_vec(&doc).unwrap_or_default();
    de::parse::<T>(&bytes, Op::Read)
}

/// The patch keys that reach inside a member another key of the same patch sets (the
/// longer key of each overlapping pair: `status/due` beside `status`).
fn overlapping_keys(ops: &[(String, Value)]) -> Vec<&str> {
    let mut longer = Vec::new();
    for (key, _) in ops {
        let inside_another = ops.iter().any(|(other, _)| {
            other.len() < key.len() && key.starts_with(other.as_str()) && key.as_bytes()[other.len()] == b'/'
        });
        if inside_another {
            longer.push(key.as_str());
        }
    }
    longer
}

/// Splits off the first segment of a patch path.
#[doc(hidden)]
pub fn split(path: &[String]) -> (&str, &[String]) {
    match path.split_first() {
        Some((head, rest)) => (head.as_str(), rest),
        None => ("", &[]),
    }
}

/// The member `name` of a JSON object, if there is one.
#[doc(hidden)]
pub fn member<'a>(current: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    current.and_then(Value::as_object).and_then(|m: &'a Map<String, Value>| m.get(name))
}

/// What a generated typed patch builder (`TaskPatch`) is made of: the `path: value`
/// pairs set so far, each value written by its member's codec and checked by it, and
/// the problems found.
///
/// Generated builders call [`set`](Self::set) and [`replace`](Self::replace) from one
/// method per path the schema lets a client change, so the path is always one the
/// schema has and the value always of its type; the rest is checked here, without the
/// stored object: the value's own rules (`""`, years, limits, a whole nested value as
/// strictly as a create) and overlapping paths. What only the stored object can tell
/// (whether its variant has the path) is left to [`apply`] and the server.
#[derive(Clone, Debug, Default, PartialEq)]
#[doc(hidden)]
pub struct PatchBuilder {
    patch: Patch,
    errors: Vec<ValidationError>,
}

impl PatchBuilder {
    /// Sets `path` to `value`, a member value (checked as an update's value).
    pub fn set<C: Codec>(self, path: &'static str, value: &C::Value) -> Self {
        self.put::<C>(path, value, Op::Update)
    }
    /// Sets `path` to `value`, a whole nested object (checked as strictly as a create,
    /// as [`apply`] checks a replaced object).
    pub fn replace<C: Codec>(self, path: &'static str, value: &C::Value) -> Self {
        self.put::<C>(path, value, Op::Create)
    }
    fn put<C: Codec>(mut self, path: &'static str, value: &C::Value, op: Op) -> Self {
        let json = de::to_json_value(&As::<C>::new(value));
        let mut cx = Ctx::new(op);
        let _ = C::decode(json.clone(), &mut cx);
        // A second value for one path replaces the first, with its problems.
        let pointer = format!("/{path}");
        self.errors.retain(|e| e.pointer() != pointer && !e.pointer().starts_with(&format!("{pointer}/")));
        for mut e in cx.into_errors() {
            e.prefix(&pointer);
            self.errors.push(e);
        }
        self.patch = self.patch.set(path, json);
        self
    }
    /// The JMAP PatchObject, or every problem its values have and every path that
    /// reaches inside another one set whole (RFC 8620 section 5.3).
    pub fn build(self) -> Result<Patch, ValidationErrors> {
        let mut errors = self.errors;
        for key in overlapping_keys(&self.patch.ops) {
            errors.push(ValidationError::new(
                format!("/{key}"),
                ErrorKind::InvalidValue,
                format!(
                    "`{key}` reaches inside a member this patch also sets whole (RFC 8620 section 5.3: invalidPatch); \
                     put the change into that member's value instead"
                ),
            ));
        }
        if errors.is_empty() {
            Ok(self.patch)
        } else {
            Err(ValidationErrors::from_vec(errors))
        }
    }
}

#[cfg(test)]
mod builder_tests {
    use super::*;
    use crate::client::NonEmpty;
    use crate::scalar::{Int32, Str};

    #[test]
    fn a_built_patch_is_what_set_builds_and_its_problems_sit_at_their_paths() {
        let built = PatchBuilder::default().set::<Int32>("a/b", &2).set::<Str>("c", &"x".to_owned()).build().unwrap();
        assert_eq!(built, Patch::new().set("a/b", 2).set("c", "x"));
        let errors = PatchBuilder::default().set::<NonEmpty<Str>>("c", &String::new()).build().unwrap_err();
        let found: Vec<(&str, ErrorKind)> = errors.iter().map(|e| (e.pointer(), e.kind())).collect();
        assert_eq!(found, [("/c", ErrorKind::InvalidValue)]);
        // The last value of a path wins, and only its problems stay.
        let fixed = PatchBuilder::default().set::<NonEmpty<Str>>("c", &String::new()).set::<NonEmpty<Str>>("c", &"y".to_owned());
        assert_eq!(fixed.build().unwrap(), Patch::new().set("c", "y"));
        let overlapping = PatchBuilder::default().set::<Int32>("a/b", &1).set::<Str>("a", &"x".to_owned()).build().unwrap_err();
        assert_eq!(overlapping.errors()[0].pointer(), "/a/b");
    }
}
