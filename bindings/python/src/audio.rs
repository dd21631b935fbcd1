//! `resona.audio`: librosa-style functions on numpy arrays, and the streaming `AudioStream`.
//!
//! Each function converts its arguments to a resona-audio config (parameter names are
//! librosa's), copies the samples while holding the GIL, and runs without it.

use crate::dicts::to_py;
use crate::errors::IntoPyResult;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyArrayDyn, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyAnyMethods;
use resona::audio::pitch::{Crepe, CrepeConfig, Pyin, PyinConfig, Yin, YinConfig};
use resona::audio::preprocess::{self, DenoiseConfig, Denoiser, QualityConfig, Resampler, Vad, VadConfig};
use resona::audio::spectral::{
    FrameConfig, MelConfig, MelNorm, MelSpectrogram, Mfcc, MfccConfig, SpectralShape, StftConfig,
};
use resona::audio::voice_quality::{VoiceQuality, VoiceQualityConfig};
use resona::audio::{
    AudioStream as CoreStream, AudioStreamConfig, FeatureExtractor, FeatureMatrix, VocalStress, VocalStressConfig,
    VoiceBaseline, VoiceEmotionConfig, VoiceEmotionModel,
};
use resona::{AudioView, InputError, SampleRate, TimestampMs};
use std::sync::Mutex;

/// Mono samples of a 1-D float32/float64/int16 array (int16 scaled by 1/32768), or of a
/// `(channels, n)` array averaged over channels like `librosa.to_mono`.
fn mono(y: &Bound<'_, PyAny>) -> PyResult<Vec<f32>> {
    let py = y.py();
    let array = y.cast::<PyUntypedArray>().map_err(|_| {
        crate::errors::to_py_err(
            py,
            &InputError::UnknownName { what: "audio type", value: y.get_type().to_string(), expected: "numpy.ndarray" }
                .into(),
        )
    })?;
    let dtype = array.dtype().to_string();
    let (data, shape): (Vec<f32>, Vec<usize>) = match dtype.as_str() {
        "float32" => crate::arrays::pixels(y.cast::<PyArrayDyn<f32>>()?)?,
        "float64" => {
            let (d, s) = crate::arrays::pixels(y.cast::<PyArrayDyn<f64>>()?)?;
            (d.into_iter().map(|v| v as f32).collect(), s)
        }
        "int16" => {
            let (d, s) = crate::arrays::pixels(y.cast::<PyArrayDyn<i16>>()?)?;
            (d.into_iter().map(|v| f32::from(v) / 32768.0).collect(), s)
        }
        _ => return Err(crate::arrays::unsupported_dtype(array, "float32, float64, int16")),
    };
    match shape.as_slice() {
        [_] => Ok(data),
        [channels, n] if *channels > 0 => {
            let mut out = vec![0.0f32; *n];
            for c in 0..*channels {
                for (o, v) in out.iter_mut().zip(&data[c * n..(c + 1) * n]) {
                    *o += v / *channels as f32;
                }
            }
            Ok(out)
        }
        _ => Err(crate::errors::to_py_err(
            py,
            &InputError::WrongShape {
                what: "audio",
                expected: "(n,) or (channels, n)",
                received: format!("{shape:?}"),
            }
            .into(),
        )),
    }
}

fn rate(py: Python<'_>, sr: u32) -> PyResult<SampleRate> {
    SampleRate::new(sr).py(py)
}

fn matrix(py: Python<'_>, m: FeatureMatrix) -> PyResult<Py<PyArray2<f32>>> {
    let (rows, cols) = m.shape();
    let array = m.into_vec().into_pyarray(py);
    Ok(array.reshape([rows, cols])?.unbind())
}

fn row(py: Python<'_>, v: Vec<f32>) -> PyResult<Py<PyArray2<f32>>> {
    let n = v.len();
    Ok(v.into_pyarray(py).reshape([1, n])?.unbind())
}

#[allow(clippy::too_many_arguments)]
fn stft_config(sr: SampleRate, n_fft: usize, hop_length: usize, win_length: Option<usize>, center: bool) -> StftConfig {
    StftConfig::default()
        .with_sample_rate(sr)
        .with_n_fft(n_fft)
        .with_hop_length(hop_length)
        .with_win_length(win_length.unwrap_or(n_fft))
        .with_center(center)
}

