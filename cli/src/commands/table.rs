//! A subcommand for every operation of the table, built from it when the program starts:
//! `candescent recipients create --json @recipient.json`,
//! `candescent business payments ach list --login-id gen-12 --from-date … --to-date …`.
//! Names, arguments and `--help` come from the operation table; nothing here is per operation.

use std::ffi::OsString;

use candescent::call::{CallOptions, Pager};
use candescent::data::{to_json, to_masked_json, Data};
use candescent::input::Value;
use candescent::spec::{self, Format as StrFormat, Location, Operation, Param, Ty};
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::Context;
use crate::{
    args::Format,
    exit::{Exit, Failure},
    output::{csv, rows, table, JsonArray},
};

/// Operations the command line has hand-made commands for (with their own flags and
/// columns); the table's commands leave them be.
const HAND_MADE: [&str; 3] = ["accounts.list", "accounts.get", "transactions.list"];

fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

/// `candescent` with a subcommand per operation of the table added to `cmd`.
pub fn add(mut cmd: Command) -> Command {
    for op in spec::operations().filter(|op| !HAND_MADE.contains(&op.name)) {
        let parts: Vec<&str> = op.name.split('.').collect();
        cmd = attach(cmd, &parts, op, None);
        if op.wait.is_some() {
            let mut waiting = parts.clone();
            *waiting.last_mut().expect("a name has a method") = "wait";
            cmd = attach(cmd, &waiting, op, Some("wait"));
        }
    }
    cmd
}

/// The operation a `… wait` command reads again until its job ends.
fn waited(namespace: &str) -> Option<&'static Operation> {
    spec::operations().find(|op| {
        op.wait.is_some()
            && op
                .name
                .rsplit_once('.')
                .is_some_and(|(ns, _)| ns == namespace)
    })
}

/// Adds `op` under the namespaces of `path`, creating the ones that do not exist yet.
fn attach(cmd: Command, path: &[&str], op: &'static Operation, wait: Option<&str>) -> Command {
    let name = kebab(path[0]);
    if path.len() == 1 {
        let mut sub = command(op, name);
        if let (Some(_), Some(w)) = (wait, op.wait) {
            sub = sub.about(format!(
                "Reads {} until the job's {} is final ({})",
                op.path,
                w.state,
                w.final_states.join(", ")
            ));
        }
        return cmd.subcommand(sub);
    }
    let exists = cmd.get_subcommands().any(|c| c.get_name() == name);
    let cmd = if exists {
        cmd
    } else {
        let about = format!("The {} operations.", path[0].replace('_', " "));
        cmd.subcommand(
            Command::new(name.clone())
                .about(about)
                .subcommand_required(true)
                .arg_required_else_help(true),
        )
    };
    cmd.mut_subcommand(name, |sub| attach(sub, &path[1..], op, wait))
}

/// What `--help` says of a parameter: facts from the table.
fn help(p: &Param) -> String {
    let mut notes = vec![format!("`{}`", p.wire)];
    if p.required {
        notes.push("required".into());
    }
    let rule = match p.ty {
        Ty::Str(r) => Some(r),
        Ty::List(Ty::Str(r)) => Some(*r),
        _ => None,
    };
    if let Some(r) = rule {
        if !r.values.is_empty() {
            notes.push(format!("one of {}", r.values.join(", ")));
        }
        match r.format {
            StrFormat::Date => notes.push("a date, YYYY-MM-DD".into()),
            StrFormat::DateTime => notes.push("an RFC 3339 date and time".into()),
            StrFormat::Binary => notes.push("a file's path".into()),
            _ => {}
        }
        if let Some(pattern) = r.pattern {
            notes.push(format!("matches {pattern}"));
        }
    }
    match p.ty {
        Ty::Int(_) => notes.push("a whole number".into()),
        Ty::Num(_) => notes.push("a number".into()),
        Ty::Bool => notes.push("true or false".into()),
        Ty::List(_) => notes.push("repeat for several".into()),
        _ => {}
    }
    notes.join("; ")
}

