//! Everything one emulator instance knows, shared by all its connections.

use crate::cache::ResponseCache;
use crate::config::Config;
use crate::data::DataStore;
use crate::faults::FaultQueue;
use crate::routes::disclosures::Disclosures;
use crate::stats::Counters;
use crate::tokens::TokenStore;

#[derive(Debug)]
pub(crate) struct AppState {
    pub config: Config,
    pub tokens: TokenStore,
    pub faults: FaultQueue,
    pub counters: Counters,
    pub data: DataStore,
    pub cache: ResponseCache,
    pub disclosures: Disclosures,
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
            disclosures: Disclosures::default(),
        }
    }

    /// Faults, counters, tokens and created disclosures go; the account and transaction
    /// data (and its cached answers) never changes.
    pub(crate) fn reset(&self) {
        self.faults.clear();
        self.counters.reset();
        self.tokens.revoke_all();
        self.disclosures.reset();
    }
}
