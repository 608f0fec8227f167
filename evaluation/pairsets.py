"""The desk's matching pair sets: news claims against claims of other articles (make eval, make train).

Labels live in ``evaluation/data/news_pairs/`` (see its README): which articles of
../shared/data/articles/extraction_benchmark belong to which story and topics, and which
sentences of two articles of one story state the same claim, as character offsets into the
page's parsed text (``claims.extraction.html.parse_html``) with a digest of the span — never
the articles' text, which is read from ../shared at run time.

Three pair sets:

* **same story**: each claim of an article of a labelled story against the claims of the
  story's other articles, as the desk's index retrieves them (the union of the BM25 and
  embedding candidates); a pair is *same* when its two sentences were labelled as stating the
  same claim, else *different* (every story was labelled exhaustively);
* **unrelated**: claims against the claims of articles that share no topic with theirs
  (all *different*);
* **imported verdicts**: news claims against the 72 real ClaimReview records of 29
  fact-checkers (``../shared/data/claimreview``; 2020–2023, many languages) as the desk
  indexes imported reviews — the pairs the auto tier acts on; none states a claim of the
  2019 news pages (the sample article, on Ukraine in 2022, is left out), so all *different*;
* **2A**: CheckThat! 2022 2A tweets against the verified claims (``qrels``).

Pure of the database: the pipeline (``claims.extraction``) and the index (``claims.matching``)
run in-process.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
PAGES = SHARED / "articles" / "extraction_benchmark"
SAMPLE = SHARED.parent / "samples" / "nato-no-signs-of-deescalation.txt"
TWO_A = SHARED / "matching" / "clef2022_2a"
REVIEWS = SHARED / "claimreview" / "real_claimreviews.jsonl.gz"
LABELS = ROOT / "evaluation" / "data" / "news_pairs"
SAMPLE_ID = "sample:nato-no-signs-of-deescalation"


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]  # noqa: S324 - a fingerprint, not security


@dataclass
class Article:
    id: str
    parsed: str  # the parsed text the labels' offsets point into
    cleaned: str
    claims: list  # claims.extraction.types.ExtractedClaim
    topics: frozenset[str]
    story: str | None
    split: str


def load_articles() -> dict[str, Article]:
    """Every page of the benchmark (and the sample article) through the extraction pipeline."""
    from claims.extraction import pipeline

    meta = json.loads((LABELS / "articles.json").read_text(encoding="utf-8"))
    urls = json.loads((PAGES / "urls.json").read_text(encoding="utf-8"))
    out = {}
    for article_id, about in meta.items():
        if article_id == SAMPLE_ID:
            parsed = pipeline.parse(text=SAMPLE.read_text(encoding="utf-8"))
        else:
            with gzip.open(PAGES / f"{article_id}.html.gz") as page:
                parsed = pipeline.parse(html_text=page.read(), url=urls.get(article_id, ""))
        result = pipeline.extract(parsed, default_claimant="the outlet")
        out[article_id] = Article(
            article_id,
            parsed.text,
            result.article.text,
            list(result.claims),
            frozenset(about["topics"]),
            about.get("story"),
            about["split"],
        )
    return out


def related(a: Article, b: Article) -> bool:
    """Articles whose topics overlap (or a digest of many topics, ``*``): never counted as unrelated."""
    return "*" in a.topics or "*" in b.topics or bool(a.topics & b.topics)


def _locate(article: Article, anchor: dict) -> tuple[int, int] | None:
    """The labelled sentence's span in the article's cleaned text, or None if cleaning dropped it."""
    start, end = anchor["start"], anchor["end"]
    sentence = article.parsed[start:end]
    if digest(sentence) != anchor["sha1"]:
        return None  # the parser changed: the label no longer points at its sentence
    at = article.cleaned.find(sentence)
    return (at, at + len(sentence)) if at >= 0 else None


@dataclass
class Labels:
    positive: set = field(default_factory=set)  # frozenset({(article, claim index), ...}) pairs
    lost: int = 0  # labelled pairs whose sentence the pipeline no longer has


def load_labels(articles: dict[str, Article]) -> Labels:
    """The adjudicated *same* pairs, as pairs of (article id, index of the claim in its article)."""
    labels = Labels()
    for line in (LABELS / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row["same"]:
            continue
        sides = []
        for anchor in (row["a"], row["b"]):
            article = articles[anchor["article"]]
            span = _locate(article, anchor)
            found = (
                []
                if span is None
                else [
                    n for n, c in enumerate(article.claims) if c.sentence_start < span[1] and span[0] < c.sentence_end
                ]
            )
            sides.append([(article.id, n) for n in found])
        if not sides[0] or not sides[1]:
            labels.lost += 1
            continue
        labels.positive.update(frozenset(p) for p in itertools.product(*sides))
    return labels


@dataclass
class PairSet:
    """Candidate pairs as the index retrieves them, with the same-claim model's features."""

    features: np.ndarray
    same: np.ndarray  # 1 when labelled the same claim
    kind: list[str]  # "story" or "unrelated" (or a 2A split)
    query: list[str]  # an id per query, to group pairs by query
    candidate: list[str]
    order: np.ndarray  # the re-ranker's rank of the candidate among its query's (1 = best)
    fragment: np.ndarray  # pairs the model never matches (a side of under three words): score 0

    def scores(self, model) -> np.ndarray:
        return model.probabilities(self.features, self.fragment)

    def subset(self, mask: np.ndarray) -> PairSet:
        """The pairs where ``mask`` is true."""
        pick = [bool(m) for m in mask]
        return PairSet(
            self.features[mask],
            self.same[mask],
            [k for k, m in zip(self.kind, pick, strict=True) if m],
            [q for q, m in zip(self.query, pick, strict=True) if m],
            [c for c, m in zip(self.candidate, pick, strict=True) if m],
            self.order[mask],
            self.fragment[mask],
        )


