//! The models: one native base class over the core's decoded answers, for every schema.
//!
//! `candescent._models` (generated) declares a Python subclass per schema (`class
//! Recipient(Model): __slots__ = ()`) and hands them to [`register_models`]. Registering gives
//! each class one [`PyField`] descriptor per field of its schema (and per alias), and records
//! the class, so that a decoded object of that schema becomes an instance of it.
//!
//! An instance holds a reference to the core's [`Object`]: nothing is converted until a field is
//! read, and reading a nested object shares its subtree instead of copying it.
//!
//! Instances are made with pyo3's own subtype initializer (what `tp_new` does for a Python
//! subclass of a pyo3 class): the registered type object is allocated and its base contents
//! written, without going through Python's call machinery or `__init__`.

use std::collections::HashMap;
use std::mem::ManuallyDrop;
use std::sync::{Arc, OnceLock};

use candescent::data::{to_json_text, Data, Object};
use candescent::spec::{self, Model as Schema, Ty};
use chrono::Datelike;
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::pyclass_init::PyClassInitializer;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDate, PyDict, PyList, PySlice, PyString, PyType};
use pyo3::{IntoPyObjectExt, PyClass};

use crate::{errors, json};

/// Every schema the typed operations reach, by name, and the group model of `accounts.groups`.
fn schemas() -> &'static HashMap<&'static str, &'static Schema> {
    static SCHEMAS: OnceLock<HashMap<&'static str, &'static Schema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        fn walk(ty: &Ty, out: &mut HashMap<&'static str, &'static Schema>) {
            match *ty {
                Ty::Obj(m) => add(m, out),
                Ty::Union(models) => models.iter().for_each(|m| add(m, out)),
                Ty::List(item) | Ty::Map(item) => walk(item, out),
                _ => {}
            }
        }
        fn add(m: &'static Schema, out: &mut HashMap<&'static str, &'static Schema>) {
            if out.insert(m.name, m).is_none() {
                for f in m.fields {
                    walk(&f.ty, out);
                }
                if let Some(extra) = m.extra {
                    walk(extra, out);
                }
            }
        }
        let mut out = HashMap::new();
        for op in spec::operations() {
            for p in op.params {
                walk(&p.ty, &mut out);
            }
            if let Some(body) = op.body {
                walk(&body.ty, &mut out);
            }
            for r in op.responses {
                if let Some(ty) = &r.ty {
                    walk(ty, &mut out);
                }
            }
        }
        add(&candescent::call::ACCOUNT_GROUP, &mut out);
        out
    })
}

fn key(schema: &'static Schema) -> usize {
    schema as *const Schema as usize
}

/// The registered class of each schema, by the schema's address.
static CLASSES: PyOnceLock<HashMap<usize, Py<PyType>>> = PyOnceLock::new();

/// Registers the generated classes: `classes` maps schema names to classes, `aliases` maps
/// schema names to `{second name: field name}`. Called once, by `candescent._models`.
#[pyfunction]
pub fn register_models(
    py: Python<'_>,
    classes: &Bound<'_, PyDict>,
    aliases: &Bound<'_, PyDict>,
) -> PyResult<()> {
    let mut registry = HashMap::new();
    for (name, class) in classes.iter() {
        let name: String = name.extract()?;
        let class = class.cast_into::<PyType>()?;
        let schema = *schemas().get(name.as_str()).ok_or_else(|| {
            errors::internal(&format!("no schema {name:?} in the operation table"))
        })?;
        // The subtype initializer needs the class to lay out as the base it names.
        let list = schema.items.is_some();
        let base_ok = if list {
            class.is_subclass_of::<PyListModel>()?
        } else {
            class.is_subclass_of::<PyModel>()? && !class.is_subclass_of::<PyListModel>()?
        };
        if !base_ok {
            return Err(errors::internal(&format!(
                "{name}: the class must derive from {}",
                if list { "ListModel" } else { "Model" }
            )));
        }
        for (index, field) in schema.fields.iter().enumerate() {
            let descriptor = PyField {
                schema,
                index,
                name: field.name,
            };
            class.setattr(field.name, descriptor)?;
        }
        if let Some(second) = aliases.get_item(&name)? {
            for (alias, target) in second.cast::<PyDict>()?.iter() {
                let target: String = target.extract()?;
                let index = schema.name_index(&target).ok_or_else(|| {
                    errors::internal(&format!("{name}: no field {target:?} to alias"))
                })?;
                let descriptor = PyField {
                    schema,
                    index,
                    name: schema.fields[index].name,
                };
                class.setattr(alias.cast::<PyString>()?, descriptor)?;
            }
        }
        registry.insert(key(schema), class.unbind());
    }
    CLASSES
        .set(py, registry)
        .map_err(|_| errors::internal("the models are registered already"))
}

