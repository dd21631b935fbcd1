//! Settings of a [`FaceAnalyzer`](crate::FaceAnalyzer).

use std::str::FromStr;

use resona_core::{Backend, ConfigError, InputError, Limits, Result};

/// Which BlazeFace model detects faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DetectorModel {
    /// MediaPipe's 256x256 "back camera" BlazeFace: faces from close up to a few metres,
    /// down to about 20 pixels in the letterboxed 256-pixel input.
    #[default]
    FullRange,
    /// MediaPipe's 128x128 "front camera" (selfie) BlazeFace: faster, only faces near the
    /// camera (filling roughly a fifth of the frame or more).
    ShortRange,
}

impl DetectorModel {
    /// Input side in pixels.
    #[must_use]
    pub const fn input_size(self) -> u32 {
        match self {
            Self::FullRange => 256,
            Self::ShortRange => 128,
        }
    }

    /// Anchor strides (MediaPipe `face_detection_back.pbtxt` / `face_detection_front.pbtxt`).
    #[must_use]
    pub const fn strides(self) -> [u32; 4] {
        match self {
            Self::FullRange => [16, 32, 32, 32],
            Self::ShortRange => [8, 16, 16, 16],
        }
    }

    /// The bundled ONNX bytes.
    #[must_use]
    pub const fn bundled_bytes(self) -> &'static [u8] {
        match self {
            Self::FullRange => crate::analyzer::FULL_RANGE_MODEL,
            Self::ShortRange => crate::analyzer::SHORT_RANGE_MODEL,
        }
    }
}

/// The names the bindings take: `"full_range"` and `"short_range"`.
impl FromStr for DetectorModel {
    type Err = InputError;
    fn from_str(s: &str) -> std::result::Result<Self, InputError> {
        match s {
            "full_range" => Ok(Self::FullRange),
            "short_range" => Ok(Self::ShortRange),
            _ => Err(InputError::UnknownName {
                what: "detector",
                value: s.to_owned(),
                expected: "full_range, short_range",
            }),
        }
    }
}

/// On which faces Face Mesh runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum LandmarkMode {
    /// Only on the primary face (one mesh run per frame).
    #[default]
    Primary,
    /// On every face found.
    All,
    /// Never: no landmarks, geometry, head pose or action units.
    Off,
}

/// The names the bindings take: `"primary"`, `"all"` and `"off"`.
impl FromStr for LandmarkMode {
    type Err = InputError;
    fn from_str(s: &str) -> std::result::Result<Self, InputError> {
        match s {
            "primary" => Ok(Self::Primary),
            "all" => Ok(Self::All),
            "off" => Ok(Self::Off),
            _ => Err(InputError::UnknownName { what: "landmarks", value: s.to_owned(), expected: "primary, all, off" }),
        }
    }
}

/// How the frame must be turned, clockwise, to be upright (as Android CameraX's
/// `rotationDegrees`). Results stay in the coordinates of the frame as given; head pose is
/// relative to the upright face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Rotation {
    /// Already upright.
    #[default]
    None,
    /// Turn 90° clockwise.
    Cw90,
    /// Turn 180°.
    Cw180,
    /// Turn 270° clockwise (90° counter-clockwise).
    Cw270,
}

impl Rotation {
    /// From degrees (0, 90, 180 or 270); other values are an error.
    pub fn from_degrees(degrees: u32) -> Result<Self> {
        match degrees {
            0 => Ok(Self::None),
            90 => Ok(Self::Cw90),
            180 => Ok(Self::Cw180),
            270 => Ok(Self::Cw270),
            _ => Err(ConfigError::InvalidParameter {
                name: "rotation",
                value: degrees.to_string(),
                rule: "must be 0, 90, 180 or 270 degrees",
            }
            .into()),
        }
    }
}

/// Settings of a [`FaceAnalyzer`](crate::FaceAnalyzer). Checked by its constructors.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FaceConfig {
    /// Detection model. Defaults to [`DetectorModel::FullRange`].
    pub detector: DetectorModel,
    /// Smallest detection score kept, in [0, 1]. Defaults to 0.5 (MediaPipe's
    /// `min_score_thresh`).
    pub score_threshold: f32,
    /// IoU above which detections merge in weighted non-maximum suppression, in (0, 1].
    /// Defaults to 0.3 (MediaPipe's `min_suppression_threshold`).
    pub nms_iou: f32,
    /// Most faces returned per frame, 1..=256. Defaults to 10.
    pub max_faces: usize,
    /// Which faces get landmarks. Defaults to [`LandmarkMode::Primary`].
    pub landmarks: LandmarkMode,
    /// Rotation hint for phone cameras. Defaults to [`Rotation::None`].
    pub rotation: Rotation,
    /// Smallest expression probability that sets [`Face::label`](crate::Face::label), in
    /// [0, 1]. Defaults to 0.6 (the seeds count an expression at 0.6 or more).
    pub confidence_gate: f32,
    /// Smallest Face Mesh presence for the geometry to be computed, in [0, 1]. Defaults to 0.5.
    pub min_presence: f32,
    /// Side of the expression crop as a multiple of the detector box's longer side, in
    /// [0.5, 3]. Defaults to 1.0 (chosen on FER2013 faces; see the models README).
    pub expression_crop_scale: f32,
    /// Whether the expression crop's contrast is normalised (mean 128, standard deviation 60)
    /// before classification, for invariance to lighting. Defaults to `true`.
    pub normalize_expression_crop: bool,
    /// Inference backend for all three models. Defaults to [`Backend::Tract`].
    pub backend: Backend,
    /// Input size limits. Defaults to [`Limits::default`].
    pub limits: Limits,
}

