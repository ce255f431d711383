//! Token sharing and the fleet rate limit, against a real `redis-server` (started here on a
//! free port in a temporary folder) and the emulator, over real HTTP.

mod common;

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

use candescent::{
    input::{Dialect, Value},
    Client, ClientOptions, ErrorKind,
};
use common::*;
use futures::future::join_all;

/// A `redis-server` of this test alone; stopped when dropped.
struct Redis {
    dir: PathBuf,
    port: u16,
    child: Option<Child>,
    /// TLS with a self-signed certificate and an ACL user `app` with a password.
    tls: bool,
}

impl Redis {
    async fn start() -> Redis {
        Redis::start_with(false).await
    }

    async fn start_with(tls: bool) -> Redis {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir =
            std::env::temp_dir().join(format!("candescent-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        if tls {
            let made = Command::new("openssl")
                .args([
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                ])
                .args([
                    "-subj",
                    "/CN=localhost",
                    "-keyout",
                    "key.pem",
                    "-out",
                    "cert.pem",
                ])
                .current_dir(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("openssl is installed");
            assert!(made.success());
        }
        let mut redis = Redis {
            dir,
            port,
            child: None,
            tls,
        };
        redis.restart().await;
        redis
    }

    fn url(&self) -> String {
        if self.tls {
            // The certificate is self-signed: `#insecure` skips its verification.
            format!("rediss://app:s3cret-pw@127.0.0.1:{}/0#insecure", self.port)
        } else {
            format!("redis://127.0.0.1:{}/0", self.port)
        }
    }

    async fn restart(&mut self) {
        let port = self.port.to_string();
        let mut command = Command::new("redis-server");
        if self.tls {
            command
                .args([
                    "--port",
                    "0",
                    "--tls-port",
                    &port,
                    "--tls-auth-clients",
                    "no",
                ])
                .args(["--tls-cert-file", "cert.pem", "--tls-key-file", "key.pem"])
                .args(["--user", "default", "off"])
                .args(["--user", "app", "on", ">s3cret-pw", "~*", "&*", "+@all"]);
        } else {
            command.args(["--port", &port]);
        }
        let child = command
            .current_dir(&self.dir)
            .args(["--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed (apt-get install redis-server)");
        self.child = Some(child);
        for _ in 0..200 {
            if self.connection().await.is_some() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("redis-server did not start");
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    async fn connection(&self) -> Option<redis::aio::MultiplexedConnection> {
        let client = redis::Client::open(self.url()).ok()?;
        let mut c = client.get_multiplexed_async_connection().await.ok()?;
        redis::cmd("PING")
            .query_async::<String>(&mut c)
            .await
            .ok()
            .map(|_| c)
    }

    /// Every key and every value, as raw bytes.
    async fn dump(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut c = self.connection().await.unwrap();
        let keys: Vec<Vec<u8>> = redis::cmd("KEYS")
            .arg("*")
            .query_async(&mut c)
            .await
            .unwrap();
        let mut all = Vec::new();
        for key in keys {
            let value: Vec<u8> = redis::cmd("GET")
                .arg(&key)
                .query_async(&mut c)
                .await
                .unwrap();
            all.push((key, value));
        }
        all
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn shared(emu: &candescent_emulator::Emulator, cache: &str) -> Client {
    builder(emu).token_cache(cache).build().unwrap()
}

async fn all_ok(clients: &[Client], calls: usize) {
    let params = &list();
    let results = join_all(
        clients
            .iter()
            .flat_map(|c| (0..calls).map(move |_| c.accounts().list(params))),
    )
    .await;
    if let Some(Err(e)) = results.iter().find(|r| r.is_err()) {
        panic!("a call failed: {e}");
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn clients_share_one_token_and_a_revocation_costs_one_more() {
    let redis = Redis::start().await;
    let emu = emulator().await;
    let clients: Vec<Client> = (0..4).map(|_| shared(&emu, &redis.url())).collect();
    all_ok(&clients, 50).await;
    assert_eq!(emu.stats().tokens_issued, 1);

    emu.revoke_tokens();
    all_ok(&clients, 50).await;
    assert_eq!(
        emu.stats().tokens_issued,
        2,
        "one new token for all clients"
    );

    // A client that starts later takes the stored token.
    let late = shared(&emu, &redis.url());
    all_ok(&[late], 5).await;
    assert_eq!(emu.stats().tokens_issued, 2);

    // Closing one client leaves the fleet's token alone.
    clients[0].close().await;
    all_ok(&clients[1..], 5).await;
    assert_eq!(emu.stats().requests.revoke, 0);
    assert_eq!(emu.stats().tokens_issued, 2);
}

#[tokio::test]
async fn rediss_with_an_acl_user_and_password() {
    let redis = Redis::start_with(true).await;
    let emu = emulator().await;
    let events = Events::default();
    let clients: Vec<Client> = (0..2)
        .map(|_| {
            builder(&emu)
                .token_cache(redis.url())
                .on_request(events.hook())
                .build()
                .unwrap()
        })
        .collect();
    all_ok(&clients, 20).await;
    assert_eq!(emu.stats().tokens_issued, 1);
    assert!(
        events.all().iter().all(|e| e.method != "CACHE"),
        "no fallback"
    );
    assert!(!redis.dump().await.is_empty());
    // A wrong password is a store that fails: calls go on, the warning hides the password.
    let wrong = builder(&emu)
        .token_cache(redis.url().replace("s3cret-pw", "wrong-pw"))
        .on_request(events.hook())
        .build()
        .unwrap();
    all_ok(&[wrong], 3).await;
    let warning = events
        .all()
        .into_iter()
        .find(|e| e.method == "CACHE")
        .expect("a warning");
    assert!(!format!("{warning:?}").contains("wrong-pw"), "{warning:?}");
}

#[tokio::test]
async fn nothing_readable_in_redis_and_a_wrong_secret_opens_nothing() {
    let redis = Redis::start().await;
    let emu = emulator().await;
    let client = shared(&emu, &redis.url());
    let token = client.access_token().await.unwrap();
    let config = emu.config();
    let dump = redis.dump().await;
    assert!(!dump.is_empty());
    for (key, value) in &dump {
        for text in [&token, &config.client_secret, &config.client_id] {
            assert!(!contains(key, text) && !contains(value, text));
        }
    }

    let wrong = builder(&emu)
        .client_secret("not-the-secret")
        .token_cache(redis.url())
        .build()
        .unwrap();
    let err = wrong.access_token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(emu.stats().tokens_issued, 1);
    // The stored token is left alone for the clients that can open it.
    let another = shared(&emu, &redis.url());
    assert_eq!(another.access_token().await.unwrap(), token);
    assert_eq!(
        emu.stats().requests.token,
        2,
        "the good client's and the wrong one's"
    );
}

#[tokio::test]
async fn redis_down_never_fails_a_call_and_sharing_resumes() {
    let mut redis = Redis::start().await;
    let emu = emulator().await;
    let events = Events::default();
    let clients: Vec<Client> = (0..3)
        .map(|_| {
            builder(&emu)
                .token_cache(redis.url())
                .on_request(events.hook())
                .build()
                .unwrap()
        })
        .collect();
    all_ok(&clients, 20).await;
    assert_eq!(emu.stats().tokens_issued, 1);

    redis.kill();
    all_ok(&clients, 20).await;
    let cache_events = || {
        events
            .all()
            .into_iter()
            .filter(|e| e.method == "CACHE")
            .count()
    };
    assert_eq!(
        cache_events(),
        0,
        "steady-state calls never touch the store"
    );
    emu.revoke_tokens();
    all_ok(&clients, 20).await;
    emu.revoke_tokens();
    all_ok(&clients, 20).await;
    let down = emu.stats().tokens_issued;
    assert!(down > 1, "each client fetched its own");
    let warnings = events
        .all()
        .into_iter()
        .filter(|e| e.method == "CACHE")
        .count();
    assert_eq!(
        warnings, 3,
        "one warning per client, however often Redis failed"
    );

    redis.restart().await;
    emu.revoke_tokens();
    all_ok(&clients, 20).await;
    assert_eq!(emu.stats().tokens_issued, down + 1, "shared again");
}

#[tokio::test]
async fn a_file_cache_is_private_sealed_and_shared() {
    let dir = std::env::temp_dir().join(format!("candescent-file-cache-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tokens");
    let url = format!("file://{}", path.display());
    let emu = emulator().await;
    let clients: Vec<Client> = (0..3).map(|_| shared(&emu, &url)).collect();
    all_ok(&clients, 30).await;
    assert_eq!(emu.stats().tokens_issued, 1);
    let token = clients[0].access_token().await.unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let bytes = std::fs::read(&path).unwrap();
    let config = emu.config();
    for text in [&token, &config.client_secret, &config.client_id] {
        assert!(!contains(&bytes, text));
    }
    emu.revoke_tokens();
    all_ok(&clients, 30).await;
    assert_eq!(emu.stats().tokens_issued, 2);

    // An unreadable file is no failure: the client fetches its own token.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let own = shared(&emu, &url);
    all_ok(&[own], 3).await;
    assert_eq!(emu.stats().tokens_issued, 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_rate_limit_is_shared_through_redis_and_refuses_past_the_deadline() {
    let redis = Redis::start().await;
    let emu = emulator().await;
    // One request a minute: the second has no slot within a 2-second deadline.
    let limited = |cache: Option<&str>| {
        let b = builder(&emu)
            .rate_limit("1/min")
            .deadline(Duration::from_secs(2));
        match cache {
            Some(url) => b.token_cache(url),
            None => b,
        }
        .build()
        .unwrap()
    };
    let a = limited(Some(&redis.url()));
    let b = limited(Some(&redis.url()));
    a.access_token().await.unwrap(); // the token request takes the minute's slot
    let err = b.accounts().list(&list()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimit, "{err}");
    assert!(err.message().contains("rate limit"), "{err}");
    // Without Redis the limit is each client's own.
    let c = limited(None);
    c.access_token().await.unwrap();
}

#[test]
fn bad_settings_are_configuration_errors_in_the_callers_spelling() {
    let build = |args: Vec<(&str, &str)>, dialect: Dialect| {
        let args = args
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::Str(v.to_owned())))
            .collect();
        ClientOptions::from_args(args, dialect).and_then(|o| {
            Client::builder()
                .client_id("id")
                .client_secret("secret")
                .institution_id("00016")
                .use_env(false)
                .options(o)
                .build()
        })
    };
    let cases = [
        (
            ("tokenCache", "memcached://h"),
            Dialect::NODE,
            "tokenCache has an unknown scheme",
        ),
        (
            ("token_cache", "redis://"),
            Dialect::PYTHON,
            "token_cache is not a valid Redis URL",
        ),
        (
            ("tokenCache", "redis://h:port"),
            Dialect::NODE,
            "tokenCache is not a valid Redis URL",
        ),
        (
            ("rate_limit", "fast"),
            Dialect::PYTHON,
            "rate_limit must be a number of requests",
        ),
        (
            ("rateLimit", "50/day"),
            Dialect::NODE,
            "rateLimit must be a number of requests",
        ),
    ];
    for ((name, value), dialect, message) in cases {
        let err = build(vec![(name, value)], dialect).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().starts_with(message), "{}", err.message());
    }
    let err = build(
        vec![("token_cache", "redis://user:hunter2@h:x")],
        Dialect::PYTHON,
    )
    .unwrap_err();
    assert!(!err.message().contains("hunter2"));
    let err = Client::builder()
        .env_vars([
            ("CANDESCENT_CLIENT_ID", "id"),
            ("CANDESCENT_CLIENT_SECRET", "secret"),
            ("CANDESCENT_INSTITUTION_ID", "00016"),
            ("CANDESCENT_RATE_LIMIT", "lots"),
        ])
        .build()
        .unwrap_err();
    assert!(
        err.message().starts_with("CANDESCENT_RATE_LIMIT must be"),
        "{}",
        err.message()
    );
    assert!(build(
        vec![("token_cache", "memory"), ("rate_limit", "3000/min")],
        Dialect::PYTHON
    )
    .is_ok());
}
