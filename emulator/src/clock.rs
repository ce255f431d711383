//! The times the emulator writes. It lives on a fixed day (the "today" of its data), so
//! seeds are dated relative to that day and objects created now carry that day with the
//! wall clock's time of day: answers never depend on the date the tests run.

use chrono::{Duration, NaiveDate, Timelike, Utc};

use crate::data::reference_date;

/// The emulator's today.
pub(crate) fn today() -> NaiveDate {
    reference_date()
}

/// `YYYY-MM-DD` of `days` before today.
pub(crate) fn date_before(days: i64) -> String {
    (today() - Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// An RFC 3339 time `days` before today at `second` seconds past midnight, UTC.
pub(crate) fn time_before(days: i64, second: u32) -> String {
    let second = second % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_before(days),
        second / 3600,
        second / 60 % 60,
        second % 60
    )
}

/// Now: today at the wall clock's time of day, UTC.
pub(crate) fn now() -> String {
    time_before(0, Utc::now().num_seconds_from_midnight())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_rfc_3339() {
        assert_eq!(super::time_before(1, 3_661), "2026-04-29T01:01:01Z");
        assert!(chrono::DateTime::parse_from_rfc3339(&super::now()).is_ok());
    }
}
