//! What the SDK tells observers about each HTTP attempt.

use std::{sync::Arc, time::Duration};

/// One HTTP attempt, reported after it ends: to the [`RequestHook`] given to
/// [`ClientBuilder::on_request`](crate::ClientBuilder::on_request), and as a `tracing` event
/// at the event's [`LogLevel`]. It never carries a secret, a token or a query string.
///
/// ```
/// use std::sync::Arc;
/// let hook: candescent::RequestHook = Arc::new(|e: &candescent::RequestEvent| {
///     eprintln!("{} {} -> {:?} (attempt {}, {:?})", e.method, e.path, e.status, e.attempt, e.elapsed);
/// });
/// # drop(hook);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestEvent {
    /// `GET`, `POST` or `DELETE`; `CACHE` for a warning that a shared token cache failed
    /// (its `path` is then the store, as `redis://host:port`, and its outcome `"fallback"`).
    pub method: &'static str,
    /// The URL path, without the query string.
    pub path: String,
    /// The answer's status; `None` when no answer came.
    pub status: Option<u16>,
    /// 1 for the first attempt of a call, 2 for its first retry, …
    pub attempt: u32,
    /// From sending the request to the end of the body.
    pub elapsed: Duration,
    /// The `transactionId` header of this attempt.
    pub transaction_id: String,
    /// `"ok"`, `"retry"` (another attempt follows) or `"error"`; `"fallback"` when a shared
    /// token cache failed and the client went on without it.
    pub outcome: &'static str,
    /// How loud the event is, by the SDK's one policy: successes at debug, retries at
    /// warn, final failures at error. The bindings log at this level.
    pub level: LogLevel,
    /// A short description of a connection failure or timeout.
    pub error: Option<String>,
}

/// The level of a [`RequestEvent`].
///
/// ```
/// assert_eq!(candescent::LogLevel::Warn.as_str(), "warn");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// A successful attempt.
    Debug,
    /// A failed attempt that will be retried.
    Warn,
    /// A call's final failure.
    Error,
}

impl LogLevel {
    /// `"debug"`, `"warn"` or `"error"`: the method name of a console-like logger.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Debug => "debug",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }
}

/// A callback that receives a [`RequestEvent`] after every HTTP attempt.
/// It runs on the runtime's threads, so it should be quick.
pub type RequestHook = Arc<dyn Fn(&RequestEvent) + Send + Sync>;
