//! `candescent transactions list`: every page of one or more accounts, streamed.

use std::io::IsTerminal;

use candescent::{ListAccounts, ListTransactions};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Context;
use crate::{
    args::{Format, TransactionsCommand, TransactionsList},
    exit::{Exit, Failure},
    output::{columns, csv, table, JsonArray},
};

/// Runs `transactions list`.
pub async fn run(ctx: &mut Context, command: TransactionsCommand) -> Result<(), Failure> {
    let TransactionsCommand::List(args) = command;
    let template = template(&args)?;
    let accounts = if args.all_accounts {
        let params = ListAccounts {
            host_user_id: args.user.host_user_id.clone(),
            login_id: args.user.login_id.clone(),
            institution_customer_id: args.customer.clone(),
            ..ListAccounts::default()
        };
        let list = super::accounts::list(ctx, &params).await?;
        list.accounts.into_iter().map(|a| a.id).collect()
    } else {
        args.accounts.clone()
    };
    let progress = Progress::new(accounts.len() as u64);
    let mut sink = Sink::start(ctx)?;
    let mut count = 0u64;
    for account in &accounts {
        let params = ListTransactions {
            account_id: account.clone(),
            ..template.clone()
        };
        let mut pages = ctx.client.transactions().list(&params);
        while let Some(page) = pages.next_page().await.map_err(|e| {
            progress.abandon();
            ctx.fail(e)
        })? {
            count += page.len() as u64;
            progress.transactions(count);
            for t in &page {
                sink.push(ctx, t).map_err(Failure::io)?;
            }
        }
        progress.account_done();
    }
    progress.finish(count, accounts.len());
    sink.finish(ctx).map_err(Failure::io)
}

/// The parameters every account's listing shares.
fn template(args: &TransactionsList) -> Result<ListTransactions, Failure> {
    let date = |flag: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| {
                NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
                    Failure::new(
                        Exit::Usage,
                        format!("{flag} must be a date as YYYY-MM-DD, not {t:?}"),
                    )
                })
            })
            .transpose()
    };
    Ok(ListTransactions {
        account_id: String::new(),
        host_user_id: args.user.host_user_id.clone(),
        login_id: args.user.login_id.clone(),
        institution_customer_id: args.customer.clone(),
        start_date: date("--from", &args.from)?,
        end_date: date("--to", &args.to)?,
        retrieve_future_transactions: args.future.then_some(true),
        filter: args.filter.clone(),
        is_credit_transaction: match (args.credits, args.debits) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        additional_fields: None,
        page_size: args.page_size,
    })
}

/// Where transactions go as they arrive: JSON and CSV are written at once, a table (whose
/// columns fit the widest cell) at the end.
enum Sink {
    Json(JsonArray),
    Csv,
    Table(Vec<Vec<String>>),
}

impl Sink {
    fn start(ctx: &mut Context) -> Result<Sink, Failure> {
        match ctx.out.format {
            Format::Json => JsonArray::start(&mut ctx.out).map(Sink::Json),
            Format::Csv => {
                csv::record(ctx.out.writer(), columns::TRANSACTION_CSV).map(|_| Sink::Csv)
            }
            Format::Table => Ok(Sink::Table(Vec::new())),
        }
        .map_err(Failure::io)
    }

    fn push(&mut self, ctx: &mut Context, t: &candescent::Transaction) -> std::io::Result<()> {
        match self {
            Sink::Json(array) => array.push(&mut ctx.out, t),
            Sink::Csv => csv::record(ctx.out.writer(), columns::transaction_csv_row(t)),
            Sink::Table(rows) => {
                rows.push(columns::transaction_table_row(t));
                Ok(())
            }
        }
    }

    fn finish(self, ctx: &mut Context) -> std::io::Result<()> {
        match self {
            Sink::Json(array) => array.finish(&mut ctx.out),
            Sink::Csv => Ok(()),
            Sink::Table(rows) => table::write(ctx.out.writer(), &columns::TRANSACTION_TABLE, &rows),
        }
    }
}

/// A progress bar on standard error when it is a terminal; nothing otherwise, so that a
/// script's captured output holds only what it asked for.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(accounts: u64) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(accounts), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} accounts, {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message("0 transactions");
        bar.tick();
        Progress { bar: Some(bar) }
    }

    fn transactions(&self, count: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{count} transactions"));
        }
    }

    fn account_done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn abandon(&self) {
        if let Some(bar) = &self.bar {
            bar.abandon();
        }
    }

    fn finish(&self, count: u64, accounts: usize) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            let s = if accounts == 1 { "" } else { "s" };
            eprintln!("{count} transactions from {accounts} account{s}");
        }
    }
}
