#!/usr/bin/env python3
"""Resona's Python batch sentiment against vaderSentiment 3.3.2, in one process, alternating.

Both score the same lines: GoEmotions dev sentences when ../shared/data/goemotions is present
(the data stays outside the repository), else resona-text's VADER golden sentences repeated.
Goal (issue 6): the batch API at least 20x vaderSentiment's throughput.

    python benches/peers/text_vs_vader.py [--lines 5000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from resona import text

ROOT = Path(__file__).resolve().parents[2]
GOEMOTIONS = ROOT.parent / "shared" / "data" / "goemotions" / "ekman" / "dev.tsv"
GOLDEN = ROOT / "resona-text" / "tests" / "data" / "vader_golden.json"


def lines(n: int) -> tuple[list[str], str]:
    if GOEMOTIONS.exists():
        rows = [l.split("\t")[0] for l in GOEMOTIONS.read_text(encoding="utf-8").splitlines() if l.strip()]
        return (rows * (n // len(rows) + 1))[:n], f"GoEmotions dev ({GOEMOTIONS})"
    rows = [c["text"] for c in json.loads(GOLDEN.read_text())["cases"]]
    return (rows * (n // len(rows) + 1))[:n], "VADER golden sentences"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    batch, source = lines(args.lines)
    vader = SentimentIntensityAnalyzer()
    analyzer = text.TextAnalyzer(swahili=False)
    runs = {
        "sentiment_batch (dicts)": lambda: analyzer.sentiment_batch(batch),
        "compound_batch (floats)": lambda: analyzer.compound_batch(batch),
        "analyze_batch (everything)": lambda: analyzer.analyze_batch(batch),
    }
    peer = lambda: [vader.polarity_scores(t) for t in batch]  # noqa: E731
    # Same numbers first: the comparison is only meaningful if both compute the same thing.
    worst = max(abs(a["compound"] - b["compound"]) for a, b in zip(analyzer.sentiment_batch(batch[:500]), map(vader.polarity_scores, batch[:500])))
    print(f"{len(batch)} lines of {source}; max |compound difference| on the first 500: {worst:.2e}")
    for name, ours in runs.items():
        a, b = [], []
        ours(), peer()
        for _ in range(args.repeats):
            t = time.perf_counter()
            ours()
            a.append(time.perf_counter() - t)
            t = time.perf_counter()
            peer()
            b.append(time.perf_counter() - t)
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name:<28} resona {len(batch) / ma:>10.0f} lines/s   vaderSentiment {len(batch) / mb:>8.0f} lines/s   ratio {mb / ma:6.1f}x")


if __name__ == "__main__":
    main()
