//! Throughput of `accounts().list` against a local emulator: many concurrent calls on one
//! client, one token, one connection pool. Run with `cargo bench -p candescent`.

use std::time::Instant;

use candescent::{Client, ListAccounts};
use futures::{stream, StreamExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emu = candescent_emulator::start(candescent_emulator::Config::default()).await?;
    let c = emu.config();
    let client = Client::builder()
        .use_env(false)
        .base_url(emu.base_url())
        .client_id(&c.client_id)
        .client_secret(&c.client_secret)
        .institution_id(&c.institution_id)
        .build()?;
    for (user, calls, concurrency) in [("1234567890", 20_000, 64), ("gen-100", 5_000, 64)] {
        let params = ListAccounts::host_user_id(user);
        client.accounts().list(&params).await?; // token and connections warm
        let started = Instant::now();
        let ok = stream::iter(0..calls)
            .map(|_| async { client.accounts().list(&params).await.is_ok() })
            .buffer_unordered(concurrency)
            .filter(|ok| std::future::ready(*ok))
            .count()
            .await;
        let elapsed = started.elapsed();
        println!(
            "accounts.list {user:>10}: {ok}/{calls} ok in {elapsed:.2?} = {:.0} calls/s at concurrency {concurrency}",
            calls as f64 / elapsed.as_secs_f64()
        );
    }
    println!("token requests: {}", emu.stats().requests.token);
    Ok(())
}
