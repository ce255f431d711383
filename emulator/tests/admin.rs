//! The admin API under `/__emulator/` and the library handle.

mod common;

use std::time::{Duration, Instant};

use candescent_emulator::{Fault, FaultKind, FaultRoute, RouteCounts, Stats};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn admin_post(
    emu: &candescent_emulator::Emulator,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = client().post(format!("{}/__emulator/{path}", emu.base_url()));
    if let Some(body) = body {
        req = req.json(&body);
    }
    send(req).await
}

async fn admin_stats(emu: &candescent_emulator::Emulator) -> Value {
    send(client().get(format!("{}/__emulator/stats", emu.base_url())))
        .await
        .1
}

fn accounts_path() -> String {
    format!("/v1/accounts?hostUserId={USER}")
}

#[tokio::test]
async fn stats_count_every_request_per_route_but_not_admin_ones() {
    let emu = emu().await;
    let t = token(&emu).await;
    let _ = send(token_request(&emu, "", &[("grant_type", "password")])).await; // rejected, still counted
    get(&emu, &accounts_path(), &t).await;
    get(&emu, "/v1/accounts", "bad").await;
    get(
        &emu,
        &format!("/v1/accounts/{GET_ACCOUNT_ID}?hostUserId={USER}"),
        &t,
    )
    .await;
    get(
        &emu,
        &format!("/v1/transactions?hostUserId={USER}&accountId={TXN_ACCOUNT}"),
        &t,
    )
    .await;
    admin_stats(&emu).await;
    let body = admin_stats(&emu).await;
    assert_eq!(
        body,
        json!({"requests": {"token": 2, "revoke": 0, "accounts": 2, "account": 1, "transactions": 1, "disclosures": 0}, "tokens_issued": 1,
            "grants": {"client_credentials": 1, "password": 0, "authorization_code": 0, "refresh_token": 0},
            "revoked": {"access_tokens": 0, "refresh_tokens": 0},
            "operations": {"createAccessTokenV2": 2, "listAccountsV1": 2, "getAccountByIdV1": 1,
                "listAccountTransactionsV1": 1}})
    );
    assert_eq!(
        emu.stats(),
        Stats {
            requests: RouteCounts {
                token: 2,
                revoke: 0,
                accounts: 2,
                account: 1,
                transactions: 1,
                disclosures: 0
            },
            tokens_issued: 1,
            grants: candescent_emulator::GrantCounts {
                client_credentials: 1,
                ..Default::default()
            },
            operations: [
                ("createAccessTokenV2", 2),
                ("listAccountsV1", 2),
                ("getAccountByIdV1", 1),
                ("listAccountTransactionsV1", 1)
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
            ..Default::default()
        }
    );
}

#[tokio::test]
async fn status_fault_answers_the_status_with_code_and_retry_after() {
    let emu = emu().await;
    let t = token(&emu).await;
    let r = admin_post(&emu, "faults", Some(json!({"route": "accounts", "count": 2, "kind": "status", "status": 503, "retry_after": 7}))).await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    for _ in 0..2 {
        let res = data(&emu, &accounts_path(), &t).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()["retry-after"], "7");
        assert_eq!(res.headers()["content-type"], "application/json");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "ACC_99999");
    }
    assert_eq!(get(&emu, &accounts_path(), &t).await.0, StatusCode::OK);
    assert_eq!(
        emu.stats().requests.accounts,
        3,
        "faulted requests are counted"
    );
}

#[tokio::test]
async fn status_fault_uses_the_given_code_and_route() {
    let emu = emu().await;
    admin_post(
        &emu,
        "faults",
        Some(json!({"route": "token", "kind": "status", "status": 500, "code": "CMN_90001"})),
    )
    .await;
    assert_error(&send(token_request(&emu, "", &[])).await, 500, "CMN_90001");
    assert_eq!(send(token_request(&emu, "", &[])).await.0, StatusCode::OK);
    emu.inject_fault(Fault::status(FaultRoute::Transactions, 1, 429));
    let t = token(&emu).await;
    // Other routes are unaffected.
    assert_eq!(get(&emu, &accounts_path(), &t).await.0, StatusCode::OK);
    let r = get(
        &emu,
        &format!("/v1/transactions?hostUserId={USER}&accountId={TXN_ACCOUNT}"),
        &t,
    )
    .await;
    assert_error(&r, 429, "CMN_90002");
}

