//! The pages of a list, in every scheme the document uses: `$skip`/`$top`, a token from each
//! answer, `page`/`size`, `pageNo`/`pageSize`, a date range read window by window, and
//! business customer groups one at a time.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{Duration as Days, NaiveDate};
use serde_json::Value;

use super::{CallOptions, Prepared, Reply};
use crate::data::{Data, Object};
use crate::spec::{Field, Model, Paging, Ty, REQUIRED};
use crate::{Client, Error, ResponseMeta, Result};

/// One page: its items, the whole answer, and its metadata.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's items (the answer's list), or the whole answer as one item when the
    /// operation is not a list.
    pub items: Vec<Data>,
    /// The whole answer.
    pub data: Data,
    /// The HTTP status.
    pub status: u16,
}

/// One customer group of a business user's accounts (`accounts.groups`): the accounts of one
/// location, with its position among the groups.
pub static ACCOUNT_GROUP: Model = Model {
    name: "AccountGroup",
    fields: &[
        Field::new(
            "index",
            "index",
            Ty::Int(&crate::spec::ANY_NUMBER),
            REQUIRED,
        ),
        Field::new(
            "total",
            "total",
            Ty::Int(&crate::spec::ANY_NUMBER),
            REQUIRED,
        ),
        Field::new("customerId", "customer_id", Ty::Str(&crate::spec::TEXT), 0),
        Field::new(
            "accounts",
            "accounts",
            Ty::Obj(&crate::spec::models::ACCOUNTS_RESPONSE),
            REQUIRED,
        ),
    ],
    extra: None,
    by_wire: &[3, 2, 0, 1],
    by_name: &[3, 2, 0, 1],
    items: None,
};

enum State {
    /// One answer holds everything.
    Once,
    SkipTop {
        skip: u64,
        size: u64,
    },
    Token {
        next: Option<String>,
    },
    Numbered {
        page: u64,
        size: u64,
    },
    Windows {
        next: NaiveDate,
        end: NaiveDate,
        days: u32,
    },
    Groups {
        next: u64,
        total: Option<u64>,
    },
}

/// Reads a call's pages one by one (see the [module docs](self)). A failed read leaves the
/// position where it was: the next read asks for the same page again.
pub struct Pager {
    client: Client,
    prepared: Prepared,
    options: CallOptions,
    state: State,
    done: bool,
    last: Option<ResponseMeta>,
}

fn take_query(prepared: &mut Prepared, wire: &str) -> Option<String> {
    let at = prepared.query.iter().position(|(k, _)| *k == wire)?;
    Some(prepared.query.remove(at).1)
}

impl Pager {
    /// The prepared call, as this pager sends it (a date range's bounds are its windows').
    pub(crate) fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    pub(crate) fn new(client: Client, mut prepared: Prepared, options: CallOptions) -> Pager {
        let op = prepared.op;
        let size = |default: u32| prepared.page_size.unwrap_or(u64::from(default)).max(1);
        let state = match op.paging {
            Paging::None => State::Once,
            Paging::SkipTop { default_size, .. } => State::SkipTop {
                skip: 0,
                size: size(default_size),
            },
            Paging::PageToken { .. } => State::Token { next: None },
            Paging::PageSize { default_size, .. } | Paging::PageNo { default_size, .. } => {
                State::Numbered {
                    page: 0,
                    size: size(default_size),
                }
            }
            Paging::DateWindows { from, to, days } => {
                let date = |t: Option<String>| {
                    t.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
                };
                let start = date(take_query(&mut prepared, from));
                let end = date(take_query(&mut prepared, to));
                match (start, end) {
                    (Some(next), Some(end)) => State::Windows {
                        next,
                        end,
                        days: days.max(1),
                    },
                    // Read checks both dates: this is only reached by a caller of `Prepared`
                    // that skipped it, and then one request shows the API's own answer.
                    _ => State::Once,
                }
            }
        };
        Pager {
            client,
            prepared,
            options,
            state,
            done: false,
            last: None,
        }
    }

