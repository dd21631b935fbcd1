//! `ExpressionClassifier`: facial expression of face crops and frames.

use crate::error::js;
use crate::scores::EmotionScores;
use js_sys::{Float32Array, Uint8Array, Uint8ClampedArray};
use resona::vision::ExpressionConfig;
use resona::{ImageView, PixelFormat};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Classifies the seven facial expressions of gray 64x64 face crops with the bundled
/// mini-XCEPTION model, run by tract. Build it once and reuse it; call `free()` (or let the
/// garbage collector do it) when done.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ExpressionClassifier(resona::vision::ExpressionClassifier);

#[wasm_bindgen]
impl ExpressionClassifier {
    /// Loads the bundled model.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<ExpressionClassifier, JsValue> {
        resona::vision::ExpressionClassifier::new(ExpressionConfig::default()).map(Self).map_err(js)
    }

    /// The inference backend: always "tract" in WebAssembly.
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> String {
        self.0.backend().as_str().to_owned()
    }

    /// Classifies one gray crop, row-major, `width` x `height` = 64x64. Bytes
    /// (`Uint8Array`, `Uint8ClampedArray`) or floats in [0, 255] (`Float32Array`).
    #[wasm_bindgen(js_name = classifyCrop)]
    pub fn classify_crop(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | Uint8ClampedArray | Float32Array")] pixels: JsValue,
        width: u32,
        height: u32,
    ) -> Result<EmotionScores, JsValue> {
        let result = if let Some(a) = pixels.dyn_ref::<Float32Array>() {
            self.0.classify_crop_f32(&a.to_vec(), width, height)
        } else if let Some(a) = pixels.dyn_ref::<Uint8Array>() {
            self.0.classify_crop_u8(&a.to_vec(), width, height)
        } else if let Some(a) = pixels.dyn_ref::<Uint8ClampedArray>() {
            self.0.classify_crop_u8(&a.to_vec(), width, height)
        } else {
            return Err(js_sys::TypeError::new("pixels must be a Uint8Array, Uint8ClampedArray or Float32Array").into());
        };
        result.map(EmotionScores::from).map_err(js)
    }

    /// Classifies a batch of gray 8-bit crops laid end to end (count x width x height bytes)
    /// in one model run; one result per crop, in order.
    #[wasm_bindgen(js_name = classifyCrops)]
    pub fn classify_crops(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | Uint8ClampedArray")] pixels: &[u8],
        width: u32,
        height: u32,
    ) -> Result<Vec<EmotionScores>, JsValue> {
        let all = self.0.classify_crops_u8(pixels, width, height).map_err(js)?;
        Ok(all.into_iter().map(EmotionScores::from).collect())
    }

    /// Classifies a whole frame (e.g. a face cut from a canvas' `ImageData`, format "rgba8"):
    /// converted to gray and resized to the crop size. `stride` is the distance between rows
    /// in bytes and defaults to `width` x bytes per pixel.
    #[wasm_bindgen(js_name = classifyImage)]
    pub fn classify_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | Uint8ClampedArray")] pixels: &[u8],
        width: u32,
        height: u32,
        #[wasm_bindgen(unchecked_param_type = "PixelFormat")] format: &str,
        stride: Option<usize>,
    ) -> Result<EmotionScores, JsValue> {
        let format: PixelFormat = format.parse().map_err(js)?;
        let view = match stride {
            Some(stride) => ImageView::new(pixels, width, height, stride, format),
            None => ImageView::packed(pixels, width, height, format),
        }
        .map_err(js)?;
        self.0.classify_image(&view).map(EmotionScores::from).map_err(js)
    }
}
