//! Voice for Kotlin and Swift: MFCC, pitch, voice quality, utterance functionals and the
//! streaming `AudioStream`. Samples are mono `f32` in [-1, 1] unless a function says
//! otherwise; parameters have Resona's defaults (16 kHz speech settings).

use crate::ResonaError;
use resona::audio::pitch::{Crepe, CrepeConfig, Pyin, PyinConfig, Yin, YinConfig};
use resona::audio::voice_quality::{VoiceQuality as CoreVoiceQuality, VoiceQualityConfig};
use resona::audio::{AudioStream as CoreStream, AudioStreamConfig, FeatureExtractor};
use resona::{AudioView, SampleRate, TimestampMs};
use std::sync::{Arc, Mutex};

/// A row-major matrix: `rows` coefficients by `cols` frames.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FeatureMatrix {
    /// Coefficients (e.g. MFCC count).
    pub rows: u32,
    /// Frames.
    pub cols: u32,
    /// `rows * cols` values, row-major.
    pub data: Vec<f32>,
}

/// A pYIN pitch track, one value per 10 ms frame.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PitchTrack {
    /// f0 in Hz, NaN where unvoiced.
    pub f0: Vec<f32>,
    /// Voiced decision per frame.
    pub voiced: Vec<bool>,
    /// Voicing probability per frame, [0, 1].
    pub voiced_probability: Vec<f32>,
}

/// A CREPE pitch track, one value per 10 ms frame.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CrepeTrack {
    /// f0 in Hz, NaN where unvoiced.
    pub f0: Vec<f32>,
    /// Voiced decision per frame (periodicity >= 0.21).
    pub voiced: Vec<bool>,
    /// The activation of the chosen pitch bin per frame, [0, 1].
    pub periodicity: Vec<f32>,
}

/// Praat's voice-quality measures; null where Praat reports them undefined.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VoiceQualityReport {
    /// Absolute local jitter, seconds.
    pub jitter_local_absolute: Option<f32>,
    /// Shimmer, 3-point amplitude perturbation quotient.
    pub shimmer_apq3: Option<f32>,
    /// Shimmer, 5-point APQ.
    pub shimmer_apq5: Option<f32>,
    /// Shimmer, 11-point APQ.
    pub shimmer_apq11: Option<f32>,
    /// Mean f0 of the periods, Hz.
    pub mean_f0_hz: Option<f32>,
    /// Local jitter (ratio).
    pub jitter_local: Option<f32>,
    /// Relative average perturbation.
    pub jitter_rap: Option<f32>,
    /// Five-point period perturbation quotient.
    pub jitter_ppq5: Option<f32>,
    /// Local shimmer (ratio).
    pub shimmer_local: Option<f32>,
    /// Local shimmer in dB.
    pub shimmer_local_db: Option<f32>,
    /// Harmonics-to-noise ratio, dB.
    pub hnr_db: Option<f32>,
    /// Glottal pulses found.
    pub n_pulses: u64,
}

/// One named utterance functional (NaN where undefined).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NamedValue {
    /// The functional's name, e.g. `pitch_mean_st`.
    pub name: String,
    /// Its value.
    pub value: f32,
}

/// One streaming feature frame.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AudioFrame {
    /// Frame number from the start of the stream.
    pub index: u64,
    /// Frame centre on the caller's clock, ms.
    pub timestamp_ms: i64,
    /// MFCC (40 by default).
    pub mfcc: Vec<f32>,
    /// RMS energy.
    pub rms: f32,
    /// Zero-crossing rate.
    pub zcr: f32,
    /// Spectral centroid, Hz.
    pub centroid: f32,
    /// f0 in Hz when the frame is speech.
    pub f0_hz: Option<f32>,
    /// Speech probability, [0, 1].
    pub speech_probability: f32,
}

fn rate(sr: u32) -> Result<SampleRate, ResonaError> {
    Ok(SampleRate::new(sr).map_err(resona::Error::from)?)
}

/// MFCC parameters, with librosa's names and Resona's defaults.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MfccOptions {
    /// Coefficients kept.
    #[uniffi(default = 40)]
    pub n_mfcc: u32,
    /// FFT length.
    #[uniffi(default = 512)]
    pub n_fft: u32,
    /// Samples between frames.
    #[uniffi(default = 160)]
    pub hop_length: u32,
    /// Window length (Hann), at most `n_fft`.
    #[uniffi(default = 400)]
    pub win_length: u32,
    /// Mel bands.
    #[uniffi(default = 40)]
    pub n_mels: u32,
    /// Lowest mel frequency, Hz.
    #[uniffi(default = 0.0)]
    pub fmin: f32,
    /// Highest mel frequency, Hz; null = sample_rate / 2.
    #[uniffi(default = None)]
    pub fmax: Option<f32>,
    /// HTK mel scale instead of Slaney's.
    #[uniffi(default = false)]
    pub htk: bool,
    /// Dynamic range clip in dB below the maximum; null = none.
    #[uniffi(default = Some(80.0))]
    pub top_db: Option<f32>,
    /// Cepstral lifter; 0 = none.
    #[uniffi(default = 0.0)]
    pub lifter: f32,
}

