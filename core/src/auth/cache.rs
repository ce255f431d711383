//! The token cache: fresh tokens are served, stale ones are refreshed in the background
//! by exactly one task, and callers without a usable token share one request.

use std::{
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use futures::{
    future::{BoxFuture, Shared},
    FutureExt,
};
use tokio::time::Instant;

use super::token::{AccessToken, Grant};
use crate::{Error, Result};

/// After a failed background refresh the still-valid token is used, and the next
/// refresh waits this long, so a struggling token endpoint is not hammered.
const REFRESH_BACKOFF: Duration = Duration::from_secs(10);

/// Where tokens come from: the token endpoint, or a fake in tests.
pub(crate) trait TokenSource: Send + Sync + 'static {
    fn fetch(&self) -> BoxFuture<'static, Result<Grant>>;

    /// Disposes of a token nobody will use (it arrived after close): revokes it.
    fn discard(&self, token: AccessToken) -> BoxFuture<'static, ()> {
        drop(token);
        Box::pin(async {})
    }

    /// Told when the server refused `token`, before the next [`fetch`](Self::fetch).
    fn rejected(&self, token: &AccessToken) {
        let _ = token;
    }
}

type Pending = Shared<BoxFuture<'static, Result<Arc<AccessToken>>>>;

pub(crate) struct TokenCache {
    source: Arc<dyn TokenSource>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    current: Option<Arc<AccessToken>>,
    /// The one token request in flight, shared by everyone who waits for it.
    pending: Option<Pending>,
    retry_not_before: Option<Instant>,
    generations: u64,
    /// Set by [`TokenCache::close`]: no token is requested or handed out afterwards.
    closed: bool,
}

