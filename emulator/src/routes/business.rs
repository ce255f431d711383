//! Business banking: a business's details, registration (its options, creating one, reading
//! one by id or confirmation number) and the entitlements and limits of a business and of a
//! user.
//!
//! Every `gen-<N>` user runs a business whose id is `4100000000 + N` (`gen-12`: `4100000012`),
//! with one TIN per location. The example user is a retail user: no business. The
//! institution starts with one approved registration, `reg-0001` (confirmation number
//! `EMU0REG0APPROVED`); new ones are `PENDING`, with ids `reg-0002` on.

use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::data::UserKey;
use crate::errors::ApiError;
use crate::routes::dispatch::{Answer, Call};
use crate::store::{self, Collection, Kind, Seed, INSTITUTION};

const BUSINESS_BASE: u64 = 4_100_000_000;

/// Features a business can be entitled to, with their per-transaction and daily limits.
const FEATURES: [(&str, u64, u64); 6] = [
    ("ACH_PAYMENT", 250_000, 1_000_000),
    ("ACH_COLLECTION", 100_000, 500_000),
    ("WIRE_DOMESTIC", 500_000, 2_000_000),
    ("WIRE_INTERNATIONAL", 250_000, 750_000),
    ("TRANSFER", 50_000, 200_000),
    ("BILL_PAY", 25_000, 100_000),
];

const SEC_CODES: [&str; 4] = [
    "COMMERCIAL_CCD",
    "CONSUMER_PPD",
    "PAYROLL_PPD",
    "CHILD_SUPPORT_CCD",
];

pub(crate) fn business_id(n: u32) -> String {
    (BUSINESS_BASE + u64::from(n)).to_string()
}

pub(crate) fn by_business_id(id: &str) -> Option<u32> {
    let n = id.parse::<u64>().ok()?.checked_sub(BUSINESS_BASE)?;
    match UserKey::by_login(&format!("gen-{n}"))? {
        UserKey::Generated(n) => Some(n),
        _ => None,
    }
}

fn contact(n: u32) -> Value {
    json!({
        "firstName": "Pat",
        "lastName": "Example",
        "email": format!("owner@gen-{n}.example"),
        "phoneNumber": format!("555-010-{:04}", n % 10_000),
        "address": {
            "address1": format!("{n} Commerce Way"),
            "city": "Salem",
            "state": "OR",
            "zipCode": "97301",
            "country": "US",
        },
    })
}

/// The business of `gen-<n>` as the details operation answers it.
fn details_of(call: &Call<'_>, n: u32) -> Value {
    let user = UserKey::Generated(n);
    let mut out = json!({
        "businessId": business_id(n),
        "businessName": format!("Generated Business {n}"),
        "contact": contact(n),
        "institutionId": call.institution(),
        "status": "ACTIVE",
        "billingAccountNumber": format!("8{n:06}00000"),
        "additionalInfo": { "segment": "SMALL_BUSINESS" },
    });
    if call.flag("includeTins") == Some(true) {
        let tins: Vec<Value> = user
            .customers()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({
                    "tinName": format!("Generated Business {n} location {}", i + 1),
                    "tinNumber": c.member_number,
                    "memberNumber": c.member_number,
                    "primary": i == 0,
                })
            })
            .collect();
        out["tins"] = Value::Array(tins);
    }
    if call.flag("includeUsers") == Some(true) {
        out["users"] = json!([{
            "email": format!("owner@gen-{n}.example"),
            "firstName": "Pat",
            "lastName": "Example",
            "loginId": user.login_id(),
            "role": "PRIMARY_ADMIN",
            "status": "ACTIVE",
            "updatePending": false,
            "contactMethods": [{ "contactInfo": format!("owner@gen-{n}.example"), "protocol": "EMAIL" }],
        }]);
    }
    out
}

/// A user's own token may only look at its own business.
fn own(call: &Call<'_>, n: u32) -> Result<(), ApiError> {
    match call.session.user {
        Some(u) if u != UserKey::Generated(n) => Err(call.refuse(
            Check::Forbidden,
            "A user's token may only look at its own business",
        )),
        _ => Ok(()),
    }
}

