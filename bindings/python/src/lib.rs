//! Resona for Python: the extension module `resona._resona`.
//!
//! This crate only converts: numpy arrays and Python values in, [`resona`] calls, numpy
//! arrays, [`EmotionScores`](scores::EmotionScores) and typed exceptions out. The Python
//! package around it (`python/resona/`) re-exports these names and picks the model backend.
//!
//! Arguments are extracted (and pixel data copied) while the GIL is held; model loading and
//! inference run with it released, so other Python threads keep going.

mod arrays;
mod dicts;
mod errors;
mod scores;
mod text;
mod vision;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// `resona._resona`: see the `resona` package for the documented API.
#[pymodule(gil_used = false)]
fn _resona(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    errors::register(m)?;
    let names = resona::Emotion::ALL.map(resona::Emotion::as_str);
    m.add("EMOTIONS", PyTuple::new(py, names)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<scores::EmotionScores>()?;
    m.add_class::<vision::ExpressionClassifier>()?;
    m.add_class::<text::TextAnalyzer>()?;
    m.add_function(wrap_pyfunction!(vision::init_onnxruntime, m)?)?;
    Ok(())
}
