//! The opt-in `future-values` user: values and fields the spec does not list.
//!
//! Real deployments add enum values and fields over time; an SDK must carry them
//! through. The default users never send them, so their answers validate against
//! the spec; this user exists to test that tolerance.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::example::{into_account, Example};
use super::rng::seed;
use super::transaction::{self, money, Owner, Transaction};

/// `hostUserId` and `loginId` of the user whose data goes beyond the spec.
pub const FUTURE_VALUES_USER: &str = "future-values";

const FUTURE_VALUES: &str = include_str!("../../fixtures/future-values.json");

pub(crate) fn build(institution_id: &str) -> Example {
    let fixture: Value =
        serde_json::from_str(FUTURE_VALUES).expect("embedded fixture is valid JSON");
    let accounts: Vec<_> = fixture["accounts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| into_account(a.clone(), institution_id))
        .collect();
    let mut transactions = HashMap::new();
    for (i, account) in accounts.iter().enumerate() {
        let s = |k: &str| {
            account
                .json
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (id, user, cust) = (s("id"), s("institutionUserId"), s("institutionCustomerId"));
        let owner = Owner {
            account_id: &id,
            institution_id,
            institution_user_id: &user,
            institution_customer_id: &cust,
        };
        let newest = NaiveDate::from_ymd_opt(2026, 4, 20).unwrap_or_default();
        let mut list = transaction::generate(seed(0xF07, i as u64), &owner, 5, newest, false);
        list.insert(
            0,
            Transaction::from_json(serde_json::json!({
                "id": "fUtUrEtYpE000000000000000000000000000000001",
                "institutionId": institution_id,
                "institutionUserId": user,
                "institutionCustomerId": cust,
                "accountId": id,
                "transactionDate": "2026-04-28",
                "effectiveDate": "2026-04-28",
                "description": "Instant Payment Received",
                "amount": money("42.00"),
                "type": "FUTURE_TRANSACTION_TYPE",
                "isCreditTransaction": true,
                "isExportable": true,
                "isPending": false,
                "hostCategory": "INSTANT",
            })),
        );
        transactions.insert(id, list);
    }
    Example {
        accounts,
        transactions,
    }
}
