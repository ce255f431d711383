//! Business customers: finding a user's locations, and their accounts one group at a time.

mod common;

use std::collections::BTreeSet;

use candescent::{ErrorKind, FindCustomer, ListAccounts};
use common::*;

/// A business user of the emulator with 12 accounts in 3 locations (5 accounts each at most).
const BUSINESS: &str = "gen-12";

#[tokio::test]
async fn find_names_the_locations_of_a_business_user() {
    let emu = emulator().await;
    let client = client(&emu);
    let profile = client
        .customers()
        .find(&FindCustomer::login_id(BUSINESS))
        .await
        .unwrap();
    assert_eq!(profile.user_type.as_deref(), Some("BUSINESS"));
    assert_eq!(profile.user_name.as_deref(), Some(BUSINESS));
    assert_eq!(profile.customers.len(), 3);
    let tins: BTreeSet<_> = profile
        .customers
        .iter()
        .map(|c| c.member_number.clone().unwrap())
        .collect();
    assert_eq!(tins.len(), 3, "one TIN per location");

    // The documented step: the location whose member number is the business's TIN gives the
    // id to pass as institution_customer_id.
    let tin = profile.customers[1].member_number.clone().unwrap();
    let (index, location) = profile.customer(&tin).unwrap();
    assert_eq!(index, 1);
    let accounts = client
        .accounts()
        .list(&ListAccounts::login_id(BUSINESS).institution_customer_id(&location.customer_id))
        .await
        .unwrap();
    assert!(!accounts.accounts.is_empty());
    assert!(accounts
        .iter()
        .all(|a| a.institution_customer_id.as_deref() == Some(location.customer_id.as_str())));
    client.close().await;
}

#[tokio::test]
async fn find_by_host_user_id_gives_a_retail_user_and_its_customers() {
    let emu = emulator().await;
    let client = client(&emu);
    let profile = client
        .customers()
        .find(&FindCustomer::host_user_id(USER))
        .await
        .unwrap();
    assert_eq!(profile.user_type.as_deref(), Some("RETAIL"));
    assert_eq!(profile.customer(USER).map(|(i, _)| i), Some(0));
    // Nothing the server sent is lost.
    assert_eq!(
        profile.to_json()["customers"][0]["customerId"],
        serde_json::json!(profile.customers[0].customer_id)
    );
    client.close().await;
}

#[tokio::test]
async fn find_refuses_bad_arguments_before_any_traffic() {
    let emu = emulator().await;
    let client = client(&emu);
    let customers = client.customers();
    let cases = [
        (
            FindCustomer::default(),
            "login_id, host_user_id or customer_id is required",
        ),
        (
            FindCustomer {
                login_id: Some("a".into()),
                host_user_id: Some("b".into()),
            },
            "not both",
        ),
        (FindCustomer::login_id(" "), "login_id is empty"),
        (
            FindCustomer::login_id(".."),
            "cannot be sent as a path segment",
        ),
        (FindCustomer::host_user_id("a\r\nX: y"), "control character"),
    ];
    for (params, says) in cases {
        let e = customers.find(&params).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{params:?}");
        assert!(e.message().contains(says), "{params:?}: {}", e.message());
    }
    assert_eq!(emu.stats().tokens_issued, 0, "no token was even requested");
}

#[tokio::test]
async fn an_unknown_user_is_not_found() {
    let emu = emulator().await;
    let client = client(&emu);
    let e = client
        .customers()
        .find(&FindCustomer::login_id("nobody-here"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.code(), Some("ISR_10001"));
    assert!(e.transaction_id().is_some());
}

#[tokio::test]
async fn find_replays_once_with_a_new_token_after_a_401() {
    let emu = emulator().await;
    let client = client(&emu);
    let find = FindCustomer::login_id(BUSINESS);
    client.customers().find(&find).await.unwrap();
    emu.revoke_tokens();
    client.customers().find(&find).await.unwrap();
    assert_eq!(emu.stats().tokens_issued, 2);
}

#[tokio::test]
async fn groups_hand_out_every_location_once_in_order() {
    let emu = emulator().await;
    let client = client(&emu);
    let profile = client
        .customers()
        .find(&FindCustomer::login_id(BUSINESS))
        .await
        .unwrap();
    let all = client
        .accounts()
        .list(&ListAccounts::login_id(BUSINESS))
        .await
        .unwrap();
    let groups = client.accounts().groups(&ListAccounts::login_id(BUSINESS));
    let mut seen = Vec::new();
    let mut customers = Vec::new();
    while let Some(group) = groups.next().await.unwrap() {
        assert_eq!(group.index as usize, customers.len());
        assert_eq!(group.total, 3);
        customers.push(group.customer_id().unwrap().to_owned());
        seen.extend(group.accounts.accounts.iter().map(|a| a.id.clone()));
    }
    assert_eq!(groups.total(), Some(3));
    assert!(groups.next().await.unwrap().is_none(), "stays at the end");
    let expected: Vec<_> = profile
        .customers
        .iter()
        .map(|c| c.customer_id.clone())
        .collect();
    assert_eq!(customers, expected, "group i is the profile's customer i");
    let mut ids: Vec<_> = all.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    seen.sort();
    assert_eq!(seen, ids, "every account once");
    assert_eq!(emu.stats().requests.accounts, 1 + 3);
}

#[tokio::test]
async fn groups_start_at_skip_groups_and_refuse_a_location() {
    let emu = emulator().await;
    let client = client(&emu);
    let groups = client
        .accounts()
        .groups(&ListAccounts::login_id(BUSINESS).skip_groups(2));
    let last = groups.next().await.unwrap().unwrap();
    assert_eq!((last.index, last.total), (2, 3));
    assert!(groups.next().await.unwrap().is_none());

    let groups = client
        .accounts()
        .groups(&ListAccounts::login_id(BUSINESS).skip_groups(7));
    assert!(groups.next().await.unwrap().is_none(), "past the end");

    let refused = client
        .accounts()
        .groups(&ListAccounts::login_id(BUSINESS).institution_customer_id("c"));
    let e = refused.next().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message().contains("institution_customer_id"));
}

#[tokio::test]
async fn a_failed_group_read_is_asked_again() {
    let emu = emulator().await;
    let client = builder(&emu).max_retries(0).build().unwrap();
    let groups = client.accounts().groups(&ListAccounts::login_id(BUSINESS));
    assert_eq!(groups.next().await.unwrap().unwrap().index, 0);
    emu.inject_fault(status_fault(
        candescent_emulator::FaultRoute::Accounts,
        503,
        "CMN_90000",
        1,
    ));
    assert!(groups.next().await.is_err());
    assert_eq!(
        groups.next().await.unwrap().unwrap().index,
        1,
        "nothing skipped"
    );
    assert_eq!(groups.next().await.unwrap().unwrap().index, 2);
    assert!(groups.next().await.unwrap().is_none());
}
