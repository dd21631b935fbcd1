//! Action-unit approximations, arousal and valence from the geometry and the expression
//! distribution. Every formula and constant is listed in the crate README.

use crate::geometry::{EAR_CLOSED, FaceGeometry};
use resona_core::{Emotion, EmotionScores};

/// Approximate FACS action-unit intensities, each in [0, 1] (0 = absent or at the neutral
/// face's value, 1 = a strong action). They are geometric proxies from 2-D/3-D landmarks,
/// not a trained AU detector.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActionUnits {
    /// AU1, inner brow raiser.
    pub au1: f32,
    /// AU2, outer brow raiser.
    pub au2: f32,
    /// AU4, brow lowerer.
    pub au4: f32,
    /// AU6, cheek raiser (eye narrowing during a smile).
    pub au6: f32,
    /// AU12, lip corner puller.
    pub au12: f32,
    /// AU15, lip corner depressor.
    pub au15: f32,
    /// AU25, lips part.
    pub au25: f32,
    /// AU26, jaw drop.
    pub au26: f32,
    /// AU43, eyes closed.
    pub au43: f32,
}

/// Neutral-face values and full-action spans of the geometric measures (IOD units). The
/// neutral values are the medians over the first 30 FER2013 validation faces labelled
/// neutral, upscaled to 144 px and run through the whole pipeline (see the README); the spans
/// are about the shift to the medians of the expressive classes, doubled.
pub(crate) mod calib {
    /// Eye aspect ratio of open, relaxed eyes (neutral median 0.288).
    pub(crate) const EAR_OPEN: f32 = 0.29;
    /// EAR span from relaxed to wide open (AU5, used by arousal; surprise median 0.324).
    pub(crate) const EAR_WIDE_SPAN: f32 = 0.08;
    /// EAR span of narrowing that counts as a full cheek raise (AU6).
    pub(crate) const EAR_NARROW_SPAN: f32 = 0.08;
    /// EAR where eye closure (AU43) starts; it is full at `EAR_CLOSED`.
    pub(crate) const EAR_AU43_START: f32 = 0.24;
    /// Inner brow height at rest (neutral median 0.253).
    pub(crate) const BROW_INNER: f32 = 0.25;
    /// Outer brow height at rest (neutral median 0.164).
    pub(crate) const BROW_OUTER: f32 = 0.165;
    /// Brow raise span for intensity 1.
    pub(crate) const BROW_SPAN: f32 = 0.06;
    /// Inner-brow distance at rest (neutral median 0.331).
    pub(crate) const BROW_DISTANCE: f32 = 0.33;
    /// Brow knitting span for intensity 1.
    pub(crate) const BROW_KNIT_SPAN: f32 = 0.06;
    /// Lip-corner elevation at rest (neutral median -0.002).
    pub(crate) const CORNER: f32 = 0.0;
    /// Corner elevation span for AU12 intensity 1 (happy median 0.066).
    pub(crate) const CORNER_UP_SPAN: f32 = 0.10;
    /// Corner depression span for AU15 intensity 1.
    pub(crate) const CORNER_DOWN_SPAN: f32 = 0.05;
    /// Lip gap below which lips count as together (neutral median 0.023).
    pub(crate) const LIP_GAP_MIN: f32 = 0.03;
    /// Lip gap at AU25 intensity 1 (happy median 0.105).
    pub(crate) const LIP_GAP_FULL: f32 = 0.15;
    /// Nose-to-chin distance at rest (neutral median 0.830).
    pub(crate) const JAW: f32 = 0.83;
    /// Jaw-drop span for AU26 intensity 1.
    pub(crate) const JAW_SPAN: f32 = 0.25;
}

/// `(v - lo) / (hi - lo)` clamped to [0, 1].
fn ramp(v: f32, lo: f32, hi: f32) -> f32 {
    ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
}

impl ActionUnits {
    /// Derives the AU proxies from the geometry (formulas in the README).
    #[must_use]
    pub fn from_geometry(g: &FaceGeometry) -> Self {
        use calib::*;
        let au12 = ramp(g.lip_corner_elevation, CORNER, CORNER + CORNER_UP_SPAN);
        let narrowing = ramp(EAR_OPEN - g.ear, 0.0, EAR_NARROW_SPAN);
        Self {
            au1: ramp(g.brow_inner_height, BROW_INNER, BROW_INNER + BROW_SPAN),
            au2: ramp(g.brow_outer_height, BROW_OUTER, BROW_OUTER + BROW_SPAN),
            au4: ramp(BROW_INNER - g.brow_inner_height, 0.0, BROW_SPAN).max(ramp(
                BROW_DISTANCE - g.brow_distance,
                0.0,
                BROW_KNIT_SPAN,
            )),
            au6: narrowing.min(au12),
            au12,
            au15: ramp(CORNER - g.lip_corner_elevation, 0.0, CORNER_DOWN_SPAN),
            au25: ramp(g.lip_gap, LIP_GAP_MIN, LIP_GAP_FULL),
            au26: ramp(g.jaw_drop, JAW, JAW + JAW_SPAN),
            au43: ramp(EAR_AU43_START - g.ear, 0.0, EAR_AU43_START - EAR_CLOSED),
        }
    }
}

/// Valence in [-1, 1] and arousal in [0, 1] of each expression class, placed on Russell's
/// circumplex (J. A. Russell, "A circumplex model of affect", 1980; arousal rescaled from
/// [-1, 1] to [0, 1]).
#[must_use]
pub const fn circumplex(emotion: Emotion) -> (f32, f32) {
    match emotion {
        Emotion::Neutral => (0.0, 0.3),
        Emotion::Happy => (0.8, 0.65),
        Emotion::Sad => (-0.7, 0.25),
        Emotion::Angry => (-0.6, 0.85),
        Emotion::Fearful => (-0.7, 0.9),
        Emotion::Surprised => (0.2, 0.9),
        Emotion::Disgusted => (-0.7, 0.6),
    }
}

