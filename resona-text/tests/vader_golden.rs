//! Parity with vaderSentiment 3.3.2 on the golden sentences of `tests/data/vader_golden.json`,
//! written by `scripts/make_vader_golden.py` (see its docstring for the pinned versions).
//!
//! Also, when the script has been run with `--goemotions`, on the GoEmotions lines it scored
//! into `target/vader-goemotions.json` (kept out of the repository with the data set).

// The helpers below sit outside `#[test]` functions, where clippy's test exemptions stop.
#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a test binary: a panic is a failed test, and the printed figures are its report"
)]

use resona_text::sentiment::{Sentiment, SentimentAnalyzer, SentimentConfig, SentimentScratch};
use serde_json::Value;
use std::path::Path;

/// Largest difference allowed between the port's scores and VADER's, per score. VADER rounds
/// to 3 and 4 decimals; the port rounds the same way, so in practice the scores are equal.
const TOLERANCE: f64 = 1e-4;

struct Case {
    text: String,
    expected: [f64; 4],
}

fn cases(json: &str) -> Vec<Case> {
    let doc: Value = serde_json::from_str(json).unwrap();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            text: c["text"].as_str().unwrap().to_owned(),
            expected: ["neg", "neu", "pos", "compound"].map(|k| c[k].as_f64().unwrap()),
        })
        .collect()
}

fn scores(s: Sentiment) -> [f64; 4] {
    [s.negative, s.neutral, s.positive, s.compound]
}

/// Compares every case; returns the largest absolute difference and the failures.
fn compare(analyzer: &SentimentAnalyzer, cases: &[Case]) -> (f64, Vec<String>) {
    let mut scratch = SentimentScratch::new();
    let mut max_diff = 0.0f64;
    let mut failures = Vec::new();
    for case in cases {
        let got = scores(analyzer.analyze_with(&case.text, &mut scratch).unwrap());
        let diff = got.iter().zip(&case.expected).map(|(g, e)| (g - e).abs()).fold(0.0, f64::max);
        max_diff = max_diff.max(diff);
        if diff > TOLERANCE {
            failures.push(format!("{:?}: got {got:?}, VADER {:?}", case.text, case.expected));
        }
    }
    (max_diff, failures)
}

fn assert_parity(label: &str, cases: &[Case]) {
    for swahili in [false, true] {
        let analyzer = SentimentAnalyzer::new(SentimentConfig::default().with_swahili(swahili)).unwrap();
        let (max_diff, failures) = compare(&analyzer, cases);
        println!("{label}, swahili={swahili}: {} cases, max abs diff {max_diff:e}", cases.len());
        assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
    }
}

#[test]
fn golden_sentences_match_vader() {
    let cases = cases(include_str!("data/vader_golden.json"));
    assert!(cases.len() >= 150, "the golden set has {} sentences", cases.len());
    // No golden sentence has a Swahili match, so the default configuration must agree too.
    assert_parity("golden", &cases);
}

#[test]
fn goemotions_lines_match_vader_when_scored() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/vader-goemotions.json");
    let Ok(json) = std::fs::read_to_string(&path) else {
        println!(
            "skipped: {} is absent; run scripts/make_vader_golden.py --goemotions <dev.tsv> to create it",
            path.display()
        );
        return;
    };
    let cases = cases(&json);
    let analyzer = SentimentAnalyzer::new(SentimentConfig::default().with_swahili(false)).unwrap();
    let (max_diff, failures) = compare(&analyzer, &cases);
    println!("GoEmotions, VADER only: {} lines, max abs diff {max_diff:e}", cases.len());
    assert!(failures.is_empty(), "{} of {} lines differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
    // With Swahili on, only lines with a Swahili word may change; report how many did.
    let default = SentimentAnalyzer::new(SentimentConfig::default()).unwrap();
    let changed = compare(&default, &cases).1;
    println!("GoEmotions, default config: {} of {} lines differ from VADER", changed.len(), cases.len());
    for line in &changed {
        println!("  {line}");
    }
}
