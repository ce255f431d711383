//! A signed-in user's tokens: the `password` and `authorization_code` grants, renewal with
//! the `refresh_token` grant, and the revocation of both tokens at the end.

use std::sync::{Arc, Mutex, MutexGuard};

use futures::{future::BoxFuture, FutureExt};
use reqwest::Method;
use serde::Deserialize;

use super::{cache::TokenSource, token::Grant, AccessToken, ClientCredentials};
use crate::{
    config::Config,
    transport::{Request, Transport},
    Error, ErrorKind, Result, SecretString,
};

/// How the user signed in.
pub(crate) enum SignIn {
    /// `grant_type=password`; the password is kept to sign in again should the refresh
    /// token be refused.
    Password {
        username: String,
        password: SecretString,
    },
    /// `grant_type=authorization_code`; the code is spent by the first grant.
    Code {
        code: SecretString,
        redirect_uri: Option<String>,
    },
}

/// The user's token source: the first grant signs in, later ones redeem the refresh token.
pub(crate) struct UserTokens {
    inner: Arc<Inner>,
}

struct Inner {
    app: Arc<ClientCredentials>,
    transport: Arc<Transport>,
    config: Arc<Config>,
    sign_in: SignIn,
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    /// Whether the first grant (the sign-in) succeeded.
    signed_in: bool,
    refresh: Option<SecretString>,
    id_token: Option<SecretString>,
    /// Set once the session cannot get another token: every later fetch fails with it.
    ended: Option<Error>,
}

/// The fields of a user grant's answer beyond the access token's.
#[derive(Deserialize)]
struct Extras {
    refresh_token: Option<String>,
    id_token: Option<String>,
}

/// Which grant the next token comes from.
enum Step {
    /// The first grant.
    SignIn,
    /// A password sign-in when there is no refresh token (the server gave none).
    SignInAgain,
    Refresh(SecretString),
}

impl UserTokens {
    pub(crate) fn new(
        app: Arc<ClientCredentials>,
        transport: Arc<Transport>,
        config: Arc<Config>,
        sign_in: SignIn,
    ) -> UserTokens {
        match &sign_in {
            SignIn::Password { password, .. } => {
                transport.redactor().add_token(password.expose());
            }
            SignIn::Code { code, .. } => transport.redactor().add_token(code.expose()),
        }
        UserTokens {
            inner: Arc::new(Inner {
                app,
                transport,
                config,
                sign_in,
                held: Mutex::new(Held::default()),
            }),
        }
    }

    /// The OpenID Connect ID token of the last grant that carried one.
    pub(crate) fn id_token(&self) -> Option<SecretString> {
        self.inner.held().id_token.clone()
    }

    /// Revokes the refresh token, if there is one, so nobody can renew the session. Best effort.
    pub(crate) async fn revoke_refresh(&self) {
        let refresh = self.inner.held().refresh.take();
        if let Some(refresh) = refresh {
            // A failure was already logged as the revocation's request event.
            let _ = self.inner.app.revoke_secret(&refresh).await;
        }
    }
}

impl Inner {
    fn held(&self) -> MutexGuard<'_, Held> {
        // Never held across an await; a poisoned lock still guards consistent data.
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn next(self: Arc<Self>) -> Result<Grant> {
        let step = {
            let held = self.held();
            if let Some(ended) = &held.ended {
                return Err(ended.clone());
            }
            match (&held.refresh, held.signed_in) {
                (Some(refresh), _) => Step::Refresh(refresh.clone()),
                (None, false) => Step::SignIn,
                (None, true) => match self.sign_in {
                    SignIn::Password { .. } => Step::SignInAgain,
                    SignIn::Code { .. } => {
                        drop(held);
                        return Err(self.end(Error::new(
                            ErrorKind::Authentication,
                            "the signed-in session's access token expired and the server gave \
                             no refresh token to renew it (ask for the offline_access scope): \
                             the user must sign in again",
                        )));
                    }
                },
            }
        };
        let refresh = match step {
            Step::SignIn => return self.sign_in().await,
            Step::SignInAgain => return self.sign_in_again().await,
            Step::Refresh(refresh) => refresh,
        };
        match self
            .grant(&[("grant_type", "refresh_token")], Some(&refresh))
            .await
        {
            Err(e) if matches!(e.status(), Some(400 | 401)) => {
                {
                    let mut held = self.held();
                    if held.refresh.as_ref() == Some(&refresh) {
                        held.refresh = None;
                    }
                }
                match self.sign_in {
                    // The refresh token was refused (revoked, expired): one new sign-in.
                    SignIn::Password { .. } => self.sign_in_again().await,
                    SignIn::Code { .. } => {
                        let message = format!(
                            "the server refused the session's refresh token ({}): the \
                             session has ended and the user must sign in again",
                            e.message()
                        );
                        let message = self.transport.redactor().scrub(&message).into_owned();
                        Err(self.end(e.with_kind(ErrorKind::Authentication).with_message(message)))
                    }
                }
            }
            other => other,
        }
    }

