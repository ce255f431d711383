//! The server's JSON straight into the wire form, in one pass and without building a [`Data`]
//! tree: for a binding that hands the wire text to its language's JSON parser (Node), building
//! thousands of objects only to write them out again costs more than everything else in a long
//! list.
//!
//! Driven by the operation table's schemas ([`Ty`], [`Model`]), it checks what [`decode`]
//! checks (required fields, types, dates, base64) and writes exactly what [`to_wire_text`]
//! writes for the same answer. It covers what servers send: known and unknown fields, nulls,
//! nested objects and lists, escaped strings. It gives up on anything unusual (an escaped or
//! repeated key, a number sent as text, a union or a map, a value of the wrong type, deep
//! nesting); [`wire_text`] and [`wire_parts`] then take the decoder's path, which is slower
//! but has the same result and the same errors. The tests hold the two paths to
//! byte-identical output.
//!
//! ```
//! use candescent::data::{decode, to_wire_text, wire_text};
//! let ty = candescent::spec::find("accounts.list").unwrap().response(200).unwrap();
//! let json = r#"{"accounts":[{"id":"a1","institutionUserId":"u1","institutionId":"00016",
//!     "accountNumber":"1234567890101","category":"DEPOSIT","type":{"value":"CHECKING"},
//!     "availableBalance":{"amount":501306.06,"currencyCode":"USD"},"ownershipType":"JOINT"}]}"#;
//! let wire = wire_text(json, ty).unwrap();
//! assert_eq!(wire, to_wire_text(&decode(json, ty).unwrap()));
//! let text = String::from_utf8(wire).unwrap();
//! assert!(text.contains(r#""amount":"501306.06""#), "{text}");
//! assert!(text.contains(r#""extra":{"ownershipType":"JOINT"}"#), "{text}");
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasherDefault;

use base64::Engine as _;
use chrono::NaiveDate;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use super::{decode, to_wire_text, DecodeError};
use crate::models::wire::JsSafe;
use crate::spec::{Format, Model, Ty};

/// One piece of a long answer in the wire form, as [`wire_parts`] hands them over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WirePart {
    /// Some items of the answer's list, in order: a JSON array (UTF-8) of items in the wire
    /// form.
    Items(Vec<u8>),
    /// The last piece: the whole answer (UTF-8 JSON in the wire form), whose list holds the
    /// items not handed over before. With `restart`, the `Items` pieces before it are void and
    /// the answer holds every item.
    Whole {
        /// The answer in the wire form.
        text: Vec<u8>,
        /// Whether the pieces handed over before are void.
        restart: bool,
    },
}

/// `json` (an answer of schema `ty`) in the wire form of [`to_wire_text`]: in one pass when it
/// holds nothing unusual, else through [`decode`].
///
/// # Errors
/// When the text is not JSON or does not fit the schema, as [`decode`] reports it.
pub fn wire_text(json: &str, ty: Ty) -> Result<Vec<u8>, DecodeError> {
    match transcode(json, ty, None) {
        Some(wire) => Ok(wire),
        None => decode(json, ty).map(|data| to_wire_text(&data)),
    }
}

/// Like [`wire_text`], handing the items of a list answer (a model with
/// [`items`](Model::items), such as `AccountList`) over in pieces of about `part_bytes` as
/// they are written, so that a binding can parse one piece while the next is made. The first
/// pieces are smaller (from an eighth of `part_bytes`, doubling), so that the binding starts
/// early. The last piece is always a [`WirePart::Whole`].
///
/// # Errors
/// As [`wire_text`]; pieces may have been handed over before the error, and are void.
///
/// ```
/// use candescent::data::{wire_parts, WirePart};
/// let ty = candescent::spec::find("accounts.list").unwrap().response(200).unwrap();
/// let account = r#"{"id":"a1","institutionUserId":"u1","institutionId":"00016",
///     "accountNumber":"1234567890101","category":"DEPOSIT","type":{"value":"CHECKING"}}"#;
/// let json = format!(r#"{{"accounts":[{account},{account},{account}]}}"#);
/// let mut parts = Vec::new();
/// wire_parts(&json, ty, 1, &mut |part| parts.push(part)).unwrap();
/// assert_eq!(parts.len(), 4); // one piece per account, then the answer with none left
/// assert!(matches!(&parts[3], WirePart::Whole { restart: false, text } if text.starts_with(b"{\"accounts\":[]")));
/// ```
pub fn wire_parts(
    json: &str,
    ty: Ty,
    part_bytes: usize,
    sink: &mut dyn FnMut(WirePart),
) -> Result<(), DecodeError> {
    let mut handed_over = false;
    let fast = {
        let mut items = |bytes: Vec<u8>| {
            handed_over = true;
            sink(WirePart::Items(bytes));
        };
        transcode(json, ty, Some((part_bytes.max(1), &mut items)))
    };
    let (text, restart) = match fast {
        Some(text) => (text, false),
        None => (to_wire_text(&decode(json, ty)?), handed_over),
    };
    sink(WirePart::Whole { text, restart });
    Ok(())
}

