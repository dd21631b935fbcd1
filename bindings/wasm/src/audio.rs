//! Voice for JS: librosa-style functions on `Float32Array`s and the streaming `AudioStream`.
//!
//! Options are plain objects with camelCase keys (`{nMfcc: 13, hopLength: 512}`); missing
//! keys take Resona's defaults, the same as Python's keyword defaults. Matrices come back as
//! `{rows, cols, data}` with `data` a row-major `Float32Array` (rows = coefficients, cols =
//! frames, librosa's layout).

use crate::error::js;
use crate::options::{count, flag, get, num};
use crate::plain::to_js;
use js_sys::{Float32Array, Object, Reflect, Uint8Array};
use resona::audio::pitch::{Crepe, CrepeConfig, Pyin, PyinConfig, Yin, YinConfig};
use resona::audio::preprocess::{self, DenoiseConfig, Denoiser, QualityConfig, Resampler, Vad, VadConfig};
use resona::audio::spectral::{FrameConfig, MelConfig, Mfcc, MfccConfig, StftConfig};
use resona::audio::voice_quality::{VoiceQuality, VoiceQualityConfig};
use resona::audio::{AudioStream as CoreStream, AudioStreamConfig, FeatureExtractor, FeatureMatrix};
use resona::{AudioView, Backend, SampleRate, TimestampMs};
use wasm_bindgen::prelude::*;

fn rate(sr: u32) -> Result<SampleRate, JsValue> {
    SampleRate::new(sr).map_err(js)
}

fn set(o: &Object, key: &str, v: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(o, &key.into(), v);
}

fn matrix(m: &FeatureMatrix) -> JsValue {
    let o = Object::new();
    set(&o, "rows", &(m.rows() as u32).into());
    set(&o, "cols", &(m.cols() as u32).into());
    set(&o, "data", &Float32Array::from(m.as_slice()).into());
    o.into()
}

fn mfcc_config(sr: SampleRate, opts: &JsValue) -> MfccConfig {
    let n_fft = count(opts, "nFft", 512);
    let stft = StftConfig::default()
        .with_sample_rate(sr)
        .with_n_fft(n_fft)
        .with_hop_length(count(opts, "hopLength", 160))
        .with_win_length(count(opts, "winLength", 400))
        .with_center(flag(opts, "center", true));
    let mel = MelConfig::default()
        .with_stft(stft)
        .with_n_mels(count(opts, "nMels", 40))
        .with_fmin(num(opts, "fmin", 0.0) as f32)
        .with_fmax(get(opts, "fmax").and_then(|v| v.as_f64()).map(|v| v as f32))
        .with_htk(flag(opts, "htk", false));
    let top_db = match get(opts, "topDb") {
        Some(v) if v.as_bool() == Some(false) => None,
        Some(v) => v.as_f64().map(|v| v as f32),
        None => Some(80.0),
    };
    MfccConfig::default()
        .with_mel(mel)
        .with_n_mfcc(count(opts, "nMfcc", 40))
        .with_top_db(top_db)
        .with_lifter(num(opts, "lifter", 0.0) as f32)
}

/// MFCC as `librosa.feature.mfcc`: `{rows: nMfcc, cols: frames, data}`. Options: nMfcc,
/// nFft, hopLength, winLength, nMels, fmin, fmax, htk, center, topDb (false for none), lifter.
#[wasm_bindgen]
pub fn mfcc(y: &[f32], sr: u32, opts: JsValue) -> Result<JsValue, JsValue> {
    let cfg = mfcc_config(rate(sr)?, &opts);
    let m = Mfcc::new(cfg).and_then(|m| m.process(y)).map_err(js)?;
    Ok(matrix(&m))
}

fn frame_config(opts: &JsValue) -> FrameConfig {
    FrameConfig::default()
        .with_frame_length(count(opts, "frameLength", 2048))
        .with_hop_length(count(opts, "hopLength", 512))
        .with_center(flag(opts, "center", true))
}

/// RMS per frame as `librosa.feature.rms` (options frameLength, hopLength, center).
#[wasm_bindgen]
pub fn rms(y: &[f32], opts: JsValue) -> Result<Float32Array, JsValue> {
    let v = resona::audio::spectral::rms(y, &frame_config(&opts)).map_err(js)?;
    Ok(Float32Array::from(v.as_slice()))
}

/// Zero-crossing rate per frame as `librosa.feature.zero_crossing_rate`.
#[wasm_bindgen]
pub fn zcr(y: &[f32], opts: JsValue) -> Result<Float32Array, JsValue> {
    let v = resona::audio::spectral::zero_crossing_rate(y, &frame_config(&opts)).map_err(js)?;
    Ok(Float32Array::from(v.as_slice()))
}

