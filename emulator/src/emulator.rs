//! The handle to a running emulator.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::{watch, Mutex};
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::faults::Fault;
use crate::server;
use crate::state::AppState;
use crate::stats::Stats;

struct Inner {
    state: Arc<AppState>,
    base_url: String,
    shutdown: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The last handle is gone: nobody can stop the server any more, so stop it now.
        let _ = self.shutdown.send(true);
    }
}

/// A running emulator. Clones share the same server.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// let emu = candescent_emulator::start(candescent_emulator::Config::default()).await?;
/// assert!(emu.base_url().starts_with("http://127.0.0.1:"));
/// assert_eq!(emu.stats().tokens_issued, 0);
/// emu.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Emulator {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

/// Binds `config.host:config.port` and serves on the current tokio runtime; returns once listening.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// use candescent_emulator::{start, Config};
/// let emu = start(Config { client_secret: "s3cret".into(), ..Config::default() }).await?;
/// println!("{}", emu.base_url());
/// emu.shutdown().await;
/// # Ok(()) }
/// ```
pub async fn start(config: Config) -> std::io::Result<Emulator> {
    let listener = TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
    let addr = listener.local_addr()?;
    let base_url = match addr {
        SocketAddr::V4(a) => format!("http://{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("http://[{}]:{}", a.ip(), a.port()),
    };
    let state = Arc::new(AppState::new(config));
    let router = server::router(state.clone());
    let (shutdown, rx) = watch::channel(false);
    let task = tokio::spawn(server::serve(listener, router, rx));
    Ok(Emulator {
        inner: Arc::new(Inner {
            state,
            base_url,
            shutdown,
            task: Mutex::new(Some(task)),
        }),
    })
}

impl Emulator {
    /// `http://HOST:PORT`, without a trailing slash; use it as the SDK's base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The configuration it runs with (the port as requested; see [`Emulator::base_url`] for the bound one).
    pub fn config(&self) -> &Config {
        &self.inner.state.config
    }

    /// Counters since start or the last [`Emulator::reset`].
    pub fn stats(&self) -> Stats {
        self.inner.state.counters.snapshot()
    }

    /// `(unix second, data calls answered 200 in it)` for the last two minutes, oldest
    /// first, as `GET /__emulator/accepted` gives them: what a rate limit let through.
    pub fn accepted_per_second(&self) -> Vec<(u64, u64)> {
        self.inner.state.counters.accepted_per_second()
    }

    /// Scripts a failure for the next `fault.count` requests to `fault.route`.
    ///
    /// Invalid values (count 0, status outside 200–599) are ignored here; the
    /// admin API reports them as 400.
    pub fn inject_fault(&self, fault: Fault) {
        if fault.validate().is_ok() {
            self.inner.state.faults.push(fault);
        }
    }

    /// Every token issued so far expires now.
    pub fn expire_tokens(&self) {
        self.inner.state.tokens.expire_all();
    }

    /// Every access token issued so far expires now; refresh tokens stay valid, so a
    /// signed-in user's session renews its token with one refresh.
    pub fn expire_access_tokens(&self) {
        self.inner.state.tokens.expire_access();
    }

    /// A one-time authorization code for the user `login_id` (e.g. `testUser`), as the
    /// OpenID Connect steps give one, for the emulator's own application; redeemed with
    /// `grant_type=authorization_code` it yields an access token, a refresh token and an
    /// ID token. `None` for an unknown user.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
    /// let emu = candescent_emulator::start(Default::default()).await?;
    /// assert!(emu.authorization_code("testUser").is_some());
    /// assert!(emu.authorization_code("nobody").is_none());
    /// # Ok(()) }
    /// ```
    pub fn authorization_code(&self, login_id: &str) -> Option<String> {
        let state = &self.inner.state;
        let user = crate::data::UserKey::by_login(login_id)?;
        let grants = crate::tokens::Grants::from_scopes(
            state.config.allowed_scopes.iter().map(String::as_str),
        );
        let session = crate::tokens::Session {
            grants,
            user: Some(user),
        };
        Some(
            state
                .tokens
                .issue_code(session, &state.config.client_id, true),
        )
    }

    /// Every token issued so far is rejected from now on.
    pub fn revoke_tokens(&self) {
        self.inner.state.tokens.revoke_all();
    }

    /// Clears faults, counters and tokens, and brings everything requests created, changed
    /// or deleted back to the seed.
    pub fn reset(&self) {
        self.inner.state.reset();
    }

    /// Stops accepting connections and waits until the listener is closed. Idempotent.
    pub async fn shutdown(&self) {
        let _ = self.inner.shutdown.send(true);
        let mut task = self.inner.task.lock().await;
        if let Some(handle) = task.take() {
            let _ = handle.await;
        }
    }
}
