//! Behaviour of the whole detector: negation, reported speech, past tense, spans, and the
//! invariants checked with proptest.

use std::sync::LazyLock;

use proptest::prelude::*;
use resona_core::Limits;

use super::*;

static DETECTOR: LazyLock<RiskDetector> = LazyLock::new(|| RiskDetector::new(RiskConfig::default()).unwrap());

fn detector() -> &'static RiskDetector {
    &DETECTOR
}

fn assess(text: &str) -> RiskAssessment {
    detector().assess(text).unwrap()
}

fn level(text: &str) -> RiskLevel {
    assess(text).level
}

#[test]
fn explicit_crisis_language_is_severe() {
    for text in [
        "I want to kill myself",
        "I want to end it all",
        "everyone would be better off without me",
        "I have no reason to live",
        "I can't go on, I just want to die",
        "nataka kufa",
        "sitaki kuishi tena",
        "nimechoka kuishi",
    ] {
        let a = assess(text);
        assert_eq!(a.level, RiskLevel::Severe, "{text}");
        assert!(a.crisis, "{text}");
    }
}

#[test]
fn negation_lowers_but_keeps_the_match() {
    let a = assess("I'm not hopeless");
    assert_eq!(a.level, RiskLevel::Normal);
    assert!(a.matches[0].negated);
    assert!(a.keywords.is_empty());
    assert_eq!(level("I don't want to die"), RiskLevel::Normal);
    assert_eq!(level("I would never hurt myself"), RiskLevel::Normal);
    // Swahili negates on the verb: "sitaki kufa" is not risk, "sitaki kuishi" is.
    assert_eq!(level("sitaki kufa"), RiskLevel::Normal);
    assert_eq!(level("sitaki kujiua"), RiskLevel::Normal);
    assert!(assess("sitaki kuishi").crisis);
    // A negator in another clause or before another verb does not reach the phrase.
    assert!(assess("No, I want to die").crisis);
    assert!(assess("I'm not ok and I want to die").crisis);
}

#[test]
fn ambiguous_negation_of_intent_still_raises_crisis() {
    let a = assess("I won't kill myself tonight");
    assert!(a.matches[0].negated);
    assert!(a.crisis);
    assert!(!assess("I'm not going to kill myself").crisis);
}

#[test]
fn third_parties_are_concern_for_others() {
    let a = assess("My friend said she wants to kill herself");
    assert_eq!(a.level, RiskLevel::Moderate);
    assert!(!a.crisis);
    assert_eq!(a.matches[0].category, RiskCategory::ConcernForOthers);
    assert!(a.matches[0].reported);
    let a = assess("Rafiki yangu anasema anataka kujiua");
    assert_eq!((a.level, a.crisis), (RiskLevel::Moderate, false));
    assert_eq!(level("What are the signs that someone wants to kill themselves?"), RiskLevel::Mild);
}

#[test]
fn reported_speech_about_the_writer_is_lowered() {
    let a = assess("my boss told me I'm worthless");
    assert!(a.matches[0].reported);
    assert_eq!(a.matches[0].category, RiskCategory::Worthlessness);
    assert_eq!(a.level, RiskLevel::Mild);
    // The writer reporting their own words is still the writer's crisis.
    assert!(assess("I told my sister I want to die").crisis);
}

#[test]
fn past_tense_lowers_and_resolution_lowers_more() {
    let a = assess("I tried to kill myself two years ago");
    assert!(a.matches[0].past);
    assert_eq!((a.level, a.crisis), (RiskLevel::Moderate, false));
    assert_eq!(level("I used to want to die but I'm better now"), RiskLevel::Mild);
    assert_eq!(level("Nilikuwa nataka kufa zamani lakini sasa niko sawa"), RiskLevel::Mild);
    // Recency cancels the past reading.
    assert!(assess("I tried to kill myself last night").crisis);
    assert!(assess("I've been wanting to die for weeks").crisis);
}

#[test]
fn benign_look_alikes_are_normal() {
    for text in [
        "this joke killed me",
        "I'm dying to see it",
        "she's killing it at work",
        "the battery died",
        "the skill myself and others need",
        "I cut myself shaving",
        "I want to give up sugar",
        "Reading about suicide prevention",
        "I'd rather die than wear those shoes",
        "Nilikufa kwa kicheko",
        "Sitaki kuishi Nairobi",
    ] {
        assert_eq!(level(text), RiskLevel::Normal, "{text}");
    }
    assert_eq!(level("dead tired"), RiskLevel::Mild);
}

