//! The cross-language scenarios of `tests/scenarios.json`, run by the Rust core.
//! The Python and Node packages run the same file.

mod common;

use std::time::Duration;

use candescent::{Client, Error, GetAccount, ListAccounts, ListTransactions, View};
use candescent_emulator::{Emulator, Fault};
use common::*;
use futures::TryStreamExt;
use serde_json::{json, Value};

/// What a successful call gave back, in the terms the scenarios check.
#[derive(Default)]
struct Answer {
    count: usize,
    amounts: Vec<String>,
    ids: Vec<String>,
}

fn absorb(answer: &mut Answer, json: Value) {
    fn walk(json: &Value, amounts: &mut Vec<String>) {
        match json {
            Value::Object(map) => {
                if let (Some(Value::Number(n)), true) =
                    (map.get("amount"), map.contains_key("currencyCode"))
                {
                    amounts.push(n.to_string());
                }
                map.values().for_each(|v| walk(v, amounts));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, amounts)),
            _ => {}
        }
    }
    walk(&json, &mut answer.amounts);
    answer
        .ids
        .push(json["id"].as_str().unwrap_or_default().to_owned());
    answer.count += 1;
}

fn text(params: &Value, key: &str) -> Option<String> {
    params.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn flag(params: &Value, key: &str) -> Option<bool> {
    params.get(key).and_then(Value::as_bool)
}

async fn resolve_account(client: &Client, value: String) -> String {
    match value.strip_prefix("@first-account-of:") {
        Some(user) => client
            .accounts()
            .list(&ListAccounts::host_user_id(user))
            .await
            .unwrap()
            .accounts[0]
            .id
            .clone(),
        None => value,
    }
}

async fn call(client: &Client, method: &str, p: &Value) -> Result<Answer, Error> {
    let mut answer = Answer::default();
    let view = text(p, "view").map(|v| v.parse::<View>()).transpose()?;
    match method {
        "accounts.list" => {
            let params = ListAccounts {
                host_user_id: text(p, "host_user_id"),
                login_id: text(p, "login_id"),
                institution_customer_id: text(p, "institution_customer_id"),
                filter: text(p, "filter"),
                view,
                cross_account: flag(p, "cross_account"),
                additional_fields: flag(p, "additional_fields"),
                skip_groups: p
                    .get("skip_groups")
                    .and_then(Value::as_u64)
                    .map(|n| n as u32),
            };
            for account in client.accounts().list(&params).await? {
                absorb(&mut answer, account.to_json());
            }
        }
        "accounts.get" => {
            let params = GetAccount {
                host_user_id: text(p, "host_user_id"),
                login_id: text(p, "login_id"),
                view,
                ..GetAccount::default()
            };
            let account = client
                .accounts()
                .get(&text(p, "account_id").unwrap(), &params)
                .await?;
            absorb(&mut answer, account.to_json());
        }
        "transactions.list" => {
            let account_id = resolve_account(client, text(p, "account_id").unwrap()).await;
            let params = ListTransactions {
                host_user_id: text(p, "host_user_id"),
                login_id: text(p, "login_id"),
                page_size: p.get("page_size").and_then(Value::as_u64).map(|n| n as u32),
                ..ListTransactions::new(account_id)
            };
            let txns: Vec<_> = client.transactions().list(&params).try_collect().await?;
            txns.into_iter()
                .for_each(|t| absorb(&mut answer, t.to_json()));
        }
        "access_token" => {
            assert!(!client.access_token().await?.is_empty());
            answer.count = 1;
        }
        other => panic!("unknown method {other}"),
    }
    Ok(answer)
}

fn client_for(emu: &Emulator, overrides: &Value) -> Client {
    let mut b = builder(emu);
    if let Some(secret) = text(overrides, "client_secret") {
        b = b.client_secret(secret);
    }
    if let Some(scopes) = overrides.get("scopes").and_then(Value::as_array) {
        b = b.scopes(scopes.iter().filter_map(Value::as_str));
    }
    if let Some(n) = overrides.get("max_retries").and_then(Value::as_u64) {
        b = b.max_retries(n as u32);
    }
    if let Some(s) = overrides.get("timeout").and_then(Value::as_f64) {
        b = b.timeout(Duration::from_secs_f64(s));
    }
    b.build().unwrap()
}

#[tokio::test]
async fn every_scenario() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios.json");
    let scenarios: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let emu = emulator().await;
    for s in scenarios["scenarios"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        emu.reset();
        let client = client_for(&emu, s.get("client").unwrap_or(&json!({})));
        for step in s
            .get("setup")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if step.get("warm_up").is_some() {
                client.access_token().await.unwrap();
            }
            if let Some(fault) = step.get("fault") {
                emu.inject_fault(serde_json::from_value::<Fault>(fault.clone()).unwrap());
            }
            if step.get("revoke_tokens").is_some() {
                emu.revoke_tokens();
            }
            if step.get("expire_tokens").is_some() {
                emu.expire_tokens();
            }
        }
        let result = call(
            &client,
            s["call"]["method"].as_str().unwrap(),
            &s["call"]["params"],
        )
        .await;
        let expect = &s["expect"];
        match (&result, expect.get("error").and_then(Value::as_str)) {
            (Err(e), Some(class)) => {
                assert_eq!(e.kind().class_name(), class, "{name}: {e}");
                if let Some(status) = expect.get("status") {
                    assert_eq!(e.status().map(u64::from), status.as_u64(), "{name}");
                }
                if let Some(code) = expect.get("code") {
                    assert_eq!(e.code(), code.as_str(), "{name}");
                }
                if let Some(after) = expect.get("retry_after").and_then(Value::as_u64) {
                    assert_eq!(e.retry_after(), Some(Duration::from_secs(after)), "{name}");
                }
                if e.kind().is_api_error() {
                    assert!(
                        e.transaction_id().is_some(),
                        "{name}: an API error names its transactionId"
                    );
                }
            }
            (Ok(answer), None) => {
                if let Some(count) = expect.get("count").and_then(Value::as_u64) {
                    assert_eq!(answer.count as u64, count, "{name}");
                }
                if let Some(min) = expect.get("min_count").and_then(Value::as_u64) {
                    assert!(answer.count as u64 >= min, "{name}: {}", answer.count);
                }
                for amount in expect
                    .get("amounts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    assert!(
                        answer.amounts.iter().any(|a| a == amount.as_str().unwrap()),
                        "{name}: {amount} not in {:?}",
                        answer.amounts
                    );
                }
                for id in expect
                    .get("ids")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    assert!(
                        answer.ids.iter().any(|i| i == id.as_str().unwrap()),
                        "{name}: {id}"
                    );
                }
                if expect.get("unique_ids").is_some() {
                    let unique: std::collections::HashSet<_> = answer.ids.iter().collect();
                    assert_eq!(unique.len(), answer.ids.len(), "{name}");
                }
            }
            (Err(e), None) => panic!("{name}: unexpected error {e}"),
            (Ok(_), Some(class)) => panic!("{name}: expected {class}"),
        }
        let stats = serde_json::to_value(emu.stats()).unwrap();
        for (key, want) in s
            .get("stats")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let got = if key == "tokens_issued" {
                &stats[key]
            } else {
                &stats["requests"][key]
            };
            assert_eq!(got, want, "{name}: stats {key}");
        }
    }
}
