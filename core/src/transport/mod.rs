//! Sends one logical request: headers, a fresh `transactionId` per attempt, timeouts,
//! retries with backoff, and the mapping of every failure to an [`Error`].

pub(crate) mod error_body;
pub(crate) mod retry;

use std::{sync::Arc, time::Duration};

use bytes::{Bytes, BytesMut};
use reqwest::{
    header::{self, HeaderName, HeaderValue},
    Method, StatusCode, Url,
};
use tokio::time::Instant;

use crate::{
    config::Config, limit::RateLimiter, redact::Redactor, Error, ErrorKind, LogLevel, RequestEvent,
    Result,
};

static TRANSACTION_ID: HeaderName = HeaderName::from_static("transactionid");
static INSTITUTION_ID: HeaderName = HeaderName::from_static("institutionid");
static CORRELATION_ID: HeaderName = HeaderName::from_static("correlationid");

/// What a request made with [`Client::request`](crate::Client::request) adds to the usual
/// ones: the caller's headers and a body of any type.
#[derive(Debug, Default)]
pub(crate) struct Extra {
    /// Checked by the request builder: none of the headers the SDK owns.
    pub(crate) headers: header::HeaderMap,
    /// `Content-Type` and the body.
    pub(crate) body: Option<(HeaderValue, Bytes)>,
}

/// One request as the resources and the token provider describe it.
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) url: Url,
    /// `Basic …` or `Bearer …`, marked sensitive so that it never prints; none when the
    /// credentials travel in the form body.
    pub(crate) authorization: Option<HeaderValue>,
    /// A form-encoded body.
    pub(crate) form: Option<Bytes>,
    /// Whether failures may be retried (the GETs and the token grant are idempotent).
    pub(crate) retry: bool,
    /// Whether the attempt's id also goes as `correlationId` (unless `extra` names one), which
    /// the services behind the customer-management gateway (`/v1/customers`) require.
    pub(crate) correlation_id: bool,
    /// Headers and body of a request to any endpoint; `None` for the typed calls.
    pub(crate) extra: Option<Arc<Extra>>,
    /// This call's own limits, over the client's.
    pub(crate) limits: Limits,
}

/// A call's own timeout per attempt and retry count, over the client's settings.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Limits {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
}

/// A 2xx answer.
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    /// Moved out of the HTTP library's answer, not copied.
    pub(crate) headers: header::HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) transaction_id: String,
}

/// The HTTP layer of one client: its connection pool and its retry policy.
pub(crate) struct Transport {
    http: reqwest::Client,
    config: Arc<Config>,
    redactor: Redactor,
    limiter: Option<RateLimiter>,
}

/// How one attempt ended, before the retry decision.
enum Attempt {
    Done(Response),
    Failed { error: Error, retryable: bool },
}

