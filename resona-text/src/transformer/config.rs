//! Settings of a [`TransformerClassifier`](super::TransformerClassifier): pooling, head,
//! labels, inputs and limits.

use std::str::FromStr;

use resona_core::{Backend, ConfigError, Emotion, InputError, Limits, Result};

/// How the model's per-token output becomes one vector per message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Pooling {
    /// Mean of the token vectors weighted by the attention mask, as sentence-transformers'
    /// `Pooling(pooling_mode_mean_tokens=True)` computes it (the divisor is clamped at 1e-9).
    /// The output must be `[1, tokens, hidden]`.
    #[default]
    Mean,
    /// The first token's vector (BERT's `[CLS]`). The output must be `[1, tokens, hidden]`.
    Cls,
    /// The model already gives one vector per message (`[1, n]`), e.g. a sequence
    /// classifier's logits.
    None,
}

impl Pooling {
    /// Stable name: `mean`, `cls` or `none`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::Cls => "cls",
            Self::None => "none",
        }
    }
}

impl FromStr for Pooling {
    type Err = InputError;
    /// Parses [`Pooling::as_str`]'s names, so bindings take the same strings.
    fn from_str(s: &str) -> std::result::Result<Self, InputError> {
        match s {
            "mean" => Ok(Self::Mean),
            "cls" => Ok(Self::Cls),
            "none" => Ok(Self::None),
            _ => Err(InputError::UnknownName { what: "pooling", value: s.to_owned(), expected: "mean, cls, none" }),
        }
    }
}

/// One of the int64 inputs a BERT-style ONNX export takes, filled from the tokenizer's
/// encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TransformerInput {
    /// Token ids, graph input `input_ids`.
    InputIds,
    /// 1 for real tokens, 0 for padding, graph input `attention_mask`.
    AttentionMask,
    /// Segment ids (0 for a single text), graph input `token_type_ids`.
    TokenTypeIds,
}

impl TransformerInput {
    /// The graph input's name: `input_ids`, `attention_mask` or `token_type_ids`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InputIds => "input_ids",
            Self::AttentionMask => "attention_mask",
            Self::TokenTypeIds => "token_type_ids",
        }
    }
}

impl FromStr for TransformerInput {
    type Err = InputError;
    /// Parses the graph input names of [`TransformerInput::as_str`].
    fn from_str(s: &str) -> std::result::Result<Self, InputError> {
        match s {
            "input_ids" => Ok(Self::InputIds),
            "attention_mask" => Ok(Self::AttentionMask),
            "token_type_ids" => Ok(Self::TokenTypeIds),
            _ => Err(InputError::UnknownName {
                what: "transformer input",
                value: s.to_owned(),
                expected: "input_ids, attention_mask, token_type_ids",
            }),
        }
    }
}

/// A linear classifier over the pooled vector: `logits = W · x + b`, then softmax.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinearHead {
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl LinearHead {
    /// A head with `bias.len()` classes; `weights` holds one row of `dim` values per class,
    /// row-major (`weights.len() = classes × dim`), as PyTorch's `nn.Linear.weight` and
    /// scikit-learn's `coef_` store them.
    ///
    /// Fails with [`ConfigError::InvalidParameter`] (`head.bias`, `head.weights`) when there
    /// is no class, the weights do not split into equal non-empty rows, or a value is not
    /// finite.
    pub fn new(weights: Vec<f32>, bias: Vec<f32>) -> Result<Self> {
        if bias.is_empty() {
            return Err(invalid("head.bias", "[]".into(), "must hold one value per class"));
        }
        if weights.is_empty() || weights.len() % bias.len() != 0 {
            return Err(invalid(
                "head.weights",
                format!("{} values for {} classes", weights.len(), bias.len()),
                "must hold classes × dim values, dim >= 1",
            ));
        }
        InputError::check_finite("head.weights", &weights)?;
        InputError::check_finite("head.bias", &bias)?;
        Ok(Self { weights, bias })
    }

    /// Number of classes.
    #[must_use]
    pub fn classes(&self) -> usize {
        self.bias.len()
    }

    /// Length of the vector the head takes.
    #[must_use]
    pub fn dim(&self) -> usize {
        self.weights.len() / self.bias.len().max(1)
    }

    /// The logits of `x`, whose length must be [`LinearHead::dim`] (checked by the caller).
    pub(crate) fn logits(&self, x: &[f32]) -> Vec<f32> {
        self.weights
            .chunks_exact(self.dim().max(1))
            .zip(&self.bias)
            .map(|(row, &b)| {
                let dot: f64 = row.iter().zip(x).map(|(&w, &v)| f64::from(w) * f64::from(v)).sum();
                (dot + f64::from(b)) as f32
            })
            .collect()
    }
}

