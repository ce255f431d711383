//! The second retail user, Jordan Lee: another member of the institution, whom the example
//! user's recipient `rcp-0001` pays and whom the official Postman collections look up as a
//! recipient profile (`GET /v1/customers/jordanLee?userIdType=LOGIN_ID`: e-mail address, last
//! name, member number). Two deposit accounts, built from `fixtures/recipient-user.json`, with
//! a generated history each.

use std::collections::HashMap;

use serde_json::Value;

use super::example::{into_account, Example};
use super::rng::seed;
use super::transaction::{self, reference_date, Owner};

/// `loginId` of the second retail user.
pub const RECIPIENT_LOGIN_ID: &str = "jordanLee";
/// `hostUserId` (member number) of the same user.
pub const RECIPIENT_HOST_USER_ID: &str = "2200334455";
/// Its institution user id.
pub(crate) const RECIPIENT_INSTITUTION_USER_ID: &str = "8F050D3A18BC14C6B6AA65FAC7111C5F";
/// Its one institution customer.
pub(crate) const RECIPIENT_CUSTOMER_ID: &str = "3df387d4adcdd1bda19d24671c0a9e2d";

const ACCOUNTS: &str = include_str!("../../fixtures/recipient-user.json");

pub(crate) fn build(institution_id: &str) -> Example {
    let fixture: Value = serde_json::from_str(ACCOUNTS).expect("embedded fixture is valid JSON");
    let accounts: Vec<_> = fixture["accounts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| into_account(a.clone(), institution_id))
        .collect();
    let mut transactions = HashMap::new();
    for (i, account) in accounts.iter().enumerate() {
        let id = account.id().to_owned();
        let owner = Owner {
            account_id: &id,
            institution_id,
            institution_user_id: RECIPIENT_INSTITUTION_USER_ID,
            institution_customer_id: RECIPIENT_CUSTOMER_ID,
        };
        let mut list = transaction::generate(
            seed(2_200_334_455, i as u64),
            &owner,
            12,
            reference_date(),
            false,
        );
        transaction::sort_newest_first(&mut list);
        transactions.insert(id, list);
    }
    Example {
        accounts,
        transactions,
    }
}
