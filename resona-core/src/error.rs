//! Errors shared by every Resona crate.
//!
//! One [`Error`] type with four kinds, each its own enum so a caller can match on the kind and
//! then on the exact rule that was broken:
//!
//! - [`ConfigError`]: a parameter given to a constructor is out of range (caught once, when the
//!   plan is built, never while processing);
//! - [`InputError`]: the data handed to a call is malformed (empty, wrong length, non-finite);
//! - [`LimitError`]: the data is well formed but larger than the configured [`Limits`], which
//!   protect a host from hostile input exhausting memory;
//! - [`ModelError`]: model bytes, model specs and inference backends.
//!
//! Every variant has a stable snake_case [`Error::code`], and [`Error::kind`] names its kind.
//! The bindings carry both across the language boundary (Python exception classes, JS `code`,
//! UniFFI enums), so the conformance suite checks the same error on every surface.
//!
//! [`Limits`]: crate::Limits

use std::fmt;

/// Shorthand for results whose error is Resona's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Any error a Resona operation returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration value is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Input data is malformed.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Input data exceeds a configured limit.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// A model could not be loaded or run.
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// The four kinds of [`Error`], for bindings and for coarse matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`ConfigError`].
    Config,
    /// See [`InputError`].
    Input,
    /// See [`LimitError`].
    Limit,
    /// See [`ModelError`].
    Model,
}

impl ErrorKind {
    /// Stable lower-case name: `config`, `input`, `limit` or `model`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Input => "input",
            Self::Limit => "limit",
            Self::Model => "model",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// Which of the four kinds this error is.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        match self {
            Self::Config(_) => ErrorKind::Config,
            Self::Input(_) => ErrorKind::Input,
            Self::Limit(_) => ErrorKind::Limit,
            Self::Model(_) => ErrorKind::Model,
        }
    }

    /// Stable snake_case code of the exact rule that was broken, e.g. `stride_too_small`.
    ///
    /// Codes never change once released; the conformance suite pins them on every surface.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Config(e) => e.code(),
            Self::Input(e) => e.code(),
            Self::Limit(e) => e.code(),
            Self::Model(e) => e.code(),
        }
    }
}

/// A configuration value broke its rule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A parameter is outside its valid range.
    #[error("invalid {name}: {value}; {rule}")]
    InvalidParameter {
        /// The parameter's name as spelt in the config struct.
        name: &'static str,
        /// The value that was given, formatted.
        value: String,
        /// The rule it broke, e.g. "must be >= 1".
        rule: &'static str,
    },
}

impl ConfigError {
    /// See [`Error::code`].
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::InvalidParameter { .. } => "invalid_parameter",
        }
    }
}

