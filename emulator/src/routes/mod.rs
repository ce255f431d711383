//! HTTP handlers, one file per resource, plus what every API route does first.

pub(crate) mod accounts;
pub(crate) mod admin;
pub(crate) mod token;
pub(crate) mod transactions;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bytes::Bytes;

use crate::errors::{json_response, ApiError, Family};
use crate::faults::FaultRoute;
use crate::request::{self, ConnectionControl, Params};
use crate::state::AppState;
use crate::tokens::Grants;

/// Counts the request, adds the configured latency and plays any scripted fault.
/// `Err` carries the answer that replaces the normal one.
pub(crate) async fn enter(
    state: &AppState,
    route: FaultRoute,
    family: Family,
    conn: Option<&ConnectionControl>,
) -> Result<(), Response> {
    state.counters.hit(route);
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let Some(fault) = state.faults.take(route) else {
        return Ok(());
    };
    crate::faults::play(state, fault, route, family, conn).await
}

/// The data-route checks that precede parameter validation, in the API's order:
/// transactionId, bearer token, scope (and institutionId), Accept.
pub(crate) fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    family: Family,
) -> Result<Grants, ApiError> {
    if !request::has_valid_transaction_id(headers) {
        return Err(ApiError::bad_transaction_id(family));
    }
    let token = request::bearer_token(headers).ok_or_else(|| ApiError::unauthorized(family))?;
    let grants = state
        .tokens
        .check(token)
        .map_err(|_| ApiError::unauthorized(family))?;
    let allowed = match family {
        Family::Transactions => grants.transactions_read,
        _ => grants.accounts_read,
    };
    if !allowed {
        return Err(ApiError::forbidden(family));
    }
    // The spec does not declare institutionId on data calls, so it is optional,
    // but a token must not read another institution's data.
    if request::institution_id(headers).is_some_and(|id| id != state.config.institution_id) {
        return Err(ApiError::forbidden(family));
    }
    if !request::accepts_json(headers) {
        return Err(ApiError::not_acceptable());
    }
    Ok(grants)
}

/// Exactly one of `hostUserId` / `loginId`.
pub(crate) fn user_params(
    params: &Params,
    family: Family,
) -> Result<(Option<&str>, Option<&str>), ApiError> {
    let v = |e: String| ApiError::validation(family, e);
    let host = params.non_empty("hostUserId").map_err(v)?;
    let login = params.non_empty("loginId").map_err(v)?;
    match (host, login) {
        (Some(_), Some(_)) => Err(ApiError::validation(
            family,
            "hostUserId and loginId are mutually exclusive",
        )),
        (None, None) => Err(ApiError::validation(
            family,
            "one of hostUserId or loginId is required",
        )),
        pair => Ok(pair),
    }
}

/// A 200 JSON answer from cached bytes.
pub(crate) fn ok_json(body: Bytes) -> Response {
    json_response(StatusCode::OK, body)
}
