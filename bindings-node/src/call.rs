//! Answers on their way to JS, in the core's wire form (`candescent::data::to_wire_text`:
//! exact numbers as decimal text, unknown fields under `extra`), each as one string that
//! `JSON.parse` in `lib/runtime.cjs` turns into objects: far cheaper than creating every field
//! through napi, and no field can be forgotten on the way.
//!
//! The core writes the text in one pass over the server's JSON (`Reply::wire`). A long answer
//! is written on a blocking thread, off the runtime's workers; a long list is handed over in
//! pieces (`NativeParts`), so JS parses one piece while the core writes the next.

use candescent::call::{Cursor, Reply};
use candescent::data::{to_wire_text, Data, WirePart};
use napi::bindgen_prelude::Either;
use napi_derive::napi;
use tokio::sync::mpsc;

use crate::abort::abortable;
use crate::errors::{self, IntoNapi};
use crate::raw::{self, ResponseMetaObject};
use crate::runtime::guarded;
use crate::text::WireText;

/// Answers from this size on are written on a blocking thread: writing one takes about a
/// millisecond, long enough to hold up other calls' answers on a runtime worker.
const BLOCKING_BYTES: usize = 256 * 1024;
/// Lists from this size on come in pieces; below it, one piece is as quick.
const PARTS_BYTES: usize = 1024 * 1024;
/// Pieces of about this size (a tenth of a 5,000-account answer): the first one reaches JS
/// after about a millisecond of writing, and the cost of each (one Promise, one string) stays
/// small next to parsing it.
const PART_BYTES: usize = 512 * 1024;

/// A typed call's answer with its metadata: `body` in the wire form, `null` without one.
#[napi(object, object_from_js = false)]
pub struct TypedResponse {
    pub meta: ResponseMetaObject,
    pub body: Option<WireText>,
}

pub(crate) async fn answer(reply: Reply) -> napi::Result<Option<Either<WireText, NativeParts>>> {
    if !reply.has_body() {
        return Ok(None);
    }
    let size = reply.bytes().len();
    if size < BLOCKING_BYTES {
        return Ok(Some(Either::A(WireText::new(reply.wire().napi()?))));
    }
    if size >= PARTS_BYTES && reply.is_list() {
        return Ok(Some(Either::B(NativeParts::start(reply))));
    }
    Ok(Some(Either::A(WireText::new(blocking_wire(reply).await?))))
}

pub(crate) async fn answer_with_meta(mut reply: Reply) -> napi::Result<TypedResponse> {
    let meta = raw::meta_object(&reply.take_meta());
    let body = if !reply.has_body() {
        None
    } else if reply.bytes().len() < BLOCKING_BYTES {
        Some(WireText::new(reply.wire().napi()?))
    } else {
        Some(WireText::new(blocking_wire(reply).await?))
    };
    Ok(TypedResponse { meta, body })
}

async fn blocking_wire(reply: Reply) -> napi::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || reply.wire())
        .await
        .map_err(|e| errors::internal(&format!("writing the answer failed: {e}")))?
        .napi()
}

/// One piece of a long list for `lib/runtime.cjs`: a JSON array of items, or, when `last`,
/// the answer with the items not sent before (all of them when `restart`).
#[napi(object, object_from_js = false)]
pub struct WirePiece {
    pub text: WireText,
    pub last: bool,
    pub restart: bool,
}

type Pieces = mpsc::UnboundedReceiver<candescent::Result<WirePart>>;

/// A long list answer that JS takes piece by piece (`next()`), written on a blocking thread
/// as JS parses.
#[napi]
pub struct NativeParts {
    pieces: tokio::sync::Mutex<Pieces>,
}

impl NativeParts {
    fn start(reply: Reply) -> NativeParts {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::task::spawn_blocking(move || {
            let sent = reply.wire_parts(PART_BYTES, &mut |part| {
                let _ = tx.send(Ok(part));
            });
            if let Err(e) = sent {
                let _ = tx.send(Err(e));
            }
        });
        NativeParts {
            pieces: tokio::sync::Mutex::new(rx),
        }
    }
}

#[napi]
impl NativeParts {
    /// The next piece; after the `last` one, an error.
    #[napi]
    pub async fn next(&self) -> napi::Result<WirePiece> {
        guarded(async {
            let next = self.pieces.lock().await.recv().await;
            match next {
                Some(Ok(WirePart::Items(bytes))) => Ok(WirePiece {
                    text: WireText::new(bytes),
                    last: false,
                    restart: false,
                }),
                Some(Ok(WirePart::Whole { text, restart })) => Ok(WirePiece {
                    text: WireText::new(text),
                    last: true,
                    restart,
                }),
                Some(Err(e)) => Err(e).napi(),
                None => Err(errors::internal("the answer has no more pieces")),
            }
        })
        .await
    }
}

/// The core's shared, buffered `Cursor` over a paged operation's pages (or a business user's
/// account groups); the JS wrapper makes async iterators of it.
#[napi]
pub struct NativePager {
    cursor: Cursor,
    groups: bool,
}

impl NativePager {
    pub(crate) fn new(cursor: Cursor, groups: bool) -> NativePager {
        NativePager { cursor, groups }
    }
}

#[napi]
impl NativePager {
    /// Status, headers and transactionId of the last page read; `null` before the first.
    #[napi]
    pub fn last_response(&self) -> Option<ResponseMetaObject> {
        self.cursor.last_response().as_ref().map(raw::meta_object)
    }

    /// The next item in the wire form, reading the next page when none is buffered; `null`
    /// after the last.
    #[napi]
    pub async fn next(&self, abort: Option<u32>) -> napi::Result<Option<WireText>> {
        let cursor = self.cursor.clone();
        let groups = self.groups;
        guarded(abortable(abort, async move {
            let Some(item) = Box::pin(cursor.next()).await.napi()? else {
                return Ok(None);
            };
            let mut out = Vec::with_capacity(256);
            if groups {
                wrapper(&mut out, &item);
            } else {
                out.extend_from_slice(&to_wire_text(&item));
            }
            Ok(Some(WireText::new(out)))
        }))
        .await
    }

    /// The next page's items as a JSON array in the wire form, or `null` after the last page.
    #[napi]
    pub async fn next_page(&self, abort: Option<u32>) -> napi::Result<Option<WireText>> {
        let cursor = self.cursor.clone();
        let groups = self.groups;
        guarded(abortable(abort, async move {
            let Some(items) = Box::pin(cursor.next_page()).await.napi()? else {
                return Ok(None);
            };
            let mut out = Vec::with_capacity(256 * items.len());
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if groups {
                    wrapper(&mut out, item);
                } else {
                    out.extend_from_slice(&to_wire_text(item));
                }
            }
            out.push(b']');
            Ok(Some(WireText::new(out)))
        }))
        .await
    }
}

/// A group of `accounts.groups` (`index`, `total`, `customerId`, `accounts`): its account
/// list is written as an answer of its own, so it and its accounts carry `extra` as
/// `accounts.list` gives them; a group without a customer says `null`.
fn wrapper(out: &mut Vec<u8>, item: &Data) {
    let Some(object) = item.as_obj() else {
        out.extend_from_slice(&to_wire_text(item));
        return;
    };
    out.push(b'{');
    let mut first = true;
    for (field, value) in object.model().fields.iter().zip(object.values()) {
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'"');
        out.extend_from_slice(field.wire.as_bytes());
        out.extend_from_slice(b"\":");
        out.extend_from_slice(&to_wire_text(value));
    }
    out.push(b'}');
}
