//! Retries, Retry-After, timeouts and broken answers.

mod common;

use std::time::{Duration, Instant};

use candescent::ErrorKind;
use candescent_emulator::{Fault, FaultKind, FaultRoute};
use common::*;

#[tokio::test]
async fn retry_after_is_honoured_then_the_call_succeeds() {
    let emu = emulator().await;
    let client = client(&emu);
    client.access_token().await.unwrap();
    emu.inject_fault(Fault {
        retry_after: Some(1),
        ..status_fault(FaultRoute::Accounts, 503, "ACC_99999", 2)
    });
    let started = Instant::now();
    client
        .accounts()
        .list(&list())
        .await
        .expect("third attempt succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(emu.stats().requests.accounts, 3);
}

#[tokio::test]
async fn a_long_retry_after_is_a_rate_limit_error_at_once() {
    let emu = emulator().await;
    let client = client(&emu);
    emu.inject_fault(Fault {
        retry_after: Some(120),
        ..status_fault(FaultRoute::Accounts, 503, "ACC_99999", 1)
    });
    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimit);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(error.status(), Some(503));
    assert_eq!(emu.stats().requests.accounts, 1, "not retried");
}

#[tokio::test]
async fn gateway_spike_arrest_exhausts_retries_as_a_rate_limit_error() {
    let emu = emulator().await;
    let client = client(&emu);
    emu.inject_fault(status_fault(FaultRoute::Accounts, 500, "CMN_90002", 3));
    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimit);
    assert_eq!(error.code(), Some("CMN_90002"));
    assert_eq!(emu.stats().requests.accounts, 3, "1 + max_retries attempts");
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let emu = emulator().await;
    let client = client(&emu);
    emu.inject_fault(fault(FaultRoute::Accounts, FaultKind::Reset, 1));
    client
        .accounts()
        .list(&list())
        .await
        .expect("the retry succeeds");
    assert_eq!(emu.stats().requests.accounts, 2);
}

#[tokio::test]
async fn resets_beyond_the_retries_are_connection_errors() {
    let emu = emulator().await;
    let events = Events::default();
    let client = builder(&emu)
        .max_retries(1)
        .on_request(events.hook())
        .build()
        .unwrap();
    client.access_token().await.unwrap();
    emu.inject_fault(fault(FaultRoute::Accounts, FaultKind::Reset, 2));
    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection);
    assert_eq!(
        error.transaction_id(),
        Some(events.last_transaction_id().as_str())
    );
}

#[tokio::test]
async fn a_stall_beyond_the_timeout_is_a_timeout_error() {
    let emu = emulator().await;
    let events = Events::default();
    let client = builder(&emu)
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .on_request(events.hook())
        .build()
        .unwrap();
    client.access_token().await.unwrap();
    emu.inject_fault(Fault {
        stall_ms: Some(5000),
        ..fault(FaultRoute::Accounts, FaultKind::Stall, 1)
    });
    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(
        error.transaction_id(),
        Some(events.last_transaction_id().as_str())
    );
}

#[tokio::test]
async fn the_deadline_bounds_all_attempts() {
    let emu = emulator().await;
    let client = builder(&emu)
        .deadline(Duration::from_millis(400))
        .build()
        .unwrap();
    client.access_token().await.unwrap();
    emu.inject_fault(Fault {
        stall_ms: Some(5000),
        ..fault(FaultRoute::Accounts, FaultKind::Stall, 3)
    });
    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn a_malformed_success_is_a_decode_error() {
    let emu = emulator().await;
    let events = Events::default();
    let client = builder(&emu).on_request(events.hook()).build().unwrap();
    client.access_token().await.unwrap();
    emu.inject_fault(fault(FaultRoute::Accounts, FaultKind::Malformed, 1));
    let error = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(
        error.transaction_id(),
        Some(events.last_transaction_id().as_str())
    );
    assert_eq!(emu.stats().requests.accounts, 1, "a 200 is not retried");
}

#[tokio::test]
async fn the_token_request_is_retried_too() {
    let emu = emulator().await;
    let client = client(&emu);
    emu.inject_fault(status_fault(FaultRoute::Token, 503, "CMN_90000", 1));
    client.accounts().list(&list()).await.unwrap();
    assert_eq!(emu.stats().requests.token, 2);
}
