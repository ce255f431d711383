//! `GET …/transactions`.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

const PATHS: [&str; 3] = [
    "/v1/transactions",
    "/digitalbanking/db-transactions/v1/transactions",
    "/digitalbanking/stage/db-transactions/v1/transactions",
];

fn txns(query: &str) -> String {
    format!("/v1/transactions?hostUserId={USER}&accountId={TXN_ACCOUNT}{query}")
}

fn dates(body: &Value) -> Vec<String> {
    body["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["transactionDate"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn lists_the_fixture_transactions_newest_first_on_every_layout() {
    let emu = emu().await;
    let t = token(&emu).await;
    let fixture: Value =
        serde_json::from_str(include_str!("../fixtures/list-transactions.json")).unwrap();
    for path in PATHS {
        let (s, body) = get(
            &emu,
            &format!("{path}?hostUserId={USER}&accountId={TXN_ACCOUNT}"),
            &t,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{path}");
        let list = body["transactions"].as_array().unwrap();
        // The fixture's two, the interest and the café ones, a check and a deposit with images,
        // and 30 generated ones.
        assert_eq!(list.len(), 36);
        assert_eq!(list[0], fixture["transactions"][0]);
        assert!(list.contains(&fixture["transactions"][1]));
        let d = dates(&body);
        let mut sorted = d.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(d, sorted);
    }
}

#[tokio::test]
async fn amounts_keep_their_text() {
    let emu = emu().await;
    let t = token(&emu).await;
    let text = data(&emu, &txns(""), &t)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("\"amount\":6011,") || text.contains("\"amount\":6011}"));
    assert!(text.contains("\"amount\":0.1"));
}

#[tokio::test]
async fn account_id_is_required_and_must_be_the_users() {
    let emu = emu().await;
    let t = token(&emu).await;
    assert_error(
        &get(&emu, &format!("/v1/transactions?hostUserId={USER}"), &t).await,
        400,
        "TXN_10007",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/transactions?hostUserId={USER}&accountId=nope"),
            &t,
        )
        .await,
        400,
        "TXN_10007",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/transactions?hostUserId=gen-3&accountId={TXN_ACCOUNT}"),
            &t,
        )
        .await,
        400,
        "TXN_10007",
    );
}

#[tokio::test]
async fn header_auth_and_scope_rules() {
    let emu = emu().await;
    let t = token(&emu).await;
    let url = format!("{}{}", emu.base_url(), txns(""));
    assert_error(
        &send(client().get(&url).bearer_auth(&t)).await,
        400,
        "TXN_10002",
    );
    assert_error(
        &send(
            client()
                .get(&url)
                .bearer_auth(&t)
                .header("transactionId", format!("{}-1", txid())),
        )
        .await,
        400,
        "TXN_10004",
    );
    assert_error(
        &send(client().get(&url).header("transactionId", txid())).await,
        401,
        "TXN_11001",
    );
    assert_error(
        &send(
            client()
                .get(&url)
                .header("transactionId", txid())
                .header("Authorization", "Basic eA=="),
        )
        .await,
        401,
        "TXN_11002",
    );
    assert_error(
        &send(data(&emu, &format!("{}&x=%01", txns("")), &t)).await,
        400,
        "TXN_10003",
    );
    assert_error(&get(&emu, &txns(""), "bogus").await, 401, "TXN_11002");
    let narrow = token_with(&emu, &[("scopes", "accounts:read")]).await;
    assert_error(&get(&emu, &txns(""), &narrow).await, 403, "TXN_11003");
    assert_error(
        &send(data(&emu, &txns(""), &t).header("institutionId", "1")).await,
        403,
        "TXN_11003",
    );
    let html = client()
        .get(&url)
        .bearer_auth(&t)
        .header("transactionId", txid())
        .header("Accept", "application/xml");
    assert_error(&send(html).await, 415, "TXN_99988");
}

