//! A local, in-memory emulator of the Candescent Digital Banking API, for
//! development and tests (what `stripe-mock` is for Stripe).
//!
//! It serves both route layouts on one port (gateway: `/digitalbanking[/stage]/…`,
//! host: `/v1/…`), issues and checks OAuth tokens, enforces the API's header,
//! scope and parameter rules with the documented error codes, and has an admin
//! API under `/__emulator/` for stats, fault injection and token expiry.
//!
//! Besides the accounts, transactions, customer and OpenID Connect routes it serves most of
//! the official document's other operations (customer management, images, activities,
//! business banking, payments, recipients, alerts, disclosures, e-statements, campaigns)
//! generically: their routes and request checks come from the document's facts extract,
//! embedded in the emulator, and their state lives in one keyed store that `reset` empties.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
//! use candescent_emulator::{start, Config, Fault, FaultRoute};
//! let emu = start(Config::default()).await?;
//! emu.inject_fault(Fault::status(FaultRoute::Accounts, 1, 503).with_retry_after(1));
//! // point a client at emu.base_url() with client id "candescent-emulator",
//! // secret "emulator-secret" and institution id "00016" …
//! emu.shutdown().await;
//! # Ok(()) }
//! ```

mod anomalies;
mod cache;
pub mod cli;
mod clock;
mod codes;
mod config;
mod data;
mod emulator;
mod errors;
mod faults;
mod filter;
#[cfg(test)]
mod fuzz;
mod money;
mod multipart;
mod ops;
mod paging;
mod request;
mod routes;
mod server;
mod spec;
mod state;
mod stats;
mod store;
mod tokens;

pub use config::{
    Config, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_INSTITUTION_ID, DEFAULT_SCOPES,
    PARTNER_CLIENT_ID, PARTNER_CLIENT_SECRET,
};
pub use data::{
    EXAMPLE_HOST_USER_ID, EXAMPLE_LOGIN_ID, EXAMPLE_TRANSACTIONS_ACCOUNT_ID, FUTURE_VALUES_USER,
    MAX_GENERATED_ACCOUNTS, RECIPIENT_HOST_USER_ID, RECIPIENT_LOGIN_ID, TODAY, USER_PASSWORD,
};
pub use emulator::{start, Emulator};
pub use faults::{
    Fault, FaultKind, FaultRoute, DEFAULT_FAULT_STATUS, DEFAULT_OVERSIZED, DEFAULT_STALL_MS,
};
pub use stats::{GrantCounts, RevokedCounts, RouteCounts, Stats};
