//! Every operation of the task: the gateway-facing checks of each generic one (its trace
//! header, a token, its scope) with its tag's codes, the operations left unserved, and the
//! counters and faults of any operation.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// The 83 served operations.
const SERVED: &str = "createAccessTokenV2 revokeAccessTokenV2 generateAuthorizationCodeV1 authorizeClientV1 getCustomerInformation getCustomerContactMethods resetPassword unlockUser updateContactInfo getInstitutionUserV1 getInstitutionUserV2 getUserStatusV1 listAccountsV1 getAccountByIdV1 getCustomerAccountsTransactionsV1 listAccountTransactionsV1 searchBankingActivitiesV1 listBankingImagesV1 getBankingImageByIdV1 getBusinessDetailsV1 getBusinessRegistrationConfigV1 getBusinessRegistrationByConfirmationNumberV1 createBusinessRegistrationV1 getBusinessRegistrationByIdV1 getBusinessEntitlementsLimitsV1 getUserEntitlementsLimitsV1 getAchPaymentsV1 createAchPaymentV1 getAchPaymentByPaymentIdV1 getWirePaymentsV1 createWirePaymentV1 getWirePaymentByPaymentIdV1 listRecipientsV1 createRecipientV1 getRecipientV1 updateRecipientV1 deleteRecipientV1 createTransferV1 listAlertTemplatesV1 updateAlertTemplateV1 createAlertTemplateV1 deleteAlertTemplateV1 listAlertTypesV1 updateAlertTypeV1 createAlertTypeV1 deleteAlertTypeV1 listInstitutionAlertTypesV1 updateInstitutionAlertTypeV1 createInstitutionAlertTypeV1 deleteInstitutionAlertTypeV1 listAlertPreferencesV1 createAlertPreferenceV1 getAlertPreferenceV1 updateAlertPreferenceV1 deleteAlertPreferenceV1 listInstitutionAlertPreferencesV1 createInstitutionAlertPreferenceV1 updateInstitutionAlertPreferenceV1 deleteInstitutionAlertPreferenceV1 listAlertHistoryV1 getAlertHistoryContentV1 publishAlertEventsV1 listInstitutionDisclosuresV1 createInstitutionDisclosureV1 updateInstitutionDisclosureV1 listUserDisclosuresV1 updateUserDisclosureV1 createUserDisclosureV1 deleteUserDisclosureV1 getEStatementAccountPreferencesV1 updateEStatementAccountPreferencesV1 updateEStatementUserPreferencesV1 getEStatementsAccountsReportV1 listExperienceGroupsV3 createExperienceGroupV3 updateExperienceGroupV3 deleteExperienceGroupV3 uploadExperienceGroupParticipantsV3 listJobsV3 getJobV3 getJobErrorsV3 getUserListDetailsV1 createUserListMetadataV1";

/// Served with the rules they always had, not the generic checks.
const OWN_RULES: &str = "createAccessTokenV2 revokeAccessTokenV2 generateAuthorizationCodeV1 authorizeClientV1 getCustomerInformation listAccountsV1 getAccountByIdV1 getCustomerAccountsTransactionsV1 listAccountTransactionsV1";

/// Per tag: the codes for a missing trace header, a missing token, a bad token and a missing
/// scope.
fn codes(tag: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    match tag {
        "Registration And Access" | "Contact Info" => {
            ("UXU_10006", "CMN_90001", "CMN_90001", "UXU_10002")
        }
        "Profile And Status" => ("ISR_11005", "ISR_11001", "ISR_11002", "ISR_11003"),
        "Banking Activities" => ("BAS_10203", "BAS_10101", "BAS_10102", "BAS_10101"),
        "Images" => ("BIS_00013", "BIS_10001", "BIS_10002", "BIS_10003"),
        "Registration" | "Profile" => ("CMN_90008", "BBS-40150", "BBS-40150", "BBS-40151"),
        "Entitlements" => ("CMN_90008", "BBE-41108", "BBE-41108", "BBE-41109"),
        "Payments" => ("BBP-152", "BBP-131", "BBP-131", "CMN_90006"),
        "Recipients" => ("REC_12002", "REC_11001", "REC_11002", "REC_11003"),
        "Transfers" => ("TFR_10036", "TFR_11001", "TFR_11002", "TFR_11003"),
        "Institution Disclosures" | "User Disclosures" => {
            ("DSC_12002", "DSC_11001", "DSC_11002", "CMN_90006")
        }
        "Electronic Statements" => ("UXESTMT_10007", "CMN_90001", "CMN_90001", "UXESTMT_10003"),
        "Experience Groups" | "Jobs" => ("CMN_90008", "2003", "2003", "CMN_90006"),
        "Audience" => ("2005", "401", "401", "CMN_90006"),
        // The alert services leave these to the gateway.
        _ => ("CMN_90008", "CMN_90001", "CMN_90001", "CMN_90006"),
    }
}

fn operations() -> serde_json::Map<String, Value> {
    let doc: Value =
        serde_json::from_str(include_str!("schemas/candescent-di-api-1.11.0.json")).unwrap();
    doc["x-operations"].as_object().unwrap().clone()
}

/// The operation's path with every parameter filled in.
fn path_of(op: &Value) -> String {
    let mut path = String::new();
    for segment in op["path"].as_str().unwrap().split('/').skip(1) {
        path.push('/');
        match (segment.find('{'), segment.find('}')) {
            (Some(a), Some(b)) => {
                path.push_str(&format!("{}p1{}", &segment[..a], &segment[b + 1..]))
            }
            _ => path.push_str(segment),
        }
    }
    path
}

