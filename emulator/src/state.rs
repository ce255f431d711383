//! Everything one emulator instance knows, shared by all its connections.

use crate::cache::ResponseCache;
use crate::config::Config;
use crate::data::DataStore;
use crate::faults::FaultQueue;
use crate::stats::Counters;
use crate::store::Store;
use crate::tokens::TokenStore;

#[derive(Debug)]
pub(crate) struct AppState {
    pub config: Config,
    pub tokens: TokenStore,
    pub faults: FaultQueue,
    pub counters: Counters,
    pub data: DataStore,
    pub cache: ResponseCache,
    /// What requests created, changed and deleted, over the seed.
    pub store: Store,
}

impl AppState {
    pub(crate) fn new(config: Config) -> AppState {
        let data = DataStore::new(&config.institution_id);
        AppState {
            config,
            tokens: TokenStore::default(),
            faults: FaultQueue::default(),
            counters: Counters::default(),
            data,
            cache: ResponseCache::default(),
            store: Store::default(),
        }
    }

    /// Faults, counters, tokens and everything requests created or changed go (the store is
    /// back to its seed); the account and transaction data (and its cached answers) never
    /// changes.
    pub(crate) fn reset(&self) {
        self.faults.clear();
        self.counters.reset();
        self.tokens.revoke_all();
        self.store.reset();
    }
}
