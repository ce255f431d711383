//! `POST /v1/client-authorization` and `POST /v1/auth-code`: the OpenID Connect steps
//! that precede exchanging a code at the token endpoint.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::config::PARTNER_CLIENT_ID;
use crate::data::{DataStore, UserKey};
use crate::errors::{json_response, ApiError, Family};
use crate::ops::op;
use crate::request::{self, ConnectionControl, Params};
use crate::routes::{check_transaction_id, enter};
use crate::state::AppState;
use crate::tokens::{Grants, Session};

const MAX_FORM_BYTES: usize = 64 * 1024;

fn invalid(detail: impl Into<String>) -> ApiError {
    ApiError::validation(Family::Token, detail)
}

/// The checks both steps share: trace id, institution, printable form, the caller's bearer token.
async fn checked(state: &AppState, req: Request) -> Result<(Session, Params), ApiError> {
    let (parts, body) = req.into_parts();
    let headers: &HeaderMap = &parts.headers;
    check_transaction_id(headers, Family::Token)?;
    if !request::printable_headers(headers) {
        return Err(ApiError::non_printable(Family::Token));
    }
    if request::institution_id(headers) != Some(state.config.institution_id.as_str()) {
        return Err(ApiError::new(
            400,
            "CMN_90005",
            "Header institutionId is invalid",
        ));
    }
    let token = request::bearer_token(headers)
        .ok_or_else(|| ApiError::new(401, "CMN_90004", "Invalid credentials"))?;
    let session = state
        .tokens
        .check(token)
        .map_err(|_| ApiError::new(401, "CMN_90004", "Invalid credentials"))?;
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| invalid("request body is unreadable or larger than 64 KiB"))?;
    let form = Params::parse(&bytes);
    if !form.printable() {
        return Err(ApiError::non_printable(Family::Token));
    }
    Ok((session, form))
}

/// The partner application named by `client_id`: never the caller's own application.
fn partner(state: &AppState, form: &Params) -> Result<(), ApiError> {
    let client_id = form
        .non_empty("client_id")
        .map_err(invalid)?
        .ok_or_else(|| invalid("form field client_id is required"))?;
    if client_id == state.config.client_id {
        return Err(ApiError::new(
            403,
            "CMN_90009",
            "Access blocked: an application cannot authorize itself",
        ));
    }
    if client_id != PARTNER_CLIENT_ID {
        return Err(invalid(format!("unknown client_id {client_id:?}")));
    }
    Ok(())
}

fn json(value: serde_json::Value) -> Response {
    json_response(StatusCode::OK, value.to_string().into())
}

pub(crate) async fn client_authorization(
    State(state): State<Arc<AppState>>,
    req: Request,
) -> Response {
    let conn = req.extensions().get::<ConnectionControl>().cloned();
    let hit = op("authorizeClientV1");
    if let Err(answer) = enter(&state, hit, Family::Token, conn.as_ref()).await {
        return answer;
    }
    let result = async {
        let (_, form) = checked(&state, req).await?;
        partner(&state, &form)?;
        Ok::<_, ApiError>(json(serde_json::json!({
            "scopes": state.config.allowed_scopes.join(","),
            "appId": "EmulatorPartnerApp",
            "additional_info": {
                "secondary_authentication_enabled": false,
                "consent_enabled": false,
                "device_registration_enabled": false
            }
        })))
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

pub(crate) async fn auth_code(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let conn = req.extensions().get::<ConnectionControl>().cloned();
    let hit = op("generateAuthorizationCodeV1");
    if let Err(answer) = enter(&state, hit, Family::Token, conn.as_ref()).await {
        return answer;
    }
    let result = async {
        let (session, form) = checked(&state, req).await?;
        partner(&state, &form)?;
        let raw_scopes = form
            .non_empty("scopes")
            .map_err(invalid)?
            .ok_or_else(|| invalid("form field scopes is required"))?;
        let scopes: Vec<&str> = raw_scopes
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .collect();
        let allowed = &state.config.allowed_scopes;
        if let Some(bad) = scopes.iter().find(|s| !allowed.iter().any(|a| a == *s)) {
            return Err(ApiError::new(
                403,
                "CMN_90006",
                format!("Not authorized to access this resource: scope {bad:?} is not allowed"),
            ));
        }
        // A user's own token names the user; an institution token names them in the form.
        let username = form.non_empty("username").map_err(invalid)?;
        let user = match session.user {
            Some(user) => Some(user),
            None => username.and_then(UserKey::by_login),
        }
        .ok_or_else(|| invalid("username names no known user"))?;
        if username.is_some_and(|u| DataStore::resolve(None, Some(u)) != Some(user)) {
            return Err(invalid("username is not the signed-in user"));
        }
        let institution_user = form.non_empty("institution_user_id").map_err(invalid)?;
        if institution_user.is_some_and(|id| id != user.institution_user_id()) {
            return Err(invalid("institution_user_id does not match username"));
        }
        let offline = form
            .non_empty("requested_scopes")
            .map_err(invalid)?
            .is_some_and(|r| r.split([',', ' ']).any(|s| s == "offline_access"));
        let grants = Grants::from_scopes(scopes.iter().copied());
        let code = state.tokens.issue_code(
            Session {
                grants,
                user: Some(user),
            },
            PARTNER_CLIENT_ID,
            offline,
        );
        Ok(json(serde_json::json!({
            "redirect_uri": "https://example.org",
            "code": code
        })))
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}
