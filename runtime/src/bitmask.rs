//! Sets of flags that travel as one integer (a day-of-week mask).

use std::marker::PhantomData;

use serde::{Deserializer, Serializer};

use super::de::{decode_scalar, Codec, Ctx, Scalar};
use super::error::ErrorKind;
use super::scalar::{integral, out_of_range};

/// A set of flags held in the bits of a `u32`; implemented by every generated mask.
#[doc(hidden)]
pub trait Bitmask: Sized {
    /// The mask's name, for messages (`RecurrenceDayOfWeekMask`).
    const NAME: &'static str;
    /// Every bit the schema defines.
    const ALL: u32;
    /// The mask with exactly `bits` set, defined or not.
    fn from_bits_retain(bits: u32) -> Self;
    /// The bits that are set.
    fn bits(&self) -> u32;
}

/// The codec of mask `M`: a JSON integer.
///
/// A number that is negative or above `u32::MAX` is `out_of_range`, one with a fraction
/// a `type` problem. Clients (create and update) must also set at least one bit and no
/// bit outside `M::ALL`; reads keep any bits.
pub struct BitmaskCodec<M>(PhantomData<fn() -> M>);

impl<M: Bitmask> BitmaskCodec<M> {
    fn check(n: i128, cx: &mut Ctx) -> Option<M> {
        let Ok(bits) = u32::try_from(n) else {
            return out_of_range(cx, n, Self::EXPECTED);
        };
        if cx.is_strict() && (bits == 0 || bits & !M::ALL != 0) {
            cx.error(
                ErrorKind::OutOfRange,
                format!(
                    "{bits} is not a valid {}: it must set at least one bit and only bits of {}",
                    M::NAME,
                    M::ALL
                ),
            );
            return None;
        }
        Some(M::from_bits_retain(bits))
    }
}

impl<M: Bitmask> Scalar for BitmaskCodec<M> {
    type Value = M;
    const EXPECTED: &'static str = "a bit mask (an integer)";
    fn from_i64(n: i64, cx: &mut Ctx) -> Option<M> {
        Self::check(i128::from(n), cx)
    }
    fn from_u64(n: u64, cx: &mut Ctx) -> Option<M> {
        Self::check(i128::from(n), cx)
    }
    fn from_f64(n: f64, cx: &mut Ctx) -> Option<M> {
        let n = integral(n, Self::EXPECTED, cx)?;
        Self::check(n, cx)
    }
}

impl<M: Bitmask> Codec for BitmaskCodec<M> {
    type Value = M;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<M>, D::Error> {
        decode_scalar::<Self, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &M, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(value.bits())
    }
    fn json(value: &M) -> serde_json::Value {
        serde_json::Value::from(value.bits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::Op;
    use crate::error::ErrorKind::*;
    use crate::testing::{at, decode_at, encode, kind, ok, ALL_OPS};

    #[derive(Debug, PartialEq)]
    struct Days(u32);

    impl Bitmask for Days {
        const NAME: &'static str = "RecurrenceDayOfWeekMask";
        const ALL: u32 = 127;
        fn from_bits_retain(bits: u32) -> Self {
            Days(bits)
        }
        fn bits(&self) -> u32 {
            self.0
        }
    }

    type C = BitmaskCodec<Days>;

    #[test]
    fn masks_in_range() {
        for op in ALL_OPS {
            assert_eq!(ok::<C>("1", op), Days(1));
            assert_eq!(ok::<C>("127", op), Days(127));
            assert_eq!(ok::<C>("62.0", op), Days(62));
        }
        assert_eq!(encode::<C>(&Days(40)), "40");
    }

    #[test]
    fn clients_set_only_defined_bits() {
        for op in [Op::Create, Op::Update] {
            for json in ["0", "128", "255", "4294967295"] {
                let (v, found) = decode_at::<C>(json, op, &["RecurrenceDayOfWeekMask"]);
                assert_eq!(
                    (v, found),
                    (None, vec![at("/RecurrenceDayOfWeekMask", OutOfRange)]),
                    "{json}"
                );
            }
        }
        assert_eq!(ok::<C>("0", Op::Read), Days(0));
        assert_eq!(
            ok::<C>("255", Op::Read),
            Days(255),
            "reads keep unknown bits"
        );
        assert_eq!(encode::<C>(&Days(255)), "255");
    }

    #[test]
    fn numbers_outside_u32() {
        for op in ALL_OPS {
            assert_eq!(kind::<C>("-1", op), OutOfRange);
            assert_eq!(kind::<C>("4294967296", op), OutOfRange);
            assert_eq!(kind::<C>("1e20", op), OutOfRange);
            assert_eq!(kind::<C>("1.5", op), Type);
            assert_eq!(kind::<C>("\"1\"", op), Type);
            assert_eq!(kind::<C>("[1]", op), Type);
            assert_eq!(kind::<C>("null", op), Required);
        }
    }
}
