//! Reads `code` and `message` out of every error body shape the API is known to send.

use serde_json::Value;

/// At most this much of a body that is not a known error shape is kept as the message.
const MAX_RAW_MESSAGE: usize = 512;

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
        let code = field(&["code", "errorCode", "error"]);
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
                message: message.unwrap_or_else(|| default_message(status)),
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
    let mut end = body.len().min(MAX_RAW_MESSAGE);
    // Cut on a character boundary so the kept text is valid UTF-8 where the body was.
    while end > 0 && end < body.len() && (body[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    let text = String::from_utf8_lossy(&body[..end]);
    let text = text.trim();
    if text.is_empty() {
        default_message(status)
    } else {
        text.to_owned()
    }
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
