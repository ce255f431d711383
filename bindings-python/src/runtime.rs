//! The one tokio runtime of the process, shared by `Client`, `AsyncClient` and the emulator.
//!
//! `os.fork()` copies memory but not threads: in a child the parent's runtime has no workers
//! left, so anything waiting on it would hang forever. The runtime is therefore keyed by pid and
//! rebuilt on first use in a new process. The parent's copy is leaked on purpose: dropping it in
//! the child would try to join threads that do not exist there.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

use futures::FutureExt;
use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{ContextExt, Runtime as GenericRuntime};
use pyo3_async_runtimes::TaskLocals;
use tokio::runtime::{Handle, Runtime};

use crate::errors;

static RUNTIME: AtomicPtr<Runtime> = AtomicPtr::new(std::ptr::null_mut());
static RUNTIME_PID: AtomicU32 = AtomicU32::new(0);
// Only taken to build a runtime, never while waiting on one, so a fork cannot inherit it locked
// except in the instant a runtime is being built.
static BUILD_LOCK: Mutex<()> = Mutex::new(());

/// How often a blocking call wakes up to let Python run signal handlers (Ctrl-C).
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// The runtime of the current process, built on first use (and again after a fork).
pub fn handle() -> Handle {
    runtime().handle().clone()
}

fn runtime() -> &'static Runtime {
    let pid = std::process::id();
    if let Some(rt) = current(pid) {
        return rt;
    }
    // A lock inherited across fork is never released in the child; fall through without it.
    let _guard = BUILD_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(rt) = current(pid) {
        return rt;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("candescent-io")
        .build()
        .expect("cannot start the tokio runtime (out of threads or file descriptors?)");
    let rt: &'static Runtime = Box::leak(Box::new(rt));
    RUNTIME.store(rt as *const Runtime as *mut Runtime, Ordering::Release);
    RUNTIME_PID.store(pid, Ordering::Release);
    rt
}

fn current(pid: u32) -> Option<&'static Runtime> {
    if RUNTIME_PID.load(Ordering::Acquire) != pid {
        return None;
    }
    let ptr = RUNTIME.load(Ordering::Acquire);
    // SAFETY: the pointer comes from `Box::leak` and is never freed.
    unsafe { ptr.as_ref() }
}

/// Run `fut` to completion on the shared runtime from a blocking Python call.
///
/// The GIL is released for the whole wait; every [`SIGNAL_POLL`] the GIL is taken back just long
/// enough to run signal handlers, so Ctrl-C raises `KeyboardInterrupt` and cancels the future
/// instead of being swallowed until the network answers.
pub fn block_on<F, T>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: Send + 'static,
{
    if Handle::try_current().is_ok() {
        // Called from a runtime thread (a hook calling back into Python): that thread cannot
        // block on the runtime itself, so the call runs as a task of its own.
        return block_on_task(py, fut);
    }
    let runtime = handle();
    // Polled on this thread, so the answer needs no hop from a worker thread to reach it.
    let mut fut = Box::pin(catch_panic(fut));
    loop {
        let waited = py.detach(|| {
            runtime.block_on(async { tokio::time::timeout(SIGNAL_POLL, fut.as_mut()).await })
        });
        match waited {
            Ok(result) => return result,
            Err(_) => {
                // Dropping the future (on return) cancels the request.
                py.check_signals()?;
            }
        }
    }
}

fn block_on_task<F, T>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    let task = handle().spawn(async move {
        let _ = tx.send(catch_panic(fut).await);
    });
    let mut rx = rx;
    loop {
        // `Receiver` is not `Sync`, so it travels into the GIL-free closure and back by value.
        let (received, back) = py.detach(move || (rx.recv_timeout(SIGNAL_POLL), rx));
        rx = back;
        match received {
            Ok(result) => return result,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    return Err(interrupt);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(errors::internal(
                    "the background task ended without an answer",
                ));
            }
        }
    }
}

/// A panic must never reach Python as `PanicException` (a `BaseException` that `except
/// Exception` misses): it becomes a plain `CandescentError`.
pub async fn catch_panic<F, T>(fut: F) -> PyResult<T>
where
    F: Future<Output = PyResult<T>>,
{
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => Err(errors::internal(&panic_text(payload.as_ref()))),
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    format!("internal error in the candescent native module: {detail}")
}

/// Turn a Rust future into a Python awaitable driven by the fork-aware runtime.
pub fn future_into_py<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    match crate::completions::spawn(py, fut)? {
        Ok(future) => Ok(future),
        Err(fut) => pyo3_async_runtimes::generic::future_into_py::<ForkAwareTokio, _, _>(
            py,
            catch_panic(fut),
        ),
    }
}

/// pyo3-async-runtimes' own tokio integration keeps a runtime in a `OnceCell` that survives
/// fork with dead workers; this adapter points it at [`handle()`] instead.
pub struct ForkAwareTokio;

tokio::task_local! {
    static TASK_LOCALS: TaskLocals;
}

impl GenericRuntime for ForkAwareTokio {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = tokio::task::JoinHandle<()>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        handle().spawn(fut)
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        handle().spawn_blocking(f)
    }
}

impl ContextExt for ForkAwareTokio {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        Box::pin(TASK_LOCALS.scope(locals, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS.try_with(TaskLocals::clone).ok()
    }
}
