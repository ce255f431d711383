//! `GET {accounts}` and `GET {accounts}/{id}`.

use super::params::{GetAccount, ListAccounts};
use crate::call::{CallOptions, Prepared, Reply};
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
        let reply = self.send(self.list_call(params)?).await?;
        tokio::task::spawn_blocking(move || {
            let answer = reply.answer();
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
        let reply = self.send(self.get_call(account_id, params)?).await?;
        let answer = reply.answer();
        wire::account_from_json(answer.text()?).map_err(|e| answer.decode_error(&e))
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
