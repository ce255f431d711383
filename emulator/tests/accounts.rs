//! `GET …/accounts` and `GET …/accounts/{id}`.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

const LIST_PATHS: [&str; 5] = [
    "/v1/accounts",
    "/digitalbanking/db-accounts/v1/accounts",
    "/digitalbanking/stage/db-accounts/v1/accounts",
    "/digitalbanking/accounts/v1/accounts",
    "/digitalbanking/stage/accounts/v1/accounts",
];

fn list(query: &str) -> String {
    format!("/v1/accounts?hostUserId={USER}{query}")
}

#[tokio::test]
async fn lists_the_example_users_accounts_on_every_layout() {
    let emu = emu().await;
    let t = token(&emu).await;
    for path in LIST_PATHS {
        let (status, body) = get(&emu, &format!("{path}?hostUserId={USER}"), &t).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let ids = ids(&body, "accounts");
        assert_eq!(ids.len(), 6, "{path}");
        assert_eq!(ids[0], "FJLqiQAy1lvswlZXcu9rA0mD8ohakVblGGbi-f-r29A");
        assert!(ids.contains(&GET_ACCOUNT_ID.to_owned()));
        assert!(body.get("totalGroupCount").is_none());
    }
    let (_, by_login) = get(&emu, "/v1/accounts?loginId=testUser", &t).await;
    assert_eq!(ids(&by_login, "accounts").len(), 6);
}

#[tokio::test]
async fn money_numbers_and_unknown_values_keep_their_text() {
    let emu = emu().await;
    let t = token(&emu).await;
    let text = data(&emu, &list(""), &t)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "501306.06",
        "\"amount\":443572",
        "\"amount\":0.1",
        "12345678901234.56",
        "\"amount\":-220",
        "\"category\":\"CROSS_USER_ACCOUNT\"",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    for needle in ["hostAccountNumber", "ownershipType", "FUTURE_CATEGORY"] {
        assert!(!text.contains(needle), "the default user sends {needle}");
    }
}

