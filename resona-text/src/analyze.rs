//! [`TextAnalyzer`]: every reading of a chat message in one call.
//!
//! The analyser owns one of each component (sentiment, emotion, risk, sarcasm, stressors,
//! code-switching), built once from a [`TextConfig`], and returns a [`TextAnalysis`]. VADER
//! scores the whole message once: its compound is handed to the sarcasm detector
//! ([`SarcasmDetector::detect_with_compound`]) rather than scored again (the detector still
//! scores the few words around a candidate cue, such as "thanks a lot", to judge their
//! context). PII redaction is not part of the analysis: it rewrites the text rather than
//! reading it, and a host usually wants it before the text leaves the device, not next to
//! the scores; call [`PiiRedactor`](crate::cues::pii::PiiRedactor) separately.
//!
//! ```
//! use resona_text::risk::RiskLevel;
//! use resona_text::{TextAnalyzer, TextConfig};
//!
//! let analyzer = TextAnalyzer::new(TextConfig::default())?;
//! let a = analyzer.analyze("Oh great, another meeting")?;
//! assert!(a.sentiment.compound > 0.0 && a.sarcasm.adjusted_compound < 0.0);
//!
//! let a = analyzer.analyze("nimechoka na maisha, sitaki kuishi tena")?;
//! assert!(a.risk.crisis && a.risk.level == RiskLevel::Severe);
//! # Ok::<(), resona_text::Error>(())
//! ```

use resona_core::{Backend, Emotion, EmotionScores, InputError, Limits, Result};

use crate::cues::codeswitch::{CodeSwitch, CodeSwitchConfig, CodeSwitchDetector};
use crate::cues::sarcasm::{Sarcasm, SarcasmConfig, SarcasmDetector};
use crate::cues::stressors::{Stressor, StressorConfig, StressorDetector};
use crate::emotion::{EmotionClassifier, EmotionConfig};
use crate::risk::{RiskAssessment, RiskConfig, RiskDetector};
use crate::sentiment::{Sentiment, SentimentAnalyzer, SentimentConfig};

/// Settings of a [`TextAnalyzer`]: its limits and each component's config.
///
/// [`TextConfig::limits`] replaces the limits of every component config, so one value
/// governs the whole analysis; [`TextConfig::sentiment`] replaces
/// [`SarcasmConfig::sentiment`], so the sarcasm detector reads negative contexts with the
/// same lexicons that scored the message.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct TextConfig {
    /// Input size limits: [`Limits::max_text_bytes`] for each message and
    /// [`Limits::max_batch`] for [`TextAnalyzer::analyze_batch`]. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
    /// Sentiment settings (Swahili lexicon on or off). Defaults to
    /// [`SentimentConfig::default`].
    pub sentiment: SentimentConfig,
    /// Emotion settings. Defaults to [`EmotionConfig::default`] (the bundled model).
    pub emotion: EmotionConfig,
    /// Risk thresholds and context factors. Defaults to [`RiskConfig::default`].
    pub risk: RiskConfig,
    /// Sarcasm settings (the flip scale). Defaults to [`SarcasmConfig::default`].
    pub sarcasm: SarcasmConfig,
    /// Stressor settings. Defaults to [`StressorConfig::default`].
    pub stressors: StressorConfig,
    /// Code-switching and deflection settings. Defaults to [`CodeSwitchConfig::default`].
    pub code_switch: CodeSwitchConfig,
    /// Which bundled model reads emotion. Defaults to [`EmotionModel::NGram`].
    pub emotion_model: EmotionModel,
    /// Inference backend of a transformer emotion model. Defaults to [`Backend::Tract`].
    pub backend: Backend,
}

/// Which bundled model reads a message's emotion in [`TextAnalyzer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum EmotionModel {
    /// The bundled n-gram logistic regression ([`EmotionClassifier`]): 2 MB, microseconds per
    /// message, always compiled in.
    #[default]
    NGram,
    /// all-MiniLM-L6-v2 fine-tuned on GoEmotions-Ekman (`TransformerClassifier::emotion_minilm`):
    /// 22 MB, milliseconds per message, a higher macro-F1; needs the `minilm-emotion` feature.
    MiniLm,
}

