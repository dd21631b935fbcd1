//! `FaceAnalyzer` for JS: a canvas frame (`ImageData.data`, RGBA) goes straight in; faces
//! come out as plain objects in the shared serde schema.

use crate::error::js;
use crate::plain::to_js;
use resona::vision::{FaceConfig, FaceTracker, LandmarkMode, Rotation, TrackerConfig};
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

fn format(name: Option<String>) -> Result<PixelFormat, JsValue> {
    name.as_deref().unwrap_or("rgba8").parse::<PixelFormat>().map_err(js)
}

#[wasm_bindgen]
impl FaceAnalyzer {
    /// Loads the bundled models; `landmarks` is "primary" (default), "all" or "off";
    /// `rotation` (0, 90, 180, 270 degrees clockwise) turns phone-camera frames upright.
    #[wasm_bindgen(constructor)]
    pub fn new(landmarks: Option<String>, rotation: Option<u32>) -> Result<FaceAnalyzer, JsValue> {
        let rotation = Rotation::from_degrees(rotation.unwrap_or(0)).map_err(js)?;
        let mode = match landmarks.as_deref() {
            None | Some("primary") => LandmarkMode::Primary,
            Some("all") => LandmarkMode::All,
            Some("off") => LandmarkMode::Off,
            Some(other) => {
                return Err(js(resona::InputError::UnknownName {
                    what: "landmarks",
                    value: other.to_owned(),
                    expected: "primary, all, off",
                }));
            }
        };
        let config = FaceConfig::default().with_landmarks(mode).with_rotation(rotation);
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
