"""Celery tasks: thin, take ids, call one service.

Every task may run twice (acks_late, redelivery after a worker dies): the
services they call claim their work with a conditional UPDATE and save
idempotently.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError

from .services import ingest

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def run_extraction_job(self, job_id: int) -> None:
    """Run one extraction job; transient failures retry with backoff, then fail the job."""
    try:
        ingest.job_run(job_id=job_id)
    except (ingest.TransientJobError, DatabaseError, InterfaceError) as exc:
        attempt = self.request.retries + 1
        if attempt >= settings.VERIFY_JOB_MAX_ATTEMPTS:
            ingest.job_fail(job_id=job_id, reason=f"Gave up after {attempt} attempts: {exc}")
            return
        # The job goes back to `queued` so the retried task can claim it again.
        ingest.job_requeue_for_retry(job_id=job_id, reason=str(exc))
        raise self.retry(exc=exc, countdown=min(300, 5 * 2 ** self.request.retries)) from exc


@shared_task(acks_late=True)
def requeue_stalled_jobs() -> int:
    """Periodic: re-send jobs whose message or worker was lost."""
    count = ingest.jobs_requeue_stalled()
    if count:
        logger.warning("Re-enqueued %s stalled extraction jobs", count)
    return count
