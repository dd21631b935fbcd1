//! VADER's scoring, ported rule for rule from vaderSentiment 3.3.2's
//! `SentimentIntensityAnalyzer.polarity_scores`, plus the Swahili hooks.
//!
//! The port keeps the Python's order of floating-point operations, so results are the same
//! doubles, and keeps its quirks where they change scores: the "but" weighting finds each
//! sentiment by value (`list.index`), not by position; a sentiment word in ALL CAPS whose
//! valence has been zeroed gets the negative caps increment; a word is only checked for
//! boosters and negation when the word before it is not itself in the lexicon. Each function
//! names the Python method it ports.

use super::Sentiment;
use super::lexicon::{Lexicons, SwahiliRole};
use super::pystr;
use super::rules::*;
use std::collections::{BTreeSet, HashMap};

/// Buffers [`score`] reuses between calls.
#[derive(Debug, Default, Clone)]
pub(super) struct Work {
    /// The text with emoji replaced by their descriptions, when it has any.
    replaced: String,
    /// Lower-case words, end to end; tokens hold spans into it.
    lower: String,
    tokens: Vec<Token>,
    sentiments: Vec<f64>,
    nonzero: Vec<usize>,
}

/// One word of `SentiText.words_and_emoticons`, with everything the rules ask about it
/// looked up once.
#[derive(Debug, Default, Clone, Copy)]
struct Token {
    /// Span of the lower-case word in [`Work::lower`].
    start: usize,
    end: usize,
    /// `word.isupper()` of the word as written.
    upper: bool,
    /// Valence when the word is in the lexicon (VADER's, or a Swahili word or phrase start).
    valence: Option<f64>,
    /// VADER's `negated([word])`, or a Swahili negator.
    negation: bool,
    /// A Swahili degree adverb modifying the word before it.
    post_booster: Option<f64>,
    /// "but", or a Swahili contrastive conjunction.
    contrast: bool,
    /// A non-first word of a matched Swahili phrase: neutral, and skipped.
    in_phrase: bool,
}

/// The text's words and the facts shared by every rule.
struct Words<'a> {
    lower: &'a str,
    tokens: &'a [Token],
    /// `SentiText.is_cap_diff`: some, but not all, words are in ALL CAPS.
    cap_diff: bool,
    swahili: bool,
}

