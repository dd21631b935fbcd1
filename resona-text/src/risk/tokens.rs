//! Word tokens for the risk matcher: lower-cased, contractions expanded, each with the byte span
//! of the word it came from in the original text.
//!
//! Matching runs on these tokens rather than on the raw string so that word boundaries hold
//! ("skill myself" never contains "kill myself") and small spelling variations agree:
//!
//! - case: tokens are lower-cased with Unicode rules;
//! - apostrophes: straight, curly and modifier apostrophes are one character, and contractions
//!   expand to their words ("can't", "cant", "can’t" and "cannot" all become `can not`), so a
//!   pattern is written once in its expanded form;
//! - chat spellings such as "im", "dont", "wanna" and "gonna" expand the same way;
//! - elongation: a word with a run of three or more equal letters ("sooo", "tiiired") also
//!   carries its squeezed form, which the matcher compares against the squeezed pattern word.
//!
//! Sentence and clause numbers let the matcher and the context rules keep to one sentence or
//! one clause: negation does not reach across a comma ("No, I want to die") and reported speech
//! does not reach across a full stop.

/// One normalised word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// Lower-cased, apostrophe-free word (one part of a contraction such as `not`).
    pub(crate) norm: String,
    /// The word with every run of equal letters collapsed to one, only when the source word
    /// was elongated (had a run of three or more).
    pub(crate) squeezed: Option<String>,
    /// Byte offset of the source word's first character in the original text.
    pub(crate) start: usize,
    /// Byte offset one past the source word's last character.
    pub(crate) end: usize,
    /// Sentence number, counted from 0.
    pub(crate) sentence: u32,
    /// Clause number, counted from 0 across the whole text (never reset per sentence).
    pub(crate) clause: u32,
}

impl Token {
    /// Whether this token is any of `words`.
    pub(crate) fn is_any(&self, words: &[&str]) -> bool {
        words.contains(&self.norm.as_str())
    }
}

/// Apostrophe-free chat spellings and their expansions. Words that are also ordinary words
/// ("ill", "id", "its", "were") are left out on purpose.
const EXPANSIONS: &[(&str, &[&str])] = &[
    ("im", &["i", "am"]),
    ("ive", &["i", "have"]),
    ("cant", &["can", "not"]),
    ("cannot", &["can", "not"]),
    ("dont", &["do", "not"]),
    ("doesnt", &["does", "not"]),
    ("didnt", &["did", "not"]),
    ("isnt", &["is", "not"]),
    ("arent", &["are", "not"]),
    ("wasnt", &["was", "not"]),
    ("werent", &["were", "not"]),
    ("havent", &["have", "not"]),
    ("hasnt", &["has", "not"]),
    ("hadnt", &["had", "not"]),
    ("wont", &["will", "not"]),
    ("wouldnt", &["would", "not"]),
    ("couldnt", &["could", "not"]),
    ("shouldnt", &["should", "not"]),
    ("aint", &["am", "not"]),
    ("wanna", &["want", "to"]),
    ("gonna", &["going", "to"]),
    ("gotta", &["got", "to"]),
    ("imma", &["i", "am", "going", "to"]),
    ("tryna", &["trying", "to"]),
    ("idk", &["i", "do", "not", "know"]),
    ("dunno", &["do", "not", "know"]),
    ("youre", &["you", "are"]),
    ("theyre", &["they", "are"]),
    ("thats", &["that", "is"]),
    ("whats", &["what", "is"]),
    ("theres", &["there", "is"]),
    ("u", &["you"]),
    ("ppl", &["people"]),
    ("cuz", &["because"]),
    ("coz", &["because"]),
    ("bc", &["because"]),
    ("noone", &["no", "one"]),
    ("nobodys", &["nobody", "is"]),
];

