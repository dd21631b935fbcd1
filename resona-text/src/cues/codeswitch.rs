//! Swahili/English code-switching and deflection phrases.
//!
//! # Language of each word
//!
//! East African chat mixes Swahili, English and Sheng within one sentence ("kazi ni ngumu
//! sana but I'm okay"). [`CodeSwitchDetector::analyze`] labels every word English, Swahili or
//! [`Language::Other`], in this order of evidence ([`Evidence`]):
//!
//! 1. **Lexicon.** Word lists below: English stop words and common chat words; Swahili
//!    function words (na, ya, wa, kwa, ni, sana, lakini, ...), pronouns, greetings and common
//!    nouns. Words used in both languages (ok, mama, pole, a) are *ambiguous*.
//! 2. **Morphology.** A Swahili verb is built as subject prefix + tense marker + root
//!    (ni-**me**-choka, tu-**na**-enda, a-**li**-sema, si-**ta**-ki): a word not in the lists
//!    that starts with a subject or negative prefix (ni, u, a, tu, m, wa, ki, vi, li, ya, i,
//!    zi, si, ha, hatu, hawa) followed by a tense marker (na, li, ta, me, ki, nge, sha, ka,
//!    ja, ku), or with the infinitive ku-, and then a root of two or more letters, and that
//!    has Swahili shape (next item), is Swahili.
//! 3. **Shape.** Swahili words end in a vowel and their consonants come in the clusters of
//!    Swahili syllables: an optional syllabic nasal (m, n), one consonant or digraph (ch, sh,
//!    th, dh, gh, kh, ng, ny) and an optional glide (w, y), as in m-to-to, m-go-njwa,
//!    ki-ta-bu; q, x and a bare c never occur. An unknown all-ASCII word with that shape is
//!    Swahili, any other unknown all-ASCII word is English. Words with other letters, digits
//!    or other scripts are [`Language::Other`].
//! 4. **Context.** An ambiguous word takes the language of the nearest lexicon or morphology
//!    word before it (else after it). A word labelled by shape alone whose nearest strongly
//!    labelled neighbours on both sides (or its only one) are of the other language takes
//!    theirs: shape is the weakest evidence, and code switches mostly happen at phrase
//!    boundaries, not inside them.
//!
//! This is a lightweight identifier for cues, not a language model: short English words of
//! Swahili shape that are missing from the list ("banana") can be called Swahili when they
//! stand among Swahili words.
//!
//! # Deflection
//!
//! Phrases people use to close a conversation about how they feel ("niko sawa", "I'm fine",
//! "it's nothing", "whatever", "don't worry about me") are reported as [`Deflection`] cues.
//! They are not evidence of distress by themselves; the fusion layer weighs them as possible
//! concealment when other signals disagree. "I'm not fine" does not match "I'm fine": phrases
//! match whole consecutive words.

use std::collections::HashSet;

use resona_core::{Limits, Result};

use super::Span;
use super::tokens::{PhraseMatcher, Token, words};

/// A language a word is identified as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Language {
    /// English.
    English,
    /// Swahili (including common Sheng words).
    Swahili,
    /// Another language, a number, or not identifiable.
    Other,
}

impl Language {
    /// Stable snake_case name: `english`, `swahili` or `other`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::English => "english",
            Self::Swahili => "swahili",
            Self::Other => "other",
        }
    }
}

/// Why a word got its [`Language`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Evidence {
    /// The word is in one language's word list.
    Lexicon,
    /// The word has a Swahili subject prefix and tense marker (or the infinitive ku-).
    Morphology,
    /// Only the word's spelling shape.
    Shape,
    /// An ambiguous or shape-only word took its neighbours' language.
    Context,
    /// Nothing identified the word ([`Language::Other`]).
    None,
}

/// One word and its language.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct LanguageToken {
    /// The word in the original text.
    pub span: Span,
    /// Its language.
    pub language: Language,
    /// Why.
    pub evidence: Evidence,
}

/// A place where the message changes language between two identified words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct SwitchPoint {
    /// Index in [`CodeSwitch::tokens`] of the first word in the new language.
    pub token_index: usize,
    /// Byte offset of that word in the original text.
    pub offset: usize,
    /// Language before the switch.
    pub from: Language,
    /// Language after the switch.
    pub to: Language,
}

