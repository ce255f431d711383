//! Any operation of the table, through the same machinery as every call: the cached token and
//! one replay after a 401, a fresh trace id per attempt in the header the operation uses,
//! retries for reads only, the deadline, `close()`, the error tree and the request events.
//!
//! The bindings and the command line call every operation this way:
//!
//! ```no_run
//! # async fn run(client: candescent::Client) -> candescent::Result<()> {
//! use candescent::call::CallOptions;
//! use candescent::input::Value;
//! let op = candescent::spec::find("recipients.list").unwrap();
//! let prepared = client.prepare(op, vec![("host_user_id".into(), Value::Str("1234567890".into()))])?;
//! let reply = client.call(&prepared, &CallOptions::default()).await?;
//! println!("{}", candescent::data::to_json_text(&reply.data()?));
//! # Ok(()) }
//! ```

mod encode;
mod options;
mod pager;
mod read;
mod reply;
mod value;
mod wait;

use std::sync::Arc;

pub use options::{CallOptions, CALL_OPTIONS};
pub use pager::{Cursor, Page, Pager, ACCOUNT_GROUP};
pub use read::Prepared;
pub use reply::Reply;
pub use wait::DEFAULT_WAIT;

pub use read::label;

use crate::client::Outgoing;
use crate::input::Args;
use crate::spec::{Auth, Operation, Paging, Trace};
use crate::{Client, Error, Result};

impl Client {
    /// Checks `args` for `op` as this client's callers spell them (`host_user_id` in Rust and
    /// Python, `hostUserId` in Node), before any traffic.
    ///
    /// # Errors
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) naming the argument.
    pub fn prepare(&self, op: &'static Operation, args: Args) -> Result<Prepared> {
        Prepared::read(op, args, self.config().naming, self.signed_in())
    }

    /// Sends a prepared call (one request: for a paged operation, its first page; further pages
    /// come from [`pager`](Self::pager)) and gives the answer, not yet decoded.
    ///
    /// # Errors
    /// The errors of every call: a non-2xx answer, a connection failure or timeout after the
    /// retries the operation allows, a closed client.
    pub async fn call(&self, prepared: &Prepared, options: &CallOptions) -> Result<Reply> {
        if prepared.op.paging == Paging::None {
            return self.call_page(prepared, options, &[], None).await;
        }
        // One request of a paged operation is its first page, as the pager would ask for it.
        let first = Pager::new(self.clone(), prepared.clone(), *options);
        let (query, body) = first.request();
        self.call_page(first.prepared(), options, &query, body.as_ref())
            .await
    }

    /// One request of a call, with the page's own query parameters and body.
    pub(crate) async fn call_page(
        &self,
        prepared: &Prepared,
        options: &CallOptions,
        page_query: &[(&str, String)],
        page_body: Option<&serde_json::Value>,
    ) -> Result<Reply> {
        let op = prepared.op;
        if op.auth != Auth::Bearer {
            return Err(Error::validation(format!(
                "{} needs an OAuth V1 token, which this version does not request yet; use request()",
                op.id
            )));
        }
        let url = encode::url(self, prepared, page_query)?;
        let extra = encode::extra(prepared, page_body)?;
        let retry = options.retry.or(self.options().retry).unwrap_or(op.retry);
        // Boxed: the request's future is large, and each layer that awaits it would otherwise
        // copy it whole.
        let work = Box::pin(self.send_with(Outgoing {
            method: encode::method(op),
            url,
            extra: Some(Arc::new(extra)),
            retry,
            correlation_id: op.trace == Trace::CorrelationId,
            limits: options.limits(),
            deadline: self.deadline_of(options.deadline),
        }));
        let answer = self
            .guarded(work)
            .await
            .map_err(|e| written(e, retry, op))?;
        Ok(Reply::new(op, answer))
    }

    /// The pages of a paged operation (or the one answer of any other), read as asked.
    pub fn pager(&self, prepared: Prepared, options: CallOptions) -> Pager {
        Pager::new(self.clone(), prepared, options)
    }
}

/// A write that failed after it may have reached the server says so: the API has no
/// idempotency key, so the caller must check before sending it again.
fn written(e: Error, retried: bool, op: &Operation) -> Error {
    if retried
        || !matches!(
            e.kind(),
            crate::ErrorKind::Timeout | crate::ErrorKind::Connection
        )
    {
        return e;
    }
    if !e.may_have_reached_server() {
        return e;
    }
    let message = format!(
        "{}; {} may have reached the server and been carried out: check before sending it \
         again (it was not repeated automatically, since a repeat could act twice)",
        e.message(),
        op.id
    );
    e.with_message(message)
}
