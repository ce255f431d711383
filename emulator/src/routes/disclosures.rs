//! Institution disclosures (the institution's definitions: list, create, update) and user
//! disclosures (a user's acceptance of them: list, create, update, delete).
//!
//! The institution starts with `OLS` (online statements, id `1001`); new ones count on from
//! `1002`. A user's records: `OLS` accepted at the user level, and one `OLS` record per
//! deposit account (of the first ten accounts, at most three) with its paper-waiver choice;
//! the e-statement operations read and write those account records. The second retail user
//! (`jordanLee`) also has an `OLS` record for a closed account he no longer holds (see
//! `estatements`). Deleting an account's record the user no longer has is no error.

use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::{DataStore, UserKey};
use crate::errors::ApiError;
use crate::routes::dispatch::{Answer, Call};
use crate::store::{self, Kind, Seed, INSTITUTION};

/// The closed account the second retail user (`jordanLee`) still has an online-statement
/// record for: the partial successes (`206`) of the e-statement operations.
pub(crate) const CLOSED_ACCOUNT_ID: &str = "cLoSeDaCcOuNt0000000000000000000000000000001";

/// The online statements disclosure: its account records are the e-statement preferences.
pub(crate) const OLS: &str = "OLS";

fn institution_seed(institution: &str) -> Seed {
    Seed {
        items: vec![json!({
            "institutionDisclosureId": "1001",
            "institutionId": institution,
            "institutionDisclosureName": OLS,
            "institutionDisclosureData": "https://www.testbank.com/online-statements.pdf",
            "institutionDisclosureDataType": "URL",
            "institutionDisclosureStatus": true
        })],
        next_id: 1002,
    }
}

/// Runs `f` on the institution's disclosures.
fn with_institution<R>(call: &Call<'_>, f: impl FnOnce(&mut store::Collection) -> R) -> R {
    let institution = call.institution().to_owned();
    call.state.store.with(
        Kind::InstitutionDisclosures,
        INSTITUTION,
        || institution_seed(&institution),
        f,
    )
}

pub(crate) fn list_institution(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let all = with_institution(call, |c| {
        c.items().iter().map(store::public).collect::<Vec<_>>()
    });
    Ok(Answer::ok(json!({ "institutionDisclosures": all })))
}

/// Data and its type come together, and the type of data is a URL.
fn check_data(call: &Call<'_>, body: &Map<String, Value>) -> Result<(), ApiError> {
    let data = body.get("institutionDisclosureData");
    let kind = body.get("institutionDisclosureDataType");
    match (data, kind) {
        (None, None) => Ok(()),
        (Some(_), Some(k)) if k == "URL" => Ok(()),
        (Some(_), Some(_)) => Err(call.refuse(
            Check::BadBody,
            "institutionDisclosureDataType must be URL when institutionDisclosureData is given",
        )),
        _ => Err(call.refuse(
            Check::BadBody,
            "institutionDisclosureData and institutionDisclosureDataType go together",
        )),
    }
}

fn name_given(call: &Call<'_>, body: &Map<String, Value>) -> Result<(), ApiError> {
    match body
        .get("institutionDisclosureName")
        .and_then(Value::as_str)
    {
        Some(name) if !name.trim().is_empty() => Ok(()),
        _ => Err(call.refuse(
            Check::BadBody,
            "institutionDisclosureName must not be blank",
        )),
    }
}

/// Answers the documented `200` with the stored disclosure, unknown fields included.
pub(crate) fn create_institution(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let mut body = call.body().as_object().cloned().unwrap_or_default();
    name_given(call, &body)?;
    check_data(call, &body)?;
    let institution = call.institution().to_owned();
    let created = with_institution(call, |c| {
        let id = c.next_id().to_string();
        body.insert("institutionDisclosureId".into(), Value::String(id));
        body.insert("institutionId".into(), Value::String(institution));
        let created = Value::Object(body);
        c.push(created.clone());
        created
    });
    Ok(Answer::ok(created))
}

pub(crate) fn update_institution(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let body = call.body().as_object().cloned().unwrap_or_default();
    let id = call.path("institutionDisclosureId").to_owned();
    let named = body
        .get("institutionDisclosureId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !named.eq_ignore_ascii_case(&id) {
        return Err(call.coded(
            400,
            "DSC_12012",
            "institutionDisclosureId in the body must be the one in the path",
        ));
    }
    name_given(call, &body)?;
    check_data(call, &body)?;
    let institution = call.institution().to_owned();
    let updated = with_institution(call, |c| {
        let stored = c.get_mut(&id)?;
        for (k, v) in body {
            if k != "institutionDisclosureId" {
                stored[k] = v;
            }
        }
        stored["institutionId"] = Value::String(institution);
        Some(store::public(stored))
    });
    updated
        .map(Answer::ok)
        .ok_or_else(|| call.refuse(Check::NotFound, format!("no institution disclosure {id}")))
}

