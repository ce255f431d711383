//! Customer management: contact methods, passcodes, unlocking, contact details, institution
//! users and their status.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

const CUSTOMER: &str = "8fe733f4e27246908f92e8f7c0b96847";
const INSTITUTION_USER: &str = "40BC0EB5891C08D8E063C0A011ACE593";

#[tokio::test]
async fn contact_methods_passcodes_and_contact_details() {
    let emu = emu().await;
    let t = token(&emu).await;
    let path = format!("/ux-users/v1/customers/{CUSTOMER}/contact-methods");
    let (s, body) = call(&emu, Method::GET, &path, &t, None).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["customerId"], CUSTOMER);
    assert_eq!(
        strings(&body, "contactMethods", "protocol"),
        ["SMS", "VOICE", "EMAIL"]
    );
    assert_eq!(
        body["contactMethods"][2]["contactInfo"],
        "pat.example@mail.example"
    );
    let (s, by_login) = call(
        &emu,
        Method::GET,
        "/ux-users/v1/customers/gen-4/contact-methods?userIdType=LOGIN_ID",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(strings(&by_login, "contactMethods", "id"), ["cm-2", "cm-3"]);
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/ux-users/v1/customers/nobody/contact-methods",
            &t,
            None,
        )
        .await,
        404,
        "UXU_88888",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            &format!("{path}?userIdType=EMAIL"),
            &t,
            None,
        )
        .await,
        400,
        "UXU_10014",
    );

    let reset = format!("/v1/customers/{CUSTOMER}:reset-password");
    let (s, _) = call(
        &emu,
        Method::PUT,
        &reset,
        &t,
        Some(json!({"contactMethodId": "cm-1", "protocol": "SMS"})),
    )
    .await;
    assert_eq!(s, 204);
    assert_error(
        &call(
            &emu,
            Method::PUT,
            &reset,
            &t,
            Some(json!({"contactMethodId": "cm-9"})),
        )
        .await,
        400,
        "UXU_88889",
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            &reset,
            &t,
            Some(json!({"contactMethodId": "cm-3"})),
        )
        .await,
        400,
        "UXU_99999",
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            &reset,
            &t,
            Some(json!({"protocol": "SMS"})),
        )
        .await,
        400,
        "UXU_99999",
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            &reset,
            &t,
            Some(json!({"contactMethodId": "cm-1", "protocol": "FAX"})),
        )
        .await,
        400,
        "UXU_99999",
    );
    let (_, status) = call(
        &emu,
        Method::GET,
        "/v1/user-status/testUser?userIdType=LOGIN_ID",
        &t,
        None,
    )
    .await;
    assert_eq!(status["reset"], true);

    let info = "/v1/customers/testUser:contact-info";
    let (s, _) = call(&emu, Method::PUT, info, &t, Some(json!({"userIdType": "LOGIN_ID",
        "email": {"emailAddress": "pat.new@mail.example"},
        "phoneNumber": {"oldPhoneNumber": "5550104477", "newPhoneNumber": "5550109999", "newCountryCode": "1"},
        "postalAddress": {"city": "Eugene"}}))).await;
    assert_eq!(s, 204);
    let (_, body) = call(&emu, Method::GET, &path, &t, None).await;
    assert_eq!(body["contactMethods"][0]["contactInfo"], "5550109999");
    assert_eq!(
        body["contactMethods"][2]["contactInfo"],
        "pat.new@mail.example"
    );
    let (_, user) = call(
        &emu,
        Method::GET,
        &format!("/v1/institution-users/{INSTITUTION_USER}?$expand=postalAddresses"),
        &t,
        None,
    )
    .await;
    assert_eq!(user["postalAddresses"][0]["city"], "Eugene");
    assert_eq!(user["email"], "pat.new@mail.example");
    let stale = call(
        &emu,
        Method::PUT,
        info,
        &t,
        Some(json!({"phoneNumber": {"oldPhoneNumber": "1", "newPhoneNumber": "2"}})),
    )
    .await;
    assert_error(&stale, 400, "UXU_88891");
    assert_error(
        &call(&emu, Method::PUT, info, &t, Some(json!({}))).await,
        400,
        "UXU_99999",
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            info,
            &t,
            Some(json!({"userIdType": "EMAIL"})),
        )
        .await,
        400,
        "UXU_99999",
    );

    // The customer services' correlationId and the scopes.
    let no_trace = send(
        client()
            .put(format!("{}{reset}", emu.base_url()))
            .bearer_auth(&t)
            .json(&json!({"contactMethodId": "cm-1"})),
    )
    .await;
    assert_error(&no_trace, 400, "UXU_10006");
    let bad_trace = send(
        client()
            .put(format!("{}{reset}", emu.base_url()))
            .bearer_auth(&t)
            .header("correlationId", "x")
            .json(&json!({"contactMethodId": "cm-1"})),
    )
    .await;
    assert_error(&bad_trace, 400, "UXU_10007");
    let reader = token_with(&emu, &[("scopes", "institution-users:read")]).await;
    assert_error(
        &call(
            &emu,
            Method::PUT,
            &reset,
            &reader,
            Some(json!({"contactMethodId": "cm-1"})),
        )
        .await,
        403,
        "UXU_10002",
    );
    assert_error(
        &call(&emu, Method::GET, &path, "forged", None).await,
        401,
        "CMN_90001",
    );
    // A user's own token, for another user.
    let own = user_token(&emu, "gen-4").await;
    assert_error(
        &call(&emu, Method::GET, &path, &own, None).await,
        403,
        "UXU_10002",
    );
}