/// Input data broke a rule of its format.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A buffer that must hold data is empty.
    #[error("{what} is empty; it must hold at least one element")]
    Empty {
        /// What was empty, e.g. "audio samples".
        what: &'static str,
    },
    /// A buffer holds fewer elements than its declared shape needs.
    #[error("{what} is too short: expected at least {expected} elements, received {received}")]
    BufferTooShort {
        /// What was too short.
        what: &'static str,
        /// The smallest length that fits the declared shape.
        expected: usize,
        /// The length that was given.
        received: usize,
    },
    /// A buffer's length does not match its declared shape exactly.
    #[error("{what} has the wrong length: expected {expected} elements, received {received}")]
    LengthMismatch {
        /// What had the wrong length.
        what: &'static str,
        /// The length the declared shape needs.
        expected: usize,
        /// The length that was given.
        received: usize,
    },
    /// An image row stride is smaller than one row of pixels.
    #[error("row stride {stride} is too small: one row of {width} pixels needs at least {min} bytes")]
    StrideTooSmall {
        /// The stride given, in bytes.
        stride: usize,
        /// The image width in pixels.
        width: u32,
        /// The smallest valid stride, in bytes.
        min: usize,
    },
    /// An image has zero width or height.
    #[error("image size {width}x{height} is invalid: width and height must both be >= 1")]
    ZeroDimension {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Image dimensions are not the ones an operation requires.
    #[error("image size {width}x{height} is invalid: this operation needs {expected_width}x{expected_height}")]
    WrongDimensions {
        /// Width given.
        width: u32,
        /// Height given.
        height: u32,
        /// Width needed.
        expected_width: u32,
        /// Height needed.
        expected_height: u32,
    },
    /// A sample rate is outside the supported range.
    #[error("sample rate {rate} Hz is invalid: it must be between {min} and {max} Hz")]
    InvalidSampleRate {
        /// The rate given, in Hz.
        rate: u32,
        /// Smallest supported rate.
        min: u32,
        /// Largest supported rate.
        max: u32,
    },
    /// A channel count is zero or larger than supported.
    #[error("channel count {channels} is invalid: it must be between 1 and {max}")]
    InvalidChannelCount {
        /// The count given.
        channels: u16,
        /// Largest supported count.
        max: u16,
    },
    /// A value is NaN or infinite where finite numbers are required.
    #[error("{what} holds a non-finite value ({value}) at index {index}")]
    NonFinite {
        /// What held the value.
        what: &'static str,
        /// Index of the first offending element.
        index: usize,
        /// The value, formatted ("NaN", "inf", "-inf").
        value: String,
    },
    /// A value is finite but outside its valid range.
    #[error("{what} holds {value} at index {index}, outside the valid range {rule}")]
    OutOfRange {
        /// What held the value.
        what: &'static str,
        /// Index of the first offending element.
        index: usize,
        /// The value, formatted.
        value: String,
        /// The valid range, e.g. "[0, 255]".
        rule: &'static str,
    },
    /// Probabilities do not sum to one.
    #[error("probabilities sum to {sum}, not 1 (tolerance {tolerance})")]
    NotNormalized {
        /// The actual sum.
        sum: f64,
        /// The allowed deviation from 1.
        tolerance: f64,
    },
    /// Bytes that must be text are not valid UTF-8.
    #[error("text is not valid UTF-8: the first {valid_up_to} bytes are valid, the byte after them is not")]
    InvalidUtf8 {
        /// Length of the longest valid prefix, in bytes.
        valid_up_to: usize,
    },
    /// An array has a shape (number of axes) the operation does not take.
    #[error("{what} has shape {received}; expected {expected}")]
    WrongShape {
        /// What had the shape.
        what: &'static str,
        /// The shapes accepted, e.g. "(n,) or (channels, n)".
        expected: &'static str,
        /// The shape given, formatted.
        received: String,
    },
    /// Saved state (a baseline, a session history) was written by a newer version.
    #[error("{what} state has version {found}; this build reads versions up to {supported}")]
    UnsupportedVersion {
        /// Which state.
        what: &'static str,
        /// Version found in the bytes.
        found: u16,
        /// Newest version this build reads.
        supported: u16,
    },
    /// Saved state bytes are not valid state: wrong magic, truncated, or corrupted.
    #[error("invalid {what} state: {detail}")]
    InvalidState {
        /// Which state.
        what: &'static str,
        /// What is wrong, e.g. where the bytes end early.
        detail: String,
    },
    /// A name does not belong to a known vocabulary (emotion label, pixel format, ...).
    #[error("unknown {what} {value:?}; expected one of: {expected}")]
    UnknownName {
        /// Which vocabulary.
        what: &'static str,
        /// The name given.
        value: String,
        /// The valid names, comma separated.
        expected: &'static str,
    },
}

impl InputError {
    /// See [`Error::code`].
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Empty { .. } => "empty",
            Self::BufferTooShort { .. } => "buffer_too_short",
            Self::LengthMismatch { .. } => "length_mismatch",
            Self::StrideTooSmall { .. } => "stride_too_small",
            Self::ZeroDimension { .. } => "zero_dimension",
            Self::WrongDimensions { .. } => "wrong_dimensions",
            Self::InvalidSampleRate { .. } => "invalid_sample_rate",
            Self::InvalidChannelCount { .. } => "invalid_channel_count",
            Self::NonFinite { .. } => "non_finite",
            Self::OutOfRange { .. } => "out_of_range",
            Self::NotNormalized { .. } => "not_normalized",
            Self::WrongShape { .. } => "wrong_shape",
            Self::UnsupportedVersion { .. } => "unsupported_version",
            Self::InvalidState { .. } => "invalid_state",
            Self::UnknownName { .. } => "unknown_name",
            Self::InvalidUtf8 { .. } => "invalid_utf8",
        }
    }

    /// Checks that `bytes` are UTF-8 and returns them as text, or [`InputError::InvalidUtf8`].
    pub fn check_utf8(bytes: &[u8]) -> Result<&str, Self> {
        std::str::from_utf8(bytes).map_err(|e| Self::InvalidUtf8 { valid_up_to: e.valid_up_to() })
    }

    /// Finds the first non-finite value of `values` and reports it as [`InputError::NonFinite`].
    pub fn check_finite(what: &'static str, values: &[f32]) -> Result<(), Self> {
        // Whole blocks are tested with a branch-free fold that vectorises (a `position` scan is
        // one compare and branch per sample); the rare bad input is then scanned for its index.
        let clean = values.chunks(256).all(|block| block.iter().fold(true, |ok, v| ok & v.is_finite()));
        if clean {
            return Ok(());
        }
        match values.iter().position(|v| !v.is_finite()) {
            None => Ok(()),
            Some(index) => Err(Self::NonFinite { what, index, value: values[index].to_string() }),
        }
    }
}

