//! The one error type of the SDK and the kinds of the error tree.

use std::{fmt, sync::Arc, time::Duration};

/// A specialised `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, as the class of the error tree shared by every language:
///
/// ```text
/// CandescentError
/// ├── ConfigurationError      bad or missing settings; raised at construction
/// ├── ValidationError         request arguments refused before sending
/// ├── ApiConnectionError      DNS, connect, TLS, reset, broken body
/// │   └── ApiTimeoutError
/// ├── DecodeError             a 2xx body that does not parse
/// ├── ClientClosedError       the client was closed
/// └── ApiError                any non-2xx answer
///     ├── BadRequestError       400, 415, 422
///     ├── AuthenticationError   401
///     ├── PermissionDeniedError 403
///     ├── NotFoundError         404
///     ├── RateLimitError        429, and 500 with a gateway quota/spike code
///     └── ServerError           other 5xx
/// ```
///
/// ```
/// use candescent::ErrorKind;
/// assert_eq!(ErrorKind::RateLimit.class_name(), "RateLimitError");
/// assert!(ErrorKind::RateLimit.is_api_error());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad or missing settings, found before any traffic.
    Configuration,
    /// Request arguments refused before sending.
    Validation,
    /// DNS, connect, TLS, a reset connection or a broken body.
    Connection,
    /// An attempt or the overall deadline ran out.
    Timeout,
    /// A successful answer whose body does not parse.
    Decode,
    /// A non-2xx answer that no narrower kind describes (e.g. 405, 409, a 3xx).
    Api,
    /// 400, 415 or 422.
    BadRequest,
    /// 401, including bad client credentials at the token endpoint.
    Authentication,
    /// 403.
    PermissionDenied,
    /// 404.
    NotFound,
    /// 429, a gateway quota or spike-arrest violation, or a `Retry-After` longer than the SDK waits.
    RateLimit,
    /// Any other 5xx.
    Server,
    /// The client was closed.
    Closed,
    /// A bug in the SDK, such as a caught panic.
    Internal,
}

impl ErrorKind {
    /// The class name used for this kind in Python and Node.
    ///
    /// ```
    /// assert_eq!(candescent::ErrorKind::Timeout.class_name(), "ApiTimeoutError");
    /// ```
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::Configuration => "ConfigurationError",
            ErrorKind::Validation => "ValidationError",
            ErrorKind::Connection => "ApiConnectionError",
            ErrorKind::Timeout => "ApiTimeoutError",
            ErrorKind::Decode => "DecodeError",
            ErrorKind::Api => "ApiError",
            ErrorKind::BadRequest => "BadRequestError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::Server => "ServerError",
            ErrorKind::Closed => "ClientClosedError",
            ErrorKind::Internal => "CandescentError",
        }
    }

    /// Whether this kind is an answer from the server (an `ApiError`).
    ///
    /// ```
    /// assert!(!candescent::ErrorKind::Timeout.is_api_error());
    /// ```
    pub fn is_api_error(self) -> bool {
        matches!(
            self,
            ErrorKind::Api
                | ErrorKind::BadRequest
                | ErrorKind::Authentication
                | ErrorKind::PermissionDenied
                | ErrorKind::NotFound
                | ErrorKind::RateLimit
                | ErrorKind::Server
        )
    }

    /// The kind of a non-2xx answer.
    pub(crate) fn for_status(status: u16, code: Option<&str>) -> ErrorKind {
        match status {
            400 | 415 | 422 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimit,
            // The gateway reports quota and spike-arrest violations as 500s (the error-code
            // guide numbers them 91000 and 92000).
            500 if matches!(
                code,
                Some("CMN_90001" | "CMN_90002" | "CMN_90003" | "91000" | "92000")
            ) =>
            {
                ErrorKind::RateLimit
            }
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Api,
        }
    }
}