impl EmotionModel {
    /// Stable name: `ngram` or `minilm`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NGram => "ngram",
            Self::MiniLm => "minilm",
        }
    }
}

impl std::fmt::Display for EmotionModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EmotionModel {
    type Err = InputError;
    fn from_str(s: &str) -> std::result::Result<Self, InputError> {
        match s {
            "ngram" => Ok(Self::NGram),
            "minilm" => Ok(Self::MiniLm),
            _ => Err(InputError::UnknownName { what: "emotion model", value: s.to_owned(), expected: "ngram, minilm" }),
        }
    }
}

impl TextConfig {
    /// Sets [`TextConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets [`TextConfig::sentiment`].
    #[must_use]
    pub fn with_sentiment(mut self, sentiment: SentimentConfig) -> Self {
        self.sentiment = sentiment;
        self
    }

    /// Sets [`TextConfig::emotion`].
    #[must_use]
    pub fn with_emotion(mut self, emotion: EmotionConfig) -> Self {
        self.emotion = emotion;
        self
    }

    /// Sets [`TextConfig::risk`].
    #[must_use]
    pub fn with_risk(mut self, risk: RiskConfig) -> Self {
        self.risk = risk;
        self
    }

    /// Sets [`TextConfig::sarcasm`].
    #[must_use]
    pub fn with_sarcasm(mut self, sarcasm: SarcasmConfig) -> Self {
        self.sarcasm = sarcasm;
        self
    }

    /// Sets [`TextConfig::stressors`].
    #[must_use]
    pub fn with_stressors(mut self, stressors: StressorConfig) -> Self {
        self.stressors = stressors;
        self
    }

    /// Sets [`TextConfig::code_switch`].
    #[must_use]
    pub fn with_code_switch(mut self, code_switch: CodeSwitchConfig) -> Self {
        self.code_switch = code_switch;
        self
    }
    /// Sets [`TextConfig::emotion_model`].
    #[must_use]
    pub fn with_emotion_model(mut self, emotion_model: EmotionModel) -> Self {
        self.emotion_model = emotion_model;
        self
    }
    /// Sets [`TextConfig::backend`].
    #[must_use]
    pub fn with_backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }
}

/// Everything [`TextAnalyzer::analyze`] reads in one message.
///
/// Spans in every part are byte ranges on char boundaries of the analysed text.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub struct TextAnalysis {
    /// Distribution over Resona's seven emotions (sums to 1).
    pub emotion: EmotionScores,
    /// The most probable emotion ([`EmotionScores::argmax`]).
    pub label: Emotion,
    /// Probability of [`TextAnalysis::label`], in `[1/7, 1]`.
    pub confidence: f32,
    /// VADER's scores (plus the Swahili lexicon), before any sarcasm adjustment.
    pub sentiment: Sentiment,
    /// Sarcasm cues. **Its [`adjusted_compound`](Sarcasm::adjusted_compound) is the
    /// sentiment a host should use**: it equals `sentiment.compound` when no cue is found,
    /// and is flipped negative when a cue sits on a positive compound ("Oh great, another
    /// meeting").
    pub sarcasm: Sarcasm,
    /// Crisis-language reading: level, score, crisis flag, matched phrases.
    pub risk: RiskAssessment,
    /// The risk keywords (a copy of [`RiskAssessment::keywords`], kept at the top level
    /// because every binding surfaces them there).
    pub keywords: Vec<String>,
    /// Topics that commonly cause stress, in text order.
    pub stressors: Vec<Stressor>,
    /// Per-word English/Swahili identification, switch points, Swahili ratio and deflection
    /// phrases.
    pub code_switch: CodeSwitch,
}