fn yin_config(sr: SampleRate, opts: &JsValue) -> YinConfig {
    YinConfig::default()
        .with_sample_rate(sr)
        .with_fmin(num(opts, "fmin", 65.0) as f32)
        .with_fmax(num(opts, "fmax", 600.0) as f32)
        .with_frame_length(count(opts, "frameLength", 1024))
        .with_hop_length(Some(count(opts, "hopLength", 160)))
        .with_center(flag(opts, "center", true))
}

/// f0 per frame (Hz) as `librosa.yin` (options fmin, fmax, frameLength, hopLength, center).
#[wasm_bindgen]
pub fn yin(y: &[f32], sr: u32, opts: JsValue) -> Result<Float32Array, JsValue> {
    let f0 = Yin::new(yin_config(rate(sr)?, &opts)).and_then(|mut p| p.process(y)).map_err(js)?;
    Ok(Float32Array::from(f0.as_slice()))
}

/// `{f0, voicedFlag, voicedProb}` as `librosa.pyin` (f0 NaN where unvoiced; voicedFlag a
/// Uint8Array of 0/1).
#[wasm_bindgen]
pub fn pyin(y: &[f32], sr: u32, opts: JsValue) -> Result<JsValue, JsValue> {
    let cfg = PyinConfig::default()
        .with_sample_rate(rate(sr)?)
        .with_fmin(num(&opts, "fmin", 65.0) as f32)
        .with_fmax(num(&opts, "fmax", 600.0) as f32)
        .with_frame_length(count(&opts, "frameLength", 1024))
        .with_hop_length(Some(count(&opts, "hopLength", 160)))
        .with_center(flag(&opts, "center", true));
    let t = Pyin::new(cfg).and_then(|mut p| p.process(y)).map_err(js)?;
    let o = Object::new();
    set(&o, "f0", &Float32Array::from(t.f0.as_slice()).into());
    let flags: Vec<u8> = t.voiced_flag.iter().map(|&v| u8::from(v)).collect();
    set(&o, "voicedFlag", &Uint8Array::from(flags.as_slice()).into());
    set(&o, "voicedProb", &Float32Array::from(t.voiced_prob.as_slice()).into());
    Ok(o.into())
}

/// `{f0, voicedFlag, periodicity}` from the bundled CREPE tiny model (16 kHz only; f0 NaN
/// where unvoiced; voicedFlag a Uint8Array of 0/1). Options fmin, fmax, hopLength, threshold,
/// center, as Resona's defaults (50, 2006, 160, 0.21, true).
#[wasm_bindgen]
pub fn crepe(y: &[f32], sr: u32, opts: JsValue) -> Result<JsValue, JsValue> {
    let cfg = CrepeConfig::default()
        .with_sample_rate(rate(sr)?)
        .with_fmin(num(&opts, "fmin", 50.0) as f32)
        .with_fmax(num(&opts, "fmax", 2006.0) as f32)
        .with_hop_length(count(&opts, "hopLength", 160))
        .with_threshold(num(&opts, "threshold", 0.21) as f32)
        .with_center(flag(&opts, "center", true));
    let t = Crepe::new(cfg, Backend::Tract).and_then(|mut c| c.process(y)).map_err(js)?;
    let o = Object::new();
    set(&o, "f0", &Float32Array::from(t.f0.as_slice()).into());
    let flags: Vec<u8> = t.voiced_flag.iter().map(|&v| u8::from(v)).collect();
    set(&o, "voicedFlag", &Uint8Array::from(flags.as_slice()).into());
    set(&o, "periodicity", &Float32Array::from(t.periodicity.as_slice()).into());
    Ok(o.into())
}

/// Praat's jitter, shimmer and HNR (`null` where undefined).
#[wasm_bindgen(js_name = voiceQuality)]
pub fn voice_quality(y: &[f32], sr: u32) -> Result<JsValue, JsValue> {
    let sr = rate(sr)?;
    let r = VoiceQuality::new(VoiceQualityConfig::default()).and_then(|v| v.analyze(y, sr)).map_err(js)?;
    to_js(&r)
}

/// The named functionals of one utterance, `{name: value}` (NaN where undefined).
#[wasm_bindgen]
pub fn features(y: &[f32], sr: u32) -> Result<JsValue, JsValue> {
    let sr = rate(sr)?;
    let s = FeatureExtractor::new().and_then(|mut f| f.extract(y, sr)).map_err(js)?;
    let o = Object::new();
    for (name, value) in s.to_pairs() {
        set(&o, name, &f64::from(value).into());
    }
    Ok(o.into())
}

