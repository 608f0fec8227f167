"""BM25 over an inverted index that grows one document at a time.

Pure numpy. Documents are appended with ``add`` (tokens in, a row number out);
postings of recent additions sit in a small in-memory delta that is merged into
the compact CSC-like arrays by ``compact`` (called automatically once the delta
is large, and before saving). Scores use the corpus statistics of the moment,
so adding documents changes idf and average length as a rebuild would.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

K1 = 1.2
B = 0.75
_COMPACT_AFTER = 20_000  # delta postings merged once this many documents wait in it


class Bm25Index:
    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.indptr = np.zeros(1, dtype=np.int64)  # term t's postings: [indptr[t], indptr[t+1])
        self.doc_ids = np.zeros(0, dtype=np.int32)
        self.tfs = np.zeros(0, dtype=np.float32)
        self.df = np.zeros(0, dtype=np.int64)
        self.doc_len = np.zeros(0, dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self.n_docs = 0
        self._delta: dict[int, tuple[list[int], list[float]]] = {}
        self._delta_docs = 0
        self._norm: np.ndarray | None = None  # length normalisation per row, for the current statistics

    # -- building ---------------------------------------------------------------
    def add(self, tokens: list[str]) -> int:
        """Append one document; return its row number."""
        row = self.n_docs
        counts = Counter(tokens)
        for token, tf in counts.items():
            term = self.vocab.get(token)
            if term is None:
                term = self.vocab[token] = len(self.vocab)
            docs, tfs = self._delta.setdefault(term, ([], []))
            docs.append(row)
            tfs.append(float(tf))
        if len(self.vocab) > len(self.df):
            self.df = np.concatenate([self.df, np.zeros(len(self.vocab) - len(self.df), np.int64)])
        if counts:
            self.df[[self.vocab[t] for t in counts]] += 1
        self.doc_len = grow(self.doc_len, row + 1)
        self.doc_len[row] = sum(counts.values())
        self.alive = grow(self.alive, row + 1)
        self.alive[row] = True
        self.n_docs += 1
        self._delta_docs += 1
        self._norm = None
        if self._delta_docs >= _COMPACT_AFTER:
            self.compact()
        return row

    def add_many(self, token_lists: list[list[str]]) -> None:
        for tokens in token_lists:
            self.add(tokens)
        self.compact()

    @property
    def delta_documents(self) -> int:
        """Documents added since the last ``compact``."""
        return self._delta_docs

    def remove(self, row: int) -> None:
        """Tombstone a row: it is never returned again (its statistics stay until a rebuild)."""
        if 0 <= row < self.n_docs:
            self.alive[row] = False

    def compact(self) -> None:
        """Merge the delta postings into the compact arrays."""
        if not self._delta:
            self._delta_docs = 0
            return
        n_terms = len(self.vocab)
        old_counts = np.diff(self.indptr)
        old_counts = np.concatenate([old_counts, np.zeros(n_terms - len(old_counts), np.int64)])
        new_counts = np.zeros(n_terms, dtype=np.int64)
        for term, (docs, _tfs) in self._delta.items():
            new_counts[term] = len(docs)
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(old_counts + new_counts, out=indptr[1:])
        doc_ids = np.empty(indptr[-1], dtype=np.int32)
        tfs = np.empty(indptr[-1], dtype=np.float32)
        # Old postings keep their order and go first in each term's new slice.
        old_terms = np.repeat(np.arange(len(old_counts)), old_counts)
        old_pos = np.arange(len(self.doc_ids)) - np.repeat(self.indptr[:-1], np.diff(self.indptr))
        target = indptr[old_terms] + old_pos
        doc_ids[target] = self.doc_ids
        tfs[target] = self.tfs
        for term, (docs, dtfs) in self._delta.items():
            start = indptr[term] + old_counts[term]
            doc_ids[start : start + len(docs)] = docs
            tfs[start : start + len(docs)] = dtfs
        self.indptr, self.doc_ids, self.tfs = indptr, doc_ids, tfs
        self._delta = {}
        self._delta_docs = 0

    # -- searching --------------------------------------------------------------
    def _norms(self) -> np.ndarray:
        """Each row's length normalisation, k1 * (1 - b + b * len / avg len), kept until a row is added."""
        if self._norm is None or len(self._norm) != self.n_docs:
            doc_len = self.doc_len[: self.n_docs]
            avg = float(doc_len.mean()) or 1.0
            self._norm = (K1 * (1 - B + B * doc_len / avg)).astype(np.float32)
        return self._norm

    def sparse_scores(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The live rows with a positive BM25 score for a query (ascending) and their scores.

        Only the query terms' postings are read: the cost follows them, not the pool's size.
        Each distinct query term counts once.
        """
        empty = np.zeros(0, np.int64), np.zeros(0, np.float32)
        if not self.n_docs:
            return empty
        norm = self._norms()
        docs_parts, score_parts = [], []
        for token in set(tokens):
            term = self.vocab.get(token)
            if term is None:
                continue
            idf = np.float32(np.log1p((self.n_docs - self.df[term] + 0.5) / (self.df[term] + 0.5)))
            parts = []
            if term + 1 < len(self.indptr):
                lo, hi = self.indptr[term], self.indptr[term + 1]
                parts.append((self.doc_ids[lo:hi], self.tfs[lo:hi]))
            if term in self._delta:
                docs, tfs = self._delta[term]
                parts.append((np.asarray(docs, np.int32), np.asarray(tfs, np.float32)))
            for docs, tfs in parts:
                docs_parts.append(docs)
                score_parts.append(idf * tfs * np.float32(K1 + 1) / (tfs + norm[docs]))
        if not docs_parts:
            return empty
        docs = np.concatenate(docs_parts)
        contributions = np.concatenate(score_parts)
        if len(docs) * 8 < self.n_docs:  # few postings: sort them rather than sweep every row
            rows, inverse = np.unique(docs, return_inverse=True)
            totals = np.bincount(inverse, weights=contributions, minlength=len(rows))
        else:
            full = np.bincount(docs, weights=contributions, minlength=self.n_docs)
            rows = np.flatnonzero(full)
            totals = full[rows]
        live = self.alive[rows]
        return rows[live].astype(np.int64), totals[live].astype(np.float32)

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every row for a query (0 for rows without a query term, and removed rows)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        rows, totals = self.sparse_scores(tokens)
        out[rows] = totals
        return out

    def top(self, tokens: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and scores of the ``k`` best rows with a positive score, best first."""
        scores = self.scores(tokens)
        return top_positive(scores, k)

    # -- persistence ------------------------------------------------------------
    def save(self, directory: Path) -> None:
        self.compact()
        np.savez(
            directory / "bm25.npz",
            indptr=self.indptr,
            doc_ids=self.doc_ids,
            tfs=self.tfs,
            df=self.df,
            doc_len=self.doc_len[: self.n_docs],
            alive=self.alive[: self.n_docs],
        )
        terms = [""] * len(self.vocab)
        for token, term in self.vocab.items():
            terms[term] = token
        (directory / "bm25_vocab.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Bm25Index:
        index = cls()
        with np.load(directory / "bm25.npz") as data:
            index.indptr = data["indptr"]
            index.doc_ids = data["doc_ids"]
            index.tfs = data["tfs"]
            index.df = data["df"]
            index.doc_len = data["doc_len"]
            index.alive = data["alive"]
        terms = json.loads((directory / "bm25_vocab.json").read_text(encoding="utf-8"))
        index.vocab = {token: i for i, token in enumerate(terms)}
        index.n_docs = len(index.doc_len)
        return index


def grow(array: np.ndarray, size: int) -> np.ndarray:
    """``array`` with room for ``size`` items or rows (zeros beyond the old end), doubling to amortise."""
    if len(array) >= size:
        return array
    bigger = np.zeros((max(size, 2 * len(array), 64), *array.shape[1:]), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


def top_positive(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    if k <= 0 or not len(scores):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    k = min(k, len(scores))
    rows = np.argpartition(-scores, k - 1)[:k]
    rows = rows[np.argsort(-scores[rows], kind="stable")]
    keep = scores[rows] > 0
    return rows[keep], scores[rows][keep]
