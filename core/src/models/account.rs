//! Accounts and the lists of them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{AccountNumber, Category, Extra, Money};

/// A customer's account at the financial institution.
///
/// Required by the spec: `id`, `institution_id`, `category`, `account_type`,
/// `account_number`, `institution_user_id`; everything else may be absent.
/// `Debug` shows only the last four characters of account numbers.
///
/// ```
/// let account: candescent::Account = serde_json::from_str(r#"{
///     "id": "a1", "institutionUserId": "u1", "institutionId": "00016",
///     "accountNumber": "1234567890101", "category": "DEPOSIT",
///     "type": {"value": "CHECKING"},
///     "availableBalance": {"currencyCode": "USD", "amount": 501306.06},
///     "ownershipType": "JOINT"
/// }"#).unwrap();
/// assert_eq!(account.available_balance.as_ref().unwrap().amount.to_string(), "501306.06");
/// assert_eq!(account.extra["ownershipType"], "JOINT");
/// assert!(!format!("{account:?}").contains("1234567890101"));
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The account's id, used in `accounts().get` and transaction listings.
    pub id: String,
    /// The FI's id of the account's owner.
    pub institution_user_id: String,
    /// Business-banking location (customer) of the account.
    pub institution_customer_id: Option<String>,
    /// The financial institution's id.
    pub institution_id: String,
    /// The FI's description.
    pub description: Option<String>,
    /// The customer's name for the account.
    pub nick_name: Option<String>,
    /// The account number; masked by the server unless the token has `accounts:read_unmasked`.
    pub account_number: AccountNumber,
    /// `DEPOSIT`, `LOAN`, … (open set).
    pub category: Category,
    /// The kind of account (`type` on the wire).
    #[serde(rename = "type")]
    pub account_type: AccountType,
    /// Name of the primary holder.
    pub primary_holder_name: Option<String>,
    /// ABA routing number.
    pub routing_number: Option<String>,
    /// MICR number.
    pub micr_number: Option<String>,
    /// Interest rate in percent.
    #[serde(
        default,
        deserialize_with = "rust_decimal::serde::arbitrary_precision_option::deserialize",
        serialize_with = "super::wire::decimal_opt"
    )]
    pub interest_rate: Option<Decimal>,
    /// Third-party vendor reference.
    pub tpv_reference: Option<String>,
    /// Third-party vendor product code.
    pub tpv_product_code: Option<String>,
    /// The account that covers overdrafts.
    pub overdraft_account_number: Option<AccountNumber>,
    /// Current (ledger) balance.
    pub current_balance: Option<Money>,
    /// Available balance.
    pub available_balance: Option<Money>,
    /// Balance of the last statement.
    pub last_statement_balance: Option<Money>,
    /// Interest earned this year.
    pub interest_year_to_date: Option<Money>,
    /// Overdraft limit.
    pub overdraft_limit: Option<Money>,
    /// Overdraft still available.
    pub overdraft_available_amount: Option<Money>,
    /// Retirement: eligible contribution this year.
    pub current_year_eligible_contribution: Option<Money>,
    /// Retirement: eligible contribution last year.
    pub last_year_eligible_contribution: Option<Money>,
    /// Retirement: maximum contribution last year.
    pub last_year_max_contribution: Option<Money>,
    /// Loan: escrow balance.
    pub escrow_balance: Option<Money>,
    /// Loan: principal outstanding.
    pub current_principal_balance: Option<Money>,
    /// Loan: next payment.
    pub next_payment_amount: Option<Money>,
    /// Loan: pay-off amount.
    pub pay_off_amount: Option<Money>,
    /// Loan: calculated pay-off amount.
    pub calculated_pay_off_amount: Option<Money>,
    /// Loan: minimum payment.
    pub minimum_payment: Option<Money>,
    /// Line of credit limit.
    pub line_of_credit_limit: Option<Money>,
    /// Loan: last principal payment.
    pub last_principal_payment_amount: Option<Money>,
    /// Loan: original amount.
    pub original_loan_amount: Option<Money>,
    /// Loan: date of the next payment.
    pub next_payment_date: Option<NaiveDate>,
    /// Maturity date.
    pub maturity_date: Option<NaiveDate>,
    /// Loan origination date.
    pub loan_origination_date: Option<NaiveDate>,
    /// Loan: date principal was due.
    pub past_principal_due_date: Option<NaiveDate>,
    /// The term, as sent.
    #[serde(default, serialize_with = "super::wire::raw_opt")]
    pub term: Option<Value>,
    /// Status flags.
    pub status: Option<AccountStatus>,
    /// What the customer may do with the account.
    pub allowed_actions: Option<AllowedActions>,
    /// Present when `additional_fields` was requested.
    #[serde(default, serialize_with = "super::wire::raw_opt")]
    pub additional_info: Option<Value>,
    /// Fields not named above (e.g. `hostAccountNumber` of older deployments).
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_always",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

/// The kind of an account: `{value, fiRawAccountType, fiAccountType, description}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountType {
    /// `CHECKING`, `SAVINGS`, `CREDIT_CARD_LOAN`, … (open set, kept as text).
    pub value: String,
    /// The FI's raw account type code.
    #[serde(default, serialize_with = "super::wire::raw_opt")]
    pub fi_raw_account_type: Option<Value>,
    /// The FI's account type code.
    #[serde(default, serialize_with = "super::wire::raw_opt")]
    pub fi_account_type: Option<Value>,
    /// A readable name.
    pub description: Option<String>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_nested",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

/// Status flags of an account.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct AccountStatus {
    pub open: Option<bool>,
    pub closed: Option<bool>,
    pub negative_balance: Option<bool>,
    pub delinquent: Option<bool>,
    pub in_collection: Option<bool>,
    pub over_limit: Option<bool>,
    pub written_off: Option<bool>,
    pub credit_balance: Option<bool>,
    pub payment_coupon: Option<bool>,
    pub retirement_plan: Option<bool>,
    pub ret_plan_owned_by_deceased: Option<bool>,
    pub approved: Option<bool>,
    pub not_approved: Option<bool>,
    pub deleted: Option<bool>,
    pub verified: Option<bool>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_nested",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

/// What the customer may do with an account.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct AllowedActions {
    pub summary: Option<bool>,
    pub transfer_from: Option<bool>,
    pub transfer_to: Option<bool>,
    pub is_history_enabled: Option<bool>,
    pub is_history_entitled: Option<bool>,
    pub is_online_statement_enabled: Option<bool>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_nested",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

/// The answer of `accounts().list`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountList {
    /// The accounts.
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// With business-banking group paging: how many customer groups there are.
    pub total_group_count: Option<u64>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_always",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

impl AccountList {
    /// An iterator over the accounts.
    pub fn iter(&self) -> std::slice::Iter<'_, Account> {
        self.accounts.iter()
    }
}

impl IntoIterator for AccountList {
    type Item = Account;
    type IntoIter = std::vec::IntoIter<Account>;

    fn into_iter(self) -> Self::IntoIter {
        self.accounts.into_iter()
    }
}

impl<'a> IntoIterator for &'a AccountList {
    type Item = &'a Account;
    type IntoIter = std::slice::Iter<'a, Account>;

    fn into_iter(self) -> Self::IntoIter {
        self.accounts.iter()
    }
}
