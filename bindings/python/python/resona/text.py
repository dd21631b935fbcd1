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

from resona import _resona
from resona.vision import _resolve_backend

__all__ = [
    "TextAnalyzer",
    "TransformerClassifier",
    "analyze",
    "analyze_batch",
    "compound_batch",
    "redact_pii",
    "sentiment",
    "sentiment_batch",
]

class TextAnalyzer(_resona.TextAnalyzer):
    """Every text component of Resona on chat messages; thread-safe, build once.

    ``emotion_model`` is ``"ngram"`` (default; microseconds per message) or ``"minilm"``
    (all-MiniLM-L6-v2 fine-tuned on GoEmotions-Ekman: a higher macro-F1 for milliseconds per
    message), run on ``backend``: ``"tract"`` (default) or ``"onnxruntime"`` (the library of
    ``ORT_DYLIB_PATH`` or of the installed ``onnxruntime`` package)."""

    def __new__(cls, *, swahili: bool = True, emotion_model: str = "ngram", backend: str = "tract") -> "TextAnalyzer":
        return super().__new__(cls, swahili=swahili, emotion_model=emotion_model, backend=_resolve_backend(backend))


class TransformerClassifier(_resona.TransformerClassifier):
    """Bring your own transformer: ONNX bytes, a Hugging Face tokenizer.json (``str`` or
    ``bytes``) and a label list; ``tokenize``, ``embed`` (float32 array) and ``classify``
    (``{"scores", "label", "confidence"}``) one message at a time.

    Settings: ``labels`` (class names such as ``"joy"``, or Resona's), ``pooling``
    (``"mean"`` over the attention mask, ``"cls"``, or ``"none"`` for a model that already
    gives one vector), ``head_weights`` (classes x dim float32) and ``head_bias`` (classes)
    for a linear head, ``max_length`` (512), ``normalize`` (True), ``inputs`` (the graph's
    int64 inputs in order), ``output`` (``"last_hidden_state"``), ``backend`` as for
    :class:`TextAnalyzer`. ``resona-text/models/README.md`` shows it with the fine-tuned MiniLM
    emotion model (``pooling="none"``, ``output="logits"``)."""

    def __new__(cls, model: bytes, tokenizer: Union[str, bytes], *, backend: str = "tract", **settings: Any) -> "TransformerClassifier":
        return super().__new__(cls, model, tokenizer, backend=_resolve_backend(backend), **settings)


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