/// Receives the items of a long list, each piece a JSON array.
type ItemSink<'s> = &'s mut dyn FnMut(Vec<u8>);

/// Nested objects and lists deeper than this are left to the decoder: no answer of the
/// document comes near, and it bounds the scratch space.
const MAX_DEPTH: usize = 24;
/// Objects of more fields are left to the decoder (the set of fields seen is one `u64`).
const MAX_FIELDS: usize = 64;

/// `json` in the wire form, or `None` when the transcoder gives up.
pub(crate) fn transcode(
    json: &str,
    ty: Ty,
    parts: Option<(usize, ItemSink<'_>)>,
) -> Option<Vec<u8>> {
    let mut ctx = Ctx {
        // Empty vectors allocate nothing: only the depths used get memory.
        bufs: (0..MAX_DEPTH + 2).map(|_| Vec::new()).collect(),
        spans: Vec::new(),
        parts,
    };
    ctx.buf(0).reserve(json.len() + json.len() / 8);
    let mut de = serde_json::Deserializer::from_str(json);
    match ty {
        Ty::Obj(model) => {
            let present = Nullable(ObjectSeed {
                model,
                ctx: &mut ctx,
                depth: 0,
                top: true,
            })
            .deserialize(&mut de)
            .ok()?;
            if !present {
                ctx.buf(0).extend_from_slice(b"null");
            }
        }
        Ty::List(item) => {
            let present = Nullable(ListSeed {
                item: *item,
                ctx: &mut ctx,
                depth: 0,
                top_items: false,
                parts: false,
            })
            .deserialize(&mut de)
            .ok()?;
            if !present {
                ctx.buf(0).extend_from_slice(b"null");
            }
        }
        Ty::Map(_) | Ty::Union(_) => return None,
        leaf_ty => {
            let raw: &RawValue = serde::Deserialize::deserialize(&mut de).ok()?;
            let out = ctx.buf(0);
            if !leaf(leaf_ty, raw.get(), out).ok()? {
                out.extend_from_slice(b"null");
            }
        }
    }
    de.end().ok()?;
    Some(std::mem::take(ctx.buf(0)))
}

struct Ctx<'s> {
    /// `bufs[d]` receives what is written at depth `d`; an object at depth `d` keeps its fields
    /// in `bufs[d + 1]` until it knows their order.
    bufs: Vec<Vec<u8>>,
    /// Where each field's value sits in the scratch buffer, per depth; only the entries of the
    /// fields written are read, so they are never cleared.
    spans: Vec<Vec<(u32, u32)>>,
    /// Where the items of the top object's list go as they are written.
    parts: Option<(usize, ItemSink<'s>)>,
}

impl Ctx<'_> {
    /// The seeds check the depth against [`MAX_DEPTH`] before they write.
    #[inline(always)]
    fn buf(&mut self, depth: usize) -> &mut Vec<u8> {
        &mut self.bufs[depth]
    }

    fn take_spans(&mut self, depth: usize, fields: usize) -> Vec<(u32, u32)> {
        if self.spans.len() <= depth {
            self.spans.resize_with(depth + 1, Vec::new);
        }
        let mut spans = std::mem::take(&mut self.spans[depth]);
        if spans.len() < fields {
            spans.resize(fields, (0, 0));
        }
        spans
    }
}

