use super::*;
use proptest::prelude::*;

const TOL: f32 = 1e-4;
const DAY: i64 = 24 * 3600 * 1000;

fn rec(day: i64, stress: f32, mood: f32) -> SessionRecord {
    SessionRecord {
        start: TimestampMs(day * DAY),
        end: TimestampMs(day * DAY + 600_000),
        average_stress: stress,
        peak_stress: (stress + 10.0).min(100.0),
        mean_valence: mood,
        valence_std: 0.1,
        hidden_stress_episodes: 0,
        max_risk: RiskLevel::Normal,
        crisis: false,
    }
}

fn history(rs: &[SessionRecord]) -> SessionHistory {
    let mut h = SessionHistory::default();
    rs.iter().for_each(|r| h.push(*r).unwrap());
    h
}

#[test]
fn hand_computed_score() {
    // Previous five at stress 30, latest 50, moods 0 and −0.3, std 0.1, six sessions a week.
    let mut rs: Vec<_> = (0..5).map(|d| rec(d, 30.0, 0.0)).collect();
    rs.push(rec(5, 50.0, -0.3));
    let a = assess_burnout(&history(&rs), &BurnoutConfig::default()).unwrap();
    // 40·0.5 + 25·(20/25) + 20·(0.05/0.6) + 7.5·0.2 + 7.5·(3/11)
    let expected = 20.0 + 20.0 + 20.0 * 0.05 / 0.6 + 1.5 + 7.5 * 3.0 / 11.0;
    assert!((a.score - expected as f32).abs() < TOL, "{a:?}");
    assert_eq!(a.level, BurnoutLevel::Medium);
    assert_eq!(a.stress_trend, 20.0);
    assert_eq!(a.sessions_last_week, 6);
    assert_eq!(a.compared_sessions, 5);
    assert_eq!(a.factors, [BurnoutFactor::IncreasingStress, BurnoutFactor::DecliningMood]);
    assert!(a.recommendations.contains(&Recommendation::ReduceWorkload));
    assert_eq!((a.rising_streak, a.alert), (1, false));
    let c = a.components;
    assert!((c.stress_level + c.stress_trend + c.low_mood + c.variability + c.frequency - a.score).abs() < TOL);
}

#[test]
fn levels_and_alert() {
    assert_eq!(BurnoutLevel::from_score(39.99), BurnoutLevel::Low);
    assert_eq!(BurnoutLevel::from_score(40.0), BurnoutLevel::Medium);
    assert_eq!(BurnoutLevel::from_score(70.0), BurnoutLevel::High);
    let rs: Vec<_> = (0..5).map(|d| rec(d, 20.0 + 10.0 * d as f32, 0.0)).collect();
    let a = assess_burnout(&history(&rs), &BurnoutConfig::default()).unwrap();
    assert_eq!((a.rising_streak, a.alert), (4, true));
    let calm = assess_burnout(&history(&[rec(0, 10.0, 0.4)]), &BurnoutConfig::default()).unwrap();
    assert_eq!((calm.level, calm.stress_trend), (BurnoutLevel::Low, 0.0));
    assert_eq!(calm.recommendations, [Recommendation::MaintainRoutine]);
}

#[test]
fn errors() {
    assert_eq!(assess_burnout(&SessionHistory::default(), &BurnoutConfig::default()).unwrap_err().code(), "empty");
    let h = history(&[rec(0, 10.0, 0.0)]);
    assert!(assess_burnout(&h, &BurnoutConfig::default().with_compare_sessions(0)).is_err());
    let mut h = history(&[rec(5, 10.0, 0.0)]);
    assert_eq!(h.push(rec(4, 10.0, 0.0)).unwrap_err().code(), "out_of_range");
    assert_eq!(h.push(rec(6, 110.0, 0.0)).unwrap_err().code(), "out_of_range");
    assert!(SessionHistory::with_capacity(5).is_err());
    let mut small = SessionHistory::with_capacity(6).unwrap();
    (0..10).for_each(|d| small.push(rec(d, 10.0, 0.0)).unwrap());
    assert_eq!(small.len(), 6);
    assert_eq!(small.records().next().unwrap().start, TimestampMs(4 * DAY));
}

#[test]
fn state_round_trips_and_rejects_bad_bytes() {
    let mut rs: Vec<_> = (0..8).map(|d| rec(d, 10.0 * d as f32, -0.1)).collect();
    rs[3].max_risk = RiskLevel::Severe;
    rs[3].crisis = true;
    let h = history(&rs);
    let bytes = h.to_bytes();
    assert_eq!(SessionHistory::from_bytes(&bytes).unwrap(), h);
    let json = serde_json::to_string(&h).unwrap();
    assert!(json.starts_with(r#"{"version":1,"capacity":64,"records":[{"#));
    assert_eq!(serde_json::from_str::<SessionHistory>(&json).unwrap(), h);
    let mut newer = bytes.clone();
    newer[4] = 7;
    assert_eq!(SessionHistory::from_bytes(&newer).unwrap_err().code(), "unsupported_version");
    let mut bad_risk = bytes.clone();
    let risk_at = 6 + 8 + 36; // header, capacity + count, first record up to max_risk
    bad_risk[risk_at] = 9;
    assert_eq!(SessionHistory::from_bytes(&bad_risk).unwrap_err().code(), "corrupted");
    assert_eq!(SessionHistory::from_bytes(&bytes[..20]).unwrap_err().code(), "truncated");
    assert_eq!(SessionHistory::from_bytes(b"RSBL\x01\x00").unwrap_err().code(), "bad_magic");
    let newer_json = json.replacen(r#""version":1"#, r#""version":2"#, 1);
    assert!(serde_json::from_str::<SessionHistory>(&newer_json).is_err());
}

proptest! {
    #[test]
    fn score_bounded_and_bytes_never_panic(
        xs in proptest::collection::vec((0.0f32..=100.0, -1.0f32..=1.0, 0.0f32..=1.0), 1..20),
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut h = SessionHistory::default();
        for (i, (s, v, sd)) in xs.iter().enumerate() {
            let mut r = rec(i as i64, *s, *v);
            r.valence_std = *sd;
            h.push(r).unwrap();
        }
        let a = assess_burnout(&h, &BurnoutConfig::default()).unwrap();
        prop_assert!((0.0..=100.0).contains(&a.score));
        prop_assert_eq!(a.level, BurnoutLevel::from_score(a.score));
        prop_assert_eq!(&SessionHistory::from_bytes(&h.to_bytes()).unwrap(), &h);
        let _ = SessionHistory::from_bytes(&bytes);
        let mut framed = b"RSSH\x01\x00".to_vec();
        framed.extend_from_slice(&bytes);
        let _ = SessionHistory::from_bytes(&framed);
    }
}
