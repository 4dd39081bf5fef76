//! The decoding machinery behind every generated type.
//!
//! Decoding never stops at the first problem: each codec accepts any JSON value,
//! records what is wrong with it in the [`Ctx`] (at the current JSON pointer) and
//! returns `None` for a value it could not use. Only malformed JSON stops a parse.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::error::{ErrorKind, ValidationError, ValidationErrors};

/// The operation a payload is checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// A body the server returns: forward compatible, unknown members kept.
    Read,
    /// A body a client sends to create an object: strict.
    Create,
    /// A body a client sends to change an object: strict.
    Update,
}

impl Op {
    /// The name the conformance cases use (`read`, `create`, `update`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Op::Read => "read",
            Op::Create => "create",
            Op::Update => "update",
        }
    }
}

/// Where decoding is, and what it has found wrong so far.
#[derive(Debug)]
pub struct Ctx {
    op: Op,
    errors: Vec<ValidationError>,
    /// The input is JSON text read by serde_json, so members can be held as borrowed
    /// raw slices (set only by [`parse`]; other deserializers cannot do it).
    raw_json: bool,
    /// The outermost object's discriminator, found before decoding (see [`parse`]).
    tag_hint: Option<String>,
    /// The hint turned out not to be the outermost discriminator; [`parse`] starts over
    /// without one.
    hint_missed: bool,
    /// A check of the members the next object decoded keeps (a query page's record:
    /// its related records), taken by that object alone (see [`Ctx::check_kept`]).
    check_kept: Option<KeptCheck>,
}

/// A check of one kept member (its name and value) of an object, with the context
/// pointing at the object.
pub(crate) type KeptCheck = fn(&str, &serde_json::Value, &mut Ctx);

/// `/key`, escaped as RFC 6901 says (`~` as `~0`, `/` as `~1`).
fn segment(key: &str) -> String {
    let mut s = String::with_capacity(key.len() + 1);
    s.push('/');
    for c in key.chars() {
        match c {
            '~' => s.push_str("~0"),
            '/' => s.push_str("~1"),
            c => s.push(c),
        }
    }
    s
}

impl Ctx {
    /// A context for decoding one payload for `op`.
    pub fn new(op: Op) -> Self {
        Ctx { op, errors: Vec::new(), raw_json: false, tag_hint: None, hint_missed: false, check_kept: None }
    }
    /// The operation being checked.
    pub fn op(&self) -> Op {
        self.op
    }
    /// Sets whether the input is JSON text read by serde_json, returning what it was: a
    /// decoder that goes on from a `serde_json::Value` turns it off, then back.
    #[cfg(feature = "salesforce")]
    pub(crate) fn set_raw_json(&mut self, on: bool) -> bool {
        std::mem::replace(&mut self.raw_json, on)
    }
    /// Has the next object decoded (and only it, not the objects inside it) run `check`
    /// on each member it keeps, as it keeps it: a query page checks its records' related
    /// records so, while each record is decoded straight from the page's text. Returns
    /// the check set before (restore it once the object is decoded: an input that is no
    /// object leaves the check untaken).
    #[cfg(feature = "salesforce")]
    pub(crate) fn check_kept(&mut self, check: Option<KeptCheck>) -> Option<KeptCheck> {
        std::mem::replace(&mut self.check_kept, check)
    }
    /// Whether this is a client body (create or update), where unknown members are errors.
    pub fn is_strict(&self) -> bool {
        self.op != Op::Read
    }
    /// Where a member's problems start: give it back to a `close_*` call once the member
    /// is decoded.
    ///
    /// Pointers are built lazily: a problem is recorded relative to where it occurs, and
    /// each enclosing member puts its own segment in front of the problems recorded
    /// inside it. A member without problems costs a comparison, not a path.
    #[inline]
    pub fn mark(&self) -> usize {
        self.errors.len()
    }
    /// Ends the member `key` begun at `mark`.
    #[inline]
    pub fn close_key(&mut self, mark: usize, key: &str) {
        // The common case, no problem inside, is one comparison; the rest stays out of line.
        if self.errors.len() > mark {
            self.prefix_since(mark, &segment(key));
        }
    }
    #[cold]
    fn prefix_since(&mut self, mark: usize, seg: &str) {
        for e in &mut self.errors[mark..] {
            e.prefix(seg);
        }
    }
    /// Ends the element `index` begun at `mark`.
    #[inline]
    pub fn close_index(&mut self, mark: usize, index: usize) {
        if self.errors.len() > mark {
            self.prefix_since(mark, &format!("/{index}"));
        }
    }
    /// Ends the slash-separated member path (a JMAP patch key, as written) begun at `mark`.
    pub fn close_path(&mut self, mark: usize, path: &str) {
        if self.errors.len() > mark {
            let seg = format!("/{path}");
            for e in &mut self.errors[mark..] {
                e.prefix(&seg);
            }
        }
    }
    /// Records a problem with the current member.
    #[cold]
    pub fn error(&mut self, kind: ErrorKind, message: impl Into<String>) {
        self.errors.push(ValidationError::new(String::new(), kind, message));
    }
    /// Records a problem with the current member, with an API error code more specific
    /// than its kind.
    #[cold]
    pub fn error_code(&mut self, kind: ErrorKind, code: &'static str, message: impl Into<String>) {
        self.errors.push(ValidationError::new(String::new(), kind, message).with_code(code));
    }
    /// Records a problem with the child `key` of the current member.
    #[cold]
    pub fn error_at(&mut self, key: &str, kind: ErrorKind, message: impl Into<String>) {
        self.errors.push(ValidationError::new(segment(key), kind, message));
    }
    /// Records a problem found elsewhere (by a nested context).
    pub fn record(&mut self, error: ValidationError) {
        self.errors.push(error);
    }
    /// How many problems have been recorded.
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }
    /// The problems found, each `(pointer, kind)` once, in the order found.
    pub fn into_errors(mut self) -> ValidationErrors {
        let mut seen = std::collections::HashSet::new();
        self.errors.retain(|e| seen.insert((e.pointer().to_owned(), e.kind())));
        ValidationErrors::from_vec(self.errors)
    }
}

