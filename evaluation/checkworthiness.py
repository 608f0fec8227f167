"""Evaluate check-worthiness on the two held-out sets (make eval).

Prints precision, recall and F1 of the positive class at the model's default
threshold on ClaimBuster groundtruth (Verdict 1 positive) and CheckThat! 2024
English dev-test (class_label Yes positive). Neither set is used in training.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "checkworthiness"

from claims.extraction import checkworthiness  # noqa: E402


def read(path: Path, text: str, label: str, positive: str, delimiter: str) -> tuple[list[str], list[int]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    return [r[text] for r in rows], [1 if r[label].strip() == positive else 0 for r in rows]


def prf(gold: list[int], pred: list[int]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum((not g) and p for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    sets = [
        ("ClaimBuster groundtruth", DATA / "claimbuster_groundtruth.csv", "Text", "Verdict", "1", ",", 0.80),
        ("CheckThat! 2024 dev-test", DATA / "ct24_dev_test.tsv", "Text", "class_label", "Yes", "\t", 0.85),
    ]
    missing = [str(p) for _n, p, *_ in sets if not p.is_file()]
    if missing:
        print(f"Evaluation data not found: {', '.join(missing)} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    threshold = checkworthiness.DEFAULT_THRESHOLD
    print(f"Check-worthiness, positive class, threshold {threshold:.2f} "
          f"(model {checkworthiness.MODEL_PATH.name}, trained on ClaimBuster crowdsourced only)")
    held = checkworthiness.model().meta.get("held_out")
    if held:
        print(f"(threshold chosen on {held['debates']} held-out training debates: F1 {held['f1']:.3f} there; "
              f"the fine-tuned teachers it was distilled from, their mean logit: {held['teacher_f1']:.3f})")
    print(f"{'set':28} {'n':>5} {'pos':>4} {'precision':>9} {'recall':>7} {'F1':>6} {'target':>7}")
    for name, path, text, label, positive, delimiter, target in sets:
        texts, gold = read(path, text, label, positive, delimiter)
        started = time.perf_counter()
        scores = checkworthiness.score_sentences(texts, reasons=False)
        elapsed = time.perf_counter() - started
        pred = [1 if s.score >= threshold else 0 for s in scores]
        p, r, f = prf(gold, pred)
        mark = "ok" if f >= target else "below"
        print(f"{name:28} {len(texts):5d} {sum(gold):4d} {p:9.3f} {r:7.3f} {f:6.3f} {target:>5.2f} {mark}"
              f"   ({len(texts) / elapsed:,.0f} sentences/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
