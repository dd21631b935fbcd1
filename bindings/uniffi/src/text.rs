//! Text analysis for Kotlin and Swift: typed records for the common fields, and the full
//! result in Resona's shared JSON schema (`json`) for everything else.
//!
//! Spans are UTF-16 offsets, the unit of Kotlin/Java `String` and Swift `NSString`.

use crate::{EmotionScores, ResonaError};
use resona::text::cues::pii::{PiiConfig, PiiRedactor};
use resona::text::risk::RiskLevel as CoreRiskLevel;
use resona::text::sentiment::{SentimentAnalyzer, SentimentConfig};
use resona::text::{SpanUnit, TextAnalyzer as CoreAnalyzer, TextConfig};
use std::sync::Arc;

/// VADER-compatible sentiment: shares of negative, neutral and positive words and the
/// compound valence in [-1, 1].
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct Sentiment {
    /// Negative share, [0, 1].
    pub neg: f64,
    /// Neutral share, [0, 1].
    pub neu: f64,
    /// Positive share, [0, 1].
    pub pos: f64,
    /// Overall valence, [-1, 1].
    pub compound: f64,
}

impl From<resona::text::sentiment::Sentiment> for Sentiment {
    fn from(s: resona::text::sentiment::Sentiment) -> Self {
        Self { neg: s.negative, neu: s.neutral, pos: s.positive, compound: s.compound }
    }
}

/// Crisis-language level of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum RiskLevel {
    /// No risk language.
    Normal,
    /// Mild cues (tired, stressed).
    Mild,
    /// Moderate cues (hopelessness, isolation).
    Moderate,
    /// Severe cues (suicidal ideation, self-harm): show crisis resources.
    Severe,
}

impl From<CoreRiskLevel> for RiskLevel {
    fn from(l: CoreRiskLevel) -> Self {
        match l {
            CoreRiskLevel::Normal => Self::Normal,
            CoreRiskLevel::Mild => Self::Mild,
            CoreRiskLevel::Moderate => Self::Moderate,
            // RiskLevel is non-exhaustive; anything above moderate is treated as severe.
            _ => Self::Severe,
        }
    }
}

/// What Resona reads in one message.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TextReading {
    /// Emotion distribution of the message.
    pub scores: EmotionScores,
    /// VADER sentiment before sarcasm.
    pub sentiment: Sentiment,
    /// The sentiment to use: compound after the sarcasm adjustment.
    pub adjusted_compound: f64,
    /// A sarcasm cue was found.
    pub sarcasm: bool,
    /// Risk level.
    pub risk_level: RiskLevel,
    /// Risk score in [0, 1].
    pub risk_score: f32,
    /// Show crisis resources now.
    pub crisis: bool,
    /// Risk keywords ("give up", "nimechoka").
    pub keywords: Vec<String>,
    /// Share of Swahili words, [0, 1].
    pub swahili_ratio: f64,
    /// The full result in Resona's shared schema (the same JSON as Python's dict and the JS
    /// object): stressors, spans, language tokens, deflections, risk matches.
    pub json: String,
}

/// One redacted item; offsets in UTF-16 units.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RedactedItem {
    /// `email`, `phone`, `url`, `id` or `name`.
    pub kind: String,
    /// Start in the original text.
    pub start: u64,
    /// End in the original text.
    pub end: u64,
    /// The placeholder put in its place, e.g. `[EMAIL]`.
    pub replacement: String,
}

/// A message with its personal data replaced.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Redaction {
    /// The redacted text.
    pub text: String,
    /// What was replaced, in text order.
    pub items: Vec<RedactedItem>,
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Every text component of Resona; thread-safe, build once.
#[derive(Debug, uniffi::Object)]
pub struct TextAnalyzer {
    analyzer: CoreAnalyzer,
    sentiment: SentimentAnalyzer,
    redactor: PiiRedactor,
}

#[uniffi::export]
impl TextAnalyzer {
    /// Builds the analyzer; `swahili` adds the Swahili sentiment lexicon to VADER's.
    #[uniffi::constructor]
    pub fn new(swahili: bool) -> Result<Arc<Self>, ResonaError> {
        let sentiment_config = SentimentConfig::default().with_swahili(swahili);
        let config = TextConfig::default().with_sentiment(sentiment_config.clone());
        Ok(Arc::new(Self {
            analyzer: CoreAnalyzer::new(config)?,
            sentiment: SentimentAnalyzer::new(sentiment_config)?,
            redactor: PiiRedactor::new(PiiConfig::default())?,
        }))
    }

    /// VADER-compatible sentiment of a message.
    pub fn sentiment(&self, text: String) -> Result<Sentiment, ResonaError> {
        Ok(self.sentiment.analyze(&text)?.into())
    }

    /// Full analysis of a message.
    pub fn analyze(&self, text: String) -> Result<TextReading, ResonaError> {
        self.reading(&text)
    }

    /// Full analysis of UTF-8 bytes (invalid UTF-8 is `ResonaException.Input`, code
    /// `invalid_utf8`).
    pub fn analyze_bytes(&self, bytes: Vec<u8>) -> Result<TextReading, ResonaError> {
        self.reading(resona::InputError::check_utf8(&bytes)?)
    }

    /// Full analysis of each message.
    pub fn analyze_batch(&self, texts: Vec<String>) -> Result<Vec<TextReading>, ResonaError> {
        texts.iter().map(|t| self.reading(t)).collect()
    }

    /// Emails, phone numbers, URLs, long ids and cued names replaced by typed placeholders.
    pub fn redact_pii(&self, text: String) -> Result<Redaction, ResonaError> {
        let mut r = self.redactor.redact(&text)?;
        r.convert_spans(&text, SpanUnit::Utf16Units);
        let items = r
            .items
            .iter()
            .map(|i| RedactedItem {
                kind: name(&i.kind),
                start: i.span_in_original.start as u64,
                end: i.span_in_original.end as u64,
                replacement: i.replacement.clone(),
            })
            .collect();
        Ok(Redaction { text: r.text, items })
    }
}

impl TextAnalyzer {
    fn reading(&self, text: &str) -> Result<TextReading, ResonaError> {
        Ok(text_reading(self.analyzer.analyze(text)?, text))
    }
}

/// A text analysis (spans in bytes) as the typed record, spans converted to UTF-16.
pub(crate) fn text_reading(mut a: resona::text::TextAnalysis, text: &str) -> TextReading {
    a.convert_spans(text, SpanUnit::Utf16Units);
    TextReading {
        scores: a.emotion.into(),
        sentiment: a.sentiment.into(),
        adjusted_compound: a.sarcasm.adjusted_compound,
        sarcasm: a.sarcasm.detected,
        risk_level: a.risk.level.into(),
        risk_score: a.risk.score,
        crisis: a.risk.crisis,
        keywords: a.keywords.clone(),
        swahili_ratio: a.code_switch.swahili_ratio,
        json: json(&a),
    }
}
