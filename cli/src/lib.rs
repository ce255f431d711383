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
    if args.get(1).is_some_and(|a| a == "emulator") {
        return emulator(args);
    }
    let parsed = commands::table::parse(args).and_then(|matches| {
        match commands::table::matched(&matches) {
            // An operation of the table: its arguments stay as matched.
            Some(_) => <args::Global as clap::FromArgMatches>::from_arg_matches(&matches)
                .map(|global| Parsed::Table(global, matches)),
            None => {
                <args::Cli as clap::FromArgMatches>::from_arg_matches(&matches).map(Parsed::Cli)
            }
        }
    });
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage as i32
            } else {
                0
            };
        }
    };
    let cli = match parsed {
        Parsed::Cli(cli) => cli,
        Parsed::Table(global, matches) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            return match runtime {
                Ok(runtime) => finish(runtime.block_on(commands::run_table(global, &matches))),
                Err(e) => {
                    eprintln!("candescent: error: cannot start: {e}");
                    Exit::Other as i32
                }
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
    finish(runtime.block_on(commands::run(cli)))
}

/// `candescent emulator`: the emulator's own options only (the client's settings mean nothing
/// to it, and it has its own `--client-id` and `--institution-id`).
fn emulator(args: Vec<OsString>) -> i32 {
    use clap::{Args, FromArgMatches};
    let cmd = candescent_emulator::cli::ServeArgs::augment_args(clap::Command::new("emulator"))
        .bin_name("candescent emulator")
        .about("Runs the local Candescent API emulator until Ctrl-C")
        .long_about(None)
        .after_help(candescent_emulator::cli::AFTER_HELP);
    let serve = cmd
        .try_get_matches_from(args.into_iter().skip(1))
        .and_then(|m| candescent_emulator::cli::ServeArgs::from_arg_matches(&m));
    let serve = match serve {
        Ok(serve) => serve,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage as i32
            } else {
                0
            };
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => {
            let code = runtime.block_on(candescent_emulator::cli::serve(
                serve,
                "candescent emulator",
            ));
            if code == std::process::ExitCode::SUCCESS {
                0
            } else {
                Exit::Other as i32
            }
        }
        Err(e) => {
            eprintln!("candescent: error: cannot start: {e}");
            Exit::Other as i32
        }
    }
}

/// The command line, as matched: a derived command or an operation of the table.
enum Parsed {
    Cli(args::Cli),
    Table(args::Global, clap::ArgMatches),
}

/// The exit code of a command's result, its failure reported.
fn finish(result: Result<(), exit::Failure>) -> i32 {
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
