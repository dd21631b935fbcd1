#!/usr/bin/env python3
"""Writes cases/text.json: conformance cases for the text operations.

Sentiment expectations are vaderSentiment 3.3.2's own scores (English, Resona's Swahili
lexicon off), so every surface is held to the peer, not to Resona's earlier output. Analysis
and redaction cases pin facts that do not depend on a model's exact numbers: risk level and
crisis flag, the redacted text and the kinds redacted, deflection and code-switching, and the
typed errors for invalid UTF-8 and over-long messages. Texts with spans are ASCII, so byte,
code-point and UTF-16 offsets agree on every surface.

    pip install vaderSentiment==3.3.2
    python bindings/conformance/scripts/make_text_cases.py
"""

import json
from importlib.metadata import version
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

assert version("vaderSentiment") == "3.3.2", "pin vaderSentiment==3.3.2"
OUT = Path(__file__).resolve().parent.parent / "cases" / "text.json"

SENTIMENT = [
    ("plain_positive", "I love this team, it is wonderful!"),
    ("negation", "The meeting was not good at all."),
    ("but_clause", "The food was great but the service was horrible."),
    ("caps_and_exclamation", "This is AMAZING!!!"),
    ("intensifier", "I am extremely tired and very sad."),
    ("emoji", "long day 😩 but ok 🙂"),
    ("emoticon", "see you tomorrow :)"),
    ("neutral", "The bus leaves at seven."),
    ("empty", ""),
]

cases = []
sia = SentimentIntensityAnalyzer()
for name, text in SENTIMENT:
    s = sia.polarity_scores(text)
    cases.append({
        "name": f"sentiment_{name}",
        "op": "text_sentiment",
        "input": {"text": text, "swahili": False},
        "expect": {"value": {k: s[k] for k in ("neg", "neu", "pos", "compound")}},
        "tolerance": 1e-4,
    })

ANALYZE = [
    ("crisis_english", "I can't go on anymore, I want to end it all", {"risk": {"level": "severe", "crisis": True}}),
    ("crisis_swahili", "sitaki kuishi tena", {"risk": {"level": "severe", "crisis": True}}),
    ("negated_is_not_risk", "I'm not hopeless, just busy", {"risk": {"crisis": False}}),
    ("benign_lookalike", "this joke killed me haha", {"risk": {"level": "normal", "crisis": False}}),
    ("deflection_sawa", "niko sawa, it's nothing", {"code_switch": {"deflections": [{"kind": "asserts_fine", "phrase": "niko sawa"}, {"kind": "minimises"}]}}),
    ("sarcasm", "Oh great, another meeting", {"sarcasm": {"detected": True}}),
]
for name, text, expect in ANALYZE:
    cases.append({"name": f"analyze_{name}", "op": "text_analyze", "input": {"text": text}, "expect": {"value": expect}})

cases.append({
    "name": "redact_email_and_phone",
    "op": "text_redact_pii",
    "input": {"text": "mail jane.doe@example.com or call +254 712 345 678"},
    "expect": {"value": {"text": "mail [EMAIL] or call [PHONE]", "items": [
        {"kind": "email", "span_in_original": {"start": 5, "end": 25}},
        {"kind": "phone", "span_in_original": {"start": 34, "end": 50}},
    ]}},
})
cases.append({
    "name": "analyze_invalid_utf8_bytes",
    "op": "text_analyze",
    "input": {"bytes": [72, 105, 255, 33]},
    "expect": {"error": {"kind": "input", "code": "invalid_utf8"}},
})
cases.append({
    "name": "analyze_over_limit",
    "op": "text_analyze",
    "input": {"text": "a" * 65537},
    "expect": {"error": {"kind": "limit", "code": "limit_exceeded"}},
})

doc = {
    "description": "Text: VADER sentiment (expected = vaderSentiment 3.3.2), risk, sarcasm, deflection, PII redaction and errors.",
    "generated_by": "bindings/conformance/scripts/make_text_cases.py",
    "cases": cases,
}
OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {len(cases)} cases to {OUT}")