impl Words<'_> {
    fn len(&self) -> usize {
        self.tokens.len()
    }

    fn w(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.lower[t.start..t.end]
    }

    fn in_lexicon(&self, i: usize) -> bool {
        self.tokens[i].valence.is_some()
    }

    /// `sentiment_valence`: the valence of word `i` after every rule that looks around it.
    fn sentiment_valence(&self, i: usize) -> f64 {
        let Some(base) = self.tokens[i].valence else { return 0.0 };
        let n = self.len();
        let mut valence = base;
        // "no" before a lexicon word negates it instead of counting as negative itself.
        if self.w(i) == "no" && i != n - 1 && self.in_lexicon(i + 1) {
            valence = 0.0;
        }
        if (i > 0 && self.w(i - 1) == "no")
            || (i > 1 && self.w(i - 2) == "no")
            || (i > 2 && self.w(i - 3) == "no" && matches!(self.w(i - 1), "or" | "nor"))
        {
            valence = base * N_SCALAR;
        }
        if self.tokens[i].upper && self.cap_diff {
            valence = if valence > 0.0 { valence + C_INCR } else { valence - C_INCR };
        }
        if self.swahili {
            valence = self.swahili_post_boost(valence, i);
        }
        for start_i in 0..3 {
            let j = i.wrapping_sub(start_i + 1);
            if i > start_i && !self.in_lexicon(j) {
                let mut s = self.scalar_inc_dec(j, valence);
                if start_i == 1 && s != 0.0 {
                    s *= BOOSTER_DISTANCE_2;
                }
                if start_i == 2 && s != 0.0 {
                    s *= BOOSTER_DISTANCE_3;
                }
                valence += s;
                valence = self.negation_check(valence, start_i, i);
                if start_i == 2 {
                    valence = self.special_idioms_check(valence, i);
                }
            }
        }
        self.least_check(valence, i)
    }

    /// `scalar_inc_dec`: the booster or dampener effect of word `j` on a word of `valence`.
    fn scalar_inc_dec(&self, j: usize, valence: f64) -> f64 {
        let Some(mut scalar) = booster(self.w(j)) else { return 0.0 };
        if valence < 0.0 {
            scalar *= -1.0;
        }
        if self.tokens[j].upper && self.cap_diff {
            scalar = if valence > 0.0 { scalar + C_INCR } else { scalar - C_INCR };
        }
        scalar
    }

    /// Swahili degree adverbs follow the word they modify ("nzuri sana", very good; "nimechoka
    /// kidogo", a little tired), so VADER's look-back misses them. Up to two in a row are applied
    /// the way VADER applies a booster one and two words away, before negation is checked.
    fn swahili_post_boost(&self, mut valence: f64, i: usize) -> f64 {
        let mut j = i + 1;
        while j < self.len() && self.tokens[j].in_phrase {
            j += 1;
        }
        for (k, distance) in [(j, 1.0), (j + 1, BOOSTER_DISTANCE_2)] {
            let Some(token) = self.tokens.get(k) else { break };
            let Some(b) = token.post_booster else { break };
            let mut scalar = if valence < 0.0 { -b } else { b };
            if token.upper && self.cap_diff {
                scalar = if valence > 0.0 { scalar + C_INCR } else { scalar - C_INCR };
            }
            valence += scalar * distance;
        }
        valence
    }

    /// `_negation_check` for the word `start_i + 1` places before word `i`.
    fn negation_check(&self, valence: f64, start_i: usize, i: usize) -> f64 {
        let negated = |j: usize| self.tokens[j].negation;
        let so_this = |j: usize| matches!(self.w(j), "so" | "this");
        match start_i {
            0 if negated(i - 1) => valence * N_SCALAR,
            1 if self.w(i - 2) == "never" && so_this(i - 1) => valence * NEVER_SO,
            1 if self.w(i - 2) == "without" && self.w(i - 1) == "doubt" => valence,
            1 if negated(i - 2) => valence * N_SCALAR,
            // Python's `a and b or c` binds as `(a and b) or c`: a "so"/"this" right before the
            // word intensifies it whatever comes three words back.
            2 if (self.w(i - 3) == "never" && so_this(i - 2)) || so_this(i - 1) => valence * NEVER_SO,
            2 if self.w(i - 3) == "without" && (self.w(i - 2) == "doubt" || self.w(i - 1) == "doubt") => valence,
            2 if negated(i - 3) => valence * N_SCALAR,
            _ => valence,
        }
    }

    /// `_special_idioms_check`, reached only when `i >= 3`.
    fn special_idioms_check(&self, mut valence: f64, i: usize) -> f64 {
        let (w3, w2, w1, w0) = (self.w(i - 3), self.w(i - 2), self.w(i - 1), self.w(i));
        let sequences: [&[&str]; 5] = [&[w1, w0], &[w2, w1, w0], &[w2, w1], &[w3, w2, w1], &[w3, w2]];
        if let Some(v) = sequences.iter().find_map(|s| special_case(s)) {
            valence = v;
        }
        let n = self.len();
        if n - 1 > i {
            if let Some(v) = special_case(&[w0, self.w(i + 1)]) {
                valence = v;
            }
        }
        if n - 1 > i + 1 {
            if let Some(v) = special_case(&[w0, self.w(i + 1), self.w(i + 2)]) {
                valence = v;
            }
        }
        // VADER also tries the trigram (w3 w2 w1) against BOOSTER_DICT, which has no
        // three-word key.
        for (a, b) in [(w3, w2), (w2, w1)] {
            if let Some(s) = booster_bigram(a, b) {
                valence += s;
            }
        }
        valence
    }

    /// `_least_check`: "least" before a word negates it, except in "at least" and "very least".
    fn least_check(&self, valence: f64, i: usize) -> f64 {
        let least_before = |i: usize| !self.in_lexicon(i - 1) && self.w(i - 1) == "least";
        if i > 1 && least_before(i) {
            if self.w(i - 2) != "at" && self.w(i - 2) != "very" {
                return valence * N_SCALAR;
            }
        } else if i > 0 && least_before(i) {
            return valence * N_SCALAR;
        }
        valence
    }
}

/// Scores `text` (already NFC) as `polarity_scores` does; also returns how many Swahili
/// lexicon entries matched (always 0 when `swahili` is off).
pub(super) fn score(lex: &Lexicons, swahili: bool, text: &str, work: &mut Work) -> (Sentiment, usize) {
    let Work { replaced, lower, tokens, sentiments, nonzero } = work;
    let text: &str = if has_emoji(lex, text) {
        replace_emoji(lex, text, replaced);
        replaced
    } else {
        text
    };
    tokenize(text, lower, tokens);
    if tokens.is_empty() {
        return (Sentiment::default(), 0);
    }
    let hits = look_up(lex, swahili, lower, tokens);
    let allcaps = tokens.iter().filter(|t| t.upper).count();
    let words = Words { lower, tokens, cap_diff: allcaps > 0 && allcaps < tokens.len(), swahili };

    sentiments.clear();
    for i in 0..words.len() {
        let token = &words.tokens[i];
        let w = words.w(i);
        let modifier = booster(w).is_some() || token.post_booster.is_some() || token.in_phrase;
        if modifier || (i + 1 < words.len() && w == "kind" && words.w(i + 1) == "of") {
            sentiments.push(0.0);
        } else {
            sentiments.push(words.sentiment_valence(i));
        }
    }
    if let Some(bi) = tokens.iter().position(|t| t.contrast) {
        but_check(sentiments, bi, nonzero);
    }
    (score_valence(sentiments, text), hits)
}