    /// `accounts.groups`: a business user's accounts one customer group per request, from
    /// group `skip_groups` (0 when not given) to the last.
    ///
    /// # Errors
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) when the arguments name a
    /// location, which is already one group.
    pub fn groups(client: Client, mut prepared: Prepared, options: CallOptions) -> Result<Pager> {
        let naming = client.config().naming;
        if prepared
            .query
            .iter()
            .any(|(k, _)| *k == "institutionCustomerId")
        {
            return Err(Error::validation(format!(
                "{} cannot be combined with group paging: a location is already one group",
                naming.spell("institution_customer_id")
            )));
        }
        let next = take_query(&mut prepared, "$skipGroups")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        prepared
            .query
            .retain(|(k, _)| *k != "$apply" && *k != "$topGroups");
        Ok(Pager {
            client,
            prepared,
            options,
            state: State::Groups { next, total: None },
            done: false,
            last: None,
        })
    }

    /// Status, headers and `transactionId` of the last page read; `None` before the first.
    pub fn last_response(&self) -> Option<&ResponseMeta> {
        self.last.as_ref()
    }

    /// The next page with items, or `None` after the last. Pages left empty by a filter are
    /// skipped (the API pages before it filters, so an empty page can have more after it).
    ///
    /// # Errors
    /// The errors of the call; the position stays where it was.
    pub async fn next_page(&mut self) -> Result<Option<Page>> {
        while !self.done {
            let page = self.read().await?;
            if !page.items.is_empty() || matches!(self.state, State::Once) {
                return Ok(Some(page));
            }
        }
        Ok(None)
    }

    /// The query parameters and body of the page this pager reads next.
    pub(crate) fn request(&self) -> (Vec<(&'static str, String)>, Option<Value>) {
        let op = self.prepared.op;
        let mut query: Vec<(&'static str, String)> = Vec::new();
        let mut body: Option<Value> = None;
        let n = |x: u64| itoa::Buffer::new().format(x).to_owned();
        match (&self.state, op.paging) {
            (State::SkipTop { skip, size }, Paging::SkipTop { skip: s, top, .. }) => {
                query.push((s, n(*skip)));
                query.push((top, n(*size)));
            }
            (State::Token { next: Some(token) }, Paging::PageToken { request, .. }) => {
                let mut json = match &self.prepared.body {
                    Some(super::read::Payload::Json(j)) => j.clone(),
                    _ => Value::Object(Default::default()),
                };
                if let Value::Object(map) = &mut json {
                    map.insert(request.to_owned(), Value::String(token.clone()));
                }
                body = Some(json);
            }
            (
                State::Numbered { page, size },
                Paging::PageSize {
                    page: p, size: s, ..
                }
                | Paging::PageNo {
                    page: p, size: s, ..
                },
            ) => {
                query.push((p, n(*page)));
                query.push((s, n(*size)));
            }
            (State::Windows { next, end, days }, Paging::DateWindows { from, to, .. }) => {
                let last = (*next + Days::days(i64::from(*days) - 1)).min(*end);
                query.push((from, next.format("%Y-%m-%d").to_string()));
                query.push((to, last.format("%Y-%m-%d").to_string()));
            }
            (State::Groups { next, .. }, _) => {
                query.push(("$apply", "groupBy(customer)".to_owned()));
                query.push(("$skipGroups", n(*next)));
                query.push(("$topGroups", "1".to_owned()));
            }
            _ => {}
        }
        (query, body)
    }

    async fn read(&mut self) -> Result<Page> {
        let (query, body) = self.request();
        let mut reply = self
            .client
            .call_page(&self.prepared, &self.options, &query, body.as_ref())
            .await?;
        let data = reply.data()?;
        let status = reply.status();
        let meta = reply.take_meta();
        let items = self.advance(&data, &reply)?;
        self.last = Some(meta);
        Ok(Page {
            items,
            data,
            status,
        })
    }

    /// Moves past the page just read and gives its items.
    fn advance(&mut self, data: &Data, _reply: &Reply) -> Result<Vec<Data>> {
        let op = self.prepared.op;
        let object = data.as_obj();
        let items: Vec<Data> = match object.and_then(|o| o.get_wire(op.items)) {
            Some(Data::List(list)) => list.to_vec(),
            Some(_) => Vec::new(),
            None => match (object.and_then(|o| o.items()), data) {
                (Some(list), _) => list.to_vec(),
                (None, Data::List(list)) => list.to_vec(),
                (None, Data::Null) => Vec::new(),
                (None, other) => vec![other.clone()],
            },
        };
        let count = items.len() as u64;
        match &mut self.state {
            State::Once => self.done = true,
            State::SkipTop { skip, size } => {
                match object
                    .and_then(|o| o.get_wire("pagination"))
                    .and_then(Data::as_obj)
                {
                    Some(p) => {
                        let top = p
                            .get_wire("top")
                            .and_then(Data::as_i64)
                            .unwrap_or(*size as i64);
                        *skip += (top.max(1)) as u64;
                        self.done = p.get_wire("next").is_none_or(Data::is_null);
                    }
                    None => {
                        *skip += count;
                        self.done = count < *size;
                    }
                }
            }
            State::Token { next } => {
                let token = match op.paging {
                    Paging::PageToken { response, .. } => object
                        .and_then(|o| o.get_wire(response))
                        .and_then(Data::as_str)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned),
                    _ => None,
                };
                self.done = token.is_none() || count == 0;
                *next = token;
            }
            State::Numbered { page, size } => {
                // The `page` object of a page/size answer gives the number of pages.
                let pages = object
                    .and_then(|o| o.get_wire("page"))
                    .and_then(Data::as_obj)
                    .and_then(|p| p.get_wire("totalPages").and_then(Data::as_i64));
                *page += 1;
                self.done = match pages {
                    Some(total) => *page >= total.max(0) as u64,
                    None => count < *size,
                };
            }
            State::Windows { next, end, days } => {
                let last = (*next + Days::days(i64::from(*days) - 1)).min(*end);
                match last.succ_opt() {
                    Some(following) if following <= *end => *next = following,
                    _ => self.done = true,
                }
            }
            State::Groups { next, total } => {
                let list = object.cloned();
                // Without a count the server did not group: what it sent is everything.
                let count_total = object
                    .and_then(|o| o.get_wire("totalGroupCount"))
                    .and_then(Data::as_i64)
                    .map_or(*next + 1, |t| t.max(0) as u64);
                *total = Some(count_total);
                if *next >= count_total {
                    self.done = true;
                    return Ok(Vec::new());
                }
                let index = *next;
                *next += 1;
                self.done = *next >= count_total;
                let customer = list
                    .as_ref()
                    .and_then(|l| l.items())
                    .and_then(|items| items.first().cloned())
                    .and_then(|a| {
                        a.as_obj()
                            .and_then(|a| a.get_wire("institutionCustomerId").cloned())
                    })
                    .unwrap_or(Data::Null);
                let group = Object::new(
                    &ACCOUNT_GROUP,
                    vec![
                        Data::Int(index as i64),
                        Data::Int(count_total as i64),
                        customer,
                        list.map_or(Data::Null, Data::Obj),
                    ],
                    Vec::new(),
                );
                return Ok(vec![Data::Obj(group)]);
            }
        }
        Ok(items)
    }
}

