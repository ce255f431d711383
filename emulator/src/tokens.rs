//! Issued access tokens, refresh tokens and authorization codes, and what each one allows.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore as _;

use crate::config::DEFAULT_SCOPES;
use crate::data::UserKey;
use crate::stats::Revoked;

/// What a token may do, decided when it is issued: one bit per scope of
/// [`DEFAULT_SCOPES`](crate::config::DEFAULT_SCOPES), the scopes the document's tags name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Grants(u64);

impl Grants {
    pub(crate) fn from_scopes<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Grants {
        let mut bits = 0;
        for scope in scopes {
            if let Some(i) = DEFAULT_SCOPES.iter().position(|s| *s == scope) {
                bits |= 1 << i;
            }
        }
        Grants(bits)
    }

    /// Whether the token was granted `scope`.
    pub(crate) fn has(self, scope: &str) -> bool {
        DEFAULT_SCOPES
            .iter()
            .position(|s| *s == scope)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    pub(crate) fn accounts_read(self) -> bool {
        self.has("accounts:read")
    }

    pub(crate) fn accounts_unmasked(self) -> bool {
        self.has("accounts:read_unmasked")
    }

    pub(crate) fn transactions_read(self) -> bool {
        self.has("transactions:read")
    }
}

/// Who a token speaks for and what it may do.
///
/// `user` is set for the user grants (`password`, `authorization_code` and their
/// refreshes): such a token names its user, so data calls need no `hostUserId`/`loginId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Session {
    pub grants: Grants,
    pub user: Option<UserKey>,
}

#[derive(Debug, Clone)]
struct Entry {
    session: Session,
    // std's clock on purpose: client tests pause and advance tokio's clock,
    // which must not age the server's tokens.
    expires_at: Instant,
    /// The refresh token this access token came from: revoking it revokes this one too.
    family: Option<String>,
}

#[derive(Debug, Clone)]
struct Code {
    session: Session,
    client_id: String,
    offline: bool,
    expires_at: Instant,
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRejection {
    Unknown,
    Expired,
}

/// Authorization codes live this long, as short-lived codes do.
const CODE_TTL: Duration = Duration::from_secs(300);

#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    tokens: RwLock<HashMap<String, Entry>>,
    refresh: RwLock<HashMap<String, Entry>>,
    codes: RwLock<HashMap<String, Code>>,
}

/// 32 bytes from the thread-local CSPRNG, URL-safe base64.
fn fresh() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    URL_SAFE_NO_PAD.encode(raw)
}

fn deadline(ttl: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(ttl)
        .unwrap_or(now + Duration::from_secs(100 * 365 * 86_400))
}

fn insert(map: &RwLock<HashMap<String, Entry>>, key: String, entry: Entry) {
    let mut map = map.write().unwrap_or_else(|e| e.into_inner());
    // Keep the map from growing without bound in long benchmarks.
    if map.len() >= 100_000 {
        let now = Instant::now();
        map.retain(|_, e| e.expires_at > now);
    }
    map.insert(key, entry);
}

impl TokenStore {
    /// Issues a fresh access token.
    pub(crate) fn issue(&self, session: Session, ttl: Duration) -> String {
        self.issue_in(session, ttl, None)
    }

    fn issue_in(&self, session: Session, ttl: Duration, family: Option<String>) -> String {
        let token = fresh();
        let entry = Entry {
            session,
            expires_at: deadline(ttl),
            family,
        };
        insert(&self.tokens, token.clone(), entry);
        token
    }

    /// Issues an access token and the refresh token it belongs to: `(access, refresh)`.
    pub(crate) fn issue_pair(
        &self,
        session: Session,
        ttl: Duration,
        refresh_ttl: Duration,
    ) -> (String, String) {
        let refresh = fresh();
        let entry = Entry {
            session,
            expires_at: deadline(refresh_ttl),
            family: None,
        };
        insert(&self.refresh, refresh.clone(), entry);
        (self.issue_in(session, ttl, Some(refresh.clone())), refresh)
    }

    pub(crate) fn check(&self, token: &str) -> Result<Session, TokenRejection> {
        let tokens = self.tokens.read().unwrap_or_else(|e| e.into_inner());
        let entry = tokens.get(token).ok_or(TokenRejection::Unknown)?;
        if Instant::now() >= entry.expires_at {
            return Err(TokenRejection::Expired);
        }
        Ok(entry.session)
    }

    /// Spends a refresh token: the session it carries, once (refresh tokens rotate).
    pub(crate) fn redeem_refresh(&self, refresh: &str) -> Option<Session> {
        let entry = self
            .refresh
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(refresh)?;
        (Instant::now() < entry.expires_at).then_some(entry.session)
    }

    /// A one-time authorization code for `client_id`.
    pub(crate) fn issue_code(&self, session: Session, client_id: &str, offline: bool) -> String {
        let code = fresh();
        let mut codes = self.codes.write().unwrap_or_else(|e| e.into_inner());
        if codes.len() >= 10_000 {
            let now = Instant::now();
            codes.retain(|_, c| c.expires_at > now);
        }
        codes.insert(
            code.clone(),
            Code {
                session,
                client_id: client_id.to_owned(),
                offline,
                expires_at: deadline(CODE_TTL),
            },
        );
        code
    }

    /// Spends an authorization code issued for `client_id`: its session and whether
    /// `offline_access` was asked for.
    pub(crate) fn redeem_code(&self, code: &str, client_id: &str) -> Option<(Session, bool)> {
        let entry = self
            .codes
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(code)?;
        (Instant::now() < entry.expires_at && entry.client_id == client_id)
            .then_some((entry.session, entry.offline))
    }

    /// Revokes an access token or a refresh token (and every access token issued from it).
    pub(crate) fn revoke(&self, token: &str) -> Revoked {
        let mut tokens = self.tokens.write().unwrap_or_else(|e| e.into_inner());
        if tokens.remove(token).is_some() {
            return Revoked::AccessToken;
        }
        let family = self
            .refresh
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(token);
        if family.is_none() {
            return Revoked::Unknown;
        }
        tokens.retain(|_, e| e.family.as_deref() != Some(token));
        Revoked::RefreshToken
    }

    /// Every access token issued so far expires now; refresh tokens stay valid, so a
    /// client's next move is to redeem its refresh token.
    pub(crate) fn expire_access(&self) {
        let now = Instant::now();
        let mut map = self.tokens.write().unwrap_or_else(|e| e.into_inner());
        for entry in map.values_mut() {
            entry.expires_at = entry.expires_at.min(now);
        }
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
        for map in [&self.tokens, &self.refresh] {
            let mut map = map.write().unwrap_or_else(|e| e.into_inner());
            for entry in map.values_mut() {
                entry.expires_at = entry.expires_at.min(now);
            }
        }
    }

    /// Every token issued so far is forgotten, so it is rejected from now on.
    pub(crate) fn revoke_all(&self) {
        self.tokens
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.refresh
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.codes
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
