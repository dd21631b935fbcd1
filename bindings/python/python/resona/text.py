"""Text: sentiment, emotion, crisis risk, sarcasm, stressors, Swahili/English code-switching,
deflection and PII redaction of chat messages.

Every function returns plain dicts and lists (the same schema as the JavaScript package and the
conformance cases). Spans are ``[start, end)`` offsets in code points, so ``text[start:end]``
is the matched phrase.

>>> from resona import text
>>> text.sentiment("I love this!")["compound"] > 0.5
True
>>> r = text.analyze("I can't go on anymore")
>>> r["risk"]["level"], r["risk"]["crisis"]
('severe', True)
>>> text.redact_pii("mail me at jane@example.com")["text"]
'mail me at [EMAIL]'
"""

from __future__ import annotations

import threading
from typing import Any, Sequence, Union

from resona._resona import TextAnalyzer

__all__ = [
    "TextAnalyzer",
    "analyze",
    "analyze_batch",
    "compound_batch",
    "redact_pii",
    "sentiment",
    "sentiment_batch",
]

_default: TextAnalyzer | None = None
_lock = threading.Lock()


def _analyzer() -> TextAnalyzer:
    """The shared default analyzer, built on first use (the emotion model takes ~50 ms)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = TextAnalyzer()
    return _default


def sentiment(text: Union[str, bytes]) -> dict[str, float]:
    """VADER-compatible scores ``{"neg", "neu", "pos", "compound"}``; compound is in [-1, 1].

    Equal to vaderSentiment 3.3.2 within 1e-4 on English; Swahili words are scored too."""
    return _analyzer().sentiment(text)


def sentiment_batch(texts: Sequence[str]) -> list[dict[str, float]]:
    """``sentiment`` of each message, computed without holding the GIL."""
    return _analyzer().sentiment_batch(list(texts))


def compound_batch(texts: Sequence[str]) -> list[float]:
    """Only the compound score of each message: the fastest bulk path."""
    return _analyzer().compound_batch(list(texts))


def analyze(text: Union[str, bytes]) -> dict[str, Any]:
    """Everything Resona reads in one message.

    Keys: ``emotion`` (dict of the seven probabilities), ``label``, ``confidence``,
    ``sentiment``, ``sarcasm`` (with ``adjusted_compound``, the sentiment to use), ``risk``
    (``level`` normal/mild/moderate/severe, ``score``, ``crisis``, ``matches``), ``keywords``,
    ``stressors``, ``code_switch`` (tokens, switch points, Swahili ratio, deflections)."""
    return _analyzer().analyze(text)


def analyze_batch(texts: Sequence[str]) -> list[dict[str, Any]]:
    """``analyze`` of each message, computed without holding the GIL."""
    return _analyzer().analyze_batch(list(texts))


def redact_pii(text: Union[str, bytes]) -> dict[str, Any]:
    """Emails, phone numbers, URLs, long ids and cued names replaced by typed placeholders.

    Returns ``{"text": redacted, "items": [{"kind", "span_in_original", "span_in_redacted",
    "replacement"}, ...]}``."""
    return _analyzer().redact_pii(text)
