//! The tokenizer shared by the emotion model's trainer and its inference.
//!
//! Training (`examples/src/bin/train-text-emotion.rs`) and [`EmotionClassifier`] both call
//! [`tokenize`], so a message is split the same way when the weights are learnt and when they
//! are applied; any change here changes the model's inputs and needs a retrained model (and a
//! new format version, see `model.rs`).
//!
//! [`EmotionClassifier`]: super::EmotionClassifier

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Emoticons kept as single tokens, written in lower case (matching happens after lowering,
/// so `:D` and `:d` are one token). An emoticon counts only when it stands alone: preceded
/// by the start of the text or whitespace and followed by the end, whitespace or `.,!?`,
/// so the `:/` of `https://` or the `:p` of `a:page` is never one.
const EMOTICONS: [&str; 34] = [
    ":'-(", ">:-(", ":-)", ":-(", ":-d", ":-p", ":-/", ":-o", ":-|", ";-)", ":'(", ">:(", "</3", "^_^", "-_-", "t_t",
    "o_o", ":)", ":(", ":d", ":p", ":/", ":o", ":|", ";)", ":3", ":*", "<3", "=)", "=(", "=d", "^^", ":]", ":[",
];

/// Splits a message into the emotion model's tokens.
///
/// Steps, in order:
///
/// 1. **NFC**, so composed and decomposed spellings ("café" with `é` or with `e` + U+0301)
///    give the same tokens; then **lower case** (Unicode-aware).
/// 2. **Emoticons** from a fixed list (`:)`, `:-(`, `:d`, `<3`, `;)`, `-_-`, ...) become one
///    token each when they stand alone between spaces.
/// 3. **Emoji** (pictographs, symbols and flags' regional indicators) become one token per
///    pictograph; skin-tone modifiers, variation selectors and zero-width joiners are
///    dropped, so 👍🏽 and 👍 are the same token `👍` and a ZWJ family is its members.
/// 4. **Words** are runs of alphanumeric characters in any script (digits included), with
///    apostrophes (`'` or `’`, written as `'`) kept inside a word: "don’t" is `don't`.
/// 5. **Punctuation**: a run of `!` is `!` (one) or `!!` (two or more), likewise `?` and
///    `??`, and a run of two or more `.` or `…` is `...`; all other punctuation and
///    symbols separate tokens and are dropped.
///
/// Never panics; any valid UTF-8 is accepted and the empty string gives no tokens.
///
/// ```
/// use resona_text::emotion::tokenize;
///
/// assert_eq!(tokenize("I DON’T like it!!! :( 👍🏽"), ["i", "don't", "like", "it", "!!", ":(", "👍"]);
/// assert_eq!(tokenize("Ninafurahi sana... [NAME]?"), ["ninafurahi", "sana", "...", "name", "?"]);
/// ```
#[must_use]
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Tokens::default();
    tokenize_into(text, &mut tokens);
    tokens.iter().map(str::to_owned).collect()
}

/// The tokens of one message in one buffer: [`tokenize`] without an allocation per token,
/// for the classifier's hot path.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    text: String,
    /// End of each token in `text`; a token starts where the previous one ends.
    ends: Vec<usize>,
}

impl Tokens {
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The `i`th token, if there is one.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// The tokens in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// NFC, then lower case. ASCII text is already NFC and lowers byte by byte, so it skips the
/// normalisation check (same result, a fraction of the time).
fn lower_nfc(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_lowercase(),
        _ => text.nfc().collect::<String>().to_lowercase(),
    }
}

/// [`tokenize`] into `out`, which is cleared first.
pub(crate) fn tokenize_into(text: &str, out: &mut Tokens) {
    out.text.clear();
    out.ends.clear();
    let lowered = lower_nfc(text);
    let chars: Vec<char> = lowered.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(len) = emoticon_at(&chars, i) {
            out.text.extend(&chars[i..i + len]);
            out.ends.push(out.text.len());
            i += len;
        } else if is_word_char(c) {
            let start = i;
            while i < chars.len() {
                let c = chars[i];
                if is_word_char(c) {
                    out.text.push(c);
                } else if is_apostrophe(c) && i > start && chars.get(i + 1).copied().is_some_and(is_word_char) {
                    out.text.push('\'');
                } else {
                    break;
                }
                i += 1;
            }
            out.ends.push(out.text.len());
        } else if is_emoji(c) {
            out.text.push(c);
            out.ends.push(out.text.len());
            i += 1;
        } else if c == '!' || c == '?' {
            let run = run_len(&chars, i, |x| x == c);
            out.text.push(c);
            if run > 1 {
                out.text.push(c);
            }
            out.ends.push(out.text.len());
            i += run;
        } else if c == '.' || c == '…' {
            let run = run_len(&chars, i, |x| x == '.' || x == '…');
            if run >= 2 || c == '…' {
                out.push_str("...");
            }
            i += run;
        } else {
            i += 1;
        }
    }
}