/// What a deflection phrase does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DeflectionKind {
    /// Claims to be fine: "I'm fine", "niko sawa", "sijambo", "poa", "sawa". Bare "sawa" and
    /// "poa" also mean "okay" as plain agreement ("sawa, tutaonana kesho"), so on their own
    /// they are the weakest cues here.
    AssertsFine,
    /// Makes the matter small: "it's nothing", "no big deal", "nothing's wrong", "si kitu".
    Minimises,
    /// Closes the topic: "whatever", "never mind", "forget it", "haijalishi".
    Dismisses,
    /// Turns concern away: "don't worry about me", "usijali", "I'll be fine".
    DeflectsConcern,
}

impl DeflectionKind {
    /// Stable snake_case name, e.g. `asserts_fine`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AssertsFine => "asserts_fine",
            Self::Minimises => "minimises",
            Self::Dismisses => "dismisses",
            Self::DeflectsConcern => "deflects_concern",
        }
    }
}

/// A deflection or masking phrase found in a message.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct Deflection {
    /// What the phrase does.
    pub kind: DeflectionKind,
    /// The phrase in the original text.
    pub span: Span,
    /// The list entry that matched (normalised: lower case, no apostrophes).
    pub phrase: String,
    /// The phrase's language.
    pub language: Language,
}

/// Code-switching analysis of one message.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct CodeSwitch {
    /// Every word, in order.
    pub tokens: Vec<LanguageToken>,
    /// Changes between English and Swahili, ignoring [`Language::Other`] words between them.
    pub switch_points: Vec<SwitchPoint>,
    /// Number of English words.
    pub english_words: usize,
    /// Number of Swahili words.
    pub swahili_words: usize,
    /// Swahili words / (English + Swahili words), in `[0, 1]`; 0 when there are none.
    pub swahili_ratio: f64,
    /// Deflection phrases, in order.
    pub deflections: Vec<Deflection>,
}

impl CodeSwitch {
    /// Whether the message mixes English and Swahili (at least one switch point).
    #[must_use]
    pub fn is_code_switched(&self) -> bool {
        !self.switch_points.is_empty()
    }
}

/// Settings of a [`CodeSwitchDetector`].
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CodeSwitchConfig {
    /// Input size limits; only [`Limits::max_text_bytes`] applies. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
}

