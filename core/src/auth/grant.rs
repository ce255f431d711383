//! The `client_credentials` grant and token revocation against the token endpoint.

use std::{sync::Arc, time::Duration};

use base64::Engine;
use bytes::Bytes;
use futures::{future::BoxFuture, FutureExt};
use reqwest::{header::HeaderValue, Method, Url};
use tokio::time::Instant;

use super::{cache::TokenSource, token::Grant, AccessToken};
use crate::{
    config::Config,
    transport::{Request, Transport},
    Error, Result, SecretString,
};

/// Revocation on close is best effort and must not hold up shutdown for long.
const REVOKE_DEADLINE: Duration = Duration::from_secs(5);

/// Requests tokens with the application's Shared Key and Secret Key.
pub(crate) struct ClientCredentials {
    config: Arc<Config>,
    transport: Arc<Transport>,
}

impl ClientCredentials {
    pub(crate) fn new(config: Arc<Config>, transport: Arc<Transport>) -> ClientCredentials {
        ClientCredentials { config, transport }
    }

    /// `Basic base64(id:secret)`, built when needed so the encoded secret lives briefly;
    /// none when the credentials go in the form body instead.
    pub(crate) fn basic(&self) -> Option<HeaderValue> {
        if self.config.credentials_in_body {
            return None;
        }
        let credentials = zeroize::Zeroizing::new(format!(
            "{}:{}",
            self.config.client_id,
            self.config.client_secret.expose()
        ));
        let encoded = zeroize::Zeroizing::new(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials.as_bytes())
        ));
        let mut header = HeaderValue::from_str(&encoded).expect("base64 is a valid header value");
        header.set_sensitive(true);
        Some(header)
    }

    pub(crate) fn form(&self, pairs: &[(&str, &str)]) -> Bytes {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.extend_pairs(pairs);
        if self.config.credentials_in_body {
            form.append_pair("client_id", &self.config.client_id);
            form.append_pair("client_secret", self.config.client_secret.expose());
        }
        Bytes::from(form.finish())
    }

    fn request(&self) -> Request {
        let scopes = self.config.scopes.join(",");
        let mut pairs = vec![("grant_type", "client_credentials")];
        if !scopes.is_empty() {
            pairs.push(("scopes", &scopes));
        }
        Request {
            method: Method::POST,
            url: self.config.token_url.clone(),
            authorization: self.basic(),
            form: Some(self.form(&pairs)),
            retry: true,
            correlation_id: false,
            extra: None,
            limits: Default::default(),
        }
    }

    fn revoke_request(&self, token: &SecretString) -> Request {
        Request {
            method: Method::DELETE,
            url: self.config.revoke_url.clone(),
            authorization: self.basic(),
            form: Some(self.form(&[("token", token.expose())])),
            retry: false,
            correlation_id: false,
            extra: None,
            limits: Default::default(),
        }
    }

    /// Tells the server a token is no longer needed (`DELETE …/oauth2/v1/revoke`). Best effort.
    pub(crate) async fn revoke(&self, token: &AccessToken) -> Result<()> {
        self.revoke_secret(&token.secret).await
    }

    /// Revokes any token of this application, access or refresh (the endpoint takes both).
    pub(crate) async fn revoke_secret(&self, token: &SecretString) -> Result<()> {
        self.transport
            .send(
                &self.revoke_request(token),
                Some(Instant::now() + REVOKE_DEADLINE),
            )
            .await
            .map(drop)
    }
}

impl TokenSource for ClientCredentials {
    fn discard(&self, token: AccessToken) -> BoxFuture<'static, ()> {
        let request = self.revoke_request(&token.secret);
        let transport = self.transport.clone();
        async move {
            // Best effort; a failure is logged as the revocation's request event.
            let _ = transport
                .send(&request, Some(Instant::now() + REVOKE_DEADLINE))
                .await;
        }
        .boxed()
    }

    fn fetch(&self) -> BoxFuture<'static, Result<Grant>> {
        let request = self.request();
        let transport = self.transport.clone();
        async move {
            let response = transport
                .send(&request, None)
                .await
                .map_err(|e| token_request_error(e, &request.url))?;
            let grant = Grant::parse(&response.body)
                .map_err(|e| e.with_transaction_id(&response.transaction_id))?;
            // From now on the token can be echoed back by a server: scrub it like the secret.
            transport.redactor().add_token(grant.access_token.expose());
            Ok(grant)
        }
        .boxed()
    }
}

/// Says that it was the token request that failed, and where it went: a wrong `base_url`
/// or route otherwise shows up as a bare "not found" that looks like a missing customer.
fn token_request_error(error: Error, url: &Url) -> Error {
    let at = format!("{}{}", url.origin().ascii_serialization(), url.path());
    let message = match error.status() {
        Some(404) | Some(405) => format!(
            "the token request to {at} found no token endpoint there ({}): check base_url \
             (and the token route, if you set one)",
            error.message()
        ),
        Some(401) => format!(
            "the token request to {at} was refused ({}): check client_id and client_secret \
             (the Shared Key and Secret Key)",
            error.message()
        ),
        _ => format!("the token request to {at} failed: {}", error.message()),
    };
    error.with_message(message)
}
