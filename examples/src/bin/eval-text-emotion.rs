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
use resona_examples::goemotions::{read_split, score};
use resona_examples::{backend_from_args, exit_code};
use resona_text::{EmotionModel, TextAnalyzer, TextConfig};

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
    let emotion_model: EmotionModel = model.parse().map_err(|e: resona::InputError| e.to_string())?;
    // Without the `minilm-emotion` feature, `minilm` is the analyser's typed config error.
    let config = TextConfig::default().with_emotion_model(emotion_model).with_backend(backend);
    let analyzer = TextAnalyzer::new(config).map_err(|e| e.to_string())?;
    let labels = LabelOrder::GoEmotionsEkman.labels();
    let dev = read_split(dir, "dev")?;
    let start = Instant::now();
    let pred = dev
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let a = analyzer.analyze(&d.text).map_err(|e| format!("dev line {}: {e}", i + 1))?;
            labels.iter().position(|&l| l == a.label).ok_or_else(|| "label outside GoEmotions-Ekman".to_owned())
        })
        .collect::<Result<Vec<_>, String>>()?;
    let elapsed = start.elapsed();
    let (macro_f1, acc, f1) = score(&pred, &dev);
    let n = dev.len();
    eprintln!(
        "{model} ({backend}): dev macro-F1 {macro_f1:.4}, accuracy {acc:.4} on {n} messages; {:.3} ms per message",
        elapsed.as_secs_f64() * 1e3 / n as f64
    );
    for (l, f) in labels.iter().zip(&f1) {
        eprintln!("  {l:<10} F1 {f:.4}");
    }
    Ok(())
}
