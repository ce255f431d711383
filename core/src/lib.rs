//! # candescent
//!
//! A client for the [Candescent Digital Banking API](https://docs.candescent.com): hand it
//! the Shared Key and Secret Key of the Developer Console and list a customer's accounts.
//! Tokens (OAuth 2.0 client credentials), retries, timeouts and errors are handled for you.
//!
//! ```no_run
//! # async fn run() -> candescent::Result<()> {
//! use candescent::{Client, ListAccounts};
//!
//! let client = Client::builder()
//!     .client_id("shared-key")
//!     .client_secret("secret-key")
//!     .institution_id("00016")
//!     .build()?; // or Client::from_env()? with CANDESCENT_CLIENT_ID, …
//! let accounts = client.accounts().list(&ListAccounts::host_user_id("1234567890")).await?;
//! for account in &accounts {
//!     println!("{} {} {:?}", account.id, account.account_number, account.available_balance);
//! }
//! client.close().await;
//! # Ok(()) }
//! ```
//!
//! Data flows one way: [configuration](ClientBuilder) → token cache → transport →
//! resources ([`Accounts`], [`Transactions`]) → [models](Account).

#![warn(missing_docs)]

pub mod api;
mod auth;
pub mod call;
mod client;
mod config;
pub mod data;
mod error;
mod events;
#[cfg(test)]
mod fuzz;
pub mod input;
mod limit;
mod models;
mod raw;
mod redact;
mod resources;
mod secret;
mod session;
pub mod spec;
mod table;
mod transport;

pub use auth::TokenInfo;
pub use client::Client;
pub use config::{
    ClientBuilder, ClientOptions, Environment, Routes, Trust, DEFAULT_MAX_RESPONSE_BYTES,
    ENV_SETTINGS,
};
pub use error::{Error, ErrorKind, Result};
pub use events::{LogLevel, RequestEvent, RequestHook};
pub use models::wire;
pub use models::{
    Account, AccountList, AccountNumber, AccountStatus, AccountType, AllowedActions, Category,
    Customer, CustomerProfile, Extra, Money, Transaction, TransactionList,
};
pub use raw::{
    exact_json_text, parse_method, RawResponse, RequestBuilder, ResponseMeta, OWNED_HEADERS,
};
pub use reqwest::Method;
pub use resources::{
    AccountGroup, AccountGroups, Accounts, Customers, FindCustomer, GetAccount, ListAccounts,
    ListTransactions, TransactionCursor, TransactionStream, Transactions, View,
};
pub use secret::SecretString;
pub use session::UserSession;
pub use table::format_accounts;

/// This crate's version, sent in the `User-Agent`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
