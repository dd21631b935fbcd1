//! Streaming spectral analysis: chunks of any size in, one [`SpectralFrameRef`] per hop out.
//!
//! The stream keeps one `n_fft` frame of samples. Each frame is computed from exactly the same
//! samples, with exactly the same code, as the batch functions use, so frames do not depend on
//! how the signal was cut into chunks (the test suite checks bit equality). See the parent
//! module for the `top_db` rule (running maximum) and the padding rules.

use resona_core::{InputError, Result};

use super::framewise::{frame_rms, frame_zcr};
use super::mel::MelScratch;
use super::mfcc::{Mfcc, MfccConfig, power_to_db};
use super::shape::ShapeState;
use super::stft::invalid;
use super::window::PadMode;

/// Configuration of a [`SpectralStream`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StreamSpectralConfig {
    /// MFCC settings; their STFT also drives the shape features and the hop of every frame.
    /// With `center`, the padding must be [`PadMode::Constant`]. Defaults to [`MfccConfig::default`].
    pub mfcc: MfccConfig,
    /// Length of the RMS and ZCR frames (1..=`n_fft`), centred like the STFT frame; `None`
    /// uses the STFT's `win_length`. Defaults to `None` (400 samples).
    pub frame_length: Option<usize>,
}

impl StreamSpectralConfig {
    /// Sets [`StreamSpectralConfig::mfcc`].
    #[must_use]
    pub fn with_mfcc(mut self, v: MfccConfig) -> Self {
        self.mfcc = v;
        self
    }
    /// Sets [`StreamSpectralConfig::frame_length`].
    #[must_use]
    pub fn with_frame_length(mut self, v: Option<usize>) -> Self {
        self.frame_length = v;
        self
    }
}

/// One analysis frame, borrowed from the stream (valid during the [`FrameSink::frame`] call).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpectralFrameRef<'a> {
    /// Frame number from the start of the signal (0-based); frame `t` is centred on sample
    /// `t * hop_length` when `center` is set.
    pub index: u64,
    /// The `n_mfcc` coefficients.
    pub mfcc: &'a [f32],
    /// RMS energy over `frame_length` samples.
    pub rms: f32,
    /// Zero-crossing rate over `frame_length` samples.
    pub zcr: f32,
    /// Spectral centroid in Hz.
    pub centroid: f32,
    /// Spectral bandwidth (p = 2) in Hz.
    pub bandwidth: f32,
    /// 85 % roll-off frequency in Hz.
    pub rolloff: f32,
    /// Spectral flatness in [0, 1].
    pub flatness: f32,
    /// Spectral flux (0 for frame 0).
    pub flux: f32,
}

impl SpectralFrameRef<'_> {
    /// An owned copy (allocates the MFCC vector).
    #[must_use]
    pub fn to_owned_frame(&self) -> SpectralFrame {
        SpectralFrame {
            index: self.index,
            mfcc: self.mfcc.to_vec(),
            rms: self.rms,
            zcr: self.zcr,
            centroid: self.centroid,
            bandwidth: self.bandwidth,
            rolloff: self.rolloff,
            flatness: self.flatness,
            flux: self.flux,
        }
    }
}

/// An owned [`SpectralFrameRef`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SpectralFrame {
    /// See [`SpectralFrameRef::index`].
    pub index: u64,
    /// See [`SpectralFrameRef::mfcc`].
    pub mfcc: Vec<f32>,
    /// See [`SpectralFrameRef::rms`].
    pub rms: f32,
    /// See [`SpectralFrameRef::zcr`].
    pub zcr: f32,
    /// See [`SpectralFrameRef::centroid`].
    pub centroid: f32,
    /// See [`SpectralFrameRef::bandwidth`].
    pub bandwidth: f32,
    /// See [`SpectralFrameRef::rolloff`].
    pub rolloff: f32,
    /// See [`SpectralFrameRef::flatness`].
    pub flatness: f32,
    /// See [`SpectralFrameRef::flux`].
    pub flux: f32,
}

