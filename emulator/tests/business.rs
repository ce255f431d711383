//! Business banking: details, registrations, entitlements; campaign user lists.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn business_details_and_entitlements() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, details) = call(&emu, Method::GET, "/v1/business-details?searchType=LOGIN_ID&searchValue=gen-12&includeTins=true&includeUsers=true", &t, None).await;
    assert_eq!(s, 200, "{details}");
    assert_eq!(details["businessId"], "4100000012");
    assert_eq!(details["tins"].as_array().unwrap().len(), 3);
    assert_eq!(details["users"][0]["loginId"], "gen-12");
    let (_, same) = call(
        &emu,
        Method::GET,
        "/v1/business-details?searchType=BUSINESS_ID&searchValue=4100000012",
        &t,
        None,
    )
    .await;
    assert_eq!(same["businessName"], details["businessName"]);
    assert!(same.get("tins").is_none());
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-details?searchType=LOGIN_ID&searchValue=testUser",
            &t,
            None,
        )
        .await,
        400,
        "BBS-40147",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-details?searchType=TIN&searchValue=1",
            &t,
            None,
        )
        .await,
        400,
        "BBS-40095",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-details?searchType=LOGIN_ID",
            &t,
            None,
        )
        .await,
        400,
        "BBS-40095",
    );
    let own = user_token(&emu, "gen-5").await;
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-details?searchType=BUSINESS_ID&searchValue=4100000012",
            &own,
            None,
        )
        .await,
        403,
        "BBS-40151",
    );

    let (s, ents) = call(
        &emu,
        Method::GET,
        "/v1/business-entitlements-limits?businessId=4100000012",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200, "{ents}");
    assert_eq!(ents["entitledFeatures"].as_array().unwrap().len(), 6);
    assert_eq!(
        ents["accountEntitledFeature"]["entitledTins"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let location = details["tins"][0]["tinNumber"].clone();
    let (_, profile) = send(
        client()
            .get(format!(
                "{}/v1/customers/gen-12?userIdType=LOGIN_ID",
                emu.base_url()
            ))
            .bearer_auth(&t)
            .header("correlationId", txid()),
    )
    .await;
    let customer = profile["customers"][0]["customerId"].as_str().unwrap();
    let (_, one) = call(&emu, Method::GET, &format!("/v1/business-entitlements-limits?businessId=4100000012&institutionCustomerId={customer}&featureName=wire_domestic"), &t, None).await;
    assert_eq!(
        one["accountEntitledFeature"]["entitledTins"][0]["tinNumber"],
        location
    );
    assert_eq!(
        strings(&one, "entitledFeatures", "featureName"),
        ["WIRE_DOMESTIC"]
    );
    assert_eq!(
        one["entitledFeatures"][0]["limits"]["perTransactionLimits"],
        500000
    );
    let (_, user) = call(
        &emu,
        Method::GET,
        "/v1/user-entitlements-limits?loginId=gen-12&featureName=ACH_PAYMENT",
        &t,
        None,
    )
    .await;
    assert_eq!(
        user["entitledFeatures"][0]["limits"]["perTransactionLimits"],
        25000
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-entitlements-limits",
            &t,
            None,
        )
        .await,
        400,
        "BBE-41110",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-entitlements-limits?businessId=42",
            &t,
            None,
        )
        .await,
        400,
        "BBE-41110",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/user-entitlements-limits?loginId=testUser",
            &t,
            None,
        )
        .await,
        400,
        "BBE-41110",
    );
    assert_error(
        &call(&emu, Method::GET, "/v1/user-entitlements-limits", &t, None).await,
        400,
        "BBE-41110",
    );
    let no_token = send(
        client()
            .get(format!(
                "{}/v1/user-entitlements-limits?loginId=gen-1",
                emu.base_url()
            ))
            .header("transactionId", txid()),
    )
    .await;
    assert_error(&no_token, 401, "BBE-41108");
    let other_scope = token_with(&emu, &[("scopes", "accounts:read")]).await;
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/user-entitlements-limits?loginId=gen-1",
            &other_scope,
            None,
        )
        .await,
        403,
        "BBE-41109",
    );
}

