//! What a caller may know about the client's current access token.

use std::{
    fmt,
    time::{Duration, SystemTime},
};

use crate::SecretString;

/// The client's current access token and what is known about it: when it expires and,
/// when the token endpoint names them, the scopes it grants. From
/// [`Client::token_info`](crate::Client::token_info).
///
/// ```no_run
/// # async fn run(client: candescent::Client) -> candescent::Result<()> {
/// let info = client.token_info().await?;
/// println!("expires in {} s", info.expires_in().as_secs());
/// assert!(!format!("{info:?}").contains(info.access_token().expose()));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TokenInfo {
    pub(crate) access_token: SecretString,
    pub(crate) expires_in: Duration,
    pub(crate) expires_at: SystemTime,
    pub(crate) scopes: Option<Vec<String>>,
    pub(crate) requested_scopes: Vec<String>,
}

impl TokenInfo {
    /// The token itself; a secret.
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    /// How long the token is still valid, as of when this was made.
    pub fn expires_in(&self) -> Duration {
        self.expires_in
    }

    /// When the token expires, on the wall clock.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// The scopes the token endpoint said it granted; `None` when it did not say (the
    /// documented answer does not), and for a token read from a shared token cache.
    pub fn scopes(&self) -> Option<&[String]> {
        self.scopes.as_deref()
    }

    /// The scopes the client asks for; empty means all the application is allowed.
    pub fn requested_scopes(&self) -> &[String] {
        &self.requested_scopes
    }
}

impl fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenInfo")
            .field("access_token", &self.access_token)
            .field("expires_in", &self.expires_in)
            .field("scopes", &self.scopes)
            .field("requested_scopes", &self.requested_scopes)
            .finish()
    }
}
