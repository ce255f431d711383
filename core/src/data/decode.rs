//! JSON into [`Data`], checked against a schema in the same pass.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use chrono::NaiveDate;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{Data, Object};
use crate::spec::{Format, Model, Ty};

/// How serde_json (`arbitrary_precision`) hands over a number: a one-entry map under this key
/// whose value is the number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// An answer that does not fit its schema: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The field path (`recipients[0].nickName`), empty at the top.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

enum Step {
    Field(&'static str),
    Key(String),
    Index(usize),
}

thread_local! {
    // What decoding objects on this thread learns and reuses (see `Scratch`).
    static SCRATCH: RefCell<Scratch> = const { RefCell::new(Scratch { learned: Vec::new(), buffers: Vec::new() }) };
    // Where a failure happened: each level an error passes through on its way out records
    // its step (innermost first), so that the path costs nothing while decoding succeeds
    // (serde's own errors cannot carry it).
    static PATH: RefCell<Vec<Step>> = const { RefCell::new(Vec::new()) };
}

/// Per thread: what is learned of each schema, and the buffers objects are decoded into
/// before they move into their own allocation (one per level of nesting, reused).
struct Scratch {
    learned: Vec<Learned>,
    buffers: Vec<Vec<Data>>,
}

/// What one schema's objects taught: the order in which the answer lists its fields (the
/// items of a list come in one order, so every key after the first item's is found with one
/// comparison), and which of its fields are required or read as empty lists when absent, so
/// that an object is checked with two masks instead of a pass over its fields.
struct Learned {
    key: usize,
    order: Vec<u16>,
    required: u128,
    empty: u128,
}

impl Learned {
    fn new(model: &'static Model) -> Learned {
        let mask = |keep: fn(&crate::spec::Field) -> bool| {
            model
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| keep(f))
                .fold(0u128, |m, (i, _)| m | 1 << i)
        };
        Learned {
            key: model as *const Model as usize,
            order: Vec::new(),
            required: mask(crate::spec::Field::required),
            empty: mask(crate::spec::Field::empty_when_absent),
        }
    }
}

/// How many schemas a thread keeps what it learned of.
const MAX_LEARNED: usize = 64;

/// What is known of `model` (its order taken out while its object is decoded) and a buffer
/// of at least one null per field.
fn enter(model: &'static Model) -> (Learned, Vec<Data>) {
    let key = model as *const Model as usize;
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let learned = match s.learned.iter_mut().find(|l| l.key == key) {
            Some(l) => Learned {
                key,
                order: std::mem::take(&mut l.order),
                required: l.required,
                empty: l.empty,
            },
            None => Learned::new(model),
        };
        // Buffers come back with every slot null (`Object::take` leaves them so).
        let mut buffer = s.buffers.pop().unwrap_or_default();
        if buffer.len() < model.fields.len() {
            buffer.resize_with(model.fields.len(), || Data::Null);
        }
        (learned, buffer)
    })
}

/// Gives back what `enter` took. On an error path neither comes back (the buffer may hold
/// values): the order is learned again and a new buffer made.
fn leave(learned: Learned, buffer: Vec<Data>) {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        match s.learned.iter_mut().find(|l| l.key == learned.key) {
            Some(slot) => slot.order = learned.order,
            None => s.learned.push(learned),
        }
        if s.buffers.len() < 16 {
            s.buffers.push(buffer);
        }
    });
}

/// Records that the error passing through came from `step`.
fn failed<E>(step: Step, e: E) -> E {
    PATH.with(|p| p.borrow_mut().push(step));
    e
}

