"""Second stage: score (query, candidate) pairs with a small logistic regression.

Features are computed from plain strings and vectors (no ORM). The weights are
trained by ``scripts/train_matching.py`` on CheckThat! 2022 2A *train* queries
only and shipped as JSON next to this module; the output is a probability that
the candidate states the same claim as the query, used for the suggest / auto
thresholds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from . import chargrams
from . import text as textmod

MODEL_PATH = Path(__file__).with_name("models") / "reranker.json"
NO_RANK = 60  # rank given to a candidate that one retriever did not return

FEATURES = (
    "bm25",
    "bm25_rel",  # bm25 / best bm25 among the candidates
    "cos_text",
    "cos_title",
    "cos_max",
    "cos_gap",  # best cos_max among the candidates - this one's
    "number_overlap",  # share of the query's numbers found in the candidate
    "query_has_numbers",
    "fuzz_text",  # token-set ratio against the claim
    "fuzz_partial",  # the claim as a substring of the query, fuzzily
    "fuzz_title",
    "char_text",  # character 3-5-gram cosine: typos, compounds, inflections
    "char_title",
    "rr_bm25",  # 1 / (1 + rank) in each retriever
    "rr_dense",
    "token_overlap",  # share of the candidate's words found in the query
)


@dataclass(frozen=True)
class Candidate:
    """One candidate for one query, with everything the features need."""

    text: str  # normalised claim
    title: str  # normalised title ("" if none)
    numbers: frozenset[str]
    bm25: float
    cos_text: float
    cos_title: float
    bm25_rank: int
    dense_rank: int


@dataclass
class Candidates:
    """The candidates of one query, column by column (what the index hands the re-ranker).

    ``overlap`` (the token_overlap feature) and ``char_text`` / ``char_title`` may be
    precomputed by the caller (the index keeps each claim's word ids, and computes the
    character vectors of many queries' candidates at once); they are computed here when None.
    """

    texts: list[str]
    titles: list[str]
    numbers: list[frozenset[str]]
    bm25: np.ndarray
    cos_text: np.ndarray
    cos_title: np.ndarray
    bm25_rank: np.ndarray
    dense_rank: np.ndarray
    overlap: np.ndarray | None = None
    char_text: np.ndarray | None = None
    char_title: np.ndarray | None = None
    cos_titles: np.ndarray | None = None  # the query's title vector to each title's (sameclaim)

    def __len__(self) -> int:
        return len(self.texts)

    @classmethod
    def of(cls, candidates: list[Candidate]) -> Candidates:
        return cls(
            texts=[c.text for c in candidates],
            titles=[c.title for c in candidates],
            numbers=[c.numbers for c in candidates],
            bm25=np.array([c.bm25 for c in candidates], dtype=np.float64),
            cos_text=np.array([c.cos_text for c in candidates], dtype=np.float64),
            cos_title=np.array([c.cos_title for c in candidates], dtype=np.float64),
            bm25_rank=np.array([c.bm25_rank for c in candidates], dtype=np.float64),
            dense_rank=np.array([c.dense_rank for c in candidates], dtype=np.float64),
        )


def char_similarities(queries: list[str], texts: list[list[str]]) -> list[np.ndarray]:
    """For each query, the character n-gram cosine to each of its texts (one vectorisation for all)."""
    return char_similarities_shared([(queries, texts)])[0]


def char_similarities_shared(jobs: list[tuple[list[str], list[list[str]]]]) -> list[list[np.ndarray]]:
    """``char_similarities`` for several (queries, texts) jobs, every distinct string vectorised
    once for all of them (the re-ranker's and the same-claim model's pairs share most strings)."""
    slot: dict[str, int] = {}
    for queries, texts in jobs:
        for string in queries:
            slot.setdefault(string, len(slot))
        for group in texts:
            for string in group:
                slot.setdefault(string, len(slot))
    matrix = chargrams.vectors(list(slot)) if slot else None
    out = []
    for queries, texts in jobs:
        sizes = [len(group) for group in texts]
        if not sum(sizes):
            out.append([np.zeros(0) for _ in texts])
            continue
        # Every (query, text) pair at once: the row-wise dot product of the two rows.
        left = matrix[[slot[t] for group in texts for t in group]]
        right = matrix[[slot[q] for q, size in zip(queries, sizes, strict=True) for _ in range(size)]]
        sims = np.asarray(left.multiply(right).sum(axis=1)).ravel()
        out.append(np.split(sims, np.cumsum(sizes)[:-1]))
    return out


# The costly features (a fuzzy substring search, character n-gram vectors), each within 0..1: a
# caller that only wants candidates above a score can skip them for candidates that cannot get there.
COSTLY = tuple(FEATURES.index(name) for name in ("fuzz_partial", "char_text", "char_title"))


def features(query: str, candidates: list[Candidate] | Candidates) -> np.ndarray:
    """The feature matrix (one row per candidate, columns in ``FEATURES`` order)."""
    if not isinstance(candidates, Candidates):
        candidates = Candidates.of(candidates)
    c = candidates
    out = cheap_features(query, c)
    if not len(c):
        return out
    if c.char_text is None or c.char_title is None:
        n = len(c)
        both = char_similarities([query], [c.texts + c.titles])[0]
        char_text, char_title = both[:n], both[n:]
    else:
        char_text, char_title = c.char_text, c.char_title
    add_costly(query, out, c.texts, char_text, char_title)
    return out


def cheap_features(query: str, c: Candidates) -> np.ndarray:
    """The feature matrix with the ``COSTLY`` columns left at 0 (``add_costly`` fills them in)."""
    n = len(c)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return out
    q_numbers = textmod.numbers(query)
    if c.overlap is None:
        q_tokens = set(textmod.tokens(query))
        overlap = np.empty(n)
        for i in range(n):
            d_tokens = set(textmod.tokens(f"{c.texts[i]} {c.titles[i]}"))
            overlap[i] = len(q_tokens & d_tokens) / (len(d_tokens) or 1)
    else:
        overlap = c.overlap
    cos_max = np.maximum(c.cos_text, c.cos_title)
    with_title = [i for i, title in enumerate(c.titles) if title]
    fuzz_title = np.zeros(n)
    if with_title:
        fuzz_title[with_title] = (
            process.cdist([query], [c.titles[i] for i in with_title], scorer=fuzz.token_set_ratio, dtype=np.float64)[0]
            / 100
        )
    out[:, 0] = c.bm25
    out[:, 1] = c.bm25 / (float(c.bm25.max()) or 1.0)
    out[:, 2] = c.cos_text
    out[:, 3] = c.cos_title
    out[:, 4] = cos_max
    out[:, 5] = cos_max.max() - cos_max
    if q_numbers:
        out[:, 6] = [len(q_numbers & numbers) / len(q_numbers) for numbers in c.numbers]
        out[:, 7] = 1.0
    out[:, 8] = process.cdist([query], c.texts, scorer=fuzz.token_set_ratio, dtype=np.float64)[0] / 100
    out[:, 10] = fuzz_title
    out[:, 13] = 1 / (1 + c.bm25_rank)
    out[:, 14] = 1 / (1 + c.dense_rank)
    out[:, 15] = overlap
    return out


def add_costly(query: str, out: np.ndarray, texts: list[str], char_text: np.ndarray, char_title: np.ndarray) -> None:
    """Fill in the ``COSTLY`` columns of ``out`` (rows: ``texts``) from the character similarities."""
    if not len(texts):
        return
    out[:, COSTLY[0]] = process.cdist(texts, [query], scorer=fuzz.partial_ratio, dtype=np.float64)[:, 0] / 100
    out[:, COSTLY[1]] = char_text
    out[:, COSTLY[2]] = char_title


@dataclass(frozen=True)
class Reranker:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        if not len(matrix):
            return np.zeros(0)
        return _sigmoid(self.logits(matrix))

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        return ((matrix - self.mean) / self.scale) @ self.coef + self.intercept

    def upper_bounds(self, cheap: np.ndarray) -> np.ndarray:
        """The highest probability each row of ``cheap_features`` can reach once its costly
        features (each in 0..1, at 0 in ``cheap``) are known."""
        if not len(cheap):
            return np.zeros(0)
        headroom = sum(max(0.0, self.coef[j] / self.scale[j]) for j in COSTLY)
        return _sigmoid(self.logits(cheap) + headroom)

    def to_json(self, **about) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "mean": self.mean.tolist(),
                "scale": self.scale.tolist(),
                "coef": self.coef.tolist(),
                "intercept": self.intercept,
                **about,
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, raw: str) -> Reranker:
        data = json.loads(raw)
        if tuple(data["features"]) != FEATURES:
            raise ValueError("reranker.json was trained on other features; run scripts/train_matching.py")
        return cls(
            mean=np.array(data["mean"]),
            scale=np.array(data["scale"]),
            coef=np.array(data["coef"]),
            intercept=float(data["intercept"]),
        )


# Used when no trained weights are shipped (never in a release): a fixed fusion
# of the two retrievers, so that the index still ranks sensibly.
_FALLBACK = Reranker(
    mean=np.zeros(len(FEATURES)),
    scale=np.ones(len(FEATURES)),
    coef=np.array([0, 2.0, 0, 0, 6.0, -6.0, 1.0, 0, 0, 0, 0, 1.0, 0, 0, 0, 1.0]),
    intercept=-6.0,
)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


@cache
def default_reranker() -> Reranker:
    if MODEL_PATH.is_file():
        return Reranker.from_json(MODEL_PATH.read_text(encoding="utf-8"))
    return _FALLBACK
