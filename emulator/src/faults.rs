//! Scripted misbehaviour: the next N requests to a route fail in a chosen way.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// Which route a [`Fault`] applies to.
///
/// ```
/// use candescent_emulator::FaultRoute;
/// assert_eq!("accounts".parse::<FaultRoute>().unwrap(), FaultRoute::Accounts);
/// assert!("nope".parse::<FaultRoute>().unwrap_err().contains("token, revoke"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultRoute {
    /// `POST …/oauth2/v1/token`
    Token,
    /// `DELETE|POST …/oauth2/v1/revoke`
    Revoke,
    /// `GET …/accounts`
    Accounts,
    /// `GET …/accounts/{id}`
    Account,
    /// `GET …/transactions`
    Transactions,
    /// Whichever API route is called next.
    Any,
}

impl FaultRoute {
    const ALL: [(FaultRoute, &'static str); 6] = [
        (FaultRoute::Token, "token"),
        (FaultRoute::Revoke, "revoke"),
        (FaultRoute::Accounts, "accounts"),
        (FaultRoute::Account, "account"),
        (FaultRoute::Transactions, "transactions"),
        (FaultRoute::Any, "any"),
    ];

    /// The lowercase wire name.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(r, _)| *r == self)
            .map(|(_, s)| *s)
            .unwrap_or("any")
    }
}

impl fmt::Display for FaultRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FaultRoute {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(s.trim()))
            .map(|(r, _)| *r)
            .ok_or_else(|| {
                format!(
                    "unknown fault route {s:?}; expected one of: token, revoke, accounts, account, transactions, any"
                )
            })
    }
}

/// How a faulted request misbehaves.
///
/// ```
/// use candescent_emulator::FaultKind;
/// assert_eq!("reset".parse::<FaultKind>().unwrap(), FaultKind::Reset);
/// assert_eq!(FaultKind::Malformed.to_string(), "malformed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// Answer `status` with an error body `{code, message}` (and `Retry-After` if given).
    Status,
    /// Close the connection without sending any response.
    Reset,
    /// Wait `stall_ms` (default 60 s), then answer normally.
    Stall,
    /// Answer 200 `application/json` with a body cut off mid-JSON.
    Malformed,
}

impl FaultKind {
    const ALL: [(FaultKind, &'static str); 4] = [
        (FaultKind::Status, "status"),
        (FaultKind::Reset, "reset"),
        (FaultKind::Stall, "stall"),
        (FaultKind::Malformed, "malformed"),
    ];

    /// The lowercase wire name.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, s)| *s)
            .unwrap_or("status")
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FaultKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(s.trim()))
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                format!(
                    "unknown fault kind {s:?}; expected one of: status, reset, stall, malformed"
                )
            })
    }
}

// Deserialized through `FromStr` so that JSON input gets the same message,
// listing the valid values, as the bindings' string input.
macro_rules! deserialize_from_str {
    ($t:ty) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
deserialize_from_str!(FaultRoute);
deserialize_from_str!(FaultKind);

/// Default stall when `stall_ms` is not given: longer than any sane client timeout.
pub const DEFAULT_STALL_MS: u64 = 60_000;
/// Default status when a `status` fault does not name one.
pub const DEFAULT_FAULT_STATUS: u16 = 503;

fn one() -> u32 {
    1
}

/// One scripted failure, as accepted by `POST /__emulator/faults`.
///
/// ```
/// use candescent_emulator::{Fault, FaultKind, FaultRoute};
/// let fault: Fault = serde_json::from_str(r#"{"route":"accounts","kind":"status","status":503}"#).unwrap();
/// assert_eq!(fault, Fault::status(FaultRoute::Accounts, 1, 503));
/// assert_eq!(fault.kind, FaultKind::Status);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Route whose next requests fail.
    pub route: FaultRoute,
    /// How many requests fail (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// How they fail.
    pub kind: FaultKind,
    /// HTTP status for [`FaultKind::Status`] (default 503).
    #[serde(default)]
    pub status: Option<u16>,
    /// Error `code` in the body; a sensible one for the status and route by default.
    #[serde(default)]
    pub code: Option<String>,
    /// `Retry-After` header value in seconds.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Stall length for [`FaultKind::Stall`] (default 60 000 ms).
    #[serde(default)]
    pub stall_ms: Option<u64>,
}

