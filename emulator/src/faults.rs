//! Scripted misbehaviour: the next N requests to a route fail in a chosen way, from the polite
//! (a 503 with `Retry-After`) to the hostile (resets, stalls, truncated and oversized bodies,
//! HTML, redirects, token answers with absurd lifetimes, bodies that echo credentials back).

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::errors::{json_response, ApiError, Family};
use crate::ops::Op;
use crate::request::ConnectionControl;
use crate::state::AppState;

/// Which route a [`Fault`] applies to.
///
/// ```
/// use candescent_emulator::FaultRoute;
/// assert_eq!("accounts".parse::<FaultRoute>().unwrap(), FaultRoute::Accounts);
/// assert_eq!("listRecipientsV1".parse::<FaultRoute>().unwrap(), FaultRoute::Operation("listRecipientsV1"));
/// assert!("nope".parse::<FaultRoute>().unwrap_err().contains("token, revoke"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultRoute {
    /// `POST …/oauth2/v1/token`
    Token,
    /// `DELETE|POST …/oauth2/v1/revoke`
    Revoke,
    /// `GET …/accounts`
    Accounts,
    /// `GET …/accounts/{id}`
    Account,
    /// `GET …/transactions`
    Transactions,
    /// `GET|POST …/v1/institution-disclosures`
    Disclosures,
    /// Whichever API route is called next.
    Any,
    /// One served operation of the official document, by its operationId
    /// (`"listRecipientsV1"`); parsing a name gives the canonical spelling.
    Operation(&'static str),
}

impl FaultRoute {
    const ALL: [(FaultRoute, &'static str); 7] = [
        (FaultRoute::Token, "token"),
        (FaultRoute::Revoke, "revoke"),
        (FaultRoute::Accounts, "accounts"),
        (FaultRoute::Account, "account"),
        (FaultRoute::Transactions, "transactions"),
        (FaultRoute::Disclosures, "disclosures"),
        (FaultRoute::Any, "any"),
    ];

    /// The wire name: lowercase, or the operationId.
    pub fn as_str(self) -> &'static str {
        if let FaultRoute::Operation(id) = self {
            return id;
        }
        Self::ALL
            .iter()
            .find(|(r, _)| *r == self)
            .map(|(_, s)| *s)
            .unwrap_or("any")
    }

    /// Whether a request that reached `hit` plays this route's faults.
    pub(crate) fn applies_to(self, hit: Op) -> bool {
        match self {
            FaultRoute::Any => true,
            FaultRoute::Operation(id) => hit.id().eq_ignore_ascii_case(id),
            route => hit.served().legacy == Some(route),
        }
    }
}

impl fmt::Display for FaultRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FaultRoute {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl FromStr for FaultRoute {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let name = s.trim();
        Self::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(r, _)| *r)
            .or_else(|| Op::find(name).map(|op| FaultRoute::Operation(op.id())))
            .ok_or_else(|| {
                format!(
                    "unknown fault route {s:?}; expected one of: token, revoke, accounts, account, transactions, disclosures, any, or the operationId of a served operation (e.g. listRecipientsV1)"
                )
            })
    }
}

/// How a faulted request misbehaves.
///
/// ```
/// use candescent_emulator::FaultKind;
/// assert_eq!("reset".parse::<FaultKind>().unwrap(), FaultKind::Reset);
/// assert_eq!(FaultKind::Malformed.to_string(), "malformed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// Answer `status` with an error body `{code, message}` (and `Retry-After` if given).
    Status,
    /// Close the connection without sending any response.
    Reset,
    /// Wait `stall_ms` (default 60 s), then answer normally.
    Stall,
    /// Answer 200 `application/json` with a body cut off mid-JSON.
    Malformed,
    /// Answer `status` (default 200) with `body` as given, `content_type` (default JSON).
    /// `{secret}`, `{basic}`, `{form}` and `{token}` in the body are replaced by the client
    /// secret, the `Basic` value, the token request's form body with credentials, and every
    /// live access token: a server that echoes credentials back.
    Body,
    /// Announce a `Content-Length`, send half of a plausible body, then drop the connection.
    Truncated,
    /// Answer `status` (default 200) with `size` bytes (default 64 MiB), streamed without a length.
    Oversized,
    /// Answer `status` (default 302) with a `Location` (default `https://example.com/`).
    Redirect,
}

