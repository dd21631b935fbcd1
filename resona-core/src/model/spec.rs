//! What a model takes and returns, declared by the code that bundles or loads it.

use crate::emotion::Emotion;
use crate::error::ModelError;
use std::fmt;

/// One dimension of a tensor shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Dim {
    /// Exactly this many elements.
    Fixed(usize),
    /// Any size of at least 1, chosen per call (the batch, a waveform's length).
    Dynamic,
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed(n) => write!(f, "{n}"),
            Self::Dynamic => f.write_str("N"),
        }
    }
}

/// How an input tensor's axes are ordered. It tells pre-processing how to write pixels or
/// features; the runtime itself only checks shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TensorLayout {
    /// Images as batch, height, width, channels (Keras, TFLite conversions).
    Nhwc,
    /// Images as batch, channels, height, width (PyTorch).
    Nchw,
    /// Batch of feature vectors or waveforms: batch, length.
    Flat,
}

/// Affine scaling applied to input values as they are copied into the backend's tensor:
/// `model_input = value × scale + offset`. This is where a model's normalisation lives (e.g.
/// mini-XCEPTION wants pixels 0..255 as -1..1: scale 2/255, offset -1), so callers hand over
/// raw values and the copy the backend needs anyway does the work.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Scaling {
    /// Multiplier. Defaults to 1.
    pub scale: f32,
    /// Added after multiplying. Defaults to 0.
    pub offset: f32,
}

impl Default for Scaling {
    fn default() -> Self {
        Self::IDENTITY
    }
}

impl Scaling {
    /// No change.
    pub const IDENTITY: Self = Self { scale: 1.0, offset: 0.0 };

    /// Whether this is the identity (then backends that can borrow the input do).
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.scale == 1.0 && self.offset == 0.0
    }

    /// Applies the scaling to one value.
    #[inline]
    #[must_use]
    pub fn apply(&self, v: f32) -> f32 {
        v * self.scale + self.offset
    }
}

/// The element type of a model input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ElementType {
    /// 32-bit float (ONNX `tensor(float)`): features, pixels, waveforms.
    #[default]
    F32,
    /// 64-bit signed integer (ONNX `tensor(int64)`): token ids and attention masks of
    /// transformer text models.
    I64,
}

impl ElementType {
    /// Stable name: `f32` or `i64`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::F32 => "f32",
            Self::I64 => "i64",
        }
    }
}

impl fmt::Display for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declaration of one model input.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TensorSpec {
    /// The input's name in the ONNX graph.
    pub name: String,
    /// Its shape; [`Dim::Dynamic`] where the model accepts any size.
    pub shape: Vec<Dim>,
    /// Axis order.
    pub layout: TensorLayout,
    /// Normalisation applied when the input is copied in; must be the identity for integer
    /// inputs.
    pub scaling: Scaling,
    /// Element type of the values the model takes. Defaults to [`ElementType::F32`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub element_type: ElementType,
}

impl TensorSpec {
    /// An f32 input with no scaling.
    #[must_use]
    pub fn new(name: impl Into<String>, shape: Vec<Dim>, layout: TensorLayout) -> Self {
        Self { name: name.into(), shape, layout, scaling: Scaling::IDENTITY, element_type: ElementType::F32 }
    }

    /// Sets the element type (e.g. [`ElementType::I64`] for token ids).
    #[must_use]
    pub fn with_element_type(mut self, element_type: ElementType) -> Self {
        self.element_type = element_type;
        self
    }

    /// Sets the scaling.
    #[must_use]
    pub fn with_scaling(mut self, scale: f32, offset: f32) -> Self {
        self.scaling = Scaling { scale, offset };
        self
    }

    /// Checks a concrete shape against the declaration.
    pub fn check_shape(&self, shape: &[usize]) -> Result<(), ModelError> {
        let fits = shape.len() == self.shape.len()
            && shape.iter().zip(&self.shape).all(|(&n, d)| match d {
                Dim::Fixed(m) => n == *m,
                Dim::Dynamic => n >= 1,
            });
        if fits {
            Ok(())
        } else {
            Err(ModelError::InputShape {
                input: self.name.clone(),
                expected: format_shape(&self.shape),
                received: shape.to_vec(),
            })
        }
    }
}

/// What an output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum OutputKind {
    /// Class probabilities (the model ends in softmax).
    Probabilities,
    /// Unnormalised class scores; Resona applies softmax.
    Logits,
    /// Any other values (embeddings, regressions).
    Values,
}

/// Declaration of one model output.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct OutputSpec {
    /// The output's name in the ONNX graph.
    pub name: String,
    /// Its shape; [`Dim::Dynamic`] where it follows the input.
    pub shape: Vec<Dim>,
    /// What the values mean.
    pub kind: OutputKind,
}

impl OutputSpec {
    /// Declares an output.
    #[must_use]
    pub fn new(name: impl Into<String>, shape: Vec<Dim>, kind: OutputKind) -> Self {
        Self { name: name.into(), shape, kind }
    }
}

