//! Frozen Python views over the core's model structs.
//!
//! Each class holds the core struct as decoded once in Rust and converts a field only when it is
//! read: a list of 1,000 accounts costs no Python objects until someone looks at them.
//! Equality compares the core structs; `to_dict()` is the core's `to_json()`.

use candescent::{
    Account, AccountList, AccountStatus, AccountType, AllowedActions, Money, Transaction,
};
use chrono::{Datelike, NaiveDate};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDict, PyList, PySlice, PyType};
use pyo3::IntoPyObjectExt;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Exact: `decimal.Decimal` is built from the decimal's text, never through a float.
pub fn decimal_from_text<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    DECIMAL.import(py, "decimal", "Decimal")?.call1((text,))
}

fn decimal<'py>(py: Python<'py>, value: &Decimal) -> PyResult<Bound<'py, PyAny>> {
    decimal_from_text(py, &value.to_string())
}

fn date<'py>(py: Python<'py>, value: &NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    // chrono guarantees month 1..=12 and day 1..=31, which fit in u8.
    Ok(PyDate::new(py, value.year(), value.month() as u8, value.day() as u8)?.into_any())
}

fn opt_date(py: Python<'_>, value: &Option<NaiveDate>) -> PyResult<Option<Py<PyAny>>> {
    value
        .as_ref()
        .map(|d| date(py, d).map(Bound::unbind))
        .transpose()
}

/// JSON numbers keep their text (serde_json `arbitrary_precision`): integers become `int`,
/// anything with a fraction or exponent becomes `Decimal`. Never a float.
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_bound_py_any(py)?,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                let text = n.to_string();
                if text.contains(['.', 'e', 'E']) {
                    decimal_from_text(py, &text)?
                } else {
                    // An integer beyond 64 bits: Python's int is unbounded.
                    py.get_type::<pyo3::types::PyInt>().call1((text,))?
                }
            }
        }
        Value::String(s) => s.into_bound_py_any(py)?,
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => map_to_py(py, map)?.into_any(),
    })
}

pub fn map_to_py<'py>(py: Python<'py>, map: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in map {
        dict.set_item(key, json_to_py(py, value)?)?;
    }
    Ok(dict)
}

fn opt_json(py: Python<'_>, value: &Option<Value>) -> PyResult<Option<Py<PyAny>>> {
    value
        .as_ref()
        .map(|v| json_to_py(py, v).map(Bound::unbind))
        .transpose()
}

fn opt_money(value: &Option<Money>) -> Option<PyMoney> {
    value.clone().map(|inner| PyMoney { inner })
}

fn repr_opt<T: std::fmt::Display>(value: &Option<T>) -> String {
    match value {
        Some(v) => format!("'{v}'"),
        None => "None".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------

#[pyclass(frozen, eq, module = "candescent", name = "Money")]
#[derive(Clone, PartialEq)]
pub struct PyMoney {
    pub inner: Money,
}

#[pymethods]
impl PyMoney {
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, &self.inner.amount)
    }
    #[getter]
    fn currency_code(&self) -> Option<&str> {
        self.inner.currency_code.as_deref()
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        format!(
            "Money(amount=Decimal('{}'), currency_code={})",
            self.inner.amount,
            repr_opt(&self.inner.currency_code)
        )
    }
}

// ---------------------------------------------------------------------------------------------

#[pyclass(frozen, eq, module = "candescent", name = "AccountType")]
#[derive(Clone, PartialEq)]
pub struct PyAccountType {
    pub inner: AccountType,
}

#[pymethods]
impl PyAccountType {
    #[getter]
    fn value(&self) -> &str {
        &self.inner.value
    }
    #[getter]
    fn fi_raw_account_type(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_json(py, &self.inner.fi_raw_account_type)
    }
    #[getter]
    fn fi_account_type(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_json(py, &self.inner.fi_account_type)
    }
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        format!(
            "AccountType(value='{}', description={})",
            self.inner.value,
            repr_opt(&self.inner.description)
        )
    }
}

// ---------------------------------------------------------------------------------------------

#[pyclass(frozen, eq, module = "candescent", name = "AccountStatus")]
#[derive(Clone, PartialEq)]
pub struct PyAccountStatus {
    pub inner: AccountStatus,
}

