#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod audio;
pub mod emotion;
pub mod error;
pub mod image;
pub mod limits;
pub mod model;
pub mod reading;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod units;

pub use audio::{AudioView, Samples};
pub use emotion::{Emotion, EmotionScores, LabelOrder};
pub use error::{ConfigError, Error, ErrorKind, InputError, LimitError, LimitKind, ModelError, Result};
pub use image::{ImageView, PixelFormat};
pub use limits::Limits;
pub use model::{
    Backend, Dim, Model, ModelSpec, OutputKind, OutputSpec, Scaling, Tensor, TensorLayout, TensorRef, TensorSpec,
};
pub use reading::{Modality, ModalityReading};
pub use units::{Hz, SampleRate, Seconds, TimestampMs};
