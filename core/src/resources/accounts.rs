//! `GET {accounts}` and `GET {accounts}/{id}`.

use super::{
    params::{GetAccount, ListAccounts},
    query::{self, UrlBuilder},
};
use crate::wire::{self, ListPart};
use crate::{Account, AccountList, Client, Error, ErrorKind, ResponseMeta, Result};

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

    /// Like [`list`](Self::list), with the answer in the [wire form](crate::wire) instead of
    /// models, handed to `part` in pieces of about `part_bytes` as they are transcoded (see
    /// [`wire::account_list_parts`]): for a binding that parses one piece while the next is
    /// made. The transcoding runs on a blocking thread, off the async workers.
    ///
    /// # Errors
    /// As [`list`](Self::list); after a decoding error, pieces handed over are void.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::{wire::ListPart, ListAccounts};
    /// let mut pieces = Vec::new();
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// client
    ///     .accounts()
    ///     .list_wire_parts(&ListAccounts::host_user_id("1234567890"), 1 << 18, move |part| {
    ///         let _ = tx.send(part);
    ///     })
    ///     .await?;
    /// pieces.extend(rx.try_iter());
    /// assert!(matches!(pieces.last(), Some(ListPart::List { .. })));
    /// # Ok(()) }
    /// ```
    pub async fn list_wire_parts(
        self,
        params: &ListAccounts,
        part_bytes: usize,
        mut part: impl FnMut(ListPart) + Send + 'static,
    ) -> Result<()> {
        let url = self.list_url(params)?;
        let answer = self.client.get_answer(url).await?;
        tokio::task::spawn_blocking(move || {
            let text = answer.text()?;
            wire::account_list_parts(text, part_bytes, &mut part)
                .map_err(|e| answer.decode_error(&e))
        })
        .await
        .map_err(|e| Error::new(ErrorKind::Internal, format!("transcoding failed: {e}")))?
    }

    /// Like [`get`](Self::get), with the account in the [wire form](crate::wire) (UTF-8 JSON)
    /// instead of a model.
    ///
    /// # Errors
    /// As [`get`](Self::get).
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::GetAccount;
    /// let text = client.accounts().get_wire("a1", &GetAccount::host_user_id("1234567890")).await?;
    /// assert!(text.ends_with(b"}"));
    /// # Ok(()) }
    /// ```
    pub async fn get_wire(self, account_id: &str, params: &GetAccount) -> Result<Vec<u8>> {
        let url = self.get_url(account_id, params)?;
        let answer = self.client.get_answer(url).await?;
        wire::account_from_json(answer.text()?).map_err(|e| answer.decode_error(&e))
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
