//! The hostile fault kinds: echoed credentials, truncated and oversized bodies, redirects.

mod common;

use base64::Engine;
use candescent_emulator::{Fault, FaultKind, FaultRoute};
use common::*;
use reqwest::StatusCode;

fn accounts_path() -> String {
    format!("/v1/accounts?hostUserId={USER}")
}

#[tokio::test]
async fn a_body_fault_echoes_every_credential() {
    let emu = emu().await;
    let t = token(&emu).await;
    emu.inject_fault(Fault {
        status: Some(401),
        body: Some("{basic} | {form} | {secret} | {token}".into()),
        content_type: Some("text/plain".into()),
        ..Fault::of(FaultRoute::Accounts, 1, FaultKind::Body)
    });
    let res = data(&emu, &accounts_path(), &t).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["content-type"], "text/plain");
    let text = res.text().await.unwrap();
    let basic =
        base64::engine::general_purpose::STANDARD.encode("candescent-emulator:emulator-secret");
    assert!(text.contains(&format!("Basic {basic}")), "{text}");
    assert!(text.contains("client_secret=emulator-secret"), "{text}");
    assert!(text.contains(&t), "{text}");
}

#[tokio::test]
async fn truncated_bodies_break_the_connection_mid_body() {
    let emu = emu().await;
    let t = token(&emu).await;
    emu.inject_fault(Fault::of(FaultRoute::Accounts, 1, FaultKind::Truncated));
    let res = data(&emu, &accounts_path(), &t).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.is_err(), "the body never completes");
}

#[tokio::test]
async fn oversized_bodies_stream_the_size_asked() {
    let emu = emu().await;
    let t = token(&emu).await;
    emu.inject_fault(Fault {
        size: Some(3 * 1024 * 1024 + 7),
        ..Fault::of(FaultRoute::Accounts, 1, FaultKind::Oversized)
    });
    let res = data(&emu, &accounts_path(), &t).send().await.unwrap();
    assert!(res.content_length().is_none(), "no length announced");
    assert_eq!(res.bytes().await.unwrap().len(), 3 * 1024 * 1024 + 7);
}

#[tokio::test]
async fn redirects_point_where_they_are_told() {
    let emu = emu().await;
    emu.inject_fault(Fault {
        status: Some(307),
        location: Some("https://example.com/elsewhere".into()),
        ..Fault::of(FaultRoute::Token, 1, FaultKind::Redirect)
    });
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(res.headers()["location"], "https://example.com/elsewhere");
}

#[tokio::test]
async fn the_admin_api_takes_the_new_kinds_and_lists_them_on_a_typo() {
    let emu = emu().await;
    let post = |body: serde_json::Value| {
        client()
            .post(format!("{}/__emulator/faults", emu.base_url()))
            .json(&body)
            .send()
    };
    let ok =
        post(serde_json::json!({"route": "token", "kind": "body", "body": "{}", "status": 200}))
            .await
            .unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    let bad = post(serde_json::json!({"route": "token", "kind": "hostile"}))
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let text = bad.text().await.unwrap();
    assert!(
        text.contains("oversized") && text.contains("redirect"),
        "{text}"
    );
}
