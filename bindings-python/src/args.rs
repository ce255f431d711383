//! Python arguments into the core's [`Value`]s, one tag per Python type and nothing more: the
//! core checks names, types, ranges and units (`candescent::input`).

use candescent::input::{Args, Value};
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList,
    PyString, PyTuple, PyType,
};

/// Request bodies nest (a payment's transactions, their addresses): deeper than this is refused
/// as a value of the wrong type rather than risking the stack.
const MAX_DEPTH: u8 = 64;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Keyword arguments, in the order given.
pub fn kwargs(kwargs: Option<&Bound<'_, PyDict>>) -> Args {
    let Some(kwargs) = kwargs else {
        return Vec::new();
    };
    kwargs
        .iter()
        .map(|(k, v)| (k.to_string(), value(&v, 0)))
        .collect()
}

/// Positional arguments named by `names` (the generated code's order), then the keywords.
/// More positional arguments than names is Python's own `TypeError`, as for any function.
pub fn call_args(
    op: &candescent::spec::Operation,
    names: &Bound<'_, PyTuple>,
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Args> {
    if args.len() > names.len() {
        let what = candescent::call::label(op, candescent::input::Naming::Snake);
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{what} takes {} positional argument{} but {} were given",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            args.len()
        )));
    }
    let mut out = Vec::with_capacity(args.len() + kwargs.map_or(0, |k| k.len()));
    for (name, arg) in names.iter().zip(args.iter()) {
        out.push((name.extract::<String>()?, value(&arg, 0)));
    }
    out.extend(self::kwargs(kwargs));
    Ok(out)
}

/// One value. `bool` is tested before `int` (it is a subclass), `datetime` before `date`.
pub fn value(v: &Bound<'_, PyAny>, depth: u8) -> Value {
    if v.is_none() {
        Value::Null
    } else if let Ok(b) = v.cast::<PyBool>() {
        Value::Bool(b.is_true())
    } else if v.is_instance_of::<PyInt>() {
        v.extract::<i64>().map(Value::Int).unwrap_or(Value::BigInt)
    } else if let Ok(f) = v.cast::<PyFloat>() {
        Value::Float(f.value())
    } else if let Ok(s) = v.cast::<PyString>() {
        s.to_cow()
            .map(|s| Value::Str(s.into_owned()))
            .unwrap_or_else(|_| other(v))
    } else if v.is_instance_of::<PyDateTime>() {
        Value::Other("datetime.datetime (use .date())".into())
    } else if let Ok(d) = v.cast::<PyDate>() {
        NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into())
            .map(Value::Date)
            .unwrap_or_else(|| other(v))
    } else if let Ok(b) = v.cast::<PyBytes>() {
        Value::Bytes(b.as_bytes().to_vec())
    } else if let Ok(b) = v.cast::<PyByteArray>() {
        Value::Bytes(b.to_vec())
    } else if is_decimal(v) {
        v.str()
            .ok()
            .and_then(|s| s.to_cow().ok().map(|s| Value::Decimal(s.into_owned())))
            .unwrap_or_else(|| other(v))
    } else if depth < MAX_DEPTH && (v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()) {
        match v.try_iter() {
            Ok(items) => Value::List(
                items
                    .map(|item| item.map(|i| value(&i, depth + 1)).unwrap_or(Value::Null))
                    .collect(),
            ),
            Err(_) => other(v),
        }
    } else if let (true, Ok(d)) = (depth < MAX_DEPTH, v.cast::<PyDict>()) {
        Value::Map(
            d.iter()
                .map(|(k, v)| (k.to_string(), value(&v, depth + 1)))
                .collect(),
        )
    } else if let Some(path) = fspath(v) {
        Value::Str(path)
    } else if let Some(content) = binary_file(v) {
        Value::Bytes(content)
    } else {
        other(v)
    }
}

fn is_decimal(v: &Bound<'_, PyAny>) -> bool {
    DECIMAL
        .import(v.py(), "decimal", "Decimal")
        .and_then(|d| v.is_instance(d))
        .unwrap_or(false)
}

/// The content of a binary file object (`open(path, "rb")`, `io.BytesIO`), read to its end,
/// as an upload takes it.
fn binary_file(v: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
    if !v.hasattr("read").unwrap_or(false) {
        return None;
    }
    let content = v.call_method0("read").ok()?;
    content
        .cast::<PyBytes>()
        .ok()
        .map(|b| b.as_bytes().to_vec())
}

/// A path-like object (`pathlib.Path`) as its text, as `open()` takes it.
fn fspath(v: &Bound<'_, PyAny>) -> Option<String> {
    let path = v.call_method0("__fspath__").ok()?;
    let path = path.cast::<PyString>().ok()?;
    path.to_cow().ok().map(|s| s.into_owned())
}

fn other(v: &Bound<'_, PyAny>) -> Value {
    let name = v
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into());
    Value::Other(name)
}
