//! Every route and every error case, each answer validated against the official schemas
//! (`tests/schemas/`, see its SOURCE.md); `common::send` does the validation.

mod common;

use common::conformance::check;
use common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn post_token(
    emu: &candescent_emulator::Emulator,
    headers: &[(&str, &str)],
    form: &str,
) -> reqwest::RequestBuilder {
    let mut req = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .body(form.to_owned());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req
}

const BASIC: &str = "Basic Y2FuZGVzY2VudC1lbXVsYXRvcjplbXVsYXRvci1zZWNyZXQ=";
const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn the_checker_refuses_what_the_spec_does_not_allow() {
    let account = r#"{"id":"a","institutionId":"00016","institutionUserId":"u","accountNumber":"1","category":"DEPOSIT","type":{"value":"CHECKING"}}"#;
    assert!(check("GET", "/v1/accounts/a", "", 200, account).is_ok());
    let unknown_field = account.replace(r#""id":"a""#, r#""id":"a","hostAccountNumber":"1""#);
    assert!(check("GET", "/v1/accounts/a", "", 200, &unknown_field).is_err());
    let unknown_enum = account.replace("DEPOSIT", "FUTURE_CATEGORY");
    assert!(check("GET", "/v1/accounts/a", "", 200, &unknown_enum).is_err());
    assert!(check(
        "GET",
        "/v1/accounts/a",
        "hostUserId=future-values",
        200,
        &unknown_enum
    )
    .is_ok());
    let old_term = account.replace(
        r#""id":"a""#,
        r#""id":"a","term":{"unit":"MONTHS","value":12}"#,
    );
    assert!(check("GET", "/v1/accounts/a", "", 200, &old_term).is_err());
    assert!(check(
        "GET",
        "/v1/transactions",
        "",
        400,
        r#"{"code":"TXN_10001"}"#
    )
    .is_err());
    assert!(check(
        "POST",
        "/oauth2/v1/token",
        "",
        200,
        r#"{"access_token":"x","expires_in":3600,"token_type":"Bearer"}"#
    )
    .is_err());
}

#[tokio::test]
async fn token_answers_conform() {
    let emu = emu().await;
    let tx = txid();
    let good = [
        ("Authorization", BASIC),
        ("transactionId", tx.as_str()),
        ("institutionId", "00016"),
        ("Content-Type", FORM),
    ];
    // (headers, form, status, code)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, u16, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (good.to_vec(), "grant_type=client_credentials", 200, None),
        (
            good.to_vec(),
            "grant_type=password&username=testUser&password=emulator-password",
            200,
            None,
        ),
        (
            good.to_vec(),
            "grant_type=password&username=testUser&password=nope",
            401,
            Some("CMN_90004"),
        ),
        (
            good.to_vec(),
            "grant_type=password&username=testUser",
            400,
            Some("CMN_90011"),
        ),
        (
            good.to_vec(),
            "grant_type=refresh_token&refresh_token=nope",
            400,
            Some("CMN_90018"),
        ),
        (
            good.to_vec(),
            "grant_type=authorization_code&code=nope",
            400,
            Some("CMN_90018"),
        ),
        (good.to_vec(), "grant_type=implicit", 400, Some("CMN_90007")),
        (
            good.to_vec(),
            "grant_type=client_credentials&scopes=accounts:write",
            403,
            Some("CMN_90006"),
        ),
        (
            good.to_vec(),
            "grant_type=client_credentials&x=%01",
            400,
            Some("CMN_90017"),
        ),
        (
            good[..3].to_vec(),
            "grant_type=client_credentials",
            400,
            Some("CMN_90010"),
        ),
        (
            vec![good[0], good[1], good[3]],
            "grant_type=client_credentials",
            400,
            Some("CMN_90005"),
        ),
        (
            vec![good[0], good[2], good[3]],
            "grant_type=client_credentials",
            400,
            Some("CMN_90008"),
        ),
        (
            good[1..].to_vec(),
            "grant_type=client_credentials",
            401,
            Some("CMN_90004"),
        ),
    ];
    for (headers, form, status, code) in cases {
        let r = send(post_token(&emu, &headers, form)).await;
        assert_eq!(r.0.as_u16(), status, "{form}: {}", r.1);
        if let Some(code) = code {
            assert_eq!(r.1["code"], code, "{form}");
        }
    }
}

