//! `client.request(...)` and the response objects: Python arguments into the core's
//! `RequestBuilder`, and the core's `RawResponse`/`ResponseMeta` out as `Response`, `Headers`,
//! `RawResponse` and `ResponseMeta`.

use std::fmt::Write as _;

use candescent::call::{CallOptions, CALL_OPTIONS};
use candescent::input::{required_string, Dialect};
use candescent::{RequestBuilder, ResponseMeta};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use crate::call::Answer;
use crate::errors;

/// JSON nested deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

/// The names `request()` takes besides the method and the path.
const REQUEST_ARGS: [&str; 8] = [
    "query",
    "json",
    "form",
    "headers",
    "retry",
    "timeout",
    "max_retries",
    "deadline",
];

/// The request `request(method, path, **kwargs)` describes, on the client with the call's
/// own options. Runs with the GIL, before any I/O; the core reads the method, the path, the
/// names and the options, so every refusal is a `ValidationError` naming the argument.
pub fn builder(
    client: &candescent::Client,
    method: &Bound<'_, PyAny>,
    path: &Bound<'_, PyAny>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<RequestBuilder> {
    let naming = candescent::input::Naming::Snake;
    let method = required_string("method", crate::args::value(method, 0), naming)
        .map_err(errors::to_pyerr)?;
    let path =
        required_string("path", crate::args::value(path, 0), naming).map_err(errors::to_pyerr)?;
    let mut given: Vec<(String, Bound<'_, PyAny>)> = Vec::new();
    if let Some(kwargs) = kwargs {
        for (k, v) in kwargs.iter() {
            given.push((k.extract()?, v));
        }
    }
    candescent::input::refuse_unknown(
        given.iter().map(|(k, _)| k.as_str()),
        &REQUEST_ARGS,
        naming,
        "request()",
    )
    .map_err(errors::to_pyerr)?;
    let arg = |name: &str| {
        given
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_none())
    };
    let options = given
        .iter()
        .filter(|(k, _)| CALL_OPTIONS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), crate::args::value(v, 0)))
        .collect();
    let options = CallOptions::from_args(options, Dialect::PYTHON).map_err(errors::to_pyerr)?;
    let method = candescent::parse_method(&method).map_err(errors::to_pyerr)?;
    let mut b = client.with_options(options).request(method, &path);
    for (k, v) in pairs("query", arg("query").as_ref())? {
        b = b.query(k, v);
    }
    for (k, v) in pairs("headers", arg("headers").as_ref())? {
        b = b.header(&k, &v);
    }
    if let Some(json) = arg("json") {
        let mut text = String::new();
        encode_json(&json, &mut text, 0)?;
        b = b.json_text(text);
    }
    if let Some(form) = arg("form") {
        b = b.form(pairs("form", Some(&form))?);
    }
    if let Some(retry) = options.retry {
        b = b.retry(retry);
    }
    Ok(b)
}

/// A mapping or a sequence of `(key, value)` pairs as text pairs; a list value repeats its key,
/// `None` leaves it out.
fn pairs(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(out);
    };
    let items: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = if let Ok(d) = value.cast::<PyDict>() {
        d.iter().collect()
    } else if value.hasattr("items")? {
        value
            .call_method0("items")?
            .try_iter()?
            .map(|i| i.and_then(|i| i.extract()))
            .collect::<PyResult<_>>()?
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        value
            .try_iter()?
            .map(|i| {
                i.and_then(|i| i.extract()).map_err(|_| {
                    errors::validation(format!("{what}= items must be (name, value) pairs"))
                })
            })
            .collect::<PyResult<_>>()?
    } else {
        return Err(errors::validation(format!(
            "{what}= must be a mapping or a list of (name, value) pairs, not {}",
            type_name(value)
        )));
    };
    for (k, v) in items {
        let Ok(key) = k.cast::<PyString>() else {
            return Err(errors::validation(format!(
                "{what}= names must be str, not {}",
                type_name(&k)
            )));
        };
        let key = key.to_cow()?.into_owned();
        if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
            for item in v.try_iter()? {
                if let Some(text) = scalar(what, &key, &item?)? {
                    out.push((key.clone(), text));
                }
            }
        } else if let Some(text) = scalar(what, &key, &v)? {
            out.push((key, text));
        }
    }
    Ok(out)
}

