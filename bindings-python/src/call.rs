//! Every operation of the table through four entry points, the same for the blocking and the
//! asyncio client and for user sessions: `call` (one request), `pager` (the pages of a list),
//! `groups` (`accounts.groups`) and `wait` (a job read until it ends).
//!
//! The generated namespaces (`candescent.resources`) call these with the operation's index in
//! the table and the names of its positional parameters; the arguments go to the core as
//! Python holds them. The core checks every name, type and rule (`Client::prepare`), reads the
//! per-call options (`CallOptions::from_args`) and runs the call; this module only converts.

use std::sync::Arc;

use candescent::call::{CallOptions, Cursor, Pager, Prepared, CALL_OPTIONS};
use candescent::data::Data;
use candescent::input::{Args, Dialect};
use candescent::spec::{self, Availability, Operation};
use candescent::ResponseMeta;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList, PyString, PyTuple};

use crate::client::Shared;
use crate::model::{to_py, Converted, PyPartial};
use crate::raw::{PyRawResponse, PyResponseMeta};
use crate::{args, errors, logging, runtime};

/// The typed operation `op` names: its index in the table, or its `operationId`.
fn operation(op: &Bound<'_, PyAny>) -> PyResult<&'static Operation> {
    let found = if op.is_instance_of::<PyInt>() {
        op.extract::<usize>()
            .ok()
            .and_then(|i| spec::OPERATIONS.get(i))
    } else if let Ok(id) = op.cast::<PyString>() {
        spec::operation(&id.to_cow()?)
    } else {
        None
    };
    found
        .filter(|op| op.availability == Availability::Typed)
        .ok_or_else(|| errors::validation(format!("no typed operation {op}")))
}

/// The arguments of a call, checked by the core, and its own options.
fn prepare(
    client: &candescent::Client,
    op: &'static Operation,
    names: &Bound<'_, PyTuple>,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<(Prepared, CallOptions)> {
    let all = args::call_args(op, names, args, kwargs)?;
    let (options, params): (Args, Args) = all
        .into_iter()
        .partition(|(name, _)| CALL_OPTIONS.contains(&name.as_str()));
    let options = CallOptions::from_args(options, Dialect::PYTHON).map_err(errors::to_pyerr)?;
    let prepared = client.prepare(op, params).map_err(errors::to_pyerr)?;
    Ok((prepared, options))
}

/// A decoded answer and what Python makes of it.
pub struct Answer {
    op: &'static Operation,
    status: u16,
    data: Data,
}

impl Answer {
    /// The typed result: the model (`None` without a body), as a `Partial` for an operation
    /// that may answer 206.
    pub fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let result = to_py(py, &self.data)?;
        if self.op.responses.iter().any(|r| r.status == 206) {
            return Ok(Bound::new(py, PyPartial::new(self.status, result.unbind()))?.into_any());
        }
        Ok(result)
    }
}

impl<'py> IntoPyObject<'py> for Answer {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Answer::to_py(&self, py)
    }
}

/// One request, decoded; with `raw`, its metadata too.
async fn send(
    client: candescent::Client,
    prepared: Prepared,
    options: CallOptions,
    raw: bool,
) -> PyResult<(Answer, Option<ResponseMeta>)> {
    let mut reply = client
        .call(&prepared, &options)
        .await
        .map_err(errors::to_pyerr)?;
    let data = reply.data().map_err(errors::to_pyerr)?;
    let answer = Answer {
        op: prepared.operation(),
        status: reply.status(),
        data,
    };
    Ok((answer, raw.then(|| reply.take_meta())))
}

enum Out {
    Typed(Answer),
    Raw(Answer, ResponseMeta),
}

impl<'py> IntoPyObject<'py> for Out {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Out::Typed(answer) => answer.to_py(py),
            Out::Raw(answer, meta) => {
                Ok(Bound::new(py, PyRawResponse::new(meta, answer))?.into_any())
            }
        }
    }
}

/// The caller behind a namespace: a client or user session, blocking or asyncio, answering
/// results or `RawResponse`s (`with_raw_response`).
#[pyclass(frozen, module = "candescent._native", name = "Caller")]
pub struct PyCaller {
    shared: Arc<Shared>,
    asyncio: bool,
    raw: bool,
}

impl PyCaller {
    pub fn new(shared: Arc<Shared>, asyncio: bool, raw: bool) -> PyCaller {
        PyCaller {
            shared,
            asyncio,
            raw,
        }
    }

