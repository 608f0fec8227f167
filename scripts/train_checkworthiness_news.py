"""Train the news head of the check-worthiness model (issue 23; make train, after the student).

The distilled student (scripts/train_checkworthiness.py) learnt from debates only; on news it
says yes to nearly everything. This script fits a head on top of it, with the team's labelled
news (evaluation/data/news_checkworthiness, texts read from ../shared) and the ClaimBuster
debates, and writes it into claims/extraction/models/checkworthiness.npz beside the student's
arrays (keys ``head_*`` and ``meta["head"]``); serving stays numpy
(claims/extraction/checkworthiness.py, ``Head``).

Positive class: label 2 (queue it) in the news, Verdict 1 in the debates.

Model selection, calibration and the default threshold come from grouped cross-validation
(5 folds) over the 83 TRAINING news articles (group = article). The head trains on those and on
the 27 debates the student trained on; the 6 debates the student held out train nothing here
either: every fold's model scores them (a fold, its debates), giving the held-out-debates CV
F1, and `make eval` reports the shipped head on them. The held-out news articles (test split),
ClaimBuster groundtruth and CheckThat! 2024 dev-test give the final figures only.

Variants compared (every one's figures go in docs/models/checkworthiness.md):
  A. the student as it is, its threshold re-chosen on the news (training articles, CV);
  B. logistic regression over the student's logit and the structural features
     (``checkworthiness.STRUCTURE``), Platt-calibrated on the news;
  C. gradient boosting over the same (scikit-learn's histogram GBM), Platt-calibrated;
  D. word unigrams and bigrams alone (binary, logistic regression), Platt-calibrated;
  E. B plus D's word n-grams in one logistic regression, Platt-calibrated.
Each learnt variant trains on the news with weight NEWS_WEIGHT a sentence and the debates with
1 (a small grid for E, which also tries the news alone: debate weight 0; the news-only E won
the 2026-12-06 CV, 0.605 against 0.594). The chosen variant is the one with the best news CV F1 at its news
threshold; only the linear ones (A, B, D, E) can ship (serving is numpy). The held-out-debates
CV F1 is printed beside it but chooses nothing: since the head serves news only (debates and
other transcripts are scored by the student, whose floors gate shipping below), a head need
not also fit speech. (Until 2026-12-06 the rule was the mean of the two, which kept E's L2
penalty weak, C 0.03; on the news alone a much stronger penalty wins: the n-grams of 83
training articles overfit.)

Calibration: Platt (a logistic map of the head's logit, fitted on the news folds' out-of-fold
logits): monotone, so scores keep the head's order (isotonic gave steps: ties in the queue).
Threshold: the one maximising the news CV F1 of the calibrated out-of-fold scores, after
averaging F1 over a +-0.02 window (the curve is flat and noisy near its top).

Shipping: the chosen head is written into the artifact only if it keeps issue 23's debate
floors (CheckThat! 2024 dev-test F1 >= 0.85, ClaimBuster groundtruth >= 0.80, at its news
threshold); otherwise the artifact keeps the student alone, unless --force. (Those two sets
gate shipping; they choose nothing inside a variant.)

Usage: .venv/bin/python scripts/train_checkworthiness_news.py [--dry-run | --force]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEBATES = SHARED / "checkworthiness"

from claims.extraction import checkworthiness as cw  # noqa: E402
from evaluation import newsset  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import news_teacher_cv  # noqa: E402 - the news teachers' and news student's shared paths

FOLDS = 5
SEED = 0
HELD_OUT_DEBATES, DEBATE_SEED = 6, 0  # as scripts/train_checkworthiness.py held them out
NEWS_WEIGHT = 2.0  # a news sentence's weight against a debate sentence's (debates: 22,501; news: 3,338)
# (C, news weight, debate weight) for E: the weak penalties of the first grid, the strong ones the
# 2026-12-06 sweep found best on the training news, and the news alone (debate weight 0; the
# student's logit already carries the debates), which the 2026-12-06 (fifth session) CV found best.
# (The other points of earlier grids, all below these: docs/models/checkworthiness.md.)
GRID_E = [(0.001, 20.0, 1.0), (0.1, 1.0, 0.0), (0.05, 1.0, 0.0), (0.03, 1.0, 0.0), (0.02, 1.0, 0.0), (0.01, 1.0, 0.0)]
MIN_DF = 2
# Issue 23's floors on the debates: a head that misses one is not written (the student alone
# stays the model) unless --force.
FLOORS = (("ct24", "CheckThat! 2024 dev-test", 0.85), ("cb_gt", "ClaimBuster groundtruth", 0.80))


# --- data -----------------------------------------------------------------------------------


class Rows:
    def __init__(self, texts, y, groups=None, label=None):
        self.texts = [t[:2000] for t in texts]  # what score_sentences reads of a sentence
        self.y = np.asarray(y, dtype=int)
        self.groups = groups
        self.label = label


def debates() -> tuple[Rows, np.ndarray]:
    with (DEBATES / "claimbuster_crowdsourced.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    files = sorted({r["File_id"] for r in rows})
    held = set(random.Random(DEBATE_SEED).sample(files, HELD_OUT_DEBATES))
    out = Rows([r["Text"] for r in rows], [r["Verdict"].strip() == "1" for r in rows], [r["File_id"] for r in rows])
    return out, np.array([r["File_id"] in held for r in rows])


def debate_eval(name: str) -> Rows:
    path, text, label, positive, delimiter = {
        "cb_gt": (DEBATES / "claimbuster_groundtruth.csv", "Text", "Verdict", "1", ","),
        "ct24": (DEBATES / "ct24_dev_test.tsv", "Text", "class_label", "Yes", "\t"),
    }[name]
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    return Rows([r[text] for r in rows], [r[label].strip() == positive for r in rows])


def news(split: str) -> Rows:
    rows, lost = newsset.load(split=split)
    if lost:
        print(f"  ({lost} news labels no longer find their sentence)")
    return Rows(
        [r.text for r in rows],
        [r.label == 2 for r in rows],
        [r.article for r in rows],
        np.array([r.label for r in rows]),
    )


def with_desk_labels(rows: Rows, path: Path) -> Rows:
    """The training news plus a desk's decisions (``manage.py export_labels`` rows: text, label, article)."""
    desk = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if any(row["label"] not in (0, 1, 2) or not row["text"] for row in desk):
        raise ValueError("every row needs a text and a label 0, 1 or 2")
    print(f"  + {len(desk)} sentences labelled by the desk ({sum(r['label'] == 2 for r in desk)} taken up)")
    return Rows(
        rows.texts + [r["text"] for r in desk],
        [*rows.y, *(r["label"] == 2 for r in desk)],
        [*rows.groups, *(r["article"] for r in desk)],
        np.array([*rows.label, *(r["label"] for r in desk)]),
    )


