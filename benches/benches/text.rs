//! Text analysis of chat messages: the full `TextAnalyzer::analyze` on typical English,
//! Swahili and code-switched messages (the goal is under 50 µs each on the lexicon
//! path), each component alone, and PII redaction.
//!
//! `cargo bench -p resona-benches --bench text`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use resona_text::cues::codeswitch::{CodeSwitchConfig, CodeSwitchDetector};
use resona_text::cues::pii::{PiiConfig, PiiRedactor};
use resona_text::cues::sarcasm::{SarcasmConfig, SarcasmDetector};
use resona_text::cues::stressors::{StressorConfig, StressorDetector};
use resona_text::emotion::{EmotionClassifier, EmotionConfig};
use resona_text::risk::{RiskConfig, RiskDetector};
use resona_text::sentiment::{SentimentAnalyzer, SentimentConfig, SentimentScratch};
use resona_text::{EmotionModel, TextAnalyzer, TextConfig};
use std::hint::black_box;

/// Typical chat messages, by name: English, Swahili, code-switched, and a longer one.
const MESSAGES: &[(&str, &str)] = &[
    ("english", "Oh great, another meeting. My boss yelled again and I'm so tired of this job"),
    ("swahili", "leo nimechoka sana, kazi imenishinda na sina pesa ya kodi"),
    ("code_switched", "Niko sawa, it's nothing, ni stress tu ya exams lakini I'll be fine"),
    ("crisis", "nimechoka na maisha, sitaki kuishi tena. I can't go on"),
    (
        "long_english",
        "Honestly the week was rough: the deadline moved up, my mum is in hospital again, rent is \
         due on Friday and I haven't slept properly in days. Thanks for asking though, I'm fine, \
         really, it's nothing I can't handle. Let's talk on the weekend?",
    ),
];

const PII: &str = "Hi, my name is Wanjiru Kamau, call me on +254 712 345 678 or mail \
                   wanjiru.k@example.co.ke; my ID is 12345678, see https://example.org/profile";

fn full(c: &mut Criterion) {
    let analyzer = TextAnalyzer::new(TextConfig::default()).unwrap();
    let mut group = c.benchmark_group("text/analyze");
    group.throughput(Throughput::Elements(1));
    for &(name, text) in MESSAGES {
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| analyzer.analyze(black_box(text)).unwrap());
        });
    }
    let batch: Vec<&str> = MESSAGES.iter().map(|&(_, t)| t).collect();
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.bench_with_input("batch", &batch, |b, batch| {
        b.iter(|| analyzer.analyze_batch(black_box(batch)).unwrap());
    });
    group.finish();
}

fn components(c: &mut Criterion) {
    let sentiment = SentimentAnalyzer::new(SentimentConfig::default()).unwrap();
    let emotion = EmotionClassifier::new(EmotionConfig::default()).unwrap();
    let risk = RiskDetector::new(RiskConfig::default()).unwrap();
    let sarcasm = SarcasmDetector::new(SarcasmConfig::default()).unwrap();
    let stressors = StressorDetector::new(StressorConfig::default()).unwrap();
    let code_switch = CodeSwitchDetector::new(CodeSwitchConfig::default()).unwrap();
    let mut scratch = SentimentScratch::new();
    let mut group = c.benchmark_group("text/component");
    group.throughput(Throughput::Elements(1));
    for &(name, text) in MESSAGES {
        let compound = sentiment.analyze(text).unwrap().compound;
        group.bench_with_input(BenchmarkId::new("sentiment", name), text, |b, text| {
            b.iter(|| sentiment.analyze_with(black_box(text), &mut scratch).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("emotion", name), text, |b, text| {
            b.iter(|| emotion.classify(black_box(text)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("risk", name), text, |b, text| {
            b.iter(|| risk.assess(black_box(text)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("sarcasm", name), text, |b, text| {
            b.iter(|| sarcasm.detect_with_compound(black_box(text), black_box(compound)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("stressors", name), text, |b, text| {
            b.iter(|| stressors.detect(black_box(text)).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("code_switch", name), text, |b, text| {
            b.iter(|| code_switch.analyze(black_box(text)).unwrap());
        });
    }
    group.finish();
}

fn redaction(c: &mut Criterion) {
    let redactor = PiiRedactor::new(PiiConfig::default()).unwrap();
    let mut group = c.benchmark_group("text/redact_pii");
    group.throughput(Throughput::Elements(1));
    group.bench_with_input("with_pii", PII, |b, text| b.iter(|| redactor.redact(black_box(text)).unwrap()));
    let (_, plain) = MESSAGES[4];
    group.bench_with_input("without_pii", plain, |b, text| b.iter(|| redactor.redact(black_box(text)).unwrap()));
    group.finish();
}

/// The full analysis with the bundled MiniLM emotion model instead of the n-gram one, per
/// backend (the seeds ask for under 50 ms per message).
fn minilm(c: &mut Criterion) {
    let mut group = c.benchmark_group("text/analyze_minilm");
    group.throughput(Throughput::Elements(1));
    for backend in resona_benches::backends() {
        let config = TextConfig::default().with_emotion_model(EmotionModel::MiniLm).with_backend(backend);
        let analyzer = TextAnalyzer::new(config).unwrap();
        for &(name, text) in MESSAGES {
            group.bench_with_input(BenchmarkId::new(backend.as_str(), name), text, |b, text| {
                b.iter(|| analyzer.analyze(black_box(text)).unwrap());
            });
        }
    }
    group.finish();
}

criterion_group!(benches, full, components, redaction, minilm);
criterion_main!(benches);
