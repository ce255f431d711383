//! The SDK against bare reqwest with a fixed token, on one emulator: 64 `accounts().list` calls
//! in flight, and decoding a 5,000-account answer into models against `serde_json::Value`.
//! Part of `make bench` (`bench/run.sh`), which passes the release emulator's URL in
//! `BENCH_BASE_URL`; run alone, it starts an in-process emulator. Prints one `RESULT {json}`
//! line per comparison for the harness's table.

use std::time::{Duration, Instant};

use candescent::{AccountList, Client, ListAccounts};
use futures::{stream, StreamExt};

const IN_FLIGHT: usize = 64;
const USER: &str = "1234567890";

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn result(case: &str, peer: &str, ours: f64, theirs: f64, kind: &str) {
    // kind "throughput": calls/s, higher is better; "time": ms per decode, lower is better.
    println!(
        r#"RESULT {{"language":"Rust","case":"{case}","peer":"{peer}","ours":{ours:.3},"peer_value":{theirs:.3},"kind":"{kind}"}}"#
    );
}

async fn throughput<F, Fut>(duration: Duration, call: F) -> f64
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..IN_FLIGHT {
        call().await; // warm: token, connections
    }
    let started = Instant::now();
    let mut done = 0u64;
    while started.elapsed() < duration {
        done += stream::iter(0..IN_FLIGHT * 20)
            .map(|_| call())
            .buffer_unordered(IN_FLIGHT)
            .filter(|ok| std::future::ready(*ok))
            .count()
            .await as u64;
    }
    done as f64 / started.elapsed().as_secs_f64()
}

fn best_ms(rounds: usize, mut f: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let local;
    let (base_url, client_id, client_secret, institution_id) = match std::env::var("BENCH_BASE_URL")
    {
        Ok(url) => (
            url,
            env_or("BENCH_CLIENT_ID", "candescent-emulator"),
            env_or("BENCH_CLIENT_SECRET", "emulator-secret"),
            env_or("BENCH_INSTITUTION_ID", "00016"),
        ),
        Err(_) => {
            local = candescent_emulator::start(candescent_emulator::Config::default()).await?;
            let c = local.config();
            (
                local.base_url().to_string(),
                c.client_id.clone(),
                c.client_secret.clone(),
                c.institution_id.clone(),
            )
        }
    };
    let seconds: f64 = env_or("BENCH_SECONDS", "3").parse()?;
    let duration = Duration::from_secs_f64(seconds);

    let client = Client::builder()
        .use_env(false)
        .base_url(&base_url)
        .client_id(&client_id)
        .client_secret(client_secret.as_str())
        .institution_id(&institution_id)
        .build()?;
    let params = ListAccounts::host_user_id(USER);
    let token = client.access_token().await?;

    // Bare reqwest: one pool, the token fixed up front, the body parsed into a Value.
    let http = reqwest::Client::new();
    let accounts_url = format!("{base_url}/v1/accounts");
    let bare = |user: &'static str| {
        let request = http
            .get(&accounts_url)
            .query(&[("hostUserId", user)])
            .bearer_auth(&token)
            .header("transactionId", uuid::Uuid::new_v4().to_string())
            .header("institutionId", &institution_id);
        async move {
            let Ok(response) = request.send().await else {
                return None;
            };
            let body = response.error_for_status().ok()?.bytes().await.ok()?;
            Some(body)
        }
    };

    let ours = throughput(duration, || async {
        client.accounts().list(&params).await.is_ok()
    })
    .await;
    let theirs = throughput(duration, || async {
        match bare(USER).await {
            Some(body) => serde_json::from_slice::<serde_json::Value>(&body).is_ok(),
            None => false,
        }
    })
    .await;
    result(
        "64 in flight",
        "reqwest, fixed token",
        ours,
        theirs,
        "throughput",
    );

    // A typed read of one of the generated operations against today's hand-typed one, per call,
    // one call at a time, in alternating blocks so that a drifting machine favours neither.
    let account = client.accounts().list(&params).await?.accounts[0]
        .id
        .clone();
    let get = candescent::GetAccount::host_user_id(USER);
    let recipient = candescent::api::GetRecipientParams::default().host_user_id(USER);
    let (mut generated, mut hand) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..10 {
        let started = Instant::now();
        for _ in 0..200 {
            client.recipients().get("rcp-0001", &recipient).await?;
        }
        generated = generated.min(started.elapsed().as_secs_f64() * 1000.0 / 200.0);
        let started = Instant::now();
        for _ in 0..200 {
            client.accounts().get(&account, &get).await?;
        }
        hand = hand.min(started.elapsed().as_secs_f64() * 1000.0 / 200.0);
    }
    result(
        "typed read of a generated operation, per call",
        "accounts.get, per call",
        generated,
        hand,
        "time",
    );

    let body = bare("gen-5000")
        .await
        .ok_or("gen-5000 could not be fetched")?;
    let models = best_ms(20, || {
        let list: AccountList = serde_json::from_slice(&body).expect("decodes");
        assert_eq!(list.accounts.len(), 5000);
    });
    let plain = best_ms(20, || {
        let value: serde_json::Value = serde_json::from_slice(&body).expect("parses");
        assert!(value["accounts"].is_array());
    });
    let list: AccountList = serde_json::from_slice(&body)?;
    let wire = best_ms(20, || {
        assert!(candescent::wire::to_wire(&list).len() > body.len() / 2);
    });
    eprintln!("5,000 accounts: models {models:.1} ms, Value {plain:.1} ms, wire form {wire:.1} ms");
    result(
        "decode 5,000 accounts",
        "serde_json::Value",
        models,
        plain,
        "time",
    );
    client.close().await;
    Ok(())
}
