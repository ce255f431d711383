//! What every generated call shares: its arguments as the table reads them, its typed answer,
//! its pages and its partial successes.

use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::call::{CallOptions, Cursor};
use crate::data::{to_json_text, Data};
use crate::input::{Args, Value};
use crate::spec::Operation;
use crate::{Client, Error, ErrorKind, ResponseMeta, Result};

/// A file to upload: its path, or its bytes.
///
/// ```
/// let from_disk = candescent::api::Upload::Path("participants.csv".into());
/// let in_memory = candescent::api::Upload::Bytes(b"id\n1001\n".to_vec());
/// # drop((from_disk, in_memory));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum Upload {
    /// The file at this path, read when the call is made.
    Path(PathBuf),
    /// These bytes, uploaded as `upload.csv`.
    Bytes(Vec<u8>),
}

impl fmt::Debug for Upload {
    // A file's content can be personal data: its size only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Upload::Path(p) => f.debug_tuple("Path").field(p).finish(),
            Upload::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
        }
    }
}

/// The answer of an operation that may succeed in part (`206 Partial Content`): never a
/// silent success.
///
/// ```
/// let done: candescent::api::Partial<()> = candescent::api::Partial { status: 204, result: None };
/// assert!(done.is_complete());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Partial<T> {
    /// `206` when only part of the request was carried out; another 2xx otherwise.
    pub status: u16,
    /// What the API said it did, when it sent a body (on `206` it lists what succeeded and
    /// what failed).
    pub result: Option<T>,
}

impl<T> Partial<T> {
    /// Whether everything was carried out.
    pub fn is_complete(&self) -> bool {
        self.status != 206
    }
}

/// The items of a paged operation, typed, read page by page as asked. Clones share the
/// position.
///
/// ```no_run
/// # async fn run(client: candescent::Client) -> candescent::Result<()> {
/// use candescent::api::GetAchPaymentsParams;
/// let payments = client.business().payments().ach().list(
///     &GetAchPaymentsParams::default().login_id("gen-12").from_date("2025-01-01").to_date("2025-12-31"),
/// );
/// while let Some(payment) = payments.next().await? {
///     println!("{payment:?}");
/// }
/// # Ok(()) }
/// ```
pub struct Pages<T> {
    cursor: Result<Cursor>,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for Pages<T> {
    fn clone(&self) -> Self {
        Pages {
            cursor: self.cursor.clone(),
            item: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("cursor", &self.cursor)
            .finish()
    }
}

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(client: &Client, op: &'static Operation, args: Result<Args>) -> Pages<T> {
        let cursor = args
            .and_then(|args| client.prepare(op, args))
            .map(|prepared| client.pager(prepared, CallOptions::default()).cursor());
        Pages {
            cursor,
            item: PhantomData,
        }
    }

    fn cursor(&self) -> Result<&Cursor> {
        self.cursor.as_ref().map_err(Clone::clone)
    }

    /// The next item; `None` after the last. Arguments the document refuses come out here, as
    /// the first read's error.
    ///
    /// # Errors
    /// The errors of the calls.
    pub async fn next(&self) -> Result<Option<T>> {
        match self.cursor()?.next().await? {
            Some(item) => typed(&item).map(Some),
            None => Ok(None),
        }
    }

    /// The next page's items; `None` after the last.
    ///
    /// # Errors
    /// The errors of the calls.
    pub async fn next_page(&self) -> Result<Option<Vec<T>>> {
        match self.cursor()?.next_page().await? {
            Some(items) => items.iter().map(typed).collect::<Result<_>>().map(Some),
            None => Ok(None),
        }
    }

    /// Every remaining item.
    ///
    /// # Errors
    /// The errors of the calls.
    pub async fn collect(&self) -> Result<Vec<T>> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }

    /// Status, headers and `transactionId` of the last page read.
    pub fn last_response(&self) -> Option<ResponseMeta> {
        self.cursor.as_ref().ok().and_then(Cursor::last_response)
    }
}

/// A decoded item as its model (the item was checked against the schema already).
fn typed<T: DeserializeOwned>(data: &Data) -> Result<T> {
    serde_json::from_str(&to_json_text(data)).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!("an item does not match its model: {e}"),
        )
    })
}