/// How one kind of value travels: decoding it leniently, encoding it canonically.
///
/// Codecs are zero-sized marker types; the schema's wire profile picks them.
#[doc(hidden)]
pub trait Codec {
    /// The Rust value.
    type Value;
    /// Decodes one JSON value; `None` (with the problem recorded in `cx`) when unusable.
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Self::Value>, D::Error>;
    /// Writes the value in the API's canonical wire form.
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error>;
    /// The value's canonical wire form as JSON (what [`encode`](Codec::encode) writes),
    /// for the rules to read. Codecs of the plain values rules compare build it
    /// directly, without a serializer.
    fn json(value: &Self::Value) -> serde_json::Value
    where
        Self: Sized,
    {
        to_json_value(&As::<Self>::new(value))
    }
    /// The discriminator member, for multi-variant objects.
    fn discriminator() -> Option<&'static str> {
        None
    }
}

/// Decodes one value with codec `C` (a [`DeserializeSeed`]).
pub struct Seed<'a, C> {
    cx: &'a mut Ctx,
    codec: PhantomData<fn() -> C>,
}

impl<'a, C> Seed<'a, C> {
    /// A seed recording problems in `cx`.
    pub fn new(cx: &'a mut Ctx) -> Self {
        Seed { cx, codec: PhantomData }
    }
}

impl<'de, C: Codec> DeserializeSeed<'de> for Seed<'_, C> {
    type Value = Option<C::Value>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        C::decode(de, self.cx)
    }
}

/// Serializes a value through codec `C`.
pub struct As<'a, C: Codec> {
    value: &'a C::Value,
    codec: PhantomData<fn() -> C>,
}

impl<'a, C: Codec> As<'a, C> {
    /// Wraps a value for serialization.
    pub fn new(value: &'a C::Value) -> Self {
        As { value, codec: PhantomData }
    }
}

impl<C: Codec> Serialize for As<'_, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        C::encode(self.value, s)
    }
}

/// Describes a JSON value by its type, for messages.
pub(crate) struct Found;

impl Found {
    pub(crate) const STRING: &'static str = "a string";
    pub(crate) const BOOL: &'static str = "a boolean";
    pub(crate) const NUMBER: &'static str = "a number";
    pub(crate) const ARRAY: &'static str = "an array";
    pub(crate) const OBJECT: &'static str = "an object";
}

/// A scalar JSON value (string, number or boolean) and how each JSON type maps to it.
///
/// Every method not overridden records a `type` error: implementors accept only the
/// JSON types they mean.
#[doc(hidden)]
pub trait Scalar {
    /// The Rust value.
    type Value;
    /// What is expected, for messages ("a string", "an unsigned integer").
    const EXPECTED: &'static str;
    /// A JSON string.
    fn from_str(s: &str, cx: &mut Ctx) -> Option<Self::Value> {
        let _ = s;
        mismatch(cx, Self::EXPECTED, Found::STRING)
    }
    /// A JSON string the decoder already owns.
    fn from_string(s: String, cx: &mut Ctx) -> Option<Self::Value> {
        Self::from_str(&s, cx)
    }
    /// A JSON boolean.
    fn from_bool(b: bool, cx: &mut Ctx) -> Option<Self::Value> {
        let _ = b;
        mismatch(cx, Self::EXPECTED, Found::BOOL)
    }
    /// A JSON number without fraction or exponent that fits an `i64` (negative ones).
    fn from_i64(n: i64, cx: &mut Ctx) -> Option<Self::Value> {
        let _ = n;
        mismatch(cx, Self::EXPECTED, Found::NUMBER)
    }
    /// A JSON number without fraction or exponent that fits a `u64`.
    fn from_u64(n: u64, cx: &mut Ctx) -> Option<Self::Value> {
        let _ = n;
        mismatch(cx, Self::EXPECTED, Found::NUMBER)
    }
    /// Any other JSON number.
    fn from_f64(n: f64, cx: &mut Ctx) -> Option<Self::Value> {
        let _ = n;
        mismatch(cx, Self::EXPECTED, Found::NUMBER)
    }
}

/// Records a `type` error and yields nothing.
#[cold]
pub fn mismatch<T>(cx: &mut Ctx, expected: &str, found: &str) -> Option<T> {
    cx.error(ErrorKind::Type, format!("expected {expected}, found {found}"));
    None
}

/// Decodes a scalar with `T`, recording a `type` error for any other JSON type.
pub fn decode_scalar<'de, T: Scalar, D: Deserializer<'de>>(
    de: D,
    cx: &mut Ctx,
) -> Result<Option<T::Value>, D::Error> {
    de.deserialize_any(ScalarVisitor::<T> { cx, t: PhantomData })
}

struct ScalarVisitor<'a, T> {
    cx: &'a mut Ctx,
    t: PhantomData<fn() -> T>,
}

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<'_, T> {
    type Value = Option<T::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(T::from_bool(v, self.cx))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(if v >= 0 { T::from_u64(v as u64, self.cx) } else { T::from_i64(v, self.cx) })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(T::from_u64(v, self.cx))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(T::from_f64(v, self.cx))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::from_str(v, self.cx))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(T::from_string(v, self.cx))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(null_not_allowed(self.cx))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(null_not_allowed(self.cx))
    }
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(mismatch(self.cx, T::EXPECTED, Found::ARRAY))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(mismatch(self.cx, T::EXPECTED, Found::OBJECT))
    }
}

/// Text from a payload as a message quotes it: whole when short, otherwise its first
/// 64 characters and an ellipsis, so that a hostile 10 MB value cannot make a 10 MB
/// message. (The JSON pointer of the problem is always exact.)
pub fn shown(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(64) {
        None => Cow::Borrowed(s),
        Some((end, _)) => Cow::Owned(format!("{}…", &s[..end])),
    }
}

/// Records that `null` is not allowed here.
#[cold]
pub fn null_not_allowed<T>(cx: &mut Ctx) -> Option<T> {
    cx.error(ErrorKind::Required, "a value is required here; null is not allowed");
    None
}

