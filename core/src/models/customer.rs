//! Who a user is, and which institution customers they act for: a retail customer, or the
//! locations (legal entities) of a business.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{AccountNumber, Extra};

/// A user and the customers they act for; from [`Customers::find`](crate::Customers::find).
///
/// A business user acts for several locations. The one whose `member_number` is a business's
/// TIN gives the `customer_id` to pass as `institution_customer_id` when listing accounts, and
/// its position is the group to ask for with `skip_groups`.
///
/// ```
/// let profile: candescent::CustomerProfile = serde_json::from_str(r#"{
///     "userId": "u1", "userType": "BUSINESS",
///     "customers": [
///         {"customerId": "c-1", "memberNumber": "100007919", "customerType": "BUSINESS"},
///         {"customerId": "c-2", "memberNumber": "100112648", "customerType": "BUSINESS"}
///     ]
/// }"#).unwrap();
/// let (group, location) = profile.customer("100112648").unwrap();
/// assert_eq!((group, location.customer_id.as_str()), (1, "c-2"));
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerProfile {
    /// The institution's id of the user.
    pub user_id: Option<String>,
    /// The financial institution's id.
    pub fi_id: Option<String>,
    /// The user's login id.
    pub user_name: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Full name as the institution writes it.
    pub full_name: Option<String>,
    /// `RETAIL` or `BUSINESS` (open set).
    pub user_type: Option<String>,
    /// `PRIMARY`, … (open set).
    pub user_role: Option<String>,
    /// The customers the user acts for, in the order of the account groups.
    #[serde(default)]
    pub customers: Vec<Customer>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_always",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

impl CustomerProfile {
    /// The customer whose member number (a business location's TIN) is `member_number`, with
    /// its position, which is the `skip_groups` of its account group.
    ///
    /// ```
    /// let profile: candescent::CustomerProfile =
    ///     serde_json::from_str(r#"{"customers": [{"customerId": "c-1", "memberNumber": "42"}]}"#).unwrap();
    /// assert_eq!(profile.customer("42").map(|(i, c)| (i, c.customer_id.clone())), Some((0, "c-1".into())));
    /// assert!(profile.customer("43").is_none());
    /// ```
    pub fn customer(&self, member_number: &str) -> Option<(usize, &Customer)> {
        self.customers
            .iter()
            .enumerate()
            .find(|(_, c)| c.member_number.as_deref() == Some(member_number))
    }
}

/// One customer a user acts for. A business location's member number is its TIN, so
/// `Debug` shows only its last four characters, like an account number; the host login id too,
/// which institutions often set to that same number.
///
/// ```
/// let c: candescent::Customer =
///     serde_json::from_str(r#"{"customerId": "c-1", "memberNumber": "100007919"}"#).unwrap();
/// assert_eq!(c.member_number.as_deref(), Some("100007919"));
/// assert!(format!("{c:?}").contains("****7919") && !format!("{c:?}").contains("100007919"));
/// ```
#[serde_with::skip_serializing_none]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// The id to pass as `institution_customer_id`.
    pub customer_id: String,
    /// The member number; for a business location, its TIN.
    pub member_number: Option<String>,
    /// `RETAIL` or `BUSINESS` (open set).
    pub customer_type: Option<String>,
    /// The login id at the host (core banking system).
    pub host_login_id: Option<String>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_nested",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}

impl fmt::Debug for Customer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customer")
            .field("customer_id", &self.customer_id)
            .field(
                "member_number",
                &self.member_number.as_deref().map(AccountNumber::from),
            )
            .field("customer_type", &self.customer_type)
            .field(
                "host_login_id",
                &self.host_login_id.as_deref().map(AccountNumber::from),
            )
            .field("extra", &self.extra)
            .finish()
    }
}
