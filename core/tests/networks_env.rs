//! The standard network variables (`HTTPS_PROXY`, `NO_PROXY`, `SSL_CERT_FILE`, ...). They
//! are process-wide, so this file holds a single test: its process is its own.

mod common;
#[path = "common/net.rs"]
mod net;

use candescent::{Client, ClientBuilder, ErrorKind};
use common::{emulator, list};
use net::{closed_port, ConnectProxy, TestCa};

const VARIABLES: [&str; 12] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "CANDESCENT_PROXY",
    "CANDESCENT_CA_BUNDLE",
];

fn set(pairs: &[(&str, &str)]) {
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    for (name, value) in pairs {
        std::env::set_var(name, value);
    }
}

#[test]
fn the_standard_variables_choose_the_proxy_and_the_trusted_authorities() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(scenario());
}

async fn scenario() {
    let emu = emulator().await;
    let ca = TestCa::new("env");
    let url = ca.serve_tls(emu.base_url()).await;
    let port = url.rsplit(':').next().unwrap().to_owned();
    let connect = format!("CONNECT localhost:{port}");
    let ca_file = ca.ca_file.to_str().unwrap();
    let c = emu.config().clone();
    // `use_env(false)` concerns the CANDESCENT_* variables only: the standard ones describe
    // the machine's network and are read regardless.
    let builder = || -> ClientBuilder {
        Client::builder()
            .use_env(false)
            .base_url(&url)
            .client_id(&c.client_id)
            .client_secret(&c.client_secret)
            .institution_id(&c.institution_id)
            .max_retries(0)
            .ca_bundle(&ca.ca_file)
    };
    async fn works(builder: ClientBuilder) {
        let client = builder.build().expect("builds");
        assert!(!client
            .accounts()
            .list(&list())
            .await
            .unwrap()
            .accounts
            .is_empty());
    }

    // HTTPS_PROXY (and its lower-case form) sends the client through the proxy.
    let proxy = ConnectProxy::start(false).await;
    set(&[("HTTPS_PROXY", &proxy.url)]);
    works(builder()).await;
    assert!(proxy.connects().iter().all(|c| *c == connect));
    assert!(!proxy.connects().is_empty());

    let lower = ConnectProxy::start(false).await;
    set(&[
        ("https_proxy", &lower.url),
        ("HTTP_PROXY", "http://127.0.0.1:9"),
    ]);
    works(builder()).await;
    assert!(!lower.connects().is_empty(), "https_proxy is read");

    // NO_PROXY naming the host bypasses it: the proxy sees nothing.
    let bypassed = ConnectProxy::start(false).await;
    set(&[
        ("HTTPS_PROXY", &bypassed.url),
        ("NO_PROXY", "example.com, localhost"),
    ]);
    works(builder()).await;
    assert!(bypassed.seen().is_empty());

    // The option wins over the environment, in both directions.
    let dead = format!("http://127.0.0.1:{}", closed_port());
    let chosen = ConnectProxy::start(false).await;
    set(&[("HTTPS_PROXY", &dead)]);
    works(builder().proxy(&chosen.url)).await;
    assert!(!chosen.connects().is_empty());
    works(builder().proxy("none")).await;
    let err = builder()
        .build()
        .unwrap()
        .accounts()
        .list(&list())
        .await
        .unwrap_err();
    assert!(
        err.message()
            .contains(&format!("the proxy {dead} (from HTTPS_PROXY)")),
        "{}",
        err.message()
    );

    // CANDESCENT_PROXY (read when use_env is on) wins over HTTPS_PROXY.
    let own = ConnectProxy::start(false).await;
    set(&[("HTTPS_PROXY", &dead), ("CANDESCENT_PROXY", &own.url)]);
    works(builder().use_env(true)).await;
    assert!(!own.connects().is_empty());

    // SSL_CERT_FILE takes the system store's place: the test CA is then trusted without
    // a ca_bundle.
    let plain = || {
        Client::builder()
            .use_env(false)
            .proxy("none")
            .base_url(&url)
            .client_id(&c.client_id)
            .client_secret(&c.client_secret)
            .institution_id(&c.institution_id)
            .max_retries(0)
    };
    set(&[]);
    let err = plain()
        .build()
        .unwrap()
        .accounts()
        .list(&list())
        .await
        .unwrap_err();
    assert!(err.message().contains("not trusted"), "{}", err.message());
    set(&[("SSL_CERT_FILE", ca_file)]);
    works(plain()).await;

    let missing = format!("{ca_file}.missing");
    set(&[("SSL_CERT_FILE", &missing)]);
    let err = plain().build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(
        err.message()
            .starts_with(&format!("SSL_CERT_FILE {missing:?}: cannot read")),
        "{}",
        err.message()
    );

    // CANDESCENT_CA_BUNDLE is the ca_bundle option's variable.
    set(&[("CANDESCENT_CA_BUNDLE", ca_file)]);
    works(plain().use_env(true)).await;
    set(&[("CANDESCENT_CA_BUNDLE", &missing)]);
    let err = plain().use_env(true).build().unwrap_err();
    assert!(
        err.message().starts_with("CANDESCENT_CA_BUNDLE "),
        "{}",
        err.message()
    );
    set(&[]);
}
