//! Risk (crisis language) detection in English, Swahili and code-switched chat.
//!
//! A [`RiskDetector`] finds phrases of suicidal ideation, self-harm, hopelessness, exhaustion,
//! isolation and worthlessness, reads each in context (negated? about someone else? past?
//! joking?), and sums them up as a [`RiskAssessment`]: a [`RiskLevel`], a score in [0, 1], the
//! matched phrases with byte spans, keywords, and a `crisis` flag a host uses to show crisis
//! resources immediately.
//!
//! ```
//! use resona_text::risk::{RiskCategory, RiskConfig, RiskDetector, RiskLevel};
//!
//! let detector = RiskDetector::new(RiskConfig::default())?;
//! let a = detector.assess("I can't go on, I want to end it all")?;
//! assert_eq!(a.level, RiskLevel::Severe);
//! assert!(a.crisis);
//! assert_eq!(&"I can't go on, I want to end it all"[a.matches[0].span.0..a.matches[0].span.1], "can't go on");
//!
//! assert_eq!(detector.assess("this joke killed me 😂")?.level, RiskLevel::Normal);
//! assert_eq!(detector.assess("I'm not hopeless, just tired")?.level, RiskLevel::Mild);
//! let friend = detector.assess("my friend said she wants to kill herself")?;
//! assert_eq!((friend.level, friend.crisis), (RiskLevel::Moderate, false));
//! assert_eq!(friend.matches[0].category, RiskCategory::ConcernForOthers);
//! assert!(detector.assess("nimechoka na maisha, sitaki kuishi tena")?.crisis);
//! # Ok::<(), resona_text::Error>(())
//! ```
//!
//! # How a message is read
//!
//! 1. **Tokens.** The text is split into lower-cased word tokens that keep the byte span of
//!    their source word; contractions and chat spellings expand ("can't", "cant", "can’t" →
//!    `can not`; "im" → `i am`), a short curated list of misspellings is corrected ("wnat",
//!    "myslef", "hopless"), and elongated words ("sooo") also match in squeezed form.
//!    Matching on tokens keeps word boundaries: "skill myself" never matches "kill myself".
//! 2. **Phrases.** About 250 patterns (English in `lexicon.rs`, Swahili and code-switched in
//!    `lexicon_sw.rs`, in the small language of `matcher.rs`) are tried from an index of first
//!    words. A match inside a benign look-alike ("die of embarrassment", "suicide prevention",
//!    "nilikufa kwa kicheko") is dropped; among overlapping matches the most severe, then the
//!    longest, is kept.
//! 3. **Context** (`context.rs`) adjusts each match's base severity:
//!
//! | context | example | effect |
//! |---|---|---|
//! | intensifier, on sub-severe cues | "so lonely", "nimechoka sana" | +0.12 (+0.05 for exhaustion) |
//! | softener, on sub-severe cues | "a bit useless", "kidogo" | × 0.7 |
//! | another specific person | "my friend wants to kill herself" | × [`others_factor`](RiskConfig::others_factor) (0.6), category becomes [`RiskCategory::ConcernForOthers`] |
//! | an unspecified person | "signs that someone wants to die" | × [`generic_factor`](RiskConfig::generic_factor) (0.3), concern for others |
//! | the writer's words in someone else's mouth | "she told me I'm worthless" | × [`reported_factor`](RiskConfig::reported_factor) (0.5) |
//! | clear negation | "I'm not hopeless", "sitaki kujiua" | × [`negated_factor`](RiskConfig::negated_factor) (0.1) |
//! | negation undercut by a time word | "I won't do it tonight" | × [`ambiguous_negation_factor`](RiskConfig::ambiguous_negation_factor) (0.6) |
//! | past, not recent | "I tried to kill myself two years ago" | × [`past_factor`](RiskConfig::past_factor) (0.6) |
//! | past and resolved | "I used to want to die but I'm better now" | × [`resolved_factor`](RiskConfig::resolved_factor) (0.3) |
//! | laughter in the message | "lol", "😂" | × [`jest_factor`](RiskConfig::jest_factor) (0.7) |
//! | a farewell next to the writer's own distress | "I'm done. Goodbye." | the farewell's base becomes 0.85 (alone, a farewell is a sign-off and dropped) |
//!
//! 4. **Score and level.** Take the highest effective severity in each category, sort them
//!    from high to low as `c₁ ≥ c₂ ≥ …`, and
//!    `score = min(1, c₁ + w · (c₂ + c₃ + …))` with `w` =
//!    [`co_occurrence_weight`](RiskConfig::co_occurrence_weight) (0.25): the strongest cue
//!    sets the level, and cues of *different* kinds (hopeless and alone and a burden) add up,
//!    because clustering across categories is itself a warning sign, while repeating one
//!    kind of cue does not. The level is [`RiskLevel::Severe`] from 0.75,
//!    [`RiskLevel::Moderate`] from 0.45, [`RiskLevel::Mild`] from 0.2 (all configurable).
//!
//! Base severities come in tiers (see `lexicon.rs` for the reasons per category): explicit
//! intent, plan or method 1.0; a passive wish to die or a self-harm urge 0.85; strong
//! distress ("tired of life", "can't go on") 0.6–0.7; moderate cues ("hopeless", "I hate
//! myself", "nobody cares") about 0.5; mild cues ("lonely", "burnt out") 0.3–0.35; weak
//! cues ("tired", "stuck") 0.22–0.25.
//!
//! # The crisis flag and its bias
//!
//! `crisis` is true when the level is severe, **and** whenever a phrase of explicit intent,
//! plan or method (base severity 1.0: "kill myself", "end my life tonight", "take all my
//! pills", "nitajiua") is about the writer, is not clearly negated, and is not in the past,
//! whatever the level. Laughter, hypotheticals ("if I fail I'll kill myself"), questions
//! ("how do I kill myself?") and ambiguous negation ("I won't kill myself *tonight*") do not
//! clear it. Crisis language must never be missed, so the detector is deliberately biased
//! towards false alarms on intent: a hyperbolic "lol I'm gonna kill myself if this meeting
//! runs over" raises the flag. Hosts should show resources gently, not alarm.
//!
//! # Limits
//!
//! A lexicon is not comprehension. Phrasings it has no pattern for, misspellings outside its
//! short list, metaphors, sarcasm and irony can be missed; a subject that is not a pronoun or a
//! family/friend noun is read as the writer. On its own evaluation set
//! (`tests/data/RISK_EVAL.md`) it reaches recall 0.99 with no false positives, but those
//! lines shaped the lexicon; on batches of new sentences written *after* each matcher version
//! and scored before any change, recall was 0.63–0.71 at a false-positive rate of 0–0.06.
//! Expect the second figure on unseen phrasing, and pair the lexicon with a learned model
//! where that matters. Text is not NFC-normalised (ASCII and Swahili are unaffected; accents
//! typed as combining marks split a word).

