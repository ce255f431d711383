//! `GET /v1/institution-disclosures` (the institution's disclosures) and
//! `POST /v1/institution-disclosures` (a new one), as the official "Institution Disclosures"
//! Postman collection calls them: bearer token, `transactionId`, JSON in and out. The SDK
//! has no typed call for them, which makes them the emulator's routes for `request()`.

use std::sync::{Arc, Mutex};

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{json, Map, Value};

use super::{check_transaction_id, enter};
use crate::errors::{json_response, ApiError, Family};
use crate::faults::FaultRoute;
use crate::request::{self, ConnectionControl};
use crate::state::AppState;

/// The gateway's codes (`CMN_…`): the disclosures service answers behind it.
const F: Family = Family::Token;
/// A request body larger than this is refused.
const MAX_BODY: usize = 64 * 1024;

/// The disclosures one emulator holds; the first is there from the start.
#[derive(Debug)]
pub(crate) struct Disclosures(Mutex<Vec<Value>>);

impl Default for Disclosures {
    fn default() -> Self {
        Disclosures(Mutex::new(vec![json!({
            "institutionDisclosureId": "1001",
            "institutionDisclosureName": "OLS",
            "institutionDisclosureData": "https://www.testbank.com/online-statements.pdf",
            "institutionDisclosureDataType": "URL",
            "institutionDisclosureStatus": true
        })]))
    }
}

impl Disclosures {
    /// Back to the one disclosure of a new emulator.
    pub(crate) fn reset(&self) {
        *self.lock() = Disclosures::default().0.into_inner().unwrap_or_default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Value>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The checks of every data call behind the gateway: transactionId, printable request,
/// bearer token, Accept.
fn gateway(state: &AppState, parts: &Parts) -> Result<(), ApiError> {
    let headers: &HeaderMap = &parts.headers;
    check_transaction_id(headers, F)?;
    let query = parts.uri.query().unwrap_or_default();
    if !request::printable_query(query) || !request::printable_headers(headers) {
        return Err(ApiError::non_printable(F));
    }
    let unauthorized = || {
        ApiError::new(
            401,
            "CMN_90001",
            "Client not authorized to access this resource",
        )
    };
    let token = request::bearer_token(headers).ok_or_else(unauthorized)?;
    state.tokens.check(token).map_err(|_| unauthorized())?;
    if !request::accepts_json(headers) {
        return Err(ApiError::not_acceptable(F));
    }
    Ok(())
}

pub(crate) async fn list(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let conn = parts.extensions.get::<ConnectionControl>();
    if let Err(answer) = enter(&state, FaultRoute::Disclosures, F, conn).await {
        return answer;
    }
    match gateway(&state, &parts) {
        Ok(()) => {
            let body = json!({ "institutionDisclosures": *state.disclosures.lock() });
            state.counters.accepted();
            json_response(StatusCode::OK, Bytes::from(body.to_string()))
        }
        Err(e) => e.into_response(),
    }
}

pub(crate) async fn create(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let conn = parts.extensions.get::<ConnectionControl>();
    if let Err(answer) = enter(&state, FaultRoute::Disclosures, F, conn).await {
        return answer;
    }
    let body = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    match create_checked(&state, &parts, &body) {
        Ok(created) => {
            state.counters.accepted();
            json_response(StatusCode::CREATED, Bytes::from(created.to_string()))
        }
        Err(e) => e.into_response(),
    }
}

fn create_checked(state: &AppState, parts: &Parts, body: &[u8]) -> Result<Value, ApiError> {
    gateway(state, parts)?;
    let json_body = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"));
    if !json_body {
        return Err(ApiError::not_acceptable(F));
    }
    let invalid = |detail: &str| ApiError::validation(F, detail.to_owned());
    let mut fields: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => map,
        _ => return Err(invalid("the body must be a JSON object")),
    };
    match fields.get("institutionDisclosureName") {
        Some(Value::String(name)) if !name.trim().is_empty() => {}
        _ => return Err(invalid("institutionDisclosureName is required")),
    }
    if !matches!(
        fields.get("institutionDisclosureStatus"),
        None | Some(Value::Bool(_))
    ) {
        return Err(invalid("institutionDisclosureStatus must be a boolean"));
    }
    let mut all = state.disclosures.lock();
    let id = (1001 + all.len()).to_string();
    fields.insert("institutionDisclosureId".into(), Value::String(id));
    let created = Value::Object(fields);
    all.push(created.clone());
    Ok(created)
}
