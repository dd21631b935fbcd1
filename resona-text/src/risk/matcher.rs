//! A small pattern language over normalised [`Token`]s, compiled once into a [`PatternSet`].
//!
//! Patterns are written in the lexicon as strings so each reads like the phrase it catches.
//! One pattern is a sequence of whitespace-separated elements:
//!
//! | element | matches |
//! |---|---|
//! | `word` | a token equal to `word`; an elongated token ("sooo") also matches when both squeeze alike |
//! | `word*` | a token starting with `word` (the whole token: `kill*` matches "killing", never "skill") |
//! | `(a b\|c)` | one of the alternatives, each a sequence of words (a `@NAME` inside expands in place; an alternative `$` holds where the clause ends) |
//! | `@NAME` | a named class of the lexicon, expanded to an alternation |
//! | `!(a\|b c)` | look-ahead: none of the alternatives starts here; consumes nothing |
//! | `$` | the clause ends here (only fillers such as "lol" or "anymore" may follow) |
//! | `^` | the clause starts here (only fillers and interjections before) |
//! | `..N` | up to N tokens of the same clause |
//! | `#N` | a number of at least N ("took 20 paracetamol") |
//! | `~` | an optional negator ("not", "never", "no longer"); when present the match is negated |
//!
//! A `?` after an element makes it optional; a `*` after a group or class repeats it zero to
//! three times. A match never crosses a sentence boundary.
//!
//! Patterns are stored in lower case, expanded form ("can not", "i am"), because the tokenizer
//! expands contractions; see [`super::tokens`].

use std::collections::HashMap;

use super::tokens::{Token, squeeze};

/// Tokens that may follow `$` or precede `^` without breaking the clause edge: laughter,
/// hedges and time words that do not change what the phrase means.
pub(crate) const FILLERS: &[&str] = &[
    "lol",
    "lmao",
    "lmfao",
    "rofl",
    "haha",
    "hahaha",
    "tbh",
    "ngl",
    "rn",
    "honestly",
    "really",
    "seriously",
    "already",
    "again",
    "now",
    "today",
    "tonight",
    "anymore",
    "tena",
    "sasa",
    "tu",
    "kabisa",
    "sana",
    "jamani",
    "bana",
    "though",
    "too",
    "either",
    "right",
    "man",
    "bro",
    "sis",
    "ugh",
    "oh",
    "omg",
    "well",
    "yeah",
    "just",
    "so",
    "and",
    "completely",
    "totally",
    "any",
    "more",
    "longer",
    "forever",
    "at",
    "all",
    "bado",
    "leo",
];

/// Most repetitions of a `*` group; chat phrases rarely stack more modifiers than this.
const MAX_REPEAT: u8 = 3;

#[derive(Debug, Clone)]
enum Word {
    Exact { text: Box<str>, squeezed: Box<str> },
    Prefix { text: Box<str>, squeezed: Box<str> },
}

impl Word {
    fn new(src: &str) -> Result<Self, String> {
        let (text, prefix) = match src.strip_suffix('*') {
            Some(t) => (t, true),
            None => (src, false),
        };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Err(format!("word {src:?} must be lower-case ASCII letters or digits"));
        }
        let squeezed = squeeze(text).into_boxed_str();
        let text = text.into();
        Ok(if prefix { Self::Prefix { text, squeezed } } else { Self::Exact { text, squeezed } })
    }

    fn matches(&self, t: &Token) -> bool {
        match self {
            Self::Exact { text, squeezed } => t.norm == **text || t.squeezed.as_deref() == Some(&**squeezed),
            Self::Prefix { text, squeezed } => {
                t.norm.starts_with(&**text) || t.squeezed.as_deref().is_some_and(|s| s.starts_with(&**squeezed))
            }
        }
    }
}

/// Alternatives of a group. An empty alternative stands for `$` written inside a group
/// ("(anymore|$)"): it consumes nothing and holds only where the clause ends.
type Alts = Vec<Vec<Word>>;

#[derive(Debug, Clone)]
enum Elem {
    Alt(Alts),
    NotAhead(Alts),
    ClauseEnd,
    ClauseStart,
    Gap(usize),
    Number(u32),
    Negator,
}

#[derive(Debug, Clone)]
struct Node {
    elem: Elem,
    min: u8,
    max: u8,
}

