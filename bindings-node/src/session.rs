//! `NativeUserSession`: a signed-in user's session. Its calls go through a `NativeClient` made
//! from the session's core client, so the JS resources are the client's own classes.

use candescent::input::{required_string, Naming};
use candescent::{SecretString, UserSession};
use napi_derive::napi;
use serde_json::Value;

use crate::args::value;
use crate::client::NativeClient;
use crate::errors::IntoNapi;
use crate::runtime::guarded;

const NAMING: Naming = Naming::Camel;

/// `userSession({username, password})`'s arguments; the password becomes a secret at once.
pub(crate) fn password_args(
    username: Value,
    password: Value,
) -> napi::Result<(String, SecretString)> {
    let username = required_string("username", value(username)?, NAMING).napi()?;
    let password = required_string("password", value(password)?, NAMING).napi()?;
    Ok((username, SecretString::new(password)))
}

/// `exchangeCode(code, {redirectUri})`'s arguments.
pub(crate) fn code_args(
    code: Value,
    redirect_uri: Value,
) -> napi::Result<(SecretString, Option<String>)> {
    let code = SecretString::new(required_string("code", value(code)?, NAMING).napi()?);
    let redirect_uri = match value(redirect_uri)? {
        candescent::input::Value::Null => None,
        other => Some(required_string("redirect_uri", other, NAMING).napi()?),
    };
    Ok((code, redirect_uri))
}

#[napi]
pub struct NativeUserSession {
    session: UserSession,
}

impl NativeUserSession {
    pub(crate) fn new(session: UserSession) -> NativeUserSession {
        NativeUserSession { session }
    }
}

#[napi]
impl NativeUserSession {
    /// The client whose calls carry the user's token, for the JS resources.
    #[napi]
    pub fn client(&self) -> NativeClient {
        NativeClient::from_core(self.session.as_client().clone())
    }

    /// The OpenID Connect ID token, when the grant returned one.
    #[napi(getter)]
    pub fn id_token(&self) -> Option<String> {
        self.session.id_token().map(|t| t.expose().to_owned())
    }

    #[napi]
    pub async fn access_token(&self) -> napi::Result<String> {
        let session = self.session.clone();
        guarded(async move { session.access_token().await.napi() }).await
    }

    #[napi]
    pub async fn close(&self) -> napi::Result<()> {
        let session = self.session.clone();
        guarded(async move {
            session.close().await;
            Ok(())
        })
        .await
    }

    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.session.is_closed()
    }
}
