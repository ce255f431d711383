//! `candescent accounts list|get`.

use candescent::{Account, AccountList, GetAccount, ListAccounts, View};

use super::Context;
use crate::{
    args::{AccountOptions, AccountsCommand, Format, User},
    exit::Failure,
    output::{columns, csv, table, Out},
};

/// Runs `accounts list` or `accounts get`.
pub async fn run(ctx: &mut Context, command: AccountsCommand) -> Result<(), Failure> {
    match command {
        AccountsCommand::List {
            user,
            filter,
            options,
        } => {
            let params = ListAccounts {
                host_user_id: user.host_user_id,
                login_id: user.login_id,
                institution_customer_id: options.customer.clone(),
                filter,
                view: view(&options, ctx)?,
                cross_account: options.cross_account,
                additional_fields: options.additional_fields.then_some(true),
                skip_groups: None,
            };
            let list = list(ctx, &params).await?;
            match ctx.out.format {
                Format::Json => ctx.out.json(&list),
                _ => write_accounts(&mut ctx.out, &list.accounts),
            }
            .map_err(Failure::io)
        }
        AccountsCommand::Get { id, user, options } => {
            let params = get_params(user, &options, ctx)?;
            let account = ctx
                .client
                .accounts()
                .get(&id, &params)
                .await
                .map_err(|e| ctx.fail(e))?;
            match ctx.out.format {
                Format::Json => ctx.out.json(&account),
                _ => write_accounts(&mut ctx.out, std::slice::from_ref(&account)),
            }
            .map_err(Failure::io)
        }
    }
}

/// The user's accounts (also what `transactions list --all-accounts` goes through).
pub(super) async fn list(ctx: &Context, params: &ListAccounts) -> Result<AccountList, Failure> {
    ctx.client
        .accounts()
        .list(params)
        .await
        .map_err(|e| ctx.fail(e))
}

fn get_params(user: User, options: &AccountOptions, ctx: &Context) -> Result<GetAccount, Failure> {
    Ok(GetAccount {
        host_user_id: user.host_user_id,
        login_id: user.login_id,
        institution_customer_id: options.customer.clone(),
        view: view(options, ctx)?,
        cross_account: options.cross_account,
        additional_fields: options.additional_fields.then_some(true),
    })
}

fn view(options: &AccountOptions, ctx: &Context) -> Result<Option<View>, Failure> {
    options
        .view
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|e| ctx.fail(e))
}

/// Accounts as a table or CSV.
fn write_accounts(out: &mut Out, accounts: &[Account]) -> std::io::Result<()> {
    match out.format {
        Format::Csv => {
            let w = out.writer();
            csv::record(&mut *w, columns::ACCOUNT_CSV)?;
            for a in accounts {
                csv::record(&mut *w, columns::account_csv_row(a))?;
            }
            Ok(())
        }
        _ => {
            let rows: Vec<Vec<String>> = accounts.iter().map(columns::account_table_row).collect();
            table::write(out.writer(), &columns::ACCOUNT_TABLE, &rows)
        }
    }
}
