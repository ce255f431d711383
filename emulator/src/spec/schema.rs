//! Request values checked against the document's schemas: the JSON Schema keywords the
//! document uses (types, `required`, `properties`, `additionalProperties`, `items`, `enum`,
//! `const`, lengths, bounds, `pattern`, formats, `allOf`/`anyOf`/`oneOf`/`not`, `$ref`).
//! Unknown fields are accepted unless a schema says `additionalProperties: false`.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use super::pattern::Pattern;
use super::Spec;

/// Checks `value` against `schema`; `Err` names the first problem and where it is (`at`).
pub(crate) fn validate(spec: &Spec, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let Value::Object(s) = schema else {
        return Ok(());
    };
    if let Some(target) = s
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/schemas/"))
        .and_then(|name| spec.schemas.get(name))
    {
        validate(spec, target, value, at)?;
    }
    if let Some(t) = s.get("type") {
        let ok = match t {
            Value::String(t) => has_type(value, t),
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .any(|t| has_type(value, t)),
            _ => true,
        };
        if !ok {
            return Err(format!("{at} must be {}", describe_type(t)));
        }
    }
    if let Some(Value::Array(allowed)) = s.get("enum") {
        // The document puts an array parameter's enum beside `items` too; the items say it.
        if !value.is_array() && !allowed.iter().any(|a| same(a, value)) {
            let names: Vec<String> = allowed.iter().map(short).collect();
            return Err(format!("{at} must be one of {}", names.join(", ")));
        }
    }
    if let Some(c) = s.get("const") {
        if !same(c, value) {
            return Err(format!("{at} must be {}", short(c)));
        }
    }
    match value {
        Value::String(text) => string(s, text, at)?,
        Value::Number(_) => number(s, value, at)?,
        Value::Object(fields) => {
            for name in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !fields.contains_key(name) {
                    return Err(format!("{at}.{name} is required"));
                }
            }
            let props = s.get("properties").and_then(Value::as_object);
            for (name, field) in fields {
                match props.and_then(|p| p.get(name)) {
                    Some(sub) => validate(spec, sub, field, &format!("{at}.{name}"))?,
                    None => match s.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            return Err(format!("{at}.{name} is not a known field"))
                        }
                        Some(extra @ Value::Object(_)) => {
                            validate(spec, extra, field, &format!("{at}.{name}"))?
                        }
                        _ => {}
                    },
                }
            }
        }
        Value::Array(items) => {
            let len = items.len() as u64;
            if s.get("minItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| len < m)
            {
                return Err(format!("{at} needs at least {} items", s["minItems"]));
            }
            if s.get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| len > m)
            {
                return Err(format!("{at} allows at most {} items", s["maxItems"]));
            }
            if let Some(item) = s.get("items") {
                for (i, v) in items.iter().enumerate() {
                    validate(spec, item, v, &format!("{at}[{i}]"))?;
                }
            }
        }
        _ => {}
    }
    if let Some(Value::Array(all)) = s.get("allOf") {
        for sub in all {
            validate(spec, sub, value, at)?;
        }
    }
    if let Some(Value::Array(any)) = s.get("anyOf") {
        if !any.iter().any(|sub| validate(spec, sub, value, at).is_ok()) {
            let first = any
                .iter()
                .find_map(|sub| validate(spec, sub, value, at).err())
                .unwrap_or_default();
            return Err(format!("{at} matches none of its allowed shapes ({first})"));
        }
    }
    if let Some(Value::Array(one)) = s.get("oneOf") {
        let results: Vec<Result<(), String>> = one
            .iter()
            .map(|sub| validate(spec, sub, value, at))
            .collect();
        match results.iter().filter(|r| r.is_ok()).count() {
            1 => {}
            0 => {
                let first = results
                    .into_iter()
                    .find_map(Result::err)
                    .unwrap_or_default();
                return Err(format!("{at} matches none of its allowed shapes ({first})"));
            }
            _ => return Err(format!("{at} matches more than one of its allowed shapes")),
        }
    }
    if let Some(not) = s.get("not") {
        if validate(spec, not, value, at).is_ok() {
            return Err(format!("{at} has a form that is not allowed"));
        }
    }
    Ok(())
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => is_integer(value),
        _ => true,
    }
}

