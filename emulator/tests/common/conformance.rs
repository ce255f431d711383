//! Every answer checked against the official response schemas (`tests/schemas/`).

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value;

const SCHEMAS: &str = include_str!("../schemas/candescent-di-api-1.11.0.json");

/// The schemas, each object schema closed to fields it does not list.
fn strict_defs() -> Value {
    let mut doc: Value = serde_json::from_str(SCHEMAS).expect("schemas are JSON");
    close(&mut doc["$defs"]);
    // Documented by the `additionalFields` parameter of both account routes.
    doc["$defs"]["Account"]["properties"]["additionalInfo"] =
        serde_json::json!({ "type": "object", "allOf": [{ "$ref": "#/$defs/StringMap" }] });
    doc
}

/// Adds `unevaluatedProperties: false` to every object schema that names its contents.
fn close(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let names_contents = map.contains_key("properties") || map.contains_key("allOf");
            if names_contents && map.get("type") == Some(&Value::from("object")) {
                map.entry("unevaluatedProperties")
                    .or_insert(Value::Bool(false));
            }
            for v in map.values_mut() {
                close(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close),
        _ => {}
    }
}

/// The schemas with open enums and open objects, for the `future-values` user.
fn lenient_defs() -> Value {
    fn open(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("enum");
                map.values_mut().for_each(open);
            }
            Value::Array(items) => items.iter_mut().for_each(open),
            _ => {}
        }
    }
    let mut doc: Value = serde_json::from_str(SCHEMAS).expect("schemas are JSON");
    open(&mut doc);
    doc
}

fn validators(lenient: bool) -> &'static HashMap<String, Validator> {
    static STRICT: OnceLock<HashMap<String, Validator>> = OnceLock::new();
    static LENIENT: OnceLock<HashMap<String, Validator>> = OnceLock::new();
    let build = |doc: Value| {
        doc["$defs"]
            .as_object()
            .unwrap()
            .keys()
            .map(|name| {
                let schema = serde_json::json!({
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "$ref": format!("#/$defs/{name}"),
                    "$defs": doc["$defs"].clone(),
                });
                let validator = jsonschema::validator_for(&schema)
                    .unwrap_or_else(|e| panic!("schema {name}: {e}"));
                (name.clone(), validator)
            })
            .collect()
    };
    if lenient {
        LENIENT.get_or_init(|| build(lenient_defs()))
    } else {
        STRICT.get_or_init(|| build(strict_defs()))
    }
}

/// The schema a documented answer has: by route (the path's end) and status.
/// `None` for what the API does not define (the emulator's admin API, unknown routes).
pub fn schema_for(path: &str, status: u16) -> Option<&'static str> {
    let ok = (200..300).contains(&status);
    let route = if path.starts_with("/__emulator") {
        return None;
    } else if path.ends_with("/oauth2/v1/token") {
        "token"
    } else if path.ends_with("/oauth2/v1/revoke") {
        "revoke"
    } else if path.ends_with("/v1/client-authorization") {
        "client-authorization"
    } else if path.ends_with("/v1/auth-code") {
        "auth-code"
    } else if path.contains("/v1/customers/") {
        if path.ends_with(":accounts") {
            "customer-accounts"
        } else {
            "customer"
        }
    } else if path.ends_with("/v1/transactions") {
        "transactions"
    } else if path.ends_with("/v1/accounts") {
        "accounts"
    } else if path.contains("/v1/accounts/") {
        "account"
    } else {
        return None;
    };
    Some(match (route, ok) {
        ("token", true) => "AccessTokenResponseV2",
        ("revoke", true) => return None,
        ("client-authorization", true) => "AuthorizeClientResponse",
        ("auth-code", true) => "AuthorizationCodeResponse",
        ("customer", true) => "CustomerInformation",
        ("customer-accounts", true) => "CustomerAccountsResponse",
        ("customer-accounts", false) => "Error",
        ("transactions", true) => "TransactionsResponse",
        ("accounts", true) => "AccountsResponse",
        ("account", true) => "Account",
        _ => "ErrorResponse",
    })
}

/// Checks one answer; `Err` lists what does not conform. A body that is not JSON is
/// not checked (only the fault API sends such bodies, on purpose).
pub fn check(path: &str, query: &str, status: u16, body: &str) -> Result<(), String> {
    let Some(schema) = schema_for(path, status) else {
        return Ok(());
    };
    if status == 204 && body.is_empty() {
        return Ok(());
    }
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return Ok(());
    };
    let lenient = query.contains("future-values");
    let validator = &validators(lenient)[schema];
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{status} {path}?{query} does not conform to {schema}:\n  {}\nbody: {body}",
            errors.join("\n  ")
        ))
    }
}

/// Panics unless the answer conforms.
pub fn assert_conforms(path: &str, query: &str, status: u16, body: &str) {
    if let Err(e) = check(path, query, status, body) {
        panic!("{e}");
    }
}
