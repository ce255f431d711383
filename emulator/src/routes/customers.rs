//! `GET /v1/customers/{id}?userIdType=…` (who a user is and which customers, or business
//! locations, they act for) and `GET /v1/customers/{customerId}:accounts` (a retail
//! customer's accounts with their transactions).

use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::data::{reference_date, Account, DataStore, UserKey};
use crate::errors::{json_response, ApiError};
use crate::request::{self, Params, TraceId};
use crate::state::AppState;
use crate::tokens::Session;

/// Both routes sit behind the gateway, which checks `correlationId` and the bearer token.
fn gateway_checks(state: &AppState, parts: &Parts) -> Result<Session, ApiError> {
    match request::correlation_id(&parts.headers) {
        TraceId::Missing => {
            return Err(ApiError::new(
                400,
                "CMN_90010",
                "Header correlationId is required",
            ))
        }
        TraceId::Valid => {}
        _ => {
            return Err(ApiError::new(
                400,
                "CMN_90008",
                "Header correlationId is invalid",
            ))
        }
    }
    let query = parts.uri.query().unwrap_or_default();
    if !request::printable_headers(&parts.headers) || !request::printable_query(query) {
        return Err(ApiError::new(
            400,
            "CMN_90017",
            "Request should only contain printable ASCII characters",
        ));
    }
    let unauthorized = || {
        ApiError::new(
            401,
            "CMN_90001",
            "Client not authorized to access this resource",
        )
    };
    let token = request::bearer_token(&parts.headers).ok_or_else(unauthorized)?;
    state.tokens.check(token).map_err(|_| unauthorized())
}

/// `getCustomerInformation`, matched by the dispatcher (counted and faulted there).
pub(crate) fn serve_profile(
    state: &AppState,
    parts: &Parts,
    path: &[(String, String)],
) -> Response {
    profile(state, parts, customer_id(path)).unwrap_or_else(IntoResponse::into_response)
}

/// `getCustomerAccountsTransactionsV1`, matched by the dispatcher.
pub(crate) fn serve_accounts(
    state: &AppState,
    parts: &Parts,
    path: &[(String, String)],
) -> Response {
    accounts(state, parts, customer_id(path)).unwrap_or_else(IntoResponse::into_response)
}

