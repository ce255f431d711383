//! The builder that turns arguments and environment variables into a checked [`Config`].

use std::{collections::HashMap, fmt, time::Duration};

use crate::{
    config::{ClientOptions, Config, Environment, Routes},
    input::Naming,
    Client, Error, RequestHook, Result,
};

/// Builds a [`Client`]. Explicit settings win over `CANDESCENT_*` environment
/// variables, which win over defaults; every mistake is a
/// [`ErrorKind::Configuration`](crate::ErrorKind::Configuration) error from [`build`](Self::build),
/// before any traffic.
///
/// | setting | variable | default |
/// |---|---|---|
/// | client id (Shared Key) | `CANDESCENT_CLIENT_ID` or `CANDESCENT_SHARED_KEY` | required |
/// | client secret (Secret Key) | `CANDESCENT_CLIENT_SECRET` or `CANDESCENT_SECRET_KEY` | required |
/// | institution id | `CANDESCENT_INSTITUTION_ID` | required |
/// | environment | `CANDESCENT_ENVIRONMENT` | `stage` |
/// | base URL | `CANDESCENT_BASE_URL` | the environment's |
/// | scopes | `CANDESCENT_SCOPES` (comma-separated) | none sent |
/// | timeout per attempt | `CANDESCENT_TIMEOUT` (seconds) | 30 s |
/// | retries | `CANDESCENT_MAX_RETRIES` | 2 |
/// | token cache | `CANDESCENT_TOKEN_CACHE` | `memory` |
/// | token cache key prefix | `CANDESCENT_TOKEN_CACHE_PREFIX` | `candescent` |
/// | rate limit | `CANDESCENT_RATE_LIMIT` (`50/s`, `3000/min`) | none |
/// | proxy | `CANDESCENT_PROXY`, else `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` with `NO_PROXY` | none |
/// | CA bundle | `CANDESCENT_CA_BUNDLE` | none |
/// | trust | | built-in roots + the system's store (or `SSL_CERT_FILE`) + the CA bundle |
///
/// ```
/// use std::time::Duration;
/// let client = candescent::Client::builder()
///     .client_id("shared-key")
///     .client_secret("secret-key")
///     .institution_id("00016")
///     .environment(candescent::Environment::Stage)
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// # Ok::<(), candescent::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ClientBuilder {
    pub(crate) options: ClientOptions,
    pub(crate) env: EnvSource,
}

/// The default response size limit: 32 MiB. The largest real answers are a transaction page
/// (about 1.5 KB a transaction, so a page of 1,000 is about 1.5 MB) and the account list of a
/// business customer with hundreds of accounts and `additionalFields` (under 2 MB); 32 MiB
/// leaves more than ten times that while keeping a hostile or broken server from holding
/// gigabytes of the caller's memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// The settings that have a `CANDESCENT_*` variable, named as the variable is without its
/// prefix, in lower case (`client_id` is `CANDESCENT_CLIENT_ID`): for tools that keep these
/// settings elsewhere, such as the command line's profiles, and hand them over with
/// [`ClientBuilder::env_vars`]. [`ClientBuilder::build`] reads each of them.
///
/// ```
/// assert!(candescent::ENV_SETTINGS.contains(&"client_secret"));
/// ```
pub const ENV_SETTINGS: [&str; 13] = [
    "client_id",
    "client_secret",
    "institution_id",
    "environment",
    "base_url",
    "scopes",
    "timeout",
    "max_retries",
    "token_cache",
    "token_cache_prefix",
    "rate_limit",
    "proxy",
    "ca_bundle",
];

/// Where unset settings are looked up.
#[derive(Clone, Default)]
pub(crate) enum EnvSource {
    #[default]
    Process,
    Map(HashMap<String, String>),
    Off,
}

impl EnvSource {
    fn get(&self, name: &str) -> Option<String> {
        let value = match self {
            EnvSource::Process => std::env::var(name).ok(),
            EnvSource::Map(map) => map.get(name).cloned(),
            EnvSource::Off => None,
        };
        value.filter(|v| !v.trim().is_empty())
    }

    /// A setting that has a variable and an alias; both set and different is a mistake.
    fn get_either(&self, name: &str, alias: &str) -> Result<Option<String>> {
        match (self.get(name), self.get(alias)) {
            (Some(a), Some(b)) if a != b => Err(Error::configuration(format!(
                "{name} and {alias} are both set, to different values: unset one of them"
            ))),
            (a, b) => Ok(a.or(b)),
        }
    }
}

