//! `candescent.Client`: the blocking client, and what both clients share (settings, request
//! parameters, fork safety).

use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use candescent::input::{required_string, Dialect, Naming};
use candescent::{ClientOptions, GetAccount, ListAccounts, ListTransactions, TransactionCursor};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::customers::{self, PyAccountGroupIterator, PyCustomers};
use crate::models::{PyAccount, PyAccountList, PyTransaction};
use crate::raw::{self, Parsed, PyRawResponse, PyResponse, PyResponseMeta};
use crate::session::{code_args, password_args, PyUserSession};
use crate::{args, errors, logging, runtime};

/// One core client and the process it was made in.
pub struct Shared {
    // Dropping a client in a forked child would touch sockets and locks owned by the parent's
    // runtime, whose threads do not exist there; such a client is leaked instead.
    client: ManuallyDrop<candescent::Client>,
    pid: u32,
    warned: AtomicBool,
}

impl Shared {
    /// A core client made elsewhere (a signed-in user's session), in this process.
    pub fn from_client(client: candescent::Client) -> Shared {
        Shared {
            client: ManuallyDrop::new(client),
            pid: std::process::id(),
            warned: AtomicBool::new(false),
        }
    }

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

    pub fn base_url(&self) -> &str {
        self.client.base_url()
    }

    pub fn institution_id(&self) -> &str {
        self.client.institution_id()
    }

