//! What came back: the metadata of any call, and the whole answer of a raw request.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::{client::Answer, Result};

/// The status, headers and `transactionId` of an answer: what a support ticket needs.
///
/// ```no_run
/// # async fn run(client: candescent::Client) -> candescent::Result<()> {
/// use candescent::ListAccounts;
/// let (list, meta) = client.accounts().list_with_response(&ListAccounts::host_user_id("1234567890")).await?;
/// println!("{} accounts, status {}, transactionId {}", list.accounts.len(), meta.status(), meta.transaction_id());
/// println!("{:?}", meta.header("content-type"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ResponseMeta {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) transaction_id: String,
}

impl ResponseMeta {
    /// The HTTP status, e.g. `200`.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the answer; names are case-insensitive.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The headers as `(lowercase name, value)` pairs in the order received; a value that is
    /// not UTF-8 is decoded lossily.
    pub fn header_pairs(&self) -> impl Iterator<Item = (&str, std::borrow::Cow<'_, str>)> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())))
    }

    /// The `transactionId` the SDK sent on the attempt that got this answer.
    pub fn transaction_id(&self) -> &str {
        &self.transaction_id
    }
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("transaction_id", &self.transaction_id)
            .field("headers", &self.headers)
            .finish()
    }
}

/// The answer to [`Client::request`](crate::Client::request): metadata and the body as sent.
///
/// ```no_run
/// # async fn run(client: candescent::Client) -> candescent::Result<()> {
/// let response = client.request(candescent::Method::GET, "/v1/institution-disclosures").send().await?;
/// let body: serde_json::Value = response.json()?; // numbers keep their exact text
/// println!("{} {} {}", response.status(), response.transaction_id(), body);
/// # Ok(()) }
/// ```
pub struct RawResponse {
    pub(crate) meta: ResponseMeta,
    pub(crate) answer: Answer,
}

impl RawResponse {
    pub(crate) fn new(mut answer: Answer) -> RawResponse {
        RawResponse {
            meta: answer.take_meta(),
            answer,
        }
    }

    /// Status, headers and `transactionId`.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The metadata, giving up the body.
    pub fn into_meta(self) -> ResponseMeta {
        self.meta
    }

    /// The HTTP status (always 2xx: other answers are errors).
    pub fn status(&self) -> u16 {
        self.meta.status
    }

    /// Every header; names are case-insensitive.
    pub fn headers(&self) -> &HeaderMap {
        &self.meta.headers
    }

    /// The first value of header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.meta.header(name)
    }

    /// The `transactionId` of the attempt that got this answer.
    pub fn transaction_id(&self) -> &str {
        &self.meta.transaction_id
    }

    /// The body as received.
    pub fn bytes(&self) -> &Bytes {
        &self.answer.body
    }

    /// The body as UTF-8 text.
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) when it is not UTF-8.
    pub fn text(&self) -> Result<&str> {
        self.answer.text()
    }

    /// The body decoded as JSON into `T`. With `serde_json::Value`, numbers keep their exact
    /// text (`501306.06` stays `501306.06`); money fields decode into exact decimals.
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) when the body is not such JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        self.answer.decode()
    }

    /// The [`ErrorKind::Decode`](crate::ErrorKind::Decode) error for this answer, naming its
    /// method, path and `transactionId`, credentials scrubbed: for a binding that decodes the
    /// body its own way.
    pub fn decode_error(&self, e: &dyn std::fmt::Display) -> crate::Error {
        self.answer.decode_error(e)
    }

    /// The body as JSON text where every number a JavaScript double cannot hold exactly
    /// is a string (see [`exact_json_text`](crate::exact_json_text)): what Node's `json()` parses.
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) when the body is not JSON.
    pub fn exact_json_text(&self) -> Result<String> {
        super::exact::exact_json_text(&self.answer.body).map_err(|e| self.answer.decode_error(&e))
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("meta", &self.meta)
            .field("body_bytes", &self.answer.body.len())
            .finish()
    }
}
