//! Request counters exposed by `GET /__emulator/stats`.

use std::{
    collections::BTreeMap,
    sync::atomic::{AtomicU64, Ordering},
    time::{SystemTime, UNIX_EPOCH},
};

use serde::{Deserialize, Serialize};

use crate::faults::FaultRoute;
use crate::ops::{Op, SERVED};

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
    /// `GET|POST …/v1/institution-disclosures`
    #[serde(default)]
    pub disclosures: u64,
}

/// Token requests answered 200, per grant type: what a signed-in user's session cost.
///
/// ```
/// let grants = candescent_emulator::GrantCounts::default();
/// assert_eq!(grants.refresh_token, 0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantCounts {
    /// `grant_type=client_credentials`
    pub client_credentials: u64,
    /// `grant_type=password`
    pub password: u64,
    /// `grant_type=authorization_code`
    pub authorization_code: u64,
    /// `grant_type=refresh_token`
    pub refresh_token: u64,
}

/// Live tokens the revoke endpoint revoked, by kind (unknown tokens are not counted).
///
/// ```
/// let revoked = candescent_emulator::RevokedCounts::default();
/// assert_eq!(revoked.access_tokens + revoked.refresh_tokens, 0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedCounts {
    /// Access tokens.
    pub access_tokens: u64,
    /// Refresh tokens (the access tokens issued from one are revoked with it, uncounted).
    pub refresh_tokens: u64,
}

/// A snapshot of the emulator's counters.
///
/// ```
/// let stats = candescent_emulator::Stats::default();
/// assert_eq!(serde_json::to_string(&stats).unwrap(),
///   r#"{"requests":{"token":0,"revoke":0,"accounts":0,"account":0,"transactions":0,"disclosures":0},"tokens_issued":0,"grants":{"client_credentials":0,"password":0,"authorization_code":0,"refresh_token":0},"revoked":{"access_tokens":0,"refresh_tokens":0},"operations":{}}"#);
/// // Older snapshots, without the newer fields, still parse.
/// let old = r#"{"requests":{"token":1,"revoke":0,"accounts":0,"account":0,"transactions":0},"tokens_issued":1}"#;
/// assert_eq!(serde_json::from_str::<candescent_emulator::Stats>(old).unwrap().requests.token, 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Requests per route, including rejected and faulted ones.
    pub requests: RouteCounts,
    /// Access tokens handed out since start or the last reset.
    pub tokens_issued: u64,
    /// Tokens handed out per grant type.
    #[serde(default)]
    pub grants: GrantCounts,
    /// Tokens revoked through the revoke endpoint.
    #[serde(default)]
    pub revoked: RevokedCounts,
    /// Requests per served operation of the official document, by operationId, whatever
    /// their outcome; operations not called yet are left out.
    #[serde(default)]
    pub operations: BTreeMap<String, u64>,
}

/// The grant types of the token endpoint, for [`Counters::granted`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantType {
    ClientCredentials,
    Password,
    AuthorizationCode,
    RefreshToken,
}

/// What the revoke endpoint revoked, for [`Counters::revoked`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Revoked {
    AccessToken,
    RefreshToken,
    Unknown,
}

/// How many seconds of accepted-call counts are kept.
const SECONDS_KEPT: usize = 128;
/// Bits of a per-second slot that hold the count; the rest hold the second.
const COUNT_BITS: u32 = 24;

/// Lock-free counters: they sit on every request's hot path.
#[derive(Debug)]
pub(crate) struct Counters {
    routes: [AtomicU64; 6],
    operations: [AtomicU64; SERVED.len()],
    tokens_issued: AtomicU64,
    grants: [AtomicU64; 4],
    revoked: [AtomicU64; 2],
    /// Data calls answered 200, per wall-clock second: each slot packs the Unix second
    /// (high bits) with its count (low bits), so one atomic update counts a call.
    accepted: [AtomicU64; SECONDS_KEPT],
}

