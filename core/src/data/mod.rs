//! Answers decoded against the document's schemas, for the bindings and the command line.
//!
//! [`decode`] reads an answer's JSON once, checks it against the operation's response schema
//! (required fields, types, dates, exact numbers) and keeps it as a [`Data`] tree: money and
//! other numbers as their exact text, dates as dates, base64 as bytes, objects as their
//! schema's fields in order plus whatever the schema does not name (`extra`). Subtrees are
//! shared (reference counted), so a binding hands out a nested object without copying it.
//! An object is one allocation and short text is kept inline: freeing an answer (often on a
//! binding's interpreter thread) costs a few frees per object, not one per field.
//!
//! ```
//! use candescent::data::{decode, Data};
//! let ty = candescent::spec::operation("getRecipientV1").unwrap().response(200).unwrap();
//! let data = decode(r#"{"recipients":[{"id":"r1","nickName":"Mom","extraField":1}]}"#, ty).unwrap();
//! let Data::Obj(list) = &data else { panic!() };
//! let Data::List(items) = list.get("recipients").unwrap() else { panic!() };
//! let Data::Obj(first) = &items[0] else { panic!() };
//! assert_eq!(first.get("nick_name").and_then(Data::as_str), Some("Mom"));
//! assert_eq!(first.extra().len(), 1);
//! ```

mod decode;
mod json;
pub(crate) mod transcode;

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

pub use decode::{decode, decode_value, DecodeError};
pub use json::{mask_text, to_json, to_json_text, to_masked_json, to_wire_text};
pub use transcode::{wire_parts, wire_text, WirePart};

use crate::spec::{Field, Model, Ty};

/// The text of a string or of an exact number: inline up to 24 bytes (ids, codes, amounts),
/// on the heap beyond.
pub type Text = compact_str::CompactString;

/// One value of an answer, decoded against its schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// Absent or `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// A number's exact text: every `number` of the schema (money, rates), and integers
    /// beyond 64 bits.
    Number(Text),
    /// A string.
    Str(Text),
    /// A `YYYY-MM-DD` date.
    Date(NaiveDate),
    /// The bytes of a base64 field (images).
    Bytes(Arc<[u8]>),
    /// An array.
    List(Arc<[Data]>),
    /// An object of a known schema (cloning it shares it).
    Obj(Object),
    /// JSON the schema leaves open, as sent (numbers keep their text).
    Json(Arc<Value>),
}

impl Data {
    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Data::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_obj(&self) -> Option<&Object> {
        match self {
            Data::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The items, if this is a list.
    pub fn as_list(&self) -> Option<&Arc<[Data]>> {
        match self {
            Data::List(items) => Some(items),
            _ => None,
        }
    }

    /// A whole number, also from its text.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Data::Int(i) => Some(*i),
            Data::Number(n) | Data::Str(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// Whether this is absent.
    pub fn is_null(&self) -> bool {
        matches!(self, Data::Null)
    }
}

/// An object: its schema's fields in the schema's order, then the fields the schema does not
/// name, in the order they came. Cloning it shares it (a reference count).
///
/// Only the fields that have a value are stored (an account answer gives about half of its
/// schema's fields), in the schema's order, after a header whose bits say which they are.
#[derive(Clone)]
pub struct Object(triomphe::ThinArc<Header, Data>);

/// What an object holds besides its values, in the same allocation.
struct Header {
    model: &'static Model,
    /// Bit `i`: field `i` of the model has a value, stored in the slice at the rank of the bit.
    present: u128,
    extra: Vec<(Box<str>, Value)>,
}

/// The value of every absent field.
static NULL: Data = Data::Null;

/// The most fields a schema may have: one bit each in [`Header::present`].
pub const MAX_FIELDS: usize = 128;

impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        // Schemas are statics: the same schema is the same address.
        std::ptr::eq(self.model(), other.model())
            && self.0.header.header.present == other.0.header.header.present
            && self.0.slice == other.0.slice
            && self.extra() == other.extra()
    }
}

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Object")
            .field("model", &self.model().name)
            .field("fields", &self.values().collect::<Vec<_>>())
            .field("extra", &self.extra())
            .finish()
    }
}

