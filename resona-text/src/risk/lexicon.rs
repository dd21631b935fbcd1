//! The English risk lexicon: phrase patterns with a category, a keyword and a base severity,
//! the named classes the patterns share, and benign look-alikes that cancel a match.
//!
//! Patterns use the language of [`super::matcher`] over expanded tokens (`can not`, `i am`).
//! Swahili and code-switched phrases live in [`super::lexicon_sw`].
//!
//! # Why these categories
//!
//! The six categories follow the warning signs that crisis services and screening tools ask
//! about (the Columbia Suicide Severity Rating Scale, the PHQ-9 item 9, the Samaritans' and
//! 988 Lifeline's published warning signs) and the interpersonal theory of suicide (Joiner,
//! 2005), whose "perceived burdensomeness" and "thwarted belongingness" are why worthlessness
//! and isolation are separate categories rather than generic negative mood:
//!
//! - **suicidal ideation**: a wish to be dead, a plan or a method. Explicit intent or plan is
//!   [`INTENT`] and raises the crisis flag on its own; a passive wish ("I wish I was dead",
//!   "everyone would be better off without me") is [`WISH`], already severe.
//! - **self-harm**: cutting, burning or hurting oneself on purpose. Urges and ongoing or repeated
//!   harm are [`WISH`]; a bare "I cut myself" is moderate because it is often an accident, and
//!   accident contexts ("cut myself shaving", "hurt myself playing football") cancel it.
//! - **hopelessness**: no future, no way out, giving up. The strongest single predictor of
//!   suicide in Beck's cohort studies; moderate on its own.
//! - **exhaustion and burnout**: tiredness of body or spirit. Mild on its own (the issue's "dead
//!   tired" is mild), except "tired of everything", which is moderate, and "tired of living",
//!   which is ideation.
//! - **isolation**: loneliness, nobody who cares (thwarted belongingness).
//! - **worthlessness**: self-hatred, being a failure or a burden (perceived burdensomeness; a
//!   burden is weighted above a failure).
//!
//! Severities are base weights in [0, 1] before context (negation, reported speech, past
//! tense); see the module documentation of [`super`] for how they combine into a level.

use super::RiskCategory::{self, Exhaustion, Hopelessness, Isolation, SelfHarm, SuicidalIdeation, Worthlessness};

/// Explicit intent, plan or method ("kill myself", "end my life tonight", "take all my pills").
/// Raises the crisis flag unless clearly negated, past, or about someone else.
pub(crate) const INTENT: f32 = 1.0;
/// Passive ideation or a self-harm urge ("I want to die", "no reason to live"); severe alone.
pub(crate) const WISH: f32 = 0.85;
/// Strong distress close to ideation ("tired of life", "can't go on like this").
pub(crate) const STRONG: f32 = 0.65;
/// A clear risk cue that is moderate on its own ("hopeless", "I hate myself").
pub(crate) const MODERATE: f32 = 0.52;
/// A mild cue ("lonely", "burnt out").
pub(crate) const MILD: f32 = 0.35;
/// A weak cue that only matters next to others ("tired", "stuck").
pub(crate) const WEAK: f32 = 0.25;

/// Keyword of farewell phrases ("goodbye everyone", "tell my mom I'm sorry"). Saying goodbye is
/// a warning sign only next to distress: a farewell is dropped when it stands alone (a sign-off)
/// and takes [`WISH`] when the same message holds the writer's own distress ("I'm done.
/// Goodbye."); see `RiskDetector::assess`.
pub(crate) const FAREWELL: &str = "goodbye";

/// One lexicon entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Phrase {
    /// The pattern, in the language of [`super::matcher`].
    pub(crate) pattern: &'static str,
    /// The stable keyword reported for a match (English or Swahili citation form).
    pub(crate) keyword: &'static str,
    /// What the phrase is a sign of.
    pub(crate) category: RiskCategory,
    /// Base severity in [0, 1].
    pub(crate) severity: f32,
}

const fn p(pattern: &'static str, keyword: &'static str, category: RiskCategory, severity: f32) -> Phrase {
    Phrase { pattern, keyword, category, severity }
}