#[tokio::test]
async fn every_generic_operation_makes_the_gateway_facing_checks() {
    let emu = emu().await;
    let t = token(&emu).await;
    let narrow = token_with(&emu, &[("scopes", "accounts:read_unmasked")]).await;
    let ops = operations();
    let generic: Vec<&str> = SERVED
        .split(' ')
        .filter(|id| !OWN_RULES.split(' ').any(|o| o == *id))
        .collect();
    assert_eq!(generic.len(), 74);
    for id in &generic {
        let op = &ops[*id];
        let method: Method = op["method"].as_str().unwrap().parse().unwrap();
        let url = format!("{}{}", emu.base_url(), path_of(op));
        let (trace, unauthorized, bad_token, forbidden) = codes(op["tag"].as_str().unwrap());
        let request = || client().request(method.clone(), &url);
        let no_trace = send(request().bearer_auth(&t)).await;
        assert_error(&no_trace, 400, trace);
        let tx = txid();
        let traced = || {
            request()
                .header("transactionId", &tx)
                .header("correlationId", &tx)
        };
        assert_error(&send(traced()).await, 401, unauthorized);
        assert_error(&send(traced().bearer_auth("forged")).await, 401, bad_token);
        assert_error(&send(traced().bearer_auth(&narrow)).await, 403, forbidden);
    }
    let stats = emu.stats();
    for id in &generic {
        assert_eq!(stats.operations[*id], 4, "{id}");
    }
}

#[tokio::test]
async fn the_other_operations_are_not_served() {
    let emu = emu().await;
    let t = token(&emu).await;
    let served: Vec<&str> = SERVED.split(' ').collect();
    assert_eq!(served.len(), 83);
    let mut unserved = 0;
    for (id, op) in operations() {
        if served.contains(&id.as_str()) {
            continue;
        }
        unserved += 1;
        let method: Method = op["method"].as_str().unwrap().parse().unwrap();
        let res = api(&emu, method, &path_of(&op), &t).send().await.unwrap();
        assert_eq!(res.status(), 404, "{id}");
    }
    assert_eq!(unserved, 25);
    let counted: Vec<String> = emu.stats().operations.into_keys().collect();
    assert_eq!(
        counted,
        ["createAccessTokenV2"],
        "only the token request was counted"
    );
}

#[tokio::test]
async fn faults_and_counters_by_operation_id() {
    let emu = emu().await;
    let t = token(&emu).await;
    let admin = |body: Value| {
        client()
            .post(format!("{}/__emulator/faults", emu.base_url()))
            .json(&body)
            .send()
    };
    let res = admin(
        json!({"route": "listRecipientsV1", "kind": "status", "status": 503, "retry_after": 1}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 204);
    let faulted = call(
        &emu,
        Method::GET,
        "/v1/recipients?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_error(&faulted, 503, "REC_99999");
    let (s, _) = call(
        &emu,
        Method::GET,
        "/v1/recipients?loginId=testUser",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200, "one fault, one request");
    // An operation with an older route name answers to both names.
    let res =
        admin(json!({"route": "createInstitutionDisclosureV1", "kind": "status", "status": 500}))
            .await
            .unwrap();
    assert_eq!(res.status(), 204);
    let faulted = call(
        &emu,
        Method::POST,
        "/v1/institution-disclosures",
        &t,
        Some(json!({"institutionDisclosureName": "X"})),
    )
    .await;
    assert_error(&faulted, 500, "DSC_99999");
    let res = admin(json!({"route": "listaccountsv1", "kind": "malformed"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 204, "operationIds are matched in any case");
    let res = client()
        .get(format!("{}/v1/accounts?hostUserId={USER}", emu.base_url()))
        .bearer_auth(&t)
        .header("transactionId", txid())
        .send()
        .await
        .unwrap();
    assert!(serde_json::from_str::<Value>(&res.text().await.unwrap()).is_err());
    let res = admin(json!({"route": "createAccessTokenV1", "kind": "reset"}))
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        400,
        "an operation the emulator does not serve"
    );
    let unknown = res.text().await.unwrap();
    assert!(unknown.contains("operationId"), "{unknown}");
    // Customer routes and the OpenID Connect steps are counted and faulted now too.
    emu.inject_fault(candescent_emulator::Fault::status(
        candescent_emulator::FaultRoute::Operation("getCustomerInformation"),
        1,
        503,
    ));
    let profile = send(
        client()
            .get(format!(
                "{}/v1/customers/testUser?userIdType=LOGIN_ID",
                emu.base_url()
            ))
            .bearer_auth(&t)
            .header("correlationId", txid()),
    )
    .await;
    assert_error(&profile, 503, "ISR_99999");
    let stats: Value = client()
        .get(format!("{}/__emulator/stats", emu.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["operations"]["listRecipientsV1"], 2);
    assert_eq!(stats["operations"]["createInstitutionDisclosureV1"], 1);
    assert_eq!(stats["operations"]["getCustomerInformation"], 1);
    assert_eq!(stats["requests"]["disclosures"], 1);
    assert_eq!(stats["requests"]["accounts"], 1);
    let parsed: candescent_emulator::Stats = serde_json::from_value(stats).unwrap();
    assert_eq!(parsed.operations["listAccountsV1"], 1);
    emu.reset();
    assert!(emu.stats().operations.is_empty());
}
