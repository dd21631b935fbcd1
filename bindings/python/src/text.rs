//! `TextAnalyzer`: sentiment, emotion, risk and cues of chat messages, as dicts.
//!
//! Spans are converted to code-point offsets, so `text[start:end]` slices the matched words.

use crate::dicts::to_py;
use crate::errors::IntoPyResult;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList};
use resona::text::cues::pii::{PiiConfig, PiiRedactor};
use resona::text::sentiment::{Sentiment, SentimentAnalyzer, SentimentConfig, SentimentScratch};
use resona::text::{SpanUnit, TextAnalyzer as Analyzer, TextConfig};

/// A message as `str`, or as `bytes` that must be valid UTF-8 (checked, typed error).
#[derive(FromPyObject)]
pub(crate) enum Message {
    Str(String),
    Bytes(Vec<u8>),
}

impl Message {
    pub(crate) fn text(&self) -> resona::Result<&str> {
        match self {
            Self::Str(s) => Ok(s),
            Self::Bytes(b) => Ok(resona::InputError::check_utf8(b)?),
        }
    }
}

/// Runs every text component of Resona on chat messages. Thread-safe; build it once.
#[pyclass(module = "resona._resona", name = "TextAnalyzer", frozen, subclass)]
pub(crate) struct TextAnalyzer {
    analyzer: Analyzer,
    sentiment: SentimentAnalyzer,
    redactor: PiiRedactor,
}

#[pymethods]
impl TextAnalyzer {
    /// Builds the analyzer with the bundled lexicons and emotion model; `swahili` adds the
    /// Swahili sentiment lexicon to VADER's; `emotion_model` is "ngram" (fast) or "minilm"
    /// (fine-tuned MiniLM, more accurate), run on `backend` ("tract" or "onnxruntime").
    #[new]
    #[pyo3(signature = (*, swahili = true, emotion_model = "ngram", backend = "tract"))]
    fn new(py: Python<'_>, swahili: bool, emotion_model: &str, backend: &str) -> PyResult<Self> {
        let emotion_model: resona::text::EmotionModel = emotion_model.parse().py(py)?;
        let backend: resona::Backend = backend.parse().py(py)?;
        let sentiment_config = SentimentConfig::default().with_swahili(swahili);
        let config = TextConfig::default()
            .with_sentiment(sentiment_config.clone())
            .with_emotion_model(emotion_model)
            .with_backend(backend);
        let built = py.detach(|| -> resona::Result<_> {
            Ok((
                Analyzer::new(config)?,
                SentimentAnalyzer::new(sentiment_config)?,
                PiiRedactor::new(PiiConfig::default())?,
            ))
        });
        let (analyzer, sentiment, redactor) = built.py(py)?;
        Ok(Self { analyzer, sentiment, redactor })
    }

    /// Full analysis of one message (a dict; see `resona.text.analyze`).
    fn analyze(&self, py: Python<'_>, text: Message) -> PyResult<Py<PyAny>> {
        let analysis = py.detach(|| self.analyze_one(text.text()?)).py(py)?;
        to_py(py, &analysis)
    }

    /// Full analysis of each message; the work runs without the GIL.
    fn analyze_batch(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Py<PyAny>> {
        let analyses =
            py.detach(|| texts.iter().map(|t| self.analyze_one(t)).collect::<resona::Result<Vec<_>>>()).py(py)?;
        to_py(py, &analyses)
    }

    /// VADER-compatible sentiment: a dict with neg, neu, pos and compound.
    fn sentiment(&self, py: Python<'_>, text: Message) -> PyResult<Py<PyAny>> {
        let s = py.detach(|| self.sentiment.analyze(text.text()?)).py(py)?;
        to_py(py, &s)
    }

    /// Sentiment of each message; the work runs without the GIL.
    fn sentiment_batch(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Py<PyAny>> {
        let all = py.detach(|| self.sentiment_all(&texts, |s| s)).py(py)?;
        // Built directly with interned keys: the serde route costs more than the scoring.
        let keys = (intern!(py, "neg"), intern!(py, "neu"), intern!(py, "pos"), intern!(py, "compound"));
        // The three proportions are rounded to 3 decimals, so they take one of 1001 values:
        // share those float objects instead of allocating three per message.
        let thousandths: Vec<Bound<'_, PyFloat>> = if all.len() > 100 {
            (0..=1000).map(|k| PyFloat::new(py, f64::from(k) / 1000.0)).collect()
        } else {
            Vec::new()
        };
        let share = |v: f64| -> Bound<'_, PyFloat> {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let k = (v * 1000.0).round() as usize;
            match thousandths.get(k) {
                Some(f) if f.value().to_bits() == v.to_bits() => f.clone(),
                _ => PyFloat::new(py, v),
            }
        };
        let list = PyList::empty(py);
        for s in &all {
            let d = PyDict::new(py);
            d.set_item(keys.0, share(s.negative))?;
            d.set_item(keys.1, share(s.neutral))?;
            d.set_item(keys.2, share(s.positive))?;
            d.set_item(keys.3, s.compound)?;
            list.append(d)?;
        }
        Ok(list.into_any().unbind())
    }

    /// Compound sentiment of each message as a list of floats: the fastest path for bulk
    /// scoring.
    fn compound_batch(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<f64>> {
        py.detach(|| self.sentiment_all(&texts, |s| s.compound)).py(py)
    }

    /// PII replaced by typed placeholders: a dict with the redacted `text` and `items`.
    fn redact_pii(&self, py: Python<'_>, text: Message) -> PyResult<Py<PyAny>> {
        let redacted = py
            .detach(|| {
                let text = text.text()?;
                self.redactor.redact(text).map(|mut r| {
                    r.convert_spans(text, SpanUnit::CodePoints);
                    r
                })
            })
            .py(py)?;
        to_py(py, &redacted)
    }
}

impl TextAnalyzer {
    /// Sentiment of every text with one scratch buffer, mapped by `f`.
    fn sentiment_all<T>(&self, texts: &[String], f: impl Fn(Sentiment) -> T) -> resona::Result<Vec<T>> {
        let mut scratch = SentimentScratch::default();
        texts.iter().map(|t| self.sentiment.analyze_with(t, &mut scratch).map(&f)).collect()
    }

    fn analyze_one(&self, text: &str) -> resona::Result<resona::text::TextAnalysis> {
        let mut analysis = self.analyzer.analyze(text)?;
        analysis.convert_spans(text, SpanUnit::CodePoints);
        Ok(analysis)
    }
}
