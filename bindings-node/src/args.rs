//! Arguments from JS: `lib/args.cjs` tags each value with its JS type (`["s", text]`,
//! `["n", "1.5"]`, ...) so nothing is coerced on the way; the core checks them.

use candescent::input::{Args, Value};
use serde_json::Value as Json;

use crate::errors;

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
        _ => return Err(malformed()),
    })
}

fn malformed() -> napi::Error {
    errors::internal("malformed arguments from the JS wrapper")
}
