//! Configuration: the builder, the environments, the route layouts, and the checked result.

mod builder;
mod environment;
mod options;
mod routes;

use std::{fmt, net::IpAddr, time::Duration};

use reqwest::header::HeaderValue;
use url::{Host, Url};

pub use builder::{ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use environment::Environment;
pub use options::ClientOptions;
pub(crate) use routes::Layout;
pub use routes::Routes;

use crate::{Error, RequestHook, Result, SecretString};

/// The settings as the builder gathered them, before they are checked.
pub(crate) struct Settings {
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) institution_id: String,
    pub(crate) base_url: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) deadline: Option<Duration>,
    pub(crate) routes: Routes,
    pub(crate) credentials_in_body: bool,
    pub(crate) user_agent: String,
    pub(crate) hook: Option<RequestHook>,
    /// Response size limit (see `ClientBuilder::max_response_bytes`).
    pub(crate) max_response_bytes: usize,
}

/// A checked configuration: everything a request needs, prepared once.
pub(crate) struct Config {
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) institution_id: HeaderValue,
    pub(crate) base_url: Url,
    pub(crate) token_url: Url,
    pub(crate) revoke_url: Url,
    pub(crate) accounts_url: String,
    pub(crate) transactions_url: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) deadline: Option<Duration>,
    pub(crate) credentials_in_body: bool,
    pub(crate) user_agent: HeaderValue,
    pub(crate) hook: Option<RequestHook>,
    /// The largest success body read, in bytes.
    pub(crate) max_response_bytes: usize,
}

impl Config {
    pub(crate) fn new(s: Settings) -> Result<Config> {
        check_text("client id", "client_id", &s.client_id)?;
        check_text("client secret", "client_secret", s.client_secret.expose())?;
        check_text("institution id", "institution_id", &s.institution_id)?;
        for scope in &s.scopes {
            if scope.is_empty()
                || scope.contains(|c: char| c == ',' || c.is_whitespace() || c.is_control())
            {
                return Err(Error::configuration(format!(
                    "invalid scope {scope:?}: give each scope on its own, e.g. [\"accounts:read\", \"transactions:read\"]"
                )));
            }
        }
        if s.timeout.is_zero()
            || s.connect_timeout.is_zero()
            || s.deadline.is_some_and(|d| d.is_zero())
        {
            return Err(Error::configuration(
                "timeouts and the deadline must be longer than zero",
            ));
        }
        if s.max_response_bytes == 0 {
            return Err(Error::configuration(
                "max_response_bytes must be at least 1 byte",
            ));
        }
        let base_url = parse_base_url(&s.base_url)?;
        let layout = Layout::of_path(base_url.path());
        let [token, revoke, accounts, transactions] = layout.default_routes();
        let r = &s.routes;
        let join = |name: &str, custom: &Option<String>, default: &str| -> Result<String> {
            let path = custom.as_deref().unwrap_or(default);
            if !path.starts_with('/')
                || path.contains(['?', '#'])
                || path.contains(|c: char| c.is_control() || c == ' ')
            {
                return Err(Error::configuration(format!(
                    "route {name} must be a path starting with '/', without query or spaces, not {path:?}"
                )));
            }
            Ok(format!(
                "{}{}",
                base_url.as_str().trim_end_matches('/'),
                path.trim_end_matches('/')
            ))
        };
        let to_url = |text: String| {
            Url::parse(&text)
                .map_err(|e| Error::configuration(format!("bad route URL {text:?}: {e}")))
        };
        Ok(Config {
            token_url: to_url(join("token", &r.token, token)?)?,
            revoke_url: to_url(join("revoke", &r.revoke, revoke)?)?,
            accounts_url: join("accounts", &r.accounts, accounts)?,
            transactions_url: join("transactions", &r.transactions, transactions)?,
            institution_id: HeaderValue::from_str(&s.institution_id)
                .map_err(|_| Error::configuration("institution id is not a valid header value"))?,
            user_agent: HeaderValue::from_str(&s.user_agent)
                .map_err(|_| Error::configuration("user agent is not a valid header value"))?,
            base_url,
            client_id: s.client_id,
            client_secret: s.client_secret,
            scopes: s.scopes,
            timeout: s.timeout,
            connect_timeout: s.connect_timeout,
            max_retries: s.max_retries,
            deadline: s.deadline,
            credentials_in_body: s.credentials_in_body,
            hook: s.hook,
            max_response_bytes: s.max_response_bytes,
        })
    }

    pub(crate) fn institution_id(&self) -> &str {
        self.institution_id.to_str().unwrap_or_default()
    }
}

/// Credentials and ids go into headers: a stray newline (say, from a file read) would
/// split a header, so it is refused here with the setting's name, never its value.
fn check_text(what: &str, argument: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::configuration(format!(
            "{what} is empty: pass {argument}"
        )));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::configuration(format!(
            "{what} contains a control character (CR, LF, tab, …): check {argument} for a stray newline"
        )));
    }
    Ok(())
}

fn parse_base_url(text: &str) -> Result<Url> {
    let url = Url::parse(text.trim())
        .map_err(|e| Error::configuration(format!("base URL {text:?} is not a valid URL: {e}")))?;
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(Error::configuration(
            "base URL must not contain credentials, a query or a fragment",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::configuration(format!(
                "base URL {text:?} uses plain http: credentials are only sent over https (http is allowed for localhost)"
            )))
        }
        other => {
            return Err(Error::configuration(format!(
                "base URL scheme {other:?} is not supported: use https"
            )))
        }
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("institution_id", &self.institution_id())
            .field("scopes", &self.scopes)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:9",
            "https://example.com",
        ] {
            assert!(parse_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com",
            "http://10.0.0.1",
            "ftp://localhost",
            "https://u:p@x.com",
            "nope",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }
}
