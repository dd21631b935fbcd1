//! Resona's errors as a Python exception hierarchy.
//!
//! `ResonaError(Exception)` is the base; `ConfigError`, `InputError` (also a `ValueError`),
//! `LimitError` and `ModelError` match [`resona::ErrorKind`]. Every raised instance carries
//! `.kind` (`"config"`, `"input"`, `"limit"`, `"model"`) and `.code` (the stable
//! [`resona::Error::code`]); the message is the Rust error's `Display`.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use resona::{Error, ErrorKind};

create_exception!(resona, ResonaError, PyException, "Base class of every error Resona raises; has .kind and .code.");

/// The four subclasses, indexed like [`kind_index`]. `create_exception!` allows one base
/// only, and `InputError` must also be a `ValueError`, so all four are made the same way, by
/// calling `type(name, bases, namespace)` once when the module is imported.
static SUBCLASSES: PyOnceLock<[Py<PyType>; 4]> = PyOnceLock::new();

const SUBCLASS_SPECS: [(&str, &str, &str); 4] = [
    ("ConfigError", "config", "A configuration value is invalid (raised when an object is built)."),
    ("InputError", "input", "Input data is malformed: empty, wrong length or shape, non-finite, unknown name."),
    ("LimitError", "limit", "Input is well formed but exceeds a configured size limit."),
    ("ModelError", "model", "A model could not be loaded or run, or its backend is unavailable."),
];

fn kind_index(kind: ErrorKind) -> Option<usize> {
    match kind {
        ErrorKind::Config => Some(0),
        ErrorKind::Input => Some(1),
        ErrorKind::Limit => Some(2),
        ErrorKind::Model => Some(3),
        _ => None,
    }
}

fn subclasses(py: Python<'_>) -> PyResult<&[Py<PyType>; 4]> {
    SUBCLASSES.get_or_try_init(py, || {
        let base = py.get_type::<ResonaError>();
        let make = |(name, kind, doc): (&str, &str, &str)| -> PyResult<Py<PyType>> {
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "resona")?;
            namespace.set_item("__doc__", doc)?;
            namespace.set_item("kind", kind)?;
            let bases = if kind == "input" {
                PyTuple::new(py, [base.clone(), py.get_type::<PyValueError>()])?
            } else {
                PyTuple::new(py, [base.clone()])?
            };
            let created = py.get_type::<PyType>().call1((name, bases, namespace))?;
            Ok(created.cast_into::<PyType>()?.unbind())
        };
        let [a, b, c, d] = SUBCLASS_SPECS;
        Ok([make(a)?, make(b)?, make(c)?, make(d)?])
    })
}

/// Adds the five exception classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ResonaError", py.get_type::<ResonaError>())?;
    for ((name, ..), ty) in SUBCLASS_SPECS.iter().zip(subclasses(py)?) {
        m.add(*name, ty.bind(py))?;
    }
    Ok(())
}

/// The Python exception for a Resona error: the class of its kind, with `.kind` and `.code`.
pub(crate) fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let ty = match kind_index(e.kind()) {
            Some(i) => subclasses(py)?[i].bind(py).clone(),
            None => py.get_type::<ResonaError>(),
        };
        let instance = ty.call1((e.to_string(),))?;
        instance.setattr("kind", e.kind().as_str())?;
        instance.setattr("code", e.code())?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|failure| failure)
}

/// `result.py(py)?` turns a Resona result into a Python one.
pub(crate) trait IntoPyResult<T> {
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T, E: Into<Error>> IntoPyResult<T> for Result<T, E> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, &e.into()))
    }
}
