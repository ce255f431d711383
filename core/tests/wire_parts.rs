//! The wire form of answers as bindings take it: pieces of an account list that add up to
//! exactly what the models give, on ordinary answers and on answers with fields the models do
//! not name.

mod common;

use candescent::wire::{self, ListPart};
use candescent::{GetAccount, ListAccounts};
use candescent_emulator::{FaultKind, FaultRoute};
use common::*;

/// Reassembles the pieces into one list value, as `lib/models.cjs` does.
fn reassemble(parts: Vec<ListPart>) -> serde_json::Value {
    let mut accounts = Vec::new();
    for part in parts {
        match part {
            ListPart::Accounts(bytes) => {
                let piece: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
                accounts.extend(piece);
            }
            ListPart::List { text, restart } => {
                if restart {
                    accounts.clear();
                }
                let mut list: serde_json::Value = serde_json::from_slice(&text).unwrap();
                accounts.extend(list["accounts"].as_array().unwrap().iter().cloned());
                list["accounts"] = serde_json::Value::Array(accounts);
                return list;
            }
        }
    }
    panic!("no final piece")
}

async fn parts(client: &candescent::Client, user: &str, part_bytes: usize) -> Vec<ListPart> {
    let (tx, rx) = std::sync::mpsc::channel();
    client
        .accounts()
        .list_wire_parts(&ListAccounts::host_user_id(user), part_bytes, move |p| {
            tx.send(p).unwrap();
        })
        .await
        .unwrap();
    rx.try_iter().collect()
}

#[tokio::test]
async fn pieces_of_a_long_list_add_up_to_the_models_wire_form() {
    let emu = emulator().await;
    let client = client(&emu);
    for (user, part_bytes) in [("gen-300", 16 * 1024), (USER, 1), ("future-values", 1)] {
        let models = client
            .accounts()
            .list(&ListAccounts::host_user_id(user))
            .await
            .unwrap();
        let expected: serde_json::Value = serde_json::from_str(&wire::to_wire(&models)).unwrap();
        let parts = parts(&client, user, part_bytes).await;
        assert!(matches!(parts.last(), Some(ListPart::List { .. })));
        if user.starts_with("gen-") {
            assert!(parts.len() > 5, "{user}: {} pieces", parts.len());
        }
        assert_eq!(reassemble(parts), expected, "{user}");
    }
}

#[tokio::test]
async fn one_account_in_the_wire_form_is_the_models_wire_form() {
    let emu = emulator().await;
    let client = client(&emu);
    let list = client.accounts().list(&list()).await.unwrap();
    let id = &list.accounts[0].id;
    let params = GetAccount::host_user_id(USER);
    let model = client.accounts().get(id, &params).await.unwrap();
    let text = client.accounts().get_wire(id, &params).await.unwrap();
    assert_eq!(String::from_utf8(text).unwrap(), wire::to_wire(&model));
}

#[tokio::test]
async fn a_wire_answer_that_fits_no_model_is_a_decode_error() {
    let emu = emulator().await;
    let client = client(&emu);
    emu.inject_fault(candescent_emulator::Fault {
        body: Some(r#"{"accounts":[{"id":"a"}]}"#.to_owned()),
        ..fault(FaultRoute::Accounts, FaultKind::Body, 1)
    });
    let (tx, _rx) = std::sync::mpsc::channel();
    let err = client
        .accounts()
        .list_wire_parts(&list(), 1, move |p| {
            let _ = tx.send(p);
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), candescent::ErrorKind::Decode, "{err}");
    assert!(
        err.to_string().contains("does not match the API's schema"),
        "{err}"
    );
}
