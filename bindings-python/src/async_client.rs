//! The asyncio client's native half: each method returns an asyncio future driven by the shared
//! tokio runtime, so the event loop thread never blocks on the network. The package's
//! `candescent._async` wraps these methods in `async def`s: calls are real coroutines (an
//! un-awaited one warns "never awaited" and sends nothing), and cancelling the awaiting task
//! cancels the future, which drops the request.

use std::sync::Arc;

use candescent::TransactionCursor;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::client::{build, cursor, get_account_params, list_accounts_params, Shared};
use crate::customers::{self, PyAsyncAccountGroupIterator, PyAsyncCustomers};
use crate::models::{PyAccount, PyAccountList, PyTransaction};
use crate::raw::{self, Parsed, PyRawResponse, PyResponse, PyResponseMeta};
use crate::session::{code_args, password_args, PyAsyncUserSession};
use crate::{errors, logging, runtime};

/// The native half of `candescent.AsyncClient`.
#[pyclass(frozen, module = "candescent._native", name = "AsyncClient")]
pub struct PyAsyncClient {
    shared: Arc<Shared>,
    accounts: Py<PyAsyncAccounts>,
    transactions: Py<PyAsyncTransactions>,
    customers: Py<PyAsyncCustomers>,
}

#[pymethods]
impl PyAsyncClient {
    #[new]
    #[pyo3(signature = (**options))]
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let shared = Arc::new(build(options)?);
        Ok(PyAsyncClient {
            accounts: Py::new(
                py,
                PyAsyncAccounts {
                    shared: shared.clone(),
                },
            )?,
            transactions: Py::new(
                py,
                PyAsyncTransactions {
                    shared: shared.clone(),
                },
            )?,
            customers: Py::new(
                py,
                PyAsyncCustomers {
                    shared: shared.clone(),
                },
            )?,
            shared,
        })
    }

    #[getter]
    fn accounts(&self, py: Python<'_>) -> Py<PyAsyncAccounts> {
        self.accounts.clone_ref(py)
    }

    #[getter]
    fn transactions(&self, py: Python<'_>) -> Py<PyAsyncTransactions> {
        self.transactions.clone_ref(py)
    }

    #[getter]
    fn customers(&self, py: Python<'_>) -> Py<PyAsyncCustomers> {
        self.customers.clone_ref(py)
    }

    #[getter]
    fn closed(&self) -> bool {
        self.shared.is_closed()
    }

    #[getter]
    fn base_url(&self) -> &str {
        self.shared.base_url()
    }

    #[getter]
    fn institution_id(&self) -> &str {
        self.shared.institution_id()
    }

    #[getter]
    fn with_raw_response(&self) -> PyAsyncRawAccounts {
        PyAsyncRawAccounts {
            shared: self.shared.clone(),
        }
    }

    #[pyo3(signature = (method, path, /, *, query=None, json=None, form=None, headers=None, retry=None))]
    #[allow(clippy::too_many_arguments)]
    fn request<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        query: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
        form: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        retry: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.client()?;
        let request = raw::builder(&client, method, path, query, json, form, headers, retry)?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match request.send().await {
                Ok(inner) => Ok(PyResponse::new(inner)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    fn access_token<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            client.access_token().await.map_err(errors::to_pyerr)
        })
    }

    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.closable();
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            if let Some(client) = client {
                client.close().await;
            }
            Ok(())
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncClient")
    }

    #[pyo3(signature = (username, password))]
    fn user_session<'py>(
        &self,
        py: Python<'py>,
        username: &Bound<'_, PyAny>,
        password: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (username, password) = password_args(username, password)?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match client.user_session(username, password).await {
                Ok(session) => Ok(PyAsyncUserSession::new(session)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[pyo3(signature = (code, redirect_uri=None))]
    fn exchange_code<'py>(
        &self,
        py: Python<'py>,
        code: &Bound<'_, PyAny>,
        redirect_uri: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (code, redirect_uri) = code_args(code, redirect_uri)?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match client
                .exchange_code(code.expose(), redirect_uri.as_deref())
                .await
            {
                Ok(session) => Ok(PyAsyncUserSession::new(session)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }
}

/// The native half of `candescent.AsyncAccounts`.
#[pyclass(frozen, module = "candescent._native", name = "AsyncAccounts")]
pub struct PyAsyncAccounts {
    shared: Arc<Shared>,
}

impl PyAsyncAccounts {
    pub fn new(shared: Arc<Shared>) -> PyAsyncAccounts {
        PyAsyncAccounts { shared }
    }
}

#[pymethods]
impl PyAsyncAccounts {
    #[pyo3(signature = (**params))]
    fn list<'py>(
        &self,
        py: Python<'py>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let params = list_accounts_params(params)?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match client.accounts().list(&params).await {
                Ok(inner) => Ok(PyAccountList { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[pyo3(signature = (account_id, /, **params))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        account_id: &Bound<'_, PyAny>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (account_id, params) = get_account_params(account_id, params)?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match client.accounts().get(&account_id, &params).await {
                Ok(inner) => Ok(PyAccount { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[pyo3(signature = (**params))]
    fn groups(&self, params: Option<&Bound<'_, PyDict>>) -> PyResult<PyAsyncAccountGroupIterator> {
        Ok(PyAsyncAccountGroupIterator {
            groups: customers::groups(&self.shared, params)?,
            shared: self.shared.clone(),
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncAccounts")
    }
}

/// The native half of `AsyncClient.with_raw_response.accounts`.
#[pyclass(frozen, module = "candescent._native", name = "AsyncRawAccounts")]
pub struct PyAsyncRawAccounts {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncRawAccounts {
    #[pyo3(signature = (**params))]
    fn list<'py>(
        &self,
        py: Python<'py>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let params = list_accounts_params(params)?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match client.accounts().list_with_response(&params).await {
                Ok((list, meta)) => Ok(PyRawResponse::new(meta, Parsed::AccountList(list))),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    #[pyo3(signature = (account_id, /, **params))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        account_id: &Bound<'_, PyAny>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (account_id, params) = get_account_params(account_id, params)?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
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

/// The native half of `candescent.AsyncTransactions`.
#[pyclass(frozen, module = "candescent._native", name = "AsyncTransactions")]
pub struct PyAsyncTransactions {
    shared: Arc<Shared>,
}

impl PyAsyncTransactions {
    pub fn new(shared: Arc<Shared>) -> PyAsyncTransactions {
        PyAsyncTransactions { shared }
    }
}

#[pymethods]
impl PyAsyncTransactions {
    #[pyo3(signature = (**params))]
    fn list(&self, params: Option<&Bound<'_, PyDict>>) -> PyResult<PyAsyncTransactionIterator> {
        Ok(PyAsyncTransactionIterator {
            cursor: cursor(&self.shared, params)?,
            shared: self.shared.clone(),
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncTransactions")
    }
}

/// `async for txn in client.transactions.list(...)`, or a page at a time with `.pages()`.
#[pyclass(frozen, module = "candescent", name = "AsyncTransactionIterator")]
pub struct PyAsyncTransactionIterator {
    cursor: TransactionCursor,
    shared: Arc<Shared>,
}

/// An asyncio future that is already done: buffered items need no trip through tokio.
fn ready<'py>(py: Python<'py>, value: impl IntoPyObject<'py>) -> PyResult<Bound<'py, PyAny>> {
    let event_loop = pyo3_async_runtimes::get_running_loop(py)?;
    let done = event_loop.call_method0("create_future")?;
    done.call_method1("set_result", (value,))?;
    Ok(done)
}

#[pymethods]
impl PyAsyncTransactionIterator {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(inner) = self.cursor.buffered() {
            return ready(py, PyTransaction { inner });
        }
        self.shared.client()?;
        logging::refresh(py);
        let cursor = self.cursor.clone();
        runtime::future_into_py(py, async move {
            match cursor.next().await.map_err(errors::to_pyerr)? {
                Some(inner) => Ok(PyTransaction { inner }),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }

    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    /// The remaining transactions a page at a time: `async for page in it.pages()`.
    fn pages(&self) -> PyAsyncTransactionPages {
        PyAsyncTransactionPages {
            cursor: self.cursor.clone(),
            shared: self.shared.clone(),
        }
    }
}

/// `async for page in client.transactions.list(...).pages()`
#[pyclass(frozen, module = "candescent", name = "AsyncTransactionPages")]
pub struct PyAsyncTransactionPages {
    cursor: TransactionCursor,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncTransactionPages {
    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.client()?;
        logging::refresh(py);
        let cursor = self.cursor.clone();
        runtime::future_into_py(py, async move {
            match cursor.next_page().await.map_err(errors::to_pyerr)? {
                Some(page) => Ok(page
                    .into_iter()
                    .map(|inner| PyTransaction { inner })
                    .collect::<Vec<_>>()),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAsyncClient>()?;
    m.add_class::<PyAsyncAccounts>()?;
    m.add_class::<PyAsyncTransactions>()?;
    m.add_class::<PyAsyncTransactionIterator>()?;
    m.add_class::<PyAsyncTransactionPages>()?;
    m.add_class::<PyAsyncRawAccounts>()?;
    Ok(())
}
