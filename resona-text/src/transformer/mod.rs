//! Bring your own transformer: a text classifier or embedder from ONNX bytes, a Hugging Face
//! `tokenizer.json` and a label list.
//!
//! [`TransformerClassifier`] tokenizes a message with the `tokenizers` crate (0.22, the
//! library behind Python's `tokenizers`, so ids equal Python's), feeds the int64 inputs the
//! model declares (`input_ids`, `attention_mask`, `token_type_ids`, see
//! [`TransformerInput`]) to resona-core's ONNX runtime (tract by default, ONNX Runtime with the
//! `onnxruntime` feature), pools the output ([`Pooling::Mean`] over the attention mask,
//! [`Pooling::Cls`], or [`Pooling::None`] for a model that already gives one vector),
//! optionally L2-normalises it, applies an optional [`LinearHead`] and a softmax, and maps the
//! classes onto Resona's [`Emotion`]s.
//!
//! One message runs as a batch of one without padding, so the model sees exactly the
//! message's tokens (padding would change the output of dynamically quantised models).
//! Messages longer than [`TransformerConfig::max_length`] tokens are truncated.
//!
//! ```no_run
//! use resona_text::transformer::{LinearHead, Pooling, TransformerClassifier, TransformerConfig};
//! use resona_text::Emotion;
//!
//! # fn main() -> resona_text::Result<()> {
//! # let (onnx, tokenizer_json, weights, bias): (Vec<u8>, Vec<u8>, Vec<f32>, Vec<f32>) = Default::default();
//! // A sentence-embedding model (e.g. all-MiniLM-L6-v2) with a head trained on its embeddings.
//! let config = TransformerConfig::default()
//!     .with_pooling(Pooling::Mean)
//!     .with_head(Some(LinearHead::new(weights, bias)?))
//!     .with_labels(vec![Emotion::Angry, Emotion::Happy, Emotion::Neutral, Emotion::Sad])
//!     .with_max_length(128);
//! let classifier = TransformerClassifier::from_bytes(&onnx, &tokenizer_json, config)?;
//! let result = classifier.classify("I am so happy today")?;
//! println!("{} {:.2}", result.label, result.confidence);
//! let embedding = classifier.embed("I am so happy today")?;
//! # let _ = embedding;
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "minilm-emotion")]
mod bundled;
mod config;
mod pooling;

use std::panic::{AssertUnwindSafe, catch_unwind};

use resona_core::model::{Dim, ElementType, Model, ModelSpec, OutputKind, OutputSpec, TensorLayout, TensorSpec};
use resona_core::{ConfigError, Emotion, EmotionScores, InputError, ModelError, Result, TensorRef};
use tokenizers::processors::PostProcessorWrapper;
use tokenizers::processors::template::TemplateProcessing;
use tokenizers::{PostProcessor, Tokenizer, TruncationParams};

#[cfg(feature = "minilm-emotion")]
pub use bundled::{EMOTION_MINILM_MAX_LENGTH, EMOTION_MINILM_ONNX, MINILM_TOKENIZER_JSON};
pub use config::{LinearHead, Pooling, TransformerConfig, TransformerInput, labels_from_names};

const TOKENIZER: &str = "tokenizers";

/// A message as the model's int64 inputs see it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TokenizedText {
    /// Token ids, special tokens included.
    pub input_ids: Vec<i64>,
    /// 1 for every token (one message, no padding).
    pub attention_mask: Vec<i64>,
    /// Segment ids, 0 for a single text.
    pub token_type_ids: Vec<i64>,
    /// The tokens as strings, for inspection.
    pub tokens: Vec<String>,
}

/// The emotion a transformer classifier reads in a message.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TransformerEmotion {
    /// Probabilities over Resona's seven emotions; emotions the model has no class for get 0.
    pub scores: EmotionScores,
    /// The most probable emotion.
    pub label: Emotion,
    /// Its probability.
    pub confidence: f32,
}

/// A transformer text model with its tokenizer, pooling and head; built once, `Send + Sync`.
#[derive(Debug)]
pub struct TransformerClassifier {
    tokenizer: Tokenizer,
    model: Model,
    config: TransformerConfig,
}

