//! Settings of one emulator instance.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

/// The client id accepted by default (the console calls it the Shared Key).
pub const DEFAULT_CLIENT_ID: &str = "candescent-emulator";
/// The client secret accepted by default (the console calls it the Secret Key).
pub const DEFAULT_CLIENT_SECRET: &str = "emulator-secret";
/// The institution id accepted by default; the spec's examples use `00016`.
pub const DEFAULT_INSTITUTION_ID: &str = "00016";
/// The partner application of the OpenID Connect flow: it redeems authorization codes.
pub const PARTNER_CLIENT_ID: &str = "emulator-partner";
/// The partner application's secret.
pub const PARTNER_CLIENT_SECRET: &str = "partner-secret";
/// Every scope the emulated application may request: those the official document's tags
/// name, so a token requested without `scopes` may call every served operation.
pub const DEFAULT_SCOPES: &[&str] = &[
    "accounts:read",
    "accounts:read_unmasked",
    "transactions:read",
    "institution-users:read",
    "institution-users:write",
    "institution-users-billpay:read",
    "institution-users:read_pii",
    "banking-activities:read",
    "images:read",
    "business-registrations:read",
    "business-registrations:write",
    "business-profile:read",
    "ach-payments:read",
    "ach-payments:write",
    "wire-payments:read",
    "wire-payments:write",
    "recipients:read",
    "recipients:write",
    "recipients:delete",
    "transfers:write",
    "alertMgmt:read",
    "alertMgmt:write",
    "alertPref:read",
    "alertPref:write",
    "alertHist:read",
    "alerts:publish",
    "disclosures:read",
    "disclosures:write",
    "groups:read",
    "groups:write",
    "audience:read",
    "audience:write",
];

/// How one emulator listens and which credentials it accepts.
///
/// ```
/// use candescent_emulator::Config;
/// let config = Config { port: 0, token_ttl: std::time::Duration::from_secs(60), ..Config::default() };
/// assert_eq!(config.client_id, "candescent-emulator");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to bind; loopback by default so nothing is exposed by accident.
    pub host: IpAddr,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// Accepted OAuth client id.
    pub client_id: String,
    /// Accepted OAuth client secret.
    pub client_secret: String,
    /// Value the `institutionId` header must carry.
    pub institution_id: String,
    /// Lifetime of issued access tokens, reported as `expires_in`.
    pub token_ttl: Duration,
    /// Delay added before answering every token, revoke and data request.
    pub latency: Duration,
    /// Scopes a token may carry; a token request without `scopes` gets all of them.
    pub allowed_scopes: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            institution_id: DEFAULT_INSTITUTION_ID.to_owned(),
            token_ttl: Duration::from_secs(3600),
            latency: Duration::ZERO,
            allowed_scopes: DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}
