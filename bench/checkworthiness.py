"""Benchmark: check-worthiness scoring throughput on one core, for each genre: news (the news
head over the student; target >= 2,000 sentences/s, issue 23) and transcripts (the student alone;
target >= 5,000 sentences/s).

Scores 20,000 sentences (the ClaimBuster training sentences when
../shared/data is present, else sentences built from the sample article) in
batches as the pipeline and `score_sentences` do, with and without reasons,
and prints sentences per second against the target, and the process's peak
resident memory after loading the model and scoring (a worker must stay
<= 300 MB; this is the scorer's share of it).
"""

from __future__ import annotations

import csv
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import SAMPLE, SHARED, pin_one_core  # noqa: E402

pin_one_core()
TARGETS = {"news": 2000, "transcript": 5000}

from claims.extraction import checkworthiness  # noqa: E402
from claims.extraction.sentences import split_sentences  # noqa: E402


def sentences(n: int = 20_000) -> list[str]:
    path = SHARED / "checkworthiness" / "claimbuster_crowdsourced.csv"
    if path.is_file():
        with path.open(newline="", encoding="utf-8") as handle:
            texts = [row["Text"] for row in csv.DictReader(handle)]
    else:
        sample = SAMPLE.read_text(encoding="utf-8")
        texts = [s.text for s in split_sentences(sample)]
    return (texts * (n // len(texts) + 1))[:n]


def main() -> int:
    texts = sentences()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    checkworthiness.score_sentences(texts[:100])  # load the model
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Check-worthiness scoring, {len(texts):,} sentences, one core, batches of 2,048:")
    for genre, target in TARGETS.items():
        for reasons in (False, True):
            started = time.perf_counter()
            for i in range(0, len(texts), 2048):
                checkworthiness.score_sentences(texts[i : i + 2048], reasons=reasons, genre=genre)
            rate = len(texts) / (time.perf_counter() - started)
            label = f"{genre}, {'with reasons' if reasons else 'scores only'}"
            print(
                f"  {label:26} {rate:9,.0f} sentences/s   ratio to target {rate / target:5.2f}x "
                f"(target >= {target:,}/s)"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  memory: peak resident {peak:.0f} MB (model load added {loaded - before:.1f} MB; "
        f"a worker must stay <= 300 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