async fn user_token(emu: &candescent_emulator::Emulator, login: &str) -> Value {
    let req = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionId", txid())
        .header("institutionId", "00016")
        .form(&[
            ("grant_type", "password"),
            ("username", login),
            ("password", "emulator-password"),
        ]);
    send(req).await.1
}

#[tokio::test]
async fn account_answers_conform() {
    let emu = emu().await;
    let t = token(&emu).await;
    let masked = token_with(&emu, &[("scopes", "accounts:read,transactions:read")]).await;
    let user = user_token(&emu, "gen-30").await;
    let user = user["access_token"].as_str().unwrap();
    let ok = [
        "/v1/accounts?hostUserId=1234567890",
        "/v1/accounts?loginId=testUser&viewName=s",
        "/v1/accounts?loginId=testUser&viewName=m",
        "/v1/accounts?loginId=testUser&additionalFields=true",
        "/v1/accounts?loginId=testUser&crossAccount=false&$filter=category eq 'DEPOSIT'",
        "/v1/accounts?hostUserId=gen-40&$apply=groupBy(customer)&$topGroups=1&$skipGroups=2",
        "/v1/accounts?hostUserId=gen-40&viewName=s",
        "/v1/accounts?hostUserId=gen-200&viewName=m&additionalFields=true",
        "/v1/accounts?hostUserId=future-values",
        "/digitalbanking/db-accounts/v1/accounts?hostUserId=1234567890",
        "/digitalbanking/stage/accounts/v1/accounts?hostUserId=1234567890",
        "/v1/accounts/LucHSRuNSd8zWXLh_x0o9XuPyoAfObcCKKvpEh_J4WM?hostUserId=1234567890",
        "/v1/accounts/LucHSRuNSd8zWXLh_x0o9XuPyoAfObcCKKvpEh_J4WM?hostUserId=1234567890&viewName=s&additionalFields=true",
    ];
    for path in ok {
        for token in [&t, &masked] {
            let r = get(&emu, path, token).await;
            assert_eq!(r.0, StatusCode::OK, "{path}: {}", r.1);
        }
    }
    let (s, _) = get(&emu, "/v1/accounts?viewName=m", user).await;
    assert_eq!(s, StatusCode::OK);
    let errors = [
        ("/v1/accounts", 400, "ACC_00011"),
        (
            "/v1/accounts?hostUserId=1234567890&loginId=testUser",
            400,
            "ACC_00011",
        ),
        (
            "/v1/accounts?hostUserId=1234567890&viewName=S",
            400,
            "ACC_00011",
        ),
        (
            "/v1/accounts?hostUserId=1234567890&$apply=groupBy(customer)",
            400,
            "ACC_00011",
        ),
        (
            "/v1/accounts?hostUserId=1234567890&$filter=balance gt 1",
            400,
            "ACC_00005",
        ),
        ("/v1/accounts?hostUserId=1234567890&x=%0A", 400, "ACC_99995"),
        ("/v1/accounts?hostUserId=nobody", 404, "ACC_00101"),
        ("/v1/accounts/none?hostUserId=1234567890", 404, "ACC_00012"),
    ];
    for (path, status, code) in errors {
        assert_error(&get(&emu, path, &t).await, status, code);
    }
    let url = format!("{}/v1/accounts?hostUserId=1234567890", emu.base_url());
    assert_error(
        &send(client().get(&url).bearer_auth(&t)).await,
        400,
        "ACC_99998",
    );
    assert_error(
        &send(
            client()
                .get(&url)
                .bearer_auth(&t)
                .header("transactionId", "x".repeat(40)),
        )
        .await,
        400,
        "ACC_99997",
    );
    assert_error(
        &send(client().get(&url).header("transactionId", txid())).await,
        401,
        "ACC_00601",
    );
    let narrow = token_with(&emu, &[("scopes", "transactions:read")]).await;
    assert_error(
        &get(&emu, "/v1/accounts?hostUserId=1234567890", &narrow).await,
        403,
        "ACC_00602",
    );
    assert_error(
        &get(&emu, "/v1/accounts?hostUserId=gen-3", user).await,
        403,
        "ACC_00602",
    );
    let xml = client()
        .get(&url)
        .bearer_auth(&t)
        .header("transactionId", txid())
        .header("Accept", "application/xml");
    assert_error(&send(xml).await, 415, "ACC_99988");
}

