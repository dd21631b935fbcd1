//! Context rules that decide what a matched phrase means for the writer: whose crisis it is,
//! whether it is negated, reported, past, joking, intensified or softened.
//!
//! Every rule looks at the tokens around a match, within the clause or sentence the
//! tokenizer numbered (see [`super::tokens`]), using the word lists below. The rules lean
//! towards keeping a risk reading when in doubt: a subject that cannot be found is the writer,
//! a negator only counts close to the phrase, and a past reading is cancelled by any sign of
//! recency ("again", "last night").

use super::matcher::{Hit, PatternSet};
use super::tokens::Token;

/// Who a phrase is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Person {
    /// The writer (also the default when no subject is found: chat drops subjects).
    First,
    /// A specific other person ("my friend", "she", "you").
    Other,
    /// Someone unspecified ("someone", "people"): usually a question or general remark.
    Generic,
}

/// How a negator relates to a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Negation {
    /// No negator in scope.
    None,
    /// A negator in scope and nothing that undercuts it ("I'm not hopeless").
    Clear,
    /// A negator in scope followed by a time qualifier that implies "but later" ("I won't do
    /// it tonight", "not yet"). Treated as risk for the crisis flag.
    Ambiguous,
}

/// How strongly a sub-severe phrase is put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intensity {
    /// No modifier.
    Plain,
    /// An intensifier ("so", "completely", "sana").
    Strong,
    /// A softener ("a bit", "kind of", "kidogo").
    Weak,
}

const FIRST: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "mine",
    "we",
    "us",
    "our",
    "ourselves",
    "mimi",
    "yangu",
    "nami",
    "mie",
    "miye",
    "sisi",
];
const SECOND: &[&str] = &["you", "your", "yourself", "yours", "wewe", "yako", "ur"];
const THIRD_PRONOUNS: &[&str] = &[
    "he",
    "she",
    "they",
    "him",
    "her",
    "them",
    "his",
    "hers",
    "their",
    "theirs",
    "himself",
    "herself",
    "themselves",
    "themself",
    "yeye",
    "wao",
    "yake",
];
const THIRD_NOUNS: &[&str] = &[
    "friend",
    "friends",
    "sister",
    "brother",
    "mom",
    "mum",
    "mother",
    "dad",
    "father",
    "son",
    "daughter",
    "cousin",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "colleague",
    "coworker",
    "roommate",
    "flatmate",
    "housemate",
    "classmate",
    "boyfriend",
    "girlfriend",
    "husband",
    "wife",
    "partner",
    "bf",
    "gf",
    "bestie",
    "bff",
    "kid",
    "kids",
    "child",
    "children",
    "student",
    "patient",
    "client",
    "neighbour",
    "neighbor",
    "guy",
    "girl",
    "woman",
    "boy",
    "teen",
    "teenager",
    "sibling",
    "rafiki",
    "dada",
    "kaka",
    "mama",
    "baba",
    "mwanangu",
    "mtoto",
    "binamu",
    "mjomba",
    "shangazi",
    "mke",
    "mume",
    "mpenzi",
    "jirani",
    "mwenzangu",
    "mwanafunzi",
    "bibi",
    "babu",
];
/// Swahili verbs whose subject prefix (a-, wa-) makes them third person.
const THIRD_VERBS: &[&str] = &[
    "anataka",
    "wanataka",
    "anatamani",
    "anafikiria",
    "alitaka",
    "alijaribu",
    "amejaribu",
    "anajiua",
    "alijiua",
    "amejiua",
    "atajiua",
    "wanajiua",
    "anajikata",
    "wanajikata",
    "amejikata",
    "alijikata",
    "anajidhuru",
    "hataki",
    "hawataki",
    "amechoka",
    "wamechoka",
    "amekata",
    "anajichukia",
];
/// People who appear in chat as the subject of what someone said about the writer.
const REPORTERS: &[&str] = &[
    "boss",
    "manager",
    "teacher",
    "lecturer",
    "professor",
    "doctor",
    "therapist",
    "counsellor",
    "counselor",
    "pastor",
    "priest",
    "coach",
    "bully",
    "bullies",
    "ex",
    "classmates",
    "colleagues",
    "parents",
    "family",
    "everyone",
    "everybody",
    "others",
    "mwalimu",
    "bosi",
    "daktari",
    "wazazi",
];
const GENERIC: &[&str] = &["someone", "somebody", "anyone", "anybody", "people", "person", "one", "mtu", "watu"];
/// Words that end the search for a subject: a new verb phrase starts after them.
const SUBJECT_STOP: &[&str] =
    &["and", "but", "so", "because", "or", "then", "though", "although", "while", "na", "lakini", "halafu", "ila"];
