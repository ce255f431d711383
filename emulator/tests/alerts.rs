//! Alert management, alert preferences and alert history.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn alert_types_templates_and_institution_types_round_trip() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, types) = call(&emu, Method::GET, "/v1/alert-types", &t, None).await;
    assert_eq!(s, 200);
    assert_eq!(types["alertTypes"].as_array().unwrap().len(), 8);
    let (_, security) = call(
        &emu,
        Method::GET,
        "/v1/alert-types?alertCategory=SECURITY",
        &t,
        None,
    )
    .await;
    assert_eq!(
        strings(&security, "alertTypes", "alertTypeName"),
        ["NEW_DEVICE_LOGIN", "PASSWORD_CHANGED"]
    );

    let (s, made) = call(&emu, Method::POST, "/v1/alert-types", &t,
        Some(json!({"alertTypeName": "CARD_LOCKED", "alertCategory": "SECURITY", "channels": "EMAIL,PUSH"}))).await;
    assert_eq!(s, 201, "{made}");
    assert_eq!(made["alertTypeId"], 9);
    let dup = call(
        &emu,
        Method::POST,
        "/v1/alert-types",
        &t,
        Some(json!({"alertTypeName": "CARD_LOCKED"})),
    )
    .await;
    assert_error(&dup, 400, "PRMSYS_10007");
    let (s, changed) = call(
        &emu,
        Method::PUT,
        "/v1/alert-types",
        &t,
        Some(json!({"alertTypeId": 9, "status": "INACTIVE"})),
    )
    .await;
    assert_eq!(
        (s.as_u16(), &changed["status"], &changed["alertTypeName"]),
        (200, &json!("INACTIVE"), &json!("CARD_LOCKED"))
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            "/v1/alert-types",
            &t,
            Some(json!({"alertTypeId": 99})),
        )
        .await,
        400,
        "PRMSYS_10006",
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            "/v1/alert-types",
            &t,
            Some(json!({"status": "ACTIVE"})),
        )
        .await,
        400,
        "PRMVAL_10007",
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            "/v1/alert-types",
            &t,
            Some(json!({"alertTypeId": 9, "status": "SLEEPING"})),
        )
        .await,
        400,
        "PRMVAL_10002",
    );

    // A template of the new type, in two channels.
    let (s, tpl) = call(&emu, Method::POST, "/v1/alert-templates", &t, Some(json!({
        "alertTypeName": "CARD_LOCKED", "locale": "en_US",
        "templateContents": [
            {"channelType": "EMAIL", "templateContentType": "EMAIL_SUBJECT", "templateContent": "Card locked"},
            {"channelType": "PUSH", "templateContentType": "PUSH_BODY", "templateContent": "Your card is locked"}
        ]}))).await;
    assert_eq!(s, 201, "{tpl}");
    assert_eq!(
        (tpl["alertTypeResourceId"].as_i64(), tpl["state"].as_str()),
        (Some(110), Some("DRAFT"))
    );
    let (_, push) = call(
        &emu,
        Method::GET,
        "/v1/alert-templates?channel=PUSH&state=DRAFT",
        &t,
        None,
    )
    .await;
    assert_eq!(
        strings(&push, "alertTemplateResources", "alertTypeResourceId"),
        ["109", "110"]
    );
    let (_, one) = call(&emu, Method::GET, "/v1/alert-templates?id=110", &t, None).await;
    assert_eq!(one["alertTemplateResources"][0]["locale"], "en_US");
    let (s, published) = call(
        &emu,
        Method::PUT,
        "/v1/alert-templates",
        &t,
        Some(json!({"alertTypeResourceId": 110, "state": "PUBLISHED"})),
    )
    .await;
    assert_eq!(
        (s.as_u16(), published["state"].as_str()),
        (200, Some("PUBLISHED"))
    );
    let wrong_channel = call(&emu, Method::POST, "/v1/alert-templates", &t, Some(json!({
        "alertTypeName": "LOW_BALANCE", "locale": "fr_CA",
        "templateContents": [{"channelType": "SMS", "templateContentType": "EMAIL_BODY", "templateContent": "x"}]}))).await;
    assert_error(&wrong_channel, 400, "PRMVAL_10005");
    let unknown_type = call(
        &emu,
        Method::POST,
        "/v1/alert-templates",
        &t,
        Some(json!({"alertTypeName": "NOPE"})),
    )
    .await;
    assert_error(&unknown_type, 400, "PRMVAL_10006");
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-templates?channel=FAX",
            &t,
            None,
        )
        .await,
        400,
        "PRMVAL_10008",
    );
    assert_error(
        &call(&emu, Method::DELETE, "/v1/alert-templates/abc", &t, None).await,
        400,
        "PRMVAL_10008",
    );
    let (s, _) = call(&emu, Method::DELETE, "/v1/alert-templates/110", &t, None).await;
    assert_eq!(s, 204);
    assert_error(
        &call(&emu, Method::DELETE, "/v1/alert-templates/110", &t, None).await,
        400,
        "PRMSYS_10006",
    );

    // The institution opts into the new type.
    let (s, opted) = call(
        &emu,
        Method::POST,
        "/v1/institution-alert-types",
        &t,
        Some(json!({"alertTypeName": "CARD_LOCKED", "channelsOptd": "EMAIL"})),
    )
    .await;
    assert_eq!(s, 201, "{opted}");
    let id = opted["institutionAlertTypeId"].as_i64().unwrap();
    assert_eq!(id, 209);
    let (_, inactive) = call(
        &emu,
        Method::GET,
        "/v1/institution-alert-types?statusOptd=INACTIVE",
        &t,
        None,
    )
    .await;
    assert_eq!(
        strings(&inactive, "institutionAlertTypes", "alertTypeName"),
        ["PASSWORD_CHANGED"]
    );
    let (s, changed) = call(
        &emu,
        Method::PUT,
        "/v1/institution-alert-types",
        &t,
        Some(
            json!({"institutionAlertTypeId": id, "statusOptd": "INACTIVE", "reason": "pilot over"}),
        ),
    )
    .await;
    assert_eq!(
        (s.as_u16(), changed["reason"].as_str()),
        (200, Some("pilot over"))
    );
    let (s, _) = call(
        &emu,
        Method::DELETE,
        &format!("/v1/institution-alert-types/{id}"),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = call(&emu, Method::DELETE, "/v1/alert-types/9", &t, None).await;
    assert_eq!(s, 204);

    // Gateway answers for the alert services, which have no codes of their own for these.
    let no_trace = send(
        client()
            .get(format!("{}/v1/alert-types", emu.base_url()))
            .bearer_auth(&t),
    )
    .await;
    assert_error(&no_trace, 400, "CMN_90008");
    let no_token = send(
        client()
            .get(format!("{}/v1/alert-types", emu.base_url()))
            .header("transactionId", txid()),
    )
    .await;
    assert_error(&no_token, 401, "CMN_90001");
    let reader = token_with(&emu, &[("scopes", "alertMgmt:read")]).await;
    assert_error(
        &call(&emu, Method::DELETE, "/v1/alert-types/1", &reader, None).await,
        403,
        "CMN_90006",
    );
}