fn invalid(name: &'static str, value: String, rule: &'static str) -> resona_core::Error {
    ConfigError::InvalidParameter { name, value, rule }.into()
}

/// Settings of a [`TransformerClassifier`](super::TransformerClassifier).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TransformerConfig {
    /// The emotion of each class, in the order of the head's rows or, without a head, of the
    /// model's output columns; distinct. Empty for an embedding-only model (then
    /// [`classify`](super::TransformerClassifier::classify) is refused). Use
    /// [`labels_from_names`] for a model's own label names. Defaults to empty.
    pub labels: Vec<Emotion>,
    /// How token vectors become one vector. Defaults to [`Pooling::Mean`].
    pub pooling: Pooling,
    /// Linear classifier applied to the pooled (and, if set, normalised) vector. Needed to
    /// classify with [`Pooling::Mean`] or [`Pooling::Cls`]. Defaults to `None`.
    pub head: Option<LinearHead>,
    /// Longest token sequence, special tokens included; longer messages are truncated (the
    /// tokenizer's `LongestFirst` truncation, as Python's `enable_truncation(max_length)`).
    /// Must be >= 1. Defaults to 512, BERT's position limit.
    pub max_length: usize,
    /// Scale the pooled vector to unit L2 norm (sentence-transformers models do), before the
    /// head and in [`embed`](super::TransformerClassifier::embed). Ignored with
    /// [`Pooling::None`]. Defaults to `true`.
    pub normalize: bool,
    /// The model's graph inputs, in the model's order; each is an int64 `[1, tokens]` tensor.
    /// Defaults to `[InputIds, AttentionMask, TokenTypeIds]`, BERT's export.
    pub inputs: Vec<TransformerInput>,
    /// Name of the model's output to read. Defaults to `"last_hidden_state"`.
    pub output: String,
    /// Inference backend. Defaults to [`Backend::Tract`].
    pub backend: Backend,
    /// [`Limits::max_text_bytes`] for each message and [`Limits::max_model_bytes`] for the
    /// model and the tokenizer JSON. Defaults to [`Limits::default`].
    pub limits: Limits,
}

impl Default for TransformerConfig {
    fn default() -> Self {
        Self {
            labels: Vec::new(),
            pooling: Pooling::Mean,
            head: None,
            max_length: 512,
            normalize: true,
            inputs: vec![TransformerInput::InputIds, TransformerInput::AttentionMask, TransformerInput::TokenTypeIds],
            output: "last_hidden_state".to_owned(),
            backend: Backend::Tract,
            limits: Limits::default(),
        }
    }
}

impl TransformerConfig {
    /// Sets [`TransformerConfig::labels`].
    #[must_use]
    pub fn with_labels(mut self, labels: Vec<Emotion>) -> Self {
        self.labels = labels;
        self
    }

    /// Sets [`TransformerConfig::pooling`].
    #[must_use]
    pub fn with_pooling(mut self, pooling: Pooling) -> Self {
        self.pooling = pooling;
        self
    }

    /// Sets [`TransformerConfig::head`].
    #[must_use]
    pub fn with_head(mut self, head: Option<LinearHead>) -> Self {
        self.head = head;
        self
    }

    /// Sets [`TransformerConfig::max_length`].
    #[must_use]
    pub fn with_max_length(mut self, max_length: usize) -> Self {
        self.max_length = max_length;
        self
    }

    /// Sets [`TransformerConfig::normalize`].
    #[must_use]
    pub fn with_normalize(mut self, normalize: bool) -> Self {
        self.normalize = normalize;
        self
    }

    /// Sets [`TransformerConfig::inputs`].
    #[must_use]
    pub fn with_inputs(mut self, inputs: Vec<TransformerInput>) -> Self {
        self.inputs = inputs;
        self
    }

    /// Sets [`TransformerConfig::output`].
    #[must_use]
    pub fn with_output(mut self, output: impl Into<String>) -> Self {
        self.output = output.into();
        self
    }

