//! Features of a message and their TF-IDF weighting, shared by trainer and inference.
//!
//! A message's features are strings derived from its [`tokenize`] tokens: the tokens
//! themselves (unigrams), adjacent pairs joined by a space (bigrams), and optionally
//! character n-grams of each word. They are weighted as scikit-learn's
//! `TfidfVectorizer(sublinear_tf=True)` weights them: `(1 + ln count) * idf`, then the
//! vector is scaled to unit L2 norm. Features missing from the model's vocabulary are
//! ignored, before the norm is taken, as scikit-learn ignores them.

use std::collections::HashMap;

use super::tokenize::tokenize;

/// Which kinds of feature a model uses; stored in the model file's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureKinds {
    /// Adjacent token pairs, written `"first second"`.
    pub bigrams: bool,
    /// Character n-grams of words (not of emoji or punctuation tokens), from `char_min` to
    /// `char_max` characters of the word padded with `<` and `>`, written `"#<wo"`. Zero
    /// `char_max` means none.
    pub char_min: u8,
    /// Longest character n-gram; see [`FeatureKinds::char_min`].
    pub char_max: u8,
}

impl FeatureKinds {
    /// Unigrams and bigrams, no character n-grams.
    pub const WORDS: Self = Self { bigrams: true, char_min: 0, char_max: 0 };

    /// Feature strings of `text`, with repeats (a feature seen twice is listed twice).
    #[must_use]
    pub fn extract(&self, text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        let mut out = Vec::with_capacity(tokens.len() * 2);
        for (i, t) in tokens.iter().enumerate() {
            out.push(t.clone());
            if self.bigrams {
                if let Some(next) = tokens.get(i + 1) {
                    out.push(format!("{t} {next}"));
                }
            }
            if self.char_max > 0 && t.chars().next().is_some_and(char::is_alphanumeric) {
                let padded: Vec<char> = std::iter::once('<').chain(t.chars()).chain(std::iter::once('>')).collect();
                for n in usize::from(self.char_min.max(1))..=usize::from(self.char_max) {
                    for w in padded.windows(n) {
                        let mut s = String::with_capacity(n * 2 + 1);
                        s.push('#');
                        s.extend(w);
                        out.push(s);
                    }
                }
            }
        }
        out
    }
}

/// Sublinear TF-IDF vector of a message's features, as sorted `(index, value)` pairs with
/// unit L2 norm (empty when no feature is in the vocabulary).
///
/// `index_of` maps a feature string to its vocabulary index, `idf[index]` is that
/// feature's inverse document frequency.
pub fn tfidf<'a>(
    features: impl IntoIterator<Item = &'a str>,
    index_of: impl Fn(&str) -> Option<u32>,
    idf: &[f32],
) -> Vec<(u32, f32)> {
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for f in features {
        if let Some(i) = index_of(f) {
            *counts.entry(i).or_insert(0) += 1;
        }
    }
    let mut v: Vec<(u32, f32)> = counts
        .into_iter()
        .map(|(i, c)| (i, (1.0 + (c as f32).ln()) * idf.get(i as usize).copied().unwrap_or(0.0)))
        .collect();
    v.sort_unstable_by_key(|&(i, _)| i);
    let norm = v.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, x) in &mut v {
            *x /= norm;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unigrams_bigrams_and_char_ngrams() {
        assert_eq!(FeatureKinds::WORDS.extract("Not happy!"), ["not", "not happy", "happy", "happy !", "!"]);
        let kinds = FeatureKinds { bigrams: false, char_min: 3, char_max: 3 };
        assert_eq!(kinds.extract("ok 😀"), ["ok", "#<ok", "#ok>", "😀"]);
    }

    #[test]
    fn tfidf_is_sublinear_and_unit_norm() {
        let vocab = |f: &str| match f {
            "a" => Some(0),
            "b" => Some(1),
            _ => None,
        };
        let v = tfidf(["a", "a", "b", "zzz"], vocab, &[1.0, 2.0]);
        let a = 1.0 + 2f32.ln();
        let n = (a * a + 4.0).sqrt();
        assert_eq!(v.len(), 2);
        assert!((v[0].1 - a / n).abs() < 1e-6 && (v[1].1 - 2.0 / n).abs() < 1e-6);
        assert!(tfidf(["zzz"], vocab, &[1.0, 2.0]).is_empty());
    }
}
