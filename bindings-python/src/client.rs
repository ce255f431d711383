//! `candescent.Client`: the blocking client, and what both clients share (settings, request
//! parameters, fork safety).

use std::collections::{HashMap, VecDeque};
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use candescent::{
    ClientOptions, GetAccount, ListAccounts, ListTransactions, Routes, SecretString, Transaction,
    TransactionStream, View,
};
use chrono::NaiveDate;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateAccess, PyDateTime, PyString};

use crate::models::{PyAccount, PyAccountList, PyTransaction};
use crate::{errors, logging, runtime};

/// One core client and the process it was made in.
pub struct Shared {
    // Dropping a client in a forked child would touch sockets and locks owned by the parent's
    // runtime, whose threads do not exist there; such a client is leaked instead.
    client: ManuallyDrop<candescent::Client>,
    pid: u32,
}

impl Shared {
    /// The core client, or the clear fork error if this is not the process that made it.
    pub fn client(&self) -> PyResult<candescent::Client> {
        if self.pid != std::process::id() {
            return Err(errors::forked(self.pid));
        }
        Ok((*self.client).clone())
    }

    /// `close()` in a forked child must not revoke the parent's token nor wait on the parent's
    /// runtime: there it is a no-op.
    pub fn closable(&self) -> Option<candescent::Client> {
        (self.pid == std::process::id()).then(|| (*self.client).clone())
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    pub fn repr(&self, class: &str) -> String {
        format!(
            "<candescent.{class} base_url='{}' institution_id='{}' closed={}>",
            self.client.base_url(),
            self.client.institution_id(),
            if self.is_closed() { "True" } else { "False" }
        )
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        if self.pid == std::process::id() {
            // SAFETY: dropped exactly once, here.
            unsafe { ManuallyDrop::drop(&mut self.client) }
        }
    }
}

/// The constructor arguments common to `Client` and `AsyncClient`. `None` means "not given": the
/// core then reads the `CANDESCENT_*` variable or uses its default.
pub struct Settings {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub institution_id: Option<String>,
    pub environment: Option<String>,
    pub base_url: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub timeout: Option<f64>,
    pub max_retries: Option<i64>,
    pub connect_timeout: Option<f64>,
    pub deadline: Option<f64>,
    pub credentials_in_body: Option<bool>,
    pub routes: Option<HashMap<String, String>>,
    pub use_env: bool,
    pub max_response_bytes: Option<usize>,
}

fn seconds(name: &str, value: Option<f64>) -> PyResult<Option<Duration>> {
    value
        .map(|v| match Duration::try_from_secs_f64(v) {
            Ok(d) if !d.is_zero() => Ok(d),
            _ => Err(errors::configuration(format!(
                "{name} must be a positive number of seconds, got {v}"
            ))),
        })
        .transpose()
}

impl Settings {
    pub fn build(self) -> PyResult<Shared> {
        let max_retries = self
            .max_retries
            .map(|v| {
                u32::try_from(v).map_err(|_| {
                    errors::configuration(format!("max_retries must be 0 or more, got {v}"))
                })
            })
            .transpose()?;
        let routes = match self.routes {
            None => None,
            Some(paths) => {
                let mut routes = Routes::default();
                for (name, path) in paths {
                    routes.set(&name, path).map_err(errors::to_pyerr)?;
                }
                Some(routes)
            }
        };
        let options = ClientOptions {
            client_id: self.client_id,
            client_secret: self.client_secret.map(SecretString::new),
            institution_id: self.institution_id,
            environment: self.environment,
            base_url: self.base_url,
            scopes: self.scopes,
            timeout: seconds("timeout", self.timeout)?,
            connect_timeout: seconds("connect_timeout", self.connect_timeout)?,
            deadline: seconds("deadline", self.deadline)?,
            max_retries,
            credentials_in_body: self.credentials_in_body,
            routes,
            use_env: Some(self.use_env),
            user_agent: Some(concat!("candescent-python/", env!("CARGO_PKG_VERSION")).into()),
            on_request: Some(logging::hook()),
            max_response_bytes: self.max_response_bytes,
        };
        let b = candescent::Client::builder().options(options);
        // The core may set up its connection pool against the ambient runtime.
        let _context = runtime::handle().enter();
        let client = b.build().map_err(errors::to_pyerr)?;
        Ok(Shared {
            client: ManuallyDrop::new(client),
            pid: std::process::id(),
        })
    }
}

/// `scopes` may be one string (`"accounts:read"`) or a sequence of them.
pub fn extract_scopes(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<String>>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(vec![s.to_cow()?.into_owned()]));
    }
    let mut scopes = Vec::new();
    for item in value
        .try_iter()
        .map_err(|_| PyTypeError::new_err("scopes must be a str or a sequence of str"))?
    {
        scopes.push(
            item?
                .extract::<String>()
                .map_err(|_| PyTypeError::new_err("scopes must be a str or a sequence of str"))?,
        );
    }
    Ok(Some(scopes))
}

