//! PII redaction: personal details replaced by typed placeholders before text leaves the
//! device.
//!
//! [`PiiRedactor::redact`] finds, with small hand-written scanners (no regular expressions,
//! so no extra dependency and linear time on any input):
//!
//! - **e-mail** (`[EMAIL]`): a local part of letters (any script, as internationalised
//!   addresses allow), digits and `._%+-`, an `@`, and a domain of dot-separated labels whose
//!   last label has at least two letters;
//! - **URL** (`[URL]`): text starting `http://`, `https://` or `www.` up to the next
//!   whitespace, and bare domains whose last label is a common top-level domain
//!   (`example.com`, `shop.co.ke/offers`); trailing punctuation (`.,;:!?)]}'"`) is left out,
//!   as it usually ends the sentence;
//! - **phone** (`[PHONE]`): a run of digits with single spaces, hyphens or parentheses between
//!   them that is, counting digits only, `+` and 8 to 15 digits (E.164: `+254 712 345 678`,
//!   `+1 (555) 123-4567`), `254` and 12 digits (a Kenyan number without the `+`), or `0` and
//!   10 or 11 digits (a national number with its trunk prefix: Kenyan `0712 345 678`,
//!   `0110 123 456`, Nairobi `020 2222222`);
//! - **id** (`[ID]`): otherwise, an unseparated run of at least [`PiiConfig::min_id_digits`]
//!   digits (national ids, account and M-Pesa codes, card numbers typed together) or a
//!   card-like run of 4-digit groups with 12 to 19 digits (`4111 1111 1111 1111`). Dates
//!   (`2024-01-05`), times and amounts with thousands separators (`1,000,000`) are not ids;
//!   an unseparated amount such as `1000000` is, which errs on the side of privacy;
//! - **name** (`[NAME]`): the words after a self-introduction. After "my name is", "my
//!   name's", "naitwa", "mimi naitwa" and "jina langu ni" the next word is a name even in lower
//!   case (people type "my name is john"), unless it is a common word ("my name is not
//!   important"); after "I'm called", "I am called" and "call me", which also open ordinary
//!   sentences, it must be capitalised. Up to two more capitalised words follow (a full name).
//!
//! Digits glued to a letter before them (`abc123456`) are no phone or id, and a URL never
//! starts inside a word.
//! When candidates overlap, the one starting first wins, then the longer one, so an e-mail
//! inside a URL is redacted as part of the URL and never leaves an `@` address behind.

use resona_core::{ConfigError, Limits, Result};

use super::Span;
use super::tokens::{PhraseMatcher, Token, in_list, words};

/// A kind of personal detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PiiKind {
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A URL or domain name.
    Url,
    /// A long digit id (national id, account, card number).
    Id,
    /// A person's name after a self-introduction.
    Name,
}

impl PiiKind {
    /// Stable snake_case name: `email`, `phone`, `url`, `id` or `name`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Url => "url",
            Self::Id => "id",
            Self::Name => "name",
        }
    }

    /// The placeholder that replaces this kind: `[EMAIL]`, `[PHONE]`, `[URL]`, `[ID]` or
    /// `[NAME]`.
    #[must_use]
    pub const fn placeholder(self) -> &'static str {
        match self {
            Self::Email => "[EMAIL]",
            Self::Phone => "[PHONE]",
            Self::Url => "[URL]",
            Self::Id => "[ID]",
            Self::Name => "[NAME]",
        }
    }
}

/// One replaced detail.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct Redaction {
    /// What it was.
    pub kind: PiiKind,
    /// Where it was in the original text.
    pub span_in_original: Span,
    /// Where its placeholder is in [`Redacted::text`].
    pub span_in_redacted: Span,
    /// The placeholder written in its place.
    pub replacement: String,
}

/// A text with its personal details replaced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct Redacted {
    /// The text with every detail replaced by its placeholder.
    pub text: String,
    /// The replacements, in text order, never overlapping.
    pub items: Vec<Redaction>,
}

