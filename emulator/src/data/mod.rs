//! Who owns what: the spec's example user and the generated `gen-<N>` users.

mod account;
mod example;
mod future;
pub(crate) mod generated;
mod recipient;
pub(crate) mod rng;
mod transaction;
mod users;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub(crate) use account::{AccountFields, Render, View, ACCOUNT_FILTER_FIELDS};
pub use example::{EXAMPLE_HOST_USER_ID, EXAMPLE_LOGIN_ID, EXAMPLE_TRANSACTIONS_ACCOUNT_ID};
pub use future::FUTURE_VALUES_USER;
pub use generated::MAX_GENERATED_ACCOUNTS;
pub use recipient::{RECIPIENT_HOST_USER_ID, RECIPIENT_LOGIN_ID};
pub use transaction::TODAY;
pub(crate) use transaction::{
    number, reference_date, Transaction, CHECK_TYPE, DEPOSIT_TYPES, TRANSACTION_FILTER_FIELDS,
};
pub(crate) use users::tin;
pub use users::USER_PASSWORD;

pub(crate) use account::Account;

/// Generated users above this size are rebuilt on demand instead of kept:
/// their serialized answers are cached anyway, and the accounts would cost hundreds of MB.
const CACHE_ACCOUNTS_UP_TO: u32 = 20_000;
const CACHED_GENERATED_USERS: usize = 16;

/// A known user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum UserKey {
    /// The spec's retail example user.
    Example,
    /// `jordanLee`: a second retail user, the example user's recipient.
    Recipient,
    /// `gen-<N>`: a business user with N accounts over several locations.
    Generated(u32),
    /// `future-values`: what the spec does not list (opt-in).
    FutureValues,
}

pub(crate) struct DataStore {
    institution_id: String,
    example_accounts: Arc<Vec<Account>>,
    example_transactions: HashMap<String, Vec<Transaction>>,
    future_accounts: Arc<Vec<Account>>,
    future_transactions: HashMap<String, Vec<Transaction>>,
    recipient_accounts: Arc<Vec<Account>>,
    recipient_transactions: HashMap<String, Vec<Transaction>>,
    generated: Mutex<HashMap<u32, Arc<Vec<Account>>>>,
}

impl DataStore {
    pub(crate) fn new(institution_id: &str) -> DataStore {
        let example = example::build(institution_id);
        let future = future::build(institution_id);
        let recipient = recipient::build(institution_id);
        DataStore {
            institution_id: institution_id.to_owned(),
            example_accounts: Arc::new(example.accounts),
            example_transactions: example.transactions,
            future_accounts: Arc::new(future.accounts),
            future_transactions: future.transactions,
            recipient_accounts: Arc::new(recipient.accounts),
            recipient_transactions: recipient.transactions,
            generated: Mutex::new(HashMap::new()),
        }
    }

    /// The user named by `hostUserId` or `loginId` (the caller checked exactly one is set).
    pub(crate) fn resolve(host_user_id: Option<&str>, login_id: Option<&str>) -> Option<UserKey> {
        match (host_user_id, login_id) {
            (Some(EXAMPLE_HOST_USER_ID), None) | (None, Some(EXAMPLE_LOGIN_ID)) => {
                Some(UserKey::Example)
            }
            (Some(FUTURE_VALUES_USER), None) | (None, Some(FUTURE_VALUES_USER)) => {
                Some(UserKey::FutureValues)
            }
            (Some(RECIPIENT_HOST_USER_ID), None) | (None, Some(RECIPIENT_LOGIN_ID)) => {
                Some(UserKey::Recipient)
            }
            (Some(id), None) | (None, Some(id)) => {
                generated::parse_user(id).map(UserKey::Generated)
            }
            _ => None,
        }
    }

    pub(crate) fn accounts(&self, user: UserKey) -> Arc<Vec<Account>> {
        match user {
            UserKey::Example => self.example_accounts.clone(),
            UserKey::FutureValues => self.future_accounts.clone(),
            UserKey::Recipient => self.recipient_accounts.clone(),
            UserKey::Generated(n) => {
                if n > CACHE_ACCOUNTS_UP_TO {
                    return Arc::new(generated::accounts(n, &self.institution_id));
                }
                if let Some(hit) = self
                    .generated
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&n)
                {
                    return hit.clone();
                }
                // Built outside the lock: a big user must not stall everyone else.
                let built = Arc::new(generated::accounts(n, &self.institution_id));
                let mut cache = self.generated.lock().unwrap_or_else(|e| e.into_inner());
                if cache.len() >= CACHED_GENERATED_USERS {
                    cache.clear();
                }
                cache.entry(n).or_insert(built).clone()
            }
        }
    }

    /// One of the user's accounts.
    pub(crate) fn account(&self, user: UserKey, id: &str) -> Option<Account> {
        match user {
            UserKey::Example => self.example_accounts.iter().find(|a| a.id() == id).cloned(),
            UserKey::FutureValues => self.future_accounts.iter().find(|a| a.id() == id).cloned(),
            UserKey::Recipient => self
                .recipient_accounts
                .iter()
                .find(|a| a.id() == id)
                .cloned(),
            UserKey::Generated(n) => {
                let i = generated::account_index(n, id)?;
                Some(generated::account(n, i, &self.institution_id))
            }
        }
    }

    /// The account of the institution with this full account number, and its user: the
    /// retail users' accounts, and a generated user's (`8<N:06><i:05>`).
    pub(crate) fn account_by_number(&self, number: &str) -> Option<(UserKey, Account)> {
        let full =
            |a: &&Account| a.json.get("accountNumber").and_then(|v| v.as_str()) == Some(number);
        for (user, accounts) in [
            (UserKey::Example, &self.example_accounts),
            (UserKey::Recipient, &self.recipient_accounts),
        ] {
            if let Some(account) = accounts.iter().find(full) {
                return Some((user, account.clone()));
            }
        }
        let digits = number.strip_prefix('8').filter(|d| d.len() == 11)?;
        let (n, i) = (
            digits[..6].parse::<u32>().ok()?,
            digits[6..].parse::<u32>().ok()?,
        );
        let user = generated::parse_user(&format!("gen-{n}"))?;
        (i < user).then(|| {
            (
                UserKey::Generated(user),
                generated::account(user, i, &self.institution_id),
            )
        })
    }

    /// The account's transactions, newest first; `None` when the user has no such account.
    pub(crate) fn transactions(&self, user: UserKey, account_id: &str) -> Option<Vec<Transaction>> {
        match user {
            UserKey::Example => {
                self.example_accounts
                    .iter()
                    .find(|a| a.id() == account_id)?;
                Some(
                    self.example_transactions
                        .get(account_id)
                        .cloned()
                        .unwrap_or_default(),
                )
            }
            UserKey::FutureValues => {
                self.future_accounts.iter().find(|a| a.id() == account_id)?;
                Some(
                    self.future_transactions
                        .get(account_id)
                        .cloned()
                        .unwrap_or_default(),
                )
            }
            UserKey::Recipient => {
                self.recipient_accounts
                    .iter()
                    .find(|a| a.id() == account_id)?;
                Some(
                    self.recipient_transactions
                        .get(account_id)
                        .cloned()
                        .unwrap_or_default(),
                )
            }
            UserKey::Generated(n) => {
                let i = generated::account_index(n, account_id)?;
                let mut list = generated::transactions(n, i, &self.institution_id);
                transaction::sort_newest_first(&mut list);
                Some(list)
            }
        }
    }
}

impl std::fmt::Debug for DataStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataStore")
            .field("institution_id", &self.institution_id)
            .finish_non_exhaustive()
    }
}
