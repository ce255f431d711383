//! No secret, Basic header or access token in any Debug or Display the SDK produces.

mod common;

use std::time::Duration;

use base64::Engine;
use candescent::ErrorKind;
use candescent_emulator::{Config, Fault, FaultKind, FaultRoute};
use common::*;

const SECRET: &str = "Sup3r-S3cret-Value-42";

#[tokio::test]
async fn secrets_never_reach_debug_or_display() {
    let emu = emulator_with(Config {
        client_secret: SECRET.to_owned(),
        ..Config::default()
    })
    .await;
    let id = emu.config().client_id.clone();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{SECRET}"));
    let events = Events::default();
    let client = builder(&emu)
        .max_retries(0)
        .timeout(Duration::from_millis(300))
        .on_request(events.hook())
        .build()
        .unwrap();
    let token = client.access_token().await.unwrap();

    let mut texts = vec![format!("{client:?}"), format!("{:?}", builder(&emu))];
    let record = |texts: &mut Vec<String>, e: candescent::Error| {
        texts.push(format!("{e}"));
        texts.push(format!("{e:?}"));
    };
    for fault in [
        status_fault(FaultRoute::Accounts, 401, "ACC_00601", 2),
        status_fault(FaultRoute::Accounts, 503, "ACC_99999", 1),
        Fault {
            retry_after: Some(120),
            ..status_fault(FaultRoute::Accounts, 429, "CMN_90001", 1)
        },
        fault(FaultRoute::Accounts, FaultKind::Reset, 1),
        Fault {
            stall_ms: Some(2000),
            ..fault(FaultRoute::Accounts, FaultKind::Stall, 1)
        },
        fault(FaultRoute::Accounts, FaultKind::Malformed, 1),
    ] {
        emu.inject_fault(fault);
        record(
            &mut texts,
            client.accounts().list(&list()).await.unwrap_err(),
        );
    }
    let wrong = builder(&emu)
        .client_secret(format!("{SECRET}-wrong"))
        .build()
        .unwrap();
    texts.push(format!("{wrong:?}"));
    let e = wrong.access_token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    record(&mut texts, e);
    texts.extend(events.all().iter().map(|e| format!("{e:?}")));

    for text in &texts {
        for needle in [SECRET, basic.as_str(), token.as_str()] {
            assert!(!text.contains(needle), "leaked into: {text}");
        }
    }
    assert!(texts.len() > 15);
}
