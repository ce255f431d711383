//! Recipients (create, read, update, delete) and transfers.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn the_example_user_has_three_recipients_and_a_round_trip_works() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, body) = call(
        &emu,
        Method::GET,
        "/v1/recipients?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        strings(&body, "recipients", "id"),
        ["rcp-0001", "rcp-0002", "rcp-0003"]
    );
    assert_eq!(body["recipients"][0]["fullName"], "Jordan Lee");
    assert_eq!(body["recipients"][0]["institutionId"], "00016");

    let new = json!({"memberNumber": "2200111222", "accountNumber": "7700999000",
        "accountType": "SAVINGS", "fullName": "Robin Park", "nickName": "Robin", "passCode": "1234"});
    let (s, created) = call(
        &emu,
        Method::POST,
        "/v1/recipients?hostUserId=1234567890",
        &t,
        Some(new.clone()),
    )
    .await;
    assert_eq!(s, 200, "{created}");
    let made = &created["recipients"][0];
    assert_eq!(made["id"], "rcp-0004");
    assert_eq!(made["fullName"], "Robin Park");
    assert!(
        made.get("passCode").is_none(),
        "a passcode is never answered"
    );

    let (s, got) = call(
        &emu,
        Method::GET,
        "/v1/recipients/rcp-0004?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(got["recipients"][0]["accountNumber"], "7700999000");

    let (s, updated) = call(
        &emu,
        Method::PUT,
        "/v1/recipients/rcp-0004?loginId=testUser",
        &t,
        Some(json!({"nickName": "Rob", "email": "robin@mail.example"})),
    )
    .await;
    assert_eq!(s, 200, "{updated}");
    assert_eq!(updated["recipients"][0]["nickName"], "Rob");
    assert_eq!(updated["recipients"][0]["memberNumber"], "2200111222");

    let (s, _) = call(
        &emu,
        Method::DELETE,
        "/v1/recipients/rcp-0004?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 204);
    let gone = call(
        &emu,
        Method::GET,
        "/v1/recipients/rcp-0004?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_error(&gone, 400, "REC_14004");

    // The same again is a duplicate; a reset brings the seed back.
    let dup = call(&emu, Method::POST, "/v1/recipients?loginId=testUser", &t,
        Some(json!({"memberNumber": "2200334455", "accountNumber": "7700112233", "accountType": "CHECKING"}))).await;
    assert_error(&dup, 400, "REC_13001");
    call(
        &emu,
        Method::POST,
        "/v1/recipients?loginId=testUser",
        &t,
        Some(new),
    )
    .await;
    emu.reset();
    let t = token(&emu).await;
    let (_, body) = call(
        &emu,
        Method::GET,
        "/v1/recipients?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(body["recipients"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn recipient_requests_are_checked() {
    let emu = emu().await;
    let t = token(&emu).await;
    // Required fields of the behaviour, and the schema's types.
    let missing = call(
        &emu,
        Method::POST,
        "/v1/recipients?loginId=testUser",
        &t,
        Some(json!({"accountNumber": "1", "accountType": "SAVINGS"})),
    )
    .await;
    assert_error(&missing, 400, "REC_12004");
    let wrong_type = call(
        &emu,
        Method::POST,
        "/v1/recipients?loginId=testUser",
        &t,
        Some(json!({"memberNumber": 5, "accountNumber": "1", "accountType": "SAVINGS"})),
    )
    .await;
    assert_error(&wrong_type, 400, "REC_12004");
    let bad_enum = call(
        &emu,
        Method::POST,
        "/v1/recipients?loginId=testUser",
        &t,
        Some(json!({"memberNumber": "5", "accountNumber": "1", "accountType": "PIGGY_BANK"})),
    )
    .await;
    assert_error(&bad_enum, 400, "REC_12004");
    let not_json = send(
        api(&emu, Method::POST, "/v1/recipients?loginId=testUser", &t)
            .header("Content-Type", "application/json")
            .body("{"),
    )
    .await;
    assert_error(&not_json, 400, "REC_12005");
    let bad_flag = call(
        &emu,
        Method::POST,
        "/v1/recipients?loginId=testUser&validate=maybe",
        &t,
        Some(json!({"memberNumber": "5", "accountNumber": "1", "accountType": "SAVINGS"})),
    )
    .await;
    assert_error(&bad_flag, 400, "REC_10009");
    let no_sender = call(
        &emu,
        Method::POST,
        "/v1/recipients?loginId=testUser&validate=true",
        &t,
        Some(json!({"memberNumber": "5", "accountNumber": "1", "accountType": "SAVINGS"})),
    )
    .await;
    assert_error(&no_sender, 400, "REC_12013");
    // Who: one of hostUserId/loginId, not both (the list takes both when they name the same
    // user, as the official Transfers collection sends them); a known user.
    assert_error(
        &call(&emu, Method::GET, "/v1/recipients", &t, None).await,
        400,
        "REC_10009",
    );
    let (s, both) = call(
        &emu,
        Method::GET,
        "/v1/recipients?loginId=testUser&hostUserId=1234567890",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200, "{both}");
    assert_eq!(both["recipients"].as_array().unwrap().len(), 3);
    for (path, method) in [
        (
            "/v1/recipients?loginId=gen-3&hostUserId=1234567890",
            Method::GET,
        ),
        (
            "/v1/recipients/rcp-0001?loginId=testUser&hostUserId=1234567890",
            Method::GET,
        ),
    ] {
        assert_error(&call(&emu, method, path, &t, None).await, 400, "REC_10009");
    }
    assert_error(
        &call(&emu, Method::GET, "/v1/recipients?loginId=nobody", &t, None).await,
        400,
        "REC_10005",
    );
    // The gateway-facing checks.
    let no_trace = send(
        client()
            .get(format!("{}/v1/recipients?loginId=testUser", emu.base_url()))
            .bearer_auth(&t),
    )
    .await;
    assert_error(&no_trace, 400, "REC_12002");
    let long_trace = send(
        client()
            .get(format!("{}/v1/recipients?loginId=testUser", emu.base_url()))
            .bearer_auth(&t)
            .header("transactionId", format!("{}0", txid())),
    )
    .await;
    assert_error(&long_trace, 400, "REC_12003");
    let no_token = send(
        client()
            .get(format!("{}/v1/recipients?loginId=testUser", emu.base_url()))
            .header("transactionId", txid()),
    )
    .await;
    assert_error(&no_token, 401, "REC_11001");
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/recipients?loginId=testUser",
            "forged",
            None,
        )
        .await,
        401,
        "REC_11002",
    );
    let narrow = token_with(&emu, &[("scopes", "recipients:read")]).await;
    let (s, _) = call(
        &emu,
        Method::GET,
        "/v1/recipients?loginId=testUser",
        &narrow,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let refused = call(
        &emu,
        Method::DELETE,
        "/v1/recipients/rcp-0001?loginId=testUser",
        &narrow,
        None,
    )
    .await;
    assert_error(&refused, 403, "REC_11003");
    // The gateway layout serves the same operation.
    let (s, _) = call(
        &emu,
        Method::GET,
        "/digitalbanking/stage/v1/recipients?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn a_users_own_token_names_the_user() {
    let emu = emu().await;
    let own = user_token(&emu, "gen-3").await;
    let (s, list) = call(&emu, Method::GET, "/v1/recipients", &own, None).await;
    assert_eq!(s, 200);
    assert_eq!(strings(&list, "recipients", "id"), ["rcp-0001", "rcp-0002"]);
    let other = call(
        &emu,
        Method::GET,
        "/v1/recipients?loginId=testUser",
        &own,
        None,
    )
    .await;
    assert_error(&other, 403, "REC_11003");
}

#[tokio::test]
async fn transfers_between_own_accounts_and_to_recipients() {
    let emu = emu().await;
    let t = token(&emu).await;
    let body = json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID,
        "amount": {"currencyCode": "USD", "amount": 12345678901234.56}, "memo": "rent"});
    let (s, done) = call(
        &emu,
        Method::POST,
        "/v1/transfers?loginId=testUser",
        &t,
        Some(body),
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["status"], "SUCCESS");
    assert_eq!(done["amount"]["amount"].to_string(), "12345678901234.56");
    assert!(done["confirmation"].as_str().unwrap().starts_with("TR"));
    let to_recipient = json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": "rcp-0002",
        "amount": {"amount": 0.1}});
    let (s, done) = call(
        &emu,
        Method::POST,
        "/v1/transfers?loginId=testUser",
        &t,
        Some(to_recipient),
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["amount"]["currencyCode"], "USD");
    for (body, code) in [
        (
            json!({"toAccountId": GET_ACCOUNT_ID, "amount": {"amount": 1}}),
            "TFR_10058",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "amount": {"amount": 1}}),
            "TFR_10059",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID}),
            "TFR_10020",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID, "amount": {"amount": -1}}),
            "TFR_10021",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": TXN_ACCOUNT, "amount": {"amount": 1}}),
            "TFR_10029",
        ),
        (
            json!({"fromAccountId": "nope", "toAccountId": TXN_ACCOUNT, "amount": {"amount": 1}}),
            "TFR_10003",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": "nope", "amount": {"amount": 1}}),
            "TFR_10004",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID, "amount": {"amount": "1"}}),
            "TFR_10056",
        ),
    ] {
        let refused = call(
            &emu,
            Method::POST,
            "/v1/transfers?loginId=testUser",
            &t,
            Some(body),
        )
        .await;
        assert_error(&refused, 400, code);
    }
    let narrow = token_with(&emu, &[("scopes", "recipients:write")]).await;
    let refused = call(&emu, Method::POST, "/v1/transfers?loginId=testUser", &narrow,
        Some(json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID, "amount": {"amount": 1}}))).await;
    assert_error(&refused, 403, "TFR_11003");
}

