//! A shared store in one file, for the processes of one machine. Every operation holds an
//! advisory lock on a companion `.lock` file; changes are written to a temporary file that
//! replaces the store by rename, so a reader never sees half a file. Both files are `0600`.

use std::{
    collections::BTreeMap,
    fs::{self, File, OpenOptions},
    io::{ErrorKind as IoKind, Write as _},
    path::{Path, PathBuf},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use base64::{engine::general_purpose::STANDARD, Engine as _};
use serde::{Deserialize, Serialize};

use super::StoreError;

/// The store's file and its lock.
pub(crate) struct FileStore {
    path: PathBuf,
    lock: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    /// The value, base64.
    v: String,
    /// Expiry, milliseconds since the Unix epoch.
    exp: u64,
}

type Entries = BTreeMap<String, Entry>;

impl FileStore {
    pub(crate) fn new(path: PathBuf) -> FileStore {
        let mut lock = path.clone().into_os_string();
        lock.push(".lock");
        FileStore {
            path,
            lock: PathBuf::from(lock),
        }
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let key = key.to_owned();
        self.with(move |entries| {
            let value = entries.get(&key).and_then(|e| STANDARD.decode(&e.v).ok());
            (value, false)
        })
        .await
    }

    pub(crate) async fn set(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<(), StoreError> {
        let (key, entry) = (key.to_owned(), entry(value, ttl));
        self.with(move |entries| {
            entries.insert(key, entry);
            ((), true)
        })
        .await
    }

    pub(crate) async fn set_nx(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let (key, entry) = (key.to_owned(), entry(value, ttl));
        self.with(move |entries| {
            if entries.contains_key(&key) {
                return (false, false);
            }
            entries.insert(key, entry);
            (true, true)
        })
        .await
    }

    pub(crate) async fn delete_if(&self, key: &str, value: &[u8]) -> Result<bool, StoreError> {
        let (key, expected) = (key.to_owned(), STANDARD.encode(value));
        self.with(move |entries| {
            if entries.get(&key).is_some_and(|e| e.v == expected) {
                entries.remove(&key);
                return (true, true);
            }
            (false, false)
        })
        .await
    }

    /// Runs `change` on the live entries under the lock; writes them back when it says so.
    async fn with<T: Send + 'static>(
        &self,
        change: impl FnOnce(&mut Entries) -> (T, bool) + Send + 'static,
    ) -> Result<T, StoreError> {
        let (path, lock) = (self.path.clone(), self.lock.clone());
        tokio::task::spawn_blocking(move || {
            let lock = open_private(&lock, false)?;
            let mut lock = fd_lock::RwLock::new(lock);
            let _held = lock.write().map_err(io_error)?;
            let mut entries = read(&path)?;
            let now = now_ms();
            let before = entries.len();
            entries.retain(|_, e| e.exp > now);
            let (result, changed) = change(&mut entries);
            if changed || entries.len() != before {
                write(&path, &entries)?;
            }
            Ok(result)
        })
        .await
        .map_err(|e| StoreError(format!("the file store's task failed: {e}")))?
    }
}

fn entry(value: &[u8], ttl: Duration) -> Entry {
    Entry {
        v: STANDARD.encode(value),
        exp: now_ms().saturating_add(ttl.as_millis() as u64),
    }
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn io_error(e: std::io::Error) -> StoreError {
    StoreError(format!("the token cache file cannot be used: {e}"))
}

/// A missing file is an empty store, and so is a damaged one (it is rewritten whole).
fn read(path: &Path) -> Result<Entries, StoreError> {
    match fs::read(path) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
        Err(e) if e.kind() == IoKind::NotFound => Ok(Entries::new()),
        Err(e) => Err(io_error(e)),
    }
}

fn write(path: &Path, entries: &Entries) -> Result<(), StoreError> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(
        ".{}.{:x}.tmp",
        std::process::id(),
        rand::random::<u64>()
    ));
    let temporary = PathBuf::from(name);
    let result = (|| {
        let mut file = open_private(&temporary, true)?;
        let body = serde_json::to_vec(entries).map_err(|e| StoreError(e.to_string()))?;
        file.write_all(&body).map_err(io_error)?;
        file.sync_all().map_err(io_error)?;
        fs::rename(&temporary, path).map_err(io_error)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Opens (creating) a file only its owner may read.
fn open_private(path: &Path, truncate: bool) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options
        .create(true)
        .read(true)
        .write(true)
        .truncate(truncate);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path).map_err(io_error)
}