#[allow(clippy::too_many_arguments)]
fn mel_config(
    sr: SampleRate,
    n_fft: usize,
    hop_length: usize,
    win_length: Option<usize>,
    center: bool,
    n_mels: usize,
    fmin: f32,
    fmax: Option<f32>,
    htk: bool,
    norm: Option<&str>,
    power: f32,
) -> resona::Result<MelConfig> {
    let norm = match norm {
        Some("slaney") => MelNorm::Slaney,
        None => MelNorm::None,
        Some(other) => {
            return Err(InputError::UnknownName {
                what: "mel norm",
                value: other.to_owned(),
                expected: "\"slaney\", None",
            }
            .into());
        }
    };
    Ok(MelConfig::default()
        .with_stft(stft_config(sr, n_fft, hop_length, win_length, center))
        .with_n_mels(n_mels)
        .with_fmin(fmin)
        .with_fmax(fmax)
        .with_htk(htk)
        .with_norm(norm)
        .with_power(power))
}

/// MFCC, `(n_mfcc, n_frames)` float32, as `librosa.feature.mfcc`.
#[pyfunction]
#[pyo3(signature = (y, sr, *, n_mfcc = 40, n_fft = 512, hop_length = 160, win_length = Some(400), n_mels = 40, fmin = 0.0, fmax = None, htk = false, norm = Some("slaney"), center = true, power = 2.0, top_db = Some(80.0), lifter = 0.0))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn mfcc(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    n_mfcc: usize,
    n_fft: usize,
    hop_length: usize,
    win_length: Option<usize>,
    n_mels: usize,
    fmin: f32,
    fmax: Option<f32>,
    htk: bool,
    norm: Option<&str>,
    center: bool,
    power: f32,
    top_db: Option<f32>,
    lifter: f32,
) -> PyResult<Py<PyArray2<f32>>> {
    let y = mono(y)?;
    let sr = rate(py, sr)?;
    let mel = mel_config(sr, n_fft, hop_length, win_length, center, n_mels, fmin, fmax, htk, norm, power).py(py)?;
    let config = MfccConfig::default().with_mel(mel).with_n_mfcc(n_mfcc).with_top_db(top_db).with_lifter(lifter);
    let m = py.detach(|| Mfcc::new(config)?.process(&y)).py(py)?;
    matrix(py, m)
}

/// Mel power spectrogram, `(n_mels, n_frames)` float32, as `librosa.feature.melspectrogram`.
#[pyfunction]
#[pyo3(signature = (y, sr, *, n_fft = 512, hop_length = 160, win_length = Some(400), n_mels = 40, fmin = 0.0, fmax = None, htk = false, norm = Some("slaney"), center = true, power = 2.0))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn melspectrogram(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    n_fft: usize,
    hop_length: usize,
    win_length: Option<usize>,
    n_mels: usize,
    fmin: f32,
    fmax: Option<f32>,
    htk: bool,
    norm: Option<&str>,
    center: bool,
    power: f32,
) -> PyResult<Py<PyArray2<f32>>> {
    let y = mono(y)?;
    let sr = rate(py, sr)?;
    let mel = mel_config(sr, n_fft, hop_length, win_length, center, n_mels, fmin, fmax, htk, norm, power).py(py)?;
    let m = py.detach(|| MelSpectrogram::new(mel)?.process(&y)).py(py)?;
    matrix(py, m)
}

/// RMS energy, `(1, n_frames)`, as `librosa.feature.rms(y=...)`.
#[pyfunction]
#[pyo3(signature = (y, *, frame_length = 2048, hop_length = 512, center = true))]
pub(crate) fn rms(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    frame_length: usize,
    hop_length: usize,
    center: bool,
) -> PyResult<Py<PyArray2<f32>>> {
    let y = mono(y)?;
    let cfg = FrameConfig::default().with_frame_length(frame_length).with_hop_length(hop_length).with_center(center);
    let v = py.detach(|| resona::audio::spectral::rms(&y, &cfg)).py(py)?;
    row(py, v)
}

/// Zero-crossing rate, `(1, n_frames)`, as `librosa.feature.zero_crossing_rate`.
#[pyfunction]
#[pyo3(signature = (y, *, frame_length = 2048, hop_length = 512, center = true))]
pub(crate) fn zcr(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    frame_length: usize,
    hop_length: usize,
    center: bool,
) -> PyResult<Py<PyArray2<f32>>> {
    let y = mono(y)?;
    let cfg = FrameConfig::default().with_frame_length(frame_length).with_hop_length(hop_length).with_center(center);
    let v = py.detach(|| resona::audio::spectral::zero_crossing_rate(&y, &cfg)).py(py)?;
    row(py, v)
}

