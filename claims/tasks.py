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
from django.db import DatabaseError, InterfaceError, close_old_connections, connection

# One import direction: services import this module (to send tasks) at their top; a task imports the
# service it calls inside its body, so loading the tasks never loads the services.

logger = logging.getLogger(__name__)


def extraction_chain(job_id: int):
    """The Celery chain of one article: fetch (I/O, retried on its own) → extract (CPU).

    ``fetch_article`` extracts too once it has the page and then stops the chain; the second
    link runs only when saving failed on a database error (it retries)."""
    return chain(fetch_article.si(job_id), extract_article.si(job_id))


_DATABASE_DOWN = (DatabaseError, InterfaceError)


def _reset_connections() -> None:
    """After a database error the connection may be dead (server restarted): drop it,
    so the next query opens a fresh one. Not inside a transaction (tasks run eagerly in tests)."""
    if not connection.in_atomic_block:
        close_old_connections()


def _retry_or_fail(task, job_id: int, exc: Exception) -> None:
    from .services import ingest

    _reset_connections()
    attempt = task.request.retries + 1
    if attempt >= settings.VERIFY_JOB_MAX_ATTEMPTS:
        try:
            # At the step that failed (a fetch fails while fetching), not the last step reached.
            ingest.job_fail(
                job_id=job_id, reason=f"Gave up after {attempt} attempts: {exc}", step=getattr(exc, "step", None)
            )
        except _DATABASE_DOWN:
            # Still down: the job stays running and the stalled-job requeue fails it later.
            logger.warning("Extraction job %s: could not record giving up", job_id, exc_info=True)
        raise Ignore() from exc  # stop the chain here; the job records why
    # Back to queued, with the reason kept, so the retried task can claim it again.
    # With the database still down, the retried task does it first.
    pending = None
    try:
        ingest.job_requeue_for_retry(job_id=job_id, reason=str(exc))
    except _DATABASE_DOWN:
        _reset_connections()
        pending = str(exc)[:500]
    raise task.retry(
        exc=exc,
        countdown=min(ingest.RETRY_MAX_COUNTDOWN, 5 * 2**task.request.retries),
        kwargs={"requeue_reason": pending},
    ) from exc


@shared_task(bind=True, acks_late=True, max_retries=None)
def fetch_article(self, job_id: int, requeue_reason: str | None = None) -> None:
    """Claim the job and fetch its page; a job not to be extracted stops the chain."""
    from .services import ingest

    try:
        if requeue_reason:
            ingest.job_requeue_for_retry(job_id=job_id, reason=requeue_reason)
        go_on = ingest.job_fetch(job_id=job_id)
    except (ingest.TransientJobError, *_DATABASE_DOWN) as exc:
        _retry_or_fail(self, job_id, exc)
        return
    if not go_on:
        raise Ignore()
    # The page is in hand: extract it now, in this task, instead of sending the article to the
    # back of the queue a second time for the chain's extract message (under a backlog that
    # doubled every article's wait). With the database down the chain's extract_article takes
    # over, with its retries; otherwise the chain stops here.
    try:
        ingest.job_extract(job_id=job_id)
    except _DATABASE_DOWN:
        _reset_connections()
        return
    raise Ignore()


@shared_task(bind=True, acks_late=True, max_retries=3)
def extract_article(self, job_id: int) -> None:
    """Extract and save; only the database can fail transiently here.

    The save is one transaction, so a retry after a database error starts clean.
    """
    from .services import ingest

    try:
        ingest.job_extract(job_id=job_id)
    except _DATABASE_DOWN as exc:
        _reset_connections()
        if self.request.retries >= 2:
            try:
                ingest.job_fail(job_id=job_id, reason=f"Saving failed three times: {exc}")
            except _DATABASE_DOWN:
                logger.warning("Extraction job %s: could not record the failure", job_id, exc_info=True)
            return
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc


@shared_task(acks_late=True)
def requeue_stalled_jobs() -> int:
    """Periodic: re-send jobs whose message or worker was lost, the archiving of evidence whose
    message never reached the broker or was lost, and the matching of saved articles whose
    matching message was lost."""
    from .services import evidence, ingest, matching, notifications

    count = ingest.jobs_requeue_stalled()
    if count:
        logger.warning("Re-enqueued %s stalled extraction jobs", count)
    archives = evidence.archives_resend()
    if archives:
        logger.warning("Re-sent the archiving of %s pieces of evidence", archives)
    rematched = matching.jobs_rematch_pending(older_than_seconds=settings.VERIFY_MATCH_RESEND_SECONDS)
    if rematched:
        logger.warning("Re-sent the matching of %s saved articles", rematched)
    emails = notifications.emails_resend()
    if emails:
        logger.warning("Re-sent %s notification emails", emails)
    return count + archives + rematched + emails


