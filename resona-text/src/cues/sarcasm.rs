//! Sarcasm cues and the sentiment adjustment they cause.
//!
//! Lexicon sentiment reads "Oh great, another meeting" as positive (VADER: +0.62) because
//! "great" is positive. Sarcasm is most often a positive word aimed at a negative situation
//! (Riloff et al., "Sarcasm as Contrast between a Positive Sentiment and Negative Situation",
//! EMNLP 2013), plus a few conventional markers. [`SarcasmDetector`] looks for:
//!
//! - [`SarcasmCueKind::PositiveInNegativeContext`]: a positive word from a short list (great,
//!   wonderful, perfect, lovely, awesome, ...) used as an interjection, i.e. either right
//!   after "oh", "ah", "wow", "just", "how", "well", "so", "yay" ("oh great", "just perfect")
//!   or as the first word of a sentence followed by punctuation ("Great, ...", "Perfect."),
//!   or "love it when" / "love how" / "gotta love"; the word must stand alone (punctuation
//!   or the end follows, or directly an annoyance word), so "great job" and "so nice of you"
//!   are descriptions, not interjections; **and** a negative context: the next 12 words (rest
//!   of the sentence and the next one; the previous sentence when the cue ends its own)
//!   score at most -0.05 with VADER (its negative threshold), or hold an annoyance word
//!   (`ANNOYING_EVENTS`: "another", "again", "stuck", "cancelled", ...; after a marked
//!   interjection also `ANNOYING_NOUNS`: "meeting", "Monday", "traffic", ...) while scoring
//!   below +0.05. "Oh great, you're here!" has no negative context, so it is no cue;
//! - [`SarcasmCueKind::YeahRight`]: "yeah right", "oh sure" and spelling variants, when they
//!   end the sentence or are followed by "like" / "as if" ("yeah right, like that'll
//!   happen"), not "yeah right, see you at 5";
//! - [`SarcasmCueKind::SarcasmTag`]: the "/s" tag (or "/sarcasm") standing alone;
//! - [`SarcasmCueKind::ScareQuotes`]: one to three words in quotes holding a positive word
//!   (my "friend", I'm 'fine'), unless a reporting verb (said, told, wrote, called, ...) comes
//!   just before, which marks a real quotation;
//! - [`SarcasmCueKind::EyeRoll`]: 🙄 (face with rolling eyes) and 🙃 (upside-down face, used
//!   for irony);
//! - [`SarcasmCueKind::ThanksALot`]: "thanks for nothing" and "gee thanks" always; "thanks a
//!   lot / a bunch / a million" with a negative context as above;
//! - [`SarcasmCueKind::JustWhatINeeded`]: "just what I needed" and variants with a negative
//!   context ("Just what I needed, a flat tyre"), not "this coffee is just what I needed".
//!
//! # Adjustment
//!
//! When any cue is found and VADER's compound `c` is positive, the adjusted compound is
//! `-c * flip_scale` ([`SarcasmConfig::flip_scale`], default 0.5): the sign flips because
//! the positive words are aimed at something negative, and the magnitude is scaled down
//! because inferred negativity is weaker evidence than literal negative words, and a cue
//! can be wrong. A compound that is already zero or negative is kept: the message reads
//! negative either way. So "Oh great, another meeting" goes from +0.6249 to -0.3125.

use resona_core::{ConfigError, Limits, Result};

use super::Span;
use super::tokens::{PhraseMatcher, Token, WordSet, words};
use crate::sentiment::{SentimentAnalyzer, SentimentConfig};

/// Which sarcasm cue was found (see the module docs for each rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SarcasmCueKind {
    /// A positive interjection in a negative context: "Oh great, another meeting".
    PositiveInNegativeContext,
    /// "yeah right", "oh sure".
    YeahRight,
    /// The "/s" tag.
    SarcasmTag,
    /// A positive word in scare quotes: my "friend".
    ScareQuotes,
    /// 🙄 or 🙃.
    EyeRoll,
    /// "thanks a lot" with a negative event, "thanks for nothing".
    ThanksALot,
    /// "just what I needed" with a negative event.
    JustWhatINeeded,
}