/// A user's disclosure records.
pub(crate) fn user_seed(user: UserKey, data: &DataStore, institution: &str) -> Seed {
    let user_id = user.institution_user_id();
    let mut items = Vec::new();
    let mut record = |n: u64,
                      disclosure: (&str, &str),
                      account: Option<(&str, bool)>,
                      days: i64| {
        let mut r = json!({
            "institutionUserDisclosureId": format!("UD-{n}"),
            "institutionId": institution,
            "institutionUserId": user_id,
            "institutionDisclosureId": disclosure.0,
            "institutionDisclosureName": disclosure.1,
            "institutionUserDisclosureStatus": "ACCEPTED",
            "institutionUserDisclosureStatusUpdateDateTime": clock::time_before(days, 36_000 + n as u32 * 97),
        });
        if let Some((account, waiver)) = account {
            r["accountId"] = Value::String(account.to_owned());
            r["paperWaiver"] = Value::Bool(waiver);
        }
        items.push(r);
    };
    if matches!(user, UserKey::FutureValues) {
        return Seed {
            items: Vec::new(),
            next_id: 1,
        };
    }
    record(1, ("1001", OLS), None, 300);
    let accounts = data.accounts(user);
    let deposits = accounts
        .iter()
        .take(10)
        .filter(|a| a.category() == "DEPOSIT")
        .take(3);
    let mut n = 2;
    for (i, account) in deposits.enumerate() {
        record(
            n,
            ("1001", OLS),
            Some((account.id(), i % 2 == 0)),
            200 - i as i64 * 30,
        );
        n += 1;
    }
    if user == UserKey::Recipient {
        record(n, ("1001", OLS), Some((CLOSED_ACCOUNT_ID, true)), 500);
        n += 1;
    }
    Seed { items, next_id: n }
}

/// Runs `f` on `user`'s disclosure records.
pub(crate) fn with_user<R>(
    call: &Call<'_>,
    user: UserKey,
    f: impl FnOnce(&mut store::Collection) -> R,
) -> R {
    let institution = call.institution().to_owned();
    let data = &call.state.data;
    call.state.store.with(
        Kind::UserDisclosures,
        &store::user_scope(user),
        || user_seed(user, data, &institution),
        f,
    )
}

/// A business user names the location (`institutionCustomerId`) they act for; only its
/// accounts' records are theirs to see or change, besides the user-level ones.
fn location(call: &Call<'_>, user: UserKey) -> Result<Option<Vec<String>>, ApiError> {
    let customer = call.text("institutionCustomerId");
    if !user.is_business() {
        return Ok(None);
    }
    let Some(customer) = customer else {
        return Err(call.coded(
            400,
            "DSC_11004",
            "institutionCustomerId is required for business banking users",
        ));
    };
    if !user.customers().iter().any(|c| c.id == customer) {
        return Err(call.refuse(
            Check::BadParam,
            format!("institutionCustomerId {customer:?} is not one of the user's locations"),
        ));
    }
    let accounts = call.state.data.accounts(user);
    Ok(Some(
        accounts
            .iter()
            .filter(|a| a.customer() == customer)
            .map(|a| a.id().to_owned())
            .collect(),
    ))
}

pub(crate) fn list_user(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let accounts = location(call, user)?;
    let records = with_user(call, user, |c| {
        c.items()
            .iter()
            .filter(
                |r| match (&accounts, r.get("accountId").and_then(Value::as_str)) {
                    (Some(mine), Some(account)) => mine.iter().any(|a| a == account),
                    _ => true,
                },
            )
            .map(store::public)
            .collect::<Vec<_>>()
    });
    Ok(Answer::ok(json!({ "institutionUserDisclosures": records })))
}

