//! `GET /v1/customers/{id}` (business entity search) and `GET /v1/customers/{id}:accounts`.

mod common;

use common::*;
use reqwest::StatusCode;

fn customers(
    emu: &candescent_emulator::Emulator,
    path: &str,
    token: &str,
) -> reqwest::RequestBuilder {
    client()
        .get(format!("{}/v1/customers/{path}", emu.base_url()))
        .bearer_auth(token)
        .header("correlationId", txid())
        .header("Accept", "application/json")
}

#[tokio::test]
async fn a_business_user_finds_its_locations_by_login_id() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, body) = send(customers(&emu, "gen-12?userIdType=LOGIN_ID", &t)).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["userType"], "BUSINESS");
    let locations = body["customers"].as_array().unwrap();
    assert_eq!(locations.len(), 3);
    // Each location's TIN selects it; its customerId scopes accounts and transactions.
    let customer = locations[1]["customerId"].as_str().unwrap();
    assert_eq!(locations[1]["customerType"], "BUSINESS");
    let (s, accounts) = get(
        &emu,
        &format!("/v1/accounts?loginId=gen-12&institutionCustomerId={customer}"),
        &t,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let list = accounts["accounts"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    let account = list[0]["id"].as_str().unwrap();
    let (s, _) = get(
        &emu,
        &format!(
            "/v1/transactions?loginId=gen-12&institutionCustomerId={customer}&accountId={account}"
        ),
        &t,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let other = locations[0]["customerId"].as_str().unwrap();
    assert_error(
        &get(
            &emu,
            &format!(
                "/v1/transactions?loginId=gen-12&institutionCustomerId={other}&accountId={account}"
            ),
            &t,
        )
        .await,
        400,
        "TXN_10006",
    );
}

#[tokio::test]
async fn the_retail_profile_and_its_errors() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, body) = send(customers(&emu, "testUser?userIdType=LOGIN_ID", &t)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["userType"], "RETAIL");
    assert_eq!(body["userId"], "40BC0EB5891C08D8E063C0A011ACE593");
    let (s, _) = send(customers(&emu, "1234567890?userIdType=HOST_USER_ID", &t)).await;
    assert_eq!(s, StatusCode::OK);
    assert_error(
        &send(customers(&emu, "nobody?userIdType=LOGIN_ID", &t)).await,
        404,
        "ISR_10001",
    );
    let no_trace = client()
        .get(format!(
            "{}/v1/customers/testUser?userIdType=LOGIN_ID",
            emu.base_url()
        ))
        .bearer_auth(&t);
    assert_error(&send(no_trace).await, 400, "CMN_90010");
    assert_error(
        &send(customers(&emu, "testUser?userIdType=LOGIN_ID", "bogus")).await,
        401,
        "CMN_90001",
    );
}

#[tokio::test]
async fn a_retail_customer_gets_accounts_with_transactions() {
    let emu = emu().await;
    let t = token(&emu).await;
    let customer = "8fe733f4e27246908f92e8f7c0b96847";
    let (s, body) = send(customers(
        &emu,
        &format!("{customer}:accounts?hostUserId={USER}"),
        &t,
    ))
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let accounts = body.as_array().unwrap();
    assert_eq!(accounts.len(), 2, "the checking account and the IRA");
    assert_eq!(accounts[0]["id"], TXN_ACCOUNT);
    assert_eq!(accounts[0]["customerId"], customer);
    assert!(accounts[0]["accountTransaction"].as_array().unwrap().len() > 30);
    let (s, body) = send(customers(
        &emu,
        "00000000000000000000000000000000:accounts?hostUserId=1234567890",
        &t,
    ))
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["status"], 400);
    assert_eq!(body["code"], "UXU_10011");
    let narrow = token_with(&emu, &[("scopes", "accounts:read")]).await;
    let (s, body) = send(customers(
        &emu,
        &format!("{customer}:accounts?hostUserId={USER}"),
        &narrow,
    ))
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "UXU_10002");
}
