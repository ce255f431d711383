//! The client: one configuration, one connection pool, one token cache.

use std::{
    fmt,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
};

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use crate::{
    auth::{
        store::{Keys, Store, Warnings},
        ClientCredentials, SharedTokens, SignIn, TokenCache, TokenSource, UserTokens,
    },
    config::{CacheSpec, ClientBuilder, Config},
    limit::RateLimiter,
    transport::{Extra, Limits, Request, Transport},
    Accounts, Customers, Error, ErrorKind, ResponseMeta, Result, Transactions,
};

/// A client of the Candescent Digital Banking API.
///
/// Cheap to clone: clones share the connection pool and the token cache, so create
/// one per application and pass it around. Tokens are requested, cached, refreshed
/// before they expire and replaced after a 401 without any action of yours.
///
/// ```no_run
/// # async fn run() -> candescent::Result<()> {
/// use candescent::{Client, ListAccounts};
/// let client = Client::builder()
///     .client_id("shared-key")
///     .client_secret("secret-key")
///     .institution_id("00016")
///     .build()?;
/// let list = client.accounts().list(&ListAccounts::host_user_id("1234567890")).await?;
/// println!("{} accounts", list.accounts.len());
/// client.close().await;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Settings of every call of this handle, over the configuration's ([`Client::with_options`]).
    defaults: crate::call::CallOptions,
}

struct Inner {
    config: Arc<Config>,
    transport: Arc<Transport>,
    credentials: Arc<ClientCredentials>,
    tokens: Arc<TokenCache>,
    closed: AtomicBool,
    /// Flips to `true` on close; calls in flight watch it and end at once.
    shutdown: tokio::sync::watch::Sender<bool>,
    /// A signed-in user's tokens: set for the client inside a [`UserSession`](crate::UserSession).
    user: Option<Arc<UserTokens>>,
}

impl Client {
    /// A builder for a client; see [`ClientBuilder`] for the settings and their variables.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the `CANDESCENT_*` environment variables alone.
    ///
    /// ```no_run
    /// let client = candescent::Client::from_env()?;
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn from_env() -> Result<Client> {
        Client::builder().build()
    }

    pub(crate) fn from_config(config: Config) -> Result<Client> {
        let config = Arc::new(config);
        let store = Store::open(&config)?;
        let warnings = Warnings::new(config.token_cache.describe(), config.hook.clone());
        let limiter = config.rate_limit.map(|rate| {
            let shared = store
                .clone()
                .map(|s| (s, Keys::new(&config).rate, warnings.clone()));
            RateLimiter::new(rate, config.naming.spell("rate_limit").into_owned(), shared)
        });
        let transport = Arc::new(Transport::new(config.clone(), limiter)?);
        let credentials = Arc::new(ClientCredentials::new(config.clone(), transport.clone()));
        let source: Arc<dyn TokenSource> = match store {
            Some(store) => Arc::new(SharedTokens::new(
                &config,
                credentials.clone(),
                store,
                warnings,
                transport.clone(),
            )),
            None => credentials.clone(),
        };
        let tokens = TokenCache::new(source);
        Ok(Client {
            defaults: Default::default(),
            inner: Arc::new(Inner {
                config,
                transport,
                credentials,
                tokens,
                closed: AtomicBool::new(false),
                shutdown: tokio::sync::watch::Sender::new(false),
                user: None,
            }),
        })
    }

    /// A client for a signed-in user: this client's configuration, connection pool and
    /// resources, with the user's own token cache as its only difference.
    pub(crate) fn for_user(&self, sign_in: SignIn) -> (Client, Arc<UserTokens>) {
        let inner = &self.inner;
        let user = Arc::new(UserTokens::new(
            inner.credentials.clone(),
            inner.transport.clone(),
            inner.config.clone(),
            sign_in,
        ));
        let client = Client {
            defaults: self.defaults,
            inner: Arc::new(Inner {
                config: inner.config.clone(),
                transport: inner.transport.clone(),
                credentials: inner.credentials.clone(),
                tokens: TokenCache::new(user.clone()),
                closed: AtomicBool::new(false),
                shutdown: tokio::sync::watch::Sender::new(false),
                user: Some(user.clone()),
            }),
        };
        (client, user)
    }

    /// This client with other defaults for its calls (a timeout per attempt, a retry count, a
    /// deadline): it shares the connection pool, the token and everything else, and costs one
    /// reference count. Each call's own options still win.
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .build()?;
    /// let patient = client.with_options(candescent::call::CallOptions {
    ///     timeout: Some(Duration::from_secs(120)),
    ///     ..Default::default()
    /// });
    /// assert_eq!(patient.options().timeout, Some(Duration::from_secs(120)));
    /// assert_eq!(client.options().timeout, None);
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn with_options(&self, options: crate::call::CallOptions) -> Client {
        let d = self.defaults;
        Client {
            inner: self.inner.clone(),
            defaults: crate::call::CallOptions {
                timeout: options.timeout.or(d.timeout),
                max_retries: options.max_retries.or(d.max_retries),
                retry: options.retry.or(d.retry),
                deadline: options.deadline.or(d.deadline),
            },
        }
    }

