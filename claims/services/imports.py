"""Importing other fact-checkers' ClaimReview into ExternalReview rows.

``claimreview_import`` takes bytes (a file or a fetched page: JSON-LD,
DataFeed, HTML, JSON Lines, gzip) or an already-decoded JSON value (an API
body), reads it with the pure parser in claims.imports.claimreview and saves
each review by its URL:

- a URL not seen before is **imported**;
- a URL seen before with the same content hash is **unchanged** (nothing is
  written, so importing the same file twice changes nothing);
- a URL seen before with another content hash is **updated**;
- a record that cannot be understood is **rejected** with its position and
  reason. A URL repeated within one input keeps its first record: an
  identical repeat counts as unchanged, a different one is rejected.

Rows are written in chunks, each in its own transaction, so a huge feed
holds no long lock; a rerun after a failure resumes idempotently.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction

from ..errors import InvalidInput
from ..imports.claimreview import ParsedDocument, ParsedReview, parse_bytes, parse_json
from ..inputs.fetching import FetchError, fetch_url
from ..models import ExternalReview
from ..permissions import require_permission
from . import match_index

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)

CHUNK = 500
# What a ClaimReview source may be served as; the body is sniffed, not trusted by type.
IMPORT_TYPES = (
    "application/ld+json",
    "application/json",
    "text/json",
    "application/x-ndjson",
    "application/jsonl",
    "application/jsonlines",
    "application/x-jsonlines",
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
)


def import_max_bytes() -> int:
    """Imports read feeds, which are larger than articles: VERIFY_MAX_INPUT_BYTES, but at least 100 MB."""
    return max(settings.VERIFY_MAX_INPUT_BYTES, 100 * 1024 * 1024)


FIELDS = (
    "publisher_name",
    "publisher_url",
    "claim_reviewed",
    "claimant",
    "claim_date",
    "appearances",
    "rating_label",
    "rating_value",
    "rating_best",
    "rating_worst",
    "normalised_rating",
    "headline",
    "language",
    "date_published",
    "date_modified",
    "raw",
    "content_hash",
)


class ImportSourceError(InvalidInput):
    """The source could not be read (unreachable URL, refused address, wrong type, too large)."""


@dataclass(frozen=True)
class Rejection:
    index: int
    where: str
    reason: str


@dataclass
class ImportReport:
    source: str
    kind: str = ""
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """The report's last line; scripts read it."""
        return f"imported {self.imported}, updated {self.updated}, rejected {len(self.rejected)}"


def claimreview_import(
    *,
    payload: bytes | object,
    source: str,
    actor: User | None = None,
    base_url: str | None = None,
    encoding: str | None = None,
) -> ImportReport:
    """Import every ClaimReview in ``payload``; raise InvalidInput if none can be found at all.

    ``actor`` None is a trusted operator (the management command); a user
    needs the editor role (``publish_verdict``: whoever may publish our
    verdicts may bring in others'). ``base_url`` is where the document came
    from: relative URLs in it resolve against it.
    """
    if actor is not None:
        require_permission(actor, "publish_verdict", "import other fact-checkers' ClaimReview")
    if isinstance(payload, bytes):
        document = parse_bytes(payload, base_url=base_url, max_bytes=import_max_bytes(), encoding=encoding)
    else:
        document = parse_json(payload, base_url=base_url)
    report = claimreview_save(document=document, source=source)
    logger.info("ClaimReview import from %s: %s, unchanged %s", source, report.summary, report.unchanged)
    return report


def claimreview_import_url(*, url: str, actor: User | None = None) -> ImportReport:
    """Fetch ``url`` with the SSRF-safe fetcher and import it; relative URLs resolve against where it ended up."""
    try:
        page = fetch_url(url, max_bytes=import_max_bytes(), accept=IMPORT_TYPES)
    except FetchError as exc:
        raise ImportSourceError(f"Could not fetch {url}: {exc}") from exc
    return claimreview_import(
        payload=page.content, source=url, actor=actor, base_url=page.final_url, encoding=page.encoding
    )


def claimreview_save(*, document: ParsedDocument, source: str) -> ImportReport:
    """Save a parsed document's reviews by URL (see the module docstring for the counts)."""
    report = ImportReport(source=source, kind=document.kind)
    seen: dict[str, tuple[int, str]] = {}  # url -> (index, content hash) of its first record here
    pending: list[ParsedReview] = []
    for entry in document.entries:
        review = entry.review
        if review is None:
            report.rejected.append(Rejection(entry.index, entry.where, entry.reason))
            continue
        first = seen.get(review.url)
        if first is None:
            seen[review.url] = (entry.index, review.content_hash)
            pending.append(review)
        elif first[1] == review.content_hash:
            report.unchanged += 1
        else:
            report.rejected.append(
                Rejection(
                    entry.index,
                    entry.where,
                    f"record {first[0]} earlier in this input has the same url ({review.url}) and other "
                    "content; the first is kept",
                )
            )
    for start in range(0, len(pending), CHUNK):
        _save_chunk(pending[start : start + CHUNK], source=source, report=report)
    report.rejected.sort(key=lambda r: r.index)
    return report


@transaction.atomic
def _save_chunk(reviews: list[ParsedReview], *, source: str, report: ImportReport) -> None:
    existing = {r.url: r for r in ExternalReview.objects.filter(url__in=[r.url for r in reviews])}
    changed: list[int] = []
    for review in reviews:
        row = existing.get(review.url)
        if row is None:
            try:
                # A savepoint: a concurrent import of the same URL loses the race cleanly.
                with transaction.atomic():
                    row = ExternalReview.objects.create(url=review.url, source=source[:2000], **_values(review))
            except IntegrityError:
                row = ExternalReview.objects.get(url=review.url)
            else:
                report.imported += 1
                changed.append(row.pk)
                continue
        if row.content_hash == review.content_hash:
            report.unchanged += 1
            continue
        for name, value in _values(review).items():
            setattr(row, name, value)
        row.source = source[:2000]
        row.save()
        report.updated += 1
        changed.append(row.pk)
    match_index.reviews_imported(review_ids=changed)  # indexed for matching after commit


def _values(review: ParsedReview) -> dict:
    values = {name: getattr(review, name) for name in FIELDS}
    values["appearances"] = list(review.appearances)
    return values
