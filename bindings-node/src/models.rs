//! Core models to plain JS values, built explicitly rather than through the core's serde output
//! so the Node shape is fixed here: camelCase wire names, every `Decimal` as its exact decimal
//! text (a JS number would drift: 0.1 + 0.2), dates as `YYYY-MM-DD`, unknown fields only under
//! `extra`. Absent optional fields are omitted, as on the wire.

use candescent::{
    Account, AccountList, AccountNumber, AccountStatus, AccountType, AllowedActions, Money,
    Transaction,
};
use chrono::NaiveDate;
use napi::bindgen_prelude::{Object, ToNapiValue};
use napi::{sys, Env};
use serde_json::{Map, Value};

/// Key of a hidden object the wrapper strips off and turns into the non-enumerable
/// `util.inspect.custom` hook; it carries the core's masked account numbers.
pub(crate) const MASKED_KEY: &str = "__candescentMasked";

/// A JS value whose object keys keep the order they were added in (the API's order: `id`
/// first), where a `serde_json::Map` would sort them. Raw JSON stays a `Value`.
pub enum Js {
    Raw(Value),
    Object(Vec<(&'static str, Js)>),
    Array(Vec<Js>),
}

impl From<Value> for Js {
    fn from(v: Value) -> Self {
        Js::Raw(v)
    }
}

impl ToNapiValue for Js {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        match val {
            Js::Raw(v) => Value::to_napi_value(env, v),
            Js::Array(items) => Vec::<Js>::to_napi_value(env, items),
            Js::Object(fields) => {
                let mut obj = Object::new(&Env::from_raw(env))?;
                for (key, value) in fields {
                    obj.set(key, value)?;
                }
                Object::to_napi_value(env, obj)
            }
        }
    }
}

#[derive(Default)]
struct Obj(Vec<(&'static str, Js)>);

impl Obj {
    fn put(mut self, key: &'static str, value: impl Into<Js>) -> Self {
        self.0.push((key, value.into()));
        self
    }
    fn opt(self, key: &'static str, value: Option<impl Into<Js>>) -> Self {
        match value {
            Some(v) => self.put(key, v),
            None => self,
        }
    }
    fn str(self, key: &'static str, value: &str) -> Self {
        self.put(key, Value::String(value.to_string()))
    }
    fn opt_str(self, key: &'static str, value: Option<&str>) -> Self {
        self.opt(key, value.map(|v| Value::String(v.to_string())))
    }
    fn opt_bool(self, key: &'static str, value: Option<bool>) -> Self {
        self.opt(key, value.map(Value::Bool))
    }
    fn opt_date(self, key: &'static str, value: Option<&NaiveDate>) -> Self {
        self.opt(key, value.map(date))
    }
    fn opt_money(self, key: &'static str, value: Option<&Money>) -> Self {
        self.opt(key, value.map(money))
    }
    fn opt_raw(self, key: &'static str, value: Option<&Value>) -> Self {
        self.opt(key, value.map(|v| js_safe(v.clone())))
    }
    /// Nested models only show `extra` when the server sent something unknown, to keep
    /// `util.inspect` readable; top-level models always have it.
    fn nested_extra(self, extra: &Map<String, Value>) -> Self {
        if extra.is_empty() {
            self
        } else {
            self.put("extra", raw_map(extra))
        }
    }
    fn done(self) -> Js {
        Js::Object(self.0)
    }
}

fn date(d: &NaiveDate) -> Value {
    Value::String(d.format("%Y-%m-%d").to_string())
}

fn raw_map(map: &Map<String, Value>) -> Value {
    js_safe(Value::Object(map.clone()))
}

pub(crate) fn money(m: &Money) -> Js {
    Obj::default()
        .str("amount", &m.amount.to_string())
        .opt_str("currencyCode", m.currency_code.as_deref())
        .nested_extra(&m.extra)
        .done()
}

fn account_type(t: &AccountType) -> Js {
    Obj::default()
        .str("value", &t.value)
        .opt_raw("fiRawAccountType", t.fi_raw_account_type.as_ref())
        .opt_raw("fiAccountType", t.fi_account_type.as_ref())
        .opt_str("description", t.description.as_deref())
        .nested_extra(&t.extra)
        .done()
}

fn status(s: &AccountStatus) -> Js {
    Obj::default()
        .opt_bool("open", s.open)
        .opt_bool("closed", s.closed)
        .opt_bool("negativeBalance", s.negative_balance)
        .opt_bool("delinquent", s.delinquent)
        .opt_bool("inCollection", s.in_collection)
        .opt_bool("overLimit", s.over_limit)
        .opt_bool("writtenOff", s.written_off)
        .opt_bool("creditBalance", s.credit_balance)
        .opt_bool("paymentCoupon", s.payment_coupon)
        .opt_bool("retirementPlan", s.retirement_plan)
        .opt_bool("retPlanOwnedByDeceased", s.ret_plan_owned_by_deceased)
        .opt_bool("approved", s.approved)
        .opt_bool("notApproved", s.not_approved)
        .opt_bool("deleted", s.deleted)
        .opt_bool("verified", s.verified)
        .nested_extra(&s.extra)
        .done()
}

fn allowed_actions(a: &AllowedActions) -> Js {
    Obj::default()
        .opt_bool("summary", a.summary)
        .opt_bool("transferFrom", a.transfer_from)
        .opt_bool("transferTo", a.transfer_to)
        .opt_bool("isHistoryEnabled", a.is_history_enabled)
        .opt_bool("isHistoryEntitled", a.is_history_entitled)
        .opt_bool("isOnlineStatementEnabled", a.is_online_statement_enabled)
        .nested_extra(&a.extra)
        .done()
}

pub(crate) fn account(a: &Account) -> Js {
    let mut masked = Obj::default().str("accountNumber", &a.account_number.masked());
    if let Some(n) = &a.overdraft_account_number {
        masked = masked.str("overdraftAccountNumber", &n.masked());
    }
    let number = |n: &AccountNumber| Value::String(n.as_str().to_string());
    Obj::default()
        .str("id", &a.id)
        .str("institutionUserId", &a.institution_user_id)
        .opt_str(
            "institutionCustomerId",
            a.institution_customer_id.as_deref(),
        )
        .str("institutionId", &a.institution_id)
        .opt_str("description", a.description.as_deref())
        .opt_str("nickName", a.nick_name.as_deref())
        .put("accountNumber", number(&a.account_number))
        .str("category", a.category.as_str())
        .put("type", account_type(&a.account_type))
        .opt_str("primaryHolderName", a.primary_holder_name.as_deref())
        .opt_str("routingNumber", a.routing_number.as_deref())
        .opt_str("micrNumber", a.micr_number.as_deref())
        .opt_str("tpvReference", a.tpv_reference.as_deref())
        .opt_str("tpvProductCode", a.tpv_product_code.as_deref())
        .opt(
            "overdraftAccountNumber",
            a.overdraft_account_number.as_ref().map(number),
        )
        .opt(
            "interestRate",
            a.interest_rate.map(|r| Value::String(r.to_string())),
        )
        .opt_money("currentBalance", a.current_balance.as_ref())
        .opt_money("availableBalance", a.available_balance.as_ref())
        .opt_money("lastStatementBalance", a.last_statement_balance.as_ref())
        .opt_money("interestYearToDate", a.interest_year_to_date.as_ref())
        .opt_money("overdraftLimit", a.overdraft_limit.as_ref())
        .opt_money(
            "overdraftAvailableAmount",
            a.overdraft_available_amount.as_ref(),
        )
        .opt_money(
            "currentYearEligibleContribution",
            a.current_year_eligible_contribution.as_ref(),
        )
        .opt_money(
            "lastYearEligibleContribution",
            a.last_year_eligible_contribution.as_ref(),
        )
        .opt_money(
            "lastYearMaxContribution",
            a.last_year_max_contribution.as_ref(),
        )
        .opt_money("escrowBalance", a.escrow_balance.as_ref())
        .opt_money(
            "currentPrincipalBalance",
            a.current_principal_balance.as_ref(),
        )
        .opt_money("nextPaymentAmount", a.next_payment_amount.as_ref())
        .opt_money("payOffAmount", a.pay_off_amount.as_ref())
        .opt_money(
            "calculatedPayOffAmount",
            a.calculated_pay_off_amount.as_ref(),
        )
        .opt_money("minimumPayment", a.minimum_payment.as_ref())
        .opt_money("lineOfCreditLimit", a.line_of_credit_limit.as_ref())
        .opt_money(
            "lastPrincipalPaymentAmount",
            a.last_principal_payment_amount.as_ref(),
        )
        .opt_money("originalLoanAmount", a.original_loan_amount.as_ref())
        .opt_date("nextPaymentDate", a.next_payment_date.as_ref())
        .opt_date("maturityDate", a.maturity_date.as_ref())
        .opt_date("loanOriginationDate", a.loan_origination_date.as_ref())
        .opt_date("pastPrincipalDueDate", a.past_principal_due_date.as_ref())
        .opt_raw("term", a.term.as_ref())
        .opt("status", a.status.as_ref().map(status))
        .opt(
            "allowedActions",
            a.allowed_actions.as_ref().map(allowed_actions),
        )
        .opt_raw("additionalInfo", a.additional_info.as_ref())
        .put("extra", raw_map(&a.extra))
        .put(MASKED_KEY, masked.done())
        .done()
}

pub(crate) fn account_list(list: &AccountList) -> Js {
    Obj::default()
        .put(
            "accounts",
            Js::Array(list.accounts.iter().map(account).collect()),
        )
        .opt("totalGroupCount", list.total_group_count.map(Value::from))
        .put("extra", raw_map(&list.extra))
        .done()
}

pub(crate) fn transaction(t: &Transaction) -> Js {
    Obj::default()
        .str("id", &t.id)
        .opt_str("institutionId", t.institution_id.as_deref())
        .opt_str("institutionUserId", t.institution_user_id.as_deref())
        .opt_str(
            "institutionCustomerId",
            t.institution_customer_id.as_deref(),
        )
        .opt_str("accountId", t.account_id.as_deref())
        .opt_str("transactionNumber", t.transaction_number.as_deref())
        .opt_date("transactionDate", t.transaction_date.as_ref())
        .opt_date("effectiveDate", t.effective_date.as_ref())
        .opt_str("memo", t.memo.as_deref())
        .opt_str("description", t.description.as_deref())
        .opt_money("amount", t.amount.as_ref())
        .opt_str("type", t.transaction_type.as_deref())
        .opt_bool("isCreditTransaction", t.is_credit_transaction)
        .opt_bool("isExportable", t.is_exportable)
        .opt_bool("isPending", t.is_pending)
        .opt_raw("additionalInfo", t.additional_info.as_ref())
        .put("extra", raw_map(&t.extra))
        .done()
}

const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Raw JSON (`extra`, `term`, `additionalInfo`) keeps its numbers as JS numbers when a double
/// holds them; an integer beyond 2^53 or a number no double can hold becomes its exact text.
/// napi's own conversion would turn those into BigInt (which `JSON.stringify` refuses) or panic.
pub(crate) fn js_safe(value: Value) -> Value {
    match value {
        Value::Number(n) => {
            let safe_int = n
                .as_i64()
                .is_some_and(|i| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i));
            if safe_int || (n.as_i64().is_none() && n.is_f64()) {
                Value::Number(n)
            } else {
                Value::String(n.to_string())
            }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(js_safe).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, js_safe(v))).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn js_safe_keeps_what_a_double_holds_and_stringifies_the_rest() {
        let v: Value =
            serde_json::from_str(r#"[1, -2, 1.5, 9007199254740993, 1e400, 18446744073709551616]"#)
                .unwrap();
        assert_eq!(
            js_safe(v).to_string(),
            json!([
                1,
                -2,
                1.5,
                "9007199254740993",
                "1e+400",
                "18446744073709551616"
            ])
            .to_string()
        );
    }
}