fn customer_id(path: &[(String, String)]) -> &str {
    path.iter()
        .find(|(k, _)| k == "customerId")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

fn profile(state: &AppState, parts: &Parts, id: &str) -> Result<Response, ApiError> {
    let session = gateway_checks(state, parts)?;
    let params = Params::parse(parts.uri.query().unwrap_or_default().as_bytes());
    let invalid =
        |detail: String| ApiError::new(400, "CMN_90011", format!("Request is invalid: {detail}"));
    let id_type = params.non_empty("userIdType").map_err(invalid)?;
    let user = match id_type.unwrap_or("INSTITUTION_USER_ID") {
        "LOGIN_ID" => UserKey::by_login(id),
        "HOST_USER_ID" => DataStore::resolve(Some(id), None).filter(|u| !u.is_business()),
        "INSTITUTION_USER_ID" => [UserKey::Example, UserKey::Recipient]
            .into_iter()
            .find(|u| u.institution_user_id() == id),
        other => {
            return Err(invalid(format!(
                "userIdType {other:?} is not supported here"
            )))
        }
    };
    let user = user.ok_or_else(|| ApiError::new(404, "ISR_10001", "InstitutionUser not found"))?;
    // A user's own token may read another retail member's profile: the official collection's
    // transfer to a recipient looks the recipient up this way with the sender's password token
    // (the document does not restrict it). A business user's profile stays its own.
    if session
        .user
        .is_some_and(|own| own != user && (own.is_business() || user.is_business()))
    {
        return Err(ApiError::new(
            403,
            "ISR_11003",
            "The authentication provided does not authorize this request",
        ));
    }
    let kind = if user.is_business() {
        "BUSINESS"
    } else {
        "RETAIL"
    };
    let customers: Vec<Value> = user
        .customers()
        .into_iter()
        .map(|c| {
            json!({
                "customerId": c.id,
                "memberNumber": c.member_number,
                "customerType": if c.business { "BUSINESS" } else { "RETAIL" },
                "hostLoginId": c.member_number,
            })
        })
        .collect();
    let (first, last) = user.names();
    let body = json!({
        "userId": user.institution_user_id(),
        "fiId": state.config.institution_id,
        "userName": user.login_id(),
        "firstName": first,
        "lastName": last,
        "fullName": format!("{last}, {first}"),
        "emailAddress": crate::routes::users::email(state, user),
        "userType": kind,
        "userRole": "PRIMARY",
        "customers": customers,
    });
    Ok(json_response(StatusCode::OK, body.to_string().into()))
}

fn uxu(status: u16, code: &'static str, message: &'static str) -> ApiError {
    ApiError::new(status, code, message).with_status_in_body()
}

fn accounts(state: &AppState, parts: &Parts, customer: &str) -> Result<Response, ApiError> {
    let session = gateway_checks(state, parts)?;
    if !(session.grants.accounts_read() && session.grants.transactions_read()) {
        return Err(uxu(
            403,
            "UXU_10002",
            "Required role not present in JWT token",
        ));
    }
    let params = Params::parse(parts.uri.query().unwrap_or_default().as_bytes());
    let invalid = |_: String| uxu(400, "UXU_10001", "Invalid query param");
    let host = params.non_empty("hostUserId").map_err(invalid)?;
    let login = params.non_empty("loginId").map_err(invalid)?;
    let user = match session.user {
        Some(own) => Some(own),
        None => DataStore::resolve(host, login),
    }
    .ok_or_else(|| uxu(404, "UXU_88888", "No entitled customers found"))?;
    if user.is_business() {
        return Err(uxu(404, "UXU_88888", "No entitled customers found"));
    }
    if !user.customers().iter().any(|c| c.id == customer) {
        return Err(uxu(
            400,
            "UXU_10011",
            "JWT token institution customers id is not matching customer id path param",
        ));
    }
    let unmasked = session.grants.accounts_unmasked();
    let today = reference_date();
    let out: Vec<Value> = state
        .data
        .accounts(user)
        .iter()
        .filter(|a| a.customer() == customer && !a.is_cross_user())
        .map(|a| {
            let txns = state.data.transactions(user, a.id()).unwrap_or_default();
            let txns: Vec<Value> = txns
                .iter()
                .filter(|t| t.date <= today)
                .map(|t| aggregated_transaction(&t.json))
                .collect();
            aggregated_account(a, customer, unmasked, txns)
        })
        .collect();
    if out.is_empty() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    Ok(json_response(
        StatusCode::OK,
        Value::Array(out).to_string().into(),
    ))
}

/// An account in the aggregated (`UXAccount`) shape.
fn aggregated_account(a: &Account, customer: &str, unmasked: bool, txns: Vec<Value>) -> Value {
    let get = |k: &str| a.json.get(k).cloned().unwrap_or(Value::Null);
    let kind = get("type");
    let mut out = json!({
        "customerId": customer,
        "id": a.id(),
        "accountHidden": false,
        "accountNumber": a.visible_number(unmasked),
        "accountType": {
            "diAccountType": kind["value"],
            "fiRawAccountType": kind["fiRawAccountType"],
            "fiAccountType": kind["fiAccountType"],
            "description": kind["description"],
        },
        "balance": {
            "availableBalance": get("availableBalance"),
            "currentBalance": get("currentBalance"),
        },
        "category": a.category(),
        "fiAccountTypeDesc": kind["description"],
        "fiRawAccountType": kind["fiRawAccountType"],
        "fiAccountType": kind["fiAccountType"],
        "historyAllowed": true,
        "ownershipType": "PRIMARY",
        "accountTransaction": txns,
    });
    for key in [
        "description",
        "nickName",
        "micrNumber",
        "interestRate",
        "primaryHolderName",
    ] {
        if let Some(v) = a.json.get(key) {
            out[key] = v.clone();
        }
    }
    if let Some(status) = a.json.get("status") {
        out["accountStatus"] = status.clone();
    }
    out
}

/// A transaction in the aggregated (`AccountTransaction`) shape.
fn aggregated_transaction(t: &Value) -> Value {
    let mut out = json!({
        "accountId": t["accountId"],
        "amount": t["amount"],
        "creditTransaction": t["isCreditTransaction"],
        "fiId": t["institutionId"],
        "id": t["id"],
        "persistentTnum": t["isExportable"],
        "transactionType": t["type"],
        "pending": t["isPending"],
    });
    for key in [
        "description",
        "memo",
        "effectiveDate",
        "transactionDate",
        "transactionNumber",
    ] {
        if let Some(v) = t.get(key) {
            out[key] = v.clone();
        }
    }
    out
}
