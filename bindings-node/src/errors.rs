//! napi-rs can only reject with a plain `Error`, so the error's class and fields travel as a
//! JSON payload in the message, behind a marker; `lib/errors.cjs` rebuilds the real class.
//! The marker keeps the wrapper from mistaking an unrelated native error for one of ours.

use napi::Status;
use serde_json::{json, Value};

pub(crate) const MARKER: &str = "__candescent_error__:";

fn payload(class: &str, message: &str, extra: Value) -> napi::Error {
    let mut body = json!({ "class": class, "message": message });
    if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
        body.extend(extra.into_iter().filter(|(_, v)| !v.is_null()));
    }
    napi::Error::new(Status::GenericFailure, format!("{MARKER}{body}"))
}

/// The core's `Display` already guarantees no secret; we pass only its structured accessors.
pub(crate) fn from_core(err: &candescent::Error) -> napi::Error {
    payload(
        err.kind().class_name(),
        err.message(),
        json!({
            "status": err.status(),
            "code": err.code(),
            "transactionId": err.transaction_id(),
            "retryAfter": err.retry_after().map(|d| d.as_secs_f64()),
        }),
    )
}

/// An error of the JS class `class` (one of `lib/errors.cjs`).
pub(crate) fn class(class: &str, message: &str) -> napi::Error {
    payload(class, message, Value::Null)
}

pub(crate) fn validation(message: &str) -> napi::Error {
    payload("ValidationError", message, Value::Null)
}

pub(crate) fn internal(message: &str) -> napi::Error {
    payload("CandescentError", message, Value::Null)
}

pub(crate) trait IntoNapi<T> {
    fn napi(self) -> napi::Result<T>;
}

impl<T> IntoNapi<T> for candescent::Result<T> {
    fn napi(self) -> napi::Result<T> {
        self.map_err(|e| from_core(&e))
    }
}
