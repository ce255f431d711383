//! ACH and wire payments of a user (named by `loginId`): lists by delivery date, creation,
//! and one payment by id.
//!
//! A list needs `fromDate` and `toDate`, at most 30 days apart (`toDate − fromDate ≤ 30`,
//! both inclusive) and in order, else `400 BBP-133`. Every user starts with 40 ACH payments
//! and 24 wires whose delivery dates spread over the 400 days before the emulator's today,
//! so a client reading a year in 30-day windows meets each exactly once. The third ACH
//! payment of every user is `12345678901234.56`, the fourth `0.1`.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::data::{tin, UserKey};
use crate::errors::ApiError;
use crate::money;
use crate::routes::dispatch::{Answer, Call};
use crate::spec::is_date;
use crate::store::{self, Collection, Kind, Seed};

/// The longest date range of a list, in days between `fromDate` and `toDate`.
pub(crate) const MAX_RANGE_DAYS: i64 = 30;
/// How far back the seed payments go.
const SEED_DAYS: u64 = 400;
const ACH_SEEDS: u64 = 40;
const WIRE_SEEDS: u64 = 24;

const ACH_TYPES: [&str; 2] = ["ACH_PAYMENT", "ACH_COLLECTION"];
const WIRE_TYPES: [&str; 2] = ["WIRE_DOMESTIC", "WIRE_INTERNATIONAL"];

/// The TIN a user's payments originate under: a business user's first location's, and a
/// made-up one for the retail example user.
fn user_tin(user: UserKey) -> String {
    match user {
        UserKey::Generated(n) => tin(n, 0),
        _ => "900112233".to_owned(),
    }
}

/// The account number a user's seed payments come from: its first deposit account's.
fn origin_account(call: &Call<'_>, user: UserKey) -> String {
    call.state
        .data
        .accounts(user)
        .iter()
        .find(|a| a.category() == "DEPOSIT")
        .map(|a| a.visible_number(true).to_owned())
        .unwrap_or_else(|| "4410020101".to_owned())
}

/// Delivery dates: payment `i` of `count`, spread over the seed window, newest first.
fn seed_date(i: u64, count: u64, mix: &mut Mix) -> (String, i64) {
    let step = SEED_DAYS / count;
    let days = (i * step + mix.below(step)) as i64;
    (clock::date_before(days), days)
}

/// The status of a payment delivered `days` ago.
fn seed_status(days: i64, mix: &mut Mix) -> &'static str {
    match days {
        0..=2 => "PENDING_COMPANY_APPROVAL",
        3..=6 => "SCHEDULED",
        _ => match mix.below(12) {
            0 => "CANCELLED",
            1 => "FI_DECLINED",
            _ => "PROCESSED",
        },
    }
}

