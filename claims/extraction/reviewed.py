"""Fact-check pages: the claim a page's ClaimReview markup reviews becomes a claim of the article.

A page that carries ClaimReview (``ArticleText.reviews``, read by html.py with the
import parser) states which claim it checked, by whom (``itemReviewed.author``)
and its verdict. Each ``claimReviewed`` becomes one claim with that claimant:

- its span is where the text says it, compared folded (quotes, dashes, case);
- a page that never writes it out gets it as the text's first paragraph, so that
  the claim, like every other, points into the stored text;
- it is always check-worthy (a fact-checker checked it), its reason says by whom and
  with what rating, and what attribution found inside its sentences is its wording,
  not another claim.

The saving service stores the review itself as an external review linked to the claim.
"""

from __future__ import annotations

from dataclasses import replace

from . import claim_types
from .cleaning import fold
from .types import ArticleText, ClaimSpan, ExtractedClaim, Score, Sentence

# Quotes and dashes folded one character for one, so offsets in the folded text are the text's.
_ONE_FOR_ONE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\n": " ",
    }
)


def _fold_in_place(text: str) -> str | None:
    folded = text.translate(_ONE_FOR_ONE).casefold()
    return folded if len(folded) == len(text) else None


def _find(text: str, claim: str) -> tuple[int, int] | None:
    """Where ``claim`` is written in ``text``: exactly, else with other quotes, dashes or case.

    A final full stop may be missing in the text ("... says the council banned cars from May").
    """
    at = text.find(claim)
    if at >= 0:
        return at, at + len(claim)
    folded_text = _fold_in_place(text)
    if folded_text is None:
        return None
    for wording in (claim, claim.rstrip(".!")):
        folded_claim = _fold_in_place(wording)
        if folded_claim and len(folded_claim.split()) >= 3:
            at = folded_text.find(folded_claim)
            if at >= 0:
                return at, at + len(folded_claim)
    return None


def _claim_text(review) -> str:
    return " ".join(review.claim_reviewed.split())


def with_reviewed_claims(article: ArticleText) -> ArticleText:
    """The article with each claimReviewed the text does not write out put first, one paragraph each."""
    missing = []
    for review in article.reviews:
        claim = _claim_text(review)
        if claim and _find(article.text, claim) is None and claim not in missing:
            missing.append(claim)
    if not missing:
        return article
    return replace(article, text="\n\n".join([*missing, article.text]))


def reviewed_spans(
    article: ArticleText, sentence_list: list[Sentence], spans: list[ClaimSpan], *, default_claimant: str
) -> list[ClaimSpan]:
    """``spans`` with one span per review first, over the sentences its claimReviewed covers."""
    added = []
    for review in article.reviews:
        claim = _claim_text(review)
        where = _find(article.text, claim) if claim else None
        if where is None:
            continue
        start, end = where
        while end > start and article.text[end - 1] in ".!":
            end -= 1  # like every claim: the content, not its sentence's stop
        index = next((i for i, s in enumerate(sentence_list) if s.start <= start < s.end), None)
        if index is None:
            continue
        added.append(
            ClaimSpan(
                text=article.text[start:end],
                start=start,
                end=end,
                sentence_index=index,
                claimant=review.claimant or default_claimant,
                claim_type=claim_types.claim_type(
                    claim,
                    sentence=sentence_list[index].text,
                    attributed=bool(review.claimant),
                    claimant=review.claimant,
                ),
            )
        )
    return [*added, *spans]  # first, so that a span attribution found at the same place gives way


def review_of(article: ArticleText, span: ClaimSpan):
    """The review whose claim ``span`` is, or None."""
    wording = fold(span.text).rstrip(".!")
    for review in article.reviews:
        if wording == fold(_claim_text(review)).rstrip(".!"):
            return review
    return None


def reviewed_claim(text: str, span: ClaimSpan, sentence: Sentence, score: Score, review) -> ExtractedClaim:
    """The claim a review checked: check-worthy whatever the model says, the reason naming the review."""
    rating = review.rating_label or (f"{review.rating_value:g}" if review.rating_value is not None else "")
    by = review.publisher_name or "a fact-checker"
    reason = f"reviewed by {by}" + (f": {rating}" if rating else "") + f"; {score.reason}"
    # A claim may run over several sentences: its sentence is all of them.
    sentence_end = max(sentence.end, span.end)
    return ExtractedClaim(
        text=span.text,
        sentence=text[sentence.start : sentence_end],
        start=span.start,
        end=span.end,
        sentence_start=sentence.start,
        sentence_end=sentence_end,
        claimant=span.claimant,
        claim_type=span.claim_type,
        score=min(1.0, max(0.0, float(score.score))),
        reason=reason[:1000],
        checkworthy=True,
        stance=span.stance,
        standalone=span.standalone or span.text,
    )


def outside(claims: list[ExtractedClaim], reviewed: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """``claims`` less those inside a reviewed claim's sentences."""
    return [c for c in claims if not any(r.sentence_start <= c.start and c.end <= r.sentence_end for r in reviewed)]