/// Hashes a schema's address as it is: addresses are already distinct.
#[derive(Default)]
struct Address(u64);

impl std::hash::Hasher for Address {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_usize(&mut self, n: usize) {
        // Statics are aligned: the low bits say nothing.
        self.0 = (n as u64) >> 3;
    }
}

type Orders = HashMap<usize, Vec<u16>, BuildHasherDefault<Address>>;

thread_local! {
    // The order in which answers list each schema's fields, learned from the objects already
    // read, on this thread and across answers: for each field (and the start), the field that
    // came after it last time. Servers write the fields of a schema in one order, so nearly
    // every key is found with one comparison, whichever fields an object leaves out. Keyed by
    // the schema's address; a hint only, never a rule.
    static ORDERS: RefCell<Orders> = RefCell::new(Orders::default());
}

fn take_order(model: &'static Model) -> Vec<u16> {
    let key = model as *const Model as usize;
    let taken = ORDERS.with(|o| o.borrow_mut().get_mut(&key).map(std::mem::take));
    match taken {
        Some(order) if !order.is_empty() => order,
        _ => vec![u16::MAX; model.fields.len() + 1],
    }
}

fn put_order(model: &'static Model, order: Vec<u16>) {
    let key = model as *const Model as usize;
    ORDERS.with(|o| o.borrow_mut().insert(key, order));
}

/// The reason the transcoder gives up; never shown to anyone (the decoder runs instead).
fn give_up<E: serde::de::Error>() -> E {
    E::custom("left to the decoder")
}

/// A value that may be `null`: `false` when it was (an absent field).
struct Nullable<S>(S);

impl<'de, S: DeserializeSeed<'de, Value = ()>> DeserializeSeed<'de> for Nullable<S> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for Nullable<S> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        self.0.deserialize(d).map(|()| true)
    }
}

/// One object of `model`, written at the end of `bufs[depth]`.
struct ObjectSeed<'c, 's> {
    model: &'static Model,
    ctx: &'c mut Ctx<'s>,
    depth: usize,
    /// The answer's top object (or an item of its list): its unknown fields go under `extra`
    /// even when there are none.
    top: bool,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ObjectSeed {
            model,
            ctx,
            depth,
            top,
        } = self;
        let fields = model.fields;
        if fields.len() > MAX_FIELDS || depth + 2 > MAX_DEPTH {
            return Err(give_up());
        }
        let inner = depth + 1;
        let start = ctx.buf(inner).len();
        let mut spans = ctx.take_spans(depth, fields.len());
        let mut seen = 0u64;
        let mut written = 0u64;
        let mut extra: Vec<(&'de str, Value)> = Vec::new();
        // `order[i]`: the field after field `i` last time; `order[n]`: the first field.
        let mut order = take_order(model);
        let mut previous = fields.len();
        while let Some(key) = map.next_key::<&'de str>()? {
            let expected = usize::from(order[previous]);
            let at = match fields.get(expected) {
                Some(f) if f.wire == key => Some(expected),
                _ => model.wire_index(key),
            };
            let Some(index) = at else {
                extra.push((key, map.next_value::<Value>()?));
                continue;
            };
            order[previous] = index as u16;
            previous = index;
            let bit = 1u64 << index;
            if seen & bit != 0 {
                return Err(give_up());
            }
            seen |= bit;
            let from = ctx.buf(inner).len();
            let is_items = top && model.items.map(usize::from) == Some(index);
            let present = match fields[index].ty {
                Ty::Obj(nested) => map.next_value_seed(Nullable(ObjectSeed {
                    model: nested,
                    ctx: &mut *ctx,
                    depth: inner,
                    top: false,
                }))?,
                Ty::List(item) => map.next_value_seed(Nullable(ListSeed {
                    item: *item,
                    ctx: &mut *ctx,
                    depth: inner,
                    top_items: is_items,
                    parts: is_items && depth == 0,
                }))?,
                Ty::Map(_) | Ty::Union(_) => return Err(give_up()),
                leaf_ty => {
                    let raw: &'de RawValue = map.next_value()?;
                    leaf(leaf_ty, raw.get(), ctx.buf(inner)).map_err(|()| give_up())?
                }
            };
            if present {
                written |= bit;
                let to = ctx.buf(inner).len();
                spans[index] = (offset(from - start)?, offset(to - start)?);
            }
        }
        put_order(model, order);
        let (out, rest) = ctx.bufs[depth..].split_first_mut().ok_or_else(give_up)?;
        let scratch = rest.first_mut().ok_or_else(give_up)?;
        out.push(b'{');
        let mut first = true;
        for (index, field) in fields.iter().enumerate() {
            if written & (1u64 << index) == 0 {
                // An absent list the decoder fills in is rare: it takes the decoder's path.
                if field.required() || field.empty_when_absent() {
                    return Err(give_up());
                }
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            name(out, field.wire);
            out.push(b':');
            let (from, to) = spans[index];
            out.extend_from_slice(&scratch[start + from as usize..start + to as usize]);
        }
        if top || !extra.is_empty() {
            if !first {
                out.push(b',');
            }
            out.extend_from_slice(b"\"extra\":{");
            for (j, (key, value)) in extra.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                name(out, key);
                out.push(b':');
                serde_json::to_writer(&mut *out, &JsSafe(value)).map_err(|_| give_up())?;
            }
            out.push(b'}');
        }
        out.push(b'}');
        scratch.truncate(start);
        ctx.spans[depth] = spans;
        Ok(())
    }
}

