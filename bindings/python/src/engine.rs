//! `resona.Engine`: the streaming engine (every pipeline and fusion) as one Python object.

use crate::arrays::{pixels, unsupported_dtype};
use crate::dicts::to_py;
use crate::errors::{IntoPyResult, to_py_err};
use numpy::{PyArrayDyn, PyUntypedArray};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use resona::{AudioView, Backend, EngineConfig, ImageView, TimestampMs};

/// Every Resona pipeline and the fusion layer; thread-safe.
#[pyclass(module = "resona._resona", name = "Engine", frozen, subclass)]
pub(crate) struct Engine {
    inner: resona::Engine,
}

#[pymethods]
impl Engine {
    /// Loads the bundled models on `backend` ("tract" or "onnxruntime"). Video frames closer
    /// than `face_interval_ms` (default 100) to the last analysed one are skipped; the
    /// detector runs at least every `redetect_interval_ms` (default 500). 0 turns either off.
    #[new]
    #[pyo3(signature = (
        backend = "tract",
        *,
        face_interval_ms = None,
        redetect_interval_ms = None,
    ))]
    fn new(
        py: Python<'_>,
        backend: &str,
        face_interval_ms: Option<u32>,
        redetect_interval_ms: Option<u32>,
    ) -> PyResult<Self> {
        let backend: Backend = backend.parse().py(py)?;
        // None keeps the Rust defaults, so no binding repeats them.
        let config = EngineConfig::default()
            .with_backend(backend)
            .with_face_interval_ms(face_interval_ms.unwrap_or(resona::DEFAULT_FACE_INTERVAL_MS))
            .with_redetect_interval_ms(redetect_interval_ms.unwrap_or(resona::DEFAULT_REDETECT_INTERVAL_MS));
        let inner = py.detach(|| resona::Engine::new(config)).py(py)?;
        Ok(Self { inner })
    }

    /// Feeds interleaved PCM (float32, float64 or int16; `channels` interleaved) whose first
    /// sample is at `timestamp_ms`; returns the voice segments it closed.
    #[pyo3(signature = (samples, sr, timestamp_ms, *, channels = 1))]
    fn push_audio(
        &self,
        py: Python<'_>,
        samples: &Bound<'_, PyAny>,
        sr: u32,
        timestamp_ms: i64,
        channels: u16,
    ) -> PyResult<Py<PyAny>> {
        let flat = crate::audio::interleaved(samples)?;
        let out = py
            .detach(|| self.inner.push_audio(&AudioView::from_f32(&flat, sr, channels)?, TimestampMs(timestamp_ms)))
            .py(py)?;
        to_py(py, &out)
    }

    /// Analyses a uint8 video frame ((h, w, 3) RGB, (h, w, 4) RGBA, (h, w) gray; "bgr8"
    /// via `format`); returns the frame's faces, or None when the frame came sooner than
    /// `face_interval_ms` after the last analysed one and was skipped.
    #[pyo3(signature = (image, timestamp_ms, format = None))]
    fn push_frame(
        &self,
        py: Python<'_>,
        image: &Bound<'_, PyUntypedArray>,
        timestamp_ms: i64,
        format: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let Ok(a) = image.cast::<PyArrayDyn<u8>>() else {
            return Err(unsupported_dtype(image, "uint8"));
        };
        let (data, shape) = pixels(a)?;
        let (fmt, width, height) = crate::vision::image_layout(&shape, format).map_err(|e| to_py_err(py, &e))?;
        let out = py
            .detach(|| self.inner.push_frame(&ImageView::packed(&data, width, height, fmt)?, TimestampMs(timestamp_ms)))
            .py(py)?;
        to_py(py, &out)
    }

    /// Analyses a chat message; returns its text analysis (spans in code points).
    fn push_text(&self, py: Python<'_>, text: &str, timestamp_ms: i64) -> PyResult<Py<PyAny>> {
        let mut out = py.detach(|| self.inner.push_text(text, TimestampMs(timestamp_ms))).py(py)?;
        out.convert_spans(text, resona::text::SpanUnit::CodePoints);
        to_py(py, &out)
    }

    /// The latest fused state (fused emotion with modality weights, smoothed state, stress,
    /// hidden stress, risk, guidance), or None before the first reading.
    fn state(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.inner.state())
    }

    /// Micro-moments of the current session.
    fn moments(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.inner.moments())
    }

    /// Ends the session: its summary; the session joins the history.
    fn end_session(&self, py: Python<'_>, timestamp_ms: i64) -> PyResult<Py<PyAny>> {
        let s = py.detach(|| self.inner.end_session(TimestampMs(timestamp_ms))).py(py)?;
        to_py(py, &s)
    }

    /// Burnout risk across the saved sessions.
    fn burnout(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let b = self.inner.burnout().py(py)?;
        to_py(py, &b)
    }

    /// The user's baseline as bytes (compact, versioned).
    fn save_baseline<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.save_baseline())
    }

    /// Restores a saved baseline; InputError ("invalid_state", "unsupported_version") when
    /// the bytes are corrupted or from a newer version.
    fn load_baseline(&self, py: Python<'_>, data: &[u8]) -> PyResult<()> {
        self.inner.load_baseline(data).py(py)
    }

    /// The session history as bytes.
    fn save_history<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.save_history())
    }

    /// Restores a saved session history.
    fn load_history(&self, py: Python<'_>, data: &[u8]) -> PyResult<()> {
        self.inner.load_history(data).py(py)
    }
}