#[pymethods]
impl PyAccountStatus {
    #[getter]
    fn open(&self) -> Option<bool> {
        self.inner.open
    }
    #[getter]
    fn closed(&self) -> Option<bool> {
        self.inner.closed
    }
    #[getter]
    fn negative_balance(&self) -> Option<bool> {
        self.inner.negative_balance
    }
    #[getter]
    fn delinquent(&self) -> Option<bool> {
        self.inner.delinquent
    }
    #[getter]
    fn in_collection(&self) -> Option<bool> {
        self.inner.in_collection
    }
    #[getter]
    fn over_limit(&self) -> Option<bool> {
        self.inner.over_limit
    }
    #[getter]
    fn written_off(&self) -> Option<bool> {
        self.inner.written_off
    }
    #[getter]
    fn credit_balance(&self) -> Option<bool> {
        self.inner.credit_balance
    }
    #[getter]
    fn payment_coupon(&self) -> Option<bool> {
        self.inner.payment_coupon
    }
    #[getter]
    fn retirement_plan(&self) -> Option<bool> {
        self.inner.retirement_plan
    }
    #[getter]
    fn ret_plan_owned_by_deceased(&self) -> Option<bool> {
        self.inner.ret_plan_owned_by_deceased
    }
    #[getter]
    fn approved(&self) -> Option<bool> {
        self.inner.approved
    }
    #[getter]
    fn not_approved(&self) -> Option<bool> {
        self.inner.not_approved
    }
    #[getter]
    fn deleted(&self) -> Option<bool> {
        self.inner.deleted
    }
    #[getter]
    fn verified(&self) -> Option<bool> {
        self.inner.verified
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        format!(
            "AccountStatus(open={}, closed={})",
            bool_repr(self.inner.open),
            bool_repr(self.inner.closed)
        )
    }
}

fn bool_repr(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "True",
        Some(false) => "False",
        None => "None",
    }
}

// ---------------------------------------------------------------------------------------------

#[pyclass(frozen, eq, module = "candescent", name = "AllowedActions")]
#[derive(Clone, PartialEq)]
pub struct PyAllowedActions {
    pub inner: AllowedActions,
}

#[pymethods]
impl PyAllowedActions {
    #[getter]
    fn summary(&self) -> Option<bool> {
        self.inner.summary
    }
    #[getter]
    fn transfer_from(&self) -> Option<bool> {
        self.inner.transfer_from
    }
    #[getter]
    fn transfer_to(&self) -> Option<bool> {
        self.inner.transfer_to
    }
    #[getter]
    fn is_history_enabled(&self) -> Option<bool> {
        self.inner.is_history_enabled
    }
    #[getter]
    fn is_history_entitled(&self) -> Option<bool> {
        self.inner.is_history_entitled
    }
    #[getter]
    fn is_online_statement_enabled(&self) -> Option<bool> {
        self.inner.is_online_statement_enabled
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        format!(
            "AllowedActions(summary={}, transfer_from={}, transfer_to={})",
            bool_repr(self.inner.summary),
            bool_repr(self.inner.transfer_from),
            bool_repr(self.inner.transfer_to)
        )
    }
}

// ---------------------------------------------------------------------------------------------

#[pyclass(frozen, eq, module = "candescent", name = "Account")]
#[derive(Clone, PartialEq)]
pub struct PyAccount {
    pub inner: Account,
}

