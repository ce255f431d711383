//! `client.request(...)` and response metadata: the core's `RequestBuilder`, `RawResponse` and
//! `ResponseMeta` behind napi. `lib/client.cjs` turns the options object into text pairs and
//! wraps what comes back (`Headers`, `Response`, `RawResponse`).

use candescent::{Client, RawResponse, ResponseMeta};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use crate::errors::{self, IntoNapi};
use crate::runtime::guarded_sync;

/// Status, headers (as `[name, value]` pairs, lowercase names) and `transactionId`.
#[napi(object, object_from_js = false)]
pub struct ResponseMetaObject {
    pub status: u32,
    pub headers: Vec<Vec<String>>,
    pub transaction_id: String,
}

pub(crate) fn meta_object(meta: &ResponseMeta) -> ResponseMetaObject {
    ResponseMetaObject {
        status: u32::from(meta.status()),
        headers: meta
            .header_pairs()
            .map(|(k, v)| vec![k.to_owned(), v.into_owned()])
            .collect(),
        transaction_id: meta.transaction_id().to_owned(),
    }
}

fn text_pairs(what: &str, pairs: Vec<Vec<String>>) -> napi::Result<Vec<(String, String)>> {
    pairs
        .into_iter()
        .map(|p| match <[String; 2]>::try_from(p) {
            Ok([k, v]) => Ok((k, v)),
            Err(_) => Err(errors::validation(&format!(
                "{what} entries must be [name, value] pairs"
            ))),
        })
        .collect()
}

/// The request, checked now (on the JS thread, before any traffic).
#[allow(clippy::too_many_arguments)]
pub(crate) fn builder(
    client: &Client,
    method: &str,
    path: &str,
    query: Vec<Vec<String>>,
    headers: Vec<Vec<String>>,
    form: Option<Vec<Vec<String>>>,
    json: Option<String>,
    retry: Option<bool>,
) -> napi::Result<candescent::RequestBuilder> {
    let method = candescent::parse_method(method).napi()?;
    let mut b = client.request(method, path);
    for (k, v) in text_pairs("query", query)? {
        b = b.query(k, v);
    }
    for (k, v) in text_pairs("headers", headers)? {
        b = b.header(&k, &v);
    }
    if let Some(json) = json {
        b = b.json_text(json);
    }
    if let Some(form) = form {
        b = b.form(text_pairs("form", form)?);
    }
    if let Some(retry) = retry {
        b = b.retry(retry);
    }
    Ok(b)
}

/// The core's answer to a raw request.
#[napi]
pub struct NativeResponse {
    inner: RawResponse,
}

impl NativeResponse {
    pub(crate) fn new(inner: RawResponse) -> Self {
        Self { inner }
    }
}

#[napi]
impl NativeResponse {
    #[napi(getter)]
    pub fn meta(&self) -> ResponseMetaObject {
        meta_object(self.inner.meta())
    }

    /// The body as received (a copy, owned by JS).
    #[napi(getter)]
    pub fn body(&self) -> Buffer {
        self.inner.bytes().to_vec().into()
    }

    /// The body as UTF-8 text; a `DecodeError` when it is not.
    #[napi]
    pub fn text(&self) -> napi::Result<String> {
        guarded_sync(|| self.inner.text().map(str::to_owned).napi())
    }

    /// The body as JSON text whose inexact numbers are strings (`candescent::exact_json_text`).
    #[napi]
    pub fn exact_json(&self) -> napi::Result<String> {
        guarded_sync(|| self.inner.exact_json_text().napi())
    }
}
