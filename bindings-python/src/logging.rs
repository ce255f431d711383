//! The core's request events, sent to the standard `logging` logger `candescent` at the level
//! the core's one policy gives them: successes at DEBUG, retries at WARNING, failures at ERROR.
//! They are the core's whole trace output (its `tracing` events are the same events).
//!
//! The hook runs on tokio workers. Taking the GIL there would stall every request that worker
//! drives, so it is taken only when the event's level is enabled. The logger's effective level
//! is sampled from Python at the start of every SDK call (when the caller holds the GIL anyway)
//! and kept in an atomic the hook can read for free.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use candescent::{LogLevel, RequestEvent, RequestHook};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

const DEBUG: i32 = 10;
const WARNING: i32 = 30;
const ERROR: i32 = 40;
/// Above CRITICAL: nothing is logged until the first call samples the real level.
const DISABLED: i32 = 100;

static EFFECTIVE_LEVEL: AtomicI32 = AtomicI32::new(DISABLED);

fn python_level(level: LogLevel) -> i32 {
    match level {
        LogLevel::Debug => DEBUG,
        LogLevel::Warn => WARNING,
        LogLevel::Error => ERROR,
    }
}
static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The `candescent` logger, with a `NullHandler` from the first call on: a library's logger
/// stays silent until the application configures logging (without it, retries logged at
/// WARNING would reach stderr through logging's last-resort handler). Done here rather than
/// at `import candescent`, which then need not import `logging` at all.
pub fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    LOGGER
        .get_or_try_init(py, || {
            let logging = py.import("logging")?;
            let logger = logging.call_method1("getLogger", ("candescent",))?;
            logger.call_method1("addHandler", (logging.getattr("NullHandler")?.call0()?,))?;
            Ok::<_, PyErr>(logger.unbind())
        })
        .map(|l| l.bind(py))
}

/// Re-read the lowest level `logger` lets through; cheap, as `logging` caches the answers.
pub fn refresh(py: Python<'_>) {
    let enabled = |level: i32| {
        logger(py)
            .and_then(|l| l.call_method1("isEnabledFor", (level,)))
            .and_then(|r| r.extract::<bool>())
            .unwrap_or(false)
    };
    let lowest = [DEBUG, WARNING, ERROR]
        .into_iter()
        .find(|l| enabled(*l))
        .unwrap_or(DISABLED);
    EFFECTIVE_LEVEL.store(lowest, Ordering::Relaxed);
}

pub fn hook() -> RequestHook {
    Arc::new(|event: &RequestEvent| {
        if python_level(event.level) < EFFECTIVE_LEVEL.load(Ordering::Relaxed) {
            return;
        }
        Python::attach(|py| {
            if let Err(err) = emit(py, event) {
                // A broken handler must not break the request; logging itself reports it.
                err.write_unraisable(py, None);
            }
        });
    })
}

fn emit(py: Python<'_>, event: &RequestEvent) -> PyResult<()> {
    let elapsed_ms = event.elapsed.as_secs_f64() * 1000.0;
    let status = event
        .status
        .map_or_else(|| "no response".to_owned(), |s| s.to_string());
    let extra = PyDict::new(py);
    extra.set_item("http_method", event.method)?;
    extra.set_item("http_path", &event.path)?;
    extra.set_item("http_status", event.status)?;
    extra.set_item("attempt", event.attempt)?;
    extra.set_item("elapsed_ms", elapsed_ms)?;
    extra.set_item("transaction_id", &event.transaction_id)?;
    extra.set_item("outcome", event.outcome)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("extra", extra)?;
    let args = (
        python_level(event.level),
        "%s %s -> %s (attempt %d, %.1f ms, transactionId %s, %s%s)",
        event.method,
        &event.path,
        status,
        event.attempt,
        elapsed_ms,
        &event.transaction_id,
        event.outcome,
        event
            .error
            .as_deref()
            .map_or_else(String::new, |e| format!(": {e}")),
    );
    logger(py)?.call_method("log", args, Some(&kwargs))?;
    Ok(())
}
