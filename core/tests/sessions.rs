//! Signed-in users against the emulator: the password grant, renewal with the refresh token,
//! the fallback to the password, revocation on close, and the authorization code exchange.

mod common;

use std::time::Duration;

use candescent::{ErrorKind, GetAccount, ListAccounts, ListTransactions, SecretString};
use candescent_emulator::USER_PASSWORD;
use common::*;
use futures::{future::join_all, TryStreamExt};

const LOGIN: &str = "testUser";

fn password() -> SecretString {
    SecretString::new(USER_PASSWORD)
}

#[tokio::test]
async fn calls_need_no_user_and_reach_the_users_own_data() {
    let emu = emulator().await;
    let client = client(&emu);
    let session = client.user_session(LOGIN, password()).await.unwrap();
    let mine = session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap();
    let theirs = client.accounts().list(&list()).await.unwrap();
    assert_eq!(mine.accounts.len(), theirs.accounts.len());
    let account = &mine.accounts[0].id;
    let one = session
        .accounts()
        .get(account, &GetAccount::default())
        .await
        .unwrap();
    assert_eq!(&one.id, account);
    let txns: Vec<_> = session
        .transactions()
        .list(&ListTransactions::new(account.as_str()))
        .try_collect()
        .await
        .unwrap();
    let _ = txns;
    // Naming the user is allowed when it is the signed-in user, refused for anyone else.
    session.accounts().list(&list()).await.unwrap();
    let other = session
        .accounts()
        .list(&ListAccounts::host_user_id("gen-3"))
        .await
        .unwrap_err();
    assert_eq!(other.kind(), ErrorKind::PermissionDenied);
    // The client itself still needs a user.
    let e = client
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let stats = emu.stats();
    assert_eq!(stats.grants.password, 1);
    assert_eq!(stats.grants.client_credentials, 1);
}

#[tokio::test]
async fn a_session_outlives_many_token_lifetimes_with_one_refresh_each() {
    let emu = emulator().await; // tokens live 3600 s: stale in the last 300 s
    let client = client(&emu);
    let session = client.user_session(LOGIN, password()).await.unwrap();
    let first = session.access_token().await.unwrap();
    let mine = ListAccounts::default();

    // Stale: calls go on with the old token while one background refresh runs.
    advance_client_clock(Duration::from_secs(3301)).await;
    let results = join_all((0..20).map(|_| session.accounts().list(&mine))).await;
    assert!(results.iter().all(|r| r.is_ok()));
    let mut renewed = first.clone();
    for _ in 0..200 {
        renewed = session.access_token().await.unwrap();
        if renewed != first {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_ne!(renewed, first, "the background refresh replaced the token");
    assert_eq!(emu.stats().grants.refresh_token, 1);

    // Expired: every caller waits for one shared refresh, lifetime after lifetime.
    for lifetime in 2..=5 {
        advance_client_clock(Duration::from_secs(3601)).await;
        let results = join_all((0..50).map(|_| session.accounts().list(&mine))).await;
        assert!(results.iter().all(|r| r.is_ok()), "{:?}", results[0]);
        let stats = emu.stats();
        assert_eq!(
            stats.grants.refresh_token, lifetime,
            "one refresh per lifetime"
        );
        assert_eq!(
            stats.grants.password, 1,
            "no password grant after the first"
        );
    }
    session.close().await;
}

#[tokio::test]
async fn a_refused_refresh_token_falls_back_to_the_password_once() {
    let emu = emulator().await;
    let client = client(&emu);
    let session = client.user_session(LOGIN, password()).await.unwrap();
    session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap();
    emu.revoke_tokens(); // the access token and the refresh token alike
    let before = emu.stats();
    session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .expect("one new sign-in with the kept password");
    let after = emu.stats();
    assert_eq!(after.requests.token - before.requests.token, 2);
    assert_eq!(after.grants.password - before.grants.password, 1);
    assert_eq!(after.grants.refresh_token, 0, "the refresh was refused");
    // The new refresh token serves the next lifetime.
    advance_client_clock(Duration::from_secs(3601)).await;
    session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap();
    assert_eq!(emu.stats().grants.refresh_token, 1);
    assert_eq!(emu.stats().grants.password, 2);
}

#[tokio::test]
async fn a_refused_password_after_a_refused_refresh_token_ends_the_session() {
    let emu = emulator().await;
    let client = client(&emu);
    let session = client.user_session(LOGIN, password()).await.unwrap();
    emu.revoke_tokens();
    // The password changed meanwhile: the one new sign-in is refused too.
    emu.inject_fault(status_fault(
        candescent_emulator::FaultRoute::Token,
        401,
        "CMN_90004",
        2,
    ));
    let e = session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert!(e.message().contains("sign in again"), "{}", e.message());
    let tokens = emu.stats().requests.token;
    let again = session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Authentication);
    assert_eq!(
        emu.stats().requests.token,
        tokens,
        "no password is tried again: that could lock the user out"
    );
}

#[tokio::test]
async fn close_revokes_the_access_token_and_the_refresh_token() {
    let emu = emulator().await;
    let client = client(&emu);
    let session = client.user_session(LOGIN, password()).await.unwrap();
    session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap();
    session.close().await;
    assert!(session.is_closed());
    let stats = emu.stats();
    assert_eq!(stats.revoked.access_tokens, 1);
    assert_eq!(stats.revoked.refresh_tokens, 1);
    let e = session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Closed);
    assert_eq!(emu.stats().requests.token, stats.requests.token);
    // The client goes on.
    assert!(!client.is_closed());
    client.accounts().list(&list()).await.unwrap();
}

