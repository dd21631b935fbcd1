//! Vocal stress: the documented formula, boundedness, finiteness and monotonicity.

use proptest::prelude::*;
use resona_audio::FeatureSummary;
use resona_audio::stress::{IndicatorKind, Reference, VocalStress, VocalStressConfig, VoiceBaseline};

/// Float tolerance of recomputing the score from the returned contributions.
const FORMULA_TOLERANCE: f32 = 1e-6;

fn summary(v: [f32; 7]) -> FeatureSummary {
    FeatureSummary {
        pitch_p50_st: Some(v[0]),
        pitch_sd_st: Some(v[1]),
        speech_rate: v[2],
        phrasing_irregularity: Some(v[3]),
        loudness_mean_db: v[4],
        jitter_local: Some(v[5]),
        shimmer_local: Some(v[6]),
        ..FeatureSummary::default()
    }
}

fn set(s: &mut FeatureSummary, kind: IndicatorKind, x: f32) {
    match kind {
        IndicatorKind::PitchElevation => s.pitch_p50_st = Some(x),
        IndicatorKind::PitchVariability => s.pitch_sd_st = Some(x),
        IndicatorKind::SpeechRate => s.speech_rate = x,
        IndicatorKind::PauseIrregularity => s.phrasing_irregularity = Some(x),
        IndicatorKind::Loudness => s.loudness_mean_db = x,
        IndicatorKind::Jitter => s.jitter_local = Some(x),
        IndicatorKind::Shimmer => s.shimmer_local = Some(x),
        _ => {}
    }
}

fn population_means() -> [f32; 7] {
    VoiceBaseline::population().references.map(|r| r.mean)
}

#[test]
fn at_the_reference_the_score_is_the_floor() {
    let s = VocalStress::new(VocalStressConfig::default()).unwrap();
    let r = s.assess(&summary(population_means()), None).unwrap();
    let floor = 1.0 / (1.0 + 2f32.exp());
    assert!((r.score - floor).abs() < FORMULA_TOLERANCE, "{}", r.score);
    assert_eq!(r.indicators.len(), 7);
    for (ind, kind) in r.indicators.iter().zip(IndicatorKind::ALL) {
        assert_eq!(ind.kind, kind);
        assert!(ind.deviation.abs() < 1e-5 && ind.contribution.abs() < 1e-5, "{ind:?}");
    }
}

#[test]
fn stressed_speech_scores_high_and_explains_itself() {
    let s = VocalStress::new(VocalStressConfig::default()).unwrap();
    // Two sd above the population in pitch, rate and loudness.
    let mut v = population_means();
    let refs = VoiceBaseline::population().references;
    for i in [0, 2, 4] {
        v[i] += 2.0 * refs[i].sd;
    }
    let r = s.assess(&summary(v), None).unwrap();
    // logit = 2*(1.0 + 0.8 + 0.6) - 2 = 2.8.
    let want = 1.0 / (1.0 + (-2.8f32).exp());
    assert!((r.score - want).abs() < 1e-5, "{} vs {want}", r.score);
    assert!((r.indicators[0].deviation - 2.0).abs() < 1e-5);
    assert!((r.indicators[2].contribution - 1.6).abs() < 1e-5);
}