mod config;
mod context;
mod lexicon;
mod lexicon_sw;
mod matcher;
mod tokens;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use resona_core::{ConfigError, InputError, Result};

pub use config::RiskConfig;
use context::{Intensity, Markers, MessageContext, Negation, Person};
use lexicon::{FAREWELL, INTENT, Phrase, WISH};
use matcher::{Hit, PatternSet};

/// Overall risk of a message, from [`RiskLevel::Normal`] to [`RiskLevel::Severe`]; ordered, so
/// `level >= RiskLevel::Moderate` works. Serialised names are `normal`, `mild`, `moderate`,
/// `severe` ([`RiskLevel::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RiskLevel {
    /// No risk language, or only negated or benign uses.
    #[default]
    Normal,
    /// Weak signs: tiredness, loneliness, a resolved past.
    Mild,
    /// Clear distress: hopelessness, worthlessness, isolation, concern for another person at
    /// risk, a past attempt.
    Moderate,
    /// Suicidal ideation, self-harm urges, or several moderate signs together.
    Severe,
}

/// What a matched phrase is a sign of. Serialised names are snake_case
/// ([`RiskCategory::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RiskCategory {
    /// A wish to be dead, a plan or a method ("I want to die", "nataka kujiua").
    SuicidalIdeation,
    /// Hurting oneself on purpose ("I keep cutting myself", "najikata").
    SelfHarm,
    /// No future, no way out, giving up ("I can't go on", "nimekata tamaa").
    Hopelessness,
    /// Exhaustion and burnout ("burnt out", "nimechoka").
    Exhaustion,
    /// Loneliness, nobody who cares ("nobody cares", "niko peke yangu").
    Isolation,
    /// Self-hatred, being a failure or a burden ("I'm worthless", "sina thamani").
    Worthlessness,
    /// Any of the above said about someone else ("my friend wants to kill herself"): lower
    /// severity, not the writer's own crisis, but a reason to offer help for helping others.
    ConcernForOthers,
}