/// Settings of a [`PiiRedactor`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PiiConfig {
    /// Fewest digits in an unseparated run for it to be an id. Must be >= 1. Defaults to 6
    /// (national ids and account numbers are longer; years, PINs and small counts are
    /// shorter).
    pub min_id_digits: usize,
    /// Whether self-introduced names are redacted. Defaults to `true`.
    pub names: bool,
    /// Input size limits; only [`Limits::max_text_bytes`] applies. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
}

impl Default for PiiConfig {
    fn default() -> Self {
        Self { min_id_digits: 6, names: true, limits: Limits::default() }
    }
}

impl PiiConfig {
    /// Sets [`PiiConfig::min_id_digits`].
    #[must_use]
    pub fn with_min_id_digits(mut self, min_id_digits: usize) -> Self {
        self.min_id_digits = min_id_digits;
        self
    }

    /// Sets [`PiiConfig::names`].
    #[must_use]
    pub fn with_names(mut self, names: bool) -> Self {
        self.names = names;
        self
    }

    /// Sets [`PiiConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Top-level domains recognised in bare domains (a URL with a scheme or `www.` needs none).
const TLDS: &str = "com org net edu gov io co ke tz ug rw uk info biz app dev me ly africa us ca de in ng za";

/// Words that cannot be a name after "my name is" and the like.
const NOT_NAMES: &str = "not a an the so too very hard weird long also is was on in at of and but or just really private secret \
    none nothing irrelevant important ni na si sio siri it that this what my your here there still";

#[derive(Debug, Clone, Copy, PartialEq)]
enum NameCue {
    /// The next word is a name even in lower case.
    Strong,
    /// The next word is a name only if capitalised.
    Weak,
}

const NAME_CUES: &[(&str, NameCue)] = &[
    ("my name is", NameCue::Strong),
    ("my names", NameCue::Strong),
    ("naitwa", NameCue::Strong),
    ("mimi naitwa", NameCue::Strong),
    ("jina langu ni", NameCue::Strong),
    ("im called", NameCue::Weak),
    ("i am called", NameCue::Weak),
    ("call me", NameCue::Weak),
];

/// Finds and replaces personal details.
///
/// Built once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct PiiRedactor {
    config: PiiConfig,
    name_cues: PhraseMatcher<NameCue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    start: usize,
    end: usize,
    kind: PiiKind,
}

impl PiiRedactor {
    /// Builds the redactor. `min_id_digits == 0` is a [`ConfigError::InvalidParameter`].
    pub fn new(config: PiiConfig) -> Result<Self> {
        if config.min_id_digits == 0 {
            return Err(ConfigError::InvalidParameter {
                name: "min_id_digits",
                value: config.min_id_digits.to_string(),
                rule: "must be >= 1",
            }
            .into());
        }
        Ok(Self { config, name_cues: PhraseMatcher::new(NAME_CUES.iter().copied()) })
    }

    /// The settings this redactor was built with.
    #[must_use]
    pub fn config(&self) -> &PiiConfig {
        &self.config
    }

    /// Replaces every detail in `text` by its placeholder.
    pub fn redact(&self, text: &str) -> Result<Redacted> {
        self.config.limits.check_text(text)?;
        let mut found = Vec::new();
        emails(text, &mut found);
        urls(text, &mut found);
        digit_runs(text, self.config.min_id_digits, &mut found);
        if self.config.names {
            self.names(text, &words(text), &mut found);
        }
        // Earliest first, then longest, so a URL wins over the e-mail or digits inside it.
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out = Redacted { text: String::with_capacity(text.len()), items: Vec::new() };
        let mut copied = 0;
        for mut c in found {
            if c.start < copied && c.kind == PiiKind::Email && c.end > copied {
                // The local part ran into the previous detail ("x.com+a@b.com"): keep what
                // is left of it, so no address survives next to a placeholder.
                let rest = &text[copied..c.end];
                c.start = copied + rest.len() - rest.trim_start_matches(['.', '@']).len();
                if !text[c.start..c.end].contains('@') {
                    continue;
                }
            }
            if c.start < copied || c.start == c.end {
                continue;
            }
            out.text.push_str(&text[copied..c.start]);
            let replacement = c.kind.placeholder();
            let at = out.text.len();
            out.text.push_str(replacement);
            out.items.push(Redaction {
                kind: c.kind,
                span_in_original: Span::new(c.start, c.end),
                span_in_redacted: Span::new(at, out.text.len()),
                replacement: replacement.to_string(),
            });
            copied = c.end;
        }
        out.text.push_str(&text[copied..]);
        Ok(out)
    }