/// Consumes the rest of an array.
pub fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Consumes the rest of an object.
pub fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Decodes a member name, borrowing it from the input when it can.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The members of one object being decoded: implemented by every generated builder.
#[doc(hidden)]
pub trait Builder: Sized {
    /// What the builder builds.
    type Output;
    /// The object's name, for messages.
    const NAME: &'static str;
    /// The index of the defined member `key`, if the object defines it.
    fn field_index(&self, key: &str) -> Option<usize>;
    /// Decodes the defined member at `index`; the context already points at it.
    fn decode_field<'de, D: Deserializer<'de>>(
        &mut self,
        index: usize,
        de: D,
        cx: &mut Ctx,
    ) -> Result<(), D::Error>;
    /// The index and schema spelling of the defined member that `key` names in another
    /// case, where the API's client bodies may spell names in any case (Salesforce:
    /// `subject` for `Subject`). Asked only after [`field_index`](Builder::field_index)
    /// found nothing, and only for client bodies.
    fn field_index_ignoring_case(&self, key: &str) -> Option<(usize, &'static str)> {
        let _ = key;
        None
    }
    /// Whether `key` is a member that always passes through untouched (custom fields).
    fn is_passthrough(&self, key: &str) -> bool {
        let _ = key;
        false
    }
    /// Whether the defined member at `index` was already decoded (a repeated member).
    fn is_set(&self, index: usize) -> bool {
        let _ = index;
        false
    }
    /// Keeps a member the schema does not define, so that writing the value back loses
    /// nothing; returns whether a member of that name was already kept (the new value wins).
    fn keep(&mut self, key: String, value: serde_json::Value) -> bool {
        // A strict view keeps nothing: the decoder reports undefined members instead.
        let _ = (key, value);
        false
    }
    /// Checks what only the whole object can tell (required members) and builds it.
    fn finish(self, cx: &mut Ctx) -> Option<Self::Output>;
}

/// `Codec`, `Serialize` and `Deserialize` of an object type decoded by builder
/// `$builder` and parsed by `Deserialize` as operation `$op` (`Read`, `Create`,
/// `Update`): the same three impls for every object type, so a generated file states
/// only the three names.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_codec {
    ($name:ident, $builder:path, $op:ident) => {
        impl $crate::de::Codec for $name {
            type Value = Self;
            fn decode<'de, D: ::serde::Deserializer<'de>>(
                de: D,
                cx: &mut $crate::de::Ctx,
            ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
                $crate::de::decode_object::<$builder, D>(de, cx)
            }
            fn encode<S: ::serde::Serializer>(value: &Self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::de::serialize_object(s, value)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::de::serialize_object(s, self)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::std::result::Result<Self, D::Error> {
                $crate::de::deserialize::<Self, D>(de, $crate::de::Op::$op)
            }
        }
    };
}
#[doc(hidden)]
pub use __object_codec as object_codec;

/// A [`Builder`] for an object whose members are plain slots, stated as a table: the
/// builder's name, what it builds and the object's name for messages (`keep m` adds a
/// map `m` where a read keeps the members the schema does not define), then one line
/// per member in wire order, `index "wireName"`, and either
///
/// - `field: Codec => required("message")`: refused when absent (the message says so);
/// - `field: Codec => absent(value)`: `value` when absent;
/// - `field: Codec => optional()`: `None` when absent;
/// - `=> forbidden("message")`: no field; refused when sent (a server-set member in a
///   create body).
///
/// It expands to what a hand-written builder says member by member: a `match` on the
/// key, one on the index, and the checks of `finish` in member order.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_builder {
    (
        $builder:ident => $($output:ident)::+, $name:literal $(, keep $unknown:ident)?;
        $( $index:literal $key:literal $( $field:ident : $codec:ty )? => $how:ident $args:tt; )*
    ) => {
        #[doc = concat!(" Decoding state of `", $name, "` (see `Output`).")]
        #[derive(Default)]
        pub struct $builder {
            $( $( $field: $crate::de::Slot<$codec>, )? )*
            $( $unknown: ::std::collections::BTreeMap<::std::string::String, $crate::deps::serde_json::Value>, )?
        }
        impl $crate::de::Builder for $builder {
            type Output = $($output)::+;
            const NAME: &'static str = $name;
            #[inline]
            fn field_index(&self, key: &str) -> ::std::option::Option<usize> {
                match key {
                    $( $key => ::std::option::Option::Some($index), )*
                    _ => ::std::option::Option::None,
                }
            }
            #[inline]
            fn decode_field<'de, D: ::serde::Deserializer<'de>>(
                &mut self,
                index: usize,
                de: D,
                cx: &mut $crate::de::Ctx,
            ) -> ::std::result::Result<(), D::Error> {
                match index {
                    $( $index => $crate::de::object_builder!(@decode self de cx D $how $args $( $field $codec )?), )*
                    _ => $crate::de::skip(de, cx),
                }
            }
            fn is_set(&self, index: usize) -> bool {
                match index {
                    $( $( $index => self.$field.is_some(), )? )*
                    _ => false,
                }
            }
            $(
                fn keep(&mut self, key: ::std::string::String, value: $crate::deps::serde_json::Value) -> bool {
                    self.$unknown.insert(key, value).is_some()
                }
            )?
            fn finish(self, cx: &mut $crate::de::Ctx) -> ::std::option::Option<Self::Output> {
                let _ = &cx;
                $( $( let $field = $crate::de::object_builder!(@finish self cx $field $key $how $args); )? )*
                ::std::option::Option::Some($($output)::+ {
                    $( $( $field: $field?, )? )*
                    $( $unknown: self.$unknown, )?
                })
            }
        }
    };
    (@decode $s:ident $de:ident $cx:ident $d:ident forbidden ($message:expr)) => {
        $crate::de::forbidden($de, $cx, $message)
    };
    (@decode $s:ident $de:ident $cx:ident $d:ident $how:ident $args:tt $field:ident $codec:ty) => {
        $crate::de::fill::<$codec, $d>(&mut $s.$field, $de, $cx)
    };
    (@finish $s:ident $cx:ident $field:ident $key:literal required ($message:expr)) => {
        $crate::de::required($s.$field, $cx, $key, $message)
    };
    (@finish $s:ident $cx:ident $field:ident $key:literal absent ($value:expr)) => {
        $crate::de::or_absent($s.$field, || $value)
    };
    (@finish $s:ident $cx:ident $field:ident $key:literal optional ()) => {
        $crate::de::optional($s.$field)
    };
}
#[doc(hidden)]
pub use __object_builder as object_builder;

/// A builder's slot for one member decoded with codec `C`: `None` while the member has
/// not been seen, `Some(None)` once seen but unusable (its problem recorded), and
/// `Some(Some(value))` once decoded.
pub type Slot<C> = Option<Option<<C as Codec>::Value>>;

// The helpers below are what every generated builder does per member; keeping them
// here keeps the generated code (and the time to format and compile it) small.

/// Decodes a member into its slot.
#[inline]
pub fn fill<'de, C: Codec, D: Deserializer<'de>>(slot: &mut Slot<C>, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
    *slot = Some(C::decode(de, cx)?);
    Ok(())
}

