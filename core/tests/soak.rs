//! Soak: many calls at about 10 % injected faults, all of them recoverable, so every call must
//! succeed; memory is sampled at each tenth of the run and must stay flat. `SOAK_CALLS` sets
//! the number of calls (10,000 by default; `make soak` runs 100,000 in release mode).

mod common;

use candescent_emulator::{Fault, FaultKind, FaultRoute};
use common::*;

fn calls() -> usize {
    std::env::var("SOAK_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// The resident set size of this process, from `/proc` (Linux); `None` elsewhere.
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The fault played before call `i` (every tenth call): recoverable ones only, with
/// `Retry-After: 0` where the server can say so, so the run measures the SDK, not its backoff.
fn fault_for(i: usize) -> Option<Fault> {
    if i % 10 != 0 {
        return None;
    }
    let route = FaultRoute::Accounts;
    Some(match (i / 10) % 50 {
        0 => Fault::reset(route, 1),
        n if n % 5 == 1 => Fault::status(route, 1, 503).with_retry_after(0),
        n if n % 5 == 2 => Fault::status(route, 1, 429).with_retry_after(0),
        n if n % 5 == 3 => Fault::status(route, 1, 401).with_code("ACC_00601"),
        n if n % 5 == 4 => Fault::status(route, 1, 500).with_retry_after(0),
        _ => Fault {
            stall_ms: Some(5),
            ..Fault::of(route, 1, FaultKind::Stall)
        },
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak() {
    let total = calls();
    let emu = emulator().await;
    let client = client(&emu);
    let step = (total / 10).max(1);
    let mut failures = 0usize;
    let mut samples = Vec::new();
    for i in 1..=total {
        if let Some(fault) = fault_for(i) {
            emu.inject_fault(fault);
        }
        if let Err(e) = client.accounts().list(&list()).await {
            failures += 1;
            eprintln!("call {i} failed: {e}");
        }
        if i % step == 0 {
            let rss = rss_bytes();
            println!(
                "soak (rust): {i} calls, {failures} failures, rss {} MiB",
                rss.map_or("?".into(), |b| format!("{:.1}", b as f64 / 1048576.0))
            );
            samples.extend(rss);
        }
    }
    client.close().await;
    assert_eq!(failures, 0);
    // Flat: after the first tenth (pools, caches and allocator arenas warm), growth stays small.
    if let (Some(first), Some(last)) = (samples.first(), samples.last()) {
        assert!(
            last.saturating_sub(*first) < 24 * 1024 * 1024,
            "memory grew from {first} to {last} bytes: {samples:?}"
        );
    }
}
