//! Stored transactions and the deterministic generator behind them.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use serde_json::{Number, Value};

use super::rng::Mix;
use crate::filter::{FieldAlias, Fields};

/// Fields `$filter` may name on transactions (the docs name `id` and `description`).
pub(crate) const TRANSACTION_FILTER_FIELDS: &[FieldAlias] = &[
    ("id", "id"),
    ("description", "description"),
    ("memo", "memo"),
    ("type", "type"),
];

/// The emulator's "today", `YYYY-MM-DD`: fixed so data and tests never depend on the wall
/// clock. Seeds are dated relative to it, and transactions dated after it are future ones
/// (`retrieveFutureTransactions`). A client that computes dates from its own clock (the
/// Postman collections' "last 30 days") should compute them from this day instead.
pub const TODAY: &str = "2026-04-30";

/// [`TODAY`] as a date (a test holds the two equal).
pub(crate) fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 30).unwrap_or_default()
}

#[derive(Debug, Clone)]
pub(crate) struct Transaction {
    pub json: Value,
    pub date: NaiveDate,
    pub credit: bool,
}

impl Transaction {
    pub(crate) fn from_json(json: Value) -> Transaction {
        let date = json
            .get("transactionDate")
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or_default();
        let credit = json
            .get("isCreditTransaction")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Transaction { json, date, credit }
    }
}

impl Fields for Transaction {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        self.json
            .get(name)
            .and_then(Value::as_str)
            .map(Cow::Borrowed)
    }
}

/// Newest first; ties keep their stored order, so paging is stable.
pub(crate) fn sort_newest_first(txns: &mut [Transaction]) {
    txns.sort_by_key(|t| std::cmp::Reverse(t.date));
}

/// A JSON number whose text is exactly `text` (the workspace keeps number text).
pub(crate) fn number(text: &str) -> Value {
    Number::from_str(text)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// A money value whose amount's JSON text is exactly `text`.
pub(crate) fn money(text: &str) -> Value {
    serde_json::json!({ "currencyCode": "USD", "amount": number(text) })
}

pub(crate) fn cents_text(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

const KINDS: [(&str, &str, bool); 10] = [
    ("DEPOSIT", "Branch Deposit", true),
    ("DIRECT_DEPOSIT", "Payroll Direct Deposit", true),
    ("ATM_WITHDRAWAL", "ATM Withdrawal", false),
    ("POS_PURCHASE", "Card Purchase", false),
    ("BILL_PAYMENT", "Online Bill Payment", false),
    ("TRANSFER_DEBIT", "Transfer to Savings", false),
    ("TRANSFER_CREDIT", "Transfer from Checking", true),
    ("CHECK", "Check", false),
    ("SERVICE_CHARGE", "Monthly Service Charge", false),
    ("DIVIDEND", "Dividend Earned", true),
];

/// The transaction types whose transactions have images (Banking Images): a check has a
/// `CHECK` image, a deposit a `DEPOSIT_SLIP` and a `DEPOSIT_CHECK` image.
pub(crate) const CHECK_TYPE: &str = "CHECK";
pub(crate) const DEPOSIT_TYPES: [&str; 3] = ["DEPOSIT", "ATM_DEPOSIT", "DIRECT_DEPOSIT"];

/// The `transactionImage` of a posted transaction whose type has images: the image type a
/// client asks Banking Images for, the transaction's id as `imageIdentifier` and the host's
/// locator (a check's number, a deposit's transaction number).
fn image_of(json: &Value, check_number: &str) -> Option<Value> {
    let kind = json["type"].as_str()?;
    let (image_type, locator) = if kind == CHECK_TYPE {
        ("CHECK", check_number.to_owned())
    } else if DEPOSIT_TYPES.contains(&kind) {
        (
            "DEPOSIT_SLIP",
            json["transactionNumber"].as_str()?.to_owned(),
        )
    } else {
        return None;
    };
    Some(serde_json::json!({
        "imageType": image_type,
        "imageIdentifier": json["id"],
        "hostImageLocator": locator,
    }))
}

/// Who a generated transaction belongs to.
pub(crate) struct Owner<'a> {
    pub account_id: &'a str,
    pub institution_id: &'a str,
    pub institution_user_id: &'a str,
    pub institution_customer_id: &'a str,
}

/// `count` past transactions (newest on `newest`, spaced 0–3 days apart) plus,
/// when `future` is set, one pending transaction a few days after the reference date.
pub(crate) fn generate(
    seed: u64,
    owner: &Owner<'_>,
    count: usize,
    newest: NaiveDate,
    future: bool,
) -> Vec<Transaction> {
    let mut mix = Mix::new(seed);
    let mut out = Vec::with_capacity(count + 1);
    let mut date = newest;
    let make = |n: usize, date: NaiveDate, mix: &mut Mix, pending: bool| {
        let (kind, label, credit) = KINDS[mix.below(KINDS.len() as u64) as usize];
        let cents = 100 + mix.below(250_000);
        let check_no = 1000 + n;
        let description = if kind == "CHECK" {
            format!("{label} #{check_no}")
        } else {
            format!("{label} {}", n + 1)
        };
        let json = serde_json::json!({
            "id": mix.token(43),
            "institutionId": owner.institution_id,
            "institutionUserId": owner.institution_user_id,
            "institutionCustomerId": owner.institution_customer_id,
            "accountId": owner.account_id,
            "transactionNumber": (n + 1).to_string(),
            "transactionDate": date.format("%Y-%m-%d").to_string(),
            "effectiveDate": date.format("%Y-%m-%d").to_string(),
            "description": description,
            "amount": money(&cents_text(cents)),
            "type": kind,
            "isCreditTransaction": credit,
            "isExportable": true,
            "isPending": pending,
        });
        let mut json = json;
        if let Some(image) = (!pending)
            .then(|| image_of(&json, &check_no.to_string()))
            .flatten()
        {
            json["transactionImage"] = image;
        }
        Transaction::from_json(json)
    };
    if future {
        let when = reference_date() + Duration::days(3 + mix.below(10) as i64);
        out.push(make(count, when, &mut mix, true));
    }
    for n in (0..count).rev() {
        out.push(make(n, date, &mut mix, false));
        date -= Duration::days(mix.below(4) as i64);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_the_reference_date() {
        assert_eq!(super::reference_date().to_string(), super::TODAY);
    }
}
