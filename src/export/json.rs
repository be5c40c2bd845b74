//! A JSON writer for serde values that writes what `serde_json` writes, byte
//! for byte, pretty (two-space indent) or compact.
//!
//! It exists for speed: `serde_json` escapes strings one byte at a time and
//! escapes every struct field name again for each object, which made string
//! escaping the largest single cost of the JSON and JSONL outputs. Here a
//! string is scanned eight bytes at a time for the bytes JSON must escape
//! (`"`, `\` and the controls below U+0020), and the safe runs between them
//! are copied whole. Struct field names go through the same scan, which for
//! an identifier is one or two word tests.
//!
//! Numbers are handed to `serde_json`, so floats and integers are formatted by
//! the same code as before; the tests compare the two writers on arbitrary
//! values and on analysed articles.

use serde::ser::{self, Serialize};

use crate::swar;

/// The error type, `serde_json`'s, so that callers see one kind of error.
pub type Error = serde_json::Error;

/// Appends `value` as pretty JSON (`serde_json::to_writer_pretty`'s layout).
pub fn write_pretty<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut Writer {
        out,
        pretty: true,
        depth: 0,
    })
}

/// Appends `value` as compact JSON (`serde_json::to_writer`'s layout).
pub fn write_compact<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut Writer {
        out,
        pretty: false,
        depth: 0,
    })
}

/// Appends `s` as a JSON string literal, quotes included.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut done = 0;
    while let Some(at) = next_escape(bytes, done) {
        out.extend_from_slice(&bytes[done..at]);
        escape_byte(out, bytes[at]);
        done = at + 1;
    }
    out.extend_from_slice(&bytes[done..]);
    out.push(b'"');
}

/// Marks the bytes of `word` that JSON escapes.
#[inline]
fn escape_marks(word: u64) -> u64 {
    swar::below(word, 0x20) | swar::eq(word, b'"') | swar::eq(word, b'\\')
}

/// The index of the first byte at or after `from` that JSON escapes.
#[inline]
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    swar::find(bytes, from, escape_marks)
}

fn escape_byte(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    pretty: bool,
    depth: usize,
}

impl<'a> Writer<'a> {
    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.out.push(bracket);
    }

    fn close(&mut self, bracket: u8, had_items: bool) {
        self.depth -= 1;
        if had_items && self.pretty {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Starts an array element or an object key.
    fn item(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        if self.pretty {
            self.newline();
        }
    }

    fn newline(&mut self) {
        const SPACES: &[u8; 64] = &[b' '; 64];
        self.out.push(b'\n');
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            self.out.extend_from_slice(&SPACES[..k]);
            n -= k;
        }
    }

    fn colon(&mut self) {
        self.out
            .extend_from_slice(if self.pretty { b": " } else { b":" });
    }

    /// A number, formatted by `serde_json`.
    fn number<T: Serialize>(&mut self, v: T) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v)
    }

    fn compound<'w>(&'w mut self, bracket: u8) -> Compound<'w, 'a> {
        self.open(bracket);
        Compound {
            w: self,
            first: true,
            close: if bracket == b'[' { b']' } else { b'}' },
            variant: false,
        }
    }

    /// `{"variant": …` of an enum variant with content.
    fn variant<'w>(&'w mut self, name: &str, bracket: u8) -> Compound<'w, 'a> {
        self.open(b'{');
        self.item(true);
        write_str(self.out, name);
        self.colon();
        let mut c = self.compound(bracket);
        c.variant = true;
        c
    }
}

/// An array or object being written; `variant` closes the `{"name": …}`
/// around an enum variant's content too.
struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    close: u8,
    variant: bool,
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.w.item(self.first);
        self.first = false;
        value.serialize(&mut *self.w)
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.w.item(self.first);
        self.first = false;
        key.serialize(KeyWriter { out: self.w.out })?;
        self.w.colon();
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.w.item(self.first);
        self.first = false;
        write_str(self.w.out, key);
        self.w.colon();
        value.serialize(&mut *self.w)
    }

    fn finish(self) -> Result<(), Error> {
        self.w.close(self.close, !self.first);
        if self.variant {
            self.w.close(b'}', true);
        }
        Ok(())
    }
}

/// `serialize_i8` … `serialize_f64`, each handing its value to one method.
macro_rules! scalar_methods {
    ($with:ident: $($method:ident($ty:ty)),*) => {$(
        fn $method(self, v: $ty) -> Result<(), Error> {
            self.$with(v)
        }
    )*};
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    scalar_methods!(
        number:
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64)
    );
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut c = self.compound(b'[');
        for b in v {
            c.element(b)?;
        }
        c.finish()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut c = self.compound(b'{');
        c.field(variant, value)?;
        c.finish()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.compound(b'['))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.compound(b'['))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.compound(b'['))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.variant(variant, b'['))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.compound(b'{'))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.compound(b'{'))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, Error> {
        Ok(self.variant(variant, b'{'))
    }
}