pub(crate) fn details(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let value = call.text("searchValue").unwrap_or_default().to_owned();
    let n = match call.text("searchType").unwrap_or_default() {
        "BUSINESS_ID" => by_business_id(&value),
        "LOGIN_ID" => match UserKey::by_login(&value) {
            Some(UserKey::Generated(n)) => Some(n),
            _ => None,
        },
        other => {
            return Err(call.refuse(
                Check::BadParam,
                format!("Invalid searchType {other:?}: BUSINESS_ID or LOGIN_ID"),
            ))
        }
    };
    let n = n.ok_or_else(|| {
        call.refuse(
            Check::NotFound,
            format!("Business details not found for {value:?}"),
        )
    })?;
    own(call, n)?;
    Ok(Answer::ok(details_of(call, n)))
}

pub(crate) fn registration_config(_call: &mut Call<'_>) -> Result<Answer, ApiError> {
    Ok(Answer::ok(json!({
        "onlineFeatures": ["ACH_PAYMENTS", "WIRE_TRANSFERS", "BILL_PAY", "MOBILE_DEPOSIT", "ACCOUNT_TRANSFERS"],
        "additionalServices": ["POSITIVE_PAY", "ACCOUNT_RECONCILIATION", "REMOTE_DEPOSIT_CAPTURE"],
    })))
}

fn registrations_seed(institution: &str) -> Seed {
    let item = json!({
        "id": "reg-0001",
        "businessName": "Harbor Street Bakery",
        "businessId": business_id(0),
        "confirmationNumber": "EMU0REG0APPROVED",
        "institutionId": institution,
        "status": "APPROVED",
        "registrationDate": clock::time_before(60, 36_000),
        "approvedDate": clock::time_before(55, 50_000),
        "createdUser": "institution",
        "message": "Registration approved",
        "contact": contact(0),
        "tins": [{ "tinName": "Harbor Street Bakery", "tinNumber": "310000001", "memberNumber": "310000001", "primary": true }],
        "users": [{ "firstName": "Pat", "lastName": "Example", "email": "owner@harbor-bakery.example", "userType": "PRIMARY_ADMIN" }],
        "onlineFeatures": ["ACH_PAYMENTS", "BILL_PAY"],
        "additionalServices": ["POSITIVE_PAY"],
    });
    Seed {
        items: vec![item],
        next_id: 2,
    }
}

fn with<R>(call: &Call<'_>, f: impl FnOnce(&mut Collection) -> R) -> R {
    let institution = call.institution().to_owned();
    call.state.store.with(
        Kind::BusinessRegistrations,
        INSTITUTION,
        || registrations_seed(&institution),
        f,
    )
}

/// Fields the document's prose requires of a registration beyond its schema.
fn check_registration(call: &Call<'_>, body: &Map<String, Value>) -> Result<(), ApiError> {
    if body
        .get("contact")
        .is_none_or(|c| c.get("address").is_none())
    {
        return Err(call.refuse(Check::BadBody, "contact with its address is required"));
    }
    for list in ["tins", "users"] {
        if body
            .get(list)
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty)
        {
            return Err(call.refuse(Check::BadBody, format!("{list} needs at least one entry")));
        }
    }
    Ok(())
}

pub(crate) fn create_registration(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let mut body = call.body().as_object().cloned().unwrap_or_default();
    check_registration(call, &body)?;
    // Read-only fields are the service's to set; TIN host passwords are never kept.
    for field in [
        "id",
        "approvedDate",
        "businessId",
        "completedDate",
        "confirmationNumber",
        "createdUser",
        "declinedDate",
        "institutionId",
        "message",
        "registrationDate",
        "status",
    ] {
        body.remove(field);
    }
    if let Some(Value::Array(tins)) = body.get_mut("tins") {
        for tin in tins.iter_mut().filter_map(Value::as_object_mut) {
            tin.remove("hostPassword");
        }
    }
    let institution = call.institution().to_owned();
    let by = call
        .session
        .user
        .map_or_else(|| "institution".to_owned(), |u| u.login_id());
    let created = with(call, |c| {
        let n = c.next_id();
        let mut mix = Mix::new(seed(n, 0x5E6));
        body.insert("id".into(), Value::String(format!("reg-{n:04}")));
        body.insert(
            "confirmationNumber".into(),
            Value::String(mix.hex(16).to_uppercase()),
        );
        body.insert("institutionId".into(), Value::String(institution));
        body.insert("status".into(), Value::from("PENDING"));
        body.insert("registrationDate".into(), Value::String(clock::now()));
        body.insert("createdUser".into(), Value::String(by));
        body.insert("message".into(), Value::from("Registration received"));
        let created = Value::Object(body);
        c.push(created.clone());
        created
    });
    Ok(Answer::ok(created))
}