impl Fault {
    fn new(route: FaultRoute, count: u32, kind: FaultKind) -> Fault {
        Fault {
            route,
            count,
            kind,
            status: None,
            code: None,
            retry_after: None,
            stall_ms: None,
        }
    }

    /// The next `count` requests to `route` answer `status`.
    ///
    /// ```
    /// use candescent_emulator::{Fault, FaultRoute};
    /// let f = Fault::status(FaultRoute::Token, 2, 500).with_code("CMN_90001").with_retry_after(3);
    /// assert_eq!(f.retry_after, Some(3));
    /// ```
    pub fn status(route: FaultRoute, count: u32, status: u16) -> Fault {
        Fault {
            status: Some(status),
            ..Fault::new(route, count, FaultKind::Status)
        }
    }

    /// The next `count` requests to `route` get their connection closed without a response.
    ///
    /// ```
    /// let f = candescent_emulator::Fault::reset(candescent_emulator::FaultRoute::Any, 1);
    /// assert_eq!(f.kind, candescent_emulator::FaultKind::Reset);
    /// ```
    pub fn reset(route: FaultRoute, count: u32) -> Fault {
        Fault::new(route, count, FaultKind::Reset)
    }

    /// The next `count` requests to `route` wait `stall_ms` before answering.
    ///
    /// ```
    /// let f = candescent_emulator::Fault::stall(candescent_emulator::FaultRoute::Accounts, 1, 5_000);
    /// assert_eq!(f.stall_ms, Some(5_000));
    /// ```
    pub fn stall(route: FaultRoute, count: u32, stall_ms: u64) -> Fault {
        Fault {
            stall_ms: Some(stall_ms),
            ..Fault::new(route, count, FaultKind::Stall)
        }
    }

    /// The next `count` requests to `route` get a truncated JSON body.
    ///
    /// ```
    /// let f = candescent_emulator::Fault::malformed(candescent_emulator::FaultRoute::Transactions, 1);
    /// assert_eq!(f.count, 1);
    /// ```
    pub fn malformed(route: FaultRoute, count: u32) -> Fault {
        Fault::new(route, count, FaultKind::Malformed)
    }

    /// Sets the error `code` of a status fault.
    pub fn with_code(mut self, code: impl Into<String>) -> Fault {
        self.code = Some(code.into());
        self
    }

    /// Sets the `Retry-After` seconds of a status fault.
    pub fn with_retry_after(mut self, seconds: u64) -> Fault {
        self.retry_after = Some(seconds);
        self
    }

    /// Checks the values an admin request could get wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count must be at least 1".into());
        }
        if let Some(status) = self.status {
            if !(200..=599).contains(&status) {
                return Err(format!("status must be between 200 and 599, got {status}"));
            }
        }
        if let Some(code) = &self.code {
            if code.chars().any(char::is_control) {
                return Err("code must not contain control characters".into());
            }
        }
        Ok(())
    }
}

/// Pending faults, consumed in the order they were injected.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    // Lets the hot path skip the mutex when nothing is scripted, which is almost always.
    armed: AtomicBool,
    pending: Mutex<Vec<Fault>>,
}

impl FaultQueue {
    pub(crate) fn push(&self, fault: Fault) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.push(fault);
        self.armed.store(true, Ordering::Release);
    }

    /// Takes one use of the first fault matching `route`, if any.
    pub(crate) fn take(&self, route: FaultRoute) -> Option<Fault> {
        if !self.armed.load(Ordering::Acquire) {
            return None;
        }
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let i = pending
            .iter()
            .position(|f| f.route == route || f.route == FaultRoute::Any)?;
        let fault = pending[i].clone();
        pending[i].count -= 1;
        if pending[i].count == 0 {
            pending.remove(i);
        }
        if pending.is_empty() {
            self.armed.store(false, Ordering::Release);
        }
        Some(fault)
    }

    pub(crate) fn clear(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.clear();
        self.armed.store(false, Ordering::Release);
    }
}
