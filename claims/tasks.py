"""Celery tasks: thin, take ids, call one service.

Every task may run twice (acks_late, redelivery after a worker dies): the
services they call claim their work with a conditional UPDATE and save
idempotently.
"""

from __future__ import annotations

import logging

from celery import chain, shared_task
from celery.exceptions import Ignore
from django.conf import settings
from django.db import DatabaseError, InterfaceError

from .services import feeds, ingest

logger = logging.getLogger(__name__)


def extraction_chain(job_id: int):
    """The Celery chain of one article: fetch (I/O, retried on its own) → extract (CPU)."""
    return chain(fetch_article.si(job_id), extract_article.si(job_id))


def _retry_or_fail(task, job_id: int, exc: Exception) -> None:
    attempt = task.request.retries + 1
    if attempt >= settings.VERIFY_JOB_MAX_ATTEMPTS:
        ingest.job_fail(job_id=job_id, reason=f"Gave up after {attempt} attempts: {exc}")
        raise Ignore() from exc  # stop the chain here; the job records why
    # Back to queued, with the reason kept, so the retried task can claim it again.
    ingest.job_requeue_for_retry(job_id=job_id, reason=str(exc))
    raise task.retry(exc=exc, countdown=min(300, 5 * 2**task.request.retries)) from exc


@shared_task(bind=True, acks_late=True, max_retries=None)
def fetch_article(self, job_id: int) -> None:
    """Claim the job and fetch its page; a job not to be extracted stops the chain."""
    try:
        go_on = ingest.job_fetch(job_id=job_id)
    except (ingest.TransientJobError, DatabaseError, InterfaceError) as exc:
        _retry_or_fail(self, job_id, exc)
        return
    if not go_on:
        raise Ignore()


@shared_task(bind=True, acks_late=True, max_retries=3)
def extract_article(self, job_id: int) -> None:
    """Extract and save; only the database can fail transiently here."""
    try:
        ingest.job_extract(job_id=job_id)
    except (DatabaseError, InterfaceError) as exc:
        if self.request.retries >= 2:
            ingest.job_fail(job_id=job_id, reason=f"Saving failed three times: {exc}")
            return
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc


@shared_task(acks_late=True)
def requeue_stalled_jobs() -> int:
    """Periodic: re-send jobs whose message or worker was lost."""
    count = ingest.jobs_requeue_stalled()
    if count:
        logger.warning("Re-enqueued %s stalled extraction jobs", count)
    return count


@shared_task(acks_late=True)
def poll_due_feeds() -> int:
    """Periodic: send one poll task per due feed (claimed, so never twice)."""
    due = feeds.feeds_claim_due()
    for feed_id in due:
        poll_feed.delay(feed_id)
    return len(due)


@shared_task(acks_late=True)
def poll_feed(feed_id: int) -> None:
    """Fetch one feed; each new item becomes an extraction job (once)."""
    from .models import Feed

    if not Feed.objects.filter(pk=feed_id).exists():
        logger.warning("Feed %s no longer exists", feed_id)
        return
    feeds.feed_poll(feed_id=feed_id)


@shared_task(bind=True, acks_late=True, max_retries=None)
def archive_evidence(self, evidence_id: int) -> None:
    """Keep a copy of an evidence page; transient failures retry, then it is marked failed."""
    from .services import evidence

    try:
        evidence.evidence_archive(evidence_id=evidence_id)
    except evidence.TransientArchiveError as exc:
        if self.request.retries + 1 >= settings.VERIFY_JOB_MAX_ATTEMPTS:
            evidence.evidence_archive_failed(
                evidence_id=evidence_id, reason=f"Gave up after {self.request.retries + 1} attempts: {exc}")
            return
        raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> None:
    """Deliver one webhook; retry with exponential backoff, then give up and count the failure."""
    from .services import webhooks

    outcome = webhooks.deliver(delivery_id=delivery_id)
    if outcome is False:
        if self.request.retries + 1 >= settings.VERIFY_WEBHOOK_MAX_ATTEMPTS:
            webhooks.delivery_gave_up(delivery_id=delivery_id)
            return
        base = settings.VERIFY_WEBHOOK_RETRY_BASE_SECONDS
        raise self.retry(countdown=min(3600, base * 2**self.request.retries))
