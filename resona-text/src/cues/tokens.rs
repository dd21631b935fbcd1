//! Word tokens and a phrase matcher shared by the cue detectors.
//!
//! Cue lists are matched on whole normalised words, never on substrings of the raw text, so
//! "skill" never contains "kill" and "mama" never matches inside "mamalia". A token keeps the
//! byte span of its word in the original text, so every span a detector reports lies on char
//! boundaries of the caller's string, whatever normalisation was applied to compare it.
//!
//! Normalisation of a word: Unicode lower case, apostrophes removed (straight ', curly ’ and ‘,
//! modifier ʼ), then NFC. Removing apostrophes makes "I'm", "I’m" and "im" one token (`im`), so
//! each list entry is written once, apostrophe-free.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxBuildHasher;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One word of the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// Lower-cased, apostrophe-free, NFC form of the word.
    pub(crate) norm: String,
    /// Byte offset of the word's first character in the original text.
    pub(crate) start: usize,
    /// Byte offset one past the word's last character.
    pub(crate) end: usize,
    /// Sentence number, counted from 0; `.`, `!`, `?`, `;` and line breaks end a sentence.
    pub(crate) sentence: u32,
}

const APOSTROPHES: [char; 4] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}'];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | '\n' | '\u{2026}')
}

/// Splits `text` into words: runs of letters, digits and combining marks, with an apostrophe
/// kept when a word character follows it ("don't", "nothing's").
pub(crate) fn words(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut sentence = 0u32;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_word_char(c) {
            // A sentence ends at its punctuation, but "3.5" and "e.g" are inside words
            // anyway, and an empty sentence costs nothing.
            if ends_sentence(c) {
                sentence += 1;
            }
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let apostrophe_inside =
                APOSTROPHES.contains(&d) && text[j + d.len_utf8()..].chars().next().is_some_and(is_word_char);
            if is_word_char(d) || apostrophe_inside {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push(Token { norm: normalise(&text[start..end]), start, end, sentence });
    }
    out
}

/// The normalised form of one word (see the module docs).
pub(crate) fn normalise(word: &str) -> String {
    // ASCII is already NFC and lowers byte by byte: the same result without the Unicode
    // tables, for the common case.
    if word.is_ascii() {
        return word.bytes().filter(|&b| b != b'\'').map(|b| char::from(b.to_ascii_lowercase())).collect();
    }
    word.chars().filter(|c| !APOSTROPHES.contains(c)).flat_map(char::to_lowercase).nfc().collect()
}

/// Whether `word` is one of the whitespace-separated words of `list`. Word lists are kept as
/// one string each so they stay compact in the source; they are short, so a scan is cheap.
pub(crate) fn in_list(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// The words of a word list (as [`in_list`] reads it) in a hash set, for lists consulted for
/// every token of a message.
#[derive(Debug, Clone)]
pub(crate) struct WordSet(HashSet<&'static str, FxBuildHasher>);

impl WordSet {
    /// The whitespace-separated words of `list`.
    pub(crate) fn new(list: &'static str) -> Self {
        Self(list.split_whitespace().collect())
    }

    /// Whether `word` is one of the words; the same as [`in_list`] of the source list.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// A set of phrases (sequences of normalised words), each with a value, matched on tokens.
#[derive(Debug, Clone)]
pub(crate) struct PhraseMatcher<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

/// One phrase found by [`PhraseMatcher::find`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PhraseMatch<T> {
    /// Index of the first token.
    pub(crate) first: usize,
    /// Index one past the last token.
    pub(crate) last: usize,
    /// The value stored with the phrase.
    pub(crate) value: T,
    /// The phrase as written in the list (normalised words joined by one space).
    pub(crate) phrase: String,
}

impl<T: Copy> PhraseMatcher<T> {
    /// Builds a matcher from `(phrase, value)` pairs; each phrase is split on whitespace and
    /// normalised like a token.
    pub(crate) fn new<'a>(entries: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut by_first: HashMap<String, Vec<(Vec<String>, T)>> = HashMap::new();
        for (phrase, value) in entries {
            let words: Vec<String> = phrase.split_whitespace().map(normalise).collect();
            if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push((words, value));
            }
        }
        // Longest first, so the first hit at a position is the longest ("broke up" before
        // "broke").
        for list in by_first.values_mut() {
            list.sort_by_key(|entry| std::cmp::Reverse(entry.0.len()));
        }
        Self { by_first }
    }

    /// The longest phrase starting at token `i`, if any. Phrases never cross a sentence.
    pub(crate) fn at(&self, tokens: &[Token], i: usize) -> Option<PhraseMatch<T>> {
        let list = self.by_first.get(&tokens.get(i)?.norm)?;
        let sentence = tokens[i].sentence;
        list.iter()
            .find(|(words, _)| {
                tokens.len() - i >= words.len()
                    && words.iter().zip(&tokens[i..]).all(|(w, t)| *w == t.norm && t.sentence == sentence)
            })
            .map(|(words, value)| PhraseMatch {
                first: i,
                last: i + words.len(),
                value: *value,
                phrase: words.join(" "),
            })
    }

    /// Every phrase in `tokens`, left to right, longest at each position, never overlapping.
    pub(crate) fn find(&self, tokens: &[Token]) -> Vec<PhraseMatch<T>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.at(tokens, i) {
                Some(m) => {
                    i = m.last;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_spans_and_normalise() {
        let text = "I’m FINE, don't worry. Cafe\u{301}!";
        let t = words(text);
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["im", "fine", "dont", "worry", "café"]);
        assert_eq!(&text[t[0].start..t[0].end], "I’m");
        assert_eq!(&text[t[4].start..t[4].end], "Cafe\u{301}");
        assert_eq!(t.iter().map(|t| t.sentence).collect::<Vec<_>>(), [0, 0, 0, 0, 1]);
    }

    #[test]
    fn trailing_apostrophe_is_not_part_of_the_word() {
        let t = words("the kids' 'toys'");
        assert_eq!(t.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>(), ["the", "kids", "toys"]);
    }

    #[test]
    fn matcher_prefers_longest_and_keeps_to_a_sentence() {
        let m = PhraseMatcher::new([("broke", 1), ("broke up", 2), ("up", 3)]);
        let found = m.find(&words("we broke up. broke. up"));
        let v: Vec<(usize, i32)> = found.iter().map(|m| (m.first, m.value)).collect();
        assert_eq!(v, [(1, 2), (3, 1), (4, 3)]);
        assert!(m.find(&words("broke. up")).iter().all(|m| m.last - m.first == 1));
    }
}
