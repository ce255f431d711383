//! `GET {accounts}` and `GET {accounts}/{id}`.

use super::{
    params::{GetAccount, ListAccounts},
    query::{self, UrlBuilder},
};
use crate::{Account, AccountList, Client, Error, ResponseMeta, Result};

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
        let url = self.list_url(params)?;
        self.client.get_json(url).await
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
        let url = self.get_url(account_id, params)?;
        self.client.get_json(url).await
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
        let url = self.list_url(params)?;
        let mut answer = self.client.get_answer(url).await?;
        let list = answer.decode()?;
        Ok((list, answer.take_meta()))
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
        let url = self.get_url(account_id, params)?;
        let mut answer = self.client.get_answer(url).await?;
        let account = answer.decode()?;
        Ok((account, answer.take_meta()))
    }

    fn get_url(self, account_id: &str, params: &GetAccount) -> Result<String> {
        let naming = self.client.config().naming;
        let account_id = query::non_empty(&naming.spell("account_id"), account_id)?;
        let (user_key, user) = query::user(
            naming,
            self.client.signed_in(),
            &params.host_user_id,
            &params.login_id,
        )?;
        let mut url = UrlBuilder::new(&self.client.config().accounts_url)
            .segment(&naming.spell("account_id"), &account_id)?;
        url.opt(user_key, user.as_deref())
            .opt(
                "institutionCustomerId",
                params.institution_customer_id.as_deref(),
            )
            .opt("viewName", params.view.map(|v| v.as_str()))
            .flag("crossAccount", params.cross_account)
            .flag("additionalFields", params.additional_fields);
        Ok(url.finish())
    }

    pub(super) fn list_url(self, params: &ListAccounts) -> Result<String> {
        let naming = self.client.config().naming;
        let (user_key, user) = query::user(
            naming,
            self.client.signed_in(),
            &params.host_user_id,
            &params.login_id,
        )?;
        if params.institution_customer_id.is_some() && params.skip_groups.is_some() {
            return Err(Error::validation(format!(
                "{} and {} cannot be combined: a location is already one group",
                naming.spell("institution_customer_id"),
                naming.spell("skip_groups")
            )));
        }
        let mut url = UrlBuilder::new(&self.client.config().accounts_url);
        url.opt(user_key, user.as_deref())
            .opt(
                "institutionCustomerId",
                params.institution_customer_id.as_deref(),
            )
            .opt("$filter", params.filter.as_deref())
            .opt("viewName", params.view.map(|v| v.as_str()))
            .flag("crossAccount", params.cross_account)
            .flag("additionalFields", params.additional_fields);
        if let Some(skip) = params.skip_groups {
            // Only one group per page is supported by the API.
            url.param("$apply", "groupBy(customer)")
                .param("$topGroups", "1")
                .number("$skipGroups", Some(u64::from(skip)));
        }
        Ok(url.finish())
    }
}