/// Receives the frames a [`SpectralStream`] emits.
pub trait FrameSink {
    /// Called once per frame, in order.
    fn frame(&mut self, frame: &SpectralFrameRef<'_>);
}

/// Collects owned frames; convenient, but allocates one MFCC vector per frame.
impl FrameSink for Vec<SpectralFrame> {
    fn frame(&mut self, frame: &SpectralFrameRef<'_>) {
        self.push(frame.to_owned_frame());
    }
}

/// Adapts a closure into a [`FrameSink`]; allocation-free when the closure is.
#[derive(Debug, Clone, Copy)]
pub struct FnSink<F>(pub F);

impl<F: FnMut(&SpectralFrameRef<'_>)> FrameSink for FnSink<F> {
    fn frame(&mut self, frame: &SpectralFrameRef<'_>) {
        (self.0)(frame);
    }
}

/// A streaming MFCC + RMS/ZCR + spectral-shape analyser.
///
/// Push chunks of any size with [`SpectralStream::push`]; call [`SpectralStream::finish`] at the
/// end of the signal to pad it (when `center`) and emit the last frames, so the total frame
/// count equals the batch count. All buffers are allocated in [`SpectralStream::new`]: pushing
/// never allocates (given an allocation-free sink such as [`FnSink`]).
#[derive(Debug, Clone)]
pub struct SpectralStream {
    cfg: StreamSpectralConfig,
    mfcc: Mfcc,
    freqs: Vec<f64>,
    n_fft: usize,
    hop: usize,
    pad: usize,
    frame_length: usize,
    /// Offset of the RMS/ZCR frame inside the STFT frame.
    frame_offset: usize,
    buf: Vec<f32>,
    filled: usize,
    /// Samples still to drop before the next frame (when `hop_length > n_fft`).
    skip: usize,
    /// Signal index of `buf[0]` (negative inside the start padding).
    origin: i64,
    /// Real (not padding) samples received since the start.
    n_real: u64,
    index: u64,
    running_max: f32,
    scratch: Scratch,
}

#[derive(Clone)]
struct Scratch {
    mel: MelScratch,
    db: Vec<f32>,
    coefs: Vec<f32>,
    shape: ShapeState,
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch").finish_non_exhaustive()
    }
}

