//! MediaPipe Face Mesh (v1): 468 3-D landmarks and a face-presence score on an eye-aligned
//! 192x192 crop, and the mesh indices the geometry reads.

use resona_core::ModelSpec;
use resona_core::model::{Dim, OutputKind, OutputSpec, TensorLayout, TensorSpec};

/// The bundled Face Mesh model (Apache-2.0; see `models/README.md`).
pub static FACE_MESH_MODEL: &[u8] = include_bytes!("../models/face_landmark.onnx");

/// Number of Face Mesh landmarks.
pub const LANDMARK_COUNT: usize = 468;

/// Side of the Face Mesh input crop, pixels.
pub const MESH_INPUT: usize = 192;

/// MediaPipe's crop: the detector box's longer side times 1.5, square, rotated so the eyes
/// are level (`face_landmark_front_cpu.pbtxt`, `RectTransformationCalculator` scale 1.5).
pub const MESH_CROP_SCALE: f32 = 1.5;

/// The Face Mesh spec: input `input_1` `[1, 192, 192, 3]` NHWC RGB scaled to [0, 1];
/// outputs `conv2d_21` `[1, 1, 1, 1404]` (468 × x, y, z in crop pixels) and `conv2d_31`
/// `[1, 1, 1, 1]` (presence logit).
#[must_use]
pub fn face_mesh_spec() -> ModelSpec {
    let n = Dim::Fixed(MESH_INPUT);
    ModelSpec {
        inputs: vec![
            TensorSpec::new("input_1", vec![Dim::Fixed(1), n, n, Dim::Fixed(3)], TensorLayout::Nhwc)
                .with_scaling(1.0 / 255.0, 0.0),
        ],
        outputs: vec![
            OutputSpec::new(
                "conv2d_21",
                vec![Dim::Fixed(1), Dim::Fixed(1), Dim::Fixed(1), Dim::Fixed(LANDMARK_COUNT * 3)],
                OutputKind::Values,
            ),
            OutputSpec::new(
                "conv2d_31",
                vec![Dim::Fixed(1), Dim::Fixed(1), Dim::Fixed(1), Dim::Fixed(1)],
                OutputKind::Values,
            ),
        ],
        labels: Vec::new(),
    }
}

/// Face Mesh indices used by the geometry (canonical MediaPipe topology,
/// `mediapipe/modules/face_geometry/data/canonical_face_model_uv_visualization.png`).
/// "Right" and "left" are the subject's.
pub mod mesh {
    /// Right eye, outer corner (EAR p1).
    pub const RIGHT_EYE_OUTER: usize = 33;
    /// Right eye, upper lid outer (EAR p2).
    pub const RIGHT_EYE_TOP_OUTER: usize = 160;
    /// Right eye, upper lid inner (EAR p3).
    pub const RIGHT_EYE_TOP_INNER: usize = 158;
    /// Right eye, inner corner (EAR p4).
    pub const RIGHT_EYE_INNER: usize = 133;
    /// Right eye, lower lid inner (EAR p5).
    pub const RIGHT_EYE_BOTTOM_INNER: usize = 153;
    /// Right eye, lower lid outer (EAR p6).
    pub const RIGHT_EYE_BOTTOM_OUTER: usize = 144;
    /// Left eye, inner corner (EAR p1).
    pub const LEFT_EYE_INNER: usize = 362;
    /// Left eye, upper lid inner (EAR p2).
    pub const LEFT_EYE_TOP_INNER: usize = 385;
    /// Left eye, upper lid outer (EAR p3).
    pub const LEFT_EYE_TOP_OUTER: usize = 387;
    /// Left eye, outer corner (EAR p4).
    pub const LEFT_EYE_OUTER: usize = 263;
    /// Left eye, lower lid outer (EAR p5).
    pub const LEFT_EYE_BOTTOM_OUTER: usize = 373;
    /// Left eye, lower lid inner (EAR p6).
    pub const LEFT_EYE_BOTTOM_INNER: usize = 380;
    /// Right brow, inner end.
    pub const RIGHT_BROW_INNER: usize = 107;
    /// Right brow, middle.
    pub const RIGHT_BROW_MID: usize = 105;
    /// Right brow, outer end.
    pub const RIGHT_BROW_OUTER: usize = 70;
    /// Left brow, inner end.
    pub const LEFT_BROW_INNER: usize = 336;
    /// Left brow, middle.
    pub const LEFT_BROW_MID: usize = 334;
    /// Left brow, outer end.
    pub const LEFT_BROW_OUTER: usize = 300;
    /// Upper lip, inner edge centre.
    pub const LIP_INNER_TOP: usize = 13;
    /// Lower lip, inner edge centre.
    pub const LIP_INNER_BOTTOM: usize = 14;
    /// Upper lip, outer edge centre.
    pub const LIP_OUTER_TOP: usize = 0;
    /// Lower lip, outer edge centre.
    pub const LIP_OUTER_BOTTOM: usize = 17;
    /// Right mouth corner.
    pub const MOUTH_RIGHT: usize = 61;
    /// Left mouth corner.
    pub const MOUTH_LEFT: usize = 291;
    /// Nose tip.
    pub const NOSE_TIP: usize = 1;
    /// Chin (menton).
    pub const CHIN: usize = 152;
    /// Forehead, top centre.
    pub const FOREHEAD: usize = 10;
    /// Right cheek edge (at the ear).
    pub const RIGHT_CHEEK: usize = 234;
    /// Left cheek edge (at the ear).
    pub const LEFT_CHEEK: usize = 454;
}
