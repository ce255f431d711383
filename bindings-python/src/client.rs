//! The native half of `candescent.Client` and `candescent.AsyncClient` (one class: the
//! blocking methods and their `_async` twins, which return asyncio awaitables), and what every
//! client and session shares: settings, fork safety, the warning for a blocking call inside an
//! event loop.

use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use candescent::call::CallOptions;
use candescent::input::Dialect;
use candescent::ClientOptions;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::call::PyCaller;
use crate::raw::{self, PyResponse};
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
        logging::refresh(py);
        if !self.warned.load(Ordering::Relaxed) && in_event_loop(py) {
            self.warned.store(true, Ordering::Relaxed);
            let warned =
                logging::logger(py).and_then(|l| {
                    l.call_method1(
                    "warning",
                    ("candescent.Client was called inside a running asyncio event loop: each \
                      call blocks the loop until the API answers; use candescent.AsyncClient \
                      there",),
                )
                });
            // A logging failure must not fail the call itself.
            drop(warned);
        }
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

/// The native half of `candescent.Client`: settings, the token and the connection pool;
/// the operations are reached through its `caller()`s.
#[pyclass(frozen, module = "candescent._native", name = "Client")]
pub struct PyClient {
    shared: Arc<Shared>,
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (**options))]
    fn new(options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        Ok(PyClient {
            shared: Arc::new(build(options)?),
        })
    }

    /// The caller of the generated namespaces: blocking or asyncio, answering results or
    /// `RawResponse`s.
    #[pyo3(signature = (*, asyncio=false, raw=false))]
    fn caller(&self, asyncio: bool, raw: bool) -> PyCaller {
        PyCaller::new(self.shared.clone(), asyncio, raw)
    }

    /// This client with other defaults for its calls (`timeout`, `max_retries`, `retry`,
    /// `deadline`), sharing the connection pool and the token.
    #[pyo3(signature = (**options))]
    fn with_options(&self, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let options = CallOptions::from_args(args::kwargs(options), Dialect::PYTHON)
            .map_err(errors::to_pyerr)?;
        let client = self.shared.client()?.with_options(options);
        Ok(PyClient {
            shared: Arc::new(Shared::from_client(client)),
        })
    }

    /// A request to any endpoint, through the same token, retries and errors as the typed calls.
    #[pyo3(signature = (method, path, /, **kwargs))]
    fn request(
        &self,
        py: Python<'_>,
        method: &Bound<'_, PyAny>,
        path: &Bound<'_, PyAny>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResponse> {
        let client = self.shared.blocking(py)?;
        let request = raw::builder(&client, method, path, kwargs)?;
        runtime::block_on(py, async move {
            match request.send().await {
                Ok(inner) => Ok(PyResponse::new(inner)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    /// The same request, as an asyncio awaitable.
    #[pyo3(signature = (method, path, /, **kwargs))]
    fn request_async<'py>(
        &self,
        py: Python<'py>,
        method: &Bound<'_, PyAny>,
        path: &Bound<'_, PyAny>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.client()?;
        let request = raw::builder(&client, method, path, kwargs)?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match request.send().await {
                Ok(inner) => Ok(PyResponse::new(inner)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
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

    /// The same, as an asyncio awaitable.
    fn access_token_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
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

    /// The same, as an asyncio awaitable.
    fn close_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let client = self.shared.closable();
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            if let Some(client) = client {
                client.close().await;
            }
            Ok(())
        })
    }

    /// `<candescent.{class} base_url=... institution_id=... closed=...>`
    fn describe(&self, class: &str) -> String {
        self.shared.repr(class)
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

    /// The same, as an asyncio awaitable.
    #[pyo3(signature = (username, password))]
    fn user_session_async<'py>(
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
                Ok(session) => Ok(PyUserSession::new(session)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
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

    /// The same, as an asyncio awaitable.
    #[pyo3(signature = (code, redirect_uri=None))]
    fn exchange_code_async<'py>(
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
                Ok(session) => Ok(PyUserSession::new(session)),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Client")
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClient>()?;
    Ok(())
}