/// One compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    nodes: Vec<Node>,
}

/// Where a pattern matched: token indices `[start, end)`, and whether a `~` slot took a negator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Index of the pattern in its [`PatternSet`].
    pub(crate) pattern: usize,
    /// First token of the match.
    pub(crate) start: usize,
    /// One past the last token.
    pub(crate) end: usize,
    /// A `~` slot matched a negator inside the phrase ("I'm not worthless").
    pub(crate) negated: bool,
}

/// Parses `a b|c` into alternatives. A `@NAME` inside an alternative expands in place, one
/// alternative per alternative of the class ("kill @REFL" → "kill myself", "kill herself", …).
fn parse_alts(body: &str, classes: &[(&str, &str)]) -> Result<Alts, String> {
    let mut alts = Vec::new();
    for alt in body.split('|') {
        if alt.trim() == "$" {
            alts.push(Vec::new());
            continue;
        }
        let mut expanded: Alts = vec![Vec::new()];
        for item in alt.split_whitespace() {
            let options = match item.strip_prefix('@') {
                Some(name) => parse_alts(class_body(name, classes)?, &[])?,
                None => vec![vec![Word::new(item)?]],
            };
            expanded = expanded
                .iter()
                .flat_map(|prefix| options.iter().map(move |o| prefix.iter().chain(o).cloned().collect::<Vec<_>>()))
                .collect();
        }
        if expanded.iter().any(Vec::is_empty) {
            return Err(format!("empty alternative in ({body})"));
        }
        alts.extend(expanded);
    }
    Ok(alts)
}

fn class_body<'c>(name: &str, classes: &[(&str, &'c str)]) -> Result<&'c str, String> {
    classes.iter().find(|(n, _)| *n == name).map(|(_, body)| *body).ok_or_else(|| format!("unknown class @{name}"))
}

impl Pattern {
    /// Compiles `src`, expanding `@NAME` from `classes` (name, alternation body).
    pub(crate) fn parse(src: &str, classes: &[(&str, &str)]) -> Result<Self, String> {
        let b = src.as_bytes();
        let mut nodes = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let group_body = |open: usize| -> Result<(&str, usize), String> {
                let close = src[open..].find(')').ok_or_else(|| format!("unclosed ( in {src:?}"))?;
                Ok((&src[open + 1..open + close], open + close + 1))
            };
            let (elem, group, next) = match b[i] {
                b'(' => {
                    let (body, next) = group_body(i)?;
                    (Elem::Alt(parse_alts(body, classes)?), true, next)
                }
                b'!' if b.get(i + 1) == Some(&b'(') => {
                    let (body, next) = group_body(i + 1)?;
                    (Elem::NotAhead(parse_alts(body, classes)?), false, next)
                }
                b'@' => {
                    let len = src[i + 1..]
                        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                        .unwrap_or(src.len() - i - 1);
                    let body = class_body(&src[i + 1..i + 1 + len], classes)?;
                    (Elem::Alt(parse_alts(body, &[])?), true, i + 1 + len)
                }
                b'$' => (Elem::ClauseEnd, false, i + 1),
                b'#' => {
                    let digits = src[i + 1..].find(|c: char| !c.is_ascii_digit()).unwrap_or(src.len() - i - 1);
                    let n =
                        src[i + 1..i + 1 + digits].parse().map_err(|_| format!("`#` without a number in {src:?}"))?;
                    (Elem::Number(n), false, i + 1 + digits)
                }
                b'^' => (Elem::ClauseStart, false, i + 1),
                b'~' => (Elem::Negator, false, i + 1),
                b'.' if b.get(i + 1) == Some(&b'.') => {
                    let digits = src[i + 2..].find(|c: char| !c.is_ascii_digit()).unwrap_or(src.len() - i - 2);
                    let n =
                        src[i + 2..i + 2 + digits].parse().map_err(|_| format!("gap without a length in {src:?}"))?;
                    (Elem::Gap(n), false, i + 2 + digits)
                }
                _ => {
                    let len = src[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '?' || c == '(')
                        .unwrap_or(src.len() - i);
                    // A trailing `?` belongs to the element, a `*` to the word (prefix).
                    (Elem::Alt(vec![vec![Word::new(&src[i..i + len])?]]), false, i + len)
                }
            };
            let (min, max, next) = match b.get(next) {
                Some(b'?') => (0, 1, next + 1),
                Some(b'*') if group => (0, MAX_REPEAT, next + 1),
                _ => (1, 1, next),
            };
            if matches!(elem, Elem::Negator) && min == 0 {
                return Err(format!("`~` is already optional in {src:?}"));
            }
            nodes.push(Node { elem, min, max });
            i = next;
        }
        if nodes.is_empty() {
            return Err("empty pattern".into());
        }
        Ok(Self { nodes })
    }

    /// Words a match can start with, or `None` when it can start with any token.
    fn first_words(&self) -> Option<Vec<&Word>> {
        let mut firsts = Vec::new();
        for node in &self.nodes {
            match &node.elem {
                Elem::Alt(alts) => {
                    if alts.iter().any(Vec::is_empty) {
                        return None;
                    }
                    firsts.extend(alts.iter().map(|alt| &alt[0]));
                    if node.min > 0 {
                        return Some(firsts);
                    }
                }
                // A negator slot can start a match with a negator or be skipped.
                Elem::Negator => firsts.extend(NEGATOR_WORDS.iter()),
                Elem::ClauseStart | Elem::ClauseEnd | Elem::NotAhead(_) => {}
                Elem::Gap(_) | Elem::Number(_) => return None,
            }
        }
        None
    }

    /// Matches starting exactly at token `start`; `None` if the pattern does not match there.
    pub(crate) fn match_at(&self, toks: &[Token], start: usize) -> Option<(usize, bool)> {
        let sentence = toks.get(start)?.sentence;
        match_nodes(&self.nodes, toks, start, sentence, false)
    }
}

