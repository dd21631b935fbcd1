//! Audio operations of the conformance cases (`audio_*`); see cases/audio.json and
//! cases/pitch.json for the input keys and their defaults. `audio_crepe` (cases/pitch.json)
//! runs the bundled CREPE model on the case's backend; the other ops have no model.

use crate::Output;
use resona::audio::pitch::{Crepe, CrepeConfig, Pyin, PyinConfig, Yin, YinConfig};
use resona::audio::preprocess::Resampler;
use resona::audio::spectral::{FrameConfig, MelConfig, Mfcc, MfccConfig, StftConfig};
use resona::audio::voice_quality::{VoiceQuality, VoiceQualityConfig};
use resona::audio::{AudioStream, AudioStreamConfig, FeatureExtractor};
use resona::{AudioView, Backend, Error, SampleRate, TimestampMs};
use serde_json::{Value, json};

/// The case's samples: `pcm` (a file of int16 LE, read as int16 / 32768) or `zeros` (n).
pub(crate) fn samples(input: &Value) -> Result<Vec<f32>, String> {
    if let Some(n) = input.get("zeros").and_then(Value::as_u64) {
        return Ok(vec![0.0; usize::try_from(n).map_err(|e| e.to_string())?]);
    }
    let path = input.get("pcm").and_then(Value::as_str).ok_or("input needs `pcm` or `zeros`")?;
    let bytes = std::fs::read(crate::root().join(path)).map_err(|e| format!("{path}: {e}"))?;
    Ok(bytes.chunks_exact(2).map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0).collect())
}

fn u(input: &Value, key: &str, default: u64) -> u64 {
    input.get(key).and_then(Value::as_u64).unwrap_or(default)
}

fn f(input: &Value, key: &str, default: f64) -> f64 {
    input.get(key).and_then(Value::as_f64).unwrap_or(default)
}

fn n(input: &Value, key: &str, default: usize) -> usize {
    usize::try_from(u(input, key, default as u64)).unwrap_or(usize::MAX)
}

fn rate(input: &Value, key: &str) -> Result<SampleRate, Error> {
    Ok(SampleRate::new(u32::try_from(u(input, key, 16_000)).unwrap_or(u32::MAX))?)
}

/// `NaN` as the cases spell it; JSON has no NaN.
fn num(v: f32) -> Value {
    if v.is_finite() { json!(v) } else { json!("NaN") }
}

fn run_op(op: &str, i: &Value, y: &[f32], backend: Backend) -> Result<Value, Error> {
    Ok(match op {
        "audio_mfcc" => {
            let stft = StftConfig::default().with_sample_rate(rate(i, "sr")?);
            let mel = MelConfig::default()
                .with_stft(stft)
                .with_n_mels(n(i, "n_mels", 40))
                .with_fmin(f(i, "fmin", 0.0) as f32)
                .with_fmax(i.get("fmax").and_then(Value::as_f64).map(|v| v as f32))
                .with_htk(i.get("htk").and_then(Value::as_bool).unwrap_or(false));
            let m = Mfcc::new(MfccConfig::default().with_mel(mel).with_n_mfcc(n(i, "n_mfcc", 40)))?.process(y)?;
            json!({"rows": m.rows(), "cols": m.cols(), "data": m.as_slice().iter().map(|&v| num(v)).collect::<Vec<_>>()})
        }
        "audio_rms" | "audio_zcr" => {
            let cfg = FrameConfig::default().with_frame_length(n(i, "frame_length", 2048)).with_hop_length(n(
                i,
                "hop_length",
                512,
            ));
            let v = if op == "audio_rms" {
                resona::audio::spectral::rms(y, &cfg)?
            } else {
                resona::audio::spectral::zero_crossing_rate(y, &cfg)?
            };
            json!({"data": v.iter().map(|&v| num(v)).collect::<Vec<_>>()})
        }
        "audio_pyin" => {
            let cfg = PyinConfig::default()
                .with_sample_rate(rate(i, "sr")?)
                .with_fmin(f(i, "fmin", 65.0) as f32)
                .with_fmax(f(i, "fmax", 600.0) as f32);
            let t = Pyin::new(cfg)?.process(y)?;
            json!({"f0": t.f0.iter().map(|&v| num(v)).collect::<Vec<_>>(), "voiced": t.voiced_flag})
        }
        "audio_crepe" => {
            let cfg = CrepeConfig::default()
                .with_sample_rate(rate(i, "sr")?)
                .with_fmin(f(i, "fmin", 50.0) as f32)
                .with_fmax(f(i, "fmax", 2006.0) as f32);
            let t = Crepe::new(cfg, backend)?.process(y)?;
            json!({
                "f0": t.f0.iter().map(|&v| num(v)).collect::<Vec<_>>(),
                "voiced": t.voiced_flag,
                "periodicity": t.periodicity.iter().map(|&v| num(v)).collect::<Vec<_>>(),
            })
        }
        "audio_yin" => {
            let cfg = YinConfig::default()
                .with_sample_rate(rate(i, "sr")?)
                .with_fmin(f(i, "fmin", 65.0) as f32)
                .with_fmax(f(i, "fmax", 600.0) as f32);
            json!({"f0": Yin::new(cfg)?.process(y)?.iter().map(|&v| num(v)).collect::<Vec<_>>()})
        }
        "audio_voice_quality" => {
            serde_json::to_value(VoiceQuality::new(VoiceQualityConfig::default())?.analyze(y, rate(i, "sr")?)?)
                .unwrap_or(Value::Null)
        }
        "audio_resample" => {
            let out = Resampler::new(rate(i, "orig_sr")?, rate(i, "target_sr")?)?.process(y)?;
            json!({"len": out.len()})
        }
        "audio_stream" => {
            let chunks: Vec<usize> = i
                .get("chunks")
                .and_then(Value::as_array)
                .map(|c| c.iter().filter_map(Value::as_u64).map(|v| v.max(1) as usize).collect())
                .unwrap_or_else(|| vec![y.len().max(1)]);
            let sr = rate(i, "sr")?;
            let mut s = AudioStream::new(AudioStreamConfig::default(), sr, 1)?;
            let (mut frames, mut n_mfcc, mut at, mut k) = (0usize, 0usize, 0usize, 0usize);
            while at < y.len() {
                let len = chunks[k % chunks.len()].min(y.len() - at);
                let view = AudioView::from_f32(&y[at..at + len], sr.get(), 1)?;
                s.push(&view, TimestampMs(0), |fr| {
                    frames += 1;
                    n_mfcc = fr.mfcc.len();
                })?;
                at += len;
                k += 1;
            }
            s.finish(|fr| {
                frames += 1;
                n_mfcc = fr.mfcc.len();
            })?;
            json!({"n_frames": frames, "n_mfcc": n_mfcc})
        }
        "audio_features" => {
            let s = FeatureExtractor::new()?.extract(y, rate(i, "sr")?)?;
            Value::Object(s.to_pairs().into_iter().map(|(k, v)| (k.to_owned(), num(v))).collect())
        }
        other => {
            return Err(
                resona::InputError::UnknownName { what: "op", value: other.to_owned(), expected: "audio_*" }.into()
            );
        }
    })
}

pub(crate) fn run(op: &str, input: &Value, backend: Backend) -> Result<Result<Output, Error>, String> {
    let y = samples(input)?;
    Ok(run_op(op, input, &y, backend).map(Output::Value))
}