fn offset<E: serde::de::Error>(n: usize) -> Result<u32, E> {
    u32::try_from(n).map_err(|_| give_up())
}

/// A key or field name, which never needs escaping: the table's names are identifiers (a test
/// holds them to it), and a key borrowed from the answer had no escapes, so neither a quote nor
/// a control character.
fn name(out: &mut Vec<u8>, key: &str) {
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.push(b'"');
}

/// A list of `item`, written at the end of `bufs[depth]`. With `parts`, its items are handed
/// to the context's sink in pieces as they are done, leaving only the last ones.
struct ListSeed<'c, 's> {
    item: Ty,
    ctx: &'c mut Ctx<'s>,
    depth: usize,
    /// The items of the top object's list are top objects too: they carry `extra`.
    top_items: bool,
    parts: bool,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ListSeed {
            item,
            ctx,
            depth,
            top_items,
            parts,
        } = self;
        if depth + 1 > MAX_DEPTH {
            return Err(give_up());
        }
        ctx.buf(depth).push(b'[');
        let items_start = ctx.buf(depth).len();
        let mut first = true;
        let mut sink = if parts { ctx.parts.take() } else { None };
        // The first pieces are small, so the reader starts early; they double up to the size asked.
        let mut threshold = sink.as_ref().map_or(0, |(bytes, _)| (bytes / 8).max(1));
        loop {
            if !first {
                ctx.buf(depth).push(b',');
            }
            let present = match item {
                Ty::Obj(model) => seq.next_element_seed(Nullable(ObjectSeed {
                    model,
                    ctx: &mut *ctx,
                    depth,
                    top: top_items,
                }))?,
                Ty::List(inner) => seq.next_element_seed(Nullable(ListSeed {
                    item: *inner,
                    ctx: &mut *ctx,
                    depth,
                    top_items: false,
                    parts: false,
                }))?,
                Ty::Map(_) | Ty::Union(_) => return Err(give_up()),
                leaf_ty => match seq.next_element::<&'de RawValue>()? {
                    None => None,
                    Some(raw) => {
                        Some(leaf(leaf_ty, raw.get(), ctx.buf(depth)).map_err(|()| give_up())?)
                    }
                },
            };
            match present {
                None => break,
                // An item that is null stays in the list as null.
                Some(false) => ctx.buf(depth).extend_from_slice(b"null"),
                Some(true) => {}
            }
            first = false;
            if let Some((part_bytes, part)) = sink.as_mut() {
                let out = ctx.buf(depth);
                if out.len() - items_start >= threshold {
                    threshold = (threshold * 2).min(*part_bytes);
                    let mut array = Vec::with_capacity(out.len() - items_start + 2);
                    array.push(b'[');
                    array.extend_from_slice(&out[items_start..]);
                    array.push(b']');
                    out.truncate(items_start);
                    part(array);
                    first = true;
                }
            }
        }
        if parts {
            ctx.parts = sink;
        }
        let out = ctx.buf(depth);
        if !first {
            // The comma written before the end was found.
            out.pop();
        }
        out.push(b']');
        Ok(())
    }
}

