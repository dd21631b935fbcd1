//! The ONNX model runtime: one small API over two backends.
//!
//! A [`Model`] is built once from the model's bytes and a [`ModelSpec`] declaring its inputs,
//! outputs and label order, then run any number of times, from any thread (`Model` is
//! `Send + Sync`). Two backends implement the same contract and give the same outputs within
//! 1e-4 (the conformance suite checks it):
//!
//! - [`Backend::Tract`] (feature `tract`, the default): pure Rust, builds everywhere including
//!   wasm32, needs nothing installed.
//! - [`Backend::OnnxRuntime`] (feature `onnxruntime`): Microsoft's ONNX Runtime through `ort`,
//!   loaded as a shared library at run time; see [`onnxruntime`] for how it is found.
//!
//! Both run on the calling thread: ONNX Runtime sessions are created with one intra-op and one
//! inter-op thread, because Resona's library crates start no threads of their own.
//!
//! Running copies each input once into the backend's tensor (applying the spec's
//! [`Scaling`] in that copy) and allocates the outputs; nothing else per call on Resona's side.

#[cfg(feature = "onnxruntime")]
pub mod onnxruntime;
mod spec;
#[cfg(feature = "tract")]
mod tract_backend;

pub use spec::{Dim, ElementType, ModelSpec, OutputKind, OutputSpec, Scaling, TensorLayout, TensorSpec, format_shape};

use crate::emotion::EmotionScores;
use crate::error::{InputError, ModelError, Result};
use crate::limits::Limits;
use std::fmt;
use std::str::FromStr;

/// Tolerance on the sum of a model's softmax output before Resona renormalises it: f32
/// softmax over a handful of classes is off by ~1e-7; more than this is not a distribution.
const MODEL_PROBABILITY_TOLERANCE: f64 = 1e-3;

/// An inference backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Backend {
    /// tract, pure Rust.
    #[default]
    Tract,
    /// ONNX Runtime, loaded dynamically.
    OnnxRuntime,
}

impl Backend {
    /// Stable name: `tract` or `onnxruntime`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Tract => "tract",
            Self::OnnxRuntime => "onnxruntime",
        }
    }

    /// Whether this backend was compiled in (ONNX Runtime may still fail to load at run time).
    #[must_use]
    pub const fn is_compiled(self) -> bool {
        match self {
            Self::Tract => cfg!(feature = "tract"),
            Self::OnnxRuntime => cfg!(feature = "onnxruntime"),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Backend {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        match s {
            "tract" => Ok(Self::Tract),
            "onnxruntime" | "ort" => Ok(Self::OnnxRuntime),
            _ => Err(InputError::UnknownName { what: "backend", value: s.to_owned(), expected: "tract, onnxruntime" }),
        }
    }
}

/// The values of a borrowed input tensor, of one of the element types a model input can have.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum TensorData<'a> {
    /// 32-bit floats (features, pixels, waveforms).
    F32(&'a [f32]),
    /// 64-bit integers (token ids, attention masks of transformer text models).
    I64(&'a [i64]),
}

impl TensorData<'_> {
    /// Number of values.
    #[must_use]
    pub const fn len(&self) -> usize {
        match self {
            Self::F32(d) => d.len(),
            Self::I64(d) => d.len(),
        }
    }

    /// Whether there is no value.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element type.
    #[must_use]
    pub const fn element_type(&self) -> ElementType {
        match self {
            Self::F32(_) => ElementType::F32,
            Self::I64(_) => ElementType::I64,
        }
    }
}

/// A borrowed input tensor: row-major values and their shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TensorRef<'a> {
    /// Values, row-major.
    pub data: TensorData<'a>,
    /// Shape; its product must equal the number of values.
    pub shape: &'a [usize],
}

impl<'a> TensorRef<'a> {
    /// Pairs f32 values with a shape.
    #[must_use]
    pub const fn new(data: &'a [f32], shape: &'a [usize]) -> Self {
        Self { data: TensorData::F32(data), shape }
    }

    /// Pairs i64 values (token ids, masks) with a shape, for inputs declared
    /// [`ElementType::I64`].
    #[must_use]
    pub const fn from_i64(data: &'a [i64], shape: &'a [usize]) -> Self {
        Self { data: TensorData::I64(data), shape }
    }

    /// The f32 values, or `None` for another element type.
    #[must_use]
    pub const fn as_f32(&self) -> Option<&'a [f32]> {
        match self.data {
            TensorData::F32(d) => Some(d),
            TensorData::I64(_) => None,
        }
    }

    /// The i64 values, or `None` for another element type.
    #[must_use]
    pub const fn as_i64(&self) -> Option<&'a [i64]> {
        match self.data {
            TensorData::I64(d) => Some(d),
            TensorData::F32(_) => None,
        }
    }
}

/// An owned output tensor.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Tensor {
    shape: Vec<usize>,
    data: Vec<f32>,
}

impl Tensor {
    /// Pairs values with a shape, checking they agree.
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Self, InputError> {
        let expected = shape.iter().product::<usize>();
        if expected != data.len() {
            return Err(InputError::LengthMismatch { what: "tensor data", expected, received: data.len() });
        }
        Ok(Self { shape, data })
    }

    /// The shape.
    #[must_use]
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The values, row-major.
    #[must_use]
    pub fn data(&self) -> &[f32] {
        &self.data
    }

    /// Takes the values out.
    #[must_use]
    pub fn into_data(self) -> Vec<f32> {
        self.data
    }
}