const REPORT_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "tell",
    "telling",
    "saying",
    "thinks",
    "thought",
    "believes",
    "claims",
    "claimed",
    "called",
    "calls",
    "texted",
    "wrote",
    "posted",
    "mentioned",
    "admitted",
    "confessed",
    "messaged",
    "shared",
    "insists",
    "insisted",
];
/// Swahili reporting verbs with a third-person subject built in.
const REPORT_THIRD: &[&str] = &[
    "anasema",
    "alisema",
    "wanasema",
    "walisema",
    "ameniambia",
    "aliniambia",
    "wameniambia",
    "waliniambia",
    "anadai",
    "alidai",
];
const EN_NEGATORS: &[&str] = &["not", "never", "no", "hardly", "nobody", "none", "nor"];
/// Swahili negative verbs: they negate only what follows them directly.
const SW_VERB_NEGATORS: &[&str] = &[
    "sitaki", "sipendi", "sijawahi", "sitawahi", "siwezi", "sikutaka", "sikuwahi", "sitaweza", "hataki", "hawataki",
    "hapana", "si", "sio", "siyo",
];
/// "Sina"/"hakuna" (I have no / there is no) negate only a plan or intent noun after them.
const SW_HAVE_NEGATORS: &[&str] = &["sina", "hakuna", "hamna"];
const SW_INTENT_NOUNS: &[&str] = &["mpango", "nia", "haja", "wazo", "mawazo"];
/// Words a negator's scope does not cross.
const NEG_STOP: &[&str] = &[
    "and", "or", "but", "so", "because", "that", "if", "when", "than", "who", "which", "cause", "while", "since",
    "until", "then", "though", "although", "na", "lakini", "kwamba", "kama", "ila", "halafu", "why", "what", "how",
    "whether", "where",
];
/// Time words after a negated phrase that imply "not now, but later".
const AMBIGUOUS_AFTER: &[&str] = &["yet", "tonight", "today", "now", "soon", "tomorrow", "bado", "leo", "sasa", "time"];
/// Past forms that put a phrase in the past when they lead or sit inside it.
const PAST_FORMS: &[&str] = &[
    "wanted",
    "tried",
    "felt",
    "was",
    "were",
    "used",
    "attempted",
    "thought",
    "had",
    "nilitaka",
    "nilijaribu",
    "nilikuwa",
    "nilihisi",
    "nilijikata",
    "nilitamani",
    "nilifikiria",
    "niliamua",
    "nilijidhuru",
    "nilikata",
    "nilijichukia",
    "alitaka",
    "alijaribu",
    "alijikata",
];
const PERFECT_AUX: &[&str] = &["have", "has", "been"];
/// Words that make "was", "were", "had" irrealis rather than past ("I wish I was dead", "better
/// off if I were gone").
const IRREALIS: &[&str] = &["wish", "if", "rather", "imagine", "hope", "pretend"];
const INTENSIFIERS: &[&str] = &[
    "so",
    "very",
    "really",
    "completely",
    "totally",
    "utterly",
    "extremely",
    "super",
    "incredibly",
    "truly",
    "absolutely",
    "deeply",
    "fucking",
    "fking",
    "damn",
    "such",
    "too",
    "all",
    "total",
    "complete",
    "utter",
    "sana",
    "kabisa",
    "mno",
    "constantly",
    "always",
];
const DIMINISHERS: &[&str] = &[
    "bit", "little", "kinda", "kind", "slightly", "somewhat", "sorta", "sort", "kidogo", "kiasi", "abit", "mildly",
    "lil",
];
const JEST_WORDS: &[&str] = &["lol", "lolol", "lmao", "lmfao", "rofl", "jk", "jokes"];
const JEST_EMOJI: &[char] = &['😂', '🤣', '💀', '😆', '😹', '😅', '😜'];