impl Default for FaceConfig {
    fn default() -> Self {
        Self {
            detector: DetectorModel::FullRange,
            score_threshold: 0.5,
            nms_iou: 0.3,
            max_faces: 10,
            landmarks: LandmarkMode::Primary,
            rotation: Rotation::None,
            confidence_gate: 0.6,
            min_presence: 0.5,
            expression_crop_scale: 1.0,
            normalize_expression_crop: true,
            backend: Backend::Tract,
            limits: Limits::default(),
        }
    }
}

macro_rules! setter {
    ($(#[$doc:meta] $name:ident: $field:ident: $ty:ty),* $(,)?) => {
        $(
            #[$doc]
            #[must_use]
            pub fn $name(mut self, v: $ty) -> Self {
                self.$field = v;
                self
            }
        )*
    };
}

impl FaceConfig {
    setter! {
        /// Sets [`FaceConfig::detector`].
        with_detector: detector: DetectorModel,
        /// Sets [`FaceConfig::score_threshold`].
        with_score_threshold: score_threshold: f32,
        /// Sets [`FaceConfig::nms_iou`].
        with_nms_iou: nms_iou: f32,
        /// Sets [`FaceConfig::max_faces`].
        with_max_faces: max_faces: usize,
        /// Sets [`FaceConfig::landmarks`].
        with_landmarks: landmarks: LandmarkMode,
        /// Sets [`FaceConfig::rotation`].
        with_rotation: rotation: Rotation,
        /// Sets [`FaceConfig::confidence_gate`].
        with_confidence_gate: confidence_gate: f32,
        /// Sets [`FaceConfig::min_presence`].
        with_min_presence: min_presence: f32,
        /// Sets [`FaceConfig::expression_crop_scale`].
        with_expression_crop_scale: expression_crop_scale: f32,
        /// Sets [`FaceConfig::normalize_expression_crop`].
        with_normalize_expression_crop: normalize_expression_crop: bool,
        /// Sets [`FaceConfig::backend`].
        with_backend: backend: Backend,
        /// Sets [`FaceConfig::limits`].
        with_limits: limits: Limits,
    }

    /// Checks every field against its documented range.
    pub fn validate(&self) -> Result<()> {
        let unit = |name: &'static str, v: f32| -> Result<()> {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(ConfigError::InvalidParameter { name, value: v.to_string(), rule: "must be in [0, 1]" }.into())
            }
        };
        unit("score_threshold", self.score_threshold)?;
        unit("confidence_gate", self.confidence_gate)?;
        unit("min_presence", self.min_presence)?;
        if !(self.nms_iou > 0.0 && self.nms_iou <= 1.0) {
            return Err(ConfigError::InvalidParameter {
                name: "nms_iou",
                value: self.nms_iou.to_string(),
                rule: "must be in (0, 1]",
            }
            .into());
        }
        if !(1..=256).contains(&self.max_faces) {
            return Err(ConfigError::InvalidParameter {
                name: "max_faces",
                value: self.max_faces.to_string(),
                rule: "must be between 1 and 256",
            }
            .into());
        }
        if !(0.5..=3.0).contains(&self.expression_crop_scale) {
            return Err(ConfigError::InvalidParameter {
                name: "expression_crop_scale",
                value: self.expression_crop_scale.to_string(),
                rule: "must be in [0.5, 3]",
            }
            .into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_field() {
        assert!(FaceConfig::default().validate().is_ok());
        let e = FaceConfig::default().with_score_threshold(f32::NAN).validate().unwrap_err();
        assert!(e.to_string().contains("score_threshold"), "{e}");
        assert!(FaceConfig::default().with_nms_iou(0.0).validate().is_err());
        assert!(FaceConfig::default().with_max_faces(0).validate().is_err());
        assert!(FaceConfig::default().with_confidence_gate(1.5).validate().is_err());
        assert!(FaceConfig::default().with_expression_crop_scale(9.0).validate().is_err());
        assert_eq!(Rotation::from_degrees(270).unwrap(), Rotation::Cw270);
        assert_eq!(Rotation::from_degrees(45).unwrap_err().code(), "invalid_parameter");
    }

    #[test]
    fn names_parse_and_unknown_names_are_typed_errors() {
        assert_eq!("full_range".parse::<DetectorModel>().unwrap(), DetectorModel::FullRange);
        assert_eq!("short_range".parse::<DetectorModel>().unwrap(), DetectorModel::ShortRange);
        for (name, mode) in [("primary", LandmarkMode::Primary), ("all", LandmarkMode::All), ("off", LandmarkMode::Off)]
        {
            assert_eq!(name.parse::<LandmarkMode>().unwrap(), mode);
        }
        let e = "long_range".parse::<DetectorModel>().unwrap_err();
        assert_eq!(e.code(), "unknown_name");
        assert!(e.to_string().contains("long_range") && e.to_string().contains("short_range"), "{e}");
        assert_eq!("some".parse::<LandmarkMode>().unwrap_err().code(), "unknown_name");
        // Case matters, as for the other names the bindings take.
        assert!("Full_Range".parse::<DetectorModel>().is_err());
    }
}
