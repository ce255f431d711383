//! Every documented error code maps to its kind, with status, code, message and the
//! transactionId of the last attempt.

mod common;

use candescent::{Client, Error, ErrorKind, GetAccount, ListTransactions};
use candescent_emulator::FaultRoute;
use common::*;
use futures::TryStreamExt;

struct Case {
    route: FaultRoute,
    status: u16,
    code: &'static str,
    kind: ErrorKind,
}

const CASES: &[Case] = &[
    Case {
        route: FaultRoute::Token,
        status: 400,
        code: "CMN_90007",
        kind: ErrorKind::BadRequest,
    },
    Case {
        route: FaultRoute::Token,
        status: 401,
        code: "CMN_90001",
        kind: ErrorKind::Authentication,
    },
    Case {
        route: FaultRoute::Token,
        status: 403,
        code: "CMN_90006",
        kind: ErrorKind::PermissionDenied,
    },
    Case {
        route: FaultRoute::Token,
        status: 500,
        code: "CMN_90000",
        kind: ErrorKind::Server,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 400,
        code: "ACC_00011",
        kind: ErrorKind::BadRequest,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 400,
        code: "ACC_00005",
        kind: ErrorKind::BadRequest,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 400,
        code: "ACC_99998",
        kind: ErrorKind::BadRequest,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 403,
        code: "ACC_00602",
        kind: ErrorKind::PermissionDenied,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 404,
        code: "ACC_00101",
        kind: ErrorKind::NotFound,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 415,
        code: "ACC_99988",
        kind: ErrorKind::BadRequest,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 500,
        code: "ACC_99999",
        kind: ErrorKind::Server,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 500,
        code: "CMN_90001",
        kind: ErrorKind::RateLimit,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 500,
        code: "CMN_90002",
        kind: ErrorKind::RateLimit,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 500,
        code: "CMN_90003",
        kind: ErrorKind::RateLimit,
    },
    Case {
        route: FaultRoute::Accounts,
        status: 429,
        code: "CMN_90001",
        kind: ErrorKind::RateLimit,
    },
    Case {
        route: FaultRoute::Account,
        status: 404,
        code: "ACC_00101",
        kind: ErrorKind::NotFound,
    },
    Case {
        route: FaultRoute::Transactions,
        status: 400,
        code: "TXN_10001",
        kind: ErrorKind::BadRequest,
    },
    Case {
        route: FaultRoute::Transactions,
        status: 403,
        code: "TXN_11003",
        kind: ErrorKind::PermissionDenied,
    },
    Case {
        route: FaultRoute::Transactions,
        status: 500,
        code: "TXN_88888",
        kind: ErrorKind::Server,
    },
];

async fn call(client: &Client, route: FaultRoute) -> Result<(), Error> {
    match route {
        FaultRoute::Token => client.access_token().await.map(drop),
        FaultRoute::Accounts => client.accounts().list(&list()).await.map(drop),
        FaultRoute::Account => client
            .accounts()
            .get("any", &GetAccount::host_user_id(USER))
            .await
            .map(drop),
        FaultRoute::Transactions => {
            let params =
                ListTransactions::new(candescent_emulator::EXAMPLE_TRANSACTIONS_ACCOUNT_ID)
                    .host_user_id(USER);
            client
                .transactions()
                .list(&params)
                .try_collect::<Vec<_>>()
                .await
                .map(drop)
        }
        other => unreachable!("{other:?}"),
    }
}

fn assert_error(error: &Error, events: &Events, status: u16, code: &str, kind: ErrorKind) {
    assert_eq!(error.kind(), kind, "{code}: {error}");
    assert_eq!(error.status(), Some(status), "{code}");
    assert_eq!(error.code(), Some(code));
    assert!(!error.message().is_empty());
    assert_eq!(
        error.transaction_id(),
        Some(events.last_transaction_id().as_str()),
        "{code}"
    );
}

#[tokio::test]
async fn every_documented_code_maps_to_its_kind() {
    let emu = emulator().await;
    for case in CASES {
        let events = Events::default();
        let client = builder(&emu)
            .max_retries(0)
            .on_request(events.hook())
            .build()
            .unwrap();
        if case.route != FaultRoute::Token {
            client.access_token().await.unwrap();
        }
        emu.inject_fault(status_fault(case.route, case.status, case.code, 1));
        let error = call(&client, case.route).await.unwrap_err();
        assert_error(&error, &events, case.status, case.code, case.kind);
    }
}

async fn real(builder: candescent::ClientBuilder, route: FaultRoute) -> (Error, Events) {
    let events = Events::default();
    let client = builder.on_request(events.hook()).build().unwrap();
    (call(&client, route).await.unwrap_err(), events)
}

#[tokio::test]
async fn the_emulator_s_own_rejections_map_too() {
    let emu = emulator().await;

    let (e, ev) = real(builder(&emu).client_secret("wrong"), FaultRoute::Token).await;
    assert_error(&e, &ev, 401, "CMN_90004", ErrorKind::Authentication);

    let (e, ev) = real(builder(&emu).institution_id("99999"), FaultRoute::Token).await;
    assert_eq!(e.code(), Some("CMN_90005"));
    assert_eq!(e.transaction_id(), Some(ev.last_transaction_id().as_str()));

    let (e, ev) = real(builder(&emu).scopes(["accounts:write"]), FaultRoute::Token).await;
    assert_eq!(e.code(), Some("CMN_90006"));
    assert_eq!(e.transaction_id(), Some(ev.last_transaction_id().as_str()));

    let (e, ev) = real(
        builder(&emu).scopes(["transactions:read"]),
        FaultRoute::Accounts,
    )
    .await;
    assert_error(&e, &ev, 403, "ACC_00602", ErrorKind::PermissionDenied);

    let (e, ev) = real(
        builder(&emu).scopes(["accounts:read"]),
        FaultRoute::Transactions,
    )
    .await;
    assert_error(&e, &ev, 403, "TXN_11003", ErrorKind::PermissionDenied);

    let client = client(&emu);
    let e = client
        .accounts()
        .list(&candescent::ListAccounts::host_user_id("nobody"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status(), e.code()),
        (ErrorKind::NotFound, Some(404), Some("ACC_00101"))
    );

    let e = client
        .accounts()
        .list(&list().filter("category eq"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status(), e.code()),
        (ErrorKind::BadRequest, Some(400), Some("ACC_00005"))
    );
}

#[tokio::test]
async fn invalid_arguments_are_refused_before_any_traffic() {
    let emu = emulator().await;
    let client = client(&emu);
    let both = candescent::ListAccounts {
        login_id: Some("testUser".into()),
        ..list()
    };
    let neither = candescent::ListAccounts::default();
    for params in [both, neither] {
        let e = client.accounts().list(&params).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
    }
    let e = client
        .accounts()
        .get("", &GetAccount::host_user_id(USER))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let e = client
        .transactions()
        .list(&ListTransactions::new("a"))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(
        emu.stats(),
        Default::default(),
        "nothing reached the emulator"
    );
}
