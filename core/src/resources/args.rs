//! The parameters of each call from a binding's loosely typed arguments (see [`crate::input`]).

use super::params::{GetAccount, ListAccounts, ListTransactions, View};
use crate::{
    input::{Args, Naming, Reader},
    ErrorKind, Result,
};

const USER: [&str; 3] = ["host_user_id", "login_id", "institution_customer_id"];

fn reader(
    args: Args,
    naming: Naming,
    what: &str,
    known: &[&str],
    hints: &[(&str, &str)],
) -> Result<Reader> {
    Reader::new(args, naming, ErrorKind::Validation, what, known, hints)
}

fn view(r: &mut Reader) -> Result<Option<View>> {
    r.string("view")?.map(|v| v.parse()).transpose()
}

impl ListAccounts {
    /// The arguments of `accounts.list` as a binding received them.
    ///
    /// ```
    /// use candescent::input::{Naming, Value};
    /// let err = candescent::ListAccounts::from_args(
    ///     vec![("skipGroups".into(), Value::Float(-1.0))],
    ///     Naming::Camel,
    /// ).unwrap_err();
    /// assert_eq!(err.message(), "skipGroups must be 0 or more, not -1");
    /// ```
    pub fn from_args(args: Args, naming: Naming) -> Result<ListAccounts> {
        let known = [
            &USER[..],
            &[
                "filter",
                "view",
                "cross_account",
                "additional_fields",
                "skip_groups",
            ],
        ]
        .concat();
        let mut r = reader(args, naming, "accounts.list()", &known, &[])?;
        Ok(ListAccounts {
            host_user_id: r.string("host_user_id")?,
            login_id: r.string("login_id")?,
            institution_customer_id: r.string("institution_customer_id")?,
            filter: r.string("filter")?,
            view: view(&mut r)?,
            cross_account: r.bool("cross_account")?,
            additional_fields: r.bool("additional_fields")?,
            skip_groups: r
                .count("skip_groups", 0, u64::from(u32::MAX))?
                .map(|n| n as u32),
        })
    }
}

impl GetAccount {
    /// The arguments of `accounts.get` (besides the account id) as a binding received them.
    /// `filter` and `skip_groups` belong to lists: given here, they are refused, not ignored.
    ///
    /// ```
    /// use candescent::input::{Naming, Value};
    /// let err = candescent::GetAccount::from_args(
    ///     vec![("filter".into(), Value::Str("category eq 'DEPOSIT'".into()))],
    ///     Naming::Camel,
    /// ).unwrap_err();
    /// assert!(err.message().starts_with("filter is not accepted by accounts.get()"));
    /// ```
    pub fn from_args(args: Args, naming: Naming) -> Result<GetAccount> {
        let known = [&USER[..], &["view", "cross_account", "additional_fields"]].concat();
        let list_only = "it applies to lists of accounts (accounts.list())";
        let hints = [("filter", list_only), ("skip_groups", list_only)];
        let mut r = reader(args, naming, "accounts.get()", &known, &hints)?;
        Ok(GetAccount {
            host_user_id: r.string("host_user_id")?,
            login_id: r.string("login_id")?,
            institution_customer_id: r.string("institution_customer_id")?,
            view: view(&mut r)?,
            cross_account: r.bool("cross_account")?,
            additional_fields: r.bool("additional_fields")?,
        })
    }
}

impl ListTransactions {
    /// The arguments of `transactions.list` as a binding received them; dates are
    /// `YYYY-MM-DD` text or [`Value::Date`](crate::input::Value::Date).
    ///
    /// ```
    /// use candescent::input::{Naming, Value};
    /// let err = candescent::ListTransactions::from_args(
    ///     vec![("account_id".into(), Value::Str("A".into())), ("page_size".into(), Value::Bool(true))],
    ///     Naming::Snake,
    /// ).unwrap_err();
    /// assert_eq!(err.message(), "page_size must be a whole number, not a bool");
    /// ```
    pub fn from_args(args: Args, naming: Naming) -> Result<ListTransactions> {
        let known = [
            &["account_id"][..],
            &USER[..],
            &[
                "start_date",
                "end_date",
                "retrieve_future_transactions",
                "filter",
                "is_credit_transaction",
                "additional_fields",
                "page_size",
            ],
        ]
        .concat();
        let mut r = reader(args, naming, "transactions.list()", &known, &[])?;
        let account_id = r.string("account_id")?.ok_or_else(|| {
            crate::Error::validation(format!("{} is required", naming.spell("account_id")))
        })?;
        Ok(ListTransactions {
            account_id,
            host_user_id: r.string("host_user_id")?,
            login_id: r.string("login_id")?,
            institution_customer_id: r.string("institution_customer_id")?,
            start_date: r.date("start_date")?,
            end_date: r.date("end_date")?,
            retrieve_future_transactions: r.bool("retrieve_future_transactions")?,
            filter: r.string("filter")?,
            is_credit_transaction: r.bool("is_credit_transaction")?,
            additional_fields: r.bool("additional_fields")?,
            page_size: r
                .count("page_size", 1, u64::from(u32::MAX))?
                .map(|n| n as u32),
        })
    }
}

impl super::params::FindCustomer {
    /// The arguments of `customers.find` as a binding received them.
    ///
    /// ```
    /// use candescent::input::{Naming, Value};
    /// let err = candescent::FindCustomer::from_args(
    ///     vec![("userId".into(), Value::Str("gen-12".into()))],
    ///     Naming::Camel,
    /// ).unwrap_err();
    /// assert!(err.message().contains("userId"));
    /// ```
    pub fn from_args(args: Args, naming: Naming) -> Result<super::params::FindCustomer> {
        let mut r = reader(
            args,
            naming,
            "customers.find()",
            &["login_id", "host_user_id"],
            &[],
        )?;
        Ok(super::params::FindCustomer {
            login_id: r.string("login_id")?,
            host_user_id: r.string("host_user_id")?,
        })
    }
}
