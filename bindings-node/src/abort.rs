//! A JS `AbortSignal` as the runtime sees it. A signal cannot cross into an async napi call,
//! so the JS wrapper takes a handle (`abortHandle()`) just before the call, passes its number,
//! and calls `abort(handle)` when the signal fires; the call then drops its work (the request
//! with it) and rejects with `AbortError`. A call forgets its handle when it ends.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use napi_derive::napi;
use tokio::sync::Notify;

use crate::errors;

#[derive(Default)]
struct Abort {
    fired: AtomicBool,
    notify: Notify,
}

impl Abort {
    async fn fired(&self) {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            // Registered before the flag is read, so an abort between the two is not missed.
            notified.as_mut().enable();
            if self.fired.load(Ordering::Acquire) {
                return;
            }
            notified.await;
        }
    }
}

static HANDLES: LazyLock<Mutex<HashMap<u32, Arc<Abort>>>> = LazyLock::new(Default::default);
static NEXT: AtomicU32 = AtomicU32::new(1);

fn handles() -> std::sync::MutexGuard<'static, HashMap<u32, Arc<Abort>>> {
    HANDLES.lock().unwrap_or_else(|e| e.into_inner())
}

/// A handle for one call's `AbortSignal`; never 0, which means "no signal".
#[napi]
pub fn abort_handle() -> u32 {
    let mut id = NEXT.fetch_add(1, Ordering::Relaxed);
    if id == 0 {
        id = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    handles().insert(id, Arc::default());
    id
}

/// The signal of `handle` fired: its call ends with `AbortError`. A handle already done is
/// ignored.
#[napi]
pub fn abort(handle: u32) {
    if let Some(abort) = handles().get(&handle) {
        abort.fired.store(true, Ordering::Release);
        abort.notify.notify_waiters();
    }
}

/// Forgets the handle however the call ends (an error, a panic, the work dropped).
struct Release(u32);

impl Drop for Release {
    fn drop(&mut self) {
        handles().remove(&self.0);
    }
}

/// Runs `work` until it ends or the signal of `handle` (0: none) fires.
pub(crate) async fn abortable<T>(
    handle: Option<u32>,
    work: impl Future<Output = napi::Result<T>>,
) -> napi::Result<T> {
    let Some(id) = handle.filter(|&h| h != 0) else {
        return work.await;
    };
    let _release = Release(id);
    let Some(abort) = handles().get(&id).cloned() else {
        return work.await;
    };
    if abort.fired.load(Ordering::Acquire) {
        return Err(aborted());
    }
    // An answer that is already in wins over an abort that comes with it.
    tokio::select! {
        biased;
        result = work => result,
        () = abort.fired() => Err(aborted()),
    }
}

fn aborted() -> napi::Error {
    errors::class(
        "AbortError",
        "the call was aborted: its AbortSignal fired before the answer came",
    )
}
