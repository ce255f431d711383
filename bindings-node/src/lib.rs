//! Node.js binding of the `candescent` client (the npm package `candescent`).
//!
//! This crate only converts: JS arguments into the core's, answers into the core's wire form,
//! core errors into a payload the JS wrapper (`lib/`) turns into real error classes. Every
//! operation of the core's table goes through the same few entry points (`client.rs`); the JS
//! namespaces and models are generated (`codegen/emit_node.py`). Every request runs on napi's
//! tokio runtime, so the JS thread never waits on the network.

// The futures of paged calls nest deeper than the default limit allows to lay out.
#![recursion_limit = "256"]

pub mod abort;
mod args;
pub mod call;
pub mod cli;
pub mod client;
pub mod emulator;
mod errors;
pub mod logging;
pub mod models;
pub mod raw;
mod runtime;
pub mod session;
mod text;

use napi_derive::napi;

/// The binding's version; the JS tests check it against `package.json`.
#[napi]
pub fn binding_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The core crate's version, reported next to the binding's for bug reports.
#[napi]
pub fn core_version() -> String {
    candescent::VERSION.to_string()
}

/// The accounts (as `JSON.stringify` gives them) as the text table every demo prints.
#[napi]
pub fn format_accounts(accounts_json: String) -> napi::Result<String> {
    let accounts: Vec<candescent::Account> = serde_json::from_str(&accounts_json)
        .map_err(|e| errors::validation(&format!("formatAccounts needs accounts: {e}")))?;
    Ok(candescent::format_accounts(&accounts))
}

/// Lets the test suite prove that a panic on the runtime becomes a `CandescentError`
/// instead of taking the process down. Not part of the public (typed) surface.
#[napi(js_name = "__panicForTests")]
pub async fn panic_for_tests(sync: Option<bool>) -> napi::Result<()> {
    if sync.unwrap_or(false) {
        return runtime::guarded_sync(|| panic!("deliberate panic (sync)"));
    }
    runtime::guarded(async {
        // A real await first, so the panic happens on a runtime worker, not during the call.
        tokio::task::yield_now().await;
        panic!("deliberate panic (async)")
    })
    .await
}
