//! Reading what a request says: headers and query parameters.

use std::sync::Arc;

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use tokio::sync::Notify;

/// Lets a handler drop its whole connection without answering (the `reset` fault).
#[derive(Debug, Clone, Default)]
pub(crate) struct ConnectionControl(pub Arc<Notify>);

impl ConnectionControl {
    pub(crate) fn drop_connection(&self) {
        self.0.notify_one();
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// The longest trace id accepted: a hyphenated UUID.
const MAX_TRACE_ID: usize = 36;

/// What a trace-id header (`transactionId`, `correlationId`) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TraceId {
    Missing,
    TooLong,
    NonPrintable,
    Invalid,
    Valid,
}

fn trace_id(headers: &HeaderMap, name: &str) -> TraceId {
    let Some(raw) = headers.get(name) else {
        return TraceId::Missing;
    };
    let bytes = raw.as_bytes();
    if !bytes.iter().all(|b| is_printable(*b)) {
        return TraceId::NonPrintable;
    }
    let value = std::str::from_utf8(bytes).unwrap_or_default().trim();
    if value.is_empty() {
        TraceId::Missing
    } else if value.len() > MAX_TRACE_ID {
        TraceId::TooLong
    } else if uuid::Uuid::try_parse(value).is_ok() && value.len() == MAX_TRACE_ID {
        TraceId::Valid
    } else {
        TraceId::Invalid
    }
}

/// The trace header `name` (`transactionId` or `correlationId`, any case).
pub(crate) fn trace_header(headers: &HeaderMap, name: &str) -> TraceId {
    trace_id(headers, &name.to_ascii_lowercase())
}

/// The `transactionId` header.
pub(crate) fn transaction_id(headers: &HeaderMap) -> TraceId {
    trace_id(headers, "transactionid")
}

/// The `correlationId` header (the customer and MX routes' trace id).
pub(crate) fn correlation_id(headers: &HeaderMap) -> TraceId {
    trace_id(headers, "correlationid")
}

/// Printable ASCII, plus bytes of non-ASCII UTF-8 text: only control characters are refused.
fn is_printable(b: u8) -> bool {
    b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80
}

/// No control characters in the decoded query string.
pub(crate) fn printable_query(query: &str) -> bool {
    url::form_urlencoded::parse(query.as_bytes())
        .all(|(k, v)| k.bytes().chain(v.bytes()).all(is_printable))
}

/// No control characters in any header value.
pub(crate) fn printable_headers(headers: &HeaderMap) -> bool {
    headers
        .values()
        .all(|v| v.as_bytes().iter().all(|b| is_printable(*b)))
}

/// An `Authorization` header of any scheme is present.
pub(crate) fn has_authorization(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
}

/// The value of the `institutionId` header, if any.
pub(crate) fn institution_id(headers: &HeaderMap) -> Option<&str> {
    header_str(headers, "institutionid")
}

/// No `Accept` header, or one with a JSON-compatible range whose q is above 0.
pub(crate) fn accepts_json(headers: &HeaderMap) -> bool {
    let values: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if values.iter().all(|v| v.trim().is_empty()) {
        return true;
    }
    values.iter().flat_map(|v| v.split(',')).any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q_zero = parts.any(|p| {
            let p = p.trim();
            p.len() > 2
                && p[..2].eq_ignore_ascii_case("q=")
                && p[2..].trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
        });
        !q_zero && matches!(media.as_str(), "application/json" | "application/*" | "*/*")
    })
}

/// Credentials from `Authorization: Basic …`: `None` without such a header,
/// `Some(None)` when it is there but unreadable.
pub(crate) fn basic_credentials(headers: &HeaderMap) -> Option<Option<(String, String)>> {
    let value = header_str(headers, "authorization")?;
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD
        .decode(rest.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    Some(decoded.and_then(|s| {
        s.split_once(':')
            .map(|(id, secret)| (id.to_owned(), secret.to_owned()))
    }))
}

/// The token of `Authorization: Bearer …`.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = header_str(headers, "authorization")?;
    let (scheme, rest) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

/// Equality whose time does not depend on where the inputs differ.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// Decoded `application/x-www-form-urlencoded` pairs (a query string or a form body).
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(raw: &[u8]) -> Params {
        Params(url::form_urlencoded::parse(raw).into_owned().collect())
    }

    /// The value of `name`; an error if it is given twice with different values.
    pub(crate) fn one(&self, name: &str) -> Result<Option<&str>, String> {
        let mut found: Option<&str> = None;
        for (k, v) in &self.0 {
            if k == name {
                match found {
                    Some(prev) if prev != v => {
                        return Err(format!("{name} is given more than once"))
                    }
                    _ => found = Some(v),
                }
            }
        }
        Ok(found)
    }

    /// Every value is free of control characters.
    pub(crate) fn printable(&self) -> bool {
        self.0
            .iter()
            .all(|(k, v)| k.bytes().chain(v.bytes()).all(is_printable))
    }

    /// Like [`Params::one`], treating an empty value as absent.
    pub(crate) fn non_empty(&self, name: &str) -> Result<Option<&str>, String> {
        Ok(self.one(name)?.map(str::trim).filter(|v| !v.is_empty()))
    }

    /// A `true`/`false` parameter.
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>, String> {
        match self.one(name)? {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(format!("{name} must be true or false, got {v:?}")),
        }
    }

    /// A non-negative integer parameter.
    pub(crate) fn count(&self, name: &str) -> Result<Option<usize>, String> {
        match self.one(name)? {
            None => Ok(None),
            Some(v) => v
                .parse::<usize>()
                .map(Some)
                .map_err(|_| format!("{name} must be a non-negative integer, got {v:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &str) -> bool {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        accepts_json(&h)
    }

    #[test]
    fn accept_ranges() {
        assert!(accepts_json(&HeaderMap::new()));
        assert!(accept("application/json"));
        assert!(accept("Application/JSON; charset=utf-8"));
        assert!(accept("text/html, application/*;q=0.5"));
        assert!(accept("*/*"));
        assert!(!accept("text/html"));
        assert!(!accept("application/xml"));
        assert!(!accept("application/json;q=0"));
        assert!(!accept("application/json; q=0.0, text/plain"));
    }

    #[test]
    fn constant_time_eq_works() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(constant_time_eq("", ""));
    }
}
