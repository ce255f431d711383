//! Business-banking accounts one customer group at a time (`$apply=groupBy(customer)`).

use std::{fmt, sync::Arc};

use super::{accounts::Accounts, params::ListAccounts};
use crate::{AccountList, Client, Error, Result};

/// One customer group of a business user's accounts: the accounts of one location.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountGroup {
    /// The group's position, from 0: its `skip_groups`.
    pub index: u32,
    /// How many groups there are (`totalGroupCount`).
    pub total: u64,
    /// The group's accounts.
    pub accounts: AccountList,
}

impl AccountGroup {
    /// The customer (location) the group's accounts belong to, from its first account.
    pub fn customer_id(&self) -> Option<&str> {
        self.accounts
            .accounts
            .first()
            .and_then(|a| a.institution_customer_id.as_deref())
    }
}

impl Accounts<'_> {
    /// A business user's accounts, one customer group (location) per read, from group
    /// `skip_groups` (0 when not given) to the last. The API serves one group per request.
    ///
    /// Clones share the position, so a binding can hold it; a read that fails leaves the
    /// position where it was, and the next read asks for the same group again.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::ListAccounts;
    /// let groups = client.accounts().groups(&ListAccounts::login_id("gen-12"));
    /// while let Some(group) = groups.next().await? {
    ///     println!("group {} of {}: {} accounts", group.index + 1, group.total, group.accounts.accounts.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn groups(self, params: &ListAccounts) -> AccountGroups {
        let refused = params.institution_customer_id.is_some().then(|| {
            let naming = self.client.config().naming;
            Error::validation(format!(
                "{} cannot be combined with group paging: a location is already one group",
                naming.spell("institution_customer_id")
            ))
        });
        AccountGroups {
            inner: Arc::new(tokio::sync::Mutex::new(Position {
                client: self.client.clone(),
                params: params.clone(),
                next: params.skip_groups.unwrap_or(0),
                total: None,
                refused,
            })),
        }
    }
}

/// The groups of [`Accounts::groups`], read with [`next`](Self::next).
#[derive(Clone)]
pub struct AccountGroups {
    inner: Arc<tokio::sync::Mutex<Position>>,
}

struct Position {
    client: Client,
    params: ListAccounts,
    next: u32,
    /// Known after the first answer.
    total: Option<u64>,
    /// Arguments refused before any traffic: every read returns this error.
    refused: Option<Error>,
}

impl AccountGroups {
    /// The next group; `None` after the last.
    pub async fn next(&self) -> Result<Option<AccountGroup>> {
        let mut at = self.inner.lock().await;
        if let Some(e) = &at.refused {
            return Err(e.clone());
        }
        if at.total.is_some_and(|total| u64::from(at.next) >= total) {
            return Ok(None);
        }
        let params = at.params.clone().skip_groups(at.next);
        let accounts = at.client.accounts().list(&params).await?;
        // Without a count the server did not group: what it sent is everything.
        let total = accounts.total_group_count.unwrap_or(u64::from(at.next) + 1);
        at.total = Some(total);
        if u64::from(at.next) >= total {
            return Ok(None);
        }
        let index = at.next;
        at.next = at.next.saturating_add(1);
        Ok(Some(AccountGroup {
            index,
            total,
            accounts,
        }))
    }

    /// How many groups there are, once the first has been read.
    pub fn total(&self) -> Option<u64> {
        self.inner.try_lock().ok().and_then(|at| at.total)
    }
}

impl fmt::Debug for AccountGroups {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("AccountGroups");
        if let Ok(at) = self.inner.try_lock() {
            d.field("next", &at.next).field("total", &at.total);
        }
        d.finish_non_exhaustive()
    }
}
