//! `Engine` for JS: every pipeline and fusion on the device; results as plain objects.

use crate::error::js;
use crate::plain::to_js;
use resona::{AudioView, EngineConfig, ImageView, PixelFormat, TimestampMs};
use wasm_bindgen::prelude::*;

/// The streaming engine: push audio, frames and messages with your timestamps (ms), read the
/// fused state, end sessions, and persist the user's baseline and history as bytes.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Engine(resona::Engine);

#[wasm_bindgen]
impl Engine {
    /// Loads the bundled models (tract). Frames closer than `faceIntervalMs` (default 100)
    /// to the last analysed one are skipped; the detector runs at least every
    /// `redetectIntervalMs` (default 500). 0 turns either off.
    #[wasm_bindgen(constructor)]
    pub fn new(face_interval_ms: Option<u32>, redetect_interval_ms: Option<u32>) -> Result<Engine, JsValue> {
        let config = EngineConfig::default()
            .with_face_interval_ms(face_interval_ms.unwrap_or(resona::DEFAULT_FACE_INTERVAL_MS))
            .with_redetect_interval_ms(redetect_interval_ms.unwrap_or(resona::DEFAULT_REDETECT_INTERVAL_MS));
        resona::Engine::new(config).map(Self).map_err(js)
    }

    /// Feeds interleaved float PCM whose first sample is at `timestampMs`; returns the voice
    /// segments it closed.
    #[wasm_bindgen(js_name = pushAudio)]
    pub fn push_audio(
        &self,
        samples: &[f32],
        sample_rate: u32,
        channels: u16,
        timestamp_ms: f64,
    ) -> Result<JsValue, JsValue> {
        let view = AudioView::from_f32(samples, sample_rate, channels).map_err(js)?;
        to_js(&self.0.push_audio(&view, TimestampMs(timestamp_ms as i64)).map_err(js)?)
    }

    /// Analyses a frame (RGBA `ImageData.data` by default) at `timestampMs`; `null` when it
    /// came sooner than `faceIntervalMs` after the last analysed frame and was skipped.
    #[wasm_bindgen(js_name = pushFrame)]
    pub fn push_frame(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8ClampedArray | Uint8Array")] pixels: &[u8],
        width: u32,
        height: u32,
        timestamp_ms: f64,
        format: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let format: PixelFormat = format.as_deref().unwrap_or("rgba8").parse().map_err(js)?;
        let view = ImageView::packed(pixels, width, height, format).map_err(js)?;
        to_js(&self.0.push_frame(&view, TimestampMs(timestamp_ms as i64)).map_err(js)?)
    }

    /// Analyses a chat message at `timestampMs` (spans in UTF-16 units).
    #[wasm_bindgen(js_name = pushText)]
    pub fn push_text(&self, text: &str, timestamp_ms: f64) -> Result<JsValue, JsValue> {
        let mut a = self.0.push_text(text, TimestampMs(timestamp_ms as i64)).map_err(js)?;
        a.convert_spans(text, resona::text::SpanUnit::Utf16Units);
        to_js(&a)
    }

    /// The latest fused state, or `null` before the first reading.
    pub fn state(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.state())
    }

    /// Ends the session; returns its summary.
    #[wasm_bindgen(js_name = endSession)]
    pub fn end_session(&self, timestamp_ms: f64) -> Result<JsValue, JsValue> {
        to_js(&self.0.end_session(TimestampMs(timestamp_ms as i64)).map_err(js)?)
    }

    /// Burnout risk across the saved sessions.
    pub fn burnout(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.burnout().map_err(js)?)
    }

    /// The user's baseline as bytes.
    #[wasm_bindgen(js_name = saveBaseline)]
    pub fn save_baseline(&self) -> Vec<u8> {
        self.0.save_baseline()
    }

    /// Restores a saved baseline.
    #[wasm_bindgen(js_name = loadBaseline)]
    pub fn load_baseline(&self, bytes: &[u8]) -> Result<(), JsValue> {
        self.0.load_baseline(bytes).map_err(js)
    }

    /// The session history as bytes.
    #[wasm_bindgen(js_name = saveHistory)]
    pub fn save_history(&self) -> Vec<u8> {
        self.0.save_history()
    }

    /// Restores a saved session history.
    #[wasm_bindgen(js_name = loadHistory)]
    pub fn load_history(&self, bytes: &[u8]) -> Result<(), JsValue> {
        self.0.load_history(bytes).map_err(js)
    }
}