impl FaultKind {
    const ALL: [(FaultKind, &'static str); 8] = [
        (FaultKind::Status, "status"),
        (FaultKind::Reset, "reset"),
        (FaultKind::Stall, "stall"),
        (FaultKind::Malformed, "malformed"),
        (FaultKind::Body, "body"),
        (FaultKind::Truncated, "truncated"),
        (FaultKind::Oversized, "oversized"),
        (FaultKind::Redirect, "redirect"),
    ];

    /// Every kind's wire name, for messages.
    pub const NAMES: &'static str =
        "status, reset, stall, malformed, body, truncated, oversized, redirect";

    /// The lowercase wire name.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, s)| *s)
            .unwrap_or("status")
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FaultKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(s.trim()))
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                format!(
                    "unknown fault kind {s:?}; expected one of: {}",
                    FaultKind::NAMES
                )
            })
    }
}

// Deserialized through `FromStr` so that JSON input gets the same message,
// listing the valid values, as the bindings' string input.
macro_rules! deserialize_from_str {
    ($t:ty) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
deserialize_from_str!(FaultRoute);
deserialize_from_str!(FaultKind);

/// Default stall when `stall_ms` is not given: longer than any sane client timeout.
pub const DEFAULT_STALL_MS: u64 = 60_000;
/// Default status when a `status` fault does not name one.
pub const DEFAULT_FAULT_STATUS: u16 = 503;

fn one() -> u32 {
    1
}

/// One scripted failure, as accepted by `POST /__emulator/faults`.
///
/// ```
/// use candescent_emulator::{Fault, FaultKind, FaultRoute};
/// let fault: Fault = serde_json::from_str(r#"{"route":"accounts","kind":"status","status":503}"#).unwrap();
/// assert_eq!(fault, Fault::status(FaultRoute::Accounts, 1, 503));
/// assert_eq!(fault.kind, FaultKind::Status);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Route whose next requests fail.
    pub route: FaultRoute,
    /// How many requests fail (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// How they fail.
    pub kind: FaultKind,
    /// HTTP status for [`FaultKind::Status`] (default 503).
    #[serde(default)]
    pub status: Option<u16>,
    /// Error `code` in the body; a sensible one for the status and route by default.
    #[serde(default)]
    pub code: Option<String>,
    /// `Retry-After` header value in seconds.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Stall length for [`FaultKind::Stall`] (default 60 000 ms).
    #[serde(default)]
    pub stall_ms: Option<u64>,
    /// The body of a [`FaultKind::Body`] fault, with its placeholders.
    #[serde(default)]
    pub body: Option<String>,
    /// The `Content-Type` of a [`FaultKind::Body`] fault (default `application/json`).
    #[serde(default)]
    pub content_type: Option<String>,
    /// The body size of a [`FaultKind::Oversized`] fault, in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    /// The `Location` of a [`FaultKind::Redirect`] fault.
    #[serde(default)]
    pub location: Option<String>,
}

impl Fault {
    fn new(route: FaultRoute, count: u32, kind: FaultKind) -> Fault {
        Fault {
            route,
            count,
            kind,
            status: None,
            code: None,
            retry_after: None,
            stall_ms: None,
            body: None,
            content_type: None,
            size: None,
            location: None,
        }
    }

    /// A fault of `kind` on the next `count` requests to `route`, every option at its default;
    /// set the options with struct update syntax or the `with_` methods.
    ///
    /// ```
    /// use candescent_emulator::{Fault, FaultKind, FaultRoute};
    /// let f = Fault {
    ///     body: Some(r#"{"access_token":"t","expires_in":"9300000000000000000"}"#.into()),
    ///     ..Fault::of(FaultRoute::Token, 1, FaultKind::Body)
    /// };
    /// assert_eq!(f.status, None);
    /// ```
    pub fn of(route: FaultRoute, count: u32, kind: FaultKind) -> Fault {
        Fault::new(route, count, kind)
    }

    /// The next `count` requests to `route` answer `status`.
    ///
    /// ```
    /// use candescent_emulator::{Fault, FaultRoute};
    /// let f = Fault::status(FaultRoute::Token, 2, 500).with_code("CMN_90001").with_retry_after(3);
    /// assert_eq!(f.retry_after, Some(3));
    /// ```
    pub fn status(route: FaultRoute, count: u32, status: u16) -> Fault {
        Fault {
            status: Some(status),
            ..Fault::new(route, count, FaultKind::Status)
        }
    }

    /// The next `count` requests to `route` get their connection closed without a response.
    ///
    /// ```
    /// let f = candescent_emulator::Fault::reset(candescent_emulator::FaultRoute::Any, 1);
    /// assert_eq!(f.kind, candescent_emulator::FaultKind::Reset);
    /// ```
    pub fn reset(route: FaultRoute, count: u32) -> Fault {
        Fault::new(route, count, FaultKind::Reset)
    }