def news_pairs(articles: dict[str, Article], labels: Labels, *, split: str, checkworthy_only: bool = True) -> PairSet:
    """Each claim of the split's articles against the split's other articles' claims, as the desk
    indexes them (check-worthy claims, the claim standing in for its title)."""
    from claims.matching.index import Document, MatchIndex

    documents, owner = [], {}
    for article in articles.values():
        if article.split != split:
            continue
        for n, claim in enumerate(article.claims):
            if checkworthy_only and not claim.checkworthy:
                continue
            doc_id = f"{article.id}#{n}"
            # As the desk indexes claims (Claim.match_text): the standalone text, the sentence as title.
            documents.append(Document(doc_id, claim.standalone or claim.text, title=claim.sentence))
            owner[doc_id] = (article, n)
    index = MatchIndex.rebuild(documents)
    by_article: dict[str, list[str]] = {}
    for doc_id, (article, _n) in owner.items():
        by_article.setdefault(article.id, []).append(doc_id)
    rows, same, kind, queries, candidates, order, fragments = [], [], [], [], [], [], []
    for ids in by_article.values():
        exclude = frozenset(ids)
        for doc_id in ids:
            article, n = owner[doc_id]
            feats, found, rank, fragment = _candidate_features(index, doc_id, exclude)
            for j, other_id in enumerate(found):
                other, m = owner[other_id]
                if article.story and article.story == other.story:
                    pair_kind = "story"
                elif not related(article, other):
                    pair_kind = "unrelated"
                else:
                    continue  # same topic, another story: not labelled either way
                rows.append(feats[j])
                same.append(int(frozenset({(article.id, n), (other.id, m)}) in labels.positive))
                kind.append(pair_kind)
                queries.append(doc_id)
                candidates.append(other_id)
                order.append(rank[j])
                fragments.append(bool(fragment[j]))
    return PairSet(
        np.array(rows).reshape(-1, _width()),
        np.array(same),
        kind,
        queries,
        candidates,
        np.array(order),
        np.array(fragments, dtype=bool),
    )


def _width() -> int:
    from claims.matching import sameclaim

    return len(sameclaim.FEATURES)


def _candidate_features(index, doc_id: str, exclude: frozenset[str]):
    """The same-claim features of an indexed document's candidates, as ``search_indexed`` computes
    them (its own text and sentence, their stored vectors), and each candidate's re-ranker rank."""
    row = index.row_of[doc_id]
    return _features_of(
        index,
        index.texts[row],
        index.vec_text[row].astype(np.float32),
        exclude,
        title=index.titles[row],
        title_vector=index.vec_title[row].astype(np.float32),
    )


def _features_of(
    index,
    query: str,
    vector: np.ndarray,
    exclude: frozenset[str] = frozenset(),
    *,
    title: str | None = None,
    title_vector: np.ndarray | None = None,
):
    from claims.matching import rerank

    rows, matrix, feats, fragment = index.pair_features(query, vector, exclude, title=title, title_vector=title_vector)
    if not rows:
        return np.zeros((0, _width())), [], np.zeros(0), np.zeros(0, dtype=bool)
    ranking = rerank.default_reranker().probabilities(matrix)
    rank = np.empty(len(rows))
    rank[np.argsort(-ranking, kind="stable")] = np.arange(1, len(rows) + 1)
    return feats, [index.ids[r] for r in rows], rank, fragment