/// Builds the backend's session; a backend this build lacks is a typed error.
fn open_session(bytes: &[u8], spec: &ModelSpec, backend: Backend) -> Result<Box<dyn Session>> {
    match backend {
        #[cfg(feature = "tract")]
        Backend::Tract => Ok(Box::new(tract_backend::TractSession::load(bytes, spec)?)),
        #[cfg(feature = "onnxruntime")]
        Backend::OnnxRuntime => Ok(Box::new(onnxruntime::OrtSession::load(bytes, spec)?)),
        // Reached only for backends compiled out of this build.
        #[allow(unreachable_patterns)]
        other => {
            let _ = (bytes, spec);
            Err(ModelError::BackendUnavailable {
                backend: other.as_str(),
                hint: format!(
                    "this build of Resona does not include it; enable the cargo feature `{}` of resona-core",
                    other.as_str()
                ),
            }
            .into())
        }
    }
}

/// The interface each backend implements; [`Model`] adds validation around it.
pub(crate) trait Session: Send + Sync {
    /// Runs inputs already checked against the spec; returns one tensor per declared output.
    fn run(&self, spec: &ModelSpec, inputs: &[TensorRef<'_>]) -> Result<Vec<Tensor>, ModelError>;
}

/// A loaded model, ready to run. `Send + Sync`; build it once and share it.
pub struct Model {
    spec: ModelSpec,
    backend: Backend,
    session: Box<dyn Session>,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model").field("backend", &self.backend).field("spec", &self.spec).finish_non_exhaustive()
    }
}

impl Model {
    /// Loads a model from its ONNX bytes with the default [`Limits`].
    ///
    /// Fails with [`ModelError::Load`] on bytes that are not a loadable model,
    /// [`ModelError::SpecMismatch`] when the model's inputs or outputs differ from `spec`,
    /// [`ModelError::InvalidSpec`] when `spec` contradicts itself, and
    /// [`ModelError::BackendUnavailable`] when the backend is not compiled in or its library
    /// cannot be found.
    pub fn from_bytes(bytes: &[u8], spec: ModelSpec, backend: Backend) -> Result<Self> {
        Self::from_bytes_with_limits(bytes, spec, backend, &Limits::default())
    }

    /// Loads a model, checking its size against `limits`.
    pub fn from_bytes_with_limits(bytes: &[u8], spec: ModelSpec, backend: Backend, limits: &Limits) -> Result<Self> {
        limits.check_model(bytes)?;
        if bytes.is_empty() {
            return Err(InputError::Empty { what: "model bytes" }.into());
        }
        spec.validate()?;
        let session = open_session(bytes, &spec, backend)?;
        Ok(Self { spec, backend, session })
    }

    /// The declared spec.
    #[must_use]
    pub fn spec(&self) -> &ModelSpec {
        &self.spec
    }

    /// The backend running this model.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs the model on one tensor per declared input, in declaration order.
    ///
    /// Shapes are checked against the spec ([`ModelError::InputShape`]), element types too
    /// ([`ModelError::SpecMismatch`]), f32 values must be finite ([`InputError::NonFinite`]);
    /// outputs are checked to be finite and shaped as declared.
    pub fn run(&self, inputs: &[TensorRef<'_>]) -> Result<Vec<Tensor>> {
        if inputs.len() != self.spec.inputs.len() {
            return Err(ModelError::InputCount { expected: self.spec.inputs.len(), received: inputs.len() }.into());
        }
        for (t, decl) in inputs.iter().zip(&self.spec.inputs) {
            decl.check_shape(t.shape)?;
            if t.data.element_type() != decl.element_type {
                return Err(ModelError::SpecMismatch {
                    detail: format!(
                        "input {:?} was given {} values but is declared {}",
                        decl.name,
                        t.data.element_type(),
                        decl.element_type
                    ),
                }
                .into());
            }
            let expected = t.shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d)).unwrap_or(usize::MAX);
            if t.data.len() != expected {
                return Err(
                    InputError::LengthMismatch { what: "input tensor data", expected, received: t.data.len() }.into()
                );
            }
            if let TensorData::F32(values) = t.data {
                InputError::check_finite("input tensor", values)?;
            }
        }
        let outputs = self.session.run(&self.spec, inputs)?;
        for (out, decl) in outputs.iter().zip(&self.spec.outputs) {
            let fits = out.shape.len() == decl.shape.len()
                && out.shape.iter().zip(&decl.shape).all(|(&n, d)| matches!(d, Dim::Dynamic) || *d == Dim::Fixed(n));
            if !fits {
                return Err(ModelError::Output {
                    output: decl.name.clone(),
                    detail: format!("shape {:?} does not match the declared {}", out.shape, format_shape(&decl.shape)),
                }
                .into());
            }
            if let Some(i) = out.data.iter().position(|v| !v.is_finite()) {
                return Err(ModelError::Output {
                    output: decl.name.clone(),
                    detail: format!("non-finite value {} at index {i}", out.data[i]),
                }
                .into());
            }
        }
        Ok(outputs)
    }

    /// Reads the first output of a classifier as one [`EmotionScores`] per batch row, using
    /// the spec's labels and output kind (softmax is applied to logits; probabilities are
    /// renormalised after checking they sum to 1 within 1e-3).
    pub fn emotion_scores(&self, outputs: &[Tensor]) -> Result<Vec<EmotionScores>> {
        let labels = &self.spec.labels;
        let (Some(out), Some(decl)) = (outputs.first(), self.spec.outputs.first()) else {
            return Err(ModelError::Output { output: String::new(), detail: "no output to read".into() }.into());
        };
        if labels.is_empty() {
            return Err(ModelError::InvalidSpec {
                detail: "the spec declares no labels, so the model is not a classifier".into(),
            }
            .into());
        }
        out.data
            .chunks_exact(labels.len())
            .map(|row| match decl.kind {
                OutputKind::Logits => EmotionScores::from_logits_ordered(row, labels),
                _ => EmotionScores::from_model_probabilities(row, labels, MODEL_PROBABILITY_TOLERANCE),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
