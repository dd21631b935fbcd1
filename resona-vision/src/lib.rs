#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod expression;
mod resize;

pub use expression::{BUNDLED_MODEL, CROP_SIZE, ExpressionClassifier, ExpressionConfig};