/// Common misspellings of the words risk phrases are built from, mapped to their spelling.
/// Curated, not exhaustive: only misspellings that are not themselves words in English or
/// Swahili ("wana" is Swahili for "they have", so it is not here).
const TYPOS: &[(&str, &str)] = &[
    ("wnat", "want"),
    ("watn", "want"),
    ("wnt", "want"),
    ("myslef", "myself"),
    ("mysefl", "myself"),
    ("mysef", "myself"),
    ("suicde", "suicide"),
    ("sucide", "suicide"),
    ("suicdal", "suicidal"),
    ("sucidal", "suicidal"),
    ("suicidial", "suicidal"),
    ("hopless", "hopeless"),
    ("hopeles", "hopeless"),
    ("worthles", "worthless"),
    ("wortless", "worthless"),
    ("lonley", "lonely"),
    ("lonly", "lonely"),
    ("tierd", "tired"),
    ("exausted", "exhausted"),
    ("exhuasted", "exhausted"),
    ("exhasted", "exhausted"),
    ("anymroe", "anymore"),
    ("nobdy", "nobody"),
    ("evryone", "everyone"),
    ("everyon", "everyone"),
    ("witout", "without"),
    ("wihtout", "without"),
    ("lvie", "live"),
    ("deserv", "deserve"),
    ("kujiuwa", "kujiua"),
    ("sitak", "sitaki"),
];

/// Words whose `'s` is "is" rather than a possessive.
const S_IS: &[&str] = &[
    "it",
    "that",
    "there",
    "what",
    "he",
    "she",
    "who",
    "life",
    "everything",
    "nothing",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "somebody",
    "this",
    "here",
    "where",
    "how",
    "one",
];

/// Words that open a new clause: a contrast changes what the speaker asserts, so negation,
/// tense and clause-final anchors do not reach across them ("I used to want to die | but I'm
/// better now").
const CLAUSE_WORDS: &[&str] = &["but", "however", "although", "though", "lakini", "ila"];

/// Characters that act as an apostrophe inside a word.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' | '\u{2032}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// What a non-word character does to the sentence and clause counters.
fn boundary(c: char) -> Boundary {
    match c {
        '.' | '!' | '?' | '\n' | '\r' | '\u{2026}' | '\u{3002}' | '\u{00A1}' | '\u{00BF}' => Boundary::Sentence,
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '\u{201C}' | '\u{201D}' | '\u{2014}' | '\u{2013}'
        | '\u{00AB}' | '\u{00BB}' => Boundary::Clause,
        _ => Boundary::None,
    }
}

enum Boundary {
    None,
    Clause,
    Sentence,
}

/// Collapses every run of equal characters to one ("sooo" → "so", "hopeless" → "hopeles").
pub(crate) fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    for c in s.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Whether `s` has a run of three or more equal characters.
fn is_elongated(s: &str) -> bool {
    let mut run = 0;
    let mut last = None;
    for c in s.chars() {
        if Some(c) == last {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 1;
            last = Some(c);
        }
    }
    false
}

