//! The account category, an open set.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An account's category. New categories can appear at any time; an unknown one is
/// kept as [`Category::Other`] with its text, never a decoding failure.
///
/// ```
/// use candescent::Category;
/// assert_eq!(Category::from("DEPOSIT"), Category::Deposit);
/// assert_eq!(Category::from("SOMETHING_NEW").as_str(), "SOMETHING_NEW");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Category {
    /// `DEPOSIT`
    Deposit,
    /// `LOAN`
    Loan,
    /// `INVESTMENT`
    Investment,
    /// `TIERED_LOAN`
    TieredLoan,
    /// `CROSS_USER_ACCOUNT`
    CrossUserAccount,
    /// A category this version does not know.
    Other(String),
}

impl Category {
    /// The wire text.
    pub fn as_str(&self) -> &str {
        match self {
            Category::Deposit => "DEPOSIT",
            Category::Loan => "LOAN",
            Category::Investment => "INVESTMENT",
            Category::TieredLoan => "TIERED_LOAN",
            Category::CrossUserAccount => "CROSS_USER_ACCOUNT",
            Category::Other(s) => s,
        }
    }
}

impl From<&str> for Category {
    fn from(s: &str) -> Self {
        match s {
            "DEPOSIT" => Category::Deposit,
            "LOAN" => Category::Loan,
            "INVESTMENT" => Category::Investment,
            "TIERED_LOAN" => Category::TieredLoan,
            "CROSS_USER_ACCOUNT" => Category::CrossUserAccount,
            other => Category::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Category::from(text.as_ref()))
    }
}
