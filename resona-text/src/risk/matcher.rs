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

use rustc_hash::FxBuildHasher;

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

/// Id of a string absent from a [`Vocab`].
const NONE: u32 = u32::MAX;

/// The exact words (and their squeezed forms) of a pattern set, each given a number, so a
/// token is compared with a pattern word as two integers rather than two strings: a message
/// tries hundreds of alternatives ("@MOD*" alone has about fifty).
#[derive(Debug, Clone, Default)]
struct Vocab {
    ids: HashMap<Box<str>, u32, FxBuildHasher>,
}

impl Vocab {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(NONE);
        self.ids.insert(s.into(), id);
        id
    }

    fn get(&self, s: &str) -> u32 {
        self.ids.get(s).copied().unwrap_or(NONE)
    }
}

/// A token's ids in its pattern set's [`Vocab`]: of its text and, for an elongated token,
/// of its squeezed form ([`NONE`] when absent).
#[derive(Debug, Clone, Copy)]
struct TokenIds {
    norm: u32,
    squeezed: u32,
}

/// A message's tokens with their ids in one pattern set's vocabulary.
struct Input<'a> {
    toks: &'a [Token],
    ids: Vec<TokenIds>,
}

impl<'a> Input<'a> {
    fn new(toks: &'a [Token], vocab: &Vocab) -> Self {
        let ids = toks
            .iter()
            .map(|t| TokenIds {
                norm: vocab.get(&t.norm),
                squeezed: t.squeezed.as_deref().map_or(NONE, |s| vocab.get(s)),
            })
            .collect();
        Self { toks, ids }
    }
}

#[derive(Debug, Clone)]
enum Word {
    /// Ids in the set's [`Vocab`] of the word and of its squeezed form.
    Exact {
        text: u32,
        squeezed: u32,
    },
    Prefix {
        text: Box<str>,
        squeezed: Box<str>,
    },
}

impl Word {
    fn new(src: &str, vocab: &mut Vocab) -> Result<Self, String> {
        let (text, prefix) = match src.strip_suffix('*') {
            Some(t) => (t, true),
            None => (src, false),
        };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Err(format!("word {src:?} must be lower-case ASCII letters or digits"));
        }
        let squeezed = squeeze(text);
        Ok(if prefix {
            Self::Prefix { text: text.into(), squeezed: squeezed.into_boxed_str() }
        } else {
            Self::Exact { text: vocab.intern(text), squeezed: vocab.intern(&squeezed) }
        })
    }

    /// Whether token `t` with ids `ids` is this word: equal ids are equal strings, and a
    /// token's squeezed id is [`NONE`] unless it was elongated.
    fn matches(&self, t: &Token, ids: TokenIds) -> bool {
        match self {
            Self::Exact { text, squeezed } => ids.norm == *text || (ids.squeezed != NONE && ids.squeezed == *squeezed),
            Self::Prefix { text, squeezed } => {
                t.norm.starts_with(&**text) || t.squeezed.as_deref().is_some_and(|s| s.starts_with(&**squeezed))
            }
        }
    }
}

/// Alternatives of a group. An empty alternative stands for `$` written inside a group
/// ("(anymore|$)"): it consumes nothing and holds only where the clause ends.
type Alts = Vec<Vec<Word>>;

/// The alternatives of an `Alt` element, indexed by the ids their first words may match.
#[derive(Debug, Clone)]
struct Group {
    alts: Alts,
    /// `(id, alternative)` for the id of every alternative's first word and of its squeezed
    /// form, sorted; `None` when an alternative starts with a prefix word or is empty, so any
    /// token may start one.
    firsts: Option<Box<[(u32, u32)]>>,
}

impl Group {
    fn new(alts: Alts) -> Self {
        let mut firsts = Vec::with_capacity(alts.len() * 2);
        for (k, alt) in alts.iter().enumerate() {
            match (alt.first(), u32::try_from(k)) {
                (Some(Word::Exact { text, squeezed }), Ok(k)) => firsts.extend([(*text, k), (*squeezed, k)]),
                _ => return Self { alts, firsts: None },
            }
        }
        firsts.sort_unstable();
        firsts.dedup();
        Self { alts, firsts: Some(firsts.into_boxed_slice()) }
    }

    /// Indices of the alternatives that may match at a token with `ids` (`None`: past the
    /// end), in order: every other alternative's first word differs from the token. A
    /// `@MOD*` group is tried at every step of a backtracking match, and this spares trying
    /// its fifty alternatives one by one.
    fn candidates(&self, ids: Option<&TokenIds>) -> Candidates<'_> {
        let Some(firsts) = &self.firsts else { return Candidates::All(0..self.alts.len()) };
        let Some(ids) = ids else { return Candidates::Merge(&[], &[]) };
        let starting_with = |id: u32| {
            let lo = firsts.partition_point(|&(f, _)| f < id);
            let hi = firsts.partition_point(|&(f, _)| f <= id);
            firsts.get(lo..hi).unwrap_or(&[])
        };
        let squeezed = if ids.squeezed == NONE { &[][..] } else { starting_with(ids.squeezed) };
        Candidates::Merge(starting_with(ids.norm), squeezed)
    }
}

