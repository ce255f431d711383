//! ACH and wire payments: 30-day windows, creation, one payment by id.

mod common;

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Every payment of a user in 30-day windows over the 400 days before today.
async fn all_in_windows(
    emu: &candescent_emulator::Emulator,
    t: &str,
    kind: &str,
    login: &str,
) -> Vec<Value> {
    let mut out = Vec::new();
    let mut from = today() - Duration::days(399);
    while from <= today() {
        let to = from + Duration::days(30);
        let path = format!(
            "/v1/{kind}?loginId={login}&fromDate={}&toDate={}",
            day(from),
            day(to)
        );
        let (s, body) = call(emu, Method::GET, &path, t, None).await;
        assert_eq!(s, 200, "{body}");
        for p in body["payments"].as_array().unwrap() {
            let d =
                NaiveDate::parse_from_str(p["deliveryDate"].as_str().unwrap(), "%Y-%m-%d").unwrap();
            assert!(d >= from && d <= to, "{d} outside {from}..{to}");
            out.push(p.clone());
        }
        from = to + Duration::days(1);
    }
    out
}

#[tokio::test]
async fn a_year_in_30_day_windows_meets_every_payment_once() {
    let emu = emu().await;
    let t = token(&emu).await;
    for (kind, count) in [("ach-payments", 40), ("wire-payments", 24)] {
        for login in ["testUser", "gen-12"] {
            let all = all_in_windows(&emu, &t, kind, login).await;
            let ids: HashSet<&str> = all.iter().map(|p| p["id"].as_str().unwrap()).collect();
            assert_eq!(all.len(), count, "{kind} of {login}");
            assert_eq!(ids.len(), count, "no payment twice");
        }
    }
    let ach = all_in_windows(&emu, &t, "ach-payments", "testUser").await;
    let totals: Vec<String> = ach.iter().map(|p| p["totalAmount"].to_string()).collect();
    assert!(
        totals.contains(&"12345678901234.56".to_owned()),
        "{totals:?}"
    );
    assert!(totals.contains(&"0.1".to_owned()));
    // The same data every run: the seed is deterministic.
    let again = all_in_windows(&emu, &t, "ach-payments", "testUser").await;
    assert_eq!(ach, again);
    // Filters.
    let from = day(today() - Duration::days(30));
    let path = format!(
        "/v1/ach-payments?loginId=testUser&fromDate={from}&toDate={}&paymentType=ACH_COLLECTION",
        day(today())
    );
    let (_, body) = call(&emu, Method::GET, &path, &t, None).await;
    assert!(body["payments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["paymentType"] == "ACH_COLLECTION"));
    let bad = call(
        &emu,
        Method::GET,
        &format!("{path},WIRE_DOMESTIC"),
        &t,
        None,
    )
    .await;
    assert_error(&bad, 400, "BBP-136");
    let path = format!(
        "/v1/wire-payments?loginId=testUser&fromDate={from}&toDate={}&paymentStatus=NOT_A_STATUS",
        day(today())
    );
    assert_error(
        &call(&emu, Method::GET, &path, &t, None).await,
        400,
        "BBP-137",
    );
}

#[tokio::test]
async fn the_30_day_rule_and_the_required_dates() {
    let emu = emu().await;
    let t = token(&emu).await;
    let list = |from: &str, to: &str| {
        format!("/v1/ach-payments?loginId=testUser&fromDate={from}&toDate={to}")
    };
    let (s, _) = call(
        &emu,
        Method::GET,
        &list("2026-03-01", "2026-03-31"),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200, "30 days apart is allowed");
    for path in [
        list("2026-03-01", "2026-04-01"),
        list("2026-04-01", "2026-03-01"),
        list("2026-04-01", "2026-04-31"),
        list("04/01/2026", "2026-04-30"),
        "/v1/ach-payments?loginId=testUser&fromDate=2026-04-01".to_owned(),
        "/v1/wire-payments?loginId=testUser&toDate=2026-04-01".to_owned(),
    ] {
        assert_error(
            &call(&emu, Method::GET, &path, &t, None).await,
            400,
            "BBP-133",
        );
    }
    // Who and how.
    assert_error(
        &call(
            &emu,
            Method::GET,
            &list("2026-04-01", "2026-04-30").replace("testUser", "nobody"),
            &t,
            None,
        )
        .await,
        400,
        "BBP-135",
    );
    let path = list("2026-04-01", "2026-04-30").replace("loginId=testUser&", "");
    assert_error(
        &call(&emu, Method::GET, &path, &t, None).await,
        400,
        "BBP-133",
    );
    let no_trace = send(
        client()
            .get(format!(
                "{}{}",
                emu.base_url(),
                list("2026-04-01", "2026-04-30")
            ))
            .bearer_auth(&t),
    )
    .await;
    assert_error(&no_trace, 400, "BBP-152");
    let not_uuid = send(
        client()
            .get(format!(
                "{}{}",
                emu.base_url(),
                list("2026-04-01", "2026-04-30")
            ))
            .bearer_auth(&t)
            .header("correlationId", "abc"),
    )
    .await;
    assert_error(&not_uuid, 400, "BBP-152");
    assert_error(
        &call(
            &emu,
            Method::GET,
            &list("2026-04-01", "2026-04-30"),
            "forged",
            None,
        )
        .await,
        401,
        "BBP-131",
    );
    let wires_only = token_with(&emu, &[("scopes", "wire-payments:read")]).await;
    assert_error(
        &call(
            &emu,
            Method::GET,
            &list("2026-04-01", "2026-04-30"),
            &wires_only,
            None,
        )
        .await,
        403,
        "CMN_90006",
    );
    // A user's own token names the user; loginId is then optional.
    let own = user_token(&emu, "gen-2").await;
    let (s, _) = call(
        &emu,
        Method::GET,
        &list("2026-04-01", "2026-04-30").replace("loginId=testUser&", ""),
        &own,
        None,
    )
    .await;
    assert_eq!(s, 200);
}

fn ach_body() -> Value {
    json!({
        "paymentName": "April payroll",
        "paymentDescription": "PAYROLL",
        "paymentType": "ACH_PAYMENT",
        "transactionType": "DEBIT",
        "tinNumber": "900112233",
        "accountNumber": "4410020101",
        "deliveryDate": "2026-05-04",
        "achCompanyId": "1900112233",
        "achSecCode": "PAYROLL_PPD",
        "achTransactions": [
            {"amount": 12345678901234.56, "currencyCode": "USD", "contactAccountType": "PERSONAL_CHECKING",
             "contactBankAchRoutingNumber": "011000015", "contactAccountNumber": "123456", "contactName": "Ann"},
            {"amount": 0.1, "currencyCode": "USD", "contactAccountType": "PERSONAL_SAVINGS",
             "contactBankAchRoutingNumber": "011000015", "contactAccountNumber": "654321", "contactName": "Ben"}
        ]
    })
}

#[tokio::test]
async fn an_ach_payment_is_created_read_and_listed() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, created) = call(
        &emu,
        Method::POST,
        "/v1/ach-payments?loginId=testUser",
        &t,
        Some(ach_body()),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["totalAmount"].to_string(), "12345678901234.66");
    assert_eq!(created["numberOfPayments"], 2);
    assert_eq!(created["status"], "PENDING_COMPANY_APPROVAL");
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["achTransactions"][1]["paymentId"], id);
    let (s, got) = call(
        &emu,
        Method::GET,
        &format!("/v1/ach-payments/{id}?loginId=testUser"),
        &t,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(got, created);
    let (_, listed) = call(
        &emu,
        Method::GET,
        "/v1/ach-payments?loginId=testUser&fromDate=2026-05-01&toDate=2026-05-31",
        &t,
        None,
    )
    .await;
    assert_eq!(listed["payments"][0]["id"], id);
    assert_error(
        &call(
            &emu,
            Method::GET,
            "/v1/ach-payments/nope?loginId=testUser",
            &t,
            None,
        )
        .await,
        404,
        "BBP-134",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            &format!("/v1/wire-payments/{id}?loginId=testUser"),
            &t,
            None,
        )
        .await,
        404,
        "BBP-134",
    );
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|b| {
                b.as_object_mut().unwrap().remove("achSecCode");
            }),
            "BBP-133",
        ),
        (Box::new(|b| b["achSecCode"] = json!("WEB")), "BBP-133"),
        (
            Box::new(|b| b["paymentType"] = json!("WIRE_DOMESTIC")),
            "BBP-136",
        ),
        (
            Box::new(|b| b["transactionType"] = json!("CREDIT")),
            "BBP-143",
        ),
        (
            Box::new(|b| b["deliveryDate"] = json!("2026-04-01")),
            "BBP-151",
        ),
        (Box::new(|b| b["accountNumber"] = json!("0101")), "BBP-148"),
        (
            Box::new(|b| b["achTransactions"][0]["amount"] = json!(1.005)),
            "BBP-140",
        ),
        (
            Box::new(|b| b["achTransactions"][0]["currencyCode"] = json!("EUR")),
            "BBP-142",
        ),
        (
            Box::new(|b| b["achTransactions"][0]["contactBankAchRoutingNumber"] = json!("123")),
            "BBP-145",
        ),
        (
            Box::new(|b| {
                b["paymentType"] = json!("ACH_COLLECTION");
                b["transactionType"] = json!("CREDIT");
            }),
            "BBP-129",
        ),
    ];
    for (change, code) in cases {
        let mut body = ach_body();
        change(&mut body);
        let refused = call(
            &emu,
            Method::POST,
            "/v1/ach-payments?loginId=testUser",
            &t,
            Some(body),
        )
        .await;
        assert_error(&refused, 400, code);
    }
    let read_only = token_with(&emu, &[("scopes", "ach-payments:read")]).await;
    let refused = call(
        &emu,
        Method::POST,
        "/v1/ach-payments?loginId=testUser",
        &read_only,
        Some(ach_body()),
    )
    .await;
    assert_error(&refused, 403, "CMN_90006");
}