#[tokio::test]
async fn user_rules() {
    let emu = emu().await;
    let t = token(&emu).await;
    assert_error(
        &get(
            &emu,
            &format!("/v1/transactions?accountId={TXN_ACCOUNT}"),
            &t,
        )
        .await,
        400,
        "TXN_10005",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/transactions?accountId={TXN_ACCOUNT}&hostUserId={USER}&loginId=testUser"),
            &t,
        )
        .await,
        400,
        "TXN_10005",
    );
    assert_error(
        &get(
            &emu,
            &format!("/v1/transactions?accountId={TXN_ACCOUNT}&hostUserId=nobody"),
            &t,
        )
        .await,
        404,
        "TXN_90000",
    );
    let (s, _) = get(
        &emu,
        &format!("/v1/transactions?accountId={TXN_ACCOUNT}&loginId=testUser"),
        &t,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn date_range_is_inclusive_and_validated() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, b) = get(&emu, &txns("&startDate=2026-04-06&endDate=2026-04-26"), &t).await;
    assert_eq!(
        dates(&b),
        vec![
            "2026-04-26",
            "2026-04-22",
            "2026-04-20",
            "2026-04-15",
            "2026-04-06"
        ]
    );
    let (_, b) = get(&emu, &txns("&startDate=2026-04-26&endDate=2026-04-26"), &t).await;
    assert_eq!(dates(&b), vec!["2026-04-26"]);
    for bad in [
        "&startDate=2026-13-01",
        "&endDate=26-04-01",
        "&startDate=2026-4-1",
        "&startDate=yesterday",
        "&startDate=2026-04-27&endDate=2026-04-26",
    ] {
        assert_error(&get(&emu, &txns(bad), &t).await, 400, "TXN_10001");
    }
}

#[tokio::test]
async fn skip_and_top_page_stably() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, all) = get(&emu, &txns(""), &t).await;
    let all = ids(&all, "transactions");
    let mut paged = Vec::new();
    for page in 0.. {
        let (_, b) = get(&emu, &txns(&format!("&$skip={}&$top=10", page * 10)), &t).await;
        let got = ids(&b, "transactions");
        if got.is_empty() {
            break;
        }
        paged.extend(got);
    }
    assert_eq!(paged, all);
    for bad in ["&$top=-1", "&$skip=x", "&$top=1.5"] {
        assert_error(&get(&emu, &txns(bad), &t).await, 400, "TXN_10005");
    }
}

#[tokio::test]
async fn filter_on_id_and_description() {
    let emu = emu().await;
    let t = token(&emu).await;
    let q = |f: &str| {
        data(&emu, "/v1/transactions", &t).query(&[
            ("hostUserId", USER),
            ("accountId", TXN_ACCOUNT),
            ("$filter", f),
        ])
    };
    let (_, b) = send(q("contains(description,'Café')")).await;
    assert_eq!(ids(&b, "transactions").len(), 1);
    let (_, b) = send(q("id eq 'n9P-j1NKtrX0nh5rQWHKlaYSWbaHm7r6jmXWzAlSHc4'")).await;
    assert_eq!(
        ids(&b, "transactions"),
        vec!["n9P-j1NKtrX0nh5rQWHKlaYSWbaHm7r6jmXWzAlSHc4"]
    );
    let (_, b) = send(q("contains(tolower(description),'automatic debit')")).await;
    assert_eq!(
        ids(&b, "transactions"),
        vec!["dwLbcmXN4AZnVqN7XP-SA1eHqCeNYmT8C2yITbmRx7M"]
    );
    // contains on description ignores case.
    let (_, b) = send(q("contains(description,'AUTOMATIC debit')")).await;
    assert_eq!(
        ids(&b, "transactions"),
        vec!["dwLbcmXN4AZnVqN7XP-SA1eHqCeNYmT8C2yITbmRx7M"]
    );
    assert_error(&send(q("amount gt 5")).await, 400, "TXN_20005");
    assert_error(&send(q("description eq")).await, 400, "TXN_20005");
}