/// Splits `text` into normalised tokens. Never fails; any valid UTF-8 is accepted.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let (mut sentence, mut clause) = (0u32, 0u32);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            match boundary(c) {
                Boundary::Sentence => {
                    sentence += 1;
                    clause += 1;
                }
                Boundary::Clause => clause += 1,
                Boundary::None => {}
            }
            continue;
        }
        let mut word = String::new();
        word.extend(c.to_lowercase());
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if is_word_char(d) {
                word.extend(d.to_lowercase());
                end = i + d.len_utf8();
                chars.next();
            } else if is_apostrophe(d) {
                // Inside a word only when a word character follows ("can't", not "dogs' ").
                let mut look = chars.clone();
                look.next();
                match look.peek() {
                    Some(&(_, e)) if is_word_char(e) => {
                        word.push('\'');
                        chars.next();
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        for part in expand(&word) {
            if CLAUSE_WORDS.contains(&part.as_str()) {
                clause += 1;
            }
            let squeezed = is_elongated(&part).then(|| squeeze(&part));
            tokens.push(Token { norm: part, squeezed, start, end, sentence, clause });
        }
    }
    tokens
}

/// Expands one lower-cased word into the words it stands for.
fn expand(word: &str) -> Vec<String> {
    if let Some((base, suffix)) = word.split_once('\'') {
        let suffix = suffix.replace('\'', "");
        let (first, second): (String, Option<&str>) = match suffix.as_str() {
            "t" if base.ends_with('n') => {
                let stem = &base[..base.len() - 1];
                let stem = match stem {
                    "ca" => "can",
                    "wo" => "will",
                    "sha" => "shall",
                    "ai" => "am",
                    s => s,
                };
                (stem.to_owned(), Some("not"))
            }
            "m" => (base.to_owned(), Some("am")),
            "re" => (base.to_owned(), Some("are")),
            "ve" => (base.to_owned(), Some("have")),
            "ll" => (base.to_owned(), Some("will")),
            "d" => (base.to_owned(), Some("would")),
            "s" if S_IS.contains(&base) => (base.to_owned(), Some("is")),
            "s" => (base.to_owned(), None),
            _ => (format!("{base}{suffix}"), None),
        };
        let mut out = expand_plain(&first);
        out.extend(second.map(str::to_owned));
        return out;
    }
    expand_plain(word)
}

fn expand_plain(word: &str) -> Vec<String> {
    let word = TYPOS.iter().find(|(typo, _)| *typo == word).map_or(word, |(_, fixed)| *fixed);
    let lookup = |w: &str| EXPANSIONS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v);
    let found = lookup(word).or_else(|| if is_elongated(word) { lookup(&squeeze(word)) } else { None });
    match found {
        Some(parts) => parts.iter().map(|p| (*p).to_owned()).collect(),
        None => vec![word.to_owned()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn contractions_expand_with_any_apostrophe() {
        for text in ["I can't go on", "i cant go on", "I can’t go on", "I cannot go on"] {
            assert_eq!(norms(text), ["i", "can", "not", "go", "on"], "{text}");
        }
        assert_eq!(norms("I'm done, I've tried"), ["i", "am", "done", "i", "have", "tried"]);
        assert_eq!(norms("won't wanna"), ["will", "not", "want", "to"]);
        assert_eq!(norms("life's hard, mom's car"), ["life", "is", "hard", "mom", "car"]);
    }

    #[test]
    fn spans_point_at_the_source_word() {
        let text = "Sitaki kuishi — I’m done";
        let toks = tokenize(text);
        let im: Vec<_> = toks.iter().filter(|t| &text[t.start..t.end] == "I’m").collect();
        assert_eq!(im.len(), 2);
        assert_eq!((im[0].norm.as_str(), im[1].norm.as_str()), ("i", "am"));
    }

    #[test]
    fn elongated_words_carry_a_squeezed_form() {
        let toks = tokenize("sooo tiiired of this");
        assert_eq!(toks[0].squeezed.as_deref(), Some("so"));
        assert_eq!(toks[1].squeezed.as_deref(), Some("tired"));
        assert_eq!(toks[2].squeezed, None);
        assert_eq!(norms("dontttt"), ["do", "not"]);
        assert_eq!(norms("i wnat to die"), ["i", "want", "to", "die"]);
    }

    #[test]
    fn sentences_and_clauses_are_numbered() {
        let toks = tokenize("No, I want. Yes but");
        let ids: Vec<_> = toks.iter().map(|t| (t.sentence, t.clause)).collect();
        assert_eq!(ids, [(0, 0), (0, 1), (0, 1), (1, 2), (1, 3)]);
    }

    #[test]
    fn hyphens_split_words_and_trailing_apostrophes_drop() {
        assert_eq!(norms("self-harm dogs' ku-give"), ["self", "harm", "dogs", "ku", "give"]);
    }
}