#[tokio::test]
async fn the_future_values_user_sends_what_the_spec_does_not_list() {
    let emu = emu().await;
    let t = token(&emu).await;
    let text = data(&emu, "/v1/accounts?hostUserId=future-values", &t)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "\"hostAccountNumber\":\"00099887766\"",
        "\"ownershipType\":\"JOINT\"",
        "\"category\":\"FUTURE_CATEGORY\"",
        "\"termType\":\"FUTURE_TERM_UNIT\"",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    let (_, by_login) = get(&emu, "/v1/accounts?loginId=future-values", &t).await;
    let id = by_login["accounts"][0]["id"].as_str().unwrap().to_owned();
    let (s, txns) = get(
        &emu,
        &format!("/v1/transactions?loginId=future-values&accountId={id}"),
        &t,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(txns["transactions"][0]["type"], "FUTURE_TRANSACTION_TYPE");
    assert_eq!(txns["transactions"][0]["hostCategory"], "INSTANT");
}

#[tokio::test]
async fn account_numbers_are_masked_without_read_unmasked() {
    let emu = emu().await;
    let full = token(&emu).await;
    let masked = token_with(&emu, &[("scopes", "accounts:read,transactions:read")]).await;
    let (_, body) = get(&emu, &list(""), &full).await;
    assert_eq!(body["accounts"][0]["accountNumber"], "4410020101");
    let (_, body) = get(&emu, &list(""), &masked).await;
    assert_eq!(body["accounts"][0]["accountNumber"], "0101");
    assert_eq!(body["accounts"][1]["accountNumber"], "0110");
}

#[tokio::test]
async fn transaction_id_is_checked_first() {
    let emu = emu().await;
    let t = token(&emu).await;
    let url = format!("{}{}", emu.base_url(), list(""));
    let r = send(client().get(&url).bearer_auth(&t)).await;
    assert_error(&r, 400, "ACC_99998");
    let r = send(
        client()
            .get(&url)
            .bearer_auth(&t)
            .header("transactionId", "abc"),
    )
    .await;
    assert_error(&r, 400, "ACC_99998");
    // Before authentication: no token and no transactionId is still ACC_99998.
    assert_error(&send(client().get(&url)).await, 400, "ACC_99998");
}

#[tokio::test]
async fn bearer_token_must_be_issued_here_and_live() {
    let emu = emu().await;
    let url = format!("{}{}", emu.base_url(), list(""));
    let r = send(client().get(&url).header("transactionId", txid())).await;
    assert_error(&r, 401, "ACC_00601");
    assert_error(&get(&emu, &list(""), "made-up").await, 401, "ACC_00601");
    let basic = client()
        .get(&url)
        .header("transactionId", txid())
        .basic_auth("candescent-emulator", Some("emulator-secret"));
    assert_error(&send(basic).await, 401, "ACC_00601");
    let t = token(&emu).await;
    emu.expire_tokens();
    assert_error(&get(&emu, &list(""), &t).await, 401, "ACC_00601");
    let fresh = token(&emu).await;
    assert_eq!(get(&emu, &list(""), &fresh).await.0, StatusCode::OK);
}

#[tokio::test]
async fn scope_accounts_read_is_required() {
    let emu = emu().await;
    let t = token_with(&emu, &[("scopes", "transactions:read")]).await;
    assert_error(&get(&emu, &list(""), &t).await, 403, "ACC_00602");
    assert_error(
        &get(
            &emu,
            &format!("/v1/accounts/{GET_ACCOUNT_ID}?hostUserId={USER}"),
            &t,
        )
        .await,
        403,
        "ACC_00602",
    );
}

#[tokio::test]
async fn institution_id_on_data_calls_is_optional_but_must_match() {
    let emu = emu().await;
    let t = token(&emu).await;
    assert_eq!(
        send(data(&emu, &list(""), &t).header("institutionId", "00016"))
            .await
            .0,
        StatusCode::OK
    );
    assert_error(
        &send(data(&emu, &list(""), &t).header("institutionId", "00017")).await,
        403,
        "ACC_00602",
    );
}

#[tokio::test]
async fn accept_must_allow_json() {
    let emu = emu().await;
    let t = token(&emu).await;
    let url = format!("{}{}", emu.base_url(), list(""));
    let with_accept = |a: &str| {
        client()
            .get(&url)
            .bearer_auth(&t)
            .header("transactionId", txid())
            .header("Accept", a)
    };
    for ok in [
        "application/json",
        "application/*",
        "*/*",
        "text/html, application/json;q=0.9",
        "application/json; charset=utf-8",
    ] {
        assert_eq!(send(with_accept(ok)).await.0, StatusCode::OK, "{ok}");
    }
    for bad in ["text/html", "application/xml", "application/json;q=0"] {
        assert_error(&send(with_accept(bad)).await, 415, "ACC_99988");
    }
    // No Accept at all is fine.
    assert_eq!(
        send(
            client()
                .get(&url)
                .bearer_auth(&t)
                .header("transactionId", txid())
        )
        .await
        .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn exactly_one_of_host_user_id_and_login_id() {
    let emu = emu().await;
    let t = token(&emu).await;
    assert_error(&get(&emu, "/v1/accounts", &t).await, 400, "ACC_00011");
    assert_error(
        &get(&emu, "/v1/accounts?hostUserId=", &t).await,
        400,
        "ACC_00011",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/accounts?hostUserId={USER}&loginId=testUser"),
            &t,
        )
        .await,
        400,
        "ACC_00011",
    );
}

#[tokio::test]
async fn unknown_users_are_acc_00101() {
    let emu = emu().await;
    let t = token(&emu).await;
    for user in [
        "hostUserId=nobody",
        "loginId=nobody",
        "hostUserId=gen-0",
        "hostUserId=gen-100001",
        "hostUserId=gen-01",
    ] {
        assert_error(
            &get(&emu, &format!("/v1/accounts?{user}"), &t).await,
            404,
            "ACC_00101",
        );
    }
}

#[tokio::test]
async fn checks_run_in_the_documented_order() {
    let emu = emu().await;
    let t = token(&emu).await;
    let narrow = token_with(&emu, &[("scopes", "transactions:read")]).await;
    let url = |q: &str| format!("{}/v1/accounts{q}", emu.base_url());
    // auth before scope/Accept/params
    let r = send(
        client()
            .get(url(""))
            .header("transactionId", txid())
            .header("Accept", "text/html"),
    )
    .await;
    assert_error(&r, 401, "ACC_00601");
    // scope before Accept
    let r = send(
        client()
            .get(url(""))
            .bearer_auth(&narrow)
            .header("transactionId", txid())
            .header("Accept", "text/html"),
    )
    .await;
    assert_error(&r, 403, "ACC_00602");
    // Accept before params
    let r = send(
        client()
            .get(url(""))
            .bearer_auth(&t)
            .header("transactionId", txid())
            .header("Accept", "text/html"),
    )
    .await;
    assert_error(&r, 415, "ACC_99988");
    // params before user
    assert_error(
        &get(&emu, "/v1/accounts?hostUserId=nobody&viewName=x", &t).await,
        400,
        "ACC_00011",
    );
    assert_error(
        &get(&emu, "/v1/accounts?hostUserId=nobody&$filter=bad", &t).await,
        400,
        "ACC_00005",
    );
}

async fn filtered(
    emu: &candescent_emulator::Emulator,
    t: &str,
    filter: &str,
) -> (StatusCode, Value) {
    let req = data(emu, "/v1/accounts", t).query(&[("hostUserId", USER), ("$filter", filter)]);
    send(req).await
}

#[tokio::test]
async fn filter_selects_accounts() {
    let emu = emu().await;
    let t = token(&emu).await;
    let count = |b: &Value| b["accounts"].as_array().unwrap().len();
    let (s, b) = filtered(&emu, &t, "category eq 'LOAN'").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        ids(&b, "accounts"),
        vec!["waIhcoBqn0X8Fy-gpM72V7-2eYmJP9aQ1hjXcxlRpvU"]
    );
    let (_, b) = filtered(&emu, &t, "contains(tolower(name),'checking')").await;
    assert_eq!(count(&b), 3);
    let (_, b) = filtered(
        &emu,
        &t,
        "type eq 'CHECKING' and not (nickName eq 'Everyday Checking')",
    )
    .await;
    assert_eq!(count(&b), 2);
    let (_, b) = filtered(
        &emu,
        &t,
        "category eq 'LOAN' or category eq 'CROSS_USER_ACCOUNT'",
    )
    .await;
    assert_eq!(count(&b), 2);
    let (_, b) = get(
        &emu,
        "/v1/accounts?hostUserId=future-values&$filter=contains(name,'O''Brien')",
        &t,
    )
    .await;
    assert_eq!(b["accounts"][0]["category"], "FUTURE_CATEGORY");
    let (_, b) = filtered(&emu, &t, "toupper(nickName) eq 'SIMULATOR CREDIT CARD'").await;
    assert_eq!(count(&b), 1);
    let (_, b) = filtered(&emu, &t, "accountNumber eq '4410020101'").await;
    assert_eq!(count(&b), 1);
    let (_, b) = filtered(&emu, &t, &format!("id eq '{GET_ACCOUNT_ID}'")).await;
    assert_eq!(ids(&b, "accounts"), vec![GET_ACCOUNT_ID]);
    // Masked tokens filter on what they can see.
    let masked = token_with(&emu, &[("scopes", "accounts:read")]).await;
    let (_, b) = filtered(&emu, &masked, "accountNumber eq '0101'").await;
    assert_eq!(count(&b), 1);
}

#[tokio::test]
async fn bad_filters_are_acc_00005() {
    let emu = emu().await;
    let t = token(&emu).await;
    for bad in [
        "",
        "category eq",
        "category = 'LOAN'",
        "balance gt 5",
        "name eq 'x",
        "contains(name)",
        "(category eq 'LOAN'",
    ] {
        assert_error(&filtered(&emu, &t, bad).await, 400, "ACC_00005");
    }
}

#[tokio::test]
async fn view_name_projects_fields() {
    let emu = emu().await;
    let t = token(&emu).await;
    // The spec's default small view, and the medium view (all but micrNumber).
    let small = [
        "id",
        "institutionUserId",
        "institutionCustomerId",
        "institutionId",
        "description",
        "accountNumber",
        "type",
        "category",
        "currentBalance",
        "availableBalance",
        "lastStatementBalance",
        "status",
        "allowedActions",
        "routingNumber",
        "maturityDate",
        "nextPaymentAmount",
        "nextPaymentDate",
        "payOffAmount",
        "calculatedPayOffAmount",
        "tpvReference",
    ];
    let (_, full) = get(&emu, &list(""), &t).await;
    let (_, s) = get(&emu, &list("&viewName=s"), &t).await;
    let (_, m) = get(&emu, &list("&viewName=m"), &t).await;
    for (i, whole) in full["accounts"].as_array().unwrap().iter().enumerate() {
        let whole = whole.as_object().unwrap();
        let s = s["accounts"][i].as_object().unwrap();
        let m = m["accounts"][i].as_object().unwrap();
        for (k, v) in whole {
            assert_eq!(s.get(k).is_some(), small.contains(&k.as_str()), "s and {k}");
            // The IRA's prior-year contribution is in the institution's external view, not
            // in the medium view's lists.
            let medium = k != "micrNumber" && k != "lastYearEligibleContribution";
            assert_eq!(m.get(k).is_some(), medium, "m and {k}");
            if let Some(projected) = s.get(k) {
                assert_eq!(projected, v);
            }
        }
    }
    assert!(full["accounts"][0].get("micrNumber").is_some());
    assert!(m["accounts"][0].get("interestYearToDate").is_some());
    assert!(s["accounts"][0].get("nickName").is_none());
    for bad in [
        "&viewName=l",
        "&viewName=",
        "&viewName=small",
        "&viewName=S",
        "&viewName=M",
    ] {
        assert_error(&get(&emu, &list(bad), &t).await, 400, "ACC_00011");
    }
}

#[tokio::test]
async fn cross_account_false_drops_cross_user_accounts() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, all) = get(&emu, &list("&crossAccount=true"), &t).await;
    assert!(ids(&all, "accounts").contains(&CROSS_ACCOUNT_ID.to_owned()));
    let (_, own) = get(&emu, &list("&crossAccount=false"), &t).await;
    assert_eq!(ids(&own, "accounts").len(), 5);
    assert!(!ids(&own, "accounts").contains(&CROSS_ACCOUNT_ID.to_owned()));
    assert_error(
        &get(&emu, &list("&crossAccount=maybe"), &t).await,
        400,
        "ACC_00011",
    );
}

