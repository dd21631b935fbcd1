//! Sentiment compatible with VADER, extended with a Swahili lexicon.
//!
//! [`SentimentAnalyzer`] is a port of vaderSentiment 3.3.2's
//! `SentimentIntensityAnalyzer.polarity_scores` (Hutto & Gilbert, ICWSM 2014): the same
//! lexicons (MIT, embedded from `lexicons/`), the same rules (boosters and dampeners,
//! negation, "no", "never so", "least", "but", ALL CAPS among mixed case, "kind of", the
//! special-case idioms, `!` and `?` emphasis, emoji read as their descriptions, the α = 15
//! normaliser) and the same rounding, so its four scores equal the Python package's. The
//! golden test `tests/vader_golden.rs` checks this on sentences produced by
//! `scripts/make_vader_golden.py`.
//!
//! Two things differ from calling VADER directly:
//!
//! - **NFC first.** The text is put in Unicode Normalization Form C before scoring; VADER
//!   itself does not normalise, so "café" typed with a combining accent (e + U+0301) and
//!   with a precomposed "é" could score differently there. NFC of text that is already NFC
//!   (nearly all typed text) is the text itself, so parity is unaffected on such input.
//! - **Swahili** ([`SentimentConfig::swahili`], on by default). A lexicon written for Resona
//!   (`lexicons/swahili_lexicon.tsv`, sources and method in `lexicons/SOURCE.md`) adds
//!   Swahili sentiment words and phrases, negators ("si", "sina", "hakuna") that work as
//!   VADER's "not" does, degree adverbs that follow their word ("mbaya sana", very bad) and
//!   "lakini" (but). Entries are applied only to words VADER does not know, and none is a
//!   word VADER knows, so **a message with no Swahili lexicon match scores exactly as VADER
//!   scores it**; code-switched messages such as "leo nimechoka sana" or "kazi ni ngumu sana
//!   but I'm okay" stop scoring neutral.
//!
//! ```
//! use resona_text::sentiment::{SentimentAnalyzer, SentimentConfig};
//!
//! let analyzer = SentimentAnalyzer::new(SentimentConfig::default())?;
//! let s = analyzer.analyze("VADER is smart, handsome, and funny!")?;
//! assert_eq!((s.negative, s.neutral, s.positive, s.compound), (0.0, 0.248, 0.752, 0.8439));
//! assert!(analyzer.analyze("leo nimechoka sana")?.compound < -0.3);
//! # Ok::<(), resona_text::Error>(())
//! ```

mod lexicon;
mod pystr;
mod rules;
mod vader;

