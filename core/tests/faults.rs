//! The fault matrix of `tests/faults.json`, run by the Rust core: a hostile server, and for
//! each cell the expected error class or recovery, a bound on the time taken (a hang guard),
//! and no credential in any error text or request event. Python and Node run the same file.

mod common;

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use base64::Engine;
use candescent::{Client, ErrorKind, GetAccount, ListTransactions, RequestEvent};
use candescent_emulator::{Config, Emulator, Fault};
use common::*;
use futures::TryStreamExt;
use serde_json::Value;

/// Canary credentials: characters that every encoding (form, percent, base64, JSON) changes.
const CANARY_ID: &str = "canary-client";
const CANARY_SECRET: &str = "canary-Secret/+= \"7f3a9c\"-xyzzy";
const ACCOUNT: &str = "LucHSRuNSd8zWXLh_x0o9XuPyoAfObcCKKvpEh_J4WM";
const CHECKING: &str = "paGLhmRdxuDF_VkBwZvT0chXiDxJz6QubT5bViQb1u8";

fn table() -> Value {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/faults.json");
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn client_for(emu: &Emulator, settings: &Value, texts: &Arc<Mutex<Vec<String>>>) -> Client {
    let sink = texts.clone();
    builder(emu)
        .timeout(Duration::from_secs_f64(
            settings["timeout"].as_f64().unwrap(),
        ))
        .max_retries(settings["max_retries"].as_u64().unwrap() as u32)
        .max_response_bytes(settings["max_response_bytes"].as_u64().unwrap() as usize)
        .on_request(Arc::new(move |e: &RequestEvent| {
            sink.lock().unwrap().push(format!("{e:?}"));
        }))
        .build()
        .unwrap()
}

async fn call(client: &Client, name: &str) -> candescent::Result<()> {
    match name {
        "accounts.list" => client.accounts().list(&list()).await.map(drop),
        "accounts.get" => client
            .accounts()
            .get(ACCOUNT, &GetAccount::host_user_id(USER))
            .await
            .map(drop),
        "transactions.list" => {
            let params = ListTransactions::new(CHECKING).host_user_id(USER);
            let mut stream = client.transactions().list(&params);
            stream.try_next().await.map(drop)
        }
        "access_token" => client.access_token().await.map(drop),
        other => panic!("unknown call {other}"),
    }
}

/// Set in the child process that runs the matrix, so that the parent can scan everything the
/// run printed (panics, stray prints) as well as what the SDK handed back.
const CHILD: &str = "CANDESCENT_FAULT_MATRIX_CHILD";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cell_of_the_fault_matrix() {
    if std::env::var_os(CHILD).is_none() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["every_cell_of_the_fault_matrix", "--exact", "--nocapture"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "the fault matrix failed:\n{printed}");
        for needle in credentials() {
            assert!(
                !printed.contains(&needle),
                "a credential reached stdout or stderr:\n{printed}"
            );
        }
        return;
    }
    matrix().await;
}

/// The canary credentials as they could leak: raw, as the Basic value, form-encoded.
fn credentials() -> [String; 3] {
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CANARY_ID}:{CANARY_SECRET}"));
    let form_secret: String =
        url::form_urlencoded::byte_serialize(CANARY_SECRET.as_bytes()).collect();
    [CANARY_SECRET.to_owned(), basic, form_secret]
}