impl ClientBuilder {
    /// The Shared Key of the Developer Console (the OAuth `client_id`).
    pub fn client_id(mut self, value: impl Into<String>) -> Self {
        self.options.client_id = Some(value.into());
        self
    }

    /// The Secret Key of the Developer Console (the OAuth `client_secret`).
    /// It is kept in a [`SecretString`](crate::SecretString) from here on.
    pub fn client_secret(mut self, value: impl Into<String>) -> Self {
        self.options.client_secret = Some(crate::SecretString::new(value));
        self
    }

    /// The financial institution's id, e.g. `00016`.
    pub fn institution_id(mut self, value: impl Into<String>) -> Self {
        self.options.institution_id = Some(value.into());
        self
    }

    /// One of the published environments; ignored when a base URL is given.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.options.environment = Some(environment.as_str().to_owned());
        self
    }

    /// An environment by name (`stage`, `production`); a bad name fails in [`build`](Self::build).
    pub fn environment_name(mut self, name: impl Into<String>) -> Self {
        self.options.environment = Some(name.into());
        self
    }

    /// Any base URL, e.g. the emulator's `http://127.0.0.1:PORT`. Plain `http` is
    /// allowed only to loopback hosts.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.options.base_url = Some(url.into());
        self
    }

    /// The scopes to request (sent as `scopes=a,b`); none means every scope the application is allowed.
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// The limit of one attempt, from sending to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// The limit for opening a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.options.connect_timeout = Some(timeout);
        self
    }

    /// How many more attempts a failed idempotent request gets (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// An overall bound on one call, all attempts and waits included (default none).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    /// Replaces the default path of some endpoints.
    pub fn routes(mut self, routes: Routes) -> Self {
        self.options.routes = Some(routes);
        self
    }

    /// Sends the credentials as `client_id`/`client_secret` form fields instead of HTTP Basic.
    pub fn credentials_in_body(mut self, yes: bool) -> Self {
        self.options.credentials_in_body = Some(yes);
        self
    }

    /// The `User-Agent` product, e.g. `candescent-python/0.1.0` (default `candescent-rust/<version>`).
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.options.user_agent = Some(product.into());
        self
    }

    /// A callback told about every HTTP attempt (for logging and metrics).
    pub fn on_request(mut self, hook: RequestHook) -> Self {
        self.options.on_request = Some(hook);
        self
    }

    /// Whether unset settings are read from the process's `CANDESCENT_*` variables (default true).
    pub fn use_env(mut self, yes: bool) -> Self {
        self.env = if yes {
            EnvSource::Process
        } else {
            EnvSource::Off
        };
        self
    }

    /// Reads unset settings from this map of `CANDESCENT_*` names instead of the process
    /// environment, e.g. a parsed `.env` file.
    ///
    /// ```
    /// let vars = [("CANDESCENT_CLIENT_ID", "id"), ("CANDESCENT_SECRET_KEY", "secret"),
    ///             ("CANDESCENT_INSTITUTION_ID", "00016")];
    /// let client = candescent::Client::builder().env_vars(vars).build()?;
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn env_vars<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.env = EnvSource::Map(
            vars.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// How names are spelt in messages: `client_id` (the default) or `clientId`.
    pub fn naming(mut self, naming: Naming) -> Self {
        self.options.naming = Some(naming);
        self
    }

    /// Applies every setting that `options` holds; the others stay as they are.
    pub fn options(mut self, options: ClientOptions) -> Self {
        // The destructuring is exhaustive: a new option that is not merged here fails to compile.
        macro_rules! merge {
            ($($field:ident),*) => {{
                let ClientOptions { $($field,)* use_env } = options;
                $( if $field.is_some() { self.options.$field = $field; } )*
                use_env
            }};
        }
        let use_env = merge!(
            client_id,
            client_secret,
            institution_id,
            environment,
            base_url,
            scopes,
            timeout,
            connect_timeout,
            deadline,
            max_retries,
            credentials_in_body,
            routes,
            user_agent,
            on_request,
            naming,
            max_response_bytes,
            token_cache,
            token_cache_prefix,
            rate_limit,
            proxy,
            ca_bundle,
            trust
        );
        match use_env {
            Some(yes) => self.use_env(yes),
            None => self,
        }
    }

    /// The largest successful answer read, in bytes (default 32 MiB,
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]). A larger one fails with a
    /// [`Decode`](crate::ErrorKind::Decode) error that names this limit. Error answers are
    /// always read only up to 64 KiB.
    ///
    /// ```
    /// let client = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .max_response_bytes(64 * 1024 * 1024)
    ///     .build()?;
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.options.max_response_bytes = Some(bytes);
        self
    }

    /// Where tokens are kept so that several processes share one: `memory` (the default,
    /// this process only), `file:///path/to/tokens` (the processes of one machine) or
    /// `redis://[user:password@]host[:port][/db]` / `rediss://…` (a fleet). The in-process
    /// cache stays in front: the shared store is read only when this process has no fresh
    /// token, and tokens are stored sealed with a key derived from the client secret. A
    /// store that fails never fails a call: the client then fetches its own token.
    ///
    /// ```
    /// let client = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .token_cache("redis://127.0.0.1:6379/0")
    ///     .build()?; // nothing is sent, and Redis is not contacted, before the first call
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn token_cache(mut self, url: impl Into<String>) -> Self {
        self.options.token_cache = Some(url.into());
        self
    }

    /// The prefix of every key the client writes to a shared token cache (default
    /// `candescent`), e.g. to keep two deployments apart on one Redis.
    pub fn token_cache_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.options.token_cache_prefix = Some(prefix.into());
        self
    }

    /// A limit on the requests sent, as `N/s`, `N/min` or `N/h`: with a Redis
    /// [`token_cache`](Self::token_cache) it holds for every client of the same client id
    /// and institution together, otherwise for this client. A call over the limit waits for
    /// its slot; one that cannot get it within its deadline (or, without a deadline, its
    /// timeout) fails with [`RateLimit`](crate::ErrorKind::RateLimit).
    ///
    /// ```
    /// let client = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .rate_limit("50/s")
    ///     .build()?;
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn rate_limit(mut self, rate: impl Into<String>) -> Self {
        self.options.rate_limit = Some(rate.into());
        self
    }

    /// The proxy every request goes through: `http://[user:password@]host:port` (or
    /// `https://…`; a bare `host:port` means `http://`), or `"none"` (or an empty text) for
    /// direct connections whatever the environment says. The URL's user and password are
    /// secrets: messages and `Debug` show only `scheme://host:port`.
    ///
    /// Unset, the proxy comes from `CANDESCENT_PROXY`, else from the variables every HTTP
    /// tool reads: `HTTPS_PROXY` (for an https base URL) or `HTTP_PROXY` (for http), else
    /// `ALL_PROXY`, upper case before lower case, unless `NO_PROXY` names the base URL's
    /// host (`*`, a domain and its subdomains, an IP address or a network such as
    /// `10.0.0.0/8`). These standard variables describe the machine's network, so they are
    /// read even with [`use_env(false)`](Self::use_env), which only concerns `CANDESCENT_*`;
    /// pass `proxy("none")` to ignore them. The choice is made once, at build time: a bad
    /// proxy URL, or one that is not `http`/`https` (such as `socks5://`), is a
    /// configuration error naming the option or variable.
    ///
    /// ```
    /// let client = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .proxy("http://user:pa55@proxy.corp.example:3128")
    ///     .build()?;
    /// assert!(!format!("{client:?}").contains("pa55"));
    /// # Ok::<(), candescent::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.options.proxy = Some(url.into());
        self
    }

    /// A PEM file of certificate authorities to trust besides the built-in web roots and
    /// the operating system's store, such as the CA of a proxy that re-signs TLS. It is read
    /// at build time: a missing or unreadable file, or one without a certificate, is a
    /// configuration error naming the path. Unset, `CANDESCENT_CA_BUNDLE` is read.
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR`, when set, take the place of the operating
    /// system's store (as for OpenSSL and curl) and are checked the same way.
    ///
    /// ```
    /// let err = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .ca_bundle("/no/such/corporate-ca.pem")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), candescent::ErrorKind::Configuration);
    /// assert!(err.message().contains("/no/such/corporate-ca.pem"));
    /// ```
    pub fn ca_bundle(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.options.ca_bundle = Some(path.into());
        self
    }

    /// Which certificate authorities to trust: [`Trust::Default`](crate::Trust::Default)
    /// (the built-in web roots, the operating system's store and the
    /// [`ca_bundle`](Self::ca_bundle)) or [`Trust::BundleOnly`](crate::Trust::BundleOnly)
    /// (only the CA bundle, which must then be given).
    ///
    /// ```
    /// let err = candescent::Client::builder()
    ///     .client_id("id").client_secret("secret").institution_id("00016").use_env(false)
    ///     .trust(candescent::Trust::BundleOnly)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.message().contains("no CA bundle"));
    /// ```
    pub fn trust(mut self, trust: crate::Trust) -> Self {
        self.options.trust = Some(trust);
        self
    }

    /// Checks every setting and builds the client. No request is sent.
    pub fn build(self) -> Result<Client> {
        Client::from_config(self.resolve()?)
    }

    /// Applies the environment and the defaults, then checks the result.
    pub(crate) fn resolve(self) -> Result<Config> {
        let ClientBuilder { mut options, env } = self;
        let naming = options.naming.unwrap_or_default();
        // A required setting from its variable (or the variable's alias), else a message
        // naming both ways to give it.
        let required = |variable: &str, alias: Option<&str>, what: &str, argument: &str| {
            let value = match alias {
                Some(alias) => env.get_either(variable, alias)?,
                None => env.get(variable),
            };
            value.ok_or_else(|| {
                Error::configuration(format!(
                    "missing {what}: pass {} or set {variable}",
                    naming.spell(argument)
                ))
            })
        };
        if options.client_id.is_none() {
            options.client_id = Some(required(
                "CANDESCENT_CLIENT_ID",
                Some("CANDESCENT_SHARED_KEY"),
                "client id (Shared Key)",
                "client_id",
            )?);
        }
        if options.client_secret.is_none() {
            options.client_secret = Some(crate::SecretString::new(required(
                "CANDESCENT_CLIENT_SECRET",
                Some("CANDESCENT_SECRET_KEY"),
                "client secret (Secret Key)",
                "client_secret",
            )?));
        }
        if options.institution_id.is_none() {
            options.institution_id = Some(required(
                "CANDESCENT_INSTITUTION_ID",
                None,
                "institution id",
                "institution_id",
            )?);
        }
        if options.base_url.is_none() {
            options.base_url = env.get("CANDESCENT_BASE_URL");
        }
        if options.base_url.is_none() {
            let environment = match options.environment.take() {
                Some(name) => name.parse()?,
                None => match env.get("CANDESCENT_ENVIRONMENT") {
                    Some(name) => name.parse().map_err(|e: Error| {
                        Error::configuration(format!("CANDESCENT_ENVIRONMENT: {}", e.message()))
                    })?,
                    None => Environment::default(),
                },
            };
            options.base_url = Some(Environment::base_url(environment).to_owned());
        }
        if options.scopes.is_none() {
            options.scopes = env.get("CANDESCENT_SCOPES").map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect()
            });
        }
        if options.timeout.is_none() {
            if let Some(text) = env.get("CANDESCENT_TIMEOUT") {
                options.timeout = Some(parse_seconds("CANDESCENT_TIMEOUT", &text)?);
            }
        }
        if options.max_retries.is_none() {
            if let Some(text) = env.get("CANDESCENT_MAX_RETRIES") {
                options.max_retries = Some(text.trim().parse().map_err(|_| {
                    Error::configuration(format!(
                        "CANDESCENT_MAX_RETRIES must be a whole number of retries, not {text:?}"
                    ))
                })?);
            }
        }
        // Checked here too, so that a bad variable is named as the variable.
        if options.token_cache.is_none() {
            options.token_cache = env.get("CANDESCENT_TOKEN_CACHE");
            if let Some(text) = &options.token_cache {
                super::CacheSpec::parse(text, "CANDESCENT_TOKEN_CACHE")?;
            }
        }
        if options.token_cache_prefix.is_none() {
            options.token_cache_prefix = env.get("CANDESCENT_TOKEN_CACHE_PREFIX");
        }
        if options.rate_limit.is_none() {
            options.rate_limit = env.get("CANDESCENT_RATE_LIMIT");
            if let Some(text) = &options.rate_limit {
                super::Rate::parse(text, "CANDESCENT_RATE_LIMIT")?;
            }
        }
        if options.proxy.is_none() {
            options.proxy = env.get("CANDESCENT_PROXY");
            if let Some(text) = &options.proxy {
                super::network::parse_proxy(text, "CANDESCENT_PROXY")?;
            }
        }
        if options.ca_bundle.is_none() {
            if let Some(path) = env.get("CANDESCENT_CA_BUNDLE") {
                let path = std::path::PathBuf::from(path);
                super::network::check_bundle(&path, "CANDESCENT_CA_BUNDLE")?;
                options.ca_bundle = Some(path);
            }
        }
        Config::new(options)
    }
}

fn parse_seconds(name: &str, text: &str) -> Result<Duration> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Error::configuration(format!(
                "{name} must be a positive number of seconds, not {text:?}"
            ))
        })
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}
