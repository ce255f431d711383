//! The command line's grammar.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The top of `candescent --help`: how settings are found, and the exit codes.
const AFTER_HELP: &str = "\
Settings, each from the first place that has it:
  1. the flags above (--client-id, --institution-id, --base-url, ...);
  2. the profile named by --profile or CANDESCENT_PROFILE, if any;
  3. the CANDESCENT_* variables (CANDESCENT_CLIENT_ID, CANDESCENT_CLIENT_SECRET,
     CANDESCENT_INSTITUTION_ID, CANDESCENT_BASE_URL, ...);
  4. the profile \"default\", if the config file has one.
The secret is never a flag: set CANDESCENT_CLIENT_SECRET or run `candescent configure`.
Config file: $CANDESCENT_CONFIG, else $XDG_CONFIG_HOME/candescent/config.toml, else
~/.config/candescent/config.toml.

Exit codes:
  0 success                 4 authentication refused     7 network error or timeout
  1 other error             5 not found                  8 other API error
  2 usage or bad input      6 rate limited
  3 configuration";

/// The `candescent` command: the Candescent Digital Banking API from a shell.
#[derive(Debug, Parser)]
#[command(name = "candescent", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The profile of the config file to use (also CANDESCENT_PROFILE).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// The config file (also CANDESCENT_CONFIG).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Output format: table (the default on a terminal), json (the default otherwise) or csv.
    #[arg(long, short, global = true, value_enum)]
    pub output: Option<Format>,
    /// The Shared Key (client id) of the Developer Console.
    #[arg(long, global = true, value_name = "ID")]
    pub client_id: Option<String>,
    /// The financial institution's id, e.g. 00016.
    #[arg(long, global = true, value_name = "ID")]
    pub institution_id: Option<String>,
    /// stage or production.
    #[arg(long, global = true, value_name = "NAME")]
    pub environment: Option<String>,
    /// Any base URL, e.g. an emulator's http://127.0.0.1:PORT.
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Scopes to request, comma-separated (default: all the application is allowed).
    #[arg(long, global = true, value_name = "LIST")]
    pub scopes: Option<String>,
    /// Seconds one attempt may take.
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// More attempts after a failed idempotent request.
    #[arg(long, global = true, value_name = "N")]
    pub max_retries: Option<u32>,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people: masked account numbers, exact amounts.
    Table,
    /// The API's JSON, money exact.
    Json,
    /// RFC 4180: a header, then one row per item (account, transaction, recipient, …).
    Csv,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Gets a token with the configured credentials and shows its scopes and expiry.
    Token(TokenArgs),
    /// A customer's accounts.
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// The transactions of accounts.
    #[command(subcommand)]
    Transactions(TransactionsCommand),
    /// Sends a request to any endpoint, with the token, transactionId and retries handled.
    Request(RequestArgs),
    /// Runs the local Candescent API emulator until Ctrl-C.
    #[command(after_help = candescent_emulator::cli::AFTER_HELP)]
    Emulator(candescent_emulator::cli::ServeArgs),
    /// Writes a profile to the config file, prompting for the secret.
    Configure(ConfigureArgs),
    /// Prints a completion script: `candescent completions bash > /etc/bash_completion.d/candescent`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `candescent token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Also print the access token itself.
    #[arg(long)]
    pub show_token: bool,
}

/// Whose accounts: exactly one of the two ids.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct User {
    /// The FI's id of the end user.
    #[arg(long, value_name = "ID")]
    pub host_user_id: Option<String>,
    /// The end user's login id.
    #[arg(long, value_name = "ID")]
    pub login_id: Option<String>,
}

/// Options that shape what an account call returns.
#[derive(Debug, Args)]
pub struct AccountOptions {
    /// A business customer (location) of the user.
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
    /// The field set: s (small) or m (medium).
    #[arg(long, value_name = "s|m")]
    pub view: Option<String>,
    /// Whether accounts shared by other users are included (default true).
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub cross_account: Option<bool>,
    /// Ask for the additionalInfo map.
    #[arg(long)]
    pub additional_fields: bool,
}

/// `candescent accounts …`.
#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Lists the user's accounts.
    List {
        #[command(flatten)]
        user: User,
        /// An OData filter, e.g. "category eq 'DEPOSIT'".
        #[arg(long)]
        filter: Option<String>,
        #[command(flatten)]
        options: AccountOptions,
    },
    /// One account.
    Get {
        /// The account's id.
        id: String,
        #[command(flatten)]
        user: User,
        #[command(flatten)]
        options: AccountOptions,
    },
}

/// `candescent transactions …`.
#[derive(Debug, Subcommand)]
pub enum TransactionsCommand {
    /// Every transaction of one or more accounts, page after page.
    List(TransactionsList),
}

/// `candescent transactions list`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["accounts", "all_accounts"]))]
pub struct TransactionsList {
    /// The account; repeat for several.
    #[arg(long = "account", value_name = "ID")]
    pub accounts: Vec<String>,
    /// Every account of the user, in the order of `accounts list`.
    #[arg(long, conflicts_with = "accounts")]
    pub all_accounts: bool,
    #[command(flatten)]
    pub user: User,
    /// First day, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// An OData filter on id and description, e.g. "contains(description,'Debit')".
    #[arg(long)]
    pub filter: Option<String>,
    /// Only money in.
    #[arg(long, conflicts_with = "debits")]
    pub credits: bool,
    /// Only money out.
    #[arg(long)]
    pub debits: bool,
    /// Include scheduled future transactions.
    #[arg(long)]
    pub future: bool,
    /// Transactions per request (default 100).
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
    /// A business customer (location) of the user.
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
}

/// `candescent request`.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
    pub method: String,
    /// A path under the base URL, e.g. /v1/institution-disclosures.
    pub path: String,
    /// A query parameter; repeat for several.
    #[arg(long, value_name = "KEY=VALUE")]
    pub query: Vec<String>,
    /// A header; repeat for several.
    #[arg(long, value_name = "NAME:VALUE")]
    pub header: Vec<String>,
    /// A JSON body: the text, @FILE, or - for standard input.
    #[arg(long, value_name = "BODY")]
    pub json: Option<String>,
    /// Retry a POST or PATCH too (they are not retried by default: a repeat could act twice).
    #[arg(long)]
    pub retry: bool,
    /// Print the status line and headers to standard error.
    #[arg(long, short)]
    pub include: bool,
}

/// `candescent configure`.
#[derive(Debug, Args)]
pub struct ConfigureArgs {
    /// Read the secret from standard input instead of prompting (for scripts).
    #[arg(long)]
    pub secret_stdin: bool,
}
