//! The API's resources as typed values. Every model keeps the fields it does not know
//! in `extra`, so nothing the server sent is lost, and gives back its JSON with `to_json()`.

mod account;
mod account_number;
mod category;
mod customer;
mod money;
mod transaction;
pub mod wire;

pub use account::{Account, AccountList, AccountStatus, AccountType, AllowedActions};
pub use account_number::AccountNumber;
pub use category::Category;
pub use customer::{Customer, CustomerProfile};
pub use money::Money;
pub use transaction::{Transaction, TransactionList};

/// Fields the server sent that the model does not name.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Every model gives back the JSON it was read from.
macro_rules! impl_to_json {
    ($($model:ty),*) => {$(
        impl $model {
            /// The server's JSON for this value: the named fields and `extra`, numbers with their exact text.
            pub fn to_json(&self) -> serde_json::Value {
                serde_json::to_value(self).expect("models always serialize")
            }
        }
    )*};
}

impl_to_json!(
    Account,
    AccountList,
    AccountStatus,
    AccountType,
    AllowedActions,
    Money,
    Transaction,
    CustomerProfile,
    Customer
);