fn view(value: Option<&str>) -> PyResult<Option<View>> {
    value
        .map(|v| v.parse::<View>().map_err(errors::to_pyerr))
        .transpose()
}

fn count(name: &str, value: Option<i64>) -> PyResult<Option<u32>> {
    value
        .map(|v| {
            u32::try_from(v)
                .map_err(|_| errors::validation(format!("{name} must be 0 or more, got {v}")))
        })
        .transpose()
}

/// A `datetime.date` or an ISO `YYYY-MM-DD` string. A `datetime.datetime` is refused: silently
/// dropping its time and zone would query the wrong day for some callers.
fn date(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<NaiveDate>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyDateTime>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a datetime.date or a 'YYYY-MM-DD' string, not datetime.datetime \
             (use .date())"
        )));
    }
    if let Ok(d) = value.cast::<PyDate>() {
        return NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into())
            .map(Some)
            .ok_or_else(|| errors::validation(format!("{name} is not a valid date")));
    }
    if let Ok(s) = value.cast::<PyString>() {
        let text = s.to_cow()?;
        return NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                errors::validation(format!("{name} must be a 'YYYY-MM-DD' date, got {text:?}"))
            });
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a datetime.date or a 'YYYY-MM-DD' string, not {}",
        value.get_type().name()?
    )))
}

#[allow(clippy::too_many_arguments)]
pub fn list_accounts_params(
    host_user_id: Option<String>,
    login_id: Option<String>,
    filter: Option<String>,
    view_name: Option<&str>,
    cross_account: Option<bool>,
    additional_fields: Option<bool>,
    institution_customer_id: Option<String>,
    skip_groups: Option<i64>,
) -> PyResult<ListAccounts> {
    Ok(ListAccounts {
        host_user_id,
        login_id,
        institution_customer_id,
        filter,
        view: view(view_name)?,
        cross_account,
        additional_fields,
        skip_groups: count("skip_groups", skip_groups)?,
    })
}

pub fn get_account_params(
    host_user_id: Option<String>,
    login_id: Option<String>,
    view_name: Option<&str>,
    cross_account: Option<bool>,
    additional_fields: Option<bool>,
    institution_customer_id: Option<String>,
) -> PyResult<GetAccount> {
    Ok(GetAccount {
        host_user_id,
        login_id,
        institution_customer_id,
        view: view(view_name)?,
        cross_account,
        additional_fields,
    })
}

#[allow(clippy::too_many_arguments)]
pub fn list_transactions_params(
    account_id: String,
    host_user_id: Option<String>,
    login_id: Option<String>,
    start_date: Option<&Bound<'_, PyAny>>,
    end_date: Option<&Bound<'_, PyAny>>,
    filter: Option<String>,
    retrieve_future_transactions: Option<bool>,
    is_credit_transaction: Option<bool>,
    additional_fields: Option<bool>,
    institution_customer_id: Option<String>,
    page_size: Option<i64>,
) -> PyResult<ListTransactions> {
    let mut params = ListTransactions::new(account_id);
    params.host_user_id = host_user_id;
    params.login_id = login_id;
    params.institution_customer_id = institution_customer_id;
    params.start_date = date("start_date", start_date)?;
    params.end_date = date("end_date", end_date)?;
    params.retrieve_future_transactions = retrieve_future_transactions;
    params.filter = filter;
    params.is_credit_transaction = is_credit_transaction;
    params.additional_fields = additional_fields;
    params.page_size = count("page_size", page_size)?;
    Ok(params)
}

