//! Alert preferences: a user's opt-in per alert type, channel and account (list with
//! `pageNo`/`pageSize`, create, get, update, delete), and the institution's defaults per
//! alert type and channel (list, create, update, delete).
//!
//! Paging: `pageNo` counts from 0, `pageSize` defaults to 100; a page shorter than
//! `pageSize` is the last one. The example user starts with 120 preferences (5 accounts × 8
//! alert types × 3 channels, ids 5001–5120), two pages at the default size; `gen-<N>` with 48
//! (its first two accounts). A user without preferences of their own gets the institution's
//! defaults (`defaultPreferences: true`), and so does `default=true`. The institution starts
//! with 24 defaults (8 types × 3 channels, ids 701–724).

use serde_json::{json, Map, Value};

use crate::codes::Check;
use crate::data::UserKey;
use crate::errors::ApiError;
use crate::routes::alerts::{type_names, ALERT_TYPES, CHANNELS};
use crate::routes::dispatch::{Answer, Call};
use crate::store::{self, Collection, Kind, Seed, INSTITUTION};

/// The default page size of a preferences list.
pub(crate) const DEFAULT_PAGE_SIZE: i64 = 100;

fn user_seed(call: &Call<'_>, user: UserKey) -> Seed {
    let institution = call.institution().to_owned();
    let accounts = call.state.data.accounts(user);
    let take = match user {
        UserKey::Example => 5,
        UserKey::Generated(_) | UserKey::Recipient => 2,
        UserKey::FutureValues => 0,
    };
    let mut items = Vec::new();
    let mut id = 5001u64;
    for (a, account) in accounts.iter().take(take).enumerate() {
        for (t, (name, ..)) in ALERT_TYPES.iter().enumerate() {
            for (c, channel) in CHANNELS.iter().enumerate() {
                items.push(json!({
                    "_id": id.to_string(),
                    "additionalInfo": {},
                    "alertOpted": (a + t + c) % 3 != 0,
                    "alertPreferenceAccountDetails": {
                        "accountExternalId": format!("EXT-{:04}", a + 1),
                        "accountId": account.id(),
                    },
                    "alertPreferenceDetails": {
                        "alertPrefId": id,
                        "alertTypeName": name,
                        "channelTypeName": channel,
                        "externalId": format!("PREF-{id}"),
                        "institutionCustomerId": account.customer(),
                        "institutionId": institution,
                    },
                    "allowCallback": true,
                    "defaultPreferences": false,
                }));
                id += 1;
            }
        }
    }
    Seed { items, next_id: id }
}

fn institution_seed(institution: &str) -> Seed {
    let mut items = Vec::new();
    let mut id = 701u64;
    for (t, (name, ..)) in ALERT_TYPES.iter().enumerate() {
        for (c, channel) in CHANNELS.iter().enumerate() {
            items.push(json!({
                "additionalInfo": {},
                "institutionAlertPrefId": id,
                "alertTypeName": name,
                "channelTypeName": channel,
                "institutionId": institution,
                "alertOpted": c == 0 || t % 2 == 0,
            }));
            id += 1;
        }
    }
    Seed { items, next_id: id }
}

fn with_user<R>(call: &Call<'_>, user: UserKey, f: impl FnOnce(&mut Collection) -> R) -> R {
    let seed = || user_seed(call, user);
    call.state
        .store
        .with(Kind::AlertPreferences, &store::user_scope(user), seed, f)
}

fn with_institution<R>(call: &Call<'_>, f: impl FnOnce(&mut Collection) -> R) -> R {
    let institution = call.institution().to_owned();
    call.state.store.with(
        Kind::InstitutionAlertPreferences,
        INSTITUTION,
        || institution_seed(&institution),
        f,
    )
}

/// The institution's defaults in the shape of a user's preferences.
fn defaults(call: &Call<'_>) -> Vec<Value> {
    with_institution(call, |c| {
        c.items()
            .iter()
            .map(|d| {
                json!({
                    "additionalInfo": {},
                    "alertOpted": d["alertOpted"],
                    "alertPreferenceDetails": {
                        "alertPrefId": d["institutionAlertPrefId"],
                        "alertTypeName": d["alertTypeName"],
                        "channelTypeName": d["channelTypeName"],
                        "institutionId": d["institutionId"],
                    },
                    "allowCallback": true,
                    "defaultPreferences": true,
                })
            })
            .collect()
    })
}

/// The location a business call names in the `institutionCustomerId` header, if any.
fn location(call: &Call<'_>, user: UserKey) -> Result<Option<String>, ApiError> {
    let Some(customer) = call.text("institutionCustomerId") else {
        return Ok(None);
    };
    if user.customers().iter().any(|c| c.id == customer) {
        Ok(Some(customer.to_owned()))
    } else {
        Err(call.coded(
            400,
            "PRMVAL_10004",
            format!("institutionCustomerId {customer:?} is not one of the user's"),
        ))
    }
}