/// Spectral centroid, bandwidth, roll-off, flatness and flux, each `(n_frames,)`, in a dict.
#[pyfunction]
#[pyo3(signature = (y, sr, *, n_fft = 512, hop_length = 160, win_length = Some(400), center = true))]
pub(crate) fn spectral_shape(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    n_fft: usize,
    hop_length: usize,
    win_length: Option<usize>,
    center: bool,
) -> PyResult<Py<PyAny>> {
    let y = mono(y)?;
    let cfg = stft_config(rate(py, sr)?, n_fft, hop_length, win_length, center);
    let s = py.detach(|| SpectralShape::new(cfg)?.process(&y)).py(py)?;
    to_py(py, &s)
}

fn yin_config(
    sr: SampleRate,
    fmin: f32,
    fmax: f32,
    frame_length: usize,
    win_length: Option<usize>,
    hop_length: Option<usize>,
) -> YinConfig {
    YinConfig::default()
        .with_sample_rate(sr)
        .with_fmin(fmin)
        .with_fmax(fmax)
        .with_frame_length(frame_length)
        .with_win_length(win_length)
        .with_hop_length(hop_length)
}

/// f0 per frame (Hz), as `librosa.yin`.
#[pyfunction]
#[pyo3(signature = (y, sr, *, fmin = 65.0, fmax = 600.0, frame_length = 1024, win_length = None, hop_length = Some(160), trough_threshold = 0.1, center = true))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn yin(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    fmin: f32,
    fmax: f32,
    frame_length: usize,
    win_length: Option<usize>,
    hop_length: Option<usize>,
    trough_threshold: f32,
    center: bool,
) -> PyResult<Py<PyArray1<f32>>> {
    let y = mono(y)?;
    let cfg = yin_config(rate(py, sr)?, fmin, fmax, frame_length, win_length, hop_length)
        .with_trough_threshold(trough_threshold)
        .with_center(center);
    let f0 = py.detach(|| Yin::new(cfg).and_then(|mut p| p.process(&y))).py(py)?;
    Ok(f0.into_pyarray(py).unbind())
}

/// `(f0, voiced_flag, voiced_prob)` as `librosa.pyin`; f0 is NaN where unvoiced.
#[pyfunction]
#[pyo3(signature = (y, sr, *, fmin = 65.0, fmax = 600.0, frame_length = 1024, win_length = None, hop_length = Some(160), center = true))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub(crate) fn pyin(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    fmin: f32,
    fmax: f32,
    frame_length: usize,
    win_length: Option<usize>,
    hop_length: Option<usize>,
    center: bool,
) -> PyResult<(Py<PyArray1<f32>>, Py<PyArray1<bool>>, Py<PyArray1<f32>>)> {
    let y = mono(y)?;
    let cfg = PyinConfig::default()
        .with_sample_rate(rate(py, sr)?)
        .with_fmin(fmin)
        .with_fmax(fmax)
        .with_frame_length(frame_length)
        .with_win_length(win_length)
        .with_hop_length(hop_length)
        .with_center(center);
    let track = py.detach(|| Pyin::new(cfg).and_then(|mut p| p.process(&y))).py(py)?;
    Ok((
        track.f0.into_pyarray(py).unbind(),
        track.voiced_flag.into_pyarray(py).unbind(),
        track.voiced_prob.into_pyarray(py).unbind(),
    ))
}

/// `(f0, voiced_flag, periodicity)` from the bundled CREPE tiny model on `backend` ("tract" or
/// "onnxruntime"); `sr` must be 16000; f0 is NaN where periodicity < threshold.
#[pyfunction]
#[pyo3(signature = (y, sr = 16000, *, fmin = 50.0, fmax = 2006.0, hop_length = 160, threshold = 0.21, center = true, backend = "tract"))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub(crate) fn crepe(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    fmin: f32,
    fmax: f32,
    hop_length: usize,
    threshold: f32,
    center: bool,
    backend: &str,
) -> PyResult<(Py<PyArray1<f32>>, Py<PyArray1<bool>>, Py<PyArray1<f32>>)> {
    let y = mono(y)?;
    let backend: resona::Backend = backend.parse().py(py)?;
    let cfg = CrepeConfig::default()
        .with_sample_rate(rate(py, sr)?)
        .with_fmin(fmin)
        .with_fmax(fmax)
        .with_hop_length(hop_length)
        .with_threshold(threshold)
        .with_center(center);
    let t = py.detach(|| Crepe::new(cfg, backend).and_then(|mut c| c.process(&y))).py(py)?;
    Ok((
        t.f0.into_pyarray(py).unbind(),
        t.voiced_flag.into_pyarray(py).unbind(),
        t.periodicity.into_pyarray(py).unbind(),
    ))
}

