//! Finds every NaN or infinite number in a serialisable output, by path (`summary.npv_usd.p50`): `serde_json`
//! writes them as `null`, so the JSON text alone cannot tell a missing value from a broken one.

use serde::Serialize;
use serde::ser;
use std::fmt;

/// The paths of the non-finite numbers in `value` (empty when every number is finite).
pub fn non_finite<T: Serialize + ?Sized>(value: &T) -> Vec<String> {
    let mut w = Walker {
        path: Vec::new(),
        found: Vec::new(),
    };
    value
        .serialize(&mut w)
        .expect("walking a value cannot fail");
    w.found
}

struct Walker {
    path: Vec<String>,
    found: Vec<String>,
}

#[derive(Debug)]
pub struct Never;
impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("never")
    }
}
impl std::error::Error for Never {}
impl ser::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Never
    }
}

impl Walker {
    fn float(&mut self, v: f64) {
        if !v.is_finite() {
            self.found.push(format!("{} = {v}", self.path.join(".")));
        }
    }
    fn nested<T: Serialize + ?Sized>(&mut self, key: String, v: &T) -> Result<(), Never> {
        self.path.push(key);
        v.serialize(&mut *self)?;
        self.path.pop();
        Ok(())
    }
}

/// A compound value being walked: counts its elements for their path.
pub struct Compound<'a> {
    w: &'a mut Walker,
    index: usize,
    key: Option<String>,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        let i = self.index;
        self.index += 1;
        self.w.nested(i.to_string(), v)
    }
}

macro_rules! ignore {
    ($($f:ident: $t:ty),*) => {$(
        fn $f(self, _: $t) -> Result<(), Never> { Ok(()) }
    )*};
}

/// Compounds walked as a sequence: their names and lengths do not enter the path.
macro_rules! seq {
    ($($f:ident($($t:ty),*)),*) => {$(
        fn $f(self, $(_: $t),*) -> Result<Compound<'a>, Never> { self.serialize_seq(None) }
    )*};
}

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    ignore!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str);
    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.float(v as f64);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.float(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.nested(variant.to_string(), v)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Never> {
        Ok(Compound {
            w: self,
            index: 0,
            key: None,
        })
    }
    seq!(
        serialize_tuple(usize),
        serialize_tuple_struct(&'static str, usize),
        serialize_tuple_variant(&'static str, u32, &'static str, usize),
        serialize_map(Option<usize>),
        serialize_struct(&'static str, usize),
        serialize_struct_variant(&'static str, u32, &'static str, usize)
    );
}

macro_rules! elements {
    ($($tr:ident :: $f:ident),*) => {$(
        impl ser::$tr for Compound<'_> {
            type Ok = ();
            type Error = Never;
            fn $f<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
                self.element(v)
            }
            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        }
    )*};
}
elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Never> {
        self.key = Some(serde_json::to_string(k).unwrap_or_default());
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        let key = self.key.take().unwrap_or_default();
        self.w.nested(key, v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

macro_rules! fields {
    ($($tr:ident),*) => {$(
        impl ser::$tr for Compound<'_> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, k: &'static str, v: &T) -> Result<(), Never> {
                self.w.nested(k.to_string(), v)
            }
            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);

#[test]
fn finds_a_nan_by_its_path() {
    #[derive(Serialize)]
    struct Row {
        a: f64,
        b: Vec<Option<f64>>,
    }
    assert!(
        non_finite(&Row {
            a: 1.0,
            b: vec![None, Some(2.0)]
        })
        .is_empty()
    );
    assert_eq!(
        non_finite(&vec![Row {
            a: f64::NAN,
            b: vec![Some(f64::INFINITY)]
        }]),
        ["0.a = NaN", "0.b.0 = inf"]
    );
}