fn command(op: &'static Operation, name: String) -> Command {
    let mut long = format!(
        "{}\n\n{} {} ({}). Repeated automatically after a failure: {}.",
        op.title,
        op.method.as_str(),
        op.path,
        op.id,
        if op.retry {
            "yes, it only reads"
        } else {
            "no, a repeat could act twice"
        }
    );
    if op.paging != spec::Paging::None {
        long.push_str(" Every page is read and written as it arrives.");
    }
    long.push_str(&format!("\n\nReference: {}", op.reference));
    let mut cmd = Command::new(name).about(op.title).long_about(long);
    for p in op.params.iter().filter(|p| !p.hidden) {
        let id = p.name;
        let arg = if p.location == Location::Path {
            Arg::new(id).required(true).value_name(p.wire)
        } else {
            let arg = Arg::new(id).long(kebab(p.name)).value_name(p.wire);
            match p.ty {
                Ty::Bool => arg
                    .num_args(0..=1)
                    .default_missing_value("true")
                    .value_parser(clap::value_parser!(bool)),
                Ty::List(_) => arg.action(ArgAction::Append),
                _ => arg,
            }
        };
        cmd = cmd.arg(arg.help(help(p)));
    }
    if let Some(body) = op.body.filter(|b| !b.flatten) {
        let what = match body.ty {
            Ty::Obj(m) => format!("a `{}` object", m.name),
            _ => "JSON".to_owned(),
        };
        cmd = cmd.arg(
            Arg::new("json")
                .long("json")
                .value_name("BODY")
                .required(body.required)
                .help(format!(
                    "The request body, {what}: the JSON text, @FILE, or - for standard input"
                )),
        );
    }
    cmd
}

/// The operation the matches name and their own matches, when it is one of the table's.
pub fn matched(matches: &ArgMatches) -> Option<(&'static Operation, &ArgMatches, bool)> {
    let mut path = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        path.push(name.replace('-', "_"));
        at = sub;
    }
    let name = path.join(".");
    if HAND_MADE.contains(&name.as_str()) {
        return None;
    }
    if let Some(namespace) = name.strip_suffix(".wait") {
        return waited(namespace).map(|op| (op, at, true));
    }
    spec::find(&name).map(|op| (op, at, false))
}

/// A message about arguments in the command line's words: `--host-user-id`, not `host_user_id`.
fn flags(op: &Operation, message: &str) -> String {
    let mut out = message.to_owned();
    let mut params: Vec<&Param> = op.params.iter().filter(|p| !p.hidden).collect();
    // Longer names first, so `start_date` is not half-replaced by a shorter `date`.
    params.sort_by_key(|p| std::cmp::Reverse(p.name.len()));
    for p in params {
        let flag = if p.location == Location::Path {
            p.wire.to_uppercase()
        } else {
            format!("--{}", kebab(p.name))
        };
        out = replace_word(&out, p.name, &flag);
    }
    out.replace("body.", "--json ")
}

fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
        out.push_str(&rest[..at]);
        out.push_str(if boundary(before) && boundary(after) {
            with
        } else {
            word
        });
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

fn usage(message: String) -> Failure {
    Failure::new(Exit::Usage, message)
}

/// The command's arguments as the table reads them.
fn arguments(op: &'static Operation, m: &ArgMatches) -> Result<Vec<(String, Value)>, Failure> {
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| !p.hidden) {
        let flag = format!("--{}", kebab(p.name));
        if let Ty::Bool = p.ty {
            if let Some(b) = m.get_one::<bool>(p.name) {
                args.push((p.name.to_owned(), Value::Bool(*b)));
            }
            continue;
        }
        let Some(values) = m.get_many::<String>(p.name) else {
            continue;
        };
        let values: Vec<&String> = values.collect();
        let one =
            |text: &str, ty: Ty| -> Result<Value, Failure> {
                Ok(match ty {
                    Ty::Int(_) => Value::Int(text.parse().map_err(|_| {
                        usage(format!("{flag} must be a whole number, not {text:?}"))
                    })?),
                    Ty::Num(_) => Value::Decimal(text.to_owned()),
                    _ => Value::Str(text.to_owned()),
                })
            };
        let value = match p.ty {
            Ty::List(item) => Value::List(
                values
                    .iter()
                    .map(|v| one(v, *item))
                    .collect::<Result<_, _>>()?,
            ),
            ty => one(values[0], ty)?,
        };
        args.push((p.name.to_owned(), value));
    }
    let json = m.try_get_one::<String>("json").ok().flatten();
    if let (Some(body), Some(text)) = (op.body.filter(|b| !b.flatten), json) {
        let bytes = super::request::json_body(text)?;
        let json: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| usage(format!("--json is not valid JSON: {e}")))?;
        args.push((body.name.to_owned(), Value::from_json(json)));
    }
    Ok(args)
}