    fn names(&self, text: &str, toks: &[Token], found: &mut Vec<Candidate>) {
        let capitalised = |t: &Token| text[t.start..].chars().next().is_some_and(char::is_uppercase);
        let letters = |t: &Token| text[t.start..t.end].chars().all(|c| !c.is_numeric());
        for m in self.name_cues.find(toks) {
            let Some(first) = toks.get(m.last) else { continue };
            let ok = first.sentence == toks[m.first].sentence
                && letters(first)
                && !in_list(NOT_NAMES, &first.norm)
                && (m.value == NameCue::Strong || capitalised(first));
            if !ok {
                continue;
            }
            let mut end = m.last;
            while end < toks.len()
                && end - m.last < 3
                && (end == m.last
                    || (capitalised(&toks[end])
                        && letters(&toks[end])
                        && !in_list(NOT_NAMES, &toks[end].norm)
                        && text[toks[end - 1].end..toks[end].start].chars().all(char::is_whitespace)))
            {
                end += 1;
            }
            found.push(Candidate { start: first.start, end: toks[end - 1].end, kind: PiiKind::Name });
        }
    }
}

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// Length in bytes of the longest valid domain at the start of `s` (labels of letters, digits
/// and hyphens, at least two, the last of two or more letters; internationalised letters
/// allowed), or 0. With `tld_list`, the last label must be one of [`TLDS`]. The domain may
/// end before a `.` or `-` inside the run, so "a@a.com-0000000" still yields "a.com".
fn domain_len(s: &str, tld_list: bool) -> usize {
    let run = s.find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')).unwrap_or(s.len());
    let run = &s[..run];
    let ends = run.match_indices(['.', '-']).map(|(i, _)| i).chain([run.len()]);
    let mut ends: Vec<usize> = ends.collect();
    ends.reverse();
    ends.into_iter().find(|&end| valid_domain(&run[..end], tld_list)).unwrap_or(0)
}

fn valid_domain(domain: &str, tld_list: bool) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else { return false };
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
        && (!tld_list || in_list(TLDS, &tld.to_ascii_lowercase()))
}

fn emails(text: &str, found: &mut Vec<Candidate>) {
    for (at, _) in text.match_indices('@') {
        let local_len: usize = text[..at].chars().rev().take_while(|&c| is_local(c)).map(char::len_utf8).sum();
        let start = at - text[at - local_len..at].trim_start_matches('.').len();
        if start == at {
            continue;
        }
        let len = domain_len(&text[at + 1..], false);
        if len > 0 {
            found.push(Candidate { start, end: at + 1 + len, kind: PiiKind::Email });
        }
    }
}

/// End of a URL starting at `start`: the next whitespace, minus trailing punctuation.
fn url_end(text: &str, start: usize) -> usize {
    let end = text[start..]
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .map_or(text.len(), |i| start + i);
    start + text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '\'']).len()
}

fn urls(text: &str, found: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A non-ASCII byte before is part of a letter or symbol glued to the candidate.
        let starts_word = i == 0
            || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80 || matches!(b[i - 1], b'@' | b'.' | b'-' | b'/'));
        if !starts_word || !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        let has_prefix = |p: &str| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        let end = if has_prefix("https://") || has_prefix("http://") || has_prefix("www.") {
            url_end(text, i)
        } else {
            let len = domain_len(&text[i..], true);
            let after = b.get(i + len).copied();
            if len == 0 || after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'@') {
                0
            } else if after == Some(b'/') {
                url_end(text, i)
            } else {
                i + len
            }
        };
        if end > i {
            found.push(Candidate { start: i, end, kind: PiiKind::Url });
            i = end;
        } else {
            // Skip the rest of this word: a URL never starts inside one.
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
        }
    }
}

