//! Every setting as an optional value, for settings gathered at run time.

use std::{fmt, path::PathBuf, time::Duration};

use crate::{
    input::{Args, Dialect, Naming, Reader},
    ErrorKind, RequestHook, Result, Routes, SecretString, Trust,
};

/// The settings of a [`ClientBuilder`](crate::ClientBuilder) as optional values, for callers
/// that gather them at run time (a configuration file, keyword arguments of another
/// language). `None` leaves a setting to the `CANDESCENT_*` variables and the defaults.
///
/// ```
/// use candescent::{Client, ClientOptions, SecretString};
/// let options = ClientOptions {
///     client_id: Some("id".into()),
///     client_secret: Some(SecretString::new("secret")),
///     institution_id: Some("00016".into()),
///     environment: Some("production".into()),
///     use_env: Some(false),
///     ..ClientOptions::default()
/// };
/// let client = Client::builder().options(options).build()?;
/// assert_eq!(client.base_url(), "https://api.candescent.com/digitalbanking");
/// # Ok::<(), candescent::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// See [`ClientBuilder::client_id`](crate::ClientBuilder::client_id).
    pub client_id: Option<String>,
    /// See [`ClientBuilder::client_secret`](crate::ClientBuilder::client_secret).
    pub client_secret: Option<SecretString>,
    /// See [`ClientBuilder::institution_id`](crate::ClientBuilder::institution_id).
    pub institution_id: Option<String>,
    /// An environment name, see [`ClientBuilder::environment_name`](crate::ClientBuilder::environment_name).
    pub environment: Option<String>,
    /// See [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
    pub base_url: Option<String>,
    /// See [`ClientBuilder::scopes`](crate::ClientBuilder::scopes).
    pub scopes: Option<Vec<String>>,
    /// See [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
    pub timeout: Option<Duration>,
    /// See [`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout).
    pub connect_timeout: Option<Duration>,
    /// See [`ClientBuilder::deadline`](crate::ClientBuilder::deadline).
    pub deadline: Option<Duration>,
    /// See [`ClientBuilder::max_retries`](crate::ClientBuilder::max_retries).
    pub max_retries: Option<u32>,
    /// See [`ClientBuilder::credentials_in_body`](crate::ClientBuilder::credentials_in_body).
    pub credentials_in_body: Option<bool>,
    /// See [`ClientBuilder::routes`](crate::ClientBuilder::routes).
    pub routes: Option<Routes>,
    /// See [`ClientBuilder::use_env`](crate::ClientBuilder::use_env).
    pub use_env: Option<bool>,
    /// See [`ClientBuilder::user_agent`](crate::ClientBuilder::user_agent).
    pub user_agent: Option<String>,
    /// See [`ClientBuilder::on_request`](crate::ClientBuilder::on_request).
    pub on_request: Option<RequestHook>,
    /// See [`ClientBuilder::naming`](crate::ClientBuilder::naming).
    pub naming: Option<Naming>,
    /// See [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes).
    pub max_response_bytes: Option<usize>,
    /// See [`ClientBuilder::token_cache`](crate::ClientBuilder::token_cache).
    pub token_cache: Option<String>,
    /// See [`ClientBuilder::token_cache_prefix`](crate::ClientBuilder::token_cache_prefix).
    pub token_cache_prefix: Option<String>,
    /// See [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit).
    pub rate_limit: Option<String>,
    /// See [`ClientBuilder::proxy`](crate::ClientBuilder::proxy).
    pub proxy: Option<String>,
    /// See [`ClientBuilder::ca_bundle`](crate::ClientBuilder::ca_bundle).
    pub ca_bundle: Option<PathBuf>,
    /// See [`ClientBuilder::trust`](crate::ClientBuilder::trust).
    pub trust: Option<Trust>,
}

/// The options a binding's constructor accepts, in snake case.
const KNOWN: &[&str] = &[
    "client_id",
    "client_secret",
    "institution_id",
    "environment",
    "base_url",
    "scopes",
    "timeout",
    "connect_timeout",
    "deadline",
    "max_retries",
    "credentials_in_body",
    "routes",
    "use_env",
    "max_response_bytes",
    "token_cache",
    "token_cache_prefix",
    "rate_limit",
    "proxy",
    "ca_bundle",
    "trust",
];

impl ClientOptions {
    /// The options of a binding's constructor, as that language holds them: durations in the
    /// dialect's unit, counts as any integer, routes as a map. Every mistake is a
    /// configuration error naming the option as the caller spells it. `user_agent` and
    /// `on_request` are the binding's own and are set on the result.
    ///
    /// ```
    /// use candescent::input::{Dialect, Value};
    /// use candescent::ClientOptions;
    /// let err = ClientOptions::from_args(
    ///     vec![("clientID".into(), Value::Str("id".into()))],
    ///     Dialect::NODE,
    /// ).unwrap_err();
    /// assert_eq!(err.message(), "unknown Client option \"clientID\": did you mean \"clientId\"?");
    /// let err = ClientOptions::from_args(vec![("loger".into(), Value::Null)], Dialect::NODE)
    ///     .unwrap_err();
    /// assert_eq!(err.message(), "unknown Client option \"loger\": did you mean \"logger\"?");
    /// ```
    pub fn from_args(args: Args, dialect: Dialect) -> Result<ClientOptions> {
        let known: Vec<&str> = KNOWN.iter().chain(dialect.own_options).copied().collect();
        let mut r = Reader::new(
            args,
            dialect.naming,
            ErrorKind::Configuration,
            "Client",
            &known,
            &[],
        )?;
        let unit = dialect.time_unit;
        let routes = match r.string_map("routes")? {
            None => None,
            Some(pairs) => {
                let mut routes = Routes::default();
                for (name, path) in pairs {
                    routes.set(&name, path)?;
                }
                Some(routes)
            }
        };
        Ok(ClientOptions {
            client_id: r.string("client_id")?,
            client_secret: r.secret("client_secret")?,
            institution_id: r.string("institution_id")?,
            environment: r.string("environment")?,
            base_url: r.string("base_url")?,
            scopes: r.strings("scopes")?,
            timeout: r.duration("timeout", unit, true)?,
            connect_timeout: r.duration("connect_timeout", unit, true)?,
            deadline: r.duration("deadline", unit, false)?,
            max_retries: r
                .count("max_retries", 0, u64::from(u32::MAX))?
                .map(|n| n as u32),
            credentials_in_body: r.bool("credentials_in_body")?,
            routes,
            use_env: r.bool("use_env")?,
            user_agent: None,
            on_request: None,
            naming: Some(r.naming()),
            max_response_bytes: r
                .count("max_response_bytes", 1, u64::MAX)?
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            token_cache: r.string("token_cache")?,
            token_cache_prefix: r.string("token_cache_prefix")?,
            rate_limit: r.string("rate_limit")?,
            proxy: r.string_or_off("proxy")?,
            ca_bundle: r.string("ca_bundle")?.map(PathBuf::from),
            trust: r.string("trust")?.map(|t| t.parse::<Trust>()).transpose()?,
        })
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("institution_id", &self.institution_id)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("scopes", &self.scopes)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            // A Redis URL can carry a password.
            .field("token_cache", &self.token_cache.as_ref().map(|_| "…"))
            .field("rate_limit", &self.rate_limit)
            // A proxy URL can carry a password.
            .field("proxy", &self.proxy.as_ref().map(|_| "…"))
            .field("ca_bundle", &self.ca_bundle)
            .field("trust", &self.trust)
            .finish_non_exhaustive()
    }
}
