//! `GET {accounts}` and `GET {accounts}/{id}`.

use super::params::{GetAccount, ListAccounts};
use crate::call::{CallOptions, Prepared, Reply};
use crate::{Account, AccountList, Client, ResponseMeta, Result};

/// The accounts of the institution's customers; from [`Client::accounts`].
#[derive(Debug, Clone, Copy)]
pub struct Accounts<'a> {
    pub(crate) client: &'a Client,
}

impl Accounts<'_> {
    /// Lists a customer's accounts.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::ListAccounts;
    /// let list = client.accounts().list(&ListAccounts::host_user_id("1234567890")).await?;
    /// for account in &list {
    ///     println!("{} {:?}", account.id, account.available_balance);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(self, params: &ListAccounts) -> Result<AccountList> {
        self.send(self.list_call(params)?).await?.typed()
    }

    /// Reads one account of a customer.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::GetAccount;
    /// let account = client.accounts().get("ACCOUNT_ID", &GetAccount::host_user_id("1234567890")).await?;
    /// println!("{}", account.account_number); // masked: ****0101
    /// # Ok(()) }
    /// ```
    pub async fn get(self, account_id: &str, params: &GetAccount) -> Result<Account> {
        self.send(self.get_call(account_id, params)?).await?.typed()
    }

    /// Like [`list`](Self::list), with the answer's status, headers and `transactionId`.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::ListAccounts;
    /// let (list, meta) = client.accounts().list_with_response(&ListAccounts::host_user_id("1234567890")).await?;
    /// println!("{} accounts; transactionId {}", list.accounts.len(), meta.transaction_id());
    /// # Ok(()) }
    /// ```
    pub async fn list_with_response(
        self,
        params: &ListAccounts,
    ) -> Result<(AccountList, ResponseMeta)> {
        let mut reply = self.send(self.list_call(params)?).await?;
        let list = reply.typed()?;
        Ok((list, reply.take_meta()))
    }

    /// Like [`get`](Self::get), with the answer's status, headers and `transactionId`.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::GetAccount;
    /// let (account, meta) = client.accounts().get_with_response("a1", &GetAccount::host_user_id("1234567890")).await?;
    /// println!("{} {}", account.id, meta.status());
    /// # Ok(()) }
    /// ```
    pub async fn get_with_response(
        self,
        account_id: &str,
        params: &GetAccount,
    ) -> Result<(Account, ResponseMeta)> {
        let mut reply = self.send(self.get_call(account_id, params)?).await?;
        let account = reply.typed()?;
        Ok((account, reply.take_meta()))
    }

    /// `accounts.list` from the operation table: the document's checks, its route.
    pub(super) fn list_call(self, params: &ListAccounts) -> Result<Prepared> {
        let op = crate::spec::find("accounts.list").expect("the table has accounts.list");
        self.client
            .prepare(op, params.args(self.client.config().naming))
    }

    fn get_call(self, account_id: &str, params: &GetAccount) -> Result<Prepared> {
        let op = crate::spec::find("accounts.get").expect("the table has accounts.get");
        self.client
            .prepare(op, params.args(account_id, self.client.config().naming))
    }

    async fn send(self, prepared: Prepared) -> Result<Reply> {
        self.client.call(&prepared, &CallOptions::default()).await
    }
}