/// A query, form or header value as text: `str`, `bool` (`true`/`false`), `int`, `float`,
/// `Decimal`; `None` is left out.
fn scalar(what: &str, key: &str, v: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Some(if b.is_true() { "true" } else { "false" }.into()));
    }
    if v.is_instance_of::<PyInt>() || is_decimal(v)? {
        return Ok(Some(v.str()?.to_cow()?.into_owned()));
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(Some(v.repr()?.to_cow()?.into_owned()));
    }
    Err(errors::validation(format!(
        "{what}= value of {key:?} must be str, int, float, bool or Decimal, not {}",
        type_name(v)
    )))
}

fn is_decimal(v: &Bound<'_, PyAny>) -> PyResult<bool> {
    let class = DECIMAL.import(v.py(), "decimal", "Decimal")?;
    v.is_instance(class)
}

/// Python value → JSON text. `Decimal` is written as its exact number, never through a float.
fn encode_json(v: &Bound<'_, PyAny>, out: &mut String, depth: usize) -> PyResult<()> {
    if depth > MAX_DEPTH {
        return Err(errors::validation(format!(
            "json= is nested deeper than {MAX_DEPTH} levels"
        )));
    }
    if v.is_none() {
        out.push_str("null");
    } else if let Ok(b) = v.cast::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
    } else if v.is_instance_of::<PyInt>() {
        out.push_str(&v.str()?.to_cow()?);
    } else if let Ok(f) = v.cast::<PyFloat>() {
        let value = f.value();
        if !value.is_finite() {
            return Err(errors::validation(
                "json= cannot encode NaN or infinity".into(),
            ));
        }
        out.push_str(&v.repr()?.to_cow()?);
    } else if let Ok(s) = v.cast::<PyString>() {
        out.push_str(&serde_json::to_string(&*s.to_cow()?).expect("strings encode"));
    } else if is_decimal(v)? {
        if !v.call_method0("is_finite")?.is_truthy()? {
            return Err(errors::validation(
                "json= cannot encode a NaN or infinite Decimal".into(),
            ));
        }
        out.push_str(&v.str()?.to_cow()?);
    } else if let Ok(d) = v.cast::<PyDict>() {
        out.push('{');
        for (i, (k, item)) in d.iter().enumerate() {
            let Ok(key) = k.cast::<PyString>() else {
                return Err(errors::validation(format!(
                    "json= object keys must be str, not {}",
                    type_name(&k)
                )));
            };
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(&*key.to_cow()?).expect("strings encode"));
            out.push(':');
            encode_json(&item, out, depth + 1)?;
        }
        out.push('}');
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        out.push('[');
        for (i, item) in v.try_iter()?.enumerate() {
            if i > 0 {
                out.push(',');
            }
            encode_json(&item?, out, depth + 1)?;
        }
        out.push(']');
    } else {
        return Err(errors::validation(format!(
            "json= cannot encode a {} (use dict, list, str, int, float, bool, None or Decimal)",
            type_name(v)
        )));
    }
    Ok(())
}

/// The headers of an answer: a read-only mapping whose names are case-insensitive. A header
/// sent several times reads as its values joined by `", "`; `get_all()` gives them apart.
#[pyclass(frozen, module = "candescent", name = "Headers", mapping)]
pub struct PyHeaders {
    /// Lowercase names, in the order received.
    pairs: Vec<(String, String)>,
}

impl PyHeaders {
    pub fn of(meta: &ResponseMeta) -> PyHeaders {
        PyHeaders {
            pairs: meta
                .header_pairs()
                .map(|(k, v)| (k.to_owned(), v.into_owned()))
                .collect(),
        }
    }

    fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (k, _) in &self.pairs {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
        names
    }

    fn joined(&self, name: &str) -> Option<String> {
        let name = name.to_ascii_lowercase();
        let values: Vec<&str> = self
            .pairs
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

#[pymethods]
impl PyHeaders {
    fn __getitem__(&self, name: &str) -> PyResult<String> {
        self.joined(name)
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name.to_owned()))
    }

    #[pyo3(signature = (name, default=None))]
    fn get(&self, py: Python<'_>, name: &str, default: Option<Py<PyAny>>) -> PyResult<Py<PyAny>> {
        match self.joined(name) {
            Some(v) => Ok(v.into_pyobject(py)?.into_any().unbind()),
            None => Ok(default.unwrap_or_else(|| py.None())),
        }
    }

