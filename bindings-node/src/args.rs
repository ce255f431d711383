//! Arguments from JS: `lib/args.cjs` tags each value with its JS type (`["s", text]`,
//! `["n", "1.5"]`, ...) so nothing is coerced on the way; the core checks them. Call arguments
//! cross as the JSON text of the tagged list, which one `JSON.stringify` makes: cheaper than
//! napi reading the object property by property.

use base64::Engine as _;
use candescent::input::{Args, Value};
use serde_json::Value as Json;

use crate::errors;

/// The JSON text of a tagged list (`null` or empty: no arguments).
pub(crate) fn args_text(text: Option<&str>) -> napi::Result<Args> {
    match text {
        None | Some("") | Some("null") => Ok(Vec::new()),
        Some(text) => args(serde_json::from_str(text).map_err(|_| malformed())?),
    }
}

/// `[[name, tagged], ...]` into the core's arguments.
pub(crate) fn args(tagged: Json) -> napi::Result<Args> {
    match tagged {
        Json::Array(pairs) => pairs
            .into_iter()
            .map(|pair| match pair {
                Json::Array(mut kv) if kv.len() == 2 => {
                    let v = kv.pop().unwrap_or(Json::Null);
                    match kv.pop() {
                        Some(Json::String(k)) => Ok((k, value(v)?)),
                        _ => Err(malformed()),
                    }
                }
                _ => Err(malformed()),
            })
            .collect(),
        _ => Err(malformed()),
    }
}

/// One tagged value.
pub(crate) fn value(tagged: Json) -> napi::Result<Value> {
    let Json::Array(mut parts) = tagged else {
        return Err(malformed());
    };
    let payload = if parts.len() == 2 { parts.pop() } else { None };
    let tag = parts.pop();
    Ok(match (tag.as_ref().and_then(Json::as_str), payload) {
        (Some("z"), _) => Value::Null,
        (Some("b"), Some(Json::Bool(b))) => Value::Bool(b),
        // Numbers travel as text so NaN and Infinity arrive as such.
        (Some("n"), Some(Json::String(text))) => Value::Float(match text.as_str() {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            t => t.parse().map_err(|_| malformed())?,
        }),
        (Some("s"), Some(Json::String(s))) => Value::Str(s),
        (Some("l"), Some(Json::Array(items))) => {
            Value::List(items.into_iter().map(value).collect::<napi::Result<_>>()?)
        }
        (Some("m"), Some(pairs)) => Value::Map(args(pairs)?),
        (Some("o"), Some(Json::String(name))) => Value::Other(name),
        // A Buffer or typed array, as base64.
        (Some("y"), Some(Json::String(b64))) => Value::Bytes(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|_| malformed())?,
        ),
        _ => return Err(malformed()),
    })
}

fn malformed() -> napi::Error {
    errors::internal("malformed arguments from the JS wrapper")
}