/// Phrases that date a match to the past; they apply within the match's clause.
const PAST_MARKERS: &[&str] = &[
    "used to",
    "ago",
    "in the past",
    "back then",
    "back in",
    "when i (was|were)",
    "as a (teen|teenager|kid|child)",
    "last (year|month|summer|winter|spring|autumn|semester|term)",
    "(years|months) back",
    "in (high school|college|university|secondary school|primary school|form)",
    "before (therapy|treatment|i got help|medication|meds)",
    "previously",
    "formerly",
    "zamani",
    "(mwaka|mwezi) (jana|uliopita|iliyopita)",
    "miaka (iliyopita|mingi|michache)",
    "nilipokuwa",
    "hapo (awali|zamani|mwanzo)",
    "enzi",
];
/// Phrases of recency that cancel a past reading in the same clause.
const RECENT_MARKERS: &[&str] = &[
    "today",
    "tonight",
    "now",
    "this (morning|evening|afternoon|week|weekend)",
    "last night",
    "yesterday",
    "lately",
    "recently",
    "these days",
    "last week",
    "this week",
    "(days|day) ago",
    "again",
    "still",
    "(minutes|minute|hour|hours|mins|moments|an hour) ago",
    "leo",
    "usiku (huu|wa leo)",
    "sasa",
    "bado",
    "tena",
    "jana",
    "juzi",
];
/// Phrases that say a past difficulty is resolved; they apply anywhere in the message.
const RESOLVED_MARKERS: &[&str] = &[
    "(am|feel|feeling|doing|getting|got|much|so much|a lot) (much|a lot|so much|way|far)? better",
    "better now",
    "in a (better|good|much better) place",
    "(got|getting|get|found|have) (help|support|treatment|therapy)",
    "(am|feel|feeling) (okay|ok|fine|good|great|well|safe|stable) now",
    "doing (well|good|great|fine|okay|ok|alright)",
    "(recovered|recovering|recovery|healed|healing)",
    "clean for",
    "(therapy|medication|treatment|counselling|counseling|meds|therapist|counsellor|counselor) (really)? (helped|helps|has helped|saved|is helping)",
    "sasa (hivi)? (niko|nipo) (sawa|poa|fiti|salama|vizuri|freshi)",
    "(niko|nipo) (sawa|poa|fiti|salama|vizuri) sasa",
    "nimepona",
    "nimepata msaada",
];

/// Compiled marker phrases, built once with the detector.
#[derive(Debug, Clone)]
pub(crate) struct Markers {
    past: PatternSet,
    recent: PatternSet,
    resolved: PatternSet,
}

impl Markers {
    /// Compiles the marker tables; the error names a pattern that does not parse.
    pub(crate) fn new() -> Result<Self, (&'static str, String)> {
        Ok(Self {
            past: PatternSet::new(PAST_MARKERS.iter().copied(), &[])?,
            recent: PatternSet::new(RECENT_MARKERS.iter().copied(), &[])?,
            resolved: PatternSet::new(RESOLVED_MARKERS.iter().copied(), &[])?,
        })
    }
}

/// Facts about the whole message that the per-match rules consult.
#[derive(Debug, Clone)]
pub(crate) struct MessageContext {
    past: Vec<Hit>,
    recent: Vec<Hit>,
    /// The message says a past difficulty is over ("I'm better now").
    pub(crate) resolved: bool,
    /// The message carries laughter or joke markers ("lol", "😂").
    pub(crate) jest: bool,
}

