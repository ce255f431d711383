//! An access token, its lifetime, and the token endpoint's answer.

use std::time::Duration;

use reqwest::header::HeaderValue;
use serde::Deserialize;
use serde_json::Value;
use tokio::time::Instant;

use crate::{Error, ErrorKind, Result, SecretString};

/// The lifetime assumed when the server does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(1800);
/// Lifetimes beyond this are cut to it. A server's `expires_in` can be any number (values
/// near 2^63 seconds overflow the clock), and no real token lives a year; refreshing a
/// year-old token costs one request.
const MAX_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);
/// Lifetimes below this (`1e-300`) are raised to it, so a token is not requested anew for
/// every call; should the server really expire it sooner, its 401 brings a new one.
const MIN_LIFETIME: Duration = Duration::from_secs(1);
/// A token is refreshed in the background once less than this is left…
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// What the token endpoint granted.
pub(crate) struct Grant {
    pub(crate) access_token: SecretString,
    pub(crate) lifetime: Duration,
    /// The scopes granted, when the answer names them (`scope`, which the spec does not list).
    pub(crate) scopes: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    expires_in: Option<Value>,
    scope: Option<Value>,
}

/// `scope` as OAuth 2.0 spells it (space-separated), as the request spells it
/// (comma-separated), or as a list; anything else is ignored, as an unknown field would be.
fn scope_list(value: Option<Value>) -> Option<Vec<String>> {
    let words: Vec<String> = match value? {
        Value::String(text) => text
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s),
                _ => None,
            })
            .collect(),
        _ => return None,
    };
    Some(words)
}

impl Grant {
    /// Reads `{"access_token", "expires_in", "token_type"}`; `expires_in` may be a string or a number.
    pub(crate) fn parse(body: &[u8]) -> Result<Grant> {
        let decode =
            |message: &str| Error::new(ErrorKind::Decode, format!("token response: {message}"));
        let response: TokenResponse =
            serde_json::from_slice(body).map_err(|_| decode("the body is not a JSON object"))?;
        let access_token = response
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| decode("no access_token"))?;
        let lifetime = match response.expires_in {
            None | Some(Value::Null) => Some(DEFAULT_LIFETIME),
            Some(Value::String(s)) => seconds(s.trim()),
            Some(Value::Number(n)) => seconds(&n.to_string()),
            Some(_) => None,
        }
        .ok_or_else(|| decode("expires_in must be a positive number of seconds"))?
        .clamp(MIN_LIFETIME, MAX_LIFETIME);
        Ok(Grant {
            access_token: SecretString::new(access_token),
            lifetime,
            scopes: scope_list(response.scope),
        })
    }
}

fn seconds(text: &str) -> Option<Duration> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(|s| Duration::try_from_secs_f64(s).unwrap_or(MAX_LIFETIME))
}

/// How long before its expiry a token of this lifetime is refreshed.
pub(crate) fn refresh_margin(lifetime: Duration) -> Duration {
    MAX_REFRESH_MARGIN.min(lifetime / 2)
}

/// A token in the cache, with its deadlines on the monotonic clock.
pub(crate) struct AccessToken {
    pub(crate) secret: SecretString,
    /// `Bearer …`, built once and marked sensitive.
    pub(crate) header: HeaderValue,
    /// Which token of the cache's life this is; a 401 invalidates only the generation it was sent with.
    pub(crate) generation: u64,
    pub(crate) refresh_at: Instant,
    pub(crate) expires_at: Instant,
    pub(crate) scopes: Option<Vec<String>>,
}

