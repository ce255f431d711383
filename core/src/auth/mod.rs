//! OAuth 2.0 client credentials: the token endpoint, the token cache, revocation.

mod cache;
mod grant;
mod shared;
pub(crate) mod store;
mod token;

pub(crate) use cache::TokenCache;
pub(crate) use cache::TokenSource;
pub(crate) use grant::ClientCredentials;
pub(crate) use shared::SharedTokens;
pub(crate) use token::AccessToken;
#[cfg(test)]
pub(crate) use token::Grant;
