#!/usr/bin/env python3
"""Writes tests/data/vader_golden.json: vaderSentiment's scores of a fixed set of sentences.

The Rust port in src/sentiment/ must reproduce them within 1e-4 (tests/vader_golden.rs).

Peer tool, pinned:  pip install vaderSentiment==3.3.2   (the script refuses any other version)
Produced with:      CPython 3.11.7 (Unicode 14.0.0), vaderSentiment 3.3.2

Usage, from the workspace root:
    python resona-text/scripts/make_vader_golden.py
    python resona-text/scripts/make_vader_golden.py --goemotions ../shared/data/goemotions/ekman/dev.tsv

With --goemotions it also scores the first --lines lines (default 500) of a GoEmotions TSV (text
in the first column) and writes them to target/vader-goemotions.json, which git ignores: the
data set stays out of the repository. `cargo test -p resona-text --test vader_golden` then
compares the port on those lines as well and prints the largest difference.
"""

import argparse
import json
import sys
from importlib.metadata import version
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

VADER_VERSION = "3.3.2"
CRATE = Path(__file__).resolve().parent.parent

# (category, sentence). Categories only document coverage; the test compares every case.
CASES = [
    # The examples shipped in vaderSentiment.py's __main__.
    ("readme", "VADER is smart, handsome, and funny."),
    ("readme", "VADER is smart, handsome, and funny!"),
    ("readme", "VADER is very smart, handsome, and funny."),
    ("readme", "VADER is VERY SMART, handsome, and FUNNY."),
    ("readme", "VADER is VERY SMART, handsome, and FUNNY!!!"),
    ("readme", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!"),
    ("readme", "VADER is not smart, handsome, nor funny."),
    ("readme", "The book was good."),
    ("readme", "At least it isn't a horrible book."),
    ("readme", "The book was only kind of good."),
    ("readme", "The plot was good, but the characters are uncompelling and the dialog is not great."),
    ("readme", "Today SUX!"),
    ("readme", "Today only kinda sux! But I'll get by, lol"),
    ("readme", "Make sure you :) or :D today!"),
    ("readme", "Catch utf-8 emoji such as 💘 and 💋 and 😁"),
    ("readme", "Not bad at all"),
    ("readme", "Sentiment analysis has never been good."),
    ("readme", "Sentiment analysis has never been this good!"),
    ("readme", "Most automated sentiment analysis tools are shit."),
    ("readme", "With VADER, sentiment analysis is the shit!"),
    ("readme", "Other sentiment analysis tools can be quite bad."),
    ("readme", "On the other hand, VADER is quite bad ass"),
    ("readme", "VADER is such a badass!"),
    ("readme", "Without a doubt, excellent idea."),
    ("readme", "Roger Dodger is one of the most compelling variations on this theme."),
    ("readme", "Roger Dodger is at least compelling as a variation on the theme."),
    ("readme", "Roger Dodger is one of the least compelling variations on this theme."),
    ("readme", "Not such a badass after all."),
    ("readme", "Without a doubt, an excellent idea."),
    ("readme", "It was one of the worst movies I've seen, despite good reviews."),
    ("readme", "Unbelievably bad acting!!"),
    ("readme", "VERY poor production."),
    ("readme", "VERY BAD movie!"),
    # Negation: NEGATE words one, two and three words back, "n't", "no", "never so".
    ("negation", "I am not happy."),
    ("negation", "I am not very happy."),
    ("negation", "I am not at all happy."),
    ("negation", "This isn't good."),
    ("negation", "This isnt good at all."),
    ("negation", "I don't hate it."),
    ("negation", "I dont love it"),
    ("negation", "It wasn't the worst day."),
    ("negation", "Nothing good ever happens."),
    ("negation", "Never happy, never sad."),
    ("negation", "I have never been so happy."),
    ("negation", "I have never been this sad."),
    ("negation", "never so bad"),
    ("negation", "Without doubt a great film"),
    ("negation", "Without any doubt the best."),
    ("negation", "Nobody is perfect, nor am I happy."),
    ("negation", "Rarely good, seldom great."),
    ("negation", "Despite the rain, a lovely day."),
    ("negation", "No problem at all."),
    ("negation", "No, I'm fine."),
    ("negation", "no"),
    ("negation", "No no no."),
    ("negation", "There is no love or hate here."),
    ("negation", "no good or bad or ugly"),
    ("negation", "No way this is good"),
    ("negation", "uh-uh, not great"),
    ("negation", "He shouldn't've left, it's sad."),
    # Boosters and dampeners, near and far, in caps.
    ("booster", "This is extremely good."),
    ("booster", "This is extremely, incredibly good."),
    ("booster", "very very very good"),
    ("booster", "This is EXTREMELY good."),
    ("booster", "It is slightly bad."),
    ("booster", "It is barely acceptable."),
    ("booster", "the food was sort of bland but okay"),
    ("booster", "The service was just enough good."),
    ("booster", "It's kind of sad."),
    ("booster", "It's kinda sad."),
    ("booster", "It's sorta sad."),
    ("booster", "I kind of like it, kind of hate it."),
    ("booster", "so so good"),
    ("booster", "The movie was so bad it was good."),
    ("booster", "most awful day ever"),
    ("booster", "totally AWESOME"),
    ("booster", "Absolutely terrible service"),
    ("booster", "He is a little sad and somewhat angry."),
    ("booster", "hella good, fucking great, really nice"),
    ("booster", "kind"),
    ("booster", "You are kind of kind"),
    # Contrastive "but", including repeated valences (VADER reweights by value).
    ("but", "The food was good but the service was terrible."),
    ("but", "I love it but I hate it."),
    ("but", "good good but good"),
    ("but", "bad but bad but bad"),
    ("but", "But I am happy."),
    ("but", "I am happy, but."),
    ("but", "Not great, BUT not terrible either."),
    ("but", "It is nice but"),
    ("but", "The hotel was nice and the staff friendly, but the room was dirty and the bed awful."),
    ("but", "happy happy happy but sad sad sad"),
    # ALL CAPS emphasis: only when the message mixes case.
    ("caps", "I AM SO HAPPY"),
    ("caps", "I am SO HAPPY"),
    ("caps", "This is GREAT"),
    ("caps", "THIS IS GREAT"),
    ("caps", "this is great"),
    ("caps", "The movie was HORRIBLE."),
    ("caps", "I LOVE this, I HATE that"),
    ("caps", "NO way, this is good"),
    ("caps", "NO GOOD at all"),
    ("caps", "It is NOT good"),
    ("caps", "OK fine"),
    ("caps", "Good GOOD good"),
    # Punctuation emphasis: ! up to 4, ? two or three (0.18 each) or more (0.96).
    ("punctuation", "Good!"),
    ("punctuation", "Good!!"),
    ("punctuation", "Good!!!!"),
    ("punctuation", "Good!!!!!!!!"),
    ("punctuation", "Bad!!!"),
    ("punctuation", "Good?"),
    ("punctuation", "Good??"),
    ("punctuation", "Good???"),
    ("punctuation", "Good????"),
    ("punctuation", "Bad??!!"),
    ("punctuation", "Really?? You liked it?!"),
    ("punctuation", "What?!?!?!"),
    ("punctuation", "!!!"),
    ("punctuation", "???"),
    ("punctuation", "..."),
    ("punctuation", "good...bad"),
    ("punctuation", "(good)"),
    ("punctuation", "\"great\" idea"),
    ("punctuation", "--terrible--"),
    # Emoticons (kept whole when stripping leaves two characters or fewer).
    ("emoticon", ":)"),
    ("emoticon", ":-("),
    ("emoticon", "<3"),
    ("emoticon", "I <3 you"),
    ("emoticon", "Thanks :)"),
    ("emoticon", "Missed the bus :-("),
    ("emoticon", "That was fun :D"),
    ("emoticon", "ugh :/"),
    ("emoticon", ";)"),
    ("emoticon", "XD that was hilarious"),
    ("emoticon", ":( :( :("),
    ("emoticon", "=)"),
    ("emoticon", ":'("),
    ("emoticon", "</3"),
    # Emoji: replaced by their descriptions (single code points only, as VADER scans).
    ("emoji", "😁"),
    ("emoji", "😭"),
    ("emoji", "I am so happy 😁😁😁"),
    ("emoji", "great day😊"),
    ("emoji", "😊great day"),
    ("emoji", "this is fine 🙄"),
    ("emoji", "love you ❤️"),
    ("emoji", "😡😡 why"),
    ("emoji", "thumbs 👍🏽 up"),
    ("emoji", "🇰🇪 Kenya"),
    ("emoji", "👩‍💻 working late again 😩"),
    ("emoji", "💔"),
    ("emoji", "🎉🎉 congrats!!"),
    ("emoji", "I'm fine 🙂"),
    ("emoji", "😂😂😂 that is hilarious"),
    ("emoji", "😐"),
    ("emoji", "😢\u00a0😢"),
    # Special-case idioms (applied from the fourth word on, as 3.3.2 applies them).
    ("idiom", "That party was the bomb."),
    ("idiom", "Your new car is the shit"),
    ("idiom", "This movie is the shit"),
    ("idiom", "Yeah right, that will work."),
    ("idiom", "Oh yeah right, sure it will."),
    ("idiom", "I waited at the bus stop."),
    ("idiom", "It was the kiss of death for the project."),
    ("idiom", "This cake is to die for."),
    ("idiom", "The cake is to die for"),
    ("idiom", "My beating heart is yours"),
    ("idiom", "I have a beating heart"),
    ("idiom", "He is a bad ass"),
    ("idiom", "you are such a bad ass guy"),
    ("idiom", "I'm feeling under the weather."),
    ("idiom", "She broke a leg on stage."),
    ("idiom", "We are in the red this month."),
    # "least"
    ("least", "This is the least helpful answer."),
    ("least", "At least it was funny."),
    ("least", "at the very least helpful"),
    ("least", "least helpful"),
    ("least", "Not in the least happy."),
    # Contractions and slang.
    ("contraction", "I can't stand this."),
    ("contraction", "I'm fed up with it."),
    ("contraction", "You're amazing, don't change."),
    ("contraction", "It doesn't suck."),
    ("contraction", "We won't give up."),
    ("contraction", "I ain't happy"),
    ("contraction", "lol that's hilarious"),
    ("contraction", "lmao ok"),
    ("contraction", "meh"),
    ("contraction", "wtf is this"),
    ("contraction", "omg omg omg"),
    ("contraction", "sooo good"),
    ("contraction", "I want to give up."),
    ("contraction", "I can't go on."),
    ("contraction", "Everyone would be better off without me."),
    ("contraction", "I'm exhausted and hopeless."),
    ("contraction", "I feel so alone."),
    # Unicode text and unusual whitespace.
    ("unicode", "Café was GREAT!"),
    ("unicode", "naïve but lovely"),
    ("unicode", "ÉTÉ était super, GOOD"),
    ("unicode", "ΚΑΛΗΜΕΡΑ friends, a good day"),
    ("unicode", "İstanbul was beautiful"),
    ("unicode", "今日はとても良い日です good"),
    ("unicode", "مرحبا happy"),
    ("unicode", "good\u2003\u2003day"),
    ("unicode", "good\u001cbad"),
    ("unicode", "tab\tseparated\tgood\twords"),
    ("unicode", "line one is good\nline two is bad"),
    ("unicode", "ǅemal is GOOD"),
    ("unicode", "Ω happy Ω"),
    ("unicode", "‘quoted’ good — dash"),
    ("unicode", "e\u0301\u0301 good"),
    # Empty-ish and odd input.
    ("empty", ""),
    ("empty", " "),
    ("empty", "\n\t "),
    ("empty", "."),
    ("empty", "a"),
    ("empty", "I"),
    ("empty", "12345"),
    ("empty", "https://example.com/good"),
    ("empty", "#happy #sad"),
    ("empty", "@user thanks"),
    ("empty", "GOOD"),
    ("empty", "good"),
    ("empty", "but"),
    ("empty", "kind of"),
    ("empty", "no no"),
    # Longer, chat-like messages.
    ("chat", "Oh great, another meeting."),
    ("chat", "I'm fine, it's nothing, whatever."),
    ("chat", "Honestly I'm so tired of everything, nothing works and I just want to sleep."),
    ("chat", "Got the job!!! Can't believe it, so happy and grateful 🙏"),
    ("chat", "ugh traffic again... late for work, boss will kill me"),
    ("chat", "This joke killed me 😂"),
    ("chat", "Thanks so much for your help, really appreciate it!"),
    ("chat", "I miss her so much. It hurts."),
    ("chat", "Not gonna lie, the exam was not that bad, but I'm still worried about the results??"),
    ("chat", "The weather is nice today and I feel hopeful about the future"),
]


def scores(analyzer, text):
    s = analyzer.polarity_scores(text)
    return {"neg": s["neg"], "neu": s["neu"], "pos": s["pos"], "compound": s["compound"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--goemotions", type=Path, help="GoEmotions TSV to score as well (not stored in the repository)")
    parser.add_argument("--lines", type=int, default=500, help="how many of its first lines to score (default 500)")
    parser.add_argument("--goemotions-out", type=Path, default=CRATE.parent / "target" / "vader-goemotions.json")
    args = parser.parse_args()

    installed = version("vaderSentiment")
    if installed != VADER_VERSION:
        sys.exit(f"vaderSentiment {installed} is installed; the golden file needs {VADER_VERSION}")
    analyzer = SentimentIntensityAnalyzer()

    texts = [t for _, t in CASES]
    if len(set(texts)) != len(texts):
        sys.exit("duplicate golden sentences")
    golden = {
        "about": "vaderSentiment polarity_scores; written by scripts/make_vader_golden.py, do not edit",
        "vaderSentiment": VADER_VERSION,
        "python": sys.version.split()[0],
        "cases": [{"category": c, "text": t, **scores(analyzer, t)} for c, t in CASES],
    }
    out = CRATE / "tests" / "data" / "vader_golden.json"
    # One case per line keeps diffs of regenerated files readable.
    head = json.dumps({k: v for k, v in golden.items() if k != "cases"}, ensure_ascii=False)[:-1]
    body = ",\n  ".join(json.dumps(c, ensure_ascii=False) for c in golden["cases"])
    out.write_text(f'{head}, "cases": [\n  {body}\n]}}\n', encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {out}")

    if args.goemotions:
        with args.goemotions.open(encoding="utf-8") as f:
            lines = [line.rstrip("\n").split("\t")[0] for _, line in zip(range(args.lines), f)]
        data = {"source": str(args.goemotions), "vaderSentiment": VADER_VERSION,
                "cases": [{"text": t, **scores(analyzer, t)} for t in lines]}
        args.goemotions_out.parent.mkdir(parents=True, exist_ok=True)
        args.goemotions_out.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} GoEmotions lines to {args.goemotions_out} (not for committing); "
              "compare with: cargo test -p resona-text --test vader_golden -- --nocapture")


if __name__ == "__main__":
    main()
