//! `POST …/oauth2/v1/token` and `DELETE|POST …/oauth2/v1/revoke`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::errors::{json_response, ApiError, Family};
use crate::faults::FaultRoute;
use crate::request::{self, constant_time_eq, ConnectionControl, Params};
use crate::routes::enter;
use crate::state::AppState;
use crate::tokens::Grants;

const MAX_FORM_BYTES: usize = 64 * 1024;
const SUPPORTED_GRANTS: &str = "client_credentials";

async fn read_form(body: axum::body::Body) -> Result<Params, ApiError> {
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| {
            ApiError::validation(
                Family::Token,
                "request body is unreadable or larger than 64 KiB",
            )
        })?;
    Ok(Params::parse(&bytes))
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// Basic credentials win over form fields; both are accepted (the Quick Start allows either).
fn client_authenticated(state: &AppState, headers: &HeaderMap, form: &Params) -> bool {
    let (id, secret) = match request::basic_credentials(headers) {
        Some(Some(pair)) => pair,
        Some(None) => return false,
        None => match (form.one("client_id"), form.one("client_secret")) {
            (Ok(Some(id)), Ok(Some(secret))) => (id.to_owned(), secret.to_owned()),
            _ => return false,
        },
    };
    let config = &state.config;
    // Bitwise `&` so both comparisons always run.
    constant_time_eq(&id, &config.client_id) & constant_time_eq(&secret, &config.client_secret)
}

/// Requested scopes: `scopes` (documented, comma separated), or `scope` (RFC 6749,
/// space separated); both separators are accepted in both.
fn requested_scopes(form: &Params) -> Result<Option<Vec<String>>, ApiError> {
    let raw = match form.one("scopes") {
        Ok(Some(v)) => Some(v),
        Ok(None) => form
            .one("scope")
            .map_err(|e| ApiError::validation(Family::Token, e))?,
        Err(e) => return Err(ApiError::validation(Family::Token, e)),
    };
    let scopes: Vec<String> = raw
        .unwrap_or_default()
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    Ok((!scopes.is_empty()).then_some(scopes))
}

pub(crate) async fn issue(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let conn = parts.extensions.get::<ConnectionControl>();
    if let Err(answer) = enter(&state, FaultRoute::Token, Family::Token, conn).await {
        return answer;
    }
    match issue_checked(&state, &parts.headers, body).await {
        Ok(answer) | Err(answer) => answer,
    }
}

async fn issue_checked(
    state: &AppState,
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Result<Response, Response> {
    let fail = |e: ApiError| e.into_response();
    if !request::has_valid_transaction_id(headers) {
        return Err(fail(ApiError::bad_transaction_id(Family::Token)));
    }
    if !is_form(headers) {
        return Err(fail(ApiError::new(
            400,
            "CMN_90010",
            "Header Content-Type is invalid: send application/x-www-form-urlencoded",
        )));
    }
    let form = read_form(body).await.map_err(fail)?;
    match form.one("grant_type") {
        Ok(Some(SUPPORTED_GRANTS)) => {}
        Ok(Some(other)) => {
            return Err(fail(ApiError::new(
                400,
                "CMN_90007",
                format!("Invalid grant type {other:?}: supported grant types are: {SUPPORTED_GRANTS}"),
            )))
        }
        _ => {
            return Err(fail(ApiError::new(
                400,
                "CMN_90007",
                format!("Invalid grant type: grant_type is required; supported grant types are: {SUPPORTED_GRANTS}"),
            )))
        }
    }
    // The spec gives no status for CMN_90005; a malformed request header is a
    // client error like CMN_90008, so 400 (not 401/403).
    if request::institution_id(headers) != Some(state.config.institution_id.as_str()) {
        return Err(fail(ApiError::new(
            400,
            "CMN_90005",
            "Header institutionId is invalid",
        )));
    }
    if !client_authenticated(state, headers, &form) {
        return Err(fail(ApiError::unauthorized(Family::Token)));
    }
    let allowed = &state.config.allowed_scopes;
    let scopes = requested_scopes(&form).map_err(fail)?;
    let granted: Vec<&str> = match &scopes {
        None => allowed.iter().map(String::as_str).collect(),
        Some(wanted) => {
            if let Some(bad) = wanted.iter().find(|s| !allowed.contains(s)) {
                return Err(fail(ApiError::new(
                    403,
                    "CMN_90006",
                    format!(
                        "Not authorized to access this resource: scope {bad:?} is not allowed; allowed scopes: {}",
                        allowed.join(", ")
                    ),
                )));
            }
            wanted.iter().map(String::as_str).collect()
        }
    };
    let ttl = state.config.token_ttl;
    let token = state.tokens.issue(Grants::from_scopes(granted), ttl);
    state.counters.token_issued();
    // Written by hand so the field order and the string-typed `expires_in` are exact.
    let body = format!(
        r#"{{"access_token":"{token}","expires_in":"{}","token_type":"Bearer"}}"#,
        ttl.as_secs()
    );
    let mut response = json_response(StatusCode::OK, body.into());
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

pub(crate) async fn revoke(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let conn = parts.extensions.get::<ConnectionControl>();
    if let Err(answer) = enter(&state, FaultRoute::Revoke, Family::Token, conn).await {
        return answer;
    }
    let headers = &parts.headers;
    if !request::has_valid_transaction_id(headers) {
        return ApiError::bad_transaction_id(Family::Token).into_response();
    }
    let form = match read_form(body).await {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    if !client_authenticated(&state, headers, &form) {
        return ApiError::unauthorized(Family::Token).into_response();
    }
    match form.one("token") {
        Ok(Some(token)) if !token.is_empty() => {
            // RFC 7009: an unknown token is not an error.
            state.tokens.revoke(token);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => ApiError::validation(Family::Token, "form field token is required").into_response(),
    }
}
