//! `candescent completions SHELL`.

use clap::CommandFactory;

use crate::{args::Cli, exit::Failure};

/// Prints the completion script of `shell`.
pub fn run(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "candescent", &mut out);
    Ok(())
}
