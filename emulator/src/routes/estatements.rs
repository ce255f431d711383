//! Electronic statements: the online statement (`OLS`) disclosure records of a user's
//! accounts (see `disclosures`), read per account, changed per account or for all of them,
//! and reported for the institution.
//!
//! An account's record says whether it gets e-statements (`paperWaiver: true`) or paper. A
//! change for all accounts applies to every account the user has a record for; a record for
//! an account the user no longer holds (the second retail user `jordanLee` has one, for a closed
//! account) fails, and the answer is then `206` with what was updated and what failed, else
//! `204`. The report lists the accepted records whose account is known; when a record's account
//! cannot be found it is left out and the answer is `206` (a report that covers `jordanLee`).

use serde_json::{json, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::UserKey;
use crate::errors::ApiError;
use crate::routes::disclosures::{with_user, OLS};
use crate::routes::dispatch::{Answer, Call};
use crate::store::{self, Kind, Seed};

/// A user's OLS record of an account, in the e-statement shape.
fn preference(record: &Value) -> Value {
    let status = match record["institutionUserDisclosureStatus"].as_str() {
        Some("ACCEPTED" | "ENROLLED") => "ACCEPTED",
        _ => "NOT_ACCEPTED",
    };
    json!({
        "id": record["institutionUserDisclosureId"],
        "institutionId": record["institutionId"],
        "institutionUserId": record["institutionUserId"],
        "institutionDisclosureId": record["institutionDisclosureId"],
        "institutionDisclosureStatus": status,
        "institutionUserDisclosureStatusUpdateDateTime": record["institutionUserDisclosureStatusUpdateDateTime"],
        "paperWaiver": record["paperWaiver"],
        "accountId": record["accountId"],
        "institutionDisclosureName": record["institutionDisclosureName"],
    })
}

fn is_ols_account_record(r: &Value, account: Option<&str>) -> bool {
    r["institutionDisclosureName"] == OLS
        && r.get("accountId")
            .and_then(Value::as_str)
            .is_some_and(|a| account.is_none_or(|wanted| a == wanted))
}

pub(crate) fn account_preferences(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let account = call.path("accountId").to_owned();
    let records: Vec<Value> = with_user(call, user, |c| {
        c.items()
            .iter()
            .filter(|r| is_ols_account_record(r, Some(&account)))
            .map(preference)
            .collect()
    });
    if records.is_empty() {
        return Err(call.coded(
            404,
            "UXESTMT_88891",
            format!("No online statement disclosure for account {account:?}"),
        ));
    }
    Ok(Answer::ok(json!({ "institutionUserDisclosures": records })))
}

/// When the body says the change happened, else now.
fn updated_at(call: &Call<'_>) -> Value {
    call.body()
        .get("disclosureStatusUpdatedAt")
        .cloned()
        .unwrap_or_else(|| Value::String(clock::now()))
}

pub(crate) fn update_account_preferences(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let account = call.body()["accountId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let activate = call.body()["activateEstatement"].as_bool().unwrap_or(false);
    let when = updated_at(call);
    if call.state.data.account(user, &account).is_none() {
        return Err(call.coded(
            400,
            "UXESTMT_11012",
            format!("accountId {account:?} is not one of the user's accounts"),
        ));
    }
    let outcome = with_user(call, user, |c| {
        let record = c
            .items_mut()
            .iter_mut()
            .find(|r| is_ols_account_record(r, Some(&account)));
        match record {
            None => Err("UXESTMT_11012"),
            Some(r) if r["institutionUserDisclosureStatus"] != "ACCEPTED" => Err("UXESTMT_11013"),
            Some(r) => {
                r["paperWaiver"] = Value::Bool(activate);
                r["institutionUserDisclosureStatusUpdateDateTime"] = when;
                Ok(())
            }
        }
    });
    match outcome {
        Ok(()) => Ok(Answer::Empty(204)),
        Err(code @ "UXESTMT_11012") => Err(call.coded(
            400,
            code,
            "The given accountId is not available in user disclosure",
        )),
        Err(code) => Err(call.coded(
            400,
            code,
            "The account's online statement disclosure is not accepted",
        )),
    }
}

pub(crate) fn update_user_preferences(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let activate = call.body()["activateEstatement"].as_bool().unwrap_or(false);
    let when = updated_at(call);
    let data = &call.state.data;
    let result = with_user(call, user, |c| {
        let accepted = c.items().iter().any(|r| {
            r["institutionDisclosureName"] == OLS
                && r.get("accountId").is_none()
                && r["institutionUserDisclosureStatus"] == "ACCEPTED"
        });
        if !accepted {
            return Err("UXESTMT_11013");
        }
        let (mut updated, mut failed) = (Vec::new(), Vec::new());
        for r in c
            .items_mut()
            .iter_mut()
            .filter(|r| is_ols_account_record(r, None))
        {
            let account = r["accountId"].as_str().unwrap_or_default().to_owned();
            if data.account(user, &account).is_some() {
                r["paperWaiver"] = Value::Bool(activate);
                r["institutionUserDisclosureStatusUpdateDateTime"] = when.clone();
                updated.push(account);
            } else {
                failed.push(account);
            }
        }
        if updated.is_empty() && failed.is_empty() {
            return Err("UXESTMT_11020");
        }
        Ok((updated, failed))
    });
    let (updated, failed) = match result {
        Ok(lists) => lists,
        Err(code @ "UXESTMT_11013") => {
            return Err(call.coded(
                400,
                code,
                "The user's online statement disclosure is not accepted",
            ))
        }
        Err(code) => {
            return Err(call.coded(
                400,
                code,
                "No accounts are available in user disclosure to update",
            ))
        }
    };
    // The user-level choice, for when statements are not chosen per account.
    let scope = store::user_scope(user);
    call.state
        .store
        .with(Kind::EStatementPreferences, &scope, Seed::default, |c| {
            c.items_mut().clear();
            c.push(json!({ "_user": scope, "activateEstatement": activate, "updatedAt": when }));
        });
    if failed.is_empty() {
        Ok(Answer::Empty(204))
    } else {
        Ok(Answer::Json(
            206,
            json!({ "updatedAccounts": updated, "failedAccounts": failed }),
        ))
    }
}

/// The users a report covers: the token's, or the example user, the owner of the customer
/// the report names, and every user whose disclosures were touched so far.
fn report_users(call: &Call<'_>) -> Vec<UserKey> {
    if let Some(own) = call.session.user {
        return vec![own];
    }
    let mut users = vec![UserKey::Example];
    let named = call.body()["customerId"]
        .as_str()
        .and_then(crate::routes::users::by_customer_id);
    if let Some(user) = named.filter(|u| *u != UserKey::Example) {
        users.push(user);
    }
    for scope in call.state.store.scopes(Kind::UserDisclosures) {
        if let Some(user) = UserKey::by_login(scope.trim_start_matches("user:")) {
            if !users.contains(&user) {
                users.push(user);
            }
        }
    }
    users
}

pub(crate) fn report(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let customer = call.body()["customerId"].as_str().map(str::to_owned);
    let kind = call.body()["accountType"].as_str().map(str::to_owned);
    let unmasked = call.session.grants.accounts_unmasked();
    let mut rows = Vec::new();
    let mut partial = false;
    let mut customer_found = customer.is_none();
    for user in report_users(call) {
        if let Some(customer) = &customer {
            if !user.customers().iter().any(|c| &c.id == customer) {
                continue;
            }
            customer_found = true;
        }
        let records: Vec<Value> = with_user(call, user, |c| {
            c.items()
                .iter()
                .filter(|r| {
                    is_ols_account_record(r, None)
                        && r["institutionUserDisclosureStatus"] == "ACCEPTED"
                })
                .cloned()
                .collect()
        });
        for r in records {
            let account_id = r["accountId"].as_str().unwrap_or_default();
            let Some(account) = call.state.data.account(user, account_id) else {
                partial = true;
                continue;
            };
            if customer.as_ref().is_some_and(|c| account.customer() != c) {
                continue;
            }
            let account_type = account.json["type"]["value"]
                .as_str()
                .unwrap_or("UNKNOWN")
                .to_owned();
            if kind
                .as_ref()
                .is_some_and(|k| !k.eq_ignore_ascii_case(&account_type))
            {
                continue;
            }
            let waiver = r["paperWaiver"].as_bool().unwrap_or(false);
            rows.push(json!({
                "userId": user.institution_user_id(),
                "userName": user.login_id(),
                "accountNumber": account.visible_number(unmasked),
                "accountType": account_type,
                "optInEstatement": waiver,
                "optInPaperStatement": !waiver,
                "optInDateTime": r["institutionUserDisclosureStatusUpdateDateTime"],
            }));
        }
    }
    if !customer_found || rows.is_empty() {
        return Err(call.refuse(Check::NotFound, "No qualifying e-statement data found"));
    }
    let body = json!({ "totalCount": rows.len(), "statementOptInReport": rows });
    Ok(if partial {
        Answer::Json(206, body)
    } else {
        Answer::ok(body)
    })
}
