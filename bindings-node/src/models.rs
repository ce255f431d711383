//! Results cross into JS as one JSON text each, in the core's wire form
//! (`candescent::wire`): exact decimals as text, dates as `YYYY-MM-DD`, unknown fields under
//! `extra`. `JSON.parse` in `lib/models.cjs` builds the objects, which is far cheaper than
//! creating every field through napi, and no field can be forgotten on the way.
//!
//! The text crosses as the bytes of a `Buffer` (no copy), and JS makes the string: as
//! Latin-1 when it is ASCII (a plain copy into a one-byte string), which is several times
//! cheaper than napi's UTF-8 conversion of a long answer.

use candescent::{wire, Account, AccountList, Transaction};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use crate::errors;
use crate::runtime::guarded_sync;

pub(crate) fn account(account: &Account) -> Buffer {
    wire::to_wire(account).into_bytes().into()
}

pub(crate) fn account_list(list: AccountList) -> Buffer {
    let bytes = wire::to_wire(&list).into_bytes();
    // Freeing thousands of accounts takes milliseconds the caller need not wait for.
    if list.accounts.len() >= LONG_LIST {
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn_blocking(move || drop(list));
        }
    }
    bytes.into()
}

/// From this many accounts on, a list is freed on a blocking thread after its text is made.
const LONG_LIST: usize = 1000;

pub(crate) fn transactions(page: &[Transaction]) -> Buffer {
    wire::to_wire(page).into_bytes().into()
}

/// The server's JSON text of a model given in its wire form (`kind`: `account`,
/// `accountList` or `transaction`): what `rawJson()` of the JS models returns, numbers with
/// their exact text.
#[napi(js_name = "rawJson")]
pub fn raw_json(kind: String, wire_text: String) -> napi::Result<String> {
    guarded_sync(|| {
        let value = match kind.as_str() {
            "account" => wire::from_wire::<Account>(&wire_text).map(|m| m.to_json()),
            "accountList" => wire::from_wire::<AccountList>(&wire_text).map(|m| m.to_json()),
            "transaction" => wire::from_wire::<Transaction>(&wire_text).map(|m| m.to_json()),
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
