//! Seven-class emotion of a chat message, from a linear model trained by the project on
//! GoEmotions-Ekman.
//!
//! [`EmotionClassifier`] runs a multinomial logistic regression over sublinear TF-IDF
//! features of the message (words, word pairs and character n-grams of words, from
//! [`tokenize`]). The model is bundled in the crate (`models/emotion-ekman.rsem`, format in
//! [`model`]); how it was trained, on which data, and how well it does on GoEmotions' dev
//! split is written in `models/README.md`. The trainer is
//! `examples/src/bin/train-text-emotion.rs` and calls the same [`tokenize`] and
//! [`features`] code as inference, so the two agree exactly.
//!
//! GoEmotions' Ekman labels map onto Resona's [`Emotion`]s one to one
//! ([`LabelOrder::GoEmotionsEkman`]): anger → angry, disgust → disgusted, fear → fearful,
//! joy → happy, neutral → neutral, sadness → sad, surprise → surprised.
//!
//! ```
//! use resona_text::Emotion;
//! use resona_text::emotion::{EmotionClassifier, EmotionConfig};
//!
//! let classifier = EmotionClassifier::new(EmotionConfig::default())?;
//! let scores = classifier.classify("I am so happy today!")?;
//! assert_eq!(scores.argmax(), Emotion::Happy);
//! # Ok::<(), resona_text::Error>(())
//! ```
//!
//! [`Emotion`]: resona_core::Emotion

pub mod features;
pub mod model;
mod tokenize;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxBuildHasher;

use resona_core::{EmotionScores, LabelOrder, Limits, ModelError, Result};

pub use features::FeatureKinds;
pub use model::ModelData;
pub use tokenize::tokenize;

use features::FeatureScratch;
use tokenize::{Tokens, tokenize_into};

/// The bundled model, in the format of [`model`].
pub static BUNDLED_MODEL: &[u8] = include_bytes!("../../models/emotion-ekman.rsem");

/// Settings of an [`EmotionClassifier`].
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct EmotionConfig {
    /// Input size limits: [`Limits::max_text_bytes`] for each message,
    /// [`Limits::max_batch`] for [`EmotionClassifier::classify_batch`] and
    /// [`Limits::max_model_bytes`] for [`EmotionClassifier::from_model_bytes`]. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
}

impl EmotionConfig {
    /// Sets [`EmotionConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// A loaded model, ready to score: vocabulary index and flat weights.
#[derive(Debug)]
struct Compiled {
    kinds: FeatureKinds,
    /// Feature string to index. FxHash rather than SipHash: a message looks up hundreds of
    /// short features, and the keys are the model's own, so hash flooding is not a concern.
    index: HashMap<Box<str>, u32, FxBuildHasher>,
    idf: Vec<f32>,
    weights: Vec<[f32; model::CLASSES]>,
    bias: [f32; model::CLASSES],
}

impl From<ModelData> for Compiled {
    fn from(m: ModelData) -> Self {
        let index = m.features.into_iter().enumerate().map(|(i, f)| (f.into_boxed_str(), i as u32)).collect();
        Self { kinds: m.kinds, index, idf: m.idf, weights: m.weights, bias: m.bias }
    }
}

/// Classifies a chat message into a distribution over Resona's seven emotions.
///
/// Built once with [`EmotionClassifier::new`] (the bundled model, decoded once per process
/// and shared) or [`EmotionClassifier::from_model_bytes`]; `Send + Sync`, so one instance
/// serves every thread.
#[derive(Debug, Clone)]
pub struct EmotionClassifier {
    model: Arc<Compiled>,
    config: EmotionConfig,
}

impl EmotionClassifier {
    /// The classifier with the bundled GoEmotions-Ekman model.
    ///
    /// The bundled bytes are decoded and validated on the first call in a process and shared
    /// by later ones. Fails only if they are invalid, which the crate's tests rule out.
    pub fn new(config: EmotionConfig) -> Result<Self> {
        static BUNDLED: OnceLock<std::result::Result<Arc<Compiled>, ModelError>> = OnceLock::new();
        let model = BUNDLED.get_or_init(|| ModelData::from_bytes(BUNDLED_MODEL).map(|m| Arc::new(m.into()))).clone()?;
        Ok(Self { model, config })
    }

    /// A classifier with a model in the [`model`] format, such as one written by the
    /// trainer. Checks [`Limits::max_model_bytes`] first, then every rule of the format.
    pub fn from_model_bytes(bytes: &[u8], config: EmotionConfig) -> Result<Self> {
        config.limits.check_model(bytes)?;
        let model = Arc::new(ModelData::from_bytes(bytes)?.into());
        Ok(Self { model, config })
    }

    /// The settings this classifier was built with.
    #[must_use]
    pub fn config(&self) -> &EmotionConfig {
        &self.config
    }

    /// The model's seven logits of `text`, in GoEmotions-Ekman order
    /// ([`LabelOrder::GoEmotionsEkman`]), after the size limit check.
    pub fn logits(&self, text: &str) -> Result<[f32; model::CLASSES]> {
        self.config.limits.check_text(text)?;
        let m = &*self.model;
        let mut tokens = Tokens::default();
        tokenize_into(text, &mut tokens);
        let mut found = Vec::with_capacity(tokens.len() * 24);
        m.kinds.for_each(&tokens, &mut FeatureScratch::default(), |f| {
            if let Some(&i) = m.index.get(f) {
                found.push(i);
            }
        });
        let x = features::tfidf_of_indices(&mut found, &m.idf);
        let mut logits = m.bias;
        for (i, v) in x {
            for (l, w) in logits.iter_mut().zip(&m.weights[i as usize]) {
                *l += v * w;
            }
        }
        Ok(logits)
    }

    /// The emotion distribution of one message. Text with no known feature (empty, or only
    /// unseen words) gets the model's prior from its biases, which favours neutral.
    ///
    /// Fails with a [`resona_core::LimitError`] when the text is longer than
    /// [`Limits::max_text_bytes`].
    pub fn classify(&self, text: &str) -> Result<EmotionScores> {
        let logits = self.logits(text)?;
        EmotionScores::from_logits_ordered(&logits, LabelOrder::GoEmotionsEkman.labels())
    }

    /// [`EmotionClassifier::classify`] of each message, after checking the batch size
    /// against [`Limits::max_batch`]; the first failing message's error is returned.
    pub fn classify_batch<S: AsRef<str>>(&self, texts: &[S]) -> Result<Vec<EmotionScores>> {
        self.config.limits.check_batch(texts.len())?;
        texts.iter().map(|t| self.classify(t.as_ref())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifier_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<EmotionClassifier>();
    }
}
