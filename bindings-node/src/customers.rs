//! Business customers for JS: a user's profile and the account groups, each crossing as one
//! wire-form JSON text (see `models`). Paging is the core's `AccountGroups`.

use candescent::wire;
use candescent::{AccountGroup, AccountGroups, CustomerProfile};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use crate::errors::IntoNapi;
use crate::runtime::guarded;

pub(crate) fn profile(profile: &CustomerProfile) -> Buffer {
    wire::to_wire(profile).into_bytes().into()
}

/// `{"index", "total", "customerId", "accounts"}`, the accounts list in its wire form.
fn group(group: &AccountGroup) -> Buffer {
    let customer = serde_json::to_string(&group.customer_id()).expect("a string serializes");
    let accounts = wire::to_wire(&group.accounts);
    format!(
        r#"{{"index":{},"total":{},"customerId":{customer},"accounts":{accounts}}}"#,
        group.index, group.total
    )
    .into_bytes()
    .into()
}

/// The core's `AccountGroups`; the JS wrapper makes an async iterator of it.
#[napi]
pub struct GroupPager {
    groups: AccountGroups,
}

impl GroupPager {
    pub(crate) fn new(groups: AccountGroups) -> Self {
        Self { groups }
    }
}

#[napi]
impl GroupPager {
    /// The next group (wire-form JSON, UTF-8 bytes), or `null` after the last.
    #[napi]
    pub async fn next(&self) -> napi::Result<Option<Buffer>> {
        let groups = self.groups.clone();
        guarded(async move { Ok(groups.next().await.napi()?.as_ref().map(group)) }).await
    }
}