/// Decodes a member straight into its value (a read's tri-state member); an unusable
/// value leaves it as it was and marks the object `unusable` (its problem recorded).
#[inline]
pub fn fill_direct<'de, C: Codec, D: Deserializer<'de>>(
    slot: &mut C::Value,
    unusable: &mut bool,
    de: D,
    cx: &mut Ctx,
) -> Result<(), D::Error> {
    match C::decode(de, cx)? {
        Some(v) => *slot = v,
        None => *unusable = true,
    }
    Ok(())
}

/// Refuses a member the view does not allow, reading past its value.
#[inline(never)]
pub fn forbidden<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx, message: &'static str) -> Result<(), D::Error> {
    cx.error(ErrorKind::Forbidden, message);
    <IgnoredAny as serde::Deserialize>::deserialize(de).map(drop)
}

/// Reads past a member no slot takes.
#[inline]
pub fn skip<'de, D: Deserializer<'de>>(de: D, _cx: &mut Ctx) -> Result<(), D::Error> {
    <IgnoredAny as serde::Deserialize>::deserialize(de).map(drop)
}

/// A required member's value; when it was never seen, the problem is recorded at it.
#[inline]
pub fn required<T>(slot: Option<Option<T>>, cx: &mut Ctx, key: &str, message: &'static str) -> Option<T> {
    match slot {
        Some(v) => v,
        None => {
            cx.error_at(key, ErrorKind::Required, message);
            None
        }
    }
}

/// A member's value, or `absent()` when it was never seen.
#[inline]
pub fn or_absent<T>(slot: Option<Option<T>>, absent: impl FnOnce() -> T) -> Option<T> {
    match slot {
        Some(v) => v,
        None => Some(absent()),
    }
}

/// An optional member's value: `Some(None)` when it was never seen.
#[inline]
pub fn optional<T>(slot: Option<Option<T>>) -> Option<Option<T>> {
    match slot {
        Some(v) => v.map(Some),
        None => Some(None),
    }
}

/// Decodes one member of an object being built.
pub struct MemberSeed<'a, 'k, B> {
    builder: &'a mut B,
    key: &'k str,
    cx: &'a mut Ctx,
    check_kept: Option<KeptCheck>,
}

impl<'a, 'k, B> MemberSeed<'a, 'k, B> {
    /// A seed for the member `key` of `builder`.
    pub fn new(builder: &'a mut B, key: &'k str, cx: &'a mut Ctx) -> Self {
        MemberSeed { builder, key, cx, check_kept: None }
    }
}

impl<'de, B: Builder> DeserializeSeed<'de> for MemberSeed<'_, '_, B> {
    /// The schema's spelling of the member when the body spelled it in another case.
    type Value = Option<&'static str>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        let MemberSeed { builder, key, cx, check_kept } = self;
        let (index, respelled) = match builder.field_index(key) {
            Some(index) => (Some(index), None),
            None if cx.is_strict() => match builder.field_index_ignoring_case(key) {
                Some((index, name)) => (Some(index), Some(name)),
                None => (None, None),
            },
            None => (None, None),
        };
        if let Some(index) = index {
            if cx.is_strict() && builder.is_set(index) {
                report_repeated(key, cx);
                return <IgnoredAny as serde::Deserialize>::deserialize(de).map(|_| respelled);
            }
            let m = cx.mark();
            let r = builder.decode_field(index, de, cx);
            cx.close_key(m, key);
            r.map(|()| respelled)
        } else if !cx.is_strict() || builder.is_passthrough(key) {
            let value = <serde_json::Value as serde::Deserialize>::deserialize(de)?;
            if let Some(check) = check_kept {
                check(key, &value, cx);
            }
            if builder.keep(key.to_owned(), value) && cx.is_strict() {
                report_repeated(key, cx);
            }
            Ok(None)
        } else {
            cx.error_at(key, ErrorKind::UnknownField, format!("`{}` is not a member of {}", shown(key), B::NAME));
            <IgnoredAny as serde::Deserialize>::deserialize(de).map(|_| None)
        }
    }
}

/// The index of the name in `names` that `key` spells in another (ASCII) case, with
/// that name: the lookup behind [`Builder::field_index_ignoring_case`].
pub fn index_ignoring_case(key: &str, names: &'static [&'static str]) -> Option<(usize, &'static str)> {
    names.iter().position(|n| n.eq_ignore_ascii_case(key)).map(|i| (i, names[i]))
}