pub(crate) fn list(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let customer = location(call, user)?;
    let page = call.int("pageNo").unwrap_or(0);
    let size = call.int("pageSize").unwrap_or(DEFAULT_PAGE_SIZE);
    if page < 0 || size < 1 {
        return Err(call.refuse(
            Check::BadParam,
            "pageNo must be 0 or more and pageSize 1 or more",
        ));
    }
    let types = call.list("alertTypes");
    let account = call.text("accountId").map(str::to_owned);
    let external_account = call.text("accountExternalId").map(str::to_owned);
    let external = call.text("externalId").map(str::to_owned);
    let own = with_user(call, user, |c| {
        c.items().iter().map(store::public).collect::<Vec<_>>()
    });
    let source = if own.is_empty() || call.flag("default") == Some(true) {
        defaults(call)
    } else {
        own
    };
    let eq = |v: &Value, w: &Option<String>| w.as_ref().is_none_or(|w| v == w.as_str());
    let selected: Vec<Value> = source
        .into_iter()
        .filter(|p| {
            let details = &p["alertPreferenceDetails"];
            let account_details = &p["alertPreferenceAccountDetails"];
            (types.is_empty() || types.iter().any(|t| details["alertTypeName"] == t.as_str()))
                && eq(&account_details["accountId"], &account)
                && eq(&account_details["accountExternalId"], &external_account)
                && eq(&details["externalId"], &external)
                && customer.as_ref().is_none_or(|c| {
                    details.get("institutionCustomerId").is_none()
                        || details["institutionCustomerId"] == c.as_str()
                })
        })
        .skip((page * size) as usize)
        .take(size as usize)
        .collect();
    Ok(Answer::ok(json!({ "alertPreferences": selected })))
}

fn not_found(call: &Call<'_>, id: &str) -> ApiError {
    call.refuse(Check::NotFound, format!("Invalid alert preference ID {id}"))
}

pub(crate) fn get(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let id = call.path("alertPreferenceId").to_owned();
    with_user(call, user, |c| c.get(&id).map(store::public))
        .map(Answer::ok)
        .ok_or_else(|| not_found(call, &id))
}

/// An alert type the institution has and a channel alerts go to.
fn check_details(call: &Call<'_>, details: &Value, partial: bool) -> Result<(), ApiError> {
    let name = details.get("alertTypeName").and_then(Value::as_str);
    let channel = details.get("channelTypeName").and_then(Value::as_str);
    if !partial && (name.is_none() || channel.is_none()) {
        return Err(call.coded(
            400,
            "PRMVAL_10012",
            "alertPreferenceDetails.alertTypeName and channelTypeName are required",
        ));
    }
    if let Some(name) = name {
        if !type_names(call).iter().any(|n| n == name) {
            return Err(call.coded(
                400,
                "PRMVAL_10009",
                format!("{name:?} is not an alert type of the institution"),
            ));
        }
    }
    if let Some(channel) = channel {
        if !CHANNELS.contains(&channel) {
            return Err(call.coded(
                400,
                "PRMVAL_10015",
                format!("alerts are not sent by {channel:?}"),
            ));
        }
    }
    Ok(())
}

fn check_account(call: &Call<'_>, user: UserKey, body: &Value) -> Result<Option<String>, ApiError> {
    let Some(account) = body
        .get("alertPreferenceAccountDetails")
        .and_then(|a| a.get("accountId"))
        .and_then(Value::as_str)
    else {
        return Ok(None);
    };
    match call.state.data.account(user, account) {
        Some(a) => Ok(Some(a.customer().to_owned())),
        None => Err(call.refuse(
            Check::BadBody,
            format!("{account:?} is not one of the user's accounts"),
        )),
    }
}

pub(crate) fn create(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let header_customer = location(call, user)?;
    let mut body = call.body().clone();
    check_details(call, &body["alertPreferenceDetails"], false)?;
    let account_customer = check_account(call, user, &body)?;
    let institution = call.institution().to_owned();
    let created = with_user(call, user, |c| {
        let id = c.next_id();
        let details = &mut body["alertPreferenceDetails"];
        details["alertPrefId"] = Value::from(id);
        details["institutionId"] = Value::String(institution);
        if let Some(customer) = account_customer.or(header_customer) {
            details["institutionCustomerId"] = Value::String(customer);
        }
        body["_id"] = Value::String(id.to_string());
        if let Some(map) = body.as_object_mut() {
            map.entry("alertOpted").or_insert(Value::Bool(true));
            map.entry("allowCallback").or_insert(Value::Bool(true));
            map.insert("defaultPreferences".into(), Value::Bool(false));
        }
        c.push(body.clone());
        store::public(&body)
    });
    Ok(Answer::Json(201, created))
}

