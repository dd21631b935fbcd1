//! Faces for Kotlin and Swift: typed records for what an app draws and decides on, and the
//! full analysis in Resona's shared JSON schema (`json`) for everything else.

use crate::{Backend, Emotion, EmotionScores, PixelFormat, ResonaError};
use resona::ImageView;
use resona::vision::{FaceConfig, LandmarkMode, Rotation};
use std::sync::Arc;

/// Which BlazeFace model detects faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DetectorModel {
    /// The 256x256 model: faces from close up to a few metres (the core's default).
    FullRange,
    /// The 128x128 selfie model: faster, only faces near the camera (filling roughly a fifth
    /// of the frame or more).
    ShortRange,
}

impl From<DetectorModel> for resona::vision::DetectorModel {
    fn from(d: DetectorModel) -> Self {
        match d {
            DetectorModel::FullRange => Self::FullRange,
            DetectorModel::ShortRange => Self::ShortRange,
        }
    }
}

/// A face box in pixels.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct FaceBoxRecord {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// Head orientation in degrees.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct HeadPoseRecord {
    /// Turn left/right.
    pub yaw: f32,
    /// Nod up/down.
    pub pitch: f32,
    /// Tilt.
    pub roll: f32,
}

/// One face.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FaceRecord {
    /// Box in pixels.
    pub bbox: FaceBoxRecord,
    /// Detection score, [0, 1].
    pub score: f32,
    /// Expression distribution.
    pub expression: EmotionScores,
    /// The expression when its probability passes the confidence gate (0.6), else null.
    pub label: Option<Emotion>,
    /// Arousal, [0, 1].
    pub arousal: f32,
    /// Valence, [-1, 1].
    pub valence: f32,
    /// Head pose when landmarks were computed for this face.
    pub head_pose: Option<HeadPoseRecord>,
    /// 468 landmarks as x, y, z triples (pixels), empty when not computed.
    pub landmarks: Vec<f32>,
}

/// Every face of a frame.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FrameReading {
    /// Faces, in detection order.
    pub faces: Vec<FaceRecord>,
    /// Index of the primary (largest) face.
    pub primary: Option<u32>,
    /// The full analysis in the shared JSON schema (geometry, action units, keypoints...).
    pub json: String,
}

/// Analyses faces in frames; thread-safe, build once.
#[derive(Debug, uniffi::Object)]
pub struct FaceAnalyzer {
    inner: resona::vision::FaceAnalyzer,
}

#[uniffi::export]
impl FaceAnalyzer {
    /// Loads the bundled models on `backend`; `all_landmarks` computes landmarks on every
    /// face instead of the primary one; `rotation_degrees` (0, 90, 180, 270 clockwise) turns
    /// phone-camera frames upright; `detector` picks the face detector (null, the default
    /// argument, is `FullRange`; `ShortRange` for faces at selfie distance).
    #[uniffi::constructor(default(detector = None))]
    pub fn new(
        backend: Backend,
        all_landmarks: bool,
        rotation_degrees: u32,
        detector: Option<DetectorModel>,
    ) -> Result<Arc<Self>, ResonaError> {
        let mode = if all_landmarks { LandmarkMode::All } else { LandmarkMode::Primary };
        let config = FaceConfig::default()
            .with_backend(backend.into())
            .with_detector(detector.unwrap_or(DetectorModel::FullRange).into())
            .with_landmarks(mode)
            .with_rotation(Rotation::from_degrees(rotation_degrees)?);
        Ok(Arc::new(Self { inner: resona::vision::FaceAnalyzer::bundled(config)? }))
    }

    /// Every face of a frame of `height` rows of `stride` bytes (null: packed).
    pub fn analyze(
        &self,
        pixels: Vec<u8>,
        width: u32,
        height: u32,
        stride: Option<u64>,
        format: PixelFormat,
    ) -> Result<FrameReading, ResonaError> {
        let format: resona::PixelFormat = format.into();
        let stride = match stride {
            Some(s) => usize::try_from(s).unwrap_or(usize::MAX),
            None => width as usize * format.bytes_per_pixel(),
        };
        let a = self.inner.analyze(&ImageView::new(&pixels, width, height, stride, format)?)?;
        Ok(frame_reading(&a))
    }
}

/// A frame analysis as the typed record plus its JSON.
pub(crate) fn frame_reading(a: &resona::vision::FrameAnalysis) -> FrameReading {
    let faces = a
        .faces
        .iter()
        .map(|f| FaceRecord {
            bbox: FaceBoxRecord { x: f.bbox.x, y: f.bbox.y, width: f.bbox.width, height: f.bbox.height },
            score: f.score,
            expression: f.expression.into(),
            label: f.label.map(Into::into),
            arousal: f.affect.arousal,
            valence: f.affect.valence,
            head_pose: f.head_pose.map(|p| HeadPoseRecord { yaw: p.yaw, pitch: p.pitch, roll: p.roll }),
            landmarks: f
                .landmarks
                .as_ref()
                .map(|l| l.points.iter().flat_map(|p| [p.x, p.y, p.z]).collect())
                .unwrap_or_default(),
        })
        .collect();
    FrameReading { faces, primary: a.primary.map(|p| p as u32), json: serde_json::to_string(&a).unwrap_or_default() }
}