impl SarcasmCueKind {
    /// Stable snake_case name, e.g. `positive_in_negative_context`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PositiveInNegativeContext => "positive_in_negative_context",
            Self::YeahRight => "yeah_right",
            Self::SarcasmTag => "sarcasm_tag",
            Self::ScareQuotes => "scare_quotes",
            Self::EyeRoll => "eye_roll",
            Self::ThanksALot => "thanks_a_lot",
            Self::JustWhatINeeded => "just_what_i_needed",
        }
    }
}

/// One cue and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct SarcasmCue {
    /// Which cue.
    pub kind: SarcasmCueKind,
    /// The cue in the original text.
    pub span: Span,
}

/// Sarcasm analysis of one message.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct Sarcasm {
    /// Whether any cue was found.
    pub detected: bool,
    /// The cues, in text order.
    pub cues: Vec<SarcasmCue>,
    /// The VADER compound the adjustment started from, in `[-1, 1]`.
    pub compound: f64,
    /// The compound after the sarcasm adjustment (module docs), in `[-1, 1]`.
    pub adjusted_compound: f64,
}

/// Settings of a [`SarcasmDetector`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SarcasmConfig {
    /// Factor in `[0, 1]` applied to a positive compound after flipping its sign when a cue
    /// is found. Defaults to 0.5.
    pub flip_scale: f64,
    /// Settings of the sentiment analyser used for the compound and negative contexts; its
    /// limits are replaced by [`SarcasmConfig::limits`]. Defaults to
    /// [`SentimentConfig::default`].
    pub sentiment: SentimentConfig,
    /// Input size limits; only [`Limits::max_text_bytes`] applies. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
}

impl Default for SarcasmConfig {
    fn default() -> Self {
        Self { flip_scale: 0.5, sentiment: SentimentConfig::default(), limits: Limits::default() }
    }
}

impl SarcasmConfig {
    /// Sets [`SarcasmConfig::flip_scale`].
    #[must_use]
    pub fn with_flip_scale(mut self, flip_scale: f64) -> Self {
        self.flip_scale = flip_scale;
        self
    }

    /// Sets [`SarcasmConfig::sentiment`].
    #[must_use]
    pub fn with_sentiment(mut self, sentiment: SentimentConfig) -> Self {
        self.sentiment = sentiment;
        self
    }

    /// Sets [`SarcasmConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Positive words that are commonly used sarcastically as interjections.
const POSITIVES: &str = "great wonderful fantastic lovely perfect awesome brilliant nice amazing fabulous terrific marvelous \
    marvellous splendid excellent super superb delightful fun sweet cool yay fine";

/// Words before a positive word that make it an interjection.
const INTERJECTIONS: &str = "oh ah wow just how well so yay ooh oooh";

/// Extra words for scare quotes: positive nouns that are quoted ironically.
const QUOTED_POSITIVES: &str = "friend friends help helpful support best kind caring love smart genius advice working sorry okay ok \
    happy joke";

/// Words just before a quote that mark a real quotation, not scare quotes.
const REPORTING: &str = "said say says told tell wrote write called named titled word replied asked texted";

/// Words that signal an unwelcome situation even when VADER scores them neutral.
/// Repetition markers and unwelcome events: "another", "again", "stuck", "cancelled". Counted
/// for every trigger.
const ANNOYING_EVENTS: &str = "another again yet tena stuck late delay delayed cancelled canceled broke broken crashed \
    crashes died dead flat puncture blackout outage forgot missed lost";

/// Neutral nouns that are often resented: "meeting", "Monday", "traffic". Counted only after a
/// marked interjection ("oh great", "just perfect") or "love it when", because after a bare
/// "Perfect," they are usually sincere ("Perfect, see you at the meeting").
const ANNOYING_NOUNS: &str = "monday mondays traffic jam rain raining queue meeting meetings deadline deadlines homework \
    overtime bills taxes exam exams stima foleni";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phrase {
    YeahRight,
    ThanksAlways,
    ThanksInContext,
    JustWhat,
    LoveWhen,
}

const PHRASES: &[(&str, Phrase)] = &[
    ("yeah right", Phrase::YeahRight),
    ("yea right", Phrase::YeahRight),
    ("ya right", Phrase::YeahRight),
    ("yeh right", Phrase::YeahRight),
    ("oh sure", Phrase::YeahRight),
    ("yeah sure", Phrase::YeahRight),
    ("thanks for nothing", Phrase::ThanksAlways),
    ("gee thanks", Phrase::ThanksAlways),
    ("thanks a lot", Phrase::ThanksInContext),
    ("thanks a bunch", Phrase::ThanksInContext),
    ("thanks a million", Phrase::ThanksInContext),
    ("thank you very much", Phrase::ThanksInContext),
    ("just what i needed", Phrase::JustWhat),
    ("just what i need", Phrase::JustWhat),
    ("just what we needed", Phrase::JustWhat),
    ("just what i wanted", Phrase::JustWhat),
    ("exactly what i needed", Phrase::JustWhat),
    ("love it when", Phrase::LoveWhen),
    ("love how", Phrase::LoveWhen),
    ("gotta love", Phrase::LoveWhen),
];

/// Window, in words on each side, searched for a negative context.
const CONTEXT_WORDS: usize = 12;
/// VADER's own threshold for a negative compound.
const NEGATIVE_COMPOUND: f64 = -0.05;

/// Finds sarcasm cues and adjusts the sentiment compound.
///
/// Built once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct SarcasmDetector {
    config: SarcasmConfig,
    analyzer: SentimentAnalyzer,
    phrases: PhraseMatcher<Phrase>,
    lists: Lists,
}