#[tokio::test]
async fn transaction_answers_conform() {
    let emu = emu().await;
    let t = token(&emu).await;
    let base = format!("/v1/transactions?hostUserId={USER}&accountId={TXN_ACCOUNT}");
    let ok = [
        String::new(),
        "&startDate=2026-04-01&endDate=2026-04-30".into(),
        "&retrieveFutureTransactions=true".into(),
        "&$skip=3&$top=5".into(),
        "&$skip=0&$top=1&additionalFields=true".into(),
        "&$filter=contains(description,'check')&isCreditTransaction=false".into(),
    ];
    for q in &ok {
        let r = get(&emu, &format!("{base}{q}"), &t).await;
        assert_eq!(r.0, StatusCode::OK, "{q}: {}", r.1);
    }
    let (_, gen) = get(&emu, "/v1/accounts?hostUserId=gen-7", &t).await;
    for account in gen["accounts"].as_array().unwrap() {
        let id = account["id"].as_str().unwrap();
        let r = get(&emu, &format!("/v1/transactions?hostUserId=gen-7&accountId={id}&retrieveFutureTransactions=true&$skip=0&$top=50"), &t).await;
        assert_eq!(r.0, StatusCode::OK);
    }
    let (_, fv) = get(&emu, "/v1/accounts?hostUserId=future-values", &t).await;
    let fv_id = fv["accounts"][0]["id"].as_str().unwrap().to_owned();
    let r = get(
        &emu,
        &format!("/v1/transactions?hostUserId=future-values&accountId={fv_id}"),
        &t,
    )
    .await;
    assert_eq!(r.0, StatusCode::OK);
    let errors = [
        (
            format!("{base}&startDate=2026-05-01&endDate=2026-04-01"),
            400,
            "TXN_10001",
        ),
        (format!("{base}&$top=-1"), 400, "TXN_10005"),
        (format!("{base}&$filter=amount gt 1"), 400, "TXN_20005"),
        (format!("{base}&x=%7F"), 400, "TXN_10003"),
        (
            format!("/v1/transactions?hostUserId={USER}"),
            400,
            "TXN_10007",
        ),
        (
            format!("/v1/transactions?hostUserId={USER}&accountId=none"),
            400,
            "TXN_10007",
        ),
        (
            format!("/v1/transactions?hostUserId=nobody&accountId={TXN_ACCOUNT}"),
            404,
            "TXN_90000",
        ),
        (
            format!("{base}&institutionCustomerId=f38a0d29000a4632a1c7ae93f2b288f8"),
            400,
            "TXN_10006",
        ),
    ];
    for (path, status, code) in errors {
        assert_error(&get(&emu, &path, &t).await, status, code);
    }
    let url = format!("{}{base}", emu.base_url());
    assert_error(
        &send(client().get(&url).bearer_auth(&t)).await,
        400,
        "TXN_10002",
    );
    assert_error(
        &send(
            client()
                .get(&url)
                .bearer_auth(&t)
                .header("transactionId", "y".repeat(37)),
        )
        .await,
        400,
        "TXN_10004",
    );
    assert_error(
        &send(client().get(&url).header("transactionId", txid())).await,
        401,
        "TXN_11001",
    );
    assert_error(&get(&emu, &base, "bogus").await, 401, "TXN_11002");
    let narrow = token_with(&emu, &[("scopes", "accounts:read")]).await;
    assert_error(&get(&emu, &base, &narrow).await, 403, "TXN_11003");
    let xml = client()
        .get(&url)
        .bearer_auth(&t)
        .header("transactionId", txid())
        .header("Accept", "application/xml");
    assert_error(&send(xml).await, 415, "TXN_99988");
}

