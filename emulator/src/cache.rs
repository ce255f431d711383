//! Serialized answers, kept so that repeated requests do no JSON work at all.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;

use bytes::Bytes;

/// Beyond this many cached bytes the cache starts over; benchmarks with huge
/// generated users must not grow memory without bound.
const MAX_BYTES: usize = 512 * 1024 * 1024;

#[derive(Debug, Default)]
pub(crate) struct ResponseCache {
    map: RwLock<HashMap<String, Bytes>>,
    bytes: AtomicUsize,
}

impl ResponseCache {
    pub(crate) fn get(&self, key: &str) -> Option<Bytes> {
        self.map
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    pub(crate) fn insert(&self, key: String, body: Bytes) {
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        if self.bytes.load(Ordering::Relaxed) + body.len() > MAX_BYTES {
            map.clear();
            self.bytes.store(0, Ordering::Relaxed);
        }
        self.bytes.fetch_add(body.len(), Ordering::Relaxed);
        if let Some(old) = map.insert(key, body) {
            self.bytes.fetch_sub(old.len(), Ordering::Relaxed);
        }
    }
}