    /// The blocking client inside a running event loop stalls every other task: say so once
    /// per client, naming the fix.
    pub fn blocking(&self, py: Python<'_>) -> PyResult<candescent::Client> {
        if !self.warned.load(Ordering::Relaxed) && in_event_loop(py) {
            self.warned.store(true, Ordering::Relaxed);
            let warned =
                py.import("logging")
                    .and_then(|l| l.call_method1("getLogger", ("candescent",)))
                    .and_then(|l| {
                        l.call_method1(
                        "warning",
                        ("candescent.Client was called inside a running asyncio event loop: \
                          each call blocks the loop until the API answers; use \
                          candescent.AsyncClient there",),
                    )
                    });
            // A logging failure must not fail the call itself.
            drop(warned);
        }
        logging::refresh(py);
        self.client()
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

/// Builds the core client from the keyword arguments of `Client(...)` or `AsyncClient(...)`.
pub fn build(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Shared> {
    let options = ClientOptions {
        user_agent: Some(concat!("candescent-python/", env!("CARGO_PKG_VERSION")).into()),
        on_request: Some(logging::hook()),
        ..ClientOptions::from_args(args::kwargs(kwargs), Dialect::PYTHON)
            .map_err(errors::to_pyerr)?
    };
    let b = candescent::Client::builder().options(options);
    // The core may set up its connection pool against the ambient runtime.
    let _context = runtime::handle().enter();
    let client = b.build().map_err(errors::to_pyerr)?;
    Ok(Shared {
        client: ManuallyDrop::new(client),
        pid: std::process::id(),
        warned: AtomicBool::new(false),
    })
}

pub fn list_accounts_params(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<ListAccounts> {
    ListAccounts::from_args(args::kwargs(kwargs), NAMING).map_err(errors::to_pyerr)
}

pub fn get_account_params(
    account_id: &Bound<'_, PyAny>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<(String, GetAccount)> {
    let id = required_string("account_id", args::value(account_id, 0), NAMING)
        .map_err(errors::to_pyerr)?;
    let params = GetAccount::from_args(args::kwargs(kwargs), NAMING).map_err(errors::to_pyerr)?;
    Ok((id, params))
}

pub fn cursor(shared: &Shared, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<TransactionCursor> {
    let params =
        ListTransactions::from_args(args::kwargs(kwargs), NAMING).map_err(errors::to_pyerr)?;
    Ok(shared.client()?.transactions().list(&params).cursor())
}

const NAMING: Naming = Naming::Snake;

/// The running asyncio loop's presence, read through the C-level `_get_running_loop`, which
/// answers `None` without raising when there is none.
fn in_event_loop(py: Python<'_>) -> bool {
    static GET: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    GET.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("asyncio")?.getattr("_get_running_loop")?.unbind())
    })
    .and_then(|f| f.bind(py).call0())
    .map(|l| !l.is_none())
    .unwrap_or(false)
}

// ---------------------------------------------------------------------------------------------

/// A blocking client for the Candescent Digital Banking API.
#[pyclass(frozen, module = "candescent", name = "Client")]
pub struct PyClient {
    shared: Arc<Shared>,
    accounts: Py<PyAccounts>,
    transactions: Py<PyTransactions>,
    customers: Py<PyCustomers>,
    with_raw_response: Py<PyWithRawResponse>,
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (**options), text_signature = "(*, client_id=None, client_secret=None, \
        institution_id=None, environment=None, base_url=None, scopes=None, timeout=None, \
        max_retries=None, connect_timeout=None, deadline=None, credentials_in_body=None, \
        routes=None, use_env=True)")]
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let shared = Arc::new(build(options)?);
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
            customers: Py::new(
                py,
                PyCustomers {
                    shared: shared.clone(),
                },
            )?,
            with_raw_response: Py::new(py, PyWithRawResponse::new(py, shared.clone())?)?,
            shared,
        })
    }

    #[getter]
    fn accounts(&self, py: Python<'_>) -> Py<PyAccounts> {
        self.accounts.clone_ref(py)
    }

    /// The typed calls, answering a `RawResponse` (status, headers, transaction_id, parse()).
    #[getter]
    fn with_raw_response(&self, py: Python<'_>) -> Py<PyWithRawResponse> {
        self.with_raw_response.clone_ref(py)
    }

    /// A request to any endpoint, through the same token, retries and errors as the typed calls.
    #[pyo3(signature = (method, path, /, *, query=None, json=None, form=None, headers=None, retry=None))]
    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        query: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        form: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        retry: Option<bool>,
    ) -> PyResult<PyResponse> {
        let client = self.shared.blocking(py)?;
        let request = raw::builder(&client, method, path, query, json, form, headers, retry)?;
        runtime::block_on(py, async move {
            match request.send().await {
                Ok(inner) => Ok(PyResponse::new(inner)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[getter]
    fn customers(&self, py: Python<'_>) -> Py<PyCustomers> {
        self.customers.clone_ref(py)
    }

    #[getter]
    fn transactions(&self, py: Python<'_>) -> Py<PyTransactions> {
        self.transactions.clone_ref(py)
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.shared.is_closed()
    }

    /// Alias of `closed`.
    #[getter]
    fn is_closed(&self) -> bool {
        self.shared.is_closed()
    }

    /// Where requests go, e.g. `https://api.candescent.com/digitalbanking/stage`.
    #[getter]
    fn base_url(&self) -> &str {
        self.shared.base_url()
    }

    /// The financial institution's id the client was configured with.
    #[getter]
    fn institution_id(&self) -> &str {
        self.shared.institution_id()
    }

    /// The current access token, fetched or refreshed if needed.
    fn access_token(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.shared.blocking(py)?;
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

    /// Sign a user in with the password grant; their session's calls need no user.
    #[pyo3(signature = (username, password))]
    fn user_session(
        &self,
        py: Python<'_>,
        username: &Bound<'_, PyAny>,
        password: &Bound<'_, PyAny>,
    ) -> PyResult<PyUserSession> {
        let (username, password) = password_args(username, password)?;
        let client = self.shared.blocking(py)?;
        let session = runtime::block_on(py, async move {
            client
                .user_session(username, password)
                .await
                .map_err(errors::to_pyerr)
        })?;
        Ok(PyUserSession::new(session))
    }

    /// Exchange an OpenID Connect authorization code for the user's session.
    #[pyo3(signature = (code, redirect_uri=None))]
    fn exchange_code(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        redirect_uri: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyUserSession> {
        let (code, redirect_uri) = code_args(code, redirect_uri)?;
        let client = self.shared.blocking(py)?;
        let session = runtime::block_on(py, async move {
            client
                .exchange_code(code.expose(), redirect_uri.as_deref())
                .await
                .map_err(errors::to_pyerr)
        })?;
        Ok(PyUserSession::new(session))
    }
}

/// `client.accounts`
#[pyclass(frozen, module = "candescent", name = "Accounts")]
pub struct PyAccounts {
    shared: Arc<Shared>,
}

impl PyAccounts {
    pub fn new(shared: Arc<Shared>) -> PyAccounts {
        PyAccounts { shared }
    }
}

#[pymethods]
impl PyAccounts {
    #[pyo3(signature = (**params), text_signature = "(*, host_user_id=None, login_id=None, \
        filter=None, view=None, cross_account=None, additional_fields=None, \
        institution_customer_id=None, skip_groups=None)")]
    fn list(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<PyAccountList> {
        let params = list_accounts_params(params)?;
        let client = self.shared.blocking(py)?;
        runtime::block_on(py, async move {
            match client.accounts().list(&params).await {
                Ok(inner) => Ok(PyAccountList { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[pyo3(signature = (account_id, /, **params), text_signature = "(account_id, /, *, \
        host_user_id=None, login_id=None, view=None, cross_account=None, \
        additional_fields=None, institution_customer_id=None)")]
    fn get(
        &self,
        py: Python<'_>,
        account_id: &Bound<'_, PyAny>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyAccount> {
        let (account_id, params) = get_account_params(account_id, params)?;
        let client = self.shared.blocking(py)?;
        runtime::block_on(py, async move {
            match client.accounts().get(&account_id, &params).await {
                Ok(inner) => Ok(PyAccount { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    /// A business user's accounts one customer group (location) at a time.
    #[pyo3(signature = (**params), text_signature = "(*, host_user_id=None, login_id=None, \
        filter=None, view=None, cross_account=None, additional_fields=None, skip_groups=None)")]
    fn groups(&self, params: Option<&Bound<'_, PyDict>>) -> PyResult<PyAccountGroupIterator> {
        Ok(PyAccountGroupIterator {
            groups: customers::groups(&self.shared, params)?,
            shared: self.shared.clone(),
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Accounts")
    }
}

/// `client.with_raw_response`
#[pyclass(frozen, module = "candescent", name = "WithRawResponse")]
pub struct PyWithRawResponse {
    accounts: Py<PyRawAccounts>,
}

impl PyWithRawResponse {
    fn new(py: Python<'_>, shared: Arc<Shared>) -> PyResult<Self> {
        Ok(Self {
            accounts: Py::new(py, PyRawAccounts { shared })?,
        })
    }
}

#[pymethods]
impl PyWithRawResponse {
    #[getter]
    fn accounts(&self, py: Python<'_>) -> Py<PyRawAccounts> {
        self.accounts.clone_ref(py)
    }
}

/// `client.with_raw_response.accounts`: the calls of `client.accounts`, answering a `RawResponse`.
#[pyclass(frozen, module = "candescent", name = "RawAccounts")]
pub struct PyRawAccounts {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyRawAccounts {
    #[pyo3(signature = (**params))]
    fn list(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<PyRawResponse> {
        let params = list_accounts_params(params)?;
        let client = self.shared.blocking(py)?;
        runtime::block_on(py, async move {
            match client.accounts().list_with_response(&params).await {
                Ok((list, meta)) => Ok(PyRawResponse::new(meta, Parsed::AccountList(list))),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[pyo3(signature = (account_id, /, **params))]
    fn get(
        &self,
        py: Python<'_>,
        account_id: &Bound<'_, PyAny>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyRawResponse> {
        let (account_id, params) = get_account_params(account_id, params)?;
        let client = self.shared.blocking(py)?;
        runtime::block_on(py, async move {
            match client
                .accounts()
                .get_with_response(&account_id, &params)
                .await
            {
                Ok((account, meta)) => {
                    Ok(PyRawResponse::new(meta, Parsed::Account(Box::new(account))))
                }
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }
}

/// `client.transactions`
#[pyclass(frozen, module = "candescent", name = "Transactions")]
pub struct PyTransactions {
    shared: Arc<Shared>,
}

impl PyTransactions {
    pub fn new(shared: Arc<Shared>) -> PyTransactions {
        PyTransactions { shared }
    }
}

#[pymethods]
impl PyTransactions {
    /// Every transaction of the account, fetched page by page as the iterator advances.
    #[pyo3(signature = (**params), text_signature = "(*, account_id, host_user_id=None, \
        login_id=None, start_date=None, end_date=None, filter=None, \
        retrieve_future_transactions=None, is_credit_transaction=None, \
        additional_fields=None, institution_customer_id=None, page_size=None)")]
    fn list(&self, params: Option<&Bound<'_, PyDict>>) -> PyResult<PyTransactionIterator> {
        Ok(PyTransactionIterator {
            cursor: cursor(&self.shared, params)?,
            shared: self.shared.clone(),
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Transactions")
    }
}

/// The transactions one by one (`for txn in ...`), or a page at a time (`.pages()`).
#[pyclass(frozen, module = "candescent", name = "TransactionIterator")]
pub struct PyTransactionIterator {
    cursor: TransactionCursor,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyTransactionIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyTransaction>> {
        // Most items are buffered: no runtime round trip for those.
        if let Some(inner) = self.cursor.buffered() {
            return Ok(Some(PyTransaction { inner }));
        }
        if self.cursor.is_done() {
            return Ok(None);
        }
        self.shared.blocking(py)?;
        let cursor = self.cursor.clone();
        let next = runtime::block_on(
            py,
            async move { cursor.next().await.map_err(errors::to_pyerr) },
        )?;
        Ok(next.map(|inner| PyTransaction { inner }))
    }

    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    /// The remaining transactions a page at a time, each page a list, as the API returns them.
    fn pages(&self) -> PyTransactionPages {
        PyTransactionPages {
            cursor: self.cursor.clone(),
            shared: self.shared.clone(),
        }
    }
}

/// `transactions.list(...).pages()`
#[pyclass(frozen, module = "candescent", name = "TransactionPages")]
pub struct PyTransactionPages {
    cursor: TransactionCursor,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyTransactionPages {
    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Vec<PyTransaction>>> {
        if self.cursor.is_done() {
            return Ok(None);
        }
        self.shared.blocking(py)?;
        let cursor = self.cursor.clone();
        let page = runtime::block_on(py, async move {
            cursor.next_page().await.map_err(errors::to_pyerr)
        })?;
        Ok(page.map(|p| p.into_iter().map(|inner| PyTransaction { inner }).collect()))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClient>()?;
    m.add_class::<PyAccounts>()?;
    m.add_class::<PyTransactions>()?;
    m.add_class::<PyTransactionIterator>()?;
    m.add_class::<PyTransactionPages>()?;
    m.add_class::<PyWithRawResponse>()?;
    m.add_class::<PyRawAccounts>()?;
    Ok(())
}