/// The word lists, as sets: they are consulted for every token.
#[derive(Debug, Clone)]
struct Lists {
    positives: WordSet,
    interjections: WordSet,
    quoted_positives: WordSet,
    reporting: WordSet,
    annoying_events: WordSet,
    annoying_nouns: WordSet,
}

impl Lists {
    fn new() -> Self {
        Self {
            positives: WordSet::new(POSITIVES),
            interjections: WordSet::new(INTERJECTIONS),
            quoted_positives: WordSet::new(QUOTED_POSITIVES),
            reporting: WordSet::new(REPORTING),
            annoying_events: WordSet::new(ANNOYING_EVENTS),
            annoying_nouns: WordSet::new(ANNOYING_NOUNS),
        }
    }
}

impl SarcasmDetector {
    /// Builds the detector. `flip_scale` outside `[0, 1]` (or NaN) is a
    /// [`ConfigError::InvalidParameter`].
    pub fn new(config: SarcasmConfig) -> Result<Self> {
        if !(0.0..=1.0).contains(&config.flip_scale) {
            return Err(ConfigError::InvalidParameter {
                name: "flip_scale",
                value: config.flip_scale.to_string(),
                rule: "must be in [0, 1]",
            }
            .into());
        }
        let analyzer = SentimentAnalyzer::new(config.sentiment.clone().with_limits(config.limits))?;
        Ok(Self { config, analyzer, phrases: PhraseMatcher::new(PHRASES.iter().copied()), lists: Lists::new() })
    }

    /// The settings this detector was built with.
    #[must_use]
    pub fn config(&self) -> &SarcasmConfig {
        &self.config
    }

    /// Finds the cues of `text` and adjusts its VADER compound.
    pub fn detect(&self, text: &str) -> Result<Sarcasm> {
        self.config.limits.check_text(text)?;
        let compound = self.analyzer.analyze(text)?.compound;
        self.detect_with_compound(text, compound)
    }

    /// As [`SarcasmDetector::detect`], with the compound already computed by the caller
    /// (for a pipeline that has scored the text). `compound` is clamped to `[-1, 1]`; NaN
    /// counts as 0.
    pub fn detect_with_compound(&self, text: &str, compound: f64) -> Result<Sarcasm> {
        self.config.limits.check_text(text)?;
        let compound = if compound.is_nan() { 0.0 } else { compound.clamp(-1.0, 1.0) };
        let toks = words(text);
        let mut cues = self.word_cues(text, &toks)?;
        tag_cues(text, &mut cues);
        self.quote_cues(text, &toks, &mut cues);
        cues.sort_by_key(|c| c.span);
        let detected = !cues.is_empty();
        let adjusted_compound = if detected && compound > 0.0 { -compound * self.config.flip_scale } else { compound };
        Ok(Sarcasm { detected, cues, compound, adjusted_compound })
    }

