//! The face pipeline: detection → eye-aligned crops → landmarks, expression, geometry,
//! action units, arousal and valence.

use crate::affect::{ActionUnits, Affect};
use crate::config::{FaceConfig, LandmarkMode, Rotation};
use crate::detector::{self, Anchor, KEYPOINTS, RawDetection};
use crate::expression::{ExpressionClassifier, ExpressionConfig};
use crate::face::{Face, FaceBox, FrameAnalysis, Landmarks, Point2};
use crate::geometry::{self, Point3};
use crate::landmarks::{FACE_MESH_MODEL, LANDMARK_COUNT, MESH_CROP_SCALE, MESH_INPUT, face_mesh_spec};
use crate::warp::{Affine, Pyramid};
use resona_core::model::{Dim, OutputKind, OutputSpec, TensorLayout, TensorRef, TensorSpec};
use resona_core::{ImageView, Model, ModelError, ModelSpec, Result};

/// The bundled full-range (256x256 "back") BlazeFace (Apache-2.0; see `models/README.md`).
pub static FULL_RANGE_MODEL: &[u8] = include_bytes!("../models/blazeface_back_256.onnx");

/// The bundled short-range (128x128 "front") BlazeFace (Apache-2.0).
pub static SHORT_RANGE_MODEL: &[u8] = include_bytes!("../models/blazeface_front_128.onnx");

/// Frames with a side shorter than this hold no detectable face (BlazeFace needs a face of
/// about 20 pixels); [`FaceAnalyzer::analyze`] returns no faces for them without running a
/// model.
pub const MIN_FRAME_SIDE: u32 = 16;

/// Boxes whose areas are within this fraction of the largest count as tied for primary face;
/// the one nearest the frame centre wins. BlazeFace's box for one face varies by about 12% in
/// area with its position on the anchor grid (measured: the same face pasted at two places).
const PRIMARY_TIE: f32 = 0.15;

/// Contrast normalisation of the expression crop: mean and standard deviation the crop is
/// mapped to (about those of FER2013 face crops), so brightness and contrast changes of the
/// frame do not move the expression. Crops flatter than `MIN_CROP_STD` are left alone.
const CROP_MEAN: f32 = 128.0;
const CROP_STD: f32 = 60.0;
const MIN_CROP_STD: f32 = 2.0;

/// The spec of a BlazeFace export from keijiro's package: input `input:0` `[1, S, S, 3]` NHWC
/// RGB scaled to [-1, 1] (MediaPipe's `ImageToTensorCalculator` range for BlazeFace, which
/// gave higher scores on real faces than [0, 1]; see the models README); outputs
/// `Identity:0` `[1, 512, 1]` and `Identity_1:0` `[1, 384, 1]` score logits,
/// `Identity_2:0` `[1, 512, 16]` and `Identity_3:0` `[1, 384, 16]` regressors.
#[must_use]
pub fn blazeface_spec(input_size: u32) -> ModelSpec {
    let s = Dim::Fixed(input_size as usize);
    let one = Dim::Fixed(1);
    ModelSpec {
        inputs: vec![
            TensorSpec::new("input:0", vec![one, s, s, Dim::Fixed(3)], TensorLayout::Nhwc)
                .with_scaling(2.0 / 255.0, -1.0),
        ],
        outputs: vec![
            OutputSpec::new("Identity:0", vec![one, Dim::Fixed(512), one], OutputKind::Values),
            OutputSpec::new("Identity_1:0", vec![one, Dim::Fixed(384), one], OutputKind::Values),
            OutputSpec::new("Identity_2:0", vec![one, Dim::Fixed(512), Dim::Fixed(16)], OutputKind::Values),
            OutputSpec::new("Identity_3:0", vec![one, Dim::Fixed(384), Dim::Fixed(16)], OutputKind::Values),
        ],
        labels: Vec::new(),
    }
}

/// Detects faces and reads each one: keypoints, landmarks, expression, geometry, head pose,
/// action units, arousal and valence.
///
/// Built once (the three models are parsed and optimised in the constructor), then used for
/// any number of frames, from any thread (`Send + Sync`). Per-stream state (tracks,
/// smoothing, blinks) lives in [`FaceTracker`](crate::FaceTracker).
#[derive(Debug)]
pub struct FaceAnalyzer {
    config: FaceConfig,
    detector: Model,
    anchors: Vec<Anchor>,
    mesh: Option<Model>,
    expression: ExpressionClassifier,
}