/// The institution disclosure a request names by id or name: `(id, name)`.
fn disclosure_named(call: &Call<'_>, body: &Value) -> Result<(String, String), ApiError> {
    let id = body.get("institutionDisclosureId").and_then(Value::as_str);
    let name = body
        .get("institutionDisclosureName")
        .and_then(Value::as_str);
    if id.is_none() && name.is_none() {
        return Err(call.refuse(
            Check::BadBody,
            "institutionDisclosureId or institutionDisclosureName is required",
        ));
    }
    let found = with_institution(call, |c| {
        c.items()
            .iter()
            .find(|d| {
                id.is_some_and(|id| d["institutionDisclosureId"] == id)
                    || name.is_some_and(|n| d["institutionDisclosureName"] == n)
            })
            .map(|d| {
                (
                    d["institutionDisclosureId"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    d["institutionDisclosureName"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                )
            })
    });
    found.ok_or_else(|| call.coded(400, "DSC_12015", "no such institution disclosure"))
}

pub(crate) fn create_user(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let accounts = location(call, user)?;
    let body = call.body().clone();
    let (id, name) = disclosure_named(call, &body)?;
    let account = body
        .get("accountId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(account) = &account {
        if name != OLS {
            return Err(call.coded(400, "DSC_12015", "only OLS disclosures are per account"));
        }
        if call.text("accountType").is_none() {
            return Err(call.coded(
                400,
                "DSC_12006",
                "accountType is required for an account's online statement disclosure",
            ));
        }
        if body.get("paperWaiver").is_none() {
            return Err(call.coded(
                400,
                "DSC_12017",
                "paperWaiver is required for an account's online statement disclosure",
            ));
        }
        let held = call.state.data.account(user, account).is_some()
            && accounts.as_ref().is_none_or(|mine| mine.contains(account));
        if !held {
            return Err(call.refuse(
                Check::NotFound,
                format!("accountId {account:?} is not one of the user's accounts"),
            ));
        }
    }
    let status = body
        .get("institutionUserDisclosureStatus")
        .cloned()
        .unwrap_or_else(|| Value::from("ACCEPTED"));
    let when = body
        .get("institutionUserDisclosureStatusUpdateDateTime")
        .cloned()
        .unwrap_or_else(|| Value::from(clock::now()));
    let institution = call.institution().to_owned();
    with_user(call, user, |c| {
        let found = c.items().iter().position(|r| {
            r["institutionDisclosureId"] == id.as_str()
                && r.get("accountId").and_then(Value::as_str) == account.as_deref()
        });
        let i = match found {
            Some(i) => i,
            None => {
                let n = c.next_id();
                let mut fresh = json!({
                    "institutionUserDisclosureId": format!("UD-{n}"),
                    "institutionId": institution,
                    "institutionUserId": user.institution_user_id(),
                    "institutionDisclosureId": id,
                    "institutionDisclosureName": name,
                });
                if let Some(account) = &account {
                    fresh["accountId"] = Value::String(account.clone());
                }
                c.push(fresh);
                c.items().len() - 1
            }
        };
        let record = &mut c.items_mut()[i];
        record["institutionUserDisclosureStatus"] = status;
        record["institutionUserDisclosureStatusUpdateDateTime"] = when;
        if let Some(waiver) = body.get("paperWaiver") {
            record["paperWaiver"] = waiver.clone();
        }
    });
    Ok(Answer::Empty(204))
}

pub(crate) fn update_user(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    location(call, user)?;
    let body = call.body().clone();
    let (id, _) = disclosure_named(call, &body)?;
    let when = body
        .get("institutionUserDisclosureStatusUpdateDateTime")
        .cloned()
        .unwrap_or_else(|| Value::from(clock::now()));
    let found = with_user(call, user, |c| {
        let record = c.items_mut().iter_mut().find(|r| {
            r["institutionDisclosureId"] == id.as_str() && r.get("accountId").is_none()
        })?;
        if let Some(status) = body.get("institutionUserDisclosureStatus") {
            record["institutionUserDisclosureStatus"] = status.clone();
        }
        record["institutionUserDisclosureStatusUpdateDateTime"] = when;
        Some(())
    });
    found
        .map(|()| Answer::Empty(204))
        .ok_or_else(|| call.refuse(Check::NotFound, "the user has no record of this disclosure"))
}

pub(crate) fn delete_user(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    location(call, user)?;
    let body = call.body().clone();
    let name = body["institutionDisclosureName"]
        .as_str()
        .unwrap_or_default();
    let account = body["accountId"].as_str().unwrap_or_default().to_owned();
    if name != OLS {
        return Err(call.coded(
            400,
            "DSC_12015",
            "only online statement (OLS) disclosures can be deleted",
        ));
    }
    if account.trim().is_empty() {
        return Err(call.coded(400, "DSC_12016", "accountId must not be blank"));
    }
    let removed = with_user(call, user, |c| {
        let before = c.items().len();
        c.items_mut().retain(|r| {
            !(r["institutionDisclosureName"] == OLS
                && r.get("accountId").and_then(Value::as_str) == Some(account.as_str()))
        });
        before != c.items().len()
    });
    // Deleting is idempotent for the user's own accounts: the official collection deletes the
    // same account's record twice in a row (once per grant) and expects both to succeed. An
    // account the user does not hold is still `DSC_13001`.
    if removed || call.state.data.account(user, &account).is_some() {
        Ok(Answer::Empty(204))
    } else {
        Err(call.refuse(
            Check::NotFound,
            format!("the user has no online statement record for account {account:?}"),
        ))
    }
}
