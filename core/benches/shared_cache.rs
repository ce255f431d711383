//! The steady-state cost of a shared token cache: 64 `accounts().list` calls in flight on a
//! client whose token is shared through Redis, against the same on a client with the in-memory
//! cache. Steady-state calls never touch the store, so the two should be within noise. Part of
//! `make bench` (`bench/run.sh`, which passes the release emulator's URL in `BENCH_BASE_URL`;
//! run alone it starts an in-process emulator); starts its own `redis-server` on a free port.
//! Prints one `RESULT {json}` line for the harness's table.

use std::{
    net::TcpListener,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use candescent::{Client, ListAccounts};
use futures::{stream, StreamExt};

const IN_FLIGHT: usize = 64;
const ROUNDS: usize = 3;

async fn throughput(client: &Client, duration: Duration) -> f64 {
    let params = ListAccounts::host_user_id("1234567890");
    let started = Instant::now();
    let mut done = 0u64;
    while started.elapsed() < duration {
        done += stream::iter(0..IN_FLIGHT * 20)
            .map(|_| async { client.accounts().list(&params).await.is_ok() })
            .buffer_unordered(IN_FLIGHT)
            .filter(|ok| std::future::ready(*ok))
            .count()
            .await as u64;
    }
    done as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let local;
    let (base_url, id, secret, institution) = match std::env::var("BENCH_BASE_URL") {
        Ok(url) => (
            url,
            "candescent-emulator".to_owned(),
            "emulator-secret".to_owned(),
            "00016".to_owned(),
        ),
        Err(_) => {
            local = candescent_emulator::start(candescent_emulator::Config::default()).await?;
            let c = local.config();
            (
                local.base_url().to_owned(),
                c.client_id.clone(),
                c.client_secret.clone(),
                c.institution_id.clone(),
            )
        }
    };
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let dir = std::env::temp_dir().join(format!("candescent-bench-redis-{port}"));
    std::fs::create_dir_all(&dir)?;
    let mut redis = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(&dir)
        .stdout(Stdio::null())
        .spawn()?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let client = |cache: Option<String>| {
        let b = Client::builder()
            .use_env(false)
            .base_url(&base_url)
            .client_id(&id)
            .client_secret(&secret)
            .institution_id(&institution);
        match cache {
            Some(url) => b.token_cache(url),
            None => b,
        }
        .build()
    };
    let memory = client(None)?;
    let shared = client(Some(format!("redis://127.0.0.1:{port}/0")))?;
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let slice = Duration::from_secs_f64(seconds / ROUNDS as f64);
    throughput(&memory, slice).await; // warm: token, connections
    throughput(&shared, slice).await;
    // Interleaved rounds, best of each: the machine's drift hits both alike.
    let (mut ours, mut theirs) = (0f64, 0f64);
    for _ in 0..ROUNDS {
        theirs = theirs.max(throughput(&memory, slice).await);
        ours = ours.max(throughput(&shared, slice).await);
    }
    let _ = redis.kill();
    let _ = redis.wait();
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        r#"RESULT {{"language":"Rust","case":"shared token cache, 64 in flight","peer":"in-memory token cache","ours":{ours:.3},"peer_value":{theirs:.3},"kind":"throughput"}}"#
    );
    Ok(())
}
