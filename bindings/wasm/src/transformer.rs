//! `TransformerClassifier`: a bring-your-own transformer text model (ONNX bytes, a
//! tokenizer.json and a label list) on tract, in the browser and in Node.

use crate::error::js;
use crate::options::{count, flag, get};
use crate::plain::to_js;
use js_sys::{Array, Float32Array, Uint8Array};
use resona::text::transformer::{
    LinearHead, TransformerClassifier as Classifier, TransformerConfig, TransformerInput, labels_from_names,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A transformer text model with its tokenizer, pooling and optional linear head. Build it
/// once; it runs on tract (ONNX Runtime does not build for WebAssembly).
#[wasm_bindgen]
#[derive(Debug)]
pub struct TransformerClassifier {
    inner: Classifier,
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A string, or UTF-8 bytes checked like a message.
fn text_or_bytes(v: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    v.dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| type_error(&format!("{what} must be a string or a Uint8Array")))
}

fn string_list(v: &JsValue, what: &str) -> Result<Vec<String>, JsValue> {
    let list = v.dyn_ref::<Array>().ok_or_else(|| type_error(&format!("{what} must be an array of strings")))?;
    list.iter().map(|s| s.as_string().ok_or_else(|| type_error(&format!("{what} must hold strings")))).collect()
}

/// Numbers from a `Float32Array`, an array of numbers, or an array of such rows (row-major).
fn floats(v: &JsValue, what: &str, out: &mut Vec<f32>) -> Result<(), JsValue> {
    if let Some(a) = v.dyn_ref::<Float32Array>() {
        out.extend(a.to_vec());
        return Ok(());
    }
    let list = v.dyn_ref::<Array>().ok_or_else(|| type_error(&format!("{what} must be numbers or rows of numbers")))?;
    for item in list.iter() {
        match item.as_f64() {
            Some(x) => out.push(x as f32),
            None => floats(&item, what, out)?,
        }
    }
    Ok(())
}

/// The settings of `opts` as a config: `labels`, `pooling`, `head: {weights, bias}`,
/// `maxLength`, `normalize`, `inputs`, `output`.
fn config(opts: &JsValue) -> Result<TransformerConfig, JsValue> {
    let defaults = TransformerConfig::default();
    let mut c = defaults.clone().with_max_length(count(opts, "maxLength", defaults.max_length)).with_normalize(flag(
        opts,
        "normalize",
        defaults.normalize,
    ));
    if let Some(p) = get(opts, "pooling") {
        c = c.with_pooling(p.as_string().ok_or_else(|| type_error("pooling must be a string"))?.parse().map_err(js)?);
    }
    if let Some(o) = get(opts, "output") {
        c = c.with_output(o.as_string().ok_or_else(|| type_error("output must be a string"))?);
    }
    if let Some(i) = get(opts, "inputs") {
        let inputs: Result<Vec<TransformerInput>, _> = string_list(&i, "inputs")?.iter().map(|s| s.parse()).collect();
        c = c.with_inputs(inputs.map_err(js)?);
    }
    if let Some(l) = get(opts, "labels") {
        c = c.with_labels(labels_from_names(&string_list(&l, "labels")?).map_err(js)?);
    }
    if let Some(h) = get(opts, "head") {
        let (mut weights, mut bias) = (Vec::new(), Vec::new());
        if let Some(w) = get(&h, "weights") {
            floats(&w, "head.weights", &mut weights)?;
        }
        if let Some(b) = get(&h, "bias") {
            floats(&b, "head.bias", &mut bias)?;
        }
        c = c.with_head(Some(LinearHead::new(weights, bias).map_err(js)?));
    }
    Ok(c)
}

#[wasm_bindgen]
impl TransformerClassifier {
    /// Loads `model` (ONNX bytes) and `tokenizer` (a tokenizer.json as a string or bytes).
    /// Options (Rust's `TransformerConfig` documents each and its default): `labels` (model
    /// label names such as "joy", or Resona's), `pooling` ("mean", "cls", "none"), `head`
    /// (`{weights, bias}`: classes x dim weights, row-major or as rows, and classes biases),
    /// `maxLength`, `normalize`, `inputs` (graph input names in order), `output`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        model: &[u8],
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] tokenizer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TransformerOptions | undefined")] opts: JsValue,
    ) -> Result<TransformerClassifier, JsValue> {
        let tokenizer = text_or_bytes(&tokenizer, "tokenizer")?;
        let inner = Classifier::from_bytes(model, &tokenizer, config(&opts)?).map_err(js)?;
        Ok(Self { inner })
    }

    /// The message as the model sees it: `{input_ids, attention_mask, token_type_ids, tokens}`.
    pub fn tokenize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.tokenize(&crate::text::message(&text)?).map_err(js)?)
    }

    /// The message's pooled (and, if set, normalised) vector.
    pub fn embed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    ) -> Result<Float32Array, JsValue> {
        let v = self.inner.embed(&crate::text::message(&text)?).map_err(js)?;
        Ok(Float32Array::from(v.as_slice()))
    }

    /// The emotion of the message: `{scores, label, confidence}`, scores over every Resona
    /// emotion.
    pub fn classify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.classify(&crate::text::message(&text)?).map_err(js)?)
    }
}