impl Default for Counters {
    fn default() -> Counters {
        Counters {
            routes: Default::default(),
            operations: std::array::from_fn(|_| AtomicU64::new(0)),
            tokens_issued: AtomicU64::new(0),
            grants: Default::default(),
            revoked: Default::default(),
            accepted: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl Counters {
    /// A request reached `op` (and the older route it is known by, if any).
    pub(crate) fn hit(&self, op: Op) {
        if let Some(i) = op.served().legacy.and_then(slot) {
            self.routes[i].fetch_add(1, Ordering::Relaxed);
        }
        self.operations[usize::from(op.0)].fetch_add(1, Ordering::Relaxed);
    }

    /// A data call answered 200.
    pub(crate) fn accepted(&self) {
        let second = unix_second();
        let slot = &self.accepted[(second as usize) % SECONDS_KEPT];
        let _ = slot.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |packed| {
            Some(if packed >> COUNT_BITS == second {
                packed + 1
            } else {
                (second << COUNT_BITS) | 1
            })
        });
    }

    /// `(unix second, data calls answered 200 in it)` for the last two minutes, oldest first.
    pub(crate) fn accepted_per_second(&self) -> Vec<(u64, u64)> {
        let now = unix_second();
        let mut seconds: Vec<(u64, u64)> = self
            .accepted
            .iter()
            .map(|slot| {
                let packed = slot.load(Ordering::Relaxed);
                (packed >> COUNT_BITS, packed & ((1 << COUNT_BITS) - 1))
            })
            .filter(|(second, count)| *count > 0 && now - second < SECONDS_KEPT as u64)
            .collect();
        seconds.sort_unstable();
        seconds
    }

    pub(crate) fn token_issued(&self) {
        self.tokens_issued.fetch_add(1, Ordering::Relaxed);
    }

    /// A token request of `grant` answered 200.
    pub(crate) fn granted(&self, grant: GrantType) {
        self.grants[grant as usize].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn revoked(&self, revoked: Revoked) {
        match revoked {
            Revoked::AccessToken => self.revoked[0].fetch_add(1, Ordering::Relaxed),
            Revoked::RefreshToken => self.revoked[1].fetch_add(1, Ordering::Relaxed),
            Revoked::Unknown => 0,
        };
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let r = |i: usize| self.routes[i].load(Ordering::Relaxed);
        let g = |i: usize| self.grants[i].load(Ordering::Relaxed);
        Stats {
            requests: RouteCounts {
                token: r(0),
                revoke: r(1),
                accounts: r(2),
                account: r(3),
                transactions: r(4),
                disclosures: r(5),
            },
            tokens_issued: self.tokens_issued.load(Ordering::Relaxed),
            grants: GrantCounts {
                client_credentials: g(GrantType::ClientCredentials as usize),
                password: g(GrantType::Password as usize),
                authorization_code: g(GrantType::AuthorizationCode as usize),
                refresh_token: g(GrantType::RefreshToken as usize),
            },
            revoked: RevokedCounts {
                access_tokens: self.revoked[0].load(Ordering::Relaxed),
                refresh_tokens: self.revoked[1].load(Ordering::Relaxed),
            },
            operations: Op::all()
                .map(|op| {
                    (
                        op,
                        self.operations[usize::from(op.0)].load(Ordering::Relaxed),
                    )
                })
                .filter(|(_, n)| *n > 0)
                .map(|(op, n)| (op.id().to_owned(), n))
                .collect(),
        }
    }

    pub(crate) fn reset(&self) {
        for c in self.routes.iter().chain(&self.operations) {
            c.store(0, Ordering::Relaxed);
        }
        self.tokens_issued.store(0, Ordering::Relaxed);
        for c in self.grants.iter().chain(&self.revoked) {
            c.store(0, Ordering::Relaxed);
        }
        for slot in &self.accepted {
            slot.store(0, Ordering::Relaxed);
        }
    }
}

fn unix_second() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn slot(route: FaultRoute) -> Option<usize> {
    match route {
        FaultRoute::Token => Some(0),
        FaultRoute::Revoke => Some(1),
        FaultRoute::Accounts => Some(2),
        FaultRoute::Account => Some(3),
        FaultRoute::Transactions => Some(4),
        FaultRoute::Disclosures => Some(5),
        FaultRoute::Any | FaultRoute::Operation(_) => None,
    }
}