#[test]
fn spans_are_exact_with_multibyte_text() {
    let text = "Café ☕ — I’m sooo tired, nataka kufa 😢";
    let a = assess(text);
    let phrases: Vec<&str> = a.matches.iter().map(|m| &text[m.span.0..m.span.1]).collect();
    assert_eq!(phrases, ["tired", "nataka kufa"]);
    for m in &a.matches {
        assert!(text.is_char_boundary(m.span.0) && text.is_char_boundary(m.span.1));
        assert_eq!(m.phrase, &text[m.span.0..m.span.1]);
    }
    let a = assess("I CAN’T GO ON");
    assert_eq!(a.matches[0].phrase, "CAN’T GO ON");
}

#[test]
fn keywords_are_stable_and_unique() {
    let a = assess("I'm exhausted, I want to give up, so hopeless and alone. So hopeless.");
    assert_eq!(a.keywords, ["exhausted", "give up", "hopeless", "alone"]);
    assert_eq!(a.level, RiskLevel::Severe);
}

#[test]
fn intensity_moves_sub_severe_cues() {
    assert_eq!(level("I feel lonely"), RiskLevel::Mild);
    assert_eq!(level("I feel so lonely"), RiskLevel::Moderate);
    assert_eq!(level("I feel a bit useless"), RiskLevel::Mild);
    assert_eq!(level("I'm sooo tired"), RiskLevel::Mild);
}

#[test]
fn laughter_lowers_but_intent_keeps_crisis() {
    let a = assess("lol I'm gonna kill myself if this meeting runs over");
    assert_eq!(a.level, RiskLevel::Moderate);
    assert!(a.crisis);
}

#[test]
fn limits_and_config_errors() {
    let d = RiskDetector::new(RiskConfig::default().with_limits(Limits::default().with_max_text_bytes(4))).unwrap();
    assert_eq!(d.assess("hello").unwrap_err().code(), "limit_exceeded");
    assert!(d.assess("hey").is_ok());
    let e = RiskDetector::new(RiskConfig::default().with_others_factor(2.0)).unwrap_err();
    assert_eq!(e.code(), "invalid_parameter");
}

#[test]
fn names_round_trip() {
    for l in RiskLevel::ALL {
        assert_eq!(l.as_str().parse::<RiskLevel>().unwrap(), *l);
    }
    for c in RiskCategory::ALL {
        assert_eq!(c.as_str().parse::<RiskCategory>().unwrap(), *c);
    }
    let names: Vec<_> = RiskLevel::ALL.iter().map(|l| l.as_str()).collect();
    assert_eq!(names, ["normal", "mild", "moderate", "severe"]);
    assert_eq!(RiskCategory::ConcernForOthers.to_string(), "concern_for_others");
    assert_eq!("bad".parse::<RiskLevel>().unwrap_err().code(), "unknown_name");
}

#[test]
fn detector_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<RiskDetector>();
}

proptest! {
    #[test]
    fn any_text_is_safe(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn risk_like_text_is_safe(
        words in proptest::collection::vec(
            prop_oneof![
                Just("I"), Just("I’m"), Just("not"), Just("kill"), Just("myself"), Just("want"),
                Just("to"), Just("die"), Just("sooo"), Just("nataka"), Just("kufa"), Just("sitaki"),
                Just("kuishi"), Just(","), Just("."), Just("😂"), Just("é"), Just("she"), Just("used"),
                Just("but"), Just("better"), Just("now"), Just("can't"), Just("go"), Just("on"),
            ],
            0..30,
        )
    ) {
        check_invariants(&words.join(" "));
    }
}

fn check_invariants(text: &str) {
    let a = detector().assess(text).unwrap();
    assert!((0.0..=1.0).contains(&a.score), "{text:?}: {}", a.score);
    assert!(a.crisis || a.level != RiskLevel::Severe, "{text:?}: severe without crisis");
    for m in &a.matches {
        assert!(m.span.0 < m.span.1 && m.span.1 <= text.len());
        assert!(text.is_char_boundary(m.span.0) && text.is_char_boundary(m.span.1));
        assert_eq!(m.phrase, &text[m.span.0..m.span.1]);
        assert!((0.0..=1.0).contains(&m.severity));
    }
}

#[test]
fn farewell_counts_only_next_to_distress() {
    assert_eq!(level("ok goodbye, see you tomorrow"), RiskLevel::Normal);
    assert!(assess("Goodbye everyone!").matches.is_empty());
    let a = assess("I'm done. Goodbye.");
    assert_eq!(a.level, RiskLevel::Severe);
    assert!(a.crisis);
    assert_eq!(a.keywords, ["I'm done", "goodbye"]);
}

#[test]
fn common_misspellings_and_elongations_match() {
    assert!(assess("i wnat to dieee").crisis);
    assert_eq!(level("I feel sooo hopless"), RiskLevel::Moderate);
    assert_eq!(assess("i wnat to die").matches[0].phrase, "wnat to die");
}
