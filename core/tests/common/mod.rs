//! Shared setup of the integration tests: an emulator on a free port and clients pointed at it.

#![allow(dead_code)]

pub mod expect;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use candescent::{Client, ClientBuilder, ListAccounts, RequestEvent};
use candescent_emulator::{Config, Emulator, Fault, FaultKind, FaultRoute};

pub const USER: &str = "1234567890";

pub async fn emulator() -> Emulator {
    emulator_with(Config::default()).await
}

pub async fn emulator_with(config: Config) -> Emulator {
    candescent_emulator::start(config)
        .await
        .expect("emulator starts")
}

/// A builder for a client of `emu` that ignores the process environment.
pub fn builder(emu: &Emulator) -> ClientBuilder {
    let c = emu.config();
    Client::builder()
        .use_env(false)
        .base_url(emu.base_url())
        .client_id(&c.client_id)
        .client_secret(&c.client_secret)
        .institution_id(&c.institution_id)
}

pub fn client(emu: &Emulator) -> Client {
    builder(emu).build().expect("valid configuration")
}

pub fn list() -> ListAccounts {
    ListAccounts::host_user_id(USER)
}

pub fn fault(route: FaultRoute, kind: FaultKind, count: u32) -> Fault {
    Fault::of(route, count, kind)
}

pub fn status_fault(route: FaultRoute, status: u16, code: &str, count: u32) -> Fault {
    Fault {
        status: Some(status),
        code: Some(code.to_owned()),
        ..fault(route, FaultKind::Status, count)
    }
}

/// Records every request event of a client.
#[derive(Clone, Default)]
pub struct Events(pub Arc<Mutex<Vec<RequestEvent>>>);

impl Events {
    pub fn hook(&self) -> candescent::RequestHook {
        let events = self.0.clone();
        Arc::new(move |e: &RequestEvent| events.lock().unwrap().push(e.clone()))
    }

    pub fn last_transaction_id(&self) -> String {
        self.0
            .lock()
            .unwrap()
            .last()
            .expect("an attempt was made")
            .transaction_id
            .clone()
    }

    pub fn all(&self) -> Vec<RequestEvent> {
        self.0.lock().unwrap().clone()
    }
}

/// Moves the client's clock (tokio's) forward; the emulator's clock is not tokio's,
/// so its tokens stay valid while the client believes time has passed.
pub async fn advance_client_clock(by: Duration) {
    tokio::time::pause();
    tokio::time::advance(by).await;
    tokio::time::resume();
}