/// Whether `key` ends with `suffix`, in any (ASCII) case (`Foo__C` ends with `__c`).
#[inline]
pub fn ends_with_ignoring_case(key: &str, suffix: &str) -> bool {
    // Compared as bytes: bytes that match `suffix`'s (a whole string) start at a
    // character boundary of `key`, so no boundary check is needed.
    let (key, suffix) = (key.as_bytes(), suffix.as_bytes());
    key.len() >= suffix.len() && key[key.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// Keeps a custom member of a body whose names are case-insensitive: returns whether
/// the same name, in any case, was already kept. Up to [`SCANNED`] names kept, a repeat
/// is looked for among them; past that, `names` holds the names kept, in lower case, so
/// that finding a repeat costs one lookup however many there are. A body with a repeat
/// is refused, so which value is kept does not matter.
pub fn keep_ignoring_case(
    kept: &mut crate::CustomFields,
    names: &mut std::collections::HashSet<String>,
    key: String,
    value: serde_json::Value,
) -> bool {
    let repeated = if kept.len() < SCANNED {
        kept.keys().any(|k| k.eq_ignore_ascii_case(&key))
    } else {
        if names.is_empty() {
            names.extend(kept.keys().map(str::to_ascii_lowercase));
        }
        !names.insert(key.to_ascii_lowercase())
    };
    keep_custom(kept, key, value);
    repeated
}

/// How many custom names [`keep_ignoring_case`] compares one by one before it hashes
/// them: a client body sends a few, and hashing each (and a lower-case copy) cost more
/// than the comparisons (issue 16).
pub const SCANNED: usize = 16;

/// Keeps a custom member: returns whether one of that name was kept before (the new
/// value wins).
#[inline]
pub fn keep_custom(kept: &mut crate::CustomFields, key: String, value: serde_json::Value) -> bool {
    // Room for a few from the first: growing 4 → 8 copied what was kept; [`kept`] gives
    // back what is left over.
    if kept.is_empty() {
        kept.reserve(8);
    }
    kept.insert(key, value).is_some()
}

/// The custom members a builder kept, without the room it kept for more: what a
/// decoded value holds.
pub fn kept(fields: crate::CustomFields) -> crate::CustomFields {
    fields.into_exact()
}

/// Points the problems recorded since `mark` at members as the body spelled them:
/// `finish` (required members, rules) names each member in the schema's spelling,
/// and the body may have used another case.
#[cold]
fn respell_since(cx: &mut Ctx, mark: usize, respelled: &[(&'static str, String)]) {
    for e in &mut cx.errors[mark..] {
        for (name, sent) in respelled {
            e.respell_first(name, sent);
        }
    }
}

/// Records that the member `key` appears more than once in a client body.
///
/// JSON allows an object to repeat a name, and parsers disagree on which value counts.
/// A client body (create, update) that does so is refused at the member's pointer
/// (`invalid_value`, "appears more than once"); a read keeps the last value, as
/// `serde_json` and JavaScript do. Builders know which members they hold, so finding a
/// repeat costs one check of a slot.
#[cold]
fn report_repeated(key: &str, cx: &mut Ctx) {
    cx.error_at(key, ErrorKind::InvalidValue, format!("`{}` appears more than once", shown(key)));
}

/// The methods of a visitor that expects a container (object or array), for every
/// other JSON value: `null` is `required`, a scalar a `type` error that says it
/// expected `$expected`. The visitor's `self.cx` is the context.
macro_rules! not_a_container {
    ($expected:expr) => {
        fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
            de.deserialize_any(self)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(null_not_allowed(self.cx))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(null_not_allowed(self.cx))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(mismatch(self.cx, $expected, Found::BOOL))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(mismatch(self.cx, $expected, Found::NUMBER))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(mismatch(self.cx, $expected, Found::NUMBER))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(mismatch(self.cx, $expected, Found::NUMBER))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(mismatch(self.cx, $expected, Found::STRING))
        }
    };
}
pub(crate) use not_a_container;

/// [`not_a_container!`] for a visitor that expects a JSON object: an array is a `type`
/// error too (and is drained). `$expected` defaults to "an object". Shared by the
/// object, multi-variant and Salesforce `attributes` visitors.
macro_rules! not_an_object {
    () => {
        not_an_object!(Found::OBJECT);
    };
    ($expected:expr) => {
        $crate::de::not_a_container!($expected);
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq)?;
            Ok(mismatch(self.cx, $expected, Found::ARRAY))
        }
    };
}
#[cfg(feature = "salesforce")]
pub(crate) use not_an_object;

/// Decodes a plain object (no discriminator) with builder `B`.
pub fn decode_object<'de, B: Builder + Default, D: Deserializer<'de>>(
    de: D,
    cx: &mut Ctx,
) -> Result<Option<B::Output>, D::Error> {
    de.deserialize_any(ObjectVisitor::<B> { cx, b: PhantomData })
}

struct ObjectVisitor<'a, B> {
    cx: &'a mut Ctx,
    b: PhantomData<fn() -> B>,
}

impl<'de, B: Builder + Default> Visitor<'de> for ObjectVisitor<'_, B> {
    type Value = Option<B::Output>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", B::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut builder = B::default();
        let mut respelled = Vec::new();
        // A check of kept members is this object's, not its members' objects'.
        let check_kept = self.cx.check_kept.take();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let seed = MemberSeed { builder: &mut builder, key: &key, cx: &mut *self.cx, check_kept };
            if let Some(name) = map.next_value_seed(seed)? {
                respelled.push((name, key.into_owned()));
            }
        }
        let mark = self.cx.mark();
        let built = builder.finish(self.cx);
        if !respelled.is_empty() && self.cx.mark() > mark {
            respell_since(self.cx, mark, &respelled);
        }
        Ok(built)
    }
    not_an_object!();
}

/// A multi-variant object whose variant is named by a discriminator member.
#[doc(hidden)]
pub trait Union: Sized {
    /// The builder of one variant (usually an enum over the variants' builders).
    type Builder: Builder<Output = Self>;
    /// The object's name, for messages.
    const NAME: &'static str;
    /// The discriminator member (`@type`).
    const TAG: &'static str;
    /// Starts the variant named `tag`, or `None` when the schema does not know it.
    fn start(tag: &str) -> Option<Self::Builder>;
    /// Whether clients may create the variant `tag`.
    fn client_creatable(tag: &str) -> bool {
        let _ = tag;
        true
    }
    /// A variant the schema does not know, kept whole; `None` in strict views, which
    /// keep nothing unknown.
    fn unknown(tag: String, members: serde_json::Map<String, serde_json::Value>) -> Option<Self> {
        let _ = (tag, members);
        None
    }
}

/// A member that came before the discriminator, held until the variant is known.
enum Held<'de> {
    /// Its text, borrowed from the input: nothing is allocated, and it is read once the
    /// variant is known (only when the input is JSON text read by serde_json).
    Raw(&'de serde_json::value::RawValue),
    /// Its value, from any other deserializer.
    Value(serde_json::Value),
}

impl Held<'_> {
    /// The member as a JSON value; a raw member too deep for one (serde_json's recursion
    /// limit) is an error, never a silent `null`.
    fn into_value<E: de::Error>(self) -> Result<serde_json::Value, E> {
        match self {
            Held::Raw(raw) => serde_json::from_str(raw.get()).map_err(E::custom),
            Held::Value(v) => Ok(v),
        }
    }
}

enum UnionState<'de, B> {
    /// Members met before the discriminator, with their names (borrowed when they can be).
    Pending(Vec<(Cow<'de, str>, Held<'de>)>),
    Known(B),
    Unknown(String, serde_json::Map<String, serde_json::Value>),
    Failed,
}

/// Decodes a multi-variant object; the discriminator may stand anywhere in it.
pub fn decode_union<'de, U: Union, D: Deserializer<'de>>(
    de: D,
    cx: &mut Ctx,
) -> Result<Option<U>, D::Error> {
    de.deserialize_any(UnionVisitor::<U> { cx, u: PhantomData })
}

struct UnionVisitor<'a, U> {
    cx: &'a mut Ctx,
    u: PhantomData<fn() -> U>,
}

/// Reads a discriminator's value: borrowed from the input when it can be (a variant
/// the schema knows needs no copy of its name); anything but a string is a `type`
/// problem, `null` a `required` one.
struct TagSeed<'a> {
    cx: &'a mut Ctx,
}

const TAG_EXPECTED: &str = "a variant name (string)";

impl<'de> DeserializeSeed<'de> for TagSeed<'_> {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagSeed<'_> {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(TAG_EXPECTED)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(null_not_allowed(self.cx))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(null_not_allowed(self.cx))
    }
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(mismatch(self.cx, TAG_EXPECTED, Found::BOOL))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(mismatch(self.cx, TAG_EXPECTED, Found::NUMBER))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(mismatch(self.cx, TAG_EXPECTED, Found::NUMBER))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(mismatch(self.cx, TAG_EXPECTED, Found::NUMBER))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(mismatch(self.cx, TAG_EXPECTED, Found::ARRAY))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(mismatch(self.cx, TAG_EXPECTED, Found::OBJECT))
    }
}