impl AccessToken {
    /// Expiry counts from when the request was sent, so time in flight is never credited.
    pub(crate) fn new(grant: Grant, sent_at: Instant, generation: u64) -> Result<AccessToken> {
        let mut header = HeaderValue::try_from(format!("Bearer {}", grant.access_token.expose()))
            .map_err(|_| {
            Error::new(
                ErrorKind::Decode,
                "token response: the access_token is not a valid header value",
            )
        })?;
        header.set_sensitive(true);
        let margin = refresh_margin(grant.lifetime);
        // Checked even though the lifetime is capped: the clock's own range is the platform's.
        let expires_at = sent_at
            .checked_add(grant.lifetime)
            .or_else(|| sent_at.checked_add(MAX_LIFETIME))
            .unwrap_or(sent_at);
        Ok(AccessToken {
            secret: grant.access_token,
            header,
            generation,
            refresh_at: expires_at - margin,
            expires_at,
            scopes: grant.scopes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lifetime(body: &str) -> Result<Duration> {
        Grant::parse(body.as_bytes()).map(|g| g.lifetime)
    }

    #[test]
    fn expires_in_as_string_number_or_missing() {
        assert_eq!(
            lifetime(r#"{"access_token":"t","expires_in":"2591999"}"#).unwrap(),
            Duration::from_secs(2591999)
        );
        assert_eq!(
            lifetime(r#"{"access_token":"t","expires_in":3600}"#).unwrap(),
            Duration::from_secs(3600)
        );
        assert_eq!(
            lifetime(r#"{"access_token":"t","token_type":"Bearer"}"#).unwrap(),
            DEFAULT_LIFETIME
        );
        for bad in [r#""0""#, "-5", r#""soon""#, "true"] {
            let body = format!(r#"{{"access_token":"t","expires_in":{bad}}}"#);
            assert_eq!(
                lifetime(&body).unwrap_err().kind(),
                ErrorKind::Decode,
                "{bad}"
            );
        }
        assert_eq!(
            lifetime(r#"{"expires_in":"10"}"#).unwrap_err().kind(),
            ErrorKind::Decode
        );
    }

    #[test]
    fn granted_scopes_are_read_when_the_answer_names_them() {
        let scopes = |body: &str| Grant::parse(body.as_bytes()).unwrap().scopes;
        assert_eq!(scopes(r#"{"access_token":"t"}"#), None);
        let both = Some(vec![
            "accounts:read".to_owned(),
            "transactions:read".to_owned(),
        ]);
        assert_eq!(
            scopes(r#"{"access_token":"t","scope":"accounts:read transactions:read"}"#),
            both
        );
        assert_eq!(
            scopes(r#"{"access_token":"t","scope":"accounts:read,transactions:read"}"#),
            both
        );
        assert_eq!(
            scopes(r#"{"access_token":"t","scope":["accounts:read","transactions:read"]}"#),
            both
        );
        assert_eq!(scopes(r#"{"access_token":"t","scope":7}"#), None);
    }

    #[test]
    fn huge_expires_in_is_capped_not_a_panic() {
        for huge in [
            "9223372036854775807",
            r#""9300000000000000000""#,
            "18446744073709551615",
            r#""18446744073709551615""#,
            "1e300",
            "1.8e19",
        ] {
            let body = format!(r#"{{"access_token":"t","expires_in":{huge}}}"#);
            let grant = Grant::parse(body.as_bytes()).unwrap();
            assert_eq!(grant.lifetime, MAX_LIFETIME, "{huge}");
            let token = AccessToken::new(grant, Instant::now(), 1).unwrap();
            assert!(token.refresh_at < token.expires_at);
        }
        let body = r#"{"access_token":"t","expires_in":1e400}"#;
        assert_eq!(
            Grant::parse(body.as_bytes()).err().map(|e| e.kind()),
            Some(ErrorKind::Decode)
        );
    }

    #[test]
    fn margin_is_the_smaller_of_five_minutes_and_half_the_life() {
        let now = Instant::now();
        let grant = |s| Grant {
            access_token: SecretString::new("t"),
            lifetime: Duration::from_secs(s),
            scopes: None,
        };
        let t = AccessToken::new(grant(3600), now, 1).unwrap();
        assert_eq!(t.expires_at - t.refresh_at, Duration::from_secs(300));
        let t = AccessToken::new(grant(60), now, 1).unwrap();
        assert_eq!(t.expires_at - t.refresh_at, Duration::from_secs(30));
        assert!(format!("{:?}", t.header).contains("Sensitive"));
    }
}