#[tokio::test]
async fn business_registrations_round_trip() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, config) = call(
        &emu,
        Method::GET,
        "/v1/business-registration-configs",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(config["onlineFeatures"].as_array().unwrap().len() >= 3);
    let (s, seed) = call(
        &emu,
        Method::GET,
        "/v1/business-registrations?confirmationNumber=EMU0REG0APPROVED",
        &t,
        None,
    )
    .await;
    assert_eq!(
        (s.as_u16(), seed["id"].as_str(), seed["status"].as_str()),
        (200, Some("reg-0001"), Some("APPROVED"))
    );
    let body = json!({
        "businessName": "Riverside Tools",
        "contact": {"firstName": "Lee", "lastName": "Stone", "email": "lee@riverside.example", "phoneNumber": "555-010-2222",
            "address": {"address1": "5 River Rd", "city": "Bend", "state": "OR", "zipCode": "97701"}},
        "tins": [{"tinNumber": "123456789", "tinName": "Riverside Tools LLC", "hostPassword": "secret"}],
        "users": [{"firstName": "Lee", "lastName": "Stone", "email": "lee@riverside.example", "userType": "PRIMARY_ADMIN"}],
        "onlineFeatures": ["ACH_PAYMENTS"],
        "status": "APPROVED"
    });
    let (s, made) = call(
        &emu,
        Method::POST,
        "/v1/business-registrations",
        &t,
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, 200, "{made}");
    assert_eq!(
        (made["id"].as_str(), made["status"].as_str()),
        (Some("reg-0002"), Some("PENDING"))
    );
    assert!(
        made["tins"][0].get("hostPassword").is_none(),
        "a host password is never kept"
    );
    let number = made["confirmationNumber"].as_str().unwrap();
    assert_eq!(number.len(), 16);
    let (_, by_number) = call(
        &emu,
        Method::GET,
        &format!("/v1/business-registrations?confirmationNumber={number}"),
        &t,
        None,
    )
    .await;
    assert_eq!(by_number, made);
    let (_, by_id) = call(
        &emu,
        Method::GET,
        "/v1/business-registrations/reg-0002",
        &t,
        None,
    )
    .await;
    assert_eq!(by_id, made);
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-registrations/reg-9999",
            &t,
            None,
        )
        .await,
        404,
        "BBS-40154",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-registrations/reg%209",
            &t,
            None,
        )
        .await,
        400,
        "BBS-40095",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-registrations?confirmationNumber=SHORT",
            &t,
            None,
        )
        .await,
        400,
        "BBS-40095",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/business-registrations?confirmationNumber=ZZZZZZZZZZZZZZZZ",
            &t,
            None,
        )
        .await,
        404,
        "BBS-40154",
    );
    let mut bad = body.clone();
    bad["tins"][0]["tinNumber"] = json!("12-345");
    assert_error(
        &call(
            &emu,
            Method::POST,
            "/v1/business-registrations",
            &t,
            Some(bad),
        )
        .await,
        400,
        "BBS-40095",
    );
    let mut no_users = body;
    no_users["users"] = json!([]);
    assert_error(
        &call(
            &emu,
            Method::POST,
            "/v1/business-registrations",
            &t,
            Some(no_users),
        )
        .await,
        400,
        "BBS-40095",
    );
    let reader = token_with(&emu, &[("scopes", "business-registrations:read")]).await;
    assert_error(
        &call(
            &emu,
            Method::POST,
            "/v1/business-registrations",
            &reader,
            Some(json!({"businessName": "X"})),
        )
        .await,
        403,
        "BBS-40151",
    );
}

#[tokio::test]
async fn user_list_files_move_through_their_states() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, seeded) = call(&emu, Method::GET, "/v1/userlists?userlistFileName=FI00016_spring_offer_20260401090000.csv&viewName=fileStatus", &t, None).await;
    assert_eq!(s, 200, "{seeded}");
    assert_eq!(
        seeded["userLists"][0]["fileStatus"]["jobStatus"],
        "SUCCESSFUL"
    );
    for (label, last) in [
        ("summer", "SUCCESSFUL"),
        ("summer_errors", "COMPLETED_WITH_FAILURE"),
    ] {
        let name = format!("FI00016_{label}_20260430120000.csv");
        let meta = json!({"userLists": [{"fileMetadata": {"userlistFileName": name, "userlistName": "Summer", "userlistOperation": "CREATE_OR_ADD"}}]});
        let (s, body) = call(&emu, Method::POST, "/v1/userlists", &t, Some(meta.clone())).await;
        assert_eq!((s.as_u16(), body), (200, serde_json::Value::Null));
        assert_error(
            &call(&emu, Method::POST, "/v1/userlists", &t, Some(meta)).await,
            400,
            "2009",
        );
        let mut seen = Vec::new();
        for _ in 0..4 {
            let (_, d) = call(
                &emu,
                Method::GET,
                &format!("/v1/userlists?userlistFileName={name}&viewName=fileStatus"),
                &t,
                None,
            )
            .await;
            seen.push(
                d["userLists"][0]["fileStatus"]["jobStatus"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        assert_eq!(seen, ["CREATED", "PROCESSING", last, last]);
        let (_, report) = call(
            &emu,
            Method::GET,
            &format!("/v1/userlists?userlistFileName={name}&viewName=fileErrorReport"),
            &t,
            None,
        )
        .await;
        let available = report["userLists"][0]["fileErrorReport"]["isReportAvailable"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            available,
            if last == "SUCCESSFUL" {
                "false"
            } else {
                "true"
            }
        );
    }
    for meta in [
        json!({"userLists": []}),
        json!({"userLists": [{"fileMetadata": {"userlistFileName": "list.csv", "userlistName": "X", "userlistOperation": "ADD"}}]}),
        json!({"userLists": [{"fileMetadata": {"userlistFileName": "FI99999_x_20260430120000.csv", "userlistName": "X", "userlistOperation": "ADD"}}]}),
        json!({"userLists": [{"fileMetadata": {"userlistFileName": "FI00016_x_20260430120000.csv", "userlistName": "X", "userlistOperation": "MERGE"}}]}),
    ] {
        assert_error(
            &call(&emu, Method::POST, "/v1/userlists", &t, Some(meta)).await,
            400,
            "2009",
        );
    }
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/userlists?userlistFileName=FI00016_none_20260430120000.csv&viewName=fileStatus",
            &t,
            None,
        )
        .await,
        400,
        "2009",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/userlists?userlistFileName=FI00016_none_20260430120000.csv&viewName=all",
            &t,
            None,
        )
        .await,
        400,
        "2009",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/userlists?viewName=fileStatus",
            &t,
            None,
        )
        .await,
        400,
        "2009",
    );
    let no_trace = send(
        client()
            .get(format!(
                "{}/v1/userlists?userlistFileName=a&viewName=fileStatus",
                emu.base_url()
            ))
            .bearer_auth(&t),
    )
    .await;
    assert_error(&no_trace, 400, "2005");
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/userlists?viewName=fileStatus",
            "forged",
            None,
        )
        .await,
        401,
        "401",
    );
}
