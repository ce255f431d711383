//! The arguments of each call.

use std::str::FromStr;

use chrono::NaiveDate;

use crate::Error;

/// The `viewName` projection: fewer fields, smaller answers.
///
/// ```
/// let view: candescent::View = "s".parse().unwrap();
/// assert_eq!(view, candescent::View::Small);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// `viewName=s`: the essential fields.
    Small,
    /// `viewName=m`: a medium set of fields.
    Medium,
}

impl View {
    /// The wire value, `s` or `m`.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Small => "s",
            View::Medium => "m",
        }
    }
}

impl FromStr for View {
    type Err = Error;

    fn from_str(s: &str) -> Result<View, Error> {
        match s {
            "s" | "small" => Ok(View::Small),
            "m" | "medium" => Ok(View::Medium),
            _ => Err(Error::validation(format!(
                "view must be \"s\" or \"m\", not {s:?}"
            ))),
        }
    }
}

macro_rules! setters {
    ($ty:ident { $($field:ident: $arg:ty => $conv:expr),* $(,)? }) => {
        impl $ty {$(
            #[doc = concat!("Sets `", stringify!($field), "`.")]
            pub fn $field(mut self, value: $arg) -> Self {
                self.$field = Some($conv(value));
                self
            }
        )*}
    };
}

/// The arguments of [`Accounts::list`](crate::Accounts::list).
///
/// ```
/// use candescent::{ListAccounts, View};
/// let params = ListAccounts::host_user_id("1234567890")
///     .filter("category eq 'DEPOSIT'")
///     .view(View::Small)
///     .cross_account(false);
/// # drop(params);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAccounts {
    /// The FI's id of the end user (exclusive with `login_id`).
    pub host_user_id: Option<String>,
    /// The end user's login id (exclusive with `host_user_id`).
    pub login_id: Option<String>,
    /// Business-banking location; excludes group paging.
    pub institution_customer_id: Option<String>,
    /// An OData `$filter`, e.g. `category eq 'DEPOSIT'`.
    pub filter: Option<String>,
    /// A field projection.
    pub view: Option<View>,
    /// `false` leaves out accounts shared from other users (default true).
    pub cross_account: Option<bool>,
    /// `true` may add an `additionalInfo` map.
    pub additional_fields: Option<bool>,
    /// Business-banking group paging: the customer group to return (from 0).
    pub skip_groups: Option<u32>,
}

impl ListAccounts {
    /// The accounts of the user with this host user id.
    pub fn host_user_id(id: impl Into<String>) -> Self {
        ListAccounts {
            host_user_id: Some(id.into()),
            ..Self::default()
        }
    }

    /// The accounts of the user with this login id.
    pub fn login_id(id: impl Into<String>) -> Self {
        ListAccounts {
            login_id: Some(id.into()),
            ..Self::default()
        }
    }
}

setters!(ListAccounts {
    institution_customer_id: impl Into<String> => Into::into,
    filter: impl Into<String> => Into::into,
    view: View => std::convert::identity,
    cross_account: bool => std::convert::identity,
    additional_fields: bool => std::convert::identity,
    skip_groups: u32 => std::convert::identity,
});

/// The arguments of [`Accounts::get`](crate::Accounts::get).
///
/// ```
/// let params = candescent::GetAccount::login_id("testUser").additional_fields(true);
/// # drop(params);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetAccount {
    /// The FI's id of the end user (exclusive with `login_id`).
    pub host_user_id: Option<String>,
    /// The end user's login id (exclusive with `host_user_id`).
    pub login_id: Option<String>,
    /// Business-banking location.
    pub institution_customer_id: Option<String>,
    /// A field projection.
    pub view: Option<View>,
    /// `false` leaves out accounts shared from other users.
    pub cross_account: Option<bool>,
    /// `true` may add an `additionalInfo` map.
    pub additional_fields: Option<bool>,
}

impl GetAccount {
    /// The account as seen by the user with this host user id.
    pub fn host_user_id(id: impl Into<String>) -> Self {
        GetAccount {
            host_user_id: Some(id.into()),
            ..Self::default()
        }
    }

    /// The account as seen by the user with this login id.
    pub fn login_id(id: impl Into<String>) -> Self {
        GetAccount {
            login_id: Some(id.into()),
            ..Self::default()
        }
    }
}

setters!(GetAccount {
    institution_customer_id: impl Into<String> => Into::into,
    view: View => std::convert::identity,
    cross_account: bool => std::convert::identity,
    additional_fields: bool => std::convert::identity,
});

/// The arguments of [`Transactions::list`](crate::Transactions::list).
///
/// ```
/// use chrono::NaiveDate;
/// let params = candescent::ListTransactions::new("ACCOUNT_ID")
///     .host_user_id("1234567890")
///     .start_date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
///     .filter("contains(description,'Debit')");
/// # drop(params);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListTransactions {
    /// The account whose transactions to list.
    pub account_id: String,
    /// The FI's id of the end user (exclusive with `login_id`).
    pub host_user_id: Option<String>,
    /// The end user's login id (exclusive with `host_user_id`).
    pub login_id: Option<String>,
    /// Business-banking location.
    pub institution_customer_id: Option<String>,
    /// First day, inclusive.
    pub start_date: Option<NaiveDate>,
    /// Last day, inclusive.
    pub end_date: Option<NaiveDate>,
    /// Whether scheduled future transactions are included.
    pub retrieve_future_transactions: Option<bool>,
    /// An OData `$filter` on `id` and `description`.
    pub filter: Option<String>,
    /// Only credits (`true`) or only debits (`false`).
    pub is_credit_transaction: Option<bool>,
    /// `true` may add an `additionalInfo` map.
    pub additional_fields: Option<bool>,
    /// Transactions per request (`$top`), default 100.
    pub page_size: Option<u32>,
}

