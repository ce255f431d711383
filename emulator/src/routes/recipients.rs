//! Recipients (payees at the same institution: list, create, get, update, delete) and
//! transfers (between the user's accounts, or to a recipient).
//!
//! A recipient needs `memberNumber`, `accountNumber` and `accountType`; the same three again
//! are a duplicate (`REC_13001`), as is a nickname already used (`REC_13002`). The example
//! user starts with recipients `rcp-0001` to `rcp-0003`, a business user `gen-<N>` with
//! `rcp-0001` and `rcp-0002`; new ones count on from there.

use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::data::UserKey;
use crate::errors::ApiError;
use crate::money;
use crate::routes::dispatch::{Answer, Call};
use crate::store::{self, Collection, Kind, Seed};

/// `(fullName, nickName, memberNumber, accountNumber, accountType, email)`
const EXAMPLE_RECIPIENTS: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "Jordan Lee",
        "Jordan",
        "2200334455",
        "7700112233",
        "CHECKING",
        "jordan.lee@mail.example",
    ),
    (
        "Sam Rivera",
        "Sam",
        "2200998877",
        "7700445566",
        "SAVINGS",
        "sam.rivera@mail.example",
    ),
    (
        "Alex Chen",
        "Alex",
        "2200556677",
        "7700778899",
        "MONEY_MARKET",
        "alex.chen@mail.example",
    ),
];

fn recipient_id(n: u64) -> String {
    format!("rcp-{n:04}")
}

fn seed_for(user: UserKey, institution: &str) -> Seed {
    let customer = user
        .customers()
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let rows: Vec<(String, String, String, String, &str, String)> = match user {
        UserKey::Example => EXAMPLE_RECIPIENTS
            .iter()
            .map(|(full, nick, member, account, kind, email)| {
                (
                    (*full).to_owned(),
                    (*nick).to_owned(),
                    (*member).to_owned(),
                    (*account).to_owned(),
                    *kind,
                    (*email).to_owned(),
                )
            })
            .collect(),
        UserKey::Generated(n) => {
            let mut mix = Mix::new(seed(u64::from(n), 0x2EC1));
            (0..2)
                .map(|i| {
                    (
                        format!("Supplier {} of gen-{n}", i + 1),
                        format!("Supplier {}", i + 1),
                        format!("22{:08}", mix.below(100_000_000)),
                        format!("77{:08}", mix.below(100_000_000)),
                        if i == 0 { "CHECKING" } else { "SAVINGS" },
                        format!("billing{}@supplier-{n}.example", i + 1),
                    )
                })
                .collect()
        }
        UserKey::FutureValues => Vec::new(),
    };
    let items: Vec<Value> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (full, nick, member, account, kind, email))| {
            json!({
                "id": recipient_id(i as u64 + 1),
                "institutionId": institution,
                "institutionCustomerId": customer,
                "memberNumber": member,
                "accountNumber": account,
                "accountType": kind,
                "email": email,
                "nickName": nick,
                "fullName": full,
            })
        })
        .collect();
    let next_id = items.len() as u64 + 1;
    Seed { items, next_id }
}

fn with<R>(call: &Call<'_>, user: UserKey, f: impl FnOnce(&mut Collection) -> R) -> R {
    let institution = call.institution().to_owned();
    call.state.store.with(
        Kind::Recipients,
        &store::user_scope(user),
        || seed_for(user, &institution),
        f,
    )
}

/// A recipient as answered: never its passcode.
fn shown(recipient: &Value) -> Value {
    let mut out = store::public(recipient);
    if let Some(map) = out.as_object_mut() {
        map.remove("passCode");
    }
    out
}

pub(crate) fn list(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let all = with(call, user, |c| {
        c.items().iter().map(shown).collect::<Vec<_>>()
    });
    Ok(Answer::ok(json!({ "recipients": all })))
}

/// The fields a recipient must have, and the duplicates it must not be.
fn check_recipient(
    call: &Call<'_>,
    fields: &Map<String, Value>,
    others: &[Value],
) -> Result<(), ApiError> {
    for name in ["memberNumber", "accountNumber", "accountType"] {
        match fields.get(name).and_then(Value::as_str) {
            Some(v) if !v.trim().is_empty() => {}
            _ => return Err(call.refuse(Check::BadBody, format!("body.{name} is required"))),
        }
    }
    if let Some(email) = fields.get("email").and_then(Value::as_str) {
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || !domain.contains('.') {
            return Err(call.coded(
                400,
                "REC_12009",
                format!("{email:?} is not an email address"),
            ));
        }
    }
    let same = |other: &Value, k: &str| other.get(k) == fields.get(k);
    if others
        .iter()
        .any(|o| same(o, "memberNumber") && same(o, "accountNumber") && same(o, "accountType"))
    {
        return Err(call.coded(400, "REC_13001", "This recipient already exists"));
    }
    if fields.get("nickName").is_some() && others.iter().any(|o| same(o, "nickName")) {
        return Err(call.coded(400, "REC_13002", "This recipient nickname already exists"));
    }
    Ok(())
}