/// MFCC as librosa.feature.mfcc (rows = coefficients, cols = frames).
#[uniffi::export]
pub fn mfcc(samples: Vec<f32>, sample_rate: u32, options: MfccOptions) -> Result<FeatureMatrix, ResonaError> {
    use resona::audio::spectral::{MelConfig, Mfcc, MfccConfig, StftConfig};
    let o = options;
    let stft = StftConfig::default()
        .with_sample_rate(rate(sample_rate)?)
        .with_n_fft(o.n_fft as usize)
        .with_hop_length(o.hop_length as usize)
        .with_win_length(o.win_length as usize);
    let mel = MelConfig::default()
        .with_stft(stft)
        .with_n_mels(o.n_mels as usize)
        .with_fmin(o.fmin)
        .with_fmax(o.fmax)
        .with_htk(o.htk);
    let cfg =
        MfccConfig::default().with_mel(mel).with_n_mfcc(o.n_mfcc as usize).with_top_db(o.top_db).with_lifter(o.lifter);
    let m = Mfcc::new(cfg)?.process(&samples)?;
    Ok(FeatureMatrix { rows: m.rows() as u32, cols: m.cols() as u32, data: m.into_vec() })
}

fn frames(frame_length: u32, hop_length: u32) -> resona::audio::spectral::FrameConfig {
    resona::audio::spectral::FrameConfig::default()
        .with_frame_length(frame_length as usize)
        .with_hop_length(hop_length as usize)
}

/// RMS energy per frame, as librosa.feature.rms (centred, zero padding).
#[uniffi::export]
pub fn rms(samples: Vec<f32>, frame_length: u32, hop_length: u32) -> Result<Vec<f32>, ResonaError> {
    Ok(resona::audio::spectral::rms(&samples, &frames(frame_length, hop_length))?)
}

/// Zero-crossing rate per frame, as librosa.feature.zero_crossing_rate.
#[uniffi::export]
pub fn zcr(samples: Vec<f32>, frame_length: u32, hop_length: u32) -> Result<Vec<f32>, ResonaError> {
    Ok(resona::audio::spectral::zero_crossing_rate(&samples, &frames(frame_length, hop_length))?)
}

/// `samples` resampled from `orig_rate` to `target_rate` (length ceil(n * target / orig)).
#[uniffi::export]
pub fn resample(samples: Vec<f32>, orig_rate: u32, target_rate: u32) -> Result<Vec<f32>, ResonaError> {
    Ok(resona::audio::preprocess::Resampler::new(rate(orig_rate)?, rate(target_rate)?)?.process(&samples)?)
}

/// pYIN pitch between `fmin` and `fmax` Hz (librosa's definition; 1024-sample frames, hop
/// 160 at 16 kHz).
#[uniffi::export]
pub fn pyin(samples: Vec<f32>, sample_rate: u32, fmin: f32, fmax: f32) -> Result<PitchTrack, ResonaError> {
    let cfg = PyinConfig::default().with_sample_rate(rate(sample_rate)?).with_fmin(fmin).with_fmax(fmax);
    let t = Pyin::new(cfg)?.process(&samples)?;
    Ok(PitchTrack { f0: t.f0, voiced: t.voiced_flag, voiced_probability: t.voiced_prob })
}

/// CREPE pitch between `fmin` and `fmax` Hz with the bundled "tiny" model: 16 kHz audio only,
/// 1024-sample frames, hop 160.
#[uniffi::export]
pub fn crepe(
    samples: Vec<f32>,
    sample_rate: u32,
    fmin: f32,
    fmax: f32,
    backend: crate::Backend,
) -> Result<CrepeTrack, ResonaError> {
    let cfg = CrepeConfig::default().with_sample_rate(rate(sample_rate)?).with_fmin(fmin).with_fmax(fmax);
    let t = Crepe::new(cfg, backend.into())?.process(&samples)?;
    Ok(CrepeTrack { f0: t.f0, voiced: t.voiced_flag, periodicity: t.periodicity })
}

/// YIN f0 per frame (librosa's definition).
#[uniffi::export]
pub fn yin(samples: Vec<f32>, sample_rate: u32, fmin: f32, fmax: f32) -> Result<Vec<f32>, ResonaError> {
    let cfg = YinConfig::default().with_sample_rate(rate(sample_rate)?).with_fmin(fmin).with_fmax(fmax);
    Ok(Yin::new(cfg)?.process(&samples)?)
}

/// Praat's jitter, shimmer and HNR of an utterance.
#[uniffi::export]
pub fn voice_quality(samples: Vec<f32>, sample_rate: u32) -> Result<VoiceQualityReport, ResonaError> {
    let r = CoreVoiceQuality::new(VoiceQualityConfig::default())?.analyze(&samples, rate(sample_rate)?)?;
    Ok(VoiceQualityReport {
        jitter_local_absolute: r.jitter_local_absolute,
        shimmer_apq3: r.shimmer_apq3,
        shimmer_apq5: r.shimmer_apq5,
        shimmer_apq11: r.shimmer_apq11,
        mean_f0_hz: r.mean_f0_hz,
        jitter_local: r.jitter_local,
        jitter_rap: r.jitter_rap,
        jitter_ppq5: r.jitter_ppq5,
        shimmer_local: r.shimmer_local,
        shimmer_local_db: r.shimmer_local_db,
        hnr_db: r.hnr_db,
        n_pulses: r.n_pulses as u64,
    })
}

