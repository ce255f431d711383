//! The expectations of `tests/operations.json`, the same in every language: a result's JSON
//! holds the expected fields (objects key by key, arrays element by element from the first),
//! scalars compared by their text (numbers exact), `count` items, `empty`, `complete` for a
//! partial success, or an `error` class.

use serde_json::Value;

/// A scalar's text: numbers with their exact text, booleans `true`/`false`, `null` empty.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn decimal(v: &Value) -> Option<rust_decimal::Decimal> {
    match v {
        Value::Number(n) => n.to_string().parse().ok(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Where `actual` lacks or differs from what `expected` holds.
pub fn subset(path: &str, actual: &Value, expected: &Value) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                subset(&format!("{path}.{k}"), av, ev)?;
            }
            Ok(())
        }
        (Value::Object(_), other) => Err(format!("{path}: expected an object, got {other}")),
        (Value::Array(e), Value::Array(a)) => {
            if a.len() < e.len() {
                return Err(format!(
                    "{path}: expected at least {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(&format!("{path}[{i}]"), av, ev)?;
            }
            Ok(())
        }
        (Value::Array(_), other) => Err(format!("{path}: expected an array, got {other}")),
        (e, a) if text(e) == text(a) => Ok(()),
        // Numbers by value: an amount the server computed may drop a trailing zero.
        (e, a) if decimal(e).is_some() && decimal(e) == decimal(a) => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

/// How many items a result has: its own length if a list, else the length of its one list of
/// objects.
pub fn count(actual: &Value) -> Option<usize> {
    match actual {
        Value::Array(items) => Some(items.len()),
        Value::Object(map) => {
            let lists: Vec<&Vec<Value>> = map
                .values()
                .filter_map(Value::as_array)
                .filter(|l| l.iter().all(Value::is_object))
                .collect();
            match lists.as_slice() {
                [one] => Some(one.len()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Checks one case's outcome (`Ok(result JSON)` or `Err(error class)`) against `expect`.
pub fn check(outcome: Result<Value, String>, expect: &Value) -> Result<(), String> {
    match (outcome, expect.get("error").and_then(Value::as_str)) {
        (Err(error), Some(want)) if error.split(':').next() == Some(want) => Ok(()),
        (Err(error), _) => Err(format!("failed with {error}")),
        (Ok(v), Some(want)) => Err(format!("expected {want}, got {v}")),
        (Ok(actual), None) => {
            if expect.get("empty").and_then(Value::as_bool) == Some(true) && !actual.is_null() {
                return Err(format!("expected no result, got {actual}"));
            }
            if let Some(n) = expect.get("count").and_then(Value::as_u64) {
                let got = count(&actual);
                if got != Some(n as usize) {
                    return Err(format!("expected {n} items, got {got:?}"));
                }
            }
            if let Some(complete) = expect.get("complete") {
                subset("complete", &actual["complete"], complete)?;
            }
            if let Some(json) = expect.get("json") {
                subset("result", &actual, json)?;
            }
            Ok(())
        }
    }
}
