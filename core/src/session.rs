//! Signed-in users: [`Client::user_session`] (the `password` grant) and
//! [`Client::exchange_code`] (the `authorization_code` grant) give a [`UserSession`].

use std::{fmt, sync::Arc};

use crate::{
    auth::{SignIn, UserTokens},
    resources::query::non_empty,
    Accounts, Client, Error, Result, SecretString, Transactions,
};

/// A signed-in user's session: the same calls as the [`Client`]'s, made with the user's own
/// token, so they need no `host_user_id`/`login_id` (the token names the user).
///
/// It shares the client's configuration, connection pool, retries, deadline and request
/// events; only its tokens are its own. The access token is renewed before it expires with
/// the `refresh_token` grant (one request however many calls wait, the refresh token
/// replaced whenever the server rotates it). A session from [`Client::user_session`] keeps
/// the password (in a [`SecretString`], zeroed when the session is dropped) for its whole
/// life: should the server refuse the refresh token, it signs in once more with it (and should
/// the password be refused too, the session ends rather than risk locking the user out). A
/// session from [`Client::exchange_code`] has no password: a refused refresh token ends it
/// with an [`ErrorKind::Authentication`](crate::ErrorKind::Authentication) error.
///
/// [`close`](Self::close) revokes both the access token and the refresh token. Closing the
/// client does not end its sessions (each holds its own tokens): close them yourself. Cheap to
/// clone; clones are the same session.
///
/// ```no_run
/// # async fn run(client: candescent::Client) -> candescent::Result<()> {
/// use candescent::{ListAccounts, SecretString};
/// let session = client.user_session("testUser", SecretString::new("emulator-password")).await?;
/// let list = session.accounts().list(&ListAccounts::default()).await?;
/// println!("{} accounts", list.accounts.len());
/// session.close().await;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct UserSession {
    client: Client,
    tokens: Arc<UserTokens>,
}

impl Client {
    /// Signs a user in with the `password` grant (their online banking username and
    /// password) and returns their session. Fails with
    /// [`ErrorKind::Authentication`](crate::ErrorKind::Authentication) when the server refuses
    /// the username or password.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::SecretString;
    /// let session = client.user_session("testUser", SecretString::new("emulator-password")).await?;
    /// # drop(session); Ok(()) }
    /// ```
    pub async fn user_session(
        &self,
        username: impl Into<String>,
        password: SecretString,
    ) -> Result<UserSession> {
        let naming = self.config().naming;
        let username = non_empty(&naming.spell("username"), &username.into())?;
        if password.is_empty() {
            return Err(Error::validation(format!(
                "{} is empty",
                naming.spell("password")
            )));
        }
        self.sign_in(SignIn::Password { username, password }).await
    }

    /// Exchanges an OpenID Connect authorization code (`grant_type=authorization_code`) for
    /// the user's tokens and returns their session. `redirect_uri` is sent when given: it
    /// must then be the one the code was issued for. Ask for the `offline_access` scope when
    /// the code is made, or the session ends when its first access token expires.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client, code: String) -> candescent::Result<()> {
    /// let session = client.exchange_code(&code, None).await?;
    /// let id_token = session.id_token(); // the user's identity, for your application
    /// # drop(id_token); Ok(()) }
    /// ```
    pub async fn exchange_code(
        &self,
        code: &str,
        redirect_uri: Option<&str>,
    ) -> Result<UserSession> {
        let naming = self.config().naming;
        let code = SecretString::new(non_empty(&naming.spell("code"), code)?);
        let redirect_uri = redirect_uri
            .map(|uri| non_empty(&naming.spell("redirect_uri"), uri))
            .transpose()?;
        self.sign_in(SignIn::Code { code, redirect_uri }).await
    }

    async fn sign_in(&self, sign_in: SignIn) -> Result<UserSession> {
        if self.is_closed() {
            return Err(Error::closed());
        }
        let (client, tokens) = self.for_user(sign_in);
        // The first grant now, so a wrong password fails here rather than at the first call.
        client.access_token().await?;
        Ok(UserSession { client, tokens })
    }
}

impl UserSession {
    /// The user's accounts: [`Accounts`] calls with the user's token.
    pub fn accounts(&self) -> Accounts<'_> {
        self.client.accounts()
    }

    /// The user's transactions: [`Transactions`] calls with the user's token.
    pub fn transactions(&self) -> Transactions<'_> {
        self.client.transactions()
    }

    /// The session as a [`Client`] whose every call carries the user's token (what the
    /// bindings hand their resources). Closing it closes the session.
    pub fn as_client(&self) -> &Client {
        &self.client
    }

    /// The user's current access token, renewed if needed; for endpoints this SDK does not
    /// cover yet.
    pub async fn access_token(&self) -> Result<String> {
        self.client.access_token().await
    }

    /// The OpenID Connect ID token, when the grant returned one (code exchanges with the
    /// `openid` scope).
    pub fn id_token(&self) -> Option<SecretString> {
        self.tokens.id_token()
    }

    /// Ends the session: revokes its access token and its refresh token (best effort), and
    /// later calls fail with [`ErrorKind::Closed`](crate::ErrorKind::Closed). The client it
    /// came from stays open.
    pub async fn close(&self) {
        self.client.close().await;
    }

    /// Whether [`close`](Self::close) was called.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }
}

impl fmt::Debug for UserSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserSession")
            .field("base_url", &self.client.base_url())
            .field("closed", &self.is_closed())
            .finish_non_exhaustive()
    }
}