impl ListTransactions {
    /// The transactions of this account.
    pub fn new(account_id: impl Into<String>) -> Self {
        ListTransactions {
            account_id: account_id.into(),
            ..Self::default()
        }
    }
}

setters!(ListTransactions {
    host_user_id: impl Into<String> => Into::into,
    login_id: impl Into<String> => Into::into,
    institution_customer_id: impl Into<String> => Into::into,
    start_date: NaiveDate => std::convert::identity,
    end_date: NaiveDate => std::convert::identity,
    retrieve_future_transactions: bool => std::convert::identity,
    filter: impl Into<String> => Into::into,
    is_credit_transaction: bool => std::convert::identity,
    additional_fields: bool => std::convert::identity,
    page_size: u32 => std::convert::identity,
});

/// The arguments of [`Customers::find`](crate::Customers::find): whom to look up.
///
/// ```
/// let params = candescent::FindCustomer::login_id("gen-12");
/// # drop(params);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindCustomer {
    /// The user's login id (exclusive with `host_user_id`).
    pub login_id: Option<String>,
    /// The FI's id of the user (exclusive with `login_id`).
    pub host_user_id: Option<String>,
}

impl FindCustomer {
    /// The user with this login id.
    pub fn login_id(id: impl Into<String>) -> Self {
        FindCustomer {
            login_id: Some(id.into()),
            ..Self::default()
        }
    }

    /// The user with this host user id.
    pub fn host_user_id(id: impl Into<String>) -> Self {
        FindCustomer {
            host_user_id: Some(id.into()),
            ..Self::default()
        }
    }
}

/// Arguments for the table, spelt for the client's callers.
pub(crate) struct ArgsOf {
    naming: crate::input::Naming,
    args: crate::input::Args,
}

impl ArgsOf {
    pub(crate) fn new(naming: crate::input::Naming) -> ArgsOf {
        ArgsOf {
            naming,
            args: Vec::new(),
        }
    }

    fn push(&mut self, name: &str, value: crate::input::Value) -> &mut Self {
        self.args
            .push((self.naming.spell(name).into_owned(), value));
        self
    }

    pub(crate) fn str(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.push(name, crate::input::Value::Str(v.to_owned()));
        }
        self
    }

    pub(crate) fn flag(&mut self, name: &str, value: Option<bool>) -> &mut Self {
        if let Some(v) = value {
            self.push(name, crate::input::Value::Bool(v));
        }
        self
    }

    pub(crate) fn count(&mut self, name: &str, value: Option<u32>) -> &mut Self {
        if let Some(v) = value {
            self.push(name, crate::input::Value::Int(i64::from(v)));
        }
        self
    }

    pub(crate) fn date(&mut self, name: &str, value: Option<NaiveDate>) -> &mut Self {
        if let Some(v) = value {
            self.push(name, crate::input::Value::Date(v));
        }
        self
    }

    pub(crate) fn finish(&mut self) -> crate::input::Args {
        std::mem::take(&mut self.args)
    }
}

impl ListAccounts {
    pub(crate) fn args(&self, naming: crate::input::Naming) -> crate::input::Args {
        ArgsOf::new(naming)
            .str("host_user_id", self.host_user_id.as_deref())
            .str("login_id", self.login_id.as_deref())
            .str(
                "institution_customer_id",
                self.institution_customer_id.as_deref(),
            )
            .str("filter", self.filter.as_deref())
            .str("view", self.view.map(View::as_str))
            .flag("cross_account", self.cross_account)
            .flag("additional_fields", self.additional_fields)
            .count("skip_groups", self.skip_groups)
            .finish()
    }
}

impl GetAccount {
    pub(crate) fn args(
        &self,
        account_id: &str,
        naming: crate::input::Naming,
    ) -> crate::input::Args {
        ArgsOf::new(naming)
            .str("account_id", Some(account_id))
            .str("host_user_id", self.host_user_id.as_deref())
            .str("login_id", self.login_id.as_deref())
            .str(
                "institution_customer_id",
                self.institution_customer_id.as_deref(),
            )
            .str("view", self.view.map(View::as_str))
            .flag("cross_account", self.cross_account)
            .flag("additional_fields", self.additional_fields)
            .finish()
    }
}

impl ListTransactions {
    pub(crate) fn args(&self, naming: crate::input::Naming) -> crate::input::Args {
        ArgsOf::new(naming)
            .str("account_id", Some(&self.account_id))
            .str("host_user_id", self.host_user_id.as_deref())
            .str("login_id", self.login_id.as_deref())
            .str(
                "institution_customer_id",
                self.institution_customer_id.as_deref(),
            )
            .date("start_date", self.start_date)
            .date("end_date", self.end_date)
            .flag(
                "retrieve_future_transactions",
                self.retrieve_future_transactions,
            )
            .str("filter", self.filter.as_deref())
            .flag("is_credit_transaction", self.is_credit_transaction)
            .flag("additional_fields", self.additional_fields)
            .count("page_size", self.page_size)
            .finish()
    }
}

impl FindCustomer {
    pub(crate) fn args(&self, naming: crate::input::Naming) -> crate::input::Args {
        ArgsOf::new(naming)
            .str("login_id", self.login_id.as_deref())
            .str("host_user_id", self.host_user_id.as_deref())
            .finish()
    }
}
