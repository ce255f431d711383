//! `POST …/oauth2/v1/token` and `…/oauth2/v1/revoke`.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn issues_a_token_on_every_prefix_with_the_exact_shape() {
    let emu = emu().await;
    for prefix in ["", "/digitalbanking", "/digitalbanking/stage"] {
        let res = token_request(&emu, prefix, &[]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{prefix}");
        assert_eq!(res.headers()["content-type"], "application/json");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let text = res.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        let token = body["access_token"].as_str().unwrap();
        assert!(
            token.len() >= 43
                && token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(
            text,
            format!(r#"{{"access_token":"{token}","expires_in":"3600","token_type":"Bearer"}}"#)
        );
    }
    assert_eq!(emu.stats().tokens_issued, 3);
}

#[tokio::test]
async fn tokens_are_unique() {
    let emu = emu().await;
    let a = token(&emu).await;
    let b = token(&emu).await;
    assert_ne!(a, b);
}

#[tokio::test]
async fn form_credentials_work_and_basic_wins() {
    let emu = emu().await;
    let form = |id: &str, secret: &str| {
        vec![
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("client_id".to_owned(), id.to_owned()),
            ("client_secret".to_owned(), secret.to_owned()),
        ]
    };
    let base = || {
        client()
            .post(format!("{}/oauth2/v1/token", emu.base_url()))
            .header("transactionId", txid())
            .header("institutionId", "00016")
    };
    let ok = send(base().form(&form("candescent-emulator", "emulator-secret"))).await;
    assert_eq!(ok.0, StatusCode::OK);
    // Basic is wrong, form is right: Basic wins, so 401.
    let r = send(
        base()
            .basic_auth("candescent-emulator", Some("nope"))
            .form(&form("candescent-emulator", "emulator-secret")),
    )
    .await;
    assert_error(&r, 401, "CMN_90004");
    // Basic is right, form is wrong: Basic wins, so 200.
    let r = send(
        base()
            .basic_auth("candescent-emulator", Some("emulator-secret"))
            .form(&form("x", "y")),
    )
    .await;
    assert_eq!(r.0, StatusCode::OK);
}

#[tokio::test]
async fn transaction_id_missing_or_malformed_is_cmn_90008() {
    let emu = emu().await;
    let url = format!("{}/oauth2/v1/token", emu.base_url());
    let without = client()
        .post(&url)
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("institutionId", "00016")
        .form(&[("grant_type", "client_credentials")]);
    assert_error(&send(without).await, 400, "CMN_90008");
    let bad = client()
        .post(&url)
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", "1234")
        .header("institutionId", "00016")
        .form(&[("grant_type", "client_credentials")]);
    assert_error(&send(bad).await, 400, "CMN_90008");
}

#[tokio::test]
async fn unknown_grants_are_cmn_90007() {
    let emu = emu().await;
    for grant in ["urn:foo", "implicit", ""] {
        let req = client()
            .post(format!("{}/oauth2/v1/token", emu.base_url()))
            .basic_auth("candescent-emulator", Some("emulator-secret"))
            .header("transactionId", txid())
            .header("institutionId", "00016")
            .form(&[("grant_type", grant)]);
        let r = send(req).await;
        assert_error(&r, 400, "CMN_90007");
        assert!(r.1["message"].as_str().unwrap().contains("refresh_token"));
    }
    let missing = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .header("institutionId", "00016")
        .form(&[("scopes", "accounts:read")]);
    assert_error(&send(missing).await, 400, "CMN_90007");
}

#[tokio::test]
async fn institution_id_missing_or_wrong_is_cmn_90005() {
    let emu = emu().await;
    let base = || {
        client()
            .post(format!("{}/oauth2/v1/token", emu.base_url()))
            .basic_auth("candescent-emulator", Some("emulator-secret"))
            .header("transactionId", txid())
            .form(&[("grant_type", "client_credentials")])
    };
    assert_error(&send(base()).await, 400, "CMN_90005");
    assert_error(
        &send(base().header("institutionId", "99999")).await,
        400,
        "CMN_90005",
    );
}

#[tokio::test]
async fn wrong_or_missing_credentials_are_cmn_90004() {
    let emu = emu().await;
    let base = || {
        client()
            .post(format!("{}/oauth2/v1/token", emu.base_url()))
            .header("transactionId", txid())
            .header("institutionId", "00016")
            .form(&[("grant_type", "client_credentials")])
    };
    assert_error(&send(base()).await, 401, "CMN_90004");
    assert_error(
        &send(base().basic_auth("candescent-emulator", Some("wrong"))).await,
        401,
        "CMN_90004",
    );
    assert_error(
        &send(base().basic_auth("someone-else", Some("emulator-secret"))).await,
        401,
        "CMN_90004",
    );
    assert_error(
        &send(base().header("Authorization", "Basic !!!notbase64")).await,
        401,
        "CMN_90004",
    );
}

#[tokio::test]
async fn scopes_must_be_allowed() {
    let emu = emu().await;
    for (field, value) in [
        ("scopes", "accounts:read,transactions:read"),
        ("scopes", "accounts:read transactions:read"),
        ("scope", "accounts:read"),
    ] {
        let r = send(token_request(&emu, "", &[(field, value)])).await;
        assert_eq!(r.0, StatusCode::OK, "{field}={value}: {}", r.1);
    }
    let r = send(token_request(
        &emu,
        "",
        &[("scopes", "accounts:read,accounts:write")],
    ))
    .await;
    assert_error(&r, 403, "CMN_90006");
    assert!(r.1["message"].as_str().unwrap().contains("accounts:write"));
}

#[tokio::test]
async fn content_type_must_be_form() {
    let emu = emu().await;
    let req = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .header("institutionId", "00016")
        .json(&serde_json::json!({"grant_type": "client_credentials"}));
    assert_error(&send(req).await, 400, "CMN_90010");
}

#[tokio::test]
async fn header_names_are_case_insensitive_on_the_wire() {
    let emu = emu().await;
    let addr = emu.base_url().trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let body = "grant_type=client_credentials";
    let request = format!(
        "POST /digitalbanking/stage/oauth2/v1/token HTTP/1.1\r\nHost: {addr}\r\n\
         AUTHORIZATION: Basic Y2FuZGVzY2VudC1lbXVsYXRvcjplbXVsYXRvci1zZWNyZXQ=\r\n\
         TransactionID: {}\r\nINSTITUTIONID: 00016\r\ncontent-TYPE: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        txid(),
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"token_type\":\"Bearer\""));
}

#[tokio::test]
async fn ttl_is_configurable_and_reported_as_a_string() {
    let emu = emu_with(candescent_emulator::Config {
        token_ttl: std::time::Duration::from_secs(2_591_999),
        ..Default::default()
    })
    .await;
    let r = send(token_request(&emu, "", &[])).await;
    assert_eq!(r.1["expires_in"], "2591999");
}

#[tokio::test]
async fn zero_ttl_tokens_are_expired_at_once() {
    let emu = emu_with(candescent_emulator::Config {
        token_ttl: std::time::Duration::ZERO,
        ..Default::default()
    })
    .await;
    let t = token(&emu).await;
    assert_error(
        &get(&emu, &format!("/v1/accounts?hostUserId={USER}"), &t).await,
        401,
        "ACC_00601",
    );
}

fn revoke(
    emu: &candescent_emulator::Emulator,
    method: reqwest::Method,
    token: &str,
) -> reqwest::RequestBuilder {
    client()
        .request(
            method,
            format!("{}/digitalbanking/stage/oauth2/v1/revoke", emu.base_url()),
        )
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .form(&[("token", token)])
}

#[tokio::test]
async fn revoke_with_delete_or_post_makes_the_token_unusable() {
    let emu = emu().await;
    for method in [reqwest::Method::DELETE, reqwest::Method::POST] {
        let t = token(&emu).await;
        assert_eq!(
            get(&emu, &format!("/v1/accounts?hostUserId={USER}"), &t)
                .await
                .0,
            StatusCode::OK
        );
        let r = send(revoke(&emu, method, &t)).await;
        assert_eq!(r.0, StatusCode::NO_CONTENT);
        assert_error(
            &get(&emu, &format!("/v1/accounts?hostUserId={USER}"), &t).await,
            401,
            "ACC_00601",
        );
    }
    assert_eq!(emu.stats().requests.revoke, 2);
}

#[tokio::test]
async fn revoking_an_unknown_token_is_still_204() {
    let emu = emu().await;
    let r = send(revoke(&emu, reqwest::Method::DELETE, "never-issued")).await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn revoke_checks_credentials_transaction_id_and_token_field() {
    let emu = emu().await;
    let url = format!("{}/oauth2/v1/revoke", emu.base_url());
    let no_auth = client()
        .delete(&url)
        .header("transactionId", txid())
        .form(&[("token", "x")]);
    assert_error(&send(no_auth).await, 401, "CMN_90004");
    let no_txid = client()
        .delete(&url)
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .form(&[("token", "x")]);
    assert_error(&send(no_txid).await, 400, "CMN_90008");
    let no_token = client()
        .delete(&url)
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .form(&[("other", "x")]);
    assert_error(&send(no_token).await, 400, "CMN_90011");
}

#[tokio::test]
async fn wrong_method_and_unknown_route_answer_json() {
    let emu = emu().await;
    let r = send(client().get(format!("{}/oauth2/v1/token", emu.base_url()))).await;
    assert_error(&r, 405, "METHOD_NOT_ALLOWED");
    let r = send(client().get(format!("{}/nope", emu.base_url()))).await;
    assert_error(&r, 404, "NOT_FOUND");
}
