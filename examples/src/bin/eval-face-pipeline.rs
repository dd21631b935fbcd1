//! Measures expression accuracy through the whole face pipeline (BlazeFace detection →
//! eye-aligned crop → expression classifier) on a FER2013-style folder (one sub-folder per
//! class: angry, disgust, fear, happy, neutral, sad, surprise).
//!
//! Each 48x48 face is upscaled (bilinear) to `--face PX` (default 144) and pasted in the
//! centre of a `--frame PX` (default 256) mid-grey square frame, so the detector has to find
//! it; the primary face's expression is compared with the folder's label. Prints the
//! detection rate, accuracy on the detected faces and over all faces (a missed face counts
//! as wrong), unweighted average recall and the confusion matrix as Markdown, as written in
//! resona-vision/models/README.md.
//!
//! ```sh
//! cargo run --release -p resona-examples --bin eval-face-pipeline -- ../shared/data/fer2013/validation
//! ```
//!
//! Options: `--backend tract|onnxruntime`, `--per-class N` (first N files of each class,
//! sorted by name; default all), `--face PX`, `--frame PX`, `--crop-scale S` (the
//! `expression_crop_scale`), `--no-normalize` (no crop contrast normalisation).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use image::{GrayImage, Luma, imageops};
use resona::vision::{FaceAnalyzer, FaceConfig, LandmarkMode};
use resona::{Emotion, ImageView, PixelFormat};
use resona_examples::{backend_from_args, decode, exit_code, image_files};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    exit_code(run())
}

/// Removes `--name VALUE` from `args` and parses it.
fn take<T: std::str::FromStr>(args: &mut Vec<String>, name: &str) -> Result<Option<T>, String> {
    let Some(i) = args.iter().position(|a| a == name) else { return Ok(None) };
    let v = args.get(i + 1).cloned().ok_or_else(|| format!("{name} needs a value"))?;
    args.drain(i..=i + 1);
    v.parse().map(Some).map_err(|_| format!("{name}: cannot parse {v:?}"))
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let backend = backend_from_args(&mut args)?;
    let per_class: usize = take(&mut args, "--per-class")?.unwrap_or(usize::MAX);
    let face_px: u32 = take(&mut args, "--face")?.unwrap_or(144);
    let frame_px: u32 = take(&mut args, "--frame")?.unwrap_or(256);
    let crop_scale: f32 = take(&mut args, "--crop-scale")?.unwrap_or(1.0);
    let normalize = match args.iter().position(|a| a == "--no-normalize") {
        Some(i) => {
            args.remove(i);
            false
        }
        None => true,
    };
    if face_px == 0 || face_px > frame_px {
        return Err("--face must be between 1 and --frame".into());
    }
    let root = PathBuf::from(args.first().ok_or(
        "usage: eval-face-pipeline [--backend NAME] [--per-class N] [--face PX] [--frame PX] \
         [--crop-scale S] [--no-normalize] FOLDER",
    )?);
    // Landmarks do not change the expression; leaving Face Mesh off makes the run faster.
    let config = FaceConfig::default()
        .with_backend(backend)
        .with_landmarks(LandmarkMode::Off)
        .with_expression_crop_scale(crop_scale)
        .with_normalize_expression_crop(normalize);
    let analyzer = FaceAnalyzer::bundled(config).map_err(|e| e.to_string())?;

    // confusion[truth][predicted], Resona order; missed[truth] = faces not detected.
    let mut confusion = [[0usize; 7]; 7];
    let mut missed = [0usize; 7];
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(|e| format!("{}: {e}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let offset = i64::from((frame_px - face_px) / 2);
    for dir in dirs {
        let class = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let truth = Emotion::from_label(&class).ok_or_else(|| format!("folder {class} is not an emotion"))?;
        for path in image_files(&dir)?.into_iter().take(per_class) {
            let d = decode(&path)?;
            let gray = match d.format {
                PixelFormat::Gray8 => GrayImage::from_raw(d.width, d.height, d.pixels),
                _ => image::RgbImage::from_raw(d.width, d.height, d.pixels)
                    .map(|rgb| image::DynamicImage::ImageRgb8(rgb).to_luma8()),
            }
            .ok_or_else(|| format!("{}: bad pixel buffer", path.display()))?;
            let face = imageops::resize(&gray, face_px, face_px, imageops::FilterType::Triangle);
            let mut frame = GrayImage::from_pixel(frame_px, frame_px, Luma([128]));
            imageops::overlay(&mut frame, &face, offset, offset);
            let view =
                ImageView::packed(frame.as_raw(), frame_px, frame_px, PixelFormat::Gray8).map_err(|e| e.to_string())?;
            let analysis = analyzer.analyze(&view).map_err(|e| format!("{}: {e}", path.display()))?;
            match analysis.primary_face() {
                Some(f) => confusion[truth.index()][f.expression.argmax().index()] += 1,
                None => missed[truth.index()] += 1,
            }
        }
    }
    report(&confusion, &missed, backend.to_string(), (face_px, frame_px, crop_scale, normalize));
    Ok(())
}

fn report(confusion: &[[usize; 7]; 7], missed: &[usize; 7], backend: String, setup: (u32, u32, f32, bool)) {
    let detected: usize = confusion.iter().flatten().sum();
    let total = detected + missed.iter().sum::<usize>();
    let correct: usize = (0..7).map(|i| confusion[i][i]).sum();
    let class_total = |i: usize| confusion[i].iter().sum::<usize>() + missed[i];
    // Recall over all faces of the class (a missed face is a miss), and over detected ones.
    let recalls: Vec<f64> = (0..7).map(|i| confusion[i][i] as f64 / class_total(i).max(1) as f64).collect();
    let recalls_detected: Vec<f64> =
        (0..7).map(|i| confusion[i][i] as f64 / confusion[i].iter().sum::<usize>().max(1) as f64).collect();
    let present: Vec<usize> = (0..7).filter(|&i| class_total(i) > 0).collect();
    let uar = |r: &[f64]| present.iter().map(|&i| r[i]).sum::<f64>() / present.len().max(1) as f64;
    let (face_px, frame_px, crop_scale, normalize) = setup;
    println!(
        "backend {backend}, {total} images, face {face_px} px in a {frame_px}x{frame_px} frame, \
         crop scale {crop_scale}, contrast normalisation {}",
        if normalize { "on" } else { "off" }
    );
    println!("detected {detected} of {total} ({:.4})", detected as f64 / total.max(1) as f64);
    println!("accuracy on detected faces {:.4}", correct as f64 / detected.max(1) as f64);
    println!("accuracy on all faces (missed = wrong) {:.4}", correct as f64 / total.max(1) as f64);
    println!("unweighted average recall on detected faces {:.4}", uar(&recalls_detected));
    println!("unweighted average recall on all faces {:.4}", uar(&recalls));
    println!(
        "\n| truth \\ predicted | {} | missed | recall (detected) |",
        Emotion::ALL.map(|e| e.as_str()).join(" | ")
    );
    println!("|---|{}---|---|", "---|".repeat(7));
    for e in Emotion::ALL {
        let row: Vec<String> = confusion[e.index()].iter().map(ToString::to_string).collect();
        println!(
            "| {} | {} | {} | {:.3} |",
            e.as_str(),
            row.join(" | "),
            missed[e.index()],
            recalls_detected[e.index()]
        );
    }
}