# --- features (the serving code's own) ------------------------------------------------------


def inputs(rows: Rows) -> None:
    """The student's logit, the structural features and the word n-grams of every row, as
    claims/extraction/checkworthiness.py computes them at serving time."""
    m = cw.model()
    # The head reads the logit of the student that scores news (the news student when the artifact
    # has one: scripts/distill_news_student.py); transcripts are scored by the debate student's.
    rows.logit = m.logits(rows.texts, "news")
    rows.transcript_logit = m.logits(rows.texts, "transcript") if m.news_student else rows.logit
    sentences = [cw.ParsedSentence(t, m.words(m.encode([t])[0])) for t in rows.texts]
    rows.structure = np.array([cw.structure(s) for s in sentences]).reshape(len(sentences), len(cw.STRUCTURE))
    rows.ngrams = [cw.ngrams(s.tokens) for s in sentences]


def out_of_fold_student(rows: Rows) -> int:
    """The training news's news-student logits out of fold (scripts/distill_news_student.py): the
    news student learnt every training sentence's own target, so its logit on them is sharper than
    on news it never read; the head trains on fold K's sentences as scored by a student that never
    learnt them. Read only beside the student they were made with; a sentence without one (a desk's
    label) keeps the served logit (the student never learnt it). Returns how many were replaced."""
    m = cw.model()
    if m.news_student is None:
        return 0
    with np.load(cw.MODEL_PATH, allow_pickle=False) as data:
        digest = news_teacher_cv.news_student_digest({k: data[k] for k in data.files if k.startswith("news_")})
    path = news_teacher_cv.STUDENT_OOF
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if saved.get("student") != digest:
        raise SystemExit(
            f"The artifact's news student has no out-of-fold logits ({path}): run "
            "scripts/distill_news_student.py train (make train does) before the news head."
        )
    known = {(a, t): z for a, t, z in zip(saved["article"], saved["texts"], saved["logits"], strict=True)}
    replaced = 0
    for i, key in enumerate(zip(rows.groups, rows.texts, strict=True)):
        if key in known:
            rows.logit[i] = known[key]
            replaced += 1
    return replaced