    /// Every value of `name`, in the order received.
    fn get_all(&self, name: &str) -> Vec<String> {
        let name = name.to_ascii_lowercase();
        self.pairs
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn __contains__(&self, name: &Bound<'_, PyAny>) -> bool {
        name.extract::<String>()
            .is_ok_and(|n| self.joined(&n).is_some())
    }

    fn __len__(&self) -> usize {
        self.names().len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.names())?.try_iter()?.into_any())
    }

    fn keys(&self) -> Vec<String> {
        self.names().into_iter().map(str::to_owned).collect()
    }

    fn values(&self) -> Vec<String> {
        self.names()
            .into_iter()
            .filter_map(|n| self.joined(n))
            .collect()
    }

    fn items(&self) -> Vec<(String, String)> {
        self.names()
            .into_iter()
            .filter_map(|n| self.joined(n).map(|v| (n.to_owned(), v)))
            .collect()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.cast::<PyDict>() else {
            return Ok(false);
        };
        let mine = self.items();
        if other.len() != mine.len() {
            return Ok(false);
        }
        for (k, v) in mine {
            match other.get_item(&k)? {
                Some(o) if o.extract::<String>().is_ok_and(|o| o == v) => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    fn __repr__(&self) -> String {
        let mut out = String::from("Headers({");
        for (i, (k, v)) in self.items().into_iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "{k:?}: {v:?}");
        }
        out.push_str("})");
        out
    }
}

fn meta_repr(class: &str, meta: &ResponseMeta) -> String {
    format!(
        "<candescent.{class} status={} transaction_id='{}'>",
        meta.status(),
        meta.transaction_id()
    )
}

/// The answer to `client.request(...)`.
#[pyclass(frozen, module = "candescent", name = "Response")]
pub struct PyResponse {
    inner: candescent::RawResponse,
}

impl PyResponse {
    pub fn new(inner: candescent::RawResponse) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl PyResponse {
    /// The HTTP status (2xx: other answers raise).
    #[getter]
    fn status(&self) -> u16 {
        self.inner.status()
    }

    /// The headers; names are case-insensitive.
    #[getter]
    fn headers(&self) -> PyHeaders {
        PyHeaders::of(self.inner.meta())
    }

    /// The `transactionId` of the attempt that got this answer.
    #[getter]
    fn transaction_id(&self) -> &str {
        self.inner.transaction_id()
    }

    /// The body as received.
    #[getter]
    fn content<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.bytes())
    }

    /// The body as text (UTF-8); `DecodeError` when it is not.
    #[getter]
    fn text(&self) -> PyResult<&str> {
        self.inner.text().map_err(errors::decode)
    }

    /// The body as JSON: numbers with a fraction or an exponent become `decimal.Decimal`,
    /// integers `int`; never a float. `DecodeError` when it is not JSON.
    fn json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.inner.text().map_err(errors::decode)?;
        crate::json::loads(py, text).map_err(|e| errors::decode(self.inner.decode_error(&e)))
    }

    fn __repr__(&self) -> String {
        meta_repr("Response", self.inner.meta())
    }
}

/// Status, headers and `transactionId` of an answer (`TransactionIterator.last_response`).
#[pyclass(frozen, module = "candescent", name = "ResponseMeta")]
pub struct PyResponseMeta {
    inner: ResponseMeta,
}

impl PyResponseMeta {
    pub fn new(inner: ResponseMeta) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl PyResponseMeta {
    #[getter]
    fn status(&self) -> u16 {
        self.inner.status()
    }

    #[getter]
    fn headers(&self) -> PyHeaders {
        PyHeaders::of(&self.inner)
    }

    #[getter]
    fn transaction_id(&self) -> &str {
        self.inner.transaction_id()
    }

    fn __repr__(&self) -> String {
        meta_repr("ResponseMeta", &self.inner)
    }
}

/// A typed call's answer with its metadata (`client.with_raw_response...`): `parse()` gives
/// the result the call would have returned.
#[pyclass(frozen, module = "candescent", name = "RawResponse")]
pub struct PyRawResponse {
    meta: ResponseMeta,
    answer: Answer,
}

impl PyRawResponse {
    pub fn new(meta: ResponseMeta, answer: Answer) -> Self {
        Self { meta, answer }
    }
}

#[pymethods]
impl PyRawResponse {
    #[getter]
    fn status(&self) -> u16 {
        self.meta.status()
    }

    #[getter]
    fn headers(&self) -> PyHeaders {
        PyHeaders::of(&self.meta)
    }

    #[getter]
    fn transaction_id(&self) -> &str {
        self.meta.transaction_id()
    }

    /// The typed result (an `AccountList`, an `Account`, ...), made anew at each call.
    fn parse<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.answer.to_py(py)
    }

    fn __repr__(&self) -> String {
        meta_repr("RawResponse", &self.meta)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHeaders>()?;
    m.add_class::<PyResponse>()?;
    m.add_class::<PyResponseMeta>()?;
    m.add_class::<PyRawResponse>()?;
    Ok(())
}