impl Transport {
    pub(crate) fn new(config: Arc<Config>, limiter: Option<RateLimiter>) -> Result<Transport> {
        let mut headers = header::HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, config.user_agent.clone());
        headers.insert(INSTITUTION_ID.clone(), config.institution_id.clone());
        let builder = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true)
            .use_preconfigured_tls(tls_config(&config)?);
        // The proxy was decided at build time; reqwest must not look at the environment again.
        let builder = match &config.proxy {
            None => builder.no_proxy(),
            Some(route) => {
                builder.proxy(reqwest::Proxy::all(route.url.expose()).map_err(|_| {
                    Error::configuration(format!("{} is not a valid proxy URL", route.source))
                })?)
            }
        };
        let http = builder
            .build()
            .map_err(|e| Error::configuration(format!("cannot set up the HTTP client: {e}")))?;
        let redactor = Redactor::new(&config.client_id, config.client_secret.expose());
        Ok(Transport {
            http,
            config,
            redactor,
            limiter,
        })
    }

    /// Scrubs credentials out of what the SDK says; shared with the token provider, which
    /// registers every token it receives.
    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Sends `request`, retrying what may be retried, until an answer, a final failure,
    /// or `deadline`. Non-2xx answers become [`Error`]s naming the last `transactionId`.
    pub(crate) async fn send(
        &self,
        request: &Request,
        deadline: Option<Instant>,
    ) -> Result<Response> {
        let timeout = request.limits.timeout.unwrap_or(self.config.timeout);
        let max_attempts = if request.retry {
            request
                .limits
                .max_retries
                .unwrap_or(self.config.max_retries)
                .saturating_add(1)
        } else {
            1
        };
        let mut attempt = 1;
        loop {
            if let Some(limiter) = &self.limiter {
                // Without a deadline, a request waits for its slot at most as long as it
                // would wait for an answer.
                let until = deadline.unwrap_or_else(|| Instant::now() + timeout);
                limiter.acquire(until).await?;
            }
            let started = Instant::now();
            let per_attempt = match deadline {
                Some(d) => timeout.min(d.saturating_duration_since(started)),
                None => timeout,
            };
            let transaction_id = uuid::Uuid::new_v4().hyphenated().to_string();
            let outcome = self.attempt(request, &transaction_id, per_attempt).await;
            let (error, retryable) = match outcome {
                Attempt::Done(response) => {
                    self.report(
                        request,
                        attempt,
                        started,
                        &transaction_id,
                        Some(response.status.as_u16()),
                        "ok",
                        None,
                    );
                    return Ok(response);
                }
                Attempt::Failed { error, retryable } => (error, retryable),
            };
            // Checked: the wait comes from a server's `Retry-After`, the deadline from the caller.
            let wait = (retryable && attempt < max_attempts)
                .then(|| {
                    error
                        .retry_after()
                        .unwrap_or_else(|| retry::backoff(attempt))
                })
                .filter(|wait| {
                    deadline
                        .is_none_or(|d| Instant::now().checked_add(*wait).is_some_and(|t| t < d))
                });
            let outcome = if wait.is_some() { "retry" } else { "error" };
            let detail = (!error.kind().is_api_error()).then(|| error.message().to_owned());
            self.report(
                request,
                attempt,
                started,
                &transaction_id,
                error.status(),
                outcome,
                detail,
            );
            match wait {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    async fn attempt(&self, request: &Request, transaction_id: &str, limit: Duration) -> Attempt {
        let mut builder = self
            .http
            .request(request.method.clone(), request.url.clone())
            .header(&TRANSACTION_ID, transaction_id);
        // Some services trace by `correlationId` rather than `transactionId`: unless the caller
        // names one, it is the attempt's transactionId, so one id finds both.
        let named = request
            .extra
            .as_ref()
            .is_some_and(|e| e.headers.contains_key(&CORRELATION_ID));
        if request.correlation_id && !named {
            builder = builder.header(&CORRELATION_ID, transaction_id);
        }
        if let Some(authorization) = &request.authorization {
            builder = builder.header(header::AUTHORIZATION, authorization.clone());
        }
        if let Some(form) = &request.form {
            builder = builder
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form.clone());
        }
        if let Some(extra) = &request.extra {
            if let Some((content_type, body)) = &extra.body {
                builder = builder
                    .header(header::CONTENT_TYPE, content_type.clone())
                    .body(body.clone());
            }
            for (name, value) in &extra.headers {
                builder = builder.header(name, value);
            }
        }
        let max_body = self.config.max_response_bytes;
        let exchange = async {
            let mut response = builder.send().await?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(retry::parse_retry_after);
            // An error body only needs its code and message; a success body is bounded by
            // the configured limit, checked up front when the length is announced.
            let limit = if status.is_success() {
                max_body
            } else {
                error_body::MAX_ERROR_BODY
            };
            if status.is_success() && response.content_length().is_some_and(|n| n > limit as u64) {
                return Ok((
                    status,
                    retry_after,
                    header::HeaderMap::new(),
                    Bytes::new(),
                    true,
                ));
            }
            let headers = if status.is_success() {
                std::mem::take(response.headers_mut())
            } else {
                header::HeaderMap::new()
            };
            let (body, over) = read_limited(&mut response, limit).await?;
            Ok::<_, reqwest::Error>((status, retry_after, headers, body, over))
        };
        let failed = |error: Error, retryable| Attempt::Failed {
            error: error
                .with_transaction_id(transaction_id)
                .scrubbed(&self.redactor),
            retryable,
        };
        match tokio::time::timeout(limit, exchange).await {
            Err(_) => failed(
                Error::new(
                    ErrorKind::Timeout,
                    format!(
                        "no complete answer from {} within {limit:?}",
                        host_port(&request.url)
                    ),
                )
                .maybe_sent(),
                true,
            ),
            Ok(Err(e)) => {
                let kind = if e.is_timeout() {
                    ErrorKind::Timeout
                } else {
                    ErrorKind::Connection
                };
                let message = connection_message(&e, &request.url, &self.config);
                // A refused or failed connection never carried the request.
                let error = if e.is_connect() {
                    Error::new(kind, message)
                } else {
                    Error::new(kind, message).maybe_sent()
                };
                // The URL can carry a customer's id in its query: keep it out of the cause.
                let e = e.without_url();
                failed(error.with_source(e), true)
            }
            Ok(Ok((status, _, _, _, true))) if status.is_success() => failed(
                Error::new(
                    ErrorKind::Decode,
                    format!(
                        "the answer to {} {} is larger than the response size limit of {} bytes \
                         (max_response_bytes); raise the limit if such answers are expected",
                        request.method,
                        request.url.path(),
                        max_body
                    ),
                ),
                false,
            ),
            Ok(Ok((status, _, headers, body, _))) if status.is_success() => {
                Attempt::Done(Response {
                    status,
                    headers,
                    body,
                    transaction_id: transaction_id.to_owned(),
                })
            }
            Ok(Ok((status, retry_after, _, body, _))) => {
                let parsed = error_body::parse(status.as_u16(), &body);
                let error = Error::api(status.as_u16(), parsed.code, parsed.message)
                    .with_retry_after(retry_after);
                if retry_after.is_some_and(|after| after > retry::RETRY_AFTER_CAP) {
                    // Waiting minutes inside a call would look like a hang; hand the wait to the caller.
                    return failed(error.with_kind(ErrorKind::RateLimit), false);
                }
                failed(error, retry::is_retryable(status))
            }
        }
    }

    /// The one place that decides how loud an attempt is: successes at debug, retries at
    /// warn, final failures at error. The event goes to `tracing` and to the client's hook,
    /// through which the bindings feed Python's `logging` and the Node logger.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        request: &Request,
        attempt: u32,
        started: Instant,
        transaction_id: &str,
        status: Option<u16>,
        outcome: &'static str,
        error: Option<String>,
    ) {
        let elapsed = started.elapsed();
        let level = match outcome {
            "ok" => LogLevel::Debug,
            "retry" => LogLevel::Warn,
            _ => LogLevel::Error,
        };
        macro_rules! trace_at {
            ($macro:ident) => {
                tracing::$macro!(
                    method = request.method.as_str(),
                    path = request.url.path(),
                    status,
                    attempt,
                    elapsed_ms = elapsed.as_millis() as u64,
                    transaction_id,
                    outcome,
                    error = error.as_deref(),
                    "candescent request"
                )
            };
        }
        match level {
            LogLevel::Debug => trace_at!(debug),
            LogLevel::Warn => trace_at!(warn),
            LogLevel::Error => trace_at!(error),
        }
        if let Some(hook) = &self.config.hook {
            hook(&RequestEvent {
                method: method_name(&request.method),
                path: request.url.path().to_owned(),
                status,
                attempt,
                elapsed,
                transaction_id: transaction_id.to_owned(),
                outcome,
                level,
                error,
            });
        }
    }
}

