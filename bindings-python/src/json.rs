//! JSON text straight into Python objects, in one pass and in the server's key order: numbers
//! with a fraction or an exponent become `decimal.Decimal`, integers `int` (any size), never a
//! float: `json.loads(text, parse_float=Decimal)`, done in Rust.

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// How serde_json (`arbitrary_precision`) hands over a number: a one-entry map under this key
/// whose value is the number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// `text` as Python objects; the error is serde_json's, with where the text went wrong.
pub fn loads<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed(py).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

fn number<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(i.into_pyobject(py)?.into_any());
    }
    if text.contains(['.', 'e', 'E']) {
        crate::model::decimal(py, text)
    } else {
        // An integer beyond 64 bits: Python's int is unbounded.
        py.get_type::<PyInt>().call1((text,))
    }
}

#[derive(Clone, Copy)]
struct Seed<'py>(Python<'py>);

fn py_err<E: serde::de::Error>(e: PyErr) -> E {
    E::custom(format!("cannot build the Python value: {e}"))
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for Seed<'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.None().into_bound(self.0))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyBool::new(self.0, v).to_owned().into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(match v.into_pyobject(self.0) {
            Ok(v) => v.into_any(),
            Err(never) => match never {},
        })
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(match v.into_pyobject(self.0) {
            Ok(v) => v.into_any(),
            Err(never) => match never {},
        })
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Not reached with arbitrary_precision; exact all the same.
        number(self.0, &v.to_string()).map_err(py_err)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyString::new(self.0, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.0);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(py_err)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.0);
        let Some(first) = map.next_key::<String>()? else {
            return Ok(dict.into_any());
        };
        if first == NUMBER_TOKEN {
            let text: String = map.next_value()?;
            return number(self.0, &text).map_err(py_err);
        }
        let value = map.next_value_seed(self)?;
        dict.set_item(first, value).map_err(py_err)?;
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(py_err)?;
        }
        Ok(dict.into_any())
    }
}

/// A JSON value the core kept (serde_json with `arbitrary_precision`) as Python objects:
/// integers `int` of any size, other numbers `Decimal`, never a float.
pub fn value_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number(py, &n.to_string())?,
        Value::String(s) => pyo3::types::PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, value_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
