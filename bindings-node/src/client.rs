//! `NativeClient`: the core `Client` behind napi. Arguments arrive tagged by `lib/args.cjs` and
//! the core reads them (`ClientOptions::from_args`, `ListAccounts::from_args`, ...); results
//! leave through `models`. Async methods run on napi's tokio runtime.

use candescent::input::{required_string, Dialect, Naming};
use candescent::{
    Client, ClientOptions, FindCustomer, GetAccount, ListAccounts, ListTransactions,
    TransactionCursor,
};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use serde_json::Value;

use crate::args::{args, value};
use crate::customers::{self, GroupPager};
use crate::errors::{self, IntoNapi};
use crate::logging::{self, LogCallback};
use crate::models::{self, AccountListParts};
use crate::raw::{self, NativeResponse, ResponseMetaObject};
use crate::runtime::{guarded, guarded_sync};
use crate::session::{code_args, password_args, NativeUserSession};

const USER_AGENT: &str = concat!("candescent-node/", env!("CARGO_PKG_VERSION"));
const NAMING: Naming = Naming::Camel;

#[napi]
pub struct NativeClient {
    inner: Client,
}

impl NativeClient {
    /// A client made by the core itself (a signed-in user's session).
    pub(crate) fn from_core(inner: Client) -> NativeClient {
        NativeClient { inner }
    }
}

#[napi]
impl NativeClient {
    /// `options` as tagged by `lib/args.cjs`; `onRequest` receives every HTTP attempt's event.
    #[napi(constructor)]
    pub fn new(options: Value, on_request: Option<LogCallback>) -> napi::Result<Self> {
        guarded_sync(|| {
            let options = ClientOptions {
                user_agent: Some(USER_AGENT.to_owned()),
                on_request: on_request.map(logging::hook),
                ..ClientOptions::from_args(args(options)?, Dialect::NODE).napi()?
            };
            let inner = Client::builder().options(options).build().napi()?;
            Ok(Self { inner })
        })
    }

    /// The list arrives in pieces (`AccountListParts.next()`), so JS parses one piece while
    /// the core transcodes the next. Checks the arguments now.
    #[napi]
    pub fn list_accounts(&self, query: Value) -> napi::Result<AccountListParts> {
        guarded_sync(|| {
            let params = ListAccounts::from_args(args(query)?, NAMING).napi()?;
            Ok(models::AccountListParts::new(self.inner.clone(), params))
        })
    }

    #[napi]
    pub async fn get_account(&self, account_id: Value, query: Value) -> napi::Result<Buffer> {
        let client = self.inner.clone();
        let account_id = required_string("account_id", value(account_id)?, NAMING).napi();
        let params = GetAccount::from_args(args(query)?, NAMING).napi();
        guarded(async move {
            let account = client.accounts().get_wire(&account_id?, &params?).await;
            Ok(account.napi()?.into())
        })
        .await
    }

    /// Checks the arguments now, so a bad date fails on the first `next()`.
    #[napi]
    pub fn list_transactions(&self, query: Value) -> napi::Result<TransactionPager> {
        guarded_sync(|| {
            let params = ListTransactions::from_args(args(query)?, NAMING).napi()?;
            Ok(TransactionPager {
                cursor: self.inner.transactions().list(&params).cursor(),
            })
        })
    }

