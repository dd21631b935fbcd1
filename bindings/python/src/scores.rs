//! `EmotionScores`: a probability per emotion, numpy out.

use crate::errors::IntoPyResult;
use numpy::{AllowTypeChange, PyArray1, PyArrayLike1};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use resona::{Emotion, Error};

/// A probability for each of the seven emotions, in `EMOTIONS` order, summing to 1.
#[pyclass(module = "resona", name = "EmotionScores", frozen)]
pub(crate) struct EmotionScores(pub(crate) resona::EmotionScores);

fn labels_or_default(labels: Option<Vec<String>>) -> Result<Vec<Emotion>, Error> {
    match labels {
        None => Ok(Emotion::ALL.to_vec()),
        Some(names) => names.iter().map(|n| n.parse::<Emotion>().map_err(Error::from)).collect(),
    }
}

fn values(array: &PyArrayLike1<'_, f32, AllowTypeChange>) -> Vec<f32> {
    array.as_array().iter().copied().collect()
}

#[pymethods]
impl EmotionScores {
    /// Softmax of `logits`, given in the order of `labels` (default: `EMOTIONS`).
    #[staticmethod]
    #[pyo3(signature = (logits, labels = None))]
    fn from_logits(
        py: Python<'_>,
        logits: PyArrayLike1<'_, f32, AllowTypeChange>,
        labels: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let logits = values(&logits);
        labels_or_default(labels).and_then(|l| resona::EmotionScores::from_logits_ordered(&logits, &l)).map(Self).py(py)
    }

    /// Validated probabilities, given in the order of `labels` (default: `EMOTIONS`).
    #[staticmethod]
    #[pyo3(signature = (probabilities, labels = None))]
    fn from_probabilities(
        py: Python<'_>,
        probabilities: PyArrayLike1<'_, f32, AllowTypeChange>,
        labels: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let probabilities = values(&probabilities);
        labels_or_default(labels)
            .and_then(|l| resona::EmotionScores::from_probabilities_ordered(&probabilities, &l))
            .map(Self)
            .py(py)
    }

    /// The seven probabilities as a new float32 array, in `EMOTIONS` order.
    #[getter]
    fn probabilities<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f32>> {
        PyArray1::from_slice(py, self.0.as_array())
    }

    /// The most likely emotion's name.
    #[getter]
    fn label(&self) -> &'static str {
        self.0.argmax().as_str()
    }

    /// The most likely emotion's probability.
    #[getter]
    fn confidence(&self) -> f32 {
        self.0.confidence()
    }

    /// The probability of one emotion, by name (dataset names such as "joy" also work).
    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<f32> {
        let emotion = name.parse::<Emotion>().py(py)?;
        Ok(self.0.get(emotion))
    }

    /// `{name: probability}` in `EMOTIONS` order.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (emotion, p) in self.0.iter() {
            dict.set_item(emotion.as_str(), p)?;
        }
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let items: Vec<String> = self.0.iter().map(|(e, p)| format!("{e}={p:.4}")).collect();
        format!("EmotionScores(label='{}', {})", self.label(), items.join(", "))
    }
}