fn ach_seed(user: UserKey, institution: &str, account: &str) -> Seed {
    let n = match user {
        UserKey::Generated(n) => u64::from(n),
        UserKey::Example => 0,
        UserKey::FutureValues | UserKey::Recipient => return Seed::default(),
    };
    let mut mix = Mix::new(seed(n, 0xAC4));
    let tin = user_tin(user);
    let items = (0..ACH_SEEDS)
        .map(|i| {
            let id = mix.uuid();
            let (date, days) = seed_date(i, ACH_SEEDS, &mut mix);
            let collection = i % 3 == 1;
            let sec = if collection {
                ["COMMERCIAL_CCD", "CONSUMER_PPD"][mix.below(2) as usize]
            } else {
                ["PAYROLL_PPD", "COMMERCIAL_CCD", "CONSUMER_PPD", "CHILD_SUPPORT_CCD"][mix.below(4) as usize]
            };
            let lines = match i {
                2 | 3 => 1,
                _ => 1 + mix.below(3),
            };
            let transactions: Vec<Value> = (0..lines)
                .map(|l| {
                    let account_type = ["PERSONAL_CHECKING", "PERSONAL_SAVINGS", "BUSINESS_CHECKING"]
                        [mix.below(3) as usize];
                    let cents = match i {
                        2 => 1_234_567_890_123_456,
                        3 => 10,
                        _ => i128::from(500 + mix.below(2_500_000)),
                    };
                    json!({
                        "id": mix.uuid(),
                        "amount": money::amount(cents),
                        "currencyCode": "USD",
                        "paymentId": id,
                        "contactName": format!("Contact {} {}", i + 1, l + 1),
                        "contactBankName": "Emulated Community Bank",
                        "contactAccountNumber": format!("55{:08}", mix.below(100_000_000)),
                        "contactAccountType": account_type,
                        "contactBankAchRoutingNumber": "011000015",
                        "contactIdentifier": format!("C{:06}", mix.below(1_000_000)),
                    })
                })
                .collect();
            let total: i128 = transactions.iter().filter_map(|t| money::cents(&t["amount"])).sum();
            json!({
                "id": id,
                "institutionId": institution,
                "paymentName": format!("{} {}", if collection { "Collection" } else { "Payroll" }, i + 1),
                "paymentDescription": if collection { "DUES" } else { "PAYROLL" },
                "paymentType": if collection { "ACH_COLLECTION" } else { "ACH_PAYMENT" },
                "transactionType": if collection { "CREDIT" } else { "DEBIT" },
                "deliveryDate": date,
                "accountNumber": account,
                "tinNumber": tin,
                "status": seed_status(days, &mut mix),
                "confirmationNumber": format!("ACH{}", mix.hex(9).to_uppercase()),
                "totalAmount": money::amount(total),
                "numberOfPayments": lines,
                "achCompanyId": format!("1{tin}"),
                "achCompanyName": "Emulated Co",
                "achSecCode": sec,
                "sameDayAch": false,
                "batchOffset": false,
                "achTransactions": transactions,
            })
        })
        .collect();
    Seed { items, next_id: 1 }
}

fn address(country: &str, mix: &mut Mix) -> Value {
    json!({
        "address1": format!("{} Harbor Street", 10 + mix.below(900)),
        "city": if country == "United States" { "Portland" } else { "Toronto" },
        "state": if country == "United States" { "OR" } else { "ON" },
        "zipCode": if country == "United States" { "97201" } else { "M5H 2N2" },
        "country": country,
    })
}

fn wire_seed(user: UserKey, institution: &str, account: &str) -> Seed {
    let n = match user {
        UserKey::Generated(n) => u64::from(n),
        UserKey::Example => 0,
        UserKey::FutureValues | UserKey::Recipient => return Seed::default(),
    };
    let mut mix = Mix::new(seed(n, 0x317E));
    let tin = user_tin(user);
    let items = (0..WIRE_SEEDS)
        .map(|i| {
            let id = mix.uuid();
            let (date, days) = seed_date(i, WIRE_SEEDS, &mut mix);
            let international = i % 4 == 3;
            let cents = i128::from(100_000 + mix.below(50_000_000));
            let beneficiary = json!({
                "beneficiaryName": format!("Beneficiary {}", i + 1),
                "address": address(if international { "Canada" } else { "United States" }, &mut mix),
                "beneficiaryAccountNumber": format!("66{:08}", mix.below(100_000_000)),
                "purposeOfWire": "Invoice settlement",
            });
            let transaction = if international {
                json!({
                    "id": mix.uuid(),
                    "amount": money::amount(cents),
                    "currencyCode": "USD",
                    "paymentId": id,
                    "beneficiaryDetails": beneficiary,
                    "beneficiaryBankDetails": {
                        "beneficiaryBankName": "Northern Emulated Bank",
                        "beneficiaryBankSwiftNumber": "NEMUCATTXXX",
                        "address": address("Canada", &mut mix),
                    },
                    "sendInForeignCurrency": false,
                    "transactInForeignCurrency": false,
                })
            } else {
                json!({
                    "id": mix.uuid(),
                    "amount": money::amount(cents),
                    "currencyCode": "USD",
                    "paymentId": id,
                    "beneficiaryDetails": beneficiary,
                    "beneficiaryBankDetails": { "beneficiaryBankRoutingNumber": "021000021" },
                })
            };
            json!({
                "id": id,
                "institutionId": institution,
                "paymentName": format!("Wire {}", i + 1),
                "paymentDescription": "Supplier invoice",
                "paymentType": if international { "WIRE_INTERNATIONAL" } else { "WIRE_DOMESTIC" },
                "transactionType": "DEBIT",
                "deliveryDate": date,
                "accountNumber": account,
                "tinNumber": tin,
                "status": seed_status(days, &mut mix),
                "confirmationNumber": format!("WIR{}", mix.hex(9).to_uppercase()),
                "totalAmount": money::amount(cents),
                "numberOfPayments": 1,
                "wireTransaction": transaction,
            })
        })
        .collect();
    Seed { items, next_id: 1 }
}

