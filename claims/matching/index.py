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

from . import rerank, sameclaim
from . import text as textmod
from .encoder import Encoder, default_encoder
from .lexical import Bm25Index, grow, top_positive

ANN_THRESHOLD = 50_000
# The HNSW graph's vector type. i8 (one byte a dimension) keeps 2A MAP@5 with f32's on the dev split
# and a quarter of its vectors' memory: bench/quantisation.py measures f32, f16 and i8.
ANN_DTYPE = "i8"
ANN_DTYPES = ("f32", "f16", "i8")
ANN_CONNECTIVITY, ANN_EXPANSION_ADD, ANN_EXPANSION_SEARCH = 16, 64, 64
CANDIDATES = 15  # per retriever (30 before: the same MAP@5 on train and dev, 35 % more re-ranking)
FORMAT_VERSION = 2  # 2: desk claims carry their sentence as title (a rebuild)
COMPACT_DELTA = 1_000  # BM25 postings of this many recent documents are merged into the main arrays


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
    score: float  # 0..1, the re-ranker's probability: what orders the candidates of one query
    rank: int  # 1-based
    same: float = 0.0  # 0..1, the calibrated probability that both state the same claim (sameclaim)
    evidence: bool = True  # the pair has the hard evidence the auto tier needs (sameclaim.hard_evidence)


class IndexFormatError(ValueError):
    """A directory that holds no index, or one written by another version."""


