//! The token cache setting: where tokens are shared, checked before any traffic.

use std::{fmt, path::PathBuf};

use url::Url;

use crate::{Error, Result, SecretString};

/// Where tokens are kept besides the process's own memory.
#[derive(Clone, Default)]
pub(crate) enum CacheSpec {
    /// This process only (the default).
    #[default]
    Memory,
    /// One file, for the processes of one machine.
    File(PathBuf),
    /// A Redis server; the URL may hold a password, so it is kept as a secret.
    Redis(SecretString),
}

impl CacheSpec {
    /// Reads `memory`, `file://PATH`, `redis://…` or `rediss://…`; `name` is the option or
    /// variable as the caller spells it. Messages never repeat the URL (it can hold a password).
    pub(crate) fn parse(text: &str, name: &str) -> Result<CacheSpec> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("memory") {
            return Ok(CacheSpec::Memory);
        }
        let scheme = text
            .split_once("://")
            .map(|(s, _)| s.to_ascii_lowercase())
            .unwrap_or_default();
        match scheme.as_str() {
            "file" => {
                let path = &text["file://".len()..];
                if path.is_empty() {
                    return Err(Error::configuration(format!(
                        "{name} needs a path after file://, e.g. file:///var/run/app/tokens"
                    )));
                }
                Ok(CacheSpec::File(PathBuf::from(path)))
            }
            "redis" | "rediss" => {
                let url = Url::parse(text).map_err(|e| {
                    Error::configuration(format!("{name} is not a valid Redis URL: {e}"))
                })?;
                if url.host_str().is_none_or(str::is_empty) {
                    return Err(Error::configuration(format!(
                        "{name} is not a valid Redis URL: it names no host \
                         (redis://[user:password@]host[:port][/db])"
                    )));
                }
                let db = url.path().trim_start_matches('/');
                if !db.is_empty() && db.parse::<u32>().is_err() {
                    return Err(Error::configuration(format!(
                        "{name} is not a valid Redis URL: the path must be a database number"
                    )));
                }
                redis::Client::open(text).map_err(|_| {
                    Error::configuration(format!(
                        "{name} is not a valid Redis URL (redis://[user:password@]host[:port][/db])"
                    ))
                })?;
                Ok(CacheSpec::Redis(SecretString::new(text)))
            }
            _ => Err(Error::configuration(format!(
                "{name} has an unknown scheme: use \"memory\", \"file://PATH\", \"redis://HOST\" \
                 or \"rediss://HOST\""
            ))),
        }
    }

    /// The store's address for messages: scheme, host and port, never the password.
    pub(crate) fn describe(&self) -> String {
        match self {
            CacheSpec::Memory => "memory".into(),
            CacheSpec::File(path) => format!("file://{}", path.display()),
            CacheSpec::Redis(url) => match Url::parse(url.expose()) {
                Ok(u) => format!(
                    "{}://{}:{}",
                    u.scheme(),
                    u.host_str().unwrap_or("?"),
                    u.port().unwrap_or(6379)
                ),
                Err(_) => "redis".into(),
            },
        }
    }
}

impl fmt::Debug for CacheSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert!(matches!(
            CacheSpec::parse("memory", "x"),
            Ok(CacheSpec::Memory)
        ));
        assert!(matches!(
            CacheSpec::parse("file:///tmp/t", "x"),
            Ok(CacheSpec::File(p)) if p == std::path::Path::new("/tmp/t")
        ));
        assert!(matches!(
            CacheSpec::parse("rediss://u:pw@h:6380/2", "x"),
            Ok(CacheSpec::Redis(_))
        ));
        for bad in [
            "memcached://h",
            "redis://",
            "redis://h/x",
            "redis://h:99999",
            "file://",
        ] {
            let e = CacheSpec::parse(bad, "tokenCache").expect_err(bad);
            assert!(e.message().starts_with("tokenCache "), "{}", e.message());
        }
        let e = CacheSpec::parse("redis://u:hunter2@h:notaport", "x").unwrap_err();
        assert!(!e.message().contains("hunter2"));
        let spec = CacheSpec::parse("redis://u:hunter2@h:7000", "x").unwrap();
        assert_eq!(format!("{spec:?}"), "redis://h:7000");
    }
}
