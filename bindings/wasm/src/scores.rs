//! `EmotionScores` and the functions that build one.

use crate::error::js;
use js_sys::{Float32Array, Object, Reflect};
use resona::Emotion;
use wasm_bindgen::prelude::*;

/// A probability distribution over the seven emotions (each in [0, 1], summing to 1).
#[wasm_bindgen]
#[derive(Debug, Clone, Copy)]
pub struct EmotionScores(resona::EmotionScores);

impl From<resona::EmotionScores> for EmotionScores {
    fn from(s: resona::EmotionScores) -> Self {
        Self(s)
    }
}

#[wasm_bindgen]
impl EmotionScores {
    /// The seven probabilities in Resona's order (see `emotions()`).
    pub fn probabilities(&self) -> Float32Array {
        Float32Array::from(&self.0.as_array()[..])
    }

    /// The most probable emotion; ties go to the earlier one in Resona's order.
    #[wasm_bindgen(getter, unchecked_return_type = "Emotion")]
    pub fn label(&self) -> String {
        self.0.argmax().as_str().to_owned()
    }

    /// Probability of the most probable emotion, in [1/7, 1].
    #[wasm_bindgen(getter)]
    pub fn confidence(&self) -> f32 {
        self.0.confidence()
    }

    /// Probability of one emotion, by canonical name or dataset alias ("joy", "anger", ...).
    /// Throws a `ResonaInputError` (code "unknown_name") for other names.
    pub fn get(&self, name: &str) -> Result<f32, JsValue> {
        Ok(self.0.get(name.parse::<Emotion>().map_err(js)?))
    }

    /// `{neutral: p, happy: p, ...}` in Resona's order; `JSON.stringify` uses it.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "Record<Emotion, number>")]
    pub fn to_json(&self) -> Object {
        let obj = Object::new();
        for (e, p) in self.0.iter() {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&obj, &e.as_str().into(), &p.into());
        }
        obj
    }
}

fn parse_labels(labels: Option<Vec<String>>) -> Result<Vec<Emotion>, JsValue> {
    match labels {
        None => Ok(Emotion::ALL.to_vec()),
        Some(names) => names.iter().map(|n| n.parse::<Emotion>().map_err(js)).collect(),
    }
}

/// Softmax of model logits. `labels` names the emotion of each logit (canonical names or
/// dataset aliases such as FER2013's "disgust"); it defaults to Resona's order. Emotions not
/// named get probability 0.
#[wasm_bindgen(js_name = emotionScoresFromLogits)]
pub fn emotion_scores_from_logits(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] logits: Vec<f32>,
    labels: Option<Vec<String>>,
) -> Result<EmotionScores, JsValue> {
    resona::EmotionScores::from_logits_ordered(&logits, &parse_labels(labels)?).map(EmotionScores).map_err(js)
}

/// Validates probabilities (finite, in [0, 1], summing to 1 within 1e-6) given in the order
/// `labels` (default: Resona's order).
#[wasm_bindgen(js_name = emotionScoresFromProbabilities)]
pub fn emotion_scores_from_probabilities(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] probabilities: Vec<f32>,
    labels: Option<Vec<String>>,
) -> Result<EmotionScores, JsValue> {
    resona::EmotionScores::from_probabilities_ordered(&probabilities, &parse_labels(labels)?)
        .map(EmotionScores)
        .map_err(js)
}

/// The seven emotion names in Resona's order, the order of `EmotionScores.probabilities()`.
#[wasm_bindgen(unchecked_return_type = "Emotion[]")]
pub fn emotions() -> Vec<String> {
    Emotion::ALL.iter().map(|e| e.as_str().to_owned()).collect()
}
