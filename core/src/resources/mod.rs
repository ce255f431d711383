//! The API's resources: what each call sends and what it reads back.

mod accounts;
mod args;
mod cursor;
mod customers;
mod groups;
mod params;
pub(crate) mod query;
mod transactions;

pub use accounts::Accounts;
pub use cursor::TransactionCursor;
pub use customers::Customers;
pub use groups::{AccountGroup, AccountGroups};
pub use params::{FindCustomer, GetAccount, ListAccounts, ListTransactions, View};
pub use transactions::{TransactionStream, Transactions};