/// Which model reads the emotion of a message.
#[derive(Debug, Clone)]
enum EmotionSource {
    /// The bundled n-gram model (or one loaded from `.rsem` bytes): microseconds per message.
    NGram(EmotionClassifier),
    /// A transformer classifier, set with [`TextAnalyzer::with_transformer_emotion`].
    #[cfg(feature = "transformer")]
    Transformer(std::sync::Arc<crate::transformer::TransformerClassifier>),
}

/// The bundled MiniLM emotion model with the analyser's limits and backend.
#[cfg(feature = "minilm-emotion")]
fn minilm(config: &TextConfig) -> Result<EmotionSource> {
    use crate::transformer::{EMOTION_MINILM_ONNX, MINILM_TOKENIZER_JSON, TransformerClassifier, TransformerConfig};
    let tc = TransformerConfig::emotion_minilm().with_backend(config.backend).with_limits(config.limits);
    let clf = TransformerClassifier::from_bytes(EMOTION_MINILM_ONNX, MINILM_TOKENIZER_JSON, tc)?;
    Ok(EmotionSource::Transformer(std::sync::Arc::new(clf)))
}

/// Without the `minilm-emotion` feature the model is not in the build: a typed config error.
#[cfg(not(feature = "minilm-emotion"))]
fn minilm(_: &TextConfig) -> Result<EmotionSource> {
    Err(resona_core::ConfigError::InvalidParameter {
        name: "emotion_model",
        value: EmotionModel::MiniLm.as_str().to_owned(),
        rule: "needs resona-text's minilm-emotion feature, which this build lacks",
    }
    .into())
}

/// Runs every text component on a message. Built once; `Send + Sync`, so one instance
/// serves every thread.
#[derive(Debug, Clone)]
pub struct TextAnalyzer {
    config: TextConfig,
    sentiment: SentimentAnalyzer,
    emotion: EmotionSource,
    risk: RiskDetector,
    sarcasm: SarcasmDetector,
    stressors: StressorDetector,
    code_switch: CodeSwitchDetector,
}

impl TextAnalyzer {
    /// Builds every component, with [`TextConfig::limits`] in each.
    ///
    /// # Errors
    /// The first component's [`ConfigError`](resona_core::ConfigError) (an invalid risk
    /// threshold, a sarcasm flip scale outside `[0, 1]`, ...).
    pub fn new(config: TextConfig) -> Result<Self> {
        let limits = config.limits;
        let sentiment = SentimentAnalyzer::new(config.sentiment.clone().with_limits(limits))?;
        let emotion = match config.emotion_model {
            EmotionModel::NGram => {
                EmotionSource::NGram(EmotionClassifier::new(config.emotion.clone().with_limits(limits))?)
            }
            EmotionModel::MiniLm => minilm(&config)?,
        };
        let risk = RiskDetector::new(config.risk.with_limits(limits))?;
        let sarcasm =
            SarcasmDetector::new(config.sarcasm.clone().with_sentiment(config.sentiment.clone()).with_limits(limits))?;
        let stressors = StressorDetector::new(config.stressors.clone().with_limits(limits))?;
        let code_switch = CodeSwitchDetector::new(config.code_switch.clone().with_limits(limits))?;
        Ok(Self { config, sentiment, emotion, risk, sarcasm, stressors, code_switch })
    }

    /// Reads emotion with `classifier` instead of the n-gram model, e.g. the bundled MiniLM
    /// model (`TransformerClassifier::emotion_minilm`, feature `minilm-emotion`): a higher
    /// macro-F1 for milliseconds instead of microseconds per message. Every other reading is
    /// unchanged. The classifier must have labels (be built to classify).
    #[cfg(feature = "transformer")]
    #[must_use]
    pub fn with_transformer_emotion(mut self, classifier: crate::transformer::TransformerClassifier) -> Self {
        self.emotion = EmotionSource::Transformer(std::sync::Arc::new(classifier));
        self
    }

    /// The settings this analyser was built with (as given, before the limits were copied
    /// into the component configs).
    #[must_use]
    pub fn config(&self) -> &TextConfig {
        &self.config
    }