impl MessageContext {
    /// Finds the message-level markers in `toks` (tokens of `text`).
    pub(crate) fn new(markers: &Markers, text: &str, toks: &[Token]) -> Self {
        let mut past = Vec::new();
        markers.past.find_all(toks, &mut past);
        let mut recent = Vec::new();
        markers.recent.find_all(toks, &mut recent);
        // "mwaka jana" (last year) holds "jana" (yesterday): the longer past reading wins.
        recent.retain(|r| !past.iter().any(|p| p.start <= r.start && r.end <= p.end));
        let mut resolved_hits = Vec::new();
        markers.resolved.find_all(toks, &mut resolved_hits);
        let resolved = resolved_hits.iter().any(|h| {
            let before = &toks[h.start.saturating_sub(2)..h.start];
            !before.iter().any(|t| t.is_any(&["not", "never", "no"]))
        });
        let jest = text.contains(JEST_EMOJI)
            || toks.iter().enumerate().any(|(i, t)| {
                let word = t.squeezed.as_deref().unwrap_or(&t.norm);
                let kidding =
                    t.is_any(&["kidding", "joking"]) && i.checked_sub(1).is_some_and(|j| toks[j].norm == "just");
                t.is_any(JEST_WORDS) || word.starts_with("haha") || word.starts_with("hehe") || word == "ha" || kidding
            });
        Self { past, recent, resolved, jest }
    }
}

fn in_clause(toks: &[Token], hit: &Hit, clause: u32) -> bool {
    toks[hit.start].clause == clause
}

/// Who the phrase at tokens `[s, e)` is about.
///
/// Pronouns inside the phrase decide first ("kill herself", "better off without me"); then the
/// nearest subject to the left in the same clause, not looking past a conjunction; otherwise
/// the writer.
pub(crate) fn person(toks: &[Token], s: usize, e: usize) -> Person {
    let inner = &toks[s..e];
    let mut other = false;
    for t in inner {
        if t.is_any(FIRST) {
            return Person::First;
        }
        other |= t.is_any(THIRD_PRONOUNS) || t.is_any(THIRD_VERBS) || t.is_any(SECOND);
    }
    let clause = toks[s].clause;
    for t in toks[..s].iter().rev() {
        if t.clause != clause || t.is_any(SUBJECT_STOP) {
            break;
        }
        if t.is_any(FIRST) {
            return if other { Person::Other } else { Person::First };
        }
        if t.is_any(GENERIC) {
            return Person::Generic;
        }
        if t.is_any(SECOND) || t.is_any(THIRD_PRONOUNS) || t.is_any(THIRD_NOUNS) || t.is_any(THIRD_VERBS) {
            return Person::Other;
        }
    }
    if other { Person::Other } else { Person::First }
}

/// Whether the writer's own words at token `s` are someone else's report ("she told me I'm
/// worthless"): a reporting verb earlier in the sentence whose subject is not the writer.
pub(crate) fn reported(toks: &[Token], s: usize) -> bool {
    let sentence = toks[s].sentence;
    for i in (0..s).rev() {
        let t = &toks[i];
        if t.sentence != sentence || t.is_any(SUBJECT_STOP) {
            return false;
        }
        if t.is_any(REPORT_THIRD) {
            return true;
        }
        if t.is_any(REPORT_VERBS) {
            for r in toks[..i].iter().rev() {
                if r.sentence != sentence || r.is_any(SUBJECT_STOP) || r.is_any(FIRST) {
                    return false;
                }
                let other = [SECOND, THIRD_PRONOUNS, THIRD_NOUNS, GENERIC, REPORTERS];
                if other.iter().any(|list| r.is_any(list)) {
                    return true;
                }
            }
            return false;
        }
    }
    false
}