fn is_integer(value: &Value) -> bool {
    value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn describe_type(t: &Value) -> String {
    match t {
        Value::String(t) => format!("of type {t}"),
        other => format!("of one of the types {other}"),
    }
}

/// Equality for enum and const: numbers by value, the rest as JSON.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) if a.is_number() && b.is_number() => x == y,
        _ => a == b,
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn string(s: &serde_json::Map<String, Value>, text: &str, at: &str) -> Result<(), String> {
    let len = text.chars().count() as u64;
    if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
        if len < min {
            return Err(format!("{at} must have at least {min} characters"));
        }
    }
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        if len > max {
            return Err(format!("{at} must have at most {max} characters"));
        }
    }
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        // A pattern the matcher cannot read is not held against the request.
        if Pattern::compile(p).is_ok_and(|re| !re.is_match(text)) {
            return Err(format!("{at} must match {p}"));
        }
    }
    match s.get("format").and_then(Value::as_str) {
        Some("date") if !is_date(text) => Err(format!("{at} must be a date, YYYY-MM-DD")),
        Some("date-time") if DateTime::parse_from_rfc3339(text).is_err() => Err(format!(
            "{at} must be a date and time (RFC 3339, e.g. 2026-04-30T12:00:00Z)"
        )),
        Some("uuid") if !is_uuid(text) => Err(format!("{at} must be a UUID")),
        Some("email") if !is_email(text) => Err(format!("{at} must be an email address")),
        Some("ascii") if !text.bytes().all(|b| (0x20..0x7f).contains(&b)) => {
            Err(format!("{at} must be printable ASCII"))
        }
        _ => Ok(()),
    }
}

fn number(s: &serde_json::Map<String, Value>, value: &Value, at: &str) -> Result<(), String> {
    let Some(n) = value.as_f64() else {
        return Ok(());
    };
    let bound = |k: &str| s.get(k).and_then(Value::as_f64);
    if bound("minimum").is_some_and(|m| n < m) {
        return Err(format!("{at} must be at least {}", s["minimum"]));
    }
    if bound("maximum").is_some_and(|m| n > m) {
        return Err(format!("{at} must be at most {}", s["maximum"]));
    }
    if bound("exclusiveMinimum").is_some_and(|m| n <= m) {
        return Err(format!("{at} must be more than {}", s["exclusiveMinimum"]));
    }
    if bound("exclusiveMaximum").is_some_and(|m| n >= m) {
        return Err(format!("{at} must be less than {}", s["exclusiveMaximum"]));
    }
    let range = match s.get("format").and_then(Value::as_str) {
        Some("int32") => Some((f64::from(i32::MIN), f64::from(i32::MAX))),
        Some("int64") => Some((i64::MIN as f64, i64::MAX as f64)),
        _ => None,
    };
    if let Some((lo, hi)) = range {
        if n < lo || n > hi {
            return Err(format!("{at} is out of range"));
        }
    }
    Ok(())
}

