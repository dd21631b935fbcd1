#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod expression;
mod resize;

pub use expression::{ExpressionClassifier, ExpressionConfig, BUNDLED_MODEL, CROP_SIZE};
