//! `candescent request METHOD PATH`: any endpoint, with the client's token, `transactionId`,
//! retries and errors.

use std::io::Read as _;

use candescent::parse_method;

use super::Context;
use crate::{
    args::{Format, RequestArgs},
    exit::{Exit, Failure},
    output::{csv, rows, table},
};

/// Sends the request and writes the answer: its body as is for JSON, its records for a
/// table or CSV.
pub async fn run(ctx: &mut Context, args: RequestArgs) -> Result<(), Failure> {
    let method = parse_method(&args.method).map_err(|e| ctx.fail(e))?;
    let mut request = ctx.client.request(method, &args.path).retry(args.retry);
    for pair in &args.query {
        let (key, value) = pair.split_once('=').ok_or_else(|| {
            Failure::new(
                Exit::Usage,
                format!("--query takes KEY=VALUE, not {pair:?}"),
            )
        })?;
        request = request.query(key, value);
    }
    for pair in &args.header {
        let (name, value) = pair.split_once(':').ok_or_else(|| {
            Failure::new(
                Exit::Usage,
                "--header takes NAME:VALUE (the value is not shown here)",
            )
        })?;
        request = request.header(name.trim(), value.trim());
    }
    if let Some(body) = &args.json {
        let text = json_body(body)?;
        request = request.json_text(text);
    }
    let response = request.send().await.map_err(|e| ctx.fail(e))?;
    if args.include {
        let mut head = format!("HTTP {}\n", response.status());
        for (name, value) in response.meta().header_pairs() {
            head.push_str(&format!("{name}: {value}\n"));
        }
        head.push_str(&format!(
            "(sent with transactionId {})\n",
            response.transaction_id()
        ));
        eprint!("{head}");
    }
    let bytes = response.bytes();
    let out = &mut ctx.out;
    let parsed = || serde_json::from_slice::<serde_json::Value>(bytes).ok();
    match (out.format, parsed()) {
        (Format::Json, _) | (_, None) => {
            out.raw(bytes)?;
            if !bytes.is_empty() && !bytes.ends_with(b"\n") {
                out.raw(b"\n")?;
            }
            Ok(())
        }
        (Format::Csv, Some(body)) => {
            let (names, records) = rows::rows(&body);
            let w = out.writer();
            csv::record(&mut *w, &names)?;
            records.iter().try_for_each(|r| csv::record(&mut *w, r))
        }
        (Format::Table, Some(body)) => {
            let (names, records) = rows::rows(&body);
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
    }
    .map_err(Failure::io)
}

/// `--json`: the text, `@FILE`, or `-` for standard input; checked to be JSON before sending.
pub(crate) fn json_body(arg: &str) -> Result<Vec<u8>, Failure> {
    let text = if arg == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::new(Exit::Usage, format!("cannot read standard input: {e}")))?;
        buf
    } else if let Some(path) = arg.strip_prefix('@') {
        std::fs::read(path)
            .map_err(|e| Failure::new(Exit::Usage, format!("cannot read {path}: {e}")))?
    } else {
        arg.as_bytes().to_vec()
    };
    serde_json::from_slice::<serde::de::IgnoredAny>(&text)
        .map_err(|e| Failure::new(Exit::Usage, format!("--json is not valid JSON: {e}")))?;
    Ok(text)
}
