//! Spectral features, librosa-compatible: STFT, mel spectrogram, MFCC, deltas, RMS, zero-crossing
//! rate and spectral shape, in batch and as a stream.
//!
//! Every batch function follows the librosa 0.11 function named in its docs, parameter by
//! parameter; `tests/golden_spectral.rs` compares them with librosa's outputs
//! (`scripts/make_golden_spectral.py`). 2-D results are [`FeatureMatrix`](crate::FeatureMatrix)es
//! in librosa's layout (rows = coefficients, columns = frames).
//!
//! Plans (window, FFT, mel filterbank, DCT matrix) are built once in each `new(config)`.
//!
//! # Streaming ([`SpectralStream`])
//!
//! A stream emits one [`SpectralFrameRef`] per hop: MFCC, RMS, ZCR, centroid, bandwidth,
//! roll-off, flatness and flux, computed from the same samples with the same code as the batch
//! functions, so any chunking of the signal yields bit-identical frames. Rules that differ from
//! a batch call, because a stream cannot see the future:
//!
//! - **Padding.** With `center`, the `n_fft / 2` zeros before the signal are inserted when the
//!   stream starts; the zeros after it are inserted by [`SpectralStream::finish`], so a stream
//!   that is finished emits exactly as many frames as the batch analysis of the whole signal.
//!   Only zero padding ([`PadMode::Constant`]) is accepted in a stream.
//! - **dB floor (`top_db`).** librosa clips the log-mel spectrum at `max - top_db` where `max`
//!   is the maximum over the *whole* input, which needs the future. The stream clips each frame
//!   at `running_max - top_db`, where `running_max` is the maximum log-mel value of every frame
//!   emitted so far, including the current one. This rule is causal and independent of the
//!   chunking. Once the loudest frame has passed, later frames equal librosa's; earlier frames
//!   can keep values that librosa would clip. With `top_db = None` the stream's MFCC equal the
//!   batch MFCC exactly.
//! - **RMS and ZCR** use frames of `frame_length` samples (the STFT's `win_length` by default)
//!   centred like the STFT frame and the STFT's hop, i.e. the batch [`rms`] and
//!   [`zero_crossing_rate`] with `FrameConfig { frame_length, hop_length, center }`.

mod delta;
mod framewise;
mod mel;
mod mfcc;
mod shape;
mod stft;
mod stream;
mod window;

pub use delta::delta;
pub(crate) use framewise::max_abs;
pub use framewise::{FrameConfig, rms, zero_crossing_rate};
pub use mel::{MelConfig, MelNorm, MelSpectrogram, hz_to_mel, mel_to_hz};
pub use mfcc::{AMIN, DctType, Mfcc, MfccConfig};
pub use shape::{FLATNESS_AMIN, ROLL_PERCENT, ShapeFeatures, SpectralShape};
pub use stft::{MAX_N_FFT, Stft, StftConfig, fft_frequencies};
pub use stream::{FnSink, FrameSink, SpectralFrame, SpectralFrameRef, SpectralStream, StreamSpectralConfig};
pub use window::{PadMode, Window};