impl std::fmt::Debug for Pager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("operation", &self.prepared.op.id)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// A pager that clones share: read it item by item, page by page, or take what is already
/// buffered without any I/O. This is what the Python and Node iterators hold.
///
/// Cancel-safe: a page is buffered only once it has fully arrived, so a read abandoned midway
/// (Ctrl-C, a cancelled task) loses nothing.
#[derive(Clone)]
pub struct Cursor {
    inner: Arc<Inner>,
}

struct Inner {
    pager: tokio::sync::Mutex<Pager>,
    buffer: Mutex<VecDeque<Data>>,
    exhausted: AtomicBool,
    /// A copy of the last page's metadata, readable while a page is in flight.
    last: Mutex<Option<ResponseMeta>>,
}

impl Pager {
    /// This pager as a [`Cursor`] that can be shared.
    pub fn cursor(self) -> Cursor {
        Cursor {
            inner: Arc::new(Inner {
                pager: tokio::sync::Mutex::new(self),
                buffer: Mutex::new(VecDeque::new()),
                exhausted: AtomicBool::new(false),
                last: Mutex::new(None),
            }),
        }
    }
}

impl Cursor {
    fn buffer(&self) -> std::sync::MutexGuard<'_, VecDeque<Data>> {
        self.inner.buffer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next item already fetched, without I/O; `None` if a page must be read first.
    pub fn buffered(&self) -> Option<Data> {
        self.buffer().pop_front()
    }

    /// Whether every item has been handed out: the next read returns `None` without I/O.
    pub fn is_done(&self) -> bool {
        self.inner.exhausted.load(Ordering::Acquire) && self.buffer().is_empty()
    }

    /// The next item, reading the next page when the buffer is empty; `None` at the end.
    ///
    /// # Errors
    /// The errors of the call.
    pub async fn next(&self) -> Result<Option<Data>> {
        if let Some(item) = self.buffered() {
            return Ok(Some(item));
        }
        let mut pager = self.inner.pager.lock().await;
        loop {
            // Another reader may have filled the buffer while this one waited for the lock.
            if let Some(item) = self.buffered() {
                return Ok(Some(item));
            }
            if !self.fill(&mut pager).await? {
                return Ok(None);
            }
        }
    }

    /// What is buffered if anything is, else the next page as the API returned it; `None` at
    /// the end.
    ///
    /// # Errors
    /// The errors of the call.
    pub async fn next_page(&self) -> Result<Option<Vec<Data>>> {
        let mut pager = self.inner.pager.lock().await;
        loop {
            let page: Vec<Data> = self.buffer().drain(..).collect();
            if !page.is_empty() {
                return Ok(Some(page));
            }
            if !self.fill(&mut pager).await? {
                return Ok(None);
            }
        }
    }

    /// Status, headers and `transactionId` of the last page read; `None` before the first.
    pub fn last_response(&self) -> Option<ResponseMeta> {
        self.inner
            .last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Reads one page into the buffer; `false` when there is none left.
    async fn fill(&self, pager: &mut Pager) -> Result<bool> {
        if self.inner.exhausted.load(Ordering::Acquire) {
            return Ok(false);
        }
        match pager.next_page().await? {
            Some(page) => {
                self.buffer().extend(page.items);
                if let Some(meta) = pager.last.take() {
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

impl std::fmt::Debug for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("buffered", &self.buffer().len())
            .field("done", &self.is_done())
            .finish_non_exhaustive()
    }
}
