//! Features of a message and their TF-IDF weighting, shared by trainer and inference.
//!
//! A message's features are strings derived from its [`tokenize`](super::tokenize) tokens: the tokens
//! themselves (unigrams), adjacent pairs joined by a space (bigrams), and optionally
//! character n-grams of each word. They are weighted as scikit-learn's
//! `TfidfVectorizer(sublinear_tf=True)` weights them: `(1 + ln count) * idf`, then the
//! vector is scaled to unit L2 norm. Features missing from the model's vocabulary are
//! ignored, before the norm is taken, as scikit-learn ignores them.

use super::tokenize::{Tokens, tokenize_into};

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
        let mut tokens = Tokens::default();
        tokenize_into(text, &mut tokens);
        let mut out = Vec::with_capacity(tokens.len() * 2);
        self.for_each(&tokens, &mut FeatureScratch::default(), |f| out.push(f.to_owned()));
        out
    }

    /// Calls `f` with each feature string of `tokens`, in [`FeatureKinds::extract`]'s order.
    /// Each feature is built in `scratch` and lent to `f`, so nothing is allocated per
    /// feature.
    pub(crate) fn for_each(&self, tokens: &Tokens, scratch: &mut FeatureScratch, mut f: impl FnMut(&str)) {
        let FeatureScratch { feature, padded } = scratch;
        for (i, t) in tokens.iter().enumerate() {
            f(t);
            if self.bigrams
                && let Some(next) = tokens.get(i + 1)
            {
                feature.clear();
                feature.push_str(t);
                feature.push(' ');
                feature.push_str(next);
                f(feature);
            }
            if self.char_max > 0 && t.chars().next().is_some_and(char::is_alphanumeric) {
                padded.clear();
                padded.push('<');
                padded.extend(t.chars());
                padded.push('>');
                for n in usize::from(self.char_min.max(1))..=usize::from(self.char_max) {
                    for w in padded.windows(n) {
                        feature.clear();
                        feature.push('#');
                        feature.extend(w);
                        f(feature);
                    }
                }
            }
        }
    }
}

/// Reusable buffers of [`FeatureKinds::for_each`].
#[derive(Debug, Default)]
pub(crate) struct FeatureScratch {
    feature: String,
    padded: Vec<char>,
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
    let mut found: Vec<u32> = features.into_iter().filter_map(index_of).collect();
    tfidf_of_indices(&mut found, idf)
}

/// [`tfidf`] of the vocabulary indices of a message's features, with repeats, in any order
/// (sorted in place).
pub(crate) fn tfidf_of_indices(found: &mut [u32], idf: &[f32]) -> Vec<(u32, f32)> {
    found.sort_unstable();
    let mut v: Vec<(u32, f32)> = Vec::with_capacity(found.len());
    for run in found.chunk_by(|a, b| a == b) {
        let (i, c) = (run[0], run.len());
        v.push((i, (1.0 + (c as f32).ln()) * idf.get(i as usize).copied().unwrap_or(0.0)));
    }
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