#[tokio::test]
async fn wires_domestic_and_international() {
    let emu = emu().await;
    let t = token(&emu).await;
    let address = json!({"address1": "1 Main St", "city": "Austin", "state": "TX", "zipCode": "78701", "country": "United States"});
    let domestic = json!({
        "paymentType": "WIRE_DOMESTIC", "transactionType": "DEBIT", "tinNumber": "900112233",
        "accountNumber": "4410020101", "deliveryDate": "2026-05-01",
        "wireTransaction": {"amount": 2500.5, "currencyCode": "USD",
            "beneficiaryDetails": {"beneficiaryName": "Acme", "address": address, "beneficiaryAccountNumber": "99"},
            "beneficiaryBankDetails": {"beneficiaryBankRoutingNumber": "021000021"}}
    });
    let (s, created) = call(
        &emu,
        Method::POST,
        "/v1/wire-payments?loginId=testUser",
        &t,
        Some(domestic.clone()),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["totalAmount"].to_string(), "2500.5");
    let id = created["id"].as_str().unwrap();
    let (s, got) = call(
        &emu,
        Method::GET,
        &format!("/v1/wire-payments/{id}?loginId=testUser"),
        &t,
        None,
    )
    .await;
    assert_eq!((s.as_u16(), &got), (200, &created));
    let mut international = domestic.clone();
    international["paymentType"] = json!("WIRE_INTERNATIONAL");
    international["wireTransaction"]["beneficiaryBankDetails"] = json!({
        "beneficiaryBankName": "Bank", "beneficiaryBankSwiftNumber": "BANKGB2L",
        "address": {"address1": "1 High St", "city": "London", "country": "United Kingdom"}});
    international["wireTransaction"]["sendInForeignCurrency"] = json!(false);
    international["wireTransaction"]["transactInForeignCurrency"] = json!(false);
    let (s, created) = call(
        &emu,
        Method::POST,
        "/v1/wire-payments?loginId=testUser",
        &t,
        Some(international),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let mut bad = domestic;
    bad["wireTransaction"]["beneficiaryDetails"]["address"]["country"] = json!("Atlantis");
    let refused = call(
        &emu,
        Method::POST,
        "/v1/wire-payments?loginId=testUser",
        &t,
        Some(bad),
    )
    .await;
    assert_error(&refused, 400, "BBP-133");
}
