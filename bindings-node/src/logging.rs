//! Forwards the core's per-attempt request events to a JS callback. The core calls the hook on
//! tokio worker threads; a weak, non-blocking threadsafe function queues the event for the JS
//! thread without waiting on it and without keeping the process alive on its own.

use std::sync::Arc;

use candescent::{RequestEvent, RequestHook};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use napi_derive::napi;

/// What the JS side receives; the wrapper formats it for the user's logger. The core's event
/// carries no header, token or secret, and nothing else is added here.
#[napi(object)]
pub struct RequestEventJs {
    pub method: String,
    pub path: String,
    pub status: Option<u32>,
    pub attempt: u32,
    pub elapsed_ms: f64,
    pub transaction_id: String,
    pub outcome: String,
    /// `debug`, `warn` or `error`: the core's one policy decides, the logger method follows.
    pub level: String,
    pub error: Option<String>,
}

impl From<&RequestEvent> for RequestEventJs {
    fn from(ev: &RequestEvent) -> Self {
        Self {
            method: ev.method.to_string(),
            path: ev.path.clone(),
            status: ev.status.map(u32::from),
            attempt: ev.attempt,
            elapsed_ms: ev.elapsed.as_secs_f64() * 1000.0,
            transaction_id: ev.transaction_id.clone(),
            outcome: ev.outcome.to_string(),
            level: ev.level.as_str().to_string(),
            error: ev.error.clone(),
        }
    }
}

pub type LogCallback = ThreadsafeFunction<RequestEventJs, (), RequestEventJs, Status, false, true>;

pub(crate) fn hook(callback: LogCallback) -> RequestHook {
    let callback = Arc::new(callback);
    Arc::new(move |ev: &RequestEvent| {
        // A full queue or a closing environment only loses a log line; never block a request.
        let _ = callback.call(
            RequestEventJs::from(ev),
            ThreadsafeFunctionCallMode::NonBlocking,
        );
    })
}
