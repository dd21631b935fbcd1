#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod affect;
mod analyzer;
mod config;
pub mod detector;
pub mod expression;
mod face;
pub mod geometry;
pub mod landmarks;
mod resize;
pub mod tracker;
mod warp;

pub use affect::{ActionUnits, Affect, AffectComponents};
pub use analyzer::{FULL_RANGE_MODEL, FaceAnalyzer, MIN_FRAME_SIDE, SHORT_RANGE_MODEL, blazeface_spec};
pub use config::{DetectorModel, FaceConfig, LandmarkMode, Rotation};
pub use expression::{BUNDLED_MODEL, CROP_SIZE, ExpressionClassifier, ExpressionConfig};
pub use face::{Face, FaceBox, FrameAnalysis, Landmarks, Point2};
pub use geometry::{FaceGeometry, HeadPose, Point3};
pub use tracker::{FaceTracker, MicroExpression, TrackedFace, TrackerConfig};