#[tokio::test]
async fn unlocking_a_locked_user() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, status) = call(
        &emu,
        Method::GET,
        "/v1/user-status/gen-14?userIdType=LOGIN_ID",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        (status["locked"].as_bool(), status["active"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(status["additionalInfo"]["failedLoginCount"], 5);
    let (s, _) = call(
        &emu,
        Method::PUT,
        "/v1/customers/gen-14:unlock-user",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (_, status) = call(
        &emu,
        Method::GET,
        "/v1/user-status/gen-14?userIdType=LOGIN_ID",
        &t,
        None,
    )
    .await;
    assert_eq!(
        (
            status["locked"].as_bool(),
            status["additionalInfo"]["failedLoginCount"].as_i64()
        ),
        (Some(false), Some(0))
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            "/v1/customers/nobody:unlock-user",
            &t,
            None,
        )
        .await,
        404,
        "UXU_88888",
    );
    // The same path template is matched under the gateway prefix too.
    let (s, _) = call(
        &emu,
        Method::PUT,
        "/digitalbanking/v1/customers/gen-14:unlock-user",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 204);
}

#[tokio::test]
async fn institution_users_by_every_id_type() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, user) = call(
        &emu,
        Method::GET,
        &format!("/v1/institution-users/{INSTITUTION_USER}"),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200, "{user}");
    assert_eq!(
        (
            user["userName"].as_str(),
            user["institutionUserType"].as_str()
        ),
        (Some("testUser"), Some("RETAIL"))
    );
    assert_eq!(user["institutionCustomers"].as_array().unwrap().len(), 2);
    assert_eq!(
        user["birthDate"], "1984-07-12",
        "a token with every scope reads personal data"
    );
    assert!(user.get("contactMethods").is_none());
    let guid = user["additionalInfo"]["entry"][1]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    for (id, kind) in [
        ("1234567890", "HOST_USER_ID"),
        ("testUser", "LOGIN_ID"),
        ("auth-testUser", "USER_ID"),
        (guid.as_str(), "LEGACY_USER_GUID"),
    ] {
        let (s, same) = call(
            &emu,
            Method::GET,
            &format!("/v1/institution-users/{id}?userIdType={kind}"),
            &t,
            None,
        )
        .await;
        assert_eq!(
            (s.as_u16(), &same["institutionUserId"]),
            (200, &user["institutionUserId"]),
            "{kind}"
        );
    }
    let (_, business) = call(
        &emu,
        Method::GET,
        "/v2/institution-users/gen-12?userIdType=LOGIN_ID&$expand=contactMethods,postalAddress,identificationDocuments",
        &t,
        None,
    )
    .await;
    assert_eq!(business["institutionUserType"], "BUSINESS");
    assert_eq!(
        business["institutionCustomers"].as_array().unwrap().len(),
        3
    );
    assert_eq!(
        business["identificationDocuments"][0]["identificationDocumentType"],
        "EIN"
    );
    assert_eq!(business["contactMethods"].as_array().unwrap().len(), 2);
    let by_id = business["institutionUserId"].as_str().unwrap();
    let (s, again) = call(
        &emu,
        Method::GET,
        &format!("/v1/institution-users/{by_id}"),
        &t,
        None,
    )
    .await;
    assert_eq!(
        (s.as_u16(), again["userName"].as_str()),
        (200, Some("gen-12"))
    );
    let (_, status) = call(
        &emu,
        Method::GET,
        &format!("/v1/user-status/{by_id}?userIdType=INSTITUTION_USER_ID"),
        &t,
        None,
    )
    .await;
    assert_eq!(status["institutionUserId"], by_id);

    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/institution-users/gen-12?userIdType=HOST_USER_ID",
            &t,
            None,
        )
        .await,
        404,
        "ISR_10001",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/institution-users/gen-12?userIdType=LOGIN_ID&$expand=subUsers",
            &t,
            None,
        )
        .await,
        400,
        "ISR_11008",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/institution-users/x?userIdType=EMAIL",
            &t,
            None,
        )
        .await,
        400,
        "ISR_11008",
    );
    assert_error(
        &call(&emu, Method::GET, "/v1/user-status/testUser", &t, None).await,
        400,
        "ISR_11008",
    );
    let narrow = token_with(&emu, &[("scopes", "institution-users:read")]).await;
    let (_, plain) = call(
        &emu,
        Method::GET,
        "/v1/institution-users/testUser?userIdType=LOGIN_ID",
        &narrow,
        None,
    )
    .await;
    assert!(
        plain.get("birthDate").is_none(),
        "no personal data without institution-users:read_pii"
    );
    let billpay = call(
        &emu,
        Method::GET,
        "/v1/institution-users/testUser?userIdType=LOGIN_ID&retrieveBillPayCredentials=true",
        &narrow,
        None,
    )
    .await;
    assert_error(&billpay, 403, "ISR_11003");
    // Identification documents: a V2 expansion, with the personal-data scope.
    let documents =
        "/v2/institution-users/testUser?userIdType=LOGIN_ID&$expand=identificationDocuments";
    assert_error(
        &call(&emu, Method::GET, documents, &narrow, None).await,
        403,
        "ISR_11003",
    );
    let (s, with_documents) = call(&emu, Method::GET, documents, &t, None).await;
    assert_eq!(s, 200, "{with_documents}");
    assert_eq!(
        with_documents["identificationDocuments"][0]["identificationDocumentType"],
        "SSN"
    );
    let (_, without) = call(
        &emu,
        Method::GET,
        "/v2/institution-users/testUser?userIdType=LOGIN_ID",
        &t,
        None,
    )
    .await;
    assert!(without.get("identificationDocuments").is_none());
    let (s, with_billpay) = call(
        &emu,
        Method::GET,
        "/v1/institution-users/testUser?userIdType=LOGIN_ID&retrieveBillPayCredentials=true",
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        with_billpay["additionalInfo"]["entry"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let no_trace = send(
        client()
            .get(format!(
                "{}/v1/institution-users/{INSTITUTION_USER}",
                emu.base_url()
            ))
            .bearer_auth(&t),
    )
    .await;
    assert_error(&no_trace, 400, "ISR_11005");
    let long_trace = send(
        client()
            .get(format!(
                "{}/v1/institution-users/{INSTITUTION_USER}",
                emu.base_url()
            ))
            .bearer_auth(&t)
            .header("transactionId", format!("{}-1", txid())),
    )
    .await;
    assert_error(&long_trace, 400, "ISR_11006");
    let no_token = send(
        client()
            .get(format!(
                "{}/v1/institution-users/{INSTITUTION_USER}",
                emu.base_url()
            ))
            .header("transactionId", txid()),
    )
    .await;
    assert_error(&no_token, 401, "ISR_11001");
    let accounts_only = token_with(&emu, &[("scopes", "accounts:read")]).await;
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/user-status/testUser?userIdType=LOGIN_ID",
            &accounts_only,
            None,
        )
        .await,
        403,
        "ISR_11003",
    );
}
