//! Sends one logical request: headers, a fresh `transactionId` per attempt, timeouts,
//! retries with backoff, and the mapping of every failure to an [`Error`].

mod error_body;
mod retry;

use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use reqwest::{
    header::{self, HeaderName, HeaderValue},
    Method, StatusCode, Url,
};
use tokio::time::Instant;

use crate::{config::Config, Error, ErrorKind, RequestEvent, Result};

static TRANSACTION_ID: HeaderName = HeaderName::from_static("transactionid");
static INSTITUTION_ID: HeaderName = HeaderName::from_static("institutionid");

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
}

/// A 2xx answer.
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    pub(crate) transaction_id: String,
}

/// The HTTP layer of one client: its connection pool and its retry policy.
pub(crate) struct Transport {
    http: reqwest::Client,
    config: Arc<Config>,
}

/// How one attempt ended, before the retry decision.
enum Attempt {
    Done(Response),
    Failed { error: Error, retryable: bool },
}

impl Transport {
    pub(crate) fn new(config: Arc<Config>) -> Result<Transport> {
        let mut headers = header::HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, config.user_agent.clone());
        headers.insert(INSTITUTION_ID.clone(), config.institution_id.clone());
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true)
            .build()
            .map_err(|e| Error::configuration(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Transport { http, config })
    }

    /// Sends `request`, retrying what may be retried, until an answer, a final failure,
    /// or `deadline`. Non-2xx answers become [`Error`]s naming the last `transactionId`.
    pub(crate) async fn send(
        &self,
        request: &Request,
        deadline: Option<Instant>,
    ) -> Result<Response> {
        let max_attempts = if request.retry {
            self.config.max_retries + 1
        } else {
            1
        };
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let per_attempt = match deadline {
                Some(d) => self
                    .config
                    .timeout
                    .min(d.saturating_duration_since(started)),
                None => self.config.timeout,
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
            let wait = (retryable && attempt < max_attempts)
                .then(|| {
                    error
                        .retry_after()
                        .unwrap_or_else(|| retry::backoff(attempt))
                })
                .filter(|wait| deadline.is_none_or(|d| Instant::now() + *wait < d));
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
                    tracing::debug!(wait_ms = wait.as_millis() as u64, "candescent: retrying");
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
        if let Some(authorization) = &request.authorization {
            builder = builder.header(header::AUTHORIZATION, authorization.clone());
        }
        if let Some(form) = &request.form {
            builder = builder
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form.clone());
        }
        let exchange = async {
            let response = builder.send().await?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(retry::parse_retry_after);
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, retry_after, body))
        };
        let failed = |error: Error, retryable| Attempt::Failed {
            error: error.with_transaction_id(transaction_id),
            retryable,
        };
        match tokio::time::timeout(limit, exchange).await {
            Err(_) => failed(
                Error::new(
                    ErrorKind::Timeout,
                    format!("no complete answer within {limit:?}"),
                ),
                true,
            ),
            Ok(Err(e)) => {
                let kind = if e.is_timeout() {
                    ErrorKind::Timeout
                } else {
                    ErrorKind::Connection
                };
                // The URL can carry a customer's id in its query: keep it out of messages.
                let e = e.without_url();
                failed(
                    Error::new(kind, connection_message(&e)).with_source(e),
                    true,
                )
            }
            Ok(Ok((status, _, body))) if status.is_success() => Attempt::Done(Response {
                status,
                body,
                transaction_id: transaction_id.to_owned(),
            }),
            Ok(Ok((status, retry_after, body))) => {
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
        tracing::debug!(
            method = request.method.as_str(),
            path = request.url.path(),
            status,
            attempt,
            elapsed_ms = elapsed.as_millis() as u64,
            transaction_id,
            outcome,
            "candescent request"
        );
        if let Some(hook) = &self.config.hook {
            hook(&RequestEvent {
                method: method_name(&request.method),
                path: request.url.path().to_owned(),
                status,
                attempt,
                elapsed,
                transaction_id: transaction_id.to_owned(),
                outcome,
                error,
            });
        }
    }
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        _ => "OTHER",
    }
}

fn connection_message(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut text = if e.is_connect() {
        "could not connect".to_owned()
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the answer".to_owned()
    } else {
        "the request failed before an answer arrived".to_owned()
    };
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
