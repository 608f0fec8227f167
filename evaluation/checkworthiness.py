"""Evaluate check-worthiness on the held-out sets (make eval).

Prints precision, recall and F1 of the positive class at the model's default
threshold on:
- the team's held-out news (evaluation/data/news_checkworthiness, test split: label 2
  positive), with the share of sentences queued against the labelled share, the expected
  calibration error, and precision and recall of each article's top 5 and top 10;
- ClaimBuster groundtruth (Verdict 1 positive) and CheckThat! 2024 English dev-test
  (class_label Yes positive);
- the ClaimBuster debates the student held out (6 of the 33 crowdsourced; Verdict 1);
- the queue itself on the held-out news articles: the whole pipeline (attribution, types,
  ranking, the per-article cap) run on each article, its queued claims matched to the labelled
  sentences they sit in.
None of them is used in training. News sentences are scored as news, debate sentences as a
transcript (the genre the pipeline gives a text whose paragraphs are speakers' turns).
"""

from __future__ import annotations

import csv
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

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


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over 10 equal-width bins of the score."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    return float(
        sum(
            (index == b).mean() * abs(p[index == b].mean() - y[index == b].mean())
            for b in range(bins)
            if (index == b).any()
        )
    )


def top_k(p: np.ndarray, y: np.ndarray, articles: list[str], k: int) -> tuple[float, float]:
    """Precision and recall of each article's k best-scored sentences (micro-averaged)."""
    groups = np.array(articles)
    hits = taken = positives = 0
    for article in sorted(set(articles)):
        index = np.flatnonzero(groups == article)
        top = index[np.argsort(-p[index], kind="stable")[:k]]
        hits, taken, positives = hits + int(y[top].sum()), taken + len(top), positives + int(y[index].sum())
    return hits / max(taken, 1), hits / max(positives, 1)


