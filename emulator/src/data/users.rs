//! What the emulator knows of a user beyond their accounts: sign-in, ids and customers.

use super::example::{
    EXAMPLE_CUSTOMER_ID, EXAMPLE_INSTITUTION_USER_ID, EXAMPLE_SECOND_CUSTOMER_ID,
};
use super::generated::{self, ACCOUNTS_PER_CUSTOMER};
use super::recipient::{
    RECIPIENT_CUSTOMER_ID, RECIPIENT_HOST_USER_ID, RECIPIENT_INSTITUTION_USER_ID,
    RECIPIENT_LOGIN_ID,
};
use super::{DataStore, UserKey, EXAMPLE_HOST_USER_ID, EXAMPLE_LOGIN_ID, FUTURE_VALUES_USER};

/// The password every emulated user signs in with (`grant_type=password`).
pub const USER_PASSWORD: &str = "emulator-password";

/// One institution customer of a user: the retail customer itself, or one business location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Customer {
    pub id: String,
    /// Member number; for a business location its TIN/EIN.
    pub member_number: String,
    pub business: bool,
}

impl UserKey {
    /// The user a login id names.
    pub(crate) fn by_login(login_id: &str) -> Option<UserKey> {
        DataStore::resolve(None, Some(login_id))
    }

    pub(crate) fn login_id(self) -> String {
        match self {
            UserKey::Example => EXAMPLE_LOGIN_ID.to_owned(),
            UserKey::FutureValues => FUTURE_VALUES_USER.to_owned(),
            UserKey::Recipient => RECIPIENT_LOGIN_ID.to_owned(),
            UserKey::Generated(n) => format!("gen-{n}"),
        }
    }

    pub(crate) fn institution_user_id(self) -> String {
        match self {
            UserKey::Example | UserKey::FutureValues => EXAMPLE_INSTITUTION_USER_ID.to_owned(),
            UserKey::Recipient => RECIPIENT_INSTITUTION_USER_ID.to_owned(),
            UserKey::Generated(n) => generated::user_id(n),
        }
    }

    /// `(first name, last name)`.
    pub(crate) fn names(self) -> (&'static str, &'static str) {
        match self {
            UserKey::Recipient => ("Jordan", "Lee"),
            _ => ("Pat", "Example"),
        }
    }

    /// Generated users are business users with several locations; the others are retail.
    pub(crate) fn is_business(self) -> bool {
        matches!(self, UserKey::Generated(_))
    }

    pub(crate) fn customers(self) -> Vec<Customer> {
        match self {
            UserKey::Example => vec![
                Customer {
                    id: EXAMPLE_CUSTOMER_ID.to_owned(),
                    member_number: EXAMPLE_HOST_USER_ID.to_owned(),
                    business: false,
                },
                Customer {
                    id: EXAMPLE_SECOND_CUSTOMER_ID.to_owned(),
                    member_number: "1234567891".to_owned(),
                    business: false,
                },
            ],
            UserKey::Recipient => vec![Customer {
                id: RECIPIENT_CUSTOMER_ID.to_owned(),
                member_number: RECIPIENT_HOST_USER_ID.to_owned(),
                business: false,
            }],
            UserKey::FutureValues => vec![Customer {
                id: EXAMPLE_CUSTOMER_ID.to_owned(),
                member_number: FUTURE_VALUES_USER.to_owned(),
                business: false,
            }],
            UserKey::Generated(n) => (0..n.div_ceil(ACCOUNTS_PER_CUSTOMER))
                .map(|c| Customer {
                    id: generated::customer_id(n, c),
                    member_number: tin(n, c),
                    business: true,
                })
                .collect(),
        }
    }
}

/// A nine-digit TIN for location `c` of user `n`, unique per user.
pub(crate) fn tin(n: u32, c: u32) -> String {
    format!(
        "{:09}",
        (u64::from(n) * 7919 + u64::from(c) * 104_729 + 100_000_000) % 1_000_000_000
    )
}