fn run_len(chars: &[char], start: usize, pred: impl Fn(char) -> bool) -> usize {
    chars[start..].iter().take_while(|&&c| pred(c)).count()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Length in chars of a standalone emoticon starting at `i`, longest match first.
fn emoticon_at(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && !chars[i - 1].is_whitespace() {
        return None;
    }
    let first = chars[i];
    EMOTICONS.iter().find_map(|e| {
        // Most positions start no emoticon; the first character rules them out cheaply.
        if !e.starts_with(first) {
            return None;
        }
        let len = e.chars().count();
        let matches = chars.len() >= i + len && chars[i..i + len].iter().copied().eq(e.chars());
        let ends = chars.get(i + len).is_none_or(|&n| n.is_whitespace() || matches!(n, '.' | ',' | '!' | '?'));
        (matches && ends).then_some(len)
    })
}

/// Pictographic code points that carry meaning on their own. Modifiers (skin tones
/// U+1F3FB..=U+1F3FF), variation selectors and U+200D (ZWJ) are not in these ranges and
/// are dropped as punctuation is.
fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1F3FA | 0x1F400..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF
        | 0x2190..=0x21FF | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122)
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    #[test]
    fn words_are_lowercased_and_split_on_punctuation() {
        assert_eq!(tokenize("Hello, World; it's-fine"), ["hello", "world", "it's", "fine"]);
        assert_eq!(tokenize(""), Vec::<String>::new());
        assert_eq!(tokenize("   \t\n"), Vec::<String>::new());
    }

    #[test]
    fn apostrophes_stay_inside_words_only() {
        assert_eq!(tokenize("don’t 'quoted' rock'n'roll"), ["don't", "quoted", "rock'n'roll"]);
        assert_eq!(tokenize("'''"), Vec::<String>::new());
    }

    #[test]
    fn exclamation_and_question_runs_are_capped() {
        assert_eq!(tokenize("no! no!!!! why?? ok?!"), ["no", "!", "no", "!!", "why", "??", "ok", "?", "!"]);
        assert_eq!(tokenize("well.. fine. so…"), ["well", "...", "fine", "so", "..."]);
    }

    #[test]
    fn emoji_are_tokens_without_modifiers() {
        assert_eq!(tokenize("love it😍😍"), ["love", "it", "😍", "😍"]);
        assert_eq!(tokenize("👍🏽👍"), ["👍", "👍"]);
        assert_eq!(tokenize("❤️ ok"), ["❤", "ok"]);
        assert_eq!(tokenize("👨‍👩‍👧"), ["👨", "👩", "👧"]);
    }

    #[test]
    fn emoticons_only_when_standalone() {
        assert_eq!(tokenize("great :) but :-( and <3"), ["great", ":)", "but", ":-(", "and", "<3"]);
        assert_eq!(tokenize("LOL :D"), ["lol", ":d"]);
        assert_eq!(tokenize("see https://x.io"), ["see", "https", "x", "io"]);
        assert_eq!(tokenize("sad :(."), ["sad", ":("]);
    }

    #[test]
    fn multibyte_scripts_and_nfc() {
        assert_eq!(tokenize("CAFÉ café cafe\u{301}"), ["café", "café", "café"]);
        assert_eq!(tokenize("Nimechoka SANA"), ["nimechoka", "sana"]);
        assert_eq!(tokenize("Привет мир"), ["привет", "мир"]);
        assert_eq!(tokenize("日本語です。"), ["日本語です"]);
        assert_eq!(tokenize("ΣΟΦΙΑ"), ["σοφια"]);
    }

    #[test]
    fn goemotions_placeholders() {
        assert_eq!(tokenize("[NAME] is here"), ["name", "is", "here"]);
    }
}
