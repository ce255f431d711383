//! The models of every schema a typed operation reads or sends: generated ones, and the ones
//! the crate types by hand (`Account`, `Money`, …), under one roof.

pub use super::generated::models::*;
pub use crate::{
    Account, AccountList, AccountStatus, AccountType, AllowedActions, Customer, CustomerProfile,
    Money, Transaction, TransactionList,
};
