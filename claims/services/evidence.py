"""Archiving evidence: a copy of each cited page, kept with its hash.

Sources change and vanish; the desk keeps the text it relied on. Pages are
fetched with the SSRF-safe fetcher (same limits as articles).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from verify.exceptions import ApplicationError

from .. import tasks
from ..errors import InvalidTransition
from ..inputs.fetching import fetch_url
from ..models import ClaimEvent, Evidence
from ..permissions import require_permission
from ..selectors.evidence import archive_file_name
from . import ingest
from .ingest import parse_page

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)
MAX_ARCHIVE_CHARS = 1_000_000


class TransientArchiveError(Exception):
    pass


def _store_original(content: bytes, sha256: str) -> None:
    """Keep the page's bytes before the row says "archived", so an archived row always has its file.
    A storage that is unreachable is a transient failure: the task retries."""
    name = archive_file_name(sha256)
    try:
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:  # another worker saved the same bytes meanwhile (a local storage renames)
                default_storage.delete(saved)
    except Exception as exc:  # noqa: BLE001 - any storage failure (disk full, S3 down) is retried
        raise TransientArchiveError(f"Could not store the archived page: {exc}") from exc


def archive_send(*, evidence_id: int) -> bool:
    """Hand the evidence's archiving to the broker; False (logged) when it cannot take it now.

    The evidence row is the outbox: it is committed first (the request answers 201 or 302 either
    way), ``archive_sent_at`` stays empty while the broker is down, and ``archives_resend``
    sends it when the broker is back.
    """
    now = timezone.now()
    Evidence.objects.filter(pk=evidence_id).update(archive_sent_at=now)
    try:
        tasks.archive_evidence.delay(evidence_id)
    except Exception:  # noqa: BLE001 - any broker failure: the row waits, pending, for the re-send
        Evidence.objects.filter(pk=evidence_id, archive_sent_at=now).update(archive_sent_at=None)
        logger.warning("Archiving evidence %s could not be queued; it will be re-sent", evidence_id, exc_info=True)
        return False
    return True


def archive_retry_sent(*, evidence_id: int) -> None:
    """A transient failure: the task's retry message is sent now (it waits out its countdown in a worker)."""
    Evidence.objects.filter(pk=evidence_id, archive_status=Evidence.ArchiveStatus.PENDING).update(
        archive_sent_at=timezone.now()
    )


def archives_resend(*, limit: int = 500) -> int:
    """Re-send the archiving of pending evidence whose message was lost; returns how many were sent.

    The same rule as extraction jobs (``ingest.jobs_requeue_stalled``): never handed to the broker
    and VERIFY_JOB_RESEND_SECONDS old; or handed to it that long ago plus the longest retry countdown,
    and either the queue is empty or a message sent after it was already taken (the queue is
    first in, first out). Evidence behind a long backlog is left alone.
    """
    now = timezone.now()
    resend_before = now - timedelta(seconds=settings.VERIFY_JOB_RESEND_SECONDS)
    retried_before = resend_before - timedelta(seconds=ingest.RETRY_MAX_COUNTDOWN)
    pending = list(
        Evidence.objects.filter(archive_status=Evidence.ArchiveStatus.PENDING)
        .exclude(url="")
        .filter(Q(archive_sent_at__isnull=True, created_at__lt=resend_before) | Q(archive_sent_at__lt=retried_before))
        .order_by("created_at")
        .values_list("pk", "archive_sent_at")[:limit]
    )
    sent = [at for _pk, at in pending if at is not None]
    taken_up_to = ingest.messages_taken_up_to(since=min(sent)) if sent else None
    idle = ingest.broker_idle() if sent else False
    count = 0
    for pk, sent_at in pending:
        lost = sent_at is None or idle or (taken_up_to is not None and sent_at < taken_up_to)
        # Taken with a conditional UPDATE on the row as read: two re-senders never send it twice.
        if (
            lost
            and Evidence.objects.filter(pk=pk, archive_sent_at=sent_at).update(archive_sent_at=now)
            and archive_send(evidence_id=pk)
        ):
            count += 1
    return count


def evidence_archive(*, evidence_id: int) -> Evidence | None:
    """Fetch and keep the evidence page; record why not when it fails for good."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None or not evidence.url or evidence.archive_status == Evidence.ArchiveStatus.ARCHIVED:
        return evidence
    try:
        page = fetch_url(evidence.url)
        parsed = parse_page(page)
        text, title = parsed.text, parsed.title
    except ApplicationError as exc:  # unreachable, not a page we can read, an undeclared charset...
        if getattr(exc, "transient", False):  # FetchError and ExtractionError say whether a retry may help
            raise TransientArchiveError(str(exc)) from exc
        return _failed(evidence, str(exc))
    sha256 = hashlib.sha256(page.content).hexdigest()
    _store_original(page.content, sha256)
    Evidence.objects.filter(pk=evidence.pk).update(
        archive_status=Evidence.ArchiveStatus.ARCHIVED,
        archive_text=text[:MAX_ARCHIVE_CHARS],
        archive_sha256=sha256,
        archive_error="",
        archived_at=timezone.now(),
        title=evidence.title or title[:500],
    )
    evidence.refresh_from_db()
    return evidence


@transaction.atomic
def evidence_archive_retry(*, evidence: Evidence, actor: User) -> Evidence:
    """Archive a piece of evidence again after its archiving failed (the site was down, the page
    moved back): back to pending, an event on the claim, the archiving sent after commit.

    Needs the role that adds evidence. Only a failed archive is retried, taken with a conditional
    UPDATE, so two clicks send it once."""
    require_permission(actor, "review_claim", "retry archiving evidence")
    failed = Evidence.ArchiveStatus.FAILED
    previous_error = evidence.archive_error
    if (
        not Evidence.objects.filter(pk=evidence.pk, archive_status=failed)
        .exclude(url="")
        .update(archive_status=Evidence.ArchiveStatus.PENDING, archive_error="", archive_sent_at=None)
    ):
        evidence.refresh_from_db()
        raise InvalidTransition(
            f"Only evidence whose archiving failed can be archived again; this one is "
            f"{evidence.get_archive_status_display().lower()}.",
            extra={"archive_status": evidence.archive_status},
        )
    ClaimEvent.objects.create(
        claim_id=evidence.claim_id,
        actor=actor,
        kind=ClaimEvent.Kind.ARCHIVE_RETRIED,
        data={"evidence": evidence.pk, "url": evidence.url, "error": previous_error[:500]},
    )
    pk = evidence.pk
    # The row is the outbox: a broker that is down leaves it pending for archives_resend.
    transaction.on_commit(lambda: archive_send(evidence_id=pk))
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
