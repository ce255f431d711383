//! The emulator as a command-line server: the options and the serving loop shared by the
//! `candescent-emulator` binary and the `candescent emulator` command.

use std::io::Write as _;
use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

use crate::{start, Config};

/// The help text after the options: the defaults, the example users and the routes.
pub const AFTER_HELP: &str = "\
Defaults:
  client id (Shared Key)    candescent-emulator
  client secret (Secret Key) emulator-secret
  partner app (OIDC codes)   emulator-partner / partner-secret
  users' password            emulator-password (grant_type=password)
  institution id             00016
  scopes                     every scope of the official document (accounts:read,
                             transactions:read, recipients:write, …); a token requested
                             without scopes gets them all

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
  both     every other served operation of the official document (recipients,
           payments, alerts, disclosures, e-statements, groups, …: see the README)
  admin    GET /__emulator/stats, GET /__emulator/accepted, POST /__emulator/faults,
           POST /__emulator/tokens/expire, POST /__emulator/tokens/revoke,
           POST /__emulator/reset

The first line on stdout is the base URL (http://HOST:PORT); the server then
runs until Ctrl-C or SIGTERM.";

/// The emulator's settings as command-line options, for `candescent-emulator` and
/// `candescent emulator`.
///
/// ```
/// use clap::Parser;
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     serve: candescent_emulator::cli::ServeArgs,
/// }
/// let cli = Cli::parse_from(["emulator", "--port", "8080"]);
/// assert_eq!(cli.serve.port, 8080);
/// ```
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free port.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Accepted client id (Shared Key).
    #[arg(long, default_value = crate::DEFAULT_CLIENT_ID)]
    pub client_id: String,
    /// Accepted client secret (Secret Key).
    #[arg(long, default_value = crate::DEFAULT_CLIENT_SECRET, hide_default_value = false)]
    pub client_secret: String,
    /// Required value of the institutionId header.
    #[arg(long, default_value = crate::DEFAULT_INSTITUTION_ID)]
    pub institution_id: String,
    /// Lifetime of issued tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    pub token_ttl: u64,
    /// Delay added to every token and data response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
}

/// Ctrl-C and SIGTERM, listened for from when it is made: made before the base URL is printed,
/// a signal sent as soon as a script has read the URL still stops the server cleanly.
struct StopSignal {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignal {
    fn listen() -> StopSignal {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            StopSignal {
                signals: signal(SignalKind::interrupt())
                    .and_then(|int| Ok((int, signal(SignalKind::terminate())?)))
                    .ok(),
            }
        }
        #[cfg(not(unix))]
        StopSignal {}
    }

    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.signals {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Serves until Ctrl-C or SIGTERM, after printing the base URL as the first line of
/// standard output (so that a script can read it).
///
/// ```no_run
/// # async fn run() {
/// use clap::Parser;
/// #[derive(Parser)]
/// struct Cli {
///     #[command(flatten)]
///     serve: candescent_emulator::cli::ServeArgs,
/// }
/// let code = candescent_emulator::cli::serve(Cli::parse().serve, "candescent-emulator").await;
/// # drop(code); }
/// ```
pub async fn serve(args: ServeArgs, program: &str) -> ExitCode {
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
    let stop = StopSignal::listen();
    let emulator = match start(config).await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!(
                "{program}: cannot listen on {}:{}: {e}",
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
    stop.wait().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}
