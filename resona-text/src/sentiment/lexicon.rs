//! The embedded lexicons, parsed once per process.
//!
//! `vader_lexicon.txt` and `emoji_utf8_lexicon.txt` are vaderSentiment 3.3.2's own files (MIT;
//! provenance and checksums in `lexicons/SOURCE.md`), parsed the way its
//! `make_lex_dict` / `make_emoji_dict` parse them, duplicates included (the later line wins).
//! `swahili_lexicon.tsv` was written for Resona.

use super::pystr;
use super::rules::{B_DECR, B_INCR};
use resona_core::ModelError;
use rustc_hash::FxBuildHasher;

/// The lexicons' maps: FxHash, since lookups by short words are most of VADER's scoring time
/// and the keys are fixed, trusted text.
type HashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;
use std::sync::OnceLock;

static VADER_LEXICON: &str = include_str!("../../lexicons/vader_lexicon.txt");
static EMOJI_LEXICON: &str = include_str!("../../lexicons/emoji_utf8_lexicon.txt");
static SWAHILI_LEXICON: &str = include_str!("../../lexicons/swahili_lexicon.tsv");

/// What a Swahili lexicon entry does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum SwahiliRole {
    /// A sentiment word with a VADER-scale valence.
    Valence(f64),
    /// Negates a following sentiment word, as VADER's "not" does.
    Negator,
    /// Intensifies (positive) or dampens (negative) the sentiment word *before* it: Swahili
    /// degree adverbs follow what they modify ("mbaya sana", very bad).
    Booster(f64),
    /// A contrastive conjunction weighted like VADER's "but".
    Contrast,
}

/// A Swahili phrase: its words after the first, and its valence.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Phrase {
    pub(super) rest: Vec<&'static str>,
    pub(super) valence: f64,
}

/// Every lexicon the analyser uses, borrowed from the embedded text.
#[derive(Debug)]
pub(super) struct Lexicons {
    /// VADER's word → valence map, keys as written (look up lower-case words).
    pub(super) vader: HashMap<&'static str, f64>,
    /// Single-character emoji → English description. VADER scans text one code point at a
    /// time, so its multi-code-point keys (flags, skin tones, ZWJ sequences) can never match
    /// and are not kept.
    pub(super) emoji: HashMap<char, &'static str>,
    /// Whether any emoji key is ASCII (none is in 3.3.2); lets the scan skip ASCII text.
    pub(super) emoji_has_ascii: bool,
    /// Swahili single words.
    pub(super) swahili: HashMap<&'static str, SwahiliRole>,
    /// Swahili phrases by first word, longest first.
    pub(super) phrases: HashMap<&'static str, Vec<Phrase>>,
}

fn load_error(file: &str, line: usize, rule: &str) -> ModelError {
    ModelError::Load { backend: "sentiment lexicon", reason: format!("{file} line {line}: {rule}") }
}

/// The process-wide parsed lexicons. Parsing takes about a millisecond; every analyser
/// shares the result.
pub(super) fn lexicons() -> Result<&'static Lexicons, ModelError> {
    static LEXICONS: OnceLock<Result<Lexicons, ModelError>> = OnceLock::new();
    LEXICONS.get_or_init(parse_all).as_ref().map_err(Clone::clone)
}

fn parse_all() -> Result<Lexicons, ModelError> {
    let vader = parse_vader(VADER_LEXICON)?;
    let emoji = parse_emoji(EMOJI_LEXICON)?;
    let emoji_has_ascii = emoji.keys().any(char::is_ascii);
    let (swahili, phrases) = parse_swahili(SWAHILI_LEXICON)?;
    Ok(Lexicons { vader, emoji, emoji_has_ascii, swahili, phrases })
}