#[test]
fn baseline_replaces_population_and_is_validated() {
    let s = VocalStress::new(VocalStressConfig::default()).unwrap();
    let calm: Vec<FeatureSummary> = (0..5)
        .map(|i| {
            let mut v = population_means();
            v[0] = 24.0 + 0.2 * i as f32; // a low-pitched speaker
            summary(v)
        })
        .collect();
    let base = VoiceBaseline::from_summaries(&calm).unwrap();
    assert!((base.get(IndicatorKind::PitchElevation).mean - 24.4).abs() < 1e-4);
    let mut v = population_means();
    v[0] = 27.0; // below the population mean, well above this speaker's
    let with = s.assess(&summary(v), Some(&base)).unwrap();
    let without = s.assess(&summary(v), None).unwrap();
    assert!(with.personal_baseline && !without.personal_baseline);
    assert!(with.indicators[0].deviation > 3.0 && without.indicators[0].deviation < 0.0);
    assert!(with.score > without.score);
    assert_eq!(VoiceBaseline::from_summaries(&calm[..1]).unwrap_err().code(), "buffer_too_short");
    let mut bad = base;
    bad.references[3] = Reference { mean: 0.5, sd: 0.0 };
    assert_eq!(s.assess(&summary(v), Some(&bad)).unwrap_err().code(), "invalid_parameter");
    let e = VocalStress::new(VocalStressConfig::default().with_weights([1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0]));
    assert_eq!(e.unwrap_err().code(), "invalid_parameter");
    assert_eq!(VocalStress::new(VocalStressConfig::default().with_z_max(0.0)).unwrap_err().code(), "invalid_parameter");
}

#[test]
fn undefined_indicators_contribute_nothing() {
    let s = VocalStress::new(VocalStressConfig::default()).unwrap();
    let mut sum = summary(population_means());
    sum.pitch_p50_st = None;
    sum.jitter_local = Some(f32::NAN);
    let r = s.assess(&sum, None).unwrap();
    assert_eq!(r.indicators[0].value, None);
    assert_eq!(r.indicators[5].value, None);
    assert_eq!((r.indicators[0].contribution, r.indicators[5].deviation), (0.0, 0.0));
}

fn finite_value() -> impl Strategy<Value = f32> {
    prop_oneof![-1e3f32..1e3, -1e30f32..1e30, Just(f32::MAX), Just(f32::MIN)]
}

proptest! {
    #[test]
    fn bounded_finite_and_explained(v in proptest::array::uniform7(finite_value())) {
        let s = VocalStress::new(VocalStressConfig::default()).unwrap();
        let r = s.assess(&summary(v), None).unwrap();
        prop_assert!(r.score.is_finite() && r.score >= 0.0 && r.score <= 1.0);
        let logit: f32 = r.indicators.iter().map(|i| i.contribution).sum::<f32>() - 2.0;
        prop_assert!(r.indicators.iter().all(|i| i.deviation.is_finite() && i.contribution.is_finite()));
        let want = 1.0 / (1.0 + (-logit).exp());
        prop_assert!((r.score - want).abs() < 1e-5);
    }

    #[test]
    fn monotonic_in_each_indicator(
        v in proptest::array::uniform7(-100f32..100.0),
        which in 0usize..7,
        a in -100f32..100.0,
        b in -100f32..100.0,
    ) {
        let s = VocalStress::new(VocalStressConfig::default()).unwrap();
        let kind = IndicatorKind::ALL[which];
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let mut s_lo = summary(v);
        set(&mut s_lo, kind, lo);
        let mut s_hi = summary(v);
        set(&mut s_hi, kind, hi);
        let r_lo = s.assess(&s_lo, None).unwrap();
        let r_hi = s.assess(&s_hi, None).unwrap();
        prop_assert!(r_hi.score >= r_lo.score, "{kind:?}: {lo} -> {}, {hi} -> {}", r_lo.score, r_hi.score);
        prop_assert!(r_hi.indicators[which].contribution >= r_lo.indicators[which].contribution);
    }
}

#[test]
fn strictly_increasing_inside_the_cap() {
    let s = VocalStress::new(VocalStressConfig::default()).unwrap();
    let refs = VoiceBaseline::population().references;
    for kind in IndicatorKind::ALL {
        let r = refs[kind.index()];
        let scores: Vec<f32> = [0.5f32, 1.0, 2.0, 3.0]
            .iter()
            .map(|z| {
                let mut sum = summary(population_means());
                set(&mut sum, kind, r.mean + z * r.sd);
                s.assess(&sum, None).unwrap().score
            })
            .collect();
        assert!(scores.windows(2).all(|w| w[1] > w[0]), "{kind:?}: {scores:?}");
    }
}
