//! Tokens shared through a store: the in-process cache asks this source only when it has no
//! fresh token, and this source takes the fleet's stored token when there is one, or lets one
//! process fetch the next (under a short lock) while the others wait for it.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use futures::{future::BoxFuture, FutureExt};
use rand::Rng as _;
use tokio::time::Instant;

use super::{
    cache::TokenSource,
    store::{now_ms, Keys, Sealer, Store, StoreError, Warnings},
    token::{refresh_margin, Grant},
    AccessToken,
};
use crate::{config::Config, transport::Transport, Result, SecretString};

/// The lock of whoever fetches the fleet's next token; it outlives a holder that died.
const LOCK_TTL: Duration = Duration::from_secs(10);
/// How long a process waits for another's token before it fetches its own.
const MAX_WAIT: Duration = Duration::from_secs(12);

pub(crate) struct SharedTokens {
    inner: Arc<Inner>,
}

struct Inner {
    source: Arc<dyn TokenSource>,
    store: Arc<Store>,
    keys: Keys,
    sealer: Sealer,
    warnings: Arc<Warnings>,
    transport: Arc<Transport>,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// The token last taken from or put into the store, with the entry that holds it.
    last: Option<(SecretString, Vec<u8>)>,
    /// The entry of a token the server refused: never taken again, and deleted if still there.
    rejected: Option<Vec<u8>>,
}

impl SharedTokens {
    pub(crate) fn new(
        config: &Config,
        source: Arc<dyn TokenSource>,
        store: Arc<Store>,
        warnings: Arc<Warnings>,
        transport: Arc<Transport>,
    ) -> SharedTokens {
        let keys = Keys::new(config);
        let sealer = Sealer::new(&config.client_secret, &keys.token);
        SharedTokens {
            inner: Arc::new(Inner {
                source,
                store,
                keys,
                sealer,
                warnings,
                transport,
                seen: Mutex::new(Seen::default()),
            }),
        }
    }
}

impl TokenSource for SharedTokens {
    fn fetch(&self) -> BoxFuture<'static, Result<Grant>> {
        let inner = self.inner.clone();
        async move {
            match inner.shared().await {
                Ok(result) => result,
                Err(e) => {
                    inner
                        .warnings
                        .store_failed("this process fetches its own token", &e.0);
                    inner.source.fetch().await
                }
            }
        }
        .boxed()
    }

    fn discard(&self, token: AccessToken) -> BoxFuture<'static, ()> {
        // A token that arrives after close was stored for the fleet: it is not revoked.
        drop(token);
        Box::pin(async {})
    }

    fn rejected(&self, token: &AccessToken) {
        let mut seen = self.inner.seen();
        if let Some((secret, entry)) = &seen.last {
            if secret.expose() == token.secret.expose() {
                seen.rejected = Some(entry.clone());
            }
        }
    }
}

impl Inner {
    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fleet's token, or one fetched for the fleet; `Err` when the store failed before
    /// a token was fetched.
    async fn shared(&self) -> std::result::Result<Result<Grant>, StoreError> {
        let give_up = Instant::now() + MAX_WAIT;
        let owner: [u8; 16] = rand::random();
        loop {
            if let Some(grant) = self.stored().await? {
                return Ok(Ok(grant));
            }
            if self.store.set_nx(&self.keys.lock, &owner, LOCK_TTL).await? {
                // Another process may have stored a token between the read and the lock.
                let stored = self.stored().await;
                if let Ok(Some(grant)) = stored {
                    let _ = self.store.delete_if(&self.keys.lock, &owner).await;
                    return Ok(Ok(grant));
                }
                let result = self.source.fetch().await;
                if let Ok(grant) = &result {
                    if let Err(e) = self.save(grant).await {
                        self.warnings
                            .store_failed("the new token is not shared", &e.0);
                    }
                }
                let _ = self.store.delete_if(&self.keys.lock, &owner).await;
                return Ok(result);
            }
            if Instant::now() >= give_up {
                // The holder is slow or failing: do not wait on it any longer.
                return Ok(self.source.fetch().await);
            }
            let jitter = rand::rng().random_range(20..60);
            tokio::time::sleep(Duration::from_millis(jitter)).await;
        }
    }

    /// The stored token if it opens, was not refused, and is not due for refresh.
    async fn stored(&self) -> std::result::Result<Option<Grant>, StoreError> {
        let Some(entry) = self.store.get(&self.keys.token).await? else {
            return Ok(None);
        };
        if self.seen().rejected.as_deref() == Some(entry.as_slice()) {
            self.store.delete_if(&self.keys.token, &entry).await?;
            return Ok(None);
        }
        // Sealed with another secret (or damaged): not ours to use, nor to delete.
        let Some(opened) = self.sealer.open(&entry) else {
            return Ok(None);
        };
        let lifetime = Duration::from_millis(opened.lifetime_ms);
        let now = now_ms();
        let fresh_until = opened
            .expires_ms
            .saturating_sub(refresh_margin(lifetime).as_millis() as u64);
        if now >= fresh_until {
            return Ok(None);
        }
        self.transport.redactor().add_token(opened.token.expose());
        let grant = Grant {
            access_token: opened.token.clone(),
            lifetime: Duration::from_millis(opened.expires_ms - now),
            scopes: None,
        };
        self.seen().last = Some((opened.token, entry));
        Ok(Some(grant))
    }

    async fn save(&self, grant: &Grant) -> std::result::Result<(), StoreError> {
        let lifetime_ms = grant.lifetime.as_millis() as u64;
        let entry = self.sealer.seal(
            grant.access_token.expose(),
            now_ms().saturating_add(lifetime_ms),
            lifetime_ms,
        );
        self.store
            .set(&self.keys.token, &entry, grant.lifetime)
            .await?;
        self.seen().last = Some((grant.access_token.clone(), entry));
        Ok(())
    }
}
