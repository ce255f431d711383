//! Account numbers that do not show themselves in logs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An account number. The value is complete, but `Debug` and `Display` show only its
/// last four characters, so a logged account does not leak the number.
///
/// ```
/// let number = candescent::AccountNumber::from("1234567890101");
/// assert_eq!(number.as_str(), "1234567890101");
/// assert_eq!(format!("{number}"), "****0101");
/// assert_eq!(format!("{number:?}"), "\"****0101\"");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountNumber(String);

impl AccountNumber {
    /// The full number as the server sent it (masked by the server unless the token has `accounts:read_unmasked`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `****` followed by the last four characters.
    pub fn masked(&self) -> String {
        let tail: String = {
            let chars: Vec<char> = self.0.chars().collect();
            chars[chars.len().saturating_sub(4)..].iter().collect()
        };
        format!("****{tail}")
    }
}

impl From<String> for AccountNumber {
    fn from(value: String) -> Self {
        AccountNumber(value)
    }
}

impl From<&str> for AccountNumber {
    fn from(value: &str) -> Self {
        AccountNumber(value.to_owned())
    }
}

impl fmt::Display for AccountNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for AccountNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.masked(), f)
    }
}
