//! Resona for Python: the extension module `resona._resona`.
//!
//! This crate only converts: numpy arrays and Python values in, [`resona`] calls, numpy
//! arrays, [`EmotionScores`](scores::EmotionScores) and typed exceptions out. The Python
//! package around it (`python/resona/`) re-exports these names and picks the model backend.
//!
//! Arguments are extracted (and pixel data copied) while the GIL is held; model loading and
//! inference run with it released, so other Python threads keep going.

mod arrays;
mod audio;
mod dicts;
mod engine;
mod errors;
mod faces;
mod scores;
mod text;
mod transformer;
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
    m.add_class::<transformer::TransformerClassifier>()?;
    m.add_class::<faces::FaceAnalyzer>()?;
    m.add_class::<engine::Engine>()?;
    m.add_class::<audio::AudioStream>()?;
    m.add_class::<audio::VoiceEmotion>()?;
    m.add("FEATURE_NAMES", PyTuple::new(py, resona::audio::FEATURE_NAMES)?)?;
    for f in [
        wrap_pyfunction!(audio::mfcc, m)?,
        wrap_pyfunction!(audio::melspectrogram, m)?,
        wrap_pyfunction!(audio::rms, m)?,
        wrap_pyfunction!(audio::zcr, m)?,
        wrap_pyfunction!(audio::spectral_shape, m)?,
        wrap_pyfunction!(audio::yin, m)?,
        wrap_pyfunction!(audio::pyin, m)?,
        wrap_pyfunction!(audio::crepe, m)?,
        wrap_pyfunction!(audio::resample, m)?,
        wrap_pyfunction!(audio::denoise, m)?,
        wrap_pyfunction!(audio::vad, m)?,
        wrap_pyfunction!(audio::quality, m)?,
        wrap_pyfunction!(audio::voice_quality, m)?,
        wrap_pyfunction!(audio::features, m)?,
        wrap_pyfunction!(audio::vocal_stress, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add_function(wrap_pyfunction!(vision::init_onnxruntime, m)?)?;
    Ok(())
}