/// `y` resampled from `origSr` to `targetSr`.
#[wasm_bindgen]
pub fn resample(y: &[f32], orig_sr: u32, target_sr: u32) -> Result<Float32Array, JsValue> {
    let out = Resampler::new(rate(orig_sr)?, rate(target_sr)?).and_then(|mut r| r.process(y)).map_err(js)?;
    Ok(Float32Array::from(out.as_slice()))
}

/// Noise-suppressed speech, same length as `y`.
#[wasm_bindgen]
pub fn denoise(y: &[f32], sr: u32) -> Result<Float32Array, JsValue> {
    let cfg = DenoiseConfig::default().with_sample_rate(rate(sr)?);
    let out = Denoiser::new(cfg).and_then(|mut d| d.process(y)).map_err(js)?;
    Ok(Float32Array::from(out.as_slice()))
}

/// Voice activity: `{probabilities, segments: [{start, end}], hop}`.
#[wasm_bindgen]
pub fn vad(y: &[f32], sr: u32) -> Result<JsValue, JsValue> {
    let r = Vad::new(VadConfig::default().with_sample_rate(rate(sr)?)).and_then(|v| v.process(y)).map_err(js)?;
    to_js(&r)
}

/// Recording quality: levels, clipping, SNR, speech share, duration and flags.
#[wasm_bindgen]
pub fn quality(y: &[f32], sr: u32) -> Result<JsValue, JsValue> {
    to_js(&preprocess::analyze_quality(y, rate(sr)?, &QualityConfig::default()).map_err(js)?)
}

/// Streaming features: push interleaved PCM chunks of any size, get one frame per 10 ms.
#[wasm_bindgen]
#[derive(Debug)]
pub struct AudioStream(CoreStream);

#[wasm_bindgen]
impl AudioStream {
    /// A stream of `channels`-channel audio at `sr` Hz.
    #[wasm_bindgen(constructor)]
    pub fn new(sr: u32, channels: Option<u16>, denoise: Option<bool>) -> Result<AudioStream, JsValue> {
        let cfg = AudioStreamConfig::default().with_denoise(denoise.unwrap_or(false));
        CoreStream::new(cfg, rate(sr)?, channels.unwrap_or(1)).map(Self).map_err(js)
    }

    /// Feeds samples whose first sample is at `timestampMs`; returns the completed frames as
    /// `[{index, timestamp, mfcc, rms, zcr, centroid, bandwidth, rolloff, flatness, flux,
    /// f0_hz, speech_probability}]`.
    pub fn push(&mut self, samples: &[f32], timestamp_ms: f64) -> Result<JsValue, JsValue> {
        let view = AudioView::from_f32(samples, self.0.input_rate().get(), self.0.channels()).map_err(js)?;
        let mut frames = vec![];
        self.0.push(&view, TimestampMs(timestamp_ms as i64), |f| frames.push(f.to_owned_frame())).map_err(js)?;
        to_js(&frames)
    }

    /// Ends the stream; returns the last frames.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let mut frames = vec![];
        self.0.finish(|f| frames.push(f.to_owned_frame())).map_err(js)?;
        to_js(&frames)
    }
}

/// Voice emotion with the bundled EmoDB model.
#[wasm_bindgen]
#[derive(Debug)]
pub struct VoiceEmotion(resona::audio::VoiceEmotionModel);

#[wasm_bindgen]
impl VoiceEmotion {
    /// Loads the bundled model (tract).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<VoiceEmotion, JsValue> {
        resona::audio::VoiceEmotionModel::bundled(resona::audio::VoiceEmotionConfig::default()).map(Self).map_err(js)
    }

    /// One result per 2-5 s speech segment: `[{start, end, emotion: {scores, label,
    /// confidence, gated}}]`, times in ms from `startMs`.
    pub fn predict(&mut self, y: &[f32], sr: u32, start_ms: f64) -> Result<JsValue, JsValue> {
        let segments = self.0.classify_segments(y, rate(sr)?, TimestampMs(start_ms as i64)).map_err(js)?;
        to_js(&segments)
    }
}

/// Vocal stress in [0, 1] with its indicators, against population norms.
#[wasm_bindgen(js_name = vocalStress)]
pub fn vocal_stress(y: &[f32], sr: u32) -> Result<JsValue, JsValue> {
    let sr = rate(sr)?;
    let summary = FeatureExtractor::new().and_then(|mut f| f.extract(y, sr)).map_err(js)?;
    let reading = resona::audio::VocalStress::new(resona::audio::VocalStressConfig::default())
        .and_then(|v| v.assess(&summary, None))
        .map_err(js)?;
    to_js(&reading)
}
