//! The spec's example user, built from the fixtures.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::account::Account;
use super::rng::seed;
use super::transaction::{self, money, sort_newest_first, Owner, Transaction};

/// `hostUserId` of the spec's example user.
pub const EXAMPLE_HOST_USER_ID: &str = "1234567890";
/// `loginId` of the same user.
pub const EXAMPLE_LOGIN_ID: &str = "testUser";
/// The account that holds `list-transactions.json` (and most of the user's history).
pub const EXAMPLE_TRANSACTIONS_ACCOUNT_ID: &str = "paGLhmRdxuDF_VkBwZvT0chXiDxJz6QubT5bViQb1u8";
/// The example user's own institution customer (the retail customer).
pub(crate) const EXAMPLE_CUSTOMER_ID: &str = "8fe733f4e27246908f92e8f7c0b96847";
/// The customer the spec's own account examples carry; the example user holds it too.
pub(crate) const EXAMPLE_SECOND_CUSTOMER_ID: &str = "f38a0d29000a4632a1c7ae93f2b288f8";
/// The example user's institution user id.
pub(crate) const EXAMPLE_INSTITUTION_USER_ID: &str = "40BC0EB5891C08D8E063C0A011ACE593";

const LIST_ACCOUNTS: &str = include_str!("../../fixtures/list-accounts.json");
const GET_ACCOUNT: &str = include_str!("../../fixtures/get-account.json");
const LIST_TRANSACTIONS: &str = include_str!("../../fixtures/list-transactions.json");
const EXTRA_ACCOUNTS: &str = include_str!("../../fixtures/extra-accounts.json");

/// The fixtures show masked numbers; these are the full numbers behind them.
const FULL_NUMBERS: [(&str, &str); 3] = [
    ("0101", "4410020101"),
    ("0110", "544127000110"),
    ("0099", "4410030099"),
];

pub(crate) struct Example {
    pub accounts: Vec<Account>,
    pub transactions: HashMap<String, Vec<Transaction>>,
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("embedded fixture is valid JSON")
}

/// An embedded account as this emulator's institution holds it.
pub(crate) fn into_account(value: Value, institution_id: &str) -> Account {
    let Value::Object(mut json) = value else {
        panic!("embedded account is an object")
    };
    json.insert("institutionId".into(), institution_id.into());
    if let Some(Value::String(number)) = json.get_mut("accountNumber") {
        if let Some((_, full)) = FULL_NUMBERS.iter().find(|(short, _)| short == number) {
            *number = (*full).to_owned();
        }
    }
    Account { json }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn special(
    institution_id: &str,
    id: &str,
    date: &str,
    description: &str,
    amount: &str,
    kind: &str,
    credit: bool,
    pending: bool,
) -> Transaction {
    Transaction::from_json(serde_json::json!({
        "id": id,
        "institutionId": institution_id,
        "institutionUserId": EXAMPLE_INSTITUTION_USER_ID,
        "institutionCustomerId": EXAMPLE_CUSTOMER_ID,
        "accountId": EXAMPLE_TRANSACTIONS_ACCOUNT_ID,
        "transactionDate": date,
        "effectiveDate": date,
        "description": description,
        "amount": money(amount),
        "type": kind,
        "isCreditTransaction": credit,
        "isExportable": true,
        "isPending": pending,
    }))
}

pub(crate) fn build(institution_id: &str) -> Example {
    let mut accounts = Vec::new();
    let list = parse(LIST_ACCOUNTS);
    for a in list["accounts"].as_array().into_iter().flatten() {
        accounts.push(into_account(a.clone(), institution_id));
    }
    accounts.push(into_account(parse(GET_ACCOUNT), institution_id));
    let extra = parse(EXTRA_ACCOUNTS);
    for a in extra["accounts"].as_array().into_iter().flatten() {
        accounts.push(into_account(a.clone(), institution_id));
    }

    let mut transactions: HashMap<String, Vec<Transaction>> = HashMap::new();
    let fixture = parse(LIST_TRANSACTIONS);
    let mut main: Vec<Transaction> = fixture["transactions"]
        .as_array()
        .into_iter()
        .flatten()
        .cloned()
        .map(|mut t| {
            t["institutionId"] = institution_id.into();
            Transaction::from_json(t)
        })
        .collect();
    main.push(special(
        institution_id,
        "fUtUrE0rEnTpAyMeNt0000000000000000000000001",
        "2026-05-08",
        "Scheduled Rent Payment",
        "1850.00",
        "BILL_PAYMENT",
        false,
        true,
    ));
    main.push(special(
        institution_id,
        "iNtErEsT0000000000000000000000000000000001",
        "2026-04-01",
        "Interest Paid",
        "0.1",
        "DIVIDEND",
        true,
        false,
    ));
    main.push(special(
        institution_id,
        "cAfE0000000000000000000000000000000000000001",
        "2026-04-15",
        "Café Luna Purchase",
        "12.34",
        "POS_PURCHASE",
        false,
        false,
    ));
    // A check and a branch deposit in the last 30 days, with their images: what the Banking
    // Images flows of the official collections look for ("the last 30 days" of the emulator's
    // today); the generated history ends a month before today.
    let mut check = special(
        institution_id,
        "cHeCk00000000000000000000000000000000002301",
        "2026-04-20",
        "Check #2301",
        "125.00",
        "CHECK",
        false,
        false,
    );
    check.json["transactionImage"] = serde_json::json!({
        "imageType": "CHECK",
        "imageIdentifier": "cHeCk00000000000000000000000000000000002301",
        "hostImageLocator": "2301",
    });
    main.push(check);
    let mut deposit = special(
        institution_id,
        "dEpOsIt000000000000000000000000000000000001",
        "2026-04-22",
        "Branch Deposit",
        "640.00",
        "DEPOSIT",
        true,
        false,
    );
    deposit.json["transactionImage"] = serde_json::json!({
        "imageType": "DEPOSIT_SLIP",
        "imageIdentifier": "dEpOsIt000000000000000000000000000000000001",
        "hostImageLocator": "231",
    });
    main.push(deposit);
    accounts_history(&accounts, &mut transactions);
    let generated = transactions
        .remove(EXAMPLE_TRANSACTIONS_ACCOUNT_ID)
        .unwrap_or_default();
    main.extend(generated);
    transactions.insert(EXAMPLE_TRANSACTIONS_ACCOUNT_ID.to_owned(), main);
    for list in transactions.values_mut() {
        sort_newest_first(list);
    }
    Example {
        accounts,
        transactions,
    }
}

/// Generated history for the user's own accounts (not the future-product or cross-user ones).
fn accounts_history(accounts: &[Account], out: &mut HashMap<String, Vec<Transaction>>) {
    for (i, account) in accounts.iter().enumerate() {
        let count = match account.id() {
            EXAMPLE_TRANSACTIONS_ACCOUNT_ID => 30,
            _ if account.category() == "DEPOSIT" || account.category() == "LOAN" => 12,
            _ => continue,
        };
        let s = |k: &str| {
            account
                .json
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let (id, inst, user, cust) = (
            s("id"),
            s("institutionId"),
            s("institutionUserId"),
            s("institutionCustomerId"),
        );
        let owner = Owner {
            account_id: &id,
            institution_id: &inst,
            institution_user_id: &user,
            institution_customer_id: &cust,
        };
        let list = transaction::generate(
            seed(1_234_567_890, i as u64),
            &owner,
            count,
            date(2026, 3, 31),
            false,
        );
        out.insert(id, list);
    }
}
