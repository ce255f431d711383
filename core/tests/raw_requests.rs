//! `Client::request` (any endpoint) and the response metadata of typed calls, against the
//! emulator's institution disclosures, which no typed call covers.

mod common;

use candescent::{ErrorKind, GetAccount, ListTransactions, Method};
use candescent_emulator::{Fault, FaultRoute};
use common::*;
use futures::TryStreamExt;
use rust_decimal::Decimal;

const DISCLOSURES: &str = "/v1/institution-disclosures";

fn quick_503(count: u32) -> Fault {
    Fault {
        retry_after: Some(0),
        ..status_fault(FaultRoute::Disclosures, 503, "CMN_90000", count)
    }
}

#[tokio::test]
async fn a_get_retries_after_a_503_and_replays_after_a_401() {
    let emu = emulator().await;
    let events = Events::default();
    let client = builder(&emu).on_request(events.hook()).build().unwrap();
    client.access_token().await.unwrap();
    emu.revoke_tokens();
    emu.inject_fault(quick_503(1));
    let response = client
        .request(Method::GET, DISCLOSURES)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().unwrap();
    assert_eq!(
        body["institutionDisclosures"][0]["institutionDisclosureName"],
        "OLS"
    );
    assert_eq!(
        response.header("CONTENT-TYPE"),
        Some("application/json"),
        "headers are case-insensitive"
    );
    assert_eq!(response.transaction_id(), events.last_transaction_id());
    let stats = emu.stats();
    // The 503, then a 401 for the revoked token, then the replay with a new token.
    assert_eq!(stats.requests.disclosures, 3);
    assert_eq!(stats.tokens_issued, 2);
}

#[tokio::test]
async fn a_post_is_not_retried_unless_asked() {
    let emu = emulator().await;
    let client = client(&emu);
    let body = serde_json::json!({"institutionDisclosureName": "FEES", "institutionDisclosureStatus": true});
    emu.inject_fault(quick_503(1));
    let error = client
        .request(Method::POST, DISCLOSURES)
        .json(&body)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Server);
    assert_eq!(error.status(), Some(503));
    assert!(error.transaction_id().is_some());
    assert_eq!(emu.stats().requests.disclosures, 1);

    emu.inject_fault(quick_503(1));
    let created = client
        .request(Method::POST, DISCLOSURES)
        .json(&body)
        .retry(true)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    assert_eq!(emu.stats().requests.disclosures, 3);
    let created: serde_json::Value = created.json().unwrap();
    assert_eq!(created["institutionDisclosureName"], "FEES");

    // A POST refused with a 401 was not acted on: it is replayed once with a new token.
    emu.revoke_tokens();
    let again = client
        .request(Method::POST, DISCLOSURES)
        .json_text(r#"{"institutionDisclosureName":"PRIVACY"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(emu.stats().requests.disclosures, 5);
}

