//! `TextAnalyzer`: sentiment, emotion, risk and cues of chat messages, as plain objects.
//!
//! Spans are UTF-16 offsets, so `text.slice(start, end)` gives the matched words.

use crate::error::js;
use crate::plain::to_js;
use js_sys::Uint8Array;
use resona::text::cues::pii::{PiiConfig, PiiRedactor};
use resona::text::sentiment::{SentimentAnalyzer, SentimentConfig};
use resona::text::{SpanUnit, TextAnalyzer as Analyzer, TextConfig};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Every text component of Resona. Build it once (the emotion model loads in ~50 ms).
#[wasm_bindgen]
#[derive(Debug)]
pub struct TextAnalyzer {
    analyzer: Analyzer,
    sentiment: SentimentAnalyzer,
    redactor: PiiRedactor,
}

/// A `string`, or UTF-8 bytes (`Uint8Array`) that are checked (typed error when invalid).
pub(crate) fn message(text: &JsValue) -> Result<String, JsValue> {
    if let Some(s) = text.as_string() {
        return Ok(s);
    }
    if let Some(bytes) = text.dyn_ref::<Uint8Array>() {
        return resona::InputError::check_utf8(&bytes.to_vec()).map(str::to_owned).map_err(js);
    }
    Err(js_sys::TypeError::new("text must be a string or a Uint8Array of UTF-8").into())
}

fn strings(texts: &js_sys::Array) -> Result<Vec<String>, JsValue> {
    texts.iter().map(|t| message(&t)).collect()
}

#[wasm_bindgen]
impl TextAnalyzer {
    /// Builds the analyzer; `swahili` (default true) adds the Swahili sentiment lexicon.
    #[wasm_bindgen(constructor)]
    pub fn new(swahili: Option<bool>) -> Result<TextAnalyzer, JsValue> {
        let sentiment_config = SentimentConfig::default().with_swahili(swahili.unwrap_or(true));
        let config = TextConfig::default().with_sentiment(sentiment_config.clone());
        Ok(Self {
            analyzer: Analyzer::new(config).map_err(js)?,
            sentiment: SentimentAnalyzer::new(sentiment_config).map_err(js)?,
            redactor: PiiRedactor::new(PiiConfig::default()).map_err(js)?,
        })
    }

    /// Everything Resona reads in one message: emotion, label, confidence, sentiment,
    /// sarcasm, risk, keywords, stressors, code_switch.
    pub fn analyze(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = message(&text)?;
        to_js(&self.analyze_one(&text).map_err(js)?)
    }

    /// `analyze` of each message.
    #[wasm_bindgen(js_name = analyzeBatch)]
    pub fn analyze_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] texts: js_sys::Array,
    ) -> Result<JsValue, JsValue> {
        let all =
            strings(&texts)?.iter().map(|t| self.analyze_one(t)).collect::<resona::Result<Vec<_>>>().map_err(js)?;
        to_js(&all)
    }

    /// VADER-compatible `{neg, neu, pos, compound}`.
    pub fn sentiment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.sentiment.analyze(&message(&text)?).map_err(js)?)
    }

    /// PII replaced by typed placeholders: `{text, items}`.
    #[wasm_bindgen(js_name = redactPii)]
    pub fn redact_pii(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = message(&text)?;
        let mut redacted = self.redactor.redact(&text).map_err(js)?;
        redacted.convert_spans(&text, SpanUnit::Utf16Units);
        to_js(&redacted)
    }
}

impl TextAnalyzer {
    fn analyze_one(&self, text: &str) -> resona::Result<resona::text::TextAnalysis> {
        let mut analysis = self.analyzer.analyze(text)?;
        analysis.convert_spans(text, SpanUnit::Utf16Units);
        Ok(analysis)
    }
}
