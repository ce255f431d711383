//! Requests to any endpoint of the API, through the same machinery as the typed calls:
//! token, one replay after a 401, `transactionId` per attempt, retries, deadline, errors.

mod exact;
mod path;
mod response;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde::Serialize;

pub use exact::exact_json_text;
pub use response::{RawResponse, ResponseMeta};

use crate::resources::query::UrlBuilder;
use crate::transport::Extra;
use crate::{Client, Error, Result};

/// Headers the SDK sets itself; a request naming one is refused. `Accept`, `Content-Type`
/// and `correlationId` may be set by the caller.
pub const OWNED_HEADERS: [&str; 14] = [
    "authorization",
    "proxy-authorization",
    "transactionid",
    "institutionid",
    "user-agent",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "expect",
];

/// A request to any endpoint, from [`Client::request`]. Nothing is checked or sent until
/// [`send`](Self::send); a refused argument makes `send` fail with
/// [`ErrorKind::Validation`](crate::ErrorKind::Validation) before any traffic.
///
/// Idempotent methods (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`) are retried like the typed
/// calls; `POST` and `PATCH` are not, unless [`retry(true)`](Self::retry) says the endpoint
/// tolerates a repeat. A 401 is replayed once with a new token whatever the method: the
/// server refused the request before acting on it.
///
/// ```no_run
/// # async fn run(client: candescent::Client) -> candescent::Result<()> {
/// use candescent::Method;
/// let created = client
///     .request(Method::POST, "/v1/institution-disclosures")
///     .json(&serde_json::json!({"institutionDisclosureName": "FEES", "institutionDisclosureStatus": true}))
///     .send()
///     .await?;
/// assert_eq!(created.status(), 201);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `send` is awaited"]
pub struct RequestBuilder {
    client: Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    extra: Extra,
    retry: Option<bool>,
    error: Option<Error>,
}

impl Client {
    /// A request to any endpoint; `path` is relative to the base URL (`"/v1/..."`).
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// let response = client
    ///     .request(candescent::Method::GET, "/v1/accounts")
    ///     .query("hostUserId", "1234567890")
    ///     .send()
    ///     .await?;
    /// println!("{}", response.text()?);
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        RequestBuilder {
            client: self.clone(),
            method,
            path: path.to_owned(),
            query: Vec::new(),
            extra: Extra::default(),
            retry: None,
            error: None,
        }
    }
}

/// The HTTP method named by `name` (any case): `GET`, `POST`, `PUT`, `PATCH`, `DELETE`,
/// `HEAD` or `OPTIONS`.
///
/// ```
/// assert_eq!(candescent::parse_method("post").unwrap(), candescent::Method::POST);
/// assert!(candescent::parse_method("BREW").is_err());
/// ```
///
/// # Errors
/// [`ErrorKind::Validation`](crate::ErrorKind::Validation) for any other name.
pub fn parse_method(name: &str) -> Result<Method> {
    Ok(match name.to_ascii_uppercase().as_str() {
        "GET" => Method::GET,
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "PATCH" => Method::PATCH,
        "DELETE" => Method::DELETE,
        "HEAD" => Method::HEAD,
        "OPTIONS" => Method::OPTIONS,
        _ => {
            let shown: String = name.chars().take(40).collect();
            return Err(Error::validation(format!(
                "method {shown:?} is not supported; use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"
            )));
        }
    })
}

impl RequestBuilder {
    fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    /// Adds `key=value` to the query string (percent-encoded; a space is `%20`). Repeat a key
    /// to send it several times.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds a header. Refused: invalid names or values, control characters, and the
    /// headers the SDK owns ([`OWNED_HEADERS`]).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match checked_header(name, value) {
            Ok((name, value)) => {
                self.extra.headers.append(name, value);
            }
            Err(e) => self.fail(e),
        }
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`). Not with [`form`](Self::form).
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.json_text(bytes),
            Err(e) => {
                let mut this = self;
                this.fail(Error::validation(format!(
                    "cannot encode the JSON body: {e}"
                )));
                this
            }
        }
    }

    /// Sends `text`, already JSON, as is (`Content-Type: application/json`).
    pub fn json_text(mut self, text: impl Into<Bytes>) -> Self {
        self.set_body(
            "json",
            HeaderValue::from_static("application/json"),
            text.into(),
        );
        self
    }

    /// Sends the pairs form-encoded (`application/x-www-form-urlencoded`). Not with
    /// [`json`](Self::json).
    pub fn form<K: AsRef<str>, V: AsRef<str>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            form.append_pair(k.as_ref(), v.as_ref());
        }
        self.set_body(
            "form",
            HeaderValue::from_static("application/x-www-form-urlencoded"),
            Bytes::from(form.finish()),
        );
        self
    }

    fn set_body(&mut self, kind: &str, content_type: HeaderValue, body: Bytes) {
        if self.extra.body.is_some() {
            self.fail(Error::validation(format!(
                "json and form cannot be combined: the request already has a body ({kind} given too)"
            )));
            return;
        }
        self.extra.body = Some((content_type, body));
    }

    /// Whether failures (connection errors, timeouts, 408, 429, 5xx) are retried. Default:
    /// yes for idempotent methods, no for `POST` and `PATCH`.
    pub fn retry(mut self, retry: bool) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sends the request; a non-2xx answer is the same [`Error`] a typed call gives.
    ///
    /// # Errors
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) for refused arguments, before
    /// any traffic; otherwise the errors of the typed calls.
    pub async fn send(self) -> Result<RawResponse> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut url = path::resolve(self.client.base(), &self.path)?;
        if !self.query.is_empty() {
            let mut builder = UrlBuilder::new(url.as_str());
            for (k, v) in &self.query {
                if k.is_empty() {
                    return Err(Error::validation("a query parameter name is empty"));
                }
                builder.param_encoded_key(k, v);
            }
            url = reqwest::Url::parse(&builder.finish())
                .map_err(|e| Error::validation(format!("cannot form a request URL: {e}")))?;
        }
        let mut extra = self.extra;
        if extra.headers.contains_key(CONTENT_TYPE) {
            // The caller's Content-Type wins over the one the body kind implies.
            if let Some((content_type, _)) = &mut extra.body {
                if let Some(given) = extra.headers.remove(CONTENT_TYPE) {
                    *content_type = given;
                }
            }
        }
        let retry = self.retry.unwrap_or_else(|| is_idempotent(&self.method));
        let answer = self.client.send_raw(self.method, url, extra, retry).await?;
        Ok(RawResponse::new(answer))
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// A caller's header, checked. The messages never show the value: it may be a secret.
fn checked_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue)> {
    let shown: String = name.chars().take(60).collect();
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::validation(format!("{shown:?} is not a valid HTTP header name")))?;
    if OWNED_HEADERS.contains(&header.as_str()) {
        return Err(Error::validation(format!(
            "header {shown:?} is set by the SDK and cannot be given (the SDK owns: {})",
            OWNED_HEADERS.join(", ")
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::validation(format!(
            "the value of header {shown:?} contains a control character (CR, LF, tab, ...)"
        )));
    }
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        Error::validation(format!(
            "the value of header {shown:?} is not valid: only visible ASCII is allowed"
        ))
    })?;
    value.set_sensitive(true);
    Ok((header, value))
}

impl std::fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}