/// Everything Resona needs to know about a model: its inputs, outputs and, for classifiers,
/// the emotion each output column stands for.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ModelSpec {
    /// Inputs in the order [`Model::run`](crate::Model::run) takes them.
    pub inputs: Vec<TensorSpec>,
    /// Outputs in the order `run` returns them.
    pub outputs: Vec<OutputSpec>,
    /// For a classifier: the emotion of each class column of the first output, in the model's
    /// order (see [`LabelOrder`](crate::LabelOrder)). Empty for other models.
    pub labels: Vec<Emotion>,
}

impl ModelSpec {
    /// Checks the spec is self-consistent: at least one input and output, unique names, no
    /// zero-sized fixed dimensions, and for a classifier a last output dimension equal to the
    /// number of distinct labels.
    pub fn validate(&self) -> Result<(), ModelError> {
        let bad = |detail: String| Err(ModelError::InvalidSpec { detail });
        if self.inputs.is_empty() || self.outputs.is_empty() {
            return bad("a model needs at least one input and one output".into());
        }
        let shapes =
            self.inputs.iter().map(|t| (&t.name, &t.shape)).chain(self.outputs.iter().map(|t| (&t.name, &t.shape)));
        for (name, shape) in shapes {
            if shape.is_empty() || shape.contains(&Dim::Fixed(0)) {
                return bad(format!("{name:?} has shape {}, which holds no element", format_shape(shape)));
            }
        }
        for (i, t) in self.inputs.iter().enumerate() {
            if self.inputs[..i].iter().any(|u| u.name == t.name) {
                return bad(format!("input name {:?} is repeated", t.name));
            }
            if !(t.scaling.scale.is_finite() && t.scaling.offset.is_finite()) || t.scaling.scale == 0.0 {
                return bad(format!("input {:?} scaling {:?} must be finite with a non-zero scale", t.name, t.scaling));
            }
            if t.element_type != ElementType::F32 && !t.scaling.is_identity() {
                return bad(format!("input {:?} holds {} values, which cannot be scaled", t.name, t.element_type));
            }
        }
        for (i, l) in self.labels.iter().enumerate() {
            if self.labels[..i].contains(l) {
                return bad(format!("label {l} is repeated"));
            }
        }
        if !self.labels.is_empty() {
            let out = &self.outputs[0];
            if out.kind == OutputKind::Values || out.shape.last() != Some(&Dim::Fixed(self.labels.len())) {
                return bad(format!(
                    "a classifier with {} labels needs a first output of probabilities or logits whose last dimension is {}, not {} {}",
                    self.labels.len(),
                    self.labels.len(),
                    format_shape(&out.shape),
                    match out.kind {
                        OutputKind::Values => "values",
                        OutputKind::Probabilities => "probabilities",
                        OutputKind::Logits => "logits",
                    },
                ));
            }
        }
        Ok(())
    }
}

/// Formats a declared shape as `[N, 64, 64, 1]`.
#[must_use]
pub fn format_shape(shape: &[Dim]) -> String {
    let dims: Vec<String> = shape.iter().map(ToString::to_string).collect();
    format!("[{}]", dims.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> ModelSpec {
        ModelSpec {
            inputs: vec![TensorSpec::new("x", vec![Dim::Dynamic, Dim::Fixed(4)], TensorLayout::Flat)],
            outputs: vec![OutputSpec::new("y", vec![Dim::Dynamic, Dim::Fixed(2)], OutputKind::Logits)],
            labels: vec![Emotion::Happy, Emotion::Sad],
        }
    }

    #[test]
    fn validate_catches_inconsistent_specs() {
        assert!(spec().validate().is_ok());
        let mut s = spec();
        s.labels.push(Emotion::Angry);
        assert_eq!(s.validate().unwrap_err().code(), "invalid_spec");
        let mut s = spec();
        s.labels = vec![Emotion::Sad, Emotion::Sad];
        assert!(s.validate().is_err());
        let mut s = spec();
        s.inputs[0].shape[1] = Dim::Fixed(0);
        assert!(s.validate().is_err());
        let mut s = spec();
        s.inputs[0].scaling.scale = f32::NAN;
        assert!(s.validate().is_err());
        let mut s = spec();
        s.inputs.clear();
        assert!(s.validate().is_err());
        let mut s = spec();
        s.inputs[0] = s.inputs[0].clone().with_element_type(ElementType::I64);
        assert!(s.validate().is_ok());
        s.inputs[0] = s.inputs[0].clone().with_scaling(2.0, 0.0);
        assert_eq!(s.validate().unwrap_err().code(), "invalid_spec");
    }

    #[test]
    fn shape_check() {
        let t = &spec().inputs[0];
        assert!(t.check_shape(&[3, 4]).is_ok());
        let e = t.check_shape(&[3, 5]).unwrap_err();
        assert_eq!(e.to_string(), "input \"x\" has shape [3, 5], the model expects [N, 4]");
        assert!(t.check_shape(&[0, 4]).is_err());
        assert!(t.check_shape(&[4]).is_err());
    }
}
