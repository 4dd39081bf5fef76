//! The checks behind the schema's `rules:`: generated code states each rule as calls
//! to these helpers over a record's fields, by wire name, as canonical JSON.

use serde::Serialize;
use serde_json::Value;

use super::de::{self, Codec, Ctx, Op, Slot};
use super::error::{ErrorKind, ValidationErrors};

/// What a rule sees of one field.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// Not sent (or not stored).
    Absent,
    /// Sent, but with a problem already reported: rules leave it alone.
    Invalid,
    /// Explicitly `null`.
    Null,
    /// A value, in its canonical JSON form.
    Value(Value),
}

/// A record's fields as rules see them: the states of the fields a rule set reads, in
/// the order of its field list (the generated code addresses them by position).
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    names: &'static [&'static str],
    states: Vec<State>,
}

impl Record {
    /// A record of the fields `names`, every one absent.
    pub fn new(names: &'static [&'static str]) -> Self {
        // Built rather than cloned: `vec![x; n]` clones a `State` (a `Value` inside) n times.
        Record { names, states: names.iter().map(|_| State::Absent).collect() }
    }
    /// Sets the state of field number `i`.
    pub fn set(&mut self, i: usize, state: State) {
        if let Some(s) = self.states.get_mut(i) {
            *s = state;
        }
    }
    /// The state of field number `i`.
    pub fn get(&self, i: usize) -> &State {
        self.states.get(i).unwrap_or(&State::Absent)
    }
    /// The wire name of field number `i`.
    pub fn name(&self, i: usize) -> &'static str {
        self.names.get(i).copied().unwrap_or("")
    }
    /// The record of a JSON object (a stored record, or one after an update).
    pub fn from_json(object: &serde_json::Map<String, Value>, names: &'static [&'static str]) -> Self {
        let mut r = Record::new(names);
        for (i, name) in names.iter().enumerate() {
            r.states[i] = match object.get(*name) {
                None => State::Absent,
                Some(Value::Null) => State::Null,
                Some(v) => State::Value(v.clone()),
            };
        }
        r
    }
}

/// The state of a builder's slot decoded with codec `C`.
pub fn state<C: Codec>(slot: &Slot<C>) -> State {
    match slot {
        None => State::Absent,
        Some(None) => State::Invalid,
        Some(Some(v)) => match C::json(v) {
            Value::Null => State::Null,
            v => State::Value(v),
        },
    }
}

/// What the rules of one record are checked against.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The fields the body sent.
    pub sent: &'a Record,
    /// The record as it would be once the body is applied (the body itself on create,
    /// and on an update whose stored record is not known).
    pub after: &'a Record,
    /// The stored record, when an update is applied to one.
    pub stored: Option<&'a Record>,
}

impl Input<'_> {
    /// Whether requirements can be decided: always on create; on update only when the
    /// stored record is known (a partial body alone does not say what the record holds).
    pub fn decides_requirements(&self, cx: &Ctx) -> bool {
        cx.op() == Op::Create || self.stored.is_some()
    }
}

/// A literal a condition compares with, built without allocating.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lit<'a> {
    /// `true` / `false`.
    Bool(bool),
    /// A signed number.
    Int(i64),
    /// An unsigned number.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
    /// Text, or an enumeration value's wire name.
    Str(&'a str),
}

/// Whether field number `i` holds `value` in `record`.
pub fn is(record: &Record, i: usize, value: Lit<'_>) -> bool {
    let State::Value(v) = record.get(i) else { return false };
    match value {
        Lit::Bool(b) => v.as_bool() == Some(b),
        Lit::Int(n) => v.as_i64() == Some(n),
        Lit::UInt(n) => v.as_u64() == Some(n),
        Lit::Float(x) => v.as_f64() == Some(x),
        Lit::Str(s) => v.as_str() == Some(s),
    }
}

/// Field number `i` must have a value after the change.
pub fn require(input: &Input<'_>, i: usize, cx: &mut Ctx, why: &str) {
    let name = input.after.name(i);
    if input.decides_requirements(cx) && matches!(input.after.get(i), State::Absent | State::Null) {
        cx.error_at(name, ErrorKind::Required, format!("`{name}` is required: {why}"));
    }
}

/// Field number `i` must not be sent with a value.
pub fn forbid(input: &Input<'_>, i: usize, cx: &mut Ctx, why: &str) {
    let name = input.sent.name(i);
    if matches!(input.sent.get(i), State::Value(_)) {
        cx.error_at(name, ErrorKind::Forbidden, format!("`{name}` must not be set: {why}"));
    }
}

/// Field `first` must come strictly before field `second` (dates, date-times, numbers).
pub fn before(input: &Input<'_>, first: usize, second: usize, cx: &mut Ctx, why: &str) {
    if !matches!(input.sent.get(first), State::Value(_)) && !matches!(input.sent.get(second), State::Value(_)) {
        return;
    }
    let (State::Value(a), State::Value(b)) = (input.after.get(first), input.after.get(second)) else { return };
    let ordered = match (a, b) {
        // Canonical dates and date-times of one API share one form: text order is time order.
        (Value::String(a), Value::String(b)) => a < b,
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => a < b,
            _ => true,
        },
        _ => true,
    };
    if !ordered {
        let (a, b) = (input.after.name(first), input.after.name(second));
        cx.error_at(b, ErrorKind::Rule, format!("`{b}` must come after `{a}`: {why}"));
    }
}