    /// The next `count` requests to `route` wait `stall_ms` before answering.
    ///
    /// ```
    /// let f = candescent_emulator::Fault::stall(candescent_emulator::FaultRoute::Accounts, 1, 5_000);
    /// assert_eq!(f.stall_ms, Some(5_000));
    /// ```
    pub fn stall(route: FaultRoute, count: u32, stall_ms: u64) -> Fault {
        Fault {
            stall_ms: Some(stall_ms),
            ..Fault::new(route, count, FaultKind::Stall)
        }
    }

    /// The next `count` requests to `route` get a truncated JSON body.
    ///
    /// ```
    /// let f = candescent_emulator::Fault::malformed(candescent_emulator::FaultRoute::Transactions, 1);
    /// assert_eq!(f.count, 1);
    /// ```
    pub fn malformed(route: FaultRoute, count: u32) -> Fault {
        Fault::new(route, count, FaultKind::Malformed)
    }

    /// Sets the error `code` of a status fault.
    pub fn with_code(mut self, code: impl Into<String>) -> Fault {
        self.code = Some(code.into());
        self
    }

    /// Sets the `Retry-After` seconds of a status fault.
    pub fn with_retry_after(mut self, seconds: u64) -> Fault {
        self.retry_after = Some(seconds);
        self
    }

    /// Checks the values an admin request could get wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count must be at least 1".into());
        }
        if let FaultRoute::Operation(id) = self.route {
            if Op::find(id).is_none() {
                return Err(format!("{id:?} is not an operation the emulator serves"));
            }
        }
        if let Some(status) = self.status {
            if !(200..=599).contains(&status) {
                return Err(format!("status must be between 200 and 599, got {status}"));
            }
        }
        if let Some(code) = &self.code {
            if code.chars().any(char::is_control) {
                return Err("code must not contain control characters".into());
            }
        }
        for (name, value) in [
            ("content_type", &self.content_type),
            ("location", &self.location),
        ] {
            if value
                .as_deref()
                .is_some_and(|v| v.chars().any(char::is_control))
            {
                return Err(format!("{name} must not contain control characters"));
            }
        }
        if self.size.is_some_and(|n| n > MAX_OVERSIZED) {
            return Err(format!("size must be at most {MAX_OVERSIZED} bytes"));
        }
        Ok(())
    }
}

/// Default size of an [`FaultKind::Oversized`] body.
pub const DEFAULT_OVERSIZED: u64 = 64 * 1024 * 1024;
/// The largest [`FaultKind::Oversized`] body the emulator agrees to stream.
const MAX_OVERSIZED: u64 = 16 * 1024 * 1024 * 1024;

/// Pending faults, consumed in the order they were injected.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    // Lets the hot path skip the mutex when nothing is scripted, which is almost always.
    armed: AtomicBool,
    pending: Mutex<Vec<Fault>>,
}

impl FaultQueue {
    pub(crate) fn push(&self, fault: Fault) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.push(fault);
        self.armed.store(true, Ordering::Release);
    }

    /// Takes one use of the first fault that applies to a request for `hit`, if any.
    pub(crate) fn take(&self, hit: Op) -> Option<Fault> {
        if !self.armed.load(Ordering::Acquire) {
            return None;
        }
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let i = pending.iter().position(|f| f.route.applies_to(hit))?;
        let fault = pending[i].clone();
        pending[i].count -= 1;
        if pending[i].count == 0 {
            pending.remove(i);
        }
        if pending.is_empty() {
            self.armed.store(false, Ordering::Release);
        }
        Some(fault)
    }

    pub(crate) fn clear(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.clear();
        self.armed.store(false, Ordering::Release);
    }
}

