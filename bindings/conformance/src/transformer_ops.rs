//! `text_transformer`: a bring-your-own transformer classifier built from the case's model,
//! tokenizer and settings, then one message tokenized, embedded or classified.
//!
//! Settings use the names every surface takes: `pooling` (`mean`, `cls`, `none`), `inputs`
//! (graph input names), `output`, `labels` (model label names, `labels_from_names`), `head`
//! (`{"weights": [[..], ..], "bias": [..]}`, one row per class), `max_length`, `normalize`.

use crate::{Output, buffer_u8};
use resona::text::transformer::{LinearHead, TransformerClassifier, TransformerConfig, labels_from_names};
use resona::{Backend, Error};
use serde_json::Value;

fn strings(v: &Value) -> Result<Vec<String>, String> {
    v.as_array()
        .ok_or("expected an array of strings")?
        .iter()
        .map(|s| s.as_str().map(str::to_owned).ok_or_else(|| format!("not a string: {s}")))
        .collect()
}

fn floats(v: &Value) -> Result<Vec<f32>, String> {
    v.as_array()
        .ok_or("expected an array of numbers")?
        .iter()
        .map(|x| x.as_f64().map(|x| x as f32).ok_or_else(|| format!("not a number: {x}")))
        .collect()
}

/// The case's settings as a config; the outer error is a broken case, the inner one Resona's.
fn config(input: &Value, backend: Backend) -> Result<Result<TransformerConfig, Error>, String> {
    let pooling = input.get("pooling").and_then(Value::as_str).unwrap_or("mean").to_owned();
    let inputs = input.get("inputs").map(strings).transpose()?;
    let labels = input.get("labels").map(strings).transpose()?;
    let head = match input.get("head") {
        None => None,
        Some(h) => {
            let rows = h.get("weights").and_then(Value::as_array).ok_or("head needs weights")?;
            let mut weights = Vec::new();
            for row in rows {
                weights.extend(floats(row)?);
            }
            Some((weights, floats(h.get("bias").ok_or("head needs bias")?)?))
        }
    };
    let max_length = input.get("max_length").and_then(Value::as_u64).map(|n| n as usize);
    let normalize = input.get("normalize").and_then(Value::as_bool);
    let output = input.get("output").and_then(Value::as_str).map(str::to_owned);
    Ok((|| {
        let mut c = TransformerConfig::default().with_backend(backend).with_pooling(pooling.parse()?);
        if let Some(inputs) = &inputs {
            c = c.with_inputs(inputs.iter().map(|s| s.parse()).collect::<Result<_, _>>()?);
        }
        if let Some(labels) = &labels {
            c = c.with_labels(labels_from_names(labels)?);
        }
        if let Some((weights, bias)) = head {
            c = c.with_head(Some(LinearHead::new(weights, bias)?));
        }
        if let Some(n) = max_length {
            c = c.with_max_length(n);
        }
        if let Some(n) = normalize {
            c = c.with_normalize(n);
        }
        if let Some(o) = output {
            c = c.with_output(o);
        }
        Ok(c)
    })())
}

pub(crate) fn run(input: &Value, backend: Backend) -> Result<Result<Output, Error>, String> {
    let model = buffer_u8(input.get("model").ok_or("missing model")?)?;
    let tokenizer = buffer_u8(input.get("tokenizer").ok_or("missing tokenizer")?)?;
    let text = input.get("text").and_then(Value::as_str).ok_or("missing text")?;
    let call = input.get("call").and_then(Value::as_str).ok_or("missing call")?;
    let config = match config(input, backend)? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let classifier = match TransformerClassifier::from_bytes(&model, &tokenizer, config) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    Ok(match call {
        "tokenize" => classifier.tokenize(text).map(|t| json(&t)),
        "embed" => classifier.embed(text).map(|v| json(&v)),
        "classify" => classifier.classify(text).map(|r| json(&r)),
        other => return Err(format!("unknown call {other}")),
    })
}

fn json<T: serde::Serialize>(v: &T) -> Output {
    Output::Value(serde_json::to_value(v).unwrap_or(Value::Null))
}
