//! Reads `code` and `message` out of every error body shape the API is known to send.

use serde_json::Value;

/// At most this much of a message is kept, whether the body is a known error shape or not:
/// a message is for people, and a hostile or broken server must not fill logs with it.
pub(crate) const MAX_MESSAGE: usize = 512;
/// Error codes are short identifiers (`ACC_00101`); anything longer is cut to this.
const MAX_CODE: usize = 64;
/// At most this much of an error body is read; the rest is left unread.
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// The `code` and `message` of an error answer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    pub(crate) code: Option<String>,
    pub(crate) message: String,
}

/// Parses `{code, message}`, `{status, code, message}`, `{code, message, details}`,
/// the legacy `{statusMessage, errorInfo}` (object or array) and OAuth's `{error, error_description}`.
/// Anything else (empty, HTML from a proxy, truncated JSON) keeps its first 512 bytes.
pub(crate) fn parse(status: u16, body: &[u8]) -> ErrorBody {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
        let info = match map.get("errorInfo") {
            Some(Value::Array(items)) => items.first(),
            other => other,
        };
        // The top level wins over the legacy `errorInfo` detail.
        let field = |names: &[&str]| {
            let top = names.iter().find_map(|name| map.get(*name).and_then(text));
            top.or_else(|| {
                names
                    .iter()
                    .find_map(|name| info?.get(*name).and_then(text))
            })
        };
        let code = field(&["code", "errorCode", "error"]).map(|c| cut(&c, MAX_CODE));
        let message = field(&[
            "message",
            "error_description",
            "statusMessage",
            "errorMessage",
            "details",
        ]);
        if code.is_some() || message.is_some() {
            return ErrorBody {
                code,
                message: message.map_or_else(|| default_message(status), |m| cut(&m, MAX_MESSAGE)),
            };
        }
    }
    ErrorBody {
        code: None,
        message: raw_message(status, body),
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn raw_message(status: u16, body: &[u8]) -> String {
    let end = char_boundary(body, MAX_MESSAGE);
    // Invalid bytes grow into three-byte replacement characters: cut again after decoding.
    let text = String::from_utf8_lossy(&body[..end]);
    let text = text.trim();
    if text.is_empty() {
        default_message(status)
    } else {
        cut(text, MAX_MESSAGE)
    }
}

/// The longest prefix of `bytes` within `max` that does not split a UTF-8 character.
fn char_boundary(bytes: &[u8], max: usize) -> usize {
    let mut end = bytes.len().min(max);
    while end > 0 && end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    end
}

/// `text` cut to at most `max` bytes on a character boundary, marked with `…` when cut.
pub(crate) fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let end = char_boundary(text.as_bytes(), max - '…'.len_utf8());
    format!("{}…", &text[..end])
}

pub(crate) fn default_message(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unexpected status");
    format!("HTTP {status} {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(body: &str) -> ErrorBody {
        parse(400, body.as_bytes())
    }

    #[test]
    fn every_documented_shape() {
        let want = |code: &str, message: &str| ErrorBody {
            code: Some(code.into()),
            message: message.into(),
        };
        assert_eq!(
            p(r#"{"code":"ACC_00011","message":"Validation Error"}"#),
            want("ACC_00011", "Validation Error")
        );
        assert_eq!(
            p(r#"{"status":400,"code":"ACC_00005","message":"bad"}"#),
            want("ACC_00005", "bad")
        );
        assert_eq!(
            p(r#"{"code":"X","message":"m","details":"d"}"#),
            want("X", "m")
        );
        assert_eq!(
            p(r#"{"statusMessage":"m","errorInfo":{"code":"E1"}}"#),
            want("E1", "m")
        );
        assert_eq!(
            p(r#"{"statusMessage":"m","errorInfo":[{"code":"E2","message":"x"}]}"#),
            want("E2", "m")
        );
        assert_eq!(
            p(r#"{"error":"invalid_client","error_description":"nope"}"#),
            want("invalid_client", "nope")
        );
    }

    #[test]
    fn long_json_messages_and_codes_are_cut() {
        let body = format!(
            r#"{{"code":"{}","message":"{}"}}"#,
            "C".repeat(500),
            "é".repeat(5000)
        );
        let got = p(&body);
        assert!(got.message.len() <= MAX_MESSAGE && got.message.ends_with('…'));
        assert!(got.code.unwrap().len() <= MAX_CODE);
    }

    #[test]
    fn unknown_bodies_keep_512_bytes() {
        let html = format!("<html>{}</html>", "é".repeat(400));
        let got = parse(502, html.as_bytes());
        assert_eq!(got.code, None);
        assert!(got.message.len() <= 512 && got.message.starts_with("<html>"));
        assert_eq!(parse(503, b"").message, "HTTP 503 Service Unavailable");
        assert_eq!(
            parse(500, br#"{"code":"CMN_9"#).message,
            r#"{"code":"CMN_9"#
        );
    }
}
