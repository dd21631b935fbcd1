//! Shared helpers of the example programs: image decoding and command-line parsing. This is
//! where Resona's file I/O lives; the library crates never touch files.
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]
// Plain helper structs of example programs; their fields are self-explanatory.
#![allow(missing_docs)]

use resona::{Backend, ImageView, PixelFormat};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A decoded image, kept as packed RGB8 or Gray8.
pub struct Decoded {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub format: PixelFormat,
}

impl Decoded {
    /// A validated view of the pixels.
    pub fn view(&self) -> Result<ImageView<'_>, resona::Error> {
        Ok(ImageView::packed(&self.pixels, self.width, self.height, self.format)?)
    }
}

/// Decodes a PNG or JPEG file (gray stays gray, everything else becomes RGB8), or a raw
/// `.gray` file of 64x64 bytes as the conformance suite stores face crops.
pub fn decode(path: &Path) -> Result<Decoded, String> {
    if path.extension().is_some_and(|e| e == "gray") {
        let pixels = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let side = (pixels.len() as f64).sqrt() as u32;
        if (side * side) as usize != pixels.len() {
            return Err(format!("{}: a raw .gray file must be a square of bytes", path.display()));
        }
        return Ok(Decoded { pixels, width: side, height: side, format: PixelFormat::Gray8 });
    }
    let img = image::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(match img {
        image::DynamicImage::ImageLuma8(g) => {
            let (width, height) = g.dimensions();
            Decoded { pixels: g.into_raw(), width, height, format: PixelFormat::Gray8 }
        }
        other => {
            let rgb = other.to_rgb8();
            let (width, height) = rgb.dimensions();
            Decoded { pixels: rgb.into_raw(), width, height, format: PixelFormat::Rgb8 }
        }
    })
}

/// Image files under `path` (the file itself, or a folder's files sorted by name).
pub fn image_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["png", "jpg", "jpeg", "gray"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Picks the backend from `--backend NAME` (default tract), loading ONNX Runtime when asked.
pub fn backend_from_args(args: &mut Vec<String>) -> Result<Backend, String> {
    let Some(i) = args.iter().position(|a| a == "--backend") else {
        return Ok(Backend::Tract);
    };
    let name = args.get(i + 1).cloned().ok_or("--backend needs a name: tract or onnxruntime")?;
    args.drain(i..=i + 1);
    let backend: Backend = name.parse().map_err(|e: resona::InputError| e.to_string())?;
    #[cfg(feature = "onnxruntime")]
    if backend == Backend::OnnxRuntime {
        resona::model::onnxruntime::init(None).map_err(|e| e.to_string())?;
    }
    Ok(backend)
}

/// The exit code of a program whose work returned `result`, printing the error if any.
pub fn exit_code(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// GoEmotions-Ekman splits and their scoring, shared by `train-text-emotion` and
/// `eval-text-emotion`.
pub mod goemotions {
    /// Classes, in the order of the data set's `labels.txt` (Resona's `LabelOrder::GoEmotionsEkman`).
    pub const K: usize = 7;

    /// One line of a split: the text and its label ids (the first is the gold label).
    pub struct Doc {
        pub text: String,
        pub labels: Vec<usize>,
    }

    /// Reads `{dir}/{name}.tsv` (`text<TAB>comma-separated label ids<TAB>id`).
    pub fn read_split(dir: &str, name: &str) -> Result<Vec<Doc>, String> {
        let path = format!("{dir}/{name}.tsv");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(n, line)| {
                let mut cols = line.split('\t');
                let (Some(t), Some(ls)) = (cols.next(), cols.next()) else {
                    return Err(format!("{path}:{}: expected text<TAB>labels<TAB>id", n + 1));
                };
                let labels = ls
                    .split(',')
                    .map(|l| l.parse::<usize>().ok().filter(|&l| l < K))
                    .collect::<Option<Vec<_>>>()
                    .ok_or(format!("{path}:{}: bad labels {ls:?}", n + 1))?;
                Ok(Doc { text: t.to_owned(), labels })
            })
            .collect()
    }

    /// Macro-F1, accuracy and per-class F1 of `pred` against each line's first label.
    #[must_use]
    pub fn score(pred: &[usize], docs: &[Doc]) -> (f64, f64, [f64; K]) {
        let mut conf = [[0usize; K]; K];
        for (p, d) in pred.iter().zip(docs) {
            conf[d.labels[0]][*p] += 1;
        }
        let mut f1 = [0f64; K];
        for c in 0..K {
            let tp = conf[c][c] as f64;
            let fp = (0..K).map(|g| conf[g][c]).sum::<usize>() as f64 - tp;
            let fn_ = conf[c].iter().sum::<usize>() as f64 - tp;
            f1[c] = if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) };
        }
        let acc = (0..K).map(|c| conf[c][c]).sum::<usize>() as f64 / docs.len() as f64;
        (f1.iter().sum::<f64>() / K as f64, acc, f1)
    }
}
