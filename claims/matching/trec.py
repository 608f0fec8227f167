"""TREC run and qrels files, and the ranking metrics we report (MAP@k, recall@k).

MAP@k follows the CheckThat! 2022 scorer: average precision over the first k
results, divided by min(number of relevant documents, k); a query without
results scores 0, a query missing from the qrels is not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RunLine:
    qid: str
    docid: str
    rank: int
    score: float
    tag: str = "verify"

    def format(self) -> str:
        return f"{self.qid}\tQ0\t{self.docid}\t{self.rank}\t{self.score:.6f}\t{self.tag}"


def read_run(lines: Iterable[str]) -> dict[str, list[str]]:
    """qid → docids in rank order (rank column, then score, decide the order)."""
    rows: dict[str, list[tuple[int, float, str]]] = {}
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 6:
            raise ValueError(f"run line {n}: expected 'qid Q0 docid rank score tag'")
        rows.setdefault(parts[0], []).append((int(parts[3]), -float(parts[4]), parts[2]))
    return {q: [d for *_k, d in sorted(v)] for q, v in rows.items()}


def read_qrels(lines: Iterable[str]) -> dict[str, set[str]]:
    """qid → relevant docids (relevance > 0)."""
    qrels: dict[str, set[str]] = {}
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 4:
            raise ValueError(f"qrels line {n}: expected 'qid 0 docid relevance'")
        if int(parts[3]) > 0:
            qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for i, doc in enumerate(ranked[:k], 1):
        if doc in relevant and doc not in ranked[: i - 1]:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k)


def map_at(run: dict[str, list[str]], qrels: dict[str, set[str]], k: int) -> float:
    if not qrels:
        return 0.0
    return sum(average_precision(run.get(q, []), rel, k) for q, rel in qrels.items()) / len(qrels)


def recall_at(run: dict[str, list[str]], qrels: dict[str, set[str]], k: int) -> float:
    if not qrels:
        return 0.0
    total = 0.0
    for q, rel in qrels.items():
        total += len(set(run.get(q, [])[:k]) & rel) / len(rel)
    return total / len(qrels)