/// `y` resampled from `orig_sr` to `target_sr` (rubato, FFT-based; output length
/// `ceil(len * target_sr / orig_sr)`).
#[pyfunction]
#[pyo3(signature = (y, *, orig_sr, target_sr))]
pub(crate) fn resample(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    orig_sr: u32,
    target_sr: u32,
) -> PyResult<Py<PyArray1<f32>>> {
    let y = mono(y)?;
    let (from, to) = (rate(py, orig_sr)?, rate(py, target_sr)?);
    let out = py.detach(|| Resampler::new(from, to).and_then(|mut r| r.process(&y))).py(py)?;
    Ok(out.into_pyarray(py).unbind())
}

/// Speech with stationary and slowly varying noise suppressed (same length as `y`).
#[pyfunction]
#[pyo3(signature = (y, sr))]
pub(crate) fn denoise(py: Python<'_>, y: &Bound<'_, PyAny>, sr: u32) -> PyResult<Py<PyArray1<f32>>> {
    let y = mono(y)?;
    let cfg = DenoiseConfig::default().with_sample_rate(rate(py, sr)?);
    let out = py.detach(|| Denoiser::new(cfg).and_then(|mut d| d.process(&y))).py(py)?;
    Ok(out.into_pyarray(py).unbind())
}

/// Voice activity: `{"probabilities": (n_frames,) float32, "segments": [{"start", "end"}],
/// "hop": seconds}`.
#[pyfunction]
#[pyo3(signature = (y, sr, *, threshold = 0.5))]
pub(crate) fn vad(py: Python<'_>, y: &Bound<'_, PyAny>, sr: u32, threshold: f32) -> PyResult<Py<PyAny>> {
    let y = mono(y)?;
    let cfg = VadConfig::default().with_sample_rate(rate(py, sr)?).with_threshold(threshold);
    let mut result = py.detach(|| Vad::new(cfg)?.process(&y)).py(py)?;
    let probabilities = std::mem::take(&mut result.probabilities).into_pyarray(py);
    let dict = to_py(py, &result)?;
    dict.bind(py).set_item("probabilities", probabilities)?;
    Ok(dict)
}

/// Recording quality: levels in dBFS, clipping ratio, SNR, speech share, duration, flags.
#[pyfunction]
#[pyo3(signature = (y, sr))]
pub(crate) fn quality(py: Python<'_>, y: &Bound<'_, PyAny>, sr: u32) -> PyResult<Py<PyAny>> {
    let y = mono(y)?;
    let sr = rate(py, sr)?;
    let report = py.detach(|| preprocess::analyze_quality(&y, sr, &QualityConfig::default())).py(py)?;
    to_py(py, &report)
}

/// Praat's voice quality: jitter (local, absolute, rap, ppq5), shimmer (local, dB, apq3,
/// apq5, apq11), HNR, pulse count and mean f0; undefined measures are None.
#[pyfunction]
#[pyo3(signature = (y, sr, *, pitch_floor = 75.0, pitch_ceiling = 600.0))]
pub(crate) fn voice_quality(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    pitch_floor: f64,
    pitch_ceiling: f64,
) -> PyResult<Py<PyAny>> {
    let y = mono(y)?;
    let sr = rate(py, sr)?;
    let cfg = VoiceQualityConfig::default().with_pitch_floor(pitch_floor).with_pitch_ceiling(pitch_ceiling);
    let report = py.detach(|| VoiceQuality::new(cfg)?.analyze(&y, sr)).py(py)?;
    to_py(py, &report)
}

