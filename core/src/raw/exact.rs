//! JSON for JavaScript without silent rounding: `JSON.parse` reads every number as a double,
//! so `501306.06` and an id like `12345678901234567890` would change on the way.

/// The largest integer a double holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: u64 = (1 << 53) - 1;

/// `text` (a JSON document) with every number that is not an integer (a fraction or an
/// exponent), and every integer beyond ±(2^53 − 1), replaced by its decimal text as a string.
/// Integers that a double holds exactly stay numbers; everything else, key order included,
/// stays as the server wrote it.
///
/// ```
/// let out = candescent::exact_json_text(br#"{"amount":501306.06,"n":3,"big":12345678901234567890}"#).unwrap();
/// assert_eq!(out, r#"{"amount":"501306.06","n":3,"big":"12345678901234567890"}"#);
/// ```
///
/// # Errors
/// A `serde_json` error when `text` is not JSON.
pub fn exact_json_text(text: &[u8]) -> serde_json::Result<String> {
    // Checked first, so that the rewrite below may assume well-formed JSON.
    serde_json::from_slice::<serde::de::IgnoredAny>(text)?;
    let text = std::str::from_utf8(text).expect("serde_json accepted it, so it is UTF-8");
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Skip the string, escapes included.
                i += 1;
                while bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let number = &text[start..i];
                if !is_safe_integer(number) {
                    out.push_str(&text[copied..start]);
                    out.push('"');
                    out.push_str(number);
                    out.push('"');
                    copied = i;
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

fn is_safe_integer(number: &str) -> bool {
    let digits = number.strip_prefix('-').unwrap_or(number);
    digits.bytes().all(|b| b.is_ascii_digit()) && digits.parse::<u64>().is_ok_and(|n| n <= MAX_SAFE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inexact_numbers_become_strings_and_nothing_else_changes() {
        let cases = [
            (r#"{"z":1,"a":-2.50}"#, r#"{"z":1,"a":"-2.50"}"#),
            (
                r#"[9007199254740991,9007199254740992,-9007199254740992]"#,
                r#"[9007199254740991,"9007199254740992","-9007199254740992"]"#,
            ),
            (
                r#"{"s":"1.5 \"2.5\" \\","e":1e3,"E":-1E-3}"#,
                r#"{"s":"1.5 \"2.5\" \\","e":"1e3","E":"-1E-3"}"#,
            ),
            (r#" [ 0 , true , null ] "#, r#" [ 0 , true , null ] "#),
            ("2.5", "\"2.5\""),
        ];
        for (input, expected) in cases {
            assert_eq!(
                exact_json_text(input.as_bytes()).unwrap(),
                expected,
                "{input}"
            );
        }
        assert!(exact_json_text(b"{\"a\":").is_err());
        assert!(exact_json_text(b"NaN").is_err());
    }
}
