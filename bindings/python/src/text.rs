//! `TextAnalyzer`: sentiment, emotion, risk and cues of chat messages, as dicts.
//!
//! Spans are converted to code-point offsets, so `text[start:end]` slices the matched words.

use crate::dicts::to_py;
use crate::errors::IntoPyResult;
use pyo3::prelude::*;
use resona::text::cues::pii::{PiiConfig, PiiRedactor};
use resona::text::sentiment::{SentimentAnalyzer, SentimentConfig};
use resona::text::{SpanUnit, TextAnalyzer as Analyzer, TextConfig};

/// A message as `str`, or as `bytes` that must be valid UTF-8 (checked, typed error).
#[derive(FromPyObject)]
pub(crate) enum Message {
    Str(String),
    Bytes(Vec<u8>),
}

impl Message {
    fn text(&self) -> resona::Result<&str> {
        match self {
            Self::Str(s) => Ok(s),
            Self::Bytes(b) => Ok(resona::InputError::check_utf8(b)?),
        }
    }
}

/// Runs every text component of Resona on chat messages. Thread-safe; build it once.
#[pyclass(module = "resona._resona", name = "TextAnalyzer", frozen)]
pub(crate) struct TextAnalyzer {
    analyzer: Analyzer,
    sentiment: SentimentAnalyzer,
    redactor: PiiRedactor,
}

#[pymethods]
impl TextAnalyzer {
    /// Builds the analyzer with the bundled lexicons and emotion model; `swahili` adds the
    /// Swahili sentiment lexicon to VADER's.
    #[new]
    #[pyo3(signature = (*, swahili = true))]
    fn new(py: Python<'_>, swahili: bool) -> PyResult<Self> {
        let sentiment_config = SentimentConfig::default().with_swahili(swahili);
        let config = TextConfig::default().with_sentiment(sentiment_config.clone());
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
        let all =
            py.detach(|| texts.iter().map(|t| self.sentiment.analyze(t)).collect::<resona::Result<Vec<_>>>()).py(py)?;
        to_py(py, &all)
    }

    /// Compound sentiment of each message as a list of floats: the fastest path for bulk
    /// scoring.
    fn compound_batch(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<f64>> {
        py.detach(|| {
            texts.iter().map(|t| self.sentiment.analyze(t).map(|s| s.compound)).collect::<resona::Result<Vec<_>>>()
        })
        .py(py)
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
    fn analyze_one(&self, text: &str) -> resona::Result<resona::text::TextAnalysis> {
        let mut analysis = self.analyzer.analyze(text)?;
        analysis.convert_spans(text, SpanUnit::CodePoints);
        Ok(analysis)
    }
}