/// Runs an operation of the table and writes its answer (every page of a paged one).
pub async fn run(
    ctx: &mut Context,
    op: &'static Operation,
    m: &ArgMatches,
    wait: bool,
) -> Result<(), Failure> {
    let args = arguments(op, m)?;
    let prepared = ctx
        .client
        .prepare(op, args)
        .map_err(|e| usage(flags(op, e.message())))?;
    if wait {
        let data = ctx
            .client
            .wait(&prepared, &CallOptions::default())
            .await
            .map_err(|e| ctx.fail(e))?;
        return write_one(ctx, &data).map_err(Failure::io);
    }
    if op.paging == spec::Paging::None {
        let reply = ctx
            .client
            .call(&prepared, &CallOptions::default())
            .await
            .map_err(|e| ctx.fail(e))?;
        let data = reply.data().map_err(|e| ctx.fail(e))?;
        return write_one(ctx, &data).map_err(Failure::io);
    }
    let mut pager = ctx.client.pager(prepared, CallOptions::default());
    write_pages(ctx, &mut pager).await
}

fn write_one(ctx: &mut Context, data: &Data) -> std::io::Result<()> {
    let out = &mut ctx.out;
    if data.is_null() {
        return Ok(());
    }
    let json = match out.format {
        Format::Table => to_masked_json(data),
        _ => to_json(data),
    };
    match out.format {
        Format::Json => out.json(&json),
        Format::Csv => {
            let (names, records) = rows::rows(&json);
            let w = out.writer();
            csv::record(&mut *w, &names)?;
            records.iter().try_for_each(|r| csv::record(&mut *w, r))
        }
        Format::Table => write_table(out, &json),
    }
}

fn write_table(out: &mut crate::output::Out, json: &serde_json::Value) -> std::io::Result<()> {
    table_of(out, rows::rows(json))
}

fn table_of(
    out: &mut crate::output::Out,
    (names, records): (Vec<String>, Vec<Vec<String>>),
) -> std::io::Result<()> {
    let columns: Vec<table::Column> = names
        .iter()
        .map(|n| table::Column {
            header: n.clone().into(),
            right: false,
        })
        .collect();
    let records: Vec<Vec<String>> = records
        .into_iter()
        .map(|r| r.iter().map(|c| table::clip(c, 40)).collect())
        .collect();
    table::write(out.writer(), &columns, &records)
}

/// The items of every page: JSON as one array written element by element, CSV rows as they
/// come (the header from the first page), a table once all are in.
async fn write_pages(ctx: &mut Context, pager: &mut Pager) -> Result<(), Failure> {
    let mut array = None;
    let mut header: Option<Vec<String>> = None;
    let mut all = Vec::new();
    while let Some(page) = pager.next_page().await.map_err(|e| ctx.fail(e))? {
        for item in &page.items {
            let out = &mut ctx.out;
            let json = match out.format {
                Format::Table => to_masked_json(item),
                _ => to_json(item),
            };
            match out.format {
                Format::Json => {
                    if array.is_none() {
                        array = Some(JsonArray::start(out).map_err(Failure::io)?);
                    }
                    if let Some(a) = array.as_mut() {
                        a.push(out, &json).map_err(Failure::io)?;
                    }
                }
                Format::Csv => {
                    // Each item is one row, even one that holds a list of its own.
                    let (names, records) = rows::records_rows(vec![&json]);
                    let w = out.writer();
                    let names = match &header {
                        Some(h) => h.clone(),
                        None => {
                            csv::record(&mut *w, &names).map_err(Failure::io)?;
                            header = Some(names.clone());
                            names
                        }
                    };
                    let own = rows::records_rows(vec![&json]).0;
                    for record in records {
                        let aligned: Vec<String> = names
                            .iter()
                            .map(|n| {
                                own.iter()
                                    .position(|o| o == n)
                                    .map(|i| record[i].clone())
                                    .unwrap_or_default()
                            })
                            .collect();
                        csv::record(&mut *w, &aligned).map_err(Failure::io)?;
                    }
                }
                Format::Table => all.push(json),
            }
        }
    }
    let out = &mut ctx.out;
    match out.format {
        Format::Json => match array {
            Some(a) => a.finish(out),
            None => out.raw(b"[]\n"),
        },
        Format::Csv => Ok(()),
        Format::Table => table_of(out, rows::records_rows(all.iter().collect())),
    }
    .map_err(Failure::io)
}

/// The program's arguments matched against the full grammar: the derived commands and the
/// table's.
pub fn parse(args: Vec<OsString>) -> Result<ArgMatches, clap::Error> {
    let cmd = add(<crate::args::Cli as clap::CommandFactory>::command());
    cmd.try_get_matches_from(args)
}
