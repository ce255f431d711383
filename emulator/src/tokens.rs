//! Issued access tokens and what each one allows.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore as _;

/// What a token may do, decided when it is issued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Grants {
    pub accounts_read: bool,
    pub accounts_unmasked: bool,
    pub transactions_read: bool,
}

impl Grants {
    pub(crate) fn from_scopes<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Grants {
        let mut g = Grants::default();
        for scope in scopes {
            match scope {
                "accounts:read" => g.accounts_read = true,
                "accounts:read_unmasked" => g.accounts_unmasked = true,
                "transactions:read" => g.transactions_read = true,
                _ => {}
            }
        }
        g
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    grants: Grants,
    // std's clock on purpose: client tests pause and advance tokio's clock,
    // which must not age the server's tokens.
    expires_at: Instant,
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRejection {
    Unknown,
    Expired,
}

#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    tokens: RwLock<HashMap<String, Entry>>,
}

impl TokenStore {
    /// Issues a fresh token: 32 bytes from the thread-local CSPRNG, URL-safe base64.
    pub(crate) fn issue(&self, grants: Grants, ttl: Duration) -> String {
        let mut raw = [0u8; 32];
        rand::rng().fill_bytes(&mut raw);
        let token = URL_SAFE_NO_PAD.encode(raw);
        let now = Instant::now();
        let expires_at = now
            .checked_add(ttl)
            .unwrap_or(now + Duration::from_secs(100 * 365 * 86_400));
        let mut tokens = self.tokens.write().unwrap_or_else(|e| e.into_inner());
        // Keep the map from growing without bound in long benchmarks.
        if tokens.len() >= 100_000 {
            tokens.retain(|_, e| e.expires_at > now);
        }
        tokens.insert(token.clone(), Entry { grants, expires_at });
        token
    }

    pub(crate) fn check(&self, token: &str) -> Result<Grants, TokenRejection> {
        let tokens = self.tokens.read().unwrap_or_else(|e| e.into_inner());
        let entry = tokens.get(token).ok_or(TokenRejection::Unknown)?;
        if Instant::now() >= entry.expires_at {
            return Err(TokenRejection::Expired);
        }
        Ok(entry.grants)
    }

    pub(crate) fn revoke(&self, token: &str) {
        self.tokens
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(token);
    }

    /// Every token still valid (for faults that echo credentials).
    pub(crate) fn live(&self) -> Vec<String> {
        let now = Instant::now();
        let tokens = self.tokens.read().unwrap_or_else(|e| e.into_inner());
        tokens
            .iter()
            .filter(|(_, e)| e.expires_at > now)
            .map(|(t, _)| t.clone())
            .collect()
    }

    /// Every token issued so far expires now; later ones are unaffected.
    pub(crate) fn expire_all(&self) {
        let now = Instant::now();
        let mut tokens = self.tokens.write().unwrap_or_else(|e| e.into_inner());
        for entry in tokens.values_mut() {
            entry.expires_at = entry.expires_at.min(now);
        }
    }

    /// Every token issued so far is forgotten, so it is rejected from now on.
    pub(crate) fn revoke_all(&self) {
        self.tokens
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
