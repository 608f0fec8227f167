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
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

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

_CHARS = HashingVectorizer(
    analyzer="char_wb", ngram_range=(3, 5), n_features=2**20, alternate_sign=False, norm=None
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


def _char_vectors(texts: list[str]):
    matrix = _CHARS.transform(texts)
    matrix.data = np.log1p(matrix.data)
    return normalize(matrix)


def features(query: str, candidates: list[Candidate]) -> np.ndarray:
    """The feature matrix (one row per candidate, columns in ``FEATURES`` order)."""
    n = len(candidates)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return out
    q_numbers = textmod.numbers(query)
    q_tokens = set(textmod.tokens(query))
    chars = _char_vectors([query] + [c.text for c in candidates] + [c.title for c in candidates])
    char_sims = (chars[1:] @ chars[0].T).toarray().ravel()
    best_bm25 = max(c.bm25 for c in candidates) or 1.0
    cos_max = np.array([max(c.cos_text, c.cos_title) for c in candidates])
    best_cos = float(cos_max.max())
    for i, c in enumerate(candidates):
        d_tokens = set(textmod.tokens(f"{c.text} {c.title}"))
        out[i] = (
            c.bm25,
            c.bm25 / best_bm25,
            c.cos_text,
            c.cos_title,
            cos_max[i],
            best_cos - cos_max[i],
            len(q_numbers & c.numbers) / len(q_numbers) if q_numbers else 0.0,
            float(bool(q_numbers)),
            fuzz.token_set_ratio(query, c.text) / 100,
            fuzz.partial_ratio(c.text, query) / 100,
            fuzz.token_set_ratio(query, c.title) / 100 if c.title else 0.0,
            char_sims[i],
            char_sims[n + i],
            1 / (1 + c.bm25_rank),
            1 / (1 + c.dense_rank),
            len(q_tokens & d_tokens) / (len(d_tokens) or 1),
        )
    return out


@dataclass(frozen=True)
class Reranker:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        if not len(matrix):
            return np.zeros(0)
        z = ((matrix - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

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


@cache
def default_reranker() -> Reranker:
    if MODEL_PATH.is_file():
        return Reranker.from_json(MODEL_PATH.read_text(encoding="utf-8"))
    return _FALLBACK