/// The values of `fields` whose bits are set in `present`, in order, each taken out (the
/// slot is left null).
struct Taken<'a> {
    fields: &'a mut [Data],
    present: u128,
}

impl Iterator for Taken<'_> {
    type Item = Data;

    fn next(&mut self) -> Option<Data> {
        if self.present == 0 {
            return None;
        }
        let i = self.present.trailing_zeros() as usize;
        self.present &= self.present - 1;
        Some(std::mem::replace(&mut self.fields[i], Data::Null))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.present.count_ones() as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Taken<'_> {}

/// Every field's value of an object, in the schema's order.
pub struct Values<'a> {
    object: &'a Object,
    next: usize,
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a Data;

    fn next(&mut self) -> Option<&'a Data> {
        if self.next >= self.object.model().fields.len() {
            return None;
        }
        self.next += 1;
        Some(self.object.value(self.next - 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.object.model().fields.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Values<'_> {}

impl Object {
    /// An object of `model` with these field values (one per field of the model, [`Data::Null`]
    /// when absent) and fields the model does not name.
    ///
    /// # Panics
    /// When `fields` does not hold one value per field of `model`.
    pub fn new(
        model: &'static Model,
        mut fields: Vec<Data>,
        extra: Vec<(Box<str>, Value)>,
    ) -> Object {
        assert_eq!(fields.len(), model.fields.len(), "one value per field");
        let present = fields
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .fold(0u128, |bits, (i, _)| bits | 1 << i);
        Object::take(model, &mut fields, present, extra)
    }

    /// One allocation holding the header and the values of `fields` whose bits are set in
    /// `present` (taken out: their slots are left null, so a buffer is ready for the next
    /// object).
    pub(crate) fn take(
        model: &'static Model,
        fields: &mut [Data],
        present: u128,
        extra: Vec<(Box<str>, Value)>,
    ) -> Object {
        assert!(
            model.fields.len() <= MAX_FIELDS,
            "{}: too many fields",
            model.name
        );
        Object(triomphe::ThinArc::from_header_and_iter(
            Header {
                model,
                present,
                extra,
            },
            Taken { fields, present },
        ))
    }

    /// Whether nothing else holds this object (dropping it frees it).
    pub fn is_unique(&self) -> bool {
        self.0.with_arc(|arc| arc.is_unique())
    }

    /// Whether `self` and `other` are the same object (not only equal ones).
    pub fn ptr_eq(&self, other: &Object) -> bool {
        self.0.ptr() == other.0.ptr()
    }

    /// The schema.
    pub fn model(&self) -> &'static Model {
        self.0.header.header.model
    }

    /// The value of field `index` of the schema ([`Data::Null`] when absent).
    ///
    /// # Panics
    /// When the schema has no field `index`.
    pub fn value(&self, index: usize) -> &Data {
        assert!(index < self.model().fields.len(), "no field {index}");
        let present = self.0.header.header.present;
        let bit = 1u128 << index;
        if present & bit == 0 {
            return &NULL;
        }
        &self.0.slice[(present & (bit - 1)).count_ones() as usize]
    }

    /// The value of each field of the schema, in its order ([`Data::Null`] when absent).
    pub fn values(&self) -> Values<'_> {
        Values {
            object: self,
            next: 0,
        }
    }

    /// The value of the field with this SDK name (`available_balance`).
    pub fn get(&self, name: &str) -> Option<&Data> {
        self.model().name_index(name).map(|i| self.value(i))
    }

    /// The value of the field with this wire name (`availableBalance`).
    pub fn get_wire(&self, wire: &str) -> Option<&Data> {
        self.model().wire_index(wire).map(|i| self.value(i))
    }

    /// The fields the schema does not name, as sent.
    pub fn extra(&self) -> &[(Box<str>, Value)] {
        &self.0.header.header.extra
    }

    /// The items of a list model (`recipients` of `Recipients`), if it is one.
    pub fn items(&self) -> Option<&Arc<[Data]>> {
        match self.value(usize::from(self.model().items?)) {
            Data::List(items) => Some(items),
            _ => None,
        }
    }
}

/// A value in the wire form of [`to_wire_text`] (as a binding gives it back: `JSON.stringify`
/// of a Node model) decoded against `ty`: decimal text becomes numbers again and the unknown
/// fields come back from under `extra`, so [`to_json_text`] gives the server's JSON.
///
/// # Errors
/// When the text is not JSON or does not fit the schema.
///
/// ```
/// use candescent::data::{from_wire_text, to_json_text};
/// let ty = candescent::spec::Ty::Obj(&candescent::spec::models::MONEY);
/// let data = from_wire_text(r#"{"amount":"12345678901234.56","currencyCode":"USD","extra":{"x":1}}"#, ty).unwrap();
/// assert_eq!(to_json_text(&data), r#"{"currencyCode":"USD","amount":12345678901234.56,"x":1}"#);
/// ```
pub fn from_wire_text(text: &str, ty: Ty) -> Result<Data, DecodeError> {
    let mut value: Value = serde_json::from_str(text).map_err(|e| DecodeError {
        path: String::new(),
        message: e.to_string(),
    })?;
    lift_extra(&mut value, ty);
    decode_value(&value, ty)
}

/// Moves the fields under `extra` back beside the named ones, wherever the wire form put them.
fn lift_extra(value: &mut Value, ty: Ty) {
    match (ty, value) {
        (Ty::Obj(model), Value::Object(map)) => {
            if model.wire_index("extra").is_none() {
                lift_map(map);
            }
            for field in model.fields {
                if let Some(v) = map.get_mut(field.wire) {
                    lift_extra(v, field.ty);
                }
            }
        }
        (Ty::Union(models), Value::Object(map))
            if models.iter().all(|m| m.wire_index("extra").is_none()) =>
        {
            lift_map(map);
        }
        (Ty::List(item), Value::Array(items)) => {
            for v in items {
                lift_extra(v, *item);
            }
        }
        // Maps and open JSON are written as sent: nothing was moved.
        _ => {}
    }
}

fn lift_map(map: &mut serde_json::Map<String, Value>) {
    if let Some(Value::Object(extra)) = map.remove("extra") {
        for (k, v) in extra {
            map.entry(k).or_insert(v);
        }
    }
}

/// What a decoded answer's type is, for a binding choosing how to present it.
pub fn describe(ty: Ty) -> &'static str {
    match ty {
        Ty::Str(_) => "string",
        Ty::Int(_) => "integer",
        Ty::Num(_) => "number",
        Ty::Bool => "boolean",
        Ty::List(_) => "array",
        Ty::Obj(m) => m.name,
        Ty::Map(_) => "object",
        Ty::Union(_) => "one of several objects",
        Ty::Any => "JSON",
    }
}

/// How a field the table marks sensitive is shown in `Debug`, `repr` and `util.inspect`: an
/// account or member number as `****` and its last four characters (enough to tell accounts
/// apart, as statements print them), anything else as `****` alone.
///
/// ```
/// let account = &candescent::spec::models::ACCOUNT;
/// let number = &account.fields[account.name_index("account_number").unwrap()];
/// assert_eq!(candescent::data::masked(number, "4410020101"), "****0101");
/// let customer = &candescent::spec::models::CUSTOMER;
/// let login = &customer.fields[customer.name_index("host_login_id").unwrap()];
/// assert_eq!(candescent::data::masked(login, "jdoe"), "****");
/// ```
pub fn masked(field: &Field, text: &str) -> String {
    if field.name.ends_with("account_number") || field.name.ends_with("member_number") {
        let chars: Vec<char> = text.chars().collect();
        let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
        format!("****{tail}")
    } else {
        "****".to_owned()
    }
}