#[tokio::test]
async fn an_authorization_code_gives_the_same_kind_of_session() {
    let emu = emulator().await;
    let client = client(&emu);
    let code = emu.authorization_code(LOGIN).unwrap();
    let session = client.exchange_code(&code, None).await.unwrap();
    let id_token = session.id_token().expect("an ID token");
    assert_eq!(id_token.expose().split('.').count(), 3, "a JWT");
    assert!(!format!("{session:?} {id_token:?}").contains(id_token.expose()));
    session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap();
    advance_client_clock(Duration::from_secs(3601)).await;
    session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap();
    let stats = emu.stats();
    assert_eq!(stats.grants.authorization_code, 1);
    assert_eq!(stats.grants.refresh_token, 1);

    // A code is good once.
    let e = client.exchange_code(&code, None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert!(e.message().contains("already used"), "{}", e.message());
    assert!(!e.message().contains(&code));

    // Without a password, a refused refresh token ends the session.
    emu.revoke_tokens();
    let e = session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert!(e.message().contains("sign in again"), "{}", e.message());
    let tokens = emu.stats().requests.token;
    let again = session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Authentication);
    assert_eq!(emu.stats().requests.token, tokens, "nothing more is tried");
    session.close().await;
}

#[tokio::test]
async fn a_wrong_password_names_what_to_fix_and_never_the_password() {
    let emu = emulator().await;
    let events = Events::default();
    let client = builder(&emu).on_request(events.hook()).build().unwrap();
    let e = client
        .user_session(LOGIN, SecretString::new("not-the-password"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert!(
        e.message().contains("check the username and password"),
        "{}",
        e.message()
    );
    assert!(!format!("{e} {e:?}").contains("not-the-password"));
    // Nothing to fix on the wire: refused before any traffic.
    let before = emu.stats().requests.token;
    for (user, pass) in [("", USER_PASSWORD), ("a\nb", USER_PASSWORD), (LOGIN, "")] {
        let e = client
            .user_session(user, SecretString::new(pass))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{user:?}");
    }
    assert_eq!(emu.stats().requests.token, before);

    // No secret of a working session shows in Debug, errors or request events.
    let session = client.user_session(LOGIN, password()).await.unwrap();
    let token = session.access_token().await.unwrap();
    session
        .accounts()
        .list(&ListAccounts::default())
        .await
        .unwrap();
    session.close().await;
    let shown = format!("{session:?} {:?}", events.all());
    for secret in [USER_PASSWORD, token.as_str()] {
        assert!(!shown.contains(secret));
    }
}
