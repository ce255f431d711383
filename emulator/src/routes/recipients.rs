//! Recipients (payees at the same institution: list, create, get, update, delete) and
//! transfers (between the user's accounts, or to a recipient).
//!
//! A recipient needs `memberNumber`, `accountNumber` and `accountType`; the same three again
//! are a duplicate (`REC_13001`), as is a nickname already used (`REC_13002`), except that
//! validating (`validate=true`) a recipient the user already has answers it as it is. The
//! example user starts with recipients `rcp-0001` to `rcp-0003` (`rcp-0001` is the second
//! retail user `jordanLee`'s checking account), a business user `gen-<N>` with `rcp-0001` and
//! `rcp-0002`; new ones count on from there.

use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::data::{DataStore, UserKey};
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
        UserKey::FutureValues | UserKey::Recipient => Vec::new(),
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
    // Validating a recipient the user already has is no duplicate: it is validated again and
    // answered as it is (the official collection validates the recipient it just created).
    if call.flag("validate") == Some(true) {
        let same = |o: &Value, k: &str| o.get(k) == fields.get(k);
        if let Some(existing) = others
            .iter()
            .find(|o| same(o, "memberNumber") && same(o, "accountNumber") && same(o, "accountType"))
        {
            return Ok(Answer::ok(json!({ "recipients": [shown(existing)] })));
        }
    }
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

/// The institution's own accounts a transfer of the matching `type` moves money from or to:
/// its general ledger account and an account it owns (good funds).
pub(crate) const GENERAL_LEDGER_ACCOUNT: &str = "900000000001";
pub(crate) const INSTITUTION_OWNED_ACCOUNT: &str = "900000000002";

/// A transfer's amount: `amount.amount`, or the sum of `transactionAmounts` (a multi-amount
/// transfer, which the document's `Transfer` does not list but the official collection sends).
fn transfer_cents(body: &Map<String, Value>) -> Option<Option<i128>> {
    if let Some(amount) = body.get("amount").and_then(|a| a.get("amount")) {
        return Some(money::cents(amount));
    }
    let parts = body.get("transactionAmounts")?.as_array()?;
    let mut total = 0;
    for part in parts {
        match money::cents(part.get("amount").and_then(|a| a.get("amount"))?) {
            Some(c) if c > 0 => total += c,
            _ => return Some(None),
        }
    }
    (!parts.is_empty()).then_some(Some(total))
}

/// An `additionalInfo.entry` value of the body.
fn entry<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    body.get("additionalInfo")?
        .get("entry")?
        .as_array()?
        .iter()
        .find(|e| e["key"] == key)?
        .get("value")?
        .as_str()
}