/// TLS 1.2 and 1.3 by rustls with ring, trusting the configured roots.
fn tls_config(config: &Config) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::configuration(format!("cannot set up TLS: {e}")))?
        .with_root_certificates(config.roots.clone())
        .with_no_client_auth())
}

/// Reads at most `limit` bytes of the body; `true` when more was on its way. A body that
/// arrives in one chunk is kept as it came, without a copy.
async fn read_limited(
    response: &mut reqwest::Response,
    limit: usize,
) -> std::result::Result<(Bytes, bool), reqwest::Error> {
    let mut first: Option<Bytes> = None;
    let mut rest: Option<BytesMut> = None;
    let mut len = 0usize;
    while let Some(chunk) = response.chunk().await? {
        let room = limit - len;
        let over = chunk.len() > room;
        let chunk = if over { chunk.slice(..room) } else { chunk };
        len += chunk.len();
        match (&mut first, &mut rest) {
            (None, _) => first = Some(chunk),
            (Some(head), None) => {
                let mut buffer = BytesMut::with_capacity(
                    (head.len() + chunk.len())
                        .max(response.content_length().unwrap_or(0) as usize)
                        .min(limit),
                );
                buffer.extend_from_slice(head);
                buffer.extend_from_slice(&chunk);
                rest = Some(buffer);
            }
            (Some(_), Some(buffer)) => buffer.extend_from_slice(&chunk),
        }
        if over {
            return Ok((finish(first, rest), true));
        }
    }
    Ok((finish(first, rest), false))
}

