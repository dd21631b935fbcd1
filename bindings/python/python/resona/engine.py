"""The streaming Engine: face, voice and text pipelines plus fusion in one object."""

from __future__ import annotations

from typing import Optional

from resona import _resona
from resona.vision import _resolve_backend

__all__ = ["Engine"]


class Engine(_resona.Engine):
    """Every Resona pipeline and the fusion layer, thread-safe.

    Push audio, frames and messages with your own timestamps (ms); read ``state()`` at any
    time; ``end_session()`` returns the session summary and adds it to the history;
    ``burnout()`` grades burnout risk over saved sessions; ``save_baseline()`` /
    ``load_baseline()`` and ``save_history()`` / ``load_history()`` persist the user's state as
    bytes (corrupted or newer-version bytes raise ``InputError``).

    >>> import numpy as np, resona
    >>> engine = resona.Engine()
    >>> _ = engine.push_text("I can't go on anymore", timestamp_ms=1000)
    >>> engine.state()["crisis"], engine.state()["guidance"]["surface_crisis_resources"]
    (True, True)
    """

    def __new__(
        cls,
        backend: Optional[str] = None,
        *,
        face_interval_ms: Optional[int] = None,
        redetect_interval_ms: Optional[int] = None,
    ) -> "Engine":
        # Frames closer than face_interval_ms to the last analysed one are skipped
        # (push_frame returns None); the detector runs at least every redetect_interval_ms,
        # frames in between re-read the tracked faces. 0 turns either off; None keeps the
        # engine's defaults (100 and 500 ms, defined once in Rust).
        return super().__new__(
            cls,
            _resolve_backend(backend),
            face_interval_ms=face_interval_ms,
            redetect_interval_ms=redetect_interval_ms,
        )
