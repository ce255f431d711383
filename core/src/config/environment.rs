//! The published Candescent environments.

use std::{fmt, str::FromStr};

use crate::Error;

/// A Candescent environment of the Quick Start.
///
/// ```
/// use candescent::Environment;
/// let env: Environment = "production".parse().unwrap();
/// assert_eq!(env.base_url(), "https://api.candescent.com/digitalbanking");
/// assert_eq!(Environment::default(), Environment::Stage);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Environment {
    /// `https://api.candescent.com/digitalbanking/stage`: where the Quick Start says to start.
    #[default]
    Stage,
    /// `https://api.candescent.com/digitalbanking`.
    Production,
}

impl Environment {
    /// The environment's base URL (gateway layout).
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Stage => "https://api.candescent.com/digitalbanking/stage",
            Environment::Production => "https://api.candescent.com/digitalbanking",
        }
    }

    /// The name accepted by [`FromStr`] and `CANDESCENT_ENVIRONMENT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Stage => "stage",
            Environment::Production => "production",
        }
    }
}

impl FromStr for Environment {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "stage" => Ok(Environment::Stage),
            "production" | "prod" => Ok(Environment::Production),
            _ => Err(Error::configuration(format!(
                "unknown environment {s:?}: use \"stage\" or \"production\", or give a base URL"
            ))),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
