//! HTTP handlers, one file per resource family, plus what every API route does first.

pub(crate) mod accounts;
pub(crate) mod activities;
pub(crate) mod admin;
pub(crate) mod alert_history;
pub(crate) mod alert_preferences;
pub(crate) mod alerts;
pub(crate) mod audience;
pub(crate) mod auth_code;
pub(crate) mod business;
pub(crate) mod customers;
pub(crate) mod disclosures;
pub(crate) mod dispatch;
pub(crate) mod estatements;
pub(crate) mod groups;
pub(crate) mod images;
pub(crate) mod jobs;
pub(crate) mod payments;
pub(crate) mod recipients;
pub(crate) mod token;
pub(crate) mod transactions;
pub(crate) mod users;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bytes::Bytes;

use crate::data::{DataStore, UserKey};
use crate::errors::{json_response, ApiError, Family};
use crate::ops::Op;
use crate::request::{self, ConnectionControl, Params};
use crate::state::AppState;
use crate::tokens::Session;

/// Counts the request to `op` (and the older route it is known by), adds the configured
/// latency and plays any scripted fault. `Err` carries the answer that replaces the normal one.
pub(crate) async fn enter(
    state: &AppState,
    op: Op,
    family: Family,
    conn: Option<&ConnectionControl>,
) -> Result<(), Response> {
    state.counters.hit(op);
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let Some(fault) = state.faults.take(op) else {
        return Ok(());
    };
    crate::faults::play(state, fault, op, family, conn).await
}

/// The data-route checks that precede parameter validation, in the API's order:
/// transactionId, printable request, bearer token, scope (and institutionId), Accept.
pub(crate) fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    query: &str,
    family: Family,
) -> Result<Session, ApiError> {
    check_transaction_id(headers, family)?;
    if !request::printable_query(query) {
        return Err(ApiError::non_printable(family));
    }
    let token = match request::bearer_token(headers) {
        Some(token) => token,
        None if request::has_authorization(headers) => return Err(ApiError::unauthorized(family)),
        None => return Err(ApiError::missing_authorization(family)),
    };
    let session = state
        .tokens
        .check(token)
        .map_err(|_| ApiError::unauthorized(family))?;
    let allowed = match family {
        Family::Transactions => session.grants.transactions_read(),
        _ => session.grants.accounts_read(),
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
        return Err(ApiError::not_acceptable(family));
    }
    Ok(session)
}

/// The `transactionId` header: present, not too long, printable, a UUID.
pub(crate) fn check_transaction_id(headers: &HeaderMap, family: Family) -> Result<(), ApiError> {
    match request::transaction_id(headers) {
        request::TraceId::Missing | request::TraceId::Invalid => {
            Err(ApiError::bad_transaction_id(family))
        }
        request::TraceId::TooLong => Err(ApiError::transaction_id_too_long(family)),
        request::TraceId::NonPrintable => Err(ApiError::non_printable(family)),
        request::TraceId::Valid => Ok(()),
    }
}

/// Whom a data call is about.
pub(crate) struct Subject {
    /// `None`: the parameters name no known user.
    pub user: Option<UserKey>,
    /// Part of the answer cache key.
    pub tag: String,
}

/// A user's own token names its user, so `hostUserId`/`loginId` are optional and, when
/// given, must name that user. An institution token needs exactly one of the two.
pub(crate) fn subject(
    session: &Session,
    params: &Params,
    family: Family,
) -> Result<Subject, ApiError> {
    let v = |e: String| ApiError::validation(family, e);
    let host = params.non_empty("hostUserId").map_err(v)?;
    let login = params.non_empty("loginId").map_err(v)?;
    if host.is_some() && login.is_some() {
        return Err(ApiError::validation(
            family,
            "hostUserId and loginId are mutually exclusive",
        ));
    }
    if let Some(own) = session.user {
        if (host.is_some() || login.is_some()) && DataStore::resolve(host, login) != Some(own) {
            return Err(ApiError::forbidden(family));
        }
        return Ok(Subject {
            user: Some(own),
            tag: format!("token:{}", own.login_id()),
        });
    }
    if host.is_none() && login.is_none() {
        return Err(ApiError::validation(
            family,
            "one of hostUserId or loginId is required",
        ));
    }
    Ok(Subject {
        user: DataStore::resolve(host, login),
        tag: format!("{host:?}/{login:?}"),
    })
}

/// A 200 JSON answer of a data route from cached bytes, counted as an accepted call.
pub(crate) fn ok_json(state: &AppState, body: Bytes) -> Response {
    state.counters.accepted();
    json_response(StatusCode::OK, body)
}
