//! What the JS models ask of the core: the server's JSON of a model given in the wire form
//! (`rawJson()`), and the mask `util.inspect` shows for personal data.

use candescent::data::{from_wire_text, to_json_text};
use candescent::spec::{self, Ty};
use napi_derive::napi;

use crate::errors;
use crate::runtime::guarded_sync;

/// The server's JSON text of a model of schema `schema` given in its wire form
/// (`JSON.stringify` of the JS object): what `rawJson()` returns, numbers with their exact
/// text and unknown fields beside the named ones.
#[napi(js_name = "rawJson")]
pub fn raw_json(schema: String, wire_text: String) -> napi::Result<String> {
    guarded_sync(|| {
        let model = spec::model(&schema)
            .ok_or_else(|| errors::validation(&format!("no schema named {schema:?}")))?;
        from_wire_text(&wire_text, Ty::Obj(model))
            .map(|data| to_json_text(&data))
            .map_err(|e| errors::validation(&format!("not a {schema} in the wire form: {e}")))
    })
}

/// What `util.inspect` shows for an account number and the like: the core's mask
/// (`****0101`), so a logged object never leaks the full number.
#[napi(js_name = "maskAccountNumber")]
pub fn mask_account_number(number: String) -> String {
    candescent::AccountNumber::from(number).masked()
}
