//! A shared store on Redis: one multiplexed connection per client, opened on first use and
//! again after a failure, every operation bounded by a short timeout.

use std::{future::Future, sync::LazyLock, time::Duration};

use redis::{aio::MultiplexedConnection, Script};

use super::StoreError;
use crate::SecretString;

/// Deletes the key only while it still holds the given value: a process that saw a token
/// fail removes that token, never the fresh one another process just stored.
static DELETE_IF: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end \
         return 0",
    )
});

/// GCRA on the server's clock, in microseconds: the theoretical arrival time of the next
/// request is kept under the key; a request may go once that time has come. ARGV: the
/// interval between requests and the longest wait the caller accepts. Returns the wait
/// (0: go now), or -1 when the slot is further away than that, which reserves nothing.
static GCRA: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        "local t = redis.call('TIME')
         local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
         local interval = tonumber(ARGV[1])
         local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
         if tat < now then tat = now end
         local wait = tat - now
         if wait > tonumber(ARGV[2]) then return -1 end
         local next = tat + interval
         redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX',
                    math.floor((next - now) / 1000) + 1000)
         return wait",
    )
});

pub(crate) struct RedisStore {
    client: redis::Client,
    connection: tokio::sync::Mutex<Option<MultiplexedConnection>>,
    timeout: Duration,
}

impl RedisStore {
    /// The URL was checked with the configuration.
    pub(crate) fn new(url: &SecretString, timeout: Duration) -> Result<RedisStore, StoreError> {
        let client = redis::Client::open(url.expose())
            .map_err(|_| StoreError("the Redis URL is not valid".into()))?;
        Ok(RedisStore {
            client,
            connection: tokio::sync::Mutex::new(None),
            timeout,
        })
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.run(|mut c| async move { redis::cmd("GET").arg(key).query_async(&mut c).await })
            .await
    }

    pub(crate) async fn set(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<(), StoreError> {
        let ms = ttl.as_millis().max(1) as u64;
        self.run(|mut c| async move {
            redis::cmd("SET")
                .arg(key)
                .arg(value)
                .arg("PX")
                .arg(ms)
                .query_async(&mut c)
                .await
        })
        .await
    }

    pub(crate) async fn set_nx(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let ms = ttl.as_millis().max(1) as u64;
        self.run(|mut c| async move {
            redis::cmd("SET")
                .arg(key)
                .arg(value)
                .arg("NX")
                .arg("PX")
                .arg(ms)
                .query_async::<Option<String>>(&mut c)
                .await
                .map(|ok| ok.is_some())
        })
        .await
    }

    pub(crate) async fn delete_if(&self, key: &str, value: &[u8]) -> Result<bool, StoreError> {
        self.run(|mut c| async move {
            DELETE_IF
                .key(key)
                .arg(value)
                .invoke_async::<i64>(&mut c)
                .await
                .map(|n| n > 0)
        })
        .await
    }

    /// The wait before the next request may go, or `None` if that is beyond `max_wait`.
    pub(crate) async fn gcra(
        &self,
        key: &str,
        interval: Duration,
        max_wait: Duration,
    ) -> Result<Option<Duration>, StoreError> {
        let interval = interval.as_micros().max(1) as u64;
        let max_wait = max_wait.as_micros().min(u64::MAX as u128) as u64;
        self.run(|mut c| async move {
            GCRA.key(key)
                .arg(interval)
                .arg(max_wait)
                .invoke_async::<i64>(&mut c)
                .await
                .map(|wait| u64::try_from(wait).ok().map(Duration::from_micros))
        })
        .await
    }

    /// Runs `op` within the timeout; a connection that failed is replaced and the operation
    /// tried once more on a new one, so a restarted Redis is used again at once.
    async fn run<'a, T, F, Fut>(&'a self, op: F) -> Result<T, StoreError>
    where
        F: Fn(MultiplexedConnection) -> Fut + 'a,
        Fut: Future<Output = redis::RedisResult<T>> + 'a,
    {
        let work = async {
            let (connection, reused) = self.connection(false).await?;
            match op(connection).await {
                Ok(value) => Ok(value),
                Err(e) if !reused || !is_connection_error(&e) => {
                    if is_connection_error(&e) {
                        self.connection.lock().await.take();
                    }
                    Err(StoreError(format!("Redis: {e}")))
                }
                Err(_) => {
                    let (connection, _) = self.connection(true).await?;
                    op(connection)
                        .await
                        .map_err(|e| StoreError(format!("Redis: {e}")))
                }
            }
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result,
            Err(_) => {
                // A hung connection is not reused.
                if let Ok(mut slot) = self.connection.try_lock() {
                    slot.take();
                }
                Err(StoreError(format!(
                    "Redis did not answer within {:?}",
                    self.timeout
                )))
            }
        }
    }

    async fn connection(&self, fresh: bool) -> Result<(MultiplexedConnection, bool), StoreError> {
        let mut slot = self.connection.lock().await;
        if !fresh {
            if let Some(connection) = slot.as_ref() {
                return Ok((connection.clone(), true));
            }
        }
        let connection = self
            .client
            .get_multiplexed_async_connection()
            .await
            .map_err(|e| StoreError(format!("cannot connect to Redis: {e}")))?;
        *slot = Some(connection.clone());
        Ok((connection, false))
    }
}

fn is_connection_error(e: &redis::RedisError) -> bool {
    e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() || e.is_timeout()
}
