//! Partial reads: a JMAP `/get` with a `properties` argument returns each object with
//! only those properties and its `id` (`@type` only when asked for). Every member
//! present is checked as in a full read; a requested property may be missing only where
//! a full read allows it; nothing else is required. When the discriminator is absent no
//! variant is chosen, so a member is checked against every variant that defines it and
//! accepted when one of them reads it.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::de::{self, As, Codec, Ctx, Op};
use super::error::{ErrorKind, ValidationError, ValidationErrors};

/// The partial-read twin of a generated object: implemented by generated `…Partial` types.
#[doc(hidden)]
pub trait PartialObject: Default + Serialize {
    /// The object's name, for messages.
    const NAME: &'static str;
    /// The discriminator member of a multi-variant object.
    const TAG: Option<&'static str>;
    /// Whether `tag` names a variant this schema knows.
    fn knows(tag: &str) -> bool;
    /// Keeps the discriminator read.
    fn set_tag(&mut self, tag: String);
    /// Checks and keeps member `name` for variant `tag` (`None`: not known); `false`
    /// when that variant (or, without one, every variant) does not define it.
    fn member(&mut self, tag: Option<&str>, name: &str, value: Value, cx: &mut Ctx) -> bool;
    /// Keeps a member the schema does not define, as received.
    fn unknown(&mut self, name: String, value: Value);
    /// Whether a full read of variant `tag` (`None`: of whichever variant) requires
    /// property `name`.
    fn required(tag: Option<&str>, name: &str) -> bool;
}

/// Reads `json`, the answer to a `/get` asking for `properties`: the value, or every
/// problem found.
pub fn parse<P: PartialObject>(json: &[u8], properties: &[&str]) -> Result<P, ValidationErrors> {
    let one = |kind, message: String| ValidationErrors::from_vec(vec![ValidationError::new("", kind, message)]);
    let map = match serde_json::from_slice::<Value>(json) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(one(ErrorKind::Type, format!("expected a {} object", P::NAME))),
        Err(e) => return Err(one(ErrorKind::Syntax, format!("not valid JSON: {e}"))),
    };
    let mut cx = Ctx::new(Op::Read);
    let mut out = P::default();
    let tag = read_tag::<P>(&map, &mut cx);
    // A variant the schema does not know is kept whole, unchecked, as in a full read.
    let unknown_variant = tag.as_deref().is_some_and(|t| !P::knows(t));
    for (name, value) in map {
        if Some(name.as_str()) == P::TAG {
            continue;
        }
        let m = cx.mark();
        let kept = !unknown_variant && out.member(tag.as_deref(), &name, value.clone(), &mut cx);
        cx.close_key(m, &name);
        if !kept {
            out.unknown(name, value);
        }
    }
    if !unknown_variant {
        check_required::<P>(tag.as_deref(), properties, json, &mut cx);
    }
    if let Some(t) = tag {
        out.set_tag(t);
    }
    if cx.error_count() == 0 {
        Ok(out)
    } else {
        Err(cx.into_errors())
    }
}

/// Reads a partial object inside another body (a `/get` or `/set` response) through
/// serde: every member present is checked; none is required, since the properties
/// asked for are not known here ([`parse`] checks them).
pub fn deserialize<'de, P: PartialObject, D: serde::Deserializer<'de>>(de: D) -> Result<P, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(de)?;
    let json = serde_json::to_vec(&value).map_err(serde::de::Error::custom)?;
    parse::<P>(&json, &[]).map_err(serde::de::Error::custom)
}

fn read_tag<P: PartialObject>(map: &Map<String, Value>, cx: &mut Ctx) -> Option<String> {
    let key = P::TAG?;
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        other => {
            let found = if other.is_null() { ErrorKind::Required } else { ErrorKind::Type };
            cx.error_at(key, found, format!("`{key}` names the variant: a string"));
            None
        }
    }
}

/// Records `required` for every requested property that is absent where a full read
/// of the variant (or of every variant, when none is named) needs it.
fn check_required<P: PartialObject>(tag: Option<&str>, properties: &[&str], json: &[u8], cx: &mut Ctx) {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(json) else { return };
    for p in properties {
        if map.contains_key(*p) {
            continue;
        }
        let needed = if Some(*p) == P::TAG { true } else { P::required(tag, p) };
        if needed {
            cx.error_at(p, ErrorKind::Required, format!("`{}` was asked for and a {} always has it", de::shown(p), P::NAME));
        }
    }
}

/// Decodes a member with codec `C`: the value, or `None` with the problems recorded.
pub fn decode<C: Codec>(value: Value, cx: &mut Ctx) -> Option<C::Value> {
    C::decode(value, cx).ok().flatten()
}

/// Decodes a member with codec `C` into `slot`; `true`: the member is taken.
pub fn fill<C: Codec>(slot: &mut Option<C::Value>, value: Value, cx: &mut Ctx) -> bool {
    *slot = decode::<C>(value, cx);
    true
}

/// Whether a member that only `variants` define is read in the variant named `tag`
/// (with none named, any of them may be meant).
pub fn defines(tag: Option<&str>, variants: &[&str]) -> bool {
    match tag {
        Some(t) => variants.contains(&t),
        None => true,
    }
}

/// Decodes a member with codec `C` and returns its canonical JSON.
pub fn canonical<C: Codec>(value: Value, cx: &mut Ctx) -> Option<Value> {
    let decoded = decode::<C>(value, cx)?;
    Some(de::to_json_value(&As::<C>::new(&decoded)))
}

/// One variant's reading of a member: its canonical JSON, or `None` with the problems.
pub type Reading = fn(Value, &mut Ctx) -> Option<Value>;

/// A member that variants define with different types, read with no variant named: the
/// first reading that accepts it, or the first reading's problems when none does.
pub fn any_of(value: Value, cx: &mut Ctx, readings: &[Reading]) -> Option<Value> {
    let mut first = None;
    for read in readings {
        let mut scratch = Ctx::new(Op::Read);
        let got = read(value.clone(), &mut scratch);
        if scratch.error_count() == 0 {
            if let Some(v) = got {
                return Some(v);
            }
        }
        first.get_or_insert(scratch);
    }
    for e in first.map(Ctx::into_errors).into_iter().flatten() {
        cx.record(e);
    }
    None
}

/// Writes a member read with codec `C`, when it was read.
pub fn write<M: SerializeMap, C: Codec>(map: &mut M, name: &str, value: &Option<C::Value>) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(name, &As::<C>::new(v)),
        None => Ok(()),
    }
}

/// Serializes a partial object: the discriminator (when read), the members, the
/// unknown members.
pub fn serialize_with<S: Serializer>(
    s: S,
    tag: Option<(&str, &str)>,
    members: impl FnOnce(&mut S::SerializeMap) -> Result<(), S::Error>,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    if let Some((key, tag)) = tag {
        map.serialize_entry(key, tag)?;
    }
    members(&mut map)?;
    map.end()
}
