//! Keeps a Rust panic from ever reaching Node: napi would otherwise abort the process or leave
//! the Promise pending forever. Every entry point of the binding runs inside one of these guards.

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};

use futures::FutureExt;

use crate::errors;

pub(crate) async fn guarded<T>(fut: impl Future<Output = napi::Result<T>>) -> napi::Result<T> {
    AssertUnwindSafe(fut)
        .catch_unwind()
        .await
        .unwrap_or_else(|payload| Err(errors::internal(&panic_text(payload.as_ref()))))
}

pub(crate) fn guarded_sync<T>(f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(errors::internal(&panic_text(payload.as_ref()))))
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_string());
    format!("internal error in the candescent native addon (a bug, please report it): {detail}")
}
