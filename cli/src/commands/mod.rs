//! One module per command; each turns its arguments into core calls and writes the result.

mod accounts;
mod completions;
mod configure;
pub(crate) mod request;
pub mod table;
mod token;
mod transactions;

use crate::{
    args::{Cli, Command, Global},
    exit::{Exit, Failure},
    output::Out,
    settings::Settings,
};

/// What every command that talks to the API needs.
pub struct Context {
    pub settings: Settings,
    pub client: candescent::Client,
    pub out: Out,
}

impl Context {
    fn new(global: &Global) -> Result<Context, Failure> {
        let settings = Settings::resolve(global)?;
        let client = settings.client()?;
        Ok(Context {
            settings,
            client,
            out: Out::new(global.output),
        })
    }

    /// A core error as a failure that names the setting to check.
    pub fn fail(&self, e: candescent::Error) -> Failure {
        Failure::from_error(&e, &self.settings)
    }
}

/// Runs a command.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let Cli { global, command } = cli;
    match command {
        Command::Configure(args) => return configure::run(&global, &args),
        Command::Completions { shell } => return completions::run(shell),
        Command::Emulator(serve) => {
            let code = candescent_emulator::cli::serve(serve, "candescent emulator").await;
            return if code == std::process::ExitCode::SUCCESS {
                Ok(())
            } else {
                // `serve` has said why on standard error.
                Err(Failure::new(Exit::Other, ""))
            };
        }
        _ => {}
    }
    let mut ctx = Context::new(&global)?;
    let keep_token = matches!(&command, Command::Token(args) if args.show_token);
    let result = match command {
        Command::Token(args) => token::run(&mut ctx, &args).await,
        Command::Accounts(command) => accounts::run(&mut ctx, command).await,
        Command::Transactions(command) => transactions::run(&mut ctx, command).await,
        Command::Request(args) => request::run(&mut ctx, args).await,
        _ => Ok(()),
    };
    let flushed = ctx.out.flush().map_err(Failure::io);
    // The token is revoked when the command is done, unless it was shown to be used.
    if !keep_token {
        ctx.client.close().await;
    }
    result.and(flushed)
}

/// Runs an operation of the table (see [`table`]).
pub async fn run_table(global: Global, matches: &clap::ArgMatches) -> Result<(), Failure> {
    let Some((op, own, wait)) = table::matched(matches) else {
        return Err(Failure::new(Exit::Usage, "no such command"));
    };
    let mut ctx = Context::new(&global)?;
    let result = table::run(&mut ctx, op, own, wait).await;
    let flushed = ctx.out.flush().map_err(Failure::io);
    ctx.client.close().await;
    result.and(flushed)
}