/// Named classes, expanded wherever a pattern says `@NAME`.
pub(crate) const CLASSES: &[(&str, &str)] = &[
    // Intensifiers, hedges and softeners that may sit between a frame and its adjective. Which
    // of them raise or lower severity is decided in `context`, not here.
    (
        "MOD",
        "so|very|really|completely|totally|utterly|extremely|super|incredibly|truly|absolutely|\
         deeply|just|still|always|literally|fucking|fking|damn|such|too|kind of|kinda|sort of|\
         sorta|a bit|a little|bit|little|slightly|somewhat|pretty|quite|all|constantly|\
         increasingly|even|total|complete|utter|absolute|huge|big|sana|kabisa|mno|honestly|\
         becoming|getting",
    ),
    // Frames that make an adjective about the speaker: "I am", "I feel", "feeling", and the
    // Swahili/Sheng "niko" (I am) and "najiskia" (I feel) used in code-switched chat.
    (
        "FEEL",
        "am|are|feel|feels|feeling|felt|was|were|been|being|become|becoming|get|getting|seem|\
         seems|seemed|niko|nipo|najiskia|najisikia|najihisi|ninajihisi|ninajisikia|nahisi|\
         ninahisi",
    ),
    // Reflexives. "yourself" is left out on purpose: "go kill yourself" is abuse aimed at
    // someone else, not the writer's own crisis.
    ("REFL", "myself|my self|meself|herself|himself|themselves|themself|ourselves"),
    // What leads into self-harm as an urge, a plan or an ongoing act.
    (
        "SH_LEAD",
        "want|wants|wanted|wanting|need|needs|needed|going|urge|urges|tempted|itching|feel like|\
         feels like|felt like|feeling like|thinking about|thinking of|thought about|thought of|\
         plan|planning|planned|decided|ready|trying|tried|try|attempt|attempted|keep|keeps|kept|\
         started|start|been|am|is|was|stop|can not stop|could not stop",
    ),
    (
        "SH_VERB",
        "cut|cutting|burn|burning|hurt|hurting|harm|harming|scratch|scratching|punch|\
         punching|bruise|bruising|starve|starving|punish|punishing|injure|injuring|mutilate|\
         mutilating",
    ),
    // What follows "cut myself" / "hurt myself" in an accident or an idiom.
    (
        "ACCIDENT",
        "off|short|slack|some|a|free|loose|out|while|whilst|shaving|cooking|chopping|slicing|on|\
         with|accidentally|by accident|by|playing|at|during|lifting|running|training|skiing|\
         falling|in|doing|opening|trying|back|into|down|up|skating|cycling|riding|dancing|\
         climbing|working|moving|carrying|the other|yesterday at|last week at|when cooking|\
         when shaving|when chopping|when i fell|when i slipped|when i tripped|\
         when i was cooking|when i was shaving|when i was chopping|when i was playing|\
         when opening|badly when i fell",
    ),
    // Place and time phrases after "alone" that make it circumstance, not loneliness.
    (
        "ALONE_PLACE",
        "in the office|in the house|in my room|in the car|in class|in the library|in the lab|\
         at home|at work|at the office|for now|for a bit|for a while|for the weekend|for the day|\
         this weekend|time|together|with my thoughts",
    ),
];

