"""Archiving evidence: a copy of each cited page, kept with its hash.

Sources change and vanish; the desk keeps the text it relied on. Pages are
fetched with the SSRF-safe fetcher (same limits as articles).
"""

from __future__ import annotations

import hashlib
import logging

from django.utils import timezone

from verify.exceptions import ApplicationError

from ..extraction.errors import ExtractionError
from ..fetching import fetch_url
from ..models import Evidence
from .ingest import parse_page

logger = logging.getLogger(__name__)
MAX_ARCHIVE_CHARS = 1_000_000


class TransientArchiveError(Exception):
    pass


def evidence_archive(*, evidence_id: int) -> Evidence | None:
    """Fetch and keep the evidence page; record why not when it fails for good."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None or not evidence.url or evidence.archive_status == Evidence.ArchiveStatus.ARCHIVED:
        return evidence
    try:
        page = fetch_url(evidence.url)
        parsed = parse_page(page)
        text, title = parsed.text, parsed.title
    except ExtractionError as exc:
        if getattr(exc, "transient", False):
            raise TransientArchiveError(str(exc)) from exc
        return _failed(evidence, str(exc))
    except ApplicationError as exc:  # e.g. a page in an undeclared charset
        return _failed(evidence, str(exc))
    Evidence.objects.filter(pk=evidence.pk).update(
        archive_status=Evidence.ArchiveStatus.ARCHIVED,
        archive_text=text[:MAX_ARCHIVE_CHARS],
        archive_sha256=hashlib.sha256(page.content).hexdigest(),
        archive_error="",
        archived_at=timezone.now(),
        title=evidence.title or title[:500],
    )
    evidence.refresh_from_db()
    return evidence


def evidence_archive_failed(*, evidence_id: int, reason: str) -> None:
    Evidence.objects.filter(pk=evidence_id).update(
        archive_status=Evidence.ArchiveStatus.FAILED, archive_error=reason[:500]
    )


def _failed(evidence: Evidence, reason: str) -> Evidence:
    evidence_archive_failed(evidence_id=evidence.pk, reason=reason)
    logger.info("Evidence %s not archived: %s", evidence.pk, reason)
    evidence.refresh_from_db()
    return evidence