/// Checks one leaf value and writes it as the decoder and [`to_wire_text`] would; `Ok(false)`
/// for `null` (nothing written). `Err` gives up.
fn leaf(ty: Ty, raw: &str, out: &mut Vec<u8>) -> Result<bool, ()> {
    let bytes = raw.as_bytes();
    let first = *bytes.first().ok_or(())?;
    if raw == "null" {
        return Ok(false);
    }
    match ty {
        Ty::Str(rule) if first == b'"' => match rule.format {
            Format::Date => {
                let text = &raw[1..raw.len() - 1];
                let shape_ok = text.len() == 10
                    && text.bytes().enumerate().all(|(i, b)| match i {
                        4 | 7 => b == b'-',
                        _ => b.is_ascii_digit(),
                    });
                // For text of this shape, `from_str` accepts exactly what the decoder's
                // `%Y-%m-%d` does, and faster.
                if !shape_ok || text.parse::<NaiveDate>().is_err() {
                    return Err(());
                }
                out.extend_from_slice(bytes);
            }
            Format::Base64 => {
                let text: std::borrow::Cow<'_, str> = serde_json::from_str(raw).map_err(|_| ())?;
                let data = base64::engine::general_purpose::STANDARD
                    .decode(text.trim())
                    .map_err(|_| ())?;
                out.push(b'"');
                out.extend_from_slice(
                    base64::engine::general_purpose::STANDARD
                        .encode(data)
                        .as_bytes(),
                );
                out.push(b'"');
            }
            _ => string(raw, out)?,
        },
        // A JSON number that fits 64 bits; `-0` is written `0`, as the decoder reads it.
        Ty::Int(_) if first == b'-' || first.is_ascii_digit() => {
            let n: i64 = raw.parse().map_err(|_| ())?;
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        }
        // The number's exact text, as decimal text; the decoder writes exponents its own way.
        Ty::Num(_)
            if (first == b'-' || first.is_ascii_digit())
                && !bytes.iter().any(|b| matches!(b, b'e' | b'E')) =>
        {
            out.push(b'"');
            out.extend_from_slice(bytes);
            out.push(b'"');
        }
        Ty::Bool if raw == "true" || raw == "false" => out.extend_from_slice(bytes),
        Ty::Any => match first {
            b'"' => string(raw, out)?,
            b't' | b'f' => out.extend_from_slice(bytes),
            b'-' | b'0'..=b'9' if is_safe_integer(raw) => out.extend_from_slice(bytes),
            // Objects, arrays and other numbers are written as the decoder keeps them.
            _ => {
                let value: Value = serde_json::from_str(raw).map_err(|_| ())?;
                serde_json::to_writer(&mut *out, &JsSafe(&value)).map_err(|_| ())?;
            }
        },
        _ => return Err(()),
    }
    Ok(true)
}

/// A JSON string as `serde_json` writes it: copied when it has no escapes, re-escaped otherwise
/// (`\/` and `\u00e9` are written `/` and `é`, as the decoder's path writes them).
fn string(raw: &str, out: &mut Vec<u8>) -> Result<(), ()> {
    if !raw.contains('\\') {
        out.extend_from_slice(raw.as_bytes());
        return Ok(());
    }
    let text: std::borrow::Cow<'_, str> = serde_json::from_str(raw).map_err(|_| ())?;
    serde_json::to_writer(out, &text).map_err(|_| ())
}

