//! The Swahili and code-switched (Swahili/English/Sheng) risk lexicon.
//!
//! Written for the project from standard Swahili grammar (subject prefixes `ni-` I, `a-` he/she,
//! `wa-` they; tense markers `-na-` present, `-li-` past, `-me-` perfect, `-ta-` future;
//! reflexive `-ji-`; negative first person `si-`) and from the phrases East African users type
//! in chat, including Sheng borrowings such as "najiskia" (I feel) and hybrid verbs such as
//! "kujikill". Categories and severities follow the English lexicon (see
//! [`super::lexicon`]); each Swahili phrase is weighted like its English translation.
//!
//! Swahili marks negation on the verb, so most negated forms are simply different words:
//! "nataka kufa" (I want to die) is ideation, "sitaki kufa" (I don't want to die) matches
//! nothing, while "sitaki kuishi" (I don't want to live) is its own ideation pattern. Negators
//! that stand before a matched phrase ("sitaki kujiua", "sijawahi kutaka kujiua") are handled
//! by the negation rule in [`super::context`].

use super::RiskCategory::{Exhaustion, Hopelessness, Isolation, SelfHarm, SuicidalIdeation, Worthlessness};
use super::lexicon::{INTENT, MILD, MODERATE, Phrase, STRONG, WISH};

const fn p(pattern: &'static str, keyword: &'static str, category: super::RiskCategory, severity: f32) -> Phrase {
    Phrase { pattern, keyword, category, severity }
}

/// Swahili classes, expanded like [`super::lexicon::CLASSES`].
pub(crate) const SW_CLASSES: &[(&str, &str)] = &[
    // Wanting, wishing, planning, trying, in the first and third person (the third-person forms
    // turn a match into concern for someone else; see `context`).
    (
        "SW_WANT",
        "nataka|ninataka|natamani|ninatamani|nilitaka|nilitamani|nimeamua|niliamua|nimepanga|\
         napanga|ninapanga|nafikiria|ninafikiria|nilifikiria|nawaza|ninawaza|niko tayari|\
         nipo tayari|naomba|ninaomba|nilijaribu|nimejaribu|najaribu|ninajaribu|nitajaribu|\
         najiskia|najisikia|nahisi kama|najiskia kama|najisikia kama|najihisi kama|\
         ninajihisi kama|ninahisi kama|anataka|anatamani|\
         wanataka|anafikiria|alitaka|alijaribu|amejaribu|kutaka|hamu ya|nia ya|mpango wa|\
         wazo la|mawazo ya|nimefikiria|ningependa|ningetaka",
    ),
    // Killing oneself: infinitive, subjunctive, future and present forms, plus the Sheng
    // hybrids built on English "kill".
    (
        "SW_SELFKILL",
        "kujiua|nijiue|nitajiua|najiua|ninajiua|kujinyonga|nijinyonge|nitajinyonga|kujitoa uhai|\
         nijitoe uhai|nitajitoa uhai|kunywa sumu|nitakunywa sumu|ninywe sumu|kumaliza maisha yangu|\
         kuyamaliza maisha yangu|nimalize maisha yangu|nitamaliza maisha yangu|kujikill|nijikill|\
         nitajikill|kujiunalive|anajiua|alijiua|amejiua|atajiua|wanajiua",
    ),
    ("SW_LIFE", "maisha|life|hii life|hii maisha|maisha yangu|life yangu|maisha haya|dunia"),
];

