//! `NativeClient`: the core `Client` behind napi. Every typed operation goes through the same
//! few entry points, named by the operation's index in the core's table
//! (`candescent::spec::OPERATIONS`, which `lib/api.cjs` is generated from); arguments arrive
//! tagged by `lib/args.cjs` and the core reads them. Async methods run on napi's tokio runtime.
//!
//! The core's futures are boxed where they are awaited: napi moves a call's future several
//! times on the JS thread before it first runs, and a request's whole state machine is many
//! kilobytes, so unboxed it cost more to copy than the rest of the call.

use candescent::call::{CallOptions, Pager, Prepared};
use candescent::input::Dialect;
use candescent::spec::{self, Availability, Operation};
use candescent::{Client, ClientOptions};
use napi::bindgen_prelude::Either;
use napi_derive::napi;
use serde_json::Value as Json;

use crate::abort::abortable;
use crate::args::{args, args_text};
use crate::call::{self, NativePager, NativeParts, TypedResponse};
use crate::errors::{self, IntoNapi};
use crate::logging::{self, LogCallback};
use crate::raw::{self, NativeResponse};
use crate::runtime::{guarded, guarded_sync};
use crate::session::{code_args, password_args, NativeUserSession};
use crate::text::WireText;

const USER_AGENT: &str = concat!("candescent-node/", env!("CARGO_PKG_VERSION"));

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

/// The typed operation at `index` of the table.
fn operation(index: u32) -> napi::Result<&'static Operation> {
    match spec::OPERATIONS.get(index as usize) {
        Some(op) if op.availability == Availability::Typed => Ok(op),
        Some(op) => Err(errors::validation(&format!(
            "{} is not offered as a typed call; use request()",
            op.id
        ))),
        None => Err(errors::internal(&format!(
            "the operation table has no entry {index}: lib/api.cjs and the addon differ"
        ))),
    }
}

/// Checks a call's arguments and options for `op`, before any traffic.
fn prepare(
    client: &Client,
    op: u32,
    args: Option<&str>,
    options: Option<&str>,
) -> napi::Result<(Prepared, CallOptions)> {
    let prepared = client.prepare(operation(op)?, args_text(args)?).napi()?;
    Ok((prepared, call_options(options)?))
}

fn call_options(options: Option<&str>) -> napi::Result<CallOptions> {
    match options {
        None => Ok(CallOptions::default()),
        Some(text) => CallOptions::from_args(args_text(Some(text))?, Dialect::NODE).napi(),
    }
}

#[napi]
impl NativeClient {
    /// `options` as tagged by `lib/args.cjs`; `onRequest` receives every HTTP attempt's event.
    #[napi(constructor)]
    pub fn new(options: Json, on_request: Option<LogCallback>) -> napi::Result<Self> {
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

    /// One call of the operation at index `op` of the table: `args` and `options` are the JSON
    /// text of tagged lists (`lib/args.cjs`), `abort` a handle from `abortHandle()`. Resolves
    /// to the answer in the wire form, `null` for an answer without a body, or, for a long
    /// list, its pieces.
    #[napi(ts_return_type = "Promise<string | NativeParts | null>")]
    pub async fn call(
        &self,
        op: u32,
        args: Option<String>,
        options: Option<String>,
        abort: Option<u32>,
    ) -> napi::Result<Option<Either<WireText, NativeParts>>> {
        let client = self.inner.clone();
        guarded(abortable(abort, async move {
            let (prepared, options) = prepare(&client, op, args.as_deref(), options.as_deref())?;
            let reply = Box::pin(client.call(&prepared, &options)).await.napi()?;
            call::answer(reply).await
        }))
        .await
    }

    /// Like `call`, with the answer's status, headers and `transactionId`, and the body whole.
    #[napi]
    pub async fn call_with_meta(
        &self,
        op: u32,
        args: Option<String>,
        options: Option<String>,
        abort: Option<u32>,
    ) -> napi::Result<TypedResponse> {
        let client = self.inner.clone();
        guarded(abortable(abort, async move {
            let (prepared, options) = prepare(&client, op, args.as_deref(), options.as_deref())?;
            let reply = Box::pin(client.call(&prepared, &options)).await.napi()?;
            call::answer_with_meta(reply).await
        }))
        .await
    }

    /// The pages of a paged operation; the arguments are checked now.
    #[napi]
    pub fn pager(
        &self,
        op: u32,
        args: Option<String>,
        options: Option<String>,
    ) -> napi::Result<NativePager> {
        guarded_sync(|| {
            let (prepared, options) =
                prepare(&self.inner, op, args.as_deref(), options.as_deref())?;
            Ok(NativePager::new(
                self.inner.pager(prepared, options).cursor(),
                false,
            ))
        })
    }

    /// A business user's accounts one customer group per page (`accounts.groups`); the
    /// arguments are checked now.
    #[napi]
    pub fn groups(
        &self,
        op: u32,
        args: Option<String>,
        options: Option<String>,
    ) -> napi::Result<NativePager> {
        guarded_sync(|| {
            let (prepared, options) =
                prepare(&self.inner, op, args.as_deref(), options.as_deref())?;
            let pager = Pager::groups(self.inner.clone(), prepared, options).napi()?;
            Ok(NativePager::new(pager.cursor(), true))
        })
    }

    /// Reads the job of the operation at `op` until it ends (`Client::wait`); the last answer
    /// in the wire form.
    #[napi]
    pub async fn wait(
        &self,
        op: u32,
        args: Option<String>,
        options: Option<String>,
        abort: Option<u32>,
    ) -> napi::Result<WireText> {
        let client = self.inner.clone();
        guarded(abortable(abort, async move {
            let (prepared, options) = prepare(&client, op, args.as_deref(), options.as_deref())?;
            let data = Box::pin(client.wait(&prepared, &options)).await.napi()?;
            Ok(WireText::new(candescent::data::to_wire_text(&data)))
        }))
        .await
    }

    /// A client with other call defaults (`timeout`, `maxRetries`, `retry`, `deadline`,
    /// tagged), sharing this one's connections, token and state.
    #[napi]
    pub fn with_options(&self, options: Option<String>) -> napi::Result<NativeClient> {
        guarded_sync(|| {
            let options = call_options(options.as_deref())?;
            Ok(NativeClient::from_core(self.inner.with_options(options)))
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
        abort: Option<u32>,
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
        guarded(abortable(abort, async move {
            let response = Box::pin(request?.send()).await.napi()?;
            Ok(NativeResponse::new(response))
        }))
        .await
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
        username: Json,
        password: Json,
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
        code: Json,
        redirect_uri: Json,
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

/// The `operationId` of every entry of the table, in its order: the tests hold the indexes
/// `lib/api.cjs` passes to them.
#[napi]
pub fn operation_ids() -> Vec<String> {
    spec::OPERATIONS.iter().map(|op| op.id.to_owned()).collect()
}