/// A new instance of `class` (a registered subclass of `T`'s class) holding `init`.
fn instance_of<'py, T: PyClass>(
    py: Python<'py>,
    init: PyClassInitializer<T>,
    class: &Py<PyType>,
) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: `register_models` checked that `class` derives from `T`'s class, and pyo3's
    // initializer writes `T`'s contents into the object the type allocates (as its `tp_new`
    // does for a Python subclass).
    unsafe {
        let ptr = pyo3::impl_::pymethods::tp_new_impl(py, init, class.as_ptr().cast())?;
        Ok(Bound::from_owned_ptr(py, ptr))
    }
}

/// The Python object of a decoded object: an instance of its schema's class.
pub fn model_object<'py>(py: Python<'py>, object: &Object) -> PyResult<Bound<'py, PyAny>> {
    let schema = object.model();
    let init = PyClassInitializer::from(PyModel {
        inner: ManuallyDrop::new(object.clone()),
    });
    let class = CLASSES.get(py).and_then(|c| c.get(&key(schema)));
    match (class, schema.items.is_some()) {
        (Some(class), true) => instance_of(py, init.add_subclass(PyListModel {}), class),
        (Some(class), false) => instance_of(py, init, class),
        (None, true) => Ok(Bound::new(py, init.add_subclass(PyListModel {}))?.into_any()),
        (None, false) => Ok(Bound::new(py, init)?.into_any()),
    }
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Exact: `decimal.Decimal` is built from the number's text, never through a float.
pub fn decimal<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    DECIMAL.import(py, "decimal", "Decimal")?.call1((text,))
}

/// One decoded value as Python: numbers of the schema as `Decimal`, dates as `datetime.date`,
/// base64 as `bytes`, objects as their model, JSON the schema leaves open with exact numbers.
pub fn to_py<'py>(py: Python<'py>, data: &Data) -> PyResult<Bound<'py, PyAny>> {
    Ok(match data {
        Data::Null => py.None().into_bound(py),
        Data::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Data::Int(i) => i.into_bound_py_any(py)?,
        Data::Number(text) => decimal(py, text)?,
        Data::Str(s) => PyString::new(py, s).into_any(),
        // chrono keeps months in 1..=12 and days in 1..=31.
        Data::Date(d) => PyDate::new(py, d.year(), d.month() as u8, d.day() as u8)?.into_any(),
        Data::Bytes(b) => PyBytes::new(py, b).into_any(),
        Data::List(items) => list(py, items)?.into_any(),
        Data::Obj(o) => model_object(py, o)?,
        Data::Json(v) => json::value_to_py(py, v)?,
    })
}

fn list<'py>(py: Python<'py>, items: &[Data]) -> PyResult<Bound<'py, PyList>> {
    let converted = items
        .iter()
        .map(|item| to_py(py, item))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, converted)
}

/// A decoded value handed to Python where the asyncio bridge settles it.
pub struct Converted(pub Data);

impl<'py> IntoPyObject<'py> for Converted {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0)
    }
}

// ---------------------------------------------------------------------------------------------

/// From this many items on, a list is freed on a blocking thread of the runtime: freeing
/// thousands of accounts takes milliseconds that the Python thread need not wait for.
const LONG_LIST: usize = 1000;

/// The base class of every model: a decoded answer of one schema of the API document.
/// Fields are read by their snake_case names; `extra` holds what the schema does not name,
/// `to_dict()` gives back the server's JSON.
#[pyclass(subclass, frozen, module = "candescent", name = "Model")]
pub struct PyModel {
    // Taken out in `drop` to free a long list elsewhere.
    pub inner: ManuallyDrop<Object>,
}

