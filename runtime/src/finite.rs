//! Turning a caller's value into JSON without losing it: `serde_json` writes a NaN or an
//! infinity as `null` (JSON has no such numbers, RFC 8259 section 6), which in a JMAP
//! patch means "clear this member". [`to_json_value`] refuses such a value instead, naming
//! where inside it the number sits.

use std::fmt;

use serde::ser::{self, Serialize};
use serde_json::Value;

/// Why a value could not become JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotJson {
    /// Where inside the value the problem is, as a JSON pointer (`""`: the value itself).
    pub pointer: String,
    /// What the problem is.
    pub message: String,
}

impl fmt::Display for NotJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.pointer, self.message)
        }
    }
}

impl std::error::Error for NotJson {}

impl ser::Error for NotJson {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NotJson { pointer: String::new(), message: msg.to_string() }
    }
}

/// `value` as JSON, or why it has none: a non-finite float anywhere inside it (which
/// `serde_json::to_value` would turn into `null`), or a value `serde_json` refuses (a
/// map with keys that are not strings, a failing `Serialize`).
pub fn to_json_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, NotJson> {
    check(value)?;
    serde_json::to_value(value).map_err(|e| NotJson { pointer: String::new(), message: e.to_string() })
}

/// Whether `value` has a JSON form: `Err` names the first non-finite float inside it, or
/// the member whose `Serialize` refused its value.
#[doc(hidden)]
pub fn check<T: Serialize + ?Sized>(value: &T) -> Result<(), NotJson> {
    value.serialize(Finite { path: &mut Vec::new() })
}

/// A serializer that writes nothing and fails on the first non-finite float, knowing
/// the path it walked to reach it.
struct Finite<'a> {
    path: &'a mut Vec<String>,
}

impl Finite<'_> {
    fn float(self, v: f64) -> Result<(), NotJson> {
        if v.is_finite() {
            return Ok(());
        }
        let pointer = pointer(self.path);
        Err(NotJson { pointer, message: format!("{v} is not a JSON number (JSON has no NaN or infinity)") })
    }
    fn nested<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), NotJson> {
        self.path.push(key);
        let result = value.serialize(Finite { path: self.path }).map_err(|mut e| {
            // A `Serialize` that refused its value (`ser::Error::custom`) said nothing of
            // where: the innermost member it was written for is where.
            if e.pointer.is_empty() {
                e.pointer = pointer(self.path);
            }
            e
        });
        self.path.pop();
        result
    }
}

/// The JSON pointer of a path of member names and positions.
fn pointer(path: &[String]) -> String {
    path.iter().map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1"))).collect()
}

/// The walk through a sequence, map or struct: counts positions, remembers map keys.
struct Compound<'a> {
    walk: Finite<'a>,
    index: usize,
    key: String,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        let key = self.index.to_string();
        self.index += 1;
        self.walk.nested(key, value)
    }
}

impl<'a> ser::Serializer for Finite<'a> {
    type Ok = ();
    type Error = NotJson;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, _: bool) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_i128(self, _: i128) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_u128(self, _: u128) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), NotJson> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), NotJson> {
        self.float(v)
    }
    fn serialize_char(self, _: char) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), NotJson> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), NotJson> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), NotJson> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), NotJson> {
        self.nested(variant.to_owned(), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, NotJson> {
        Ok(Compound { walk: self, index: 0, key: String::new() })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, NotJson> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, NotJson> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, NotJson> {
        self.path.push(variant.to_owned());
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, NotJson> {
        self.serialize_seq(None)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, NotJson> {
        self.serialize_seq(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, NotJson> {
        self.path.push(variant.to_owned());
        self.serialize_seq(None)
    }
}

// Sequences and tuples differ only in the name serde gives their element method.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = NotJson;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
                self.element(value)
            }
            fn end(self) -> Result<(), NotJson> {
                Ok(())
            }
        }
    )*};
}
elements!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        self.element(value)
    }
    fn end(self) -> Result<(), NotJson> {
        self.walk.path.pop();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = NotJson;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotJson> {
        // The key as JSON writes it (a string, or a number's digits); other keys are
        // serde_json's to refuse.
        self.key = match serde_json::to_value(key) {
            Ok(Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => return Err(ser::Error::custom(e)),
        };
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotJson> {
        let key = std::mem::take(&mut self.key);
        self.walk.nested(key, value)
    }
    fn end(self) -> Result<(), NotJson> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NotJson> {
        self.walk.nested(key.to_owned(), value)
    }
    fn end(self) -> Result<(), NotJson> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NotJson> {
        self.walk.nested(key.to_owned(), value)
    }
    fn end(self) -> Result<(), NotJson> {
        self.walk.path.pop();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::to_json_value;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[test]
    fn finite_values_become_json_as_serde_json_writes_them() {
        assert_eq!(to_json_value(&1.5f64), Ok(json!(1.5)));
        assert_eq!(to_json_value(&vec![Some(1u8), None]), Ok(json!([1, null])));
        assert_eq!(to_json_value("x"), Ok(json!("x")));
    }

    #[test]
    fn a_nan_or_an_infinity_is_refused_where_it_sits() {
        let e = to_json_value(&f64::NAN).unwrap_err();
        assert_eq!(e.pointer, "");
        assert!(e.message.contains("NaN"), "{e}");
        let e = to_json_value(&vec![1.0, f64::INFINITY]).unwrap_err();
        assert_eq!(e.pointer, "/1");
        let nested = BTreeMap::from([("a/b", json!(1)), ("c", json!(2))]);
        assert_eq!(to_json_value(&nested), Ok(json!({"a/b": 1, "c": 2})));
        let nested = BTreeMap::from([("a/b", vec![f32::NEG_INFINITY])]);
        assert_eq!(to_json_value(&nested).unwrap_err().pointer, "/a~1b/0");
        let some = Some(BTreeMap::from([(3u8, f64::NAN)]));
        assert_eq!(to_json_value(&some).unwrap_err().pointer, "/3");
    }

    /// A value whose `Serialize` refuses it is located at the member it was written for.
    #[test]
    fn a_refusing_serialize_is_located() {
        struct Refuses;
        impl serde::Serialize for Refuses {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        let map = BTreeMap::from([("a", vec![Refuses])]);
        let e = to_json_value(&map).unwrap_err();
        assert_eq!((e.pointer.as_str(), e.message.as_str()), ("/a/0", "no"));
        assert_eq!(to_json_value(&Refuses).unwrap_err().pointer, "");
    }

    #[test]
    fn what_serde_json_refuses_is_refused() {
        let map = BTreeMap::from([(vec![1u8], 1u8)]);
        assert!(to_json_value(&map).is_err());
    }
}
