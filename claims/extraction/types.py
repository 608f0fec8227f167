"""Plain data passed between the extraction steps.

extraction/ is pure: strings and these dataclasses in, dataclasses out, no ORM.
Offsets are Python string indices (code points) into ``ArticleText.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..imports.claimreview import ParsedReview


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article's text and metadata after parsing (and, later, cleaning)."""

    text: str
    title: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    site_name: str = ""
    canonical_url: str = ""
    language: str = ""
    # Lines the page's own structure marks as no part of the story (photo captions,
    # subheads), folded as cleaning.fold() does; cleaning drops them from the text.
    furniture: frozenset[str] = frozenset()
    # The page's own ClaimReview markup (a fact-check page): each review's claimReviewed
    # becomes a claim, and the saving service stores the review's verdict.
    reviews: tuple[ParsedReview, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == article_text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A candidate claim inside one sentence.

    ``text == article_text[start:end]``; ``sentence_index`` points into the
    sentence list the span was found in. ``claim_type`` is a ``ClaimType`` value
    (see claims/choices.py). ``stance`` is "asserts", or "denies" when the
    claimant denies, disputes, rejects, dismisses or refutes the content (the
    claim is then the content's negation). ``standalone`` reads on its own out of
    the article: pronouns and relative dates resolved, negation and hedges kept,
    the claimant not repeated (it is the exact span when nothing needed resolving).
    """

    text: str
    start: int
    end: int
    sentence_index: int
    claimant: str
    claim_type: str
    stance: str = "asserts"
    standalone: str = ""
    sentences: int = 1  # how many sentences, from ``sentence_index`` on, the span runs over
    judged_false: bool = False  # the article itself calls it false ("falsely claimed that ...")


@dataclass(frozen=True, slots=True)
class Score:
    """A check-worthiness score in 0..1 and the reason a checker can read."""

    score: float
    reason: str
    weighed: tuple[str, ...] = ()  # the words that weighed most towards the verdict, strongest first


@dataclass(frozen=True, slots=True)
class Placement:
    """Another place in the same article where a claim is made (headline, caption, pull quote).

    Offsets as in ``ExtractedClaim``: ``text == article_text[start:end]``.
    """

    text: str
    sentence: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    claimant: str


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """A claim as the pipeline hands it to the saving service.

    ``also_at``: the claim's other appearances in the same article (its near-duplicates
    in the headline, lede, captions or pull quotes), in text order.
    """

    text: str
    sentence: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    claimant: str
    claim_type: str
    score: float
    reason: str
    checkworthy: bool
    stance: str = "asserts"
    standalone: str = ""
    also_at: tuple[Placement, ...] = ()
    priority: float = 0.0  # the queue's order, higher first (ranking.py)


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    article: ArticleText
    claims: list[ExtractedClaim] = field(default_factory=list)
    genre: str = "news"  # "news" or "transcript": which model scored it (checkworthiness.genre_of)
