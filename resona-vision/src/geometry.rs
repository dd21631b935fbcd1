//! Facial geometry from Face Mesh landmarks: eye aspect ratios, mouth and jaw opening, brow
//! heights, lip-corner elevation, and head pose. Formulas are in the crate README.
//!
//! Landmarks are in upright image pixels (x right, y down) with Face Mesh's z (depth, same
//! scale as x, smaller is nearer the camera). Distances are divided by the inter-ocular
//! distance (IOD, outer eye corner to outer eye corner in 3-D), so the measures do not depend
//! on the face's size; vertical measures are taken after undoing the roll.

use crate::landmarks::{LANDMARK_COUNT, mesh};

/// A point in frame pixels; `z` is Face Mesh's relative depth in the same scale as `x`
/// (smaller is nearer the camera).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Point3 {
    /// Horizontal, pixels from the left edge.
    pub x: f32,
    /// Vertical, pixels from the top edge.
    pub y: f32,
    /// Depth, pixels, relative to the face's centre.
    pub z: f32,
}

impl Point3 {
    fn sub(self, o: Self) -> Self {
        Self { x: self.x - o.x, y: self.y - o.y, z: self.z - o.z }
    }

    fn norm(self) -> f32 {
        (self.x * self.x + self.y * self.y + self.z * self.z).sqrt()
    }

    fn dist(self, o: Self) -> f32 {
        self.sub(o).norm()
    }

    fn dot(self, o: Self) -> f32 {
        self.x * o.x + self.y * o.y + self.z * o.z
    }

    fn scale(self, s: f32) -> Self {
        Self { x: self.x * s, y: self.y * s, z: self.z * s }
    }

    fn cross(self, o: Self) -> Self {
        Self { x: self.y * o.z - self.z * o.y, y: self.z * o.x - self.x * o.z, z: self.x * o.y - self.y * o.x }
    }

    fn unit(self) -> Option<Self> {
        let n = self.norm();
        (n > f32::EPSILON && n.is_finite()).then(|| self.scale(1.0 / n))
    }
}

/// Head orientation in degrees, from the Face Mesh landmarks of an upright frame.
///
/// Sign conventions (camera view, unmirrored frame): **yaw > 0** when the face turns so the
/// nose points towards the image's right edge (the subject turns to their own left);
/// **pitch > 0** when the face tilts up (chin forward); **roll > 0** when the line from the
/// subject's right cheek to their left cheek turns clockwise on screen (the head leans
/// towards the subject's left shoulder). Mirroring the image negates yaw and roll and keeps
/// pitch. All three are 0 for a frontal, level face.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HeadPose {
    /// Left-right rotation, degrees in (-180, 180].
    pub yaw: f32,
    /// Up-down rotation, degrees in [-90, 90].
    pub pitch: f32,
    /// In-plane tilt, degrees in (-180, 180].
    pub roll: f32,
}

/// Measures of the face's shape, dimensionless (most are divided by the inter-ocular
/// distance, IOD). See the crate README for each formula.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FaceGeometry {
    /// Inter-ocular distance in frame pixels (outer eye corners, 3-D).
    pub interocular_px: f32,
    /// Eye aspect ratio of the subject's right eye (Soukupová & Čech 2016); about 0.25–0.35
    /// open, below [`EAR_CLOSED`] closed.
    pub ear_right: f32,
    /// Eye aspect ratio of the subject's left eye.
    pub ear_left: f32,
    /// Mean of the two eye aspect ratios.
    pub ear: f32,
    /// Whether the eyes count as closed this frame (`ear` below the blink threshold).
    pub eyes_closed: bool,
    /// Inner-lip gap over mouth width (mouth aspect ratio), 0 for closed lips.
    pub mouth_opening: f32,
    /// Inner-lip gap over IOD.
    pub lip_gap: f32,
    /// Nose tip to chin over IOD; grows as the jaw drops.
    pub jaw_drop: f32,
    /// Height of the inner brow ends above the inner eye corners, over IOD.
    pub brow_inner_height: f32,
    /// Height of the outer brow ends above the outer eye corners, over IOD.
    pub brow_outer_height: f32,
    /// Distance between the inner brow ends over IOD; shrinks when the brows knit.
    pub brow_distance: f32,
    /// Height of the mouth corners above the lip centre, over IOD: positive when the corners
    /// are pulled up (smile, AU12), negative when pulled down (AU15).
    pub lip_corner_elevation: f32,
    /// Mouth corner to mouth corner over IOD.
    pub mouth_width: f32,
}