/// A transfer, answered as done (`SUCCESS`) with a confirmation number; nothing moves. By the
/// body's `type` (which the official collection sends, the document's `Transfer` not):
///
/// - none: from one of the user's accounts to another of them, or to one of the user's
///   recipients (its id as `toAccountId` or `toAccountHolderId`);
/// - `GENERAL_LEDGER` / `INSTITUTION_ACCOUNT`: between one of the user's accounts and the
///   institution's general ledger account / its own account;
/// - `VALIDATE_RECIPIENT`: to a member of the institution (`toAccountHolderId`, the member
///   number) at an account of the institution (`toAccountId`, an account number), with the
///   member's passcode (`recipientPassCode`: the first three letters of the last name) and the
///   account's type (`recipientAccountType`, its `fiAccountType`) in `additionalInfo`.
///
/// `previousYearContribution` needs an account with a prior-year eligible contribution at
/// least the amount, and cannot be scheduled.
pub(crate) fn transfer(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let body = call.body().as_object().cloned().unwrap_or_default();
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .filter(|s| !s.trim().is_empty())
    };
    let kind = text("type");
    let institution_account = match kind.as_deref() {
        None | Some("VALIDATE_RECIPIENT") => None,
        Some("GENERAL_LEDGER") => Some(GENERAL_LEDGER_ACCOUNT),
        Some("INSTITUTION_ACCOUNT") => Some(INSTITUTION_OWNED_ACCOUNT),
        Some(other) => {
            return Err(call.coded(
                400,
                "TFR_10005",
                format!("{other:?} is not a transfer type of this institution"),
            ))
        }
    };
    let from = text("fromAccountId")
        .ok_or_else(|| call.coded(400, "TFR_10058", "The fromAccountId field is required"))?;
    let cents = match transfer_cents(&body) {
        None => return Err(call.coded(400, "TFR_10020", "The transfer amount is required")),
        Some(Some(c)) if c > 0 => c,
        Some(_) => {
            return Err(call.coded(
                400,
                "TFR_10021",
                "The transfer amount must be positive, in cents at most",
            ))
        }
    };
    let holder = text("toAccountHolderId");
    let recipient_id = |id: &str| with(call, user, |c| c.get(id).is_some());
    // A transfer to a recipient may name it by its id alone, as the holder of the To account.
    let to = match text("toAccountId") {
        Some(to) => to,
        None => match &holder {
            Some(h) if kind.is_none() && recipient_id(h) => h.clone(),
            Some(h) if kind.is_none() && h.starts_with("rcp-") => {
                return Err(call.coded(400, "TFR_10051", format!("Recipient {h} not found")))
            }
            _ => return Err(call.coded(400, "TFR_10059", "The toAccountId field is required")),
        },
    };
    if from == to {
        return Err(call.coded(
            400,
            "TFR_10029",
            "The From account and To account cannot be the same",
        ));
    }
    let own = |id: &str| {
        call.state
            .data
            .account(user, id)
            .filter(|a| !a.is_cross_user())
    };
    let from_institution = institution_account == Some(from.as_str());
    if !from_institution && own(&from).is_none() {
        return Err(call.coded(
            400,
            "TFR_10003",
            format!("{from:?} is not an account the user can transfer from"),
        ));
    }
    let to_account = call.state.data.account(user, &to);
    match kind.as_deref() {
        Some("VALIDATE_RECIPIENT") => validate_recipient(call, &body, holder.as_deref(), &to)?,
        Some(_) => {
            // One side is the institution's account, the other the user's.
            let to_institution = institution_account == Some(to.as_str());
            if from_institution == to_institution || (!to_institution && to_account.is_none()) {
                return Err(call.coded(
                    400,
                    "TFR_10004",
                    format!("{to:?} is not an account this transfer type can credit"),
                ));
            }
        }
        None => {
            if to_account.is_none() && !recipient_id(&to) {
                return Err(call.coded(
                    400,
                    "TFR_10004",
                    format!("{to:?} is neither the user's account nor a recipient"),
                ));
            }
        }
    }
    let scheduled = body
        .get("schedule")
        .and_then(|s| s.get("startDate"))
        .and_then(Value::as_str);
    if body.get("previousYearContribution") == Some(&Value::Bool(true)) {
        if scheduled.is_some() {
            return Err(call.coded(
                400,
                "TFR_10006",
                "Contributions to a prior year cannot be scheduled",
            ));
        }
        let eligible = to_account
            .as_ref()
            .and_then(|a| a.json.get("lastYearEligibleContribution"))
            .and_then(|m| m.get("amount"))
            .and_then(money::cents)
            .filter(|c| *c > 0)
            .ok_or_else(|| {
                call.coded(
                    400,
                    "TFR_10038",
                    "The To account prior year eligible contribution amount is missing",
                )
            })?;
        if cents > eligible {
            return Err(call.coded(
                400,
                "TFR_10039",
                "The transfer amount exceeds the prior year eligible contribution amount",
            ));
        }
    }
    if let Some(start) = scheduled {
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
    // The answer is a `Transfer`: the fields the document lists, the amount as a total.
    let listed = crate::spec::SPEC
        .schemas
        .get("Transfer")
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    let mut out: Map<String, Value> = body
        .into_iter()
        .filter(|(k, _)| listed.is_some_and(|l| l.contains_key(k)))
        .collect();
    out.insert("toAccountId".into(), Value::String(to));
    out.insert(
        "amount".into(),
        json!({ "currencyCode": "USD", "amount": crate::data::number(&cents_text(cents)) }),
    );
    out.insert("id".into(), Value::String(id));
    out.insert("status".into(), Value::from("SUCCESS"));
    out.insert("confirmation".into(), Value::String(confirmation));
    out.entry("fee")
        .or_insert(json!({ "currencyCode": "USD", "amount": 0 }));
    Ok(Answer::ok(Value::Object(out)))
}

/// Cents as the API writes an amount: `12.30`.
fn cents_text(cents: i128) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The checks of a `VALIDATE_RECIPIENT` transfer: the member, the passcode, the account and
/// its type.
fn validate_recipient(
    call: &Call<'_>,
    body: &Map<String, Value>,
    holder: Option<&str>,
    to: &str,
) -> Result<(), ApiError> {
    let member = holder
        .and_then(|h| DataStore::resolve(Some(h), None))
        .filter(|u| !u.is_business())
        .ok_or_else(|| call.coded(400, "TFR_10024", "The To User is required"))?;
    let (_, last) = member.names();
    let passcode: String = last.chars().take(3).collect::<String>().to_uppercase();
    if entry(body, "recipientPassCode").is_some_and(|p| p != passcode) {
        return Err(call.coded(
            400,
            "TFR_10054",
            "Invalid to passcode in validate recipient transfer request",
        ));
    }
    let (_, account) = call.state.data.account_by_number(to).ok_or_else(|| {
        call.coded(
            400,
            "TFR_10004",
            "The To account does not exist or could not be retrieved",
        )
    })?;
    let fi_type = account.json["type"]["fiAccountType"].to_string();
    if entry(body, "recipientAccountType").is_some_and(|t| t != fi_type) {
        return Err(call.coded(
            400,
            "TFR_10053",
            "Invalid to account type in validate recipient transfer request",
        ));
    }
    Ok(())
}
