//! # candescent-cli
//!
//! The `candescent` command line: check a key, list a customer's accounts, export
//! transactions, call any endpoint, or run the emulator, from a shell. The same program is
//! the `candescent` binary (`cargo install --path cli`), the Python package's `candescent`
//! console script and `python -m candescent`, and the npm package's `npx candescent`; they
//! all call [`run`].
//!
//! ```no_run
//! let code = candescent_cli::run(["candescent", "accounts", "list", "--host-user-id", "1234567890"]);
//! std::process::exit(code);
//! ```

mod args;
mod commands;
mod config_file;
mod exit;
mod output;
mod settings;

use std::ffi::OsString;

use clap::Parser;

pub use exit::Exit;
pub use output::csv::record as csv_record;
pub use output::rows::rows as json_rows;
pub use output::table;

/// Runs the command line with these arguments (the first is the program's name) and returns
/// the exit code; everything is written to standard output and standard error.
///
/// ```
/// assert_eq!(candescent_cli::run(["candescent", "--version"]), 0);
/// assert_eq!(candescent_cli::run(["candescent", "no-such-command"]), 2);
/// ```
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_args(args.into_iter().map(Into::into).collect())
}

/// The body of [`run`], compiled once here rather than in each caller's crate.
fn run_args(args: Vec<OsString>) -> i32 {
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage as i32
            } else {
                0
            };
        }
    };
    let runtime = match &cli.command {
        // The emulator serves many connections at once; a command is one call after another.
        args::Command::Emulator(_) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
        _ => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
    };
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("candescent: error: cannot start: {e}");
            return Exit::Other as i32;
        }
    };
    let result = runtime.block_on(commands::run(cli));
    match result {
        Ok(()) => 0,
        Err(failure) => {
            if !failure.message.is_empty() {
                failure.report();
            }
            failure.exit as i32
        }
    }
}
