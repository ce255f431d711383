//! The rate limit setting: `50/s`, `3000/min`, `10000/h`.

use std::time::Duration;

use crate::{Error, Result};

/// A number of requests per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rate {
    pub(crate) count: u32,
    pub(crate) per: Duration,
}

impl Rate {
    /// `name` is the option or variable as the caller spells it.
    pub(crate) fn parse(text: &str, name: &str) -> Result<Rate> {
        let bad = || {
            Error::configuration(format!(
                "{name} must be a number of requests per second, minute or hour, such as \
                 \"50/s\" or \"3000/min\", not {text:?}"
            ))
        };
        let (count, unit) = text.trim().split_once('/').ok_or_else(bad)?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        let per = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(bad()),
        };
        if count == 0 {
            return Err(bad());
        }
        Ok(Rate { count, per })
    }

    /// The time between two requests at this rate.
    pub(crate) fn interval(self) -> Duration {
        self.per / self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(
            Rate::parse("50/s", "r").unwrap().interval(),
            Duration::from_millis(20)
        );
        assert_eq!(
            Rate::parse(" 3000 / min ", "r").unwrap().interval(),
            Duration::from_millis(20)
        );
        for bad in ["50", "0/s", "-1/s", "1.5/s", "50/day", "fast"] {
            let e = Rate::parse(bad, "rateLimit").unwrap_err();
            assert!(e.message().starts_with("rateLimit must be"), "{bad}");
        }
    }
}
