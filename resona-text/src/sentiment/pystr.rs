//! The few Python `str` and `float` semantics VADER's behaviour depends on.
//!
//! vaderSentiment is defined by its Python code, so parity needs Python's own definitions of
//! whitespace (`str.split()`), of an upper-case word (`str.isupper()`), of punctuation
//! (`string.punctuation`) and of rounding (`round(x, n)`). Rust's nearest equivalents differ
//! in small ways that would show up on hostile or unusual text; each is pinned here.

use std::fmt::Write as _;

/// Python's `str.isspace()`: Unicode White_Space (what `char::is_whitespace` tests) plus the
/// four ASCII information separators U+001C..U+001F, which CPython counts as whitespace
/// because their bidirectional class is B or S.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.split()` with no argument: runs of whitespace separate words, and leading or
/// trailing whitespace yields no empty words.
pub(super) fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_space).filter(|w| !w.is_empty())
}

/// Python's `str.strip()` with no argument.
pub(super) fn strip(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// Python's `str.isupper()`: at least one upper-case character and no lower-case or
/// title-case one.
///
/// Python and Rust both take "upper-case" and "lower-case" from the Unicode Uppercase and
/// Lowercase properties; they agree on every character assigned in Python 3.11's Unicode 14
/// except U+0295, U+10FC and U+AB69, whose Lowercase property later Unicode versions changed.
/// Title-case letters (category Lt) have no Rust predicate, so they are listed.
pub(super) fn is_upper(word: &str) -> bool {
    let mut cased = false;
    for c in word.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// The 31 characters of general category Lt (title-case letters), unchanged since Unicode 4.
fn is_titlecase(c: char) -> bool {
    matches!(
        c,
        '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}'
            | '\u{1f88}'..='\u{1f8f}'
            | '\u{1f98}'..='\u{1f9f}'
            | '\u{1fa8}'..='\u{1faf}'
            | '\u{1fbc}' | '\u{1fcc}' | '\u{1ffc}'
    )
}

/// VADER's `_strip_punc_if_word`: strips `string.punctuation` (exactly the ASCII punctuation
/// characters) from both ends, unless two characters or fewer would remain, in which case the
/// token is likely an emoticon (`:)`, `:-(`, `<3`) and is kept whole. Lengths are in code
/// points, as Python's `len` counts them.
pub(super) fn strip_punct_if_word(token: &str) -> &str {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().nth(2).is_none() { token } else { stripped }
}

/// Python's `round(x, digits)` for `digits` of 3 or 4: the exact binary value of `x` rounded
/// to `digits` decimals, ties to even, read back as the nearest double.
///
/// Rust's `{:.N}` formatting is exact and rounds ties to even, as CPython's `double_round`
/// (which calls `_Py_dg_dtoa` in mode 3) does, and `str::parse::<f64>` is correctly rounded,
/// as `_Py_dg_strtod` is; so the two agree bit for bit. The text goes through a stack buffer,
/// not a `String`, to keep scoring free of allocations.
pub(super) fn round_to(x: f64, digits: usize) -> f64 {
    // Fast path: unless x * 10^digits is within 1e-6 of a half-integer, its nearest integer k
    // is the exact value's too (the product's rounding error is ~1e-13 here), and k / 10^digits
    // is the double nearest to that decimal because IEEE division is correctly rounded; so
    // this equals the text route bit for bit, without formatting a float (most of the cost).
    const TIE_MARGIN: f64 = 1e-6;
    let scale = match digits {
        3 => 1e3,
        4 => 1e4,
        _ => 0.0,
    };
    let y = x * scale;
    if scale > 0.0 && y.abs() < 1e12 && ((y - y.floor()) - 0.5).abs() > TIE_MARGIN {
        return y.round() / scale;
    }
    round_via_text(x, digits)
}

/// The reference route of [`round_to`]: format exactly, parse back.
fn round_via_text(x: f64, digits: usize) -> f64 {
    let mut buf = StackStr::default();
    // Values here are in [-1, 1], so the text is at most "-1.0000"; an overflow (which cannot
    // happen) would only fall back to the unrounded value.
    if write!(buf, "{x:.digits$}").is_err() {
        return x;
    }
    buf.as_str().parse().unwrap_or(x)
}

/// A fixed-capacity UTF-8 buffer for formatting short numbers without allocating.
#[derive(Default)]
struct StackStr {
    bytes: [u8; 32],
    len: usize,
}

impl StackStr {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever appended, so the prefix is valid UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for StackStr {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_pythons() {
        // CPython 3.11: [c for c in range(0x110000) if chr(c).isspace()]
        let python: Vec<u32> = [0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680]
            .into_iter()
            .chain(0x2000..=0x200a)
            .chain([0x2028, 0x2029, 0x202f, 0x205f, 0x3000])
            .collect();
        let ours: Vec<u32> =
            (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| is_space(c)).map(u32::from).collect();
        assert_eq!(ours, python);
        assert_eq!(split_words("\u{1f}a\u{a0}b  c\u{3000}").collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(strip("\u{1c} x \u{85}"), "x");
    }

    #[test]
    fn isupper_matches_python() {
        for (w, want) in [
            ("GOOD", true),
            ("Good", false),
            (":D", true),
            (":)", false),
            ("123", false),
            ("I'M", true),
            ("ÉTÉ", true),
            ("\u{1c5}A", false), // title-case Dž
            ("ΣΑΣ", true),
            ("", false),
        ] {
            assert_eq!(is_upper(w), want, "{w:?}");
        }
    }

    #[test]
    fn strip_keeps_emoticons() {
        assert_eq!(strip_punct_if_word(":)"), ":)");
        assert_eq!(strip_punct_if_word(":-("), ":-(");
        assert_eq!(strip_punct_if_word("<3"), "<3");
        assert_eq!(strip_punct_if_word(":D"), ":D");
        assert_eq!(strip_punct_if_word("good!!!"), "good");
        assert_eq!(strip_punct_if_word("'ok'"), "'ok'");
        assert_eq!(strip_punct_if_word("(café)"), "café");
        assert_eq!(strip_punct_if_word("\"é\""), "\"é\"");
        assert_eq!(strip_punct_if_word("!!!"), "!!!");
    }

    #[test]
    fn fast_rounding_equals_the_text_route() {
        // Pseudo-random values in [-1, 1] and values at and next to decimal ties.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut xs: Vec<f64> = (0..200_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 52) as f64 - 1.0
            })
            .collect();
        for k in -20_000..=20_000 {
            let tie = (f64::from(k) + 0.5) / 1e4;
            xs.extend([tie, tie.next_up(), tie.next_down(), (f64::from(k) + 0.5) / 1e3]);
        }
        for x in xs {
            for d in [3, 4] {
                assert_eq!(round_to(x, d).to_bits(), round_via_text(x, d).to_bits(), "round({x}, {d})");
            }
        }
    }

    #[test]
    fn rounding_is_pythons() {
        // Python: round(0.0625, 3) == 0.062, round(0.1875, 3) == 0.188, round(0.0005, 3) == 0.001
        // (0.0005 is slightly above the decimal tie in binary), round(5e-05, 4) == 0.0001.
        assert_eq!(round_to(0.0625, 3), 0.062);
        assert_eq!(round_to(0.1875, 3), 0.188);
        assert_eq!(round_to(0.0005, 3), 0.001);
        assert_eq!(round_to(0.0015, 3), 0.002);
        assert_eq!(round_to(5e-5, 4), 0.0001);
        assert_eq!(round_to(1.0 / 3.0, 3), 0.333);
        assert_eq!(round_to(-0.99999, 4), -1.0);
        assert_eq!(round_to(-0.00001, 4), 0.0);
        assert_eq!(round_to(1.0, 3), 1.0);
    }
}
