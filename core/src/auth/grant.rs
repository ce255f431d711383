//! The `client_credentials` grant and token revocation against the token endpoint.

use std::{sync::Arc, time::Duration};

use base64::Engine;
use bytes::Bytes;
use futures::{future::BoxFuture, FutureExt};
use reqwest::{header::HeaderValue, Method};
use tokio::time::Instant;

use super::{cache::TokenSource, token::Grant, AccessToken};
use crate::{
    config::Config,
    transport::{Request, Transport},
    Result,
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
    fn basic(&self) -> Option<HeaderValue> {
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

    fn form(&self, pairs: &[(&str, &str)]) -> Bytes {
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
        }
    }

    /// Tells the server a token is no longer needed (`DELETE …/oauth2/v1/revoke`). Best effort.
    pub(crate) async fn revoke(&self, token: &AccessToken) -> Result<()> {
        let request = Request {
            method: Method::DELETE,
            url: self.config.revoke_url.clone(),
            authorization: self.basic(),
            form: Some(self.form(&[("token", token.secret.expose())])),
            retry: false,
        };
        self.transport
            .send(&request, Some(Instant::now() + REVOKE_DEADLINE))
            .await
            .map(drop)
    }
}

impl TokenSource for ClientCredentials {
    fn fetch(&self) -> BoxFuture<'static, Result<Grant>> {
        let request = self.request();
        let transport = self.transport.clone();
        async move {
            let response = transport.send(&request, None).await?;
            Grant::parse(&response.body)
                .map_err(|e| e.with_transaction_id(&response.transaction_id))
        }
        .boxed()
    }
}
