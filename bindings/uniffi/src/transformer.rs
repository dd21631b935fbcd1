//! `TransformerClassifier` for Kotlin and Swift: a bring-your-own transformer text model (ONNX
//! bytes, a tokenizer.json and a label list) with typed settings.

use crate::{Backend, EmotionScores, ResonaError};
use resona::text::transformer::{
    LinearHead as CoreHead, Pooling, TransformerClassifier as CoreClassifier, TransformerConfig,
    TransformerInput as CoreInput, labels_from_names,
};
use std::sync::Arc;

/// How the model's per-token output becomes one vector per message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TransformerPooling {
    /// Mean of the token vectors over the attention mask (sentence-transformers).
    Mean,
    /// The first token's vector (BERT's `[CLS]`).
    Cls,
    /// The model already gives one vector per message (e.g. logits); Rust's `Pooling::None`.
    Unpooled,
}

impl From<TransformerPooling> for Pooling {
    fn from(p: TransformerPooling) -> Self {
        match p {
            TransformerPooling::Mean => Self::Mean,
            TransformerPooling::Cls => Self::Cls,
            TransformerPooling::Unpooled => Self::None,
        }
    }
}

/// One of the int64 graph inputs a BERT-style export takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TransformerInput {
    /// `input_ids`.
    InputIds,
    /// `attention_mask`.
    AttentionMask,
    /// `token_type_ids`.
    TokenTypeIds,
}

impl From<TransformerInput> for CoreInput {
    fn from(t: TransformerInput) -> Self {
        match t {
            TransformerInput::InputIds => Self::InputIds,
            TransformerInput::AttentionMask => Self::AttentionMask,
            TransformerInput::TokenTypeIds => Self::TokenTypeIds,
        }
    }
}

/// Parses a pooling name: `mean`, `cls` or `none`.
#[uniffi::export]
pub fn transformer_pooling_from_name(name: String) -> Result<TransformerPooling, ResonaError> {
    Ok(match name.parse::<Pooling>()? {
        Pooling::Mean => TransformerPooling::Mean,
        Pooling::Cls => TransformerPooling::Cls,
        Pooling::None => TransformerPooling::Unpooled,
        // Pooling is non-exhaustive: a mode added later is unknown here until mapped.
        other => return Err(not_in_binding("pooling", other.as_str())),
    })
}

/// Parses a graph input name: `input_ids`, `attention_mask` or `token_type_ids`.
#[uniffi::export]
pub fn transformer_input_from_name(name: String) -> Result<TransformerInput, ResonaError> {
    Ok(match name.parse::<CoreInput>()? {
        CoreInput::InputIds => TransformerInput::InputIds,
        CoreInput::AttentionMask => TransformerInput::AttentionMask,
        CoreInput::TokenTypeIds => TransformerInput::TokenTypeIds,
        other => return Err(not_in_binding("transformer input", other.as_str())),
    })
}

/// A name resona parses but this binding has no variant for yet.
fn not_in_binding(what: &str, name: &str) -> ResonaError {
    ResonaError::Input {
        code: "unknown_name".to_owned(),
        reason: format!("{what} {name} is not supported by this binding yet"),
    }
}

/// A linear classifier over the pooled vector: `logits = W x + b`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LinearHead {
    /// `classes x dim` weights, row-major (PyTorch's `nn.Linear.weight`).
    pub weights: Vec<f32>,
    /// One bias per class.
    pub bias: Vec<f32>,
}

/// Settings of a [`TransformerClassifier`]; Rust's `TransformerConfig` documents each.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TransformerOptions {
    /// Class names in the head's (or the model's output) order: "joy", "anger", ... or
    /// Resona's names. Null: an embedding-only model.
    #[uniffi(default = None)]
    pub labels: Option<Vec<String>>,
    /// Null means [`TransformerPooling::Mean`].
    #[uniffi(default = None)]
    pub pooling: Option<TransformerPooling>,
    /// Linear head over the pooled vector.
    #[uniffi(default = None)]
    pub head: Option<LinearHead>,
    /// Longest token sequence, special tokens included.
    #[uniffi(default = 512)]
    pub max_length: u32,
    /// L2-normalise the pooled vector.
    #[uniffi(default = true)]
    pub normalize: bool,
    /// The graph's inputs in order; null means input_ids, attention_mask, token_type_ids.
    #[uniffi(default = None)]
    pub inputs: Option<Vec<TransformerInput>>,
    /// The graph output to read.
    #[uniffi(default = "last_hidden_state")]
    pub output: String,
    /// Null means [`Backend::Tract`].
    #[uniffi(default = None)]
    pub backend: Option<Backend>,
}

impl TryFrom<TransformerOptions> for TransformerConfig {
    type Error = ResonaError;
    fn try_from(o: TransformerOptions) -> Result<Self, ResonaError> {
        let mut c = Self::default()
            .with_max_length(o.max_length as usize)
            .with_normalize(o.normalize)
            .with_output(o.output)
            .with_pooling(o.pooling.map_or(Pooling::Mean, Into::into))
            .with_backend(o.backend.map_or(resona::Backend::Tract, Into::into));
        if let Some(inputs) = o.inputs {
            c = c.with_inputs(inputs.into_iter().map(Into::into).collect());
        }
        if let Some(labels) = o.labels {
            c = c.with_labels(labels_from_names(&labels)?);
        }
        if let Some(h) = o.head {
            c = c.with_head(Some(CoreHead::new(h.weights, h.bias)?));
        }
        Ok(c)
    }
}

/// A message as the model's inputs see it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TokenizedText {
    /// Token ids, special tokens included.
    pub input_ids: Vec<i64>,
    /// 1 for every token.
    pub attention_mask: Vec<i64>,
    /// Segment ids, 0 for one text.
    pub token_type_ids: Vec<i64>,
    /// The tokens as strings.
    pub tokens: Vec<String>,
}

/// A transformer text model with its tokenizer, pooling and optional head; build it once,
/// share it between threads.
#[derive(Debug, uniffi::Object)]
pub struct TransformerClassifier {
    inner: CoreClassifier,
}

#[uniffi::export]
impl TransformerClassifier {
    /// Loads `model` (ONNX bytes) and `tokenizer` (the bytes of a Hugging Face
    /// tokenizer.json).
    #[uniffi::constructor]
    pub fn new(model: Vec<u8>, tokenizer: Vec<u8>, options: TransformerOptions) -> Result<Arc<Self>, ResonaError> {
        let inner = CoreClassifier::from_bytes(&model, &tokenizer, options.try_into()?)?;
        Ok(Arc::new(Self { inner }))
    }

    /// The message as the model sees it.
    pub fn tokenize(&self, text: String) -> Result<TokenizedText, ResonaError> {
        let t = self.inner.tokenize(&text)?;
        Ok(TokenizedText {
            input_ids: t.input_ids,
            attention_mask: t.attention_mask,
            token_type_ids: t.token_type_ids,
            tokens: t.tokens,
        })
    }

    /// The message's pooled (and, if set, normalised) vector.
    pub fn embed(&self, text: String) -> Result<Vec<f32>, ResonaError> {
        Ok(self.inner.embed(&text)?)
    }

    /// The emotion distribution of the message (emotions without a class get 0).
    pub fn classify(&self, text: String) -> Result<EmotionScores, ResonaError> {
        Ok(self.inner.classify(&text)?.scores.into())
    }
}