/// Plays `fault` on a request to `route`: `Ok` lets the request go on (after a stall),
/// `Err` carries the answer that replaces the normal one.
pub(crate) async fn play(
    state: &AppState,
    fault: Fault,
    hit: Op,
    family: Family,
    conn: Option<&ConnectionControl>,
) -> Result<(), Response> {
    match fault.kind {
        FaultKind::Status => {
            let status = fault.status.unwrap_or(DEFAULT_FAULT_STATUS);
            let mut error = ApiError::for_status(family, status);
            if let Some(code) = fault.code {
                error.code = code.into();
            }
            error.retry_after = fault.retry_after;
            Err(error.into_response())
        }
        FaultKind::Reset => {
            if let Some(conn) = conn {
                conn.drop_connection();
                // The connection task drops this future together with the socket.
                std::future::pending::<()>().await;
            }
            Err(ApiError::for_status(family, 500).into_response())
        }
        FaultKind::Stall => {
            tokio::time::sleep(Duration::from_millis(
                fault.stall_ms.unwrap_or(DEFAULT_STALL_MS),
            ))
            .await;
            Ok(())
        }
        FaultKind::Malformed => Err(json_response(
            StatusCode::OK,
            Bytes::from_static(truncated_body(hit)),
        )),
        FaultKind::Body => {
            let body = echo(state, fault.body.as_deref().unwrap_or_default());
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = status_of(fault.status, StatusCode::OK);
            let content_type = fault.content_type.as_deref().unwrap_or("application/json");
            if let Ok(value) = HeaderValue::from_str(content_type) {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
            add_retry_after(&mut response, fault.retry_after);
            Err(response)
        }
        FaultKind::Truncated => {
            let whole = truncated_body(hit);
            let half = Bytes::from_static(&whole[..whole.len() / 2]);
            // The pause lets the head and the first half go out before the connection drops.
            let chunks = futures::stream::unfold(Some(half), |state| async move {
                match state {
                    Some(half) => Some((Ok(half), None)),
                    None => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Some((
                            Err(std::io::Error::other("connection dropped mid-body")),
                            None,
                        ))
                    }
                }
            });
            let mut response = Response::new(Body::from_stream(chunks));
            *response.status_mut() = status_of(fault.status, StatusCode::OK);
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(whole.len() * 4));
            Err(response)
        }
        FaultKind::Oversized => {
            static PAD: [u8; 64 * 1024] = [b' '; 64 * 1024];
            let size = fault.size.unwrap_or(DEFAULT_OVERSIZED);
            let mut left = size.saturating_sub(1);
            let chunks = std::iter::once(Bytes::from_static(b"["))
                .chain(std::iter::from_fn(move || {
                    let n = left.min(PAD.len() as u64) as usize;
                    left -= n as u64;
                    (n > 0).then(|| Bytes::from_static(&PAD[..n]))
                }))
                .map(Ok::<_, std::io::Error>);
            let mut response = Response::new(Body::from_stream(futures::stream::iter(chunks)));
            *response.status_mut() = status_of(fault.status, StatusCode::OK);
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            Err(response)
        }
        FaultKind::Redirect => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = status_of(fault.status, StatusCode::FOUND);
            let location = fault.location.as_deref().unwrap_or("https://example.com/");
            if let Ok(value) = HeaderValue::from_str(location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            Err(response)
        }
    }
}

fn status_of(status: Option<u16>, default: StatusCode) -> StatusCode {
    status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(default)
}

fn add_retry_after(response: &mut Response, seconds: Option<u64>) {
    if let Some(seconds) = seconds {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
}

/// Fills the echo placeholders with what a careless server would quote back.
fn echo(state: &AppState, template: &str) -> String {
    if !template.contains('{') {
        return template.to_owned();
    }
    let config = &state.config;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", config.client_id, config.client_secret))
    );
    let form: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_id", &config.client_id)
        .append_pair("client_secret", &config.client_secret)
        .finish();
    template
        .replace("{secret}", &config.client_secret)
        .replace("{basic}", &basic)
        .replace("{form}", &form)
        .replace("{token}", &state.tokens.live().join(" "))
}

/// A plausible start of the route's real answer, cut off mid-value.
fn truncated_body(hit: Op) -> &'static [u8] {
    let Some(route) = hit.served().legacy else {
        return br#"{"id":"3f9a7c1e-52b4-4d7e-9a51-0c6e8f2d41b7","status":"PEND"#;
    };
    match route {
        FaultRoute::Token => br#"{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOi"#,
        FaultRoute::Revoke => br#"{"status":"revok"#,
        FaultRoute::Accounts => {
            br#"{"accounts":[{"id":"FJLqiQAy1lvswlZXcu9rA0mD8ohakVblGGbi-f-r29A","currentBalance":{"currencyCode":"USD","amount":4435"#
        }
        FaultRoute::Account => br#"{"id":"LucHSRuNSd8zWXLh_x0o9XuPyoAfObcCKKvpEh_J4WM","category":"DEP"#,
        FaultRoute::Disclosures => br#"{"institutionDisclosures":[{"institutionDisclosureId":"10"#,
        FaultRoute::Transactions | FaultRoute::Any | FaultRoute::Operation(_) => {
            br#"{"transactions":[{"id":"n9P-j1NKtrX0nh5rQWHKlaYSWbaHm7r6jmXWzAlSHc4","amount":{"currencyCode":"USD","amount":60"#
        }
    }
}
