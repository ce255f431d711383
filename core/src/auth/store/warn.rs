//! Warnings about a shared store that fails: at most one a minute, through the same path
//! as the request events (`tracing` and the client's hook, which the bindings log).

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::time::Instant;

use crate::{LogLevel, RequestEvent, RequestHook};

const EVERY: Duration = Duration::from_secs(60);

pub(crate) struct Warnings {
    last: Mutex<Option<Instant>>,
    /// The store, as `redis://host:port` or `file://path`: never a password.
    store: String,
    hook: Option<RequestHook>,
}

impl Warnings {
    pub(crate) fn new(store: String, hook: Option<RequestHook>) -> Arc<Warnings> {
        Arc::new(Warnings {
            last: Mutex::new(None),
            store,
            hook,
        })
    }

    /// Says that the store failed and what the client does instead, unless it said so
    /// within the last minute.
    pub(crate) fn store_failed(&self, instead: &str, error: &str) {
        {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            if last.is_some_and(|at| now.duration_since(at) < EVERY) {
                return;
            }
            *last = Some(now);
        }
        let message = format!("{error}; {instead}");
        tracing::warn!(
            store = self.store.as_str(),
            outcome = "fallback",
            error = message.as_str(),
            "candescent token cache unavailable"
        );
        if let Some(hook) = &self.hook {
            hook(&RequestEvent {
                method: "CACHE",
                path: self.store.clone(),
                status: None,
                attempt: 1,
                elapsed: Duration::ZERO,
                transaction_id: "-".into(),
                outcome: "fallback",
                level: LogLevel::Warn,
                error: Some(message),
            });
        }
    }
}
