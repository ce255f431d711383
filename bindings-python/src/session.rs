//! The native half of the user sessions, and the checks of `user_session`'s and
//! `exchange_code`'s arguments.

use std::sync::Arc;

use candescent::input::{required_string, Naming};
use candescent::{SecretString, UserSession};
use pyo3::prelude::*;

use crate::call::PyCaller;
use crate::client::Shared;
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

/// The native half of `candescent.UserSession` and `candescent.AsyncUserSession`: a signed-in
/// user's session (from `user_session` or `exchange_code`), whose calls carry the user's token.
#[pyclass(frozen, module = "candescent._native", name = "UserSession")]
pub struct PyUserSession {
    session: UserSession,
    shared: Arc<Shared>,
}

impl PyUserSession {
    pub fn new(session: UserSession) -> PyUserSession {
        let shared = Arc::new(Shared::from_client(session.as_client().clone()));
        PyUserSession { session, shared }
    }
}

#[pymethods]
impl PyUserSession {
    /// The caller of the generated namespaces, with the user's token.
    #[pyo3(signature = (*, asyncio=false, raw=false))]
    fn caller(&self, asyncio: bool, raw: bool) -> PyCaller {
        PyCaller::new(self.shared.clone(), asyncio, raw)
    }

    /// The OpenID Connect ID token, when the grant returned one.
    #[getter]
    fn id_token(&self) -> Option<String> {
        self.session.id_token().map(|t| t.expose().to_owned())
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.shared.is_closed()
    }

    /// The user's current access token, renewed if needed.
    fn access_token(&self, py: Python<'_>) -> PyResult<String> {
        let client = self.shared.blocking(py)?;
        runtime::block_on(py, async move {
            client.access_token().await.map_err(errors::to_pyerr)
        })
    }

    /// The same, as an asyncio awaitable.
    fn access_token_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            client.access_token().await.map_err(errors::to_pyerr)
        })
    }

    /// Revoke the access token and the refresh token (best effort) and end the session.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        if self.shared.closable().is_none() {
            return Ok(());
        }
        let session = self.session.clone();
        logging::refresh(py);
        runtime::block_on(py, async move {
            session.close().await;
            Ok(())
        })
    }

    /// The same, as an asyncio awaitable.
    fn close_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let session = self.shared.closable().map(|_| self.session.clone());
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            if let Some(session) = session {
                session.close().await;
            }
            Ok(())
        })
    }

    /// `<candescent.{class} base_url=... institution_id=... closed=...>`: never a token.
    fn describe(&self, class: &str) -> String {
        self.shared.repr(class)
    }

    fn __repr__(&self) -> String {
        self.shared.repr("UserSession")
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyUserSession>()?;
    Ok(())
}
