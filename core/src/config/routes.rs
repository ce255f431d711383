//! Where each endpoint lives below the base URL.

/// Path prefixes of the endpoints, relative to the base URL.
///
/// Two layouts are published: the gateway layout of the Quick Start (base URL path
/// `/digitalbanking…`) and the host layout of the OpenAPI spec (any other base URL).
/// The layout is chosen from the base URL; a field set here replaces its default,
/// for deployments whose paths differ.
///
/// ```
/// use candescent::{Client, Routes};
/// let client = Client::builder()
///     .client_id("id").client_secret("secret").institution_id("00016")
///     .routes(Routes { accounts: Some("/accounts/v1/accounts".into()), ..Routes::default() })
///     .use_env(false)
///     .build()
///     .unwrap();
/// # drop(client);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routes {
    /// Token endpoint, default `/oauth2/v1/token`.
    pub token: Option<String>,
    /// Revoke endpoint, default `/oauth2/v1/revoke`.
    pub revoke: Option<String>,
    /// Accounts collection, default `/db-accounts/v1/accounts` (gateway) or `/v1/accounts` (host).
    pub accounts: Option<String>,
    /// Transactions collection, default `/db-transactions/v1/transactions` (gateway) or `/v1/transactions` (host).
    pub transactions: Option<String>,
    /// Customers (who a user is and which customers they act for), default `/v1/customers`.
    /// The gateway layout publishes no path of its own for it: set this if yours differs.
    pub customers: Option<String>,
}

impl Routes {
    /// Sets one route by its name (`token`, `revoke`, `accounts`, `transactions`, `customers`), for
    /// routes given as a map.
    ///
    /// ```
    /// let mut routes = candescent::Routes::default();
    /// routes.set("accounts", "/accounts/v1/accounts").unwrap();
    /// assert!(routes.set("balances", "/x").is_err());
    /// ```
    pub fn set(&mut self, name: &str, path: impl Into<String>) -> crate::Result<()> {
        let slot = match name {
            "token" => &mut self.token,
            "revoke" => &mut self.revoke,
            "accounts" => &mut self.accounts,
            "transactions" => &mut self.transactions,
            "customers" => &mut self.customers,
            _ => {
                return Err(crate::Error::configuration(format!(
                    "unknown route {name:?}: use token, revoke, accounts, transactions or customers"
                )))
            }
        };
        *slot = Some(path.into());
        Ok(())
    }
}

/// Which of the two published URL layouts a base URL uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Gateway,
    Host,
}

impl Layout {
    /// The rule of the wire contract: a path of `/digitalbanking` or below it is the gateway.
    pub(crate) fn of_path(path: &str) -> Layout {
        let path = path.trim_end_matches('/');
        if path == "/digitalbanking" || path.starts_with("/digitalbanking/") {
            Layout::Gateway
        } else {
            Layout::Host
        }
    }

    pub(crate) fn default_routes(self) -> [&'static str; 5] {
        match self {
            Layout::Gateway => [
                "/oauth2/v1/token",
                "/oauth2/v1/revoke",
                "/db-accounts/v1/accounts",
                "/db-transactions/v1/transactions",
                "/v1/customers",
            ],
            Layout::Host => [
                "/oauth2/v1/token",
                "/oauth2/v1/revoke",
                "/v1/accounts",
                "/v1/transactions",
                "/v1/customers",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_follows_the_path() {
        assert_eq!(Layout::of_path("/digitalbanking/stage"), Layout::Gateway);
        assert_eq!(Layout::of_path("/digitalbanking"), Layout::Gateway);
        assert_eq!(Layout::of_path("/digitalbanking/"), Layout::Gateway);
        assert_eq!(Layout::of_path("/digitalbankingx"), Layout::Host);
        assert_eq!(Layout::of_path("/"), Layout::Host);
    }
}