impl TokenCache {
    pub(crate) fn new(source: Arc<dyn TokenSource>) -> Arc<TokenCache> {
        Arc::new(TokenCache {
            source,
            state: Mutex::new(State::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The lock is never held across an await or user code, so poisoning means a bug
        // elsewhere already panicked; the state itself is still consistent.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A token usable now.
    pub(crate) async fn get(self: &Arc<Self>) -> Result<Arc<AccessToken>> {
        let pending = {
            let mut state = self.lock();
            if state.closed {
                return Err(Error::closed());
            }
            let now = Instant::now();
            if let Some(token) = &state.current {
                if now < token.refresh_at {
                    return Ok(token.clone());
                }
                if now < token.expires_at {
                    let token = token.clone();
                    let may_refresh = state.retry_not_before.is_none_or(|t| now >= t);
                    if state.pending.is_none() && may_refresh {
                        // Background refresh: nobody waits for it.
                        drop(self.start(&mut state));
                    }
                    return Ok(token);
                }
            }
            match &state.pending {
                Some(pending) => pending.clone(),
                None => self.start(&mut state),
            }
        };
        pending.await
    }

    /// Starts the one token request. It runs as its own task so that a caller who
    /// gives up (a dropped future, a deadline) does not cancel it for the others.
    fn start(self: &Arc<Self>, state: &mut State) -> Pending {
        let cache = Arc::clone(self);
        let fetch = self.source.fetch();
        let task = tokio::spawn(async move {
            let sent_at = Instant::now();
            let result = fetch.await;
            // Stored under one lock with the closed check, so a close cannot slip in between.
            let stored = {
                let mut state = cache.lock();
                state.pending = None;
                if state.closed {
                    Err(result)
                } else {
                    Ok(store(&mut state, result, sent_at))
                }
            };
            match stored {
                Ok(result) => result,
                Err(result) => {
                    // Closed while the request was out: the token is never used or cached,
                    // and the server is told so.
                    if let Ok(token) = result.and_then(|g| AccessToken::new(g, sent_at, 0)) {
                        cache.source.discard(token).await;
                    }
                    Err(Error::closed())
                }
            }
        });
        let pending = async move {
            task.await.unwrap_or_else(|e| {
                Err(Error::internal(format!(
                    "the token request task failed: {e}"
                )))
            })
        }
        .boxed()
        .shared();
        state.pending = Some(pending.clone());
        pending
    }

    /// Forgets the token of `generation` after the server refused it, unless a newer
    /// one already replaced it: a burst of 401s then costs one new token, not one each.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut state = self.lock();
        if state
            .current
            .as_ref()
            .is_some_and(|t| t.generation == generation)
        {
            if let Some(token) = state.current.take() {
                self.source.rejected(&token);
            }
            state.retry_not_before = None;
        }
    }

    /// Closes the cache and returns its token (for revocation): from now on no token is
    /// requested, and callers get [`ErrorKind::Closed`](crate::ErrorKind::Closed).
    pub(crate) fn close(&self) -> Option<Arc<AccessToken>> {
        let mut state = self.lock();
        state.closed = true;
        state.pending = None;
        state.current.take()
    }
}

/// Caches a granted token, or backs off after a failure.
fn store(state: &mut State, result: Result<Grant>, sent_at: Instant) -> Result<Arc<AccessToken>> {
    let result = result.and_then(|grant| {
        state.generations += 1;
        AccessToken::new(grant, sent_at, state.generations).map(Arc::new)
    });
    match &result {
        Ok(token) => {
            state.current = Some(token.clone());
            state.retry_not_before = None;
        }
        Err(_) => {
            // The failure was already logged as the token request's event.
            state.retry_not_before = Some(Instant::now() + REFRESH_BACKOFF);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use std::{
        collections::VecDeque,
        sync::atomic::{AtomicUsize, Ordering},
    };

    use tokio::sync::Semaphore;

    use super::*;
    use crate::SecretString;

    /// A token endpoint whose answers the test scripts, and that can be held in flight.
    struct FakeSource {
        calls: AtomicUsize,
        answers: Mutex<VecDeque<std::result::Result<u64, u16>>>,
        gate: Arc<Semaphore>,
    }

    impl FakeSource {
        fn new(
            answers: impl IntoIterator<Item = std::result::Result<u64, u16>>,
        ) -> Arc<FakeSource> {
            Arc::new(FakeSource {
                calls: AtomicUsize::new(0),
                answers: Mutex::new(answers.into_iter().collect()),
                gate: Arc::new(Semaphore::new(Semaphore::MAX_PERMITS)),
            })
        }

        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    impl TokenSource for FakeSource {
        fn fetch(&self) -> BoxFuture<'static, Result<Grant>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let answer = self.answers.lock().unwrap().pop_front().unwrap_or(Ok(3600));
            let gate = self.gate.clone();
            async move {
                let _permit = gate.acquire().await.unwrap();
                tokio::time::sleep(Duration::from_millis(100)).await;
                match answer {
                    Ok(secs) => Ok(Grant {
                        access_token: SecretString::new(format!("token-{n}")),
                        lifetime: Duration::from_secs(secs),
                        scopes: None,
                    }),
                    Err(status) => Err(Error::api(status, None, "token endpoint down".into())),
                }
            }
            .boxed()
        }
    }

    fn cache(source: &Arc<FakeSource>) -> Arc<TokenCache> {
        TokenCache::new(source.clone())
    }

    async fn token(cache: &Arc<TokenCache>) -> String {
        cache.get().await.unwrap().secret.expose().to_owned()
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_request() {
        let source = FakeSource::new([]);
        let cache = cache(&source);
        let all = futures::future::join_all((0..500).map(|_| token(&cache))).await;
        assert!(all.iter().all(|t| t == "token-0"));
        assert_eq!(source.calls(), 1);
        assert_eq!(token(&cache).await, "token-0");
        assert_eq!(source.calls(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn stale_token_is_served_while_one_refresh_runs() {
        let source = FakeSource::new([Ok(600), Ok(600)]);
        let cache = cache(&source);
        assert_eq!(token(&cache).await, "token-0");
        // 600 s of life: the margin is 300 s, so at 301 s the token is stale.
        tokio::time::advance(Duration::from_secs(301)).await;
        let permits = source.gate.available_permits();
        source.gate.forget_permits(permits); // hold the refresh in flight
        for _ in 0..50 {
            assert_eq!(
                token(&cache).await,
                "token-0",
                "stale token served without waiting"
            );
        }
        assert_eq!(source.calls(), 2, "exactly one refresh");
        source.gate.add_permits(permits);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(token(&cache).await, "token-1");
        assert_eq!(source.calls(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn failed_refresh_keeps_the_token_and_backs_off() {
        let source = FakeSource::new([Ok(600), Err(503), Err(503), Err(503)]);
        let cache = cache(&source);
        token(&cache).await;
        tokio::time::advance(Duration::from_secs(301)).await;
        assert_eq!(token(&cache).await, "token-0");
        tokio::time::sleep(Duration::from_millis(200)).await; // the refresh fails
        assert_eq!(source.calls(), 2);
        tokio::time::advance(Duration::from_secs(5)).await;
        assert_eq!(token(&cache).await, "token-0");
        assert_eq!(source.calls(), 2, "no new refresh within 10 s");
        tokio::time::advance(Duration::from_secs(6)).await;
        assert_eq!(token(&cache).await, "token-0");
        assert_eq!(source.calls(), 3, "refresh tried again after 10 s");
        tokio::time::sleep(Duration::from_millis(200)).await; // and fails again
                                                              // Once expired, callers wait for the request and all of them get its error.
        tokio::time::advance(Duration::from_secs(400)).await;
        let results = futures::future::join_all((0..20).map(|_| cache.get())).await;
        assert!(results
            .iter()
            .all(|r| r.as_ref().err().map(Error::status) == Some(Some(503))));
        assert_eq!(source.calls(), 4);
        // The next call tries again at once, without the background backoff.
        assert_eq!(token(&cache).await, "token-4");
    }

    #[tokio::test(start_paused = true)]
    async fn invalidate_only_the_generation_that_failed() {
        let source = FakeSource::new([]);
        let cache = cache(&source);
        let first = cache.get().await.unwrap();
        cache.invalidate(first.generation);
        let second = cache.get().await.unwrap();
        assert_ne!(first.generation, second.generation);
        cache.invalidate(first.generation); // a late 401 of the old token
        assert_eq!(cache.get().await.unwrap().generation, second.generation);
        assert_eq!(source.calls(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_closed_cache_requests_nothing() {
        let source = FakeSource::new([]);
        let cache = cache(&source);
        token(&cache).await;
        assert!(cache.close().is_some());
        assert_eq!(
            cache.get().await.err().map(|e| e.kind()),
            Some(crate::ErrorKind::Closed)
        );
        assert_eq!(source.calls(), 1);
        // A request out at close time yields no token either.
        let source = FakeSource::new([]);
        let cache = TokenCache::new(source.clone());
        let waiting = tokio::spawn({
            let cache = cache.clone();
            async move { cache.get().await.map(drop) }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(cache.close().is_none());
        let got = waiting.await.unwrap();
        assert_eq!(got.unwrap_err().kind(), crate::ErrorKind::Closed);
        assert!(cache.close().is_none());
        assert_eq!(source.calls(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_waiter_does_not_cancel_the_request() {
        let source = FakeSource::new([]);
        let cache = cache(&source);
        let waiter = tokio::time::timeout(Duration::from_millis(10), cache.get()).await;
        assert!(waiter.is_err());
        assert_eq!(token(&cache).await, "token-0");
        assert_eq!(source.calls(), 1);
    }
}
