"""End to end through a real Celery worker process and the configured broker."""

from __future__ import annotations

import pytest
from conftest import wait_for

from claims.choices import JobStatus
from claims.demo import SAMPLE_ARTICLE
from claims.models import Claim, ExtractionJob
from claims.services import ingest

EMPTY_PAGE = "<html><head><title>Menu</title></head><body><script>var x = 1;</script></body></html>"

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _job_done(pk):
    return lambda: ExtractionJob.objects.get(pk=pk).status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


def test_ingest_is_extracted_by_the_worker(async_tasks):
    job = ingest.article_ingest(text=SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    assert ExtractionJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    wait_for(_job_done(job.pk), worker=async_tasks)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.article is not None and job.claims_created > 5
    assert Claim.objects.filter(article=job.article, text__icontains="tanks are being withdrawn").exists()
    # Delivered again (as after a worker death): nothing new.
    count = Claim.objects.count()
    ingest.job_send(job_id=job.pk)
    second = ingest.article_ingest(text=SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    wait_for(_job_done(second.pk), worker=async_tasks)
    second.refresh_from_db()
    assert second.status == JobStatus.SUCCEEDED
    assert (second.article_id, second.claims_created, Claim.objects.count()) == (job.article_id, 0, count)


def test_failed_job_on_the_worker_is_recorded_and_retry_succeeds_later(async_tasks):
    job = ingest.article_ingest(html=EMPTY_PAGE)
    wait_for(_job_done(job.pk), worker=async_tasks)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error
    ingest.job_retry(job_id=job.pk)
    wait_for(_job_done(job.pk), worker=async_tasks)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1
