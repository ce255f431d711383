//! Banking images (lists, one image with its data) and banking activities (nextPageToken).

mod common;

use base64::Engine as _;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn transactions_of(emu: &candescent_emulator::Emulator, t: &str, kind: &str) -> Vec<Value> {
    let (_, body) = get(
        emu,
        &format!("/v1/transactions?hostUserId={USER}&accountId={TXN_ACCOUNT}"),
        t,
    )
    .await;
    body["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["type"] == kind)
        .cloned()
        .collect()
}

#[tokio::test]
async fn check_and_deposit_images_follow_the_transactions() {
    let emu = emu().await;
    let t = token(&emu).await;
    let checks = transactions_of(&emu, &t, "CHECK").await;
    assert!(!checks.is_empty(), "the example account has checks");
    let check = &checks[0];
    let date = check["transactionDate"].as_str().unwrap();
    let path = format!("/v1/banking-images?loginId=testUser&accountId={TXN_ACCOUNT}&imageType=CHECK&transactionDate={date}");
    let (s, list) = call(&emu, Method::GET, &path, &t, None).await;
    assert_eq!(s, 200, "{list}");
    let image = &list["bankingImage"][0];
    assert_eq!(image["amount"], check["amount"]);
    assert!(
        image.get("imageInfoItems").is_none(),
        "a list has no image data"
    );
    let number = image["transactionImageNumber"].as_str().unwrap();
    assert!(check["description"].as_str().unwrap().ends_with(number));
    let (_, by_number) = call(
        &emu,
        Method::GET,
        &format!("{path}&transactionImageNumber={number}"),
        &t,
        None,
    )
    .await;
    assert_eq!(by_number["bankingImage"][0]["id"], image["id"]);
    let id = image["id"].as_str().unwrap();
    let one =
        format!("/v1/banking-images/{id}?loginId=testUser&accountId={TXN_ACCOUNT}&imageType=CHECK");
    let (s, full) = call(&emu, Method::GET, &one, &t, None).await;
    assert_eq!(s, 200, "{full}");
    let info = &full["imageInfoItems"]["imageInfo"];
    assert_eq!(
        (
            info[0]["type"].as_str(),
            info[0]["view"].as_str(),
            info[1]["view"].as_str()
        ),
        (Some("PNG"), Some("FRONT"), Some("BACK"))
    );
    let png = base64::engine::general_purpose::STANDARD
        .decode(info[0]["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_error(
        &call(&emu, Method::GET, &one.replace(id, "chk-nope"), &t, None).await,
        404,
        "BIS_30004",
    );

    let deposits = transactions_of(&emu, &t, "DEPOSIT").await;
    if let Some(deposit) = deposits.first() {
        let (d, tid) = (
            deposit["transactionDate"].as_str().unwrap(),
            deposit["id"].as_str().unwrap(),
        );
        let path = format!("/v1/banking-images?loginId=testUser&accountId={TXN_ACCOUNT}&imageType=DEPOSIT_SLIP&transactionDate={d}&imageIdentifier={tid}");
        let (s, slips) = call(&emu, Method::GET, &path, &t, None).await;
        assert_eq!(s, 200, "{slips}");
        assert_eq!(slips["bankingImage"].as_array().unwrap().len(), 1);
    }
    // Nothing that day: 204 without a body.
    let (s, body) = call(&emu, Method::GET, &format!("/v1/banking-images?loginId=testUser&accountId={TXN_ACCOUNT}&imageType=CHECK&transactionDate=2020-01-01"), &t, None).await;
    assert_eq!((s.as_u16(), body), (204, Value::Null));
    for (query, status, code) in [
        ("imageType=CHECK", 400, "BIS_00010"),
        (
            "imageType=DEPOSIT_SLIP&transactionDate=2026-04-01",
            400,
            "BIS_00012",
        ),
        (
            "imageType=STATEMENT&statementStartDate=2026-01-01",
            400,
            "BIS_00018",
        ),
        (
            "imageType=STATEMENT&statementStartDate=2026-03-01&statementEndDate=2026-01-01",
            400,
            "BIS_00019",
        ),
        (
            "imageType=UNKNOWN&transactionDate=2026-04-01",
            400,
            "BIS_00005",
        ),
        (
            "imageType=PHOTO&transactionDate=2026-04-01",
            400,
            "BIS_00017",
        ),
        (
            "imageType=CHECK&transactionDate=2026-04-01&transactionImageNumber=12a",
            400,
            "BIS_00009",
        ),
        ("imageType=CHECK&transactionDate=April", 400, "BIS_00017"),
    ] {
        let path = format!("/v1/banking-images?loginId=testUser&accountId={TXN_ACCOUNT}&{query}");
        assert_error(
            &call(&emu, Method::GET, &path, &t, None).await,
            status,
            code,
        );
    }
    let other = call(&emu, Method::GET, "/v1/banking-images?loginId=testUser&accountId=nope&imageType=CHECK&transactionDate=2026-04-01", &t, None).await;
    assert_error(&other, 404, "BIS_20009");
    let business = call(
        &emu,
        Method::GET,
        "/v1/banking-images?loginId=gen-3&accountId=x&imageType=CHECK&transactionDate=2026-04-01",
        &t,
        None,
    )
    .await;
    assert_error(&business, 400, "BIS_00020");
    assert_error(
        &call(&emu, Method::GET, &path_missing_user(), &t, None).await,
        400,
        "BIS_00017",
    );
    let unknown_user = call(&emu, Method::GET, &format!("/v1/banking-images?loginId=nobody&accountId={TXN_ACCOUNT}&imageType=CHECK&transactionDate=2026-04-01"), &t, None).await;
    assert_error(&unknown_user, 404, "BIS_20022");
    let html = send(
        client()
            .get(format!("{}/v1/banking-images?loginId=testUser&accountId={TXN_ACCOUNT}&imageType=CHECK&transactionDate=2026-04-01", emu.base_url()))
            .bearer_auth(&t)
            .header("transactionId", txid())
            .header("Accept", "text/html"),
    )
    .await;
    assert_error(&html, 415, "BIS_99988");
    let no_images = token_with(&emu, &[("scopes", "accounts:read")]).await;
    let refused = call(&emu, Method::GET, &format!("/v1/banking-images?loginId=testUser&accountId={TXN_ACCOUNT}&imageType=CHECK&transactionDate=2026-04-01"), &no_images, None).await;
    assert_error(&refused, 403, "BIS_10003");
}

fn path_missing_user() -> String {
    format!("/v1/banking-images?accountId={TXN_ACCOUNT}&imageType=CHECK&transactionDate=2026-04-01")
}

#[tokio::test]
async fn statements_are_monthly_pdfs() {
    let emu = emu().await;
    let t = token(&emu).await;
    let path = format!("/v1/banking-images?hostUserId={USER}&accountId={TXN_ACCOUNT}&imageType=STATEMENT&statementStartDate=2025-05-01&statementEndDate=2026-04-30");
    let (s, list) = call(&emu, Method::GET, &path, &t, None).await;
    assert_eq!(s, 200, "{list}");
    let dates = strings(&list, "bankingImage", "statementDate");
    assert_eq!(dates.len(), 12);
    assert_eq!(
        (dates[0].as_str(), dates[11].as_str()),
        ("2026-04-30", "2025-05-31")
    );
    let id = list["bankingImage"][0]["id"].as_str().unwrap();
    let (_, full) = call(&emu, Method::GET, &format!("/v1/banking-images/{id}?hostUserId={USER}&accountId={TXN_ACCOUNT}&imageType=STATEMENT&statementDate=2026-04-30"), &t, None).await;
    let info = &full["imageInfoItems"]["imageInfo"][0];
    assert_eq!(info["type"], "PDF");
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(info["data"].as_str().unwrap())
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    let card = "waIhcoBqn0X8Fy-gpM72V7-2eYmJP9aQ1hjXcxlRpvU";
    let (s, cc) = call(&emu, Method::GET, &format!("/v1/banking-images?hostUserId={USER}&accountId={card}&imageType=CC_STATEMENT&statementStartDate=2026-01-01&statementEndDate=2026-04-30"), &t, None).await;
    assert_eq!(
        (s.as_u16(), cc["bankingImage"].as_array().map(Vec::len)),
        (200, Some(4))
    );
}

fn window(start: &str, size: i64) -> Value {
    json!({"startTime": start, "endTime": "2026-05-01T00:00:00Z", "pageSize": size})
}

#[tokio::test]
async fn banking_activities_page_with_next_page_tokens() {
    let emu = emu().await;
    let t = token(&emu).await;
    let mut criteria = json!({"startTime": "2026-02-15T00:00:00Z", "endTime": "2026-05-01T00:00:00Z",
        "userId": "testUser", "userIdType": "loginId"});
    let mut pages = Vec::new();
    loop {
        let (s, body) = call(
            &emu,
            Method::POST,
            "/v1/banking-activities",
            &t,
            Some(criteria.clone()),
        )
        .await;
        assert_eq!(s, 200, "{body}");
        let items = body["bankingActivities"].as_array().unwrap().clone();
        assert_eq!(body["count"], items.len());
        pages.push(items);
        match body["nextPageToken"].as_str() {
            Some(next) => criteria["nextPageToken"] = json!(next),
            None => break,
        }
    }
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        [20, 20, 5],
        "45 at the default page size"
    );
    let all: Vec<&Value> = pages.iter().flatten().collect();
    assert!(all.iter().all(
        |a| a["loginId"] == "testUser" && a.as_object().unwrap().values().all(Value::is_string)
    ));
    let times: Vec<&str> = all
        .iter()
        .map(|a| a["eventTime"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

    let (_, everything) = call(
        &emu,
        Method::POST,
        "/v1/banking-activities",
        &t,
        Some(window("2026-02-15T00:00:00Z", 1000)),
    )
    .await;
    assert_eq!(
        everything["count"], 60,
        "the example user's 45 and 15 system events"
    );
    let (_, system) = call(&emu, Method::POST, "/v1/banking-activities", &t, Some(json!({
        "startTime": "2026-02-15T00:00:00Z", "endTime": "2026-05-01T00:00:00Z", "eventType": "system",
        "requestedAttributes": ["eventId", "eventName"]}))).await;
    assert_eq!(system["count"], 15);
    assert_eq!(system["bankingActivities"][0].as_object().unwrap().len(), 2);
    let (_, filtered) = call(&emu, Method::POST, "/v1/banking-activities", &t, Some(json!({
        "startTime": "2026-02-15T00:00:00Z", "endTime": "2026-05-01T00:00:00Z", "pageSize": 100,
        "additionalFilters": {"condition": "and", "filters": [{"attributeId": "channel", "criteria": "equals", "value": "MOBILE"}],
            "subFilters": [{"condition": "or", "filters": [
                {"attributeId": "status", "criteria": "equals", "value": "FAILURE"},
                {"attributeId": "eventName", "criteria": "equals", "value": "LOGIN"}]}]}}))).await;
    assert!(filtered["bankingActivities"]
        .as_array()
        .unwrap()
        .iter()
        .all(
            |a| a["channel"] == "MOBILE" && (a["status"] == "FAILURE" || a["eventName"] == "LOGIN")
        ));
    // `like` and `notEqual` as the official collection sends them: attribute names in any case.
    let (s, patterns) = call(
        &emu,
        Method::POST,
        "/v1/banking-activities",
        &t,
        Some(json!({
        "startTime": "2026-02-15T00:00:00Z", "endTime": "2026-05-01T00:00:00Z", "pageSize": 100,
        "additionalFilters": {"condition": "and", "filters": [
            {"attributeId": "channel", "criteria": "equals", "value": "MOBILE"},
            {"attributeId": "source", "criteria": "notEqual", "value": "AndroidBizBankingApp"},
            {"attributeId": "reqctx_featurename", "criteria": "like", "value": "LOG%"}]}})),
    )
    .await;
    assert_eq!(s, 200, "{patterns}");
    assert!(patterns["bankingActivities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["channel"] == "MOBILE"
            && a["ReqCtx_featureName"].as_str().unwrap().starts_with("log")));
    let (_, by_id) = call(
        &emu,
        Method::POST,
        "/v1/banking-activities",
        &t,
        Some(json!({
        "startTime": "2026-02-15T00:00:00Z", "endTime": "2026-05-01T00:00:00Z", "pageSize": 100,
        "eventIds": ["LOGIN", "mfaChallenge"]})),
    )
    .await;
    let ids = strings(&by_id, "bankingActivities", "eventId");
    assert!(
        !ids.is_empty() && ids.iter().all(|i| i == "login" || i == "mfaChallenge"),
        "{ids:?}"
    );
    let (_, company) = call(&emu, Method::POST, "/v1/banking-activities", &t, Some(json!({
        "startTime": "2026-02-15T00:00:00Z", "endTime": "2026-05-01T00:00:00Z", "companyId": "4100000008"}))).await;
    assert_eq!(
        company["count"], 10,
        "a business's activities, found by its company id"
    );
    let (_, business) = call(&emu, Method::POST, "/v1/banking-activities", &t, Some(json!({
        "startTime": "2026-02-15T00:00:00Z", "endTime": "2026-05-01T00:00:00Z", "userId": "gen-8", "userIdType": "loginId"}))).await;
    assert_eq!(business["count"], 10);
    let (s, none) = call(&emu, Method::POST, "/v1/banking-activities", &t, Some(json!({
        "startTime": "2026-02-15T00:00:00Z", "endTime": "2026-02-16T00:00:00Z", "eventIds": ["nope"]}))).await;
    assert_eq!((s.as_u16(), none), (204, Value::Null));

    let mut stale = criteria.clone();
    stale["eventType"] = json!("user");
    for (body, code) in [
        (
            json!({"startTime": "2026-04-02T00:00:00Z", "endTime": "2026-04-01T00:00:00Z"}),
            "BAS_10001",
        ),
        (
            json!({"startTime": "2025-12-01T00:00:00Z", "endTime": "2026-04-01T00:00:00Z"}),
            "BAS_10002",
        ),
        (
            json!({"startTime": "2026-04-01T00:00:00Z", "endTime": "2026-04-02T00:00:00Z", "userId": "testUser"}),
            "BAS_10011",
        ),
        (
            json!({"startTime": "2026-04-01T00:00:00Z", "endTime": "2026-04-02T00:00:00Z", "nextPageToken": "garbage"}),
            "BAS_10206",
        ),
        (stale, "BAS_10206"),
        (
            json!({"startTime": "2026-04-01T00:00:00Z", "endTime": "2026-04-02T00:00:00Z", "pageSize": 5000}),
            "BAS_10204",
        ),
        (
            json!({"startTime": "2026-04-01T00:00:00Z", "endTime": "2026-04-02T00:00:00Z", "eventType": "robot"}),
            "BAS_10204",
        ),
        (
            json!({"startTime": "yesterday", "endTime": "2026-04-02T00:00:00Z"}),
            "BAS_10204",
        ),
        (json!({"endTime": "2026-04-02T00:00:00Z"}), "BAS_10204"),
        (
            json!({"startTime": "2026-04-01T00:00:00Z", "endTime": "2026-04-02T00:00:00Z",
            "additionalFilters": {"condition": "and", "subFilters": [{"condition": "and", "filters": []}]}}),
            "BAS_10008",
        ),
    ] {
        assert_error(
            &call(&emu, Method::POST, "/v1/banking-activities", &t, Some(body)).await,
            400,
            code,
        );
    }
    let not_json = send(
        api(&emu, Method::POST, "/v1/banking-activities", &t)
            .header("Content-Type", "application/json")
            .body("{"),
    )
    .await;
    assert_error(&not_json, 400, "BAS_10006");
    let no_token = send(
        client()
            .post(format!("{}/v1/banking-activities", emu.base_url()))
            .header("transactionId", txid())
            .json(&window("2026-04-01T00:00:00Z", 5)),
    )
    .await;
    assert_error(&no_token, 401, "BAS_10101");
    let other = token_with(&emu, &[("scopes", "accounts:read")]).await;
    assert_error(
        &call(
            &emu,
            Method::POST,
            "/v1/banking-activities",
            &other,
            Some(window("2026-04-01T00:00:00Z", 5)),
        )
        .await,
        403,
        "BAS_10101",
    );
}
