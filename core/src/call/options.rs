//! The settings of one call, over the client's.

use std::time::Duration;

use crate::input::{Args, Dialect, Reader};
use crate::transport::Limits;
use crate::{ErrorKind, Result};

/// One call's own settings: a timeout per attempt, a retry count, whether a write may be
/// repeated, and an overall deadline. What is not set comes from the client.
///
/// ```
/// use candescent::call::CallOptions;
/// use candescent::input::{Dialect, Value};
/// let o = CallOptions::from_args(vec![("timeout".into(), Value::Float(5.0))], Dialect::PYTHON).unwrap();
/// assert_eq!(o.timeout, Some(std::time::Duration::from_secs(5)));
/// let err = CallOptions::from_args(vec![("retries".into(), Value::Int(1))], Dialect::PYTHON).unwrap_err();
/// assert!(err.message().contains("max_retries"), "{}", err.message());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// The timeout of each attempt.
    pub timeout: Option<Duration>,
    /// How many more attempts after a failure that may be retried.
    pub max_retries: Option<u32>,
    /// Whether failures may be repeated; by default reads are and writes are not (the API has
    /// no idempotency key: a repeated payment is a second payment).
    pub retry: Option<bool>,
    /// A bound on all attempts, the wait for a token and the wait for a rate-limit slot.
    pub deadline: Option<Duration>,
}

/// The names of the per-call options, in snake case.
pub const CALL_OPTIONS: [&str; 4] = ["timeout", "max_retries", "retry", "deadline"];

impl CallOptions {
    /// The per-call options as a binding received them (Python keywords, a Node options
    /// object): seconds in Python, milliseconds in Node.
    ///
    /// # Errors
    /// [`ErrorKind::Validation`] naming the option: an unknown name, a wrong type, a count that
    /// is not a whole number in range, a duration that is not positive.
    pub fn from_args(args: Args, dialect: Dialect) -> Result<CallOptions> {
        let mut r = Reader::new(
            args,
            dialect.naming,
            ErrorKind::Validation,
            "call",
            &CALL_OPTIONS,
            &[],
        )?;
        Ok(CallOptions {
            timeout: r.duration("timeout", dialect.time_unit, false)?,
            max_retries: r
                .count("max_retries", 0, u64::from(u32::MAX))?
                .map(|n| n as u32),
            retry: r.bool("retry")?,
            deadline: r.duration("deadline", dialect.time_unit, false)?,
        })
    }

    pub(crate) fn limits(&self) -> Limits {
        Limits {
            timeout: self.timeout,
            max_retries: self.max_retries,
        }
    }
}