fn with<R>(call: &Call<'_>, kind: Kind, user: UserKey, f: impl FnOnce(&mut Collection) -> R) -> R {
    let institution = call.institution().to_owned();
    let account = origin_account(call, user);
    call.state.store.with(
        kind,
        &store::user_scope(user),
        || match kind {
            Kind::WirePayments => wire_seed(user, &institution, &account),
            _ => ach_seed(user, &institution, &account),
        },
        f,
    )
}

fn date(call: &Call<'_>, name: &str) -> Result<NaiveDate, ApiError> {
    call.text(name)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| call.refuse(Check::BadParam, format!("{name} (YYYY-MM-DD) is required")))
}

/// A comma-separated filter whose values must be among `allowed`.
fn filter(
    call: &Call<'_>,
    name: &str,
    allowed: &[&str],
    code: &'static str,
) -> Result<Vec<String>, ApiError> {
    let values = call.list(name);
    if let Some(bad) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
        return Err(call.coded(
            400,
            code,
            format!("{name} {bad:?} is not one of {}", allowed.join(", ")),
        ));
    }
    Ok(values)
}

fn statuses() -> Vec<&'static str> {
    crate::spec::SPEC.schemas["AchPayment"]["properties"]["status"]["enum"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn list(call: &Call<'_>, kind: Kind, types: &[&str]) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let (from, to) = (date(call, "fromDate")?, date(call, "toDate")?);
    if to < from {
        return Err(call.refuse(Check::BadParam, "toDate must not be before fromDate"));
    }
    if to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(call.refuse(
            Check::BadParam,
            format!("the date range may not exceed {MAX_RANGE_DAYS} days"),
        ));
    }
    let wanted_status = filter(call, "paymentStatus", &statuses(), "BBP-137")?;
    let wanted_type = filter(call, "paymentType", types, "BBP-136")?;
    let (from, to) = (
        from.format("%Y-%m-%d").to_string(),
        to.format("%Y-%m-%d").to_string(),
    );
    let mut payments: Vec<Value> = with(call, kind, user, |c| {
        c.items()
            .iter()
            .filter(|p| {
                let day = p["deliveryDate"].as_str().unwrap_or_default();
                day >= from.as_str() && day <= to.as_str()
            })
            .filter(|p| {
                wanted_status.is_empty() || wanted_status.iter().any(|s| p["status"] == s.as_str())
            })
            .filter(|p| {
                wanted_type.is_empty() || wanted_type.iter().any(|t| p["paymentType"] == t.as_str())
            })
            .map(store::public)
            .collect()
    });
    payments.sort_by(|a, b| b["deliveryDate"].as_str().cmp(&a["deliveryDate"].as_str()));
    Ok(Answer::ok(json!({ "payments": payments })))
}

pub(crate) fn list_ach(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    list(call, Kind::AchPayments, &ACH_TYPES)
}