use resona_core::{Limits, Result};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Settings of a [`SentimentAnalyzer`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SentimentConfig {
    /// Whether the Swahili lexicon is applied on top of VADER's. Messages with no Swahili
    /// match score the same either way. Defaults to `true`.
    pub swahili: bool,
    /// Input size limits; only [`Limits::max_text_bytes`] applies. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
}

impl Default for SentimentConfig {
    fn default() -> Self {
        Self { swahili: true, limits: Limits::default() }
    }
}

impl SentimentConfig {
    /// Sets [`SentimentConfig::swahili`].
    #[must_use]
    pub fn with_swahili(mut self, swahili: bool) -> Self {
        self.swahili = swahili;
        self
    }

    /// Sets [`SentimentConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// VADER's four scores of one text.
///
/// The values are the doubles vaderSentiment returns: proportions rounded to 3 decimals and
/// the compound score to 4, as its `round()` calls do. A text with no words (empty or only
/// whitespace) scores all zeros, as in VADER; otherwise the three proportions sum to 1 within
/// rounding (±0.0015).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct Sentiment {
    /// Share of the text's weighted words that are negative, in `[0, 1]`. Serialised as
    /// `neg`, VADER's own key, like the other three.
    #[cfg_attr(feature = "serde", serde(rename = "neg"))]
    pub negative: f64,
    /// Share of the text's words that are neutral, in `[0, 1]`.
    #[cfg_attr(feature = "serde", serde(rename = "neu"))]
    pub neutral: f64,
    /// Share of the text's weighted words that are positive, in `[0, 1]`.
    #[cfg_attr(feature = "serde", serde(rename = "pos"))]
    pub positive: f64,
    /// Overall valence in `[-1, 1]`: the summed word valences after VADER's rules,
    /// normalised by `x / sqrt(x² + 15)`. VADER's authors suggest ≥ 0.05 positive,
    /// ≤ -0.05 negative, neutral between.
    pub compound: f64,
}

/// Reusable buffers for [`SentimentAnalyzer::analyze_with`], so that scoring many messages
/// allocates only while the buffers grow to the longest message.
#[derive(Debug, Default, Clone)]
pub struct SentimentScratch {
    nfc: String,
    work: vader::Work,
}

impl SentimentScratch {
    /// Empty buffers.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

/// Scores text with VADER's rules and lexicons, plus the Swahili lexicon.
///
/// Built once (the lexicons are parsed on first use and shared by every analyser in the
/// process), then used from any number of threads.
#[derive(Debug, Clone)]
pub struct SentimentAnalyzer {
    lexicons: &'static lexicon::Lexicons,
    config: SentimentConfig,
}

impl SentimentAnalyzer {
    /// Builds an analyser. Fails only if the embedded lexicons cannot be parsed, which the
    /// crate's tests rule out.
    pub fn new(config: SentimentConfig) -> Result<Self> {
        Ok(Self { lexicons: lexicon::lexicons()?, config })
    }

    /// The settings this analyser was built with.
    #[must_use]
    pub fn config(&self) -> &SentimentConfig {
        &self.config
    }

    /// Scores one text. Any UTF-8 is accepted; text longer than
    /// [`Limits::max_text_bytes`] is a [`LimitError`](resona_core::LimitError).
    pub fn analyze(&self, text: &str) -> Result<Sentiment> {
        self.analyze_with(text, &mut SentimentScratch::default())
    }

    /// [`SentimentAnalyzer::analyze`] reusing `scratch`'s buffers.
    pub fn analyze_with(&self, text: &str, scratch: &mut SentimentScratch) -> Result<Sentiment> {
        Ok(self.analyze_counting(text, scratch)?.0)
    }

    /// Scores `text` and counts its Swahili lexicon matches (0 when Swahili is off).
    pub(crate) fn analyze_counting(&self, text: &str, scratch: &mut SentimentScratch) -> Result<(Sentiment, usize)> {
        self.config.limits.check_text(text)?;
        let SentimentScratch { nfc, work } = scratch;
        let text = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
            text
        } else {
            nfc.clear();
            nfc.extend(text.nfc());
            nfc.as_str()
        };
        Ok(vader::score(self.lexicons, self.config.swahili, text, work))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use resona_core::LimitError;

    fn analyzer(swahili: bool) -> SentimentAnalyzer {
        SentimentAnalyzer::new(SentimentConfig::default().with_swahili(swahili)).unwrap()
    }

    fn scores(s: Sentiment) -> (f64, f64, f64, f64) {
        (s.negative, s.neutral, s.positive, s.compound)
    }

    #[test]
    fn vader_readme_examples() {
        // vaderSentiment 3.3.2, polarity_scores; the rest are in tests/vader_golden.rs.
        let a = analyzer(false);
        let cases = [
            ("VADER is smart, handsome, and funny.", (0.0, 0.254, 0.746, 0.8316)),
            ("VADER is VERY SMART, handsome, and FUNNY!!!", (0.0, 0.233, 0.767, 0.9342)),
            ("VADER is not smart, handsome, nor funny.", (0.646, 0.354, 0.0, -0.7424)),
            ("The book was only kind of good.", (0.0, 0.697, 0.303, 0.3832)),
            ("Make sure you :) or :D today!", (0.0, 0.294, 0.706, 0.8633)),
            ("Not bad at all", (0.0, 0.513, 0.487, 0.431)),
            ("", (0.0, 0.0, 0.0, 0.0)),
        ];
        for (text, want) in cases {
            assert_eq!(scores(a.analyze(text).unwrap()), want, "{text:?}");
        }
    }

    #[test]
    fn nfc_is_applied_first() {
        let a = analyzer(false);
        // "Café" decomposed (e + U+0301) and composed score alike.
        assert_eq!(a.analyze("Cafe\u{301} was GREAT!").unwrap(), a.analyze("Café was GREAT!").unwrap());
    }

    #[test]
    fn text_length_is_limited() {
        let a =
            SentimentAnalyzer::new(SentimentConfig::default().with_limits(Limits::default().with_max_text_bytes(4)))
                .unwrap();
        assert!(a.analyze("good").is_ok());
        let e = a.analyze("good!").unwrap_err();
        assert_eq!(e.code(), "limit_exceeded");
        assert!(matches!(e, resona_core::Error::Limit(LimitError::Exceeded { received: 5, limit: 4, .. })));
    }

    #[test]
    fn code_switched_messages_are_not_neutral() {
        let a = analyzer(true);
        let v = analyzer(false);
        for text in ["leo nimechoka sana", "nina huzuni", "sina raha", "maisha ni magumu", "nimekata tamaa kabisa"] {
            assert_eq!(v.analyze(text).unwrap().compound, 0.0, "VADER alone scores {text:?} neutral");
            assert!(a.analyze(text).unwrap().compound <= -0.3, "{text:?}: {:?}", a.analyze(text));
        }
        for text in ["asante sana rafiki", "niko poa", "nimefurahi sana leo", "hongera!"] {
            assert!(a.analyze(text).unwrap().compound >= 0.3, "{text:?}: {:?}", a.analyze(text));
        }
        let mixed = a.analyze("kazi ni ngumu sana but I'm okay").unwrap();
        assert!(mixed.negative > 0.0 && mixed.positive > 0.0 && mixed.compound != 0.0, "{mixed:?}");
    }

    #[test]
    fn swahili_rules_compose_like_vaders() {
        let a = analyzer(true);
        let c = |t: &str| a.analyze(t).unwrap().compound;
        // Post-position boosters intensify, dampeners soften.
        assert!(c("mbaya sana") < c("mbaya") && c("mbaya") < c("mbaya kidogo") && c("mbaya kidogo") < 0.0);
        assert!(c("nzuri sana") > c("nzuri"));
        // Negators flip, as "not" does in VADER.
        assert!(c("si mbaya") > 0.0 && c("hakuna shida") > 0.0 && c("sina furaha") < 0.0);
        assert_eq!(c("si mbaya"), c("not bad"), "'si' negates exactly as 'not'");
        // "lakini" weights like "but".
        assert_eq!(a.analyze("nzuri lakini mbaya").unwrap(), a.analyze("nzuri but mbaya").unwrap());
        // ALL CAPS emphasis applies to Swahili words too.
        assert!(c("leo NIMECHOKA sana") < c("leo nimechoka sana"));
    }

    #[test]
    fn swahili_counts_matches() {
        let a = analyzer(true);
        let mut s = SentimentScratch::new();
        assert_eq!(a.analyze_counting("I am so tired today", &mut s).unwrap().1, 0);
        assert_eq!(a.analyze_counting("sina raha leo, nimechoka sana", &mut s).unwrap().1, 3);
        assert_eq!(analyzer(false).analyze_counting("sina raha", &mut s).unwrap().1, 0);
    }

    #[test]
    fn analyzer_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<SentimentAnalyzer>();
    }

    proptest! {
        #[test]
        fn any_text_scores_in_range(text in any::<String>()) {
            let s = analyzer(true).analyze(&text).unwrap();
            prop_assert!((-1.0..=1.0).contains(&s.compound));
            let parts = [s.negative, s.neutral, s.positive];
            prop_assert!(parts.iter().all(|p| (0.0..=1.0).contains(p)));
            let sum: f64 = parts.iter().sum();
            prop_assert!(sum == 0.0 || (sum - 1.0).abs() <= 0.002, "{s:?}");
            prop_assert_eq!(sum == 0.0, pystr::split_words(&text).next().is_none() && s.compound == 0.0);
        }

        #[test]
        fn chat_like_text_scores_in_range(text in "(([A-Za-z']{1,8}|not|but|very|no|least|sana|si|sina|kidogo|:\\)|<3|😁|!|\\?)[ ,.!?]{1,2}){0,30}") {
            let mut scratch = SentimentScratch::new();
            let (s, hits) = analyzer(true).analyze_counting(&text, &mut scratch).unwrap();
            prop_assert!((-1.0..=1.0).contains(&s.compound));
            let sum = s.negative + s.neutral + s.positive;
            prop_assert!(sum == 0.0 || (sum - 1.0).abs() <= 0.002, "{s:?}");
            if hits == 0 {
                prop_assert_eq!(s, analyzer(false).analyze(&text).unwrap(), "no Swahili match, so VADER's score");
            }
        }

        #[test]
        fn scratch_reuse_changes_nothing(a in "\\PC{0,60}", b in "\\PC{0,60}") {
            let an = analyzer(true);
            let mut scratch = SentimentScratch::new();
            an.analyze_with(&a, &mut scratch).unwrap();
            prop_assert_eq!(an.analyze_with(&b, &mut scratch).unwrap(), an.analyze(&b).unwrap());
        }
    }
}
