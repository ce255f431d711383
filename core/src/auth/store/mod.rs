//! Stores that processes share: a file for one machine, Redis for a fleet. They hold sealed
//! tokens, the lock of whoever fetches the next one, and (on Redis) the rate limit's state.

mod file;
mod key;
mod redis;
mod seal;
mod warn;

use std::{sync::Arc, time::Duration};

pub(crate) use file::now_ms;
pub(crate) use key::Keys;
pub(crate) use seal::Sealer;
pub(crate) use warn::Warnings;

use crate::config::{CacheSpec, Config};

/// How long one store operation may take before the client goes on without the store.
const OPERATION_TIMEOUT: Duration = Duration::from_millis(500);

/// Why the store could not be used; the client then goes on without it.
#[derive(Debug, Clone)]
pub(crate) struct StoreError(pub(crate) String);

/// A shared store.
pub(crate) enum Store {
    File(file::FileStore),
    Redis(Box<redis::RedisStore>),
}

impl Store {
    /// `None` for the in-memory cache.
    pub(crate) fn open(config: &Config) -> crate::Result<Option<Arc<Store>>> {
        Ok(match &config.token_cache {
            CacheSpec::Memory => None,
            CacheSpec::File(path) => {
                Some(Arc::new(Store::File(file::FileStore::new(path.clone()))))
            }
            CacheSpec::Redis(url) => Some(Arc::new(Store::Redis(Box::new(
                redis::RedisStore::new(url, OPERATION_TIMEOUT)
                    .map_err(|e| crate::Error::configuration(e.0))?,
            )))),
        })
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self {
            Store::File(s) => bounded(s.get(key)).await,
            Store::Redis(s) => s.get(key).await,
        }
    }

    /// Stores `value` under `key` for `ttl`.
    pub(crate) async fn set(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<(), StoreError> {
        match self {
            Store::File(s) => bounded(s.set(key, value, ttl)).await,
            Store::Redis(s) => s.set(key, value, ttl).await,
        }
    }

    /// Stores `value` unless `key` holds something; whether it did.
    pub(crate) async fn set_nx(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        match self {
            Store::File(s) => bounded(s.set_nx(key, value, ttl)).await,
            Store::Redis(s) => s.set_nx(key, value, ttl).await,
        }
    }

    /// Deletes `key` if it still holds `value`.
    pub(crate) async fn delete_if(&self, key: &str, value: &[u8]) -> Result<bool, StoreError> {
        match self {
            Store::File(s) => bounded(s.delete_if(key, value)).await,
            Store::Redis(s) => s.delete_if(key, value).await,
        }
    }

    /// The fleet's rate limit: the wait for the next slot, `None` when beyond `max_wait`.
    /// Only Redis keeps it; the limiter never asks a file store.
    pub(crate) async fn gcra(
        &self,
        key: &str,
        interval: Duration,
        max_wait: Duration,
    ) -> Result<Option<Duration>, StoreError> {
        match self {
            Store::File(_) => Err(StoreError("a file store keeps no rate limit".into())),
            Store::Redis(s) => s.gcra(key, interval, max_wait).await,
        }
    }

    /// Whether the rate limit is kept here (for the whole fleet).
    pub(crate) fn shares_rate_limit(&self) -> bool {
        matches!(self, Store::Redis(_))
    }
}

async fn bounded<T>(
    work: impl std::future::Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout(OPERATION_TIMEOUT, work)
        .await
        .unwrap_or_else(|_| {
            Err(StoreError(format!(
                "the token cache file stayed locked for {OPERATION_TIMEOUT:?}"
            )))
        })
}
