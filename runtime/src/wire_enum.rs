//! Enumerations that travel as strings: values the schema knows, and values it does not
//! (kept, so that writing a value back loses nothing).

use std::marker::PhantomData;

use serde::{Deserializer, Serializer};

use super::de::{decode_scalar, shown, Codec, Ctx, Scalar};
use super::error::ErrorKind;

/// An enumeration whose values travel as strings; implemented by every generated enum.
///
/// A generated enum has one variant per value the schema knows and one holding an
/// [`UnknownValue`] for any other string.
pub trait WireEnum: Sized {
    /// The enumeration's name, for messages (`CallType`).
    const NAME: &'static str;
    /// The value for a wire string, known or not.
    fn from_wire(s: &str) -> Self;
    /// The value's wire string.
    fn as_wire(&self) -> &str;
    /// Whether the schema knows the value.
    fn is_known(&self) -> bool;
    /// Whether clients may send the value (a value marked `server-set` says no).
    fn client_settable(&self) -> bool {
        true
    }
}

/// A wire string that the schema does not list for an enumeration (an org-specific
/// picklist value, a value a newer server sends).
///
/// A value the schema knows never ends up here: [`of`](Self::of) refuses one, so that
/// `Status::Unknown(..)` and `Status::Completed` can never be two spellings of one value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// Wraps a wire string that the enumeration does not know (generated `from_wire` only).
    // Called by the generated enums of the crate, not by the runtime itself.
    #[doc(hidden)]
    pub fn new(s: &str) -> Self {
        UnknownValue(s.into())
    }
    /// `s` as a value enumeration `E` does not know: `None` when `E` knows it (then
    /// it is one of `E`'s own variants; `s.parse::<E>()` gives it).
    ///
    /// For tests and fixtures that build a read value holding an unknown value; a
    /// restricted enumeration's unknown value is still refused in a client body.
    pub fn of<E: WireEnum>(s: &str) -> Option<Self> {
        (!E::from_wire(s).is_known()).then(|| UnknownValue(s.into()))
    }
    /// The wire string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `FromStr` of every generated enumeration: a value the schema knows; for an
/// unrestricted one (a Salesforce picklist that is not restricted: orgs add their own
/// values) any other string too, as its `Unknown` variant; for a restricted one, an
/// error naming the enumeration.
#[doc(hidden)]
pub fn parse<E: WireEnum>(s: &str, restricted: bool) -> Result<E, crate::object::ParseEnumError> {
    let v = E::from_wire(s);
    if v.is_known() || !restricted {
        Ok(v)
    } else {
        Err(crate::object::ParseEnumError::new(E::NAME, s))
    }
}

/// The codec of enumeration `E`.
///
/// A `RESTRICTED` enumeration admits only the values the schema knows from clients: in
/// create and update, any other string is `invalid_value`. Reads keep unknown values.
#[doc(hidden)]
pub struct Enum<E, const RESTRICTED: bool>(PhantomData<fn() -> E>);

impl<E: WireEnum, const RESTRICTED: bool> Scalar for Enum<E, RESTRICTED> {
    type Value = E;
    const EXPECTED: &'static str = "a string";
    fn from_str(s: &str, cx: &mut Ctx) -> Option<E> {
        let v = E::from_wire(s);
        if RESTRICTED && cx.is_strict() && !v.is_known() {
            cx.error(
                ErrorKind::InvalidValue,
                format!("`{}` is not a {} value", shown(s), E::NAME),
            );
            return None;
        }
        if cx.is_strict() && !v.client_settable() {
            cx.error(ErrorKind::InvalidValue, format!("`{}` is set by the server; clients may not set it", shown(s)));
            return None;
        }
        Some(v)
    }
}

