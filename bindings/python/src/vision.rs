//! `ExpressionClassifier`: facial expression from face crops and frames.
//!
//! The Python class `resona.vision.ExpressionClassifier` subclasses this one and resolves
//! `backend=None` (ONNX Runtime when the `onnxruntime` package is installed, else tract).

use crate::arrays::{crop_dims, pixels, side, unsupported_dtype};
use crate::errors::{IntoPyResult, to_py_err};
use crate::scores::EmotionScores;
use numpy::{PyArrayDyn, PyUntypedArray};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use resona::vision::{ExpressionClassifier as Classifier, ExpressionConfig};
use resona::{Backend, Error, ImageView, InputError, PixelFormat};

/// Loads ONNX Runtime from `path` (the `onnxruntime` package's library) and returns the path
/// loaded. Only the first call in a process has an effect.
#[pyfunction(name = "_init_onnxruntime")]
pub(crate) fn init_onnxruntime(py: Python<'_>, path: std::path::PathBuf) -> PyResult<String> {
    #[cfg(feature = "onnxruntime")]
    let loaded = py.detach(|| resona::model::onnxruntime::init(Some(&path)));
    #[cfg(not(feature = "onnxruntime"))]
    let loaded: Result<std::path::PathBuf, resona::ModelError> = Err(resona::ModelError::BackendUnavailable {
        backend: "onnxruntime",
        hint: format!("this build of resona lacks the `onnxruntime` feature; {} was not loaded", path.display()),
    });
    Ok(loaded.py(py)?.to_string_lossy().into_owned())
}

/// Classifies facial expressions with the bundled FER2013 mini-XCEPTION model.
#[pyclass(module = "resona._resona", name = "ExpressionClassifier", frozen, subclass)]
pub(crate) struct ExpressionClassifier {
    inner: Classifier,
}

impl ExpressionClassifier {
    fn scores(
        &self,
        py: Python<'_>,
        run: impl FnOnce(&Classifier) -> Result<resona::EmotionScores, Error> + Send,
    ) -> PyResult<EmotionScores> {
        py.detach(|| run(&self.inner)).map(EmotionScores).py(py)
    }
}

#[pymethods]
impl ExpressionClassifier {
    /// Loads the model on `backend` ("tract" or "onnxruntime").
    #[new]
    fn new(py: Python<'_>, backend: &str) -> PyResult<Self> {
        let backend: Backend = backend.parse().py(py)?;
        let config = ExpressionConfig::default().with_backend(backend);
        let inner = py.detach(|| Classifier::new(config)).py(py)?;
        Ok(Self { inner })
    }

    /// The backend running the model: "tract" or "onnxruntime".
    #[getter]
    fn backend(&self) -> &'static str {
        self.inner.backend().as_str()
    }

    /// One gray face crop: a (height, width) uint8 or float32 (0..255) array.
    fn classify_crop(&self, py: Python<'_>, pixels: &Bound<'_, PyUntypedArray>) -> PyResult<EmotionScores> {
        let crop = self.inner.crop_size();
        if let Ok(a) = pixels.cast::<PyArrayDyn<u8>>() {
            let (data, shape) = self::pixels(a)?;
            let (w, h) = crop_dims(&shape, crop);
            return self.scores(py, |c| c.classify_crop_u8(&data, w, h));
        }
        if let Ok(a) = pixels.cast::<PyArrayDyn<f32>>() {
            let (data, shape) = self::pixels(a)?;
            let (w, h) = crop_dims(&shape, crop);
            return self.scores(py, |c| c.classify_crop_f32(&data, w, h));
        }
        Err(unsupported_dtype(pixels, "uint8, float32"))
    }

    /// A batch of gray face crops: an (n, height, width) uint8 array, run as one batch.
    fn classify_crops(&self, py: Python<'_>, pixels: &Bound<'_, PyUntypedArray>) -> PyResult<Vec<EmotionScores>> {
        let Ok(a) = pixels.cast::<PyArrayDyn<u8>>() else {
            return Err(unsupported_dtype(pixels, "uint8"));
        };
        let (data, shape) = self::pixels(a)?;
        let (w, h) = crop_dims(&shape, self.inner.crop_size());
        let all = py.detach(|| self.inner.classify_crops_u8(&data, w, h)).py(py)?;
        Ok(all.into_iter().map(EmotionScores).collect())
    }

    /// A whole frame as a uint8 array: (height, width) gray8, (height, width, 3) rgb8 (or
    /// "bgr8" given as `format`), (height, width, 4) rgba8.
    #[pyo3(signature = (pixels, format = None))]
    fn classify_image(
        &self,
        py: Python<'_>,
        pixels: &Bound<'_, PyUntypedArray>,
        format: Option<&str>,
    ) -> PyResult<EmotionScores> {
        let Ok(a) = pixels.cast::<PyArrayDyn<u8>>() else {
            return Err(unsupported_dtype(pixels, "uint8"));
        };
        let (data, shape) = self::pixels(a)?;
        let (format, width, height) = image_layout(&shape, format).map_err(|e| to_py_err(py, &e))?;
        self.scores(py, |c| c.classify_image(&ImageView::packed(&data, width, height, format)?))
    }

    /// A frame as raw bytes: `height` rows of `stride` bytes (default: packed).
    #[pyo3(signature = (data, width, height, format, stride = None))]
    fn classify_image_bytes(
        &self,
        py: Python<'_>,
        data: PyBackedBytes,
        width: u32,
        height: u32,
        format: &str,
        stride: Option<usize>,
    ) -> PyResult<EmotionScores> {
        let format: PixelFormat = format.parse().py(py)?;
        let stride = stride.unwrap_or_else(|| (width as usize).saturating_mul(format.bytes_per_pixel()));
        self.scores(py, |c| c.classify_image(&ImageView::new(&data, width, height, stride, format)?))
    }

    fn __repr__(&self) -> String {
        format!("ExpressionClassifier(backend='{}')", self.backend())
    }
}