#[tokio::test]
async fn customer_and_authorization_code_answers_conform() {
    let emu = emu().await;
    let t = token(&emu).await;
    let get_customer = |path: &str, token: &str| {
        client()
            .get(format!("{}/v1/customers/{path}", emu.base_url()))
            .bearer_auth(token)
            .header("correlationId", txid())
    };
    for path in [
        "testUser?userIdType=LOGIN_ID",
        "gen-11?userIdType=LOGIN_ID",
        "1234567890?userIdType=HOST_USER_ID",
        "40BC0EB5891C08D8E063C0A011ACE593",
        "8fe733f4e27246908f92e8f7c0b96847:accounts?hostUserId=1234567890",
        "f38a0d29000a4632a1c7ae93f2b288f8:accounts?loginId=testUser",
    ] {
        let r = send(get_customer(path, &t)).await;
        assert_eq!(r.0, StatusCode::OK, "{path}: {}", r.1);
    }
    for (path, status) in [
        ("nobody?userIdType=LOGIN_ID", 404),
        ("testUser?userIdType=EMAIL", 400),
        (
            "00000000000000000000000000000000:accounts?hostUserId=1234567890",
            400,
        ),
        (
            "8fe733f4e27246908f92e8f7c0b96847:accounts?hostUserId=gen-3",
            404,
        ),
    ] {
        let r = send(get_customer(path, &t)).await;
        assert_eq!(r.0.as_u16(), status, "{path}: {}", r.1);
    }
    assert_eq!(
        send(get_customer("testUser?userIdType=LOGIN_ID", "bogus"))
            .await
            .0,
        401
    );
    let post = |path: &str, form: &[(&str, &str)]| {
        client()
            .post(format!("{}{path}", emu.base_url()))
            .bearer_auth(&t)
            .header("transactionId", txid())
            .header("institutionId", "00016")
            .form(form)
    };
    let r = send(post(
        "/v1/client-authorization",
        &[("client_id", "emulator-partner")],
    ))
    .await;
    assert_eq!(r.0, StatusCode::OK);
    assert_eq!(
        send(post(
            "/v1/client-authorization",
            &[("client_id", "candescent-emulator")]
        ))
        .await
        .0,
        403
    );
    assert_eq!(send(post("/v1/client-authorization", &[])).await.0, 400);
    let r = send(post(
        "/v1/auth-code",
        &[
            ("client_id", "emulator-partner"),
            ("scopes", "accounts:read"),
            ("username", "testUser"),
        ],
    ))
    .await;
    assert_eq!(r.0, StatusCode::OK);
    let r = send(post(
        "/v1/auth-code",
        &[
            ("client_id", "emulator-partner"),
            ("scopes", "accounts:write"),
            ("username", "testUser"),
        ],
    ))
    .await;
    assert_eq!(r.0, StatusCode::FORBIDDEN);
    let code = send(post(
        "/v1/auth-code",
        &[
            ("client_id", "emulator-partner"),
            ("scopes", "accounts:read"),
            ("username", "testUser"),
        ],
    ))
    .await
    .1["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let exchange = client()
        .post(format!("{}/oauth2/v1/token", emu.base_url()))
        .basic_auth("emulator-partner", Some("partner-secret"))
        .header("transactionId", txid())
        .header("institutionId", "00016")
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
        ]);
    let (s, tokens) = send(exchange).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        tokens.get("refresh_token").is_none(),
        "no offline_access, no refresh token"
    );
    let revoke = client()
        .delete(format!("{}/oauth2/v1/revoke", emu.base_url()))
        .basic_auth("emulator-partner", Some("partner-secret"))
        .header("transactionId", txid())
        .form(&[("token", tokens["access_token"].as_str().unwrap())]);
    assert_eq!(send(revoke).await.0, StatusCode::NO_CONTENT);
    let bad_revoke = client()
        .delete(format!("{}/oauth2/v1/revoke", emu.base_url()))
        .basic_auth("emulator-partner", Some("wrong"))
        .header("transactionId", txid())
        .form(&[("token", "x")]);
    assert_error(&send(bad_revoke).await, 401, "CMN_90004");
}