/// A sent number must lie within `min..=max`.
pub fn range(input: &Input<'_>, i: usize, min: Option<i64>, max: Option<i64>, cx: &mut Ctx) {
    let name = input.sent.name(i);
    let State::Value(Value::Number(n)) = input.sent.get(i) else { return };
    let Some(x) = n.as_f64() else { return };
    let low = min.is_some_and(|m| x < m as f64);
    let high = max.is_some_and(|m| x > m as f64);
    if low || high {
        let bounds = match (min, max) {
            (Some(a), Some(b)) => format!("from {a} to {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        cx.error_at(name, ErrorKind::OutOfRange, format!("`{name}` must be {bounds}, not {n}"));
    }
}

/// The bitmask must hold none of `bits` once the change is applied.
pub fn exclude_bits(input: &Input<'_>, i: usize, bits: u64, cx: &mut Ctx, why: &str) {
    let name = input.after.name(i);
    let State::Value(Value::Number(n)) = input.after.get(i) else { return };
    if n.as_u64().is_some_and(|v| v & bits != 0) {
        cx.error_at(name, ErrorKind::Rule, format!("`{name}` may not include those days: {why}"));
    }
}

/// Field number `i` may not be sent while the stored record meets the rule's condition.
pub fn forbid_change(input: &Input<'_>, i: usize, cx: &mut Ctx, why: &str) {
    let name = input.sent.name(i);
    if matches!(input.sent.get(i), State::Value(_) | State::Null) {
        cx.error_at(name, ErrorKind::Forbidden, format!("`{name}` cannot be changed: {why}"));
    }
}

/// The signature of a generated rule set.
pub type RuleFn = fn(&Input<'_>, &mut Ctx);

/// Applies an update body to a stored record: the fields it sets replace the stored
/// ones (`null` clears), the rules are checked against the result and the stored
/// record, and the result is read back as a record.
pub fn apply_update<R: Codec<Value = R> + Serialize, U: Serialize>(
    current: &R,
    update: &U,
    rules: Option<(RuleFn, &'static [&'static str])>,
) -> Result<R, ValidationErrors> {
    let Value::Object(stored) = de::to_json_value(current) else { return Err(ValidationErrors::default()) };
    let Value::Object(sent) = de::to_json_value(update) else { return Err(ValidationErrors::default()) };
    let mut after = stored.clone();
    for (k, v) in &sent {
        after.insert(k.clone(), v.clone());
    }
    let mut cx = Ctx::new(Op::Update);
    if let Some((check, names)) = rules {
        let (s, a, st) =
            (Record::from_json(&sent, names), Record::from_json(&after, names), Record::from_json(&stored, names));
        check(&Input { sent: &s, after: &a, stored: Some(&st) }, &mut cx);
    }
    if cx.error_count() > 0 {
        return Err(cx.into_errors());
    }
    let bytes = serde_json::to_vec(&Value::Object(after)).unwrap_or_default();
    de::parse::<R>(&bytes, Op::Read)
}

/// Parses an update body and applies it to a stored record: every problem at once.
///
/// When the body has problems, the rules that read the stored record still run, over
/// the members that did decode (the others count as invalid and are left alone), so
/// that their errors come back together with the body's.
pub fn apply_update_json<R: Codec<Value = R> + Serialize, U: Codec<Value = U> + Serialize>(
    current: &R,
    json: &[u8],
    rules: Option<(RuleFn, &'static [&'static str])>,
) -> Result<R, ValidationErrors> {
    let errors = match de::parse::<U>(json, Op::Update) {
        Ok(update) => return apply_update(current, &update, rules),
        Err(errors) => errors,
    };
    let (Some((check, names)), Ok(Value::Object(body))) = (rules, serde_json::from_slice::<Value>(json)) else {
        return Err(errors);
    };
    let Value::Object(stored) = de::to_json_value(current) else { return Err(errors) };
    let broken = |name: &str| {
        errors.iter().any(|e| {
            let p = e.pointer();
            p.strip_prefix('/').is_some_and(|rest| rest == name || rest.starts_with(&format!("{name}/")))
        })
    };
    let mut sent = Record::new(names);
    let mut after = Record::from_json(&stored, names);
    for (i, name) in names.iter().enumerate() {
        let state = match body.get(*name) {
            None => continue,
            Some(_) if broken(name) => State::Invalid,
            Some(Value::Null) => State::Null,
            Some(v) => State::Value(v.clone()),
        };
        sent.set(i, state.clone());
        after.set(i, state);
    }
    let stored = Record::from_json(&stored, names);
    let mut cx = Ctx::new(Op::Update);
    for e in errors {
        cx.record(e);
    }
    check(&Input { sent: &sent, after: &after, stored: Some(&stored) }, &mut cx);
    Err(cx.into_errors())
}

/// Whether a rule over `names` concerns this body: always on create (the body is the
/// record); on an update, when the body sends one of them, so that a stored record
/// that already breaks a rule does not fail unrelated updates.
pub fn touched(input: &Input<'_>, fields: &[usize]) -> bool {
    input.stored.is_none() || fields.iter().any(|i| !matches!(input.sent.get(*i), State::Absent))
}
