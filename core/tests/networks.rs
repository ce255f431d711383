//! The networks banks run: a server whose certificate comes from a private certificate
//! authority, and an HTTP proxy in between, set by the builder's options. (The standard
//! variables are process-wide: `networks_env.rs` tests them in a process of their own.)

mod common;
#[path = "common/net.rs"]
mod net;

use candescent::{Client, ClientBuilder, ErrorKind, Trust};
use common::{emulator, list};
use net::{closed_port, ConnectProxy, TempDir, TestCa};

/// A client of the emulator behind `base_url`, ignoring the process's variables (the proxy
/// ones included, so that a developer's own proxy settings cannot change the outcome).
fn builder(emu: &candescent_emulator::Emulator, base_url: &str) -> ClientBuilder {
    let c = emu.config();
    Client::builder()
        .use_env(false)
        .proxy("none")
        .base_url(base_url)
        .client_id(&c.client_id)
        .client_secret(&c.client_secret)
        .institution_id(&c.institution_id)
        .max_retries(0)
}

#[tokio::test]
async fn a_private_ca_is_refused_until_its_bundle_is_given() {
    let emu = emulator().await;
    let ca = TestCa::new("refused");
    let url = ca.serve_tls(emu.base_url()).await;

    let err = builder(&emu, &url)
        .build()
        .unwrap()
        .accounts()
        .list(&list())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    let message = err.message();
    assert!(message.contains("certificate"), "{message}");
    assert!(message.contains("not trusted"), "{message}");
    assert!(message.contains("unknown issuer"), "{message}");
    assert!(message.contains("ca_bundle"), "{message}");
    assert_eq!(emu.stats().requests.token, 0, "nothing got past TLS");

    let client = builder(&emu, &url).ca_bundle(&ca.ca_file).build().unwrap();
    assert!(!client
        .accounts()
        .list(&list())
        .await
        .unwrap()
        .accounts
        .is_empty());
}

#[tokio::test]
async fn bundle_only_trusts_the_bundle_and_nothing_else() {
    let emu = emulator().await;
    let ca = TestCa::new("only");
    let other = TestCa::new("other");
    let url = ca.serve_tls(emu.base_url()).await;

    let client = builder(&emu, &url)
        .ca_bundle(&ca.ca_file)
        .trust(Trust::BundleOnly)
        .build()
        .unwrap();
    assert!(!client
        .accounts()
        .list(&list())
        .await
        .unwrap()
        .accounts
        .is_empty());

    let err = builder(&emu, &url)
        .ca_bundle(&other.ca_file)
        .trust(Trust::BundleOnly)
        .build()
        .unwrap()
        .accounts()
        .list(&list())
        .await
        .unwrap_err();
    assert!(err.message().contains("not trusted"), "{}", err.message());

    // A public host's certificate chains to the built-in roots, which bundle-only drops:
    // the trust store is the bundle alone (checked without traffic).
    let err = builder(&emu, &url)
        .trust(Trust::BundleOnly)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.message().contains("no CA bundle"), "{}", err.message());
}

#[tokio::test]
async fn a_bad_ca_bundle_is_a_configuration_error_naming_the_path() {
    let emu = emulator().await;
    let dir = TempDir::new("bad-bundles");
    let missing = dir.path().join("missing-ca.pem");
    let empty = dir.file("empty.pem", "");
    let key_only = dir.file(
        "key.pem",
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n",
    );
    let garbage = dir.file(
        "garbage.pem",
        "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
    );
    for (path, says) in [
        (&missing, "no such file"),
        (&empty, "holds no certificate"),
        (&key_only, "holds no certificate"),
        (&garbage.clone(), "not valid PEM"),
        (&dir.path().to_path_buf(), "cannot read"),
    ] {
        let err = builder(&emu, emu.base_url())
            .ca_bundle(path)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration, "{path:?}");
        let message = err.message();
        assert!(message.starts_with("ca_bundle "), "{message}");
        assert!(
            message.contains(&path.display().to_string()),
            "{message} names {path:?}"
        );
        assert!(message.contains(says), "{message} says {says}");
    }
    assert_eq!(emu.stats().requests.token, 0);
}

