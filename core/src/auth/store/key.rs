//! The names of a client's entries in a shared store: hashes, so that a reader of the store
//! learns neither the client id nor the institution.

use sha2::{Digest, Sha256};

use crate::config::Config;

/// The keys one client uses in a shared store.
#[derive(Debug, Clone)]
pub(crate) struct Keys {
    /// The sealed token.
    pub(crate) token: String,
    /// The short lock taken by whoever requests the fleet's next token.
    pub(crate) lock: String,
    /// The rate limit's state, shared by every client of the same client id and institution.
    pub(crate) rate: String,
}

impl Keys {
    pub(crate) fn new(config: &Config) -> Keys {
        let prefix = &config.token_cache_prefix;
        let base_url = config.base_url.as_str().trim_end_matches('/');
        let scopes = config.scopes.join(" ");
        let token = digest(&[
            base_url,
            &config.client_id,
            config.institution_id(),
            &scopes,
        ]);
        let rate = digest(&[&config.client_id, config.institution_id()]);
        Keys {
            token: format!("{prefix}:token:{token}"),
            lock: format!("{prefix}:lock:{token}"),
            rate: format!("{prefix}:rate:{rate}"),
        }
    }
}

/// SHA-256 of the parts, each length-prefixed so that no two lists hash alike, in hex.
fn digest(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    hash.update(b"candescent-key-v1");
    for part in parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    hash.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_do_not_run_together() {
        assert_ne!(digest(&["ab", "c"]), digest(&["a", "bc"]));
        assert_eq!(digest(&["a"]).len(), 64);
    }
}