#[tokio::test]
async fn credit_and_future_flags() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, credits) = get(&emu, &txns("&isCreditTransaction=true"), &t).await;
    assert!(credits["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["isCreditTransaction"] == true));
    let (_, debits) = get(&emu, &txns("&isCreditTransaction=false"), &t).await;
    assert!(debits["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["isCreditTransaction"] == false));
    assert_eq!(
        ids(&credits, "transactions").len() + ids(&debits, "transactions").len(),
        36
    );
    let (_, future) = get(&emu, &txns("&retrieveFutureTransactions=true"), &t).await;
    assert_eq!(dates(&future)[0], "2026-05-08");
    assert_eq!(ids(&future, "transactions").len(), 37);
    assert_error(
        &get(&emu, &txns("&isCreditTransaction=yes"), &t).await,
        400,
        "TXN_10005",
    );
    assert_error(
        &get(&emu, &txns("&retrieveFutureTransactions=2"), &t).await,
        400,
        "TXN_10005",
    );
}

#[tokio::test]
async fn generated_accounts_have_pageable_history() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, accounts) = get(&emu, "/v1/accounts?hostUserId=gen-10000", &t).await;
    let id = accounts["accounts"][9_999]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, b) = get(
        &emu,
        &format!("/v1/transactions?hostUserId=gen-10000&accountId={id}"),
        &t,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let n = ids(&b, "transactions").len();
    assert!((25..=60).contains(&n), "{n}");
    let d = dates(&b);
    let mut sorted = d.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(d, sorted);
    let (_, again) = get(
        &emu,
        &format!("/v1/transactions?hostUserId=gen-10000&accountId={id}"),
        &t,
    )
    .await;
    assert_eq!(b, again);
    let (_, with_future) = get(
        &emu,
        &format!(
            "/v1/transactions?hostUserId=gen-10000&accountId={id}&retrieveFutureTransactions=true"
        ),
        &t,
    )
    .await;
    assert_eq!(ids(&with_future, "transactions").len(), n + 1);
}

#[tokio::test]
async fn paging_comes_before_filters_and_reports_pagination() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, all) = get(&emu, &txns(""), &t).await;
    let all = all["transactions"].as_array().unwrap().clone();
    let (_, page) = get(&emu, &txns("&$skip=5&$top=10&isCreditTransaction=true"), &t).await;
    // The page is rows 5..15 of the date range, then only its credits.
    let expected: Vec<&Value> = all[5..15]
        .iter()
        .filter(|t| t["isCreditTransaction"] == true)
        .collect();
    let got: Vec<&Value> = page["transactions"].as_array().unwrap().iter().collect();
    assert_eq!(got, expected);
    assert_eq!(page["pagination"]["count"], all.len());
    assert_eq!(page["pagination"]["top"], 10);
    assert_eq!(
        page["pagination"]["previous"],
        "/transactions?$skip=0&$top=10"
    );
    assert_eq!(page["pagination"]["next"], "/transactions?$skip=15&$top=10");
    // Without both $skip and $top there is no pagination object.
    let (_, only_top) = get(&emu, &txns("&$top=10"), &t).await;
    assert!(only_top.get("pagination").is_none());
    // A $top below the institution's minimum (4) is raised to it.
    let (_, tiny) = get(&emu, &txns("&$skip=0&$top=0"), &t).await;
    assert_eq!(tiny["transactions"].as_array().unwrap().len(), 4);
    assert_eq!(tiny["pagination"]["top"], 4);
    assert!(tiny["pagination"].get("previous").is_none());
    // Past the end: no rows, no pagination.
    let (_, beyond) = get(&emu, &txns(&format!("&$skip={}&$top=10", all.len())), &t).await;
    assert!(beyond["transactions"].as_array().unwrap().is_empty());
    assert!(beyond.get("pagination").is_none());
}

#[tokio::test]
async fn future_transactions_ignore_end_date_and_additional_fields_add_the_time_zone() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, b) = get(
        &emu,
        &txns("&retrieveFutureTransactions=true&endDate=2026-01-01"),
        &t,
    )
    .await;
    assert_eq!(dates(&b)[0], "2026-05-08");
    let (_, b) = get(&emu, &txns("&additionalFields=true"), &t).await;
    assert_eq!(b["additionalInfo"]["entry"][0]["key"], "timeZone");
    assert_eq!(b["additionalInfo"]["entry"][1]["key"], "timeZoneOffset");
    let (_, b) = get(&emu, &txns(""), &t).await;
    assert!(b.get("additionalInfo").is_none());
}