    /// The core client, checked for this process; the blocking one says once when it runs
    /// inside an event loop.
    fn client(&self, py: Python<'_>) -> PyResult<candescent::Client> {
        if self.asyncio {
            logging::refresh(py);
            self.shared.client()
        } else {
            self.shared.blocking(py)
        }
    }

    fn run<'py>(
        &self,
        py: Python<'py>,
        client: candescent::Client,
        prepared: Prepared,
        options: CallOptions,
    ) -> PyResult<Bound<'py, PyAny>> {
        let raw = self.raw;
        let work = async move {
            let (answer, meta) = send(client, prepared, options, raw).await?;
            Ok(match meta {
                Some(meta) => Out::Raw(answer, meta),
                None => Out::Typed(answer),
            })
        };
        if self.asyncio {
            runtime::future_into_py(py, work)
        } else {
            runtime::block_on(py, work)?.into_pyobject(py)
        }
    }

    fn raw_only(&self, what: &str) -> PyResult<()> {
        if self.raw {
            return Err(errors::validation(format!(
                "{what}() reads several answers: with_raw_response gives one answer's metadata; \
                 use the pager's last_response instead"
            )));
        }
        Ok(())
    }
}

#[pymethods]
impl PyCaller {
    /// One request of operation `op` (its index in the table or its `operationId`):
    /// `names` name the positional `args`; `kwargs` are the other arguments and the per-call
    /// options (`timeout`, `max_retries`, `retry`, `deadline`).
    #[pyo3(signature = (op, names, args, kwargs=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        op: &Bound<'py, PyAny>,
        names: &Bound<'py, PyTuple>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let op = operation(op)?;
        let client = self.client(py)?;
        let (prepared, options) = prepare(&client, op, names, args, kwargs)?;
        self.run(py, client, prepared, options)
    }

    /// The items of a paged operation, read page by page as they are iterated (nothing is
    /// sent before); with `with_raw_response`, the first page's answer.
    #[pyo3(signature = (op, names, args, kwargs=None))]
    fn pager<'py>(
        &self,
        py: Python<'py>,
        op: &Bound<'py, PyAny>,
        names: &Bound<'py, PyTuple>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let op = operation(op)?;
        let client = self.client(py)?;
        let (prepared, options) = prepare(&client, op, names, args, kwargs)?;
        if self.raw {
            return self.run(py, client, prepared, options);
        }
        let cursor = client.pager(prepared, options).cursor();
        self.iterator(py, cursor)
    }

    /// `accounts.groups(...)`: a business user's accounts one customer group per request.
    #[pyo3(signature = (op, names, args, kwargs=None))]
    fn groups<'py>(
        &self,
        py: Python<'py>,
        op: &Bound<'py, PyAny>,
        names: &Bound<'py, PyTuple>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.raw_only("groups")?;
        let op = operation(op)?;
        let client = self.client(py)?;
        let (prepared, options) = prepare(&client, op, names, args, kwargs)?;
        let pager = Pager::groups(client, prepared, options).map_err(errors::to_pyerr)?;
        self.iterator(py, pager.cursor())
    }

    /// `wait(...)`: the operation's job read again and again until it ends (see the core's
    /// `Client::wait`); the last answer.
    #[pyo3(signature = (op, names, args, kwargs=None))]
    fn wait<'py>(
        &self,
        py: Python<'py>,
        op: &Bound<'py, PyAny>,
        names: &Bound<'py, PyTuple>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.raw_only("wait")?;
        let op = operation(op)?;
        let client = self.client(py)?;
        let (prepared, options) = prepare(&client, op, names, args, kwargs)?;
        let work = async move {
            let data = client
                .wait(&prepared, &options)
                .await
                .map_err(errors::to_pyerr)?;
            Ok(Converted(data))
        };
        if self.asyncio {
            runtime::future_into_py(py, work)
        } else {
            runtime::block_on(py, work)?.into_pyobject(py)
        }
    }

    fn __repr__(&self) -> String {
        self.shared.repr("Caller")
    }
}

impl PyCaller {
    fn iterator<'py>(&self, py: Python<'py>, cursor: Cursor) -> PyResult<Bound<'py, PyAny>> {
        let shared = self.shared.clone();
        Ok(if self.asyncio {
            Bound::new(py, PyAsyncPager { cursor, shared })?.into_any()
        } else {
            Bound::new(py, PyPager { cursor, shared })?.into_any()
        })
    }
}

// ---------------------------------------------------------------------------------------------

