//! The typed results of [`FaceAnalyzer::analyze`](crate::FaceAnalyzer::analyze).

use crate::affect::{ActionUnits, Affect};
use crate::geometry::{FaceGeometry, HeadPose, Point3};
use resona_core::{Emotion, EmotionScores};

/// An axis-aligned rectangle: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FaceBox {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width (≥ 0).
    pub width: f32,
    /// Height (≥ 0).
    pub height: f32,
}

impl FaceBox {
    /// Area.
    #[must_use]
    pub fn area(&self) -> f32 {
        self.width * self.height
    }

    /// Centre `(x, y)`.
    #[must_use]
    pub fn centre(&self) -> (f32, f32) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// Intersection over union; 0 when either box is empty.
    #[must_use]
    pub fn iou(&self, other: &Self) -> f32 {
        let ix = (self.x + self.width).min(other.x + other.width) - self.x.max(other.x);
        let iy = (self.y + self.height).min(other.y + other.height) - self.y.max(other.y);
        let inter = ix.max(0.0) * iy.max(0.0);
        let union = self.area() + other.area() - inter;
        if union > 0.0 { inter / union } else { 0.0 }
    }
}

/// A point in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Point2 {
    /// Pixels from the left edge.
    pub x: f32,
    /// Pixels from the top edge.
    pub y: f32,
}

/// The 468 Face Mesh landmarks of one face.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Landmarks {
    /// Points in frame pixels (of the frame as given, before any rotation hint), in Face Mesh
    /// order; `z` is relative depth in the upright face's pixel scale.
    pub points: Vec<Point3>,
    /// Face-presence probability in [0, 1] (sigmoid of the mesh model's presence logit).
    pub presence: f32,
}

/// One face in a frame.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Face {
    /// Detector box in frame pixels, clipped to the frame.
    pub bbox: FaceBox,
    /// The same box as fractions of the frame's width and height (0..1).
    pub bbox_normalized: FaceBox,
    /// Whether the detector's box reached beyond the frame edge (a face cut by the edge).
    pub truncated: bool,
    /// Detection score in [0, 1].
    pub score: f32,
    /// The six BlazeFace keypoints in frame pixels, in
    /// [`Keypoint`](crate::detector::Keypoint) order (subject's right eye, left eye, nose tip,
    /// mouth, right ear, left ear). They may lie outside the frame for a cut face.
    pub keypoints: [Point2; 6],
    /// Face Mesh landmarks, when they were computed for this face (see
    /// [`LandmarkMode`](crate::LandmarkMode)).
    pub landmarks: Option<Landmarks>,
    /// Expression distribution of the eye-aligned face crop.
    pub expression: EmotionScores,
    /// The most likely expression when its probability reaches the confidence gate, else
    /// `None`.
    pub label: Option<Emotion>,
    /// Geometric measures; `None` without landmarks or when the presence score is below
    /// [`FaceConfig::min_presence`](crate::FaceConfig::min_presence).
    pub geometry: Option<FaceGeometry>,
    /// Head pose; available with the geometry.
    pub head_pose: Option<HeadPose>,
    /// Action-unit proxies; available with the geometry.
    pub action_units: Option<ActionUnits>,
    /// Arousal and valence (from the expression alone when there is no geometry).
    pub affect: Affect,
}

/// Everything found in one frame.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FrameAnalysis {
    /// Faces, best detection score first. Empty when there is no face.
    pub faces: Vec<Face>,
    /// Index into `faces` of the primary face: the largest box, boxes within 15% of the
    /// largest area broken by closeness to the frame centre. `None` when there is no face.
    pub primary: Option<usize>,
    /// Frame width in pixels, as given.
    pub width: u32,
    /// Frame height in pixels, as given.
    pub height: u32,
}

impl FrameAnalysis {
    /// The primary face.
    #[must_use]
    pub fn primary_face(&self) -> Option<&Face> {
        self.primary.and_then(|i| self.faces.get(i))
    }
}