    /// A request to any endpoint. `query`, `headers` and `form` arrive as `[name, value]`
    /// text pairs and `json` as JSON text (see `lib/client.cjs`); checked before any traffic.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub async fn request(
        &self,
        method: String,
        path: String,
        query: Vec<Vec<String>>,
        headers: Vec<Vec<String>>,
        form: Option<Vec<Vec<String>>>,
        json: Option<String>,
        retry: Option<bool>,
    ) -> napi::Result<NativeResponse> {
        let request = raw::builder(
            &self.inner,
            &method,
            &path,
            query,
            headers,
            form,
            json,
            retry,
        );
        guarded(async move {
            let response = request?.send().await.napi()?;
            Ok(NativeResponse::new(response))
        })
        .await
    }

    /// `accounts.list()` with its metadata; the list in wire form.
    #[napi]
    pub async fn list_accounts_with_response(&self, query: Value) -> napi::Result<TypedResponse> {
        let client = self.inner.clone();
        let params = ListAccounts::from_args(args(query)?, NAMING).napi();
        guarded(async move {
            let (list, meta) = client
                .accounts()
                .list_with_response(&params?)
                .await
                .napi()?;
            Ok(TypedResponse {
                meta: raw::meta_object(&meta),
                wire: candescent::wire::to_wire(&list).into_bytes().into(),
            })
        })
        .await
    }

    /// `accounts.get()` with its metadata; the account in wire form.
    #[napi]
    pub async fn get_account_with_response(
        &self,
        account_id: Value,
        query: Value,
    ) -> napi::Result<TypedResponse> {
        let client = self.inner.clone();
        let account_id = required_string("account_id", value(account_id)?, NAMING).napi();
        let params = GetAccount::from_args(args(query)?, NAMING).napi();
        guarded(async move {
            let (account, meta) = client
                .accounts()
                .get_with_response(&account_id?, &params?)
                .await
                .napi()?;
            Ok(TypedResponse {
                meta: raw::meta_object(&meta),
                wire: candescent::wire::to_wire(&account).into_bytes().into(),
            })
        })
        .await
    }

    /// Who a user is and which customers they act for (wire-form JSON, UTF-8 bytes).
    #[napi]
    pub async fn find_customer(&self, query: Value) -> napi::Result<Buffer> {
        let client = self.inner.clone();
        let params = FindCustomer::from_args(args(query)?, NAMING).napi();
        guarded(async move {
            let profile = client.customers().find(&params?).await.napi()?;
            Ok(customers::profile(&profile))
        })
        .await
    }

    /// Checks the arguments now; a refused combination fails on the first `next()`.
    #[napi]
    pub fn account_groups(&self, query: Value) -> napi::Result<GroupPager> {
        guarded_sync(|| {
            let params = ListAccounts::from_args(args(query)?, NAMING).napi()?;
            Ok(GroupPager::new(self.inner.accounts().groups(&params)))
        })
    }

    #[napi]
    pub async fn access_token(&self) -> napi::Result<String> {
        let client = self.inner.clone();
        guarded(async move { client.access_token().await.napi() }).await
    }

    #[napi]
    pub async fn close(&self) -> napi::Result<()> {
        let client = self.inner.clone();
        guarded(async move {
            client.close().await;
            Ok(())
        })
        .await
    }

    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.inner.is_closed()
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_string()
    }

    #[napi(getter)]
    pub fn institution_id(&self) -> String {
        self.inner.institution_id().to_string()
    }

    /// Signs a user in with the password grant; `username` and `password` tagged by `lib/args.cjs`.
    #[napi]
    pub async fn user_session(
        &self,
        username: Value,
        password: Value,
    ) -> napi::Result<NativeUserSession> {
        let client = self.inner.clone();
        let credentials = password_args(username, password);
        guarded(async move {
            let (username, password) = credentials?;
            let session = client.user_session(username, password).await.napi()?;
            Ok(NativeUserSession::new(session))
        })
        .await
    }

    /// Exchanges an OpenID Connect authorization code for the user's session.
    #[napi]
    pub async fn exchange_code(
        &self,
        code: Value,
        redirect_uri: Value,
    ) -> napi::Result<NativeUserSession> {
        let client = self.inner.clone();
        let parsed = code_args(code, redirect_uri);
        guarded(async move {
            let (code, redirect_uri) = parsed?;
            let session = client
                .exchange_code(code.expose(), redirect_uri.as_deref())
                .await
                .napi()?;
            Ok(NativeUserSession::new(session))
        })
        .await
    }
}

/// A typed call's answer: its metadata and the result in wire form.
#[napi(object, object_from_js = false)]
pub struct TypedResponse {
    pub meta: ResponseMetaObject,
    pub wire: Buffer,
}

/// The core's shared `TransactionCursor`; the JS wrapper turns its pages into an async
/// iterator of transactions.
#[napi]
pub struct TransactionPager {
    cursor: TransactionCursor,
}

#[napi]
impl TransactionPager {
    /// Status, headers and transactionId of the last page read; `null` before the first.
    #[napi]
    pub fn last_response(&self) -> Option<ResponseMetaObject> {
        self.cursor.last_response().as_ref().map(raw::meta_object)
    }

    /// A JSON array of transactions (wire form, UTF-8 bytes), or `null` once every page has been read.
    #[napi]
    pub async fn next_page(&self) -> napi::Result<Option<Buffer>> {
        let cursor = self.cursor.clone();
        guarded(async move {
            match cursor.next_page().await {
                Ok(Some(page)) => Ok(Some(models::transactions(&page))),
                Ok(None) => Ok(None),
                Err(e) => Err(errors::from_core(&e)),
            }
        })
        .await
    }
}
