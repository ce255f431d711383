//! `GET …/transactions?accountId=…`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::NaiveDate;
use serde_json::Value;

use crate::data::{reference_date, DataStore, TRANSACTION_FILTER_FIELDS};
use crate::errors::{ApiError, Family};
use crate::faults::FaultRoute;
use crate::filter;
use crate::request::{ConnectionControl, Params};
use crate::routes::{authorize, enter, ok_json, user_params};
use crate::state::AppState;

const F: Family = Family::Transactions;

fn invalid(e: impl Into<String>) -> ApiError {
    ApiError::validation(F, e)
}

fn bad_dates(detail: impl Into<String>) -> ApiError {
    ApiError::new(
        400,
        "TXN_10001",
        format!(
            "The date(s) provided could not be parsed, or represented an invalid range: {}",
            detail.into()
        ),
    )
}

fn date(params: &Params, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    match params.one(name).map_err(invalid)? {
        None => Ok(None),
        Some(raw) => {
            let strict = raw.len() == 10 && raw.as_bytes()[4] == b'-' && raw.as_bytes()[7] == b'-';
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .filter(|_| strict)
                .map(Some)
                .ok_or_else(|| bad_dates(format!("{name} must be YYYY-MM-DD, got {raw:?}")))
        }
    }
}

pub(crate) async fn list(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    if let Err(answer) = enter(
        &state,
        FaultRoute::Transactions,
        F,
        parts.extensions.get::<ConnectionControl>(),
    )
    .await
    {
        return answer;
    }
    match list_checked(&state, &parts) {
        Ok(body) => ok_json(body),
        Err(e) => e.into_response(),
    }
}

fn list_checked(state: &AppState, parts: &Parts) -> Result<Bytes, ApiError> {
    authorize(state, &parts.headers, F)?;
    let params = Params::parse(parts.uri.query().unwrap_or_default().as_bytes());
    let account_id = params
        .non_empty("accountId")
        .map_err(invalid)?
        .ok_or_else(|| ApiError::new(400, "TXN_10007", "A valid account id is required"))?;
    let (host, login) = user_params(&params, F)?;
    let start = date(&params, "startDate")?;
    let end = date(&params, "endDate")?;
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return Err(bad_dates(format!("startDate {s} is after endDate {e}")));
        }
    }
    let skip = params.count("$skip").map_err(invalid)?.unwrap_or(0);
    let top = params.count("$top").map_err(invalid)?;
    let credit = params.flag("isCreditTransaction").map_err(invalid)?;
    let future = params
        .flag("retrieveFutureTransactions")
        .map_err(invalid)?
        .unwrap_or(false);
    params.flag("additionalFields").map_err(invalid)?;
    let raw_filter = params.one("$filter").map_err(invalid)?;
    let key = format!(
        "transactions|{host:?}/{login:?}|{account_id}|{start:?}|{end:?}|{skip}|{top:?}|{credit:?}|{future}|{raw_filter:?}"
    );
    if let Some(hit) = state.cache.get(&key) {
        return Ok(hit);
    }
    let expr = raw_filter
        .map(|f| filter::parse(f, TRANSACTION_FILTER_FIELDS))
        .transpose()
        .map_err(|e| invalid(format!("$filter: {e}")))?;
    let user = DataStore::resolve(host, login).ok_or_else(ApiError::user_not_found)?;
    // No TXN code means "not found"; the account-id code with 404 says both what and why.
    let txns = state.data.transactions(user, account_id).ok_or_else(|| {
        ApiError::new(
            404,
            "TXN_10007",
            "A valid account id is required: no such account for this user",
        )
    })?;
    let today = reference_date();
    let page: Vec<&Value> = txns
        .iter()
        .filter(|t| future || t.date <= today)
        .filter(|t| start.is_none_or(|s| t.date >= s) && end.is_none_or(|e| t.date <= e))
        .filter(|t| credit.is_none_or(|c| t.credit == c))
        .filter(|t| expr.as_ref().is_none_or(|e| e.matches(*t)))
        .skip(skip)
        .take(top.unwrap_or(usize::MAX))
        .map(|t| &t.json)
        .collect();
    let body = Bytes::from(
        serde_json::to_vec(&serde_json::json!({ "transactions": page })).unwrap_or_default(),
    );
    state.cache.insert(key, body.clone());
    Ok(body)
}
