//! `NativeClient`: the core `Client` behind napi. Methods only translate JS options into core
//! parameter structs and results into plain values; the core does configuration, tokens,
//! retries and decoding. Async methods run on napi's tokio runtime.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use candescent::{
    Client, ClientBuilder, GetAccount, ListAccounts, ListTransactions, Routes, SecretString,
    TransactionStream, View,
};
use chrono::NaiveDate;
use napi_derive::napi;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::errors::{self, IntoNapi};
use crate::logging::{self, LogCallback};
use crate::models::{self, Js};
use crate::runtime::{guarded, guarded_sync};

const USER_AGENT: &str = concat!("candescent-node/", env!("CARGO_PKG_VERSION"));

/// Options of `new Client(...)`; every one is optional because the core fills the gaps from
/// the `CANDESCENT_*` variables (unless `useEnv` is false) and reports what is still missing.
#[napi(object)]
#[derive(Default)]
pub struct ClientOptions {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub institution_id: Option<String>,
    pub environment: Option<String>,
    pub base_url: Option<String>,
    pub scopes: Option<Vec<String>>,
    /// Milliseconds, as everywhere in Node.
    pub timeout: Option<f64>,
    pub connect_timeout: Option<f64>,
    pub deadline: Option<f64>,
    pub max_retries: Option<i64>,
    pub credentials_in_body: Option<bool>,
    /// Path overrides by route name: `{ accounts: '/accounts/v1/accounts' }`.
    pub routes: Option<HashMap<String, String>>,
    pub use_env: Option<bool>,
    /// The largest successful answer read, in bytes (default 32 MiB).
    pub max_response_bytes: Option<u32>,
}

fn millis(name: &str, ms: Option<f64>) -> napi::Result<Option<Duration>> {
    ms.map(|ms| {
        if !ms.is_finite() || ms <= 0.0 {
            return Err(errors::configuration(&format!(
                "{name} must be a positive number of milliseconds, got {ms}"
            )));
        }
        Duration::try_from_secs_f64(ms / 1000.0)
            .map_err(|_| errors::configuration(&format!("{name} is too large: {ms} ms")))
    })
    .transpose()
}

fn builder(options: ClientOptions, on_request: Option<LogCallback>) -> napi::Result<ClientBuilder> {
    let max_retries = options
        .max_retries
        .map(|n| {
            u32::try_from(n).map_err(|_| {
                errors::configuration(&format!("maxRetries must be a whole number >= 0, got {n}"))
            })
        })
        .transpose()?;
    let routes = match options.routes {
        None => None,
        Some(paths) => {
            let mut routes = Routes::default();
            for (name, path) in paths {
                routes.set(&name, path).napi()?;
            }
            Some(routes)
        }
    };
    Ok(Client::builder().options(candescent::ClientOptions {
        client_id: options.client_id,
        client_secret: options.client_secret.map(SecretString::new),
        institution_id: options.institution_id,
        environment: options.environment,
        base_url: options.base_url,
        scopes: options.scopes,
        timeout: millis("timeout", options.timeout)?,
        connect_timeout: millis("connectTimeout", options.connect_timeout)?,
        deadline: millis("deadline", options.deadline)?,
        max_retries,
        credentials_in_body: options.credentials_in_body,
        routes,
        use_env: options.use_env,
        user_agent: Some(USER_AGENT.to_string()),
        on_request: on_request.map(logging::hook),
        max_response_bytes: options.max_response_bytes.map(|n| n as usize),
    }))
}

/// Query of `accounts.list` and `accounts.get` (the latter ignores `filter` and `skipGroups`).
#[napi(object)]
#[derive(Default)]
pub struct AccountQuery {
    pub host_user_id: Option<String>,
    pub login_id: Option<String>,
    pub institution_customer_id: Option<String>,
    pub filter: Option<String>,
    pub view: Option<String>,
    pub cross_account: Option<bool>,
    pub additional_fields: Option<bool>,
    pub skip_groups: Option<u32>,
}

fn view(v: Option<String>) -> napi::Result<Option<View>> {
    v.map(|s| View::from_str(&s)).transpose().napi()
}

impl AccountQuery {
    // `..Default::default()` keeps this compiling when the core adds a parameter.
    #[allow(clippy::needless_update)]
    fn list(self) -> napi::Result<ListAccounts> {
        Ok(ListAccounts {
            host_user_id: self.host_user_id,
            login_id: self.login_id,
            institution_customer_id: self.institution_customer_id,
            filter: self.filter,
            view: view(self.view)?,
            cross_account: self.cross_account,
            additional_fields: self.additional_fields,
            skip_groups: self.skip_groups,
            ..Default::default()
        })
    }

