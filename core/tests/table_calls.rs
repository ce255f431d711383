//! Operations of the table called by name through the generic path, against the emulator.

mod common;

use candescent::call::{CallOptions, Pager};
use candescent::data::{to_json_text, Data};
use candescent::input::Value;
use candescent::spec;
use common::{client, emulator, USER};

fn s(v: &str) -> Value {
    Value::Str(v.to_owned())
}

#[tokio::test]
async fn accounts_list_through_the_table_keeps_money_exact() {
    let emu = emulator().await;
    let client = client(&emu);
    let op = spec::find("accounts.list").unwrap();
    let prepared = client
        .prepare(op, vec![("host_user_id".into(), s(USER))])
        .unwrap();
    let reply = client
        .call(&prepared, &CallOptions::default())
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let data = reply.data().unwrap();
    let list = data.as_obj().unwrap();
    assert_eq!(list.items().unwrap().len(), 6);
    let text = to_json_text(&data);
    for amount in ["501306.06", "12345678901234.56", "4554.24"] {
        assert!(text.contains(amount), "{amount} in {text}");
    }
    let wire = String::from_utf8(reply.wire().unwrap()).unwrap();
    assert!(wire.contains(r#""amount":"501306.06""#), "{wire}");
}

#[tokio::test]
async fn transactions_page_through_the_table() {
    let emu = emulator().await;
    let client = client(&emu);
    let op = spec::find("transactions.list").unwrap();
    let prepared = client
        .prepare(
            op,
            vec![
                ("host_user_id".into(), s(USER)),
                (
                    "account_id".into(),
                    s(candescent_emulator::EXAMPLE_TRANSACTIONS_ACCOUNT_ID),
                ),
                ("page_size".into(), Value::Int(2)),
            ],
        )
        .unwrap();
    let cursor = client.pager(prepared, CallOptions::default()).cursor();
    let mut n = 0;
    while let Some(item) = cursor.next().await.unwrap() {
        assert!(item.as_obj().is_some());
        n += 1;
    }
    assert!(n > 2, "{n} transactions");
    assert!(cursor.last_response().is_some());
}

#[tokio::test]
async fn groups_and_customers_through_the_table() {
    let emu = emulator().await;
    let client = client(&emu);
    let find = spec::find("customers.find").unwrap();
    let prepared = client
        .prepare(find, vec![("login_id".into(), s("gen-12"))])
        .unwrap();
    let profile = client
        .call(&prepared, &CallOptions::default())
        .await
        .unwrap()
        .data()
        .unwrap();
    assert!(to_json_text(&profile).contains("customers"));

    let list = spec::find("accounts.list").unwrap();
    let prepared = client
        .prepare(list, vec![("login_id".into(), s("gen-12"))])
        .unwrap();
    let mut pager = Pager::groups(client.clone(), prepared, CallOptions::default()).unwrap();
    let mut groups = 0;
    while let Some(page) = pager.next_page().await.unwrap() {
        let Data::Obj(group) = &page.items[0] else {
            panic!()
        };
        assert_eq!(group.get("index").unwrap().as_i64(), Some(groups));
        groups += 1;
    }
    assert_eq!(groups, 3, "gen-12 has 12 accounts, five per location");
}

#[tokio::test]
async fn disclosures_are_created_and_listed() {
    let emu = emulator().await;
    let client = client(&emu);
    let create = spec::find("disclosures.institution.create").unwrap();
    let body = Value::Map(vec![
        ("institutionDisclosureName".into(), s("FEES")),
        ("institutionDisclosureStatus".into(), Value::Bool(true)),
    ]);
    let err = client
        .prepare(
            create,
            vec![(
                "body".into(),
                Value::Map(vec![("institutionDisclosureNmae".into(), s("x"))]),
            )],
        )
        .unwrap_err();
    assert!(
        err.message()
            .contains("did you mean \"institutionDisclosureName\""),
        "{}",
        err.message()
    );
    let prepared = client.prepare(create, vec![("body".into(), body)]).unwrap();
    let reply = client
        .call(&prepared, &CallOptions::default())
        .await
        .unwrap();
    assert!(to_json_text(&reply.data().unwrap()).contains("FEES"));
    let list = spec::find("disclosures.institution.list").unwrap();
    let prepared = client.prepare(list, vec![]).unwrap();
    let data = client
        .call(&prepared, &CallOptions::default())
        .await
        .unwrap()
        .data()
        .unwrap();
    assert!(to_json_text(&data).contains("FEES"));
}

#[test]
fn arguments_are_checked_before_any_traffic() {
    let op = spec::find("business.payments.ach.list").unwrap();
    let read =
        |args| candescent::call::Prepared::read(op, args, candescent::input::Naming::Snake, false);
    let err = read(vec![
        ("login_id".into(), s("u")),
        ("from_date".into(), s("2026-02-01")),
    ])
    .unwrap_err();
    assert_eq!(err.message(), "to_date is required");
    let err = read(vec![
        ("login_id".into(), s("u")),
        ("from_date".into(), s("2026-02-01")),
        ("to_date".into(), s("2026-01-01")),
    ])
    .unwrap_err();
    assert_eq!(
        err.message(),
        "from_date 2026-02-01 is after to_date 2026-01-01"
    );
    let err = read(vec![("loginId".into(), s("u"))]).unwrap_err();
    assert!(
        err.message().contains("did you mean \"login_id\""),
        "{}",
        err.message()
    );
}