/// The negator words of a `~` slot, for indexing (each also the first word of the slot).
static NEGATOR_WORDS: std::sync::LazyLock<Vec<Word>> = std::sync::LazyLock::new(|| {
    ["not", "never", "hardly", "no", "sio", "siyo"].iter().filter_map(|w| Word::new(w).ok()).collect()
});

/// Length of the negator at `pos`, if any: "not", "never", "hardly", "no longer", "sio".
fn negator_len(toks: &[Token], pos: usize, sentence: u32) -> Option<usize> {
    let t = toks.get(pos).filter(|t| t.sentence == sentence)?;
    if t.is_any(&["not", "never", "hardly", "sio", "siyo"]) {
        Some(1)
    } else if t.norm == "no" && toks.get(pos + 1).is_some_and(|n| n.norm == "longer") {
        Some(2)
    } else {
        None
    }
}

fn match_seq(words: &[Word], toks: &[Token], pos: usize, sentence: u32) -> Option<usize> {
    if words.is_empty() {
        return clause_ends(toks, pos).then_some(pos);
    }
    for (k, w) in words.iter().enumerate() {
        let t = toks.get(pos + k)?;
        if t.sentence != sentence || !w.matches(t) {
            return None;
        }
    }
    Some(pos + words.len())
}

fn clause_ends(toks: &[Token], pos: usize) -> bool {
    let Some(prev) = pos.checked_sub(1).and_then(|p| toks.get(p)) else {
        return toks.is_empty();
    };
    for t in &toks[pos..] {
        if t.clause != prev.clause {
            return true;
        }
        if !t.is_any(FILLERS) {
            return false;
        }
    }
    true
}

fn clause_starts(toks: &[Token], pos: usize) -> bool {
    let Some(here) = toks.get(pos) else { return false };
    for t in toks[..pos].iter().rev() {
        if t.clause != here.clause {
            return true;
        }
        if !t.is_any(FILLERS) {
            return false;
        }
    }
    true
}

