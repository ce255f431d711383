//! The models as one JSON text for a binding whose language has no exact decimal type
//! (JavaScript): the binding hands the text over once and the language's own JSON parser builds
//! the objects, which is far cheaper than building them field by field across an FFI.
//!
//! The wire form differs from the server's JSON ([`to_json`](super::Account::to_json)) in four
//! ways, each so that a plain `JSON.parse` loses nothing:
//! - money amounts and the interest rate are their exact decimal text (`"501306.06"`);
//! - fields the model does not name sit under `extra` instead of beside the named ones
//!   (always on `Account`, `AccountList` and `Transaction`; on nested models only when the
//!   server sent something unknown);
//! - in raw JSON (`extra`, `term`, `additionalInfo`, …), a number no double holds exactly is
//!   its text, since `JSON.parse` would round it silently;
//! - everything else is as on the wire: camelCase names, `type`, dates as `YYYY-MM-DD`.
//!
//! [`from_wire`] reads that form back, so a binding can give the server's JSON back on demand
//! without keeping it around.
//!
//! ```
//! let account: candescent::Account = serde_json::from_str(r#"{
//!     "id": "a1", "institutionUserId": "u1", "institutionId": "00016",
//!     "accountNumber": "1234567890101", "category": "DEPOSIT", "type": {"value": "CHECKING"},
//!     "availableBalance": {"currencyCode": "USD", "amount": 501306.06},
//!     "maturityDate": "2027-01-31", "ownershipType": "JOINT"
//! }"#).unwrap();
//! let text = candescent::wire::to_wire(&account);
//! assert!(text.contains(r#""availableBalance":{"amount":"501306.06","currencyCode":"USD"}"#));
//! assert!(text.contains(r#""maturityDate":"2027-01-31""#));
//! assert!(text.ends_with(r#""extra":{"ownershipType":"JOINT"}}"#));
//! let back: candescent::Account = candescent::wire::from_wire(&text).unwrap();
//! assert_eq!(back, account);
//! ```

use std::cell::Cell;

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};

use super::Extra;

thread_local! {
    // Serde has no per-call context; the models' field serializers read this flag, set only
    // for the duration of one synchronous `to_wire`/`from_wire` call on this thread.
    static WIRE: Cell<bool> = const { Cell::new(false) };
}

fn wire_mode() -> bool {
    WIRE.with(Cell::get)
}

/// Restores the previous mode even if serialization panics.
struct Mode(bool);

impl Mode {
    fn wire() -> Self {
        Mode(WIRE.with(|w| w.replace(true)))
    }
}

impl Drop for Mode {
    fn drop(&mut self) {
        WIRE.with(|w| w.set(self.0));
    }
}

/// A model (or a list of them) in the wire form described in the [module docs](self).
pub fn to_wire<T: Serialize + ?Sized>(value: &T) -> String {
    let _mode = Mode::wire();
    serde_json::to_string(value).expect("models always serialize")
}

/// Reads a model back from its wire form (as written by [`to_wire`], possibly edited).
///
/// # Errors
/// When the text is not JSON or does not fit the model.
pub fn from_wire<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let _mode = Mode::wire();
    serde_json::from_str(text)
}

/// `serialize_with` of exact decimals: a JSON number with the exact text on the server's side,
/// the decimal text in the wire form.
pub(crate) fn decimal<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    if wire_mode() {
        s.collect_str(value)
    } else {
        rust_decimal::serde::arbitrary_precision::serialize(value, s)
    }
}

/// `serialize_with` of optional exact decimals (`None` is skipped by the model).
pub(crate) fn decimal_opt<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => decimal(v, s),
        None => s.serialize_none(),
    }
}

/// `serialize_with` of raw JSON fields: in the wire form, numbers a double cannot hold become text.
pub(crate) fn raw_opt<S: Serializer>(value: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if wire_mode() => JsSafe(v).serialize(s),
        Some(v) => v.serialize(s),
        None => s.serialize_none(),
    }
}

/// `serialize_with` of the flattened `extra` of a top-level model: beside the named fields on
/// the server's side, one `extra` object (even when empty) in the wire form.
pub(crate) fn extra_always<S: Serializer>(extra: &Extra, s: S) -> Result<S::Ok, S::Error> {
    if wire_mode() {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("extra", &JsSafeMap(extra))?;
        map.end()
    } else {
        extra.serialize(s)
    }
}

/// Like [`extra_always`] for nested models, whose `extra` appears only when not empty.
pub(crate) fn extra_nested<S: Serializer>(extra: &Extra, s: S) -> Result<S::Ok, S::Error> {
    if wire_mode() && extra.is_empty() {
        s.serialize_map(Some(0))?.end()
    } else {
        extra_always(extra, s)
    }
}

/// `deserialize_with` of the flattened `extra`: in the wire form the unknown fields come back
/// from under `extra`.
pub(crate) fn extra_de<'de, D: Deserializer<'de>>(d: D) -> Result<Extra, D::Error> {
    let mut map = Extra::deserialize(d)?;
    if wire_mode() {
        if let Some(Value::Object(inner)) = map.remove("extra") {
            map.extend(inner);
        }
    }
    Ok(map)
}

const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Raw JSON whose numbers stay numbers where a double holds them exactly (any safe integer, any
/// float of up to 15 significant digits) and become their exact text otherwise.
pub(crate) struct JsSafe<'a>(pub(crate) &'a Value);

impl Serialize for JsSafe<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Number(n) if !fits_double(n) => s.collect_str(n),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsSafe(item))?;
                }
                seq.end()
            }
            Value::Object(fields) => JsSafeMap(fields).serialize(s),
            other => other.serialize(s),
        }
    }
}

pub(super) struct JsSafeMap<'a>(&'a Extra);

impl Serialize for JsSafeMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, &JsSafe(v))?;
        }
        map.end()
    }
}

fn fits_double(n: &Number) -> bool {
    if let Some(i) = n.as_i64() {
        return (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i);
    }
    if n.as_u64().is_some() {
        return false;
    }
    // A decimal or exponent text: it fits when the double prints back to the same value.
    match n.as_f64() {
        Some(f) if f.is_finite() => {
            let text = n.to_string();
            let digits = text
                .split(['e', 'E'])
                .next()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>();
            digits.trim_start_matches('0').trim_end_matches('0').len() <= 15
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_numbers_keep_what_a_double_holds_and_become_text_otherwise() {
        let v: Value = serde_json::from_str(
            r#"[1, -2, 1.5, 0.1, 9007199254740993, 1e400, 18446744073709551616, 0.12345678901234567]"#,
        )
        .unwrap();
        let _mode = Mode::wire();
        assert_eq!(
            serde_json::to_string(&JsSafe(&v)).unwrap(),
            r#"[1,-2,1.5,0.1,"9007199254740993","1e+400","18446744073709551616","0.12345678901234567"]"#
        );
    }

    #[test]
    fn the_mode_is_restored_after_a_call() {
        let money: super::super::Money =
            serde_json::from_str(r#"{"amount": 1.10, "currencyCode": "USD"}"#).unwrap();
        assert_eq!(to_wire(&money), r#"{"amount":"1.10","currencyCode":"USD"}"#);
        assert_eq!(
            serde_json::to_string(&money).unwrap(),
            r#"{"amount":1.10,"currencyCode":"USD"}"#
        );
    }
}
