//! Configuration: the builder, the environments, the route layouts, and the checked result.

mod builder;
mod environment;
mod network;
mod options;
mod rate;
mod routes;
mod token_cache;

use std::{fmt, net::IpAddr, path::PathBuf, sync::Arc, time::Duration};

use reqwest::header::HeaderValue;
use url::{Host, Url};

pub use builder::{ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, ENV_SETTINGS};
pub use environment::Environment;
pub(crate) use network::ProxyRoute;
pub use network::Trust;
pub use options::ClientOptions;
pub(crate) use rate::Rate;
pub(crate) use routes::Layout;
pub use routes::Routes;
pub(crate) use token_cache::CacheSpec;

use crate::{input::Naming, Error, RequestHook, Result, SecretString};

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
    pub(crate) customers_url: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) deadline: Option<Duration>,
    pub(crate) credentials_in_body: bool,
    pub(crate) user_agent: HeaderValue,
    pub(crate) hook: Option<RequestHook>,
    /// How the caller spells names, for messages.
    pub(crate) naming: Naming,
    /// The largest success body read, in bytes.
    pub(crate) max_response_bytes: usize,
    /// Where tokens are shared besides this process's memory.
    pub(crate) token_cache: CacheSpec,
    /// The prefix of the keys of a shared token cache.
    pub(crate) token_cache_prefix: String,
    pub(crate) rate_limit: Option<Rate>,
    /// The proxy every request goes through, or none for direct connections.
    pub(crate) proxy: Option<ProxyRoute>,
    /// The certificate authorities a server's certificate must chain to.
    pub(crate) roots: Arc<rustls::RootCertStore>,
    pub(crate) trust: Trust,
    pub(crate) ca_bundle: Option<PathBuf>,
}

impl Config {
    /// Checks options whose required values the builder has filled in.
    pub(crate) fn new(o: ClientOptions) -> Result<Config> {
        let naming = o.naming.unwrap_or_default();
        let name = |snake: &str| naming.spell(snake).into_owned();
        let client_id = o.client_id.unwrap_or_default();
        let client_secret = o.client_secret.unwrap_or_else(|| SecretString::new(""));
        let institution_id = o.institution_id.unwrap_or_default();
        let credentials_in_body = o.credentials_in_body.unwrap_or(false);
        check_text("client id", &name("client_id"), &client_id)?;
        check_text(
            "client secret",
            &name("client_secret"),
            client_secret.expose(),
        )?;
        check_text("institution id", &name("institution_id"), &institution_id)?;
        if !institution_id.is_ascii() {
            return Err(Error::configuration(format!(
                "{} must be ASCII (it is sent in a header), not {institution_id:?}",
                name("institution_id")
            )));
        }
        if client_id.contains(':') && !credentials_in_body {
            return Err(Error::configuration(format!(
                "{} contains ':', which HTTP Basic authentication cannot carry: check the Shared \
                 Key, or set {} to send it in the form body",
                name("client_id"),
                name("credentials_in_body")
            )));
        }
        let scopes = o.scopes.unwrap_or_default();
        for scope in &scopes {
            if scope.is_empty()
                || scope.contains(|c: char| c == ',' || c.is_whitespace() || c.is_control())
            {
                return Err(Error::configuration(format!(
                    "invalid scope {scope:?}: give each scope on its own, e.g. [\"accounts:read\", \"transactions:read\"]"
                )));
            }
        }
        let timeout = o.timeout.unwrap_or(Duration::from_secs(30));
        let connect_timeout = o.connect_timeout.unwrap_or(Duration::from_secs(10));
        if timeout.is_zero() || connect_timeout.is_zero() || o.deadline.is_some_and(|d| d.is_zero())
        {
            return Err(Error::configuration(
                "timeouts and the deadline must be longer than zero",
            ));
        }
        if o.max_response_bytes == Some(0) {
            return Err(Error::configuration(format!(
                "{} must be at least 1 byte",
                name("max_response_bytes")
            )));
        }
        let token_cache = match &o.token_cache {
            Some(text) => CacheSpec::parse(text, &name("token_cache"))?,
            None => CacheSpec::Memory,
        };
        let token_cache_prefix = o
            .token_cache_prefix
            .clone()
            .unwrap_or_else(|| "candescent".to_owned());
        if token_cache_prefix.is_empty()
            || token_cache_prefix
                .chars()
                .any(|c| c.is_control() || c.is_whitespace())
        {
            return Err(Error::configuration(format!(
                "{} must be a non-empty text without spaces or control characters",
                name("token_cache_prefix")
            )));
        }
        let rate_limit = o
            .rate_limit
            .as_deref()
            .map(|text| Rate::parse(text, &name("rate_limit")))
            .transpose()?;
        let user_agent = o
            .user_agent
            .unwrap_or_else(|| format!("candescent-rust/{}", crate::VERSION));
        let base_url = parse_base_url(o.base_url.as_deref().unwrap_or_default())?;
        // The standard network variables describe the machine's network, not this client:
        // they are read from the process whatever `use_env` says (see `ClientBuilder::proxy`).
        let process_var = |name: &str| std::env::var(name).ok();
        let proxy = match &o.proxy {
            Some(text) => network::parse_proxy(text, &name("proxy"))?,
            None => network::proxy_from_env(&base_url, process_var)?,
        };
        let trust = o.trust.unwrap_or_default();
        let bundle_name = name("ca_bundle");
        let roots = network::root_store(
            trust,
            o.ca_bundle.as_deref().map(|p| (p, bundle_name.as_str())),
            &name("trust"),
            process_var,
        )?;
        let layout = Layout::of_path(base_url.path());
        let [token, revoke, accounts, transactions, customers] = layout.default_routes();
        let r = &o.routes.unwrap_or_default();
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
            customers_url: join("customers", &r.customers, customers)?,
            institution_id: HeaderValue::from_str(&institution_id)
                .map_err(|_| Error::configuration("institution id is not a valid header value"))?,
            user_agent: HeaderValue::from_str(&user_agent)
                .map_err(|_| Error::configuration("user agent is not a valid header value"))?,
            base_url,
            client_id,
            client_secret,
            scopes,
            timeout,
            connect_timeout,
            max_retries: o.max_retries.unwrap_or(2),
            deadline: o.deadline,
            credentials_in_body,
            hook: o.on_request,
            naming,
            max_response_bytes: o.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            token_cache,
            token_cache_prefix,
            rate_limit,
            proxy,
            roots,
            trust,
            ca_bundle: o.ca_bundle,
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
            .field("token_cache", &self.token_cache)
            .field("rate_limit", &self.rate_limit)
            .field("proxy", &self.proxy)
            .field("trust", &self.trust)
            .field("ca_bundle", &self.ca_bundle)
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