def news(threshold: float) -> int:
    from evaluation import newsset

    try:
        rows, lost = newsset.load(split="test")
    except FileNotFoundError as error:
        print(f"Held-out news not evaluated: {error} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    texts, y = [r.text for r in rows], np.array([r.label == 2 for r in rows], dtype=int)
    p = np.array([s.score for s in checkworthiness.score_sentences(texts, reasons=False, genre="news")])
    precision, recall, f1 = prf(y.tolist(), (p >= threshold).astype(int).tolist())
    queued, labelled = float((p >= threshold).mean()), float(y.mean())
    error = ece(p, y)
    print(
        f"Held-out news (label 2 positive): {len(texts)} sentences from {len({r.article for r in rows})} articles"
        + (f", {lost} labels lost" if lost else "")
    )
    print(
        f"  precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f} "
        f"(target F1 0.75 with precision 0.70: {'ok' if f1 >= 0.75 and precision >= 0.70 else 'below'})"
    )
    print(
        f"  queued {queued:.1%} of sentences, labelled {labelled:.1%} "
        f"({'ok' if abs(queued - labelled) <= 0.10 else 'more than 10 points apart'})"
    )
    print(f"  expected calibration error {error:.3f} (target 0.05: {'ok' if error <= 0.05 else 'above'})")
    articles = [r.article for r in rows]
    for k in (5, 10):
        top_p, top_r = top_k(p, y, articles, k)
        print(f"  top {k:2d} per article: precision {top_p:.3f} recall {top_r:.3f}")
    queue(rows)
    return 0


def _flat(text: str) -> str:
    return " ".join(text.split())


def queue(rows) -> None:
    """The queue the pipeline builds for each held-out article, against the labels: a queued
    claim is right when the labelled sentence it sits in is label 2."""
    from claims.extraction import pipeline
    from claims.extraction.types import ArticleText
    from evaluation import newsset

    texts = newsset.article_texts(
        {
            a: m
            for a, m in newsset.json.loads(newsset.ARTICLES.read_text(encoding="utf-8")).items()
            if any(r.article == a for r in rows)
        }
    )
    by_article: dict[str, list] = {}
    for r in rows:
        by_article.setdefault(r.article, []).append(r)
    for cap, title in ((-1, f"the default cap ({checkworthiness.DEFAULT_CAP})"), (None, "no cap")):
        queued = hits = 0
        found: set[tuple[str, int]] = set()
        top = {5: [0, 0], 10: [0, 0]}
        genres = []
        for article, labelled in by_article.items():
            result = pipeline.extract(ArticleText(text=texts[article]), default_claimant="the outlet", cap=cap)
            genres.append(result.genre)
            flat = [(_flat(r.text), r) for r in labelled]
            ranked = []
            for claim in result.claims:
                key = _flat(claim.text)[:80]
                sentence = next((r for f, r in flat if key and key in f), None)
                if sentence is None:
                    continue  # a claim in a sentence nobody labelled (a heading the labels skip)
                ranked.append((claim, sentence))
                if claim.checkworthy:
                    queued += 1
                    hits += sentence.label == 2
                    found.add((article, sentence.start))
            ranked.sort(key=lambda cs: -cs[0].priority)
            for k in top:
                seen, chosen = set(), []
                for _claim, sentence in ranked:
                    if sentence.start not in seen:
                        seen.add(sentence.start)
                        chosen.append(sentence)
                chosen = chosen[:k]
                top[k][0] += sum(s.label == 2 for s in chosen)
                top[k][1] += len(chosen)
        positives = {(r.article, r.start) for r in rows if r.label == 2}
        recall = len(found & positives) / max(len(positives), 1)
        precision = hits / max(queued, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(
            f"  the pipeline's queue, {title}: {queued} claims queued in {len(found)} of {len(rows)} labelled "
            f"sentences ({len(found) / len(rows):.1%}); precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}"
        )
        print(
            f"    top 5 per article by priority: precision {top[5][0] / max(top[5][1], 1):.3f}; "
            f"top 10: {top[10][0] / max(top[10][1], 1):.3f}"
            + (f"; {genres.count('transcript')} articles taken for transcripts" if "transcript" in genres else "")
        )


def held_out_debates(threshold: float) -> None:
    held = checkworthiness.model().meta.get("held_out") or {}
    path = DATA / "claimbuster_crowdsourced.csv"
    if not held or not path.is_file():
        return
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    files = set(random.Random(held["seed"]).sample(sorted({r["File_id"] for r in rows}), held["debates"]))
    rows = [r for r in rows if r["File_id"] in files]
    gold = [1 if r["Verdict"].strip() == "1" else 0 for r in rows]
    scores = checkworthiness.score_sentences([r["Text"] for r in rows], reasons=False, genre="transcript")
    p, r, f = prf(gold, [1 if s.score >= threshold else 0 for s in scores])
    print(f"{'held-out debates (' + str(len(files)) + ')':28} {len(rows):5d} {sum(gold):4d} {p:9.3f} {r:7.3f} {f:6.3f}")


def main() -> int:
    sets = [
        ("ClaimBuster groundtruth", DATA / "claimbuster_groundtruth.csv", "Text", "Verdict", "1", ",", 0.80),
        ("CheckThat! 2024 dev-test", DATA / "ct24_dev_test.tsv", "Text", "class_label", "Yes", "\t", 0.85),
    ]
    missing = [str(p) for _n, p, *_ in sets if not p.is_file()]
    if missing:
        print(f"Evaluation data not found: {', '.join(missing)} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    threshold = checkworthiness.default_threshold("news")
    debate_threshold = checkworthiness.default_threshold("transcript")
    head = checkworthiness.model().meta.get("head")
    if head:
        print(
            f"Check-worthiness, news threshold {threshold:.2f} (model {checkworthiness.MODEL_PATH.name}: "
            f"the distilled student and its news head, {head['variant']}; the threshold chosen on the "
            f"training news articles by cross-validation: F1 {head['cv']['news_f1']:.3f} there)"
        )
    else:
        print(
            f"Check-worthiness, positive class, threshold {threshold:.2f} "
            f"(model {checkworthiness.MODEL_PATH.name}, trained on ClaimBuster crowdsourced only; no news head: "
            f"the threshold was chosen on held-out debates, not news)"
        )
    status = news(threshold)
    if status:
        return status
    print()
    held = checkworthiness.model().meta.get("held_out")
    own_threshold = held["threshold"] if held and "threshold" in held else checkworthiness.model().meta["threshold"]
    if head:
        print(
            f"Debates are transcripts: the student alone, Platt-calibrated on the debates it held out, "
            f"threshold {debate_threshold:.3f} (the student's own {own_threshold}, "
            f"calibrated)"
        )
    if held and not head:
        print(
            f"(threshold chosen on {held['debates']} held-out training debates: F1 {held['f1']:.3f} there; "
            f"the fine-tuned teachers it was distilled from, their mean logit: {held['teacher_f1']:.3f})"
        )
    print(f"{'set':28} {'n':>5} {'pos':>4} {'precision':>9} {'recall':>7} {'F1':>6} {'target':>7}")
    for name, path, text, label, positive, delimiter, target in sets:
        texts, gold = read(path, text, label, positive, delimiter)
        started = time.perf_counter()
        scores = checkworthiness.score_sentences(texts, reasons=False, genre="transcript")
        elapsed = time.perf_counter() - started
        pred = [1 if s.score >= debate_threshold else 0 for s in scores]
        p, r, f = prf(gold, pred)
        mark = "ok" if f >= target else "below"
        print(
            f"{name:28} {len(texts):5d} {sum(gold):4d} {p:9.3f} {r:7.3f} {f:6.3f} {target:>5.2f} {mark}"
            f"   ({len(texts) / elapsed:,.0f} sentences/s)"
        )
    held_out_debates(debate_threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