#[tokio::test]
async fn the_proxy_option_tunnels_with_its_credentials_and_never_shows_them() {
    let emu = emulator().await;
    let ca = TestCa::new("tunnel");
    let url = ca.serve_tls(emu.base_url()).await;
    let proxy = ConnectProxy::start(false).await;
    let with_credentials = proxy.url.replace("http://", "http://alice:s3cret-pw@");

    let client = builder(&emu, &url)
        .ca_bundle(&ca.ca_file)
        .proxy(&with_credentials)
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains("s3cret-pw"));
    assert!(!client
        .accounts()
        .list(&list())
        .await
        .unwrap()
        .accounts
        .is_empty());

    let port = url.rsplit(':').next().unwrap();
    let connects = proxy.connects();
    assert!(!connects.is_empty());
    assert!(
        connects
            .iter()
            .all(|c| *c == format!("CONNECT localhost:{port}")),
        "{connects:?}"
    );
    // The credentials travel as Proxy-Authorization (Basic alice:s3cret-pw).
    assert!(proxy.seen()[0]
        .to_ascii_lowercase()
        .contains("proxy-authorization: basic ywxpy2u6cznjcmv0lxb3"));
}

#[tokio::test]
async fn a_proxy_that_refuses_or_is_absent_is_named_without_its_credentials() {
    let emu = emulator().await;
    let ca = TestCa::new("refusing");
    let url = ca.serve_tls(emu.base_url()).await;

    let refusing = ConnectProxy::start(true).await;
    let with_credentials = refusing.url.replace("http://", "http://bob:hunter2@");
    let err = builder(&emu, &url)
        .ca_bundle(&ca.ca_file)
        .proxy(&with_credentials)
        .build()
        .unwrap()
        .accounts()
        .list(&list())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    let message = err.message();
    assert!(
        message.contains(&format!(
            "the proxy {} (from proxy) refused to open a tunnel",
            refusing.url
        )),
        "{message}"
    );
    assert!(!format!("{err:?} {err}").contains("hunter2"));
    assert_eq!(refusing.connects().len(), 1);

    let absent = format!("http://bob:hunter2@127.0.0.1:{}", closed_port());
    let err = builder(&emu, &url)
        .proxy(&absent)
        .build()
        .unwrap()
        .accounts()
        .list(&list())
        .await
        .unwrap_err();
    let message = err.message();
    assert!(
        message.contains("could not connect to the proxy http://127.0.0.1:"),
        "{message}"
    );
    assert!(message.contains("refused"), "{message}");
    assert!(!format!("{err:?} {err}").contains("hunter2"));
    assert_eq!(emu.stats().requests.token, 0);
}

#[test]
fn bad_proxy_settings_fail_at_build() {
    let base = || {
        Client::builder()
            .use_env(false)
            .client_id("id")
            .client_secret("secret")
            .institution_id("00016")
    };
    for (proxy, says) in [
        (
            "socks5://u:hunter2@127.0.0.1:1080",
            "only http:// and https:// proxies",
        ),
        ("http://u:hunter2@", "not a valid proxy URL"),
    ] {
        let err = base().proxy(proxy).build().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().starts_with("proxy "), "{}", err.message());
        assert!(err.message().contains(says), "{}", err.message());
        assert!(!err.message().contains("hunter2"));
    }
    let err = base()
        .env_vars([
            ("CANDESCENT_CLIENT_ID", "id"),
            ("CANDESCENT_PROXY", "ftp://proxy:21"),
        ])
        .build()
        .unwrap_err();
    assert!(
        err.message().starts_with("CANDESCENT_PROXY uses"),
        "{}",
        err.message()
    );
    for off in ["none", "NONE", ""] {
        base().proxy(off).build().unwrap();
    }
}
