//! `Serialize` and `Deserialize` for the runtime's plain wire records (the JMAP and
//! Salesforce envelopes), written by a declarative macro rather than serde's derive.
//!
//! Why: with the derive, `syn` and `serde_derive` must be built before the runtime and
//! every crate generated on it; without it a generated crate's dependencies check cold in
//! 1.8 s instead of 3.5 s (BENCHMARKS.md, cold `cargo check`).
//!
//! The wire is the derive's: members by their wire names in declaration order, unknown
//! members ignored, a missing required member `missing field`, a repeated member
//! `duplicate field`. Each member states its mode:
//!
//! - `required`: always written; must be there.
//! - `optional`: an `Option`, left out when `None`, `None` when missing.
//! - `default`: always written; `Default::default()` when missing.
//! - `default_with(path)`: always written; `path()` when missing.
//! - `nonempty`: a collection left out when empty, empty when missing.
//!
//! Like the derive, a record is also read from an array of its members in order.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Visitor};

/// A member name among a record's wire names: `Some(index)`, or `None` for a member the
/// record does not know. Compares the text as it comes, without allocating.
pub(crate) struct Member(pub(crate) &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Member {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Member {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|known| *known == name))
    }
}

/// Where `name` stands in `members` (a wire name the macro itself listed there).
pub(crate) const fn position(members: &[&str], name: &str) -> usize {
    let mut i = 0;
    while i < members.len() {
        let (a, b) = (members[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("a wire name the macro lists is among its members")
}

/// Writes the impls (see the module documentation). `$name<$g>` takes one type
/// parameter at most, bounded by `Serialize` and `Deserialize` in the respective impls.
macro_rules! wire_record {
    ($name:ident $(<$g:ident>)? { $($field:ident: $wire:literal $mode:ident $(($default:path))?),* $(,)? }) => {
        impl$(<$g: ::serde::Serialize>)? ::serde::Serialize for $name$(<$g>)? {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let len = 0 $(+ usize::from($crate::wire_record::wire_record!(@written self.$field, $mode)))*;
                let mut record = serializer.serialize_struct(stringify!($name), len)?;
                $(
                    if $crate::wire_record::wire_record!(@written self.$field, $mode) {
                        record.serialize_field($wire, &self.$field)?;
                    } else {
                        record.skip_field($wire)?;
                    }
                )*
                record.end()
            }
        }

        impl<'de $(, $g: ::serde::Deserialize<'de>)?> ::serde::Deserialize<'de> for $name$(<$g>)? {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const MEMBERS: &[&str] = &[$($wire),*];
                struct Record$(<$g>)?(::std::marker::PhantomData<fn() -> ($($g,)?)>);
                impl<'de $(, $g: ::serde::Deserialize<'de>)?> ::serde::de::Visitor<'de> for Record$(<$g>)? {
                    type Value = $name$(<$g>)?;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    // The derive also reads a record from an array of its members in order.
                    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                        let mut read = 0;
                        $(
                            let $field = seq.next_element()?;
                            let $field = $crate::wire_record::wire_record!(@short $field, read, self, $mode $(($default))?, A);
                            read += 1;
                        )*
                        let _ = read;
                        Ok($name { $($field,)* })
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        $(let mut $field = None;)*
                        while let Some(index) = map.next_key_seed($crate::wire_record::Member(MEMBERS))? {
                            let Some(index) = index else {
                                map.next_value::<::serde::de::IgnoredAny>()?;
                                continue;
                            };
                            $(
                                // The member's place in MEMBERS, found at compile time:
                                // the name is compared once, by `Member`.
                                if index == const { $crate::wire_record::position(MEMBERS, $wire) } {
                                    if $field.is_some() {
                                        return Err(<A::Error as ::serde::de::Error>::duplicate_field($wire));
                                    }
                                    $field = Some(map.next_value()?);
                                    continue;
                                }
                            )*
                        }
                        Ok($name {
                            $($field: $crate::wire_record::wire_record!(@missing $field, $wire, $mode $(($default))?, A),)*
                        })
                    }
                }
                deserializer.deserialize_struct(stringify!($name), MEMBERS, Record(::std::marker::PhantomData))
            }
        }
    };
    (@written $value:expr, required) => { true };
    (@written $value:expr, default) => { true };
    (@written $value:expr, default_with) => { true };
    (@written $value:expr, optional) => { $value.is_some() };
    (@written $value:expr, nonempty) => { !$value.is_empty() };
    (@short $field:ident, $read:ident, $self:ident, required, $A:ident) => {
        match $field {
            Some(value) => value,
            None => return Err(<$A::Error as ::serde::de::Error>::invalid_length($read, &$self)),
        }
    };
    (@short $field:ident, $read:ident, $self:ident, default_with($default:path), $A:ident) => {
        $field.unwrap_or_else($default)
    };
    (@short $field:ident, $read:ident, $self:ident, $mode:ident, $A:ident) => { $field.unwrap_or_default() };
    (@missing $field:ident, $wire:literal, required, $A:ident) => {
        match $field {
            Some(value) => value,
            None => return Err(<$A::Error as ::serde::de::Error>::missing_field($wire)),
        }
    };
    (@missing $field:ident, $wire:literal, optional, $A:ident) => { $field.unwrap_or_default() };
    (@missing $field:ident, $wire:literal, default, $A:ident) => { $field.unwrap_or_default() };
    (@missing $field:ident, $wire:literal, nonempty, $A:ident) => { $field.unwrap_or_default() };
    (@missing $field:ident, $wire:literal, default_with($default:path), $A:ident) => {
        $field.unwrap_or_else($default)
    };
}

pub(crate) use wire_record;