pub(crate) fn update(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let id = call.path("alertPreferenceId").to_owned();
    let body = call.body().as_object().cloned().unwrap_or_default();
    let named = body
        .get("alertPreferenceDetails")
        .and_then(|d| d.get("alertPrefId"))
        .map(|v| v.as_i64());
    if named.is_some_and(|n| n != id.parse::<i64>().ok()) {
        return Err(call.coded(
            400,
            "PRMAPS_10008",
            "alertPrefId of the body is not the one of the path",
        ));
    }
    if let Some(details) = body.get("alertPreferenceDetails") {
        check_details(call, details, true)?;
    }
    check_account(call, user, &Value::Object(body.clone()))?;
    let allow_callback = call.flag("allowCallback").unwrap_or(true);
    let updated = with_user(call, user, |c| {
        let stored = c.get_mut(&id)?;
        merge(stored, body);
        stored["allowCallback"] = Value::Bool(allow_callback);
        stored["alertPreferenceDetails"]["alertPrefId"] =
            id.parse::<u64>().map(Value::from).unwrap_or_default();
        Some(store::public(stored))
    });
    updated.map(Answer::ok).ok_or_else(|| not_found(call, &id))
}

/// Merges objects one level down (the details objects keep the fields not sent).
fn merge(stored: &mut Value, body: Map<String, Value>) {
    for (k, v) in body {
        match (stored.get_mut(&k), v) {
            (Some(Value::Object(old)), Value::Object(new)) => old.extend(new),
            (_, v) => stored[k] = v,
        }
    }
}

pub(crate) fn delete(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let id = call.path("alertPreferenceId").to_owned();
    match with_user(call, user, |c| c.remove(&id)) {
        Some(_) => Ok(Answer::Empty(204)),
        None => Err(not_found(call, &id)),
    }
}

pub(crate) fn list_institution(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let types = call.list("alertTypes");
    let all = with_institution(call, |c| {
        c.items()
            .iter()
            .filter(|p| types.is_empty() || types.iter().any(|t| p["alertTypeName"] == t.as_str()))
            .map(store::public)
            .collect::<Vec<_>>()
    });
    Ok(Answer::ok(json!({ "fiAlertPreferences": all })))
}

pub(crate) fn create_institution(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let mut body = call.body().as_object().cloned().unwrap_or_default();
    check_details(call, &Value::Object(body.clone()), false)?;
    let key = (
        body["alertTypeName"].clone(),
        body["channelTypeName"].clone(),
    );
    let institution = call.institution().to_owned();
    let created = with_institution(call, |c| {
        if c.items()
            .iter()
            .any(|p| p["alertTypeName"] == key.0 && p["channelTypeName"] == key.1)
        {
            return None;
        }
        body.insert("institutionAlertPrefId".into(), Value::from(c.next_id()));
        body.insert("institutionId".into(), Value::String(institution));
        body.entry("alertOpted").or_insert(Value::Bool(true));
        let created = Value::Object(body);
        c.push(created.clone());
        Some(created)
    });
    created.map(|c| Answer::Json(201, c)).ok_or_else(|| {
        call.coded(
            400,
            "PRMVAL_10013",
            "The institution has a preference for this alert type and channel",
        )
    })
}

pub(crate) fn update_institution(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.path("institutionAlertPreferenceId").to_owned();
    let body = call.body().as_object().cloned().unwrap_or_default();
    if body
        .get("institutionAlertPrefId")
        .is_some_and(|v| v.as_i64() != id.parse::<i64>().ok())
    {
        return Err(call.coded(
            400,
            "PRMAPS_10008",
            "institutionAlertPrefId of the body is not the one of the path",
        ));
    }
    check_details(call, &Value::Object(body.clone()), true)?;
    let updated = with_institution(call, |c| {
        let stored = c.get_mut(&id)?;
        merge(stored, body);
        stored["institutionAlertPrefId"] = id.parse::<u64>().map(Value::from).unwrap_or_default();
        Some(store::public(stored))
    });
    updated.map(Answer::ok).ok_or_else(|| not_found(call, &id))
}

pub(crate) fn delete_institution(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.path("institutionAlertPreferenceId").to_owned();
    match with_institution(call, |c| c.remove(&id)) {
        Some(_) => Ok(Answer::Empty(204)),
        None => Err(not_found(call, &id)),
    }
}