    /// The call defaults of this handle ([`with_options`](Self::with_options)).
    pub fn options(&self) -> crate::call::CallOptions {
        self.defaults
    }

    /// Whether calls carry a signed-in user's token, which names the user by itself.
    pub(crate) fn signed_in(&self) -> bool {
        self.inner.user.is_some()
    }

    /// The accounts resource.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts { client: self }
    }

    /// The transactions resource.
    pub fn transactions(&self) -> Transactions<'_> {
        Transactions { client: self }
    }

    /// The customers resource: who a user is and which customers (business locations) they
    /// act for.
    pub fn customers(&self) -> Customers<'_> {
        Customers { client: self }
    }

    /// A valid access token, for endpoints this SDK does not cover yet. It is the
    /// client's cached token: do not revoke it yourself.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// let token = client.access_token().await?;
    /// # drop(token); Ok(()) }
    /// ```
    pub async fn access_token(&self) -> Result<String> {
        let deadline = self.deadline();
        let token = self.until_closed(self.token(deadline)).await?;
        Ok(token.secret.expose().to_owned())
    }

    /// The current access token (requested if there is none) with its expiry and, when the
    /// token endpoint names them, its scopes: a check that the credentials work.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// let info = client.token_info().await?;
    /// println!("{:?} until {:?}", info.scopes(), info.expires_at());
    /// # Ok(()) }
    /// ```
    pub async fn token_info(&self) -> Result<crate::TokenInfo> {
        let deadline = self.deadline();
        let token = self.until_closed(self.token(deadline)).await?;
        let expires_in = token
            .expires_at
            .saturating_duration_since(tokio::time::Instant::now());
        Ok(crate::TokenInfo {
            access_token: token.secret.clone(),
            expires_in,
            expires_at: std::time::SystemTime::now() + expires_in,
            scopes: token.scopes.clone(),
            requested_scopes: self.inner.config.scopes.clone(),
        })
    }

    /// Closes the client and revokes its token (best effort; not a token shared through a
    /// [`token_cache`](ClientBuilder::token_cache), which the other processes still use). Later calls fail with
    /// [`ErrorKind::Closed`]; calls in flight end at once with the same error unless their
    /// answer is already in, and no token is requested after this point (one already
    /// requested is revoked when it arrives).
    pub async fn close(&self) {
        if self.inner.closed.swap(true, Ordering::SeqCst) {
            return;
        }
        let token = self.inner.tokens.close();
        self.inner.shutdown.send_replace(true);
        // A token shared through a token cache is the fleet's: the other processes still use it.
        // A user's tokens are never shared.
        let shared = self.inner.user.is_none()
            && !matches!(self.inner.config.token_cache, CacheSpec::Memory);
        if let Some(token) = token.filter(|_| !shared) {
            // Best effort: a failure was already logged as the revocation's request event.
            let _ = self.inner.credentials.revoke(&token).await;
        }
        if let Some(user) = &self.inner.user {
            user.revoke_refresh().await;
        }
    }

    /// The base URL requests go to, e.g. `https://api.candescent.com/digitalbanking/stage`.
    ///
    /// ```
    /// let client = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .build()?;
    /// assert_eq!(client.base_url(), "https://api.candescent.com/digitalbanking/stage");
    /// assert_eq!(client.institution_id(), "00016");
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        self.inner.config.base_url.as_str().trim_end_matches('/')
    }

    /// The financial institution's id the client was configured with.
    pub fn institution_id(&self) -> &str {
        self.inner.config.institution_id()
    }

    /// Whether [`close`](Self::close) was called.
    pub fn is_closed(&self) -> bool {
        self.inner.closed.load(Ordering::SeqCst)
    }

    /// Same as [`is_closed`](Self::is_closed), under the name Python and Node use (`closed`).
    ///
    /// ```
    /// let client = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .build()?;
    /// assert!(!client.closed());
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn closed(&self) -> bool {
        self.is_closed()
    }

    pub(crate) fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Runs `work` until it ends or the client is closed, whichever comes first; an
    /// answer that is already in wins over a close that races it.
    async fn until_closed<T>(
        &self,
        work: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        let mut shutdown = self.inner.shutdown.subscribe();
        if *shutdown.borrow_and_update() {
            return Err(Error::closed());
        }
        tokio::select! {
            biased;
            result = work => result,
            _ = shutdown.wait_for(|closed| *closed) => Err(Error::closed()),
        }
    }

    fn deadline(&self) -> Option<Instant> {
        // Checked: a deadline of `Duration::MAX` means "none", not a panic.
        self.defaults
            .deadline
            .or(self.inner.config.deadline)
            .and_then(|d| Instant::now().checked_add(d))
    }

    async fn token(&self, deadline: Option<Instant>) -> Result<Arc<crate::auth::AccessToken>> {
        let tokens = &self.inner.tokens;
        match deadline {
            None => tokens.get().await,
            Some(deadline) => tokio::time::timeout_at(deadline, tokens.get())
                .await
                .unwrap_or_else(|_| {
                    Err(Error::new(
                        ErrorKind::Timeout,
                        "the deadline passed while waiting for an access token",
                    ))
                }),
        }
    }

    /// Sends one request with the cached token, replaying it once with a new token after a
    /// 401 (the server refused it before doing anything, so even a POST may be replayed).
    // Not an `async fn`: one layer of future less, which deeply nested callers' futures need.
    fn send_open(
        &self,
        method: Method,
        url: Url,
        extra: Option<Arc<Extra>>,
        retry: bool,
        correlation_id: bool,
    ) -> impl std::future::Future<Output = Result<Answer>> + '_ {
        self.send_with(Outgoing {
            method,
            url,
            // Any endpoint may be one that traces by `correlationId`.
            correlation_id: correlation_id || extra.is_some(),
            extra,
            retry,
            limits: Limits::default(),
            deadline: self.deadline(),
        })
    }

    /// Sends `out` with the cached token, replaying it once with a new token after a 401.
    pub(crate) async fn send_with(&self, mut out: Outgoing) -> Result<Answer> {
        out.limits.timeout = out.limits.timeout.or(self.defaults.timeout);
        out.limits.max_retries = out.limits.max_retries.or(self.defaults.max_retries);
        let mut replayed = false;
        let response = loop {
            let token = self.token(out.deadline).await?;
            let request = Request {
                method: out.method.clone(),
                url: out.url.clone(),
                authorization: Some(token.header.clone()),
                form: None,
                retry: out.retry,
                correlation_id: out.correlation_id,
                extra: out.extra.clone(),
                limits: out.limits,
            };
            // Boxed: the transport's future nests reqwest's, and without a box every caller's
            // future nests them all, deep enough to exhaust the compiler's query depth in a
            // user's crate that awaits a few calls in one function.
            match Box::pin(self.inner.transport.send(&request, out.deadline)).await {
                // The token may have been revoked or expired early on the server: one new token, one replay.
                Err(e) if e.status() == Some(401) && !replayed => {
                    self.inner.tokens.invalidate(token.generation);
                    replayed = true;
                }
                other => break other?,
            }
        };
        Ok(Answer {
            status: response.status.as_u16(),
            headers: response.headers,
            body: response.body,
            transaction_id: response.transaction_id,
            method: out.method,
            url: out.url,
            client: self.clone(),
        })
    }

    /// The deadline of a call made now, from the client's setting or `own`.
    pub(crate) fn deadline_of(&self, own: Option<std::time::Duration>) -> Option<Instant> {
        match own {
            Some(d) => Instant::now().checked_add(d),
            None => self.deadline(),
        }
    }

    /// Runs `work` until it ends or the client is closed; for the calls of the table.
    pub(crate) async fn guarded<T>(
        &self,
        work: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        self.until_closed(work).await
    }

    /// Sends a request built by [`RequestBuilder`](crate::RequestBuilder).
    pub(crate) async fn send_raw(
        &self,
        method: Method,
        url: Url,
        extra: Extra,
        retry: bool,
    ) -> Result<Answer> {
        self.until_closed(self.send_open(method, url, Some(Arc::new(extra)), retry, true))
            .await
    }

    /// The base URL as parsed at construction.
    pub(crate) fn base(&self) -> &Url {
        &self.inner.config.base_url
    }
}

