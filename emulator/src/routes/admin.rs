//! The control API under `/__emulator/`; its requests are never counted or faulted.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::errors::{json_response, ApiError};
use crate::faults::Fault;
use crate::state::AppState;

fn bad_request(message: String) -> Response {
    ApiError::new(400, "EMULATOR_BAD_REQUEST", message).into_response()
}

pub(crate) async fn stats(State(state): State<Arc<AppState>>) -> Response {
    let body = serde_json::to_vec(&state.counters.snapshot()).unwrap_or_default();
    json_response(StatusCode::OK, body.into())
}

/// `{"accepted": [[unix_second, count], …]}`: data calls answered 200 in each second.
pub(crate) async fn accepted(State(state): State<Arc<AppState>>) -> Response {
    let body = serde_json::json!({ "accepted": state.counters.accepted_per_second() });
    json_response(StatusCode::OK, body.to_string().into())
}

pub(crate) async fn inject_fault(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => {
            return bad_request(format!(
                "invalid fault: {e}. Expected {{\"route\": \"token|revoke|accounts|account|transactions|disclosures|any|<operationId>\", \
                 \"kind\": \"{}\", \"count\": n, \"status\": 503, \"code\": \"…\", \
                 \"retry_after\": seconds, \"stall_ms\": ms, \"body\": \"…\", \"content_type\": \"…\", \
                 \"size\": bytes, \"location\": \"…\"}}",
                crate::faults::FaultKind::NAMES.replace(", ", "|")
            ))
        }
    };
    if let Err(e) = fault.validate() {
        return bad_request(format!("invalid fault: {e}"));
    }
    state.faults.push(fault);
    StatusCode::NO_CONTENT.into_response()
}

/// `{"refresh_tokens": false}` expires only the access tokens; no body expires every token.
pub(crate) async fn expire_tokens(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    #[derive(serde::Deserialize)]
    struct Expire {
        #[serde(default = "yes")]
        refresh_tokens: bool,
    }
    fn yes() -> bool {
        true
    }
    let expire = if body.iter().all(u8::is_ascii_whitespace) {
        Expire {
            refresh_tokens: true,
        }
    } else {
        match serde_json::from_slice::<Expire>(&body) {
            Ok(e) => e,
            Err(e) => {
                return bad_request(format!(
                    "invalid body: {e}. Expected nothing or {{\"refresh_tokens\": false}}"
                ))
            }
        }
    };
    if expire.refresh_tokens {
        state.tokens.expire_all();
    } else {
        state.tokens.expire_access();
    }
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) async fn revoke_tokens(State(state): State<Arc<AppState>>) -> StatusCode {
    state.tokens.revoke_all();
    StatusCode::NO_CONTENT
}

pub(crate) async fn reset(State(state): State<Arc<AppState>>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}