/// The named functionals of one utterance (`resona.audio.FEATURE_NAMES`), as a dict; NaN
/// where a functional is undefined (see resona-audio's `features` module).
#[pyfunction]
#[pyo3(signature = (y, sr))]
pub(crate) fn features(py: Python<'_>, y: &Bound<'_, PyAny>, sr: u32) -> PyResult<Py<PyAny>> {
    let y = mono(y)?;
    let sr = rate(py, sr)?;
    let summary = py.detach(|| FeatureExtractor::new()?.extract(&y, sr)).py(py)?;
    let dict = pyo3::types::PyDict::new(py);
    for (name, value) in summary.to_pairs() {
        dict.set_item(name, value)?;
    }
    Ok(dict.into_any().unbind())
}

/// Voice emotion with the bundled EmoDB model (or a later bring-your-own model).
#[pyclass(module = "resona._resona", name = "VoiceEmotion", frozen, subclass)]
pub(crate) struct VoiceEmotion {
    inner: Mutex<VoiceEmotionModel>,
}

#[pymethods]
impl VoiceEmotion {
    /// Loads the bundled model on `backend`; results below `gate` confidence are flagged
    /// `gated`.
    #[new]
    #[pyo3(signature = (backend, *, gate = 0.6))]
    fn new(py: Python<'_>, backend: &str, gate: f32) -> PyResult<Self> {
        let backend: resona::Backend = backend.parse().py(py)?;
        let cfg = VoiceEmotionConfig::default().with_backend(backend).with_gate(gate);
        let model = py.detach(|| VoiceEmotionModel::bundled(cfg)).py(py)?;
        Ok(Self { inner: Mutex::new(model) })
    }

    /// Scores per VAD-driven 2-5 s segment: `[{"start", "end", "emotion": {"scores",
    /// "label", "confidence", "gated"}}]` with times in ms from `start_ms`; an empty list when
    /// there is no speech.
    #[pyo3(signature = (y, sr, start_ms = 0))]
    fn predict(&self, py: Python<'_>, y: &Bound<'_, PyAny>, sr: u32, start_ms: i64) -> PyResult<Py<PyAny>> {
        let y = mono(y)?;
        let sr = rate(py, sr)?;
        let segments = py
            .detach(|| {
                let mut m = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                m.classify_segments(&y, sr, resona::TimestampMs(start_ms))
            })
            .py(py)?;
        to_py(py, &segments)
    }

    /// One utterance as a whole: `{"scores", "label", "confidence", "gated"}`.
    fn classify(&self, py: Python<'_>, y: &Bound<'_, PyAny>, sr: u32) -> PyResult<Py<PyAny>> {
        let y = mono(y)?;
        let sr = rate(py, sr)?;
        let e = py
            .detach(|| self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner).classify(&y, sr))
            .py(py)?;
        to_py(py, &e)
    }
}

/// Vocal stress in [0, 1] with each indicator's value, reference and contribution. The
/// reference is the speaker's own when `baseline` (a list of earlier recordings at `sr`) is
/// given, else documented population norms.
#[pyfunction]
#[pyo3(signature = (y, sr, baseline = None))]
pub(crate) fn vocal_stress(
    py: Python<'_>,
    y: &Bound<'_, PyAny>,
    sr: u32,
    baseline: Option<Vec<Bound<'_, PyAny>>>,
) -> PyResult<Py<PyAny>> {
    let y = mono(y)?;
    let sr = rate(py, sr)?;
    let earlier: Vec<Vec<f32>> = baseline.unwrap_or_default().iter().map(mono).collect::<PyResult<_>>()?;
    let reading = py
        .detach(|| {
            let mut fx = FeatureExtractor::new()?;
            let summary = fx.extract(&y, sr)?;
            let personal = if earlier.is_empty() {
                None
            } else {
                let summaries = earlier.iter().map(|e| fx.extract(e, sr)).collect::<resona::Result<Vec<_>>>()?;
                Some(VoiceBaseline::from_summaries(&summaries)?)
            };
            VocalStress::new(VocalStressConfig::default())?.assess(&summary, personal.as_ref())
        })
        .py(py)?;
    to_py(py, &reading)
}

/// Streaming feature extraction: push PCM chunks of any size with the caller's timestamps,
/// get one frame per 10 ms.
#[pyclass(module = "resona._resona", name = "AudioStream")]
pub(crate) struct AudioStream {
    inner: Mutex<CoreStream>,
    n_mfcc: usize,
}

/// Frames as a dict of arrays: index, timestamp_ms, mfcc (n, n_mfcc), rms, zcr, centroid,
/// bandwidth, rolloff, flatness, flux, f0_hz (NaN when not speech), speech_probability.
#[derive(Default)]
struct Frames {
    index: Vec<u64>,
    timestamp_ms: Vec<i64>,
    mfcc: Vec<f32>,
    columns: [Vec<f32>; 8],
}

