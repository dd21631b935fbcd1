//! What a message talks about that commonly causes stress, in English and Swahili.
//!
//! # Rule: topics, not stress
//!
//! A [`Stressor`] is a *topic* mentioned in the message ("my boss", "rent", "mtihani"),
//! whether or not the message expresses stress about it: "I work at a bank" reports
//! [`StressorKind::WorkOrStudy`]. Deciding whether the user is stressed is the fusion layer's
//! job, which combines the topics with sentiment, risk, emotion and the other modalities;
//! keeping this module a plain topic finder makes it predictable and easy to test.
//!
//! # Matching
//!
//! Phrases are matched on whole normalised words (lower case, apostrophes removed, NFC), the
//! longest phrase at each position first, never across a sentence. "broke up" is
//! [`StressorKind::Relationships`] while "I'm broke" is [`StressorKind::Money`]; "lost my
//! job" is work, not loss. Bare "work" is left out because it is mostly a verb ("it doesn't
//! work"); the noun is matched in phrases ("at work", "my work", "work is"). A word that
//! names two topics at once gives two stressors only when listed twice; each list entry has
//! one kind, chosen as the topic a counsellor would file it under (rent is housing, school
//! fees are money).
//!
//! Swahili entries include the common locative forms (kazini, shuleni, hospitalini,
//! nyumbani) and plurals (mitihani, madeni, wagonjwa), since matching is on whole words.

use resona_core::{Limits, Result};

use super::Span;
use super::codeswitch::Language;
use super::tokens::{PhraseMatcher, words};

/// A kind of life stressor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum StressorKind {
    /// Job, boss, deadlines, school, exams.
    WorkOrStudy,
    /// Partner, dating, break-ups, marriage.
    Relationships,
    /// Parents, children, siblings, relatives.
    Family,
    /// Illness, hospital, pain, sleep.
    Health,
    /// Money, debt, bills, fees.
    Money,
    /// Rent, landlord, eviction, homelessness.
    Housing,
    /// Death, funerals, grief.
    Loss,
    /// Violence, abuse, theft, danger.
    Safety,
}

impl StressorKind {
    /// Every kind, in declaration order.
    pub const ALL: [Self; 8] = [
        Self::WorkOrStudy,
        Self::Relationships,
        Self::Family,
        Self::Health,
        Self::Money,
        Self::Housing,
        Self::Loss,
        Self::Safety,
    ];

    /// Stable snake_case name, e.g. `work_or_study`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::WorkOrStudy => "work_or_study",
            Self::Relationships => "relationships",
            Self::Family => "family",
            Self::Health => "health",
            Self::Money => "money",
            Self::Housing => "housing",
            Self::Loss => "loss",
            Self::Safety => "safety",
        }
    }
}

/// One topic found in a message.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub struct Stressor {
    /// The topic.
    pub kind: StressorKind,
    /// The matched words in the original text.
    pub span: Span,
    /// The list entry that matched (normalised: lower case, no apostrophes).
    pub phrase: String,
    /// Language of the list entry.
    pub language: Language,
}

/// Settings of a [`StressorDetector`].
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct StressorConfig {
    /// Input size limits; only [`Limits::max_text_bytes`] applies. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
}