/// Pages fetched with the core's `TransactionStream::next_page`, handed out one by one.
pub struct Pager {
    stream: tokio::sync::Mutex<TransactionStream>,
    buffer: Mutex<VecDeque<Transaction>>,
    exhausted: AtomicBool,
}

impl Pager {
    pub fn new(shared: &Shared, params: ListTransactions) -> PyResult<Arc<Self>> {
        let client = shared.client()?;
        let _context = runtime::handle().enter();
        let stream = client.transactions().list(params);
        Ok(Arc::new(Pager {
            stream: tokio::sync::Mutex::new(stream),
            buffer: Mutex::new(VecDeque::new()),
            exhausted: AtomicBool::new(false),
        }))
    }

    pub fn pop(&self) -> Option<Transaction> {
        self.buffer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }

    pub fn is_exhausted(&self) -> bool {
        self.exhausted.load(Ordering::Acquire)
    }

    /// The next transaction, fetching pages as needed; `None` at the end.
    ///
    /// Cancel-safe: a page is buffered only once it has fully arrived, so a call abandoned by
    /// Ctrl-C or `asyncio` cancellation loses nothing.
    pub async fn next(self: Arc<Self>) -> PyResult<Option<Transaction>> {
        let mut stream = self.stream.lock().await;
        loop {
            // Another caller may have filled the buffer while this one waited for the lock.
            if let Some(t) = self.pop() {
                return Ok(Some(t));
            }
            if self.is_exhausted() {
                return Ok(None);
            }
            match stream.next_page().await.map_err(errors::to_pyerr)? {
                Some(page) => self
                    .buffer
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(page),
                None => self.exhausted.store(true, Ordering::Release),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// A blocking client for the Candescent Digital Banking API.
#[pyclass(frozen, module = "candescent", name = "Client")]
pub struct PyClient {
    shared: Arc<Shared>,
    accounts: Py<PyAccounts>,
    transactions: Py<PyTransactions>,
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (
        *, client_id=None, client_secret=None, institution_id=None, environment=None,
        base_url=None, scopes=None, timeout=None, max_retries=None, connect_timeout=None,
        deadline=None, credentials_in_body=None, routes=None, use_env=true,
        max_response_bytes=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        client_id: Option<String>,
        client_secret: Option<String>,
        institution_id: Option<String>,
        environment: Option<String>,
        base_url: Option<String>,
        scopes: Option<&Bound<'_, PyAny>>,
        timeout: Option<f64>,
        max_retries: Option<i64>,
        connect_timeout: Option<f64>,
        deadline: Option<f64>,
        credentials_in_body: Option<bool>,
        routes: Option<HashMap<String, String>>,
        use_env: bool,
        max_response_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let shared = Arc::new(
            Settings {
                client_id,
                client_secret,
                institution_id,
                environment,
                base_url,
                scopes: extract_scopes(scopes)?,
                timeout,
                max_retries,
                connect_timeout,
                deadline,
                credentials_in_body,
                routes,
                use_env,
                max_response_bytes,
            }
            .build()?,
        );
        Ok(PyClient {
            accounts: Py::new(
                py,
                PyAccounts {
                    shared: shared.clone(),
                },
            )?,
            transactions: Py::new(
                py,
                PyTransactions {
                    shared: shared.clone(),
                },
            )?,
            shared,
        })
    }

    #[getter]
    fn accounts(&self, py: Python<'_>) -> Py<PyAccounts> {
        self.accounts.clone_ref(py)
    }

    #[getter]
    fn transactions(&self, py: Python<'_>) -> Py<PyTransactions> {
        self.transactions.clone_ref(py)
    }

    #[getter]
    fn is_closed(&self) -> bool {
        self.shared.is_closed()
    }

    /// The current access token, fetched or refreshed if needed.
    fn access_token(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::block_on(py, async move {
            client.access_token().await.map_err(errors::to_pyerr)
        })
    }

    /// Revoke the token (best effort) and make the client unusable.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let Some(client) = self.shared.closable() else {
            return Ok(());
        };
        logging::refresh(py);
        runtime::block_on(py, async move {
            client.close().await;
            Ok(())
        })
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Client")
    }
}

/// `client.accounts`
#[pyclass(frozen, module = "candescent", name = "Accounts")]
pub struct PyAccounts {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAccounts {
    #[pyo3(signature = (
        *, host_user_id=None, login_id=None, filter=None, view=None, cross_account=None,
        additional_fields=None, institution_customer_id=None, skip_groups=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        py: Python<'_>,
        host_user_id: Option<String>,
        login_id: Option<String>,
        filter: Option<String>,
        view: Option<&str>,
        cross_account: Option<bool>,
        additional_fields: Option<bool>,
        institution_customer_id: Option<String>,
        skip_groups: Option<i64>,
    ) -> PyResult<PyAccountList> {
        let params = list_accounts_params(
            host_user_id,
            login_id,
            filter,
            view,
            cross_account,
            additional_fields,
            institution_customer_id,
            skip_groups,
        )?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::block_on(py, async move {
            match client.accounts().list(&params).await {
                Ok(inner) => Ok(PyAccountList { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[pyo3(signature = (
        account_id, /, *, host_user_id=None, login_id=None, view=None, cross_account=None,
        additional_fields=None, institution_customer_id=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn get(
        &self,
        py: Python<'_>,
        account_id: String,
        host_user_id: Option<String>,
        login_id: Option<String>,
        view: Option<&str>,
        cross_account: Option<bool>,
        additional_fields: Option<bool>,
        institution_customer_id: Option<String>,
    ) -> PyResult<PyAccount> {
        let params = get_account_params(
            host_user_id,
            login_id,
            view,
            cross_account,
            additional_fields,
            institution_customer_id,
        )?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::block_on(py, async move {
            match client.accounts().get(&account_id, &params).await {
                Ok(inner) => Ok(PyAccount { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Accounts")
    }
}

/// `client.transactions`
#[pyclass(frozen, module = "candescent", name = "Transactions")]
pub struct PyTransactions {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyTransactions {
    /// Every transaction of the account, fetched page by page as the iterator advances.
    #[pyo3(signature = (
        *, account_id, host_user_id=None, login_id=None, start_date=None, end_date=None,
        filter=None, retrieve_future_transactions=None, is_credit_transaction=None,
        additional_fields=None, institution_customer_id=None, page_size=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        account_id: String,
        host_user_id: Option<String>,
        login_id: Option<String>,
        start_date: Option<&Bound<'_, PyAny>>,
        end_date: Option<&Bound<'_, PyAny>>,
        filter: Option<String>,
        retrieve_future_transactions: Option<bool>,
        is_credit_transaction: Option<bool>,
        additional_fields: Option<bool>,
        institution_customer_id: Option<String>,
        page_size: Option<i64>,
    ) -> PyResult<PyTransactionIterator> {
        let params = list_transactions_params(
            account_id,
            host_user_id,
            login_id,
            start_date,
            end_date,
            filter,
            retrieve_future_transactions,
            is_credit_transaction,
            additional_fields,
            institution_customer_id,
            page_size,
        )?;
        Ok(PyTransactionIterator {
            pager: Pager::new(&self.shared, params)?,
            shared: self.shared.clone(),
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Transactions")
    }
}

#[pyclass(frozen, module = "candescent", name = "TransactionIterator")]
pub struct PyTransactionIterator {
    pager: Arc<Pager>,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyTransactionIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyTransaction>> {
        if let Some(inner) = self.pager.pop() {
            return Ok(Some(PyTransaction { inner }));
        }
        if self.pager.is_exhausted() {
            return Ok(None);
        }
        self.shared.client()?;
        logging::refresh(py);
        let pager = self.pager.clone();
        let next = runtime::block_on(py, pager.next())?;
        Ok(next.map(|inner| PyTransaction { inner }))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClient>()?;
    m.add_class::<PyAccounts>()?;
    m.add_class::<PyTransactions>()?;
    m.add_class::<PyTransactionIterator>()?;
    Ok(())
}