async fn matrix() {
    let table = table();
    let emu = emulator_with(Config {
        client_id: CANARY_ID.into(),
        client_secret: CANARY_SECRET.into(),
        ..Config::default()
    })
    .await;
    let credentials = credentials();
    let mut failures = Vec::new();
    for cell in table["cells"].as_array().unwrap() {
        let name = cell["name"].as_str().unwrap();
        emu.reset();
        let texts = Arc::new(Mutex::new(Vec::new()));
        let client = client_for(&emu, &table["client"], &texts);
        let mut tokens = Vec::new();
        if !cell["cold"].as_bool().unwrap_or(false) {
            tokens.push(client.access_token().await.unwrap());
        }
        for fault in cell["faults"].as_array().unwrap() {
            emu.inject_fault(serde_json::from_value::<Fault>(fault.clone()).unwrap());
        }
        let started = Instant::now();
        let result = call(&client, cell["call"].as_str().unwrap_or("accounts.list")).await;
        let elapsed = started.elapsed();
        let expect = cell["expect"].as_str().unwrap();
        match &result {
            Ok(()) if expect == "ok" => {}
            Err(e) if e.kind().class_name() == expect => {
                for part in cell["message"].as_array().into_iter().flatten() {
                    let part = part.as_str().unwrap();
                    if !e.message().contains(part) {
                        failures.push(format!("{name}: message {:?} lacks {part:?}", e.message()));
                    }
                }
            }
            other => failures.push(format!("{name}: expected {expect}, got {other:?}")),
        }
        let max = Duration::from_secs_f64(cell["max_seconds"].as_f64().unwrap());
        if elapsed > max {
            failures.push(format!("{name}: took {elapsed:?}, more than {max:?}"));
        }
        if let Err(e) = &result {
            let mut all = texts.lock().unwrap();
            all.push(e.to_string());
            all.push(format!("{e:?}"));
            all.push(format!("{:?}", e.code()));
        }
        if let Ok(token) = client.access_token().await {
            tokens.push(token);
        }
        client.close().await;
        tokens.push("hostile-token-000".into());
        let all = texts.lock().unwrap().join("\n");
        for needle in credentials
            .iter()
            .map(String::as_str)
            .chain(tokens.iter().map(String::as_str))
        {
            if all.contains(needle) {
                failures.push(format!("{name}: a credential leaked into {all}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn close_ends_calls_in_flight_and_requests_no_token() {
    let emu = emulator().await;
    let client = client(&emu);
    client.access_token().await.unwrap();
    emu.inject_fault(Fault::stall(
        candescent_emulator::FaultRoute::Accounts,
        1,
        30_000,
    ));
    let pending = tokio::spawn({
        let client = client.clone();
        async move { client.accounts().list(&list()).await }
    });
    // Wait until the request is at the server, then close.
    while emu.stats().requests.accounts == 0 {
        tokio::task::yield_now().await;
    }
    let tokens_before = emu.stats().tokens_issued;
    client.close().await;
    let err = pending.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Closed);
    // A 401 after close must not fetch a token either.
    assert_eq!(
        client.access_token().await.unwrap_err().kind(),
        ErrorKind::Closed
    );
    assert_eq!(emu.stats().tokens_issued, tokens_before);
}

#[tokio::test]
async fn dot_segments_are_refused_and_others_reach_their_segment() {
    let emu = emulator().await;
    let client = client(&emu);
    for id in [".", ".."] {
        let err = client
            .accounts()
            .get(id, &GetAccount::host_user_id(USER))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{id}");
    }
    assert_eq!(emu.stats().requests.token, 0, "nothing was sent");
    for id in ["a/b", "?x", "#y", "%2e%2e", "..%2f", "...", "a b"] {
        let err = client
            .accounts()
            .get(id, &GetAccount::host_user_id(USER))
            .await
            .unwrap_err();
        // The id reached the account route as one segment: the emulator's own 404 for it.
        assert_eq!(err.kind(), ErrorKind::NotFound, "{id}: {err}");
    }
    assert_eq!(emu.stats().requests.account, 7);
}

#[tokio::test]
async fn a_token_that_arrives_after_close_is_revoked_not_used() {
    let emu = emulator().await;
    let client = client(&emu);
    emu.inject_fault(Fault::stall(candescent_emulator::FaultRoute::Token, 1, 300));
    let pending = tokio::spawn({
        let client = client.clone();
        async move { client.access_token().await }
    });
    while emu.stats().requests.token == 0 {
        tokio::task::yield_now().await;
    }
    client.close().await;
    assert_eq!(
        pending.await.unwrap().unwrap_err().kind(),
        ErrorKind::Closed
    );
    // The grant lands after close: it is revoked in the background.
    tokio::time::timeout(Duration::from_secs(30), async {
        while emu.stats().requests.revoke == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the late token is revoked");
    assert_eq!(emu.stats().tokens_issued, 1);
}
