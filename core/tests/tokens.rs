//! The token lifecycle against the emulator: one request per burst, background refresh,
//! failure handling, and the 401 replay.

mod common;

use std::time::Duration;

use candescent::ErrorKind;
use candescent_emulator::{FaultKind, FaultRoute};
use common::*;
use futures::future::join_all;

#[tokio::test]
async fn a_thousand_concurrent_calls_share_one_token_request() {
    let emu = emulator().await;
    let client = client(&emu);
    let params = list();
    let results = join_all((0..1000).map(|_| client.accounts().list(&params))).await;
    assert!(
        results.iter().all(|r| r.is_ok()),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    let stats = emu.stats();
    assert_eq!(stats.requests.token, 1);
    assert_eq!(stats.tokens_issued, 1);
    assert_eq!(stats.requests.accounts, 1000);
}

#[tokio::test]
async fn stale_token_is_used_while_one_refresh_is_in_flight() {
    let emu = emulator().await; // tokens live 3600 s: stale in the last 300 s
    let client = client(&emu);
    let old = client.access_token().await.unwrap();
    let mut stall = fault(FaultRoute::Token, FaultKind::Stall, 1);
    stall.stall_ms = Some(1500);
    emu.inject_fault(stall);
    advance_client_clock(Duration::from_secs(3301)).await;

    let results = join_all((0..20).map(|_| async { client.accounts().list(&list()).await })).await;
    assert!(results.iter().all(|r| r.is_ok()));
    assert_eq!(
        client.access_token().await.unwrap(),
        old,
        "the stale token is still served"
    );
    assert_eq!(
        emu.stats().tokens_issued,
        1,
        "the calls finished before the refresh did"
    );

    // Once the stalled refresh answers, its token replaces the old one.
    let mut new = old.clone();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        new = client.access_token().await.unwrap();
        if new != old {
            break;
        }
    }
    assert_ne!(new, old);
    assert_eq!(emu.stats().requests.token, 2, "exactly one refresh request");
}

#[tokio::test]
async fn failing_token_endpoint_keeps_the_valid_token_then_fails_everyone_then_recovers() {
    let emu = emulator().await;
    let client = builder(&emu).max_retries(0).build().unwrap();
    client.accounts().list(&list()).await.unwrap();
    emu.inject_fault(status_fault(FaultRoute::Token, 503, "CMN_90000", 1000));

    advance_client_clock(Duration::from_secs(3400)).await; // stale
    for _ in 0..5 {
        client
            .accounts()
            .list(&list())
            .await
            .expect("the old token still works");
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        emu.stats().requests.token,
        2,
        "one failed refresh, then a 10 s pause"
    );

    advance_client_clock(Duration::from_secs(300)).await; // expired
    let results = join_all((0..10).map(|_| async { client.accounts().list(&list()).await })).await;
    for result in &results {
        let error = result.as_ref().expect_err("no token to use");
        assert_eq!(error.kind(), ErrorKind::Server);
        assert_eq!(error.status(), Some(503));
        assert_eq!(error.code(), Some("CMN_90000"));
    }
    assert_eq!(
        emu.stats().requests.token,
        3,
        "the waiters shared one request"
    );

    emu.reset();
    client
        .accounts()
        .list(&list())
        .await
        .expect("the next call after the fault clears succeeds");
}

#[tokio::test]
async fn revoked_tokens_cost_one_new_token_and_one_replay_each() {
    let emu = emulator().await;
    let client = client(&emu);
    client.accounts().list(&list()).await.unwrap();
    emu.revoke_tokens();

    let results = join_all((0..100).map(|_| async { client.accounts().list(&list()).await })).await;
    assert!(results.iter().all(|r| r.is_ok()));
    let stats = emu.stats();
    assert_eq!(stats.tokens_issued, 2, "exactly one new token");
    assert_eq!(
        stats.requests.accounts,
        1 + 100 + 100,
        "each call replayed once"
    );
}

#[tokio::test]
async fn a_second_401_is_an_authentication_error_without_a_loop() {
    let emu = emulator().await;
    let client = client(&emu);
    client.accounts().list(&list()).await.unwrap();
    emu.inject_fault(status_fault(FaultRoute::Accounts, 401, "ACC_00601", 5));

    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Authentication);
    assert_eq!(error.code(), Some("ACC_00601"));
    let stats = emu.stats();
    assert_eq!(
        stats.requests.accounts, 3,
        "the first call, the failing one and its single replay"
    );
    assert_eq!(stats.requests.token, 2);
}

#[tokio::test]
async fn close_revokes_the_token_and_refuses_further_calls() {
    let emu = emulator().await;
    let client = client(&emu);
    let token = client.access_token().await.unwrap();
    client.close().await;
    assert_eq!(emu.stats().requests.revoke, 1);
    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Closed);

    // The revoked token is refused by the server.
    let http = reqwest::Client::new();
    let answer = http
        .get(format!("{}/v1/accounts?hostUserId={USER}", emu.base_url()))
        .bearer_auth(&token)
        .header("transactionId", uuid::Uuid::new_v4().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
}

#[tokio::test]
async fn token_info_tells_the_expiry_and_the_scopes_when_the_server_names_them() {
    let emu = emulator().await;
    let scoped = builder(&emu).scopes(["accounts:read"]).build().unwrap();
    let info = scoped.token_info().await.unwrap();
    // The emulator's tokens live an hour; the documented answer names no scope.
    assert!(
        info.expires_in() > Duration::from_secs(3500)
            && info.expires_in() <= Duration::from_secs(3600)
    );
    assert!(info.expires_at() > std::time::SystemTime::now() + Duration::from_secs(3500));
    assert_eq!(info.scopes(), None);
    assert_eq!(info.requested_scopes(), ["accounts:read"]);
    assert!(!format!("{info:?}").contains(info.access_token().expose()));
    // The cached token: no second request.
    scoped.token_info().await.unwrap();
    assert_eq!(emu.stats().requests.token, 1);

    let emu = emulator().await;
    emu.inject_fault(candescent_emulator::Fault {
        body: Some(
            r#"{"access_token":"t0k3n","expires_in":"600","token_type":"Bearer","scope":"accounts:read transactions:read"}"#
                .to_owned(),
        ),
        ..fault(FaultRoute::Token, FaultKind::Body, 1)
    });
    let info = client(&emu).token_info().await.unwrap();
    assert_eq!(
        info.scopes().unwrap(),
        ["accounts:read", "transactions:read"]
    );
    assert!(info.expires_in() <= Duration::from_secs(600));
}
