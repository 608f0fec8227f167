"""The matching index: claims in, ranked matches out; incremental and persistent.

Pure (strings, numpy and dataclasses; no ORM). Two retrievers feed one re-ranker:

* BM25 over the normalised claim, title and any context text (``lexical``);
* cosine over sentence embeddings (``encoder``) of the claim and of the title.
  Below ``ann_threshold`` live documents the dense search is exact (one matrix
  product); at and above it, an HNSW graph (usearch) over the mean of the two
  vectors gives the dense candidates, and exact cosines are computed for the
  candidates only.

The union of both candidate lists is scored by ``rerank`` and the best ``k`` are
returned with a probability-like score. ``add`` updates everything in place;
``save``/``load`` persist to a directory; ``rebuild`` starts from scratch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import rerank
from . import text as textmod
from .encoder import Encoder, default_encoder
from .lexical import Bm25Index

ANN_THRESHOLD = 50_000
CANDIDATES = 30  # per retriever
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Document:
    """A claim to be found again: an id, its text, an optional title and context.

    ``context`` (a subtitle, a verdict's headline...) only feeds the lexical index.
    """

    id: str
    text: str
    title: str = ""
    context: str = ""


@dataclass(frozen=True)
class Match:
    id: str
    score: float  # 0..1, the re-ranker's probability that both state the same claim
    rank: int  # 1-based


class IndexFormatError(ValueError):
    """A directory that holds no index, or one written by another version."""


class MatchIndex:
    def __init__(self, *, encoder: Encoder | None = None, ann_threshold: int = ANN_THRESHOLD) -> None:
        self.encoder = encoder or default_encoder()
        self.ann_threshold = ann_threshold
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.titles: list[str] = []
        self.numbers: list[frozenset[str]] = []
        self.row_of: dict[str, int] = {}
        self.bm25 = Bm25Index()
        dim = self.encoder.dim
        self.vec_text = np.zeros((0, dim), dtype=np.float16)
        self.vec_title = np.zeros((0, dim), dtype=np.float16)
        self._mean32: np.ndarray | None = None  # exact-search cache, rows = all rows
        self.ann = None  # usearch.index.Index once the pool is large

    # -- size ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.row_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.row_of

    @property
    def uses_ann(self) -> bool:
        return self.ann is not None

    # -- adding -------------------------------------------------------------------
    def add(self, doc_id: str, text: str, title: str = "", context: str = "") -> None:
        """Add or replace one document."""
        self.add_many([Document(doc_id, text, title, context)])

    def add_many(self, documents: Iterable[Document], *, batch: int = 512) -> None:
        """Add or replace documents (a document whose id is present replaces it)."""
        chunk: list[Document] = []
        for document in documents:
            chunk.append(document)
            if len(chunk) >= batch:
                self._add_chunk(chunk)
                chunk = []
        if chunk:
            self._add_chunk(chunk)
        self.bm25.compact()

    def add_vectors(self, documents: list[Document], vec_text: np.ndarray, vec_title: np.ndarray) -> None:
        """Add documents whose embeddings are already computed (benchmarks, rebuilds)."""
        self._add_chunk(documents, vec_text, vec_title)
        self.bm25.compact()

    def _add_chunk(self, documents: list[Document], vec_text=None, vec_title=None) -> None:
        # The last of several documents with one id wins, as if added one by one.
        texts = [textmod.normalise(d.text) for d in documents]
        titles = [textmod.normalise(d.title) for d in documents]
        if vec_text is None:
            vectors = self.encoder.encode(texts + titles)
            vec_text, vec_title = vectors[: len(texts)], vectors[len(texts) :]
        start = len(self.ids)
        size = start + len(documents)
        self.vec_text = _grow_rows(self.vec_text, size)
        self.vec_title = _grow_rows(self.vec_title, size)
        self.vec_text[start:size] = vec_text
        self.vec_title[start:size] = vec_title
        for offset, document in enumerate(documents):
            row = start + offset
            old = self.row_of.get(document.id)
            if old is not None:
                self._forget(old)
            self.ids.append(str(document.id))
            self.texts.append(texts[offset])
            self.titles.append(titles[offset])
            self.numbers.append(textmod.numbers(f"{texts[offset]} {titles[offset]}"))
            context = textmod.normalise(document.context) if document.context else ""
            self.bm25.add(textmod.tokens(f"{texts[offset]} {titles[offset]} {context}"))
            self.row_of[str(document.id)] = row
        self._mean32 = None
        if self.ann is not None:
            self._ann_add(np.arange(start, size))
        elif len(self.row_of) >= self.ann_threshold:
            self._ann_build()

    def remove(self, doc_id: str) -> bool:
        row = self.row_of.pop(doc_id, None)
        if row is None:
            return False
        self._forget(row)
        return True

    def _forget(self, row: int) -> None:
        self.bm25.remove(row)
        self._mean32 = None
        if self.ann is not None and self.ann.contains(row):
            self.ann.remove(row)

    # -- the dense side -----------------------------------------------------------
    def _mean_vectors(self, rows: np.ndarray) -> np.ndarray:
        mean = self.vec_text[rows].astype(np.float32) + self.vec_title[rows].astype(np.float32)
        norms = np.linalg.norm(mean, axis=1, keepdims=True)
        np.divide(mean, norms, out=mean, where=norms > 0)
        return mean

    def _ann_build(self) -> None:
        from usearch.index import Index

        self.ann = Index(ndim=self.encoder.dim, metric="ip", dtype="i8", connectivity=16,
                         expansion_add=64, expansion_search=64)
        alive = np.array(sorted(self.row_of.values()), dtype=np.int64)
        self._ann_add(alive)

    def _ann_add(self, rows: np.ndarray) -> None:
        rows = np.array([r for r in rows if self.ids[r] in self.row_of and self.row_of[self.ids[r]] == r])
        for start in range(0, len(rows), 50_000):
            part = rows[start : start + 50_000]
            self.ann.add(part.astype(np.uint64), self._mean_vectors(part), threads=2)

    def _dense_candidates(self, query_vec: np.ndarray, k: int) -> np.ndarray:
        n = len(self.ids)
        if not len(self.row_of) or not np.any(query_vec):
            return np.zeros(0, np.int64)
        if self.ann is not None:
            found = self.ann.search(query_vec, k)
            return np.asarray(found.keys, dtype=np.int64)
        if self._mean32 is None or len(self._mean32) != n:
            self._mean32 = self._mean_vectors(np.arange(n))
            dead = np.ones(n, dtype=bool)
            dead[list(self.row_of.values())] = False
            self._mean32[dead] = 0.0
        sims = self._mean32 @ query_vec
        k = min(k, n)
        rows = np.argpartition(-sims, k - 1)[:k]
        rows = rows[np.argsort(-sims[rows], kind="stable")]
        return rows[sims[rows] > 0]

    # -- searching ----------------------------------------------------------------
    def search(self, query: str, k: int = 5, *, exclude: frozenset[str] = frozenset()) -> list[Match]:
        return self.search_many([query], k=k, exclude=exclude)[0]

    def search_many(self, queries: list[str], k: int = 5, *, exclude: frozenset[str] = frozenset()
                    ) -> list[list[Match]]:
        """The ``k`` best matches of each query, best first (fewer if the pool is small).

        Documents in ``exclude`` (the query's own claim, claims of its article) are left out
        before re-ranking, so they do not skew the features relative to the best candidate.
        """
        normalised = [textmod.normalise(q) for q in queries]
        vectors = self.encoder.encode(normalised) if self.row_of else None
        model = rerank.default_reranker()
        results = []
        for i, query in enumerate(normalised):
            if not query or not self.row_of or k <= 0:
                results.append([])
                continue
            results.append(self._search_one(query, vectors[i], k, model, exclude))
        return results

    def search_indexed(self, doc_ids: list[str], k: int = 5, *, exclude: frozenset[str] = frozenset()
                       ) -> list[list[Match]]:
        """``search_many`` for documents already in the index, by id: their stored text and
        vector stand in for the query, so nothing is embedded again (an article's new claims
        are indexed, then each is matched). An id not in the index gets no matches."""
        model = rerank.default_reranker()
        results = []
        for doc_id in doc_ids:
            row = self.row_of.get(doc_id)
            if row is None or k <= 0 or not self.texts[row]:
                results.append([])
                continue
            query_vec = self.vec_text[row].astype(np.float32)
            results.append(self._search_one(self.texts[row], query_vec, k, model, exclude))
        return results

    def candidates(self, query: str, query_vec: np.ndarray, exclude: frozenset[str] = frozenset()
                   ) -> tuple[list[int], list[rerank.Candidate]]:
        """Rows and re-ranker inputs for one normalised query (the union of both retrievers)."""
        bm25_scores = self.bm25.scores(textmod.tokens(query))
        extra = len(exclude)
        bm25_rows, _ = _top(bm25_scores, CANDIDATES + extra)
        dense_rows = self._dense_candidates(query_vec, CANDIDATES + extra)
        if exclude:
            bm25_rows = [r for r in bm25_rows if self.ids[r] not in exclude][:CANDIDATES]
            dense_rows = [r for r in dense_rows if self.ids[r] not in exclude][:CANDIDATES]
        bm25_rank = {int(r): n for n, r in enumerate(bm25_rows)}
        dense_rank = {int(r): n for n, r in enumerate(dense_rows)}
        rows = list(dict.fromkeys([*bm25_rank, *dense_rank]))
        if not rows:
            return [], []
        idx = np.array(rows)
        cos_text = self.vec_text[idx].astype(np.float32) @ query_vec
        cos_title = self.vec_title[idx].astype(np.float32) @ query_vec
        candidates = [
            rerank.Candidate(
                text=self.texts[r],
                title=self.titles[r],
                numbers=self.numbers[r],
                bm25=float(bm25_scores[r]),
                cos_text=float(cos_text[n]),
                # No title: the claim stands in, so that "title" features stay comparable.
                cos_title=float(cos_title[n]) if self.titles[r] else float(cos_text[n]),
                bm25_rank=bm25_rank.get(r, rerank.NO_RANK),
                dense_rank=dense_rank.get(r, rerank.NO_RANK),
            )
            for n, r in enumerate(rows)
        ]
        return rows, candidates

    def _search_one(self, query: str, query_vec: np.ndarray, k: int, model,
                    exclude: frozenset[str] = frozenset()) -> list[Match]:
        rows, candidates = self.candidates(query, query_vec, exclude)
        if not rows:
            return []
        probabilities = model.probabilities(rerank.features(query, candidates))
        order = np.argsort(-probabilities, kind="stable")[:k]
        return [Match(id=self.ids[rows[o]], score=round(float(probabilities[o]), 6), rank=n + 1)
                for n, o in enumerate(order)]

    # -- persistence --------------------------------------------------------------
    def save(self, directory: str | os.PathLike) -> None:
        """Write the index to ``directory`` (created if needed), replacing what was there."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory / "docs.jsonl.tmp"
        with tmp.open("w", encoding="utf-8") as handle:
            for doc_id, text, title in zip(self.ids, self.texts, self.titles, strict=True):
                handle.write(json.dumps([doc_id, text, title], ensure_ascii=False) + "\n")
        n = len(self.ids)
        np.save(directory / "vec_text.npy", self.vec_text[:n])
        np.save(directory / "vec_title.npy", self.vec_title[:n])
        self.bm25.save(directory)
        ann_path = directory / "ann.usearch"
        if self.ann is not None:
            self.ann.save(str(ann_path))
        elif ann_path.exists():
            ann_path.unlink()
        tmp.replace(directory / "docs.jsonl")
        meta = {"version": FORMAT_VERSION, "encoder": self.encoder.name, "dim": self.encoder.dim,
                "documents": len(self.row_of), "rows": n, "ann": self.ann is not None,
                "ann_threshold": self.ann_threshold}
        (directory / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, directory: str | os.PathLike, *, encoder: Encoder | None = None,
             ann_threshold: int | None = None) -> MatchIndex:
        directory = Path(directory)
        meta_path = directory / "meta.json"
        if not meta_path.is_file():
            raise IndexFormatError(f"{directory}: no matching index here")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        index = cls(encoder=encoder, ann_threshold=ann_threshold or meta.get("ann_threshold", ANN_THRESHOLD))
        if meta.get("version") != FORMAT_VERSION or meta.get("encoder") != index.encoder.name:
            raise IndexFormatError(f"{directory}: written by another version or encoder; rebuild it")
        with (directory / "docs.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                doc_id, text, title = json.loads(line)
                index.ids.append(doc_id)
                index.texts.append(text)
                index.titles.append(title)
                index.numbers.append(textmod.numbers(f"{text} {title}"))
        index.vec_text = np.load(directory / "vec_text.npy")
        index.vec_title = np.load(directory / "vec_title.npy")
        index.bm25 = Bm25Index.load(directory)
        alive = index.bm25.alive
        index.row_of = {index.ids[r]: r for r in range(len(index.ids)) if alive[r]}
        if meta.get("ann") and (directory / "ann.usearch").is_file():
            from usearch.index import Index

            index.ann = Index.restore(str(directory / "ann.usearch"))
        elif len(index.row_of) >= index.ann_threshold:
            index._ann_build()
        return index

    @classmethod
    def rebuild(cls, documents: Iterable[Document], *, encoder: Encoder | None = None,
                ann_threshold: int = ANN_THRESHOLD) -> MatchIndex:
        index = cls(encoder=encoder, ann_threshold=ann_threshold)
        index.add_many(documents)
        return index


def _grow_rows(array: np.ndarray, size: int) -> np.ndarray:
    if len(array) >= size:
        return array
    bigger = np.zeros((max(size, 2 * len(array), 64), array.shape[1]), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


def _top(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    from .lexical import _top_positive

    return _top_positive(scores, k)


__all__ = ["ANN_THRESHOLD", "Document", "Match", "MatchIndex", "IndexFormatError"]