#[tokio::test]
async fn alert_preferences_page_to_the_end_and_round_trip() {
    let emu = emu().await;
    let t = token(&emu).await;
    let mut all = Vec::new();
    for page in 0.. {
        let (s, body) = call(
            &emu,
            Method::GET,
            &format!("/v1/alert-preferences?loginId=testUser&pageNo={page}"),
            &t,
            None,
        )
        .await;
        assert_eq!(s, 200);
        let items = body["alertPreferences"].as_array().unwrap().clone();
        let last = items.len() < 100;
        all.extend(items);
        if last {
            assert_eq!(page, 1, "120 preferences: a full page, then 20");
            break;
        }
    }
    assert_eq!(all.len(), 120);
    let ids: Vec<i64> = all
        .iter()
        .map(|p| p["alertPreferenceDetails"]["alertPrefId"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, (5001..=5120).collect::<Vec<_>>());
    let (_, small) = call(
        &emu,
        Method::GET,
        "/v1/alert-preferences?loginId=testUser&pageNo=2&pageSize=50",
        &t,
        None,
    )
    .await;
    assert_eq!(small["alertPreferences"].as_array().unwrap().len(), 20);
    let (_, low) = call(&emu, Method::GET, &format!("/v1/alert-preferences?hostUserId=1234567890&alertTypes=LOW_BALANCE,PAYMENT_DUE&accountId={TXN_ACCOUNT}"), &t, None).await;
    assert_eq!(low["alertPreferences"].as_array().unwrap().len(), 6);
    let (_, defaults) = call(
        &emu,
        Method::GET,
        "/v1/alert-preferences?loginId=testUser&default=true",
        &t,
        None,
    )
    .await;
    assert_eq!(defaults["alertPreferences"].as_array().unwrap().len(), 24);
    assert_eq!(defaults["alertPreferences"][0]["defaultPreferences"], true);
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-preferences?loginId=testUser&pageSize=0",
            &t,
            None,
        )
        .await,
        400,
        "PRMVAL_10013",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-preferences?loginId=testUser&pageNo=x",
            &t,
            None,
        )
        .await,
        400,
        "PRMVAL_10013",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-preferences?loginId=nobody",
            &t,
            None,
        )
        .await,
        400,
        "PRMVAL_10004",
    );

    let new = json!({"alertOpted": true, "alertPreferenceAccountDetails": {"accountId": TXN_ACCOUNT},
        "alertPreferenceDetails": {"alertTypeName": "LARGE_DEPOSIT", "channelTypeName": "PUSH"}});
    let (s, made) = call(
        &emu,
        Method::POST,
        "/v1/alert-preferences?loginId=testUser",
        &t,
        Some(new),
    )
    .await;
    assert_eq!(s, 201, "{made}");
    let id = made["alertPreferenceDetails"]["alertPrefId"]
        .as_i64()
        .unwrap();
    assert_eq!(id, 5121);
    assert_eq!(
        made["alertPreferenceDetails"]["institutionCustomerId"],
        "8fe733f4e27246908f92e8f7c0b96847"
    );
    let (s, got) = call(
        &emu,
        Method::GET,
        &format!("/v1/alert-preferences/{id}?loginId=testUser"),
        &t,
        None,
    )
    .await;
    assert_eq!((s.as_u16(), &got), (200, &made));
    let (s, changed) = call(
        &emu,
        Method::PUT,
        &format!("/v1/alert-preferences/{id}?loginId=testUser&allowCallback=false"),
        &t,
        Some(json!({"alertOpted": false, "alertPreferenceDetails": {"channelTypeName": "EMAIL"}})),
    )
    .await;
    assert_eq!(s, 200, "{changed}");
    assert_eq!(
        (
            changed["alertOpted"].as_bool(),
            changed["allowCallback"].as_bool()
        ),
        (Some(false), Some(false))
    );
    assert_eq!(
        changed["alertPreferenceDetails"]["alertTypeName"],
        "LARGE_DEPOSIT"
    );
    let mismatch = call(
        &emu,
        Method::PUT,
        &format!("/v1/alert-preferences/{id}?loginId=testUser"),
        &t,
        Some(json!({"alertPreferenceDetails": {"alertPrefId": 1}})),
    )
    .await;
    assert_error(&mismatch, 400, "PRMAPS_10008");
    let (s, _) = call(
        &emu,
        Method::DELETE,
        &format!("/v1/alert-preferences/{id}?loginId=testUser"),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 204);
    assert_error(
        &call(
            &emu,
            Method::GET,
            &format!("/v1/alert-preferences/{id}?loginId=testUser"),
            &t,
            None,
        )
        .await,
        404,
        "PRMAPS_10007",
    );
    for (details, code) in [
        (json!({"channelTypeName": "PUSH"}), "PRMVAL_10012"),
        (
            json!({"alertTypeName": "NOPE", "channelTypeName": "PUSH"}),
            "PRMVAL_10009",
        ),
        (
            json!({"alertTypeName": "LOW_BALANCE", "channelTypeName": "FAX"}),
            "PRMVAL_10015",
        ),
    ] {
        let refused = call(
            &emu,
            Method::POST,
            "/v1/alert-preferences?loginId=testUser",
            &t,
            Some(json!({"alertPreferenceDetails": details})),
        )
        .await;
        assert_error(&refused, 400, code);
    }
    let reader = token_with(&emu, &[("scopes", "alertPref:read")]).await;
    let refused = call(
        &emu,
        Method::DELETE,
        "/v1/alert-preferences/5001?loginId=testUser",
        &reader,
        None,
    )
    .await;
    assert_error(&refused, 403, "CMN_90006");
}

