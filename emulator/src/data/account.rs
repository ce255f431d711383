//! One stored account and how it is shown to a caller.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::filter::{FieldAlias, Fields};

/// Fields `$filter` may name on accounts; `name` is the docs' alias of `nickName`.
pub(crate) const ACCOUNT_FILTER_FIELDS: &[FieldAlias] = &[
    ("id", "id"),
    ("name", "nickName"),
    ("nickName", "nickName"),
    ("accountNumber", "accountNumber"),
    ("category", "category"),
    ("type", "type"),
    ("type/value", "type"),
];

/// `viewName=s`: the spec's default small view (`viewname.small` ∩ `viewname.external`).
const SMALL_VIEW: &[&str] = &[
    "id",
    "institutionUserId",
    "institutionCustomerId",
    "institutionId",
    "description",
    "accountNumber",
    "type",
    "category",
    "currentBalance",
    "availableBalance",
    "lastStatementBalance",
    "status",
    "allowedActions",
    "routingNumber",
    "maturityDate",
    "nextPaymentAmount",
    "nextPaymentDate",
    "payOffAmount",
    "calculatedPayOffAmount",
    "tpvReference",
];

/// `viewName=m`: every field of the default external view but `micrNumber`.
const MEDIUM_VIEW: &[&str] = &[
    "id",
    "institutionUserId",
    "institutionCustomerId",
    "institutionId",
    "description",
    "accountNumber",
    "nickName",
    "type",
    "category",
    "currentBalance",
    "availableBalance",
    "status",
    "allowedActions",
    "routingNumber",
    "interestRate",
    "interestYearToDate",
    "maturityDate",
    "term",
    "escrowBalance",
    "currentPrincipalBalance",
    "nextPaymentAmount",
    "nextPaymentDate",
    "payOffAmount",
    "calculatedPayOffAmount",
    "minimumPayment",
    "lineOfCreditLimit",
    "loanOriginationDate",
    "pastPrincipalDueDate",
    "lastPrincipalPaymentAmount",
    "originalLoanAmount",
    "tpvReference",
    "lastStatementBalance",
    "primaryHolderName",
];

/// A field projection chosen with `viewName`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum View {
    Full,
    Small,
    Medium,
}

impl View {
    /// The spec's enum is lowercase: `S` and `M` are refused like any other value.
    pub(crate) fn parse(raw: Option<&str>) -> Result<View, String> {
        match raw {
            None => Ok(View::Full),
            Some("s") => Ok(View::Small),
            Some("m") => Ok(View::Medium),
            Some(other) => Err(format!("viewName must be s or m, got {other:?}")),
        }
    }

    fn keeps(self, key: &str) -> bool {
        match self {
            View::Full => true,
            View::Small => SMALL_VIEW.contains(&key),
            View::Medium => MEDIUM_VIEW.contains(&key),
        }
    }
}

/// How an account is rendered for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Render {
    pub view: View,
    pub unmasked: bool,
    pub additional_fields: bool,
}

/// An account as stored: `accountNumber` holds the full number.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub json: Map<String, Value>,
}

/// Masked numbers keep the last four digits, as the spec's examples show them.
pub(crate) fn mask(number: &str) -> &str {
    let cut = number.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
    &number[cut..]
}

impl Account {
    fn str_field(&self, key: &str) -> Option<&str> {
        self.json.get(key).and_then(Value::as_str)
    }

    pub(crate) fn id(&self) -> &str {
        self.str_field("id").unwrap_or_default()
    }

    pub(crate) fn category(&self) -> &str {
        self.str_field("category").unwrap_or_default()
    }

    pub(crate) fn customer(&self) -> &str {
        self.str_field("institutionCustomerId").unwrap_or_default()
    }

    pub(crate) fn is_cross_user(&self) -> bool {
        self.category() == "CROSS_USER_ACCOUNT"
    }

    pub(crate) fn visible_number(&self, unmasked: bool) -> &str {
        let full = self.str_field("accountNumber").unwrap_or_default();
        if unmasked {
            full
        } else {
            mask(full)
        }
    }

    pub(crate) fn render(&self, how: Render) -> Value {
        let mut out = Map::new();
        for (key, value) in &self.json {
            if !how.view.keeps(key) {
                continue;
            }
            if key == "accountNumber" {
                out.insert(
                    key.clone(),
                    Value::String(self.visible_number(how.unmasked).to_owned()),
                );
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
        if how.additional_fields {
            out.insert("additionalInfo".into(), self.additional_info());
        }
        Value::Object(out)
    }

    /// Extra host data, in the `{"entry": [{key, value}]}` shape the transactions fixture uses.
    fn additional_info(&self) -> Value {
        let kind = self
            .json
            .get("type")
            .and_then(|t| t.get("description"))
            .and_then(Value::as_str)
            .unwrap_or("Account");
        let ownership = self.str_field("ownershipType").unwrap_or("INDIVIDUAL");
        serde_json::json!({
            "entry": [
                { "key": "hostAccountType", "value": kind },
                { "key": "ownership", "value": ownership },
                { "key": "branch", "value": "001" }
            ]
        })
    }
}

/// An account seen through a filter: `accountNumber` is what the caller can see.
pub(crate) struct AccountFields<'a> {
    pub account: &'a Account,
    pub unmasked: bool,
}

impl Fields for AccountFields<'_> {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        let a = self.account;
        match name {
            "accountNumber" => Some(Cow::Borrowed(a.visible_number(self.unmasked))),
            "type" => a
                .json
                .get("type")?
                .get("value")?
                .as_str()
                .map(Cow::Borrowed),
            other => a.str_field(other).map(Cow::Borrowed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn mask_keeps_last_four() {
        assert_eq!(mask("4410020101"), "0101");
        assert_eq!(mask("12"), "12");
        assert_eq!(mask(""), "");
    }
}
