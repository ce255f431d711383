//! Helpers shared by the HTTP tests.
#![allow(dead_code)]

pub mod conformance;

use candescent_emulator::{start, Config, Emulator};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::Value;

pub const USER: &str = "1234567890";
pub const TXN_ACCOUNT: &str = "paGLhmRdxuDF_VkBwZvT0chXiDxJz6QubT5bViQb1u8";
pub const GET_ACCOUNT_ID: &str = "LucHSRuNSd8zWXLh_x0o9XuPyoAfObcCKKvpEh_J4WM";
/// The example user's IRA (an investment account of the customer of `TXN_ACCOUNT`).
pub const IRA_ACCOUNT_ID: &str = "Rt7hbI17jeO7D58RUJJYQUb1jTV2te3Dv6pcY3cE-Wu";
pub const CROSS_ACCOUNT_ID: &str = "XcU5sRaD2eFgHiJ3kLmN4oPqR5sTuV6wXyZ7aBcD8eF";

pub async fn emu() -> Emulator {
    start(Config::default()).await.expect("emulator starts")
}

pub async fn emu_with(config: Config) -> Emulator {
    start(config).await.expect("emulator starts")
}

pub fn client() -> Client {
    Client::builder().build().unwrap()
}

pub fn txid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A token request with every header right; `form` extra fields appended.
pub fn token_request(emu: &Emulator, prefix: &str, form: &[(&str, &str)]) -> RequestBuilder {
    let mut fields = vec![("grant_type", "client_credentials")];
    fields.extend_from_slice(form);
    client()
        .post(format!("{}{prefix}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .header("institutionId", "00016")
        .form(&fields)
}

pub async fn token(emu: &Emulator) -> String {
    token_with(emu, &[]).await
}

pub async fn token_with(emu: &Emulator, form: &[(&str, &str)]) -> String {
    let res = token_request(emu, "", form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// A data GET with a bearer token and a fresh transactionId.
pub fn data(emu: &Emulator, path: &str, token: &str) -> RequestBuilder {
    client()
        .get(format!("{}{path}", emu.base_url()))
        .bearer_auth(token)
        .header("transactionId", txid())
        .header("Accept", "application/json")
}

/// Sends the request; the answer must conform to the official schemas.
pub async fn send(req: RequestBuilder) -> (StatusCode, Value) {
    let (client, request) = req.build_split();
    let request = request.unwrap();
    let url = request.url().clone();
    let method = request.method().clone();
    let res = client.execute(request).await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    conformance::assert_conforms(
        method.as_str(),
        url.path(),
        url.query().unwrap_or_default(),
        status.as_u16(),
        &text,
    );
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, body)
}

pub async fn get(emu: &Emulator, path: &str, token: &str) -> (StatusCode, Value) {
    send(data(emu, path, token)).await
}

/// Asserts an error answer: status, `code`, and a non-empty `message`.
pub fn assert_error(actual: &(StatusCode, Value), status: u16, code: &str) {
    assert_eq!(actual.0.as_u16(), status, "body: {}", actual.1);
    assert_eq!(actual.1["code"], code, "body: {}", actual.1);
    assert!(
        actual.1["message"].as_str().is_some_and(|m| !m.is_empty()),
        "body: {}",
        actual.1
    );
}

pub fn ids(body: &Value, key: &str) -> Vec<String> {
    body[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A request to any operation: bearer token, one fresh UUID as both trace headers
/// (`transactionId` and `correlationId`; each operation reads the one it declares), JSON
/// accepted.
pub fn api(emu: &Emulator, method: reqwest::Method, path: &str, token: &str) -> RequestBuilder {
    let id = txid();
    client()
        .request(method, format!("{}{path}", emu.base_url()))
        .bearer_auth(token)
        .header("transactionId", &id)
        .header("correlationId", &id)
        .header("Accept", "application/json")
}

/// Sends an operation's request, with `body` as JSON when given; the answer must conform.
pub async fn call(
    emu: &Emulator,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = api(emu, method, path, token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    send(req).await
}

/// The `n`th… and every page's items under `key`, following `next` as the caller would.
pub fn strings(body: &Value, key: &str, field: &str) -> Vec<String> {
    body[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {body}"))
        .iter()
        .map(|v| match &v[field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// An access token of the user `login`, from the password grant.
pub async fn user_token(emu: &Emulator, login: &str) -> String {
    let res = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .header("institutionId", "00016")
        .form(&[
            ("grant_type", "password"),
            ("username", login),
            ("password", "emulator-password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}