    fn word_cues(&self, text: &str, toks: &[Token]) -> Result<Vec<SarcasmCue>> {
        let mut cues = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if let Some(m) = self.phrases.at(toks, i) {
                let span = Span::new(toks[m.first].start, toks[m.last - 1].end);
                let kind = match m.value {
                    Phrase::YeahRight => {
                        let next = toks.get(m.last).filter(|t| t.sentence == toks[i].sentence);
                        next.is_none_or(|t| t.norm == "like" || t.norm == "as").then_some(SarcasmCueKind::YeahRight)
                    }
                    Phrase::ThanksAlways => Some(SarcasmCueKind::ThanksALot),
                    Phrase::ThanksInContext => {
                        self.negative_context(text, toks, m.first, m.last, false)?.then_some(SarcasmCueKind::ThanksALot)
                    }
                    Phrase::JustWhat => self
                        .negative_context(text, toks, m.first, m.last, true)?
                        .then_some(SarcasmCueKind::JustWhatINeeded),
                    Phrase::LoveWhen => self
                        .negative_context(text, toks, m.first, m.last, true)?
                        .then_some(SarcasmCueKind::PositiveInNegativeContext),
                };
                if let Some(kind) = kind {
                    cues.push(SarcasmCue { kind, span });
                }
                i = m.last;
                continue;
            }
            if self.lists.positives.contains(&toks[i].norm) {
                let after_interjection = i > 0
                    && toks[i - 1].sentence == toks[i].sentence
                    && self.lists.interjections.contains(&toks[i - 1].norm);
                let first = if after_interjection { i - 1 } else { i };
                let sentence_initial = first == 0 || toks[first - 1].sentence != toks[i].sentence;
                // An interjection stands alone: punctuation or the end follows it, or straight
                // away the annoyance ("oh great another meeting"). "great job", "so nice of
                // you" describe something and are not interjections.
                let rest = text[toks[i].end..].trim_start();
                let then_annoyance = toks.get(i + 1).is_some_and(|t| {
                    t.sentence == toks[i].sentence
                        && (self.lists.annoying_events.contains(&t.norm) || self.lists.annoying_nouns.contains(&t.norm))
                });
                let stands_alone =
                    rest.is_empty() || rest.starts_with([',', '!', '.', '\u{2026}', '-', ';', '?']) || then_annoyance;
                if stands_alone
                    && (after_interjection || sentence_initial)
                    && self.negative_context(text, toks, first, i + 1, after_interjection)?
                {
                    let kind = SarcasmCueKind::PositiveInNegativeContext;
                    cues.push(SarcasmCue { kind, span: Span::new(toks[first].start, toks[i].end) });
                }
            }
            i += 1;
        }
        Ok(cues)
    }

    /// Whether the words after `toks[first..last]` (rest of its sentence and the next one, at
    /// most [`CONTEXT_WORDS`]), or before it when the cue ends its sentence ("My car broke
    /// down. Great."), are a negative context: VADER scores them at most -0.05, or they hold an
    /// annoyance word and VADER scores them below +0.05 (a positive window, as in "Great,
    /// thanks for the help, I was stuck", vetoes the annoyance). `nouns` says whether
    /// [`ANNOYING_NOUNS`] count.
    fn negative_context(&self, text: &str, toks: &[Token], first: usize, last: usize, nouns: bool) -> Result<bool> {
        let s = toks[first].sentence;
        let hi = (last..toks.len().min(last + CONTEXT_WORDS))
            .take_while(|&j| toks[j].sentence <= s + 1)
            .last()
            .map_or(last, |j| j + 1);
        let ends_sentence = toks.get(last).is_none_or(|t| t.sentence != s);
        let lo = if ends_sentence {
            (first.saturating_sub(CONTEXT_WORDS)..first).find(|&j| toks[j].sentence + 1 >= s).unwrap_or(first)
        } else {
            first
        };
        for (a, b) in [(last, hi), (lo, first)] {
            if a >= b {
                continue;
            }
            let compound = self.analyzer.analyze(&text[toks[a].start..toks[b - 1].end])?.compound;
            let annoyance = toks[a..b].iter().any(|t| {
                self.lists.annoying_events.contains(&t.norm) || (nouns && self.lists.annoying_nouns.contains(&t.norm))
            });
            if compound <= NEGATIVE_COMPOUND || (annoyance && compound < -NEGATIVE_COMPOUND) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Scare quotes: 1-3 words between a pair of quotes, one of them positive.
    fn quote_cues(&self, text: &str, toks: &[Token], cues: &mut Vec<SarcasmCue>) {
        const PAIRS: [(char, char); 3] = [('"', '"'), ('\u{201C}', '\u{201D}'), ('\'', '\'')];
        for (open, close) in PAIRS {
            let mut from = 0;
            while let Some(rel) = text[from..].find(open) {
                let q = from + rel;
                from = q + open.len_utf8();
                let before_ok = text[..q].chars().next_back().is_none_or(|c| c.is_whitespace() || c == '(');
                let Some(inner_len) = text[from..].find(close) else { break };
                let (a, b) = (from, from + inner_len);
                let after = &text[b + close.len_utf8()..];
                let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
                let inner: Vec<&Token> = toks.iter().filter(|t| t.start >= a && t.end <= b).collect();
                let is_scare = before_ok
                    && after_ok
                    && (1..=3).contains(&inner.len())
                    && text[a..b].trim() == &text[inner[0].start..inner[inner.len() - 1].end]
                    && inner.iter().any(|t| {
                        self.lists.positives.contains(&t.norm) || self.lists.quoted_positives.contains(&t.norm)
                    })
                    && !toks
                        .iter()
                        .filter(|t| t.end <= q)
                        .rev()
                        .take(2)
                        .any(|t| self.lists.reporting.contains(&t.norm));
                if is_scare {
                    let span = Span::new(q, b + close.len_utf8());
                    if !cues.iter().any(|c| c.span.overlaps(&span)) {
                        cues.push(SarcasmCue { kind: SarcasmCueKind::ScareQuotes, span });
                    }
                    from = b + close.len_utf8();
                }
            }
        }
    }
}

/// "/s" or "/sarcasm" standing alone, and eye-roll emoji.
fn tag_cues(text: &str, cues: &mut Vec<SarcasmCue>) {
    for (i, c) in text.char_indices() {
        match c {
            '\u{1F644}' | '\u{1F643}' => {
                let mut end = i + c.len_utf8();
                if text[end..].starts_with('\u{FE0F}') {
                    end += '\u{FE0F}'.len_utf8();
                }
                cues.push(SarcasmCue { kind: SarcasmCueKind::EyeRoll, span: Span::new(i, end) });
            }
            '/' if text[..i].chars().next_back().is_none_or(char::is_whitespace) => {
                let rest = &text[i + 1..];
                for tag in ["sarcasm", "s"] {
                    let tagged = rest.get(..tag.len()).is_some_and(|t| t.eq_ignore_ascii_case(tag));
                    if tagged && rest[tag.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '/') {
                        cues.push(SarcasmCue {
                            kind: SarcasmCueKind::SarcasmTag,
                            span: Span::new(i, i + 1 + tag.len()),
                        });
                        break;
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det() -> SarcasmDetector {
        SarcasmDetector::new(SarcasmConfig::default()).unwrap()
    }

    #[test]
    fn flip_scale_is_validated() {
        for bad in [-0.1, 1.5, f64::NAN] {
            let e = SarcasmDetector::new(SarcasmConfig::default().with_flip_scale(bad)).unwrap_err();
            assert_eq!(e.code(), "invalid_parameter");
        }
        assert!(SarcasmDetector::new(SarcasmConfig::default().with_flip_scale(1.0)).is_ok());
    }

    #[test]
    fn adjustment_flips_and_scales_positive_compound() {
        let s = det().detect_with_compound("Oh great, another meeting", 0.6).unwrap();
        assert!(s.detected);
        assert!((s.adjusted_compound + 0.3).abs() < 1e-12);
        let s = det().detect_with_compound("Oh great, another meeting", -0.2).unwrap();
        assert_eq!(s.adjusted_compound, -0.2);
        let s = det().detect_with_compound("a plain sentence", 0.4).unwrap();
        assert_eq!((s.detected, s.adjusted_compound), (false, 0.4));
        assert_eq!(det().detect_with_compound("x", f64::NAN).unwrap().compound, 0.0);
    }

    #[test]
    fn tags_and_emoji() {
        let kinds = |t: &str| det().detect(t).unwrap().cues.iter().map(|c| c.kind).collect::<Vec<_>>();
        assert_eq!(kinds("love this weather /s"), [SarcasmCueKind::SarcasmTag]);
        assert_eq!(kinds("see https://x.com/s/abc and a/s"), []);
        assert_eq!(kinds("sure 🙄"), [SarcasmCueKind::EyeRoll]);
        assert_eq!(kinds("/sarcasm off"), [SarcasmCueKind::SarcasmTag]);
    }
}
