//! Prints the analysis of one raw frame as JSON (the serde form of `FrameAnalysis`), for
//! comparing other implementations with this one (benches/peers/face_pipeline_ort.py,
//! the conformance cases).
//!
//! ```sh
//! cargo run -p resona-vision --example analyze_json -- FRAME.rgb WIDTH HEIGHT \
//!     [--format rgb8|rgba8|bgr8|gray8] [--landmarks primary|all|off] [--backend tract|onnxruntime]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use resona_core::{Backend, ImageView, PixelFormat};
use resona_vision::{FaceAnalyzer, FaceConfig, LandmarkMode};
use std::process::ExitCode;

fn option(args: &mut Vec<String>, name: &str) -> Option<String> {
    let i = args.iter().position(|a| a == name)?;
    let v = args.get(i + 1).cloned();
    args.drain(i..(i + 2).min(args.len()));
    v
}

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let format: PixelFormat =
        option(&mut args, "--format").unwrap_or_else(|| "rgb8".into()).parse().map_err(|e| format!("{e}"))?;
    let landmarks = match option(&mut args, "--landmarks").as_deref() {
        None | Some("primary") => LandmarkMode::Primary,
        Some("all") => LandmarkMode::All,
        Some("off") => LandmarkMode::Off,
        Some(other) => return Err(format!("--landmarks {other}: primary, all or off")),
    };
    let backend: Backend =
        option(&mut args, "--backend").unwrap_or_else(|| "tract".into()).parse().map_err(|e| format!("{e}"))?;
    #[cfg(feature = "onnxruntime")]
    if backend == Backend::OnnxRuntime {
        resona_core::model::onnxruntime::init(None).map_err(|e| e.to_string())?;
    }
    let [file, w, h] = args.as_slice() else {
        return Err("usage: analyze_json FRAME WIDTH HEIGHT [--format F] [--landmarks M] [--backend B]".into());
    };
    let pixels = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let (w, h): (u32, u32) = (w.parse().map_err(|_| "bad width")?, h.parse().map_err(|_| "bad height")?);
    let view = ImageView::packed(&pixels, w, h, format).map_err(|e| e.to_string())?;
    let config = FaceConfig::default().with_landmarks(landmarks).with_backend(backend);
    let analysis = FaceAnalyzer::bundled(config).and_then(|a| a.analyze(&view)).map_err(|e| e.to_string())?;
    println!("{}", serde_json::to_string(&analysis).map_err(|e| e.to_string())?);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
