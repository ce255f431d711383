//! The emulator, embedded so that `candescent.testing.Emulator` needs no separate binary.
//! It serves from the shared tokio runtime, so it costs no thread of its own.

use std::mem::ManuallyDrop;
use std::net::IpAddr;
use std::time::Duration;

use candescent_emulator::{Config, Emulator, Fault, FaultKind, FaultRoute};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::{errors, runtime};

#[pyclass(frozen, module = "candescent._native", name = "Emulator")]
pub struct PyEmulator {
    // Like a client, an emulator that crossed a fork belongs to the parent's runtime and is leaked
    // in the child rather than torn down there.
    inner: ManuallyDrop<Emulator>,
    pid: u32,
}

impl PyEmulator {
    fn emulator(&self) -> PyResult<&Emulator> {
        if self.pid != std::process::id() {
            return Err(errors::internal(&format!(
                "this emulator was started in process {}; start a new one after fork",
                self.pid
            )));
        }
        Ok(&self.inner)
    }
}

impl Drop for PyEmulator {
    fn drop(&mut self) {
        if self.pid == std::process::id() {
            // SAFETY: dropped exactly once, here.
            let emulator = unsafe { ManuallyDrop::take(&mut self.inner) };
            // Garbage collection must not leave a server listening behind the user's back.
            runtime::handle().spawn(async move { emulator.shutdown().await });
        }
    }
}

#[pymethods]
impl PyEmulator {
    #[new]
    #[pyo3(signature = (
        *, host="127.0.0.1", port=0, client_id=None, client_secret=None, institution_id=None,
        token_ttl=3600.0, latency_ms=0, allowed_scopes=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        host: &str,
        port: u16,
        client_id: Option<String>,
        client_secret: Option<String>,
        institution_id: Option<String>,
        token_ttl: f64,
        latency_ms: u64,
        allowed_scopes: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let mut config = Config {
            host: host.parse::<IpAddr>().map_err(|_| {
                PyValueError::new_err(format!("host must be an IP address, got {host:?}"))
            })?,
            port,
            token_ttl: Duration::try_from_secs_f64(token_ttl).map_err(|_| {
                PyValueError::new_err(format!(
                    "token_ttl must be 0 or more seconds, got {token_ttl}"
                ))
            })?,
            latency: Duration::from_millis(latency_ms),
            ..Config::default()
        };
        if let Some(v) = client_id {
            config.client_id = v;
        }
        if let Some(v) = client_secret {
            config.client_secret = v;
        }
        if let Some(v) = institution_id {
            config.institution_id = v;
        }
        if let Some(v) = allowed_scopes {
            config.allowed_scopes = v;
        }
        let emulator = runtime::block_on(py, async move {
            candescent_emulator::start(config)
                .await
                .map_err(|e| errors::internal(&format!("the emulator could not start: {e}")))
        })?;
        Ok(PyEmulator {
            inner: ManuallyDrop::new(emulator),
            pid: std::process::id(),
        })
    }

    // The address and credentials are plain data, still true in a forked child (the server keeps
    // running in the parent), so they stay readable there; the rest needs the serving process.
    #[getter]
    fn base_url(&self) -> PyResult<String> {
        Ok(self.inner.base_url().to_owned())
    }

    #[getter]
    fn client_id(&self) -> PyResult<String> {
        Ok(self.inner.config().client_id.clone())
    }

    #[getter]
    fn client_secret(&self) -> PyResult<String> {
        Ok(self.inner.config().client_secret.clone())
    }

    #[getter]
    fn institution_id(&self) -> PyResult<String> {
        Ok(self.inner.config().institution_id.clone())
    }

    /// The admin API's `GET /__emulator/stats` as a dict.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let stats = serde_json::to_value(self.emulator()?.stats())
            .map_err(|e| errors::internal(&format!("cannot encode emulator stats: {e}")))?;
        crate::json::value_to_py(py, &stats)
    }

    #[pyo3(signature = (
        *, route, kind, count=1, status=None, code=None, retry_after=None, stall_ms=None,
        body=None, content_type=None, size=None, location=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn inject_fault(
        &self,
        route: &str,
        kind: &str,
        count: u32,
        status: Option<u16>,
        code: Option<String>,
        retry_after: Option<u64>,
        stall_ms: Option<u64>,
        body: Option<String>,
        content_type: Option<String>,
        size: Option<u64>,
        location: Option<String>,
    ) -> PyResult<()> {
        let route = route.parse::<FaultRoute>().map_err(|_| {
            PyValueError::new_err(format!(
                "route must be one of token, revoke, accounts, account, transactions, disclosures, any; got {route:?}"
            ))
        })?;
        let kind = kind.parse::<FaultKind>().map_err(|_| {
            PyValueError::new_err(format!(
                "kind must be one of {}; got {kind:?}",
                FaultKind::NAMES
            ))
        })?;
        let fault = Fault {
            route,
            count,
            kind,
            status,
            code,
            retry_after,
            stall_ms,
            body,
            content_type,
            size,
            location,
        };
        fault.validate().map_err(PyValueError::new_err)?;
        self.emulator()?.inject_fault(fault);
        Ok(())
    }

    /// Every issued token expires now; with `refresh_tokens=False` only the access tokens,
    /// so a signed-in user's session renews with one refresh.
    #[pyo3(signature = (*, refresh_tokens=true))]
    fn expire_tokens(&self, refresh_tokens: bool) -> PyResult<()> {
        if refresh_tokens {
            self.emulator()?.expire_tokens();
        } else {
            self.emulator()?.expire_access_tokens();
        }
        Ok(())
    }

    /// A one-time authorization code for the user `login_id` (e.g. `testUser`), for this
    /// emulator's own application: what an OpenID Connect sign-in hands your redirect URI.
    #[pyo3(signature = (login_id="testUser"))]
    fn authorization_code(&self, login_id: &str) -> PyResult<String> {
        self.emulator()?
            .authorization_code(login_id)
            .ok_or_else(|| errors::internal(&format!("the emulator knows no user {login_id:?}")))
    }

    fn revoke_tokens(&self) -> PyResult<()> {
        self.emulator()?.revoke_tokens();
        Ok(())
    }

    fn reset(&self) -> PyResult<()> {
        self.emulator()?.reset();
        Ok(())
    }

    /// Stop serving. Idempotent; a no-op in a forked child.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        if self.pid != std::process::id() {
            return Ok(());
        }
        let emulator = (*self.inner).clone();
        runtime::block_on(py, async move {
            emulator.shutdown().await;
            Ok(())
        })
    }

    fn __repr__(&self) -> String {
        format!("<candescent.testing.Emulator {}>", self.inner.base_url())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEmulator>()
}
