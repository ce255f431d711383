//! `GET {transactions}`, paged with `$skip`/`$top` behind a stream.

use std::{
    fmt,
    pin::Pin,
    task::{Context, Poll},
};

use futures::{future::BoxFuture, FutureExt, Stream};

use super::params::ListTransactions;
use crate::call::{CallOptions, Prepared};
use crate::{Client, ResponseMeta, Result, Transaction};

const DEFAULT_PAGE_SIZE: u32 = 100;

/// One page as the API answers it. The API pages before it applies `$filter` and
/// `isCreditTransaction`, so a page may hold fewer rows than `$top` (even none) with
/// more pages after it: `pagination` says where the next page starts.
#[derive(serde::Deserialize)]
struct Page {
    #[serde(default)]
    transactions: Vec<Transaction>,
    pagination: Option<Pagination>,
}

#[derive(serde::Deserialize)]
struct Pagination {
    /// The effective `$top` (the institution may raise a small one).
    top: Option<u64>,
    next: Option<String>,
}

/// The transactions of accounts; from [`Client::transactions`].
#[derive(Debug, Clone, Copy)]
pub struct Transactions<'a> {
    pub(crate) client: &'a Client,
}

impl Transactions<'_> {
    /// Every transaction matching `params`, fetched page by page as the stream is read.
    /// Invalid arguments come out as the stream's first and only item.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use futures::TryStreamExt;
    /// use candescent::ListTransactions;
    /// let mut txns = client.transactions().list(&ListTransactions::new("ACCOUNT_ID").host_user_id("1234567890"));
    /// while let Some(txn) = txns.try_next().await? {
    ///     println!("{:?} {:?}", txn.transaction_date, txn.amount);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(self, params: &ListTransactions) -> TransactionStream {
        TransactionStream::new(self.client.clone(), params)
    }
}

/// A [`Stream`] of [`Transaction`]s over all pages; also readable a page at a time
/// with [`next_page`](Self::next_page). Ends after the first error.
pub struct TransactionStream {
    client: Client,
    /// The call without `$skip`/`$top`; `Err` if the arguments were refused.
    base: Result<Prepared>,
    page_size: u32,
    skip: u64,
    done: bool,
    buffer: std::vec::IntoIter<Transaction>,
    pending: Option<BoxFuture<'static, Result<(Page, ResponseMeta)>>>,
    /// Status, headers and transactionId of the last page read.
    pub(super) last: Option<ResponseMeta>,
}

impl TransactionStream {
    fn new(client: Client, params: &ListTransactions) -> Self {
        let op = crate::spec::find("transactions.list").expect("the table has transactions.list");
        let base = client.prepare(op, params.args(client.config().naming));
        let page_size = base
            .as_ref()
            .ok()
            .and_then(|p| p.page_size)
            .map_or(DEFAULT_PAGE_SIZE, |n| u32::try_from(n).unwrap_or(u32::MAX));
        TransactionStream {
            base,
            client,
            page_size,
            skip: 0,
            done: false,
            buffer: Vec::new().into_iter(),
            pending: None,
            last: None,
        }
    }

    /// The request for the next page, or `None` when there is none.
    fn next_request(&mut self) -> Option<BoxFuture<'static, Result<(Page, ResponseMeta)>>> {
        if self.done {
            return None;
        }
        let base = match &self.base {
            Ok(base) => base,
            Err(error) => {
                let error = error.clone();
                self.done = true;
                return Some(async move { Err(error) }.boxed());
            }
        };
        let page = [
            ("$skip", self.skip.to_string()),
            ("$top", self.page_size.to_string()),
        ];
        let (client, base) = (self.client.clone(), base.clone());
        Some(
            async move {
                let mut reply = client
                    .call_page(&base, &CallOptions::default(), &page, None)
                    .await?;
                let page = reply.typed()?;
                Ok((page, reply.take_meta()))
            }
            .boxed(),
        )
    }

    /// Records a page. With `pagination` the next page is where it says; without it
    /// (an empty range, or a server that omits it) a short page is the last one.
    fn absorb(&mut self, page: Result<(Page, ResponseMeta)>) -> Result<Vec<Transaction>> {
        match page {
            Ok((page, meta)) => {
                self.last = Some(meta);
                let n = page.transactions.len();
                match page.pagination {
                    Some(p) => {
                        self.skip += p.top.unwrap_or(u64::from(self.page_size)).max(1);
                        self.done = p.next.is_none();
                    }
                    None => {
                        self.skip += n as u64;
                        self.done = n < self.page_size as usize;
                    }
                }
                Ok(page.transactions)
            }
            Err(error) => {
                self.done = true;
                Err(error)
            }
        }
    }

    /// Status, headers and `transactionId` of the last page read from the API; `None`
    /// before the first.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// let mut pages = client.transactions().list(&candescent::ListTransactions::new("A").login_id("testUser"));
    /// while let Some(page) = pages.next_page().await? {
    ///     let meta = pages.last_response().expect("a page was read");
    ///     println!("{} transactions, transactionId {}", page.len(), meta.transaction_id());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn last_response(&self) -> Option<&ResponseMeta> {
        self.last.as_ref()
    }

    /// The next page, or `None` after the last. Do not mix with reading the stream item by item.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// let mut pages = client.transactions().list(&candescent::ListTransactions::new("A").login_id("testUser"));
    /// while let Some(page) = pages.next_page().await? {
    ///     println!("{} transactions", page.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn next_page(&mut self) -> Result<Option<Vec<Transaction>>> {
        // A filtered page can be empty with more pages after it.
        while let Some(request) = self.next_request() {
            let page = self.absorb(request.await)?;
            if !page.is_empty() {
                return Ok(Some(page));
            }
        }
        Ok(None)
    }
}

impl Stream for TransactionStream {
    type Item = Result<Transaction>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(txn) = this.buffer.next() {
                return Poll::Ready(Some(Ok(txn)));
            }
            if this.pending.is_none() {
                match this.next_request() {
                    Some(request) => this.pending = Some(request),
                    None => return Poll::Ready(None),
                }
            }
            let page = match this.pending.as_mut().expect("set above").poll_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.pending = None;
            match this.absorb(page) {
                Ok(page) => this.buffer = page.into_iter(),
                Err(error) => return Poll::Ready(Some(Err(error))),
            }
        }
    }
}

impl fmt::Debug for TransactionStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransactionStream")
            .field("page_size", &self.page_size)
            .field("skip", &self.skip)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
