//! What goes on the wire: both layouts, OData strings, projections and paging.

mod common;

use std::collections::HashSet;

use candescent::{GetAccount, ListAccounts, ListTransactions, View};
use common::*;
use futures::TryStreamExt;

#[tokio::test]
async fn both_layouts_reach_the_same_accounts() {
    let emu = emulator().await;
    let host = client(&emu);
    let gateway = builder(&emu)
        .base_url(format!("{}/digitalbanking/stage", emu.base_url()))
        .build()
        .unwrap();
    let a = host.accounts().list(&list()).await.unwrap();
    let b = gateway.accounts().list(&list()).await.unwrap();
    assert!(!a.accounts.is_empty());
    assert_eq!(a, b);
    let one = gateway
        .accounts()
        .get(&a.accounts[0].id, &GetAccount::login_id("testUser"))
        .await
        .unwrap();
    assert_eq!(one.id, a.accounts[0].id);
}

#[tokio::test]
async fn odata_filters_with_quotes_and_non_ascii_arrive_intact() {
    let emu = emulator().await;
    let client = client(&emu);
    let all = client.accounts().list(&list()).await.unwrap();
    let deposits = client
        .accounts()
        .list(&list().filter("category eq 'DEPOSIT'"))
        .await
        .unwrap();
    assert!(!deposits.accounts.is_empty() && deposits.accounts.len() < all.accounts.len());
    assert!(deposits.iter().all(|a| a.category.as_str() == "DEPOSIT"));
    for filter in [
        "nickName eq 'O''Brien & Söhne + Café'",
        "contains(tolower(nickName),'checking') or id eq 'x y'",
    ] {
        client
            .accounts()
            .list(&list().filter(filter))
            .await
            .unwrap_or_else(|e| panic!("{filter}: {e}"));
    }
}

#[tokio::test]
async fn view_and_flags_are_sent() {
    let emu = emulator().await;
    let client = client(&emu);
    let full = client.accounts().list(&list()).await.unwrap();
    let small = client
        .accounts()
        .list(&list().view(View::Small))
        .await
        .unwrap();
    assert_eq!(full.accounts.len(), small.accounts.len());
    // The spec's small view keeps status but not the nickname.
    assert!(full.accounts[0].nick_name.is_some() && small.accounts[0].nick_name.is_none());
    let own = client
        .accounts()
        .list(&list().cross_account(false))
        .await
        .unwrap();
    assert!(
        own.accounts.len() < full.accounts.len(),
        "cross-user accounts left out"
    );
    let extra = client
        .accounts()
        .list(&list().additional_fields(true))
        .await
        .unwrap();
    assert!(extra.iter().any(|a| a.additional_info.is_some()));
    let grouped = client
        .accounts()
        .list(&list().skip_groups(0))
        .await
        .unwrap();
    assert!(grouped.total_group_count.is_some());
    let by_login = client
        .accounts()
        .list(&ListAccounts::login_id("testUser"))
        .await
        .unwrap();
    assert_eq!(by_login, full);
}

#[tokio::test]
async fn paging_loses_and_repeats_nothing() {
    let emu = emulator().await;
    let client = client(&emu);
    let user = "gen-3";
    let accounts = client
        .accounts()
        .list(&ListAccounts::host_user_id(user))
        .await
        .unwrap();
    assert_eq!(accounts.accounts.len(), 3);
    let account = &accounts.accounts[0].id;
    let params = || ListTransactions::new(account.clone()).host_user_id(user);

    let paged: Vec<_> = client
        .transactions()
        .list(&params().page_size(7))
        .try_collect()
        .await
        .unwrap();
    let whole: Vec<_> = client
        .transactions()
        .list(&params().page_size(1000))
        .try_collect()
        .await
        .unwrap();
    assert!(paged.len() > 14, "several pages: {}", paged.len());
    assert_eq!(paged, whole);
    let ids: HashSet<_> = paged.iter().map(|t| &t.id).collect();
    assert_eq!(ids.len(), paged.len(), "no transaction twice");

    let mut pages = client.transactions().list(&params().page_size(7));
    let mut count = 0;
    while let Some(page) = pages.next_page().await.unwrap() {
        assert!(page.len() <= 7);
        count += page.len();
    }
    assert_eq!(count, whole.len());
}