/// The transfers the official Transfers collection makes beyond the document's `Transfer`:
/// its `type`s, several amounts, a loan payoff, an IRA's prior-year contribution.
#[tokio::test]
async fn transfer_types_of_the_official_collection() {
    let emu = emu().await;
    let t = token(&emu).await;
    let transfer = |body: serde_json::Value| {
        let (emu, t) = (emu.clone(), t.clone());
        async move {
            call(
                &emu,
                Method::POST,
                "/v1/transfers?loginId=testUser",
                &t,
                Some(body),
            )
            .await
        }
    };
    let amount = json!({"amount": 10, "currencyCode": "USD"});
    for body in [
        json!({"type": "GENERAL_LEDGER", "fromAccountId": "900000000001", "toAccountId": TXN_ACCOUNT, "amount": amount}),
        json!({"type": "GENERAL_LEDGER", "fromAccountId": TXN_ACCOUNT, "toAccountId": "900000000001", "amount": amount}),
        json!({"type": "INSTITUTION_ACCOUNT", "fromAccountId": "900000000002", "toAccountId": TXN_ACCOUNT, "amount": amount}),
        json!({"fromAccountId": TXN_ACCOUNT, "toAccountHolderId": "rcp-0001", "amount": amount}),
        json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": IRA_ACCOUNT_ID, "previousYearContribution": true, "amount": amount}),
        json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": "waIhcoBqn0X8Fy-gpM72V7-2eYmJP9aQ1hjXcxlRpvU", "paymentOption": "PAY_IN_FULL_AND_CLOSE", "amount": amount}),
        json!({"type": "VALIDATE_RECIPIENT", "fromAccountId": TXN_ACCOUNT, "toAccountHolderId": "2200334455",
            "toAccountId": "7700112234", "amount": amount, "additionalInfo": {"entry": [
                {"key": "recipientPassCode", "value": "LEE"}, {"key": "recipientAccountType", "value": "2"}]}}),
    ] {
        let (s, done) = transfer(body.clone()).await;
        assert_eq!(
            (s.as_u16(), done["status"].as_str()),
            (200, Some("SUCCESS")),
            "{body} → {done}"
        );
        assert!(
            done.get("type").is_none(),
            "the answer is a Transfer: {done}"
        );
    }
    let (s, multi) = transfer(json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID,
        "transactionAmounts": [{"type": "AMOUNT", "amount": {"amount": 10.25}}, {"type": "AMOUNT", "amount": {"amount": 0.5}}]})).await;
    assert_eq!(s, 200, "{multi}");
    assert_eq!(multi["amount"]["amount"].to_string(), "10.75");
    assert!(multi.get("transactionAmounts").is_none());
    let validate = |passcode: &str, kind: &str| {
        json!({"type": "VALIDATE_RECIPIENT", "fromAccountId": TXN_ACCOUNT, "toAccountHolderId": "2200334455",
            "toAccountId": "7700112234", "amount": {"amount": 1}, "additionalInfo": {"entry": [
                {"key": "recipientPassCode", "value": passcode}, {"key": "recipientAccountType", "value": kind}]}})
    };
    for (body, code) in [
        (
            json!({"type": "WIRE", "fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID, "amount": amount}),
            "TFR_10005",
        ),
        (
            json!({"type": "GENERAL_LEDGER", "fromAccountId": TXN_ACCOUNT, "toAccountId": "900000000002", "amount": amount}),
            "TFR_10004",
        ),
        (
            json!({"type": "GENERAL_LEDGER", "fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID, "amount": amount}),
            "TFR_10004",
        ),
        (
            json!({"fromAccountId": "900000000001", "toAccountId": TXN_ACCOUNT, "amount": amount}),
            "TFR_10003",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountHolderId": "rcp-0099", "amount": amount}),
            "TFR_10051",
        ),
        (validate("LEA", "2"), "TFR_10054"),
        (validate("LEE", "1"), "TFR_10053"),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID, "previousYearContribution": true, "amount": amount}),
            "TFR_10038",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": IRA_ACCOUNT_ID, "previousYearContribution": true, "amount": {"amount": 6000.01}}),
            "TFR_10039",
        ),
        (
            json!({"fromAccountId": TXN_ACCOUNT, "toAccountId": GET_ACCOUNT_ID, "paymentOption": "PAY_LATER", "amount": amount}),
            "TFR_10056",
        ),
    ] {
        assert_error(&transfer(body).await, 400, code);
    }
}

