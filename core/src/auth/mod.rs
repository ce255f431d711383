//! OAuth 2.0: the application's and signed-in users' tokens, the token cache, revocation.

mod cache;
mod grant;
mod info;
mod shared;
pub(crate) mod store;
mod token;
mod user;

pub(crate) use cache::TokenCache;
pub(crate) use cache::TokenSource;
pub(crate) use grant::ClientCredentials;
pub use info::TokenInfo;
pub(crate) use shared::SharedTokens;
pub(crate) use token::AccessToken;
#[cfg(test)]
pub(crate) use token::Grant;
pub(crate) use user::{SignIn, UserTokens};
