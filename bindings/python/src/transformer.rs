//! `TransformerClassifier`: a bring-your-own transformer text model (ONNX bytes, a
//! tokenizer.json and a label list), as `resona.text.TransformerClassifier`.

use crate::dicts::to_py;
use crate::errors::IntoPyResult;
use crate::text::Message;
use numpy::{PyArray1, PyArrayDyn};
use pyo3::prelude::*;
use resona::text::transformer::{
    LinearHead, TransformerClassifier as Classifier, TransformerConfig, TransformerInput, labels_from_names,
};

/// A tokenizer.json given as `str` (its JSON text) or `bytes`.
#[derive(FromPyObject)]
pub(crate) enum TokenizerJson {
    Str(String),
    Bytes(Vec<u8>),
}

impl TokenizerJson {
    fn bytes(&self) -> &[u8] {
        match self {
            Self::Str(s) => s.as_bytes(),
            Self::Bytes(b) => b,
        }
    }
}

/// A transformer text model with its tokenizer, pooling and optional linear head; built
/// once, thread-safe.
#[pyclass(module = "resona._resona", name = "TransformerClassifier", frozen, subclass)]
pub(crate) struct TransformerClassifier {
    inner: Classifier,
}

/// The values of a float32 array in C order (any shape), or an empty list for `None`.
fn values(array: Option<&Bound<'_, PyArrayDyn<f32>>>) -> PyResult<Vec<f32>> {
    array.map_or(Ok(Vec::new()), |a| Ok(crate::arrays::pixels(a)?.0))
}

#[pymethods]
impl TransformerClassifier {
    /// Loads `model` (ONNX bytes) and `tokenizer` (a Hugging Face tokenizer.json). `labels`
    /// names the classes (model label names such as "joy" or Resona's); `pooling` is
    /// "mean", "cls" or "none"; `head_weights` (classes x dim float32) and `head_bias`
    /// (classes) form an optional linear head; `inputs` lists the graph's int64 inputs in
    /// order; `output` names the graph output to read. Rust's `TransformerConfig` documents
    /// each setting and its default.
    #[new]
    #[pyo3(signature = (
        model, tokenizer, *, labels = None, pooling = "mean", head_weights = None, head_bias = None,
        max_length = 512, normalize = true, inputs = None, output = "last_hidden_state", backend = "tract",
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        model: Vec<u8>,
        tokenizer: TokenizerJson,
        labels: Option<Vec<String>>,
        pooling: &str,
        head_weights: Option<Bound<'_, PyArrayDyn<f32>>>,
        head_bias: Option<Bound<'_, PyArrayDyn<f32>>>,
        max_length: usize,
        normalize: bool,
        inputs: Option<Vec<String>>,
        output: &str,
        backend: &str,
    ) -> PyResult<Self> {
        let mut config = TransformerConfig::default()
            .with_pooling(pooling.parse().py(py)?)
            .with_backend(backend.parse().py(py)?)
            .with_max_length(max_length)
            .with_normalize(normalize)
            .with_output(output);
        if let Some(inputs) = inputs {
            let parsed: Result<Vec<TransformerInput>, _> = inputs.iter().map(|s| s.parse()).collect();
            config = config.with_inputs(parsed.py(py)?);
        }
        if let Some(labels) = labels {
            config = config.with_labels(labels_from_names(&labels).py(py)?);
        }
        if head_weights.is_some() || head_bias.is_some() {
            let head = LinearHead::new(values(head_weights.as_ref())?, values(head_bias.as_ref())?).py(py)?;
            config = config.with_head(Some(head));
        }
        let inner = py.detach(|| Classifier::from_bytes(&model, tokenizer.bytes(), config)).py(py)?;
        Ok(Self { inner })
    }

    /// The message as the model sees it: a dict with input_ids, attention_mask,
    /// token_type_ids and tokens.
    fn tokenize(&self, py: Python<'_>, text: Message) -> PyResult<Py<PyAny>> {
        let tokens = py.detach(|| self.inner.tokenize(text.text()?)).py(py)?;
        to_py(py, &tokens)
    }

    /// The message's pooled (and, if set, normalised) vector as a float32 array.
    fn embed<'py>(&self, py: Python<'py>, text: Message) -> PyResult<Bound<'py, PyArray1<f32>>> {
        let v = py.detach(|| self.inner.embed(text.text()?)).py(py)?;
        Ok(PyArray1::from_vec(py, v))
    }

    /// The emotion of the message: a dict with scores (every Resona emotion), label and
    /// confidence.
    fn classify(&self, py: Python<'_>, text: Message) -> PyResult<Py<PyAny>> {
        let r = py.detach(|| self.inner.classify(text.text()?)).py(py)?;
        to_py(py, &r)
    }
}
