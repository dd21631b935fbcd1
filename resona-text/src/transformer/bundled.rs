//! The bundled transformer emotion model, with the `minilm-emotion` feature.
//!
//! all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) fine-tuned by the project on
//! GoEmotions-Ekman with mean pooling and a seven-class linear head inside the graph, then
//! quantised to int8: `models/emotion-minilm-int8.onnx` and its tokenizer
//! `models/minilm-tokenizer.json`. It brings what a bag of n-grams cannot, knowledge of
//! language from pre-training, and scores a higher dev macro-F1 than the default n-gram model
//! (0.6195 against 0.5710) at 60 (ONNX Runtime) to 250 (tract) times its cost per message;
//! provenance, training script and measurements are in `models/README.md`. The file is 22 MB,
//! which is why it sits behind a feature: the default build, the WASM package and the mobile
//! libraries keep the 2 MB n-gram model.

use resona_core::{Backend, LabelOrder, Result};

use super::{Pooling, TransformerClassifier, TransformerConfig};

/// The fine-tuned, int8-quantised MiniLM emotion model (ONNX): inputs `input_ids`,
/// `attention_mask`, `token_type_ids` (int64 `[1, tokens]`), output `logits` `[1, 7]` in
/// GoEmotions-Ekman's class order.
pub static EMOTION_MINILM_ONNX: &[u8] = include_bytes!("../../models/emotion-minilm-int8.onnx");

/// all-MiniLM-L6-v2's `tokenizer.json` (BERT uncased WordPiece), as the model was trained with.
pub static MINILM_TOKENIZER_JSON: &[u8] = include_bytes!("../../models/minilm-tokenizer.json");

/// Token limit the model was trained with (special tokens included); longer messages are
/// truncated, as in training.
pub const EMOTION_MINILM_MAX_LENGTH: usize = 64;

impl TransformerConfig {
    /// The settings of the bundled MiniLM emotion model: the model's own logits
    /// ([`Pooling::None`], no normalisation), GoEmotions-Ekman's labels, 64 tokens.
    #[must_use]
    pub fn emotion_minilm() -> Self {
        Self::default()
            .with_pooling(Pooling::None)
            .with_normalize(false)
            .with_output("logits")
            .with_labels(LabelOrder::GoEmotionsEkman.labels().to_vec())
            .with_max_length(EMOTION_MINILM_MAX_LENGTH)
    }
}

impl TransformerClassifier {
    /// Loads the bundled MiniLM emotion model on `backend`.
    ///
    /// # Errors
    /// As [`TransformerClassifier::from_bytes`]; with the bundled files only a backend that is
    /// not available ([`resona_core::ModelError`]) can fail.
    pub fn emotion_minilm(backend: Backend) -> Result<Self> {
        Self::from_bytes(
            EMOTION_MINILM_ONNX,
            MINILM_TOKENIZER_JSON,
            TransformerConfig::emotion_minilm().with_backend(backend),
        )
    }
}
