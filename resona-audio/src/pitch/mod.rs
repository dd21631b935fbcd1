//! Pitch tracking: YIN and probabilistic YIN (pYIN) with librosa 0.11.0's definitions.
//!
//! - [`Yin`]: `librosa.yin`, an f0 on every frame.
//! - [`Pyin`]: `librosa.pyin`, f0 with NaN when unvoiced, a voiced flag and a voiced
//!   probability, decoded with a banded Viterbi (`O(frames * states * band)` instead of librosa's
//!   dense `O(frames * states^2)`).
//!
//! Both share librosa's framing (`center` zero-padding of `frame_length / 2`) and its
//! validation rules (`fmin > 0`, `fmin < fmax <= sr / 2`, `sr / fmin < frame_length - 1`).

mod frames;
mod pyin;
mod viterbi;
mod yin;

pub use pyin::{Pyin, PyinConfig, PyinTrack};
pub use yin::{Yin, YinConfig};
