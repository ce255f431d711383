//! When to try again, and how long to wait first.

use std::time::{Duration, SystemTime};

use rand::Rng;
use reqwest::{header::HeaderValue, StatusCode};

/// The first backoff step; each retry doubles it.
const BASE: Duration = Duration::from_millis(500);
/// No computed backoff is longer than this.
const BACKOFF_CAP: Duration = Duration::from_secs(8);
/// A server's `Retry-After` is waited out up to this long; beyond it the call fails
/// at once with a rate-limit error that carries the wait, so the caller decides.
pub(crate) const RETRY_AFTER_CAP: Duration = Duration::from_secs(60);

/// Statuses worth another attempt of an idempotent request.
pub(crate) fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500..=599)
}

/// Exponential backoff with full jitter: a uniform wait in `[0, min(cap, base·2^(retry-1))]`,
/// so that many clients failing together do not retry together.
pub(crate) fn backoff(retry: u32) -> Duration {
    let ceiling = BASE
        .checked_mul(1u32 << (retry.saturating_sub(1)).min(16))
        .map_or(BACKOFF_CAP, |d| d.min(BACKOFF_CAP));
    rand::rng().random_range(Duration::ZERO..=ceiling)
}

/// A `Retry-After` beyond a day is reported as a day: the caller learns "much later",
/// and no clock arithmetic downstream (ours or a binding's) meets a value near `u64::MAX`.
pub(crate) const RETRY_AFTER_MAX: Duration = Duration::from_secs(24 * 3600);

/// `Retry-After` as delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    parse_retry_after_text(value.to_str().ok()?)
}

/// `Retry-After` text as delay-seconds or an HTTP date, at most [`RETRY_AFTER_MAX`].
pub(crate) fn parse_retry_after_text(text: &str) -> Option<Duration> {
    let text = text.trim();
    let wait = if let Ok(seconds) = text.parse::<u64>() {
        Duration::from_secs(seconds)
    } else if let Ok(seconds) = text.parse::<f64>() {
        if seconds.is_nan() || seconds < 0.0 {
            return None;
        }
        Duration::try_from_secs_f64(seconds).unwrap_or(RETRY_AFTER_MAX)
    } else {
        let when = httpdate::parse_http_date(text).ok()?;
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    };
    Some(wait.min(RETRY_AFTER_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_its_ceiling() {
        for retry in 1..40 {
            let ceiling = (BASE * 2u32.pow((retry - 1).min(10))).min(BACKOFF_CAP);
            assert!(backoff(retry) <= ceiling);
        }
    }

    #[test]
    fn retry_after_in_both_forms() {
        assert_eq!(
            parse_retry_after(&HeaderValue::from_static("120")),
            Some(Duration::from_secs(120))
        );
        let later = SystemTime::now() + Duration::from_secs(90);
        let date = HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap();
        let got = parse_retry_after(&date).unwrap();
        assert!(
            got > Duration::from_secs(85) && got <= Duration::from_secs(90),
            "{got:?}"
        );
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(&HeaderValue::from_static("soon")), None);
        for huge in ["18446744073709551615", "1e300", "99999999999999999999999"] {
            assert_eq!(
                parse_retry_after_text(huge),
                Some(RETRY_AFTER_MAX),
                "{huge}"
            );
        }
        assert_eq!(parse_retry_after_text("-1"), None);
        assert_eq!(parse_retry_after_text("NaN"), None);
    }
}