impl<'de, U: Union> Visitor<'de> for UnionVisitor<'_, U> {
    type Value = Option<U>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", U::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let cx = self.cx;
        // Checks of kept members are for plain objects (records); none reaches inside.
        cx.check_kept = None;
        let mut state = UnionState::<'de, U::Builder>::Pending(Vec::new());
        // The outermost object's discriminator may have been found ahead (see `parse`):
        // then the variant is known before its first member, and nothing is held.
        let hinted = cx.tag_hint.take();
        if let Some(tag) = &hinted {
            state = start_variant::<U, A::Error>(Cow::Borrowed(tag), Vec::new(), cx)?;
        }
        let mut tag_seen = false;
        // Repeated members are found by the variant's builder, once the variant is known:
        // a missing, unknown or forbidden discriminator is the only problem reported.
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == U::TAG {
                let m = cx.mark();
                let tag = map.next_value_seed(TagSeed { cx: &mut *cx });
                cx.close_key(m, U::TAG);
                let tag = tag?;
                if tag_seen {
                    cx.error_at(U::TAG, ErrorKind::InvalidValue, format!("`{}` appears more than once", U::TAG));
                    state = UnionState::Failed;
                    continue;
                }
                tag_seen = true;
                if let Some(hint) = &hinted {
                    if tag.as_deref() != Some(hint.as_str()) {
                        // The hint was a guess (see `parse`) and this is not what it
                        // guessed: give up this pass; `parse` reads the body again.
                        cx.hint_missed = true;
                        return Err(de::Error::custom("the discriminator found ahead was not the outermost one"));
                    }
                    // The same member the scan found: the variant is already started.
                    continue;
                }
                state = match (tag, state) {
                    (None, _) => UnionState::Failed,
                    (Some(tag), UnionState::Pending(pending)) => {
                        start_variant::<U, A::Error>(tag, pending, cx)?
                    }
                    (_, other) => other,
                };
                continue;
            }
            match &mut state {
                UnionState::Pending(pending) => {
                    let held = if cx.raw_json {
                        Held::Raw(map.next_value::<&'de serde_json::value::RawValue>()?)
                    } else {
                        Held::Value(map.next_value()?)
                    };
                    pending.push((key, held));
                }
                // Multi-variant objects spell names as the schema does (no API with
                // variants has case-insensitive names), so a respelling is not tracked.
                UnionState::Known(b) => drop(map.next_value_seed(MemberSeed::new(b, &key, cx))?),
                UnionState::Unknown(_, members) => {
                    let value: serde_json::Value = map.next_value()?;
                    members.insert(key.into_owned(), value);
                }
                UnionState::Failed => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if hinted.is_some() && !tag_seen {
            cx.hint_missed = true;
            return Err(de::Error::custom("the discriminator found ahead was not the outermost one"));
        }
        Ok(match state {
            UnionState::Pending(_) => {
                cx.error_at(U::TAG, ErrorKind::Required, format!("`{}` must name the variant of {}", U::TAG, U::NAME));
                None
            }
            UnionState::Known(b) => b.finish(cx),
            UnionState::Unknown(tag, members) => {
                let kept = U::unknown(tag.clone(), members);
                if kept.is_none() {
                    cx.error_at(U::TAG, ErrorKind::InvalidValue, format!("`{}` is not a variant of {}", shown(&tag), U::NAME));
                }
                kept
            }
            UnionState::Failed => None,
        })
    }
    not_an_object!();
}

/// Starts the variant `tag` and replays the members that came before it; problems with
/// the discriminator itself are recorded at it.
fn start_variant<'de, U: Union, E: de::Error>(
    tag: Cow<'_, str>,
    pending: Vec<(Cow<'de, str>, Held<'de>)>,
    cx: &mut Ctx,
) -> Result<UnionState<'de, U::Builder>, E> {
    // Checked first: a create view does not even know the variants clients may not create.
    if cx.op() == Op::Create && !U::client_creatable(&tag) {
        cx.error_at(U::TAG, ErrorKind::Forbidden, format!("clients may not create a {} of type `{}`", U::NAME, shown(&tag)));
        return Ok(UnionState::Failed);
    }
    match U::start(&tag) {
        Some(mut b) => {
            let mut result = Ok(());
            for (key, held) in pending {
                let seed = MemberSeed::new(&mut b, &key, cx);
                result = match held {
                    Held::Raw(raw) => {
                        let mut de = serde_json::Deserializer::from_str(raw.get());
                        seed.deserialize(&mut de).map(drop).map_err(E::custom)
                    }
                    Held::Value(value) => seed.deserialize(value).map(drop).map_err(E::custom),
                };
                if result.is_err() {
                    break;
                }
            }
            result.map(|()| UnionState::Known(b))
        }
        None if !cx.is_strict() => {
            let members =
                pending.into_iter().map(|(k, h)| Ok((k.into_owned(), h.into_value()?))).collect::<Result<_, E>>()?;
            Ok(UnionState::Unknown(tag.into_owned(), members))
        }
        None => {
            cx.error_at(U::TAG, ErrorKind::InvalidValue, format!("`{}` is not a variant of {}", shown(&tag), U::NAME));
            Ok(UnionState::Failed)
        }
    }
}

/// Writes the members of a generated object into a JSON object being serialized.
#[doc(hidden)]
pub trait Members {
    /// Writes every member that has a value, then the kept unknown members.
    fn serialize_members<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// Serializes a variant: the discriminator first, then the variant's members.
pub fn serialize_variant<S: Serializer, T: Members>(
    s: S,
    tag_key: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    map.serialize_entry(tag_key, tag)?;
    value.serialize_members(&mut map)?;
    map.end()
}

/// Serializes a plain object.
pub fn serialize_object<S: Serializer, T: Members>(s: S, value: &T) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    value.serialize_members(&mut map)?;
    map.end()
}

