"""resona.Engine: a session told as a story (calm voice and face, then a crisis message),
state persistence, typed errors on corrupted state."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import resona

GOLDEN = Path(__file__).resolve().parents[3] / "resona-audio" / "tests" / "data" / "golden" / "inputs"


def speech() -> np.ndarray:
    return np.fromfile(GOLDEN / "espeak_en.pcm16", dtype="<i2")


@pytest.fixture(scope="module")
def engine() -> resona.Engine:
    return resona.Engine("tract")


def test_session_story(engine: resona.Engine) -> None:
    assert engine.state() is None
    y = speech()
    t = 0
    segments = []
    for _ in range(3):  # ~10 s of speech in 20 ms int16 chunks
        for chunk in np.array_split(y, len(y) // 320):
            segments += engine.push_audio(chunk, 16000, t)
            t += len(chunk) * 1000 // 16000
        segments += engine.push_audio(np.zeros(8000, np.int16), 16000, t)
        t += 500
    assert segments, "speech produced voice segments"
    assert all(s["end"] > s["start"] and s["emotion"]["label"] in resona.EMOTIONS for s in segments)
    calm = engine.push_text("Had a nice lunch with friends today", t)
    assert calm["risk"]["crisis"] is False
    state = engine.state()
    assert 0 <= state["stress"]["score"] <= 100
    weights = {c["modality"]: c["weight"] for c in state["fused"]["contributions"]}
    assert weights["text"] > 0 and abs(sum(weights.values()) - 1) < 1e-5
    engine.push_text("I want to end it all, I can't go on", t + 1000)
    crisis = engine.state()
    assert crisis["crisis"] is True and crisis["guidance"]["surface_crisis_resources"] is True
    summary = engine.end_session(t + 2000)
    assert summary["risk_events"], summary
    assert engine.state() is None


def test_state_round_trips_and_corruption_is_typed(engine: resona.Engine) -> None:
    baseline, history = engine.save_baseline(), engine.save_history()
    other = resona.Engine("tract")
    other.load_baseline(baseline)
    other.load_history(history)
    assert other.save_baseline() == baseline and other.save_history() == history
    with pytest.raises(resona.InputError) as e:
        other.load_baseline(baseline[:10])
    assert e.value.code == "invalid_state"
    newer = bytearray(baseline)
    newer[4:6] = (999).to_bytes(2, "little")
    with pytest.raises(resona.InputError) as e:
        other.load_baseline(bytes(newer))
    assert e.value.code == "unsupported_version"
    assert other.burnout()["level"] in ("low", "medium", "high")


def test_frames_are_read_at_the_face_interval() -> None:
    frame = np.zeros((240, 320, 3), dtype=np.uint8)
    default = resona.Engine("tract")
    read = [t for t in range(0, 330, 33) if default.push_frame(frame, t) is not None]
    assert read == [0, 132, 264]
    every = resona.Engine("tract", face_interval_ms=0, redetect_interval_ms=0)
    for t in (0, 33):
        r = every.push_frame(frame, t)
        assert r is not None and r["faces"] == []