/// A detection mapped to the upright frame.
#[derive(Debug, Clone, Copy)]
struct Upright {
    score: f32,
    cx: f32,
    cy: f32,
    width: f32,
    height: f32,
    keypoints: [[f32; 2]; KEYPOINTS],
}

impl FaceAnalyzer {
    /// Builds the analyzer from the bundled models.
    pub fn bundled(config: FaceConfig) -> Result<Self> {
        config.validate()?;
        let expression = ExpressionClassifier::new(
            ExpressionConfig::default().with_backend(config.backend).with_limits(config.limits),
        )?;
        Self::from_parts(config.detector.bundled_bytes(), FACE_MESH_MODEL, expression, config)
    }

    /// Builds the analyzer from model bytes: a BlazeFace export laid out as
    /// [`blazeface_spec`] for `config.detector`'s input size, a Face Mesh export as
    /// [`face_mesh_spec`](crate::landmarks::face_mesh_spec) (not loaded when landmarks are
    /// off), and an expression classifier (the bundled one or another, e.g. from
    /// [`ExpressionClassifier::from_model`]).
    pub fn from_parts(
        detector_bytes: &[u8],
        face_mesh_bytes: &[u8],
        expression: ExpressionClassifier,
        config: FaceConfig,
    ) -> Result<Self> {
        config.validate()?;
        let size = config.detector.input_size();
        let detector =
            Model::from_bytes_with_limits(detector_bytes, blazeface_spec(size), config.backend, &config.limits)?;
        let anchors = detector::ssd_anchors(size, &config.detector.strides());
        let mesh = match config.landmarks {
            LandmarkMode::Off => None,
            _ => {
                Some(Model::from_bytes_with_limits(face_mesh_bytes, face_mesh_spec(), config.backend, &config.limits)?)
            }
        };
        Ok(Self { config, detector, anchors, mesh, expression })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &FaceConfig {
        &self.config
    }

    /// Analyses one frame.
    ///
    /// Results: no face (including all-black or all-white frames and frames under
    /// [`MIN_FRAME_SIDE`] pixels) gives an empty [`FrameAnalysis`]; several faces are listed
    /// best score first with the primary one marked; a face cut by the frame edge has its box
    /// clipped and `truncated` set. Errors: [`LimitError`](resona_core::LimitError) for
    /// frames over [`FaceConfig::limits`]; model errors from the backend.
    pub fn analyze(&self, image: &ImageView<'_>) -> Result<FrameAnalysis> {
        self.config.limits.check_image(image)?;
        let (w, h) = (image.width(), image.height());
        let mut analysis = FrameAnalysis { faces: Vec::new(), primary: None, width: w, height: h };
        if w < MIN_FRAME_SIDE || h < MIN_FRAME_SIDE {
            return Ok(analysis);
        }
        let (wf, hf) = (w as f32, h as f32);
        let (uw, uh, to_source) = upright(self.config.rotation, wf, hf);
        let size = self.config.detector.input_size() as usize;
        let pyramid = Pyramid::new(image, size);
        let detections = self.detect(&pyramid, &to_source, uw, uh)?;
        if detections.is_empty() {
            return Ok(analysis);
        }
        let primary = primary_index(&detections, uw, uh);
        analysis.primary = Some(primary);
        for (i, det) in detections.iter().enumerate() {
            let with_mesh = self.wants_mesh(i, primary);
            analysis.faces.push(self.read_face(&pyramid, &to_source, det, with_mesh, wf, hf)?);
        }
        Ok(analysis)
    }

    /// Re-reads the faces of `previous` (an earlier analysis of the same stream) in `image`
    /// without running the detector: each face's box and keypoints are kept, and landmarks,
    /// expression, geometry and affect are computed anew. This is how a video pipeline keeps
    /// the detector (the costliest model) off most frames, as MediaPipe's face mesh does.
    ///
    /// Returns `None`, and the caller should run [`analyze`](Self::analyze), when the result
    /// could not be trusted: `previous` has no face, another frame size, or a face cut by the
    /// frame edge; landmarks are off (nothing would confirm the face is still there); or the
    /// primary face's Face Mesh presence fell below [`FaceConfig::min_presence`] (the face
    /// moved away or left).
    pub fn reanalyze(&self, image: &ImageView<'_>, previous: &FrameAnalysis) -> Result<Option<FrameAnalysis>> {
        self.config.limits.check_image(image)?;
        let (w, h) = (image.width(), image.height());
        let Some(primary) = previous.primary.filter(|&p| p < previous.faces.len()) else {
            return Ok(None);
        };
        if (w, h) != (previous.width, previous.height)
            || self.config.landmarks == LandmarkMode::Off
            || previous.faces.iter().any(|f| f.truncated)
        {
            return Ok(None);
        }
        let (wf, hf) = (w as f32, h as f32);
        let (_, _, to_source) = upright(self.config.rotation, wf, hf);
        let Some(to_upright) = to_source.inverse() else {
            return Ok(None);
        };
        // A quarter turn swaps the box's sides between the frame and the upright image.
        let quarter = matches!(self.config.rotation, Rotation::Cw90 | Rotation::Cw270);
        let dets: Vec<Upright> = previous
            .faces
            .iter()
            .map(|f| {
                let (cx, cy) = f.bbox.centre();
                let (cx, cy) = to_upright.apply(cx, cy);
                let (width, height) =
                    if quarter { (f.bbox.height, f.bbox.width) } else { (f.bbox.width, f.bbox.height) };
                let keypoints = f.keypoints.map(|p| {
                    let (x, y) = to_upright.apply(p.x, p.y);
                    [x, y]
                });
                Upright { score: f.score, cx, cy, width, height, keypoints }
            })
            .collect();
        let size = self.config.detector.input_size() as usize;
        let pyramid = Pyramid::new(image, size);
        let mut analysis =
            FrameAnalysis { faces: Vec::with_capacity(dets.len()), primary: Some(primary), width: w, height: h };
        for (i, (det, before)) in dets.iter().zip(&previous.faces).enumerate() {
            let with_mesh = self.wants_mesh(i, primary);
            let mut face = self.read_face(&pyramid, &to_source, det, with_mesh, wf, hf)?;
            follow_landmarks(&mut face, before, wf, hf);
            analysis.faces.push(face);
        }
        let present = analysis
            .faces
            .get(primary)
            .and_then(|f| f.landmarks.as_ref())
            .is_some_and(|l| l.presence >= self.config.min_presence);
        Ok(present.then_some(analysis))
    }

    /// Whether face `i` gets landmarks under [`FaceConfig::landmarks`].
    fn wants_mesh(&self, i: usize, primary: usize) -> bool {
        match self.config.landmarks {
            LandmarkMode::All => true,
            LandmarkMode::Primary => i == primary,
            LandmarkMode::Off => false,
        }
    }

    /// Runs BlazeFace on the letterboxed upright frame; returns boxes in upright pixels.
    fn detect(&self, pyramid: &Pyramid, to_source: &Affine, uw: f32, uh: f32) -> Result<Vec<Upright>> {
        let size = self.config.detector.input_size() as usize;
        let s = size as f32;
        // Letterbox: keep the aspect ratio, centre, pad with black.
        let scale = s / uw.max(uh);
        let (ox, oy) = ((s - uw * scale) / 2.0, (s - uh * scale) / 2.0);
        let input_to_upright =
            Affine { a: 1.0 / scale, b: 0.0, c: -ox / scale, d: 0.0, e: 1.0 / scale, f: -oy / scale };
        let mut input = vec![0.0f32; size * size * 3];
        pyramid.warp_rgb(&to_source.then_from(&input_to_upright), size, size, &mut input);
        let outputs = self.detector.run(&[TensorRef::new(&input, &[1, size, size, 3])])?;
        let [s0, s1, r0, r1] = outputs.as_slice() else {
            return Err(ModelError::Output { output: "Identity:0".into(), detail: "expected 4 outputs".into() }.into());
        };
        let scores: Vec<f32> = s0.data().iter().chain(s1.data()).copied().collect();
        let regressors: Vec<f32> = r0.data().iter().chain(r1.data()).copied().collect();
        let raw = detector::decode(&self.anchors, &scores, &regressors, s, self.config.score_threshold)?;
        let merged = detector::weighted_nms(raw, self.config.nms_iou, self.config.max_faces);
        let to_upright = |x: f32, y: f32| input_to_upright.apply(x * s, y * s);
        Ok(merged
            .iter()
            .map(|d: &RawDetection| {
                let (cx, cy) = to_upright(d.cx, d.cy);
                let mut keypoints = [[0.0; 2]; KEYPOINTS];
                for (k, kp) in keypoints.iter_mut().enumerate() {
                    let (x, y) = to_upright(d.keypoints[k][0], d.keypoints[k][1]);
                    *kp = [x, y];
                }
                Upright { score: d.score, cx, cy, width: d.width * s / scale, height: d.height * s / scale, keypoints }
            })
            // Detections centred in the letterbox padding are not in the frame.
            .filter(|d| (0.0..=uw).contains(&d.cx) && (0.0..=uh).contains(&d.cy))
            .collect())
    }

    fn read_face(
        &self,
        pyramid: &Pyramid,
        to_source: &Affine,
        det: &Upright,
        with_mesh: bool,
        wf: f32,
        hf: f32,
    ) -> Result<Face> {
        // Eye line from the subject's right eye (image left) to the left eye.
        let [re, le] = [det.keypoints[0], det.keypoints[1]];
        let theta = (le[1] - re[1]).atan2(le[0] - re[0]);
        let theta = if theta.is_finite() { theta } else { 0.0 };
        let side = det.width.max(det.height);

        // Expression: gray, eye-aligned, square crop of the model's size.
        let (cw, ch) = self.expression.crop_size();
        let crop_map = aligned_crop(det.cx, det.cy, side * self.config.expression_crop_scale, theta, cw as usize);
        let mut crop = vec![0.0f32; cw as usize * ch as usize];
        pyramid.warp_gray(&to_source.then_from(&crop_map), cw as usize, ch as usize, &mut crop);
        if self.config.normalize_expression_crop {
            normalize_contrast(&mut crop);
        }
        let expression = self.expression.classify_crop_f32(&crop, cw, ch)?;
        let label = (expression.confidence() >= self.config.confidence_gate).then(|| expression.argmax());

        let mut face = Face {
            bbox: FaceBox::default(),
            bbox_normalized: FaceBox::default(),
            truncated: false,
            score: det.score,
            keypoints: [Point2::default(); KEYPOINTS],
            landmarks: None,
            expression,
            label,
            geometry: None,
            head_pose: None,
            action_units: None,
            affect: Affect::new(&expression, None),
        };
        // Box: the upright box's corners in frame pixels (exact for quarter turns), clipped.
        let corners = [(-1.0, -1.0), (1.0, 1.0)]
            .map(|(sx, sy)| to_source.apply(det.cx + sx * det.width / 2.0, det.cy + sy * det.height / 2.0));
        let (x0, x1) = (corners[0].0.min(corners[1].0), corners[0].0.max(corners[1].0));
        let (y0, y1) = (corners[0].1.min(corners[1].1), corners[0].1.max(corners[1].1));
        face.truncated = x0 < 0.0 || y0 < 0.0 || x1 > wf || y1 > hf;
        let (cx0, cy0, cx1, cy1) = (x0.clamp(0.0, wf), y0.clamp(0.0, hf), x1.clamp(0.0, wf), y1.clamp(0.0, hf));
        face.bbox = FaceBox { x: cx0, y: cy0, width: cx1 - cx0, height: cy1 - cy0 };
        face.bbox_normalized = FaceBox { x: cx0 / wf, y: cy0 / hf, width: (cx1 - cx0) / wf, height: (cy1 - cy0) / hf };
        for (k, kp) in det.keypoints.iter().enumerate() {
            let (x, y) = to_source.apply(kp[0], kp[1]);
            face.keypoints[k] = Point2 { x, y };
        }

        let Some(mesh) = self.mesh.as_ref().filter(|_| with_mesh) else {
            return Ok(face);
        };
        let n = MESH_INPUT;
        let mesh_map = aligned_crop(det.cx, det.cy, side * MESH_CROP_SCALE, theta, n);
        let mut input = vec![0.0f32; n * n * 3];
        pyramid.warp_rgb(&to_source.then_from(&mesh_map), n, n, &mut input);
        let outputs = mesh.run(&[TensorRef::new(&input, &[1, n, n, 3])])?;
        let (Some(points), Some(presence)) = (outputs.first(), outputs.get(1)) else {
            return Err(ModelError::Output { output: "conv2d_21".into(), detail: "expected 2 outputs".into() }.into());
        };
        let logit = presence.data().first().copied().unwrap_or(f32::NEG_INFINITY);
        let presence = 1.0 / (1.0 + (-logit.clamp(-100.0, 100.0)).exp());
        let z_scale = mesh_map.scale();
        let upright: Vec<Point3> = points
            .data()
            .chunks_exact(3)
            .take(LANDMARK_COUNT)
            .map(|p| {
                let (x, y) = mesh_map.apply(p[0], p[1]);
                Point3 { x, y, z: p[2] * z_scale }
            })
            .collect();
        let in_frame: Vec<Point3> = upright
            .iter()
            .map(|p| {
                let (x, y) = to_source.apply(p.x, p.y);
                Point3 { x, y, z: p.z }
            })
            .collect();
        if presence >= self.config.min_presence {
            if let Some((g, pose)) = geometry::measure(&upright) {
                let au = ActionUnits::from_geometry(&g);
                face.affect = Affect::new(&expression, Some((&g, &au)));
                face.geometry = Some(g);
                face.head_pose = Some(pose);
                face.action_units = Some(au);
            }
        }
        face.landmarks = Some(Landmarks { points: in_frame, presence });
        Ok(face)
    }
}

/// Moves a re-read face's box and keypoints by how far its landmarks moved since `before`,
/// so the next [`FaceAnalyzer::reanalyze`] crops where the face is now (Face Mesh finds the
/// face anywhere inside its padded crop). A box that now reaches past the frame edge is
/// clipped and marked truncated, which sends the next frame back to the detector.
fn follow_landmarks(face: &mut Face, before: &Face, wf: f32, hf: f32) {
    let centroid = |l: &Landmarks| {
        let n = l.points.len().max(1) as f32;
        let (x, y) = l.points.iter().fold((0.0, 0.0), |(x, y), p| (x + p.x, y + p.y));
        (x / n, y / n)
    };
    let (Some(now), Some(then)) = (face.landmarks.as_ref(), before.landmarks.as_ref()) else {
        return;
    };
    let ((x1, y1), (x0, y0)) = (centroid(now), centroid(then));
    let (dx, dy) = (x1 - x0, y1 - y0);
    if !(dx.is_finite() && dy.is_finite()) {
        return;
    }
    let b = face.bbox;
    let (x, y) = (b.x + dx, b.y + dy);
    face.truncated = x < 0.0 || y < 0.0 || x + b.width > wf || y + b.height > hf;
    let (cx0, cy0) = (x.clamp(0.0, wf), y.clamp(0.0, hf));
    let (cx1, cy1) = ((x + b.width).clamp(0.0, wf), (y + b.height).clamp(0.0, hf));
    face.bbox = FaceBox { x: cx0, y: cy0, width: cx1 - cx0, height: cy1 - cy0 };
    face.bbox_normalized = FaceBox { x: cx0 / wf, y: cy0 / hf, width: (cx1 - cx0) / wf, height: (cy1 - cy0) / hf };
    for k in &mut face.keypoints {
        k.x += dx;
        k.y += dy;
    }
}

/// Maps the crop to mean [`CROP_MEAN`] and standard deviation [`CROP_STD`], clamped to 0..255.
fn normalize_contrast(crop: &mut [f32]) {
    let n = crop.len().max(1) as f32;
    let mean = crop.iter().sum::<f32>() / n;
    let std = (crop.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n).sqrt();
    if std >= MIN_CROP_STD {
        let gain = CROP_STD / std;
        crop.iter_mut().for_each(|v| *v = ((*v - mean) * gain + CROP_MEAN).round().clamp(0.0, 255.0));
    }
}

/// Upright size and the map from upright pixels to frame pixels for a rotation hint.
fn upright(rotation: Rotation, w: f32, h: f32) -> (f32, f32, Affine) {
    let m = |a, b, c, d, e, f| Affine { a, b, c, d, e, f };
    match rotation {
        // Turning the frame clockwise by 90° sends (x, y) to (h − y, x); invert it.
        Rotation::Cw90 => (h, w, m(0.0, 1.0, 0.0, -1.0, 0.0, h)),
        Rotation::Cw180 => (w, h, m(-1.0, 0.0, w, 0.0, -1.0, h)),
        Rotation::Cw270 => (h, w, m(0.0, -1.0, w, 1.0, 0.0, 0.0)),
        _ => (w, h, m(1.0, 0.0, 0.0, 0.0, 1.0, 0.0)),
    }
}

/// Map from a `n × n` crop to upright pixels: a square of `side` pixels centred on
/// `(cx, cy)`, turned by `theta` so the eye line is level in the crop.
fn aligned_crop(cx: f32, cy: f32, side: f32, theta: f32, n: usize) -> Affine {
    let s = side / n as f32;
    let half = n as f32 / 2.0;
    let (sin, cos) = theta.sin_cos();
    Affine::similarity(s, theta, cx - s * (cos * half - sin * half), cy - s * (sin * half + cos * half))
}

/// Largest box; areas within [`PRIMARY_TIE`] of the largest are decided by distance of the
/// box centre to the frame centre.
fn primary_index(dets: &[Upright], uw: f32, uh: f32) -> usize {
    let largest = dets.iter().map(|d| d.width * d.height).fold(0.0f32, f32::max);
    let dist = |d: &Upright| (d.cx - uw / 2.0).hypot(d.cy - uh / 2.0);
    dets.iter()
        .enumerate()
        .filter(|(_, d)| d.width * d.height >= largest * (1.0 - PRIMARY_TIE))
        .min_by(|a, b| dist(a.1).total_cmp(&dist(b.1)))
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det(cx: f32, cy: f32, side: f32) -> Upright {
        Upright { score: 0.9, cx, cy, width: side, height: side, keypoints: [[0.0; 2]; KEYPOINTS] }
    }

    #[test]
    fn primary_is_largest_then_most_central() {
        assert_eq!(primary_index(&[det(10.0, 10.0, 20.0), det(50.0, 50.0, 30.0)], 100.0, 100.0), 1);
        // Within 5% of the largest area: the central one wins.
        assert_eq!(primary_index(&[det(10.0, 10.0, 30.0), det(50.0, 50.0, 29.6)], 100.0, 100.0), 1);
        assert_eq!(primary_index(&[det(10.0, 10.0, 30.0), det(50.0, 50.0, 25.0)], 100.0, 100.0), 0);
    }

    #[test]
    fn rotation_maps_invert_the_hint() {
        // A 4x2 frame turned clockwise is 2x4 upright; upright (0, 0) is the frame's
        // bottom-left corner (0, 2).
        let (uw, uh, m) = upright(Rotation::Cw90, 4.0, 2.0);
        assert_eq!((uw, uh), (2.0, 4.0));
        assert_eq!(m.apply(0.0, 0.0), (0.0, 2.0));
        assert_eq!(m.apply(2.0, 4.0), (4.0, 0.0));
        let (_, _, m) = upright(Rotation::Cw270, 4.0, 2.0);
        assert_eq!(m.apply(0.0, 0.0), (4.0, 0.0));
        let (_, _, m) = upright(Rotation::Cw180, 4.0, 2.0);
        assert_eq!(m.apply(0.0, 0.0), (4.0, 2.0));
    }

    #[test]
    fn aligned_crop_centres_and_rotates() {
        let m = aligned_crop(100.0, 50.0, 30.0, 0.3, 192);
        let (x, y) = m.apply(96.0, 96.0);
        assert!((x - 100.0).abs() < 1e-3 && (y - 50.0).abs() < 1e-3);
        assert!((m.scale() - 30.0 / 192.0).abs() < 1e-6);
    }
}