pub(crate) fn registration_by_id(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.path("registrationId").to_owned();
    with(call, |c| c.get(&id).map(store::public))
        .map(Answer::ok)
        .ok_or_else(|| {
            call.refuse(
                Check::NotFound,
                format!("Business registration {id} not found"),
            )
        })
}

pub(crate) fn registration_by_confirmation(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let number = call
        .text("confirmationNumber")
        .unwrap_or_default()
        .to_owned();
    with(call, |c| {
        c.items()
            .iter()
            .find(|r| r["confirmationNumber"] == number.as_str())
            .map(store::public)
    })
    .map(Answer::ok)
    .ok_or_else(|| {
        call.refuse(
            Check::NotFound,
            format!("No business registration with confirmation number {number}"),
        )
    })
}

/// The features with their limits, the user's at a tenth of the business's.
fn features(name: Option<&str>, divisor: u64) -> Vec<Value> {
    FEATURES
        .iter()
        .filter(|(f, ..)| name.is_none_or(|n| n.eq_ignore_ascii_case(f)))
        .map(|(f, per, daily)| {
            json!({
                "featureName": f,
                "limits": {
                    "perTransactionLimits": per / divisor,
                    "dailyLimits": daily / divisor,
                    "monthlyLimits": daily * 20 / divisor,
                    "perTransactionApprovalThresholdLimits": per / divisor / 2,
                    "dailyOverallAchLimits": daily * 2 / divisor,
                    "dailyOverallWiresLimits": daily * 3 / divisor,
                },
            })
        })
        .collect()
}

fn entitlements(call: &Call<'_>, n: u32, divisor: u64) -> Result<Value, ApiError> {
    let user = UserKey::Generated(n);
    let feature = call.text("featureName");
    let location = call.text("institutionCustomerId");
    let customers = user.customers();
    if let Some(location) = location {
        if !customers.iter().any(|c| c.id == location) {
            return Err(call.refuse(
                Check::BadParam,
                format!("institutionCustomerId {location:?} is not a location of the business"),
            ));
        }
    }
    let accounts = call.state.data.accounts(user);
    let tins: Vec<Value> = customers
        .iter()
        .filter(|c| location.is_none_or(|l| c.id == l))
        .map(|c| {
            let bank_accounts: Vec<Value> = accounts
                .iter()
                .filter(|a| a.customer() == c.id && a.category() == "DEPOSIT")
                .map(|a| {
                    json!({
                        "accountNumber": a.visible_number(call.session.grants.accounts_unmasked()),
                        "features": ["ACH_PAYMENT", "WIRE_DOMESTIC", "TRANSFER"],
                    })
                })
                .collect();
            json!({
                "tinNumber": c.member_number,
                "memberNumber": c.member_number,
                "bankAccounts": bank_accounts,
                "featureLimits": features(feature, divisor),
            })
        })
        .collect();
    Ok(json!({
        "entitledFeatures": features(feature, divisor),
        "accountEntitledFeature": { "entitledTins": tins },
        "secCodes": SEC_CODES,
    }))
}

pub(crate) fn business_entitlements(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.text("businessId").unwrap_or_default().to_owned();
    let n = by_business_id(&id)
        .ok_or_else(|| call.refuse(Check::NotFound, format!("Invalid businessId {id:?}")))?;
    own(call, n)?;
    entitlements(call, n, 1).map(Answer::ok)
}

pub(crate) fn user_entitlements(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let UserKey::Generated(n) = user else {
        return Err(call.refuse(
            Check::UnknownUser,
            "Entitlements are for business banking users",
        ));
    };
    entitlements(call, n, 10).map(Answer::ok)
}
