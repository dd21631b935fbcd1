//! Classifies the facial expression of every image in a folder (or of one image file) and
//! prints a table. Each image is taken as one face crop: converted to gray and resized to the
//! model's 64x64 input (face detection in whole photos comes with resona-vision's detector).
//!
//! ```sh
//! cargo run -p resona-examples --bin classify-faces -- examples/data/faces
//! cargo run -p resona-examples --bin classify-faces -- --backend onnxruntime path/to/face.png
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
    if args.is_empty() {
        return Err("usage: classify-faces [--backend tract|onnxruntime] IMAGE_OR_FOLDER...".into());
    }
    let classifier =
        ExpressionClassifier::new(ExpressionConfig::default().with_backend(backend)).map_err(|e| e.to_string())?;
    println!("backend: {}", classifier.backend());
    let header: Vec<String> = Emotion::ALL.iter().map(|e| format!("{:>9}", e.as_str())).collect();
    println!("{:<28} {:>10} {:>6}  {}", "image", "label", "conf", header.join(" "));
    for arg in &args {
        for path in image_files(&PathBuf::from(arg))? {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let result = decode(&path).and_then(|d| {
                let view = d.view().map_err(|e| e.to_string())?;
                classifier.classify_image(&view).map_err(|e| e.to_string())
            });
            match result {
                Ok(s) => {
                    let probs: Vec<String> = s.as_array().iter().map(|p| format!("{p:>9.3}")).collect();
                    let gate = if s.confidence() >= 0.6 { "" } else { " (low confidence)" };
                    println!(
                        "{name:<28} {:>10} {:>6.3}  {}{gate}",
                        s.argmax().as_str(),
                        s.confidence(),
                        probs.join(" ")
                    );
                }
                Err(e) => println!("{name:<28} error: {e}"),
            }
        }
    }
    Ok(())
}
