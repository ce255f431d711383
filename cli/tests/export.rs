//! A CSV export of a business user's thousands of transactions holds exactly the API's
//! data: every id, date, text and amount digit for digit, in the API's order.

mod common;

use serde_json::Value;

/// Every record of an RFC 4180 text (quoted fields, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a record ends with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

/// The text of a JSON value as the API sent it (numbers exactly), or "" when absent.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_export_of_thousands_of_transactions_is_the_apis_data_exactly() {
    let emulator = common::emulator().await;
    let base = emulator.base_url().to_owned();
    let dir = common::tempdir("export");
    let mut cmd = common::candescent(&dir, &base);
    cmd.args([
        "transactions",
        "list",
        "--all-accounts",
        "--host-user-id",
        "gen-100",
        "--output",
        "csv",
    ]);
    let out = common::run_async(cmd, "").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "no progress when not on a terminal");
    let records = parse_csv(std::str::from_utf8(&out.stdout).unwrap());
    let header = &records[0];
    let rows = &records[1..];

    // The API's answers, read here with plain HTTP and no SDK code.
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{base}/oauth2/v1/token"))
        .basic_auth(
            candescent_emulator::DEFAULT_CLIENT_ID,
            Some(candescent_emulator::DEFAULT_CLIENT_SECRET),
        )
        .header("transactionId", uuid())
        .header("institutionId", candescent_emulator::DEFAULT_INSTITUTION_ID)
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let get = |url: String| {
        let request = http
            .get(url)
            .header("Authorization", &bearer)
            .header("transactionId", uuid())
            .header("Accept", "application/json");
        async move {
            let body = request.send().await.unwrap().text().await.unwrap();
            serde_json::from_str::<Value>(&body).unwrap()
        }
    };
    let accounts = get(format!("{base}/v1/accounts?hostUserId=gen-100")).await;
    let mut expected = Vec::new();
    for account in accounts["accounts"].as_array().unwrap() {
        let id = account["id"].as_str().unwrap();
        let mut skip = 0;
        loop {
            let page = get(format!(
                "{base}/v1/transactions?accountId={id}&hostUserId=gen-100&$skip={skip}&$top=1000"
            ))
            .await;
            let items = page["transactions"].as_array().unwrap();
            expected.extend(items.iter().cloned());
            if page["pagination"]["next"].is_null() || items.is_empty() {
                break;
            }
            skip += items.len();
        }
    }
    assert!(
        expected.len() > 2000,
        "thousands of transactions: {}",
        expected.len()
    );
    assert_eq!(rows.len(), expected.len());
    for (row, txn) in rows.iter().zip(&expected) {
        for (name, cell) in header.iter().zip(row) {
            let want = match name.as_str() {
                "amount" => text(&txn["amount"]["amount"]),
                "currencyCode" => text(&txn["amount"]["currencyCode"]),
                field => text(&txn[field]),
            };
            assert_eq!(cell, &want, "{name} of transaction {}", txn["id"]);
        }
    }
    emulator.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_that_stops_early_ends_the_export_quietly() {
    use std::io::{BufRead as _, BufReader};
    let emulator = common::emulator().await;
    let dir = common::tempdir("head");
    let mut cmd = common::candescent(&dir, emulator.base_url());
    cmd.args([
        "transactions",
        "list",
        "--all-accounts",
        "--host-user-id",
        "gen-100",
        "-o",
        "csv",
    ])
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let (status, stderr) = tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().unwrap();
        // `| head -1`: read one line, then close the pipe.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("accountId,id,"));
        let out = child.wait_with_output().unwrap();
        (
            out.status,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap();
    assert!(status.success(), "{status:?} {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    emulator.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
