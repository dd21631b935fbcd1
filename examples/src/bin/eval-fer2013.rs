//! Measures the bundled expression model on a FER2013-style folder (one sub-folder per class,
//! named angry, disgust, fear, happy, neutral, sad, surprise) through Resona's own
//! preprocessing (48x48 gray upscaled to 64x64 bilinearly). Prints accuracy, per-class recall
//! and the confusion matrix as Markdown, as written in resona-vision/models/README.md.
//!
//! ```sh
//! cargo run --release -p resona-examples --bin eval-fer2013 -- ../shared/data/fer2013/validation
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use resona::Emotion;
use resona::vision::{ExpressionClassifier, ExpressionConfig};
use resona_examples::{backend_from_args, decode, exit_code, image_files};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    exit_code(run())
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let backend = backend_from_args(&mut args)?;
    let root = PathBuf::from(args.first().ok_or("usage: eval-fer2013 [--backend NAME] FOLDER")?);
    let classifier =
        ExpressionClassifier::new(ExpressionConfig::default().with_backend(backend)).map_err(|e| e.to_string())?;
    // confusion[truth][predicted], Resona order.
    let mut confusion = [[0usize; 7]; 7];
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(|e| format!("{}: {e}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let class = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let truth = Emotion::from_label(&class).ok_or_else(|| format!("folder {class} is not an emotion"))?;
        for path in image_files(&dir)? {
            let d = decode(&path)?;
            let s = classifier
                .classify_image(&d.view().map_err(|e| e.to_string())?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            confusion[truth.index()][s.argmax().index()] += 1;
        }
    }
    let total: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..7).map(|i| confusion[i][i]).sum();
    let recalls: Vec<f64> =
        (0..7).map(|i| confusion[i][i] as f64 / confusion[i].iter().sum::<usize>().max(1) as f64).collect();
    let present = (0..7).filter(|&i| confusion[i].iter().sum::<usize>() > 0).count();
    println!("backend {}, {} images", classifier.backend(), total);
    println!("accuracy {:.4}", correct as f64 / total.max(1) as f64);
    println!("unweighted average recall {:.4}", recalls.iter().sum::<f64>() / present.max(1) as f64);
    println!("\n| truth \\ predicted | {} | recall |", Emotion::ALL.map(|e| e.as_str()).join(" | "));
    println!("|---|{}---|", "---|".repeat(7));
    for e in Emotion::ALL {
        let row: Vec<String> = confusion[e.index()].iter().map(ToString::to_string).collect();
        println!("| {} | {} | {:.3} |", e.as_str(), row.join(" | "), recalls[e.index()]);
    }
    Ok(())
}