fn match_nodes(nodes: &[Node], toks: &[Token], pos: usize, sentence: u32, negated: bool) -> Option<(usize, bool)> {
    let Some((node, rest)) = nodes.split_first() else {
        return Some((pos, negated));
    };
    match &node.elem {
        Elem::Alt(alts) => repeat(node, alts, rest, toks, pos, sentence, negated, 0),
        Elem::NotAhead(alts) => {
            if alts.iter().any(|alt| !alt.is_empty() && match_seq(alt, toks, pos, sentence).is_some()) {
                None
            } else {
                match_nodes(rest, toks, pos, sentence, negated)
            }
        }
        Elem::ClauseEnd => clause_ends(toks, pos).then(|| match_nodes(rest, toks, pos, sentence, negated)).flatten(),
        Elem::ClauseStart => {
            clause_starts(toks, pos).then(|| match_nodes(rest, toks, pos, sentence, negated)).flatten()
        }
        Elem::Gap(n) => {
            let clause = pos.checked_sub(1).and_then(|p| toks.get(p)).map(|t| t.clause);
            for k in 0..=*n {
                if k > 0 {
                    let skipped = toks.get(pos + k - 1)?;
                    if skipped.sentence != sentence || clause.is_some_and(|c| c != skipped.clause) {
                        return None;
                    }
                }
                if let Some(found) = match_nodes(rest, toks, pos + k, sentence, negated) {
                    return Some(found);
                }
            }
            None
        }
        Elem::Number(min) => {
            let t = toks.get(pos).filter(|t| t.sentence == sentence)?;
            let n: u32 = t.norm.parse().ok()?;
            if n >= *min { match_nodes(rest, toks, pos + 1, sentence, negated) } else { None }
        }
        Elem::Negator => {
            if let Some(len) = negator_len(toks, pos, sentence)
                && let Some(found) = match_nodes(rest, toks, pos + len, sentence, true)
            {
                return Some(found);
            }
            match_nodes(rest, toks, pos, sentence, negated)
        }
    }
}