macro_rules! named_enum {
    ($ty:ident, $what:literal, $expected:literal, [$($variant:ident => $name:literal),* $(,)?]) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// Stable snake_case name, as serialised on every surface.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),*
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = InputError;

            /// Parses a name produced by `as_str`.
            fn from_str(s: &str) -> std::result::Result<Self, InputError> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    InputError::UnknownName { what: $what, value: s.to_owned(), expected: $expected }
                })
            }
        }
    };
}

named_enum!(RiskLevel, "risk level", "normal, mild, moderate, severe", [
    Normal => "normal",
    Mild => "mild",
    Moderate => "moderate",
    Severe => "severe",
]);

named_enum!(
    RiskCategory,
    "risk category",
    "suicidal_ideation, self_harm, hopelessness, exhaustion, isolation, worthlessness, concern_for_others",
    [
        SuicidalIdeation => "suicidal_ideation",
        SelfHarm => "self_harm",
        Hopelessness => "hopelessness",
        Exhaustion => "exhaustion",
        Isolation => "isolation",
        Worthlessness => "worthlessness",
        ConcernForOthers => "concern_for_others",
    ]
);

/// One matched phrase, read in context.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub struct RiskMatch {
    /// What the phrase is a sign of; [`RiskCategory::ConcernForOthers`] when it is about
    /// someone else.
    pub category: RiskCategory,
    /// The matched text, exactly as written (`&text[span.0..span.1]`).
    pub phrase: String,
    /// Byte offsets `[start, end)` into the original text, always on char boundaries.
    pub span: (usize, usize),
    /// Effective severity in [0, 1], after the context factors.
    pub severity: f32,
    /// A negator is in scope ("I'm not hopeless"), clearly or ambiguously.
    pub negated: bool,
    /// The phrase is about someone else, or is someone else's words about the writer.
    pub reported: bool,
    /// The phrase is in the past and not recent ("I used to...").
    pub past: bool,
}

/// The risk reading of one message.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub struct RiskAssessment {
    /// The overall level.
    pub level: RiskLevel,
    /// Combined score in [0, 1]; see the [module documentation](self) for the formula.
    pub score: f32,
    /// Show crisis resources now: the level is severe, or explicit intent, plan or method is
    /// present and not clearly negated (see the module documentation for the bias).
    pub crisis: bool,
    /// Every phrase kept, in text order.
    pub matches: Vec<RiskMatch>,
    /// Stable keywords of the phrases that are not clearly negated ("give up", "hopeless",
    /// "nimechoka"), in text order without repeats.
    pub keywords: Vec<String>,
}

/// Intensifier bonus on sub-severe cues ("so lonely"): enough to lift a mild cue (0.35) over
/// the moderate threshold, as "so lonely it hurts" reads moderate.
const INTENSIFIER_BONUS: f32 = 0.12;
/// Intensifier bonus on exhaustion: "so tired" is still only tired (the issue: "dead tired" is
/// mild, not severe).
const EXHAUSTION_BONUS: f32 = 0.05;
/// Softener factor ("a bit lonely").
const SOFTENER_FACTOR: f32 = 0.7;
/// Base severity of a farewell ("goodbye", "tell my mom I'm sorry") in a message that also
/// holds the writer's own, current, unnegated distress: a passive-ideation-level sign.
const FAREWELL_WITH_DISTRESS: f32 = WISH;
/// Lowest effective severity of a distress cue that turns a farewell into a warning sign.
const DISTRESS_FOR_FAREWELL: f32 = 0.25;

/// The plan: compiled lexicons and markers, built once and shared (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct RiskDetector {
    config: RiskConfig,
    phrases: Vec<Phrase>,
    patterns: PatternSet,
    benign: PatternSet,
    markers: Markers,
}