/// EAR below which the eyes count as closed. Soukupová & Čech (2016) use 0.2 on dlib's
/// 68 points; with Face Mesh's lid points open eyes measured 0.22–0.35 on the Solvay photo
/// and FER2013 faces, so the threshold sits a little lower.
pub const EAR_CLOSED: f32 = 0.18;

/// Computes the geometry and head pose; `None` when the landmarks are degenerate (fewer than
/// 468, non-finite, or eyes on top of each other).
#[must_use]
pub fn measure(points: &[Point3]) -> Option<(FaceGeometry, HeadPose)> {
    if points.len() < LANDMARK_COUNT || points.iter().any(|p| !(p.x.is_finite() && p.y.is_finite() && p.z.is_finite()))
    {
        return None;
    }
    let p = |i: usize| points[i];
    let iod = p(mesh::RIGHT_EYE_OUTER).dist(p(mesh::LEFT_EYE_OUTER));
    if iod.is_nan() || iod <= 1e-3 {
        return None;
    }
    let ear = |p1, p2, p3, p4, p5, p6| {
        let w = p(p1).dist(p(p4));
        if w > 0.0 { (p(p2).dist(p(p6)) + p(p3).dist(p(p5))) / (2.0 * w) } else { 0.0 }
    };
    let ear_right = ear(
        mesh::RIGHT_EYE_OUTER,
        mesh::RIGHT_EYE_TOP_OUTER,
        mesh::RIGHT_EYE_TOP_INNER,
        mesh::RIGHT_EYE_INNER,
        mesh::RIGHT_EYE_BOTTOM_INNER,
        mesh::RIGHT_EYE_BOTTOM_OUTER,
    );
    let ear_left = ear(
        mesh::LEFT_EYE_INNER,
        mesh::LEFT_EYE_TOP_INNER,
        mesh::LEFT_EYE_TOP_OUTER,
        mesh::LEFT_EYE_OUTER,
        mesh::LEFT_EYE_BOTTOM_OUTER,
        mesh::LEFT_EYE_BOTTOM_INNER,
    );
    let ear = (ear_right + ear_left) / 2.0;

    // Face frame in 2-D: origin between the outer eye corners, x along the eye line, y down,
    // unit = IOD.
    let (r, l) = (p(mesh::RIGHT_EYE_OUTER), p(mesh::LEFT_EYE_OUTER));
    let theta = (l.y - r.y).atan2(l.x - r.x);
    let (sin, cos) = theta.sin_cos();
    let (ox, oy) = ((r.x + l.x) / 2.0, (r.y + l.y) / 2.0);
    let fy = |i: usize| {
        let q = p(i);
        (-(q.x - ox) * sin + (q.y - oy) * cos) / iod
    };
    let height = |brow: usize, eye: usize| fy(eye) - fy(brow);
    let brow_inner_height = (height(mesh::RIGHT_BROW_INNER, mesh::RIGHT_EYE_INNER)
        + height(mesh::LEFT_BROW_INNER, mesh::LEFT_EYE_INNER))
        / 2.0;
    let brow_outer_height = (height(mesh::RIGHT_BROW_OUTER, mesh::RIGHT_EYE_OUTER)
        + height(mesh::LEFT_BROW_OUTER, mesh::LEFT_EYE_OUTER))
        / 2.0;
    let lip_centre = (fy(mesh::LIP_INNER_TOP) + fy(mesh::LIP_INNER_BOTTOM)) / 2.0;
    let corners = (fy(mesh::MOUTH_RIGHT) + fy(mesh::MOUTH_LEFT)) / 2.0;
    let mouth_w = p(mesh::MOUTH_RIGHT).dist(p(mesh::MOUTH_LEFT));
    let gap = p(mesh::LIP_INNER_TOP).dist(p(mesh::LIP_INNER_BOTTOM));

    let geometry = FaceGeometry {
        interocular_px: iod,
        ear_right,
        ear_left,
        ear,
        eyes_closed: ear < EAR_CLOSED,
        mouth_opening: if mouth_w > 0.0 { gap / mouth_w } else { 0.0 },
        lip_gap: gap / iod,
        jaw_drop: p(mesh::NOSE_TIP).dist(p(mesh::CHIN)) / iod,
        brow_inner_height,
        brow_outer_height,
        brow_distance: p(mesh::RIGHT_BROW_INNER).dist(p(mesh::LEFT_BROW_INNER)) / iod,
        lip_corner_elevation: lip_centre - corners,
        mouth_width: mouth_w / iod,
    };
    Some((geometry, head_pose(points)?))
}