impl Drop for PyModel {
    fn drop(&mut self) {
        // SAFETY: taken exactly once, here; the field is not used again.
        let inner = unsafe { ManuallyDrop::take(&mut self.inner) };
        let long = inner.items().is_some_and(|items| items.len() >= LONG_LIST);
        if long && inner.is_unique() {
            crate::runtime::handle().spawn_blocking(move || drop(inner));
        }
    }
}

/// How deep `repr` shows nested objects before it names them only.
const REPR_DEPTH: usize = 2;

fn repr_of(py: Python<'_>, object: &Object, class: &str, depth: usize, out: &mut String) {
    out.push_str(class);
    out.push('(');
    if depth >= REPR_DEPTH {
        out.push_str("...)");
        return;
    }
    let mut first = true;
    for (field, value) in object.model().fields.iter().zip(object.values()) {
        if value.is_null() {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        first = false;
        out.push_str(field.name);
        out.push('=');
        if field.sensitive() {
            // Personal data: never the value, whatever its type.
            let text = match value {
                Data::Str(s) | Data::Number(s) => candescent::data::masked(field, s),
                Data::Int(i) => candescent::data::masked(field, &i.to_string()),
                _ => "****".to_owned(),
            };
            out.push('\'');
            out.push_str(&text);
            out.push('\'');
            continue;
        }
        match value {
            Data::Obj(o) => repr_of(py, o, &class_name(py, o), depth + 1, out),
            Data::List(items) => out.push_str(&format!("[{} items]", items.len())),
            Data::Bytes(b) => out.push_str(&format!("<{} bytes>", b.len())),
            // Open JSON can hold anything, personal data included: its shape only.
            Data::Json(v) => out.push_str(match &**v {
                serde_json::Value::Object(_) => "{...}",
                serde_json::Value::Array(_) => "[...]",
                _ => "...",
            }),
            scalar => {
                let shown = to_py(py, scalar)
                    .and_then(|v| v.repr().map(|r| r.to_string()))
                    .unwrap_or_else(|_| "?".to_owned());
                out.push_str(&shown);
            }
        }
    }
    out.push(')');
}

/// The name of the class an object becomes (its schema's name when none is registered).
fn class_name(py: Python<'_>, object: &Object) -> String {
    CLASSES
        .get(py)
        .and_then(|c| c.get(&key(object.model())))
        .and_then(|c| c.bind(py).name().ok())
        .map(|n| n.to_string())
        .unwrap_or_else(|| object.model().name.to_owned())
}

#[pymethods]
impl PyModel {
    /// Every field the server sent that the schema does not name, as sent (numbers exact).
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (key, value) in self.inner.extra() {
            dict.set_item(&**key, json::value_to_py(py, value)?)?;
        }
        Ok(dict)
    }

    /// The server's JSON: integers as `int`, other numbers as `Decimal` (never a float), dates
    /// as text, unknown fields included.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = to_json_text(&Data::Obj((*self.inner).clone()));
        json::loads(py, &text).map_err(|e| errors::internal(&format!("to_dict: {e}")))
    }

    /// The server's JSON as text, numbers with their exact digits.
    fn to_json(&self) -> String {
        to_json_text(&Data::Obj((*self.inner).clone()))
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> Py<PyAny> {
        let py = other.py();
        let Ok(other) = other.cast::<PyModel>() else {
            return py.NotImplemented();
        };
        let other = &other.get().inner;
        let same = self.inner.ptr_eq(other) || *self.inner == **other;
        match op {
            CompareOp::Eq => same.into_py_any(py).unwrap_or_else(|_| py.NotImplemented()),
            CompareOp::Ne => (!same)
                .into_py_any(py)
                .unwrap_or_else(|_| py.NotImplemented()),
            _ => py.NotImplemented(),
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let class = slf.get_type().name()?.to_string();
        let mut out = String::new();
        repr_of(slf.py(), &slf.get().inner, &class, 0, &mut out);
        Ok(out)
    }
}

/// The base class of the list models (`AccountList`, `Recipients`, ...): a sequence of the
/// items of their one list field.
#[pyclass(extends = PyModel, subclass, frozen, module = "candescent", name = "ListModel")]
pub struct PyListModel {}

fn items_of<'a>(slf: &'a Bound<'_, PyListModel>) -> &'a [Data] {
    slf.as_super()
        .get()
        .inner
        .items()
        .map_or(&[][..], |items| &items[..])
}

#[pymethods]
impl PyListModel {
    fn __len__(slf: &Bound<'_, Self>) -> usize {
        items_of(slf).len()
    }

    fn __bool__(slf: &Bound<'_, Self>) -> bool {
        !items_of(slf).is_empty()
    }

    fn __getitem__<'py>(
        slf: &Bound<'py, Self>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let items = items_of(slf);
        if let Ok(slice) = index.cast::<PySlice>() {
            let range = slice.indices(items.len() as isize)?;
            let mut out = Vec::with_capacity(range.slicelength);
            let mut at = range.start;
            for _ in 0..range.slicelength {
                out.push(to_py(py, &items[at as usize])?);
                at += range.step;
            }
            return Ok(PyList::new(py, out)?.into_any());
        }
        let i: isize = index.extract()?;
        let len = items.len() as isize;
        let at = if i < 0 { i + len } else { i };
        if at < 0 || at >= len {
            let class = slf.get_type().name()?.to_string();
            return Err(PyIndexError::new_err(format!("{class} index out of range")));
        }
        to_py(py, &items[at as usize])
    }

    fn __iter__(slf: &Bound<'_, Self>) -> ModelIter {
        ModelIter {
            list: slf.as_super().get().inner.items().cloned(),
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

/// The items of a list model, converted one at a time.
#[pyclass(frozen, module = "candescent._native", name = "ModelIterator")]
pub struct ModelIter {
    list: Option<Arc<[Data]>>,
    next: std::sync::atomic::AtomicUsize,
}

#[pymethods]
impl ModelIter {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(list) = &self.list else {
            return Ok(None);
        };
        let at = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        list.get(at).map(|item| to_py(py, item)).transpose()
    }
}

/// One field of a schema, read from the model instance it is accessed on.
#[pyclass(frozen, module = "candescent._native", name = "Field")]
pub struct PyField {
    schema: &'static Schema,
    index: usize,
    name: &'static str,
}

#[pymethods]
impl PyField {
    fn __get__<'py>(
        slf: &Bound<'py, Self>,
        instance: Option<&Bound<'py, PyAny>>,
        _owner: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let Some(instance) = instance.filter(|i| !i.is_none()) else {
            return Ok(slf.clone().into_any());
        };
        let field = slf.get();
        let model = instance.cast::<PyModel>()?.get();
        if !std::ptr::eq(model.inner.model(), field.schema) {
            return Err(PyTypeError::new_err(format!(
                "the field {} belongs to {}, not {}",
                field.name,
                field.schema.name,
                model.inner.model().name
            )));
        }
        to_py(py, model.inner.value(field.index))
    }

    fn __repr__(&self) -> String {
        format!("<field {}.{}>", self.schema.name, self.name)
    }
}

/// The answer of an operation whose documented answers include `206 Partial Content`: the
/// API may have carried out only part of the request, and says which part in the result.
#[pyclass(frozen, module = "candescent", name = "Partial")]
pub struct PyPartial {
    status: u16,
    result: Py<PyAny>,
}

impl PyPartial {
    pub fn new(status: u16, result: Py<PyAny>) -> PyPartial {
        PyPartial { status, result }
    }
}

#[pymethods]
impl PyPartial {
    /// Whether the API carried out the whole request (any status but 206).
    #[getter]
    fn complete(&self) -> bool {
        self.status != 206
    }

    /// The HTTP status: 200 or 204 when complete, 206 when partial.
    #[getter]
    fn status(&self) -> u16 {
        self.status
    }

    /// The answer's model, or `None` for an answer without a body.
    #[getter]
    fn result(&self, py: Python<'_>) -> Py<PyAny> {
        self.result.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let result = self.result.bind(py).repr()?;
        Ok(format!(
            "Partial(complete={}, status={}, result={result})",
            if self.complete() { "True" } else { "False" },
            self.status
        ))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyModel>()?;
    m.add_class::<PyListModel>()?;
    m.add_class::<PyField>()?;
    m.add_class::<ModelIter>()?;
    m.add_class::<PyPartial>()?;
    m.add_function(wrap_pyfunction!(register_models, m)?)?;
    Ok(())
}