@shared_task(acks_late=True)
def poll_due_feeds() -> int:
    """Periodic: send one poll task per due feed (claimed, so never twice)."""
    from .services import feeds

    due = feeds.feeds_claim_due()
    for feed_id in due:
        poll_feed.delay(feed_id)
    return len(due)


@shared_task(acks_late=True)
def poll_feed(feed_id: int) -> None:
    """Fetch one feed; each new item becomes an extraction job (once)."""
    from .models import Feed
    from .services import feeds

    if not Feed.objects.filter(pk=feed_id).exists():
        logger.warning("Feed %s no longer exists", feed_id)
        return
    feeds.feed_poll(feed_id=feed_id)


@shared_task(bind=True, acks_late=True, max_retries=None)
def archive_evidence(self, evidence_id: int) -> None:
    """Keep a copy of an evidence page; transient failures retry, then it is marked failed."""
    from .services import evidence, ingest

    try:
        evidence.evidence_archive(evidence_id=evidence_id)
    except evidence.TransientArchiveError as exc:
        if self.request.retries + 1 >= settings.VERIFY_JOB_MAX_ATTEMPTS:
            evidence.evidence_archive_failed(
                evidence_id=evidence_id, reason=f"Gave up after {self.request.retries + 1} attempts: {exc}"
            )
            return
        evidence.archive_retry_sent(evidence_id=evidence_id)
        raise self.retry(exc=exc, countdown=min(ingest.RETRY_MAX_COUNTDOWN, 10 * 2**self.request.retries)) from exc


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


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_notification_email(self, notification_id: int) -> None:
    """Email one notification; a failed send retries with backoff, then the row is marked failed."""
    from .services import notifications

    if notifications.email_deliver(notification_id=notification_id) is False:
        if self.request.retries + 1 >= settings.VERIFY_EMAIL_MAX_ATTEMPTS:
            notifications.email_gave_up(notification_id=notification_id)
            return
        raise self.retry(countdown=min(3600, 30 * 2**self.request.retries))


@shared_task(acks_late=True)
def resend_lost_webhooks() -> int:
    """Periodic: re-send webhook deliveries whose message the broker never took or lost."""
    from .services import webhooks

    return webhooks.deliveries_resend(older_than_seconds=settings.VERIFY_WEBHOOK_RESEND_SECONDS)


@shared_task(acks_late=True)
def match_new_claims(job_id: int) -> int:
    """After an extraction job: index its article's new claims and store their matches (a rerun adds nothing)."""
    from .services import matching

    return matching.match_new_claims(job_id=job_id)


@shared_task(acks_late=True)
def index_external_reviews(review_ids: list[int]) -> int:
    """After a ClaimReview import: add the imported reviews to the matching index (a rerun adds nothing)."""
    from .services import match_index

    return match_index.index_add_reviews(review_ids=review_ids)


@shared_task(acks_late=True)
def rebuild_match_index() -> int:
    """Make sure the matching index exists, building it from the database when there is none:
    what ``POST /api/v1/match`` queues when it answers 503 on a first start. Returns its size."""
    from .services import match_index

    return match_index.index_ensure()


# --- Reader requests (issue 26) -------------------------------------------------------------------


@shared_task(bind=True, acks_late=True, max_retries=5)
def match_reader_request(self, request_id: int) -> str | None:
    """Match a reader's request onto the desk (the matching queue: it searches the index)."""
    from .services import requests

    try:
        return requests.request_match(request_id=request_id)
    except _DATABASE_DOWN as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task(bind=True, acks_late=True, max_retries=5)
def answer_requests(self, claim_id: int) -> int:
    """A verdict is out (or corrected): answer the claim's requests, one email per consenting reader
    and public version of the verdict (the answer, then each correction)."""
    from .services import requests

    try:
        return requests.requests_answer(claim_id=claim_id)
    except Exception as exc:  # the mail server or the database: retried; sent ones are not resent
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_request_answer(self, request_id: int) -> int:
    from .services import requests

    try:
        return requests.request_answer_email(request_id=request_id)
    except Exception as exc:
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc


@shared_task(acks_late=True)
def requests_housekeeping() -> int:
    """Periodic: erase readers' emails past the retention period; re-send requests left unmatched;
    answer requests whose claim's verdict is out but whose answer was lost (or sits on a duplicate)."""
    from .services import requests

    requests.requests_resend_unmatched()
    requests.requests_answer_due()
    return requests.requests_purge_contacts()