fn digit_runs(text: &str, min_id: usize, found: &mut Vec<Candidate>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let plus = b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        let paren = b[i] == b'(' && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        let prev = if i == 0 { None } else { Some(b[i - 1]) };
        // Not glued to a word, and not the fraction or thousands group of a number ("3.14159265").
        let glued = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == b'+');
        let in_number = matches!(prev, Some(b'.' | b',')) && i >= 2 && b[i - 2].is_ascii_digit();
        let prev_ok = !glued && !in_number;
        if !(b[i].is_ascii_digit() || plus || paren) || !prev_ok {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = if plus || paren { i + 1 } else { i };
        // Groups of digits separated by at most two of ' ', '-', '(' and ')'.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        loop {
            let g = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            groups.push((g, j));
            let mut k = j;
            while k < b.len() && k - j < 2 && matches!(b[k], b' ' | b'-' | b'(' | b')') {
                k += 1;
            }
            if k > j && b.get(k).is_some_and(u8::is_ascii_digit) {
                j = k;
            } else {
                break;
            }
        }
        let end = if paren { j + usize::from(b.get(j) == Some(&b')')) } else { j };
        i = end.max(i + 1);
        if b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let digits: String = groups.iter().map(|&(a, z)| &text[a..z]).collect();
        let n = digits.len();
        let phone = (plus && (8..=15).contains(&n))
            || (!plus && digits.starts_with("254") && n == 12)
            || (!plus && digits.starts_with('0') && (10..=11).contains(&n));
        let card = groups.len() >= 3 && groups.iter().all(|&(a, z)| z - a == 4) && (12..=19).contains(&n);
        let digits_start = if plus || paren { start + 1 } else { start };
        if phone {
            found.push(Candidate { start, end, kind: PiiKind::Phone });
        } else if card || (groups.len() == 1 && n >= min_id) {
            found.push(Candidate { start: digits_start, end: j, kind: PiiKind::Id });
        } else {
            found.extend(groups.iter().filter(|&&(a, z)| z - a >= min_id).map(|&(a, z)| Candidate {
                start: a,
                end: z,
                kind: PiiKind::Id,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn red(text: &str) -> String {
        PiiRedactor::new(PiiConfig::default()).unwrap().redact(text).unwrap().text
    }

    #[test]
    fn domain_rules() {
        assert_eq!(domain_len("example.com rest", false), 11);
        assert_eq!(domain_len("example.com.", false), 11);
        assert_eq!(domain_len("exämple.com", false), 12);
        assert_eq!(domain_len("localhost", false), 0);
        assert_eq!(domain_len("a..b.com", false), 0);
        assert_eq!(domain_len("x.c0m", false), 0);
        assert_eq!(domain_len("a.com-0000000", false), 5);
        assert_eq!(domain_len("my-site.co.ke", true), 13);
        assert_eq!(domain_len("file.txt", true), 0);
    }

    #[test]
    fn digit_rules() {
        assert_eq!(red("born 2024-01-05 at 10:30"), "born 2024-01-05 at 10:30");
        assert_eq!(red("KES 1,000,000 and pi 3.14159265"), "KES 1,000,000 and pi 3.14159265");
        assert_eq!(red("id 12345678."), "id [ID].");
        assert_eq!(red("code abc123456"), "code abc123456");
        assert_eq!(red("pin 1234"), "pin 1234");
        assert_eq!(red("(020) 2222222"), "[PHONE]");
    }

    #[test]
    fn min_id_digits_is_validated() {
        let e = PiiRedactor::new(PiiConfig::default().with_min_id_digits(0)).unwrap_err();
        assert_eq!(e.code(), "invalid_parameter");
        let r = PiiRedactor::new(PiiConfig::default().with_min_id_digits(4)).unwrap();
        assert_eq!(r.redact("pin 1234").unwrap().text, "pin [ID]");
    }
}