    /// Sets [`TransformerConfig::backend`].
    #[must_use]
    pub fn with_backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }

    /// Sets [`TransformerConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Checks the settings agree with each other.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.max_length == 0 {
            return Err(invalid("max_length", "0".into(), "must be >= 1"));
        }
        if !self.inputs.contains(&TransformerInput::InputIds) {
            return Err(invalid("inputs", format!("{:?}", self.inputs), "must include InputIds"));
        }
        for (i, t) in self.inputs.iter().enumerate() {
            if self.inputs[..i].contains(t) {
                return Err(invalid("inputs", format!("{:?}", self.inputs), "must not repeat an input"));
            }
        }
        for (i, l) in self.labels.iter().enumerate() {
            if self.labels[..i].contains(l) {
                return Err(invalid("labels", format!("{:?}", self.labels), "must name distinct emotions"));
            }
        }
        if self.output.is_empty() {
            return Err(invalid("output", String::new(), "must name the model's output"));
        }
        match &self.head {
            Some(head) if !self.labels.is_empty() && head.classes() != self.labels.len() => Err(invalid(
                "labels",
                format!("{} labels for a head of {} classes", self.labels.len(), head.classes()),
                "must name one emotion per class of the head",
            )),
            Some(_) if self.labels.is_empty() => {
                Err(invalid("labels", "[]".into(), "a head needs one emotion per class"))
            }
            None if !self.labels.is_empty() && self.pooling != Pooling::None => Err(invalid(
                "head",
                "None".into(),
                "classifying a pooled embedding needs a head (or Pooling::None for a model that gives logits)",
            )),
            _ => Ok(()),
        }
    }
}

/// Maps a model's label names (e.g. `config.json`'s `id2label` in order) onto Resona's
/// emotions with [`Emotion::from_label`] (`anger`, `joy`, `sadness`, ... and the canonical
/// names). A name with no counterpart is an [`InputError::UnknownName`].
pub fn labels_from_names<S: AsRef<str>>(names: &[S]) -> Result<Vec<Emotion>> {
    names
        .iter()
        .map(|n| {
            Emotion::from_label(n.as_ref()).ok_or_else(|| {
                InputError::UnknownName {
                    what: "emotion label",
                    value: n.as_ref().to_owned(),
                    expected: "neutral, happy/joy, sad/sadness, angry/anger, fearful/fear, surprised/surprise, disgusted/disgust",
                }
                .into()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_shapes_are_validated() {
        let h = LinearHead::new(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], vec![0.0, 1.0]).unwrap();
        assert_eq!((h.classes(), h.dim()), (2, 3));
        assert_eq!(h.logits(&[1.0, 0.0, 1.0]), vec![4.0, 11.0]);
        assert_eq!(LinearHead::new(vec![1.0; 5], vec![0.0; 2]).unwrap_err().code(), "invalid_parameter");
        assert_eq!(LinearHead::new(vec![], vec![0.0]).unwrap_err().code(), "invalid_parameter");
        assert_eq!(LinearHead::new(vec![1.0], vec![]).unwrap_err().code(), "invalid_parameter");
        assert_eq!(LinearHead::new(vec![f32::NAN], vec![0.0]).unwrap_err().code(), "non_finite");
    }

    #[test]
    fn config_rules() {
        assert!(TransformerConfig::default().validate().is_ok());
        let c = TransformerConfig::default().with_max_length(0);
        assert_eq!(c.validate().unwrap_err().code(), "invalid_parameter");
        let c = TransformerConfig::default().with_inputs(vec![TransformerInput::AttentionMask]);
        assert!(c.validate().is_err());
        let head = LinearHead::new(vec![0.0; 6], vec![0.0; 2]).ok();
        let c = TransformerConfig::default().with_head(head.clone()).with_labels(vec![Emotion::Happy]);
        assert!(c.validate().unwrap_err().to_string().contains("1 labels for a head of 2 classes"));
        let c = TransformerConfig::default().with_head(head).with_labels(vec![Emotion::Happy, Emotion::Sad]);
        assert!(c.validate().is_ok());
        let c = TransformerConfig::default().with_labels(vec![Emotion::Happy, Emotion::Sad]);
        assert!(c.validate().is_err(), "mean pooling without a head cannot classify");
        assert!(c.with_pooling(Pooling::None).validate().is_ok());
    }

    #[test]
    fn names_parse_back() {
        for p in [Pooling::Mean, Pooling::Cls, Pooling::None] {
            assert_eq!(p.as_str().parse::<Pooling>().unwrap(), p);
        }
        for t in [TransformerInput::InputIds, TransformerInput::AttentionMask, TransformerInput::TokenTypeIds] {
            assert_eq!(t.as_str().parse::<TransformerInput>().unwrap(), t);
        }
        assert!(matches!("max".parse::<Pooling>(), Err(InputError::UnknownName { what: "pooling", .. })));
        assert!("ids".parse::<TransformerInput>().is_err());
    }

    #[test]
    fn label_names_map_onto_emotions() {
        let l = labels_from_names(&["anger", "joy", "Sadness", "neutral"]).unwrap();
        assert_eq!(l, vec![Emotion::Angry, Emotion::Happy, Emotion::Sad, Emotion::Neutral]);
        assert_eq!(labels_from_names(&["boredom"]).unwrap_err().code(), "unknown_name");
    }
}
