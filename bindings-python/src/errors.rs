//! Core errors become the Python classes of `candescent._errors`.
//!
//! The classes are imported lazily (`import_exception!`), so a `PyErr` can be built on a tokio
//! worker without the GIL: the class is looked up only when Python sees the exception.

use pyo3::prelude::*;

mod py {
    pyo3::import_exception!(candescent._errors, CandescentError);
    pyo3::import_exception!(candescent._errors, ConfigurationError);
    pyo3::import_exception!(candescent._errors, ValidationError);
    pyo3::import_exception!(candescent._errors, ApiConnectionError);
    pyo3::import_exception!(candescent._errors, ApiTimeoutError);
    pyo3::import_exception!(candescent._errors, DecodeError);
    pyo3::import_exception!(candescent._errors, ClientClosedError);
    pyo3::import_exception!(candescent._errors, ApiError);
    pyo3::import_exception!(candescent._errors, BadRequestError);
    pyo3::import_exception!(candescent._errors, AuthenticationError);
    pyo3::import_exception!(candescent._errors, PermissionDeniedError);
    pyo3::import_exception!(candescent._errors, NotFoundError);
    pyo3::import_exception!(candescent._errors, RateLimitError);
    pyo3::import_exception!(candescent._errors, ServerError);
}

/// `(message, status, code, transaction_id, retry_after, text, may_have_reached_server)`,
/// the constructor of `candescent._errors.CandescentError`.
type Args = (
    String,
    Option<u16>,
    Option<String>,
    Option<String>,
    Option<f64>,
    String,
    bool,
);

pub fn to_pyerr(err: candescent::Error) -> PyErr {
    let args: Args = (
        err.message().to_owned(),
        err.status(),
        err.code().map(str::to_owned),
        err.transaction_id().map(str::to_owned),
        err.retry_after().map(|d| d.as_secs_f64()),
        err.to_string(),
        err.may_have_reached_server(),
    );
    match err.kind().class_name() {
        "ConfigurationError" => PyErr::new::<py::ConfigurationError, _>(args),
        "ValidationError" => PyErr::new::<py::ValidationError, _>(args),
        "ApiConnectionError" => PyErr::new::<py::ApiConnectionError, _>(args),
        "ApiTimeoutError" => PyErr::new::<py::ApiTimeoutError, _>(args),
        "DecodeError" => PyErr::new::<py::DecodeError, _>(args),
        "ClientClosedError" => PyErr::new::<py::ClientClosedError, _>(args),
        "BadRequestError" => PyErr::new::<py::BadRequestError, _>(args),
        "AuthenticationError" => PyErr::new::<py::AuthenticationError, _>(args),
        "PermissionDeniedError" => PyErr::new::<py::PermissionDeniedError, _>(args),
        "NotFoundError" => PyErr::new::<py::NotFoundError, _>(args),
        "RateLimitError" => PyErr::new::<py::RateLimitError, _>(args),
        "ServerError" => PyErr::new::<py::ServerError, _>(args),
        // A kind the core added after this binding was written is still an API error if the
        // core says so; never lose the error.
        _ if err.kind().is_api_error() => PyErr::new::<py::ApiError, _>(args),
        _ => PyErr::new::<py::CandescentError, _>(args),
    }
}

fn plain(message: String) -> Args {
    (message.clone(), None, None, None, None, message, false)
}

pub fn internal(message: &str) -> PyErr {
    PyErr::new::<py::CandescentError, _>(plain(message.to_owned()))
}

/// The tokio runtime and connection pool of a client do not survive `fork()`.
pub fn forked(created_in: u32) -> PyErr {
    internal(&format!(
        "this client was created in process {created_in}; create a new client after fork \
         (this is process {})",
        std::process::id()
    ))
}

/// Arguments refused before any traffic.
pub fn validation(message: String) -> PyErr {
    PyErr::new::<py::ValidationError, _>(plain(message))
}

/// A 2xx body that does not parse.
pub fn decode(err: candescent::Error) -> PyErr {
    to_pyerr(err)
}
