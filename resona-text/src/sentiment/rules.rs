//! VADER's constants and word lists, exactly as vaderSentiment 3.3.2 defines them.
//!
//! Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment
//! Analysis of Social Media Text. ICWSM-14. The values are the package's, which its authors
//! derived empirically from human ratings; they are kept at the package's printed precision.

/// Mean rating increase for a booster word ("very good" over "good").
pub(super) const B_INCR: f64 = 0.293;
/// Mean rating decrease for a dampener word ("kind of good" under "good").
pub(super) const B_DECR: f64 = -0.293;
/// Mean rating increase for a word in ALL CAPS among mixed-case words.
pub(super) const C_INCR: f64 = 0.733;
/// Factor applied to a negated word's valence.
pub(super) const N_SCALAR: f64 = -0.74;
/// Normaliser of the compound score, `x / sqrt(x² + ALPHA)`: roughly the largest summed
/// valence VADER expects.
pub(super) const ALPHA: f64 = 15.0;
/// Emphasis added per exclamation mark, for up to [`MAX_EXCLAMATIONS`].
pub(super) const EXCLAMATION_INCR: f64 = 0.292;
/// Exclamation marks past this many add nothing.
pub(super) const MAX_EXCLAMATIONS: usize = 4;
/// Emphasis per question mark when a text has two or three.
pub(super) const QUESTION_INCR: f64 = 0.18;
/// Emphasis for four or more question marks.
pub(super) const QUESTION_MAX: f64 = 0.96;
/// Weight of sentiment before a contrastive "but".
pub(super) const BEFORE_BUT: f64 = 0.5;
/// Weight of sentiment after a contrastive "but".
pub(super) const AFTER_BUT: f64 = 1.5;
/// Dampening of a booster two words before the sentiment word.
pub(super) const BOOSTER_DISTANCE_2: f64 = 0.95;
/// Dampening of a booster three words before the sentiment word.
pub(super) const BOOSTER_DISTANCE_3: f64 = 0.9;
/// Intensification of a sentiment word after "never so" / "never this".
pub(super) const NEVER_SO: f64 = 1.25;

/// VADER's `BOOSTER_DICT` lookup for one lower-case word: boosters (`B_INCR`) and dampeners
/// (`B_DECR`). The three two-word entries are in [`booster_bigram`].
pub(super) fn booster(word: &str) -> Option<f64> {
    match word {
        "absolutely" | "amazingly" | "awfully" | "completely" | "considerable" | "considerably" | "decidedly"
        | "deeply" | "effing" | "enormous" | "enormously" | "entirely" | "especially" | "exceptional"
        | "exceptionally" | "extreme" | "extremely" | "fabulously" | "flipping" | "flippin" | "frackin"
        | "fracking" | "fricking" | "frickin" | "frigging" | "friggin" | "fully" | "fuckin" | "fucking" | "fuggin"
        | "fugging" | "greatly" | "hella" | "highly" | "hugely" | "incredible" | "incredibly" | "intensely"
        | "major" | "majorly" | "more" | "most" | "particularly" | "purely" | "quite" | "really" | "remarkably"
        | "so" | "substantially" | "thoroughly" | "total" | "totally" | "tremendous" | "tremendously" | "uber"
        | "unbelievably" | "unusually" | "utter" | "utterly" | "very" => Some(B_INCR),
        "almost" | "barely" | "hardly" | "kinda" | "kindof" | "kind-of" | "less" | "little" | "marginal"
        | "marginally" | "occasional" | "occasionally" | "partly" | "scarce" | "scarcely" | "slight" | "slightly"
        | "somewhat" | "sorta" | "sortof" | "sort-of" => Some(B_DECR),
        _ => None,
    }
}

/// The two-word entries of `BOOSTER_DICT` ("just enough", "kind of", "sort of"), which VADER
/// only consults in its idiom check.
pub(super) fn booster_bigram(first: &str, second: &str) -> Option<f64> {
    match (first, second) {
        ("just", "enough") | ("kind", "of") | ("sort", "of") => Some(B_DECR),
        _ => None,
    }
}