impl StressorConfig {
    /// Sets [`StressorConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

const EN: &[(StressorKind, &str)] = {
    use StressorKind::*;
    &[
        (
            WorkOrStudy,
            "job, jobs, my work, at work, from work, to work, after work, before work, work is, work was, \
            workload, overworked, overtime, boss, manager, coworker, coworkers, colleague, colleagues, \
            deadline, deadlines, meeting, meetings, office, shift, promotion, fired, laid off, lost my job, \
            unemployed, jobless, interview, career, school, exam, exams, homework, assignment, assignments, \
            thesis, dissertation, class, classes, grades, university, college, campus, lecturer, teacher, \
            semester, kcse, burnout",
        ),
        (
            Relationships,
            "boyfriend, girlfriend, bf, gf, partner, husband, wife, spouse, marriage, married, divorce, \
            divorced, breakup, broke up, break up, breaking up, dumped, cheated, cheating, my ex, crush, \
            dating, relationship, fiance, fiancee",
        ),
        (
            Family,
            "family, mom, mum, mother, dad, father, parents, parent, brother, sister, siblings, son, \
            daughter, kids, children, child, baby, grandma, grandmother, grandpa, grandfather, aunt, uncle, \
            cousin, in laws, inlaws, relatives",
        ),
        (
            Health,
            "sick, ill, illness, disease, hospital, clinic, doctor, diagnosis, diagnosed, cancer, diabetes, \
            hiv, malaria, pain, surgery, symptoms, medication, medicine, pills, insomnia, cant sleep, \
            cant eat, headache, migraine, pregnant, pregnancy, injury, injured, covid, therapy",
        ),
        (
            Money,
            "money, broke, debt, debts, loan, loans, bills, bill, salary, paycheck, fees, school fees, \
            afford, cant afford, expenses, budget, savings, bank, credit, mpesa, fuliza, overdraft, \
            bankrupt, poverty, poor",
        ),
        (
            Housing,
            "rent, landlord, landlady, evicted, eviction, kicked out, homeless, apartment, house, housing, \
            roommate, roommates, mortgage, moving out, place to stay",
        ),
        (
            Loss,
            "died, death, passed away, passed on, funeral, burial, grief, grieving, mourning, bereaved, \
            miscarriage, lost my mom, lost my mother, lost my dad, lost my father, lost my brother, \
            lost my sister, lost my friend, lost my baby, lost my son, lost my daughter, rip",
        ),
        (
            Safety,
            "unsafe, not safe, danger, dangerous, abuse, abused, abusive, violence, violent, assault, \
            assaulted, attacked, beaten, beat me, hits me, raped, rape, robbed, mugged, stolen, threatened, \
            threat, threats, stalking, stalker, harassed, harassment, bullied, bullying, \
            scared for my life, police",
        ),
    ]
};

const SW: &[(StressorKind, &str)] = {
    use StressorKind::*;
    &[
        (
            WorkOrStudy,
            "kazi, kazini, ajira, bosi, mkubwa wa kazi, nimefutwa kazi, kufutwa kazi, shule, shuleni, \
            mtihani, mitihani, chuo, chuoni, mwalimu, darasa, masomo, somo, mkutano, mikutano",
        ),
        (Relationships, "mpenzi, mchumba, mume, mke, mume wangu, mke wangu, ndoa, talaka, ameniacha, tumeachana"),
        (
            Family,
            "familia, mama, baba, wazazi, mzazi, watoto, mtoto, kaka, dada, ndugu, bibi, babu, shangazi, \
            mjomba, binamu, mwanangu, wanangu",
        ),
        (
            Health,
            "mgonjwa, wagonjwa, ugonjwa, magonjwa, naumwa, ninaumwa, anaumwa, hospitali, hospitalini, \
            daktari, dawa, maumivu, homa, upasuaji, sipati usingizi, kichwa kinauma",
        ),
        (Money, "pesa, hela, doo, deni, madeni, mkopo, mikopo, mshahara, karo, ada, sina pesa, bili"),
        (Housing, "kodi, kodi ya nyumba, nyumba, nyumbani, mwenye nyumba, kufukuzwa, nimefukuzwa, makazi"),
        (Loss, "msiba, kifo, amekufa, amefariki, alifariki, alikufa, mazishi, maombolezo, marehemu"),
        (
            Safety,
            "usalama, hatari, hatarini, vurugu, dhuluma, unyanyasaji, amenipiga, ananipiga, wezi, mwizi, \
            nimeibiwa, ubakaji, tishio, vitisho, naogopa maisha yangu",
        ),
    ]
};

/// Finds stressor topics in a message.
///
/// Built once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct StressorDetector {
    config: StressorConfig,
    phrases: PhraseMatcher<(StressorKind, Language)>,
}

impl StressorDetector {
    /// Builds the detector.
    pub fn new(config: StressorConfig) -> Result<Self> {
        let en = EN.iter().flat_map(|&(k, list)| list.split(',').map(move |p| (p.trim(), (k, Language::English))));
        let sw = SW.iter().flat_map(|&(k, list)| list.split(',').map(move |p| (p.trim(), (k, Language::Swahili))));
        Ok(Self { config, phrases: PhraseMatcher::new(en.chain(sw)) })
    }

    /// The settings this detector was built with.
    #[must_use]
    pub fn config(&self) -> &StressorConfig {
        &self.config
    }

    /// Every stressor topic in `text`, left to right.
    pub fn detect(&self, text: &str) -> Result<Vec<Stressor>> {
        self.config.limits.check_text(text)?;
        let toks = words(text);
        Ok(self
            .phrases
            .find(&toks)
            .into_iter()
            .map(|m| Stressor {
                kind: m.value.0,
                span: Span::new(toks[m.first].start, toks[m.last - 1].end),
                phrase: m.phrase,
                language: m.value.1,
            })
            .collect())
    }

    /// The distinct kinds in `text`, in [`StressorKind`] order.
    pub fn kinds(&self, text: &str) -> Result<Vec<StressorKind>> {
        let mut kinds: Vec<StressorKind> = self.detect(text)?.into_iter().map(|s| s.kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        Ok(kinds)
    }
}

#[cfg(test)]
mod tests {
    use super::StressorKind::*;
    use super::*;

    fn kinds(text: &str) -> Vec<StressorKind> {
        StressorDetector::new(StressorConfig::default()).unwrap().kinds(text).unwrap()
    }

    #[test]
    fn longest_phrase_decides() {
        assert_eq!(kinds("we broke up last night"), [Relationships]);
        assert_eq!(kinds("I'm broke until Friday"), [Money]);
        assert_eq!(kinds("I lost my job"), [WorkOrStudy]);
        assert_eq!(kinds("I lost my keys"), []);
        assert_eq!(kinds("school fees are due"), [Money]);
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(kinds("the skillful rental of a bassinet"), []);
        assert_eq!(kinds("it doesn't work"), []);
        assert_eq!(kinds("mamalia na kazini"), [WorkOrStudy]);
    }

    #[test]
    fn no_list_entry_is_duplicated_across_kinds() {
        let mut seen = std::collections::HashMap::new();
        for (k, list) in EN.iter().chain(SW) {
            for p in list.split(',').map(str::trim) {
                assert!(!p.is_empty(), "empty entry under {k:?}");
                if let Some(prev) = seen.insert(p, *k) {
                    assert_eq!(prev, *k, "{p:?} listed under two kinds");
                }
            }
        }
    }

    #[test]
    fn names_are_stable() {
        let names: Vec<&str> = StressorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, ["work_or_study", "relationships", "family", "health", "money", "housing", "loss", "safety"]);
    }
}
