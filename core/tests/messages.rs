//! Messages that say what to fix: the token request names its URL (and a 404 there points at
//! `base_url`); connection, DNS and TLS failures name the host and port in plain words and keep
//! the library's detail as the error's source.

mod common;

use std::error::Error as _;

use candescent::{Client, ErrorKind};
use candescent_emulator::FaultRoute;
use common::*;

fn client_at(base_url: &str) -> Client {
    Client::builder()
        .use_env(false)
        .base_url(base_url)
        .client_id("id")
        .client_secret("secret-value")
        .institution_id("00016")
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_404_of_the_token_endpoint_points_at_base_url() {
    let emu = emulator().await;
    let client = builder(&emu)
        .base_url(format!("{}/wrong/prefix", emu.base_url()))
        .build()
        .unwrap();
    let err = client.accounts().list(&list()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let text = err.to_string();
    assert!(text.contains("token request"), "{text}");
    assert!(
        text.contains(&format!("{}/wrong/prefix", emu.base_url())),
        "{text}"
    );
    assert!(text.contains("check base_url"), "{text}");
}

#[tokio::test]
async fn refused_credentials_say_which_settings_to_check() {
    let emu = emulator().await;
    let client = builder(&emu)
        .client_secret("not-the-secret")
        .build()
        .unwrap();
    let err = client.access_token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert!(err.message().contains("client_secret"), "{err}");
    emu.inject_fault(status_fault(FaultRoute::Token, 503, "CMN_90000", 3).with_retry_after(0));
    let err = client.access_token().await.unwrap_err();
    assert!(err.message().starts_with("the token request to "), "{err}");
}

#[tokio::test]
async fn connection_refused_names_host_and_port() {
    // Bind and drop a listener: the port is then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client_at(&format!("http://127.0.0.1:{port}"))
        .access_token()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(
        err.message().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.message().contains("refused"), "{err}");
    assert!(err.source().is_some(), "the library detail stays the cause");
    assert!(!err.message().contains("hyper"), "{err}");
}

#[tokio::test]
async fn dns_failures_say_so() {
    let err = client_at("https://no-such-host.invalid")
        .access_token()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.message().contains("no-such-host.invalid"), "{err}");
    assert!(err.message().contains("DNS"), "{err}");
}

#[tokio::test]
async fn tls_failures_say_so() {
    // The emulator speaks plain HTTP: a TLS client meets garbage in the handshake.
    let emu = emulator().await;
    let https = emu.base_url().replace("http://", "https://");
    let err = client_at(&https).access_token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    let mut chain = String::new();
    let mut s = err.source();
    while let Some(e) = s {
        chain.push_str(&format!(" / {e}"));
        s = e.source();
    }
    assert!(err.message().contains("TLS"), "{err}{chain}");
    assert!(
        err.message().contains(https.trim_start_matches("https://")),
        "{err}"
    );
}
