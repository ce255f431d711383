//! Python arguments into the core's [`Value`]s, one tag per Python type and nothing more: the
//! core checks names, types, ranges and units (`candescent::input`).

use candescent::input::{Args, Value};
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};

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
    } else if depth < 3 && (v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()) {
        match v.try_iter() {
            Ok(items) => Value::List(
                items
                    .map(|item| item.map(|i| value(&i, depth + 1)).unwrap_or(Value::Null))
                    .collect(),
            ),
            Err(_) => other(v),
        }
    } else if let (true, Ok(d)) = (depth < 3, v.cast::<PyDict>()) {
        Value::Map(
            d.iter()
                .map(|(k, v)| (k.to_string(), value(&v, depth + 1)))
                .collect(),
        )
    } else if let Some(path) = fspath(v) {
        Value::Str(path)
    } else {
        other(v)
    }
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