#[tokio::test]
async fn institution_alert_preferences_round_trip() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, all) = call(
        &emu,
        Method::GET,
        "/v1/institution-alert-preferences",
        &t,
        None,
    )
    .await;
    assert_eq!(all["fiAlertPreferences"].as_array().unwrap().len(), 24);
    let (_, low) = call(
        &emu,
        Method::GET,
        "/v1/institution-alert-preferences?alertTypes=LOW_BALANCE",
        &t,
        None,
    )
    .await;
    assert_eq!(
        strings(&low, "fiAlertPreferences", "channelTypeName"),
        ["EMAIL", "SMS", "PUSH"]
    );
    let dup = call(
        &emu,
        Method::POST,
        "/v1/institution-alert-preferences",
        &t,
        Some(json!({"alertTypeName": "LOW_BALANCE", "channelTypeName": "SMS"})),
    )
    .await;
    assert_error(&dup, 400, "PRMVAL_10013");
    let (s, _) = call(
        &emu,
        Method::DELETE,
        "/v1/institution-alert-preferences/702",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, made) = call(
        &emu,
        Method::POST,
        "/v1/institution-alert-preferences",
        &t,
        Some(
            json!({"alertTypeName": "LOW_BALANCE", "channelTypeName": "SMS", "alertOpted": false}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{made}");
    assert_eq!(made["institutionAlertPrefId"], 725);
    let (s, changed) = call(
        &emu,
        Method::PUT,
        "/v1/institution-alert-preferences/725",
        &t,
        Some(json!({"alertOpted": true})),
    )
    .await;
    assert_eq!(
        (s.as_u16(), changed["alertOpted"].as_bool()),
        (200, Some(true))
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            "/v1/institution-alert-preferences/999",
            &t,
            Some(json!({})),
        )
        .await,
        404,
        "PRMAPS_10007",
    );
}

#[tokio::test]
async fn alert_history_lists_contents_and_records_published_events() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, history) = call(
        &emu,
        Method::GET,
        "/v1/alert-history?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let alerts = history["alertHistorySummaryResources"].as_array().unwrap();
    assert_eq!(alerts.len(), 30);
    assert_eq!(alerts[0]["alertHistoryId"], 100001);
    let (_, unread) = call(
        &emu,
        Method::GET,
        "/v1/alert-history?loginId=testUser&readFlag=false",
        &t,
        None,
    )
    .await;
    assert_eq!(
        unread["alertHistorySummaryResources"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let (_, recent) = call(
        &emu,
        Method::GET,
        "/v1/alert-history?loginId=testUser&startDate=2026-04-21&endDate=2026-04-30",
        &t,
        None,
    )
    .await;
    assert_eq!(
        recent["alertHistorySummaryResources"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-history?loginId=testUser&startDate=21/04/2026",
            &t,
            None,
        )
        .await,
        400,
        "PRMVAL_10014",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-history?loginId=testUser&emailStatus=LOST",
            &t,
            None,
        )
        .await,
        400,
        "PRMSYS_10003",
    );

    let event = alerts[3]["eventId"].as_str().unwrap();
    let (s, content) = call(
        &emu,
        Method::GET,
        &format!("/v1/alert-history-content?eventId={event}"),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(content["alertHistoryId"], 100004);
    let (_, by_id) = call(
        &emu,
        Method::GET,
        "/v1/alert-history-content?id=1000041",
        &t,
        None,
    )
    .await;
    assert_eq!(by_id, content);
    assert_error(
        &call(&emu, Method::GET, "/v1/alert-history-content", &t, None).await,
        400,
        "PRMSYS_10003",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-history-content?alertHistoryId=1",
            &t,
            None,
        )
        .await,
        404,
        "PRMSYS_10011",
    );

    let event = json!({"eventDomainType": "AccountEvent",
        "eventDetails": {"eventId": "evt-2026-0001", "eventType": "LOW_BALANCE", "eventOccured": "2026-04-30T08:00:00Z"}});
    let (s, body) = call(
        &emu,
        Method::POST,
        "/v1/realtime-events?loginId=testUser",
        &t,
        Some(event),
    )
    .await;
    assert_eq!((s.as_u16(), body), (202, serde_json::Value::Null));
    let (_, history) = call(
        &emu,
        Method::GET,
        "/v1/alert-history?loginId=testUser&eventIds=evt-2026-0001",
        &t,
        None,
    )
    .await;
    let recorded = &history["alertHistorySummaryResources"][0];
    assert_eq!(
        (
            recorded["alertTypeName"].as_str(),
            recorded["alertHistoryId"].as_i64()
        ),
        (Some("LOW_BALANCE"), Some(100031))
    );
    for (event, code) in [
        (json!({"eventDomainType": "AccountEvent"}), "PRMSYS_10003"),
        (
            json!({"eventDomainType": "Weather", "eventDetails": {"eventType": "X"}}),
            "PRMSYS_10003",
        ),
        (
            json!({"eventDomainType": "UserEvent", "eventDetails": {}}),
            "PRMSYS_10003",
        ),
        (
            json!({"eventDomainType": "UserEvent", "eventDetails": {"eventType": "X", "eventOccured": "now"}}),
            "PRMSYS_10003",
        ),
    ] {
        assert_error(
            &call(
                &emu,
                Method::POST,
                "/v1/realtime-events?loginId=testUser",
                &t,
                Some(event),
            )
            .await,
            400,
            code,
        );
    }
    let history_reader = token_with(&emu, &[("scopes", "alertHist:read")]).await;
    let refused = call(
        &emu,
        Method::POST,
        "/v1/realtime-events?loginId=testUser",
        &history_reader,
        Some(json!({"eventDomainType": "UserEvent", "eventDetails": {"eventType": "X"}})),
    )
    .await;
    assert_error(&refused, 403, "CMN_90006");
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/alert-history?loginId=nobody",
            &t,
            None,
        )
        .await,
        404,
        "PRMSYS_10011",
    );
}
