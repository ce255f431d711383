//! `candescent._native`: the Python skin over the Rust core crate `candescent`.
//!
//! The binding converts types and errors only; every behaviour (configuration, tokens, retries,
//! paging, decoding) is the core's. The pure-Python package `candescent` re-exports these classes
//! together with the exception tree.

mod args;
mod call;
mod cli;
mod client;
mod completions;
mod emulator;
mod errors;
mod json;
mod logging;
mod model;
mod raw;
mod runtime;
mod session;

use pyo3::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Panics inside the runtime on purpose, so that the tests can prove a panic reaches Python as a
/// `CandescentError`, not as pyo3's `PanicException` (a `BaseException`).
#[pyfunction]
#[pyo3(signature = (*, awaitable=false))]
fn _panic_for_tests(py: Python<'_>, awaitable: bool) -> PyResult<Bound<'_, PyAny>> {
    async fn boom() -> PyResult<()> {
        panic!("deliberate panic for the tests")
    }
    if awaitable {
        runtime::future_into_py(py, boom())
    } else {
        runtime::block_on(py, boom())?;
        Ok(py.None().into_bound(py))
    }
}

/// The accounts as the text table every demo prints (masked numbers, exact amounts): an
/// `AccountList` or any iterable of `Account`s.
#[pyfunction]
fn format_accounts(accounts: &Bound<'_, PyAny>) -> PyResult<String> {
    let items: Vec<Bound<'_, PyAny>> = match accounts.cast::<model::PyModel>() {
        Ok(list) => {
            let inner = &list.get().inner;
            let Some(items) = inner.items() else {
                return Err(errors::validation(format!(
                    "format_accounts takes accounts, not a {}",
                    inner.model().name
                )));
            };
            // The core's table reads its own account type, decoded from the server's JSON.
            let accounts = items.iter().map(account).collect::<PyResult<Vec<_>>>()?;
            return Ok(candescent::format_accounts(&accounts));
        }
        Err(_) => accounts.try_iter()?.collect::<PyResult<_>>()?,
    };
    let mut accounts = Vec::with_capacity(items.len());
    for item in items {
        let model = item
            .cast::<model::PyModel>()
            .map_err(|_| errors::validation("format_accounts takes Account models".to_owned()))?;
        accounts.push(account(&candescent::data::Data::Obj(
            (*model.get().inner).clone(),
        ))?);
    }
    Ok(candescent::format_accounts(&accounts))
}

fn account(data: &candescent::data::Data) -> PyResult<candescent::Account> {
    serde_json::from_str(&candescent::data::to_json_text(data))
        .map_err(|e| errors::validation(format!("format_accounts takes accounts: {e}")))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(format_accounts, m)?)?;
    m.add("CORE_VERSION", candescent::VERSION)?;
    model::register(m)?;
    raw::register(m)?;
    call::register(m)?;
    client::register(m)?;
    session::register(m)?;
    emulator::register(m)?;
    cli::register(m)?;
    Ok(())
}