pub(crate) fn create(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let mut fields = call.body().as_object().cloned().unwrap_or_default();
    // With validate=true the institution checks the recipient with a test transfer from
    // the sender's account, which must be named and be the user's.
    if call.flag("validate") == Some(true) {
        let Some(from) = call.text("fromAccountId") else {
            return Err(call.coded(
                400,
                "REC_12013",
                "fromAccountId is required with validate=true",
            ));
        };
        if call.state.data.account(user, from).is_none() {
            return Err(call.coded(
                400,
                "REC_10007",
                format!("{from:?} is not one of the user's accounts"),
            ));
        }
    }
    let others = with(call, user, |c| c.items().to_vec());
    check_recipient(call, &fields, &others)?;
    let customer = user
        .customers()
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let institution = call.institution().to_owned();
    let created = with(call, user, |c| {
        fields.insert("id".into(), Value::String(recipient_id(c.next_id())));
        fields.insert("institutionId".into(), Value::String(institution));
        fields
            .entry("institutionCustomerId")
            .or_insert(Value::String(customer));
        let created = Value::Object(fields);
        c.push(created.clone());
        created
    });
    Ok(Answer::ok(json!({ "recipients": [shown(&created)] })))
}

pub(crate) fn get(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let id = call.path("recipientId").to_owned();
    let found = with(call, user, |c| c.get(&id).map(shown));
    found
        .map(|r| Answer::ok(json!({ "recipients": [r] })))
        .ok_or_else(|| call.refuse(Check::NotFound, format!("Recipient {id} not found")))
}

pub(crate) fn update(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let id = call.path("recipientId").to_owned();
    let body = call.body().as_object().cloned().unwrap_or_default();
    if body
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|b| b != id)
    {
        return Err(call.coded(
            400,
            "REC_12010",
            "The recipient id of the body is not the one of the path",
        ));
    }
    let (current, others) = with(call, user, |c| {
        let current = c.get(&id).cloned();
        let others: Vec<Value> = c
            .items()
            .iter()
            .filter(|r| r["id"] != id.as_str())
            .cloned()
            .collect();
        (current, others)
    });
    let Some(Value::Object(mut merged)) = current else {
        return Err(call.refuse(Check::NotFound, format!("Recipient {id} not found")));
    };
    for (k, v) in body {
        if k != "id" && k != "institutionId" {
            merged.insert(k, v);
        }
    }
    check_recipient(call, &merged, &others)?;
    let updated = Value::Object(merged);
    with(call, user, |c| {
        if let Some(slot) = c.get_mut(&id) {
            *slot = updated.clone();
        }
    });
    Ok(Answer::ok(json!({ "recipients": [shown(&updated)] })))
}

pub(crate) fn delete(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let id = call.path("recipientId").to_owned();
    if with(call, user, |c| c.remove(&id)).is_some() {
        Ok(Answer::Empty(204))
    } else {
        Err(call.refuse(Check::NotFound, format!("Recipient {id} not found")))
    }
}

/// A transfer between two of the user's accounts, or to one of the user's recipients (by
/// recipient id): answered as done (`SUCCESS`) with a confirmation number; nothing moves.
pub(crate) fn transfer(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let mut body = call.body().as_object().cloned().unwrap_or_default();
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .filter(|s| !s.trim().is_empty())
    };
    let from = text("fromAccountId")
        .ok_or_else(|| call.coded(400, "TFR_10058", "The fromAccountId field is required"))?;
    let to = text("toAccountId")
        .ok_or_else(|| call.coded(400, "TFR_10059", "The toAccountId field is required"))?;
    let amount = body
        .get("amount")
        .and_then(|a| a.get("amount"))
        .ok_or_else(|| call.coded(400, "TFR_10020", "The transfer amount is required"))?;
    match money::cents(amount) {
        Some(c) if c > 0 => {}
        _ => {
            return Err(call.coded(
                400,
                "TFR_10021",
                "The transfer amount must be positive, in cents at most",
            ))
        }
    }
    if from == to {
        return Err(call.coded(
            400,
            "TFR_10029",
            "The From account and To account cannot be the same",
        ));
    }
    let source = call
        .state
        .data
        .account(user, &from)
        .filter(|a| !a.is_cross_user());
    if source.is_none() {
        return Err(call.coded(
            400,
            "TFR_10003",
            format!("{from:?} is not an account the user can transfer from"),
        ));
    }
    let to_own = call.state.data.account(user, &to).is_some();
    let to_recipient = !to_own && with(call, user, |c| c.get(&to).is_some());
    if !to_own && !to_recipient {
        return Err(call.coded(
            400,
            "TFR_10004",
            format!("{to:?} is neither the user's account nor a recipient"),
        ));
    }
    if let Some(start) = body
        .get("schedule")
        .and_then(|s| s.get("startDate"))
        .and_then(Value::as_str)
    {
        if start <= clock::date_before(0).as_str() {
            return Err(call.coded(
                400,
                "TFR_10007",
                "A scheduled transfer's startDate must be after today",
            ));
        }
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    let confirmation = format!("TR{}", id[..10].to_uppercase());
    if let Some(Value::Object(a)) = body.get_mut("amount") {
        a.entry("currencyCode").or_insert(Value::from("USD"));
    }
    body.insert("id".into(), Value::String(id));
    body.insert("status".into(), Value::from("SUCCESS"));
    body.insert("confirmation".into(), Value::String(confirmation));
    body.entry("fee")
        .or_insert(json!({ "currencyCode": "USD", "amount": 0 }));
    Ok(Answer::ok(Value::Object(body)))
}