/// What a [`LimitError`] measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum LimitKind {
    /// Audio length in samples per channel.
    AudioSamples,
    /// Image area in pixels.
    ImagePixels,
    /// Image width or height in pixels.
    ImageSide,
    /// Text length in bytes of UTF-8.
    TextBytes,
    /// Model size in bytes.
    ModelBytes,
    /// Number of items in one batch.
    BatchSize,
}

impl LimitKind {
    /// Stable snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AudioSamples => "audio_samples",
            Self::ImagePixels => "image_pixels",
            Self::ImageSide => "image_side",
            Self::TextBytes => "text_bytes",
            Self::ModelBytes => "model_bytes",
            Self::BatchSize => "batch_size",
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Input exceeded a configured [`Limits`](crate::Limits) value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// A size is above its limit.
    #[error("{kind} limit exceeded: received {received}, the limit is {limit}")]
    Exceeded {
        /// What was measured.
        kind: LimitKind,
        /// The configured maximum.
        limit: u64,
        /// The size received.
        received: u64,
    },
}

impl LimitError {
    /// See [`Error::code`].
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Exceeded { .. } => "limit_exceeded",
        }
    }
}

/// A model could not be loaded or run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The model bytes are not a valid model for the backend (corrupt, truncated, unsupported).
    #[error("{backend} could not load the model: {reason}")]
    Load {
        /// Backend that tried.
        backend: &'static str,
        /// The backend's own explanation.
        reason: String,
    },
    /// The declared [`ModelSpec`](crate::ModelSpec) does not match the model.
    #[error("the model does not match its spec: {detail}")]
    SpecMismatch {
        /// What differs.
        detail: String,
    },
    /// The declared spec is itself inconsistent.
    #[error("invalid model spec: {detail}")]
    InvalidSpec {
        /// What is wrong.
        detail: String,
    },
    /// An input tensor's shape does not fit the spec.
    #[error("input {input:?} has shape {received:?}, the model expects {expected}")]
    InputShape {
        /// Input name.
        input: String,
        /// The expected shape, with `N` for the batch dimension.
        expected: String,
        /// The shape given.
        received: Vec<usize>,
    },
    /// The wrong number of inputs was given.
    #[error("the model takes {expected} inputs, received {received}")]
    InputCount {
        /// Inputs the spec declares.
        expected: usize,
        /// Inputs given.
        received: usize,
    },
    /// Inference failed inside the backend.
    #[error("{backend} failed to run the model: {reason}")]
    Run {
        /// Backend that failed.
        backend: &'static str,
        /// The backend's own explanation.
        reason: String,
    },
    /// A model output is not what the spec declares (shape, type or non-finite values).
    #[error("model output {output:?} is invalid: {detail}")]
    Output {
        /// Output name.
        output: String,
        /// What is wrong.
        detail: String,
    },
    /// The requested backend is not compiled in or its library cannot be found.
    #[error("backend {backend} is unavailable: {hint}")]
    BackendUnavailable {
        /// Backend requested.
        backend: &'static str,
        /// How to make it available.
        hint: String,
    },
}

impl ModelError {
    /// See [`Error::code`].
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Load { .. } => "model_load",
            Self::SpecMismatch { .. } => "spec_mismatch",
            Self::InvalidSpec { .. } => "invalid_spec",
            Self::InputShape { .. } => "input_shape",
            Self::InputCount { .. } => "input_count",
            Self::Run { .. } => "model_run",
            Self::Output { .. } => "model_output",
            Self::BackendUnavailable { .. } => "backend_unavailable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_value_and_rule() {
        let e: Error = InputError::StrideTooSmall { stride: 10, width: 4, min: 12 }.into();
        assert_eq!(e.kind(), ErrorKind::Input);
        assert_eq!(e.code(), "stride_too_small");
        assert_eq!(e.to_string(), "row stride 10 is too small: one row of 4 pixels needs at least 12 bytes");
        let e: Error = LimitError::Exceeded { kind: LimitKind::ImagePixels, limit: 4, received: 9 }.into();
        assert_eq!(e.to_string(), "image_pixels limit exceeded: received 9, the limit is 4");
        assert_eq!((e.kind().as_str(), e.code()), ("limit", "limit_exceeded"));
    }

    #[test]
    fn utf8_check_names_the_valid_prefix() {
        assert_eq!(InputError::check_utf8("héllo".as_bytes()), Ok("héllo"));
        let e = InputError::check_utf8(b"ok\xff!").unwrap_err();
        assert_eq!(e, InputError::InvalidUtf8 { valid_up_to: 2 });
        assert_eq!(e.code(), "invalid_utf8");
    }

    #[test]
    fn check_finite_reports_first_bad_index() {
        assert!(InputError::check_finite("x", &[0.0, 1.0]).is_ok());
        let e = InputError::check_finite("x", &[0.0, f32::INFINITY, f32::NAN]).unwrap_err();
        assert_eq!(e, InputError::NonFinite { what: "x", index: 1, value: "inf".into() });
    }
}