fn lexicon_error((pattern, reason): (&str, String)) -> ConfigError {
    ConfigError::InvalidParameter {
        name: "risk lexicon",
        value: format!("{pattern:?}: {reason}"),
        rule: "every built-in pattern must compile (a bug in resona-text)",
    }
}

impl RiskDetector {
    /// Validates `config` and compiles the lexicons.
    ///
    /// # Errors
    /// [`ConfigError::InvalidParameter`] naming the first invalid field of `config`.
    pub fn new(config: RiskConfig) -> Result<Self> {
        config.validate()?;
        let classes: Vec<(&str, &str)> = lexicon::CLASSES.iter().chain(lexicon_sw::SW_CLASSES).copied().collect();
        let phrases: Vec<Phrase> = lexicon::EN.iter().chain(lexicon_sw::SW).copied().collect();
        let patterns = PatternSet::new(phrases.iter().map(|p| p.pattern), &classes).map_err(lexicon_error)?;
        let benign = PatternSet::new(lexicon::BENIGN.iter().chain(lexicon_sw::SW_BENIGN).copied(), &classes)
            .map_err(lexicon_error)?;
        let markers = Markers::new().map_err(lexicon_error)?;
        Ok(Self { config, phrases, patterns, benign, markers })
    }

    /// The configuration this detector was built with.
    #[must_use]
    pub fn config(&self) -> &RiskConfig {
        &self.config
    }

    /// Number of phrase patterns in the lexicons (English, Swahili and code-switched).
    #[must_use]
    pub fn phrase_count(&self) -> usize {
        self.patterns.len()
    }

    /// Assesses one message. Any valid UTF-8 is accepted.
    ///
    /// # Errors
    /// [`LimitError`](resona_core::LimitError) when `text` is longer than
    /// [`Limits::max_text_bytes`](resona_core::Limits::max_text_bytes).
    pub fn assess(&self, text: &str) -> Result<RiskAssessment> {
        self.config.limits.check_text(text)?;
        let toks = tokens::tokenize(text);
        let hits = self.phrase_hits(&toks);
        let ctx = MessageContext::new(&self.markers, text, &toks);
        let mut readings: Vec<(Hit, Phrase, Reading)> = hits
            .into_iter()
            .map(|hit| {
                let phrase = self.phrases[hit.pattern];
                let read = self.read(&phrase, &hit, &toks, &ctx);
                (hit, phrase, read)
            })
            .collect();
        // A farewell next to the writer's own distress is a warning sign in itself; alone it is
        // a sign-off and not reported at all.
        let distress = readings.iter().any(|(_, phrase, r)| phrase.keyword != FAREWELL && r.is_own_distress());
        if distress {
            for (hit, phrase, read) in &mut readings {
                if phrase.keyword == FAREWELL {
                    phrase.severity = FAREWELL_WITH_DISTRESS;
                    *read = self.read(phrase, hit, &toks, &ctx);
                }
            }
        } else {
            readings.retain(|(_, phrase, _)| phrase.keyword != FAREWELL);
        }

        let mut per_category = [0.0f32; RiskCategory::ALL.len()];
        let mut crisis = false;
        let mut matches = Vec::with_capacity(readings.len());
        let mut keywords: Vec<String> = Vec::new();
        for (hit, phrase, read) in readings {
            crisis |= read.intent;
            per_category[read.category as usize] = per_category[read.category as usize].max(read.severity);
            if read.negation != Negation::Clear && !keywords.iter().any(|k| k == phrase.keyword) {
                keywords.push(phrase.keyword.to_owned());
            }
            let span = (toks[hit.start].start, toks[hit.end - 1].end);
            matches.push(RiskMatch {
                category: read.category,
                phrase: text[span.0..span.1].to_owned(),
                span,
                severity: read.severity,
                negated: read.negation != Negation::None,
                reported: read.reported,
                past: read.past,
            });
        }
        let score = self.combine(per_category);
        let level = self.level(score);
        crisis |= level == RiskLevel::Severe;
        Ok(RiskAssessment { level, score, crisis, matches, keywords })
    }

