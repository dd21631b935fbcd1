//! Face-pipeline operations of the conformance cases (`face_*`); see cases/vision.json.
//!
//! `face_analyze`: input `{"image": {"file" | "fill"+"len", "width", "height", "format",
//! optional "stride"}, optional "landmarks": "primary" | "all" | "off" (default primary),
//! optional "rotation": 0 | 90 | 180 | 270 (default 0), optional "detector": "full_range" |
//! "short_range" (default full_range)}`; output the serde form of
//! `FrameAnalysis`, so the expectation is a partial `FrameAnalysis` compared key by key.

use crate::Output;
use resona::vision::{DetectorModel, FaceAnalyzer, FaceConfig, LandmarkMode, Rotation};
use resona::{Backend, Error, ImageView, PixelFormat};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

type Key = (Backend, LandmarkMode, Rotation, DetectorModel);

/// Analyzers are built once per settings (each parses and optimises three models).
fn analyzer(key: Key) -> Result<Arc<FaceAnalyzer>, Error> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<FaceAnalyzer>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(a) = map.get(&key) {
        return Ok(Arc::clone(a));
    }
    let (backend, landmarks, rotation, detector) = key;
    let config = FaceConfig::default()
        .with_backend(backend)
        .with_landmarks(landmarks)
        .with_rotation(rotation)
        .with_detector(detector);
    let a = Arc::new(FaceAnalyzer::bundled(config)?);
    map.insert(key, Arc::clone(&a));
    Ok(a)
}

/// The named setting `key` of the input (`default` when absent), parsed by the core's `FromStr`.
fn setting<T: std::str::FromStr<Err: std::fmt::Display>>(input: &Value, key: &str, default: &str) -> Result<T, String> {
    input.get(key).and_then(Value::as_str).unwrap_or(default).parse().map_err(|e| format!("{e}"))
}

pub(crate) fn run(op: &str, input: &Value, backend: Backend) -> Result<Result<Output, Error>, String> {
    if op != "face_analyze" {
        return Err(format!("unknown op {op}"));
    }
    let image = input.get("image").ok_or("missing image")?;
    let dim = |k: &str| -> Result<u32, String> {
        let v = image.get(k).and_then(Value::as_u64).ok_or_else(|| format!("image needs {k}"))?;
        u32::try_from(v).map_err(|e| format!("{k}: {e}"))
    };
    let (w, h) = (dim("width")?, dim("height")?);
    let format = image.get("format").and_then(Value::as_str).ok_or("image needs format")?;
    let pixels = crate::buffer_u8(image)?;
    let landmarks: LandmarkMode = setting(input, "landmarks", "primary")?;
    let detector: DetectorModel = setting(input, "detector", "full_range")?;
    let degrees = input.get("rotation").and_then(Value::as_u64).unwrap_or(0);
    let degrees = u32::try_from(degrees).map_err(|e| format!("rotation: {e}"))?;
    Ok((|| {
        let format: PixelFormat = format.parse()?;
        let rotation = Rotation::from_degrees(degrees)?;
        let stride = match image.get("stride").and_then(Value::as_u64) {
            Some(s) => usize::try_from(s).unwrap_or(usize::MAX),
            None => (w as usize).saturating_mul(format.bytes_per_pixel()),
        };
        let view = ImageView::new(&pixels, w, h, stride, format)?;
        let analysis = analyzer((backend, landmarks, rotation, detector))?.analyze(&view)?;
        // Serialising plain data cannot fail; a failure would be a broken case, not an answer.
        Ok(Output::Value(serde_json::to_value(analysis).unwrap_or(Value::Null)))
    })())
}
