//! `candescent.UserSession` and the native half of `candescent.AsyncUserSession`: a signed-in
//! user's session. Its resources are the clients' own classes, handed the session's core client.

use std::sync::Arc;

use candescent::input::{required_string, Naming};
use candescent::{SecretString, UserSession};
use pyo3::prelude::*;

use crate::async_client::{PyAsyncAccounts, PyAsyncTransactions};
use crate::client::{PyAccounts, PyTransactions, Shared};
use crate::{args, errors, logging, runtime};

const NAMING: Naming = Naming::Snake;

fn string(name: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    required_string(name, args::value(value, 0), NAMING).map_err(errors::to_pyerr)
}

/// `user_session(username, password)`'s arguments; the password becomes a secret at once.
pub fn password_args(
    username: &Bound<'_, PyAny>,
    password: &Bound<'_, PyAny>,
) -> PyResult<(String, SecretString)> {
    Ok((
        string("username", username)?,
        SecretString::new(string("password", password)?),
    ))
}

/// `exchange_code(code, redirect_uri=None)`'s arguments.
pub fn code_args(
    code: &Bound<'_, PyAny>,
    redirect_uri: Option<&Bound<'_, PyAny>>,
) -> PyResult<(SecretString, Option<String>)> {
    let code = SecretString::new(string("code", code)?);
    let redirect_uri = match redirect_uri {
        Some(uri) if !uri.is_none() => Some(string("redirect_uri", uri)?),
        _ => None,
    };
    Ok((code, redirect_uri))
}

/// The part both session classes share.
struct Session {
    session: UserSession,
    shared: Arc<Shared>,
}

impl Session {
    fn new(session: UserSession) -> Session {
        let shared = Arc::new(Shared::from_client(session.as_client().clone()));
        Session { session, shared }
    }

    fn id_token(&self) -> Option<String> {
        self.session.id_token().map(|t| t.expose().to_owned())
    }

    fn repr(&self, class: &str) -> String {
        self.shared.repr(class)
    }
}

/// A signed-in user's session (from `Client.user_session` or `Client.exchange_code`).
#[pyclass(frozen, module = "candescent", name = "UserSession")]
pub struct PyUserSession {
    inner: Session,
}

impl PyUserSession {
    pub fn new(session: UserSession) -> PyUserSession {
        PyUserSession {
            inner: Session::new(session),
        }
    }
}

#[pymethods]
impl PyUserSession {
    /// The user's accounts; no `host_user_id`/`login_id` needed.
    #[getter]
    fn accounts(&self, py: Python<'_>) -> PyResult<Py<PyAccounts>> {
        Py::new(py, PyAccounts::new(self.inner.shared.clone()))
    }

    /// The user's transactions; no `host_user_id`/`login_id` needed.
    #[getter]
    fn transactions(&self, py: Python<'_>) -> PyResult<Py<PyTransactions>> {
        Py::new(py, PyTransactions::new(self.inner.shared.clone()))
    }

    /// The OpenID Connect ID token, when the grant returned one.
    #[getter]
    fn id_token(&self) -> Option<String> {
        self.inner.id_token()
    }

    #[getter]
    fn closed(&self) -> bool {
        self.inner.shared.is_closed()
    }

    /// The user's current access token, renewed if needed.
    fn access_token(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.inner.shared.blocking(py)?;
        runtime::block_on(py, async move {
            client.access_token().await.map_err(errors::to_pyerr)
        })
    }

    /// Revoke the access token and the refresh token (best effort) and end the session.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        if self.inner.shared.closable().is_none() {
            return Ok(());
        }
        let session = self.inner.session.clone();
        logging::refresh(py);
        runtime::block_on(py, async move {
            session.close().await;
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
        self.inner.repr("UserSession")
    }
}

/// The native half of `candescent.AsyncUserSession`.
#[pyclass(frozen, module = "candescent._native", name = "AsyncUserSession")]
pub struct PyAsyncUserSession {
    inner: Session,
}

impl PyAsyncUserSession {
    pub fn new(session: UserSession) -> PyAsyncUserSession {
        PyAsyncUserSession {
            inner: Session::new(session),
        }
    }
}

#[pymethods]
impl PyAsyncUserSession {
    #[getter]
    fn accounts(&self, py: Python<'_>) -> PyResult<Py<PyAsyncAccounts>> {
        Py::new(py, PyAsyncAccounts::new(self.inner.shared.clone()))
    }

    #[getter]
    fn transactions(&self, py: Python<'_>) -> PyResult<Py<PyAsyncTransactions>> {
        Py::new(py, PyAsyncTransactions::new(self.inner.shared.clone()))
    }

    #[getter]
    fn id_token(&self) -> Option<String> {
        self.inner.id_token()
    }

    #[getter]
    fn closed(&self) -> bool {
        self.inner.shared.is_closed()
    }

    fn access_token<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.inner.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            client.access_token().await.map_err(errors::to_pyerr)
        })
    }

    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let session = self
            .inner
            .shared
            .closable()
            .map(|_| self.inner.session.clone());
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            if let Some(session) = session {
                session.close().await;
            }
            Ok(())
        })
    }

    fn __repr__(&self) -> String {
        self.inner.repr("AsyncUserSession")
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyUserSession>()?;
    m.add_class::<PyAsyncUserSession>()?;
    Ok(())
}