/// The named functionals of one utterance, in resona-audio's fixed order.
#[uniffi::export]
pub fn audio_features(samples: Vec<f32>, sample_rate: u32) -> Result<Vec<NamedValue>, ResonaError> {
    let s = FeatureExtractor::new()?.extract(&samples, rate(sample_rate)?)?;
    Ok(s.to_pairs().into_iter().map(|(name, value)| NamedValue { name: name.to_owned(), value }).collect())
}

/// Streaming features from PCM chunks of any size; thread-safe.
#[derive(Debug, uniffi::Object)]
pub struct AudioStream {
    inner: Mutex<CoreStream>,
}

#[uniffi::export]
impl AudioStream {
    /// A stream of `channels`-channel interleaved audio at `sample_rate`.
    #[uniffi::constructor]
    pub fn new(sample_rate: u32, channels: u16, denoise: bool) -> Result<Arc<Self>, ResonaError> {
        let cfg = AudioStreamConfig::default().with_denoise(denoise);
        Ok(Arc::new(Self { inner: Mutex::new(CoreStream::new(cfg, rate(sample_rate)?, channels)?) }))
    }

    /// Feeds interleaved float samples whose first sample is at `timestamp_ms`.
    pub fn push(&self, samples: Vec<f32>, timestamp_ms: i64) -> Result<Vec<AudioFrame>, ResonaError> {
        let mut s = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let view = AudioView::from_f32(&samples, s.input_rate().get(), s.channels()).map_err(resona::Error::from)?;
        let mut out = vec![];
        s.push(&view, TimestampMs(timestamp_ms), |f| out.push(frame(f)))?;
        Ok(out)
    }

    /// Feeds interleaved 16-bit samples whose first sample is at `timestamp_ms`.
    pub fn push_i16(&self, samples: Vec<i16>, timestamp_ms: i64) -> Result<Vec<AudioFrame>, ResonaError> {
        let mut s = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let view = AudioView::from_i16(&samples, s.input_rate().get(), s.channels()).map_err(resona::Error::from)?;
        let mut out = vec![];
        s.push(&view, TimestampMs(timestamp_ms), |f| out.push(frame(f)))?;
        Ok(out)
    }

    /// Ends the stream and returns the last frames.
    pub fn finish(&self) -> Result<Vec<AudioFrame>, ResonaError> {
        let mut s = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out = vec![];
        s.finish(|f| out.push(frame(f)))?;
        Ok(out)
    }
}

fn frame(f: &resona::audio::FeatureFrameRef<'_>) -> AudioFrame {
    AudioFrame {
        index: f.index,
        timestamp_ms: f.timestamp.0,
        mfcc: f.mfcc.to_vec(),
        rms: f.rms,
        zcr: f.zcr,
        centroid: f.centroid,
        f0_hz: f.f0_hz,
        speech_probability: f.speech_probability,
    }
}

/// One classified speech segment.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VoiceEmotionSegment {
    /// Start, ms from the call's `start_ms`.
    pub start_ms: i64,
    /// End, ms.
    pub end_ms: i64,
    /// Emotion distribution (surprised is always 0: the training data lacks it).
    pub scores: crate::EmotionScores,
    /// Below the 0.6 confidence gate.
    pub gated: bool,
}

/// Voice emotion per VAD-driven 2-5 s speech segment, with the bundled EmoDB model.
#[uniffi::export]
pub fn voice_emotion_segments(
    samples: Vec<f32>,
    sample_rate: u32,
    start_ms: i64,
    backend: crate::Backend,
) -> Result<Vec<VoiceEmotionSegment>, ResonaError> {
    let cfg = resona::audio::VoiceEmotionConfig::default().with_backend(backend.into());
    let mut model = resona::audio::VoiceEmotionModel::bundled(cfg)?;
    let segments = model.classify_segments(&samples, rate(sample_rate)?, TimestampMs(start_ms))?;
    Ok(segments
        .into_iter()
        .map(|s| VoiceEmotionSegment {
            start_ms: s.start.0,
            end_ms: s.end.0,
            scores: s.emotion.scores.into(),
            gated: s.emotion.gated,
        })
        .collect())
}

/// Vocal stress in [0, 1] against population norms.
#[uniffi::export]
pub fn vocal_stress(samples: Vec<f32>, sample_rate: u32) -> Result<f32, ResonaError> {
    let summary = FeatureExtractor::new()?.extract(&samples, rate(sample_rate)?)?;
    Ok(resona::audio::VocalStress::new(resona::audio::VocalStressConfig::default())?.assess(&summary, None)?.score)
}