def dense(rows: Rows) -> np.ndarray:
    return np.hstack([rows.logit[:, None], rows.structure])


# --- metrics --------------------------------------------------------------------------------


def prf(p, y, t):
    predicted = p >= t
    tp = int((predicted & (y == 1)).sum())
    precision, recall = tp / max(int(predicted.sum()), 1), tp / max(int(y.sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9), float(predicted.mean())


def ece(p, y, bins=10):
    """Expected calibration error, 10 equal-width bins."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    return float(
        sum(
            (index == b).mean() * abs(p[index == b].mean() - y[index == b].mean())
            for b in range(bins)
            if (index == b).any()
        )
    )


GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def news_threshold(p, y) -> float:
    f1 = np.array([prf(p, y, t)[2] for t in GRID])
    smooth = np.convolve(np.pad(f1, 2, mode="edge"), np.ones(5) / 5, mode="valid")
    return float(GRID[int(np.argmax(smooth))])


def platt(z, y) -> tuple[float, float]:
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(z[:, None], y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- variants -------------------------------------------------------------------------------


class Linear:
    """Logistic regression over [logit, structure] (B), word n-grams (D) or both (E)."""

    def __init__(self, parts: str, C: float, news_weight: float, debate_weight: float = 1.0) -> None:
        self.parts, self.C, self.news_weight, self.debate_weight = parts, C, news_weight, debate_weight

    def matrix(self, rows: Rows):
        blocks = []
        if "dense" in self.parts:
            blocks.append(sp.csr_matrix(dense(rows)))
        if "words" in self.parts:
            blocks.append(self.vectorizer.transform(rows.ngrams))
        return sp.hstack(blocks).tocsr()

    def fit(self, train: list[tuple[Rows, np.ndarray, float]]):
        if "words" in self.parts:
            self.vectorizer = CountVectorizer(analyzer=lambda grams: grams, binary=True, min_df=MIN_DF).fit(
                [g for rows, mask, _w in train for g, keep in zip(rows.ngrams, mask, strict=True) if keep]
            )
        X = sp.vstack([self.matrix(rows)[mask] for rows, mask, _w in train])
        y = np.concatenate([rows.y[mask] for rows, mask, _w in train])
        w = np.concatenate([np.full(int(mask.sum()), weight) for _rows, mask, weight in train])
        self.model = LogisticRegression(C=self.C, max_iter=5000).fit(X, y, sample_weight=w)
        return self

    def logits(self, rows: Rows) -> np.ndarray:
        return self.model.decision_function(self.matrix(rows))


class Boosted:
    debate_weight = 1.0

    def __init__(self, news_weight: float) -> None:
        self.news_weight = news_weight

    def fit(self, train):
        X = np.vstack([dense(rows)[mask] for rows, mask, _w in train])
        y = np.concatenate([rows.y[mask] for rows, mask, _w in train])
        w = np.concatenate([np.full(int(mask.sum()), weight) for _rows, mask, weight in train])
        self.model = HistGradientBoostingClassifier(
            max_iter=200,
            learning_rate=0.05,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=SEED,
        ).fit(X, y, sample_weight=w)
        return self

    def logits(self, rows):
        return self.model.decision_function(dense(rows))


class Student:
    """A: the student's own logit; nothing learnt but the threshold."""

    news_weight = 0.0
    debate_weight = 1.0

    def fit(self, train):
        return self

    def logits(self, rows):
        return rows.logit


def _fit_weighted(model, train_news: Rows, news_rows: np.ndarray, crowd: Rows, debate_rows: np.ndarray):
    """``model`` fitted on the chosen news and debate sentences, each set at the model's weight for it
    (a news weight of 0 means 1; a debate weight of 0: the debates train nothing)."""
    train = [(train_news, news_rows, model.news_weight or 1.0), (crowd, debate_rows, model.debate_weight)]
    return model.fit([part for part in train if part[2] > 0])


def cross_validate(make, train_news: Rows, crowd: Rows, held: np.ndarray, news_fold, debate_fold, calibrate=True):
    """Out-of-fold logits on the news and the held-out debates; the Platt map, the threshold
    and the CV figures from them."""
    oof_news, oof_debates = np.zeros(len(train_news.y)), np.zeros(len(crowd.y))
    for k in range(FOLDS):
        model = _fit_weighted(make(), train_news, news_fold != k, crowd, debate_fold < 0)
        oof_news[news_fold == k] = model.logits(_subset(train_news, news_fold == k))
        oof_debates[debate_fold == k] = model.logits(_subset(crowd, debate_fold == k))
    y = train_news.y
    if calibrate:
        # Cross-fitted Platt: each fold's calibrated scores from a map fitted on the others.
        calibrated = np.zeros_like(oof_news)
        for k in range(FOLDS):
            a, b = platt(oof_news[news_fold != k], y[news_fold != k])
            calibrated[news_fold == k] = sigmoid(a * oof_news[news_fold == k] + b)
        a, b = platt(oof_news, y)
    else:
        calibrated, (a, b) = sigmoid(oof_news), (1.0, 0.0)
    threshold = news_threshold(calibrated, y)
    held_rows = debate_fold >= 0
    precision, recall, f1, queued = prf(calibrated, y, threshold)
    debate_f1 = prf(sigmoid(a * oof_debates[held_rows] + b), crowd.y[held_rows], threshold)[2]
    return {
        "threshold": threshold,
        "calibration": (a, b),
        "oof": calibrated,
        "cv": {
            "news_precision": precision,
            "news_recall": recall,
            "news_f1": f1,
            "news_queued": queued,
            "news_labelled": float(y.mean()),
            "news_ece": ece(calibrated, y),
            "debates_f1": debate_f1,
        },
    }


def _subset(rows: Rows, mask: np.ndarray) -> Rows:
    out = Rows.__new__(Rows)
    out.texts = [t for t, keep in zip(rows.texts, mask, strict=True) if keep]
    out.y, out.logit, out.structure = rows.y[mask], rows.logit[mask], rows.structure[mask]
    out.ngrams = [g for g, keep in zip(rows.ngrams, mask, strict=True) if keep]
    out.groups = [g for g, keep in zip(rows.groups, mask, strict=True) if keep] if rows.groups else None
    return out


def per_article_top(p, rows: Rows, k: int) -> tuple[float, float]:
    """Precision and recall of each article's top k sentences, micro-averaged over articles."""
    groups = np.array(rows.groups)
    hits = taken = positives = 0
    for article in sorted(set(groups)):
        index = np.flatnonzero(groups == article)
        top = index[np.argsort(-p[index], kind="stable")[:k]]
        hits += int(rows.y[top].sum())
        taken += len(top)
        positives += int(rows.y[index].sum())
    return hits / max(taken, 1), hits / max(positives, 1)


def final_figures(model, calibration, threshold, sets: dict[str, Rows]) -> dict:
    a, b = calibration
    out = {}
    for name, rows in sets.items():
        p = sigmoid(a * model.logits(rows) + b)
        precision, recall, f1, queued = prf(p, rows.y, threshold)
        out[name] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "queued": queued,
            "labelled": float(rows.y.mean()),
            "ece": ece(p, rows.y),
        }
        if name == "news_test":
            for k in (5, 10):
                out[name][f"top{k}"] = per_article_top(p, rows, k)
    return out