/// An integer that a double holds exactly, which the wire form keeps as a number.
fn is_safe_integer(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{self, Field};
    use serde_json::json;

    /// The one-pass path gives up or writes exactly what the decoder's path writes; `Some` when
    /// it did not give up.
    fn agree(json: &str, ty: Ty) -> Option<String> {
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        let slow = decode(json, ty).ok().map(|d| text(to_wire_text(&d)));
        let fast = transcode(json, ty, None).map(text);
        if fast.is_some() {
            assert_eq!(fast, slow, "for {json}");
        }
        fast
    }

    fn has_open_shape(ty: Ty, depth: usize) -> bool {
        match ty {
            Ty::Map(_) | Ty::Union(_) => true,
            Ty::List(item) => has_open_shape(*item, depth),
            Ty::Obj(m) if depth < 6 => m.fields.iter().any(|f| has_open_shape(f.ty, depth + 1)),
            _ => false,
        }
    }

    /// A value of every field of `ty`, nested objects filled in, to a depth.
    fn sample(ty: Ty, depth: usize, salt: usize) -> serde_json::Value {
        match ty {
            Ty::Str(rule) => match rule.format {
                _ if !rule.values.is_empty() => json!(rule.values[salt % rule.values.len()]),
                Format::Date => json!("2026-01-31"),
                Format::DateTime => json!("2026-01-31T09:30:00Z"),
                Format::Uuid => json!("0b9c4d36-1c1f-4e7a-9f31-54c1e1f4a1b2"),
                Format::Email => json!("a@example.org"),
                Format::Base64 => json!("aGVsbG8="),
                Format::Binary => json!("bytes"),
                Format::Text => json!(format!("t\u{e9}xt \"{salt}\"")),
            },
            Ty::Int(_) => json!(-42 - salt as i64),
            Ty::Num(_) => serde_json::from_str("12345678901234.560").unwrap(),
            Ty::Bool => json!(salt % 2 == 0),
            Ty::List(item) => json!([sample(*item, depth, salt), sample(*item, depth, salt + 1)]),
            Ty::Obj(model) if depth < 5 => object(model, depth, salt),
            Ty::Obj(_) => json!({}),
            Ty::Map(item) => json!({"k": sample(*item, depth + 1, salt)}),
            Ty::Union(models) => object(models[0], depth, salt),
            Ty::Any => json!({"b": 1, "a": [1.5, "x", 9007199254740993u64, null]}),
        }
    }

    fn object(model: &'static Model, depth: usize, salt: usize) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (i, f) in model.fields.iter().enumerate() {
            map.insert(f.wire.to_owned(), sample(f.ty, depth + 1, salt + i));
        }
        serde_json::Value::Object(map)
    }

    /// Every answer schema of the table: a fully populated answer, one with unknown fields at
    /// every level, and one with only the required fields, all as the decoder writes them.
    #[test]
    fn every_answer_schema_of_the_table_transcodes_as_the_decoder_writes_it() {
        let mut fast = 0;
        let mut schemas = 0;
        for op in spec::OPERATIONS.iter() {
            for response in op.responses {
                let Some(ty) = response.ty else { continue };
                schemas += 1;
                let full = sample(ty, 0, 0).to_string();
                let got = agree(&full, ty);
                // Recursive schemas end in empty objects, which may miss required fields.
                if !has_open_shape(ty, 0) && decode(&full, ty).is_ok() {
                    assert!(got.is_some(), "{} {}: gave up", op.id, response.status);
                    fast += 1;
                }
                let mut odd = sample(ty, 0, 3);
                add_unknown(&mut odd);
                agree(&odd.to_string(), ty);
                if let Ty::Obj(model) = ty {
                    let mut required = object(model, 0, 1);
                    if let serde_json::Value::Object(map) = &mut required {
                        map.retain(|k, _| {
                            model
                                .fields
                                .iter()
                                .any(|f: &Field| f.wire == k && f.required())
                        });
                    }
                    agree(&required.to_string(), ty);
                }
            }
        }
        assert!(
            fast > 50,
            "{fast} of {schemas} schemas transcoded in one pass"
        );
    }

    fn add_unknown(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for v in map.values_mut() {
                    add_unknown(v);
                }
                let odd: serde_json::Value =
                    serde_json::from_str(r#"{"y": 2, "x": [1e400, 0.1, 18446744073709551616]}"#)
                        .unwrap();
                map.insert("zUnknown".into(), odd);
                map.insert("aUnknown".into(), json!("text"));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(add_unknown),
            _ => {}
        }
    }

    #[test]
    fn the_tables_field_names_need_no_escaping() {
        for model in spec::models::ALL {
            for field in model.fields {
                assert_eq!(
                    serde_json::to_string(field.wire).unwrap(),
                    format!("\"{}\"", field.wire),
                    "{}.{}",
                    model.name,
                    field.wire
                );
            }
        }
    }

    fn accounts() -> Ty {
        spec::find("accounts.list").unwrap().response(200).unwrap()
    }

    const ACCOUNT: &str = r#"{"id":"a","institutionUserId":"u","institutionId":"1","accountNumber":"9","category":"X","type":{"value":"V"}}"#;

    #[test]
    fn lists_nulls_and_unknown_fields_agree_with_the_decoder() {
        let ty = accounts();
        for json in [
            r#"{"accounts":[]}"#.to_owned(),
            r#" { "accounts" : [ ] , "totalGroupCount" : null } "#.to_owned(),
            format!(r#"{{"accounts":[{ACCOUNT},{ACCOUNT}],"totalGroupCount":7}}"#),
            format!(r#"{{"accounts":[{ACCOUNT},null]}}"#),
            format!(r#"{{"accounts":[{ACCOUNT}],"next":"x","n":[1,2.50]}}"#),
            format!(
                r#"{{"accounts":[{}]}}"#,
                ACCOUNT.replace(
                    r#""id":"a""#,
                    r#""id":"a","nickName":null,"currentBalance":null,"term":{},"ownershipType":"JOINT","z":{"b":1,"a":2}"#
                )
            ),
        ] {
            assert!(agree(&json, ty).is_some(), "{json}");
        }
        let with_extra = agree(
            &format!(
                r#"{{"accounts":[{}],"x":1}}"#,
                ACCOUNT.replace(r#""id":"a""#, r#""id":"a","ownershipType":"JOINT""#)
            ),
            ty,
        )
        .unwrap();
        assert!(
            with_extra.contains(r#""extra":{"ownershipType":"JOINT"}}"#),
            "{with_extra}"
        );
        assert!(with_extra.ends_with(r#""extra":{"x":1}}"#), "{with_extra}");
    }

    #[test]
    fn anything_unusual_is_left_to_the_decoder() {
        let ty = accounts();
        for odd in [
            r#""currentBalance":{"amount":"1.5","currencyCode":"USD"}"#, // amount as text
            r#""id":"b""#,                                               // duplicate
            r#""maturityDate":"2026-02-30""#,                            // no such day
            r#""maturityDate":"2026-2-3""#,                              // not YYYY-MM-DD
            r#""status":{"open":"yes","closed":false}"#,                 // wrong type
            r#""nickName":5"#,                                           // a number for a string
            r#""\u0069d2":"x""#,                                         // escaped key
            r#""term":{"duration":1.5}"#, // a fraction for an integer
        ] {
            let json = format!(
                r#"{{"accounts":[{}]}}"#,
                ACCOUNT.replace(r#""id":"a""#, &format!(r#""id":"a",{odd}"#))
            );
            assert_eq!(
                agree(&json, ty),
                None,
                "{odd} should be left to the decoder"
            );
        }
        for broken in [
            r#"{"accounts":[{"id":"a"}]}"#,
            r#"{"accounts":null}"#,
            r#"{"accounts":[1]}"#,
            r#"{"accounts":[]} x"#,
            r#"{"accounts":[],}"#,
            r#"[]"#,
            r#"{}"#,
        ] {
            // What the decoder refuses, the fast path refuses too; what the decoder accepts
            // (a null list where the list is optional), it writes the same.
            agree(broken, ty);
        }
    }

    #[test]
    fn numbers_and_strings_are_written_as_the_decoder_writes_them() {
        let ty = accounts();
        for amount in [
            "0",
            "-0",
            "-0.00",
            "1.10",
            "100",
            "-7",
            "0.000001",
            "18446744073709551616",
            "79228162514264337593543950335",
            "1.2345678901234567890123456789",
        ] {
            let json = format!(
                r#"{{"accounts":[{}]}}"#,
                ACCOUNT.replace(r#""id":"a""#, &format!(r#""id":"a","currentBalance":{{"amount":{amount},"currencyCode":"USD"}},"interestRate":{amount}"#))
            );
            let got = agree(&json, ty).unwrap_or_else(|| panic!("gave up on {amount}"));
            assert!(got.contains(&format!(r#""amount":"{amount}""#)), "{got}");
        }
        for exponent in ["1E3", "1e-2", "2.5E+10"] {
            let json = format!(
                r#"{{"accounts":[{}]}}"#,
                ACCOUNT.replace(
                    r#""id":"a""#,
                    &format!(r#""id":"a","interestRate":{exponent}"#)
                )
            );
            assert_eq!(agree(&json, ty), None, "{exponent}");
        }
        for (raw, written) in [
            (r#""B\u00e9b\/\"é\n""#, r#""Béb/\"é\n""#),
            (r#""plain""#, r#""plain""#),
        ] {
            let json = format!(
                r#"{{"accounts":[{}]}}"#,
                ACCOUNT.replace(r#""id":"a""#, &format!(r#""id":"a","nickName":{raw}"#))
            );
            assert!(agree(&json, ty)
                .unwrap()
                .contains(&format!(r#""nickName":{written}"#)));
        }
        let term = spec::model("Term").unwrap();
        for duration in ["-0", "12", "9223372036854775807"] {
            assert!(agree(&format!(r#"{{"duration":{duration}}}"#), Ty::Obj(term)).is_some());
        }
        assert_eq!(
            agree(r#"{"duration":9223372036854775808}"#, Ty::Obj(term)),
            None
        );
    }

    #[test]
    fn parts_and_the_rest_make_the_whole_answer() {
        let ty = accounts();
        let items: Vec<String> = (0..25)
            .map(|i| ACCOUNT.replace(r#""id":"a""#, &format!(r#""id":"a{i}","x{i}":{i}"#)))
            .collect();
        let json = format!(
            r#"{{"totalGroupCount":3,"accounts":[{}]}}"#,
            items.join(",")
        );
        let whole: serde_json::Value =
            serde_json::from_slice(&wire_text(&json, ty).unwrap()).unwrap();
        for part_bytes in [1, 300, 1000, 1 << 20] {
            let mut parts = Vec::new();
            wire_parts(&json, ty, part_bytes, &mut |p| parts.push(p)).unwrap();
            assert_eq!(reassemble(parts), whole, "parts of {part_bytes} bytes");
        }
    }

    #[test]
    fn a_list_that_turns_unusual_midway_restarts_on_the_decoders_path() {
        let ty = accounts();
        let odd = ACCOUNT.replace(
            r#""id":"a""#,
            r#""id":"b","currentBalance":{"amount":"1","currencyCode":"USD"}"#,
        );
        let json = format!(r#"{{"accounts":[{ACCOUNT},{odd}]}}"#);
        let mut parts = Vec::new();
        wire_parts(&json, ty, 1, &mut |p| parts.push(p)).unwrap();
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(matches!(&parts[0], WirePart::Items(_)));
        assert_eq!(
            parts[1],
            WirePart::Whole {
                text: to_wire_text(&decode(&json, ty).unwrap()),
                restart: true
            }
        );
        let mut parts = Vec::new();
        let err =
            wire_parts(r#"{"accounts":[{"id":1}]}"#, ty, 1, &mut |p| parts.push(p)).unwrap_err();
        assert_eq!(err.path, "accounts[0]");
    }

    /// Reassembles the pieces into one answer, as the Node package does.
    pub(crate) fn reassemble(parts: Vec<WirePart>) -> serde_json::Value {
        let mut items = Vec::new();
        for part in parts {
            match part {
                WirePart::Items(bytes) => {
                    let piece: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
                    items.extend(piece);
                }
                WirePart::Whole { text, restart } => {
                    if restart {
                        items.clear();
                    }
                    let mut whole: serde_json::Value = serde_json::from_slice(&text).unwrap();
                    items.extend(whole["accounts"].as_array().unwrap().iter().cloned());
                    whole["accounts"] = serde_json::Value::Array(items);
                    return whole;
                }
            }
        }
        panic!("no final piece")
    }
}