/// A `YYYY-MM-DD` date, read without a format parser in the usual case.
fn date(v: &str) -> Option<NaiveDate> {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        return NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

fn path_text() -> String {
    PATH.with(|p| {
        let mut out = String::new();
        for step in p.borrow().iter().rev() {
            match step {
                Step::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Step::Key(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Step::Index(i) => {
                    out.push('[');
                    out.push_str(itoa::Buffer::new().format(*i));
                    out.push(']');
                }
            }
        }
        out
    })
}

/// `text` decoded against `ty`.
///
/// # Errors
/// When the text is not JSON or does not fit the schema: a missing required field, a value of
/// the wrong type, a date that is not a date, base64 that does not decode.
///
/// ```
/// use candescent::spec::{models, Ty};
/// let err = candescent::data::decode(r#"{"accounts":[{"id":"a"}]}"#, Ty::Obj(&models::ACCOUNTS_RESPONSE))
///     .unwrap_err();
/// assert_eq!(err.path, "accounts[0]");
/// assert!(err.message.contains("institutionUserId"), "{err}");
/// ```
pub fn decode(text: &str, ty: Ty) -> Result<Data, DecodeError> {
    PATH.with(|p| p.borrow_mut().clear());
    // What is learned is kept from one answer to the next: the same operation answers in
    // the same order. A thread that decodes many schemas starts over now and then.
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        if s.learned.len() > MAX_LEARNED {
            s.learned.clear();
        }
    });
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Seed(ty).deserialize(&mut de).and_then(|data| {
        de.end()?;
        Ok(data)
    });
    result.map_err(|e| {
        let path = path_text();
        PATH.with(|p| p.borrow_mut().clear());
        DecodeError {
            path,
            message: e.to_string(),
        }
    })
}

/// A [`serde_json::Value`] decoded against `ty` (for values that were buffered first).
///
/// # Errors
/// As [`decode`].
pub fn decode_value(value: &Value, ty: Ty) -> Result<Data, DecodeError> {
    decode(&value.to_string(), ty)
}

#[derive(Clone, Copy)]
struct Seed(Ty);

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Data;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Data, D::Error> {
        match self.0 {
            Ty::Str(rule) => d.deserialize_any(StrVisitor(rule.format)),
            Ty::Int(_) | Ty::Num(_) => {
                // The number's text as it stands in the answer: serde_json would otherwise copy
                // every number (`arbitrary_precision`) into a string of its own.
                let raw = <&serde_json::value::RawValue>::deserialize(d)?;
                NumVisitor {
                    integer: matches!(self.0, Ty::Int(_)),
                }
                .raw(raw.get())
            }
            Ty::Bool => d.deserialize_any(BoolVisitor),
            Ty::List(item) => d.deserialize_any(ListVisitor(*item)),
            Ty::Obj(model) => d.deserialize_any(ObjVisitor(model)),
            Ty::Map(value) => d.deserialize_any(MapVisitor(*value)),
            Ty::Union(models) => {
                let value = Value::deserialize(d)?;
                union(&value, models).map_err(de::Error::custom)
            }
            Ty::Any => {
                let value = Value::deserialize(d)?;
                Ok(match value {
                    Value::Null => Data::Null,
                    other => Data::Json(Arc::new(other)),
                })
            }
        }
    }
}

use serde::Deserialize as _;

