//! [`Data`] back to JSON: as the server sent it, or in the wire form for JavaScript.

use std::io::Write as _;

use base64::Engine as _;
use serde_json::Value;

use super::{Data, Object};

/// The JSON the server sent for this value (fields it named in the schema's order, then the
/// others; numbers with their exact text).
///
/// ```
/// let ty = candescent::spec::operation("getRecipientV1").unwrap().response(200).unwrap();
/// let text = r#"{"recipients":[{"id":"r1","nickName":"Mom"}]}"#;
/// let data = candescent::data::decode(text, ty).unwrap();
/// assert_eq!(candescent::data::to_json_text(&data), text);
/// ```
pub fn to_json_text(data: &Data) -> String {
    let mut out = Vec::with_capacity(256);
    write(&mut out, data, Mode::Server, false);
    // Only valid UTF-8 is ever written.
    String::from_utf8(out).unwrap_or_default()
}

/// [`to_json`] with the personal data the document names (account numbers, tax ids, …)
/// masked to its last four characters, for showing to people (a table on a terminal).
///
/// ```
/// let ty = candescent::spec::operation("getRecipientV1").unwrap().response(200).unwrap();
/// let data = candescent::data::decode(r#"{"recipients":[{"id":"r1","accountNumber":"7700112233"}]}"#, ty).unwrap();
/// let shown = candescent::data::to_masked_json(&data);
/// assert_eq!(shown["recipients"][0]["accountNumber"], "****2233");
/// ```
pub fn to_masked_json(data: &Data) -> Value {
    let mut json = to_json(data);
    mask(data, &mut json);
    json
}

/// `****` and the last four characters; nothing of a short value.
pub fn mask_text(text: &str) -> String {
    let count = text.chars().count();
    if count <= 4 {
        return "****".to_owned();
    }
    let tail: String = text.chars().skip(count - 4).collect();
    format!("****{tail}")
}

fn mask(data: &Data, json: &mut Value) {
    match (data, json) {
        (Data::Obj(o), Value::Object(map)) => {
            for (field, value) in o.model().fields.iter().zip(o.values()) {
                let Some(slot) = map.get_mut(field.wire) else {
                    continue;
                };
                if field.sensitive() {
                    if let Value::String(s) = slot {
                        *s = mask_text(s);
                    } else if !slot.is_null() {
                        *slot = Value::String("****".to_owned());
                    }
                } else {
                    mask(value, slot);
                }
            }
        }
        (Data::List(items), Value::Array(values)) => {
            for (item, value) in items.iter().zip(values.iter_mut()) {
                mask(item, value);
            }
        }
        _ => {}
    }
}

/// [`to_json_text`] as a [`serde_json::Value`].
pub fn to_json(data: &Data) -> Value {
    serde_json::from_str(&to_json_text(data)).unwrap_or(Value::Null)
}

/// The wire form of [`crate::wire`] for any schema, for a language without exact decimals
/// (JavaScript): numbers of the schema as decimal text, fields the schema does not name under
/// `extra` (always on the answer's top object and on its list's items, elsewhere only when
/// there are some), in raw JSON a number no double holds as its text, bytes as base64.
///
/// ```
/// let ty = candescent::spec::operation("getAchPaymentByPaymentIdV1").unwrap().response(200).unwrap();
/// let data = candescent::data::decode(r#"{"paymentDescription":"Rent","paymentType":"ACH_PAYMENT",
///     "transactionType":"CREDIT","tinNumber":"1","accountNumber":"2","deliveryDate":"2026-01-02",
///     "achCompanyId":"c","achSecCode":"COMMERCIAL_CCD","achTransactions":[],"totalAmount":12.10}"#, ty).unwrap();
/// let wire = String::from_utf8(candescent::data::to_wire_text(&data)).unwrap();
/// assert!(wire.contains(r#""totalAmount":"12.10""#), "{wire}");
/// assert!(wire.ends_with(r#""extra":{}}"#), "{wire}");
/// ```
pub fn to_wire_text(data: &Data) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write(&mut out, data, Mode::Wire, true);
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Server,
    Wire,
}

fn string(out: &mut Vec<u8>, s: &str) {
    // serde_json's escaping; writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn write(out: &mut Vec<u8>, data: &Data, mode: Mode, top: bool) {
    match data {
        Data::Null => out.extend_from_slice(b"null"),
        Data::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Data::Int(i) => out.extend_from_slice(itoa::Buffer::new().format(*i).as_bytes()),
        Data::Number(n) => match mode {
            Mode::Server => out.extend_from_slice(n.as_bytes()),
            Mode::Wire => string(out, n),
        },
        Data::Str(s) => string(out, s),
        Data::Date(d) => {
            let _ = write!(out, "\"{}\"", d.format("%Y-%m-%d"));
        }
        Data::Bytes(b) => string(out, &base64::engine::general_purpose::STANDARD.encode(b)),
        Data::List(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(out, item, mode, false);
            }
            out.push(b']');
        }
        Data::Obj(o) => object(out, o, mode, top),
        Data::Json(v) => raw(out, v, mode),
    }
}

fn object(out: &mut Vec<u8>, o: &Object, mode: Mode, top: bool) {
    out.push(b'{');
    let mut first = true;
    let items = o.model().items.map(usize::from);
    for (i, (field, value)) in o.model().fields.iter().zip(o.values()).enumerate() {
        if value.is_null() {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        string(out, field.wire);
        out.push(b':');
        match value {
            // The items of the answer's list are top objects too: they carry `extra`.
            Data::List(list) if top && items == Some(i) && mode == Mode::Wire => {
                out.push(b'[');
                for (j, item) in list.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    write(out, item, mode, true);
                }
                out.push(b']');
            }
            _ => write(out, value, mode, false),
        }
    }
    match mode {
        Mode::Server => {
            for (key, value) in o.extra() {
                if !first {
                    out.push(b',');
                }
                first = false;
                string(out, key);
                out.push(b':');
                raw(out, value, mode);
            }
        }
        Mode::Wire if top || !o.extra().is_empty() => {
            if !first {
                out.push(b',');
            }
            out.extend_from_slice(b"\"extra\":{");
            for (j, (key, value)) in o.extra().iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                string(out, key);
                out.push(b':');
                raw(out, value, mode);
            }
            out.push(b'}');
        }
        Mode::Wire => {}
    }
    out.push(b'}');
}

fn raw(out: &mut Vec<u8>, value: &Value, mode: Mode) {
    match mode {
        Mode::Server => {
            let _ = serde_json::to_writer(&mut *out, value);
        }
        Mode::Wire => {
            let _ = serde_json::to_writer(&mut *out, &crate::models::wire::JsSafe(value));
        }
    }
}