/// VADER's `negated([word])` for one lower-case word: a word of `NEGATE`, or any word
/// containing "n't".
pub(super) fn is_english_negation(word: &str) -> bool {
    matches!(
        word,
        "aint"
            | "arent"
            | "cannot"
            | "cant"
            | "couldnt"
            | "darent"
            | "didnt"
            | "doesnt"
            | "ain't"
            | "aren't"
            | "can't"
            | "couldn't"
            | "daren't"
            | "didn't"
            | "doesn't"
            | "dont"
            | "hadnt"
            | "hasnt"
            | "havent"
            | "isnt"
            | "mightnt"
            | "mustnt"
            | "neither"
            | "don't"
            | "hadn't"
            | "hasn't"
            | "haven't"
            | "isn't"
            | "mightn't"
            | "mustn't"
            | "neednt"
            | "needn't"
            | "never"
            | "none"
            | "nope"
            | "nor"
            | "not"
            | "nothing"
            | "nowhere"
            | "oughtnt"
            | "shant"
            | "shouldnt"
            | "uhuh"
            | "wasnt"
            | "werent"
            | "oughtn't"
            | "shan't"
            | "shouldn't"
            | "uh-uh"
            | "wasn't"
            | "weren't"
            | "without"
            | "wont"
            | "wouldnt"
            | "won't"
            | "wouldn't"
            | "rarely"
            | "seldom"
            | "despite"
    ) || word.contains("n't")
}

/// VADER's `SPECIAL_CASES`: idioms and phrases whose valence replaces their words'. The
/// one-word key "badass" can never match VADER's multi-word sequences and is left out.
const SPECIAL_CASES: [(&[&str], f64); 8] = [
    (&["the", "shit"], 3.0),
    (&["the", "bomb"], 3.0),
    (&["bad", "ass"], 1.5),
    (&["bus", "stop"], 0.0),
    (&["yeah", "right"], -2.0),
    (&["kiss", "of", "death"], -1.5),
    (&["to", "die", "for"], 3.0),
    (&["beating", "heart"], 3.5),
];

/// Looks up a sequence of lower-case words in `SPECIAL_CASES`.
///
/// VADER joins the words with spaces and looks the string up; words never contain whitespace
/// (they come from `str.split()`), so comparing word by word is the same test.
pub(super) fn special_case(words: &[&str]) -> Option<f64> {
    SPECIAL_CASES.iter().find(|(key, _)| *key == words).map(|&(_, v)| v)
}

// `SENTIMENT_LADEN_IDIOMS` ("cut the mustard", "under the weather", ...) is defined in 3.3.2
// but its check, `_sentiment_laden_idioms_check`, is never called ("future work" in the
// source), so it is not ported: porting it would break parity.

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booster_dict_has_vaders_size() {
        // BOOSTER_DICT in 3.3.2 has 84 keys: 60 boosters and 24 dampeners, 3 of them bigrams.
        let words = "absolutely amazingly awfully completely considerable considerably decidedly deeply effing \
            enormous enormously entirely especially exceptional exceptionally extreme extremely fabulously flipping \
            flippin frackin fracking fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly \
            hella highly hugely incredible incredibly intensely major majorly more most particularly purely quite \
            really remarkably so substantially thoroughly total totally tremendous tremendously uber unbelievably \
            unusually utter utterly very almost barely hardly kinda kindof kind-of less little marginal marginally \
            occasional occasionally partly scarce scarcely slight slightly somewhat sorta sortof sort-of";
        let (up, down): (Vec<_>, Vec<_>) = words.split_whitespace().map(booster).partition(|b| *b == Some(B_INCR));
        assert_eq!((up.len(), down.len()), (60, 21));
        assert!(down.iter().all(|b| *b == Some(B_DECR)));
        assert_eq!(booster_bigram("kind", "of"), Some(B_DECR));
        assert_eq!(booster("kind of"), None);
    }

    #[test]
    fn negations() {
        assert!(is_english_negation("not"));
        assert!(is_english_negation("isn't"));
        assert!(is_english_negation("shouldn't've"));
        assert!(!is_english_negation("no"));
        assert!(!is_english_negation("least"));
    }

    #[test]
    fn special_cases() {
        assert_eq!(special_case(&["kiss", "of", "death"]), Some(-1.5));
        assert_eq!(special_case(&["bus", "stop"]), Some(0.0));
        assert_eq!(special_case(&["the", "bomb", "x"]), None);
    }
}
