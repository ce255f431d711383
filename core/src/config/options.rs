//! Every setting as an optional value, for settings gathered at run time.

use std::{fmt, time::Duration};

use crate::{RequestHook, Routes, SecretString};

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
    /// See [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes).
    pub max_response_bytes: Option<usize>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("institution_id", &self.institution_id)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}
