//! `candescent._native`: the Python skin over the Rust core crate `candescent`.
//!
//! The binding converts types and errors only; every behaviour (configuration, tokens, retries,
//! paging, decoding) is the core's. The pure-Python package `candescent` re-exports these classes
//! together with the exception tree.

mod args;
mod async_client;
mod cli;
mod client;
mod completions;
mod customers;
mod emulator;
mod errors;
mod json;
mod logging;
mod models;
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

/// The accounts as the text table every demo prints (masked numbers, exact amounts).
#[pyfunction]
fn format_accounts(accounts: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(list) = accounts.cast::<models::PyAccountList>() {
        return Ok(candescent::format_accounts(&list.get().inner.accounts));
    }
    let mut items = Vec::new();
    for item in accounts.try_iter()? {
        items.push(item?.cast::<models::PyAccount>()?.get().inner.clone());
    }
    Ok(candescent::format_accounts(&items))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(format_accounts, m)?)?;
    m.add("CORE_VERSION", candescent::VERSION)?;
    models::register(m)?;
    raw::register(m)?;
    client::register(m)?;
    async_client::register(m)?;
    customers::register(m)?;
    session::register(m)?;
    emulator::register(m)?;
    cli::register(m)?;
    Ok(())
}
