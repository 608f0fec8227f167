"""Train the check-worthiness model from ../shared/data/checkworthiness (make train).

Data: ClaimBuster crowdsourced (22,501 debate sentences; Verdict 1 = check-worthy
factual claim, 0 and -1 = not). ONLY that file is used: the groundtruth and
CheckThat! files are evaluation sets (evaluation/checkworthiness.py).

Model: logistic regression over hashed word 1-2-grams and a few linguistic
features (numbers, capitalised names, first
person, questions, modals...). Hashing keeps no vocabulary, so the artifact
is the weight vector alone; the regularisation strength and the threshold are
chosen by 5-fold cross-validation on the training set (F1 of the positive
class). Writes claims/extraction/models/checkworthiness.npz.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "checkworthiness"
OUT = ROOT / "claims" / "extraction" / "models" / "checkworthiness.npz"

from claims.extraction.checkworthiness import Featurizer  # noqa: E402


def load(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["Text"])
            labels.append(1 if row["Verdict"].strip() == "1" else 0)
    return texts, np.array(labels)


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    grid = np.arange(0.2, 0.71, 0.01)
    scores = [f1_score(y, p >= t) for t in grid]
    i = int(np.argmax(scores))
    return float(grid[i]), float(scores[i])


def main() -> int:
    path = DATA / "claimbuster_crowdsourced.csv"
    if not path.is_file():
        print(f"Training data not found: {path} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    started = time.time()
    texts, y = load(path)
    featurizer = Featurizer()
    X = featurizer.transform(texts)
    print(f"{len(texts)} sentences, {int(y.sum())} check-worthy; {X.shape[1]} features")
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    best = None
    for C in (1.0, 2.0, 4.0):
        oof = np.zeros(len(y))
        for train, test in folds.split(X, y):
            model = LogisticRegression(C=C, max_iter=2000, solver="liblinear")
            model.fit(X[train], y[train])
            oof[test] = model.predict_proba(X[test])[:, 1]
        threshold, f1 = best_threshold(y, oof)
        print(f"  C={C}: cross-validated F1 {f1:.3f} at threshold {threshold:.2f}")
        if best is None or f1 > best[2]:
            best = (C, threshold, f1)
    C, threshold, f1 = best
    model = LogisticRegression(C=C, max_iter=2000, solver="liblinear").fit(X, y)
    coef = model.coef_.ravel().astype(np.float32)
    np.savez_compressed(
        OUT,
        coef=coef,
        intercept=np.array([model.intercept_[0]], dtype=np.float32),
        meta=np.array(json.dumps({
            "threshold": round(threshold, 2),
            "C": C,
            "cv_f1": round(f1, 4),
            "trained_on": "claimbuster_crowdsourced.csv",
            "n_features": int(X.shape[1]),
            "featurizer": featurizer.describe(),
        })),
    )
    print(f"Chose C={C}, threshold {threshold:.2f} (CV F1 {f1:.3f}); wrote {OUT} "
          f"({OUT.stat().st_size / 1e6:.2f} MB) in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
