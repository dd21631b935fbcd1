//! `FaceAnalyzer`: detection, landmarks, expression, geometry, head pose, action units and
//! affect of every face in a frame, as dicts (the serde schema shared with JS and the
//! conformance cases); optional tracking across frames.

use crate::arrays::{pixels, unsupported_dtype};
use crate::dicts::to_py;
use crate::errors::{IntoPyResult, to_py_err};
use numpy::{PyArrayDyn, PyUntypedArray};
use pyo3::prelude::*;
use resona::vision::{DetectorModel, FaceConfig, FaceTracker, LandmarkMode, Rotation, TrackerConfig};
use resona::{Backend, ImageView, TimestampMs};
use std::sync::Mutex;

/// Analyses faces in frames. Thread-safe; build once (loads three models).
#[pyclass(module = "resona._resona", name = "FaceAnalyzer", frozen, subclass)]
pub(crate) struct FaceAnalyzer {
    inner: resona::vision::FaceAnalyzer,
    tracker: Mutex<FaceTracker>,
}

impl FaceAnalyzer {
    fn frame(
        &self,
        py: Python<'_>,
        image: &Bound<'_, PyUntypedArray>,
        format: Option<&str>,
    ) -> PyResult<resona::vision::FrameAnalysis> {
        let Ok(a) = image.cast::<PyArrayDyn<u8>>() else {
            return Err(unsupported_dtype(image, "uint8"));
        };
        let (data, shape) = pixels(a)?;
        let (fmt, width, height) = crate::vision::image_layout(&shape, format).map_err(|e| to_py_err(py, &e))?;
        py.detach(|| self.inner.analyze(&ImageView::packed(&data, width, height, fmt)?)).py(py)
    }
}

#[pymethods]
impl FaceAnalyzer {
    /// Loads the bundled models on `backend` ("tract" or "onnxruntime").
    #[new]
    #[pyo3(signature = (backend, *, detector = "full_range", landmarks = "primary", rotation = 0, confidence_gate = 0.6, score_threshold = 0.5))]
    fn new(
        py: Python<'_>,
        backend: &str,
        detector: &str,
        landmarks: &str,
        rotation: u32,
        confidence_gate: f32,
        score_threshold: f32,
    ) -> PyResult<Self> {
        let backend: Backend = backend.parse().py(py)?;
        let config = FaceConfig::default()
            .with_backend(backend)
            .with_detector(detector.parse::<DetectorModel>().py(py)?)
            .with_landmarks(landmarks.parse::<LandmarkMode>().py(py)?)
            .with_rotation(Rotation::from_degrees(rotation).py(py)?)
            .with_confidence_gate(confidence_gate)
            .with_score_threshold(score_threshold);
        let inner = py.detach(|| resona::vision::FaceAnalyzer::bundled(config)).py(py)?;
        let tracker = FaceTracker::new(TrackerConfig::default()).py(py)?;
        Ok(Self { inner, tracker: Mutex::new(tracker) })
    }

    /// Every face in a uint8 frame ((h, w, 3) rgb8, (h, w, 4) rgba8, (h, w) gray8, or
    /// (h, w, 3) with `format="bgr8"`): `{"faces": [...], "primary": index or None, "width",
    /// "height"}`.
    #[pyo3(signature = (image, format = None))]
    fn analyze(&self, py: Python<'_>, image: &Bound<'_, PyUntypedArray>, format: Option<&str>) -> PyResult<Py<PyAny>> {
        let analysis = self.frame(py, image, format)?;
        to_py(py, &analysis)
    }

    /// A frame as raw bytes: `height` rows of `stride` bytes (default: packed), e.g. a
    /// camera buffer with row padding.
    #[pyo3(signature = (data, width, height, format, stride = None))]
    fn analyze_bytes(
        &self,
        py: Python<'_>,
        data: pyo3::pybacked::PyBackedBytes,
        width: u32,
        height: u32,
        format: &str,
        stride: Option<usize>,
    ) -> PyResult<Py<PyAny>> {
        let format: resona::PixelFormat = format.parse().py(py)?;
        let stride = stride.unwrap_or(width as usize * format.bytes_per_pixel());
        let analysis =
            py.detach(|| self.inner.analyze(&ImageView::new(&data, width, height, stride, format)?)).py(py)?;
        to_py(py, &analysis)
    }

    /// Analyses the frame and updates the face tracks (caller's timestamp in ms):
    /// `{"analysis": {...}, "tracks": [...]}` with smoothed scores, blinks and
    /// micro-expression candidates per track.
    #[pyo3(signature = (image, timestamp_ms, format = None))]
    fn track(
        &self,
        py: Python<'_>,
        image: &Bound<'_, PyUntypedArray>,
        timestamp_ms: i64,
        format: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let analysis = self.frame(py, image, format)?;
        let tracks = {
            let mut tracker = self.tracker.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            tracker.update(&analysis, TimestampMs(timestamp_ms)).py(py)?
        };
        let out = pyo3::types::PyDict::new(py);
        out.set_item("analysis", to_py(py, &analysis)?)?;
        out.set_item("tracks", to_py(py, &tracks)?)?;
        Ok(out.into_any().unbind())
    }

    /// The backend running the models.
    #[getter]
    fn backend(&self) -> &'static str {
        self.inner.config().backend.as_str()
    }
}
