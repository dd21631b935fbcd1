#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod baseline;
pub mod burnout;
mod codec;
pub mod dissonance;
pub mod fusion;
pub mod guidance;
pub mod moments;
pub mod session;
pub mod signals;
pub mod smoothing;
pub mod stress;
mod util;
pub mod welford;

pub use baseline::{
    BASELINE_VERSION, Baseline, BaselineConfig, BaselineFeature, Deviation, DeviationLevel, Direction, FeatureStats,
    VoiceFeatures,
};
pub use burnout::{
    BurnoutAssessment, BurnoutComponents, BurnoutConfig, BurnoutFactor, BurnoutLevel, HISTORY_VERSION, Recommendation,
    SessionHistory, SessionRecord, assess_burnout,
};
pub use codec::StateError;
pub use dissonance::{
    Dissonance, DissonanceConfig, DissonanceDetector, DissonanceFlag, DissonanceInputs, DissonanceKind,
};
pub use fusion::{FusedEmotion, Fuser, FusionConfig, ModalityContribution, ModalityStatus};
pub use guidance::{AvoidTopic, GuidanceConfig, GuidanceInputs, Pace, ResponseGuidance, Tone, guidance};
pub use moments::{LinkedStressor, MicroMoment, MomentConfig, MomentDetector, MomentKind};
pub use resona_core::{Emotion, EmotionScores, Error, Limits, Modality, ModalityReading, Result, TimestampMs};
pub use session::{
    DeviationCount, HiddenStressEpisode, RiskEvent, Session, SessionConfig, SessionFrame, SessionSummary, TimelinePoint,
};
pub use signals::{RiskLevel, StressorTopic, TextSignals};
pub use smoothing::{SmoothedEmotion, Smoother, SmoothingConfig};
pub use stress::{StressConfig, StressInputs, StressModel, StressScore};
pub use welford::{EwStats, RunningStats};