#[pymethods]
impl PyAccount {
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn institution_user_id(&self) -> &str {
        &self.inner.institution_user_id
    }
    #[getter]
    fn institution_customer_id(&self) -> Option<&str> {
        self.inner.institution_customer_id.as_deref()
    }
    #[getter]
    fn institution_id(&self) -> &str {
        &self.inner.institution_id
    }
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }
    #[getter]
    fn nick_name(&self) -> Option<&str> {
        self.inner.nick_name.as_deref()
    }
    /// The full value the server sent; only `repr()` masks it.
    #[getter]
    fn account_number(&self) -> &str {
        self.inner.account_number.as_str()
    }
    #[getter]
    fn category(&self) -> &str {
        self.inner.category.as_str()
    }
    /// The wire name `type`, as in Node.
    #[getter(r#type)]
    fn type_(&self) -> PyAccountType {
        PyAccountType {
            inner: self.inner.account_type.clone(),
        }
    }
    /// Alias of `type`, kept for code written against 0.1.
    #[getter]
    fn account_type(&self) -> PyAccountType {
        self.type_()
    }
    #[getter]
    fn primary_holder_name(&self) -> Option<&str> {
        self.inner.primary_holder_name.as_deref()
    }
    #[getter]
    fn routing_number(&self) -> Option<&str> {
        self.inner.routing_number.as_deref()
    }
    #[getter]
    fn micr_number(&self) -> Option<&str> {
        self.inner.micr_number.as_deref()
    }
    #[getter]
    fn tpv_reference(&self) -> Option<&str> {
        self.inner.tpv_reference.as_deref()
    }
    #[getter]
    fn tpv_product_code(&self) -> Option<&str> {
        self.inner.tpv_product_code.as_deref()
    }
    #[getter]
    fn overdraft_account_number(&self) -> Option<&str> {
        self.inner
            .overdraft_account_number
            .as_ref()
            .map(|n| n.as_str())
    }
    #[getter]
    fn interest_rate(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.inner
            .interest_rate
            .as_ref()
            .map(|d| decimal(py, d).map(Bound::unbind))
            .transpose()
    }
    #[getter]
    fn current_balance(&self) -> Option<PyMoney> {
        opt_money(&self.inner.current_balance)
    }
    #[getter]
    fn available_balance(&self) -> Option<PyMoney> {
        opt_money(&self.inner.available_balance)
    }
    #[getter]
    fn last_statement_balance(&self) -> Option<PyMoney> {
        opt_money(&self.inner.last_statement_balance)
    }
    #[getter]
    fn interest_year_to_date(&self) -> Option<PyMoney> {
        opt_money(&self.inner.interest_year_to_date)
    }
    #[getter]
    fn overdraft_limit(&self) -> Option<PyMoney> {
        opt_money(&self.inner.overdraft_limit)
    }
    #[getter]
    fn overdraft_available_amount(&self) -> Option<PyMoney> {
        opt_money(&self.inner.overdraft_available_amount)
    }
    #[getter]
    fn current_year_eligible_contribution(&self) -> Option<PyMoney> {
        opt_money(&self.inner.current_year_eligible_contribution)
    }
    #[getter]
    fn last_year_eligible_contribution(&self) -> Option<PyMoney> {
        opt_money(&self.inner.last_year_eligible_contribution)
    }
    #[getter]
    fn last_year_max_contribution(&self) -> Option<PyMoney> {
        opt_money(&self.inner.last_year_max_contribution)
    }
    #[getter]
    fn escrow_balance(&self) -> Option<PyMoney> {
        opt_money(&self.inner.escrow_balance)
    }
    #[getter]
    fn current_principal_balance(&self) -> Option<PyMoney> {
        opt_money(&self.inner.current_principal_balance)
    }
    #[getter]
    fn next_payment_amount(&self) -> Option<PyMoney> {
        opt_money(&self.inner.next_payment_amount)
    }
    #[getter]
    fn pay_off_amount(&self) -> Option<PyMoney> {
        opt_money(&self.inner.pay_off_amount)
    }
    #[getter]
    fn calculated_pay_off_amount(&self) -> Option<PyMoney> {
        opt_money(&self.inner.calculated_pay_off_amount)
    }
    #[getter]
    fn minimum_payment(&self) -> Option<PyMoney> {
        opt_money(&self.inner.minimum_payment)
    }
    #[getter]
    fn line_of_credit_limit(&self) -> Option<PyMoney> {
        opt_money(&self.inner.line_of_credit_limit)
    }
    #[getter]
    fn last_principal_payment_amount(&self) -> Option<PyMoney> {
        opt_money(&self.inner.last_principal_payment_amount)
    }
    #[getter]
    fn original_loan_amount(&self) -> Option<PyMoney> {
        opt_money(&self.inner.original_loan_amount)
    }
    #[getter]
    fn next_payment_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_date(py, &self.inner.next_payment_date)
    }
    #[getter]
    fn maturity_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_date(py, &self.inner.maturity_date)
    }
    #[getter]
    fn loan_origination_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_date(py, &self.inner.loan_origination_date)
    }
    #[getter]
    fn past_principal_due_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_date(py, &self.inner.past_principal_due_date)
    }
    #[getter]
    fn term(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_json(py, &self.inner.term)
    }
    #[getter]
    fn status(&self) -> Option<PyAccountStatus> {
        self.inner
            .status
            .clone()
            .map(|inner| PyAccountStatus { inner })
    }
    #[getter]
    fn allowed_actions(&self) -> Option<PyAllowedActions> {
        self.inner
            .allowed_actions
            .clone()
            .map(|inner| PyAllowedActions { inner })
    }
    #[getter]
    fn additional_info(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_json(py, &self.inner.additional_info)
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        let a = &self.inner;
        let balance = match &a.current_balance {
            Some(m) => format!("Decimal('{}')", m.amount),
            None => "None".to_owned(),
        };
        format!(
            "Account(id='{}', account_number='{}', category='{}', type='{}', nick_name={}, \
             current_balance={})",
            a.id,
            a.account_number.masked(),
            a.category.as_str(),
            a.account_type.value,
            repr_opt(&a.nick_name),
            balance
        )
    }
}

// ---------------------------------------------------------------------------------------------

#[pyclass(frozen, eq, sequence, module = "candescent", name = "AccountList")]
#[derive(Clone, PartialEq)]
pub struct PyAccountList {
    pub inner: AccountList,
}