/// `make_lex_dict`: `text.rstrip('\n').split('\n')`, empty lines skipped, each line stripped,
/// the first two tab-separated fields are the word and its mean rating.
fn parse_vader(text: &'static str) -> Result<HashMap<&'static str, f64>, ModelError> {
    let mut map = HashMap::with_capacity_and_hasher(7600, FxBuildHasher);
    for (n, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut fields = pystr::strip(line).split('\t');
        let (Some(word), Some(measure)) = (fields.next(), fields.next()) else {
            return Err(load_error("vader_lexicon.txt", n + 1, "expected a word and a rating separated by a tab"));
        };
        let value = measure
            .trim()
            .parse::<f64>()
            .map_err(|_| load_error("vader_lexicon.txt", n + 1, "the rating is not a number"))?;
        map.insert(word, value);
    }
    Ok(map)
}

/// `make_emoji_dict`: the same line handling without the empty-line skip; the file has CRLF
/// line ends, which the strip removes.
fn parse_emoji(text: &'static str) -> Result<HashMap<char, &'static str>, ModelError> {
    let mut map = HashMap::with_capacity_and_hasher(1300, FxBuildHasher);
    for (n, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        let mut fields = pystr::strip(line).split('\t');
        let (Some(key), Some(description)) = (fields.next(), fields.next()) else {
            return Err(load_error(
                "emoji_utf8_lexicon.txt",
                n + 1,
                "expected an emoji and a description separated by a tab",
            ));
        };
        let mut chars = key.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            map.insert(c, description);
        }
    }
    Ok(map)
}

type SwahiliMaps = (HashMap<&'static str, SwahiliRole>, HashMap<&'static str, Vec<Phrase>>);

fn parse_swahili(text: &'static str) -> Result<SwahiliMaps, ModelError> {
    let bad = |n: usize, rule: &str| load_error("swahili_lexicon.tsv", n + 1, rule);
    let mut words = HashMap::default();
    let mut phrases: HashMap<&'static str, Vec<Phrase>> = HashMap::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [term, kind, value, ..] = fields[..] else {
            return Err(bad(n, "expected term, kind, value, anchor and gloss separated by tabs"));
        };
        let value: f64 = value.parse().map_err(|_| bad(n, "the value is not a number"))?;
        let role = match kind {
            "valence" if (-4.0..=4.0).contains(&value) => SwahiliRole::Valence(value),
            "negator" => SwahiliRole::Negator,
            "booster" if value == B_INCR || value == B_DECR => SwahiliRole::Booster(value),
            "contrast" => SwahiliRole::Contrast,
            _ => {
                return Err(bad(
                    n,
                    "kind must be valence (value in -4..4), negator, booster (value ±0.293) or contrast",
                ));
            }
        };
        let mut parts = term.split(' ');
        let first = parts.next().unwrap_or_default();
        let rest: Vec<&'static str> = parts.collect();
        if first.is_empty() || rest.iter().any(|w| w.is_empty()) || term.to_lowercase() != term {
            return Err(bad(n, "the term must be lower-case words separated by single spaces"));
        }
        if rest.is_empty() {
            words.insert(first, role);
        } else if let SwahiliRole::Valence(valence) = role {
            phrases.entry(first).or_default().push(Phrase { rest, valence });
        } else {
            return Err(bad(n, "only valence entries may be phrases"));
        }
    }
    // Longest first, so "nimekata tamaa" style phrases win over any shorter prefix.
    for list in phrases.values_mut() {
        list.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
    }
    Ok((words, phrases))
}

#[cfg(test)]
mod tests {
    use super::super::rules;
    use super::*;

    #[test]
    fn vader_lexicons_parse_like_python() {
        let lex = lexicons().unwrap();
        // Python: len(SentimentIntensityAnalyzer().lexicon) == 7506 (7520 lines, 14 duplicates);
        // 1212 of the 3570 emoji keys are single code points.
        assert_eq!(lex.vader.len(), 7506);
        assert_eq!(lex.emoji.len(), 1212);
        assert_eq!(lex.vader.get("good"), Some(&1.9));
        assert_eq!(lex.vader.get("ok"), Some(&1.2), "the later duplicate wins");
        assert_eq!(lex.vader.get(":)"), Some(&2.0));
        assert_eq!(lex.emoji.get(&'😁'), Some(&"beaming face with smiling eyes"));
        assert!(!lex.emoji_has_ascii);
    }

    #[test]
    fn swahili_lexicon_is_well_formed_and_disjoint_from_vader() {
        let lex = lexicons().unwrap();
        let entries = lex.swahili.len() + lex.phrases.values().map(Vec::len).sum::<usize>();
        assert!(entries >= 150, "{entries} entries");
        // No Swahili word may change how VADER treats an English word: none is a VADER lexicon
        // word, booster or negation, nor a word VADER's rules test for by name.
        let rule_words =
            ["but", "kind", "of", "least", "no", "never", "so", "this", "without", "doubt", "at", "very", "or", "nor"];
        let phrase_words = lex
            .phrases
            .iter()
            .flat_map(|(first, ps)| std::iter::once(*first).chain(ps.iter().flat_map(|p| p.rest.iter().copied())));
        for w in lex.swahili.keys().copied().chain(phrase_words) {
            assert!(!lex.vader.contains_key(w), "{w} is a VADER word");
            assert!(rules::booster(w).is_none() && !rules::is_english_negation(w) && !rule_words.contains(&w), "{w}");
        }
    }

    #[test]
    fn swahili_valences_are_their_anchors() {
        let lex = lexicons().unwrap();
        for line in SWAHILI_LEXICON.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "{line}");
            if f[1] == "valence" {
                let anchor = lex.vader.get(f[3]).unwrap_or_else(|| panic!("anchor {:?} is not a VADER word", f[3]));
                assert_eq!(f[2].parse::<f64>().unwrap(), *anchor, "{line}");
            } else {
                assert_eq!(f[3], "-", "{line}");
            }
        }
        assert_eq!(lex.swahili.get("sana"), Some(&SwahiliRole::Booster(B_INCR)));
        assert_eq!(lex.swahili.get("hakuna"), Some(&SwahiliRole::Negator));
        assert_eq!(lex.phrases["sina"][0], Phrase { rest: vec!["raha"], valence: -1.8 });
    }
}