    /// Analyses one message. Any valid UTF-8 is accepted.
    ///
    /// # Errors
    /// [`LimitError`](resona_core::LimitError) when `text` is longer than
    /// [`Limits::max_text_bytes`], checked before any work.
    pub fn analyze(&self, text: &str) -> Result<TextAnalysis> {
        self.config.limits.check_text(text)?;
        let emotion = match &self.emotion {
            EmotionSource::NGram(c) => c.classify(text)?,
            #[cfg(feature = "transformer")]
            EmotionSource::Transformer(t) => t.classify(text)?.scores,
        };
        let sentiment = self.sentiment.analyze(text)?;
        let sarcasm = self.sarcasm.detect_with_compound(text, sentiment.compound)?;
        let risk = self.risk.assess(text)?;
        let stressors = self.stressors.detect(text)?;
        let code_switch = self.code_switch.analyze(text)?;
        Ok(TextAnalysis {
            label: emotion.argmax(),
            confidence: emotion.confidence(),
            emotion,
            sentiment,
            sarcasm,
            keywords: risk.keywords.clone(),
            risk,
            stressors,
            code_switch,
        })
    }

    /// [`TextAnalyzer::analyze`] of bytes that should be UTF-8, as they arrive from a
    /// network or a foreign-language binding.
    ///
    /// # Errors
    /// [`InputError::InvalidUtf8`] with the length of the valid prefix when `bytes` are not
    /// UTF-8 (nothing is replaced or guessed), checked before the length limit; otherwise
    /// as [`TextAnalyzer::analyze`].
    pub fn analyze_bytes(&self, bytes: &[u8]) -> Result<TextAnalysis> {
        self.analyze(InputError::check_utf8(bytes)?)
    }

