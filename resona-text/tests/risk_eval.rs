//! Recall and false-positive rate of the risk detector on the project's labelled evaluation
//! set, `tests/data/risk_eval.tsv` (composition and method in `tests/data/RISK_EVAL.md`).
//!
//! - Recall: the share of `severe` and `moderate` lines predicted at least moderate (or with
//!   the crisis flag).
//! - False-positive rate: the share of `none` lines predicted at least moderate.
//!
//! The goal is recall >= 0.95 with FPR <= 0.05; every `severe` line must also raise
//! the crisis flag. `mild` lines count in neither number but are printed in the confusion
//! matrix.

use resona_text::risk::{RiskConfig, RiskDetector, RiskLevel};

const EVAL: &str = include_str!("data/risk_eval.tsv");
const MIN_RECALL: f64 = 0.95;
const MAX_FPR: f64 = 0.05;

struct Line<'a> {
    label: RiskLevel,
    language: &'a str,
    text: &'a str,
}

fn lines() -> Vec<Line<'static>> {
    EVAL.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let parts: Vec<&str> = l.splitn(3, '\t').collect();
            let [label, language, text] = parts[..] else { panic!("a line needs three tab-separated fields: {l:?}") };
            let label = match label {
                "none" => RiskLevel::Normal,
                other => other.parse().unwrap_or_else(|_| panic!("bad label in {l:?}")),
            };
            assert!(["en", "sw", "mixed"].contains(&language), "bad language in {l:?}");
            Line { label, language, text }
        })
        .collect()
}

#[test]
fn risk_eval_recall_and_false_positive_rate() {
    let detector = RiskDetector::new(RiskConfig::default()).unwrap();
    let lines = lines();
    assert!(lines.len() >= 300, "the set must hold at least 300 lines");

    let (mut positives, mut hits, mut negatives, mut false_positives) = (0, 0, 0, 0);
    let mut confusion = [[0usize; 4]; 4];
    let mut misses = Vec::new();
    let mut severe_without_crisis = Vec::new();
    for line in &lines {
        let a = detector.assess(line.text).unwrap();
        confusion[line.label as usize][a.level as usize] += 1;
        let flagged = a.level >= RiskLevel::Moderate || a.crisis;
        match line.label {
            RiskLevel::Severe | RiskLevel::Moderate => {
                positives += 1;
                if flagged {
                    hits += 1;
                } else {
                    misses.push(format!("{} [{}] {:?} -> {}", line.label, line.language, line.text, a.level));
                }
                if line.label == RiskLevel::Severe && !a.crisis {
                    severe_without_crisis.push(line.text);
                }
            }
            RiskLevel::Normal => {
                negatives += 1;
                if a.level >= RiskLevel::Moderate {
                    false_positives += 1;
                    misses.push(format!("none [{}] {:?} -> {}", line.language, line.text, a.level));
                }
            }
            _ => {}
        }
    }
    let recall = hits as f64 / positives as f64;
    let fpr = false_positives as f64 / negatives as f64;

    println!("risk eval: {} lines", lines.len());
    println!("recall (severe+moderate flagged >= moderate or crisis): {hits}/{positives} = {recall:.4}");
    println!("false-positive rate (none predicted >= moderate): {false_positives}/{negatives} = {fpr:.4}");
    println!("confusion (rows = label, columns = predicted normal/mild/moderate/severe):");
    for level in RiskLevel::ALL {
        println!("  {:>8}: {:?}", level.as_str(), confusion[*level as usize]);
    }
    for m in &misses {
        println!("  error: {m}");
    }

    assert!(recall >= MIN_RECALL, "recall {recall:.4} < {MIN_RECALL}");
    assert!(fpr <= MAX_FPR, "false-positive rate {fpr:.4} > {MAX_FPR}");
    assert!(severe_without_crisis.is_empty(), "severe lines without the crisis flag: {severe_without_crisis:?}");
}