impl CodeSwitchConfig {
    /// Sets [`CodeSwitchConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// English stop words and frequent chat words, apostrophes removed. Includes English words of
/// Swahili shape (vowel-final, simple syllables) that shape alone would mislabel.
const ENGLISH: &str = "i me my mine myself you your yours he him his she her it its we us our they them their this that these \
    those the an and or but if because so as of at by for with about to from in on off up down out over \
    under again then once here there when where why how all any both each few more most some such no nor \
    not only own same too very can will just should now is am are was were be been being have has had do \
    does did doing would could im ive ill id youre dont doesnt didnt cant wont isnt arent wasnt shouldnt \
    couldnt thats whats theres lets what who which yes yeah ya nope fine good bad sad happy tired life like \
    love hate hope make take time home done one come gone more sure nice same game note give live have here \
    where there before maybe movie ride side wife wine mine name same made hero zero radio video photo \
    piano tomato potato idea area data saw see go going get got know think feel want need work day today \
    tomorrow tonight week really thanks thank please sorry okay well much many lot people everything \
    nothing something anything whatever never always still even also though worry late bye hi hello lol \
    great oh another meeting job boss mum mom dad guy guys two three five nine ago alone else tire share \
    care cute use tune rose dude kind because";

/// Swahili function words, pronouns, greetings and common words, plus a few Sheng words.
const SWAHILI: &str = "na ya wa kwa ni sana lakini au ama kama hii hiyo huyu huyo yule ile hizi hapa pale huko leo jana kesho \
    sasa bado tu pia sawa poa niko uko yuko tuko mko wako nipo mimi wewe yeye sisi nyinyi wao yangu yako \
    yake yetu yenu yao wangu wake wetu wenu langu lako lake la za cha vya kwenye katika hapana ndiyo ndio \
    asante habari mambo vipi safi nzuri mbaya kazi shule pesa maisha rafiki mtu watu sijui nataka sitaki \
    kuna hakuna gani nini nani wapi lini jinsi tena kabisa kidogo zaidi kila wote yote sijambo hujambo \
    shida tatizo ndugu dada kaka nyumba nyumbani chakula maji siku wiki mwezi mwaka saa usiku asubuhi jioni \
    mchana karibu kwaheri tafadhali samahani labda lazima hivyo hivi vile kweli uongo furaha huzuni hasira \
    upendo moyo mwili roho mungu basi aisee bana msee hadi mpaka tangu baada kabla bila pamoja kuhusu juu \
    chini ndani nje mbele nyuma kati si sina una ana tuna wana nina kitu vitu sawasawa fiti noma fala manze \
    usijali haijalishi wasiwasi familia mpenzi mtoto watoto mume mke deni kodi hospitali mgonjwa msiba kifo \
    usalama ngumu rahisi mingi nyingi wengi hao";

/// Words both languages use; they take their neighbours' language.
const AMBIGUOUS: &[&str] = &["a", "ok", "okay", "mama", "baba", "pole", "eh", "ah", "oh", "sure", "safari", "simba"];

const SUBJECT_PREFIXES: &[&str] =
    &["hatu", "hawa", "ham", "ni", "tu", "wa", "ki", "vi", "li", "ya", "zi", "si", "ha", "u", "a", "m", "i"];
const TENSE_MARKERS: &[&str] = &["ngali", "nge", "sha", "na", "li", "ta", "me", "ki", "ka", "ja", "ku"];

/// Deflection phrases by kind and language, comma-separated, apostrophes removed ("im" is
/// "I'm"). The longest phrase at a position wins, so "niko sawa" is one cue, not "sawa".
const DEFLECTIONS: &[(DeflectionKind, Language, &str)] = {
    use DeflectionKind::*;
    use Language::*;
    &[
        (
            AssertsFine,
            English,
            "im fine, i am fine, im okay, i am okay, im ok, i am ok, im alright, i am alright, im good, all good",
        ),
        (AssertsFine, Swahili, "niko sawa, niko poa, niko fiti, nipo sawa, sijambo, poa, sawa"),
        (
            Minimises,
            English,
            "its nothing, it is nothing, nothings wrong, nothing is wrong, no big deal, not a big deal, \
             its not a big deal, no worries, its fine, its okay",
        ),
        (Minimises, Swahili, "si kitu, hakuna shida, hakuna tatizo, ni sawa tu"),
        (Dismisses, English, "whatever, never mind, nevermind, forget it, doesnt matter, it doesnt matter"),
        (Dismisses, Swahili, "haijalishi, achana na hiyo, wachana nayo"),
        (
            DeflectsConcern,
            English,
            "dont worry about me, dont worry, ill be fine, i will be fine, ill be okay, i can handle it",
        ),
        (DeflectsConcern, Swahili, "usijali, usijali kuhusu mimi, usiwe na wasiwasi, nitakuwa sawa"),
    ]
};

/// Identifies the language of each word of a message and finds deflection phrases.
///
/// Built once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct CodeSwitchDetector {
    config: CodeSwitchConfig,
    english: HashSet<&'static str>,
    swahili: HashSet<&'static str>,
    ambiguous: HashSet<&'static str>,
    clusters: HashSet<String>,
    deflections: PhraseMatcher<(DeflectionKind, Language)>,
}

impl CodeSwitchDetector {
    /// Builds the detector (word sets and the Swahili syllable clusters).
    pub fn new(config: CodeSwitchConfig) -> Result<Self> {
        let mut clusters = HashSet::new();
        let bases = [
            "", "b", "ch", "d", "dh", "f", "g", "gh", "h", "j", "k", "kh", "l", "m", "n", "ng", "ny", "p", "r", "s",
            "sh", "t", "th", "v", "z",
        ];
        for nasal in ["", "m", "n"] {
            for base in bases {
                for glide in ["", "w", "y"] {
                    clusters.insert(format!("{nasal}{base}{glide}"));
                }
            }
        }
        Ok(Self {
            config,
            english: ENGLISH.split_whitespace().collect(),
            swahili: SWAHILI.split_whitespace().collect(),
            ambiguous: AMBIGUOUS.iter().copied().collect(),
            clusters,
            deflections: PhraseMatcher::new(
                DEFLECTIONS.iter().flat_map(|&(k, l, list)| list.split(',').map(move |p| (p.trim(), (k, l)))),
            ),
        })
    }

    /// The settings this detector was built with.
    #[must_use]
    pub fn config(&self) -> &CodeSwitchConfig {
        &self.config
    }