/// Head pose from the face's axes: `x` from the right cheek edge to the left one, `up` from
/// the chin to the forehead made orthogonal to `x`, and the facing direction `f = x × up`
/// (towards the camera for a frontal face). yaw = atan2(f.x, −f.z), pitch = asin(−f.y),
/// roll = atan2(x.y, x.x), in degrees.
fn head_pose(points: &[Point3]) -> Option<HeadPose> {
    let p = |i: usize| points[i];
    let x = p(mesh::LEFT_CHEEK).sub(p(mesh::RIGHT_CHEEK)).unit()?;
    let up = p(mesh::FOREHEAD).sub(p(mesh::CHIN));
    let up = up.sub(x.scale(up.dot(x))).unit()?;
    let f = x.cross(up);
    Some(HeadPose {
        yaw: f.x.atan2(-f.z).to_degrees(),
        pitch: (-f.y).clamp(-1.0, 1.0).asin().to_degrees(),
        roll: x.y.atan2(x.x).to_degrees(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic frontal face: just the indices the geometry reads, at plausible places.
    fn frontal() -> Vec<Point3> {
        let mut pts = vec![Point3::default(); LANDMARK_COUNT];
        let mut set = |i: usize, x: f32, y: f32, z: f32| pts[i] = Point3 { x, y, z };
        // IOD = 100 px; eyes 30 px wide, 9 px open (EAR 0.3).
        set(mesh::RIGHT_EYE_OUTER, 100.0, 100.0, 10.0);
        set(mesh::RIGHT_EYE_INNER, 130.0, 100.0, 10.0);
        set(mesh::RIGHT_EYE_TOP_OUTER, 110.0, 95.5, 10.0);
        set(mesh::RIGHT_EYE_TOP_INNER, 120.0, 95.5, 10.0);
        set(mesh::RIGHT_EYE_BOTTOM_OUTER, 110.0, 104.5, 10.0);
        set(mesh::RIGHT_EYE_BOTTOM_INNER, 120.0, 104.5, 10.0);
        set(mesh::LEFT_EYE_OUTER, 200.0, 100.0, 10.0);
        set(mesh::LEFT_EYE_INNER, 170.0, 100.0, 10.0);
        set(mesh::LEFT_EYE_TOP_OUTER, 190.0, 95.5, 10.0);
        set(mesh::LEFT_EYE_TOP_INNER, 180.0, 95.5, 10.0);
        set(mesh::LEFT_EYE_BOTTOM_OUTER, 190.0, 104.5, 10.0);
        set(mesh::LEFT_EYE_BOTTOM_INNER, 180.0, 104.5, 10.0);
        set(mesh::RIGHT_BROW_INNER, 135.0, 80.0, 5.0);
        set(mesh::LEFT_BROW_INNER, 165.0, 80.0, 5.0);
        set(mesh::RIGHT_BROW_OUTER, 95.0, 85.0, 15.0);
        set(mesh::LEFT_BROW_OUTER, 205.0, 85.0, 15.0);
        set(mesh::LIP_INNER_TOP, 150.0, 190.0, 0.0);
        set(mesh::LIP_INNER_BOTTOM, 150.0, 190.0, 0.0);
        set(mesh::MOUTH_RIGHT, 125.0, 190.0, 5.0);
        set(mesh::MOUTH_LEFT, 175.0, 190.0, 5.0);
        set(mesh::NOSE_TIP, 150.0, 150.0, -30.0);
        set(mesh::CHIN, 150.0, 240.0, 0.0);
        set(mesh::FOREHEAD, 150.0, 20.0, 0.0);
        set(mesh::RIGHT_CHEEK, 70.0, 130.0, 60.0);
        set(mesh::LEFT_CHEEK, 230.0, 130.0, 60.0);
        pts
    }

    #[test]
    fn frontal_face_measures() {
        let (g, pose) = measure(&frontal()).unwrap();
        assert!((g.ear - 0.3).abs() < 1e-6 && !g.eyes_closed);
        assert_eq!(g.mouth_opening, 0.0);
        assert!((g.brow_inner_height - 0.2).abs() < 1e-6);
        assert!((g.brow_outer_height - 0.15).abs() < 1e-6);
        assert!((g.jaw_drop - (90.0f32.hypot(30.0) / 100.0)).abs() < 1e-6);
        assert_eq!(g.lip_corner_elevation, 0.0);
        assert!(pose.yaw.abs() < 1e-4 && pose.pitch.abs() < 1e-4 && pose.roll.abs() < 1e-4, "{pose:?}");
    }

    #[test]
    fn pose_signs_follow_the_documented_conventions() {
        // Mirror around x = 150: yaw and roll negate, pitch stays.
        let turned: Vec<Point3> = frontal()
            .into_iter()
            .map(|p| {
                // Rotate about the vertical axis through x = 150 so the nose (z < 0) moves right.
                let (s, c) = 20f32.to_radians().sin_cos();
                let (dx, dz) = (p.x - 150.0, p.z);
                Point3 { x: 150.0 + dx * c - dz * s, y: p.y, z: dx * s + dz * c }
            })
            .collect();
        let (_, pose) = measure(&turned).unwrap();
        assert!(pose.yaw > 19.0 && pose.yaw < 21.0, "nose to the image right gives yaw > 0: {pose:?}");
        let mirrored: Vec<Point3> = turned.iter().map(|p| Point3 { x: 300.0 - p.x, ..*p }).collect();
        // Mirroring swaps which anatomical side each point is on; relabel right <-> left.
        let mut relabelled = mirrored.clone();
        for (a, b) in [
            (mesh::RIGHT_CHEEK, mesh::LEFT_CHEEK),
            (mesh::RIGHT_EYE_OUTER, mesh::LEFT_EYE_OUTER),
            (mesh::RIGHT_EYE_INNER, mesh::LEFT_EYE_INNER),
        ] {
            relabelled[a] = mirrored[b];
            relabelled[b] = mirrored[a];
        }
        let (_, m) = measure(&relabelled).unwrap();
        assert!((m.yaw + pose.yaw).abs() < 1e-3, "{m:?} vs {pose:?}");
        // Tilt clockwise on screen: roll > 0.
        let (s, c) = 10f32.to_radians().sin_cos();
        let tilted: Vec<Point3> = frontal()
            .into_iter()
            .map(|p| Point3 {
                x: 150.0 + (p.x - 150.0) * c - (p.y - 150.0) * s,
                y: 150.0 + (p.x - 150.0) * s + (p.y - 150.0) * c,
                z: p.z,
            })
            .collect();
        let (g, pose) = measure(&tilted).unwrap();
        assert!((pose.roll - 10.0).abs() < 1e-3, "{pose:?}");
        assert!((g.brow_inner_height - 0.2).abs() < 1e-4, "measures undo the roll");
    }

    #[test]
    fn degenerate_landmarks_give_none() {
        assert!(measure(&[]).is_none());
        assert!(measure(&vec![Point3::default(); LANDMARK_COUNT]).is_none());
        let mut nan = frontal();
        nan[5].x = f32::NAN;
        assert!(measure(&nan).is_none());
    }
}