/// The pixel format, width and height of a packed (height, width[, channels]) frame; `format`
/// must have as many bytes per pixel as the array has channels.
pub(crate) fn image_layout(shape: &[usize], format: Option<&str>) -> Result<(PixelFormat, u32, u32), Error> {
    let (h, w, channels) = match *shape {
        [h, w] => (h, w, 1),
        [h, w, c] => (h, w, c),
        _ => {
            let value = format!("{shape:?}");
            let expected = "(height, width) for gray8, (height, width, channels) for the others";
            return Err(InputError::UnknownName { what: "image array shape", value, expected }.into());
        }
    };
    let format = match (format, channels) {
        (Some(f), _) => f.parse()?,
        (None, 1) => PixelFormat::Gray8,
        (None, 3) => PixelFormat::Rgb8,
        (None, 4) => PixelFormat::Rgba8,
        (None, c) => {
            let expected = "1 (gray8), 3 (rgb8; pass format=\"bgr8\" for BGR), 4 (rgba8)";
            return Err(InputError::UnknownName { what: "channel count", value: c.to_string(), expected }.into());
        }
    };
    if format.bytes_per_pixel() != channels {
        let what = "channels per pixel for the pixel format";
        return Err(InputError::LengthMismatch { what, expected: format.bytes_per_pixel(), received: channels }.into());
    }
    Ok((format, side(w), side(h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_layout_follows_shape_and_format() {
        assert_eq!(image_layout(&[4, 5], None), Ok((PixelFormat::Gray8, 5, 4)));
        assert_eq!(image_layout(&[4, 5, 1], None), Ok((PixelFormat::Gray8, 5, 4)));
        assert_eq!(image_layout(&[4, 5, 3], None), Ok((PixelFormat::Rgb8, 5, 4)));
        assert_eq!(image_layout(&[4, 5, 3], Some("bgr8")), Ok((PixelFormat::Bgr8, 5, 4)));
        assert_eq!(image_layout(&[4, 5, 4], None), Ok((PixelFormat::Rgba8, 5, 4)));
        let code = |shape: &[usize], f| image_layout(shape, f).map_err(|e| e.code());
        assert_eq!(code(&[4, 5, 3], Some("rgba8")), Err("length_mismatch"));
        assert_eq!(code(&[4, 5, 2], None), Err("unknown_name"));
        assert_eq!(code(&[20], None), Err("unknown_name"));
        assert_eq!(code(&[4, 5, 3], Some("yuv")), Err("unknown_name"));
        // Sides beyond u32 saturate, so Resona's limits reject them.
        assert_eq!(image_layout(&[1, usize::MAX], None), Ok((PixelFormat::Gray8, u32::MAX, 1)));
    }

    #[test]
    fn crop_dims_use_the_last_two_axes() {
        assert_eq!(crop_dims(&[48, 64], (64, 64)), (64, 48));
        assert_eq!(crop_dims(&[3, 48, 64], (64, 64)), (64, 48));
        assert_eq!(crop_dims(&[100], (64, 64)), (64, 64));
        assert_eq!(crop_dims(&[], (64, 64)), (64, 64));
    }
}