/// One request of a call, ready to send.
pub(crate) struct Outgoing {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) extra: Option<Arc<Extra>>,
    pub(crate) retry: bool,
    pub(crate) correlation_id: bool,
    pub(crate) limits: Limits,
    pub(crate) deadline: Option<Instant>,
}

/// A 2xx answer, still to be decoded.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: bytes::Bytes,
    pub(crate) transaction_id: String,
    pub(crate) method: Method,
    pub(crate) url: Url,
    client: Client,
}

impl Answer {
    /// Status, headers and transactionId, taking the headers out of the answer.
    pub(crate) fn take_meta(&mut self) -> ResponseMeta {
        ResponseMeta {
            status: self.status,
            headers: std::mem::take(&mut self.headers),
            transaction_id: self.transaction_id.clone(),
        }
    }

    /// Decodes the body as `T`.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(self.text()?).map_err(|e| self.decode_error(&e))
    }

    /// The body as text: one UTF-8 check of the whole body is much cheaper than serde_json's
    /// check of every string in it (a quarter of the decoding time of a long account list).
    pub(crate) fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.body).map_err(|e| self.decode_error(&e))
    }

    /// The error for an answer that does not fit the model it should.
    pub(crate) fn decode_error(&self, e: &dyn fmt::Display) -> Error {
        Error::new(
            ErrorKind::Decode,
            format!(
                "the answer to {} {} does not match the API's schema: {e}",
                self.method,
                self.url.path()
            ),
        )
        .with_transaction_id(&self.transaction_id)
        // serde quotes the offending value, which could be an echoed credential.
        .scrubbed(self.client.inner.transport.redactor())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("closed", &self.is_closed())
            .finish()
    }
}
