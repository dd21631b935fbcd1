//! Re-expressing spans for the host language.
//!
//! Resona's Rust API gives every span as UTF-8 byte offsets (what `&text[a..b]` needs).
//! Python strings index by code point and JavaScript/Kotlin strings by UTF-16 code unit, so a
//! byte offset would slice the wrong characters there as soon as a message holds an emoji or
//! an accented letter. The bindings call [`TextAnalysis::convert_spans`] or
//! [`Redacted::convert_spans`] once, so every surface hands out offsets its own string type
//! can slice with, and the conversion lives here, once, with its tests.

use crate::TextAnalysis;
use crate::cues::Span;
use crate::cues::pii::Redacted;

/// The unit a span's offsets count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SpanUnit {
    /// UTF-8 bytes (Rust `str`, the default).
    #[default]
    Utf8Bytes,
    /// Unicode scalar values (Python `str`).
    CodePoints,
    /// UTF-16 code units (JavaScript, Kotlin/Java and Swift `NSString`).
    Utf16Units,
}

/// Maps byte offsets of one text to another unit. Offsets that are not on a char boundary
/// (which Resona never produces) map to the start of the char that holds them.
#[derive(Debug)]
struct OffsetMap {
    /// `(byte offset, converted offset)` of every char start, plus the end of the text.
    table: Vec<(usize, usize)>,
}

impl OffsetMap {
    fn new(text: &str, unit: SpanUnit) -> Self {
        let mut table = Vec::with_capacity(text.len() + 1);
        let mut converted = 0;
        for (byte, ch) in text.char_indices() {
            table.push((byte, converted));
            converted += match unit {
                SpanUnit::Utf8Bytes => ch.len_utf8(),
                SpanUnit::CodePoints => 1,
                SpanUnit::Utf16Units => ch.len_utf16(),
            };
        }
        table.push((text.len(), converted));
        Self { table }
    }

    fn map(&self, byte: usize) -> usize {
        match self.table.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.table[i].1,
            // Between char starts (not produced by Resona) or past the end: clamp down.
            Err(i) => self.table[i.saturating_sub(1)].1,
        }
    }

    fn span(&self, span: &mut Span) {
        span.start = self.map(span.start);
        span.end = self.map(span.end);
    }
}

impl TextAnalysis {
    /// Re-expresses every span (risk matches, stressors, sarcasm cues, language tokens,
    /// switch points and deflections) from UTF-8 bytes into `unit`. `text` must be the text
    /// this analysis was made from. Call it once: the spans are assumed to be in bytes.
    pub fn convert_spans(&mut self, text: &str, unit: SpanUnit) {
        if unit == SpanUnit::Utf8Bytes {
            return;
        }
        let map = OffsetMap::new(text, unit);
        for m in &mut self.risk.matches {
            m.span = (map.map(m.span.0), map.map(m.span.1));
        }
        for s in &mut self.stressors {
            map.span(&mut s.span);
        }
        for c in &mut self.sarcasm.cues {
            map.span(&mut c.span);
        }
        for t in &mut self.code_switch.tokens {
            map.span(&mut t.span);
        }
        for p in &mut self.code_switch.switch_points {
            p.offset = map.map(p.offset);
        }
        for d in &mut self.code_switch.deflections {
            map.span(&mut d.span);
        }
    }
}

impl Redacted {
    /// Re-expresses every redaction's spans from UTF-8 bytes into `unit`. `original` must be
    /// the text that was redacted; spans in the redacted text are converted against
    /// [`Redacted::text`].
    pub fn convert_spans(&mut self, original: &str, unit: SpanUnit) {
        if unit == SpanUnit::Utf8Bytes {
            return;
        }
        let in_original = OffsetMap::new(original, unit);
        let in_redacted = OffsetMap::new(&self.text, unit);
        for item in &mut self.items {
            in_original.span(&mut item.span_in_original);
            in_redacted.span(&mut item.span_in_redacted);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextAnalyzer;
    use crate::cues::pii::{PiiConfig, PiiRedactor};

    fn slice_code_points(text: &str, a: usize, b: usize) -> String {
        text.chars().skip(a).take(b - a).collect()
    }

    fn slice_utf16(text: &str, a: usize, b: usize) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16_lossy(&units[a..b])
    }

    #[test]
    fn converted_spans_slice_the_same_words_in_every_unit() {
        let text = "😩 Nimechoka na kazi 💼, I want to give up. Sawa tu, café été.";
        let analyzer = TextAnalyzer::new(crate::TextConfig::default()).unwrap();
        let bytes = analyzer.analyze(text).unwrap();
        assert!(!bytes.risk.matches.is_empty() && !bytes.code_switch.tokens.is_empty());
        let words: Vec<String> = bytes.code_switch.tokens.iter().map(|t| text[t.span.range()].to_owned()).collect();
        let risk: Vec<String> = bytes.risk.matches.iter().map(|m| text[m.span.0..m.span.1].to_owned()).collect();

        let mut cp = bytes.clone();
        cp.convert_spans(text, SpanUnit::CodePoints);
        let mut u16 = bytes.clone();
        u16.convert_spans(text, SpanUnit::Utf16Units);
        for (i, w) in words.iter().enumerate() {
            let s = cp.code_switch.tokens[i].span;
            assert_eq!(&slice_code_points(text, s.start, s.end), w);
            let s = u16.code_switch.tokens[i].span;
            assert_eq!(&slice_utf16(text, s.start, s.end), w);
        }
        for (i, r) in risk.iter().enumerate() {
            let (a, b) = cp.risk.matches[i].span;
            assert_eq!(&slice_code_points(text, a, b), r);
            let (a, b) = u16.risk.matches[i].span;
            assert_eq!(&slice_utf16(text, a, b), r);
        }
        // The emoji is one code point but two UTF-16 units, so later offsets differ by one.
        let last_cp = cp.code_switch.tokens.last().unwrap().span;
        let last_u16 = u16.code_switch.tokens.last().unwrap().span;
        assert_eq!(last_u16.start, last_cp.start + 2, "two astral emoji before the last word");
    }

    #[test]
    fn redaction_spans_convert_in_both_texts() {
        let text = "Écris-moi 📧 at jane.doe@example.com or +254 712 345 678";
        let redactor = PiiRedactor::new(PiiConfig::default()).unwrap();
        let bytes = redactor.redact(text).unwrap();
        assert_eq!(bytes.items.len(), 2);
        let mut cp = bytes.clone();
        cp.convert_spans(text, SpanUnit::CodePoints);
        for (b, c) in bytes.items.iter().zip(&cp.items) {
            let s = c.span_in_original;
            assert_eq!(slice_code_points(text, s.start, s.end), text[b.span_in_original.range()]);
            let s = c.span_in_redacted;
            assert_eq!(slice_code_points(&cp.text, s.start, s.end), c.replacement);
        }
    }

    #[test]
    fn bytes_unit_is_the_identity_and_offsets_off_boundaries_clamp() {
        let map = OffsetMap::new("aé😀", SpanUnit::Utf16Units);
        assert_eq!([0, 1, 3, 7].map(|b| map.map(b)), [0, 1, 2, 4]);
        assert_eq!(map.map(2), 1, "inside é clamps to its start");
        assert_eq!(map.map(99), 4, "past the end clamps to the end");
    }
}