fn has_emoji(lex: &Lexicons, text: &str) -> bool {
    text.chars().any(|c| (lex.emoji_has_ascii || !c.is_ascii()) && lex.emoji.contains_key(&c))
}

/// The emoji loop of `polarity_scores`: each emoji becomes its description, preceded by a
/// space unless the previous character was U+0020, and followed by nothing, so "😁x" becomes
/// "beaming face with smiling eyesx", as in VADER. Its final `strip()` changes neither the
/// words nor the punctuation count and is skipped.
fn replace_emoji(lex: &Lexicons, text: &str, out: &mut String) {
    out.clear();
    let mut prev_space = true;
    for c in text.chars() {
        if let Some(description) = lex.emoji.get(&c) {
            if !prev_space {
                out.push(' ');
            }
            out.push_str(description);
            prev_space = false;
        } else {
            out.push(c);
            prev_space = c == ' ';
        }
    }
}

/// `SentiText._words_and_emoticons`: whitespace-separated words with surrounding punctuation
/// stripped (emoticons kept), lower-cased once for every later comparison.
fn tokenize(text: &str, lower: &mut String, tokens: &mut Vec<Token>) {
    lower.clear();
    tokens.clear();
    for raw in pystr::split_words(text) {
        let word = pystr::strip_punct_if_word(raw);
        let start = lower.len();
        if word.is_ascii() {
            lower.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            // Full Unicode lower-casing with the final-sigma rule, as Python's `str.lower`.
            lower.push_str(&word.to_lowercase());
        }
        tokens.push(Token { start, end: lower.len(), upper: pystr::is_upper(word), ..Token::default() });
    }
}

/// Looks every word up once: VADER's lexicon and word lists, then (when enabled, and only for
/// words VADER does not know) the Swahili lexicon. Returns the number of Swahili matches.
fn look_up(lex: &Lexicons, swahili: bool, lower: &str, tokens: &mut [Token]) -> usize {
    let word = |t: &Token| &lower[t.start..t.end];
    let mut hits = 0;
    let mut i = 0;
    while i < tokens.len() {
        let w = word(&tokens[i]);
        let t = &mut tokens[i];
        t.valence = lex.vader.get(w).copied();
        t.negation = is_english_negation(w);
        t.contrast = w == "but";
        i += 1;
        if !swahili || t.valence.is_some() || t.negation || booster(w).is_some() {
            continue;
        }
        let phrase = lex.phrases.get(w).and_then(|list| {
            list.iter().find(|p| {
                p.rest.len() <= tokens.len() - i && p.rest.iter().zip(&tokens[i..]).all(|(r, t)| *r == word(t))
            })
        });
        if let Some(p) = phrase {
            tokens[i - 1].valence = Some(p.valence);
            for t in &mut tokens[i..i + p.rest.len()] {
                t.in_phrase = true;
            }
            i += p.rest.len();
            hits += 1;
            continue;
        }
        let t = &mut tokens[i - 1];
        match lex.swahili.get(w) {
            Some(SwahiliRole::Valence(v)) => t.valence = Some(*v),
            Some(SwahiliRole::Negator) => t.negation = true,
            Some(SwahiliRole::Booster(b)) => t.post_booster = Some(*b),
            Some(SwahiliRole::Contrast) => t.contrast = true,
            None => continue,
        }
        hits += 1;
    }
    hits
}

