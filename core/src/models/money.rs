//! Exact amounts of money.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Extra;

/// An amount and its currency, as `{"currencyCode": "USD", "amount": 501306.06}`.
///
/// The amount is read from the JSON number's text into a [`Decimal`], never through a
/// binary float, so `501306.06` stays `501306.06`.
///
/// ```
/// let money: candescent::Money =
///     serde_json::from_str(r#"{"currencyCode":"USD","amount":501306.06}"#).unwrap();
/// assert_eq!(money.amount.to_string(), "501306.06");
/// ```
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    /// The amount, exact.
    #[serde(
        deserialize_with = "rust_decimal::serde::arbitrary_precision::deserialize",
        serialize_with = "super::wire::decimal"
    )]
    pub amount: Decimal,
    /// ISO 4217 currency code, e.g. `USD`.
    pub currency_code: Option<String>,
    /// Fields not named above.
    #[serde(
        flatten,
        serialize_with = "super::wire::extra_nested",
        deserialize_with = "super::wire::extra_de"
    )]
    pub extra: Extra,
}