/// Parses a JSON body with codec `C` for `op`: the value, or every problem found.
pub fn parse<C: Codec>(json: &[u8], op: Op) -> Result<C::Value, ValidationErrors> {
    // One pass over the whole body is cheaper than serde_json checking every string of
    // a byte slice on its own; text that is already `str` needs no more checks.
    let text = match std::str::from_utf8(json) {
        Ok(text) => text,
        Err(e) => {
            let before = &json[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let mut cx = Ctx::new(op);
            cx.error(
                ErrorKind::Syntax,
                format!("not valid JSON: invalid unicode code point (UTF-8) at line {line} column {column}"),
            );
            return Err(cx.into_errors());
        }
    };
    parse_text::<C>(text, op)
}

/// [`parse`] for a body that is already text (no UTF-8 check to make): JSON held as a
/// [`RawValue`](serde_json::value::RawValue), such as a JMAP response's arguments.
pub fn parse_text<C: Codec>(text: &str, op: Op) -> Result<C::Value, ValidationErrors> {
    // One reading of the text into a fresh `cx`, with the outermost discriminator given
    // ahead or not.
    let read = |cx: &mut Ctx, hint: Option<&str>| {
        *cx = Ctx::new(op);
        cx.raw_json = true;
        cx.tag_hint = hint.map(str::to_owned);
        let mut de = serde_json::Deserializer::from_str(text);
        C::decode(&mut de, cx).and_then(|v| de.end().map(|()| v))
    };
    let hint = C::discriminator()
        .filter(|key| !first_member_is(text, key))
        .and_then(|key| last_member_tag(text, key).or_else(|| scan_tag(text, key)));
    let mut cx = Ctx::new(op);
    let mut decoded = read(&mut cx, hint);
    if hint.is_some() && (cx.hint_missed || decoded.is_err()) {
        // A guess that did not hold, or a body that is not JSON (where a guess proves
        // nothing): read it again the ordinary way, so the outcome never depends on
        // the guess.
        decoded = read(&mut cx, None);
    }
    match decoded {
        Ok(Some(value)) if cx.error_count() == 0 => Ok(value),
        Ok(_) => {
            if cx.error_count() == 0 {
                cx.error(ErrorKind::Type, "the payload could not be decoded");
            }
            Err(cx.into_errors())
        }
        Err(e) => {
            // The body as a whole is not JSON (its line and column say where): reported
            // at the root, wherever decoding had got to.
            cx.error(ErrorKind::Syntax, format!("not valid JSON: {e}"));
            Err(cx.into_errors())
        }
    }
}

/// Runs codec `C` for `op` inside a serde `Deserialize` impl: problems become one error.
pub fn deserialize<'de, C: Codec, D: Deserializer<'de>>(de: D, op: Op) -> Result<C::Value, D::Error> {
    let mut cx = Ctx::new(op);
    let value = C::decode(de, &mut cx)?;
    match value {
        Some(v) if cx.error_count() == 0 => Ok(v),
        _ => Err(de::Error::custom(cx.into_errors())),
    }
}

/// The JSON value a generated type serializes to (its canonical wire form).
///
/// Generated types serialize to JSON objects with string keys, which cannot fail; were
/// one ever to, its message is returned as a JSON string rather than a panic.
pub fn to_json_value<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_else(|e| serde_json::Value::String(e.to_string()))
}

/// Checks a value built in Rust for `op` by writing it out and reading it back: the
/// same checks as a body received from the network, so the two can never disagree.
pub fn revalidate<C: Codec>(value: &C::Value, op: Op) -> Result<(), ValidationErrors> {
    // A value with no JSON form (a NaN in a float field) is refused where it sits.
    crate::finite::check(&As::<C>::new(value)).map_err(|e| {
        ValidationErrors::from_vec(vec![ValidationError::new(e.pointer, ErrorKind::InvalidValue, e.message)])
    })?;
    let json = serde_json::to_vec(&As::<C>::new(value)).map_err(|e| {
        ValidationErrors::from_vec(vec![ValidationError::new("", ErrorKind::Syntax, e.to_string())])
    })?;
    parse::<C>(&json, op).map(|_| ())
}

/// A guess at the outermost discriminator, when it is the object's last member (as
/// where a serializer writes it after the fields): the text ends with
/// `"key" : "value" }`, the value a plain string, and the object has other members
/// before it. In JSON text that is valid, such a tail can only be a member of the
/// outermost object; the decoder still checks the guess against the member it meets
/// and `parse` starts over when it is wrong. Costs a search of the tail only.
fn last_member_tag<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let b = text.as_bytes();
    let body = b.trim_ascii_end().strip_suffix(b"}")?.trim_ascii_end().strip_suffix(b"\"")?;
    // The value: a plain string (no quote or backslash inside).
    let open = body.iter().rposition(|c| *c == b'"' || *c == b'\\')?;
    if body[open] != b'"' {
        return None;
    }
    // Both ends are ASCII quotes, so the slice is on character boundaries.
    let value = text.get(open + 1..body.len())?;
    let before = body[..open].trim_ascii_end().strip_suffix(b":")?.trim_ascii_end();
    let name = before.strip_suffix(b"\"")?.strip_suffix(key.as_bytes())?.strip_suffix(b"\"")?;
    // Another member before it (a first member needs no hint), and not an escaped quote.
    match name.trim_ascii_end().last() {
        Some(b',') => Some(value),
        _ => None,
    }
}

/// Whether the member `key` opens the JSON object `text` (then the decoder meets the
/// discriminator before anything else, and no guess is needed).
fn first_member_is(text: &str, key: &str) -> bool {
    let b = text.as_bytes().trim_ascii_start();
    let Some(b) = b.strip_prefix(b"{") else { return false };
    b.trim_ascii_start()
        .strip_prefix(b"\"")
        .and_then(|b| b.strip_prefix(key.as_bytes()))
        .is_some_and(|b| b.starts_with(b"\""))
}

