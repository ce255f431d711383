//! Results cross into JS as one JSON text each, in the core's wire form
//! (`candescent::wire`): exact decimals as text, dates as `YYYY-MM-DD`, unknown fields under
//! `extra`. `JSON.parse` in `lib/models.cjs` builds the objects, which is far cheaper than
//! creating every field through napi, and no field can be forgotten on the way.

use candescent::{wire, Account, AccountList, Transaction};
use napi_derive::napi;

use crate::errors;
use crate::runtime::guarded_sync;

pub(crate) fn account(account: &Account) -> String {
    wire::to_wire(account)
}

pub(crate) fn account_list(list: &AccountList) -> String {
    wire::to_wire(list)
}

pub(crate) fn transactions(page: &[Transaction]) -> String {
    wire::to_wire(page)
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