impl TransformerClassifier {
    /// Loads the ONNX model and the tokenizer (the JSON of a Hugging Face `tokenizer.json`).
    ///
    /// Errors: [`ConfigError::InvalidParameter`] for inconsistent settings (a head whose class
    /// count differs from the label list, labels without a head over a pooled embedding,
    /// `max_length` 0 or shorter than the tokenizer's special tokens),
    /// [`resona_core::LimitError`] when the model or tokenizer is larger than
    /// [`resona_core::Limits::max_model_bytes`], [`ModelError::Load`] for a tokenizer JSON or
    /// model bytes that do not parse, [`ModelError::SpecMismatch`] when the model's inputs or
    /// output differ from [`TransformerConfig::inputs`] and [`TransformerConfig::output`], and
    /// a config error (`head`) when the head's width differs from the model's vector.
    pub fn from_bytes(onnx: &[u8], tokenizer_json: &[u8], config: TransformerConfig) -> Result<Self> {
        config.validate()?;
        config.limits.check_model(tokenizer_json)?;
        let mut tokenizer = Tokenizer::from_bytes(tokenizer_json)
            .map_err(|e| ModelError::Load { backend: TOKENIZER, reason: format!("tokenizer JSON: {e}") })?;
        if let Some(p) = tokenizer.get_post_processor() {
            check_post_processor(p).map_err(|reason| ModelError::Load {
                backend: TOKENIZER,
                reason: format!("tokenizer JSON: post-processor: {reason}"),
            })?;
        }
        let added = tokenizer.get_post_processor().map_or(0, |p| p.added_tokens(false));
        if config.max_length <= added {
            return Err(ConfigError::InvalidParameter {
                name: "max_length",
                value: config.max_length.to_string(),
                rule: "must exceed the number of special tokens the tokenizer adds",
            }
            .into());
        }
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: config.max_length, ..TruncationParams::default() }))
            .map_err(|e| ModelError::Load { backend: TOKENIZER, reason: e.to_string() })?;
        tokenizer.with_padding(None);

        let int64 = |t: &TransformerInput| {
            // Dynamic batch and sequence axes, so the model's own symbols for them are kept.
            TensorSpec::new(t.as_str(), vec![Dim::Dynamic, Dim::Dynamic], TensorLayout::Flat)
                .with_element_type(ElementType::I64)
        };
        let output_shape = match config.pooling {
            Pooling::None => vec![Dim::Dynamic, Dim::Dynamic],
            _ => vec![Dim::Dynamic, Dim::Dynamic, Dim::Dynamic],
        };
        let spec = ModelSpec {
            inputs: config.inputs.iter().map(int64).collect(),
            outputs: vec![OutputSpec::new(config.output.clone(), output_shape, OutputKind::Values)],
            labels: Vec::new(),
        };
        let model = Model::from_bytes_with_limits(onnx, spec, config.backend, &config.limits)?;
        let classifier = Self { tokenizer, model, config };
        classifier.check_widths()?;
        Ok(classifier)
    }

    /// Runs one probe message so a head or label list that does not fit the model's vector
    /// fails at load time rather than on the first message.
    fn check_widths(&self) -> Result<()> {
        let expected = match (&self.config.head, self.config.pooling) {
            (Some(head), _) => head.dim(),
            (None, Pooling::None) if !self.config.labels.is_empty() => self.config.labels.len(),
            _ => return Ok(()),
        };
        let tokens = self.tokenize("hello")?;
        if tokens.input_ids.is_empty() {
            return Ok(());
        }
        let width = self.pooled(&tokens)?.len();
        if width == expected {
            return Ok(());
        }
        let (name, rule) = if self.config.head.is_some() {
            ("head", "the head's width must equal the model's pooled vector")
        } else {
            ("labels", "must name one emotion per output column of the model")
        };
        Err(ConfigError::InvalidParameter {
            name,
            value: format!("{expected} for a model vector of {width} values"),
            rule,
        }
        .into())
    }

    /// The settings this classifier was built with.
    #[must_use]
    pub fn config(&self) -> &TransformerConfig {
        &self.config
    }

    /// Tokenizes a message as the model will see it: special tokens added, truncated to
    /// [`TransformerConfig::max_length`], no padding. Fails with a
    /// [`resona_core::LimitError`] past [`resona_core::Limits::max_text_bytes`].
    pub fn tokenize(&self, text: &str) -> Result<TokenizedText> {
        self.config.limits.check_text(text)?;
        let run_err = |reason: String| ModelError::Run { backend: TOKENIZER, reason };
        // tokenizers reports errors as values; a panic inside it on some odd input must not
        // abort the host.
        let encoding = catch_unwind(AssertUnwindSafe(|| self.tokenizer.encode(text, true)))
            .map_err(|_| run_err("the tokenizer panicked".into()))?
            .map_err(|e| run_err(e.to_string()))?;
        let widen = |v: &[u32]| v.iter().map(|&x| i64::from(x)).collect::<Vec<i64>>();
        Ok(TokenizedText {
            input_ids: widen(encoding.get_ids()),
            attention_mask: widen(encoding.get_attention_mask()),
            token_type_ids: widen(encoding.get_type_ids()),
            tokens: encoding.get_tokens().to_vec(),
        })
    }

    /// The message's vector: pooled per [`TransformerConfig::pooling`] and, unless pooling is
    /// [`Pooling::None`], L2-normalised when [`TransformerConfig::normalize`] is set. This is
    /// the vector the head takes.
    pub fn embed(&self, text: &str) -> Result<Vec<f32>> {
        let tokens = self.tokenize(text)?;
        self.pooled(&tokens)
    }

    /// The emotion distribution of a message: the head's (or, with [`Pooling::None`] and no
    /// head, the model's) logits through a softmax, mapped onto
    /// [`TransformerConfig::labels`].
    ///
    /// Fails with [`ConfigError::InvalidParameter`] (`labels`) on a model built without
    /// labels, and as [`TransformerClassifier::embed`] fails.
    pub fn classify(&self, text: &str) -> Result<TransformerEmotion> {
        if self.config.labels.is_empty() {
            return Err(ConfigError::InvalidParameter {
                name: "labels",
                value: "[]".into(),
                rule: "classify needs one emotion per class; this model was built as an embedder",
            }
            .into());
        }
        let vector = self.embed(text)?;
        let logits = match &self.config.head {
            Some(head) => head.logits(&vector),
            None => vector,
        };
        let scores = EmotionScores::from_logits_ordered(&logits, &self.config.labels)?;
        Ok(TransformerEmotion { scores, label: scores.argmax(), confidence: scores.confidence() })
    }

    fn pooled(&self, tokens: &TokenizedText) -> Result<Vec<f32>> {
        let n = tokens.input_ids.len();
        if n == 0 {
            return Err(InputError::Empty { what: "token sequence" }.into());
        }
        let shape = [1, n];
        let inputs: Vec<TensorRef<'_>> = self
            .config
            .inputs
            .iter()
            .map(|t| {
                let data = match t {
                    TransformerInput::AttentionMask => &tokens.attention_mask,
                    TransformerInput::TokenTypeIds => &tokens.token_type_ids,
                    _ => &tokens.input_ids,
                };
                TensorRef::from_i64(data, &shape)
            })
            .collect();
        let outputs = self.model.run(&inputs)?;
        let out = outputs.into_iter().next().ok_or_else(|| ModelError::Output {
            output: self.config.output.clone(),
            detail: "the model gave no output".into(),
        })?;
        let mut vector = match (self.config.pooling, out.shape()) {
            (Pooling::None, &[1, _]) => out.into_data(),
            (Pooling::Mean, &[1, t, dim]) if t == n => pooling::mean(out.data(), &tokens.attention_mask, dim),
            (Pooling::Cls, &[1, t, dim]) if t == n => pooling::cls(out.data(), dim),
            (_, shape) => {
                return Err(ModelError::Output {
                    output: self.config.output.clone(),
                    detail: format!(
                        "shape {shape:?} does not fit {} pooling of {n} tokens",
                        self.config.pooling.as_str()
                    ),
                }
                .into());
            }
        };
        if self.config.normalize && self.config.pooling != Pooling::None {
            pooling::l2_normalize(&mut vector);
        }
        Ok(vector)
    }
}

/// Checks what `tokenizers` checks when a template post-processor is built in code but not
/// when one is read from JSON: every special token the templates name is defined. A missing
/// one panics on the first `encode` (a panic WebAssembly cannot contain), so it is refused
/// at load time instead.
fn check_post_processor(p: &PostProcessorWrapper) -> std::result::Result<(), String> {
    match p {
        PostProcessorWrapper::Template(t) => TemplateProcessing::builder()
            .single(t.single.clone())
            .pair(t.get_pair().clone())
            .special_tokens(t.get_special_tokens().clone())
            .build()
            .map(drop)
            .map_err(|e| e.to_string()),
        PostProcessorWrapper::Sequence(seq) => (0..).map_while(|i| seq.get(i)).try_for_each(check_post_processor),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifier_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<TransformerClassifier>();
    }

    #[test]
    fn bad_tokenizer_json_is_a_typed_error() {
        let e = TransformerClassifier::from_bytes(b"onnx", b"{not json", TransformerConfig::default()).unwrap_err();
        assert_eq!(e.code(), "model_load");
        assert!(e.to_string().contains("tokenizer JSON"), "{e}");
    }
}