fn finish(first: Option<Bytes>, rest: Option<BytesMut>) -> Bytes {
    match rest {
        Some(buffer) => buffer.freeze(),
        None => first.unwrap_or_default(),
    }
}

/// `host:port` of a URL, as a person would type it.
pub(crate) fn host_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Says in plain words what failed and where; the library's own detail stays the error's source.
fn connection_message(e: &reqwest::Error, url: &Url, config: &Config) -> String {
    use std::error::Error as _;
    let mut detail = String::new();
    let mut source = e.source();
    while let Some(s) = source {
        detail.push_str(&s.to_string().to_ascii_lowercase());
        detail.push(' ');
        source = s.source();
    }
    let host = url.host_str().unwrap_or("?");
    let at = host_port(url);
    let has = |words: &[&str]| words.iter().any(|w| detail.contains(w));
    let naming = config.naming;
    // The proxy is named by its address and where it was set, never with its credentials.
    let proxy = config
        .proxy
        .as_ref()
        .map(|p| format!("the proxy {} (from {})", p.shown, p.source));
    if e.is_timeout() {
        match &proxy {
            Some(proxy) => format!("timed out talking to {at} through {proxy}"),
            None => format!("timed out talking to {at}"),
        }
    } else if e.is_connect() {
        if has(&["unknownissuer", "unknown issuer"]) {
            format!(
                "the TLS certificate of {at} is not trusted: it is signed by a certificate \
                 authority this client does not know (unknown issuer). If a proxy or your \
                 organisation re-signs TLS, give its CA certificate (a PEM file) as {} or in \
                 SSL_CERT_FILE",
                naming.spell("ca_bundle")
            )
        } else if has(&["not valid for name", "notvalidforname"]) {
            format!("the TLS certificate of {at} is not valid for the host name {host:?}")
        } else if has(&["certificate expired", "expired"]) {
            format!("the TLS certificate of {at} has expired (or this machine's clock is wrong)")
        } else if let (Some(proxy), true) = (&proxy, has(&["proxy authorization required"])) {
            format!(
                "{proxy} requires authentication (407): give the user and password in the \
                 proxy URL, http://user:password@host:port"
            )
        } else if let (Some(proxy), true) = (&proxy, has(&["tunnel error: unsuccessful"])) {
            format!("{proxy} refused to open a tunnel to {at} (it answered CONNECT with an error)")
        } else if has(&[
            "dns error",
            "failed to lookup address",
            "name or service not known",
            "no such host",
            "nodename nor servname",
            "temporary failure in name resolution",
        ]) {
            match &proxy {
                Some(proxy) => format!("could not resolve the host name of {proxy} (DNS lookup failed): check the proxy setting"),
                None => format!("could not resolve the host name {host:?} (DNS lookup failed): check base_url and your network"),
            }
        } else if has(&[
            "certificate",
            "tls",
            "handshake",
            "peer",
            "corrupt message",
            "alert",
            "protocol version",
        ]) {
            format!("the TLS handshake with {at} failed: the server's certificate was not accepted or TLS could not be negotiated")
        } else if has(&["connection refused"]) {
            match &proxy {
                Some(proxy) => format!("could not connect to {proxy}: the connection was refused (nothing listens there; check the proxy setting)"),
                None => format!("could not connect to {at}: the connection was refused (nothing listens there; check base_url)"),
            }
        } else if has(&["unreachable"]) {
            match &proxy {
                Some(proxy) => {
                    format!("could not connect to {proxy}: the network or host is unreachable")
                }
                None => format!("could not connect to {at}: the network or host is unreachable"),
            }
        } else if let (Some(proxy), true) = (&proxy, has(&["tunnel error"])) {
            format!("{proxy} closed the connection while opening a tunnel to {at}")
        } else {
            match &proxy {
                Some(proxy) => format!("could not connect to {at} through {proxy}"),
                None => format!("could not connect to {at}"),
            }
        }
    } else if e.is_body() || e.is_decode() {
        format!("the connection to {at} broke while reading the answer")
    } else {
        format!("the request to {at} failed before an answer arrived: the connection was closed or reset")
    }
}
