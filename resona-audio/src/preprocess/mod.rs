//! Preprocessing: PCM intake and resampling, level operations, a quality report, noise
//! reduction and voice activity detection. Each has a whole-buffer form and, where it makes
//! sense, a stream form whose output equals the whole-buffer output for any chunking.

pub mod denoise;
pub mod intake;
pub mod level;
pub mod quality;
pub mod resample;
pub mod vad;

pub use denoise::{DenoiseConfig, Denoiser};
pub use intake::{Intake, IntakeConfig, IntakeStream, MAX_ABS_SAMPLE};
pub use level::{MIN_TARGET_DBFS, normalize_peak, normalize_rms, pre_emphasis, pre_emphasis_in_place, remove_dc};
pub use quality::{LEVEL_FLOOR_DBFS, QualityConfig, QualityFlag, QualityReport, SNR_LIMIT_DB, analyze_quality};
pub use resample::{Resampler, StreamResampler};
pub use vad::{SpeechSegment, Vad, VadConfig, VadResult, VadStream};
