"""Train the matching re-ranker (claims/matching/models/reranker.json).

Builds the index over the CheckThat! 2022 2A pool with the shipped encoder,
collects the candidates of every *train* query, labels them with the train
qrels and fits a logistic regression (standardised features, C=10). dev and
dev_test are not used here: evaluation/matching.py reports them.

    .venv/bin/python scripts/train_matching.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data")) / "matching" / "clef2022_2a"

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from claims.matching import rerank, trec  # noqa: E402
from claims.matching import text as textmod  # noqa: E402
from claims.matching.index import MatchIndex  # noqa: E402
from claims.matching.pool import read_pool, read_queries  # noqa: E402


def main() -> int:
    if not (DATA / "vclaims.jsonl.gz").is_file():
        print(f"Training data not found in {DATA} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    started = time.perf_counter()
    index = MatchIndex.rebuild(read_pool(DATA / "vclaims.jsonl.gz").documents)
    print(f"index: {len(index)} claims in {time.perf_counter() - started:.0f} s")
    queries = read_queries(DATA / "train_queries.tsv")
    qrels = trec.read_qrels((DATA / "train_qrels.tsv").read_text(encoding="utf-8").splitlines())
    normalised = [textmod.normalise(t) for _q, t in queries]
    vectors = index.encoder.encode(normalised)
    rows_x, rows_y = [], []
    found = 0
    for (qid, _t), query, vec in zip(queries, normalised, vectors, strict=True):
        rows, candidates = index.candidates(query, vec)
        if not rows:
            continue
        relevant = qrels.get(qid, set())
        labels = [int(index.ids[r] in relevant) for r in rows]
        found += sum(labels)
        rows_x.append(rerank.features(query, candidates))
        rows_y.extend(labels)
    x = np.vstack(rows_x)
    y = np.array(rows_y)
    total = sum(len(v) for v in qrels.values())
    print(f"train: {len(queries)} queries, {len(y)} pairs, candidate recall {found / total:.3f}")
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=10, max_iter=5000).fit(scaler.transform(x), y)
    reranker = rerank.Reranker(mean=scaler.mean_, scale=scaler.scale_, coef=model.coef_[0],
                               intercept=float(model.intercept_[0]))
    rerank.MODEL_PATH.parent.mkdir(exist_ok=True)
    rerank.MODEL_PATH.write_text(
        reranker.to_json(trained_on="CheckThat! 2022 2A train (997 queries)", encoder=index.encoder.name) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {rerank.MODEL_PATH.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
