//! The shared transaction cursor the Python and Node iterators hold: clones share one position,
//! buffered items come without I/O, pages and items interleave without loss or repetition.

mod common;

use candescent::{ListAccounts, ListTransactions};
use common::*;
use futures::TryStreamExt;

#[tokio::test]
async fn clones_share_one_position_and_buffered_items_need_no_request() {
    let emu = emulator().await;
    let client = client(&emu);
    let user = "gen-3";
    let list = client
        .accounts()
        .list(&ListAccounts::host_user_id(user))
        .await
        .unwrap();
    let params = ListTransactions::new(list.accounts[0].id.clone())
        .host_user_id(user)
        .page_size(5);
    let whole: Vec<_> = client
        .transactions()
        .list(&params)
        .try_collect()
        .await
        .unwrap();
    assert!(whole.len() > 10, "several pages: {}", whole.len());

    let cursor = client.transactions().list(&params).cursor();
    let other = cursor.clone();
    assert!(cursor.buffered().is_none(), "nothing read yet");
    let before = emu.stats().requests.transactions;

    let mut seen = vec![cursor.next().await.unwrap().unwrap()];
    // The rest of the first page is buffered: read through the clone, without a request.
    while let Some(t) = other.buffered() {
        seen.push(t);
    }
    assert_eq!(seen.len(), 5);
    assert_eq!(emu.stats().requests.transactions, before + 1);

    // A page, then items, from either handle: the same sequence as the stream.
    let page = other.next_page().await.unwrap().unwrap();
    assert!(!page.is_empty() && page.len() <= 5);
    seen.extend(page);
    while let Some(t) = cursor.next().await.unwrap() {
        seen.push(t);
    }
    assert_eq!(seen, whole);
    assert!(cursor.is_done() && other.is_done());
    assert!(other.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn bad_parameters_come_out_of_the_first_read() {
    let emu = emulator().await;
    let client = client(&emu);
    let cursor = client
        .transactions()
        .list(&ListTransactions::new("A"))
        .cursor();
    let err = cursor.next().await.unwrap_err();
    assert_eq!(err.kind(), candescent::ErrorKind::Validation);
    assert!(
        cursor.next().await.unwrap().is_none(),
        "ends after the error"
    );
    assert_eq!(emu.stats().requests.transactions, 0);
}