fn page<'py>(py: Python<'py>, items: Vec<Data>) -> PyResult<Bound<'py, PyList>> {
    let converted = items
        .iter()
        .map(|item| to_py(py, item))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, converted)
}

/// The items of a paged call (`for txn in client.transactions.list(...)`), fetched page by
/// page as the iteration goes; `pages()` gives them a page at a time.
#[pyclass(frozen, module = "candescent", name = "Pager")]
pub struct PyPager {
    cursor: Cursor,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyPager {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        // Most items are buffered: no runtime round trip for those.
        if let Some(item) = self.cursor.buffered() {
            return to_py(py, &item).map(Some);
        }
        if self.cursor.is_done() {
            return Ok(None);
        }
        self.shared.blocking(py)?;
        let cursor = self.cursor.clone();
        let next = runtime::block_on(
            py,
            async move { cursor.next().await.map_err(errors::to_pyerr) },
        )?;
        next.map(|item| to_py(py, &item)).transpose()
    }

    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    /// The remaining items a page at a time, each page a list, as the API returns them.
    fn pages(&self) -> PyPages {
        PyPages {
            cursor: self.cursor.clone(),
            shared: self.shared.clone(),
        }
    }

    fn __repr__(&self) -> String {
        format!("<candescent.Pager done={}>", py_bool(self.cursor.is_done()))
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// `....pages()` of a blocking pager.
#[pyclass(frozen, module = "candescent", name = "Pages")]
pub struct PyPages {
    cursor: Cursor,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyPages {
    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        if self.cursor.is_done() {
            return Ok(None);
        }
        self.shared.blocking(py)?;
        let cursor = self.cursor.clone();
        let next = runtime::block_on(py, async move {
            cursor.next_page().await.map_err(errors::to_pyerr)
        })?;
        next.map(|items| page(py, items)).transpose()
    }
}

/// An asyncio future that is already done: buffered items need no trip through tokio.
fn ready<'py>(py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let event_loop = pyo3_async_runtimes::get_running_loop(py)?;
    let done = event_loop.call_method0("create_future")?;
    done.call_method1("set_result", (value,))?;
    Ok(done)
}

struct PageOut(Vec<Data>);

impl<'py> IntoPyObject<'py> for PageOut {
    type Target = PyList;
    type Output = Bound<'py, PyList>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        page(py, self.0)
    }
}

/// `async for item in client.transactions.list(...)`; `pages()` a page at a time.
#[pyclass(frozen, module = "candescent", name = "AsyncPager")]
pub struct PyAsyncPager {
    cursor: Cursor,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncPager {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(item) = self.cursor.buffered() {
            return ready(py, to_py(py, &item)?);
        }
        self.shared.client()?;
        logging::refresh(py);
        let cursor = self.cursor.clone();
        runtime::future_into_py(py, async move {
            match cursor.next().await.map_err(errors::to_pyerr)? {
                Some(item) => Ok(Converted(item)),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }

    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    /// The remaining items a page at a time: `async for page in it.pages()`.
    fn pages(&self) -> PyAsyncPages {
        PyAsyncPages {
            cursor: self.cursor.clone(),
            shared: self.shared.clone(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<candescent.AsyncPager done={}>",
            py_bool(self.cursor.is_done())
        )
    }
}

/// `....pages()` of an asyncio pager.
#[pyclass(frozen, module = "candescent", name = "AsyncPages")]
pub struct PyAsyncPages {
    cursor: Cursor,
    shared: Arc<Shared>,
}

#[pymethods]
impl PyAsyncPages {
    /// Status, headers and transaction_id of the last page read; `None` before the first.
    #[getter]
    fn last_response(&self) -> Option<PyResponseMeta> {
        self.cursor.last_response().map(PyResponseMeta::new)
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.client()?;
        logging::refresh(py);
        let cursor = self.cursor.clone();
        runtime::future_into_py(py, async move {
            match cursor.next_page().await.map_err(errors::to_pyerr)? {
                Some(items) => Ok(PageOut(items)),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }
}

/// The table's typed operations, by index: `(operationId, SDK name)`, for the generated code's
/// tests.
#[pyfunction]
fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let rows = spec::OPERATIONS
        .iter()
        .map(|op| {
            let typed = op.availability == Availability::Typed;
            (op.id, op.name, typed)
        })
        .collect::<Vec<_>>();
    PyList::new(py, rows)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCaller>()?;
    m.add_class::<PyPager>()?;
    m.add_class::<PyPages>()?;
    m.add_class::<PyAsyncPager>()?;
    m.add_class::<PyAsyncPages>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    Ok(())
}
