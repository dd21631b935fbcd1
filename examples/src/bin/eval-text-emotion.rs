//! Scores the text emotion models on GoEmotions-Ekman dev, through `TextAnalyzer` as a host
//! calls it.
//!
//! ```text
//! cargo run --release -p resona-examples --bin eval-text-emotion -- /work/shared/data/goemotions/ekman
//! cargo run --release -p resona-examples --features minilm-emotion --bin eval-text-emotion -- \
//!     /work/shared/data/goemotions/ekman --model minilm [--backend onnxruntime]
//! ```
//!
//! `--model ngram` (default) is the bundled n-gram model; `--model minilm` the bundled MiniLM
//! model (feature `minilm-emotion`). Prints dev macro-F1 and accuracy with a message's first
//! listed label as gold (as the trainers report them), each class's F1, and the mean time per
//! message of the whole analysis.

// A command-line program: results go to stderr.
#![allow(clippy::print_stderr)]

use std::process::ExitCode;
use std::time::Instant;

use resona::LabelOrder;
use resona_examples::{backend_from_args, exit_code};
use resona_text::{TextAnalyzer, TextConfig};

fn main() -> ExitCode {
    exit_code(run())
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let backend = backend_from_args(&mut args)?;
    let model = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let m = args.get(i + 1).cloned().ok_or("--model needs ngram or minilm")?;
            args.drain(i..=i + 1);
            m
        }
        None => "ngram".to_owned(),
    };
    let [dir] = args.as_slice() else {
        return Err("usage: eval-text-emotion <ekman dir> [--model ngram|minilm] [--backend b]".into());
    };
    let analyzer = TextAnalyzer::new(TextConfig::default()).map_err(|e| e.to_string())?;
    let analyzer = match model.as_str() {
        "ngram" => analyzer,
        #[cfg(feature = "minilm-emotion")]
        "minilm" => analyzer.with_transformer_emotion(
            resona_text::transformer::TransformerClassifier::emotion_minilm(backend).map_err(|e| e.to_string())?,
        ),
        other => {
            return Err(format!("unknown or not compiled model {other:?} (minilm needs --features minilm-emotion)"));
        }
    };
    let labels = LabelOrder::GoEmotionsEkman.labels();
    let path = format!("{dir}/dev.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let k = labels.len();
    let mut conf = vec![vec![0usize; k]; k];
    let start = Instant::now();
    let mut n = 0usize;
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let mut cols = line.split('\t');
        let (Some(t), Some(gold)) = (cols.next(), cols.next().and_then(|g| g.split(',').next())) else {
            return Err(format!("{path}:{}: expected text<TAB>labels", i + 1));
        };
        let gold: usize = gold.parse().ok().filter(|&g| g < k).ok_or(format!("{path}:{}: bad label", i + 1))?;
        let a = analyzer.analyze(t).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        let pred = labels.iter().position(|&l| l == a.label).ok_or("label outside GoEmotions-Ekman")?;
        conf[gold][pred] += 1;
        n += 1;
    }
    let elapsed = start.elapsed();
    let f1: Vec<f64> = (0..k)
        .map(|c| {
            let tp = conf[c][c] as f64;
            let fp = (0..k).map(|g| conf[g][c]).sum::<usize>() as f64 - tp;
            let fn_ = conf[c].iter().sum::<usize>() as f64 - tp;
            if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) }
        })
        .collect();
    let acc = (0..k).map(|c| conf[c][c]).sum::<usize>() as f64 / n as f64;
    eprintln!(
        "{model} ({backend}): dev macro-F1 {:.4}, accuracy {acc:.4} on {n} messages; {:.3} ms per message",
        f1.iter().sum::<f64>() / k as f64,
        elapsed.as_secs_f64() * 1e3 / n as f64
    );
    for (l, f) in labels.iter().zip(&f1) {
        eprintln!("  {l:<10} F1 {f:.4}");
    }
    Ok(())
}
