//! Request counters exposed by `GET /__emulator/stats`.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::faults::FaultRoute;

/// Requests that reached each API route, whatever their outcome.
///
/// ```
/// let counts = candescent_emulator::RouteCounts::default();
/// assert_eq!(counts.accounts, 0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteCounts {
    /// `POST …/oauth2/v1/token`
    pub token: u64,
    /// `DELETE|POST …/oauth2/v1/revoke`
    pub revoke: u64,
    /// `GET …/accounts`
    pub accounts: u64,
    /// `GET …/accounts/{id}`
    pub account: u64,
    /// `GET …/transactions`
    pub transactions: u64,
}

/// A snapshot of the emulator's counters.
///
/// ```
/// let stats = candescent_emulator::Stats::default();
/// assert_eq!(serde_json::to_string(&stats).unwrap(),
///   r#"{"requests":{"token":0,"revoke":0,"accounts":0,"account":0,"transactions":0},"tokens_issued":0}"#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Requests per route, including rejected and faulted ones.
    pub requests: RouteCounts,
    /// Access tokens handed out since start or the last reset.
    pub tokens_issued: u64,
}

/// Lock-free counters: they sit on every request's hot path.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    routes: [AtomicU64; 5],
    tokens_issued: AtomicU64,
}

impl Counters {
    pub(crate) fn hit(&self, route: FaultRoute) {
        if let Some(i) = slot(route) {
            self.routes[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn token_issued(&self) {
        self.tokens_issued.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let r = |i: usize| self.routes[i].load(Ordering::Relaxed);
        Stats {
            requests: RouteCounts {
                token: r(0),
                revoke: r(1),
                accounts: r(2),
                account: r(3),
                transactions: r(4),
            },
            tokens_issued: self.tokens_issued.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn reset(&self) {
        for c in &self.routes {
            c.store(0, Ordering::Relaxed);
        }
        self.tokens_issued.store(0, Ordering::Relaxed);
    }
}

fn slot(route: FaultRoute) -> Option<usize> {
    match route {
        FaultRoute::Token => Some(0),
        FaultRoute::Revoke => Some(1),
        FaultRoute::Accounts => Some(2),
        FaultRoute::Account => Some(3),
        FaultRoute::Transactions => Some(4),
        FaultRoute::Any => None,
    }
}