#[allow(clippy::too_many_arguments)] // a recursive helper; bundling the state would obscure it
fn repeat(
    node: &Node,
    alts: &Alts,
    rest: &[Node],
    toks: &[Token],
    pos: usize,
    sentence: u32,
    negated: bool,
    count: u8,
) -> Option<(usize, bool)> {
    if count < node.max {
        for alt in alts {
            if let Some(next) = match_seq(alt, toks, pos, sentence) {
                // A zero-width `$` alternative ends the repetition: repeating it changes nothing.
                let found = if next == pos {
                    (count + 1 >= node.min).then(|| match_nodes(rest, toks, pos, sentence, negated)).flatten()
                } else {
                    repeat(node, alts, rest, toks, next, sentence, negated, count + 1)
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    if count >= node.min { match_nodes(rest, toks, pos, sentence, negated) } else { None }
}

/// Compiled patterns with an index from first word to pattern, so a message only tries the
/// patterns that can start at each token.
#[derive(Debug, Clone)]
pub(crate) struct PatternSet {
    patterns: Vec<Pattern>,
    by_word: HashMap<Box<str>, Vec<usize>>,
    by_squeezed: HashMap<Box<str>, Vec<usize>>,
    by_prefix: Vec<(Box<str>, Box<str>, usize)>,
    anywhere: Vec<usize>,
}

impl PatternSet {
    /// Compiles every pattern; the error names the first pattern that does not parse.
    pub(crate) fn new<'a>(
        sources: impl IntoIterator<Item = &'a str>,
        classes: &[(&str, &str)],
    ) -> Result<Self, (&'a str, String)> {
        let mut set = Self {
            patterns: Vec::new(),
            by_word: HashMap::new(),
            by_squeezed: HashMap::new(),
            by_prefix: Vec::new(),
            anywhere: Vec::new(),
        };
        for src in sources {
            let pattern = Pattern::parse(src, classes).map_err(|e| (src, e))?;
            let id = set.patterns.len();
            match pattern.first_words() {
                None => set.anywhere.push(id),
                Some(words) => {
                    for w in words {
                        match w {
                            Word::Exact { text, squeezed } => {
                                set.by_word.entry(text.clone()).or_default().push(id);
                                set.by_squeezed.entry(squeezed.clone()).or_default().push(id);
                            }
                            Word::Prefix { text, squeezed } => {
                                set.by_prefix.push((text.clone(), squeezed.clone(), id));
                            }
                        }
                    }
                }
            }
            set.patterns.push(pattern);
        }
        Ok(set)
    }

    /// Number of patterns.
    pub(crate) fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Appends every match of every pattern, at most one per pattern and start token.
    pub(crate) fn find_all(&self, toks: &[Token], out: &mut Vec<Hit>) {
        let mut candidates = Vec::new();
        for (start, t) in toks.iter().enumerate() {
            candidates.clear();
            candidates.extend_from_slice(&self.anywhere);
            if let Some(ids) = self.by_word.get(t.norm.as_str()) {
                candidates.extend_from_slice(ids);
            }
            if let Some(ids) = t.squeezed.as_deref().and_then(|s| self.by_squeezed.get(s)) {
                candidates.extend_from_slice(ids);
            }
            candidates.extend(
                self.by_prefix
                    .iter()
                    .filter(|(p, sp, _)| {
                        t.norm.starts_with(&**p) || t.squeezed.as_deref().is_some_and(|s| s.starts_with(&**sp))
                    })
                    .map(|(_, _, id)| *id),
            );
            candidates.sort_unstable();
            candidates.dedup();
            for &id in &candidates {
                if let Some((end, negated)) = self.patterns[id].match_at(toks, start)
                    && end > start
                {
                    out.push(Hit { pattern: id, start, end, negated });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    const CLASSES: &[(&str, &str)] = &[("REFL", "myself|herself|my self")];

    fn spans(pattern: &str, text: &str) -> Vec<(String, bool)> {
        let set = PatternSet::new([pattern], CLASSES).unwrap();
        let toks = tokenize(text);
        let mut hits = Vec::new();
        set.find_all(&toks, &mut hits);
        hits.iter().map(|h| (text[toks[h.start].start..toks[h.end - 1].end].to_owned(), h.negated)).collect()
    }

    fn found(pattern: &str, text: &str) -> bool {
        !spans(pattern, text).is_empty()
    }

    #[test]
    fn words_respect_boundaries_and_prefixes() {
        assert!(found("kill* @REFL", "I will kill myself"));
        assert!(found("kill* @REFL", "killing my self"));
        assert!(!found("kill* @REFL", "the skill myself and others need"));
        assert!(!found("kill* @REFL", "kill yourself"));
    }

    #[test]
    fn optional_groups_repeats_and_elongation() {
        let p = "(am|feel) (so|really)* tired";
        assert!(found(p, "I feel tired"));
        assert!(found(p, "I'm so so really tired"));
        assert!(found(p, "im soooo tiiired"));
        assert!(!found(p, "I am not tired"));
        assert!(found("want to die now?", "I want to die"));
        assert!(found("give up (on life|$)", "I give up."));
        assert!(found("give up (on life|$)", "I give up on life"));
        assert!(!found("give up (on life|$)", "I give up sugar"));
    }

    #[test]
    fn clause_anchors_and_lookahead() {
        let p = "give up $";
        assert!(found(p, "I want to give up."));
        assert!(found(p, "I want to give up lol"));
        assert!(!found(p, "I want to give up sugar"));
        assert!(found("can not go on !(the|a)", "I can't go on like this"));
        assert!(!found("can not go on !(the|a)", "I can't go on the trip"));
        assert!(found("^ hopeless $", "ugh, hopeless."));
        assert!(!found("^ hopeless $", "a hopeless case"));
    }

    #[test]
    fn gaps_stay_in_the_clause_and_matches_in_the_sentence() {
        assert!(found("going to ..2 jump", "going to really just jump"));
        assert!(!found("going to ..2 jump", "going to, really, jump"));
        assert!(!found("want to die", "I want to. Die"));
    }

    #[test]
    fn numbers_have_a_minimum() {
        assert!(found("took #10 pills", "I took 20 pills"));
        assert!(!found("took #10 pills", "I took 2 pills"));
        assert!(!found("took #10 pills", "I took many pills"));
    }

    #[test]
    fn negator_slot_marks_the_match() {
        assert_eq!(spans("am ~ worthless", "I'm not worthless"), [("I'm not worthless".to_owned(), true)]);
        assert_eq!(spans("am ~ worthless", "I'm worthless"), [("I'm worthless".to_owned(), false)]);
        assert!(found("am ~ worthless", "I am no longer worthless"));
    }

    #[test]
    fn bad_patterns_are_errors() {
        for bad in ["", "(a|", "@NOPE x", "Upper", "a ~?", "x (a||b)", "..x y", "a #"] {
            assert!(PatternSet::new([bad], CLASSES).is_err(), "{bad:?}");
        }
    }
}