/// The recipient profile: another retail member's, which a user's own token may read too.
#[tokio::test]
async fn the_second_retail_user_is_a_recipient_profile() {
    let emu = emu().await;
    let user = user_token(&emu, "testUser").await;
    for token in [token(&emu).await, user.clone()] {
        let (s, profile) = send(
            client()
                .get(format!(
                    "{}/v1/customers/jordanLee?userIdType=LOGIN_ID",
                    emu.base_url()
                ))
                .bearer_auth(&token)
                .header("correlationId", txid()),
        )
        .await;
        assert_eq!(s, 200, "{profile}");
        assert_eq!(
            (
                profile["emailAddress"].as_str(),
                profile["lastName"].as_str()
            ),
            (Some("jordan.lee@mail.example"), Some("Lee"))
        );
        assert_eq!(profile["customers"][0]["memberNumber"], "2200334455");
    }
    let (s, _) = send(
        client()
            .get(format!(
                "{}/v1/customers/gen-3?userIdType=LOGIN_ID",
                emu.base_url()
            ))
            .bearer_auth(&user)
            .header("correlationId", txid()),
    )
    .await;
    assert_eq!(s, 403, "a business user's profile stays its own");
    let (s, accounts) = get(
        &emu,
        "/v1/accounts?hostUserId=2200334455",
        &token(&emu).await,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        strings(&accounts, "accounts", "accountNumber"),
        ["7700112234", "7700112233"]
    );
}