class MatchIndex:
    def __init__(
        self, *, encoder: Encoder | None = None, ann_threshold: int = ANN_THRESHOLD, ann_dtype: str = ANN_DTYPE
    ) -> None:
        if ann_dtype not in ANN_DTYPES:
            raise ValueError(f"ann_dtype must be one of {', '.join(ANN_DTYPES)}, not {ann_dtype!r}")
        self.encoder = encoder or default_encoder()
        self.ann_threshold = ann_threshold
        self.ann_dtype = ann_dtype
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.titles: list[str] = []
        self.numbers: list[frozenset[str]] = []
        self.row_of: dict[str, int] = {}
        self.bm25 = Bm25Index()
        dim = self.encoder.dim
        self.vec_text = np.zeros((0, dim), dtype=np.float16)
        self.vec_title = np.zeros((0, dim), dtype=np.float16)
        # Each row's distinct word ids (BM25 vocabulary) in claim + title: the token_overlap feature.
        self.tok_ptr = np.zeros(1, dtype=np.int64)  # row r's ids: tok_ids[tok_ptr[r]:tok_ptr[r + 1]]
        self.tok_ids = np.zeros(0, dtype=np.int32)
        self._mean32: np.ndarray | None = None  # exact search: normalised mean vectors, dead rows 0
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
        self._compact_if_worth_it()

    def add_vectors(self, documents: list[Document], vec_text: np.ndarray, vec_title: np.ndarray) -> None:
        """Add documents whose embeddings are already computed (benchmarks, rebuilds, journal replays)."""
        self._add_chunk(documents, vec_text, vec_title)
        self._compact_if_worth_it()

    def _compact_if_worth_it(self) -> None:
        # Merging BM25's recent postings rewrites all postings: worth it after a bulk add, not for an
        # article's few claims (searches read the small delta as well; it is merged once it grows).
        if self.bm25.delta_documents >= COMPACT_DELTA:
            self.bm25.compact()

    def _add_chunk(self, documents: list[Document], vec_text=None, vec_title=None) -> None:
        # The last of several documents with one id wins, as if added one by one.
        texts = [textmod.normalise(d.text) for d in documents]
        titles = [textmod.normalise(d.title) for d in documents]
        if vec_text is None:
            vec_text, vec_title = _embed(self.encoder, texts, titles)
        start = len(self.ids)
        size = start + len(documents)
        self.vec_text = grow(self.vec_text, size)
        self.vec_title = grow(self.vec_title, size)
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
            words = textmod.tokens(f"{texts[offset]} {titles[offset]}")
            self.bm25.add(words + textmod.tokens(context) if context else words)
            self._add_token_ids(row, words)
            self.row_of[str(document.id)] = row
        if self._mean32 is not None and self.ann is None:  # extend the exact-search matrix in place
            self._mean32 = grow(self._mean32, size)
            self._mean32[start:size] = self._mean_vectors(np.arange(start, size))
            for offset, document in enumerate(documents):  # a later copy of one id in this chunk wins
                if self.row_of[str(document.id)] != start + offset:
                    self._mean32[start + offset] = 0.0
        if self.ann is not None:
            self._ann_add(np.arange(start, size))
        elif len(self.row_of) >= self.ann_threshold:
            self._ann_build()

    def _add_token_ids(self, row: int, words: list[str]) -> None:
        ids = sorted({self.bm25.vocab[w] for w in words})
        self.tok_ptr = grow(self.tok_ptr, row + 2)
        end = int(self.tok_ptr[row])
        self.tok_ids = grow(self.tok_ids, end + len(ids))
        self.tok_ids[end : end + len(ids)] = ids
        self.tok_ptr[row + 1] = end + len(ids)

    def _token_overlap(self, query_words: list[str], rows: np.ndarray) -> np.ndarray:
        """Share of each row's distinct claim + title words that the query has."""
        wanted = np.array(
            sorted({t for t in (self.bm25.vocab.get(w) for w in query_words) if t is not None}), dtype=np.int32
        )
        lo, hi = self.tok_ptr[rows], self.tok_ptr[rows + 1]
        sizes = hi - lo
        out = np.zeros(len(rows))
        if not len(wanted) or not sizes.sum():
            return out
        at = np.repeat(lo - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
        hit = np.isin(self.tok_ids[at], wanted).astype(np.float64)
        owner = np.repeat(np.arange(len(rows)), sizes)
        return np.bincount(owner, weights=hit, minlength=len(rows)) / np.maximum(sizes, 1)

    def remove(self, doc_id: str) -> bool:
        row = self.row_of.pop(doc_id, None)
        if row is None:
            return False
        self._forget(row)
        return True

    def _forget(self, row: int) -> None:
        self.bm25.remove(row)
        if self._mean32 is not None and row < len(self._mean32):
            self._mean32[row] = 0.0
        if self.ann is not None and self.ann.contains(row):
            self.ann.remove(row)

    # -- the dense side -----------------------------------------------------------
    def _mean_vectors(self, rows: np.ndarray) -> np.ndarray:
        mean = self.vec_text[rows].astype(np.float32) + self.vec_title[rows].astype(np.float32)
        norms = np.linalg.norm(mean, axis=1, keepdims=True)
        np.divide(mean, norms, out=mean, where=norms > 0)
        return mean

    def _ann_build(self) -> None:
        # Imported on first use: the HNSW graph exists only above ANN_THRESHOLD claims.
        from usearch.index import Index

        self.ann = Index(
            ndim=self.encoder.dim,
            metric="ip",
            dtype=self.ann_dtype,
            connectivity=ANN_CONNECTIVITY,
            expansion_add=ANN_EXPANSION_ADD,
            expansion_search=ANN_EXPANSION_SEARCH,
        )
        alive = np.array(sorted(self.row_of.values()), dtype=np.int64)
        self._ann_add(alive)

    def _ann_add(self, rows: np.ndarray) -> None:
        rows = np.array([r for r in rows if self.ids[r] in self.row_of and self.row_of[self.ids[r]] == r])
        for start in range(0, len(rows), 50_000):
            part = rows[start : start + 50_000]
            self.ann.add(part.astype(np.uint64), self._mean_vectors(part), threads=2)

    def _dense_candidates(self, query_vecs: np.ndarray, k: int) -> list[np.ndarray]:
        """The ``k`` rows nearest each query vector, best first (one matrix product for all queries)."""
        n = len(self.ids)
        out = [np.zeros(0, np.int64) for _ in query_vecs]
        zero = ~np.any(query_vecs, axis=1) if len(query_vecs) else np.zeros(0, bool)
        live = np.flatnonzero(~zero)
        if not len(self.row_of) or not len(live) or k <= 0:
            return out
        if self.ann is not None:
            for i in live:
                found = self.ann.search(query_vecs[i], k)
                out[i] = np.asarray(found.keys, dtype=np.int64)
            return out
        if self._mean32 is None or len(self._mean32) < n:
            self._mean32 = self._mean_vectors(np.arange(n))
            dead = np.ones(n, dtype=bool)
            dead[list(self.row_of.values())] = False
            self._mean32[dead] = 0.0
        matrix = self._mean32[:n]
        k = min(k, n)
        for start in range(0, len(live), 256):
            part = live[start : start + 256]
            sims = matrix @ np.ascontiguousarray(query_vecs[part].T, dtype=np.float32)
            for j, i in enumerate(part):
                column = sims[:, j]
                rows = np.argpartition(-column, k - 1)[:k]
                rows = rows[np.argsort(-column[rows], kind="stable")]
                out[i] = rows[column[rows] > 0]
        return out

    # -- searching ----------------------------------------------------------------
    def search(self, query: str, k: int = 5, *, exclude: frozenset[str] = frozenset(), title: str = "") -> list[Match]:
        return self.search_many([query], k=k, exclude=exclude, titles=[title])[0]

    def search_many(
        self, queries: list[str], k: int = 5, *, exclude: frozenset[str] = frozenset(), titles: list[str] | None = None
    ) -> list[list[Match]]:
        """The ``k`` best matches of each query, best first (fewer if the pool is small).

        Documents in ``exclude`` (the query's own claim, claims of its article) are left out
        before re-ranking, so they do not skew the features relative to the best candidate.
        ``titles``: each query's own title (a desk claim's sentence), as ``search_indexed`` reads
        it for indexed claims; "" or None: the query stands in for its title.
        """
        normalised = [textmod.normalise(q) for q in queries]
        if not self.row_of or k <= 0:
            return [[] for _ in queries]
        live = [i for i, q in enumerate(normalised) if q]
        own = [textmod.normalise(titles[i]) if titles and titles[i] else "" for i in live]
        vectors = self.encoder.encode([normalised[i] for i in live])
        title_vectors = vectors.copy()
        with_title = [n for n, t in enumerate(own) if t]
        if with_title:
            title_vectors[with_title] = self.encoder.encode([own[n] for n in with_title])
        ranked = self._rank(
            [normalised[i] for i in live],
            vectors,
            k,
            exclude,
            titles=[t or normalised[i] for t, i in zip(own, live, strict=True)],
            title_vectors=title_vectors,
        )
        results: list[list[Match]] = [[] for _ in queries]
        for i, found in zip(live, ranked, strict=True):
            results[i] = found
        return results

    def search_indexed(
        self, doc_ids: list[str], k: int = 5, *, exclude: frozenset[str] = frozenset(), min_same: float = 0.0
    ) -> list[list[Match]]:
        """``search_many`` for documents already in the index, by id: their stored text and
        vector stand in for the query, so nothing is embedded again (an article's new claims
        are indexed, then each is matched). An id not in the index gets no matches.

        ``min_same``: only matches whose same-claim probability is at least this (the desk's
        suggest threshold); the costly features are then skipped for candidates that cannot
        reach it."""
        results: list[list[Match]] = [[] for _ in doc_ids]
        if k <= 0:
            return results
        todo = [(i, self.row_of.get(d)) for i, d in enumerate(doc_ids)]
        todo = [(i, row) for i, row in todo if row is not None and self.texts[row]]
        if not todo:
            return results
        rows = np.array([row for _i, row in todo])
        vectors = self.vec_text[rows].astype(np.float32)
        titles = [self.titles[row] or self.texts[row] for _i, row in todo]
        title_vectors = np.where(
            np.array([bool(self.titles[row]) for _i, row in todo])[:, None],
            self.vec_title[rows].astype(np.float32),
            vectors,
        )
        found = self._rank(
            [self.texts[row] for _i, row in todo],
            vectors,
            k,
            exclude,
            min_same,
            titles=titles,
            title_vectors=title_vectors,
        )
        for (i, _row), matches in zip(todo, found, strict=True):
            results[i] = matches
        return results

    def candidates(
        self,
        query: str,
        query_vec: np.ndarray,
        exclude: frozenset[str] = frozenset(),
        dense_rows: np.ndarray | None = None,
        title_vec: np.ndarray | None = None,
    ) -> tuple[list[int], rerank.Candidates]:
        """Rows and re-ranker inputs for one normalised query (the union of both retrievers).

        ``dense_rows``: the dense retriever's rows for this query when already computed
        (``_rank`` asks for all queries' at once). ``title_vec``: the query's own title vector
        (an indexed claim's sentence), for the titles' cosine; without, the query's vector."""
        words = textmod.tokens(query)
        extra = len(exclude)
        scored_rows, scored = self.bm25.sparse_scores(words)  # the rows with a query word, ascending
        best = top_positive(scored, CANDIDATES + extra)[0]
        bm25_rows = scored_rows[best]
        if dense_rows is None:
            dense_rows = self._dense_candidates(query_vec[None, :], CANDIDATES + extra)[0]
        if exclude:
            bm25_rows = np.array([r for r in bm25_rows if self.ids[r] not in exclude][:CANDIDATES], dtype=np.int64)
            dense_rows = np.array([r for r in dense_rows if self.ids[r] not in exclude][:CANDIDATES], dtype=np.int64)
        rows = list(dict.fromkeys([*bm25_rows.tolist(), *dense_rows.tolist()]))
        if not rows:
            return [], rerank.Candidates.of([])
        idx = np.array(rows)
        n_bm25 = len(bm25_rows)
        bm25_rank = np.full(len(rows), float(rerank.NO_RANK))
        bm25_rank[:n_bm25] = np.arange(n_bm25)
        dense_rank = np.full(len(rows), float(rerank.NO_RANK))
        position = {r: n for n, r in enumerate(rows)}
        dense_rank[[position[r] for r in dense_rows.tolist()]] = np.arange(len(dense_rows))
        cos_text = self.vec_text[idx].astype(np.float32) @ query_vec
        cos_title = self.vec_title[idx].astype(np.float32) @ query_vec
        titles = [self.titles[r] for r in rows]
        # No title: the claim stands in, so that "title" features stay comparable.
        no_title = np.array([not t for t in titles])
        cos_title = np.where(no_title, cos_text, cos_title)
        cos_titles = (
            cos_title
            if title_vec is None
            else np.where(no_title, cos_text, self.vec_title[idx].astype(np.float32) @ title_vec)
        )
        return rows, rerank.Candidates(
            texts=[self.texts[r] for r in rows],
            titles=titles,
            numbers=[self.numbers[r] for r in rows],
            bm25=_lookup(scored_rows, scored, idx),
            cos_text=cos_text.astype(np.float64),
            cos_title=cos_title.astype(np.float64),
            bm25_rank=bm25_rank,
            dense_rank=dense_rank,
            overlap=self._token_overlap(words, idx),
            cos_titles=np.asarray(cos_titles, dtype=np.float64),
        )

    def _rank(
        self,
        queries: list[str],
        vectors: np.ndarray,
        k: int,
        exclude: frozenset[str],
        min_same: float = 0.0,
        *,
        titles: list[str] | None = None,
        title_vectors: np.ndarray | None = None,
    ) -> list[list[Match]]:
        """Retrieve and re-rank normalised queries with their vectors; one character-vector pass for all.

        Each match carries the re-ranker's probability (its order) and the same-claim model's.
        ``titles`` / ``title_vectors``: the queries' own titles (an indexed claim's sentence) and
        their vectors; without, each query stands in for its title. With ``min_same``, only
        matches whose same-claim probability is at least that are returned, and the costly
        features are computed only for candidates whose cheap features leave them a chance.
        """
        model = rerank.default_reranker()
        same_model = sameclaim.default_model()
        titles = titles if titles is not None else queries
        title_vectors = title_vectors if title_vectors is not None else vectors
        dense = self._dense_candidates(vectors, CANDIDATES + len(exclude))
        found = [
            self.candidates(q, v, exclude, d, tv)
            for q, v, d, tv in zip(queries, vectors, dense, title_vectors, strict=True)
        ]
        cheap, extras, kept, frags = [], [], [], []
        for query, title, (_rows, c) in zip(queries, titles, found, strict=True):
            matrix = rerank.cheap_features(query, c)
            extra = sameclaim.extra_features(
                query, c.texts, c.numbers, query_title=title, titles=c.titles, cos_titles=c.cos_titles
            )
            fragment = sameclaim.fragments(query, c.texts)
            keep = (
                np.arange(len(matrix))
                if min_same <= 0
                else np.flatnonzero(
                    (same_model.upper_bounds(sameclaim.features(matrix, extra)) >= min_same - 1e-9) & ~fragment
                )
            )
            cheap.append(matrix[keep])
            extras.append(extra[keep])
            frags.append(fragment[keep])
            kept.append(keep)
        texts = [[c.texts[i] for i in keep] for (_rows, c), keep in zip(found, kept, strict=True)]
        raw_titles = [[c.titles[i] for i in keep] for (_rows, c), keep in zip(found, kept, strict=True)]
        cand_titles = [[c.titles[i] or c.texts[i] for i in keep] for (_rows, c), keep in zip(found, kept, strict=True)]
        sims, title_sims = rerank.char_similarities_shared(
            [(queries, [a + b for a, b in zip(texts, raw_titles, strict=True)]), (titles, cand_titles)]
        )
        results = []
        for query, (rows, _c), keep, matrix, extra, fragment, text, both, between in zip(
            queries, found, kept, cheap, extras, frags, texts, sims, title_sims, strict=True
        ):
            if not len(keep):
                results.append([])
                continue
            n = len(keep)
            rerank.add_costly(query, matrix, text, both[:n], both[n:])
            sameclaim.add_costly(extra, between)
            probabilities = model.probabilities(matrix)
            pairs = sameclaim.features(matrix, extra)
            same = same_model.probabilities(pairs, fragment)
            evidence = same_model.hard_evidence(pairs) & ~fragment
            order = [o for o in np.argsort(-probabilities, kind="stable")[:k] if same[o] >= min_same]
            results.append(
                [
                    Match(
                        id=self.ids[rows[keep[o]]],
                        score=round(float(probabilities[o]), 6),
                        rank=r + 1,
                        same=round(float(same[o]), 6),
                        evidence=bool(evidence[o]),
                    )
                    for r, o in enumerate(order)
                ]
            )
        return results

    def pair_features(
        self,
        query: str,
        vector: np.ndarray,
        exclude: frozenset[str] = frozenset(),
        *,
        title: str | None = None,
        title_vector: np.ndarray | None = None,
    ):
        """Every candidate of one normalised query with its features, exactly as ``_rank`` computes
        them (training and evaluation read these): (rows, the re-ranker's matrix, the same-claim
        model's matrix, which pairs are fragments)."""
        title = title or query
        title_vector = vector if title_vector is None else title_vector
        rows, c = self.candidates(query, vector, exclude, None, title_vector)
        matrix = rerank.features(query, c)
        extra = sameclaim.extra_features(
            query, c.texts, c.numbers, query_title=title, titles=c.titles, cos_titles=c.cos_titles
        )
        if rows:
            sameclaim.add_costly(
                extra, rerank.char_similarities([title], [[t or x for t, x in zip(c.titles, c.texts, strict=True)]])[0]
            )
        return rows, matrix, sameclaim.features(matrix, extra), sameclaim.fragments(query, c.texts)

    def _search_one(
        self, query: str, query_vec: np.ndarray, k: int, exclude: frozenset[str] = frozenset()
    ) -> list[Match]:
        """One normalised query with its vector."""
        return self._rank([query], query_vec[None, :], k, exclude)[0]

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
        np.savez(directory / "tokens.npz", ptr=self.tok_ptr[: n + 1], ids=self.tok_ids[: self.tok_ptr[n]])
        ann_path = directory / "ann.usearch"
        if self.ann is not None:
            self.ann.save(str(ann_path))
        elif ann_path.exists():
            ann_path.unlink()
        tmp.replace(directory / "docs.jsonl")
        meta = {
            "version": FORMAT_VERSION,
            "encoder": self.encoder.name,
            "dim": self.encoder.dim,
            "documents": len(self.row_of),
            "rows": n,
            "ann": self.ann is not None,
            "ann_threshold": self.ann_threshold,
        }
        (directory / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")

    @classmethod
    def load(
        cls, directory: str | os.PathLike, *, encoder: Encoder | None = None, ann_threshold: int | None = None
    ) -> MatchIndex:
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
        if (directory / "tokens.npz").is_file():
            with np.load(directory / "tokens.npz") as data:
                index.tok_ptr, index.tok_ids = data["ptr"], data["ids"]
        else:  # written before the word ids were kept: derive them
            for row, (text, title) in enumerate(zip(index.texts, index.titles, strict=True)):
                index._add_token_ids(row, [w for w in textmod.tokens(f"{text} {title}") if w in index.bm25.vocab])
        if len(index.tok_ptr) < len(index.ids) + 1:
            raise IndexFormatError(f"{directory}: tokens.npz does not match docs.jsonl; rebuild it")
        if meta.get("ann") and (directory / "ann.usearch").is_file():
            from usearch.index import Index  # on first use, as in _ann_build

            index.ann = Index.restore(str(directory / "ann.usearch"))
        elif len(index.row_of) >= index.ann_threshold:
            index._ann_build()
        return index

    @classmethod
    def rebuild(
        cls, documents: Iterable[Document], *, encoder: Encoder | None = None, ann_threshold: int = ANN_THRESHOLD
    ) -> MatchIndex:
        index = cls(encoder=encoder, ann_threshold=ann_threshold)
        index.add_many(documents)
        index.bm25.compact()
        return index


def embed(documents: list[Document], encoder: Encoder | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The claim and title vectors of documents, as ``MatchIndex.add_many`` computes them (for
    callers that embed outside a lock and add with ``add_vectors`` inside it)."""
    return _embed(
        encoder or default_encoder(),
        [textmod.normalise(d.text) for d in documents],
        [textmod.normalise(d.title) for d in documents],
    )


def _embed(encoder: Encoder, texts: list[str], titles: list[str]) -> tuple[np.ndarray, np.ndarray]:
    # Each distinct string embedded once (a desk claim is its own title).
    slot = {t: n for n, t in enumerate(dict.fromkeys(texts + titles))}
    vectors = encoder.encode(list(slot)) if slot else np.zeros((0, encoder.dim), np.float32)
    return vectors[[slot[t] for t in texts]], vectors[[slot[t] for t in titles]]


def _lookup(rows: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``values`` of the ``wanted`` rows (``rows`` ascending), 0.0 for rows not among them."""
    out = np.zeros(len(wanted))
    if len(rows):
        at = np.minimum(np.searchsorted(rows, wanted), len(rows) - 1)
        found = rows[at] == wanted
        out[found] = values[at[found]]
    return out


__all__ = ["ANN_THRESHOLD", "Document", "IndexFormatError", "Match", "MatchIndex", "embed"]
