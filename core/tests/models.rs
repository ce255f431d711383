//! What the models keep: exact money, unknown fields and values, masked numbers.

mod common;

use candescent::{Category, ListAccounts, ListTransactions, Money};
use common::*;
use futures::TryStreamExt;

/// Every `amount` of every money object, as the decimal's text.
fn amounts(json: &serde_json::Value, out: &mut Vec<String>) {
    match json {
        serde_json::Value::Object(map) => {
            if map.contains_key("currencyCode") {
                if let Ok(money) = serde_json::from_value::<Money>(json.clone()) {
                    out.push(money.amount.to_string());
                }
            }
            map.values().for_each(|v| amounts(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| amounts(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn money_round_trips_digit_for_digit() {
    let emu = emulator().await;
    let client = client(&emu);
    let list = client.accounts().list(&list()).await.unwrap();
    let mut seen = Vec::new();
    amounts(&list.to_json(), &mut seen);
    for account in &list {
        // The JSON given back keeps the number's text.
        let json = serde_json::to_string(&account.to_json()).unwrap();
        if let Some(balance) = &account.available_balance {
            assert!(
                json.contains(&format!("\"amount\":{}", balance.amount)),
                "{json}"
            );
        }
    }
    let params = ListTransactions::new(candescent_emulator::EXAMPLE_TRANSACTIONS_ACCOUNT_ID)
        .host_user_id(USER);
    let txns: Vec<_> = client
        .transactions()
        .list(&params)
        .try_collect()
        .await
        .unwrap();
    for txn in &txns {
        amounts(&txn.to_json(), &mut seen);
    }
    for want in ["501306.06", "0.1", "12345678901234.56", "-220", "443572"] {
        assert!(seen.iter().any(|s| s == want), "{want} not among {seen:?}");
    }
}

#[tokio::test]
async fn unknown_fields_and_values_survive() {
    let emu = emulator().await;
    let client = client(&emu);
    // The emulator sends values the spec does not list only for its opt-in user.
    let future = ListAccounts::host_user_id(candescent_emulator::FUTURE_VALUES_USER);
    let list = client.accounts().list(&future).await.unwrap();
    let unknown = list
        .iter()
        .find(|a| matches!(a.category, Category::Other(_)))
        .expect("an account with a category this SDK does not know");
    assert!(
        !unknown.extra.is_empty(),
        "unknown fields are kept in extra"
    );
    let json = unknown.to_json();
    for (key, value) in &unknown.extra {
        assert_eq!(&json[key], value, "to_json gives back {key}");
    }
    assert_eq!(json["category"], unknown.category.as_str());
}

#[tokio::test]
async fn debug_shows_only_the_last_four_digits() {
    let emu = emulator().await;
    let client = client(&emu); // no scopes: every allowed scope, so numbers come unmasked
    let list = client.accounts().list(&list()).await.unwrap();
    for account in &list {
        let number = account.account_number.as_str();
        assert!(number.len() > 4, "full number expected, got {number}");
        let debug = format!("{account:?}");
        assert!(!debug.contains(number), "{debug}");
        assert!(debug.contains(&number[number.len() - 4..]));
        assert_eq!(
            account.account_number.to_string(),
            format!("****{}", &number[number.len() - 4..])
        );
    }
}