impl<E: WireEnum, const RESTRICTED: bool> Codec for Enum<E, RESTRICTED> {
    type Value = E;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<E>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &E, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.as_wire())
    }
    fn json(value: &E) -> serde_json::Value {
        serde_json::Value::String(value.as_wire().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::ObjectSet;
    use crate::de::Op;
    use crate::testing::{at, decode_at, encode, kind, ok, ALL_OPS};
    use ErrorKind::*;

    /// What a generated enum looks like.
    #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
    enum CallType {
        Internal,
        Inbound,
        Other(UnknownValue),
    }

    impl WireEnum for CallType {
        const NAME: &'static str = "CallType";
        fn from_wire(s: &str) -> Self {
            match s {
                "Internal" => CallType::Internal,
                "Inbound" => CallType::Inbound,
                other => CallType::Other(UnknownValue::new(other)),
            }
        }
        fn as_wire(&self) -> &str {
            match self {
                CallType::Internal => "Internal",
                CallType::Inbound => "Inbound",
                CallType::Other(v) => v.as_str(),
            }
        }
        fn is_known(&self) -> bool {
            !matches!(self, CallType::Other(_))
        }
    }

    type Restricted = Enum<CallType, true>;
    type Open = Enum<CallType, false>;

    #[test]
    fn known_values() {
        for op in ALL_OPS {
            assert_eq!(ok::<Restricted>("\"Inbound\"", op), CallType::Inbound);
            assert_eq!(ok::<Open>("\"Internal\"", op), CallType::Internal);
        }
        assert_eq!(encode::<Restricted>(&CallType::Inbound), "\"Inbound\"");
    }

    #[test]
    fn parsing_a_string_follows_the_restriction() {
        assert_eq!(parse::<CallType>("Inbound", true), Ok(CallType::Inbound));
        assert_eq!(parse::<CallType>("Sideways", false), Ok(CallType::Other(UnknownValue::new("Sideways"))));
        let err = parse::<CallType>("Sideways", true).unwrap_err();
        assert_eq!(err.value(), "Sideways");
        assert!(err.to_string().contains("is not a CallType value"), "{err}");
        // The public constructor never wraps a value the enumeration knows.
        assert_eq!(UnknownValue::of::<CallType>("Inbound"), None);
        assert_eq!(UnknownValue::of::<CallType>("Sideways").map(|v| v.as_str().to_owned()).as_deref(), Some("Sideways"));
    }

    #[test]
    fn unknown_values() {
        // Reads keep them, and write them back unchanged.
        let v = ok::<Restricted>("\"Sideways\"", Op::Read);
        assert_eq!(v, CallType::Other(UnknownValue::new("Sideways")));
        assert_eq!(encode::<Restricted>(&v), "\"Sideways\"");
        // Clients may send them only to an open enumeration.
        for op in [Op::Create, Op::Update] {
            assert_eq!(
                ok::<Open>("\"Waiting on Customer\"", op).as_wire(),
                "Waiting on Customer"
            );
            let (v, found) = decode_at::<Restricted>("\"Sideways\"", op, &["CallType"]);
            assert_eq!((v, found), (None, vec![at("/CallType", InvalidValue)]));
        }
        // Matching is exact.
        assert!(!ok::<Open>("\"inbound\"", Op::Read).is_known());
    }

    #[test]
    fn other_json_types() {
        for op in ALL_OPS {
            assert_eq!(kind::<Restricted>("1", op), Type);
            assert_eq!(kind::<Open>("{}", op), Type);
            assert_eq!(kind::<Open>("null", op), Required);
        }
    }

    #[test]
    fn enum_set_members() {
        let (v, found) = decode_at::<ObjectSet<Restricted>>(
            r#"{"Inbound":true,"Up":true}"#,
            Op::Create,
            &["types"],
        );
        assert_eq!((v, found), (None, vec![at("/types/Up", InvalidValue)]));
        let v = ok::<ObjectSet<Restricted>>(r#"{"Up":true,"Inbound":true}"#, Op::Read);
        assert_eq!(
            encode::<ObjectSet<Restricted>>(&v),
            r#"{"Inbound":true,"Up":true}"#
        );
    }
}
