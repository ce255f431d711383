//! `candescent/testing`'s `Emulator`: the emulator crate served from inside the addon, on the
//! same tokio runtime as the clients, so users test offline without a separate binary.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use candescent_emulator::{Config, Emulator, Fault, FaultKind, FaultRoute};
use napi_derive::napi;
use serde_json::Value;

use crate::errors;
use crate::runtime::guarded;

#[napi(object)]
#[derive(Default)]
pub struct EmulatorOptions {
    pub host: Option<String>,
    /// 0 or absent: a free port.
    pub port: Option<u32>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub institution_id: Option<String>,
    /// Seconds.
    pub token_ttl: Option<f64>,
    pub latency_ms: Option<f64>,
    pub allowed_scopes: Option<Vec<String>>,
}

fn seconds(name: &str, s: f64) -> napi::Result<Duration> {
    Duration::try_from_secs_f64(s)
        .map_err(|_| errors::validation(&format!("{name} must be a number >= 0, got {s}")))
}

impl EmulatorOptions {
    fn into_config(self) -> napi::Result<Config> {
        let mut config = Config::default();
        if let Some(host) = self.host {
            config.host = IpAddr::from_str(&host).map_err(|_| {
                errors::validation(&format!("host must be an IP address, got {host:?}"))
            })?;
        }
        if let Some(port) = self.port {
            config.port = u16::try_from(port)
                .map_err(|_| errors::validation(&format!("port must be 0..65535, got {port}")))?;
        }
        if let Some(v) = self.client_id {
            config.client_id = v;
        }
        if let Some(v) = self.client_secret {
            config.client_secret = v;
        }
        if let Some(v) = self.institution_id {
            config.institution_id = v;
        }
        if let Some(s) = self.token_ttl {
            config.token_ttl = seconds("tokenTtl", s)?;
        }
        if let Some(ms) = self.latency_ms {
            config.latency = seconds("latencyMs", ms / 1000.0)?;
        }
        if let Some(v) = self.allowed_scopes {
            config.allowed_scopes = v;
        }
        Ok(config)
    }
}

#[napi(object)]
pub struct FaultOptions {
    pub route: String,
    /// How many requests misbehave; 1 when absent.
    pub count: Option<u32>,
    pub kind: String,
    pub status: Option<u32>,
    pub code: Option<String>,
    /// Seconds, sent as `Retry-After` (any size: hostile values are the point).
    pub retry_after: Option<f64>,
    pub stall_ms: Option<u32>,
    /// The body of a `body` fault; `{secret}`, `{basic}`, `{form}`, `{token}` are echoed.
    pub body: Option<String>,
    pub content_type: Option<String>,
    /// Bytes of an `oversized` body.
    pub size: Option<f64>,
    pub location: Option<String>,
}

impl FaultOptions {
    fn into_fault(self) -> napi::Result<Fault> {
        let route = FaultRoute::from_str(&self.route).map_err(|_| {
            errors::validation(&format!(
                "route must be token, revoke, accounts, account, transactions or any, got {:?}",
                self.route
            ))
        })?;
        let kind = FaultKind::from_str(&self.kind).map_err(|_| {
            errors::validation(&format!(
                "kind must be one of {}, got {:?}",
                FaultKind::NAMES,
                self.kind
            ))
        })?;
        let status = self
            .status
            .map(|s| {
                u16::try_from(s).map_err(|_| {
                    errors::validation(&format!("status must be an HTTP status, got {s}"))
                })
            })
            .transpose()?;
        Ok(Fault {
            route,
            count: self.count.unwrap_or(1),
            kind,
            status,
            code: self.code,
            retry_after: self.retry_after.map(|s| s.max(0.0) as u64),
            stall_ms: self.stall_ms.map(u64::from),
            body: self.body,
            content_type: self.content_type,
            size: self.size.map(|n| n.max(0.0) as u64),
            location: self.location,
        })
    }
}

#[napi]
pub struct NativeEmulator {
    inner: Emulator,
}

/// Binds and starts serving before it resolves, so `baseUrl` is usable at once.
#[napi]
pub async fn start_emulator(options: Option<EmulatorOptions>) -> napi::Result<NativeEmulator> {
    guarded(async move {
        let config = options.unwrap_or_default().into_config()?;
        let inner = candescent_emulator::start(config)
            .await
            .map_err(|e| errors::internal(&format!("the emulator could not start: {e}")))?;
        Ok(NativeEmulator { inner })
    })
    .await
}

#[napi]
impl NativeEmulator {
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_string()
    }

    #[napi(getter)]
    pub fn client_id(&self) -> String {
        self.inner.config().client_id.clone()
    }

    /// The emulator's own test secret, not a user credential: tests need it to build clients.
    #[napi(getter)]
    pub fn client_secret(&self) -> String {
        self.inner.config().client_secret.clone()
    }

    #[napi(getter)]
    pub fn institution_id(&self) -> String {
        self.inner.config().institution_id.clone()
    }

    #[napi]
    pub async fn stats(&self) -> napi::Result<Value> {
        let inner = self.inner.clone();
        guarded(async move {
            let stats = serde_json::to_value(inner.stats())
                .map_err(|e| errors::internal(&format!("unreadable stats: {e}")))?;
            Ok(camel_keys(stats))
        })
        .await
    }

    #[napi]
    pub async fn inject_fault(&self, fault: FaultOptions) -> napi::Result<()> {
        let inner = self.inner.clone();
        guarded(async move {
            inner.inject_fault(fault.into_fault()?);
            Ok(())
        })
        .await
    }

    /// Every issued token expires now; with `refresh_tokens` false only the access tokens.
    #[napi]
    pub async fn expire_tokens(&self, refresh_tokens: Option<bool>) -> napi::Result<()> {
        let inner = self.inner.clone();
        guarded(async move {
            if refresh_tokens.unwrap_or(true) {
                inner.expire_tokens();
            } else {
                inner.expire_access_tokens();
            }
            Ok(())
        })
        .await
    }

    /// A one-time authorization code for the user `login_id`, for this emulator's application.
    #[napi]
    pub fn authorization_code(&self, login_id: String) -> napi::Result<String> {
        self.inner.authorization_code(&login_id).ok_or_else(|| {
            napi::Error::from_reason(format!("the emulator knows no user {login_id:?}"))
        })
    }

    #[napi]
    pub async fn revoke_tokens(&self) -> napi::Result<()> {
        let inner = self.inner.clone();
        guarded(async move {
            inner.revoke_tokens();
            Ok(())
        })
        .await
    }

    #[napi]
    pub async fn reset(&self) -> napi::Result<()> {
        let inner = self.inner.clone();
        guarded(async move {
            inner.reset();
            Ok(())
        })
        .await
    }

    #[napi]
    pub async fn stop(&self) -> napi::Result<()> {
        let inner = self.inner.clone();
        guarded(async move {
            inner.shutdown().await;
            Ok(())
        })
        .await
    }
}

/// The emulator's stats with Node's names (`tokensIssued`); counters the emulator adds later
/// come through as well. The keys under `operations` are operation ids and stay as they are.
fn camel_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if k == "operations" { v } else { camel_keys(v) };
                    (candescent::input::Naming::Camel.spell(&k).into_owned(), v)
                })
                .collect(),
        ),
        other => other,
    }
}
