//! `FaceAnalyzer` for JS: a canvas frame (`ImageData.data`, RGBA) goes straight in; faces
//! come out as plain objects in the shared serde schema.

use crate::error::js;
use crate::plain::to_js;
use resona::vision::{DetectorModel, FaceConfig, FaceTracker, LandmarkMode, Rotation, TrackerConfig};
use resona::{ImageView, PixelFormat, TimestampMs};
use wasm_bindgen::prelude::*;

/// Faces in frames: detection, landmarks, expression, geometry, head pose, action units and
/// affect, all on the device. Build once (three models load in well under a second).
#[wasm_bindgen]
#[derive(Debug)]
pub struct FaceAnalyzer {
    inner: resona::vision::FaceAnalyzer,
    tracker: FaceTracker,
}

// The detector vocabulary for TypeScript, next to the `PixelFormat` and `Emotion` unions of
// lib.rs; `new FaceAnalyzer` declares its `detector` parameter with it.
#[wasm_bindgen(typescript_custom_section)]
const TS_DETECTOR: &str = r#"
/**
 * Which BlazeFace model detects faces: "full_range" (256x256, from close up to a few metres;
 * the default) or "short_range" (128x128 selfie model: faster, only faces near the camera,
 * filling roughly a fifth of the frame or more).
 */
export type DetectorModel = "full_range" | "short_range";
"#;

fn format(name: Option<String>) -> Result<PixelFormat, JsValue> {
    name.as_deref().unwrap_or("rgba8").parse::<PixelFormat>().map_err(js)
}

#[wasm_bindgen]
impl FaceAnalyzer {
    /// Loads the bundled models; `landmarks` is "primary" (default), "all" or "off";
    /// `rotation` (0, 90, 180, 270 degrees clockwise) turns phone-camera frames upright;
    /// `detector` is "full_range" (default) or "short_range" (selfie distance, faster).
    // All three stay optional in TypeScript: wasm-bindgen marks only a trailing run of plain
    // `Option` parameters optional, and `detector` carries a custom type.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] landmarks: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] rotation: Option<u32>,
        #[wasm_bindgen(unchecked_optional_param_type = "DetectorModel | null")] detector: Option<String>,
    ) -> Result<FaceAnalyzer, JsValue> {
        let detector = detector.as_deref().unwrap_or("full_range").parse::<DetectorModel>().map_err(js)?;
        let rotation = Rotation::from_degrees(rotation.unwrap_or(0)).map_err(js)?;
        let mode = landmarks.as_deref().unwrap_or("primary").parse::<LandmarkMode>().map_err(js)?;
        let config = FaceConfig::default().with_detector(detector).with_landmarks(mode).with_rotation(rotation);
        let inner = resona::vision::FaceAnalyzer::bundled(config).map_err(js)?;
        Ok(Self { inner, tracker: FaceTracker::new(TrackerConfig::default()).map_err(js)? })
    }

    /// Every face of a frame (`format` "rgba8" by default, as `ImageData.data`; also "rgb8",
    /// "bgr8", "gray8"; `stride` in bytes per row, default packed): `{faces, primary, width,
    /// height}`.
    pub fn analyze(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8ClampedArray | Uint8Array")] pixels: &[u8],
        width: u32,
        height: u32,
        format: Option<String>,
        stride: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        let format = self::format(format)?;
        let stride = stride.map_or(width as usize * format.bytes_per_pixel(), |s| s as usize);
        let view = ImageView::new(pixels, width, height, stride, format).map_err(js)?;
        to_js(&self.inner.analyze(&view).map_err(js)?)
    }

    /// Analyses the frame and updates face tracks: `{analysis, tracks}`.
    pub fn track(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8ClampedArray | Uint8Array")] pixels: &[u8],
        width: u32,
        height: u32,
        timestamp_ms: f64,
        format: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let view = ImageView::packed(pixels, width, height, self::format(format)?).map_err(js)?;
        let analysis = self.inner.analyze(&view).map_err(js)?;
        let tracks = self.tracker.update(&analysis, TimestampMs(timestamp_ms as i64)).map_err(js)?;
        to_js(&serde_json::json!({"analysis": analysis, "tracks": tracks}))
    }
}