impl Frames {
    fn push(&mut self, f: &resona::audio::FeatureFrameRef<'_>) {
        self.index.push(f.index);
        self.timestamp_ms.push(f.timestamp.0);
        self.mfcc.extend_from_slice(f.mfcc);
        let values =
            [f.rms, f.zcr, f.centroid, f.bandwidth, f.rolloff, f.flatness, f.flux, f.f0_hz.unwrap_or(f32::NAN)];
        for (c, v) in self.columns.iter_mut().zip(values) {
            c.push(v);
        }
    }

    fn into_py(self, py: Python<'_>, n_mfcc: usize, probs: Vec<f32>) -> PyResult<Py<PyAny>> {
        const NAMES: [&str; 8] = ["rms", "zcr", "centroid", "bandwidth", "rolloff", "flatness", "flux", "f0_hz"];
        let dict = pyo3::types::PyDict::new(py);
        let n = self.index.len();
        dict.set_item("index", self.index.into_pyarray(py))?;
        dict.set_item("timestamp_ms", self.timestamp_ms.into_pyarray(py))?;
        dict.set_item("mfcc", self.mfcc.into_pyarray(py).reshape([n, n_mfcc])?)?;
        for (name, c) in NAMES.into_iter().zip(self.columns) {
            dict.set_item(name, c.into_pyarray(py))?;
        }
        dict.set_item("speech_probability", probs.into_pyarray(py))?;
        Ok(dict.into_any().unbind())
    }
}

impl AudioStream {
    fn run(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut CoreStream, &mut dyn FnMut(&resona::audio::FeatureFrameRef<'_>)) -> resona::Result<usize> + Send,
    ) -> PyResult<Py<PyAny>> {
        let (frames, probs) = py
            .detach(|| {
                let mut stream = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let mut frames = Frames::default();
                let mut probs = vec![];
                f(&mut stream, &mut |fr| {
                    probs.push(fr.speech_probability);
                    frames.push(fr);
                })
                .map(|_| (frames, probs))
            })
            .py(py)?;
        frames.into_py(py, self.n_mfcc, probs)
    }
}

#[pymethods]
impl AudioStream {
    /// A stream of `channels`-channel audio at `sr`; `denoise` runs the noise suppressor first.
    #[new]
    #[pyo3(signature = (sr, *, channels = 1, denoise = false))]
    fn new(py: Python<'_>, sr: u32, channels: u16, denoise: bool) -> PyResult<Self> {
        let cfg = AudioStreamConfig::default().with_denoise(denoise);
        let inner = CoreStream::new(cfg, rate(py, sr)?, channels).py(py)?;
        let n_mfcc = inner.n_mfcc();
        Ok(Self { inner: Mutex::new(inner), n_mfcc })
    }

    /// Feeds interleaved samples (float32/float64/int16; its first sample at `timestamp_ms`)
    /// and returns the frames completed, as a dict of arrays.
    #[pyo3(signature = (samples, timestamp_ms = 0))]
    fn push(&self, py: Python<'_>, samples: &Bound<'_, PyAny>, timestamp_ms: i64) -> PyResult<Py<PyAny>> {
        let flat = mono_flat(samples)?;
        self.run(py, move |s, sink| {
            let view = AudioView::from_f32(&flat, s.input_rate().get(), s.channels())?;
            s.push(&view, TimestampMs(timestamp_ms), sink)
        })
    }

    /// Ends the stream and returns the last frames; the stream can then start again.
    fn finish(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.run(py, |s, sink| s.finish(sink))
    }
}

/// Interleaved samples of a 1-D array as f32, without downmixing (the stream does it).
pub(crate) fn interleaved(y: &Bound<'_, PyAny>) -> PyResult<Vec<f32>> {
    mono_flat(y)
}

fn mono_flat(y: &Bound<'_, PyAny>) -> PyResult<Vec<f32>> {
    if let Ok(a) = y.cast::<PyUntypedArray>()
        && a.ndim() != 1
    {
        return Err(crate::errors::to_py_err(
            y.py(),
            &InputError::WrongShape {
                what: "audio chunk",
                expected: "(n,) interleaved",
                received: format!("{:?}", a.shape()),
            }
            .into(),
        ));
    }
    mono(y)
}
