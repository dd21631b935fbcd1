//! Arbitrary bytes into the text pipeline: invalid UTF-8 is a typed error; valid text is
//! analysed and redacted without panics, with spans on char boundaries and the compound in
//! [-1, 1].
#![no_main]

use libfuzzer_sys::fuzz_target;
use resona_core::{Error, InputError};
use resona_text::cues::Span;
use resona_text::cues::pii::{PiiConfig, PiiRedactor};
use resona_text::{TextAnalyzer, TextConfig};
use std::sync::OnceLock;

fn analyzer() -> &'static (TextAnalyzer, PiiRedactor) {
    static PLAN: OnceLock<(TextAnalyzer, PiiRedactor)> = OnceLock::new();
    PLAN.get_or_init(|| {
        (
            TextAnalyzer::new(TextConfig::default()).expect("default text config is valid"),
            PiiRedactor::new(PiiConfig::default()).expect("default PII config is valid"),
        )
    })
}

fn check_span(text: &str, span: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?} in {} bytes", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?} in {text:?}");
}

fuzz_target!(|bytes: &[u8]| {
    let (analyzer, redactor) = analyzer();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let err = analyzer.analyze_bytes(bytes).expect_err("invalid UTF-8 must be rejected");
            assert_eq!(err, Error::Input(InputError::InvalidUtf8 { valid_up_to: e.valid_up_to() }));
            return;
        }
    };
    let a = analyzer.analyze(text).expect("within the default limits");
    assert_eq!(analyzer.analyze_bytes(bytes).as_ref(), Ok(&a));
    assert!((-1.0..=1.0).contains(&a.sentiment.compound), "{:?}", a.sentiment);
    assert!((-1.0..=1.0).contains(&a.sarcasm.adjusted_compound), "{:?}", a.sarcasm);
    assert!((0.0..=1.0).contains(&a.risk.score));
    for m in &a.risk.matches {
        check_span(text, Span::new(m.span.0, m.span.1));
    }
    a.sarcasm.cues.iter().for_each(|c| check_span(text, c.span));
    a.stressors.iter().for_each(|s| check_span(text, s.span));
    a.code_switch.tokens.iter().for_each(|t| check_span(text, t.span));
    a.code_switch.deflections.iter().for_each(|d| check_span(text, d.span));

    let r = redactor.redact(text).expect("within the default limits");
    for item in &r.items {
        check_span(text, item.span_in_original);
        check_span(&r.text, item.span_in_redacted);
        assert_eq!(&r.text[item.span_in_redacted.range()], item.replacement);
    }
});
