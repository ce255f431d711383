//! Transactions of an account.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Extra, Money};

/// One transaction of an account.
///
/// ```
/// let txn: candescent::Transaction = serde_json::from_str(r#"{
///     "id": "t1", "transactionDate": "2026-04-06",
///     "amount": {"currencyCode": "USD", "amount": -220}, "type": "AUTOMATIC_DEBIT"
/// }"#).unwrap();
/// assert_eq!(txn.amount.unwrap().amount.to_string(), "-220");
/// assert_eq!(txn.transaction_type.as_deref(), Some("AUTOMATIC_DEBIT"));
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// The transaction's id.
    pub id: String,
    /// The financial institution's id.
    pub institution_id: Option<String>,
    /// The FI's id of the account's owner.
    pub institution_user_id: Option<String>,
    /// Business-banking location (customer).
    pub institution_customer_id: Option<String>,
    /// The account's id.
    pub account_id: Option<String>,
    /// The FI's transaction number.
    pub transaction_number: Option<String>,
    /// When it happened.
    pub transaction_date: Option<NaiveDate>,
    /// When it took effect.
    pub effective_date: Option<NaiveDate>,
    /// A memo.
    pub memo: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// The amount, exact.
    pub amount: Option<Money>,
    /// `RETURN_OF_GOODS`, `AUTOMATIC_DEBIT`, … (`type` on the wire; open set).
    #[serde(rename = "type")]
    pub transaction_type: Option<String>,
    /// Whether money came in.
    pub is_credit_transaction: Option<bool>,
    /// Whether it may be exported.
    pub is_exportable: Option<bool>,
    /// Whether it is still pending.
    pub is_pending: Option<bool>,
    /// Present when `additional_fields` was requested.
    #[serde(default, serialize_with = "super::wire::raw_opt")]
    pub additional_info: Option<Value>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_always",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

/// One page of transactions as the API answers it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TransactionList {
    /// The transactions of the page.
    #[serde(default)]
    pub transactions: Vec<Transaction>,
}
