//! The API's resources: what each call sends and what it reads back.

mod accounts;
mod args;
mod cursor;
mod params;
pub(crate) mod query;
mod transactions;

pub use accounts::Accounts;
pub use cursor::TransactionCursor;
pub use params::{GetAccount, ListAccounts, ListTransactions, View};
pub use transactions::{TransactionStream, Transactions};
