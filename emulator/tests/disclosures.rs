//! Institution disclosures, user disclosures and electronic statements.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

const CHECKING: &str = "FJLqiQAy1lvswlZXcu9rA0mD8ohakVblGGbi-f-r29A";
const CLOSED: &str = "cLoSeDaCcOuNt0000000000000000000000000000001";
/// The customer of the second retail user, `jordanLee`.
const JORDAN_CUSTOMER: &str = "3df387d4adcdd1bda19d24671c0a9e2d";

#[tokio::test]
async fn institution_disclosures_list_create_update() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, body) = call(&emu, Method::GET, "/v1/institution-disclosures", &t, None).await;
    assert_eq!(s, 200);
    assert_eq!(
        strings(&body, "institutionDisclosures", "institutionDisclosureName"),
        ["OLS"]
    );
    let (s, made) = call(
        &emu,
        Method::POST,
        "/v1/institution-disclosures",
        &t,
        Some(json!({"institutionDisclosureName": "FEES", "institutionDisclosureStatus": true})),
    )
    .await;
    assert_eq!(s, 200, "{made}");
    assert_eq!(
        (
            made["institutionDisclosureId"].as_str(),
            made["institutionId"].as_str()
        ),
        (Some("1002"), Some("00016"))
    );
    let (s, changed) = call(&emu, Method::PUT, "/v1/institution-disclosures/1002", &t, Some(json!({
        "institutionDisclosureId": "1002", "institutionDisclosureName": "FEES",
        "institutionDisclosureData": "https://disclosures.example/fees.pdf", "institutionDisclosureDataType": "URL"}))).await;
    assert_eq!(s, 200, "{changed}");
    assert_eq!(
        changed["institutionDisclosureStatus"], true,
        "fields not sent are kept"
    );
    let (_, body) = call(
        &emu,
        Method::GET,
        "/digitalbanking/v1/institution-disclosures",
        &t,
        None,
    )
    .await;
    assert_eq!(body["institutionDisclosures"][1], changed);
    for (path, body, code) in [
        (
            "/v1/institution-disclosures",
            json!({"institutionDisclosureStatus": "yes"}),
            "DSC_12004",
        ),
        (
            "/v1/institution-disclosures",
            json!({"institutionDisclosureName": " "}),
            "DSC_12004",
        ),
        (
            "/v1/institution-disclosures",
            json!({"institutionDisclosureName": "X", "institutionDisclosureData": "d"}),
            "DSC_12004",
        ),
        (
            "/v1/institution-disclosures/1002",
            json!({"institutionDisclosureId": "1001", "institutionDisclosureName": "X"}),
            "DSC_12012",
        ),
        (
            "/v1/institution-disclosures/9999",
            json!({"institutionDisclosureId": "9999", "institutionDisclosureName": "X"}),
            "DSC_13001",
        ),
    ] {
        let method = if path.ends_with("disclosures") {
            Method::POST
        } else {
            Method::PUT
        };
        assert_error(&call(&emu, method, path, &t, Some(body)).await, 400, code);
    }
    let no_trace = send(
        client()
            .get(format!("{}/v1/institution-disclosures", emu.base_url()))
            .bearer_auth(&t),
    )
    .await;
    assert_error(&no_trace, 400, "DSC_12002");
    let no_token = send(
        client()
            .get(format!("{}/v1/institution-disclosures", emu.base_url()))
            .header("transactionId", txid()),
    )
    .await;
    assert_error(&no_token, 401, "DSC_11001");
    let reader = token_with(&emu, &[("scopes", "disclosures:read")]).await;
    let refused = call(
        &emu,
        Method::POST,
        "/v1/institution-disclosures",
        &reader,
        Some(json!({"institutionDisclosureName": "X"})),
    )
    .await;
    assert_error(&refused, 403, "CMN_90006");
    let stats = emu.stats();
    assert_eq!(
        stats.requests.disclosures, 9,
        "list and create keep their old counter"
    );
    assert_eq!(stats.operations["updateInstitutionDisclosureV1"], 3);
}