/// `_but_check`: sentiments before the first "but" count half, after it one and a half.
///
/// VADER finds each sentiment's position with `list.index(value)`, the first position holding
/// an equal value, while it rewrites the list; with repeated values that reweights an earlier
/// word twice and a later one not at all. The port reproduces this. Zeros stay zero whatever
/// happens, so only the non-zero entries are simulated: by linear search when there are few,
/// through an index of positions by value when a long text could make that quadratic.
fn but_check(sentiments: &mut [f64], bi: usize, nonzero: &mut Vec<usize>) {
    nonzero.clear();
    nonzero.extend((0..sentiments.len()).filter(|&k| sentiments[k] != 0.0));
    let weight = |si: usize, s: f64| match si.cmp(&bi) {
        std::cmp::Ordering::Less => Some(s * BEFORE_BUT),
        std::cmp::Ordering::Greater => Some(s * AFTER_BUT),
        std::cmp::Ordering::Equal => None,
    };
    if nonzero.len() <= 64 {
        for &k in nonzero.iter() {
            let s = sentiments[k];
            let si = nonzero.iter().copied().find(|&p| sentiments[p] == s).unwrap_or(k);
            if let Some(v) = weight(si, s) {
                sentiments[si] = v;
            }
        }
        return;
    }
    // Non-zero finite doubles are equal exactly when their bits are.
    let mut by_value: HashMap<u64, BTreeSet<usize>> = HashMap::new();
    for &p in nonzero.iter() {
        by_value.entry(sentiments[p].to_bits()).or_default().insert(p);
    }
    for &k in nonzero.iter() {
        let s = sentiments[k];
        let Some(si) = by_value.get_mut(&s.to_bits()).and_then(BTreeSet::pop_first) else { continue };
        match weight(si, s) {
            Some(v) => {
                sentiments[si] = v;
                by_value.entry(v.to_bits()).or_default().insert(si);
            }
            None => {
                by_value.entry(s.to_bits()).or_default().insert(si);
            }
        }
    }
}

/// `score_valence` with `_punctuation_emphasis`, `normalize` and `_sift_sentiment_scores`.
fn score_valence(sentiments: &[f64], text: &str) -> Sentiment {
    // Python's sum() starts from the integer 0 and adds left to right.
    let sum = sentiments.iter().fold(0.0, |acc, &s| acc + s);
    let exclamations = text.bytes().filter(|&b| b == b'!').count().min(MAX_EXCLAMATIONS);
    let questions = text.bytes().filter(|&b| b == b'?').count();
    let question_amp = match questions {
        0 | 1 => 0.0,
        2 | 3 => questions as f64 * QUESTION_INCR,
        _ => QUESTION_MAX,
    };
    let amp = exclamations as f64 * EXCLAMATION_INCR + question_amp;
    let emphasised = if sum > 0.0 {
        sum + amp
    } else if sum < 0.0 {
        sum - amp
    } else {
        sum
    };
    let compound = (emphasised / (emphasised * emphasised + ALPHA).sqrt()).clamp(-1.0, 1.0);

    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0, 0.0, 0usize);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0; // +1 compensates for neutral words counting 1 each
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1;
        }
    }
    if pos_sum > f64::abs(neg_sum) {
        pos_sum += amp;
    } else if pos_sum < f64::abs(neg_sum) {
        neg_sum -= amp;
    }
    let total = pos_sum + f64::abs(neg_sum) + neu_count as f64;
    Sentiment {
        negative: pystr::round_to(f64::abs(neg_sum / total), 3),
        neutral: pystr::round_to(f64::abs(neu_count as f64 / total), 3),
        positive: pystr::round_to(f64::abs(pos_sum / total), 3),
        compound: pystr::round_to(compound, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `_but_check` exactly as written in Python, quadratic and all.
    fn but_check_reference(sentiments: &mut Vec<f64>, bi: usize) {
        for k in 0..sentiments.len() {
            let s = sentiments[k];
            let si = sentiments.iter().position(|&x| x == s).unwrap();
            if si < bi {
                sentiments.remove(si);
                sentiments.insert(si, s * 0.5);
            } else if si > bi {
                sentiments.remove(si);
                sentiments.insert(si, s * 1.5);
            }
        }
    }

    #[test]
    fn but_check_reweights_by_value_like_python() {
        // VADER on "good good but good": the first "good" is found three times.
        let mut s = vec![1.9, 1.9, 0.0, 1.9];
        but_check(&mut s, 2, &mut Vec::new());
        let mut r = vec![1.9, 1.9, 0.0, 1.9];
        but_check_reference(&mut r, 2);
        assert_eq!(s, r);
        assert_eq!(s, [0.95, 0.95, 0.0, 1.9 * 1.5]);
    }

    proptest! {
        #[test]
        fn but_check_matches_reference(
            values in proptest::collection::vec(prop_oneof![Just(0.0), Just(1.9), Just(-2.5), Just(0.95), -3.0..3.0f64], 1..200),
            bi in 0usize..200,
        ) {
            let bi = bi % values.len();
            let mut fast = values.clone();
            but_check(&mut fast, bi, &mut Vec::new());
            let mut slow = values;
            but_check_reference(&mut slow, bi);
            prop_assert_eq!(fast, slow);
        }
    }
}