    /// Phrase matches outside benign look-alikes, without overlaps, in text order.
    fn phrase_hits(&self, toks: &[tokens::Token]) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.patterns.find_all(toks, &mut hits);
        let mut benign = Vec::new();
        self.benign.find_all(toks, &mut benign);
        hits.retain(|h| !benign.iter().any(|b| b.start <= h.start && h.end <= b.end));
        let severity = |h: &Hit| self.phrases[h.pattern].severity;
        hits.sort_by(|a, b| {
            severity(b)
                .total_cmp(&severity(a))
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if kept.iter().all(|k| h.end <= k.start || k.end <= h.start) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.start);
        kept
    }

    /// Reads one match in its context.
    fn read(&self, phrase: &Phrase, hit: &Hit, toks: &[tokens::Token], ctx: &MessageContext) -> Reading {
        let c = &self.config;
        let (s, e) = (hit.start, hit.end);
        let mut severity = phrase.severity;
        let mut category = phrase.category;
        let graded = matches!(
            category,
            RiskCategory::Hopelessness
                | RiskCategory::Isolation
                | RiskCategory::Worthlessness
                | RiskCategory::Exhaustion
        );
        if graded {
            match context::intensity(toks, s, e) {
                Intensity::Strong if category == RiskCategory::Exhaustion => severity += EXHAUSTION_BONUS,
                Intensity::Strong => severity += INTENSIFIER_BONUS,
                Intensity::Weak => severity *= SOFTENER_FACTOR,
                Intensity::Plain => {}
            }
        }
        let person = context::person(toks, s, e);
        let reported_speech = person == Person::First && context::reported(toks, s);
        match person {
            Person::Other => {
                category = RiskCategory::ConcernForOthers;
                severity *= c.others_factor;
            }
            Person::Generic => {
                category = RiskCategory::ConcernForOthers;
                severity *= c.generic_factor;
            }
            Person::First if reported_speech => severity *= c.reported_factor,
            Person::First => {}
        }
        let negation = context::negation(toks, s, e, hit.negated);
        match negation {
            Negation::Clear => severity *= c.negated_factor,
            Negation::Ambiguous => severity *= c.ambiguous_negation_factor,
            Negation::None => {}
        }
        let past = context::is_past(ctx, toks, s, e);
        if past {
            severity *= if ctx.resolved { c.resolved_factor } else { c.past_factor };
        }
        if ctx.jest {
            severity *= c.jest_factor;
        }
        let intent = phrase.severity >= INTENT
            && person == Person::First
            && !reported_speech
            && negation != Negation::Clear
            && !past;
        Reading {
            category,
            severity: severity.clamp(0.0, 1.0),
            negation,
            reported: person != Person::First || reported_speech,
            past,
            intent,
        }
    }

    /// `min(1, c₁ + w · (c₂ + c₃ + …))` over the per-category maxima.
    fn combine(&self, mut per_category: [f32; RiskCategory::ALL.len()]) -> f32 {
        per_category.sort_by(|a, b| b.total_cmp(a));
        let rest: f32 = per_category[1..].iter().sum();
        (per_category[0] + self.config.co_occurrence_weight * rest).clamp(0.0, 1.0)
    }

    fn level(&self, score: f32) -> RiskLevel {
        let c = &self.config;
        if score >= c.severe_threshold {
            RiskLevel::Severe
        } else if score >= c.moderate_threshold {
            RiskLevel::Moderate
        } else if score >= c.mild_threshold {
            RiskLevel::Mild
        } else {
            RiskLevel::Normal
        }
    }
}

impl Reading {
    /// The writer's own, current, unnegated distress (not exhaustion, which is too common).
    fn is_own_distress(&self) -> bool {
        !matches!(self.category, RiskCategory::Exhaustion | RiskCategory::ConcernForOthers)
            && self.negation == Negation::None
            && !self.reported
            && !self.past
            && self.severity >= DISTRESS_FOR_FAREWELL
    }
}

/// One match read in context.
struct Reading {
    category: RiskCategory,
    severity: f32,
    negation: Negation,
    reported: bool,
    past: bool,
    /// Explicit intent about the writer, not clearly negated, not past: raises the crisis flag.
    intent: bool,
}