    /// The first grant, or a password sign-in again after a refused refresh token.
    async fn sign_in(&self) -> Result<Grant> {
        let result = match &self.sign_in {
            SignIn::Password { username, password } => {
                // Registered again: the redactor keeps a bounded number of recent values.
                self.transport.redactor().add_token(password.expose());
                self.grant(
                    &[
                        ("grant_type", "password"),
                        ("username", username),
                        ("password", password.expose()),
                    ],
                    None,
                )
                .await
            }
            SignIn::Code { code, redirect_uri } => {
                if self.held().signed_in {
                    // A code is good for one grant only.
                    return Err(self.end(Error::new(
                        ErrorKind::Authentication,
                        "the session's authorization code was already spent: the user must \
                         sign in again",
                    )));
                }
                let mut pairs = vec![
                    ("grant_type", "authorization_code"),
                    ("code", code.expose()),
                ];
                if let Some(uri) = redirect_uri {
                    pairs.push(("redirect_uri", uri));
                }
                self.grant(&pairs, None).await
            }
        };
        result.map_err(|e| self.sign_in_error(e))
    }

    /// A password sign-in after the first. A refused password ends the session: signing in
    /// again and again with a changed password could lock the user out of online banking.
    async fn sign_in_again(&self) -> Result<Grant> {
        match self.sign_in().await {
            Err(e) if matches!(e.status(), Some(400 | 401)) => {
                let message = format!(
                    "{}; the session has ended and the user must sign in again",
                    e.message()
                );
                Err(self.end(e.with_message(message)))
            }
            other => other,
        }
    }

    /// Says what to fix when signing in fails.
    fn sign_in_error(&self, e: Error) -> Error {
        let what = match &self.sign_in {
            SignIn::Password { .. } => "the password grant",
            SignIn::Code { .. } => "the authorization code exchange",
        };
        let fix = match (&self.sign_in, e.status()) {
            (SignIn::Password { .. }, Some(401)) => {
                ": check the username and password (and client_id and client_secret)"
            }
            (SignIn::Password { .. }, Some(400)) => ": check the username and password",
            (SignIn::Code { .. }, Some(400 | 401)) => {
                ": the code is unknown, expired or already used, or was issued to another \
                 application (client_id) or redirect_uri"
            }
            _ => "",
        };
        let message = format!("{what} was refused ({}){fix}", e.message());
        let message = self.transport.redactor().scrub(&message).into_owned();
        // A refused code is OAuth's `invalid_grant` (a 400): the user is not signed in.
        let e = match (&self.sign_in, e.status()) {
            (SignIn::Code { .. }, Some(400)) => e.with_kind(ErrorKind::Authentication),
            _ => e,
        };
        e.with_message(message)
    }

    /// Records `error` as the end of the session and returns it.
    fn end(&self, error: Error) -> Error {
        self.held().ended = Some(error.clone());
        error
    }

    /// One request to the token endpoint; keeps what it grants besides the access token.
    async fn grant(&self, pairs: &[(&str, &str)], refresh: Option<&SecretString>) -> Result<Grant> {
        let mut pairs = pairs.to_vec();
        if let Some(refresh) = refresh {
            pairs.push(("refresh_token", refresh.expose()));
        }
        let scopes = self.config.scopes.join(",");
        if !scopes.is_empty() && refresh.is_none() {
            pairs.push(("scopes", &scopes));
        }
        let request = Request {
            method: Method::POST,
            url: self.config.token_url.clone(),
            authorization: self.app.basic(),
            form: Some(self.app.form(&pairs)),
            // A sign-in or refresh answered but lost would have spent a one-time code or a
            // rotating refresh token: only the password grant is safe to repeat.
            retry: matches!(self.sign_in, SignIn::Password { .. }) && refresh.is_none(),
            correlation_id: false,
            extra: None,
            limits: Default::default(),
        };
        let response = self.transport.send(&request, None).await?;
        let grant = Grant::parse(&response.body)
            .map_err(|e| e.with_transaction_id(&response.transaction_id))?;
        let extras: Extras = serde_json::from_slice(&response.body).unwrap_or(Extras {
            refresh_token: None,
            id_token: None,
        });
        let redactor = self.transport.redactor();
        redactor.add_token(grant.access_token.expose());
        let mut held = self.held();
        held.signed_in = true;
        // Refresh tokens may rotate: a new one replaces the old; none keeps the old.
        if let Some(refresh) = extras.refresh_token.filter(|r| !r.is_empty()) {
            redactor.add_token(&refresh);
            held.refresh = Some(SecretString::new(refresh));
        }
        if let Some(id_token) = extras.id_token.filter(|t| !t.is_empty()) {
            redactor.add_token(&id_token);
            held.id_token = Some(SecretString::new(id_token));
        }
        Ok(grant)
    }
}

impl TokenSource for UserTokens {
    fn fetch(&self) -> BoxFuture<'static, Result<Grant>> {
        self.inner.clone().next().boxed()
    }

    fn discard(&self, token: AccessToken) -> BoxFuture<'static, ()> {
        // A token that arrived after close: revoke it, and the refresh token it came with.
        let inner = self.inner.clone();
        async move {
            let _ = inner.app.revoke(&token).await;
            let refresh = inner.held().refresh.take();
            if let Some(refresh) = refresh {
                let _ = inner.app.revoke_secret(&refresh).await;
            }
        }
        .boxed()
    }
}