/// A model or any serializable value as a call's argument, exact numbers kept.
pub(crate) fn body<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<(String, Value)> {
    let json = serde_json::to_value(value)
        .map_err(|e| Error::validation(format!("cannot encode {name}: {e}")))?;
    Ok((name.to_owned(), Value::from_json(json)))
}

/// One parameter as an argument, absent ones left out.
pub(crate) trait Arg {
    fn push(&self, name: &str, args: &mut Args);
}

impl Arg for Option<String> {
    fn push(&self, name: &str, args: &mut Args) {
        if let Some(v) = self {
            args.push((name.to_owned(), Value::Str(v.clone())));
        }
    }
}

impl Arg for Option<i64> {
    fn push(&self, name: &str, args: &mut Args) {
        if let Some(v) = self {
            args.push((name.to_owned(), Value::Int(*v)));
        }
    }
}

impl Arg for Option<bool> {
    fn push(&self, name: &str, args: &mut Args) {
        if let Some(v) = self {
            args.push((name.to_owned(), Value::Bool(*v)));
        }
    }
}

impl Arg for Option<Decimal> {
    fn push(&self, name: &str, args: &mut Args) {
        if let Some(v) = self {
            args.push((name.to_owned(), Value::Decimal(v.to_string())));
        }
    }
}

impl Arg for Option<NaiveDate> {
    fn push(&self, name: &str, args: &mut Args) {
        if let Some(v) = self {
            args.push((name.to_owned(), Value::Date(*v)));
        }
    }
}

impl Arg for Option<Vec<String>> {
    fn push(&self, name: &str, args: &mut Args) {
        if let Some(v) = self {
            args.push((
                name.to_owned(),
                Value::List(v.iter().cloned().map(Value::Str).collect()),
            ));
        }
    }
}

impl Arg for Option<Upload> {
    fn push(&self, name: &str, args: &mut Args) {
        match self {
            Some(Upload::Path(p)) => args.push((
                name.to_owned(),
                Value::Str(p.to_string_lossy().into_owned()),
            )),
            Some(Upload::Bytes(b)) => args.push((name.to_owned(), Value::Bytes(b.clone()))),
            None => {}
        }
    }
}

/// A date argument given as text, checked by the table when the call is made.
pub(crate) fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Calls `op` and decodes the answer as `T`.
pub(crate) async fn call<T: DeserializeOwned>(
    client: &Client,
    op: &'static Operation,
    args: Args,
) -> Result<T> {
    let prepared = client.prepare(op, args)?;
    client
        .call(&prepared, &CallOptions::default())
        .await?
        .typed()
}

/// Calls `op`, whose answer has no body.
pub(crate) async fn call_empty(client: &Client, op: &'static Operation, args: Args) -> Result<()> {
    let prepared = client.prepare(op, args)?;
    client.call(&prepared, &CallOptions::default()).await?;
    Ok(())
}

/// Calls `op`, which may succeed in part.
pub(crate) async fn call_partial<T: DeserializeOwned>(
    client: &Client,
    op: &'static Operation,
    args: Args,
) -> Result<Partial<T>> {
    let prepared = client.prepare(op, args)?;
    let reply = client.call(&prepared, &CallOptions::default()).await?;
    let result = if reply.bytes().iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(reply.typed()?)
    };
    Ok(Partial {
        status: reply.status(),
        result,
    })
}

/// Reads the job of `op` until it ends (see [`Client::wait`]).
pub(crate) async fn wait<T: DeserializeOwned>(
    client: &Client,
    op: &'static Operation,
    args: Args,
) -> Result<T> {
    let prepared = client.prepare(op, args)?;
    let data = client.wait(&prepared, &CallOptions::default()).await?;
    typed(&data)
}

/// Writes a struct's fields for `Debug`, masking personal data.
pub(crate) struct Masked<'a, T: ?Sized>(pub(crate) &'a T);

impl<T: ?Sized> fmt::Debug for Masked<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"****\"")
    }
}

/// Base64 fields as bytes.
pub(crate) mod base64_bytes {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(serde::de::Error::custom)
    }
}