/// Whether the phrase at `[s, e)` is negated. `inner` is set when the phrase's own `~` slot
/// took a negator.
///
/// English negators count within three tokens before the phrase, Swahili negative verbs only
/// directly before it (one token may sit between, as in "sijawahi kutaka kujiua"); neither
/// crosses a clause edge, a conjunction or a subject pronoun.
pub(crate) fn negation(toks: &[Token], s: usize, e: usize, inner: bool) -> Negation {
    let clause = toks[s].clause;
    let mut negated = inner;
    // A phrase that opens with a conjunction or wh-word ("why I even bother") is its own clause.
    let reach = if toks[s].is_any(NEG_STOP) { 0 } else { 4 };
    for (dist, i) in (0..s).rev().take(reach).enumerate() {
        let t = &toks[i];
        if negated || t.clause != clause || t.is_any(NEG_STOP) {
            break;
        }
        let is_subject = t.is_any(FIRST) || t.is_any(SECOND) || t.is_any(THIRD_PRONOUNS);
        if is_subject {
            break;
        }
        let next = toks.get(i + 1);
        let has_intent_noun = next.is_some_and(|n| n.is_any(SW_INTENT_NOUNS));
        // "can't stop thinking about dying", "can't help wanting to": compulsion, not negation.
        let compulsion = next.is_some_and(|n| n.is_any(&["stop", "help", "quit"]));
        negated = (t.is_any(EN_NEGATORS) && dist < 3 && !compulsion)
            || (t.is_any(SW_VERB_NEGATORS) && dist < 2)
            || (t.is_any(SW_HAVE_NEGATORS) && dist < 3 && has_intent_noun);
    }
    if !negated {
        return Negation::None;
    }
    let after = toks[e..].iter().take(3).take_while(|t| t.clause == clause);
    if after.clone().any(|t| t.is_any(AMBIGUOUS_AFTER)) { Negation::Ambiguous } else { Negation::Clear }
}

/// Whether the phrase at `[s, e)` is about the past and not recent.
pub(crate) fn is_past(ctx: &MessageContext, toks: &[Token], s: usize, e: usize) -> bool {
    let clause = toks[s].clause;
    if ctx.recent.iter().any(|h| in_clause(toks, h, clause)) {
        return false;
    }
    if ctx.past.iter().any(|h| in_clause(toks, h, clause)) {
        return true;
    }
    if toks[s.saturating_sub(2)..e].iter().any(|t| t.is_any(IRREALIS)) {
        return false;
    }
    (s.saturating_sub(2)..e).any(|i| {
        let t = &toks[i];
        let perfect = i.checked_sub(1).is_some_and(|j| toks[j].is_any(PERFECT_AUX));
        t.clause == clause && t.is_any(PAST_FORMS) && !perfect
    })
}

