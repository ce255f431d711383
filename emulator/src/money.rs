//! Money as the API writes it: JSON numbers with cents, kept exact. Amounts are read from
//! the number's own text (the workspace's `serde_json` keeps it) and summed in cents, never
//! through a binary float.

use serde_json::Value;

use crate::data::number;

/// The cents of a JSON number with at most two decimals; `None` for anything else
/// (a string, three decimals, an exponent).
pub(crate) fn cents(value: &Value) -> Option<i128> {
    let Value::Number(n) = value else {
        return None;
    };
    let text = n.to_string();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i128 = whole.parse().ok()?;
    let fraction: i128 = format!("{fraction:0<2}").parse().ok()?;
    let cents = whole.checked_mul(100)?.checked_add(fraction)?;
    Some(if negative { -cents } else { cents })
}

/// The JSON number of `cents`, with the fewest decimals that keep it exact (`0.1`, `12`,
/// `12345678901234.56`).
pub(crate) fn amount(cents: i128) -> Value {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let text = match c % 100 {
        0 => format!("{sign}{}", c / 100),
        f if f % 10 == 0 => format!("{sign}{}.{}", c / 100, f / 10),
        f => format!("{sign}{}.{f:02}", c / 100),
    };
    number(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_both_ways() {
        let v: Value = serde_json::from_str("12345678901234.56").unwrap();
        assert_eq!(cents(&v), Some(1_234_567_890_123_456));
        assert_eq!(
            amount(1_234_567_890_123_456).to_string(),
            "12345678901234.56"
        );
        assert_eq!(amount(10).to_string(), "0.1");
        assert_eq!(amount(1200).to_string(), "12");
        assert_eq!(cents(&serde_json::from_str("0.1").unwrap()), Some(10));
        assert_eq!(cents(&serde_json::from_str("-3").unwrap()), Some(-300));
        assert_eq!(cents(&serde_json::from_str("1.234").unwrap()), None);
        assert_eq!(cents(&Value::from("1.00")), None);
    }
}
