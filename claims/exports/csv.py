"""CSV export of published verdicts, streamed row by row in constant memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from ..models import Claim
from .claimreview import claimreview

COLUMNS = [
    "claim",
    "claimant",
    "rating",
    "rating_value",
    "best_rating",
    "worst_rating",
    "headline",
    "url",
    "appearances",
    "claim_date",
    "published",
    "modified",
    "corrections",
]
# Spreadsheets run cells that start with these as formulas (CSV injection): quote them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def verdict_row(claim: Claim, *, root: str | None = None) -> list[str]:
    """One row of the export, from the same ClaimReview that the public page carries."""
    review = claimreview(claim, root=root)
    rating = review["reviewRating"]
    item = review["itemReviewed"]
    return [
        _safe(v)
        for v in (
            review["claimReviewed"],
            item.get("author", {}).get("name", claim.claimant),
            rating["alternateName"],
            rating.get("ratingValue"),
            rating.get("bestRating"),
            rating.get("worstRating"),
            review["name"],
            review["url"],
            " ".join(a["url"] for a in item.get("appearance", [])),
            item.get("datePublished", ""),
            review["datePublished"],
            review["dateModified"],
            len(review.get("correction", [])),
        )
    ]


def csv_chunks(claims: Iterable[Claim], *, root: str | None = None) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # a BOM, so spreadsheet programs read UTF-8
    for claim in claims:
        yield writer.writerow(verdict_row(claim, root=root))