def two_a_pairs(split: str, index=None):
    """CheckThat! 2022 2A: each tweet of ``split`` against its candidates in the verified-claims pool.
    Returns (PairSet, the index) so that several splits share one index."""
    from claims.matching import text as textmod
    from claims.matching import trec
    from claims.matching.index import MatchIndex
    from claims.matching.pool import read_pool, read_queries

    if index is None:
        index = MatchIndex.rebuild(read_pool(TWO_A / "vclaims.jsonl.gz").documents)
    queries = read_queries(TWO_A / f"{split}_queries.tsv")
    qrels = trec.read_qrels((TWO_A / f"{split}_qrels.tsv").read_text(encoding="utf-8").splitlines())
    normalised = [textmod.normalise(t) for _q, t in queries]
    vectors = index.encoder.encode(normalised)
    rows, same, queries_out, candidates, order, fragments = [], [], [], [], [], []
    for (qid, _t), query, vector in zip(queries, normalised, vectors, strict=True):
        feats, found, rank, fragment = _features_of(index, query, vector)
        relevant = qrels.get(qid, set())
        for j, doc_id in enumerate(found):
            rows.append(feats[j])
            same.append(int(doc_id in relevant))
            queries_out.append(qid)
            candidates.append(doc_id)
            order.append(rank[j])
            fragments.append(bool(fragment[j]))
    pairs = PairSet(
        np.array(rows).reshape(-1, _width()),
        np.array(same),
        [f"2a-{split}"] * len(same),
        queries_out,
        candidates,
        np.array(order),
        np.array(fragments, dtype=bool),
    )
    return pairs, index


def review_pairs(articles: dict[str, Article], *, split: str) -> PairSet:
    """The split's check-worthy news claims against the imported-verdicts index (all *different*)."""
    from claims.imports.claimreview import parse_bytes
    from claims.matching import text as textmod
    from claims.matching.index import Document, MatchIndex

    documents = []
    for n, entry in enumerate(parse_bytes(REVIEWS.read_bytes()).reviews):
        review = entry.review
        documents.append(Document(f"review#{n}", review.claim_reviewed, title=review.headline or review.claim_reviewed))
    index = MatchIndex.rebuild(documents)
    claims = [
        (article.id, n, claim)
        for article in articles.values()
        if article.split == split and article.id != SAMPLE_ID
        for n, claim in enumerate(article.claims)
        if claim.checkworthy
    ]
    texts = [textmod.normalise(c.standalone or c.text) for _a, _n, c in claims]
    titles = [textmod.normalise(c.sentence) or t for (_a, _n, c), t in zip(claims, texts, strict=True)]
    vectors, title_vectors = index.encoder.encode(texts), index.encoder.encode(titles)
    rows, queries, candidates, order, fragments = [], [], [], [], []
    for (article_id, n, _c), text, title, vector, title_vector in zip(
        claims, texts, titles, vectors, title_vectors, strict=True
    ):
        if not text:
            continue
        feats, found, rank, fragment = _features_of(index, text, vector, title=title, title_vector=title_vector)
        for j, doc_id in enumerate(found):
            rows.append(feats[j])
            queries.append(f"{article_id}#{n}")
            candidates.append(doc_id)
            order.append(rank[j])
            fragments.append(bool(fragment[j]))
    return PairSet(
        np.array(rows).reshape(-1, _width()),
        np.zeros(len(rows), dtype=int),
        ["reviews"] * len(rows),
        queries,
        candidates,
        np.array(order),
        np.array(fragments, dtype=bool),
    )


def first_seen(pairs: PairSet) -> np.ndarray:
    """One direction per unordered news pair: the query is the later claim (the desk matches a new
    claim against the claims already there), so each pair counts once."""
    return np.array([q > c for q, c in zip(pairs.query, pairs.candidate, strict=True)], dtype=bool)


@dataclass(frozen=True)
class TierFigures:
    threshold: float
    shown: int  # pairs at or above the threshold
    precision: float
    recall: float  # of the labelled same pairs among the candidates
    top_shown: int  # queries whose best-scored candidate is at or above the threshold
    top_precision: float
    top_recall: float  # of the queries that have a labelled same candidate


def tier_figures(
    scores: np.ndarray, same: np.ndarray, queries: list[str], threshold: float, *, one_per_query: bool = False
) -> TierFigures:
    """The pairs at or above ``threshold``; with ``one_per_query`` only each query's best-scored pair
    counts as shown (the auto tier: one automatic match a claim, ``services.matching.tiers_of``)."""
    best: dict[str, int] = {}
    for n, q in enumerate(queries):
        if q not in best or scores[n] > scores[best[q]]:
            best[q] = n
    shown = scores >= threshold
    if one_per_query:
        shown &= np.isin(np.arange(len(scores)), list(best.values()))
    right = int((shown & (same == 1)).sum())
    positives = int((same == 1).sum())
    with_match = {q for n, q in enumerate(queries) if same[n]}
    top = [n for n in best.values() if scores[n] >= threshold]
    top_right = sum(int(same[n]) for n in top)
    return TierFigures(
        threshold,
        int(shown.sum()),
        right / shown.sum() if shown.sum() else 0.0,
        right / positives if positives else 0.0,
        len(top),
        top_right / len(top) if top else 0.0,
        top_right / len(with_match) if with_match else 0.0,
    )
