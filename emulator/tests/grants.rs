//! The user grants: password, refresh_token, authorization_code, and calls made with a user's token.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn token_form(
    emu: &candescent_emulator::Emulator,
    form: &[(&str, &str)],
) -> reqwest::RequestBuilder {
    client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .header("institutionId", "00016")
        .form(form)
}

async fn password_tokens(emu: &candescent_emulator::Emulator, login: &str) -> Value {
    let (s, body) = send(token_form(
        emu,
        &[
            ("grant_type", "password"),
            ("username", login),
            ("password", "emulator-password"),
        ],
    ))
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn password_grant_returns_a_refreshable_user_token() {
    let emu = emu().await;
    let body = password_tokens(&emu, "testUser").await;
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "access_token",
        "expires_in",
        "refresh_token",
        "refresh_token_expires_in",
        "token_type",
    ] {
        assert!(keys.contains(&k), "{body}");
    }
    assert!(body["expires_in"].is_string() && body["refresh_token_expires_in"].is_string());
    let access = body["access_token"].as_str().unwrap();
    // The user comes from the token: no hostUserId or loginId.
    let (s, accounts) = get(&emu, "/v1/accounts", access).await;
    assert_eq!(s, StatusCode::OK, "{accounts}");
    assert_eq!(accounts["accounts"].as_array().unwrap().len(), 6);
    let (s, txns) = get(
        &emu,
        &format!("/v1/transactions?accountId={TXN_ACCOUNT}"),
        access,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{txns}");
    // Naming the same user is fine; naming another is not.
    let (s, _) = get(&emu, "/v1/accounts?loginId=testUser", access).await;
    assert_eq!(s, StatusCode::OK);
    assert_error(
        &get(&emu, "/v1/accounts?hostUserId=gen-3", access).await,
        403,
        "ACC_00602",
    );

    // refresh_token: no institutionId needed; the refresh token rotates.
    let refresh = body["refresh_token"].as_str().unwrap();
    let req = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .form(&[("grant_type", "refresh_token"), ("refresh_token", refresh)]);
    let (s, renewed) = send(req).await;
    assert_eq!(s, StatusCode::OK, "{renewed}");
    assert_ne!(renewed["refresh_token"], body["refresh_token"]);
    let (s, _) = get(
        &emu,
        "/v1/accounts",
        renewed["access_token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let again = token_form(
        &emu,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    );
    assert_error(&send(again).await, 400, "CMN_90018");
}

#[tokio::test]
async fn password_grant_refuses_bad_credentials() {
    let emu = emu().await;
    for (user, password) in [("testUser", "wrong"), ("nobody", "emulator-password")] {
        let req = token_form(
            &emu,
            &[
                ("grant_type", "password"),
                ("username", user),
                ("password", password),
            ],
        );
        assert_error(&send(req).await, 401, "CMN_90004");
    }
    let req = token_form(
        &emu,
        &[("grant_type", "password"), ("username", "testUser")],
    );
    assert_error(&send(req).await, 400, "CMN_90011");
    let no_institution = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .form(&[
            ("grant_type", "password"),
            ("username", "testUser"),
            ("password", "emulator-password"),
        ]);
    assert_error(&send(no_institution).await, 400, "CMN_90005");
}

#[tokio::test]
async fn revoking_a_refresh_token_revokes_its_access_tokens() {
    let emu = emu().await;
    let body = password_tokens(&emu, "gen-10").await;
    let access = body["access_token"].as_str().unwrap();
    let (s, _) = get(&emu, "/v1/accounts", access).await;
    assert_eq!(s, StatusCode::OK);
    let revoke = client()
        .delete(format!("{}/oauth2/v1/revoke", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .form(&[("token", body["refresh_token"].as_str().unwrap())]);
    assert_eq!(send(revoke).await.0, StatusCode::NO_CONTENT);
    assert_error(&get(&emu, "/v1/accounts", access).await, 401, "ACC_00601");
}

#[tokio::test]
async fn authorization_code_flow_issues_user_tokens_to_the_partner() {
    let emu = emu().await;
    let institution = token(&emu).await;
    let (s, profile) = send(
        client()
            .get(format!(
                "{}/v1/customers/testUser?userIdType=LOGIN_ID",
                emu.base_url()
            ))
            .bearer_auth(&institution)
            .header("correlationId", txid()),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{profile}");
    let user_id = profile["userId"].as_str().unwrap().to_owned();
    let form_post = |path: &str, form: &[(&str, &str)]| {
        client()
            .post(format!("{}{path}", emu.base_url()))
            .bearer_auth(&institution)
            .header("transactionId", txid())
            .header("institutionId", "00016")
            .form(form)
    };
    let (s, authz) = send(form_post(
        "/v1/client-authorization",
        &[("client_id", "emulator-partner")],
    ))
    .await;
    assert_eq!(s, StatusCode::OK, "{authz}");
    let scopes = authz["scopes"].as_str().unwrap().to_owned();
    assert_error(
        &send(form_post(
            "/v1/client-authorization",
            &[("client_id", "candescent-emulator")],
        ))
        .await,
        403,
        "CMN_90009",
    );
    let (s, code) = send(form_post(
        "/v1/auth-code",
        &[
            ("client_id", "emulator-partner"),
            ("scopes", &scopes),
            ("username", "testUser"),
            ("institution_user_id", &user_id),
            ("requested_scopes", "openid,profile,offline_access"),
        ],
    ))
    .await;
    assert_eq!(s, StatusCode::OK, "{code}");
    let code = code["code"].as_str().unwrap().to_owned();
    let exchange = |secret: &str| {
        client()
            .post(format!("{}/oauth2/v1/token", emu.base_url()))
            .basic_auth("emulator-partner", Some(secret))
            .header("transactionId", txid())
            .header("institutionId", "00016")
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
            ])
    };
    assert_error(&send(exchange("wrong")).await, 401, "CMN_90004");
    let (s, tokens) = send(exchange("partner-secret")).await;
    assert_eq!(s, StatusCode::OK, "{tokens}");
    assert!(tokens["id_token"].as_str().unwrap().starts_with("eyJ"));
    assert!(tokens["refresh_token"].is_string());
    let (s, _) = get(
        &emu,
        "/v1/accounts",
        tokens["access_token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // A code is spent once.
    assert_error(&send(exchange("partner-secret")).await, 400, "CMN_90018");
}

#[tokio::test]
async fn stats_count_grants_and_revocations_and_expiry_can_spare_refresh_tokens() {
    let emu = emu().await;
    let body = password_tokens(&emu, "testUser").await;
    let access = body["access_token"].as_str().unwrap().to_owned();
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();

    // Only the access tokens expire: the refresh token still redeems.
    let (s, _) = send(
        client()
            .post(format!("{}/__emulator/tokens/expire", emu.base_url()))
            .json(&serde_json::json!({"refresh_tokens": false})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&emu, "/v1/accounts", &access).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (s, renewed) = send(token_form(
        &emu,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    ))
    .await;
    assert_eq!(s, StatusCode::OK, "{renewed}");
    let (s, _) = send(
        client()
            .post(format!("{}/__emulator/tokens/expire", emu.base_url()))
            .json(&serde_json::json!({"refresh_tokens": "no"})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // Both kinds of token are revoked by the revoke endpoint, and counted apart.
    for token in [
        renewed["access_token"].as_str().unwrap(),
        renewed["refresh_token"].as_str().unwrap(),
        "unknown-token",
    ] {
        let (s, _) = send(
            client()
                .delete(format!("{}/oauth2/v1/revoke", emu.base_url()))
                .basic_auth("candescent-emulator", Some("emulator-secret"))
                .header("transactionId", txid())
                .form(&[("token", token)]),
        )
        .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
    }
    let stats = emu.stats();
    assert_eq!(stats.grants.password, 1);
    assert_eq!(stats.grants.refresh_token, 1);
    assert_eq!(stats.grants.client_credentials, 0);
    assert_eq!(stats.revoked.access_tokens, 1);
    assert_eq!(stats.revoked.refresh_tokens, 1);
    let code = emu.authorization_code("testUser").unwrap();
    let (s, coded) = send(token_form(
        &emu,
        &[("grant_type", "authorization_code"), ("code", &code)],
    ))
    .await;
    assert_eq!(s, StatusCode::OK, "{coded}");
    assert!(coded["id_token"].is_string() && coded["refresh_token"].is_string());
    assert_eq!(emu.stats().grants.authorization_code, 1);
}