#[tokio::test]
async fn user_disclosures_round_trip() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, body) = call(
        &emu,
        Method::GET,
        "/v1/institution-user-disclosures?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let records = body["institutionUserDisclosures"].as_array().unwrap();
    assert_eq!(records.len(), 4);
    assert_eq!(
        strings(
            &body,
            "institutionUserDisclosures",
            "institutionDisclosureName"
        ),
        ["OLS", "OLS", "OLS", "OLS"]
    );
    // The second retail user keeps a record for an account he closed.
    let (_, jordan) = call(
        &emu,
        Method::GET,
        "/v1/institution-user-disclosures?loginId=jordanLee",
        &t,
        None,
    )
    .await;
    let records = jordan["institutionUserDisclosures"].as_array().unwrap();
    assert_eq!(records.len(), 4);
    assert_eq!(records[3]["accountId"], CLOSED);

    // A new disclosure accepted at the user level, then declined.
    let (s, made) = call(
        &emu,
        Method::POST,
        "/v1/institution-disclosures",
        &t,
        Some(json!({"institutionDisclosureName": "PRIVACY"})),
    )
    .await;
    assert_eq!(s, 200, "{made}");
    let (s, _) = call(
        &emu,
        Method::POST,
        "/v1/institution-user-disclosures?loginId=testUser",
        &t,
        Some(json!({"institutionDisclosureName": "PRIVACY"})),
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = call(&emu, Method::PUT, "/v1/institution-user-disclosures?loginId=testUser", &t,
        Some(json!({"institutionDisclosureId": "1002", "institutionUserDisclosureStatus": "NOT_ACCEPTED"}))).await;
    assert_eq!(s, 204);
    let (_, body) = call(
        &emu,
        Method::GET,
        "/v1/institution-user-disclosures?loginId=testUser",
        &t,
        None,
    )
    .await;
    let privacy = body["institutionUserDisclosures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["institutionDisclosureName"] == "PRIVACY")
        .unwrap()
        .clone();
    assert_eq!(privacy["institutionUserDisclosureStatus"], "NOT_ACCEPTED");

    // An account's online statements: delete the record, create it again.
    let delete = |account: &str| json!({"institutionDisclosureName": "OLS", "accountId": account});
    let (s, _) = call(
        &emu,
        Method::DELETE,
        "/v1/institution-user-disclosures?loginId=testUser&accountType=CHECKING",
        &t,
        Some(delete(CHECKING)),
    )
    .await;
    assert_eq!(s, 204);
    // Again: nothing left to delete, and that is no error (the official collection deletes
    // twice); an account the user does not hold is.
    let (s, _) = call(
        &emu,
        Method::DELETE,
        "/v1/institution-user-disclosures?loginId=testUser&accountType=CHECKING",
        &t,
        Some(delete(CHECKING)),
    )
    .await;
    assert_eq!(s, 204);
    let not_held = call(
        &emu,
        Method::DELETE,
        "/v1/institution-user-disclosures?loginId=testUser&accountType=CHECKING",
        &t,
        Some(delete("nOtHeLd0000000000000000000000000000000000001")),
    )
    .await;
    assert_error(&not_held, 400, "DSC_13001");
    let create =
        json!({"institutionDisclosureName": "OLS", "accountId": CHECKING, "paperWaiver": false});
    let (s, _) = call(
        &emu,
        Method::POST,
        "/v1/institution-user-disclosures?loginId=testUser&accountType=CHECKING",
        &t,
        Some(create.clone()),
    )
    .await;
    assert_eq!(s, 204);
    for (path, body, code) in [
        (
            "/v1/institution-user-disclosures?loginId=testUser",
            create.clone(),
            "DSC_12006",
        ),
        (
            "/v1/institution-user-disclosures?loginId=testUser&accountType=CHECKING",
            json!({"institutionDisclosureName": "OLS", "accountId": CHECKING}),
            "DSC_12017",
        ),
        (
            "/v1/institution-user-disclosures?loginId=testUser",
            json!({"institutionDisclosureName": "NOPE"}),
            "DSC_12015",
        ),
        (
            "/v1/institution-user-disclosures?loginId=testUser",
            json!({"paperWaiver": true}),
            "DSC_12004",
        ),
        (
            "/v1/institution-user-disclosures?loginId=testUser&accountType=CHECKING",
            json!({"institutionDisclosureName": "OLS", "accountId": "x", "paperWaiver": true}),
            "DSC_13001",
        ),
    ] {
        assert_error(
            &call(&emu, Method::POST, path, &t, Some(body)).await,
            400,
            code,
        );
    }
    let not_ols = call(
        &emu,
        Method::DELETE,
        "/v1/institution-user-disclosures?loginId=testUser&accountType=CHECKING",
        &t,
        Some(json!({"institutionDisclosureName": "PRIVACY", "accountId": CHECKING})),
    )
    .await;
    assert_error(&not_ols, 400, "DSC_12015");
    let no_type = call(
        &emu,
        Method::DELETE,
        "/v1/institution-user-disclosures?loginId=testUser",
        &t,
        Some(delete(CHECKING)),
    )
    .await;
    assert_error(&no_type, 400, "DSC_10009");

    // A business user names a location.
    let business = call(
        &emu,
        Method::GET,
        "/v1/institution-user-disclosures?loginId=gen-10",
        &t,
        None,
    )
    .await;
    assert_error(&business, 400, "DSC_11004");
    let profile = send(
        client()
            .get(format!(
                "{}/v1/customers/gen-10?userIdType=LOGIN_ID",
                emu.base_url()
            ))
            .bearer_auth(&t)
            .header("correlationId", txid()),
    )
    .await;
    let location = profile.1["customers"][0]["customerId"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, body) = call(
        &emu,
        Method::GET,
        &format!(
            "/v1/institution-user-disclosures?loginId=gen-10&institutionCustomerId={location}"
        ),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(body["institutionUserDisclosures"].as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn e_statement_preferences_and_the_206_answers() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, body) = call(
        &emu,
        Method::GET,
        &format!("/v1/e-statements/{CHECKING}/disclosures?loginId=testUser"),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let pref = &body["institutionUserDisclosures"][0];
    assert_eq!(
        (
            pref["paperWaiver"].as_bool(),
            pref["institutionDisclosureStatus"].as_str()
        ),
        (Some(true), Some("ACCEPTED"))
    );
    let (s, _) = call(&emu, Method::PUT, "/v1/e-statements/preference?loginId=testUser", &t,
        Some(json!({"accountId": CHECKING, "activateEstatement": false, "disclosureStatusUpdatedAt": "2026-04-30T10:00:00Z"}))).await;
    assert_eq!(s, 204);
    let (_, body) = call(
        &emu,
        Method::GET,
        &format!("/v1/e-statements/{CHECKING}/disclosures?loginId=testUser"),
        &t,
        None,
    )
    .await;
    assert_eq!(body["institutionUserDisclosures"][0]["paperWaiver"], false);
    assert_eq!(
        body["institutionUserDisclosures"][0]["institutionUserDisclosureStatusUpdateDateTime"],
        "2026-04-30T10:00:00Z"
    );
    let no_record = call(
        &emu,
        Method::GET,
        &format!("/v1/e-statements/{GET_ACCOUNT_ID}x/disclosures?loginId=testUser"),
        &t,
        None,
    )
    .await;
    assert_error(&no_record, 404, "UXESTMT_88891");
    let unknown = call(
        &emu,
        Method::PUT,
        "/v1/e-statements/preference?loginId=testUser",
        &t,
        Some(json!({"accountId": CLOSED, "activateEstatement": true})),
    )
    .await;
    assert_error(&unknown, 400, "UXESTMT_11012");
    let bad = call(
        &emu,
        Method::PUT,
        "/v1/e-statements/preference?loginId=testUser",
        &t,
        Some(json!({"accountId": CHECKING})),
    )
    .await;
    assert_error(&bad, 400, "UXESTMT_11010");

    // Every account at once: the example user's records all change (204), and a report on
    // them is whole.
    let (s, _) = call(
        &emu,
        Method::PUT,
        "/v2/e-statements/user/preferences?loginId=testUser",
        &t,
        Some(json!({"activateEstatement": true})),
    )
    .await;
    assert_eq!(s, 204);
    let (s, report) = call(
        &emu,
        Method::POST,
        "/v1/reports/e-statements",
        &t,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 200, "{report}");
    assert_eq!(report["totalCount"], 3);
    assert!(report["statementOptInReport"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["optInEstatement"] == true));
    // The second retail user's record for his closed account fails, so 206 says which; a
    // report that covers him leaves it out, and is 206 too.
    let (s, partial) = call(
        &emu,
        Method::PUT,
        "/v2/e-statements/user/preferences?loginId=jordanLee",
        &t,
        Some(json!({"activateEstatement": true})),
    )
    .await;
    assert_eq!(s, 206, "{partial}");
    assert_eq!(partial["failedAccounts"], json!([CLOSED]));
    assert_eq!(partial["updatedAccounts"].as_array().unwrap().len(), 2);
    let (s, report) = call(
        &emu,
        Method::POST,
        "/v1/reports/e-statements",
        &t,
        Some(json!({"customerId": JORDAN_CUSTOMER})),
    )
    .await;
    assert_eq!(s, 206, "{report}");
    assert_eq!(report["totalCount"], 2);
    let (s, report) = call(
        &emu,
        Method::POST,
        "/v1/reports/e-statements",
        &t,
        Some(json!({})),
    )
    .await;
    assert_eq!((s.as_u16(), &report["totalCount"]), (206, &json!(5)));
    // Without the closed account's record, both answer in full.
    let (s, _) = call(
        &emu,
        Method::DELETE,
        "/v1/institution-user-disclosures?loginId=jordanLee&accountType=SAVINGS",
        &t,
        Some(json!({"institutionDisclosureName": "OLS", "accountId": CLOSED})),
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = call(
        &emu,
        Method::PUT,
        "/v2/e-statements/user/preferences?loginId=jordanLee",
        &t,
        Some(json!({"activateEstatement": false})),
    )
    .await;
    assert_eq!(s, 204);
    let (s, report) = call(
        &emu,
        Method::POST,
        "/v1/reports/e-statements",
        &t,
        Some(json!({"customerId": JORDAN_CUSTOMER})),
    )
    .await;
    assert_eq!((s.as_u16(), &report["totalCount"]), (200, &json!(2)));
    let (s, _) = call(
        &emu,
        Method::PUT,
        "/v2/e-statements/user/preferences?loginId=testUser",
        &t,
        Some(json!({"activateEstatement": false})),
    )
    .await;
    assert_eq!(s, 204);
    let (s, report) = call(
        &emu,
        Method::POST,
        "/v1/reports/e-statements",
        &t,
        Some(json!({"customerId": "f38a0d29000a4632a1c7ae93f2b288f8", "accountType": "CHECKING"})),
    )
    .await;
    assert_eq!(s, 200, "{report}");
    assert_eq!(report["totalCount"], 2);
    assert_eq!(
        report["statementOptInReport"][0]["optInPaperStatement"],
        true
    );
    let none = call(
        &emu,
        Method::POST,
        "/v1/reports/e-statements",
        &t,
        Some(json!({"customerId": "nobody"})),
    )
    .await;
    assert_error(&none, 404, "UXESTMT_88888");
    let bad_type = call(
        &emu,
        Method::POST,
        "/v1/reports/e-statements",
        &t,
        Some(json!({"accountType": "PIGGY"})),
    )
    .await;
    assert_error(&bad_type, 400, "UXESTMT_11010");
    // The correlationId and the scope.
    let no_trace = send(
        client()
            .post(format!("{}/v1/reports/e-statements", emu.base_url()))
            .bearer_auth(&t)
            .json(&json!({})),
    )
    .await;
    assert_error(&no_trace, 400, "UXESTMT_10007");
    let bad_trace = send(
        client()
            .post(format!("{}/v1/reports/e-statements", emu.base_url()))
            .bearer_auth(&t)
            .header("correlationId", "nope")
            .json(&json!({})),
    )
    .await;
    assert_error(&bad_trace, 400, "UXESTMT_10008");
    let reader = token_with(&emu, &[("scopes", "disclosures:read")]).await;
    let refused = call(
        &emu,
        Method::PUT,
        "/v2/e-statements/user/preferences?loginId=testUser",
        &reader,
        Some(json!({"activateEstatement": true})),
    )
    .await;
    assert_error(&refused, 403, "UXESTMT_10003");
    assert_error(
        &call(&emu, Method::GET, "/v1/reports/e-statements", &t, None).await,
        405,
        "METHOD_NOT_ALLOWED",
    );
}
