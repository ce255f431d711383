//! JSON for JavaScript without silent rounding: `JSON.parse` reads every number as a double,
//! so `501306.06` and an id like `12345678901234567890` would change on the way.

use serde_json::Value;

/// The largest integer a double holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: u64 = (1 << 53) - 1;

/// `text` (a JSON document) with every number that is not an integer (a fraction or an
/// exponent), and every integer beyond ±(2^53 − 1), replaced by its decimal text as a string.
/// Integers that a double holds exactly stay numbers.
///
/// ```
/// let out = candescent::exact_json_text(br#"{"amount":501306.06,"n":3,"big":12345678901234567890}"#).unwrap();
/// assert_eq!(out, r#"{"amount":"501306.06","n":3,"big":"12345678901234567890"}"#);
/// ```
///
/// # Errors
/// A `serde_json` error when `text` is not JSON.
pub fn exact_json_text(text: &[u8]) -> serde_json::Result<String> {
    let mut value: Value = serde_json::from_slice(text)?;
    strings_for_inexact(&mut value);
    serde_json::to_string(&value)
}

fn strings_for_inexact(value: &mut Value) {
    match value {
        Value::Number(n) => {
            let safe = n.as_u64().is_some_and(|v| v <= MAX_SAFE)
                || n.as_i64().is_some_and(|v| v.unsigned_abs() <= MAX_SAFE);
            if !safe {
                *value = Value::String(n.to_string());
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strings_for_inexact),
        Value::Object(map) => map.values_mut().for_each(strings_for_inexact),
        _ => {}
    }
}