/// The parts arousal and valence are made of, each in its stated range.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AffectComponents {
    /// Σ p(e) · arousal(e) over the expression distribution, [0, 1].
    pub expression_arousal: f32,
    /// Σ p(e) · valence(e), [-1, 1].
    pub expression_valence: f32,
    /// Eyes opened wider than at rest, [0, 1]; `None` without landmarks.
    pub eye_opening: Option<f32>,
    /// Jaw drop (AU26), [0, 1]; `None` without landmarks.
    pub jaw: Option<f32>,
    /// Brow activity max(AU1, AU2, AU4), [0, 1]; `None` without landmarks.
    pub brows: Option<f32>,
    /// Lip corners AU12 − AU15, [-1, 1]; `None` without landmarks.
    pub lip_corners: Option<f32>,
}

/// Arousal and valence of one face, with their components.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Affect {
    /// Activation, [0, 1].
    pub arousal: f32,
    /// Pleasantness, [-1, 1].
    pub valence: f32,
    /// What they were computed from.
    pub components: AffectComponents,
}

/// Weight of the expression model in arousal and valence when the geometry is available
/// (the rest goes to the geometric cues).
const EXPRESSION_WEIGHT: f32 = 0.5;

impl Affect {
    /// Combines the expression distribution with the geometry (formulas in the README).
    #[must_use]
    pub fn new(scores: &EmotionScores, geometry: Option<(&FaceGeometry, &ActionUnits)>) -> Self {
        let (mut ev, mut ea) = (0.0, 0.0);
        for (emotion, p) in scores.iter() {
            let (v, a) = circumplex(emotion);
            ev += p * v;
            ea += p * a;
        }
        let (ev, ea) = (ev.clamp(-1.0, 1.0), ea.clamp(0.0, 1.0));
        let Some((g, au)) = geometry else {
            return Self {
                arousal: ea,
                valence: ev,
                components: AffectComponents { expression_arousal: ea, expression_valence: ev, ..Default::default() },
            };
        };
        let eye = ramp(g.ear, calib::EAR_OPEN, calib::EAR_OPEN + calib::EAR_WIDE_SPAN);
        let jaw = au.au26;
        let brows = au.au1.max(au.au2).max(au.au4);
        let corners = au.au12 - au.au15;
        let geometric_arousal = 0.4 * eye + 0.3 * jaw + 0.3 * brows;
        let w = EXPRESSION_WEIGHT;
        Self {
            arousal: (w * ea + (1.0 - w) * geometric_arousal).clamp(0.0, 1.0),
            valence: (w * ev + (1.0 - w) * corners).clamp(-1.0, 1.0),
            components: AffectComponents {
                expression_arousal: ea,
                expression_valence: ev,
                eye_opening: Some(eye),
                jaw: Some(jaw),
                brows: Some(brows),
                lip_corners: Some(corners),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rest() -> FaceGeometry {
        FaceGeometry {
            interocular_px: 100.0,
            ear_right: calib::EAR_OPEN,
            ear_left: calib::EAR_OPEN,
            ear: calib::EAR_OPEN,
            eyes_closed: false,
            mouth_opening: 0.0,
            lip_gap: 0.0,
            jaw_drop: calib::JAW,
            brow_inner_height: calib::BROW_INNER,
            brow_outer_height: calib::BROW_OUTER,
            brow_distance: calib::BROW_DISTANCE,
            lip_corner_elevation: calib::CORNER,
            mouth_width: 0.6,
        }
    }

    #[test]
    fn neutral_geometry_has_no_action_units() {
        let au = ActionUnits::from_geometry(&rest());
        assert_eq!(au, ActionUnits::default());
    }

    #[test]
    fn actions_map_to_their_units() {
        let smile = FaceGeometry { lip_corner_elevation: 0.2, ear: EAR_CLOSED, ..rest() };
        let au = ActionUnits::from_geometry(&smile);
        assert_eq!((au.au12, au.au6, au.au43, au.au15), (1.0, 1.0, 1.0, 0.0));
        let surprise =
            FaceGeometry { brow_inner_height: 0.5, brow_outer_height: 0.5, lip_gap: 0.3, jaw_drop: 1.5, ..rest() };
        let au = ActionUnits::from_geometry(&surprise);
        assert_eq!((au.au1, au.au2, au.au25, au.au26, au.au4), (1.0, 1.0, 1.0, 1.0, 0.0));
        let frown = FaceGeometry { brow_inner_height: 0.2, brow_distance: 0.3, lip_corner_elevation: -0.025, ..rest() };
        let au = ActionUnits::from_geometry(&frown);
        assert!(au.au4 > 0.6 && (au.au15 - 0.5).abs() < 1e-5 && au.au12 == 0.0);
    }

    #[test]
    fn affect_ranges_and_components() {
        let happy = EmotionScores::from_probabilities([0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        let a = Affect::new(&happy, None);
        assert_eq!((a.valence, a.arousal), circumplex(Emotion::Happy));
        assert!(a.components.eye_opening.is_none());
        let g = FaceGeometry { lip_corner_elevation: 0.2, ..rest() };
        let au = ActionUnits::from_geometry(&g);
        let b = Affect::new(&happy, Some((&g, &au)));
        assert!((b.valence - (0.5 * 0.8 + 0.5 * 1.0)).abs() < 1e-6);
        assert!((b.arousal - 0.5 * 0.65).abs() < 1e-6);
        assert_eq!(b.components.lip_corners, Some(1.0));
    }
}
