//! The `candescent` command line inside the extension module: the console script and
//! `python -m candescent` run the same program as the Rust binary, without a second download.

use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;

/// The exit code of a Rust program that panicked.
const PANICKED: i32 = 101;

/// Runs the command line with these arguments (the program's name first) and returns its exit
/// code. It writes to the process's standard output and error directly, so flush
/// `sys.stdout` first.
///
/// ```python
/// import sys
/// from candescent._native import run_cli
///
/// sys.exit(run_cli(["candescent", "accounts", "list", "--host-user-id", "1234567890"]))
/// ```
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<String>) -> i32 {
    // The command makes its own runtime and may run for minutes (an export, the emulator):
    // other Python threads keep running meanwhile.
    py.detach(move || {
        let code = catch_unwind(AssertUnwindSafe(|| candescent_cli::run(args))).unwrap_or(PANICKED);
        // A program's exit flushes Rust's standard output; the interpreter's exit does not.
        let _ = std::io::stdout().flush();
        code
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run_cli, m)?)
}
