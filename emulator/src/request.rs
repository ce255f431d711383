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

/// The `transactionId` header is present and a hyphenated UUID.
pub(crate) fn has_valid_transaction_id(headers: &HeaderMap) -> bool {
    header_str(headers, "transactionid")
        .is_some_and(|v| v.len() == 36 && uuid::Uuid::try_parse(v).is_ok())
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
