//! The rate limit: GCRA (the generic cell rate algorithm) spaces requests evenly at the
//! configured rate, as the gateway's spike arrest does. With Redis the state is shared by
//! every client of the same client id and institution; otherwise it is this client's own.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::time::Instant;

use crate::{
    auth::store::{Store, Warnings},
    config::Rate,
    Error, ErrorKind, Result,
};

pub(crate) struct RateLimiter {
    rate: Rate,
    /// The setting as the caller spells it, for the error.
    setting: String,
    interval: Duration,
    /// The theoretical arrival time of this process's next request.
    local: Mutex<Option<Instant>>,
    shared: Option<(Arc<Store>, String, Arc<Warnings>)>,
}

impl RateLimiter {
    /// `shared` is the fleet's store and the key of this client id and institution.
    pub(crate) fn new(
        rate: Rate,
        setting: String,
        shared: Option<(Arc<Store>, String, Arc<Warnings>)>,
    ) -> RateLimiter {
        RateLimiter {
            rate,
            setting,
            interval: rate.interval(),
            local: Mutex::new(None),
            shared: shared.filter(|(store, _, _)| store.shares_rate_limit()),
        }
    }

    /// Waits for this request's slot, or fails at once if it would come after `deadline`.
    pub(crate) async fn acquire(&self, deadline: Instant) -> Result<()> {
        let max_wait = deadline.saturating_duration_since(Instant::now());
        let wait = match &self.shared {
            Some((store, key, warnings)) => match store.gcra(key, self.interval, max_wait).await {
                Ok(wait) => wait,
                Err(e) => {
                    warnings.store_failed("the rate limit holds for this process alone", &e.0);
                    self.local(max_wait)
                }
            },
            None => self.local(max_wait),
        };
        match wait {
            Some(wait) if wait.is_zero() => Ok(()),
            Some(wait) => {
                tokio::time::sleep(wait).await;
                Ok(())
            }
            None => Err(Error::new(
                ErrorKind::RateLimit,
                format!(
                    "the rate limit of {} requests per {:?} has no free slot before the call's \
                     deadline ({})",
                    self.rate.count, self.rate.per, self.setting
                ),
            )),
        }
    }

    fn local(&self, max_wait: Duration) -> Option<Duration> {
        let mut tat = self.local.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let at = tat.map_or(now, |t| t.max(now));
        let wait = at - now;
        if wait > max_wait {
            return None;
        }
        *tat = Some(at + self.interval);
        Some(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_and_refused_past_the_deadline() {
        let limiter = RateLimiter::new(
            Rate {
                count: 10,
                per: Duration::from_secs(1),
            },
            "rate_limit".into(),
            None,
        );
        let start = Instant::now();
        for _ in 0..5 {
            limiter
                .acquire(start + Duration::from_secs(1))
                .await
                .unwrap();
        }
        assert_eq!(Instant::now() - start, Duration::from_millis(400));
        let err = limiter
            .acquire(Instant::now() + Duration::from_millis(50))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::RateLimit);
        // A refused request reserves nothing.
        limiter
            .acquire(Instant::now() + Duration::from_secs(1))
            .await
            .unwrap();
    }
}
