//! The Engine in the conformance cases: op `engine_session`, a list of timestamped events
//! (`text`, `audio` from a pcm file, `frame` from an image file, `end_session`) run through a
//! fresh `Engine`, then the outputs named by `read` (`state`, `summary`, `burnout`) as one
//! serde-shaped object.

use crate::Output;
use resona::{AudioView, Backend, Engine, EngineConfig, Error, ImageView, PixelFormat, TimestampMs};
use serde_json::{Map, Value, json};

fn ts(event: &Value) -> TimestampMs {
    TimestampMs(event.get("t").and_then(Value::as_i64).unwrap_or(0))
}

pub(crate) fn run(input: &Value, backend: Backend) -> Result<Result<Output, Error>, String> {
    let engine = match Engine::new(EngineConfig::default().with_backend(backend)) {
        Ok(e) => e,
        Err(e) => return Ok(Err(e)),
    };
    let events = input.get("events").and_then(Value::as_array).ok_or("engine_session needs `events`")?;
    let mut out = Map::new();
    let mut summaries = vec![];
    for event in events {
        let result: Result<(), Error> = (|| {
            if let Some(text) = event.get("text").and_then(Value::as_str) {
                engine.push_text(text, ts(event))?;
            } else if let Some(path) = event.get("audio").and_then(Value::as_str) {
                let bytes = std::fs::read(crate::root().join(path))
                    .map_err(|_| resona::InputError::Empty { what: "audio file" })?;
                let pcm: Vec<i16> = bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
                // 20 ms chunks, like a capture callback.
                for (k, chunk) in pcm.chunks(320).enumerate() {
                    let view = AudioView::from_i16(chunk, 16_000, 1)?;
                    engine.push_audio(&view, TimestampMs(ts(event).0 + 20 * k as i64))?;
                }
            } else if let Some(img) = event.get("frame") {
                let path = img.get("file").and_then(Value::as_str).unwrap_or_default();
                let bytes = std::fs::read(crate::root().join(path))
                    .map_err(|_| resona::InputError::Empty { what: "image file" })?;
                let dim = |k: &str| img.get(k).and_then(Value::as_u64).and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
                let format: PixelFormat = img.get("format").and_then(Value::as_str).unwrap_or("rgb8").parse()?;
                engine.push_frame(&ImageView::packed(&bytes, dim("width"), dim("height"), format)?, ts(event))?;
            } else if event.get("end_session").is_some() {
                summaries.push(engine.end_session(ts(event))?);
            }
            Ok(())
        })();
        if let Err(e) = result {
            return Ok(Err(e));
        }
    }
    let reads = input.get("read").and_then(Value::as_array).cloned().unwrap_or_default();
    for r in reads.iter().filter_map(Value::as_str) {
        let v = match r {
            "state" => serde_json::to_value(engine.state()).unwrap_or(Value::Null),
            "summary" => serde_json::to_value(summaries.last()).unwrap_or(Value::Null),
            "burnout" => match engine.burnout() {
                Ok(b) => serde_json::to_value(b).unwrap_or(Value::Null),
                Err(e) => return Ok(Err(e)),
            },
            other => return Err(format!("unknown read {other}")),
        };
        out.insert(r.to_owned(), v);
    }
    Ok(Ok(Output::Value(json!(out))))
}
