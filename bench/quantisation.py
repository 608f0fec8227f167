"""The HNSW graph's vector type (issue 27): usearch f32, f16 and i8 on CheckThat! 2022 2A, and memory.

The matching index (claims/matching/index.py) searches exactly below 50,000 claims and through a
usearch HNSW graph from there. The 2A pool is 14,231 claims, so here the graph is forced: the same
index (BM25, vectors, re-ranker all unchanged) is searched with no graph (exact), then with a graph
of each vector type, on the dev and dev-test queries, and MAP@1 / MAP@5 / recall@5 are printed.

The choice is made on **dev** only: the smallest vector type whose dev MAP@5 is within
``--tolerance`` (0.005) of f32's; dev-test is then reported and must stay ≥ 0.93 (the issue's bar).

Memory: usearch's own ``memory_usage`` of a graph of ``--claims`` vectors (default 200,000: the
2A pool's real vectors repeated with Gaussian noise, cosine about 0.9 to the original, as
bench/matching.py makes its large pools), per claim, and × 10M. The graph is what grows with
the vector type; the rest of an index copy (BM25, the float16 claim and title vectors, texts) is
the same for all three (bench/capacity.py measures the whole copy).

    .venv/bin/python bench/quantisation.py [--claims 200000] [--tolerance 0.005]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import SHARED  # noqa: E402

DATA = SHARED / "matching" / "clef2022_2a"
TEN_MILLION = 10_000_000
TARGET_MAP5 = 0.93
MODES = ("exact", "f32", "f16", "i8")


def pool_index():
    """The 2A pool's index, kept under var/bench-quantisation after the first build (about a minute)."""
    from claims.matching.index import IndexFormatError, MatchIndex
    from claims.matching.pool import read_pool

    cache = ROOT / "var" / "bench-quantisation" / "pool"
    if (cache / "meta.json").is_file():
        try:
            return MatchIndex.load(cache, ann_threshold=10**9)
        except (IndexFormatError, OSError, ValueError):
            pass
    started = time.perf_counter()
    index = MatchIndex.rebuild(read_pool(DATA / "vclaims.jsonl.gz").documents, ann_threshold=10**9)
    print(f"indexed {len(index)} claims in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    index.save(cache)
    return index


def score(index, split: str) -> tuple[float, float, float, float]:
    from claims.matching import trec
    from claims.matching.pool import read_queries

    questions = read_queries(DATA / f"{split}_queries.tsv")
    qrels = trec.read_qrels((DATA / f"{split}_qrels.tsv").read_text(encoding="utf-8").splitlines())
    started = time.perf_counter()
    results = index.search_many([text for _qid, text in questions], k=5)
    elapsed = time.perf_counter() - started
    run = {qid: [m.id for m in matches] for (qid, _text), matches in zip(questions, results, strict=True)}
    return (
        trec.map_at(run, qrels, 1),
        trec.map_at(run, qrels, 5),
        trec.recall_at(run, qrels, 5),
        elapsed / max(len(questions), 1) * 1000,
    )


def set_mode(index, mode: str) -> float:
    """Search ``index`` exactly (mode 'exact') or through a fresh HNSW graph of that vector type."""
    index.ann = None
    if mode == "exact":
        return 0.0
    index.ann_dtype = mode
    started = time.perf_counter()
    index._ann_build()
    return time.perf_counter() - started


def graph_bytes(vectors, claims: int, dtype: str, seed: int = 27) -> tuple[int, float]:
    """usearch's memory for a graph of ``claims`` vectors drawn around ``vectors``, and its build seconds."""
    import numpy as np
    from usearch.index import Index

    from claims.matching.index import ANN_CONNECTIVITY, ANN_EXPANSION_ADD, ANN_EXPANSION_SEARCH

    rng = np.random.default_rng(seed)
    graph = Index(
        ndim=vectors.shape[1],
        metric="ip",
        dtype=dtype,
        connectivity=ANN_CONNECTIVITY,
        expansion_add=ANN_EXPANSION_ADD,
        expansion_search=ANN_EXPANSION_SEARCH,
    )
    started = time.perf_counter()
    for start in range(0, claims, 50_000):
        n = min(50_000, claims - start)
        base = vectors[rng.integers(0, len(vectors), n)]
        noisy = base + rng.normal(0, 0.33 / np.sqrt(vectors.shape[1]), base.shape).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        graph.add(np.arange(start, start + n, dtype=np.uint64), noisy, threads=2)
    return int(graph.memory_usage), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--claims", type=int, default=200_000, help="graph size for the memory figure (default 200,000)"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.005,
        help="a vector type is kept if its dev MAP@5 is within this of f32's (default 0.005)",
    )
    args = parser.parse_args()
    if args.claims < 1_000:
        parser.error("--claims must be at least 1,000")
    if not 0 <= args.tolerance < 0.1:
        parser.error("--tolerance must be between 0 and 0.1")
    missing = [p for p in ("vclaims.jsonl.gz", "dev_queries.tsv", "dev_test_queries.tsv") if not (DATA / p).is_file()]
    if missing:
        print(f"2A data not found in {DATA}: {', '.join(missing)} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1

    index = pool_index()
    print(f"CheckThat! 2022 2A, pool of {len(index):,} claims; HNSW forced (connectivity 16, expansion 64)")
    print(f"{'graph':6} {'build s':>7} {'split':9} {'MAP@1':>6} {'MAP@5':>6} {'R@5':>6} {'ms/query':>8}")
    figures: dict[tuple[str, str], float] = {}
    for mode in MODES:
        built = set_mode(index, mode)
        for split in ("dev", "dev_test"):
            m1, m5, r5, ms = score(index, split)
            figures[mode, split] = m5
            print(f"{mode:6} {built:7.1f} {split:9} {m1:6.3f} {m5:6.3f} {r5:6.3f} {ms:8.1f}")

    kept = [m for m in ("i8", "f16", "f32") if figures[m, "dev"] >= figures["f32", "dev"] - args.tolerance]
    choice = kept[0]
    dev_test = figures[choice, "dev_test"]
    print(
        f"\nChosen on dev (smallest type within {args.tolerance} of f32's dev MAP@5 "
        f"{figures['f32', 'dev']:.3f}): {choice}, dev MAP@5 {figures[choice, 'dev']:.3f}; "
        f"dev-test MAP@5 {dev_test:.3f} (target ≥ {TARGET_MAP5}: {'ok' if dev_test >= TARGET_MAP5 else 'BELOW'})"
    )

    import numpy as np

    vectors = index._mean_vectors(np.array(sorted(index.row_of.values()), dtype=np.int64))
    dim = vectors.shape[1]
    print(
        f"\nHNSW graph memory (usearch memory_usage, {args.claims:,} vectors of {dim} dimensions around the "
        "pool's; the index's other parts are the same for every type)"
    )
    print(f"{'graph':6} {'build s':>7} {'bytes/claim':>11} {'vectors':>8} {'links+rest':>10} {'at 10M GB':>9}")
    for dtype in ("f32", "f16", "i8"):
        used, seconds = graph_bytes(vectors, args.claims, dtype)
        per = used / args.claims
        vector = dim * {"f32": 4, "f16": 2, "i8": 1}[dtype]
        print(f"{dtype:6} {seconds:7.1f} {per:11.0f} {vector:8d} {per - vector:10.0f} {per * TEN_MILLION / 1e9:9.1f}")
    return 0 if dev_test >= TARGET_MAP5 else 1


if __name__ == "__main__":
    sys.exit(main())
