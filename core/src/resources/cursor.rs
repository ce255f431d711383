//! A shared handle on a [`TransactionStream`], for callers that hold it from another language.

use std::{
    collections::VecDeque,
    fmt,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
};

use super::transactions::TransactionStream;
use crate::{ResponseMeta, Result, Transaction};

/// A transaction cursor that clones share: read it item by item, page by page, or take
/// what is already buffered without any I/O. This is what the Python and Node iterators
/// hold; they keep no state of their own.
///
/// Cancel-safe: a page is buffered only once it has fully arrived, so a read abandoned
/// midway (Ctrl-C, a cancelled task) loses nothing.
///
/// ```no_run
/// # async fn run(client: candescent::Client) -> candescent::Result<()> {
/// use candescent::ListTransactions;
/// let cursor = client.transactions().list(&ListTransactions::new("A").login_id("testUser")).cursor();
/// while let Some(txn) = cursor.next().await? {
///     println!("{:?}", txn.amount);
///     while let Some(more) = cursor.buffered() { // no I/O
///         println!("{:?}", more.amount);
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TransactionCursor {
    inner: Arc<Inner>,
}

struct Inner {
    stream: tokio::sync::Mutex<TransactionStream>,
    buffer: Mutex<VecDeque<Transaction>>,
    exhausted: AtomicBool,
    /// A copy of the stream's last page metadata, readable while a page is in flight.
    last: Mutex<Option<ResponseMeta>>,
}

impl TransactionStream {
    /// This stream as a [`TransactionCursor`] that can be shared.
    pub fn cursor(self) -> TransactionCursor {
        TransactionCursor {
            inner: Arc::new(Inner {
                stream: tokio::sync::Mutex::new(self),
                buffer: Mutex::new(VecDeque::new()),
                exhausted: AtomicBool::new(false),
                last: Mutex::new(None),
            }),
        }
    }
}

impl TransactionCursor {
    fn buffer(&self) -> std::sync::MutexGuard<'_, VecDeque<Transaction>> {
        self.inner.buffer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next transaction already fetched, without I/O; `None` if a page must be read first.
    pub fn buffered(&self) -> Option<Transaction> {
        self.buffer().pop_front()
    }

    /// Whether every transaction has been handed out: the next read returns `None` without I/O.
    pub fn is_done(&self) -> bool {
        self.inner.exhausted.load(Ordering::Acquire) && self.buffer().is_empty()
    }

    /// The next transaction, reading the next page when the buffer is empty; `None` at the end.
    pub async fn next(&self) -> Result<Option<Transaction>> {
        if let Some(t) = self.buffered() {
            return Ok(Some(t));
        }
        let mut stream = self.inner.stream.lock().await;
        loop {
            // Another reader may have filled the buffer while this one waited for the lock.
            if let Some(t) = self.buffered() {
                return Ok(Some(t));
            }
            if !self.fill(&mut stream).await? {
                return Ok(None);
            }
        }
    }

    /// What is buffered if anything is, else the next page as the API returned it; `None` at
    /// the end.
    pub async fn next_page(&self) -> Result<Option<Vec<Transaction>>> {
        let mut stream = self.inner.stream.lock().await;
        loop {
            let page: Vec<Transaction> = self.buffer().drain(..).collect();
            if !page.is_empty() {
                return Ok(Some(page));
            }
            if !self.fill(&mut stream).await? {
                return Ok(None);
            }
        }
    }

    /// Status, headers and `transactionId` of the last page read from the API; `None`
    /// before the first.
    pub fn last_response(&self) -> Option<ResponseMeta> {
        self.inner
            .last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Reads one page into the buffer; `false` when there is none left.
    async fn fill(&self, stream: &mut TransactionStream) -> Result<bool> {
        if self.inner.exhausted.load(Ordering::Acquire) {
            return Ok(false);
        }
        match stream.next_page().await? {
            Some(page) => {
                self.buffer().extend(page);
                if let Some(meta) = stream.last.take() {
                    *self.inner.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(meta);
                }
                Ok(true)
            }
            None => {
                self.inner.exhausted.store(true, Ordering::Release);
                Ok(false)
            }
        }
    }
}

impl fmt::Debug for TransactionCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransactionCursor")
            .field("buffered", &self.buffer().len())
            .field("done", &self.is_done())
            .finish_non_exhaustive()
    }
}
