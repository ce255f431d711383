//! Typed calls for every operation of the API document, generated from the operation table
//! (`codegen/emit_rust_api.py`): one method per operation in namespaces that follow the
//! document's tags, one parameters struct per operation, one model per schema.
//!
//! ```no_run
//! # async fn run(client: candescent::Client) -> candescent::Result<()> {
//! use candescent::api::{models::Recipient, CreateRecipientParams, ListRecipientsParams};
//! let created = client
//!     .recipients()
//!     .create(
//!         &Recipient { nick_name: Some("Mom".into()), ..Default::default() },
//!         &CreateRecipientParams::default().host_user_id("1234567890"),
//!     )
//!     .await?;
//! let all = client.recipients().list(&ListRecipientsParams::default().host_user_id("1234567890")).await?;
//! println!("{:?} recipients, created {:?}", all.recipients.map(|r| r.len()), created.recipients);
//! # Ok(()) }
//! ```
//!
//! Writes are never repeated automatically (the API has no idempotency key); a client from
//! [`Client::with_options`](crate::Client::with_options) gives calls other defaults.

mod generated;
pub mod models;
mod support;

pub use generated::namespaces::*;
pub use support::{Pages, Partial, Upload};