    #[allow(clippy::needless_update)]
    fn get(self) -> napi::Result<GetAccount> {
        Ok(GetAccount {
            host_user_id: self.host_user_id,
            login_id: self.login_id,
            institution_customer_id: self.institution_customer_id,
            view: view(self.view)?,
            cross_account: self.cross_account,
            additional_fields: self.additional_fields,
            ..Default::default()
        })
    }
}

#[napi(object)]
pub struct TransactionQuery {
    pub account_id: String,
    pub host_user_id: Option<String>,
    pub login_id: Option<String>,
    pub institution_customer_id: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub retrieve_future_transactions: Option<bool>,
    pub filter: Option<String>,
    pub is_credit_transaction: Option<bool>,
    pub additional_fields: Option<bool>,
    pub page_size: Option<u32>,
}

fn date(name: &str, v: Option<String>) -> napi::Result<Option<NaiveDate>> {
    v.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
            errors::validation(&format!("{name} must be a date as YYYY-MM-DD, got {s:?}"))
        })
    })
    .transpose()
}

impl TransactionQuery {
    #[allow(clippy::needless_update)]
    fn into_core(self) -> napi::Result<ListTransactions> {
        Ok(ListTransactions {
            host_user_id: self.host_user_id,
            login_id: self.login_id,
            institution_customer_id: self.institution_customer_id,
            start_date: date("startDate", self.start_date)?,
            end_date: date("endDate", self.end_date)?,
            retrieve_future_transactions: self.retrieve_future_transactions,
            filter: self.filter,
            is_credit_transaction: self.is_credit_transaction,
            additional_fields: self.additional_fields,
            page_size: self.page_size,
            ..ListTransactions::new(self.account_id)
        })
    }
}

#[napi]
pub struct NativeClient {
    inner: Client,
}

#[napi]
impl NativeClient {
    /// `onRequest` receives every HTTP attempt's event (see `logging`).
    #[napi(constructor)]
    pub fn new(
        options: Option<ClientOptions>,
        on_request: Option<LogCallback>,
    ) -> napi::Result<Self> {
        guarded_sync(|| {
            let inner = builder(options.unwrap_or_default(), on_request)?
                .build()
                .napi()?;
            Ok(Self { inner })
        })
    }

    #[napi]
    pub async fn list_accounts(&self, query: Option<AccountQuery>) -> napi::Result<Js> {
        let client = self.inner.clone();
        guarded(async move {
            let params = query.unwrap_or_default().list()?;
            let list = client.accounts().list(&params).await.napi()?;
            Ok(models::account_list(&list))
        })
        .await
    }

    #[napi]
    pub async fn get_account(
        &self,
        account_id: String,
        query: Option<AccountQuery>,
    ) -> napi::Result<Js> {
        let client = self.inner.clone();
        guarded(async move {
            let params = query.unwrap_or_default().get()?;
            let account = client.accounts().get(&account_id, &params).await.napi()?;
            Ok(models::account(&account))
        })
        .await
    }

    /// Validates the query now so a bad date fails on the first `next()`, but opens the core
    /// stream lazily, on the runtime.
    #[napi]
    pub fn list_transactions(&self, query: TransactionQuery) -> napi::Result<TransactionPager> {
        guarded_sync(|| {
            let params = query.into_core()?;
            Ok(TransactionPager {
                state: Arc::new(Mutex::new(PagerState::Pending(self.inner.clone(), params))),
            })
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
}

enum PagerState {
    Pending(Client, ListTransactions),
    Open(TransactionStream),
    Done,
}

/// One page at a time through the core's `TransactionStream::next_page`; the JS wrapper turns
/// it into an async iterator of transactions.
#[napi]
pub struct TransactionPager {
    state: Arc<Mutex<PagerState>>,
}

#[napi]
impl TransactionPager {
    /// An array of transactions, or `null` once every page has been read.
    #[napi]
    pub async fn next_page(&self) -> napi::Result<Js> {
        let state = self.state.clone();
        guarded(async move {
            let mut state = state.lock().await;
            if matches!(*state, PagerState::Pending(..)) {
                if let PagerState::Pending(client, params) =
                    std::mem::replace(&mut *state, PagerState::Done)
                {
                    *state = PagerState::Open(client.transactions().list(params));
                }
            }
            let PagerState::Open(stream) = &mut *state else {
                return Ok(Js::Raw(Value::Null));
            };
            match stream.next_page().await {
                Ok(Some(page)) => Ok(Js::Array(page.iter().map(models::transaction).collect())),
                Ok(None) => {
                    *state = PagerState::Done;
                    Ok(Js::Raw(Value::Null))
                }
                Err(e) => Err(errors::from_core(&e)),
            }
        })
        .await
    }
}