#[tokio::test]
async fn additional_fields_adds_additional_info() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, plain) = get(&emu, &list(""), &t).await;
    assert!(plain["accounts"][0].get("additionalInfo").is_none());
    let (_, extra) = get(&emu, &list("&additionalFields=true"), &t).await;
    assert!(extra["accounts"][0]["additionalInfo"]["entry"].is_array());
    assert_error(
        &get(&emu, &list("&additionalFields=1"), &t).await,
        400,
        "ACC_00011",
    );
}

#[tokio::test]
async fn business_banking_groups_by_customer() {
    let emu = emu().await;
    let t = token(&emu).await;
    let group = |skip: u32| {
        list(&format!(
            "&$apply=groupBy(customer)&$topGroups=1&$skipGroups={skip}"
        ))
    };
    let (s, g0) = get(&emu, &group(0), &t).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(g0["totalGroupCount"], 3);
    assert_eq!(ids(&g0, "accounts").len(), 3);
    let (_, g1) = get(&emu, &group(1), &t).await;
    assert_eq!(ids(&g1, "accounts"), vec![TXN_ACCOUNT, IRA_ACCOUNT_ID]);
    let (_, g2) = get(&emu, &group(2), &t).await;
    assert_eq!(ids(&g2, "accounts"), vec![CROSS_ACCOUNT_ID]);
    let (_, g9) = get(&emu, &group(9), &t).await;
    assert_eq!(g9["accounts"].as_array().unwrap().len(), 0);
    assert_eq!(g9["totalGroupCount"], 3);
    for bad in [
        "&$apply=groupBy(customer)&$topGroups=2",
        "&$apply=groupBy(location)",
        "&$topGroups=1",
        "&$apply=groupBy(customer)",
        "&$apply=groupBy(customer)&$topGroups=1",
        "&$apply=groupBy(customer)&$skipGroups=1",
        "&$topGroups=1&$skipGroups=1",
        "&$apply=groupBy(customer)&$topGroups=1&$skipGroups=-1",
        "&$apply=groupBy(customer)&institutionCustomerId=8fe733f4e27246908f92e8f7c0b96847",
    ] {
        assert_error(&get(&emu, &list(bad), &t).await, 400, "ACC_00011");
    }
}