def speeds(sample: list[str]) -> dict[str, float]:
    """Sentences a second on one core for each variant's inputs: the student, the structural
    features, the n-gram lookup (the head's own arithmetic is negligible)."""
    m = cw.model()
    m.pooled(sample[:256], "news")
    started = time.perf_counter()
    m.pooled(sample, "news")
    student = time.perf_counter() - started
    started = time.perf_counter()
    sentences = [cw.ParsedSentence(t, m.words(m.encode([t])[0])) for t in sample]
    words = time.perf_counter() - started
    started = time.perf_counter()
    [cw.structure(s) for s in sentences]
    structure = time.perf_counter() - started
    started = time.perf_counter()
    [cw.ngrams(s.tokens) for s in sentences]
    grams = time.perf_counter() - started
    n = len(sample)
    return {
        "A": n / student,
        "B": n / (student + words + structure),
        "C": n / (student + words + structure),
        "D": n / (student + words + grams),
        "E": n / (student + words + structure + grams),
    }


SIMPLEST_FIRST = ("A", "B", "D", "E")  # C (gradient boosting) cannot ship: the serving code is linear
TOLERANCE = 0.005


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    parser.add_argument(
        "--force", action="store_true", help="write the chosen head even if it misses the debate floors"
    )
    parser.add_argument(
        "--desk-labels",
        metavar="FILE",
        help="a desk's own decisions (manage.py export_labels): "
        "trained on with the team's training news, never evaluated on",
    )
    args = parser.parse_args()
    if not (DEBATES / "claimbuster_crowdsourced.csv").is_file():
        print(f"Training data not found under {SHARED} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    warnings.filterwarnings("ignore", category=UserWarning)
    started = time.time()
    if "head" in cw.model().meta:
        print("The artifact already has a news head: it is refitted from the student's arrays.")
    crowd, held = debates()
    train_news, test_news = news("train"), news("test")
    if args.desk_labels:
        try:
            train_news = with_desk_labels(train_news, Path(args.desk_labels))
        except (OSError, ValueError, KeyError) as exc:
            print(f"Cannot read the desk's labels {args.desk_labels}: {exc}", file=sys.stderr)
            return 1
    evaluation = {"news_test": test_news, "ct24": debate_eval("ct24"), "cb_gt": debate_eval("cb_gt")}
    for rows in (crowd, train_news, *evaluation.values()):
        inputs(rows)
    stacked = out_of_fold_student(train_news)
    if stacked:
        print(f"  the news student's out-of-fold logits for {stacked} training news sentences (stacking)")
    print(
        f"{len(train_news.y)} training news sentences ({len(set(train_news.groups))} articles, "
        f"{train_news.y.mean():.1%} label 2), {len(crowd.y)} debate sentences "
        f"({int(held.sum())} in the {HELD_OUT_DEBATES} debates the student held out); {time.time() - started:.0f} s"
    )

    articles = sorted(set(train_news.groups))
    random.Random(SEED).shuffle(articles)
    news_fold = np.array([articles.index(a) % FOLDS for a in train_news.groups])
    held_files = sorted({g for g, h in zip(crowd.groups, held, strict=True) if h})
    debate_fold = np.array([held_files.index(g) % FOLDS if h else -1 for g, h in zip(crowd.groups, held, strict=True)])

    def score(cv):  # the selection rule: the news CV F1 (the head serves news only)
        return cv["cv"]["news_f1"]

    variants = {
        # Every variant is Platt-calibrated on the news (issue 23 asks for scores calibrated on news; until the news
        # student, A was the student's raw sigmoid, a baseline that never won).
        "A": ("student, Platt-calibrated and threshold re-chosen on news", Student, True),
        "B": ("LR: student logit + structural features", lambda: Linear("dense", 1.0, NEWS_WEIGHT), True),
        "C": ("gradient boosting: student logit + structural features", lambda: Boosted(NEWS_WEIGHT), True),
        "D": ("LR: word unigrams + bigrams", lambda: Linear("words", 0.3, NEWS_WEIGHT), True),
    }
    results = {}
    for key, (name, make, calibrate) in variants.items():
        results[key] = {
            "name": name,
            "make": make,
            **cross_validate(make, train_news, crowd, held, news_fold, debate_fold, calibrate),
        }
        print(f"  {key} {name}: {_cv_line(results[key])}", flush=True)
    best_e = None
    for C, weight, debate_weight in GRID_E:

        def make(C=C, weight=weight, debate_weight=debate_weight):
            return Linear("dense+words", C, weight, debate_weight)

        trained = f"news weight {weight}" if debate_weight else "the news alone"
        cv = cross_validate(make, train_news, crowd, held, news_fold, debate_fold)
        print(f"  E (C {C}, {trained}): {_cv_line(cv)}", flush=True)
        if best_e is None or score(cv) > score(best_e):
            best_e = {
                "name": f"LR: student logit + structural features + word n-grams (C {C}, {trained})",
                "make": make,
                "C": C,
                "news_weight": weight,
                "debate_weight": debate_weight,
                **cv,
            }
    results["E"] = best_e

    speed = speeds(test_news.texts + evaluation["ct24"].texts)
    for key, result in results.items():
        model = _fit_weighted(result["make"](), train_news, np.ones(len(train_news.y), bool), crowd, ~held)
        result["model"] = model
        result["final"] = final_figures(model, result["calibration"], result["threshold"], evaluation)
        result["speed"] = speed[key]

    # The simplest linear variant (A, B, D, E: fewer parameters learnt from the training news first) within
    # TOLERANCE of the best news CV F1: smaller differences are the folds' noise, and the fewer parameters fitted
    # on 243 articles, the less there is to overfit (train_checkworthiness.py picks its student by the same rule).
    shippable = [k for k in SIMPLEST_FIRST if k in results]
    best = max(score(results[k]) for k in shippable)
    ship = next(k for k in shippable if score(results[k]) >= best - TOLERANCE)
    print(f"\nChosen: {ship} (the simplest linear variant within {TOLERANCE} of the best news CV F1, {best:.3f})\n")
    print(markdown_table(results, ship))
    chosen = results[ship]
    chosen["cap"], cap_table = choose_cap(chosen["oof"], train_news, chosen["threshold"])
    print(f"\nPer-article cap (training news, cross-validated scores at {chosen['threshold']:.2f}): {cap_table}")
    print(f"  chosen: {chosen['cap']} claims an article")
    test_p = sigmoid(chosen["calibration"][0] * chosen["model"].logits(test_news) + chosen["calibration"][1])
    capped = capped_prf(test_p, test_news, chosen["threshold"], chosen["cap"])
    chosen["final"]["news_test"]["capped"] = capped
    print(
        f"  held-out news with the cap: P {capped[0]:.3f} R {capped[1]:.3f} F1 {capped[2]:.3f} queued {capped[3]:.1%}"
    )
    # Transcripts (speech) are scored by the student alone: its logit, Platt-calibrated on the
    # debates it held out (which chose its threshold), so that both genres' scores are
    # probabilities; the threshold is the student's own, mapped through the same calibration.
    a, b = platt(crowd.transcript_logit[held], crowd.y[held])
    student_threshold = float(cw.model().meta["threshold"])
    transcript = {
        "calibration": (a, b),
        "threshold": float(sigmoid(a * np.log(student_threshold / (1 - student_threshold)) + b)),
    }
    served = {}
    for key in ("ct24", "cb_gt"):
        rows = evaluation[key]
        served[key] = prf(sigmoid(a * rows.transcript_logit + b), rows.y, transcript["threshold"])
    transcript["figures"] = {k: round(v[2], 4) for k, v in served.items()}
    print(
        f"Transcripts: the student, Platt-calibrated on the held-out debates ({a:.3f}, {b:.3f}), threshold "
        f"{transcript['threshold']:.3f}: CT24 dev-test F1 {served['ct24'][2]:.3f}, "
        f"ClaimBuster gt F1 {served['cb_gt'][2]:.3f}"
    )
    print(f"\n({time.time() - started:.0f} s)")
    if args.dry_run:
        return 0
    # The debate floors hold for what serves debates: the transcript genre.
    misses = [f"{name} F1 {served[key][2]:.3f} < {floor}" for key, name, floor in FLOORS if served[key][2] < floor]
    if misses and not args.force:
        print(
            f"Not written: the transcript scoring misses the debate floors ({'; '.join(misses)}); the artifact "
            f"keeps its student alone. --force writes it anyway."
        )
        return 0
    write(chosen, ship, results, transcript)
    return 0


CAPS = range(3, 31)


def capped_prf(p, rows: Rows, threshold: float, cap: int | None):
    """Precision, recall, F1 and share queued when each article queues at most ``cap`` of its
    sentences at or above the threshold (its best-scored ones)."""
    groups = np.array(rows.groups)
    queued = np.zeros(len(p), dtype=bool)
    for article in set(rows.groups):
        index = np.flatnonzero(groups == article)
        over = index[p[index] >= threshold]
        queued[over[np.argsort(-p[over], kind="stable")[:cap]]] = True
    tp = int((queued & (rows.y == 1)).sum())
    precision, recall = tp / max(int(queued.sum()), 1), tp / max(int(rows.y.sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9), float(queued.mean())


def choose_cap(p, rows: Rows, threshold: float) -> tuple[int, str]:
    """The per-article cap with the best F1 of the training news's cross-validated scores (F1 averaged
    over the cap and its two neighbours: the curve is flat near its top); ties to the larger cap,
    which hides less."""
    f1 = np.array([capped_prf(p, rows, threshold, cap)[2] for cap in CAPS])
    smooth = np.convolve(np.pad(f1, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    best = max(range(len(CAPS)), key=lambda i: (round(smooth[i], 3), i))
    table = ", ".join(
        f"{cap}: {f:.3f}" for cap, f in zip(CAPS, f1, strict=True) if cap in (3, 5, 8, 10, 12, 15, 20, 30)
    )
    return CAPS[best], table


def _cv_line(result) -> str:
    cv = result["cv"]
    return (
        f"news CV P {cv['news_precision']:.3f} R {cv['news_recall']:.3f} F1 {cv['news_f1']:.3f} at "
        f"{result['threshold']:.2f} (queued {cv['news_queued']:.1%} vs {cv['news_labelled']:.1%} labelled, "
        f"ECE {cv['news_ece']:.3f}); held-out debates CV F1 {cv['debates_f1']:.3f}"
    )


def markdown_table(results: dict, ship: str) -> str:
    lines = [
        "| variant | threshold | news CV F1 | debates CV F1 | news test P | R | F1 | queued (labelled) | "
        "ECE | top-5 P / R | top-10 P / R | CT24 dev-test F1 | ClaimBuster gt F1 | sentences/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, r in results.items():
        t, cv = r["final"]["news_test"], r["cv"]
        lines.append(
            f"| {'**' + key + '** (chosen)' if key == ship else key}: {r['name']} | {r['threshold']:.2f} | "
            f"{cv['news_f1']:.3f} | {cv['debates_f1']:.3f} | {t['precision']:.3f} | {t['recall']:.3f} | "
            f"{t['f1']:.3f} | {t['queued']:.1%} ({t['labelled']:.1%}) | {t['ece']:.3f} | "
            f"{t['top5'][0]:.2f} / {t['top5'][1]:.2f} | {t['top10'][0]:.2f} / {t['top10'][1]:.2f} | "
            f"{r['final']['ct24']['f1']:.3f} | {r['final']['cb_gt']['f1']:.3f} | {r['speed']:,.0f} |"
        )
    return "\n".join(lines)


def write(result: dict, key: str, results: dict, transcript: dict) -> None:
    """The head's arrays into the student's artifact (its own arrays kept as they are)."""
    model = result["model"]
    structure_weight = np.zeros(len(cw.STRUCTURE))
    grams: list[str] = []
    gram_weight = np.zeros(0)
    bias = 0.0
    if key == "A":
        logit_weight = 1.0
    else:
        coef = model.model.coef_[0]
        bias = float(model.model.intercept_[0])
        offset = 0
        logit_weight = 0.0
        if "dense" in model.parts:
            logit_weight = float(coef[0])
            structure_weight = coef[1 : 1 + len(cw.STRUCTURE)]
            offset = 1 + len(cw.STRUCTURE)
        if "words" in model.parts:
            vocabulary = model.vectorizer.get_feature_names_out()
            gram_weight = coef[offset : offset + len(vocabulary)]
            keep = np.abs(gram_weight) >= 1e-3  # the rest change no score by a thousandth of a logit
            grams, gram_weight = [str(g) for g in vocabulary[keep]], gram_weight[keep]
    if any("\n" in g for g in grams):
        raise ValueError("an n-gram holds a newline")
    path = cw.MODEL_PATH
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if not k.startswith("head_")}
    meta = json.loads(str(arrays["meta"]))
    meta["transcript"] = {
        "calibration": list(transcript["calibration"]),
        "threshold": transcript["threshold"],
        "figures": transcript["figures"],
    }
    meta["head"] = {
        "variant": f"{key}: {result['name']}",
        "threshold": result["threshold"],
        "cap": result["cap"],
        "structure": list(cw.STRUCTURE),
        "cv": {k: round(v, 4) for k, v in result["cv"].items()},
        "held_out_news": {
            k: (round(v, 4) if isinstance(v, float) else [round(float(x), 4) for x in v])
            for k, v in result["final"]["news_test"].items()
        },
        "trained_on": (
            (
                "claimbuster_crowdsourced.csv (the student's 27 training debates) + "
                if result.get("debate_weight", 1.0)
                else ""
            )
            + "the team's labelled news, training split (evaluation/data/news_checkworthiness)"
        ),
        "variants": {
            k: {
                "name": r["name"],
                "threshold": r["threshold"],
                "cv_news_f1": round(r["cv"]["news_f1"], 4),
                "cv_debates_f1": round(r["cv"]["debates_f1"], 4),
                "news_test_f1": round(r["final"]["news_test"]["f1"], 4),
                "ct24_f1": round(r["final"]["ct24"]["f1"], 4),
                "cb_gt_f1": round(r["final"]["cb_gt"]["f1"], 4),
            }
            for k, r in results.items()
        },
    }
    arrays["meta"] = np.array(json.dumps(meta))
    arrays["head_logit_weight"] = np.array([logit_weight])
    arrays["head_structure_weight"] = np.asarray(structure_weight, dtype=np.float32)
    arrays["head_bias"] = np.array([bias])
    arrays["head_ngrams"] = np.array("\n".join(grams))
    arrays["head_ngram_weight"] = np.asarray(gram_weight, dtype=np.float32)
    arrays["head_calibration"] = np.array(result["calibration"])
    np.savez_compressed(path, **arrays)
    print(f"Wrote the news head ({key}, {len(grams)} n-grams) into {path} ({path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    sys.exit(main())