/// English phrases, roughly ordered by category and then severity.
#[rustfmt::skip] // one entry per line reads as a table
pub(crate) const EN: &[Phrase] = &[
    // --- Suicidal ideation: explicit intent, plan or method ---
    p("kill* @REFL", "kill myself", SuicidalIdeation, INTENT),
    p("kms", "kill myself", SuicidalIdeation, INTENT),
    p("unalive* @REFL?", "unalive", SuicidalIdeation, INTENT),
    p("end* (my|her|his|their|our) (own)? (life|lives)", "end my life", SuicidalIdeation, INTENT),
    p("(take|taking|took) (my|her|his|their) (own)? life !(back|in|into|seriously|for)", "take my life", SuicidalIdeation, INTENT),
    p("commit* suicide", "suicide", SuicidalIdeation, INTENT),
    p("end* (it|it all|everything|things) (tonight|today|now|soon|tomorrow|this week|this weekend|right now|for good)", "end it", SuicidalIdeation, INTENT),
    p("(hang|hanging|hanged|hung) @REFL", "hang myself", SuicidalIdeation, INTENT),
    p("slit (my|her|his|their) (wrist|wrists|throat)", "slit my wrists", SuicidalIdeation, INTENT),
    p("(want|wanna|going|plan|planning|about|decided|ready|thinking about|thinking of|trying) (to)? (overdos*|od)", "overdose", SuicidalIdeation, INTENT),
    p("(take|taking|took|swallow|swallowed|swallowing) (all|a bunch of|a handful of|a lot of|too many|the whole bottle of|an entire bottle of|the rest of) (my|the|of my|of the|these|those)? (pills|tablets|meds|medication|sleeping pills|painkillers)", "take all my pills", SuicidalIdeation, INTENT),
    p("(pills|rope|gun|knife|razor|blade|noose|poison) (is|are)? (ready|prepared)", "means ready", SuicidalIdeation, INTENT),
    p("(want|wanna|going|plan|planning|about|decided|ready|thinking about|thinking of|thought about|will|should) (to)? ..1 jump* (off|from|in front of) (a|the|this|that|my)? (bridge|building|roof|cliff|balcony|train|bus|car|truck|window|tower|rooftop|lorry|matatu)", "jump off", SuicidalIdeation, INTENT),
    p("(wrote|writing|write|written|left|leaving|drafted) (a|my) (goodbye|farewell|final) (note|letter)", "goodbye note", SuicidalIdeation, INTENT),
    p("(bought|got|ordered|tied|made) (a|the) (rope|noose) $", "means ready", SuicidalIdeation, 0.8),
    p("(stockpil*|hoard*|saving up|saved up|collecting|collected) (my|the|all my)? (pills|tablets|meds|sleeping pills|painkillers)", "means ready", SuicidalIdeation, INTENT),
    p("(drive|crash|steer) (my car|the car|myself)? (into|off) (a wall|a tree|traffic|oncoming traffic|a truck|a bridge|a cliff|the river)", "jump off", SuicidalIdeation, INTENT),
    p("(step|walk|jump) (in front of|into) (a train|a bus|traffic|a truck|oncoming traffic)", "jump off", SuicidalIdeation, INTENT),
    p("(googling|searching|looking up|researching|research|google|search) (for)? (ways|how|methods) to (die|end it|end my life|kill @REFL)", "ways to die", SuicidalIdeation, INTENT),
    p("(easiest|painless|quickest|fastest|surest|least painful|best|simplest) (way|ways|method|methods) to (die|end my life|end it all|kill @REFL)", "ways to die", SuicidalIdeation, INTENT),
    p("(easiest|painless|quickest|fastest|surest|least painful|best|simplest) (way|ways|method|methods) to end it !(with|between|nicely|politely|gently|kindly|off)", "ways to die", SuicidalIdeation, INTENT),
    p("(took|swallowed|taken|take|taking|swallow) #10 (paracetamol|panadol|tylenol|ibuprofen|aspirin|pills|tablets|sleeping pills|painkillers|meds)", "take all my pills", SuicidalIdeation, INTENT),
    p("(wrote|writing|write|written|left|leaving) (letters|notes|goodbye letters|goodbye notes) (to|for) (everyone|everybody|my family|my parents|my kids|all|the people)", "goodbye note", SuicidalIdeation, 0.8),
    // --- Suicidal ideation: passive wish and burdensomeness ---
    p("suicid*", "suicide", SuicidalIdeation, 0.9),
    p("end* (it all|everything|things) !(with|on|for|at|by|between|off)", "end it all", SuicidalIdeation, WISH),
    p("(want|wanted|wanting|going|ready|plan|planning|decided|need|about|trying|tried) to end it $", "end it", SuicidalIdeation, WISH),
    p("(want*|wish|wishing|longing|long|ready|deserve|pray) to (die|be dead) !(of|from|laughing)", "want to die", SuicidalIdeation, WISH),
    p("(please)? let me die", "want to die", SuicidalIdeation, WISH),
    p("wish (that)? i (was|were|would|could|had|did) (just)? (be|have)? (dead|die|died|never been born|not been born|never born|not born|never existed|not exist|gone forever)", "wish I was dead", SuicidalIdeation, WISH),
    p("better off (dead|gone|not alive|not here|not existing)", "better off dead", SuicidalIdeation, WISH),
    p("(better off|happier|better|better place|happier place) without (me|mimi)", "better off without me", SuicidalIdeation, WISH),
    p("end* (my|the) suffering", "end my life", SuicidalIdeation, WISH),
    p("end* (my|the) pain (for good|forever|permanently)", "end my life", SuicidalIdeation, WISH),
    p("how many (pills|tablets|paracetamol|panadol|sleeping pills|painkillers) (it takes|to take|does it take|would it take|to die|to overdose|until)", "ways to die", SuicidalIdeation, INTENT),
    p("(nobody|no one) (will|would) (even)? (miss|notice|care about) me (when|if|after|once) i (am|was|die|leave)", "nobody would notice if I was gone", SuicidalIdeation, WISH),
    p("(happier|better off|better) (if|when) i (am|was|were|would be) (gone|dead|not here|not around|not alive|no longer here|never born)", "better off without me", SuicidalIdeation, WISH),
    p("(happier|better off|better) (if|when) i (just)? (left|disappeared|went away|vanished|was not around|were not around)", "better off without me", SuicidalIdeation, 0.6),
    p("tell (my|her|his) (mom|mum|dad|family|parents|mother|father|kids|wife|husband|sister|brother|friends) (that)? (i am|i was) sorry", FAREWELL, SuicidalIdeation, 0.6),
    p("no (reason|will|desire) (to|for) (live|living|go on|going on|keep going|stay alive|be alive|be here|exist|existing)", "no reason to live", SuicidalIdeation, WISH),
    p("nothing (left)? to live for", "nothing to live for", SuicidalIdeation, WISH),
    p("not (worth|worthy of) living", "not worth living", SuicidalIdeation, WISH),
    p("not deserve to (live|be alive|exist|be here)", "don't deserve to live", SuicidalIdeation, WISH),
    p("(not|never|no longer) (want|wanna) to (live|be alive|exist|be here|be around|go on|keep living|carry on) !(in|with|at|near|there|on|under|without|abroad|alone|like|somewhere|anywhere|where|far|close|together|forever|a|the|this|that|my|his|her|their|our|your|every|past|beyond|until|till|to)", "don't want to live", SuicidalIdeation, WISH),
    p("not (want|wanna) to live like this", "don't want to live like this", Hopelessness, STRONG),
    p("not sure (if|that|whether)? i (want|wanna) to (live|be alive|go on|be here)", "not sure I want to live", SuicidalIdeation, 0.75),
    p("(stop|cease) (existing|to exist|living|being alive)", "stop existing", SuicidalIdeation, 0.8),
    p("not see myself (being alive|alive|living|being here|here|around|still here) (next|in|much longer|by|for)", "not see myself alive", SuicidalIdeation, WISH),
    p("(not|never) (want|wanna) to wake up", "don't want to wake up", SuicidalIdeation, WISH),
    p("hope i (do not|never|will not) wake up", "don't want to wake up", SuicidalIdeation, WISH),
    p("(sleep|asleep) and (not|never) wake up", "never wake up", SuicidalIdeation, WISH),
    p("never wake up (again)? !(before|early|on time|in time|until|till|at|when|without|before)", "never wake up", SuicidalIdeation, WISH),
    p("(tired|sick) of (living|being alive|existing)", "tired of living", SuicidalIdeation, WISH),
    p("(want|wanted|wish|need) (it all|everything|my life|life|all of it|this life) (to)? (end|stop|be over)", "want it all to end", SuicidalIdeation, WISH),
    p("(want|wanted|wish|need) (it|this) (all)? to (end|stop|be over) (forever|permanently|for good)", "want it all to end", SuicidalIdeation, WISH),
    p("(want|wanted|wish) (it|my life|life) (to be)? over $", "want it over", SuicidalIdeation, 0.7),
    p("want the pain to (stop|end|go away)", "want the pain to stop", SuicidalIdeation, STRONG),
    p("(can not|could not) stop thinking (about|of) (dying|death|being dead|ending it|not being here|suicide)", "thoughts of death", SuicidalIdeation, WISH),
    p("(thinking|think|thought|thoughts) (about|of) (dying|death|being dead|not being here|not existing|not waking up|ending it|ending things)", "thoughts of death", SuicidalIdeation, 0.7),
    p("done with (life|living|this life|my life|existing)", "done with life", SuicidalIdeation, WISH),
    p("(disappear|disappeared|disappearing|vanish|vanished) (forever|for good|permanently|from this world|from the world|and never come back)", "disappear forever", SuicidalIdeation, 0.8),
    p("(want|wanna|wish i could|need) (to)? (disappear|vanish) $", "want to disappear", SuicidalIdeation, 0.6),
    p("(god|lord|jesus) (please|just)? (take me|end my life|let me die)", "God take me", SuicidalIdeation, 0.8),
    p("rather (be dead|die|not exist|not be alive|not be here|not live) !(than)", "rather be dead", SuicidalIdeation, WISH),
    p("(want|wanna|wish i could|just want) to sleep forever", "never wake up", SuicidalIdeation, 0.8),
    p("(not|never) (going to)? be (here|around|alive) (tomorrow|much longer|for much longer|for long|by tomorrow|next week|anymore|any more)", "won't be here", SuicidalIdeation, 0.8),
    p("goodbye (forever|world|cruel world)", "goodbye forever", SuicidalIdeation, 0.75),
    p("this is (my)? (goodbye|final goodbye|last message|final message)", "goodbye forever", SuicidalIdeation, 0.75),
    p("(goodbye|bye|farewell|kwaheri|kwa heri) (everyone|everybody|all|guys|all of you|wote|kila mtu|dunia)? $", FAREWELL, SuicidalIdeation, MILD),
    p("(do not|not) care (if|whether) i (live|die|wake up|am alive|make it)", "don't care if I die", SuicidalIdeation, 0.8),
    p("(nobody|no one|none of them) (would|will)? (even)? (notice|care|miss me|know|mind) if i (just)? (was|were|am)? (gone|dead|died|not here|not around|killed myself)", "nobody would notice if I was gone", SuicidalIdeation, WISH),
    p("(make|making) it (all)? (stop|end) (forever|permanently|for good)", "make it stop", SuicidalIdeation, WISH),
    p("(no|the|any) point (of|in|to) (me)? (living|being alive|going on|existing|staying alive)", "no point living", SuicidalIdeation, 0.75),
    p("not see (the|a|any)? point (of|in|to) (me)? (living|being alive|going on|existing|staying alive)", "no point living", SuicidalIdeation, 0.75),
    // --- Self-harm ---
    p("@SH_LEAD (to)? @SH_VERB @REFL !(off|short|slack|some|free|loose|out|up for)", "self-harm", SelfHarm, WISH),
    p("@SH_VERB @REFL (again|every day|every night|daily|on purpose|intentionally|deliberately|to feel|to cope|to punish|to calm)", "self-harm", SelfHarm, WISH),
    p("relaps* (and|on|with|into)? (cut|cutting|hurt|hurting|burn*|harm*|self harm*|selfharm*)", "self-harm", SelfHarm, WISH),
    p("(urge|urges) to (cut|hurt|burn|harm)", "self-harm", SelfHarm, WISH),
    p("self (harm*|injur*|mutilat*)", "self-harm", SelfHarm, 0.8),
    p("selfharm*", "self-harm", SelfHarm, 0.8),
    p("make @REFL bleed", "self-harm", SelfHarm, 0.8),
    p("(cut|cutting) (my|her|his|their) (wrist|wrists|arm|arms|thigh|thighs|skin) !(on|while|when|with|by|accidentally|shaving|open on)", "cut myself", SelfHarm, WISH),
    p("(cut|cutting|cuts) @REFL !(@ACCIDENT)", "cut myself", SelfHarm, 0.55),
    p("(hurt|hurting|hurts) @REFL !(@ACCIDENT)", "hurt myself", SelfHarm, 0.5),
    p("(burn|burning|burned|burnt) @REFL !(@ACCIDENT)", "burn myself", SelfHarm, 0.55),
    p("make @REFL (throw up|puke|vomit|sick)", "self-harm", SelfHarm, MODERATE),
    p("(starve|starving) @REFL", "self-harm", SelfHarm, 0.5),
    p("self destruct*", "self-destructive", SelfHarm, 0.45),
    // --- Hopelessness ---
    p("@FEEL ~ @MOD* hopeless !(at|with|romantic|romantics|case|cases|when it comes)", "hopeless", Hopelessness, MODERATE),
    p("(life|everything|it all|the future|my future|my life|things|my situation|this life|living|existence) (is|seems|feels|looks|are|just feels|just seems) ~ @MOD* (hopeless|pointless|meaningless|bleak|empty)", "hopeless", Hopelessness, 0.55),
    p("^ @MOD* (hopeless|pointless) !(at|with|romantic|romantics|case|cases|when it comes)", "hopeless", Hopelessness, 0.45),
    p("@FEEL ~ @MOD* (pointless|meaningless|defeated)", "hopeless", Hopelessness, 0.45),
    p("no hope (left|anymore|for me|at all|in my life|in life|$)", "no hope", Hopelessness, MODERATE),
    p("(lost|losing|lose|have no|without) (all|any)? (my)? hope !(of|for a|for the|for this|for that|for tickets)", "no hope", Hopelessness, 0.55),
    p("feelings of (hopelessness|despair|worthlessness|emptiness)", "hopeless", Hopelessness, 0.45),
    p("(in|such|complete|total|deep|utter) despair", "despair", Hopelessness, 0.45),
    p("what is (even)? the point (of|in)? (living|life|anything|everything|trying|going on|it all|even trying|anymore|any of this|$)", "what's the point", Hopelessness, MODERATE),
    p("not see (the|a|any)? (point|reason) (in|of|to)? (trying|living|anything|anymore|going on|carrying on|continuing|life|$)", "what's the point", Hopelessness, MODERATE),
    p("no point (in|to)? (trying|living|anything|anymore|going on|carrying on|any of it|it all|$)", "what's the point", Hopelessness, MODERATE),
    p("nothing (will|would|is going to|can)? ever (get|gets|be|improve|improves) (any)? better", "nothing will get better", Hopelessness, MODERATE),
    p("nothing (ever)? (gets|get) better", "nothing will get better", Hopelessness, MODERATE),
    p("never (get|gets|be|going to get) (any)? better !(than)", "nothing will get better", Hopelessness, MODERATE),
    p("can not go on (like this|anymore|any more|any longer|living|with life|with this|with my life|with living|$)", "can't go on", Hopelessness, 0.6),
    p("can not (keep|carry) (going|on|living) (like this|anymore|any more|any longer|$)", "can't go on", Hopelessness, 0.55),
    p("can not (do|take|handle|bear|stand|cope with|deal with) (this|it|any of this|life|this life|it all|the pain|this pain|this feeling|this stress) (anymore|any more|any longer)", "can't take it anymore", Hopelessness, MODERATE),
    p("not think i can (keep going|go on|carry on|do this anymore|take much more|take it anymore|hold on)", "can't go on", Hopelessness, 0.55),
    p("(want|wanna|going|ready|about|feel like|felt like|feeling like|tempted) (to)? (just)? (give|giving) up $", "give up", Hopelessness, 0.55),
    p("(give|giving|gave|given) up on (life|everything|myself|me|living|it all|the world|my life|hope|ever being happy)", "give up on life", Hopelessness, STRONG),
    p("i (just)? give up $", "give up", Hopelessness, 0.3),
    p("no (way out|escape)", "no way out", Hopelessness, 0.55),
    p("not (see|find) (a|any) way out", "no way out", Hopelessness, 0.55),
    p("@FEEL ~ @MOD* trapped", "trapped", Hopelessness, 0.42),
    p("done with (everything|it all|all of it|all of this|everyone)", "done with everything", Hopelessness, MODERATE),
    p("done with (everything|it all|all of it|all of this) (for good|forever|permanently)", "done with life", SuicidalIdeation, WISH),
    p("can not do life (anymore|any more|any longer)", "can't go on", SuicidalIdeation, 0.75),
    p("i (just)? want out $", "want out", Hopelessness, 0.55),
    p("not see (things|it|life|anything|my life) (ever)? (getting|get) (any)? better", "nothing will get better", Hopelessness, MODERATE),
    p("^ (i am|am) @MOD* done $", "I'm done", Hopelessness, 0.3),
    p("@FEEL ~ @MOD* (empty|numb|dead|hollow) inside", "empty inside", Hopelessness, MODERATE),
    p("@FEEL ~ @MOD* (empty|numb|hollow)", "empty inside", Hopelessness, 0.4),
    p("nothing matters (anymore|any more|to me|$)", "nothing matters", Hopelessness, 0.45),
    p("falling apart", "falling apart", Hopelessness, 0.38),
    p("drowning !(in work|in emails|in homework|in assignments|in paperwork|in laundry|in deadlines)", "drowning", Hopelessness, 0.4),
    p("(not|never) see a future", "no future", Hopelessness, MODERATE),
    p("(there is|i have|have) no future", "no future", Hopelessness, MODERATE),
    p("no future (for me|ahead|$)", "no future", Hopelessness, MODERATE),
    p("@FEEL ~ @MOD* (stuck|lost|broken)", "stuck", Hopelessness, WEAK),
    p("@FEEL ~ @MOD* stressed", "stressed", Exhaustion, WEAK),
    p("not care (what happens to me|about anything|about myself|about living|about life|anymore|any more)", "don't care anymore", Hopelessness, 0.45),
    p("(tired|sick) of (life|this life|my life)", "tired of life", Hopelessness, 0.7),
    p("(tired|sick) of (fighting|trying|struggling|pretending|being me|being myself)", "tired of fighting", Hopelessness, 0.6),
    p("(life|living|my life|it all) (is|is just|just is|is really)? not worth it", "not worth it", Hopelessness, 0.6),
    p("nothing to look forward to", "nothing to look forward to", Hopelessness, MODERATE),
    p("nothing left for me", "nothing to look forward to", Hopelessness, 0.6),
    p("no reason (to|for) (keep trying|try|trying|get up|getting up|bother|carry on|keep going)", "what's the point", Hopelessness, MODERATE),
    p("why (do)? i (even)? bother", "what's the point", Hopelessness, 0.45),
    p("can not stop crying", "crying", Hopelessness, MILD),
    p("@FEEL ~ @MOD* (down|low|depressed|miserable)", "down", Hopelessness, WEAK),
    // --- Exhaustion and burnout ---
    p("exhaust*", "exhausted", Exhaustion, 0.3),
    p("(burnt|burned|burning) out", "burnt out", Exhaustion, MILD),
    p("burnout", "burnt out", Exhaustion, MILD),
    p("tired !(of)", "tired", Exhaustion, 0.22),
    p("(tired|sick) of", "tired of", Exhaustion, 0.3),
    p("(tired|sick) of (everything|it all|all of this|all of it|everyone|everybody) !(being|costing|going|getting|taking|that)", "tired of everything", Exhaustion, MODERATE),
    p("sick and tired", "tired of", Exhaustion, 0.3),
    p("(drained|depleted|worn out|wiped out|overworked|overwhelmed|stressed out|fatigued)", "drained", Exhaustion, 0.3),
    p("(running|ran) on empty", "drained", Exhaustion, 0.3),
    p("dead (tired|on my feet)", "dead tired", Exhaustion, WEAK),
    p("(no|zero|have no) energy", "no energy", Exhaustion, WEAK),
    p("can not (cope|keep up|function|sleep)", "can't cope", Exhaustion, MILD),
    p("can not (get out of bed|get up in the morning)", "can't get out of bed", Exhaustion, 0.4),
    // --- Isolation ---
    p("(nobody|no one|not a soul) (really)? (cares|care|gives a damn|gives a shit|gives a fuck) (about me|if i|whether i|what happens to me|how i feel|kama|$)", "nobody cares", Isolation, MODERATE),
    p("not (feel like|think|believe)? (anyone|anybody) (really)? (cares|would care|would notice|loves me|likes me|understands me|gets me|listens)", "nobody cares", Isolation, MODERATE),
    p("(nobody|no one) (ever|really|even)? (loves|likes|understands|wants|needs|listens to|gets|notices|talks to|cares about) me", "nobody loves me", Isolation, MODERATE),
    p("(nobody|no one|nothing) can (fix|help|save) me", "no way out", Hopelessness, MODERATE),
    p("(nobody|no one) (notices|sees|listens|understands|checks on me|asks)", "nobody cares", Isolation, 0.45),
    p("(nobody|no one) (can|could|ever|even)? (see|sees|notice|notices) (it|that|me|how|what|i)", "nobody cares", Isolation, 0.45),
    p("(nobody|no one) (would|will)? (even)? (notice|care|see) (that)? i (am|was) (struggling|hurting|suffering|not okay|not ok|drowning|gone)", "nobody cares", Isolation, MODERATE),
    p("(nobody|no one) (would|will) (care|notice) $", "nobody cares", Isolation, 0.55),
    p("(everyone|everybody|people|they all) (hates|hate|ignores|ignore|left|abandoned|leaves|forgot|forgets|avoids) me", "everyone hates me", Isolation, 0.48),
    p("@FEEL ~ @MOD* (alone|lonely|isolated|abandoned|invisible|unloved|unwanted|forgotten) !(@ALONE_PLACE)", "alone", Isolation, MILD),
    p("(lonely|loneliness)", "lonely", Isolation, 0.3),
    p("and @MOD* (alone|lonely|isolated|unloved) !(@ALONE_PLACE)", "alone", Isolation, MILD),
    p("alone in (this|the) (world|universe)", "alone", Isolation, 0.55),
    p("no one to (talk to|turn to)", "no one to talk to", Isolation, MODERATE),
    p("(have|got) (no one|nobody|no friends|no one left|nobody left|no one else|nobody else) (to talk to|to turn to|left|who cares|in my life|anymore|$)?", "I have no one", Isolation, MODERATE),
    p("not have (anyone|anybody|any friends|a single friend|friends) (to talk to|to turn to|who cares|left|anymore|$)?", "I have no one", Isolation, MODERATE),
    p("(nobody|no one|not a soul) (would|will)? (even)? miss me", "nobody would miss me", Isolation, 0.7),
    p("(nobody|no one) (would|will)? (even)? (care|notice|miss me|mind) if i (just)? (disappeared|disappear|vanished|vanish|left|was missing|went missing|ran away)", "nobody would notice", Isolation, 0.6),
    p("(cut|cutting) @REFL off (from)? (everyone|everybody|people|friends|the world|my friends|my family|society)", "isolating", Isolation, 0.45),
    p("isolat* @REFL", "isolating", Isolation, 0.4),
    // --- Worthlessness ---
    p("@FEEL (like)? ~ @MOD* (a|an)? @MOD* worthless", "worthless", Worthlessness, MODERATE),
    p("@FEEL (like)? ~ @MOD* (useless|pathetic|unlovable|unloveable|good for nothing)", "useless", Worthlessness, 0.42),
    p("@FEEL (like)? ~ @MOD* (a|an) @MOD* (burden|burden to everyone)", "burden", Worthlessness, 0.62),
    p("@FEEL (like)? ~ @MOD* (a|an) @MOD* (failure|disappointment|mistake|nobody|waste of space|waste of air|waste of oxygen|waste of life)", "failure", Worthlessness, 0.48),
    p("@FEEL (like)? ~ @MOD* (a|an) @MOD* (loser|fraud|joke)", "failure", Worthlessness, 0.3),
    p("@FEEL like (i am)? nothing", "worthless", Worthlessness, 0.45),
    p("hate @REFL !(for)", "hate myself", Worthlessness, 0.55),
    p("hate @REFL for", "hate myself", Worthlessness, 0.3),
    p("hate (who|what) i (am|have become|became)", "hate myself", Worthlessness, 0.5),
    p("(despise|loathe|disgusted with|disgusted by|ashamed of) @REFL", "hate myself", Worthlessness, 0.5),
    p("i (do|just|really)* not (matter|count) !(if|whether|what|how|when)", "I don't matter", Worthlessness, MODERATE),
    p("nothing i do (matters|is good enough|is ever good enough|is right|is ever right)", "I don't matter", Worthlessness, 0.45),
    p("can not do anything right", "failure", Worthlessness, 0.4),
    p("(failing|failed|fail|a failure) (at)? (life|everything)", "failure", Worthlessness, 0.48),
    p("not good enough (for anyone|for anything|for anybody|$)", "not good enough", Worthlessness, MILD),
    p("not deserve (to be happy|to be loved|love|anything|happiness|good things|help|friends|anyone)", "don't deserve", Worthlessness, 0.5),
];

