//! `candescent-emulator`: the emulator as a command-line server.

use std::process::ExitCode;

use candescent_emulator::cli::{serve, ServeArgs, AFTER_HELP};
use clap::Parser;

/// A local, in-memory Candescent Digital Banking API for development and tests.
#[derive(Debug, Parser)]
#[command(name = "candescent-emulator", version, about, after_help = AFTER_HELP)]
struct Args {
    #[command(flatten)]
    serve: ServeArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    serve(Args::parse().serve, "candescent-emulator").await
}