    /// [`TextAnalyzer::analyze`] of each message, in order.
    ///
    /// # Errors
    /// [`LimitError`](resona_core::LimitError) when there are more than
    /// [`Limits::max_batch`] messages (checked first); otherwise the first failing message's
    /// error.
    pub fn analyze_batch<S: AsRef<str>>(&self, texts: &[S]) -> Result<Vec<TextAnalysis>> {
        self.config.limits.check_batch(texts.len())?;
        texts.iter().map(|t| self.analyze(t.as_ref())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cues::Span;
    use crate::cues::codeswitch::DeflectionKind;
    use crate::cues::sarcasm::SarcasmCueKind;
    use crate::cues::stressors::StressorKind;
    use crate::risk::RiskLevel;
    use proptest::prelude::*;
    use resona_core::{Error, LimitError};

    #[test]
    fn emotion_model_names_round_trip() {
        for m in [EmotionModel::NGram, EmotionModel::MiniLm] {
            assert_eq!(m.as_str().parse::<EmotionModel>().unwrap(), m);
            assert_eq!(m.to_string(), m.as_str());
        }
        assert!(matches!("bert".parse::<EmotionModel>(), Err(InputError::UnknownName { .. })));
    }

    #[cfg(not(feature = "minilm-emotion"))]
    #[test]
    fn minilm_without_its_feature_is_a_config_error() {
        let r = TextAnalyzer::new(TextConfig::default().with_emotion_model(EmotionModel::MiniLm));
        assert!(
            matches!(r, Err(Error::Config(resona_core::ConfigError::InvalidParameter { name: "emotion_model", .. }))),
            "{r:?}"
        );
    }

    const CALM: &str = "The bus comes at 9 tomorrow, see you at the station.";

    fn analyzer() -> TextAnalyzer {
        TextAnalyzer::new(TextConfig::default()).unwrap()
    }

    #[test]
    fn sarcasm_turns_the_sentiment_negative() {
        let a = analyzer().analyze("Oh great, another meeting").unwrap();
        // VADER alone reads "great" as positive; the adjusted compound is what hosts use.
        assert!(a.sentiment.compound > 0.5, "{:?}", a.sentiment);
        assert!(a.sarcasm.detected);
        assert_eq!(a.sarcasm.cues[0].kind, SarcasmCueKind::PositiveInNegativeContext);
        assert_eq!(a.sarcasm.compound, a.sentiment.compound, "the compound is passed through, not rescored");
        assert_eq!(a.sarcasm.adjusted_compound, -0.5 * a.sentiment.compound);
        assert_eq!(a.stressors[0].kind, StressorKind::WorkOrStudy);
        assert_eq!(a.risk.level, RiskLevel::Normal);
    }

    #[test]
    fn swahili_crisis_is_severe() {
        let text = "nimechoka na maisha, sitaki kuishi tena";
        let a = analyzer().analyze(text).unwrap();
        assert_eq!(a.risk.level, RiskLevel::Severe);
        assert!(a.risk.crisis);
        assert!(a.keywords.iter().any(|k| k == "nimechoka na maisha"), "{:?}", a.keywords);
        assert_eq!(a.keywords, a.risk.keywords);
        assert!(a.code_switch.swahili_ratio >= 0.9, "{:?}", a.code_switch);
        assert!(a.sarcasm.adjusted_compound < -0.3, "Swahili lexicon: {:?}", a.sentiment);
        assert!(!a.sarcasm.detected);
    }

    #[test]
    fn deflection_is_reported() {
        let text = "I'm fine, it's nothing";
        let a = analyzer().analyze(text).unwrap();
        let found: Vec<(DeflectionKind, &str)> =
            a.code_switch.deflections.iter().map(|d| (d.kind, &text[d.span.range()])).collect();
        assert_eq!(found, [(DeflectionKind::AssertsFine, "I'm fine"), (DeflectionKind::Minimises, "it's nothing")]);
        assert_eq!(a.risk.level, RiskLevel::Normal);
        assert!(!a.code_switch.is_code_switched());
    }

    #[test]
    fn work_stress_is_not_a_crisis() {
        let text = "work is killing me, my boss yelled again";
        let a = analyzer().analyze(text).unwrap();
        assert!(!a.stressors.is_empty());
        assert!(a.stressors.iter().all(|s| s.kind == StressorKind::WorkOrStudy), "{:?}", a.stressors);
        assert!(a.stressors.iter().any(|s| &text[s.span.range()] == "boss"));
        assert!(!a.risk.crisis && a.risk.level < RiskLevel::Moderate, "{:?}", a.risk);
        assert!(a.sarcasm.adjusted_compound < -0.3, "{:?}", a.sentiment);
    }

    #[test]
    fn calm_message_is_quiet() {
        let a = analyzer().analyze(CALM).unwrap();
        assert_eq!(a.label, Emotion::Neutral);
        assert_eq!(a.confidence, a.emotion.get(Emotion::Neutral));
        assert_eq!((a.sentiment.compound, a.sarcasm.adjusted_compound), (0.0, 0.0));
        assert!(!a.sarcasm.detected && a.stressors.is_empty() && a.code_switch.deflections.is_empty());
        assert_eq!((a.risk.level, a.risk.crisis), (RiskLevel::Normal, false));
        assert!(a.keywords.is_empty() && !a.code_switch.is_code_switched());
        assert_eq!(a.code_switch.swahili_ratio, 0.0);
    }

    #[test]
    fn parts_equal_the_components_run_alone() {
        let an = analyzer();
        let c = TextConfig::default();
        let sentiment = SentimentAnalyzer::new(c.sentiment.clone()).unwrap();
        let emotion = EmotionClassifier::new(c.emotion.clone()).unwrap();
        let risk = RiskDetector::new(c.risk).unwrap();
        let sarcasm = SarcasmDetector::new(c.sarcasm.clone()).unwrap();
        let stressors = StressorDetector::new(c.stressors.clone()).unwrap();
        let code_switch = CodeSwitchDetector::new(c.code_switch.clone()).unwrap();
        for text in [
            "Oh great, another meeting",
            "yeah right, like that will work /s",
            "leo nimechoka sana, kazi imenishinda lakini niko sawa",
            "I can't go on, I want to end it all",
            "",
            CALM,
        ] {
            let a = an.analyze(text).unwrap();
            assert_eq!(a.emotion, emotion.classify(text).unwrap());
            assert_eq!(a.label, a.emotion.argmax());
            assert_eq!(a.sentiment, sentiment.analyze(text).unwrap());
            assert_eq!(a.sarcasm, sarcasm.detect(text).unwrap(), "{text:?}");
            assert_eq!(a.risk, risk.assess(text).unwrap());
            assert_eq!(a.stressors, stressors.detect(text).unwrap());
            assert_eq!(a.code_switch, code_switch.analyze(text).unwrap());
        }
    }

    #[test]
    fn bytes_must_be_utf8() {
        let an = analyzer();
        assert_eq!(an.analyze_bytes("niko sawa 🙂".as_bytes()).unwrap(), an.analyze("niko sawa 🙂").unwrap());
        let e = an.analyze_bytes(b"ok \xff then").unwrap_err();
        assert_eq!(e, Error::Input(InputError::InvalidUtf8 { valid_up_to: 3 }));
        assert_eq!(e.code(), "invalid_utf8");
        // A truncated multi-byte character is invalid too.
        let cut = &"é".as_bytes()[..1];
        assert_eq!(an.analyze_bytes(cut).unwrap_err(), Error::Input(InputError::InvalidUtf8 { valid_up_to: 0 }));
    }

    #[test]
    fn limits_apply_to_messages_and_batches() {
        let limits = Limits::default().with_max_text_bytes(16).with_max_batch(2);
        let an = TextAnalyzer::new(TextConfig::default().with_limits(limits)).unwrap();
        let e = an.analyze("this message is too long").unwrap_err();
        assert!(matches!(e, Error::Limit(LimitError::Exceeded { received: 24, limit: 16, .. })), "{e:?}");
        assert_eq!(an.analyze_bytes(b"this message is too long").unwrap_err(), e);
        let batch = an.analyze_batch(&["sawa", "I'm fine"]).unwrap();
        assert_eq!(batch, [an.analyze("sawa").unwrap(), an.analyze("I'm fine").unwrap()]);
        assert_eq!(an.analyze_batch(&["a", "b", "c"]).unwrap_err().code(), "limit_exceeded");
        assert_eq!(an.analyze_batch(&["ok", "this message is too long"]).unwrap_err(), e);
        assert!(an.analyze_batch::<&str>(&[]).unwrap().is_empty());
    }

    #[test]
    fn component_config_errors_surface() {
        let bad = TextConfig::default().with_sarcasm(SarcasmConfig::default().with_flip_scale(2.0));
        assert_eq!(TextAnalyzer::new(bad).unwrap_err().code(), "invalid_parameter");
        let bad = TextConfig::default().with_risk(RiskConfig::default().with_severe_threshold(f32::NAN));
        assert_eq!(TextAnalyzer::new(bad).unwrap_err().code(), "invalid_parameter");
    }

    #[test]
    fn swahili_off_reaches_sentiment_and_sarcasm() {
        let c = TextConfig::default().with_sentiment(SentimentConfig::default().with_swahili(false));
        let a = TextAnalyzer::new(c).unwrap().analyze("leo nimechoka sana").unwrap();
        assert_eq!(a.sentiment.compound, 0.0);
        assert_eq!(a.sarcasm.adjusted_compound, 0.0);
    }

    #[test]
    fn analyzer_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<TextAnalyzer>();
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trip_and_pinned_names() {
        use crate::cues::codeswitch::{Evidence, Language};
        use crate::cues::pii::PiiKind;
        use crate::risk::RiskCategory;

        let an = analyzer();
        for text in [
            "Oh great, another meeting 🙄 /s",
            "nimechoka na maisha, sitaki kuishi tena. Kazi na kodi ya nyumba, lakini niko sawa",
            CALM,
        ] {
            let a = an.analyze(text).unwrap();
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(serde_json::from_str::<TextAnalysis>(&json).unwrap(), a, "{json}");
        }
        let json = serde_json::to_value(an.analyze("I'm fine, it's nothing").unwrap()).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want =
            ["emotion", "label", "confidence", "sentiment", "sarcasm", "risk", "keywords", "stressors", "code_switch"];
        want.sort_unstable();
        assert_eq!(keys, want, "serde_json's map is sorted");
        assert_eq!(json["code_switch"]["deflections"][0]["kind"], "asserts_fine");
        assert_eq!(json["code_switch"]["deflections"][0]["span"], serde_json::json!({"start": 0, "end": 8}));
        assert_eq!(json["risk"]["level"], "normal");

        fn name<T: serde::Serialize>(v: T) -> String {
            serde_json::to_value(v).unwrap().as_str().unwrap().to_owned()
        }
        let levels: Vec<String> = RiskLevel::ALL.iter().map(|&l| name(l)).collect();
        assert_eq!(levels, ["normal", "mild", "moderate", "severe"]);
        let kinds: Vec<String> = StressorKind::ALL.iter().map(|&k| name(k)).collect();
        assert_eq!(kinds, ["work_or_study", "relationships", "family", "health", "money", "housing", "loss", "safety"]);
        // Every other enum serialises as its `as_str`.
        for &c in RiskCategory::ALL {
            assert_eq!(name(c), c.as_str());
        }
        for &l in &[RiskLevel::Normal, RiskLevel::Severe] {
            assert_eq!(serde_json::from_str::<RiskLevel>(&format!("\"{l}\"")).unwrap(), l);
        }
        for k in [
            SarcasmCueKind::PositiveInNegativeContext,
            SarcasmCueKind::YeahRight,
            SarcasmCueKind::SarcasmTag,
            SarcasmCueKind::ScareQuotes,
            SarcasmCueKind::EyeRoll,
            SarcasmCueKind::ThanksALot,
            SarcasmCueKind::JustWhatINeeded,
        ] {
            assert_eq!(name(k), k.as_str());
        }
        for k in [
            DeflectionKind::AssertsFine,
            DeflectionKind::Minimises,
            DeflectionKind::Dismisses,
            DeflectionKind::DeflectsConcern,
        ] {
            assert_eq!(name(k), k.as_str());
        }
        for l in [Language::English, Language::Swahili, Language::Other] {
            assert_eq!(name(l), l.as_str());
        }
        for k in [PiiKind::Email, PiiKind::Phone, PiiKind::Url, PiiKind::Id, PiiKind::Name] {
            assert_eq!(name(k), k.as_str());
        }
        let evidence: Vec<String> =
            [Evidence::Lexicon, Evidence::Morphology, Evidence::Shape, Evidence::Context, Evidence::None]
                .into_iter()
                .map(name)
                .collect();
        assert_eq!(evidence, ["lexicon", "morphology", "shape", "context", "none"]);
    }

    fn on_boundary(text: &str, span: Span) -> bool {
        span.start <= span.end && text.is_char_boundary(span.start) && text.is_char_boundary(span.end)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_text_analyses_in_range(text in any::<String>()) {
            let a = analyzer().analyze(&text).unwrap();
            prop_assert!((-1.0..=1.0).contains(&a.sentiment.compound));
            prop_assert!((-1.0..=1.0).contains(&a.sarcasm.adjusted_compound));
            prop_assert!((0.0..=1.0).contains(&a.risk.score));
            prop_assert!((0.0..=1.0).contains(&a.code_switch.swahili_ratio));
            prop_assert!(a.sarcasm.cues.iter().all(|c| on_boundary(&text, c.span)));
            prop_assert!(a.stressors.iter().all(|s| on_boundary(&text, s.span)));
            prop_assert!(a.code_switch.tokens.iter().all(|t| on_boundary(&text, t.span)));
            prop_assert!(a.code_switch.deflections.iter().all(|d| on_boundary(&text, d.span)));
            prop_assert!(a.risk.matches.iter().all(|m| on_boundary(&text, Span::new(m.span.0, m.span.1))));
        }
    }
}