/// Swahili and code-switched phrases.
#[rustfmt::skip] // one entry per line reads as a table
pub(crate) const SW: &[Phrase] = &[
    // --- Suicidal ideation ---
    p("@SW_SELFKILL", "kujiua", SuicidalIdeation, INTENT),
    p("kujiondoa (duniani|kwenye dunia|maishani)", "kujiua", SuicidalIdeation, INTENT),
    p("(kujitupa|nijitupe|nitajitupa|kujirusha|nijirushe|nitajirusha) (kwenye|mbele ya|ndani ya|chini ya|kutoka|juu ya)? (reli|treni|gari|magari|barabara|mto|bahari|ziwa|ghorofa|daraja|jengo)", "kujiua", SuicidalIdeation, INTENT),
    p("@SW_WANT ku? (kufa|nife|die|kudie|ningekufa) !(kwa kicheko|na kicheko|kwa njaa|kwa furaha)", "nataka kufa", SuicidalIdeation, WISH),
    p("@SW_WANT ku? (end|kuend) (it all|it|maisha yangu)", "nataka kufa", SuicidalIdeation, WISH),
    p("(want|wanna|wish|need) (to)? (kufa|nife)", "nataka kufa", SuicidalIdeation, WISH),
    p("(heri|bora|afadhali|ni heri|ni bora|ingekuwa heri|ingekuwa bora) (nife|ningekufa|kufa|nisingezaliwa|nisingekuwepo|nisiwepo|nikiwa nimekufa|ningekuwa nimekufa)", "heri nife", SuicidalIdeation, WISH),
    p("natamani (nife|ningekufa|nisingezaliwa|nisingekuwepo|nisiwepo|nilale nisiamke|nisiamke)", "natamani nisingezaliwa", SuicidalIdeation, WISH),
    p("sitaki (kuishi|kuendelea kuishi|kuwepo|kuwa hai) (tena|kabisa|anymore|any more|again|$)", "sitaki kuishi", SuicidalIdeation, WISH),
    p("sitaki (kuishi|kuendelea kuishi) (hii maisha|maisha haya|hii life|this life) (tena|kabisa|anymore|any more|again)", "sitaki kuishi", SuicidalIdeation, WISH),
    p("sitaki (kuishi|kuendelea kuishi) (hivi|namna hii|maisha haya|hii maisha|hii life|like this|this life)", "sitaki kuishi", Hopelessness, STRONG),
    p("sitaki kuamka (tena|kesho|asubuhi|$)", "sitaki kuamka", SuicidalIdeation, WISH),
    p("sina (hamu|nia|sababu|haja) ya kuishi", "sioni sababu ya kuishi", SuicidalIdeation, WISH),
    p("(sioni|hakuna|sina|hamna) (sababu|maana|haja|reason|point) ya (kuendelea)? kuishi", "sioni sababu ya kuishi", SuicidalIdeation, WISH),
    p("(nimechoka|nimechoshwa) (na)? kuishi", "nimechoka kuishi", SuicidalIdeation, WISH),
    p("(bora|furaha|better off|happier|better|sawa|salama) (zaidi)? bila mimi", "bila mimi", SuicidalIdeation, WISH),
    p("mungu (nichukue|anichukue|unichukue|chukua roho yangu|niue)", "Mungu nichukue", SuicidalIdeation, 0.8),
    p("(nataka|natamani|ninataka) (kupotea|kutoweka) (milele|kabisa)?", "nataka kupotea", SuicidalIdeation, 0.6),
    // --- Self-harm ---
    p("(najikata|ninajikata|anajikata|wanajikata|nikijikata|huwa najikata)", "kujikata", SelfHarm, WISH),
    p("@SW_WANT (kujikata|nijikate|kujidhuru|nijidhuru|kujiumiza|nijiumize|kujichoma)", "kujidhuru", SelfHarm, WISH),
    p("(nimejikata|amejikata|nilijikata|alijikata|nitajikata|kujikata) (tena|kila siku|mara nyingi|kwa makusudi|makusudi)", "kujikata", SelfHarm, WISH),
    p("(nimejikata|amejikata|nilijikata|alijikata|nitajikata|kujikata) !(kidole|vidole|mkono|nikikata|nikipika|nikinyoa|kwa bahati|bahati|wakati|kwa kisu|na kisu|jikoni)", "kujikata", SelfHarm, 0.55),
    p("(najidhuru|ninajidhuru|nimejidhuru|nitajidhuru|kujidhuru|nilijidhuru|anajidhuru)", "kujidhuru", SelfHarm, 0.8),
    p("(najiumiza|ninajiumiza|nitajiumiza)", "kujidhuru", SelfHarm, 0.6),
    // --- Hopelessness ---
    p("(nimekata|nilikata|nimeshakata|nishakata|kukata) tamaa", "nimekata tamaa", Hopelessness, 0.55),
    p("(nimekata|nilikata|nimeshakata|nishakata) tamaa (na|ya) (maisha|life|kila kitu|kuishi)", "nimekata tamaa", Hopelessness, 0.7),
    p("(sina|hakuna|sioni|hamna) (tumaini|matumaini|hope|tumaini lolote)", "sina tumaini", Hopelessness, MODERATE),
    p("@SW_LIFE (hayana|haina|hayana tena|haina tena) (maana|thamani|ladha|mwelekeo|sense|meaning|point)", "maisha hayana maana", Hopelessness, 0.6),
    p("@SW_LIFE ni (hopeless|bure|giza|pointless|meaningless)", "maisha hayana maana", Hopelessness, MODERATE),
    p("siwezi (kuendelea|kuvumilia) !(na)", "siwezi kuendelea", Hopelessness, 0.55),
    p("siwezi tena $", "siwezi kuendelea", Hopelessness, MODERATE),
    p("(sioni|hakuna|sina) (maana|sababu|haja|point) ya (kuendelea|kujaribu|chochote) !(na)", "sioni maana", Hopelessness, MODERATE),
    p("@SW_LIFE (imenishinda|yamenishinda|imenichosha|yamenichosha|imenilemea|yamenilemea)", "maisha yamenishinda", Hopelessness, 0.6),
    p("giza (tu|totoro|kubwa)? (mbele|maishani|kila mahali)", "giza mbele", Hopelessness, MODERATE),
    p("nimeshindwa (na maisha|kabisa|kila kitu|kuishi)", "nimeshindwa", Hopelessness, 0.5),
    p("sijui (nifanye|nitafanya) nini", "sijui nifanye nini", Hopelessness, 0.25),
    p("(nimechoka|nimechoshwa) (na|na hii|na haya)? (maisha|life|hii life|hii maisha)", "nimechoka na maisha", Hopelessness, 0.7),
    p("nimechoka (kupambana|kujaribu|kuvumilia|kuigiza)", "nimechoka kupambana", Hopelessness, 0.6),
    p("(nataka|ninataka) ku? (give|kugive) up", "give up", Hopelessness, 0.55),
    // --- Exhaustion ---
    p("(nimechoka|nimechoshwa|nachoka|ninachoka|nimechokaa)", "nimechoka", Exhaustion, 0.3),
    p("(nimechoka|nimechoshwa) (na)? (kila kitu|yote|kila mtu)", "nimechoka na kila kitu", Exhaustion, MODERATE),
    p("(nimelemewa|nimezidiwa|nimedhoofika|nimeishiwa nguvu)", "nimelemewa", Exhaustion, MILD),
    p("uchovu", "nimechoka", Exhaustion, 0.25),
    p("sina nguvu", "sina nguvu", Exhaustion, 0.3),
    p("sina nguvu tena", "sina nguvu", Exhaustion, 0.4),
    p("(niko na stress|stress nyingi|stress ya kazi|stress ya maisha)", "stress", Exhaustion, 0.3),
    // --- Isolation ---
    p("(niko|nipo|nimebaki|nimeachwa) peke yangu", "peke yangu", Isolation, MILD),
    p("peke yangu (duniani|maishani)", "peke yangu", Isolation, 0.55),
    p("sina (mtu|rafiki|marafiki|mtu yeyote|mtu wa kuongea naye|mtu wa kuongea nae|mtu wa kuongea na|anyone)", "sina mtu", Isolation, MODERATE),
    p("(hakuna|hamna|nobody|no one) (mtu)? (anayenijali|anayejali|anajali|ananijali|anayenipenda|ananipenda|anayenielewa|ananielewa|anayenisikiliza)", "hakuna anayenijali", Isolation, MODERATE),
    p("(najihisi|najisikia|najiskia|ninajihisi|ninajisikia|nahisi|ninahisi) (mpweke|peke yangu|upweke|mtupu|bure|nimetengwa)", "mpweke", Isolation, MILD),
    p("upweke", "mpweke", Isolation, 0.3),
    p("(kila mtu|watu wote|wote|everyone|everybody) (ananichukia|wananichukia|wamenichoka|wameniacha|wananitenga)", "kila mtu ananichukia", Isolation, 0.48),
    p("(nimetengwa|wameniacha|ameniacha peke yangu)", "nimetengwa", Isolation, 0.4),
    // --- Worthlessness ---
    p("sina (thamani|maana|faida|umuhimu) !(ya|wa|la|za|mbaya|yoyote ya)", "sina thamani", Worthlessness, 0.55),
    p("(najichukia|ninajichukia|nilijichukia|najidharau|ninajidharau)", "najichukia", Worthlessness, 0.55),
    p("(mimi ni|nimekuwa) mzigo", "mimi ni mzigo", Worthlessness, 0.62),
    p("ni mzigo kwa (familia|wazazi|kila mtu|wote|watu|wengine)", "mimi ni mzigo", Worthlessness, 0.62),
    p("(najiona|ninajiona|najihisi|ninajihisi|nahisi|najiskia) (kama)? mzigo", "mimi ni mzigo", Worthlessness, 0.62),
    p("(sifai|sifaii) (kitu|chochote|lolote|$)", "sifai", Worthlessness, MODERATE),
    p("mimi ni bure", "sifai", Worthlessness, MODERATE),
    p("kila kitu (nakosea|ninakosea|naharibu|ninaharibu)", "sifai", Worthlessness, 0.4),
];

/// Swahili benign look-alikes: "nilikufa kwa kicheko" (I died laughing).
#[rustfmt::skip] // one entry per line reads as a table
pub(crate) const SW_BENIGN: &[&str] =
    &["(kufa|nilikufa|nimekufa|nife|nitakufa|tulikufa|alikufa|kudie) (kwa|na) (kicheko|vicheko|furaha)"];

#[cfg(test)]
mod tests {
    use super::super::lexicon::CLASSES;
    use super::super::matcher::PatternSet;
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        let classes: Vec<_> = CLASSES.iter().chain(SW_CLASSES).copied().collect();
        PatternSet::new(SW.iter().map(|p| p.pattern), &classes).unwrap();
        PatternSet::new(SW_BENIGN.iter().copied(), &classes).unwrap();
    }
}
