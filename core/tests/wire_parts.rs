//! The wire form of answers as bindings take it (`Reply::wire`, `Reply::wire_parts`): one pass
//! over the server's JSON that writes exactly what the decoder's path writes, and pieces of a
//! long list that add up to it, on ordinary answers and on answers with fields the table does
//! not name.

mod common;

use candescent::call::{CallOptions, Reply};
use candescent::data::{to_wire_text, WirePart};
use candescent::input::Value;
use candescent::spec;
use candescent_emulator::{FaultKind, FaultRoute};
use common::*;

/// Reassembles the pieces into one answer, as the Node package does.
fn reassemble(parts: Vec<WirePart>, items: &str) -> serde_json::Value {
    let mut all = Vec::new();
    for part in parts {
        match part {
            WirePart::Items(bytes) => {
                let piece: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
                all.extend(piece);
            }
            WirePart::Whole { text, restart } => {
                if restart {
                    all.clear();
                }
                let mut whole: serde_json::Value = serde_json::from_slice(&text).unwrap();
                all.extend(whole[items].as_array().unwrap().iter().cloned());
                whole[items] = serde_json::Value::Array(all);
                return whole;
            }
        }
    }
    panic!("no final piece")
}

async fn call(client: &candescent::Client, op: &str, args: Vec<(&str, &str)>) -> Reply {
    let op = spec::find(op).unwrap();
    let args = args
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::Str(v.to_owned())))
        .collect();
    let prepared = client.prepare(op, args).unwrap();
    client
        .call(&prepared, &CallOptions::default())
        .await
        .unwrap()
}

fn parts(reply: &Reply, part_bytes: usize) -> Vec<WirePart> {
    let mut out = Vec::new();
    reply.wire_parts(part_bytes, &mut |p| out.push(p)).unwrap();
    out
}

#[tokio::test]
async fn pieces_of_a_long_list_add_up_to_the_decoders_wire_form() {
    let emu = emulator().await;
    let client = client(&emu);
    for (user, part_bytes) in [("gen-300", 16 * 1024), (USER, 1), ("future-values", 1)] {
        let reply = call(&client, "accounts.list", vec![("host_user_id", user)]).await;
        assert!(reply.is_list());
        let expected: serde_json::Value =
            serde_json::from_slice(&to_wire_text(&reply.data().unwrap())).unwrap();
        let one_pass: serde_json::Value = serde_json::from_slice(&reply.wire().unwrap()).unwrap();
        assert_eq!(one_pass, expected, "{user}");
        let parts = parts(&reply, part_bytes);
        assert!(matches!(parts.last(), Some(WirePart::Whole { .. })));
        if user.starts_with("gen-") {
            assert!(parts.len() > 5, "{user}: {} pieces", parts.len());
        }
        assert_eq!(reassemble(parts, "accounts"), expected, "{user}");
    }
}

#[tokio::test]
async fn every_answer_the_emulator_serves_is_written_as_the_decoder_writes_it() {
    let emu = emulator().await;
    let client = client(&emu);
    let list = call(&client, "accounts.list", vec![("host_user_id", USER)]).await;
    let data = list.data().unwrap();
    let first = data.as_obj().unwrap().items().unwrap()[0]
        .as_obj()
        .unwrap()
        .get_wire("id")
        .and_then(|d| d.as_str())
        .unwrap()
        .to_owned();
    for reply in [
        list,
        call(
            &client,
            "accounts.get",
            vec![("account_id", &first), ("host_user_id", USER)],
        )
        .await,
        call(
            &client,
            "accounts.get",
            vec![
                ("account_id", &first),
                ("host_user_id", USER),
                ("view", "s"),
            ],
        )
        .await,
        call(
            &client,
            "transactions.list",
            vec![("account_id", &first), ("host_user_id", USER)],
        )
        .await,
        call(&client, "customers.find", vec![("login_id", "gen-12")]).await,
    ] {
        let byte_for_byte = to_wire_text(&reply.data().unwrap());
        assert_eq!(
            String::from_utf8(reply.wire().unwrap()).unwrap(),
            String::from_utf8(byte_for_byte).unwrap(),
            "{}",
            reply.operation().id
        );
    }
}

#[tokio::test]
async fn a_wire_answer_that_fits_no_schema_is_a_decode_error() {
    let emu = emulator().await;
    let client = client(&emu);
    emu.inject_fault(candescent_emulator::Fault {
        body: Some(r#"{"accounts":[{"id":"a"}]}"#.to_owned()),
        ..fault(FaultRoute::Accounts, FaultKind::Body, 2)
    });
    for whole in [false, true] {
        let reply = call(&client, "accounts.list", vec![("host_user_id", USER)]).await;
        let err = if whole {
            reply.wire().unwrap_err()
        } else {
            reply.wire_parts(1, &mut |_| {}).unwrap_err()
        };
        assert_eq!(err.kind(), candescent::ErrorKind::Decode, "{err}");
        assert!(
            err.to_string().contains("does not match the API's schema"),
            "{err}"
        );
    }
}