pub(crate) fn list_wires(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    list(call, Kind::WirePayments, &WIRE_TYPES)
}

fn get(call: &Call<'_>, kind: Kind) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let id = call.path("paymentId").to_owned();
    with(call, kind, user, |c| c.get(&id).map(store::public))
        .map(Answer::ok)
        .ok_or_else(|| call.refuse(Check::NotFound, format!("No record exists for the id {id}")))
}

pub(crate) fn get_ach(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    get(call, Kind::AchPayments)
}

pub(crate) fn get_wire(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    get(call, Kind::WirePayments)
}

/// What every new payment shares: its type among `types`, a delivery date from today on,
/// and an originating account of the user.
fn check_common(
    call: &Call<'_>,
    user: UserKey,
    body: &Map<String, Value>,
    types: &[&str],
) -> Result<(), ApiError> {
    let kind = body["paymentType"].as_str().unwrap_or_default();
    if !types.contains(&kind) {
        return Err(call.coded(
            400,
            "BBP-136",
            format!("paymentType must be {}", types.join(" or ")),
        ));
    }
    let delivery = body["deliveryDate"].as_str().unwrap_or_default();
    if !is_date(delivery) || delivery < clock::date_before(0).as_str() {
        return Err(call.coded(
            400,
            "BBP-151",
            "deliveryDate must be a date (YYYY-MM-DD) from today on",
        ));
    }
    let account = body["accountNumber"].as_str().unwrap_or_default();
    let owns = call
        .state
        .data
        .accounts(user)
        .iter()
        .any(|a| a.category() == "DEPOSIT" && a.visible_number(true) == account);
    if !owns {
        return Err(call.coded(
            400,
            "BBP-148",
            "accountNumber must be the full number of one of the user's deposit accounts",
        ));
    }
    Ok(())
}

fn positive_cents(call: &Call<'_>, amount: &Value) -> Result<i128, ApiError> {
    match money::cents(amount) {
        Some(c) if c > 0 => Ok(c),
        _ => Err(call.coded(
            400,
            "BBP-140",
            "amounts must be positive numbers with at most two decimals",
        )),
    }
}

fn confirmation(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}{}", id[..9].to_uppercase())
}

