//! The bad-input table of `tests/bad_inputs.json`, run by the Rust core in both dialects the
//! bindings use (Python: snake case and seconds; Node: camel case and milliseconds). The Python
//! and Node packages run the same file with their own values.

mod common;

use candescent::input::{required_string, Args, Dialect, Naming, Value};
use candescent::{
    Client, ClientOptions, Error, FindCustomer, GetAccount, ListAccounts, ListTransactions,
};
use common::*;
use futures::TryStreamExt;
use serde_json::Value as Json;

fn value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) if !n.to_string().contains(['.', 'e', 'E']) => Value::Int(i),
            _ => Value::Float(n.as_f64().expect("a number")),
        },
        Json::String(s) => Value::Str(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(value).collect()),
        Json::Object(map) => {
            if let Some(Json::String(text)) = map.get("$big") {
                assert!(text.parse::<i64>().is_err(), "$big must not fit in i64");
                Value::BigInt
            } else if let Some(Json::String(text)) = map.get("$float") {
                Value::Float(match text.as_str() {
                    "NaN" => f64::NAN,
                    "Infinity" => f64::INFINITY,
                    t => t.parse().expect("a float"),
                })
            } else if let Some(Json::String(kind)) = map.get("$wrap") {
                Value::Other(
                    match kind.as_str() {
                        "string_object" => "String object",
                        _ => "Buffer object",
                    }
                    .into(),
                )
            } else if let Some(Json::String(date)) = map.get("$date") {
                Value::Date(date.parse().expect("a date"))
            } else {
                Value::Map(map.iter().map(|(k, v)| (k.clone(), value(v))).collect())
            }
        }
    }
}

fn args(json: &Json, naming: Naming, raw: bool) -> Args {
    json.as_object()
        .expect("args is an object")
        .iter()
        .map(|(k, v)| {
            let name = if raw {
                k.clone()
            } else {
                naming.spell(k).into_owned()
            };
            (name, value(v))
        })
        .collect()
}

async fn run(case: &Json, dialect: Dialect, emu: &candescent_emulator::Emulator) -> Error {
    let naming = dialect.naming;
    let raw = case["raw_names"].as_bool().unwrap_or(false);
    let mut args = args(&case["args"], naming, raw);
    let client = || {
        let options = ClientOptions {
            naming: Some(naming),
            ..ClientOptions::default()
        };
        builder(emu).options(options).build().unwrap()
    };
    let result: Result<(), Error> = match case["call"].as_str().unwrap() {
        "client" => {
            let mut base: Args = [
                ("client_id", Value::Str("id".into())),
                ("client_secret", Value::Str("canary-secret-7f3a".into())),
                ("institution_id", Value::Str("00016".into())),
                ("base_url", Value::Str("https://api.example.com".into())),
                ("use_env", Value::Bool(false)),
            ]
            .into_iter()
            .map(|(k, v)| (naming.spell(k).into_owned(), v))
            .filter(|(k, _)| !args.iter().any(|(n, _)| n == k))
            .collect();
            base.append(&mut args);
            ClientOptions::from_args(base, dialect)
                .and_then(|o| Client::builder().options(o).build())
                .map(drop)
        }
        "accounts.list" => match ListAccounts::from_args(args, naming) {
            Ok(p) => client().accounts().list(&p).await.map(drop),
            Err(e) => Err(e),
        },
        "accounts.get" => {
            let spelt = naming.spell("account_id").into_owned();
            let i = args.iter().position(|(n, _)| *n == spelt).unwrap();
            let (_, id) = args.remove(i);
            match required_string("account_id", id, naming)
                .and_then(|id| Ok((id, GetAccount::from_args(args, naming)?)))
            {
                Ok((id, p)) => client().accounts().get(&id, &p).await.map(drop),
                Err(e) => Err(e),
            }
        }
        "transactions.list" => match ListTransactions::from_args(args, naming) {
            Ok(p) => client().transactions().list(&p).try_next().await.map(drop),
            Err(e) => Err(e),
        },
        "customers.find" => match FindCustomer::from_args(args, naming) {
            Ok(p) => client().customers().find(&p).await.map(drop),
            Err(e) => Err(e),
        },
        "accounts.groups" => match ListAccounts::from_args(args, naming) {
            Ok(p) => client().accounts().groups(&p).next().await.map(drop),
            Err(e) => Err(e),
        },
        "request" => {
            let a = &case["args"];
            match candescent::parse_method(a["method"].as_str().unwrap()) {
                Err(e) => Err(e),
                Ok(method) => {
                    let mut b = client().request(method, a["path"].as_str().unwrap());
                    for (k, v) in a["headers"].as_object().into_iter().flatten() {
                        b = b.header(k, v.as_str().unwrap());
                    }
                    if !a["json"].is_null() {
                        b = b.json(&a["json"]);
                    }
                    if let Some(form) = a["form"].as_object() {
                        b = b.form(form.iter().map(|(k, v)| (k, v.as_str().unwrap())));
                    }
                    b.send().await.map(drop)
                }
            }
        }
        other => {
            let op =
                candescent::spec::find(other).unwrap_or_else(|| panic!("unknown call {other}"));
            let client = client();
            match client.prepare(op, args) {
                Ok(p) => client
                    .call(&p, &candescent::call::CallOptions::default())
                    .await
                    .map(drop),
                Err(e) => Err(e),
            }
        }
    };
    result.expect_err("a bad input must be refused")
}

#[tokio::test]
async fn bad_inputs_are_refused_before_traffic() {
    let table: Json = serde_json::from_str(include_str!("../../tests/bad_inputs.json")).unwrap();
    let emu = emulator().await;
    let mut ran = 0;
    for case in table["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let only: Vec<&str> = case["only"]
            .as_array()
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_else(|| vec!["python", "node"]);
        for (language, dialect) in [("python", Dialect::PYTHON), ("node", Dialect::NODE)] {
            if !only.contains(&language) {
                continue;
            }
            let err = run(case, dialect, &emu).await;
            let expect = &case["expect"];
            let text = format!("{err} {err:?}");
            assert_eq!(
                err.kind().class_name(),
                expect["error"].as_str().unwrap(),
                "{name} ({language}): {text}"
            );
            for mention in expect["mentions"].as_array().into_iter().flatten() {
                let spelt = dialect.naming.spell(mention.as_str().unwrap()).into_owned();
                assert!(
                    err.message().contains(&spelt),
                    "{name} ({language}): {text}"
                );
            }
            for word in expect["words"].as_array().into_iter().flatten() {
                let word = word.as_str().unwrap();
                assert!(err.message().contains(word), "{name} ({language}): {text}");
            }
            if let Some(secret) = expect["secret"].as_str() {
                assert!(!text.contains(secret), "{name} ({language}): {text}");
            }
            ran += 1;
        }
    }
    assert!(ran >= 40, "only {ran} cases ran");
    let stats = emu.stats();
    assert_eq!(
        stats.requests.accounts
            + stats.requests.account
            + stats.requests.transactions
            + stats.requests.disclosures,
        0
    );
    assert!(
        stats.operations.is_empty(),
        "no operation was called: {:?}",
        stats.operations
    );
}
