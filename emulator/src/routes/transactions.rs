//! `GET …/transactions?accountId=…`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::{Duration, NaiveDate};
use serde_json::{Map, Value};

use crate::data::{reference_date, Transaction, TRANSACTION_FILTER_FIELDS};
use crate::errors::{ApiError, Family};
use crate::filter;
use crate::ops::{op, Op};
use crate::request::{ConnectionControl, Params};
use crate::routes::{authorize, enter, ok_json, subject};
use crate::state::AppState;

const F: Family = Family::Transactions;
const LIST: Op = op("listAccountTransactionsV1");

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
    if let Err(answer) = enter(&state, LIST, F, parts.extensions.get::<ConnectionControl>()).await {
        return answer;
    }
    match list_checked(&state, &parts) {
        Ok(body) => ok_json(&state, body),
        Err(e) => e.into_response(),
    }
}

/// The emulated institution's minimum `$top`: a smaller `$top` is raised to it.
pub(crate) const MIN_TOP: usize = 4;
/// How far past "today" `retrieveFutureTransactions=true` looks (it ignores `endDate`).
pub(crate) const FUTURE_DAYS: i64 = 30;
/// The institution's time zone, reported by `additionalFields=true`.
const TIME_ZONE: (&str, &str) = ("America/Los_Angeles", "-7");

fn bad_filter(e: filter::FilterError) -> ApiError {
    ApiError::new(400, "TXN_20005", format!("Invalid $filter expression: {e}"))
}

fn unknown_account() -> ApiError {
    ApiError::new(400, "TXN_10007", "A valid account id is required")
}

fn list_checked(state: &AppState, parts: &Parts) -> Result<Bytes, ApiError> {
    let query = parts.uri.query().unwrap_or_default();
    let session = authorize(state, &parts.headers, query, F)?;
    let params = Params::parse(query.as_bytes());
    let account_id = params
        .non_empty("accountId")
        .map_err(invalid)?
        .ok_or_else(unknown_account)?;
    let who = subject(&session, &params, F)?;
    let customer = params.non_empty("institutionCustomerId").map_err(invalid)?;
    let start = date(&params, "startDate")?;
    let future = params
        .flag("retrieveFutureTransactions")
        .map_err(invalid)?
        .unwrap_or(false);
    let today = reference_date();
    // The documented override: with future transactions the end is today plus the
    // institution's future window, whatever endDate says.
    let end = match date(&params, "endDate")? {
        _ if future => Some(today + Duration::days(FUTURE_DAYS)),
        given => given,
    };
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return Err(bad_dates(format!("startDate {s} is after endDate {e}")));
        }
    }
    let skip = params.count("$skip").map_err(invalid)?;
    let top = params
        .count("$top")
        .map_err(invalid)?
        .map(|t| t.max(MIN_TOP));
    let credit = params.flag("isCreditTransaction").map_err(invalid)?;
    let additional = params
        .flag("additionalFields")
        .map_err(invalid)?
        .unwrap_or(false);
    let raw_filter = params.one("$filter").map_err(invalid)?;
    let key = format!(
        "transactions|{}|{account_id}|{customer:?}|{start:?}|{end:?}|{skip:?}|{top:?}|{credit:?}|{future}|{additional}|{raw_filter:?}",
        who.tag
    );
    if let Some(hit) = state.cache.get(&key) {
        return Ok(hit);
    }
    let expr = raw_filter
        .map(|f| filter::parse_case_insensitive(f, TRANSACTION_FILTER_FIELDS))
        .transpose()
        .map_err(bad_filter)?;
    let user = who.user.ok_or_else(ApiError::user_not_found_txn)?;
    let txns = state
        .data
        .transactions(user, account_id)
        .ok_or_else(unknown_account)?;
    if let Some(customer) = customer {
        let owner = state
            .data
            .account(user, account_id)
            .map(|a| a.customer().to_owned());
        if owner.as_deref() != Some(customer) {
            return Err(ApiError::new(
                400,
                "TXN_10006",
                "A valid institution customer id is required for business users",
            ));
        }
    }
    // The documented order: date range, then $skip/$top, then $filter, then isCreditTransaction.
    let in_range: Vec<&Transaction> = txns
        .iter()
        .filter(|t| start.is_none_or(|s| t.date >= s))
        .filter(|t| match end {
            Some(e) => t.date <= e && (future || t.date <= today),
            None => t.date <= today,
        })
        .collect();
    let count = in_range.len();
    let from = skip.unwrap_or(0);
    let page: Vec<&Value> = in_range
        .iter()
        .skip(from)
        .take(top.unwrap_or(usize::MAX))
        .filter(|t| expr.as_ref().is_none_or(|e| e.matches(**t)))
        .filter(|t| credit.is_none_or(|c| t.credit == c))
        .map(|t| &t.json)
        .collect();
    let mut out = Map::new();
    if let (Some(_), Some(top)) = (skip, top) {
        if count > 0 && from < count {
            let mut pagination = Map::new();
            pagination.insert("count".into(), Value::from(count));
            pagination.insert("top".into(), Value::from(top));
            if from > 0 {
                let previous = from.saturating_sub(top);
                pagination.insert(
                    "previous".into(),
                    Value::from(format!("/transactions?$skip={previous}&$top={top}")),
                );
            }
            if from + top < count {
                pagination.insert(
                    "next".into(),
                    Value::from(format!("/transactions?$skip={}&$top={top}", from + top)),
                );
            }
            out.insert("pagination".into(), Value::Object(pagination));
        }
    }
    out.insert("transactions".into(), serde_json::json!(page));
    if additional {
        out.insert(
            "additionalInfo".into(),
            serde_json::json!({ "entry": [
                { "key": "timeZone", "value": TIME_ZONE.0 },
                { "key": "timeZoneOffset", "value": TIME_ZONE.1 }
            ] }),
        );
    }
    let body = Bytes::from(serde_json::to_vec(&Value::Object(out)).unwrap_or_default());
    state.cache.insert(key, body.clone());
    Ok(body)
}