#[tokio::test]
async fn institution_customer_id_selects_one_customer() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, b) = get(
        &emu,
        &list("&institutionCustomerId=8fe733f4e27246908f92e8f7c0b96847"),
        &t,
    )
    .await;
    assert_eq!(ids(&b, "accounts"), vec![TXN_ACCOUNT, IRA_ACCOUNT_ID]);
    assert!(b.get("totalGroupCount").is_none());
}

#[tokio::test]
async fn one_account_is_returned_bare_on_every_layout() {
    let emu = emu().await;
    let t = token(&emu).await;
    let mut fixture: Value =
        serde_json::from_str(include_str!("../fixtures/get-account.json")).unwrap();
    // The fixture is the spec's example from another institution; the emulator's is 00016.
    fixture["institutionId"] = "00016".into();
    for path in LIST_PATHS {
        let (status, body) = get(
            &emu,
            &format!("{path}/{GET_ACCOUNT_ID}?hostUserId={USER}"),
            &t,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let mut expected = fixture.clone();
        expected["accountNumber"] = "4410030099".into();
        assert_eq!(body, expected);
    }
    let masked = token_with(&emu, &[("scopes", "accounts:read")]).await;
    let (_, body) = get(
        &emu,
        &format!("/v1/accounts/{GET_ACCOUNT_ID}?loginId=testUser"),
        &masked,
    )
    .await;
    assert_eq!(body, fixture, "masked answer equals the fixture exactly");
}

#[tokio::test]
async fn one_account_follows_the_same_rules() {
    let emu = emu().await;
    let t = token(&emu).await;
    let one = |q: &str| format!("/v1/accounts/{GET_ACCOUNT_ID}{q}");
    assert_error(&get(&emu, &one(""), &t).await, 400, "ACC_00011");
    assert_error(
        &get(&emu, &one("?hostUserId=nobody"), &t).await,
        404,
        "ACC_00101",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/accounts/not-an-account?hostUserId={USER}"),
            &t,
        )
        .await,
        404,
        "ACC_00012",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/accounts/{GET_ACCOUNT_ID}?hostUserId=gen-5"),
            &t,
        )
        .await,
        404,
        "ACC_00012",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/accounts/{CROSS_ACCOUNT_ID}?hostUserId={USER}&crossAccount=false"),
            &t,
        )
        .await,
        404,
        "ACC_00012",
    );
    let (_, s) = get(&emu, &one(&format!("?hostUserId={USER}&viewName=s")), &t).await;
    assert!(s.get("status").is_some() && s.get("nickName").is_none());
    let (_, extra) = get(
        &emu,
        &one(&format!("?hostUserId={USER}&additionalFields=true")),
        &t,
    )
    .await;
    assert!(extra.get("additionalInfo").is_some());
    let url = format!("{}{}", emu.base_url(), one(&format!("?hostUserId={USER}")));
    assert_error(
        &send(client().get(&url).bearer_auth(&t)).await,
        400,
        "ACC_99998",
    );
    assert_error(
        &send(client().get(&url).header("transactionId", txid())).await,
        401,
        "ACC_00601",
    );
    let long_id = format!("{}-0", txid());
    assert_error(
        &send(
            client()
                .get(&url)
                .bearer_auth(&t)
                .header("transactionId", long_id),
        )
        .await,
        400,
        "ACC_99997",
    );
    assert_error(
        &send(data(
            &emu,
            &format!("{}&nickName=%07", one(&format!("?hostUserId={USER}"))),
            &t,
        ))
        .await,
        400,
        "ACC_99995",
    );
}

