//! `client.customers` and `client.accounts.groups(...)`: business customers, sync and asyncio,
//! with their models. Conversions only; finding and paging are the core's.

use std::sync::Arc;

use candescent::input::Naming;
use candescent::{AccountGroup, AccountGroups, Customer, CustomerProfile, FindCustomer};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::client::{list_accounts_params, Shared};
use crate::models::{json_to_py, map_to_py, PyAccountList};
use crate::{args, errors, logging, runtime};

fn find_params(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<FindCustomer> {
    FindCustomer::from_args(args::kwargs(kwargs), Naming::Snake).map_err(errors::to_pyerr)
}

/// The groups of `accounts.groups(**params)`, arguments checked by the core on the first read.
pub fn groups(shared: &Shared, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<AccountGroups> {
    let params = list_accounts_params(kwargs)?;
    Ok(shared.client()?.accounts().groups(&params))
}

fn repr_opt(value: Option<&str>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("'{v}'"))
}

// ---------------------------------------------------------------------------------------------

/// A user and the customers (business locations) they act for.
#[pyclass(frozen, eq, module = "candescent", name = "CustomerProfile")]
#[derive(Clone, PartialEq)]
pub struct PyCustomerProfile {
    inner: CustomerProfile,
}

#[pymethods]
impl PyCustomerProfile {
    #[getter]
    fn user_id(&self) -> Option<&str> {
        self.inner.user_id.as_deref()
    }
    #[getter]
    fn fi_id(&self) -> Option<&str> {
        self.inner.fi_id.as_deref()
    }
    #[getter]
    fn user_name(&self) -> Option<&str> {
        self.inner.user_name.as_deref()
    }
    #[getter]
    fn first_name(&self) -> Option<&str> {
        self.inner.first_name.as_deref()
    }
    #[getter]
    fn last_name(&self) -> Option<&str> {
        self.inner.last_name.as_deref()
    }
    #[getter]
    fn full_name(&self) -> Option<&str> {
        self.inner.full_name.as_deref()
    }
    #[getter]
    fn user_type(&self) -> Option<&str> {
        self.inner.user_type.as_deref()
    }
    #[getter]
    fn user_role(&self) -> Option<&str> {
        self.inner.user_role.as_deref()
    }
    #[getter]
    fn customers(&self) -> Vec<PyCustomer> {
        self.inner
            .customers
            .iter()
            .map(|c| PyCustomer { inner: c.clone() })
            .collect()
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    /// `(group_index, customer)` of the customer whose member number (a business location's
    /// TIN) is `member_number`, or `None`.
    fn customer(&self, member_number: &str) -> Option<(usize, PyCustomer)> {
        self.inner
            .customer(member_number)
            .map(|(i, c)| (i, PyCustomer { inner: c.clone() }))
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        format!(
            "CustomerProfile(user_id={}, user_name={}, user_type={}, customers={})",
            repr_opt(self.inner.user_id.as_deref()),
            repr_opt(self.inner.user_name.as_deref()),
            repr_opt(self.inner.user_type.as_deref()),
            self.inner.customers.len()
        )
    }
}

/// One customer a user acts for; `repr()` masks the member number (a TIN for a business).
#[pyclass(frozen, eq, module = "candescent", name = "Customer")]
#[derive(Clone, PartialEq)]
pub struct PyCustomer {
    inner: Customer,
}

#[pymethods]
impl PyCustomer {
    #[getter]
    fn customer_id(&self) -> &str {
        &self.inner.customer_id
    }
    /// The full value the server sent; only `repr()` masks it.
    #[getter]
    fn member_number(&self) -> Option<&str> {
        self.inner.member_number.as_deref()
    }
    #[getter]
    fn customer_type(&self) -> Option<&str> {
        self.inner.customer_type.as_deref()
    }
    #[getter]
    fn host_login_id(&self) -> Option<&str> {
        self.inner.host_login_id.as_deref()
    }
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        map_to_py(py, &self.inner.extra)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        let masked = self
            .inner
            .member_number
            .as_deref()
            .map(|n| candescent::AccountNumber::from(n).masked());
        format!(
            "Customer(customer_id='{}', member_number={}, customer_type={})",
            self.inner.customer_id,
            repr_opt(masked.as_deref()),
            repr_opt(self.inner.customer_type.as_deref())
        )
    }
}

/// One customer group of a business user's accounts: `index`, `total`, `customer_id`, `accounts`.
#[pyclass(frozen, module = "candescent", name = "AccountGroup")]
pub struct PyAccountGroup {
    index: u32,
    total: u64,
    customer_id: Option<String>,
    accounts: Py<PyAccountList>,
}

impl PyAccountGroup {
    fn new(py: Python<'_>, group: AccountGroup) -> PyResult<Self> {
        Ok(PyAccountGroup {
            index: group.index,
            total: group.total,
            customer_id: group.customer_id().map(str::to_owned),
            accounts: Py::new(
                py,
                PyAccountList {
                    inner: group.accounts,
                },
            )?,
        })
    }
}

#[pymethods]
impl PyAccountGroup {
    /// The group's position, from 0 (its `skip_groups`).
    #[getter]
    fn index(&self) -> u32 {
        self.index
    }
    /// How many groups there are.
    #[getter]
    fn total(&self) -> u64 {
        self.total
    }
    /// The location the group's accounts belong to.
    #[getter]
    fn customer_id(&self) -> Option<&str> {
        self.customer_id.as_deref()
    }
    #[getter]
    fn accounts(&self, py: Python<'_>) -> Py<PyAccountList> {
        self.accounts.clone_ref(py)
    }
    fn __repr__(&self) -> String {
        format!(
            "AccountGroup(index={}, total={}, customer_id={}, accounts={})",
            self.index,
            self.total,
            repr_opt(self.customer_id.as_deref()),
            self.accounts.get().inner.accounts.len()
        )
    }
}

// ---------------------------------------------------------------------------------------------

/// `client.customers`
#[pyclass(frozen, module = "candescent", name = "Customers")]
pub struct PyCustomers {
    pub shared: Arc<Shared>,
}

#[pymethods]
impl PyCustomers {
    /// Who a user is and which customers (business locations) they act for.
    #[pyo3(signature = (**params), text_signature = "(*, login_id=None, host_user_id=None)")]
    fn find(
        &self,
        py: Python<'_>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyCustomerProfile> {
        let params = find_params(params)?;
        let client = self.shared.blocking(py)?;
        runtime::block_on(py, async move {
            match client.customers().find(&params).await {
                Ok(inner) => Ok(PyCustomerProfile { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Customers")
    }
}

/// `for group in client.accounts.groups(...)`
#[pyclass(frozen, module = "candescent", name = "AccountGroupIterator")]
pub struct PyAccountGroupIterator {
    pub groups: AccountGroups,
    pub shared: Arc<Shared>,
}

#[pymethods]
impl PyAccountGroupIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyAccountGroup>> {
        self.shared.blocking(py)?;
        let groups = self.groups.clone();
        let next = runtime::block_on(
            py,
            async move { groups.next().await.map_err(errors::to_pyerr) },
        )?;
        next.map(|g| PyAccountGroup::new(py, g)).transpose()
    }
}

/// The native half of `candescent.AsyncCustomers`.
#[pyclass(frozen, module = "candescent._native", name = "AsyncCustomers")]
pub struct PyAsyncCustomers {
    pub shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncCustomers {
    #[pyo3(signature = (**params))]
    fn find<'py>(
        &self,
        py: Python<'py>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let params = find_params(params)?;
        let client = self.shared.client()?;
        logging::refresh(py);
        runtime::future_into_py(py, async move {
            match client.customers().find(&params).await {
                Ok(inner) => Ok(PyCustomerProfile { inner }),
                Err(e) => Err(errors::to_pyerr(e)),
            }
        })
    }

    fn __repr__(&self) -> String {
        self.shared.repr("AsyncCustomers")
    }
}

/// `async for group in client.accounts.groups(...)`
#[pyclass(frozen, module = "candescent", name = "AsyncAccountGroupIterator")]
pub struct PyAsyncAccountGroupIterator {
    pub groups: AccountGroups,
    pub shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncAccountGroupIterator {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.client()?;
        logging::refresh(py);
        let groups = self.groups.clone();
        runtime::future_into_py(py, async move {
            let group = groups.next().await.map_err(errors::to_pyerr)?;
            let group = group.ok_or_else(|| PyStopAsyncIteration::new_err(()))?;
            Python::attach(|py| PyAccountGroup::new(py, group))
        })
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCustomerProfile>()?;
    m.add_class::<PyCustomer>()?;
    m.add_class::<PyAccountGroup>()?;
    m.add_class::<PyCustomers>()?;
    m.add_class::<PyAccountGroupIterator>()?;
    m.add_class::<PyAsyncCustomers>()?;
    m.add_class::<PyAsyncAccountGroupIterator>()?;
    Ok(())
}