#[tokio::test]
async fn errors_are_the_typed_calls_errors() {
    let emu = emulator().await;
    let client = client(&emu);
    let error = client
        .request(Method::POST, DISCLOSURES)
        .json(&serde_json::json!({"institutionDisclosureStatus": "yes"}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadRequest);
    assert!(error.code().is_some());
    let error = client
        .request(Method::GET, "/v1/no-such-route")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn json_keeps_money_exact() {
    let emu = emulator().await;
    let client = client(&emu);
    let account = client.accounts().list(&list()).await.unwrap().accounts[0].clone();
    let response = client
        .request(Method::GET, &format!("/v1/accounts/{}", account.id))
        .query("hostUserId", USER)
        .send()
        .await
        .unwrap();
    let value: serde_json::Value = response.json().unwrap();
    let amount = value["availableBalance"]["amount"].to_string();
    assert_eq!(amount, "501306.06", "the number's text, not a float's");
    let exact: Decimal = amount.parse().unwrap();
    assert_eq!(
        Some(exact),
        account.available_balance.as_ref().map(|m| m.amount)
    );
    let typed: candescent::Account = response.json().unwrap();
    assert_eq!(typed, account);
    let js = response.exact_json_text().unwrap();
    assert!(js.contains(&format!("\"amount\":\"{amount}\"")), "{js}");
}

#[tokio::test]
async fn bad_paths_and_headers_are_refused_before_any_traffic() {
    let emu = emulator().await;
    let client = client(&emu);
    let other = "https://example.com/v1/institution-disclosures".to_owned();
    let encoded = "/v1/%2e%2e/oauth2/v1/token".to_owned();
    for path in [
        other.as_str(),
        "//example.com/v1/x",
        "/v1/../oauth2/v1/token",
        encoded.as_str(),
        "/v1/x\r\nHost: example.com",
        "v1/institution-disclosures",
    ] {
        let error = client.request(Method::GET, path).send().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Validation, "{path:?}");
    }
    for (name, value) in [
        ("Authorization", "Bearer x"),
        ("transactionId", "x"),
        ("Host", "example.com"),
        ("Content-Length", "3"),
        ("X-Note", "a\r\nb"),
        ("bad name", "x"),
    ] {
        let error = client
            .request(Method::GET, DISCLOSURES)
            .header(name, value)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Validation, "{name}");
        assert!(!error.to_string().contains("Bearer x"));
    }
    let error = client
        .request(Method::POST, DISCLOSURES)
        .json(&1)
        .form([("a", "b")])
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
    let stats = emu.stats();
    assert_eq!(stats.requests.disclosures, 0);
    assert_eq!(
        stats.tokens_issued, 0,
        "nothing was sent, not even a token request"
    );
    // The base URL itself, written out, is accepted.
    let absolute = format!("{}{DISCLOSURES}", client.base_url());
    let ok = client.request(Method::GET, &absolute).send().await.unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn caller_headers_reach_the_server_and_correlation_id_defaults_to_the_transaction_id() {
    let emu = emulator().await;
    let client = client(&emu);
    let id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    // The customers route insists on a correlationId: the default one passes.
    let profile = client
        .request(Method::GET, "/v1/customers/testUser")
        .query("userIdType", "LOGIN_ID")
        .send()
        .await
        .unwrap();
    assert_eq!(profile.status(), 200);
    let given = client
        .request(Method::GET, "/v1/customers/testUser")
        .query("userIdType", "LOGIN_ID")
        .header("correlationId", id)
        .send()
        .await
        .unwrap();
    assert_eq!(given.status(), 200);
    let bad = client
        .request(Method::GET, "/v1/customers/testUser")
        .query("userIdType", "LOGIN_ID")
        .header("correlationId", "not-a-uuid")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        bad.kind(),
        ErrorKind::BadRequest,
        "the caller's header was sent"
    );
}

#[tokio::test]
async fn typed_calls_give_their_response_metadata() {
    let emu = emulator().await;
    let events = Events::default();
    let client = builder(&emu).on_request(events.hook()).build().unwrap();
    let (list, meta) = client.accounts().list_with_response(&list()).await.unwrap();
    assert!(!list.accounts.is_empty());
    assert_eq!(meta.status(), 200);
    assert_eq!(meta.transaction_id(), events.last_transaction_id());
    assert_eq!(meta.header("Content-Type"), Some("application/json"));
    let (account, meta) = client
        .accounts()
        .get_with_response(&list.accounts[0].id, &GetAccount::host_user_id(USER))
        .await
        .unwrap();
    assert_eq!(account.id, list.accounts[0].id);
    assert_eq!(meta.transaction_id(), events.last_transaction_id());

    let mut pages = client.transactions().list(
        &ListTransactions::new(&account.id)
            .host_user_id(USER)
            .page_size(2),
    );
    assert!(pages.last_response().is_none());
    pages.next_page().await.unwrap().expect("a page");
    let meta = pages.last_response().unwrap();
    assert_eq!(meta.status(), 200);
    assert_eq!(meta.transaction_id(), events.last_transaction_id());

    let cursor = client
        .transactions()
        .list(&ListTransactions::new(&account.id).host_user_id(USER))
        .cursor();
    cursor.next().await.unwrap();
    assert_eq!(
        cursor.last_response().unwrap().transaction_id(),
        events.last_transaction_id()
    );
    let all: Vec<_> = client
        .transactions()
        .list(&ListTransactions::new(&account.id).host_user_id(USER))
        .try_collect()
        .await
        .unwrap();
    assert!(!all.is_empty());
}