#[tokio::test]
async fn generated_users_own_n_deterministic_accounts() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, a) = get(&emu, "/v1/accounts?hostUserId=gen-25", &t).await;
    assert_eq!(s, StatusCode::OK);
    let list = a["accounts"].as_array().unwrap();
    assert_eq!(list.len(), 25);
    let (_, again) = get(&emu, "/v1/accounts?hostUserId=gen-25", &t).await;
    assert_eq!(a, again);
    let other = emu_with(Default::default()).await;
    let t2 = token(&other).await;
    let (_, elsewhere) = get(&other, "/v1/accounts?hostUserId=gen-25", &t2).await;
    assert_eq!(a, elsewhere, "same data on every instance");
    let id = list[3]["id"].as_str().unwrap();
    let (s, one) = get(&emu, &format!("/v1/accounts/{id}?hostUserId=gen-25"), &t).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(one, list[3]);
    let amount = list[0]["currentBalance"]["amount"].to_string();
    assert!(amount.contains('.'), "{amount}");
    let (_, grouped) = get(
        &emu,
        "/v1/accounts?hostUserId=gen-25&$apply=groupBy(customer)&$topGroups=1&$skipGroups=0",
        &t,
    )
    .await;
    assert_eq!(grouped["totalGroupCount"], 5);
    let (_, own) = get(
        &emu,
        "/v1/accounts?hostUserId=gen-25&crossAccount=false",
        &t,
    )
    .await;
    assert_eq!(own["accounts"].as_array().unwrap().len(), 24);
}

#[tokio::test]
async fn big_generated_users_are_fast_after_the_first_call() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, a) = get(&emu, "/v1/accounts?hostUserId=gen-10000", &t).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(a["accounts"].as_array().unwrap().len(), 10_000);
    let started = std::time::Instant::now();
    for _ in 0..3 {
        let res = data(&emu, "/v1/accounts?hostUserId=gen-10000", &t)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.bytes().await.unwrap();
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
