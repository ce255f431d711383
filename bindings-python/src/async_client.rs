//! `candescent.AsyncClient`: the same methods as `Client`, returning asyncio awaitables that the
//! shared tokio runtime drives; the event loop thread never blocks on the network.

use std::collections::HashMap;
use std::sync::Arc;

use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::client::{
    extract_scopes, get_account_params, list_accounts_params, list_transactions_params, Pager,
    Settings, Shared,
};
use crate::models::{PyAccount, PyAccountList, PyTransaction};
use crate::{errors, logging, runtime};

/// An asyncio client for the Candescent Digital Banking API.
#[pyclass(frozen, module = "candescent", name = "AsyncClient")]
pub struct PyAsyncClient {
    shared: Arc<Shared>,
    accounts: Py<PyAsyncAccounts>,
    transactions: Py<PyAsyncTransactions>,
}

#[pymethods]
impl PyAsyncClient {
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
    fn is_closed(&self) -> bool {
        self.shared.is_closed()
    }

    fn access_token<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.client()?;
        logging::refresh(py);
        pending(py, async move {
            client.access_token().await.map_err(errors::to_pyerr)
        })
    }

    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.closable();
        logging::refresh(py);
        pending(py, async move {
            if let Some(client) = client {
                client.close().await;
            }
            Ok(())
        })
    }

    fn __aenter__<'py>(slf: Py<Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pending(py, async move { Ok(slf) })
    }

    #[pyo3(signature = (*_args))]
    fn __aexit__<'py>(
        &self,
        py: Python<'py>,
        _args: &Bound<'_, PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.closable();
        logging::refresh(py);
        pending(py, async move {
            if let Some(client) = client {
                client.close().await;
            }
            Ok(false)
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncClient")
    }
}

/// `async_client.accounts`
#[pyclass(frozen, module = "candescent", name = "AsyncAccounts")]
pub struct PyAsyncAccounts {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncAccounts {
    #[pyo3(signature = (
        *, host_user_id=None, login_id=None, filter=None, view=None, cross_account=None,
        additional_fields=None, institution_customer_id=None, skip_groups=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn list<'py>(
        &self,
        py: Python<'py>,
        host_user_id: Option<String>,
        login_id: Option<String>,
        filter: Option<String>,
        view: Option<&str>,
        cross_account: Option<bool>,
        additional_fields: Option<bool>,
        institution_customer_id: Option<String>,
        skip_groups: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
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
        pending(py, async move {
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
    fn get<'py>(
        &self,
        py: Python<'py>,
        account_id: String,
        host_user_id: Option<String>,
        login_id: Option<String>,
        view: Option<&str>,
        cross_account: Option<bool>,
        additional_fields: Option<bool>,
        institution_customer_id: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
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
        pending(py, async move {
            match client.accounts().get(&account_id, &params).await {
                Ok(inner) => Ok(PyAccount { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncAccounts")
    }
}

/// `async_client.transactions`
#[pyclass(frozen, module = "candescent", name = "AsyncTransactions")]
pub struct PyAsyncTransactions {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncTransactions {
    /// An async iterator over every transaction of the account, page by page.
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
    ) -> PyResult<PyAsyncTransactionIterator> {
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
        Ok(PyAsyncTransactionIterator {
            pager: Pager::new(&self.shared, params)?,
            shared: self.shared.clone(),
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncTransactions")
    }
}

#[pyclass(frozen, module = "candescent", name = "AsyncTransactionIterator")]
pub struct PyAsyncTransactionIterator {
    pager: Arc<Pager>,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncTransactionIterator {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Most items are already buffered: answer those with a finished asyncio future instead
        // of a round trip through the tokio runtime.
        if let Some(inner) = self.pager.pop() {
            let event_loop = pyo3_async_runtimes::get_running_loop(py)?;
            let done = event_loop.call_method0("create_future")?;
            done.call_method1("set_result", (PyTransaction { inner },))?;
            return Ok(done);
        }
        self.shared.client()?;
        logging::refresh(py);
        let pager = self.pager.clone();
        pending(py, async move {
            match pager.next().await? {
                Some(inner) => Ok(PyTransaction { inner }),
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
    m.add_class::<PyPendingCall>()?;
    Ok(())
}

type Start = Box<dyn FnOnce(Python<'_>) -> PyResult<Bound<'_, PyAny>> + Send>;

struct PendingState {
    start: Option<Start>,
    future: Option<Py<PyAny>>,
    iter: Option<Py<PyAny>>,
}

/// What every `AsyncClient` method returns: a coroutine-like object that starts the Rust future
/// only when awaited.
///
/// An asyncio future made at call time would need a running event loop at call time, which
/// breaks `coro = client.accounts.list(...)` outside a loop and `asyncio.run(...)`/`create_task`
/// (both want a coroutine). This object implements the coroutine protocol (`send`, `throw`,
/// `close`) and is registered as a `collections.abc.Coroutine` by the package.
#[pyclass(frozen, module = "candescent._native", name = "PendingCall")]
pub struct PyPendingCall {
    state: std::sync::Mutex<PendingState>,
}

pub fn pending<F, T>(py: Python<'_>, fut: F) -> PyResult<Bound<'_, PyAny>>
where
    F: std::future::Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let start: Start = Box::new(move |py| runtime::future_into_py(py, fut));
    Ok(Bound::new(
        py,
        PyPendingCall {
            state: std::sync::Mutex::new(PendingState {
                start: Some(start),
                future: None,
                iter: None,
            }),
        },
    )?
    .into_any())
}

impl PyPendingCall {
    fn iter<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(iter) = &state.iter {
            return Ok(iter.bind(py).clone());
        }
        let start = state.start.take().ok_or_else(|| {
            pyo3::exceptions::PyRuntimeError::new_err("cannot reuse an already awaited call")
        })?;
        let future = start(py)?;
        let iter = future.call_method0("__await__")?;
        state.future = Some(future.unbind());
        state.iter = Some(iter.clone().unbind());
        Ok(iter)
    }
}

#[pymethods]
impl PyPendingCall {
    fn __await__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.iter(py)?.call_method1("send", (py.None(),))
    }

    fn send<'py>(&self, py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.iter(py)?.call_method1("send", (value,))
    }

    #[pyo3(signature = (typ, val=None, tb=None))]
    fn throw<'py>(
        &self,
        py: Python<'py>,
        typ: Bound<'py, PyAny>,
        val: Option<Bound<'py, PyAny>>,
        tb: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let started = self
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter
            .is_some();
        if !started {
            self.close(py)?;
            let err = match val {
                Some(v) if !v.is_none() => PyErr::from_value(v),
                _ if typ.is_instance_of::<pyo3::types::PyType>() => PyErr::from_value(typ.call0()?),
                _ => PyErr::from_value(typ),
            };
            return Err(err);
        }
        let args = (
            typ,
            val.unwrap_or_else(|| py.None().into_bound(py)),
            tb.unwrap_or_else(|| py.None().into_bound(py)),
        );
        self.iter(py)?.call_method1("throw", args)
    }

    /// Cancels the Rust future if it is still running.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.start = None;
        if let Some(future) = state.future.take() {
            future.bind(py).call_method0("cancel")?;
        }
        state.iter = None;
        Ok(())
    }
}