/// Whether the phrase at `[s, e)`, or the token on either side, is intensified or softened.
pub(crate) fn intensity(toks: &[Token], s: usize, e: usize) -> Intensity {
    let window = &toks[s.saturating_sub(1)..(e + 1).min(toks.len())];
    let has = |list: &[&str]| {
        window.iter().any(|t| t.is_any(list) || t.squeezed.as_deref().is_some_and(|q| list.contains(&q)))
    };
    if has(DIMINISHERS) {
        Intensity::Weak
    } else if has(INTENSIFIERS) {
        Intensity::Strong
    } else {
        Intensity::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    /// Token range of the first occurrence of the word sequence `phrase` in `toks`.
    fn find(toks: &[Token], phrase: &str) -> (usize, usize) {
        let words: Vec<&str> = phrase.split(' ').collect();
        let s = (0..toks.len())
            .find(|&i| words.iter().enumerate().all(|(k, w)| toks.get(i + k).is_some_and(|t| t.norm == *w)))
            .unwrap();
        (s, s + words.len())
    }

    fn person_of(text: &str, phrase: &str) -> Person {
        let toks = tokenize(text);
        let (s, e) = find(&toks, phrase);
        person(&toks, s, e)
    }

    fn negation_of(text: &str, phrase: &str) -> Negation {
        let toks = tokenize(text);
        let (s, e) = find(&toks, phrase);
        negation(&toks, s, e, false)
    }

    fn past_of(text: &str, phrase: &str) -> bool {
        let toks = tokenize(text);
        let ctx = MessageContext::new(&Markers::new().unwrap(), text, &toks);
        let (s, e) = find(&toks, phrase);
        is_past(&ctx, &toks, s, e)
    }

    #[test]
    fn markers_compile() {
        Markers::new().unwrap();
    }

    #[test]
    fn person_comes_from_the_phrase_then_the_subject() {
        assert_eq!(person_of("I want to kill myself", "kill myself"), Person::First);
        assert_eq!(person_of("she wants to kill herself", "kill herself"), Person::Other);
        assert_eq!(person_of("my friend wants to die", "wants to die"), Person::Other);
        assert_eq!(person_of("someone wants to kill themselves", "kill themselves"), Person::Generic);
        assert_eq!(person_of("want to die", "want to die"), Person::First);
        assert_eq!(person_of("my sister is home, I want to die", "want to die"), Person::First);
        assert_eq!(person_of("rafiki yangu anataka kujiua", "anataka kujiua"), Person::Other);
    }

    #[test]
    fn reporting_verbs_need_another_speaker() {
        let toks = tokenize("my boss said I am worthless");
        assert!(reported(&toks, find(&toks, "am worthless").0));
        let toks = tokenize("I told her I want to die");
        assert!(!reported(&toks, find(&toks, "want to die").0));
        let toks = tokenize("my friend texted me and I want to die");
        assert!(!reported(&toks, find(&toks, "want to die").0));
    }

    #[test]
    fn negation_scope() {
        assert_eq!(negation_of("I don't want to die", "want to die"), Negation::Clear);
        assert_eq!(negation_of("I'm not going to kill myself", "kill myself"), Negation::Clear);
        assert_eq!(negation_of("I won't kill myself tonight", "kill myself"), Negation::Ambiguous);
        assert_eq!(negation_of("No, I want to die", "want to die"), Negation::None);
        assert_eq!(negation_of("I'm not ok and want to die", "want to die"), Negation::None);
        assert_eq!(negation_of("I don't think I want to die", "want to die"), Negation::None);
        assert_eq!(negation_of("sitaki kujiua", "kujiua"), Negation::Clear);
        assert_eq!(negation_of("sijawahi kutaka kujiua", "kujiua"), Negation::Clear);
        assert_eq!(negation_of("sina nguvu tena nataka kufa", "nataka kufa"), Negation::None);
        assert_eq!(negation_of("sina mpango wa kujiua", "kujiua"), Negation::Clear);
        assert_eq!(negation_of("I can't stop thinking about dying", "thinking about dying"), Negation::None);
        assert_eq!(negation_of("I don't know why I even bother", "why i even bother"), Negation::None);
    }

    #[test]
    fn past_needs_a_marker_and_no_recency() {
        assert!(past_of("I tried to kill myself two years ago", "kill myself"));
        assert!(!past_of("I tried to kill myself last night", "kill myself"));
        assert!(past_of("I used to want to die but I'm better now", "want to die"));
        assert!(!past_of("I've wanted to die for weeks", "to die"));
        assert!(!past_of("I wish I was dead", "wish i was dead"));
        assert!(past_of("Nilijaribu kujiua mwaka jana", "kujiua"));
        assert!(!past_of("Nimejikata tena leo", "nimejikata"));
        assert!(!past_of("I took a bunch of pills an hour ago", "pills"));
    }

    #[test]
    fn message_markers() {
        let m = Markers::new().unwrap();
        let ctx = |t: &str| MessageContext::new(&m, t, &tokenize(t));
        assert!(ctx("I used to cut, I'm better now").resolved);
        assert!(!ctx("I'm not doing better").resolved);
        assert!(ctx("kill me now lol").jest);
        assert!(ctx("dying 😂").jest);
        assert!(!ctx("I'm not joking").jest);
    }

    #[test]
    fn intensity_reads_neighbours() {
        let toks = tokenize("I feel a bit useless");
        assert_eq!(intensity(&toks, 1, 5), Intensity::Weak);
        let toks = tokenize("niko peke yangu kabisa");
        assert_eq!(intensity(&toks, 0, 3), Intensity::Strong);
        let toks = tokenize("I am sooo tired");
        assert_eq!(intensity(&toks, 1, 4), Intensity::Strong);
    }
}