/// The element-by-element traits of arrays: each element is written the same way.
macro_rules! array_traits {
    ($($tr:ident::$method:ident),*) => {$(
        impl ser::$tr for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

array_traits!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// The field-by-field traits of objects with named fields.
macro_rules! object_traits {
    ($($tr:ident),*) => {$(
        impl ser::$tr for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

object_traits!(SerializeStruct, SerializeStructVariant);

/// Writes a map key: JSON keys are strings, so strings and chars are written
/// as such and numbers and booleans quoted, as `serde_json` does.
struct KeyWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl KeyWriter<'_> {
    fn quoted<T: Serialize>(self, v: T) -> Result<(), Error> {
        self.out.push(b'"');
        serde_json::to_writer(&mut *self.out, &v)?;
        self.out.push(b'"');
        Ok(())
    }

    fn finite(self, finite: bool, v: impl Serialize) -> Result<(), Error> {
        if finite {
            self.quoted(v)
        } else {
            Err(ser::Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ))
        }
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    scalar_methods!(
        quoted:
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128)
    );
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.finite(v.is_finite(), v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.finite(v.is_finite(), v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    fn pretty(v: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_pretty(&mut out, v).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    fn compact(v: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_compact(&mut out, v).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    fn both_agree(v: &impl Serialize) {
        assert_eq!(pretty(v), serde_json::to_string_pretty(v).expect("json"));
        assert_eq!(compact(v), serde_json::to_string(v).expect("json"));
    }

    #[test]
    fn strings_escape_what_json_escapes_and_nothing_else() {
        assert_eq!(
            compact(&"a\"b\\c\n\u{1}\u{7f}æ/"),
            "\"a\\\"b\\\\c\\n\\u0001\u{7f}æ/\""
        );
        for b in 0u8..0x80 {
            let s = format!("{}x{}0123456789", char::from(b), char::from(b));
            assert_eq!(compact(&s), serde_json::to_string(&s).expect("json"), "{b}");
        }
    }

    #[test]
    fn nested_values_match_serde_json() {
        both_agree(&json!({
            "a": [], "b": {}, "c": [1, [2, []], {"d": null}], "e": 1.5e300,
            "f": -0.0, "g": u64::MAX, "h": true, "k": "tab\there"
        }));
        both_agree(&json!([]));
        both_agree(&json!("x"));
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        New(u8),
        Tuple(u8, Vec<u8>),
        Struct { a: Option<u8>, b: &'static str },
    }

    #[derive(serde::Serialize)]
    struct Holder {
        shapes: Vec<Shape>,
        map: std::collections::BTreeMap<u32, char>,
        bools: std::collections::BTreeMap<bool, ()>,
        floats: Vec<f64>,
        bytes: serde_bytes_like::Bytes,
        unit: (),
        tuple: (u8, &'static str),
    }

    mod serde_bytes_like {
        /// Serialises through `serialize_bytes`.
        pub struct Bytes(pub &'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    #[test]
    fn every_serde_shape_matches_serde_json() {
        both_agree(&Holder {
            shapes: vec![
                Shape::Unit,
                Shape::New(3),
                Shape::Tuple(1, vec![]),
                Shape::Tuple(1, vec![2, 3]),
                Shape::Struct { a: None, b: "x" },
            ],
            map: [(1, 'a'), (20, '"')].into_iter().collect(),
            bools: [(true, ()), (false, ())].into_iter().collect(),
            floats: vec![0.1, 1e-7, f64::NAN, f64::INFINITY, 123456789.0],
            bytes: serde_bytes_like::Bytes(b"\x00\xff"),
            unit: (),
            tuple: (7, "t"),
        });
    }

    #[test]
    fn keys_that_are_not_strings_are_refused_like_serde_json() {
        let m: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(serde_json::to_string(&m).is_err());
        assert!(write_compact(&mut Vec::new(), &m).is_err());
        let m: std::collections::BTreeMap<Option<u8>, u8> = [(None, 1)].into_iter().collect();
        assert!(serde_json::to_string(&m).is_err());
        assert!(write_compact(&mut Vec::new(), &m).is_err());
    }

    #[test]
    fn analysed_articles_match_serde_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("corpus fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read(&path).expect("fixture");
                let doc =
                    crate::analyze_bytes(&text, &crate::Options::default()).expect("analyses");
                both_agree(&doc);
                seen += 1;
            }
        }
        assert!(seen >= 5, "only {seen} fixtures");
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,40}".prop_map(Value::String),
            proptest::collection::vec(0u8..0x80, 0..40)
                .prop_map(|b| Value::String(String::from_utf8(b).expect("ASCII"))),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(".{0,12}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_is_written_as_serde_json_writes_it(v in value()) {
            prop_assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).expect("json"));
            prop_assert_eq!(compact(&v), serde_json::to_string(&v).expect("json"));
        }

        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in "(?s).{0,80}", pad in 0usize..8) {
            let s = format!("{}{s}", "x".repeat(pad));
            prop_assert_eq!(compact(&s), serde_json::to_string(&s).expect("json"));
        }
    }
}