/// The first variant the value decodes as, trying first those whose required fields are all
/// present (the document's unions differ in them, or deeper: a domestic and an international
/// wire have the same fields, whose contents differ). When none decodes, the error of the first
/// variant tried.
fn union(value: &Value, models: &'static [&'static Model]) -> Result<Data, String> {
    let Value::Object(map) = value else {
        if value.is_null() {
            return Ok(Data::Null);
        }
        return Err(format!("expected an object, not {}", kind_of(value)));
    };
    let fits = |m: &Model| {
        m.fields
            .iter()
            .filter(|f| f.required())
            .all(|f| map.get(f.wire).is_some_and(|v| !v.is_null()))
    };
    let (fitting, others): (Vec<&'static Model>, Vec<&'static Model>) =
        models.iter().copied().partition(|m| fits(m));
    let text = value.to_string();
    let depth = PATH.with(|p| p.borrow().len());
    let mut first_error = None;
    for model in fitting.into_iter().chain(others) {
        let mut de = serde_json::Deserializer::from_str(&text);
        match Seed(Ty::Obj(model)).deserialize(&mut de) {
            Ok(data) => return Ok(data),
            Err(e) => {
                // A failed variant leaves its place in the path; the next one starts afresh.
                PATH.with(|p| p.borrow_mut().truncate(depth));
                first_error.get_or_insert_with(|| e.to_string());
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "an empty union".to_owned()))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

struct StrVisitor(Format);

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Format::Date => "a date as YYYY-MM-DD",
            Format::Base64 => "base64 text",
            _ => "a string",
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data::Null)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Data, E> {
        match self.0 {
            Format::Date => date(v)
                .map(Data::Date)
                .ok_or_else(|| E::custom(format!("{v:?} is not a date as YYYY-MM-DD"))),
            Format::Base64 => base64::engine::general_purpose::STANDARD
                .decode(v.trim())
                .map(|b| Data::Bytes(b.into()))
                .map_err(|_| E::custom("the value is not valid base64")),
            _ => Ok(Data::Str(v.into())),
        }
    }

    // Servers send numbers and booleans in some string fields (ids); their text is kept.
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Data, E> {
        Ok(Data::Str(if v { "true" } else { "false" }.into()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Data, E> {
        Ok(Data::Str(itoa::Buffer::new().format(v).into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Data, E> {
        Ok(Data::Str(itoa::Buffer::new().format(v).into()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        match map.next_key::<Text<'de>>()?.map(|t| t.0) {
            Some(key) if key == NUMBER_TOKEN => {
                let Text(text) = map.next_value()?;
                Ok(Data::Str(text.as_ref().into()))
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

#[derive(Clone, Copy)]
struct NumVisitor {
    integer: bool,
}

impl NumVisitor {
    fn text<E: de::Error>(&self, text: &str) -> Result<Data, E> {
        if let Ok(i) = text.parse::<i64>() {
            return Ok(if self.integer {
                Data::Int(i)
            } else {
                Data::Number(text.into())
            });
        }
        if self.integer && text.contains(['.', 'e', 'E']) {
            // 3.0 is a whole number written long; 3.5 is not.
            let whole = text
                .parse::<rust_decimal::Decimal>()
                .ok()
                .filter(|d| d.fract().is_zero());
            return match whole {
                Some(d) => Ok(Data::Number(d.trunc().to_string().into())),
                None => Err(E::custom(format!("{text} is not a whole number"))),
            };
        }
        Ok(Data::Number(text.into()))
    }
}

impl NumVisitor {
    /// A value from its JSON text: a number, `null`, or a number written as a string.
    fn raw<E: de::Error>(&self, text: &str) -> Result<Data, E> {
        match text.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => self.text(text),
            Some(b'n') => Ok(Data::Null),
            Some(b'"') => {
                let s: std::borrow::Cow<'_, str> = serde_json::from_str(text).map_err(E::custom)?;
                Visitor::visit_str(*self, &s)
            }
            Some(b't') => Err(E::invalid_type(de::Unexpected::Bool(true), self)),
            Some(b'f') => Err(E::invalid_type(de::Unexpected::Bool(false), self)),
            Some(b'[') => Err(E::invalid_type(de::Unexpected::Seq, self)),
            _ => Err(E::invalid_type(de::Unexpected::Map, self)),
        }
    }
}

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.integer {
            "a whole number"
        } else {
            "a number"
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data::Null)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Data, E> {
        self.text(itoa::Buffer::new().format(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Data, E> {
        self.text(itoa::Buffer::new().format(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Data, E> {
        // Not reached with arbitrary_precision.
        self.text(&v.to_string())
    }

    /// Some services send numbers as strings (`"expires_in": "3600"`): accepted when the text
    /// is a number, kept exact.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Data, E> {
        let t = v.trim();
        if t.parse::<rust_decimal::Decimal>().is_ok() || t.parse::<f64>().is_ok_and(f64::is_finite)
        {
            self.text(t)
        } else {
            Err(E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        match map.next_key::<Text<'de>>()?.map(|t| t.0) {
            Some(key) if key == NUMBER_TOKEN => {
                let Text(text) = map.next_value()?;
                self.text(&text)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true or false")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Data, E> {
        Ok(Data::Bool(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Data, E> {
        match v {
            "true" => Ok(Data::Bool(true)),
            "false" => Ok(Data::Bool(false)),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

struct ListVisitor(Ty);

impl<'de> Visitor<'de> for ListVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Data, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            match seq.next_element_seed(Seed(self.0)) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => break,
                Err(e) => return Err(failed(Step::Index(items.len()), e)),
            }
        }
        Ok(Data::List(items.into()))
    }
}

struct MapVisitor(Ty);

impl<'de> Visitor<'de> for MapVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data::Null)
    }

    /// A map keeps every key; its values are checked against the value type and kept as JSON.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = match map.next_value() {
                Ok(value) => value,
                Err(e) => return Err(failed(Step::Key(key), e)),
            };
            let text = value.to_string();
            let mut de = serde_json::Deserializer::from_str(&text);
            if let Err(e) = Seed(self.0).deserialize(&mut de) {
                return Err(failed(Step::Key(key), de::Error::custom(e)));
            }
            out.insert(key, value);
        }
        Ok(Data::Json(Arc::new(Value::Object(out))))
    }
}

/// Whether two keys are equal, compared eight bytes at a time in registers: field names are
/// short, and a call to `memcmp` per candidate cost more than the comparison itself.
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut ac = a.chunks_exact(8);
    let mut bc = b.chunks_exact(8);
    for (x, y) in (&mut ac).zip(&mut bc) {
        if u64::from_ne_bytes(x.try_into().unwrap_or_default())
            != u64::from_ne_bytes(y.try_into().unwrap_or_default())
        {
            return false;
        }
    }
    ac.remainder()
        .iter()
        .zip(bc.remainder())
        .all(|(x, y)| x == y)
}

/// A key or string borrowed from the answer when it has no escapes. (serde's own `Cow<str>`
/// always copies into a `String`: an allocation per key of every object.)
struct Text<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

/// How many places ahead of the expected one a key is looked for in the learned order.
const LOOKAHEAD: usize = 8;

struct ObjVisitor(&'static Model);

impl<'de> Visitor<'de> for ObjVisitor {
    type Value = Data;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", self.0.name)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        let model = self.0;
        let (mut learned, mut fields) = enter(model);
        let order = &mut learned.order;
        // Which fields were given, and which were given a value (not null).
        let mut seen: u128 = 0;
        let mut given: u128 = 0;
        let mut extra = Vec::new();
        let mut k = 0usize;
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            // The learned order first, a few places ahead (objects of one list leave out
            // different fields), then the sorted index.
            let ahead = order
                .iter()
                .skip(k)
                .take(LOOKAHEAD)
                .position(|&i| same(model.fields[usize::from(i)].wire, &key));
            let at = match ahead {
                Some(j) => {
                    k += j + 1;
                    Some(usize::from(order[k - 1]))
                }
                None => {
                    let found = model.wire_index(&key);
                    if let Some(i) = found {
                        if order.len() < 2 * model.fields.len() {
                            order.insert(k.min(order.len()), i as u16);
                        }
                        k += 1;
                    }
                    found
                }
            };
            match at {
                Some(i) => {
                    let field = &model.fields[i];
                    let value = map
                        .next_value_seed(Seed(field.ty))
                        .map_err(|e| failed(Step::Field(field.wire), e))?;
                    if seen & (1 << i) != 0 {
                        return Err(de::Error::custom(format!(
                            "the field {} appears twice",
                            field.wire
                        )));
                    }
                    seen |= 1 << i;
                    if !value.is_null() {
                        given |= 1 << i;
                        fields[i] = value;
                    }
                }
                None => {
                    let value: Value = map.next_value()?;
                    extra.push((Box::<str>::from(key.as_ref()), value));
                }
            }
        }
        let (required, empty) = (learned.required, learned.empty);
        let mut absent_lists = empty & !given;
        while absent_lists != 0 {
            let i = absent_lists.trailing_zeros() as usize;
            fields[i] = Data::List(Arc::from([]));
            given |= 1 << i;
            absent_lists &= absent_lists - 1;
        }
        let missing = required & !given;
        if missing != 0 {
            let field = &model.fields[missing.trailing_zeros() as usize];
            return Err(de::Error::custom(format!(
                "the required field {} is missing ({})",
                field.wire, model.name
            )));
        }
        let object = Object::take(model, &mut fields, given, extra);
        leave(learned, fields);
        Ok(Data::Obj(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An object says which fields it has in one 128-bit word.
    #[test]
    fn every_schema_fits_the_presence_bits() {
        for model in crate::spec::models::ALL {
            assert!(
                model.fields.len() <= crate::data::MAX_FIELDS,
                "{} has {} fields",
                model.name,
                model.fields.len()
            );
        }
    }

    /// Absent and null fields read as null, present ones as sent, whatever the answer's order;
    /// a buffer reused for the next object starts empty.
    #[test]
    fn objects_keep_only_their_values() {
        let ty = Ty::Obj(&crate::spec::models::MONEY);
        let a = decode(r#"{"currencyCode":"USD","amount":1.50}"#, ty).unwrap();
        let b = decode(r#"{"amount":2,"currencyCode":null}"#, ty).unwrap();
        let c = decode(r#"{"amount":3}"#, ty).unwrap();
        let (Data::Obj(a), Data::Obj(b), Data::Obj(c)) = (a, b, c) else {
            panic!()
        };
        assert_eq!(a.get_wire("amount"), Some(&Data::Number("1.50".into())));
        assert_eq!(
            a.get_wire("currencyCode").and_then(Data::as_str),
            Some("USD")
        );
        assert_eq!(b.get_wire("currencyCode"), Some(&Data::Null));
        assert_eq!(c.get_wire("currencyCode"), Some(&Data::Null));
        assert_eq!(c.values().len(), crate::spec::models::MONEY.fields.len());
        // A field sent as null is the same as one left out.
        assert_eq!(Data::Obj(b), decode(r#"{"amount":2}"#, ty).unwrap());
        assert_ne!(a, c);
    }

    /// A domestic and an international wire have the same required fields; only their bank
    /// details differ. Each decodes as its own variant, and a value that fits neither names
    /// the first variant's missing field.
    #[test]
    fn a_union_takes_the_variant_the_value_decodes_as() {
        let ty = crate::spec::find("business.payments.wire.get")
            .unwrap()
            .response(200)
            .unwrap();
        let wire = |bank: &str| {
            format!(
                r#"{{"paymentType":"WIRE_INTERNATIONAL","transactionType":"DEBIT","deliveryDate":"2026-01-02",
                "accountNumber":"1","tinNumber":"2","wireTransaction":{{"amount":10.5,"currencyCode":"USD",
                "beneficiaryDetails":{{"beneficiaryName":"N","beneficiaryAccountNumber":"3",
                "address":{{"address1":"a","city":"c","country":"Canada"}}}},"beneficiaryBankDetails":{bank}}}}}"#
            )
        };
        let variant = |text: &str| {
            let data = decode(text, ty).unwrap();
            let Data::Obj(payment) = data else { panic!() };
            let Some(Data::Obj(txn)) = payment.get_wire("wireTransaction") else {
                panic!()
            };
            txn.model().name
        };
        let intl = wire(
            r#"{"beneficiaryBankName":"B","beneficiaryBankSwiftNumber":"S","address":{"address1":"a","city":"c","country":"Canada"}}"#,
        );
        assert_eq!(variant(&intl), "InternationalWireTransaction");
        assert_eq!(
            variant(&wire(r#"{"beneficiaryBankRoutingNumber":"222341234"}"#)),
            "DomesticWireTransaction"
        );
        let err = decode(&wire(r#"{"x":1}"#), ty).unwrap_err();
        assert!(
            err.message.contains("beneficiaryBankRoutingNumber"),
            "{err}"
        );
        assert_eq!(err.path, "wireTransaction");
    }
}