/// From this many accounts on, a list is freed on a blocking thread of the runtime: freeing
/// thousands of accounts takes milliseconds that the Python thread need not wait for.
const LONG_LIST: usize = 1000;

impl Drop for PyAccountList {
    fn drop(&mut self) {
        if self.inner.accounts.len() >= LONG_LIST {
            let accounts = std::mem::take(&mut self.inner.accounts);
            crate::runtime::handle().spawn_blocking(move || drop(accounts));
        }
    }
}

impl PyAccountList {
    fn account(&self, index: usize) -> PyAccount {
        PyAccount {
            inner: self.inner.accounts[index].clone(),
        }
    }
}

#[pymethods]
impl PyAccountList {
    #[getter]
    fn accounts(&self) -> Vec<PyAccount> {
        (0..self.inner.accounts.len())
            .map(|i| self.account(i))
            .collect()
    }
    #[getter]
    fn total_group_count(&self) -> Option<u64> {
        self.inner.total_group_count
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __len__(&self) -> usize {
        self.inner.accounts.len()
    }
    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(slice) = index.cast::<PySlice>() {
            return self.accounts().into_pyobject(py)?.get_item(slice);
        }
        let i: isize = index.extract()?;
        let len = self.inner.accounts.len() as isize;
        let at = if i < 0 { i + len } else { i };
        if at < 0 || at >= len {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "AccountList index out of range",
            ));
        }
        self.account(at as usize).into_bound_py_any(py)
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
        PyList::new(py, self.accounts())?.try_iter()
    }
    fn __repr__(&self) -> String {
        format!(
            "AccountList(accounts=[{} accounts], total_group_count={})",
            self.inner.accounts.len(),
            self.inner
                .total_group_count
                .map_or_else(|| "None".to_owned(), |n| n.to_string())
        )
    }
}

// ---------------------------------------------------------------------------------------------

#[pyclass(frozen, eq, module = "candescent", name = "Transaction")]
#[derive(Clone, PartialEq)]
pub struct PyTransaction {
    pub inner: Transaction,
}

#[pymethods]
impl PyTransaction {
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn institution_id(&self) -> Option<&str> {
        self.inner.institution_id.as_deref()
    }
    #[getter]
    fn institution_user_id(&self) -> Option<&str> {
        self.inner.institution_user_id.as_deref()
    }
    #[getter]
    fn institution_customer_id(&self) -> Option<&str> {
        self.inner.institution_customer_id.as_deref()
    }
    #[getter]
    fn account_id(&self) -> Option<&str> {
        self.inner.account_id.as_deref()
    }
    #[getter]
    fn transaction_number(&self) -> Option<&str> {
        self.inner.transaction_number.as_deref()
    }
    #[getter]
    fn transaction_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_date(py, &self.inner.transaction_date)
    }
    #[getter]
    fn effective_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_date(py, &self.inner.effective_date)
    }
    #[getter]
    fn memo(&self) -> Option<&str> {
        self.inner.memo.as_deref()
    }
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }
    #[getter]
    fn amount(&self) -> Option<PyMoney> {
        opt_money(&self.inner.amount)
    }
    /// The wire name `type`, as in Node.
    #[getter(r#type)]
    fn type_(&self) -> Option<&str> {
        self.inner.transaction_type.as_deref()
    }
    /// Alias of `type`, kept for code written against 0.1.
    #[getter]
    fn transaction_type(&self) -> Option<&str> {
        self.type_()
    }
    #[getter]
    fn is_credit_transaction(&self) -> Option<bool> {
        self.inner.is_credit_transaction
    }
    #[getter]
    fn is_exportable(&self) -> Option<bool> {
        self.inner.is_exportable
    }
    #[getter]
    fn is_pending(&self) -> Option<bool> {
        self.inner.is_pending
    }
    #[getter]
    fn additional_info(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        opt_json(py, &self.inner.additional_info)
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        let t = &self.inner;
        let amount = match &t.amount {
            Some(m) => format!("Decimal('{}')", m.amount),
            None => "None".to_owned(),
        };
        format!(
            "Transaction(id='{}', transaction_date={}, amount={}, type={}, description={})",
            t.id,
            repr_opt(&t.transaction_date),
            amount,
            repr_opt(&t.transaction_type),
            repr_opt(&t.description)
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMoney>()?;
    m.add_class::<PyAccountType>()?;
    m.add_class::<PyAccountStatus>()?;
    m.add_class::<PyAllowedActions>()?;
    m.add_class::<PyAccount>()?;
    m.add_class::<PyAccountList>()?;
    m.add_class::<PyTransaction>()?;
    Ok(())
}
