//! Loads the conformance cases and runs them against the Rust API.
//!
//! This is test tooling, so unlike the library crates it reads files: the cases and their
//! pixel data under this crate's folder.
#![forbid(unsafe_code)]
#![allow(missing_docs, unreachable_pub)]

use resona::vision::{ExpressionClassifier, ExpressionConfig};
use resona::{Backend, Emotion, EmotionScores, Error, ImageView, PixelFormat};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod audio_ops;
pub mod compare;
mod engine_ops;
mod text_ops;
mod transformer_ops;
mod vision_ops;
mod voice_ops;

/// The folder holding `cases/` and `data/`.
#[must_use]
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub name: String,
    pub op: String,
    pub input: Value,
    pub expect: Expect,
    #[serde(default)]
    pub tolerance: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Expect {
    Error {
        error: ExpectedError,
    },
    Scores {
        scores: BTreeMap<String, f64>,
        label: Option<String>,
    },
    ScoresList {
        scores_list: Vec<BTreeMap<String, f64>>,
    },
    /// Any serde-shaped result, compared by [`compare::json`]: numbers within the tolerance,
    /// everything else exactly, and only the keys the expectation names.
    Value {
        value: Value,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExpectedError {
    pub kind: String,
    pub code: String,
}

#[derive(Deserialize)]
struct CaseFile {
    cases: Vec<Case>,
}

/// Every case of every file in `cases/`, sorted by file name.
pub fn load_cases() -> Result<Vec<(String, Case)>, String> {
    let dir = root().join("cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = vec![];
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let parsed: CaseFile = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        let stem = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        out.extend(parsed.cases.into_iter().map(|c| (stem.clone(), c)));
    }
    Ok(out)
}

fn number(v: &Value) -> Result<f32, String> {
    match v {
        Value::String(s) if s == "NaN" => Ok(f32::NAN),
        Value::Number(n) => n.as_f64().map(|x| x as f32).ok_or_else(|| format!("bad number {n}")),
        other => Err(format!("not a number: {other}")),
    }
}

fn numbers(v: &Value) -> Result<Vec<f32>, String> {
    v.as_array().ok_or("expected an array")?.iter().map(number).collect()
}

/// A pixel buffer spec as bytes.
pub fn buffer_u8(spec: &Value) -> Result<Vec<u8>, String> {
    if let Some(f) = spec.get("file").and_then(Value::as_str) {
        return std::fs::read(root().join(f)).map_err(|e| format!("{f}: {e}"));
    }
    if let Some(vals) = spec.get("values") {
        return Ok(numbers(vals)?.into_iter().map(|v| v as u8).collect());
    }
    let fill = spec.get("fill").map(number).transpose()?.unwrap_or(0.0) as u8;
    let len = spec.get("len").and_then(Value::as_u64).ok_or("buffer needs file, values or fill+len")? as usize;
    Ok(vec![fill; len])
}

/// A pixel buffer spec as floats (bytes from files become 0..255).
pub fn buffer_f32(spec: &Value) -> Result<Vec<f32>, String> {
    let mut out: Vec<f32> = if spec.get("file").is_some() {
        buffer_u8(spec)?.into_iter().map(f32::from).collect()
    } else if let Some(vals) = spec.get("values") {
        numbers(vals)?
    } else {
        let fill = spec.get("fill").map(number).transpose()?.unwrap_or(0.0);
        vec![fill; spec.get("len").and_then(Value::as_u64).ok_or("buffer needs len")? as usize]
    };
    if let Some(i) = spec.get("nan_at").and_then(Value::as_u64) {
        out[i as usize] = f32::NAN;
    }
    Ok(out)
}

fn labels(input: &Value) -> Result<Result<Vec<Emotion>, Error>, String> {
    match input.get("labels") {
        None => Ok(Ok(Emotion::ALL.to_vec())),
        Some(v) => {
            let names = v.as_array().ok_or("labels must be an array")?;
            Ok(names.iter().map(|n| n.as_str().unwrap_or_default().parse::<Emotion>().map_err(Error::from)).collect())
        }
    }
}

fn dim(input: &Value, key: &str) -> Result<u32, String> {
    input.get(key).and_then(Value::as_u64).map(|v| v as u32).ok_or_else(|| format!("missing {key}"))
}

/// What an operation produced.
#[derive(Debug)]
pub enum Output {
    Scores(EmotionScores),
    ScoresList(Vec<EmotionScores>),
    Value(Value),
}

/// Runs one case; the outer error is a broken case file, the inner one Resona's answer.
pub fn run(case: &Case, backend: Backend) -> Result<Result<Output, Error>, String> {
    let input = &case.input;
    let classifier = || ExpressionClassifier::new(ExpressionConfig::default().with_backend(backend));
    Ok(match case.op.as_str() {
        "emotion_scores_from_logits" => {
            let logits = numbers(input.get("logits").ok_or("missing logits")?)?;
            labels(input)?.and_then(|l| EmotionScores::from_logits_ordered(&logits, &l)).map(Output::Scores)
        }
        "emotion_scores_from_probabilities" => {
            let p = numbers(input.get("probabilities").ok_or("missing probabilities")?)?;
            labels(input)?.and_then(|l| EmotionScores::from_probabilities_ordered(&p, &l)).map(Output::Scores)
        }
        "classify_face_crop" => {
            let (w, h) = (dim(input, "width")?, dim(input, "height")?);
            let pixels = input.get("pixels").ok_or("missing pixels")?;
            let c = match classifier() {
                Ok(c) => c,
                Err(e) => return Ok(Err(e)),
            };
            if input.get("dtype").and_then(Value::as_str) == Some("f32") {
                c.classify_crop_f32(&buffer_f32(pixels)?, w, h).map(Output::Scores)
            } else {
                c.classify_crop_u8(&buffer_u8(pixels)?, w, h).map(Output::Scores)
            }
        }
        "classify_face_crops" => {
            let (w, h) = (dim(input, "width")?, dim(input, "height")?);
            let mut all = vec![];
            for spec in input.get("crops").and_then(Value::as_array).ok_or("missing crops")? {
                all.extend(buffer_u8(spec)?);
            }
            classifier().and_then(|c| c.classify_crops_u8(&all, w, h)).map(Output::ScoresList)
        }
        "classify_image" => {
            let (w, h) = (dim(input, "width")?, dim(input, "height")?);
            let pixels = buffer_u8(input.get("pixels").ok_or("missing pixels")?)?;
            let format = input.get("format").and_then(Value::as_str).ok_or("missing format")?;
            (|| {
                let format: PixelFormat = format.parse()?;
                let stride = input
                    .get("stride")
                    .and_then(Value::as_u64)
                    .map_or(w as usize * format.bytes_per_pixel(), |s| s as usize);
                let view = ImageView::new(&pixels, w, h, stride, format)?;
                classifier()?.classify_image(&view)
            })()
            .map(Output::Scores)
        }
        "text_transformer" => transformer_ops::run(&case.input, backend)?,
        op if op.starts_with("text_") => text_ops::run(op, &case.input)?,
        op if voice_ops::OPS.contains(&op) => voice_ops::run(op, &case.input, backend)?,
        op if op.starts_with("audio_") => audio_ops::run(op, &case.input, backend)?,
        "engine_session" => engine_ops::run(&case.input, backend)?,
        "face_analyze" => vision_ops::run(&case.op, &case.input, backend)?,
        other => return Err(format!("unknown op {other}")),
    })
}

fn compare_scores(expected: &BTreeMap<String, f64>, actual: &EmotionScores, tol: f64) -> Result<(), String> {
    for (e, p) in actual.iter() {
        let want = expected.get(e.as_str()).ok_or_else(|| format!("expected scores lack {e}"))?;
        if (f64::from(p) - want).abs() > tol {
            return Err(format!("{e}: expected {want}, got {p} (tolerance {tol})"));
        }
    }
    Ok(())
}

/// Checks an outcome against the case's expectation.
pub fn check(case: &Case, outcome: &Result<Output, Error>) -> Result<(), String> {
    let tol = case.tolerance.unwrap_or(1e-6);
    match (&case.expect, outcome) {
        (Expect::Error { error }, Err(e)) => {
            let got = ExpectedError { kind: e.kind().as_str().to_owned(), code: e.code().to_owned() };
            if &got == error { Ok(()) } else { Err(format!("expected error {error:?}, got {got:?} ({e})")) }
        }
        (Expect::Error { error }, Ok(o)) => Err(format!("expected error {error:?}, got {o:?}")),
        (_, Err(e)) => Err(format!("unexpected error {}/{}: {e}", e.kind(), e.code())),
        (Expect::Scores { scores, label }, Ok(Output::Scores(s))) => {
            compare_scores(scores, s, tol)?;
            match label {
                Some(l) if l != s.argmax().as_str() => Err(format!("expected label {l}, got {}", s.argmax())),
                _ => Ok(()),
            }
        }
        (Expect::ScoresList { scores_list }, Ok(Output::ScoresList(list))) => {
            if scores_list.len() != list.len() {
                return Err(format!("expected {} results, got {}", scores_list.len(), list.len()));
            }
            scores_list.iter().zip(list).try_for_each(|(e, a)| compare_scores(e, a, tol))
        }
        (Expect::Value { value }, Ok(Output::Value(actual))) => compare::json(value, actual, tol, "$"),
        (_, Ok(o)) => Err(format!("output {o:?} does not fit the expectation")),
    }
}