impl SpectralStream {
    /// Validates `cfg` and allocates every buffer.
    pub fn new(cfg: StreamSpectralConfig) -> Result<Self> {
        let mfcc = Mfcc::new(cfg.mfcc.clone())?;
        let stft_cfg = &cfg.mfcc.mel.stft;
        if stft_cfg.center && stft_cfg.pad_mode != PadMode::Constant {
            return Err(invalid("pad_mode", stft_cfg.pad_mode.as_str(), "must be constant in a stream"));
        }
        let n_fft = stft_cfg.n_fft;
        let frame_length = cfg.frame_length.unwrap_or(stft_cfg.win_length);
        if frame_length == 0 || frame_length > n_fft {
            return Err(invalid("frame_length", frame_length, "must be between 1 and n_fft"));
        }
        let stft = mfcc.mel_stage().stft();
        let scratch = Scratch {
            mel: MelScratch::new(mfcc.mel_stage()),
            db: vec![0.0; cfg.mfcc.mel.n_mels],
            coefs: vec![0.0; cfg.mfcc.n_mfcc],
            shape: ShapeState::new(stft.n_bins()),
        };
        let (pad, frame_offset) = if stft_cfg.center { (n_fft / 2, n_fft / 2 - frame_length / 2) } else { (0, 0) };
        let mut s = Self {
            freqs: stft.frequencies(),
            n_fft,
            hop: stft_cfg.hop_length,
            pad,
            frame_length,
            frame_offset,
            buf: vec![0.0; n_fft],
            filled: 0,
            skip: 0,
            origin: 0,
            n_real: 0,
            index: 0,
            running_max: f32::NEG_INFINITY,
            scratch,
            mfcc,
            cfg,
        };
        s.reset();
        Ok(s)
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &StreamSpectralConfig {
        &self.cfg
    }

    /// Coefficients per frame.
    #[must_use]
    pub const fn n_mfcc(&self) -> usize {
        self.cfg.mfcc.n_mfcc
    }

    /// Frames emitted since the start (or the last [`SpectralStream::reset`]/[`SpectralStream::finish`]).
    #[must_use]
    pub const fn frames_emitted(&self) -> u64 {
        self.index
    }

    /// Forgets the signal so far: the next sample starts a new signal.
    pub fn reset(&mut self) {
        self.buf.fill(0.0);
        self.filled = self.pad;
        self.skip = 0;
        self.origin = -(self.pad as i64);
        self.n_real = 0;
        self.index = 0;
        self.running_max = f32::NEG_INFINITY;
        self.scratch.shape.reset();
    }

    /// Appends `chunk` and emits every frame it completes; returns the number emitted.
    /// Non-finite samples are rejected before any state changes.
    pub fn push<S: FrameSink + ?Sized>(&mut self, chunk: &[f32], sink: &mut S) -> Result<usize> {
        InputError::check_finite("audio samples", chunk)?;
        Ok(self.feed(chunk, true, sink))
    }

    /// Ends the signal: pads `n_fft / 2` zeros when `center` (as the batch analysis does),
    /// emits the remaining frames, then resets the stream. Returns the number emitted. Nothing
    /// is emitted for a stream that received no samples.
    pub fn finish<S: FrameSink + ?Sized>(&mut self, sink: &mut S) -> Result<usize> {
        let mut emitted = 0;
        if self.n_real > 0 {
            const ZEROS: [f32; 256] = [0.0; 256];
            let mut left = self.pad;
            while left > 0 {
                let k = left.min(ZEROS.len());
                emitted += self.feed(&ZEROS[..k], false, sink);
                left -= k;
            }
        }
        self.reset();
        Ok(emitted)
    }

    fn feed<S: FrameSink + ?Sized>(&mut self, mut rest: &[f32], real: bool, sink: &mut S) -> usize {
        let mut emitted = 0;
        while !rest.is_empty() {
            let k = if self.skip > 0 {
                let k = self.skip.min(rest.len());
                self.skip -= k;
                k
            } else {
                let k = (self.n_fft - self.filled).min(rest.len());
                self.buf[self.filled..self.filled + k].copy_from_slice(&rest[..k]);
                self.filled += k;
                k
            };
            if real {
                self.n_real += k as u64;
            }
            rest = &rest[k..];
            if self.filled == self.n_fft {
                self.emit(sink);
                emitted += 1;
                if self.hop < self.n_fft {
                    self.buf.copy_within(self.hop.., 0);
                    self.filled = self.n_fft - self.hop;
                } else {
                    self.filled = 0;
                    self.skip = self.hop - self.n_fft;
                }
                self.origin += self.hop as i64;
            }
        }
        emitted
    }

    fn emit<S: FrameSink + ?Sized>(&mut self, sink: &mut S) {
        let s = &mut self.scratch;
        // Time-domain features on the buffer: zeros outside the signal (RMS), edge samples (ZCR).
        let rms = frame_rms(&self.buf, self.frame_offset as isize, self.frame_length);
        let real_lo = (-self.origin).clamp(0, self.n_fft as i64) as usize;
        let real_hi = (self.n_real as i64 - self.origin).clamp(real_lo as i64, self.n_fft as i64) as usize;
        let zcr = frame_zcr(
            &self.buf[real_lo..real_hi],
            self.frame_offset as isize - real_lo as isize,
            self.frame_length,
            real_hi - real_lo,
        );
        s.mel.fft.frame.copy_from_slice(&self.buf);
        let stft = self.mfcc.mel_stage().stft();
        // The plan's buffers match by construction, so this cannot fail; a failure would only
        // leave this frame's spectrum stale, never panic.
        let _ = stft.spectrum_in_place(&mut s.mel.fft);
        let shape = s.shape.frame(&s.mel.fft, &self.freqs);
        let mel = self.mfcc.mel_stage().mel_of_spectrum(&mut s.mel);
        let frame_max = power_to_db(mel, &mut s.db);
        // Causal dB floor: the running maximum over every frame so far (see the module docs).
        self.running_max = self.running_max.max(frame_max);
        let floor = self.cfg.mfcc.top_db.map_or(f32::NEG_INFINITY, |t| self.running_max - t);
        self.mfcc.cepstrum(&s.db, floor, &mut s.coefs);
        sink.frame(&SpectralFrameRef {
            index: self.index,
            mfcc: &s.coefs,
            rms,
            zcr,
            centroid: shape.centroid,
            bandwidth: shape.bandwidth,
            rolloff: shape.rolloff,
            flatness: shape.flatness,
            flux: shape.flux,
        });
        self.index += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spectral::{FrameConfig, SpectralShape, rms, zero_crossing_rate};
    use proptest::prelude::*;

    fn signal(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed.wrapping_mul(2654435761).wrapping_add(1);
        (0..n)
            .map(|i| {
                s = s.wrapping_mul(1664525).wrapping_add(1013904223);
                let noise = (s >> 8) as f32 / 16_777_216.0 - 0.5;
                0.3 * (i as f32 * 0.07).sin() * (1.0 + (i as f32 * 0.001).sin()) + 0.05 * noise
            })
            .collect()
    }

    fn run(stream: &mut SpectralStream, y: &[f32], chunks: &[usize]) -> Vec<SpectralFrame> {
        let mut out = Vec::new();
        let mut rest = y;
        let mut i = 0;
        while !rest.is_empty() {
            let k = chunks.get(i % chunks.len().max(1)).copied().unwrap_or(rest.len()).clamp(1, rest.len());
            stream.push(&rest[..k], &mut out).unwrap();
            rest = &rest[k..];
            i += 1;
        }
        stream.finish(&mut out).unwrap();
        out
    }

    #[test]
    fn stream_equals_batch_without_top_db() {
        let y = signal(5003, 1);
        let mfcc_cfg = MfccConfig::default().with_top_db(None);
        let mut stream = SpectralStream::new(StreamSpectralConfig::default().with_mfcc(mfcc_cfg.clone())).unwrap();
        let frames = run(&mut stream, &y, &[333, 1, 77]);
        let batch = Mfcc::new(mfcc_cfg).unwrap().process(&y).unwrap();
        let fc = FrameConfig::default().with_frame_length(400).with_hop_length(160);
        let (r, z) = (rms(&y, &fc).unwrap(), zero_crossing_rate(&y, &fc).unwrap());
        let shape = SpectralShape::new(crate::spectral::StftConfig::default()).unwrap().process(&y).unwrap();
        assert_eq!(frames.len(), batch.cols());
        assert_eq!(frames.len(), r.len());
        let mut col = vec![0.0; 40];
        for (t, f) in frames.iter().enumerate() {
            assert_eq!(f.index, t as u64);
            assert!(batch.column_into(t, &mut col));
            assert_eq!(f.mfcc, col, "frame {t}");
            assert_eq!((f.rms, f.zcr), (r[t], z[t]), "frame {t}");
            assert_eq!(
                (f.centroid, f.bandwidth, f.rolloff, f.flatness, f.flux),
                (shape.centroid[t], shape.bandwidth[t], shape.rolloff[t], shape.flatness[t], shape.flux[t])
            );
        }
    }

    #[test]
    fn running_max_floor_matches_batch_after_the_loudest_frame() {
        // Quiet first half, loud second half: once the loudest frame is seen, the causal floor
        // equals librosa's global floor.
        let mut y = signal(8000, 2);
        for v in &mut y[..4000] {
            *v *= 1e-4;
        }
        let mut stream = SpectralStream::new(StreamSpectralConfig::default()).unwrap();
        let frames = run(&mut stream, &y, &[1000]);
        let batch = Mfcc::new(MfccConfig::default()).unwrap().process(&y).unwrap();
        // The frame holding the largest mel value fixes librosa's global floor.
        let mel =
            crate::spectral::MelSpectrogram::new(crate::spectral::MelConfig::default()).unwrap().process(&y).unwrap();
        let argmax = mel.as_slice().iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0 % mel.cols();
        let mut col = vec![0.0; 40];
        for (t, f) in frames.iter().enumerate().skip(argmax) {
            assert!(batch.column_into(t, &mut col));
            assert_eq!(f.mfcc, col, "frame {t}");
        }
        // The quiet start is floored against a lower running max, so it differs from batch.
        assert!(batch.column_into(5, &mut col));
        assert_ne!(frames[5].mfcc, col);
    }

    #[test]
    fn frame_counts_match_batch_for_other_framings() {
        let y = signal(3001, 3);
        for stft in [
            crate::spectral::StftConfig::default().with_center(false),
            crate::spectral::StftConfig::default().with_hop_length(700),
            crate::spectral::StftConfig::default().with_n_fft(401).with_win_length(300).with_hop_length(97),
        ] {
            let cfg = StreamSpectralConfig::default().with_mfcc(
                MfccConfig::default()
                    .with_top_db(None)
                    .with_mel(crate::spectral::MelConfig::default().with_stft(stft.clone())),
            );
            let mut stream = SpectralStream::new(cfg.clone()).unwrap();
            let frames = run(&mut stream, &y, &[123]);
            let batch = Mfcc::new(cfg.mfcc).unwrap().process(&y).unwrap();
            assert_eq!(frames.len(), batch.cols(), "{stft:?}");
            let mut col = vec![0.0; 40];
            for (t, f) in frames.iter().enumerate() {
                assert!(batch.column_into(t, &mut col));
                assert_eq!(f.mfcc, col, "{stft:?} frame {t}");
            }
        }
    }

    #[test]
    fn rejects_non_finite_without_changing_state() {
        let mut stream = SpectralStream::new(StreamSpectralConfig::default()).unwrap();
        let mut out = Vec::new();
        stream.push(&[0.1; 300], &mut out).unwrap();
        assert!(stream.push(&[0.0, f32::NAN], &mut out).is_err());
        stream.push(&[0.1; 300], &mut out).unwrap();
        stream.finish(&mut out).unwrap();
        let mut again = SpectralStream::new(StreamSpectralConfig::default()).unwrap();
        assert_eq!(out, run(&mut again, &[0.1; 600], &[600]));
        // An empty stream emits nothing.
        assert_eq!(again.finish(&mut out).unwrap(), 0);
        let bad = StreamSpectralConfig::default().with_frame_length(Some(513));
        assert!(SpectralStream::new(bad).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn chunking_does_not_change_frames(
            n in 1usize..3000,
            seed in 0u32..1000,
            chunks in proptest::collection::vec(1usize..700, 1..8),
        ) {
            let y = signal(n, seed);
            let mut a = SpectralStream::new(StreamSpectralConfig::default()).unwrap();
            let mut b = SpectralStream::new(StreamSpectralConfig::default()).unwrap();
            let whole = run(&mut a, &y, &[n]);
            let chunked = run(&mut b, &y, &chunks);
            prop_assert_eq!(whole.len(), Mfcc::new(MfccConfig::default()).unwrap().n_frames(n));
            prop_assert_eq!(&whole, &chunked);
            prop_assert!(whole.iter().all(|f| f.mfcc.iter().all(|v| v.is_finite())));
        }
    }
}