/// Every failure of the SDK: a kind, a message, and what the server said.
///
/// Cheap to clone, so one failed token request can be handed to every caller
/// that waited for it. Its `Display` and `Debug` never contain a secret.
///
/// ```
/// # async fn run(client: candescent::Client) {
/// use candescent::{ErrorKind, ListAccounts};
/// match client.accounts().list(&ListAccounts::host_user_id("nobody")).await {
///     Err(e) if e.kind() == ErrorKind::NotFound => println!("no such user ({:?})", e.code()),
///     Err(e) => eprintln!("{e}"),
///     Ok(list) => println!("{} accounts", list.accounts.len()),
/// }
/// # }
/// ```
#[derive(Clone)]
pub struct Error {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    code: Option<String>,
    transaction_id: Option<String>,
    retry_after: Option<Duration>,
    /// The request may have reached the server (it answered, or the failure came after the
    /// connection was made).
    sent: bool,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Arc::new(Inner {
                kind,
                message: message.into(),
                status: None,
                code: None,
                transaction_id: None,
                retry_after: None,
                sent: false,
                source: None,
            }),
        }
    }

    pub(crate) fn configuration(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Configuration, message)
    }

    pub(crate) fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    pub(crate) fn closed() -> Self {
        Self::new(
            ErrorKind::Closed,
            "the client is closed; create a new client to make more requests",
        )
    }

    /// An answer with a non-2xx status.
    pub(crate) fn api(status: u16, code: Option<String>, message: String) -> Self {
        let kind = ErrorKind::for_status(status, code.as_deref());
        let mut error = Self::new(kind, message);
        let inner = Arc::get_mut(&mut error.inner).expect("fresh error");
        inner.status = Some(status);
        inner.code = code;
        inner.sent = true;
        error
    }

    fn edit(mut self, f: impl FnOnce(&mut Inner)) -> Self {
        f(Arc::make_mut(&mut self.inner));
        self
    }

    pub(crate) fn with_message(self, message: String) -> Self {
        self.edit(|i| i.message = message)
    }

    /// The error with every credential `redactor` knows removed from its message and code.
    pub(crate) fn scrubbed(self, redactor: &crate::redact::Redactor) -> Self {
        let message = match redactor.scrub(&self.inner.message) {
            std::borrow::Cow::Owned(m) => Some(m),
            std::borrow::Cow::Borrowed(_) => None,
        };
        let code = self
            .inner
            .code
            .as_deref()
            .and_then(|c| match redactor.scrub(c) {
                std::borrow::Cow::Owned(c) => Some(c),
                std::borrow::Cow::Borrowed(_) => None,
            });
        if message.is_none() && code.is_none() {
            return self;
        }
        self.edit(|i| {
            if let Some(m) = message {
                i.message = m;
            }
            if code.is_some() {
                i.code = code;
            }
        })
    }

    pub(crate) fn with_kind(self, kind: ErrorKind) -> Self {
        self.edit(|i| i.kind = kind)
    }

    pub(crate) fn with_transaction_id(self, id: &str) -> Self {
        self.edit(|i| i.transaction_id = Some(id.to_owned()))
    }

    /// Marks a failure that happened after the request may have left: a timeout or a broken
    /// connection once connected.
    pub(crate) fn maybe_sent(self) -> Self {
        self.edit(|i| i.sent = true)
    }

    pub(crate) fn with_retry_after(self, after: Option<Duration>) -> Self {
        self.edit(|i| i.retry_after = after)
    }

    pub(crate) fn with_source(
        self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.edit(|i| i.source = Some(Arc::new(source)))
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status of the answer, for API errors.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The Candescent error code (`ACC_00101`, `CMN_90004`, …) or OAuth `error`, when the body had one.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The message: the server's own, or the SDK's explanation.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The `transactionId` header of the last attempt, to quote to Candescent support.
    pub fn transaction_id(&self) -> Option<&str> {
        self.inner.transaction_id.as_deref()
    }

    /// How long the server asked us to wait (`Retry-After`), when it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Whether the request may have reached the server, so that a write may have been carried
    /// out: always for an answer, and for a timeout or a connection broken after it was made;
    /// never for an error raised before sending (validation, configuration, a refused
    /// connection).
    ///
    /// ```
    /// # async fn run(client: candescent::Client) {
    /// # let result: candescent::Result<()> = Ok(());
    /// if let Err(e) = result {
    ///     if e.may_have_reached_server() {
    ///         eprintln!("check whether the payment was made before sending it again");
    ///     }
    /// }
    /// # }
    /// ```
    pub fn may_have_reached_server(&self) -> bool {
        self.inner.sent
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.inner;
        f.write_str(&i.message)?;
        let mut sep = " (";
        if let Some(status) = i.status {
            write!(f, "{sep}HTTP {status}")?;
            sep = ", ";
        }
        if let Some(code) = &i.code {
            write!(f, "{sep}code {code}")?;
            sep = ", ";
        }
        if let Some(after) = i.retry_after {
            write!(f, "{sep}retry after {}s", after.as_secs_f64())?;
            sep = ", ";
        }
        if let Some(id) = &i.transaction_id {
            write!(f, "{sep}transactionId {id}")?;
            sep = ", ";
        }
        if sep == ", " {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &i.kind).field("message", &i.message);
        if let Some(status) = i.status {
            d.field("status", &status);
        }
        if let Some(code) = &i.code {
            d.field("code", code);
        }
        if let Some(id) = &i.transaction_id {
            d.field("transaction_id", id);
        }
        if let Some(after) = i.retry_after {
            d.field("retry_after", &after);
        }
        if let Some(source) = &i.source {
            d.field("source", &source.to_string());
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_maps_to_kind() {
        assert_eq!(ErrorKind::for_status(415, None), ErrorKind::BadRequest);
        assert_eq!(
            ErrorKind::for_status(500, Some("CMN_90002")),
            ErrorKind::RateLimit
        );
        assert_eq!(
            ErrorKind::for_status(500, Some("92000")),
            ErrorKind::RateLimit
        );
        assert_eq!(
            ErrorKind::for_status(500, Some("ACC_99999")),
            ErrorKind::Server
        );
        assert_eq!(
            ErrorKind::for_status(401, Some("CMN_90001")),
            ErrorKind::Authentication
        );
        assert_eq!(ErrorKind::for_status(409, None), ErrorKind::Api);
    }

    #[test]
    fn display_names_what_the_server_said() {
        let e = Error::api(404, Some("ACC_00101".into()), "User not found".into())
            .with_transaction_id("t-1");
        assert_eq!(
            e.to_string(),
            "User not found (HTTP 404, code ACC_00101, transactionId t-1)"
        );
        assert_eq!(Error::closed().kind(), ErrorKind::Closed);
    }
}