/// Alternative indices from [`Group::candidates`], ascending and without repeats.
enum Candidates<'g> {
    All(std::ops::Range<usize>),
    /// Two runs of `(id, alternative)` pairs, each ascending by alternative.
    Merge(&'g [(u32, u32)], &'g [(u32, u32)]),
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            Self::All(range) => range.next(),
            Self::Merge(a, b) => {
                let next = match (a.first(), b.first()) {
                    (Some(&(_, x)), Some(&(_, y))) => x.min(y),
                    (Some(&(_, x)), None) | (None, Some(&(_, x))) => x,
                    (None, None) => return None,
                };
                for run in [a, b] {
                    if let Some((&(_, k), rest)) = run.split_first()
                        && k == next
                    {
                        *run = rest;
                    }
                }
                Some(next as usize)
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Elem {
    Alt(Group),
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
fn parse_alts(body: &str, classes: &[(&str, &str)], vocab: &mut Vocab) -> Result<Alts, String> {
    let mut alts = Vec::new();
    for alt in body.split('|') {
        if alt.trim() == "$" {
            alts.push(Vec::new());
            continue;
        }
        let mut expanded: Alts = vec![Vec::new()];
        for item in alt.split_whitespace() {
            let options = match item.strip_prefix('@') {
                Some(name) => parse_alts(class_body(name, classes)?, &[], vocab)?,
                None => vec![vec![Word::new(item, vocab)?]],
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
    fn parse(src: &str, classes: &[(&str, &str)], vocab: &mut Vocab) -> Result<Self, String> {
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
                    (Elem::Alt(Group::new(parse_alts(body, classes, vocab)?)), true, next)
                }
                b'!' if b.get(i + 1) == Some(&b'(') => {
                    let (body, next) = group_body(i + 1)?;
                    (Elem::NotAhead(parse_alts(body, classes, vocab)?), false, next)
                }
                b'@' => {
                    let len = src[i + 1..]
                        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                        .unwrap_or(src.len() - i - 1);
                    let body = class_body(&src[i + 1..i + 1 + len], classes)?;
                    (Elem::Alt(Group::new(parse_alts(body, &[], vocab)?)), true, i + 1 + len)
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
                    (Elem::Alt(Group::new(vec![vec![Word::new(&src[i..i + len], vocab)?]])), false, i + len)
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

    /// Words a match can start with, or `None` when it can start with any token;
    /// `negators` are the words of a `~` slot.
    fn first_words<'w>(&'w self, negators: &'w [Word]) -> Option<Vec<&'w Word>> {
        let mut firsts = Vec::new();
        for node in &self.nodes {
            match &node.elem {
                Elem::Alt(Group { alts, .. }) => {
                    if alts.iter().any(Vec::is_empty) {
                        return None;
                    }
                    firsts.extend(alts.iter().map(|alt| &alt[0]));
                    if node.min > 0 {
                        return Some(firsts);
                    }
                }
                // A negator slot can start a match with a negator or be skipped.
                Elem::Negator => firsts.extend(negators),
                Elem::ClauseStart | Elem::ClauseEnd | Elem::NotAhead(_) => {}
                Elem::Gap(_) | Elem::Number(_) => return None,
            }
        }
        None
    }

    /// Matches starting exactly at token `start`; `None` if the pattern does not match there.
    fn match_at(&self, input: &Input, start: usize) -> Option<(usize, bool)> {
        let sentence = input.toks.get(start)?.sentence;
        match_nodes(&self.nodes, input, start, sentence, false)
    }
}

/// The negator words of a `~` slot, for indexing (each also the first word of the slot).
const NEGATOR_WORDS: [&str; 6] = ["not", "never", "hardly", "no", "sio", "siyo"];

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

fn match_seq(words: &[Word], input: &Input, pos: usize, sentence: u32) -> Option<usize> {
    if words.is_empty() {
        return clause_ends(input.toks, pos).then_some(pos);
    }
    for (k, w) in words.iter().enumerate() {
        let t = input.toks.get(pos + k)?;
        if t.sentence != sentence || !w.matches(t, input.ids[pos + k]) {
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

fn match_nodes(nodes: &[Node], input: &Input, pos: usize, sentence: u32, negated: bool) -> Option<(usize, bool)> {
    let Some((node, rest)) = nodes.split_first() else {
        return Some((pos, negated));
    };
    match &node.elem {
        Elem::Alt(group) => repeat(node, group, rest, input, pos, sentence, negated, 0),
        Elem::NotAhead(alts) => {
            if alts.iter().any(|alt| !alt.is_empty() && match_seq(alt, input, pos, sentence).is_some()) {
                None
            } else {
                match_nodes(rest, input, pos, sentence, negated)
            }
        }
        Elem::ClauseEnd => {
            clause_ends(input.toks, pos).then(|| match_nodes(rest, input, pos, sentence, negated)).flatten()
        }
        Elem::ClauseStart => {
            clause_starts(input.toks, pos).then(|| match_nodes(rest, input, pos, sentence, negated)).flatten()
        }
        Elem::Gap(n) => {
            let toks = input.toks;
            let clause = pos.checked_sub(1).and_then(|p| toks.get(p)).map(|t| t.clause);
            for k in 0..=*n {
                if k > 0 {
                    let skipped = toks.get(pos + k - 1)?;
                    if skipped.sentence != sentence || clause.is_some_and(|c| c != skipped.clause) {
                        return None;
                    }
                }
                if let Some(found) = match_nodes(rest, input, pos + k, sentence, negated) {
                    return Some(found);
                }
            }
            None
        }
        Elem::Number(min) => {
            let t = input.toks.get(pos).filter(|t| t.sentence == sentence)?;
            let n: u32 = t.norm.parse().ok()?;
            if n >= *min { match_nodes(rest, input, pos + 1, sentence, negated) } else { None }
        }
        Elem::Negator => {
            if let Some(len) = negator_len(input.toks, pos, sentence)
                && let Some(found) = match_nodes(rest, input, pos + len, sentence, true)
            {
                return Some(found);
            }
            match_nodes(rest, input, pos, sentence, negated)
        }
    }
}

#[allow(clippy::too_many_arguments)] // a recursive helper; bundling the state would obscure it
fn repeat(
    node: &Node,
    group: &Group,
    rest: &[Node],
    input: &Input,
    pos: usize,
    sentence: u32,
    negated: bool,
    count: u8,
) -> Option<(usize, bool)> {
    if count < node.max {
        for alt in group.candidates(input.ids.get(pos)).filter_map(|k| group.alts.get(k)) {
            if let Some(next) = match_seq(alt, input, pos, sentence) {
                // A zero-width `$` alternative ends the repetition: repeating it changes nothing.
                let found = if next == pos {
                    (count + 1 >= node.min).then(|| match_nodes(rest, input, pos, sentence, negated)).flatten()
                } else {
                    repeat(node, group, rest, input, next, sentence, negated, count + 1)
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    if count >= node.min { match_nodes(rest, input, pos, sentence, negated) } else { None }
}

/// Compiled patterns with an index from first word to pattern, so a message only tries the
/// patterns that can start at each token.
#[derive(Debug, Clone)]
pub(crate) struct PatternSet {
    patterns: Vec<Pattern>,
    vocab: Vocab,
    /// Patterns by the [`Vocab`] id of an exact first word.
    by_word: HashMap<u32, Vec<usize>, FxBuildHasher>,
    /// Patterns by the id of the squeezed form of an exact first word.
    by_squeezed: HashMap<u32, Vec<usize>, FxBuildHasher>,
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
            vocab: Vocab::default(),
            by_word: HashMap::default(),
            by_squeezed: HashMap::default(),
            by_prefix: Vec::new(),
            anywhere: Vec::new(),
        };
        let negators = NEGATOR_WORDS
            .iter()
            .map(|w| Word::new(w, &mut set.vocab))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ("~", e))?;
        for src in sources {
            let pattern = Pattern::parse(src, classes, &mut set.vocab).map_err(|e| (src, e))?;
            let id = set.patterns.len();
            match pattern.first_words(&negators) {
                None => set.anywhere.push(id),
                Some(words) => {
                    for w in words {
                        match w {
                            Word::Exact { text, squeezed } => {
                                set.by_word.entry(*text).or_default().push(id);
                                set.by_squeezed.entry(*squeezed).or_default().push(id);
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
        let input = Input::new(toks, &self.vocab);
        let mut candidates = Vec::new();
        for (start, (t, tid)) in toks.iter().zip(&input.ids).enumerate() {
            candidates.clear();
            candidates.extend_from_slice(&self.anywhere);
            if let Some(ids) = self.by_word.get(&tid.norm) {
                candidates.extend_from_slice(ids);
            }
            if let Some(ids) = (tid.squeezed != NONE).then(|| self.by_squeezed.get(&tid.squeezed)).flatten() {
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
                if let Some((end, negated)) = self.patterns[id].match_at(&input, start)
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
