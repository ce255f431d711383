//! `GET …/accounts` and `GET …/accounts/{accountId}`.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::data::{Account, AccountFields, Render, UserKey, View, ACCOUNT_FILTER_FIELDS};
use crate::errors::{ApiError, Family};
use crate::filter;
use crate::ops::{op, Op};
use crate::request::{ConnectionControl, Params};
use crate::routes::{authorize, enter, ok_json, subject};
use crate::state::AppState;
use crate::tokens::Session;

const F: Family = Family::Accounts;
const LIST: Op = op("listAccountsV1");
const GET_ONE: Op = op("getAccountByIdV1");

fn invalid(e: impl Into<String>) -> ApiError {
    ApiError::validation(F, e)
}

/// Parameters shared by both account routes.
struct Common<'a> {
    user: Option<UserKey>,
    user_tag: String,
    render: Render,
    cross_account: bool,
    customer: Option<&'a str>,
}

fn common<'a>(params: &'a Params, session: &Session) -> Result<Common<'a>, ApiError> {
    let who = subject(session, params, F)?;
    let view = View::parse(params.one("viewName").map_err(invalid)?).map_err(invalid)?;
    let cross_account = params
        .flag("crossAccount")
        .map_err(invalid)?
        .unwrap_or(true);
    let additional_fields = params
        .flag("additionalFields")
        .map_err(invalid)?
        .unwrap_or(false);
    let customer = params.non_empty("institutionCustomerId").map_err(invalid)?;
    Ok(Common {
        user: who.user,
        user_tag: who.tag,
        render: Render {
            view,
            unmasked: session.grants.accounts_unmasked(),
            additional_fields,
        },
        cross_account,
        customer,
    })
}

/// `$apply=groupBy(customer)` paging: `Some(skip)` when grouping was asked for.
fn grouping(params: &Params, customer: Option<&str>) -> Result<Option<usize>, ApiError> {
    let apply = params.one("$apply").map_err(invalid)?;
    let top = params.one("$topGroups").map_err(invalid)?;
    let skip = params.count("$skipGroups").map_err(invalid)?;
    if apply.is_none() && top.is_none() && skip.is_none() {
        return Ok(None);
    }
    if customer.is_some() {
        return Err(invalid(
            "institutionCustomerId cannot be combined with $apply, $topGroups or $skipGroups",
        ));
    }
    let (Some(apply), Some(top), Some(skip)) = (apply, top, skip) else {
        return Err(invalid(
            "$apply=groupBy(customer), $skipGroups and $topGroups go together",
        ));
    };
    let compact: String = apply.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.eq_ignore_ascii_case("groupBy(customer)") {
        return Err(invalid(format!(
            "$apply supports only groupBy(customer), got {apply:?}"
        )));
    }
    if top.trim() != "1" {
        return Err(invalid(format!("$topGroups supports only 1, got {top:?}")));
    }
    Ok(Some(skip))
}

fn bad_filter(e: filter::FilterError) -> ApiError {
    ApiError::new(
        400,
        "ACC_00005",
        format!("Error processing filter expression: {e}"),
    )
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

fn list_checked(state: &AppState, parts: &Parts) -> Result<Bytes, ApiError> {
    let query = parts.uri.query().unwrap_or_default();
    let session = authorize(state, &parts.headers, query, F)?;
    let params = Params::parse(query.as_bytes());
    let c = common(&params, &session)?;
    let group_skip = grouping(&params, c.customer)?;
    let raw_filter = params.one("$filter").map_err(invalid)?;
    let key = format!(
        "accounts|{}|{:?}|{}|{:?}|{:?}|{:?}",
        c.user_tag, c.render, c.cross_account, c.customer, group_skip, raw_filter
    );
    // A cached answer implies every check below passed for these exact parameters.
    if let Some(hit) = state.cache.get(&key) {
        return Ok(hit);
    }
    let expr = raw_filter
        .map(|f| filter::parse(f, ACCOUNT_FILTER_FIELDS))
        .transpose()
        .map_err(bad_filter)?;
    let user = c.user.ok_or_else(ApiError::user_not_found)?;
    let accounts = state.data.accounts(user);
    let selected: Vec<&Account> = accounts
        .iter()
        .filter(|a| c.cross_account || !a.is_cross_user())
        .filter(|a| c.customer.is_none_or(|id| a.customer() == id))
        .filter(|a| {
            expr.as_ref().is_none_or(|e| {
                e.matches(&AccountFields {
                    account: a,
                    unmasked: c.render.unmasked,
                })
            })
        })
        .collect();
    let mut out = Map::new();
    let page: Vec<&Account> = match group_skip {
        None => selected,
        Some(skip) => {
            let mut groups: Vec<(&str, Vec<&Account>)> = Vec::new();
            for a in selected {
                match groups.iter_mut().find(|(id, _)| *id == a.customer()) {
                    Some((_, members)) => members.push(a),
                    None => groups.push((a.customer(), vec![a])),
                }
            }
            out.insert("totalGroupCount".into(), Value::from(groups.len()));
            groups
                .into_iter()
                .nth(skip)
                .map(|(_, members)| members)
                .unwrap_or_default()
        }
    };
    let rendered: Vec<Value> = page.iter().map(|a| a.render(c.render)).collect();
    out.insert("accounts".into(), Value::Array(rendered));
    let body = Bytes::from(serde_json::to_vec(&Value::Object(out)).unwrap_or_default());
    state.cache.insert(key, body.clone());
    Ok(body)
}

pub(crate) async fn get_one(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    if let Err(answer) = enter(
        &state,
        GET_ONE,
        F,
        parts.extensions.get::<ConnectionControl>(),
    )
    .await
    {
        return answer;
    }
    match get_checked(&state, &parts, &id) {
        Ok(body) => ok_json(&state, body),
        Err(e) => e.into_response(),
    }
}

fn get_checked(state: &AppState, parts: &Parts, id: &str) -> Result<Bytes, ApiError> {
    let query = parts.uri.query().unwrap_or_default();
    let session = authorize(state, &parts.headers, query, F)?;
    let params = Params::parse(query.as_bytes());
    let c = common(&params, &session)?;
    let key = format!(
        "account|{}|{id}|{:?}|{}|{:?}",
        c.user_tag, c.render, c.cross_account, c.customer
    );
    if let Some(hit) = state.cache.get(&key) {
        return Ok(hit);
    }
    let user = c.user.ok_or_else(ApiError::user_not_found)?;
    // The spec's "Data not found" code: the user exists, the account is not theirs.
    let not_found = || ApiError::new(404, "ACC_00012", "Data not found");
    let account = state.data.account(user, id).ok_or_else(not_found)?;
    if (!c.cross_account && account.is_cross_user())
        || c.customer.is_some_and(|cust| account.customer() != cust)
    {
        return Err(not_found());
    }
    let body = Bytes::from(serde_json::to_vec(&account.render(c.render)).unwrap_or_default());
    state.cache.insert(key, body.clone());
    Ok(body)
}