/// Benign look-alikes. A risk match lying entirely inside one of these is dropped.
#[rustfmt::skip] // one entry per line reads as a table
pub(crate) const BENIGN: &[&str] = &[
    "(die|dying|died|dead) (of|from) (embarrassment|laughter|laughing|boredom|cringe|shame|cuteness|happiness|excitement|jealousy|hunger|thirst|heat)",
    "(die|dying|died|dead) laughing",
    "rather (die|be dead) than",
    "(documentary|article|book|film|movie|podcast|lecture|essay|research|paper|talk|class|course|report|news|story|song|episode|study|studies|statistics) (about|on|regarding|of) suicid*",
    "suicid* (prevention|squad|awareness|rate|rates|statistics|bomber|bombers|bombing|bombings|attack|attacks|mission|missions|door|doors|research|study|studies|risk assessment)",
    "kill* @REFL (in|at) (the)? ..4 (scene|episode|movie|film|book|show|series|season|game|chapter|novel|play|story|anime|manga|end)",
    // "So boring I could die": hyperbole after an adjective of boredom, embarrassment or delight.
    "so (boring|bored|embarrassed|embarrassing|funny|cringe|awkward|hot|cold|full|good|delicious|cute|hungry|tasty) (that)? i (could|wanted to|want to|would|nearly|almost) (have)? (die|died)",
];

#[cfg(test)]
mod tests {
    use super::super::matcher::PatternSet;
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        PatternSet::new(EN.iter().map(|p| p.pattern), CLASSES).unwrap();
        PatternSet::new(BENIGN.iter().copied(), CLASSES).unwrap();
    }

    #[test]
    fn severities_are_in_range() {
        for p in EN {
            assert!((0.0..=1.0).contains(&p.severity), "{}", p.pattern);
            assert!(!p.keyword.is_empty());
        }
    }
}
