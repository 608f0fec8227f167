"""Article in, claims out: the extraction steps in order.

Pure: strings in, ``ExtractionResult`` out, no database. Each step is one
module of this package, so improving a step never touches the plumbing:

    parse (html.py) → clean (cleaning.py) → segment (sentences.py)
    → find claims and claimants (attribution.py) → score (checkworthiness.py)
    → deduplicate (dedup.py) → queue, order and explain (ranking.py)

``on_step`` is told when each named step is done; the job runner turns that
into progress on the ExtractionJob.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache

from . import attribution, checkworthiness, cleaning, dedup, html, ranking, reviewed, sentences
from .types import ArticleText, ExtractedClaim, ExtractionResult

# Bump when a step changes what it produces: a re-run of an article extracted
# by an older version updates its claims instead of skipping it. The check-worthiness
# model is part of it by its digest: a retrained model re-scores the claims nobody has
# worked on yet, without anyone remembering to bump this. (EXTRACTOR_VERSION, below.)
_STEPS_VERSION = "13"


@lru_cache(maxsize=1)
def _extractor_version() -> str:
    # Read when first asked for, not at import: the model file is megabytes.
    return f"{_STEPS_VERSION}." + hashlib.sha256(checkworthiness.MODEL_PATH.read_bytes()).hexdigest()[:12]


def __getattr__(name: str):
    if name == "EXTRACTOR_VERSION":
        return _extractor_version()
    raise AttributeError(name)


StepCallback = Callable[[str], None]


def _noop(step: str) -> None:
    return None


def parse(*, html_text: str | bytes | None = None, text: str | None = None, url: str = "") -> ArticleText:
    if html_text is not None:
        return html.parse_html(html_text, url=url)
    return html.parse_text(text or "")


def extract(
    article: ArticleText,
    *,
    default_claimant: str,
    threshold: float | None = None,
    cap: int | None = -1,
    on_step: StepCallback = _noop,
) -> ExtractionResult:
    """Run the steps after parsing on an article; every candidate is returned.

    ``threshold``: the desk's, or None for the model's own for the article's genre (news or a
    transcript). ``cap``: the most claims the article may queue (the desk's setting; None or 0
    for no cap; -1, the default, for the model's own default)."""
    article = cleaning.clean(article)
    if article.reviews:
        article = reviewed.with_reviewed_claims(article)
    on_step("cleaned")
    text = article.text
    genre = checkworthiness.genre_of(text)
    threshold = checkworthiness.default_threshold(genre) if threshold is None else threshold
    cap = checkworthiness.DEFAULT_CAP if cap == -1 else cap
    sentence_list = sentences.split_sentences(text)
    on_step("segmented")
    spans = attribution.find_claims(text, sentence_list, default_claimant=default_claimant, published=article.published)
    if article.reviews:
        # A fact-check page's claimReviewed is the claim of its sentences, by its claimant.
        spans = reviewed.reviewed_spans(article, sentence_list, spans, default_claimant=default_claimant)
    # Score the sentence each claim sits in (the classifier learnt whole
    # sentences), each sentence once however many claims it holds.
    indexes = sorted({s.sentence_index for s in spans})
    by_sentence = dict(
        zip(
            indexes,
            checkworthiness.score_sentences([sentence_list[i].text for i in indexes], threshold=threshold, genre=genre),
            strict=True,
        )
    )
    scores = [by_sentence[s.sentence_index] for s in spans]
    on_step("scored")
    claims = []
    reviewed_claims: list[ExtractedClaim] = []
    weighed: dict[int, tuple[str, ...]] = {}  # by a claim's start: the words its score weighed most
    for span, score in zip(spans, scores, strict=True):
        first = sentence_list[span.sentence_index]
        last = sentence_list[span.sentence_index + span.sentences - 1]
        review = reviewed.review_of(article, span) if article.reviews else None
        if review is not None:
            if all((c.start, c.end) != (span.start, span.end) for c in reviewed_claims):
                reviewed_claims.append(reviewed.reviewed_claim(text, span, first, score, review))
            continue
        claims.append(
            ExtractedClaim(
                text=span.text,
                sentence=text[first.start : last.end],
                start=span.start,
                end=span.end,
                sentence_start=first.start,
                sentence_end=last.end,
                claimant=span.claimant,
                claim_type=span.claim_type,
                score=min(1.0, max(0.0, float(score.score))),
                reason=score.reason + ("; the article itself calls it false" if span.judged_false else ""),
                checkworthy=score.score >= threshold,
                stance=span.stance,
                standalone=span.standalone or span.text,
            )
        )
        weighed[span.start] = score.weighed
    unique = ranking.rank(
        dedup.unique_claims(claims), default_claimant=default_claimant, threshold=threshold, cap=cap, weighed=weighed
    )
    if reviewed_claims:
        # The reviewed claim stands for its sentences: what attribution found there is its wording.
        unique = sorted([*reviewed.outside(unique, reviewed_claims), *reviewed_claims], key=lambda c: (c.start, c.end))
    return ExtractionResult(article=article, claims=unique, genre=genre)