/// The value of the member `key` of the JSON object `text`, when it is a plain string
/// (no escapes) and every member name before it is plain too; `None` otherwise, and
/// then the decoder holds members until it meets the discriminator.
///
/// A light scan (strings skipped, nesting counted) is cheaper than reading the members
/// that come before a discriminator twice.
fn scan_tag<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let b = text.as_bytes();
    let ws = |mut i: usize| {
        while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            i += 1;
        }
        i
    };
    // A string starting at `i` (on its quote): its content span and the index after it;
    // `None` when it holds an escape.
    let plain_string = |i: usize| -> Option<(usize, usize, usize)> {
        let start = i + 1;
        let end = quote_or_backslash(b, start)?;
        (b[end] == b'"').then_some((start, end, end + 1))
    };
    let skip_string = |mut i: usize| -> Option<usize> {
        i += 1;
        loop {
            i = quote_or_backslash(b, i)?;
            match b[i] {
                b'"' => return Some(i + 1),
                _ => i += 2,
            }
        }
    };
    let skip_value = |mut i: usize| -> Option<usize> {
        match *b.get(i)? {
            b'"' => skip_string(i),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match *b.get(i)? {
                        b'"' => {
                            i = skip_string(i)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                while !matches!(b.get(i), None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')) {
                    i += 1;
                }
                Some(i)
            }
        }
    };
    let mut i = ws(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    for index in 0.. {
        i = ws(i);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let (ks, ke, next) = plain_string(i)?;
        i = ws(next);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(i + 1);
        if &text[ks..ke] == key {
            // First anyway: the decoder meets it before any member, no hint needed.
            if index == 0 || b.get(i) != Some(&b'"') {
                return None;
            }
            let (vs, ve, _) = plain_string(i)?;
            return Some(&text[vs..ve]);
        }
        i = ws(skip_value(i)?);
        match b.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
    None
}

/// The index of the first `"` or `\\` in `b` at or after `from`.
///
/// Eight bytes at a time (the classic has-a-zero-byte test on the word XORed with each
/// wanted byte): strings are most of a body's bytes, and the scan skips them.
fn quote_or_backslash(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut i = from;
    let rest = b.get(i..)?;
    let mut words = rest.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        let hits = zero_byte(w ^ (ONES * u64::from(b'"'))) | zero_byte(w ^ (ONES * u64::from(b'\\')));
        if hits != 0 {
            // The lowest flagged byte is always a true match (false flags only follow one).
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    words.remainder().iter().position(|c| *c == b'"' || *c == b'\\').map(|p| i + p)
}

#[cfg(test)]
mod scan_tests {
    use super::{first_member_is, last_member_tag, quote_or_backslash, scan_tag};

    #[test]
    fn tells_a_discriminator_that_comes_first() {
        assert!(first_member_is(r#" { "@type" : "X", "a": 1}"#, "@type"));
        assert!(!first_member_is(r#"{"a": 1, "@type": "X"}"#, "@type"));
        assert!(!first_member_is(r#"{"@typeX": 1}"#, "@type"));
        assert!(!first_member_is(r#"["@type"]"#, "@type"));
        assert!(!first_member_is("", "@type"));
    }

    #[test]
    fn guesses_a_last_discriminator_from_the_tail() {
        assert_eq!(last_member_tag(r#"{"a": {"@type": "In"}, "@type" : "X" } "#, "@type"), Some("X"));
        assert_eq!(last_member_tag(r#"{"a":1,"@type":"X"}"#, "@type"), Some("X"));
        // First (no hint needed), nested, not a string, escaped, not last: no guess.
        assert_eq!(last_member_tag(r#"{"@type":"X"}"#, "@type"), None);
        assert_eq!(last_member_tag(r#"{"a":{"b":1,"@type":"X"}}"#, "@type"), None);
        assert_eq!(last_member_tag(r#"{"a":1,"@type":5}"#, "@type"), None);
        assert_eq!(last_member_tag(r#"{"a":1,"@type":"X\u0041"}"#, "@type"), None);
        assert_eq!(last_member_tag(r#"{"a":1,"x@type":"X"}"#, "@type"), None);
        assert_eq!(last_member_tag(r#"{"a":"\"@type\":\"X\"}"#, "@type"), None);
        assert_eq!(last_member_tag(r#"{"@type":"X","a":1}"#, "@type"), None);
        assert_eq!(last_member_tag("", "@type"), None);
    }

    #[test]
    fn finds_the_first_quote_or_backslash_at_every_offset() {
        for len in 0..40 {
            for at in 0..=len {
                for special in [b'"', b'\\'] {
                    let mut text = vec![b'a'; len];
                    // Bytes just either side of the wanted ones, and a UTF-8 lead byte.
                    for (k, c) in text.iter_mut().enumerate() {
                        *c = [b'a', b'!', b'#', b'[', b']', 0xC3][k % 6];
                    }
                    if at < len {
                        text[at] = special;
                        if at + 1 < len {
                            text[at + 1] = b'"';
                        }
                    }
                    for from in 0..=len {
                        let want = if at < len && from <= at {
                            Some(at)
                        } else if at + 1 < len && from == at + 1 {
                            Some(at + 1)
                        } else {
                            None
                        };
                        assert_eq!(quote_or_backslash(&text, from), want, "len {len} at {at} from {from}");
                    }
                }
            }
        }
        assert_eq!(quote_or_backslash(b"abc", 4), None);
    }

    #[test]
    fn finds_a_later_discriminator_and_only_at_the_top() {
        assert_eq!(scan_tag(r#"{"a": 1, "@type": "X"}"#, "@type"), Some("X"));
        assert_eq!(scan_tag(r#" { "a" : {"@type": "Inner", "s": "}{"}, "b": [1, "]", {"c": null}], "@type" : "Y" } "#, "@type"), Some("Y"));
        // First anyway: nothing to gain.
        assert_eq!(scan_tag(r#"{"@type": "X", "a": 1}"#, "@type"), None);
        // Only at the top level.
        assert_eq!(scan_tag(r#"{"a": {"@type": "Inner"}}"#, "@type"), None);
    }

    #[test]
    fn anything_unusual_falls_back_to_the_decoder() {
        assert_eq!(scan_tag(r#"{"a\u0041": 1, "@type": "X"}"#, "@type"), None, "an escaped name");
        assert_eq!(scan_tag(r#"{"a": 1, "@type": "X\u0041"}"#, "@type"), None, "an escaped value");
        assert_eq!(scan_tag(r#"{"a": 1, "@type": 5}"#, "@type"), None, "not a string");
        assert_eq!(scan_tag(r#"{"a": "x\"}", "@type": "X"}"#, "@type"), Some("X"), "escapes inside skipped values");
        assert_eq!(scan_tag(r#"[1, 2]"#, "@type"), None);
        assert_eq!(scan_tag(r#"{"a": 1"#, "@type"), None, "truncated");
        assert_eq!(scan_tag("", "@type"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::ends_with_ignoring_case as ends;

    #[test]
    fn a_suffix_matches_in_any_ascii_case_and_whole() {
        assert!(ends("Foo__c", "__c") && ends("Foo__C", "__c") && ends("__c", "__c") && ends("x", ""));
        assert!(!ends("c", "__c") && !ends("Foo__cx", "__c") && !ends("Foo_c", "__c"));
        // Multi-byte characters: no panic.
        assert!(!ends("é", "__c") && !ends("aé", "\u{a9}") && ends("né", "é"));
    }
}
