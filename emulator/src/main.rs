//! `candescent-emulator`: the emulator as a command-line server.

use std::io::Write as _;
use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

use candescent_emulator::{start, Config};
use clap::Parser;

const AFTER_HELP: &str = "\
Defaults:
  client id (Shared Key)    candescent-emulator
  client secret (Secret Key) emulator-secret
  partner app (OIDC codes)   emulator-partner / partner-secret
  users' password            emulator-password (grant_type=password)
  institution id             00016
  scopes                     accounts:read, accounts:read_unmasked, transactions:read

Example users:
  hostUserId 1234567890 / loginId testUser   the spec's example (retail) user: the
                                             fixture accounts and transactions
  hostUserId or loginId gen-<N>              a business user: N deterministic accounts,
    (1 <= N <= 100000)                       5 per location, 25-60 transactions each
  hostUserId or loginId future-values        values and fields the spec does not list
  anything else                              404 ACC_00101

Routes (both layouts on one port):
  gateway  /digitalbanking[/stage]/oauth2/v1/token, …/oauth2/v1/revoke,
           …/db-accounts/v1/accounts[/{id}], …/db-transactions/v1/transactions
  host     /oauth2/v1/token, /oauth2/v1/revoke, /v1/accounts[/{id}], /v1/transactions,
           /v1/customers/{id}, /v1/customers/{customerId}:accounts,
           /v1/client-authorization, /v1/auth-code
  admin    GET /__emulator/stats, GET /__emulator/accepted, POST /__emulator/faults,
           POST /__emulator/tokens/expire, POST /__emulator/tokens/revoke,
           POST /__emulator/reset

The first line on stdout is the base URL (http://HOST:PORT); the server then
runs until Ctrl-C or SIGTERM.";

/// A local, in-memory Candescent Digital Banking API for development and tests.
#[derive(Debug, Parser)]
#[command(name = "candescent-emulator", version, about, after_help = AFTER_HELP)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on; 0 picks a free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Accepted client id (Shared Key).
    #[arg(long, default_value = candescent_emulator::DEFAULT_CLIENT_ID)]
    client_id: String,
    /// Accepted client secret (Secret Key).
    #[arg(long, default_value = candescent_emulator::DEFAULT_CLIENT_SECRET, hide_default_value = false)]
    client_secret: String,
    /// Required value of the institutionId header.
    #[arg(long, default_value = candescent_emulator::DEFAULT_INSTITUTION_ID)]
    institution_id: String,
    /// Lifetime of issued tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
    /// Delay added to every token and data response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = Config {
        host: args.host,
        port: args.port,
        client_id: args.client_id,
        client_secret: args.client_secret,
        institution_id: args.institution_id,
        token_ttl: Duration::from_secs(args.token_ttl),
        latency: Duration::from_millis(args.latency_ms),
        ..Config::default()
    };
    let emulator = match start(config).await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!(
                "candescent-emulator: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    {
        let mut out = std::io::stdout().lock();
        if writeln!(out, "{}", emulator.base_url())
            .and_then(|_| out.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
    stop_signal().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}
