//! Results cross into JS as one JSON text each, in the core's wire form
//! (`candescent::wire`): exact decimals as text, dates as `YYYY-MM-DD`, unknown fields under
//! `extra`. `JSON.parse` in `lib/models.cjs` builds the objects, which is far cheaper than
//! creating every field through napi, and no field can be forgotten on the way.
//!
//! The text crosses as the bytes of a `Buffer` (no copy), and JS makes the string: as
//! Latin-1 when it is ASCII (a plain copy into a one-byte string), which is several times
//! cheaper than napi's UTF-8 conversion of a long answer.

use std::sync::Mutex;

use candescent::wire::{self, ListPart};
use candescent::{Account, AccountList, Client, ListAccounts, Transaction};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use tokio::sync::mpsc;

use crate::errors::{self, IntoNapi};
use crate::runtime::{guarded, guarded_sync};
use crate::text::WireText;

/// Pieces of about this size (a tenth of a 5,000-account answer): the first one reaches JS
/// after about a millisecond of transcoding, and the per-piece cost (one Promise, one Buffer)
/// stays small next to parsing it.
const PART_BYTES: usize = 512 * 1024;

/// One piece of an account list for `lib/models.cjs`: a JSON array of accounts, or, when
/// `last`, the list with the accounts not sent before (all of them when `restart`).
#[napi(object, object_from_js = false)]
pub struct WirePart {
    #[napi(ts_type = "string | Buffer")]
    pub bytes: WireText,
    pub last: bool,
    pub restart: bool,
}

type Pieces = mpsc::UnboundedReceiver<candescent::Result<ListPart>>;

/// An `accounts.list()` call whose answer JS takes piece by piece. The request starts with the
/// first `next()`.
#[napi]
pub struct AccountListParts {
    start: Mutex<Option<(Client, ListAccounts)>>,
    pieces: tokio::sync::Mutex<Option<Pieces>>,
}

impl AccountListParts {
    pub(crate) fn new(client: Client, params: ListAccounts) -> Self {
        Self {
            start: Mutex::new(Some((client, params))),
            pieces: tokio::sync::Mutex::new(None),
        }
    }
}

#[napi]
impl AccountListParts {
    /// The next piece; after the `last` one, an error.
    #[napi]
    pub async fn next(&self) -> napi::Result<WirePart> {
        let start = self.start.lock().unwrap_or_else(|e| e.into_inner()).take();
        guarded(async move {
            let mut pieces = self.pieces.lock().await;
            if let Some((client, params)) = start {
                let (tx, rx) = mpsc::unbounded_channel();
                *pieces = Some(rx);
                tokio::spawn(async move {
                    let sender = tx.clone();
                    let sent = client
                        .accounts()
                        .list_wire_parts(&params, PART_BYTES, move |part| {
                            let _ = sender.send(Ok(part));
                        })
                        .await;
                    if let Err(e) = sent {
                        let _ = tx.send(Err(e));
                    }
                });
            }
            let next = match pieces.as_mut() {
                Some(rx) => rx.recv().await,
                None => None,
            };
            match next {
                Some(Ok(ListPart::Accounts(bytes))) => Ok(WirePart {
                    bytes: WireText::new(bytes),
                    last: false,
                    restart: false,
                }),
                Some(Ok(ListPart::List { text, restart })) => Ok(WirePart {
                    bytes: WireText::new(text),
                    last: true,
                    restart,
                }),
                Some(Err(e)) => Err(e).napi(),
                None => Err(errors::internal("the account list has no more pieces")),
            }
        })
        .await
    }
}

pub(crate) fn transactions(page: &[Transaction]) -> Buffer {
    wire::to_wire(page).into_bytes().into()
}

/// The server's JSON text of a model given in its wire form (`kind`: `account`,
/// `accountList`, `transaction` or `customerProfile`): what `rawJson()` of the JS models returns, numbers with
/// their exact text.
#[napi(js_name = "rawJson")]
pub fn raw_json(kind: String, wire_text: String) -> napi::Result<String> {
    guarded_sync(|| {
        let value = match kind.as_str() {
            "account" => wire::from_wire::<Account>(&wire_text).map(|m| m.to_json()),
            "accountList" => wire::from_wire::<AccountList>(&wire_text).map(|m| m.to_json()),
            "transaction" => wire::from_wire::<Transaction>(&wire_text).map(|m| m.to_json()),
            "customerProfile" => {
                wire::from_wire::<candescent::CustomerProfile>(&wire_text).map(|m| m.to_json())
            }
            other => return Err(errors::validation(&format!("no model named {other:?}"))),
        };
        value
            .map(|v| v.to_string())
            .map_err(|e| errors::validation(&format!("not a {kind} in wire form: {e}")))
    })
}

/// What `util.inspect` shows for an account number: the core's mask (`****0101`), so a logged
/// account never leaks the full number.
#[napi(js_name = "maskAccountNumber")]
pub fn mask_account_number(number: String) -> String {
    candescent::AccountNumber::from(number).masked()
}