/// `YYYY-MM-DD`, exactly, and a real calendar date.
pub(crate) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// A hyphenated UUID.
pub(crate) fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// A query, path or header parameter's raw text as the JSON value its schema describes:
/// integers, numbers and booleans parsed, arrays from repeated or comma-separated values.
pub(crate) fn coerce_param(
    spec: &Spec,
    schema: &Value,
    raw: &[&str],
    at: &str,
) -> Result<Value, String> {
    let resolved = spec.resolve(schema);
    let kind = resolved.get("type").and_then(Value::as_str);
    if kind == Some("array") {
        let item = resolved.get("items").cloned().unwrap_or(Value::Null);
        let parts: Vec<&str> = if raw.len() == 1 {
            raw[0]
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect()
        } else {
            raw.to_vec()
        };
        let items = parts
            .into_iter()
            .map(|p| coerce_param(spec, &item, &[p], at))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::Array(items));
    }
    if raw.len() > 1 && raw.iter().any(|r| *r != raw[0]) {
        return Err(format!("{at} is given more than once"));
    }
    let text = raw.first().copied().unwrap_or_default();
    match kind {
        Some("integer") => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{at} must be an integer, got {text:?}")),
        Some("number") => match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Number(_)) => Ok(v),
            _ => Err(format!("{at} must be a number, got {text:?}")),
        },
        Some("boolean") if text.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        Some("boolean") if text.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        Some("boolean") => Err(format!("{at} must be true or false, got {text:?}")),
        _ => Ok(Value::String(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::SPEC;
    use serde_json::json;

    fn check(schema: &str, value: Value) -> Result<(), String> {
        validate(
            &SPEC,
            &json!({ "$ref": format!("#/schemas/{schema}") }),
            &value,
            "body",
        )
    }

    #[test]
    fn bodies_are_checked_against_the_documents_schemas() {
        assert!(check("ExperienceGroupRequest", json!({"groupName": "A"})).is_ok());
        let e = check("ExperienceGroupRequest", json!({})).unwrap_err();
        assert_eq!(e, "body.groupName is required");
        let long = "x".repeat(51);
        assert!(check("ExperienceGroupRequest", json!({"groupName": long}))
            .unwrap_err()
            .contains("at most 50"));
        assert!(check(
            "ExperienceGroupRequest",
            json!({"groupName": "A", "groupType": "X"})
        )
        .unwrap_err()
        .contains("one of EXPERIENCE_GROUP"));
        assert!(check(
            "ExperienceGroupRequest",
            json!({"groupName": "A", "extra": 1})
        )
        .is_ok());
        assert!(check("ExperienceGroupRequest", json!([])).is_err());
        let tin = json!({"tinName": "A", "tinNumber": "12345678"});
        assert!(check("BusinessTinInfo", tin)
            .unwrap_err()
            .contains("must match"));
        let wire = json!({
            "amount": 10.5, "currencyCode": "USD",
            "beneficiaryDetails": {"beneficiaryName": "B", "beneficiaryAccountNumber": "1",
                "address": {"address1": "1 Main", "city": "X", "country": "United States"}},
            "beneficiaryBankDetails": {"beneficiaryBankRoutingNumber": "011000015"}
        });
        assert!(check("WireTransaction", wire.clone()).is_ok());
        let mut bad = wire;
        bad["amount"] = json!("10.5");
        assert!(check("WireTransaction", bad).is_err());
        assert!(check(
            "SearchCriteria",
            json!({"startTime": "2026-04-01T00:00:00Z", "endTime": "yesterday"})
        )
        .unwrap_err()
        .contains("date and time"));
    }

    #[test]
    fn parameters_are_coerced_by_their_schema() {
        let int = json!({"type": "integer", "minimum": 0});
        assert_eq!(coerce_param(&SPEC, &int, &["5"], "q").unwrap(), json!(5));
        assert!(coerce_param(&SPEC, &int, &["x"], "q").is_err());
        let arr = json!({"type": "array", "items": {"type": "string", "enum": ["A", "B"]}});
        assert_eq!(
            coerce_param(&SPEC, &arr, &["A,B"], "q").unwrap(),
            json!(["A", "B"])
        );
        assert_eq!(
            coerce_param(&SPEC, &arr, &["A", "B"], "q").unwrap(),
            json!(["A", "B"])
        );
        let v = coerce_param(&SPEC, &arr, &["A,C"], "q").unwrap();
        assert!(validate(&SPEC, &arr, &v, "q").is_err());
        assert!(is_date("2026-04-30") && !is_date("2026-4-30") && !is_date("2026-02-30"));
    }
}