    /// Labels every word, finds switch points, the Swahili ratio and deflection phrases.
    pub fn analyze(&self, text: &str) -> Result<CodeSwitch> {
        self.config.limits.check_text(text)?;
        let toks = words(text);
        let tokens = self.label(&toks);
        let (mut english_words, mut swahili_words) = (0, 0);
        let mut switch_points = Vec::new();
        let mut last: Option<Language> = None;
        for (i, t) in tokens.iter().enumerate() {
            match t.language {
                Language::English => english_words += 1,
                Language::Swahili => swahili_words += 1,
                _ => continue,
            }
            if let Some(from) = last.filter(|&l| l != t.language) {
                switch_points.push(SwitchPoint { token_index: i, offset: t.span.start, from, to: t.language });
            }
            last = Some(t.language);
        }
        let known = english_words + swahili_words;
        let swahili_ratio = if known == 0 { 0.0 } else { swahili_words as f64 / known as f64 };
        Ok(CodeSwitch {
            tokens,
            switch_points,
            english_words,
            swahili_words,
            swahili_ratio,
            deflections: self.find_deflections(&toks),
        })
    }

    /// Only the deflection phrases of `text`.
    pub fn deflections(&self, text: &str) -> Result<Vec<Deflection>> {
        self.config.limits.check_text(text)?;
        Ok(self.find_deflections(&words(text)))
    }

    fn find_deflections(&self, toks: &[Token]) -> Vec<Deflection> {
        self.deflections
            .find(toks)
            .into_iter()
            .map(|m| Deflection {
                kind: m.value.0,
                span: Span::new(toks[m.first].start, toks[m.last - 1].end),
                phrase: m.phrase,
                language: m.value.1,
            })
            .collect()
    }

    /// The language of one word by lexicon, morphology and shape, without context.
    /// `None` means ambiguous.
    fn word_language(&self, w: &str) -> Option<(Language, Evidence)> {
        if self.ambiguous.contains(w) {
            return None;
        }
        let en = self.english.contains(w);
        let sw = self.swahili.contains(w);
        if en && !sw {
            return Some((Language::English, Evidence::Lexicon));
        }
        if sw && !en {
            return Some((Language::Swahili, Evidence::Lexicon));
        }
        if en && sw {
            return None;
        }
        if !w.chars().all(|c| c.is_ascii_lowercase()) {
            return Some((Language::Other, Evidence::None));
        }
        let shape = self.swahili_shape(w);
        if shape && self.swahili_morphology(w) {
            Some((Language::Swahili, Evidence::Morphology))
        } else if shape {
            Some((Language::Swahili, Evidence::Shape))
        } else {
            Some((Language::English, Evidence::Shape))
        }
    }

    /// Vowel-final with only Swahili consonant clusters (see the module docs).
    fn swahili_shape(&self, w: &str) -> bool {
        let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if !w.ends_with(is_vowel) {
            return false;
        }
        w.split(is_vowel).all(|cluster| self.clusters.contains(cluster))
    }

    /// Subject (or negative) prefix + tense marker + root of >= 2 letters, or ku- + root.
    fn swahili_morphology(&self, w: &str) -> bool {
        if w.strip_prefix("ku").is_some_and(|root| root.len() >= 3) {
            return true;
        }
        SUBJECT_PREFIXES
            .iter()
            .filter_map(|p| w.strip_prefix(p))
            .any(|rest| TENSE_MARKERS.iter().filter_map(|t| rest.strip_prefix(t)).any(|root| root.len() >= 2))
            && w.len() >= 5
    }