#[tokio::test]
async fn any_route_fault_hits_the_next_request() {
    let emu = emu().await;
    emu.inject_fault(Fault::status(FaultRoute::Any, 1, 502));
    assert_error(&send(token_request(&emu, "", &[])).await, 502, "CMN_90000");
    assert_eq!(send(token_request(&emu, "", &[])).await.0, StatusCode::OK);
}

#[tokio::test]
async fn reset_fault_closes_the_connection_without_a_response() {
    let emu = emu().await;
    let t = token(&emu).await;
    let r = admin_post(
        &emu,
        "faults",
        Some(json!({"route": "accounts", "kind": "reset"})),
    )
    .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    let err = data(&emu, &accounts_path(), &t).send().await.unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    assert_eq!(get(&emu, &accounts_path(), &t).await.0, StatusCode::OK);
}

#[tokio::test]
async fn reset_fault_on_the_token_route() {
    let emu = emu().await;
    emu.inject_fault(Fault::reset(FaultRoute::Token, 1));
    assert!(token_request(&emu, "", &[]).send().await.is_err());
    assert_eq!(send(token_request(&emu, "", &[])).await.0, StatusCode::OK);
}

#[tokio::test]
async fn stall_fault_delays_then_answers() {
    let emu = emu().await;
    let t = token(&emu).await;
    admin_post(
        &emu,
        "faults",
        Some(json!({"route": "accounts", "kind": "stall", "stall_ms": 400})),
    )
    .await;
    let err = data(&emu, &accounts_path(), &t)
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    emu.inject_fault(Fault::stall(FaultRoute::Accounts, 1, 300));
    let started = Instant::now();
    assert_eq!(get(&emu, &accounts_path(), &t).await.0, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn malformed_fault_sends_truncated_json() {
    let emu = emu().await;
    let t = token(&emu).await;
    for (route, path) in [
        ("accounts", accounts_path()),
        (
            "account",
            format!("/v1/accounts/{GET_ACCOUNT_ID}?hostUserId={USER}"),
        ),
        (
            "transactions",
            format!("/v1/transactions?hostUserId={USER}&accountId={TXN_ACCOUNT}"),
        ),
    ] {
        admin_post(
            &emu,
            "faults",
            Some(json!({"route": route, "kind": "malformed"})),
        )
        .await;
        let res = data(&emu, &path, &t).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/json");
        let text = res.text().await.unwrap();
        assert!(text.starts_with('{'));
        assert!(
            serde_json::from_str::<Value>(&text).is_err(),
            "{route}: {text}"
        );
    }
    emu.inject_fault(Fault::malformed(FaultRoute::Token, 1));
    let text = token_request(&emu, "", &[])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn expire_and_revoke_tokens_reject_existing_tokens() {
    let emu = emu().await;
    let t = token(&emu).await;
    assert_eq!(
        admin_post(&emu, "tokens/expire", None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_error(&get(&emu, &accounts_path(), &t).await, 401, "ACC_00601");
    let t = token(&emu).await;
    assert_eq!(get(&emu, &accounts_path(), &t).await.0, StatusCode::OK);
    assert_eq!(
        admin_post(&emu, "tokens/revoke", None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_error(&get(&emu, &accounts_path(), &t).await, 401, "ACC_00601");
    let t = token(&emu).await;
    emu.revoke_tokens();
    assert_error(
        &get(
            &emu,
            &format!("/v1/transactions?hostUserId={USER}&accountId={TXN_ACCOUNT}"),
            &t,
        )
        .await,
        401,
        "TXN_11002",
    );
}

#[tokio::test]
async fn reset_clears_faults_counters_and_tokens() {
    let emu = emu().await;
    let t = token(&emu).await;
    emu.inject_fault(Fault::status(FaultRoute::Accounts, 5, 500));
    assert_eq!(
        admin_post(&emu, "reset", None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(emu.stats(), Stats::default());
    assert_error(&get(&emu, &accounts_path(), &t).await, 401, "ACC_00601");
    let t = token(&emu).await;
    assert_eq!(
        get(&emu, &accounts_path(), &t).await.0,
        StatusCode::OK,
        "fault was cleared"
    );
    emu.inject_fault(Fault::status(FaultRoute::Accounts, 1, 500));
    emu.reset();
    assert_eq!(emu.stats().tokens_issued, 0);
}

#[tokio::test]
async fn bad_admin_input_is_400_with_a_message() {
    let emu = emu().await;
    for body in [
        json!({"route": "nowhere", "kind": "status"}),
        json!({"route": "accounts", "kind": "explode"}),
        json!({"route": "accounts", "kind": "status", "count": 0}),
        json!({"route": "accounts", "kind": "status", "status": 99}),
        json!({"route": "accounts", "kind": "status", "stauts": 500}),
        json!({"kind": "status"}),
        json!("status"),
    ] {
        let r = admin_post(&emu, "faults", Some(body.clone())).await;
        assert_eq!(r.0, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            r.1["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    }
    let r = send(
        client()
            .post(format!("{}/__emulator/faults", emu.base_url()))
            .body("{not json"),
    )
    .await;
    assert_eq!(r.0, StatusCode::BAD_REQUEST);
    let r = admin_post(
        &emu,
        "faults",
        Some(json!({"route": "nowhere", "kind": "status"})),
    )
    .await;
    assert!(r.1["message"]
        .as_str()
        .unwrap()
        .contains("token, revoke, accounts, account, transactions, disclosures, any"));
}

#[test]
fn route_and_kind_parse_and_display() {
    for (s, r) in [
        ("token", FaultRoute::Token),
        ("ANY", FaultRoute::Any),
        ("transactions", FaultRoute::Transactions),
    ] {
        assert_eq!(s.parse::<FaultRoute>().unwrap(), r);
    }
    assert_eq!(FaultRoute::Account.to_string(), "account");
    let e = "x".parse::<FaultRoute>().unwrap_err();
    assert!(
        e.contains("token, revoke, accounts, account, transactions, disclosures, any"),
        "{e}"
    );
    let e = "x".parse::<FaultKind>().unwrap_err();
    assert!(e.contains("status, reset, stall, malformed"), "{e}");
    assert_eq!(serde_json::to_value(FaultKind::Stall).unwrap(), "stall");
    let f: Fault = serde_json::from_value(json!({"route": "revoke", "kind": "reset"})).unwrap();
    assert_eq!(f.count, 1);
}

#[tokio::test]
async fn shutdown_is_idempotent_and_closes_the_listener() {
    let emu = emu().await;
    let addr = emu.base_url().trim_start_matches("http://").to_owned();
    let clone = emu.clone();
    emu.shutdown().await;
    clone.shutdown().await;
    assert!(tokio::net::TcpStream::connect(&addr).await.is_err());
}

#[tokio::test]
async fn config_and_latency() {
    let emu = emu_with(candescent_emulator::Config {
        latency: Duration::from_millis(150),
        ..Default::default()
    })
    .await;
    assert_eq!(emu.config().client_id, "candescent-emulator");
    assert_eq!(emu.config().institution_id, "00016");
    let started = Instant::now();
    token(&emu).await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    let started = Instant::now();
    admin_stats(&emu).await;
    assert!(
        started.elapsed() < Duration::from_millis(150),
        "admin calls have no latency"
    );
}

#[tokio::test]
async fn accepted_calls_are_counted_per_second() {
    let emu = emu().await;
    let t = token(&emu).await;
    get(&emu, &accounts_path(), &t).await;
    get(&emu, &accounts_path(), &t).await;
    get(&emu, "/v1/accounts", "bad").await; // refused: not accepted
    let seconds = emu.accepted_per_second();
    assert_eq!(seconds.iter().map(|(_, n)| n).sum::<u64>(), 2);
    let body = send(client().get(format!("{}/__emulator/accepted", emu.base_url())))
        .await
        .1;
    let total: u64 = body["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| pair[1].as_u64().unwrap())
        .sum();
    assert_eq!(total, 2);
    emu.reset();
    assert!(emu.accepted_per_second().is_empty());
}