pub(crate) fn create_ach(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let mut body = call.body().as_object().cloned().unwrap_or_default();
    check_common(call, user, &body, &ACH_TYPES)?;
    let collection = body["paymentType"] == "ACH_COLLECTION";
    let expected = if collection { "CREDIT" } else { "DEBIT" };
    if body["transactionType"] != expected {
        return Err(call.coded(
            400,
            "BBP-143",
            format!(
                "an {} has transactionType {expected}",
                body["paymentType"].as_str().unwrap_or_default()
            ),
        ));
    }
    if collection
        && !matches!(
            body["achSecCode"].as_str(),
            Some("COMMERCIAL_CCD" | "CONSUMER_PPD")
        )
    {
        return Err(call.coded(
            400,
            "BBP-129",
            "an ACH_COLLECTION takes COMMERCIAL_CCD or CONSUMER_PPD",
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let mut total = 0i128;
    let mut lines = body["achTransactions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if lines.is_empty() {
        return Err(call.coded(400, "BBP-130", "achTransactions must not be empty"));
    }
    for line in &mut lines {
        total += positive_cents(call, &line["amount"])?;
        if line["currencyCode"] != "USD" {
            return Err(call.coded(400, "BBP-142", "ACH transactions are in USD"));
        }
        let routing = line["contactBankAchRoutingNumber"]
            .as_str()
            .unwrap_or_default();
        if routing.len() != 9 || !routing.bytes().all(|b| b.is_ascii_digit()) {
            return Err(call.coded(
                400,
                "BBP-145",
                "contactBankAchRoutingNumber must be 9 digits",
            ));
        }
        line["id"] = Value::String(uuid::Uuid::new_v4().to_string());
        line["paymentId"] = Value::String(id.clone());
    }
    let count = lines.len();
    body.insert("achTransactions".into(), Value::Array(lines));
    body.insert("id".into(), Value::String(id));
    body.insert(
        "institutionId".into(),
        Value::String(call.institution().to_owned()),
    );
    body.insert("status".into(), Value::from("PENDING_COMPANY_APPROVAL"));
    body.insert(
        "confirmationNumber".into(),
        Value::String(confirmation("ACH")),
    );
    body.insert("totalAmount".into(), money::amount(total));
    body.insert("numberOfPayments".into(), Value::from(count));
    body.entry("sameDayAch").or_insert(Value::Bool(false));
    body.entry("batchOffset").or_insert(Value::Bool(false));
    let created = Value::Object(body);
    with(call, Kind::AchPayments, user, |c| c.push(created.clone()));
    Ok(Answer::Json(201, created))
}

pub(crate) fn create_wire(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let mut body = call.body().as_object().cloned().unwrap_or_default();
    check_common(call, user, &body, &WIRE_TYPES)?;
    let id = uuid::Uuid::new_v4().to_string();
    let mut wire = body["wireTransaction"].clone();
    let cents = positive_cents(call, &wire["amount"])?;
    let domestic = body["paymentType"] == "WIRE_DOMESTIC";
    let bank = &wire["beneficiaryBankDetails"];
    if domestic && bank.get("beneficiaryBankRoutingNumber").is_none() {
        return Err(call.coded(
            400,
            "BBP-167",
            "a domestic wire needs beneficiaryBankRoutingNumber",
        ));
    }
    if !domestic && bank.get("beneficiaryBankSwiftNumber").is_none() {
        return Err(call.coded(
            400,
            "BBP-168",
            "an international wire needs beneficiaryBankSwiftNumber",
        ));
    }
    if domestic && wire["currencyCode"] != "USD" {
        return Err(call.coded(400, "BBP-142", "a domestic wire is in USD"));
    }
    wire["id"] = Value::String(uuid::Uuid::new_v4().to_string());
    wire["paymentId"] = Value::String(id.clone());
    body.insert("wireTransaction".into(), wire);
    body.insert("id".into(), Value::String(id));
    body.insert(
        "institutionId".into(),
        Value::String(call.institution().to_owned()),
    );
    body.insert("status".into(), Value::from("PENDING_COMPANY_APPROVAL"));
    body.insert(
        "confirmationNumber".into(),
        Value::String(confirmation("WIR")),
    );
    body.insert("totalAmount".into(), money::amount(cents));
    body.insert("numberOfPayments".into(), Value::from(1));
    let created = Value::Object(body);
    with(call, Kind::WirePayments, user, |c| c.push(created.clone()));
    Ok(Answer::Json(201, created))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{validate, SPEC};

    #[test]
    fn seeds_are_valid_payments_spread_over_the_window() {
        let ach = ach_seed(UserKey::Example, "00016", "4410020101");
        let wires = wire_seed(UserKey::Generated(7), "00016", "8000007000001");
        for (schema, seed) in [("AchPayment", &ach), ("WirePayment", &wires)] {
            for p in &seed.items {
                let r = serde_json::json!({ "$ref": format!("#/schemas/{schema}") });
                validate(&SPEC, &r, p, "seed").unwrap();
                let day = p["deliveryDate"].as_str().unwrap();
                assert!(
                    day > clock::date_before(SEED_DAYS as i64).as_str()
                        && day <= clock::date_before(0).as_str()
                );
            }
        }
        assert_eq!(ach.items[2]["totalAmount"].to_string(), "12345678901234.56");
        assert_eq!(ach.items[3]["totalAmount"].to_string(), "0.1");
        assert_eq!(ach_seed(UserKey::Example, "00016", "1").items[0], {
            let mut again = ach.items[0].clone();
            again["accountNumber"] = "1".into();
            again
        });
    }
}