    fn label(&self, toks: &[Token]) -> Vec<LanguageToken> {
        let first: Vec<Option<(Language, Evidence)>> = toks.iter().map(|t| self.word_language(&t.norm)).collect();
        let strong = |i: usize| {
            first[i].filter(|(l, e)| matches!(e, Evidence::Lexicon | Evidence::Morphology) && *l != Language::Other)
        };
        let before = |i: usize| (0..i).rev().find_map(&strong).map(|x| x.0);
        let after = |i: usize| (i + 1..toks.len()).find_map(&strong).map(|x| x.0);
        toks.iter()
            .enumerate()
            .map(|(i, t)| {
                let (language, evidence) = match first[i] {
                    None => match before(i).or_else(|| after(i)) {
                        Some(l) => (l, Evidence::Context),
                        None => (Language::Other, Evidence::None),
                    },
                    Some((l, Evidence::Shape)) => {
                        let (b, a) = (before(i), after(i));
                        let other = match l {
                            Language::English => Language::Swahili,
                            _ => Language::English,
                        };
                        let neighbours_other = match (b, a) {
                            (Some(b), Some(a)) => b == other && a == other,
                            (Some(x), None) | (None, Some(x)) => x == other,
                            (None, None) => false,
                        };
                        if neighbours_other { (other, Evidence::Context) } else { (l, Evidence::Shape) }
                    }
                    Some(x) => x,
                };
                LanguageToken { span: Span::new(t.start, t.end), language, evidence }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det() -> CodeSwitchDetector {
        CodeSwitchDetector::new(CodeSwitchConfig::default()).unwrap()
    }

    fn langs(text: &str) -> Vec<(String, Language)> {
        let cs = det().analyze(text).unwrap();
        cs.tokens.iter().map(|t| (text[t.span.range()].to_string(), t.language)).collect()
    }

    #[test]
    fn morphology_identifies_unlisted_verbs() {
        let d = det();
        for w in ["nimechoka", "tunaenda", "alisema", "wanataka", "sikuenda", "kuishi", "nitakupigia", "umekula"] {
            assert_eq!(d.word_language(w), Some((Language::Swahili, Evidence::Morphology)), "{w}");
        }
        for w in ["unable", "united", "another", "mention", "strength"] {
            assert_eq!(d.word_language(w).map(|x| x.0), Some(Language::English), "{w}");
        }
        // Swahili-shaped English words are only weakly Swahili; English neighbours win.
        assert_eq!(d.word_language("nature"), Some((Language::Swahili, Evidence::Shape)));
        let cs = d.analyze("I love nature so much").unwrap();
        assert_eq!((cs.tokens[2].language, cs.tokens[2].evidence), (Language::English, Evidence::Context));
    }

    #[test]
    fn shape_rules() {
        let d = det();
        for w in ["mtoto", "mgonjwa", "kitabu", "chakula", "nyanya", "mbwa"] {
            assert!(d.swahili_shape(w), "{w}");
        }
        for w in ["street", "quiz", "cake", "table", "exam", "worked"] {
            assert!(!d.swahili_shape(w), "{w}");
        }
    }

    #[test]
    fn code_switched_sentence() {
        use Language::*;
        let got = langs("Kazi ni ngumu sana but I'm okay");
        let want = [Swahili, Swahili, Swahili, Swahili, English, English, English];
        assert_eq!(got.iter().map(|x| x.1).collect::<Vec<_>>(), want, "{got:?}");
        let cs = det().analyze("Kazi ni ngumu sana but I'm okay").unwrap();
        assert_eq!(cs.switch_points.len(), 1);
        assert_eq!((cs.switch_points[0].token_index, cs.switch_points[0].from), (4, Swahili));
        assert!((cs.swahili_ratio - 4.0 / 7.0).abs() < 1e-12);
        assert!(cs.is_code_switched());
    }

    #[test]
    fn ambiguous_words_take_context() {
        use Language::*;
        let got = langs("mama yangu ni mgonjwa");
        assert!(got.iter().all(|x| x.1 == Swahili), "{got:?}");
        let got = langs("my mama is sick");
        assert!(got.iter().all(|x| x.1 == English), "{got:?}");
    }

    #[test]
    fn monolingual_and_other() {
        let cs = det().analyze("I am so tired of this job").unwrap();
        assert_eq!((cs.swahili_words, cs.switch_points.len()), (0, 0));
        let cs = det().analyze("nimechoka na maisha haya").unwrap();
        assert_eq!((cs.english_words, cs.swahili_ratio), (0, 1.0));
        let cs = det().analyze("2024 😀 日本語 ").unwrap();
        assert!(cs.tokens.iter().all(|t| t.language == Language::Other));
        assert_eq!(cs.swahili_ratio, 0.0);
        assert_eq!(det().analyze("").unwrap(), CodeSwitch::default());
    }

    #[test]
    fn switch_points_ignore_other_words() {
        let cs = det().analyze("nimechoka 2024 tired").unwrap();
        assert_eq!(cs.switch_points.len(), 1);
        assert_eq!(cs.switch_points[0].token_index, 2);
    }
}
