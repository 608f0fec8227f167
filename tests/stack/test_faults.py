"""Faults against the real stack: broker down at ingest, a worker killed mid-extraction,
the database restarted mid-run. Nothing accepted is lost, nothing is saved twice.

Each test kills or restarts only processes it started itself (tests/private_stack.py).
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import timedelta

import pytest
from conftest import database_url, wait_for
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from private_stack import (
    PrivatePostgres,
    PrivateRedis,
    Worker,
    migrate,
    postgres_bin,
    run_django,
    stack_env,
)

from claims import tasks
from claims.choices import JobStatus
from claims.demo import SAMPLE_ARTICLE
from claims.extraction import pipeline
from claims.extraction.dedup import fingerprint
from claims.models import Appearance, Article, Claim, ClaimEvent, ExtractionJob
from claims.services import ingest

SAMPLE = SAMPLE_ARTICLE.read_text(encoding="utf-8")
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def single_run_claims(text: str) -> tuple[int, int]:
    """How many claims, and appearances (a claim's near-duplicates add one each), one clean run saves for ``text``."""
    result = pipeline.extract(pipeline.parse(text=text), default_claimant="the article")
    places = {(fingerprint(c.text), p.start) for c in result.claims for p in (c, *c.also_at)}
    return len({fingerprint(c.text) for c in result.claims}), len(places)


def assert_saved_once(job: ExtractionJob, text: str) -> None:
    expected, places = single_run_claims(text)
    assert expected > 3
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert Article.objects.count() == 1
    assert Claim.objects.filter(article=job.article).count() == expected
    assert Appearance.objects.filter(article=job.article).count() == places
    assert ClaimEvent.objects.filter(kind=ClaimEvent.Kind.CREATED).count() == expected


# --- Outbox ------------------------------------------------------------------


@pytest.mark.worker
@committed
def test_broker_down_at_ingest_the_job_waits_queued_and_is_resent_once(async_tasks, settings, tmp_path):
    """The API accepts an article while the broker is unreachable; the beat task sends it later."""
    env = stack_env(
        database_url=database_url(connection.settings_dict),
        var_dir=tmp_path,
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )  # nothing listens on port 1
    accepted = run_django(
        env,
        f"""
import time
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from claims.services.tokens import token_create
user = get_user_model().objects.create_user("outbox", password="x", is_staff=True)
user.groups.add(Group.objects.get(name="checker"))
_token, raw = token_create(user=user, name="outbox", scopes=["read", "ingest"])
started = time.monotonic()
response = Client().post("/api/v1/articles/", {{"text": {SAMPLE!r}}}, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Token {{raw}}")
result = {{"status": response.status_code, "job": response.json().get("id"),
          "seconds": time.monotonic() - started}}
""",
    )
    assert accepted["status"] == 202, accepted
    assert accepted["seconds"] < 10
    job = ExtractionJob.objects.get(pk=accepted["job"])
    assert job.status == JobStatus.QUEUED and job.attempts == 0  # waiting in the database, not lost

    # Not yet due: a job queued less than VERIFY_JOB_RESEND_SECONDS ago is left alone.
    settings.VERIFY_JOB_RESEND_SECONDS = 3600
    assert tasks.requeue_stalled_jobs() == 0
    # The broker is back (the configured one, with the session's worker): the beat task re-sends.
    settings.VERIFY_JOB_RESEND_SECONDS = 0
    assert tasks.requeue_stalled_jobs() == 1
    wait_for(lambda: ExtractionJob.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED, worker=async_tasks)
    job.refresh_from_db()
    assert job.attempts == 1
    assert tasks.requeue_stalled_jobs() == 0  # done: never re-run
    assert_saved_once(job, SAMPLE)


@pytest.mark.django_db
def test_resend_leaves_running_done_and_fresh_jobs_alone(settings, django_capture_on_commit_callbacks):
    settings.VERIFY_JOB_RESEND_SECONDS = 60
    settings.VERIFY_JOB_STALL_SECONDS = 600
    old = timezone.now() - timedelta(seconds=120)
    jobs = {}
    for name, status in [
        ("fresh", JobStatus.QUEUED),
        ("lost", JobStatus.QUEUED),
        ("running", JobStatus.RUNNING),
        ("done", JobStatus.SUCCEEDED),
    ]:
        jobs[name] = ExtractionJob.objects.create(
            source_kind="text", input_content=name, input_hash=name, status=status
        )
    ExtractionJob.objects.exclude(pk=jobs["fresh"].pk).update(updated_at=old)
    sent = []
    settings.CELERY_TASK_ALWAYS_EAGER = True
    original = ingest.job_send
    try:
        ingest.job_send = lambda *, job_id: sent.append(job_id) or True  # record what would go to the broker
        assert ingest.jobs_requeue_stalled() == 1
    finally:
        ingest.job_send = original
    assert sent == [jobs["lost"].pk]
    statuses = dict(ExtractionJob.objects.values_list("input_hash", "status"))
    assert statuses == {"fresh": "queued", "lost": "queued", "running": "running", "done": "succeeded"}


# --- Worker death ------------------------------------------------------------


def _private_broker(tmp_path):
    """Redis of our own when the suite runs on Redis, else the filesystem broker under tmp_path."""
    if not os.environ.get("REDIS_URL"):
        return None, ""
    if shutil.which("redis-server") is None:
        pytest.skip("REDIS_URL is set but redis-server is not installed for a private broker")
    redis = PrivateRedis(tmp_path)
    return redis, redis.url


@pytest.mark.worker
@pytest.mark.slow
@committed
def test_worker_killed_mid_extraction_the_job_completes_once_elsewhere(tmp_path):
    redis, redis_url = _private_broker(tmp_path)
    env = stack_env(
        database_url=database_url(connection.settings_dict),
        var_dir=tmp_path / "var",
        redis_url=redis_url,
        CELERY_BROKER_VISIBILITY_TIMEOUT="3",
        VERIFY_JOB_STALL_SECONDS="3",
    )
    marker = tmp_path / "in-extraction"
    doomed = Worker(env, tmp_path / "doomed.log", name="doomed", slow_clean=60, marker=marker)
    rescuer = None
    try:
        (job_id,) = run_django(
            env, f"from claims.services import ingest\nresult = [ingest.article_ingest(text={SAMPLE!r}).pk]"
        )
        wait_for(marker.exists, timeout=60, worker=doomed)
        job = ExtractionJob.objects.get(pk=job_id)
        assert (job.status, job.step, job.attempts) == (JobStatus.RUNNING, "fetched", 1)

        doomed.kill()  # mid-extraction: the message is unacknowledged, the job says running
        # Past the visibility timeout and the stall limit (3 s) before the rescuer starts:
        # kombu scans for unacknowledged messages on its first tick, then only every tenth.
        time.sleep(3.5)
        rescuer = Worker(env, tmp_path / "rescuer.log", name="rescuer")
        if redis is None:
            # The filesystem transport hands a message out once: it cannot redeliver.
            # The periodic requeue notices the stalled job (no progress for 3 s).
            assert run_django(env, "from claims.services import ingest\nresult = ingest.jobs_requeue_stalled()") == 1
        # Else Redis returns the unacknowledged message after the visibility timeout. Either way the
        # rescuer's fetch_article (which extracts the page it holds) claims the stalled job again.
        wait_for(
            lambda: ExtractionJob.objects.get(pk=job_id).status in (JobStatus.SUCCEEDED, JobStatus.FAILED),
            timeout=60,
            worker=rescuer,
        )
        job.refresh_from_db()
        assert job.attempts == 2
        assert_saved_once(job, SAMPLE)
        assert "claims.tasks.fetch_article[" in rescuer.tail()
    finally:
        doomed.stop()
        if rescuer is not None:
            rescuer.stop()
        if redis is not None:
            redis.stop()


# --- Database restart --------------------------------------------------------


@pytest.mark.worker
@pytest.mark.slow
def test_database_restart_mid_run_jobs_retry_and_finish(tmp_path):
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    pg = PrivatePostgres(tmp_path)
    worker = None
    try:
        env = stack_env(database_url=pg.url, var_dir=tmp_path / "var")
        migrate(env)
        marker = tmp_path / "in-extraction"
        worker = Worker(env, tmp_path / "worker.log", name="db-restart", slow_clean=2, marker=marker)
        texts = [SAMPLE.replace("NATO", f"NATO{i}") for i in range(3)]
        job_ids = run_django(
            env, f"from claims.services import ingest\nresult = [ingest.article_ingest(text=t).pk for t in {texts!r}]"
        )
        wait_for(marker.exists, timeout=60, worker=worker)
        pg.stop("fast")  # terminates the worker's connection mid-job
        time.sleep(1.5)
        pg.start()

        def statuses():
            try:
                with pg.connect() as conn:
                    return dict(conn.execute("SELECT id, status FROM claims_extractionjob").fetchall())
            except Exception:  # noqa: BLE001 - the server may still be starting
                return {}

        wait_for(
            lambda: set(statuses().values()) <= {"succeeded", "failed"} and len(statuses()) == 3,
            timeout=90,
            worker=worker,
        )
        with pg.connect() as conn:
            jobs = conn.execute("SELECT id, status, error, claims_created FROM claims_extractionjob").fetchall()
            assert [status for _id, status, _e, _c in jobs] == ["succeeded"] * 3, jobs
            assert sorted(job_id for job_id, *_ in jobs) == sorted(job_ids)
            claims = conn.execute("SELECT count(*), count(DISTINCT fingerprint) FROM claims_claim").fetchone()
            articles = conn.execute("SELECT count(*) FROM claims_article").fetchone()[0]
        expected = sum(
            1
            for _ in {
                fingerprint(c.text)
                for t in texts
                for c in pipeline.extract(pipeline.parse(text=t), default_claimant="the article").claims
            }
        )
        assert claims == (expected, expected) and articles == 3
        assert sum(created for *_, created in jobs) == expected
        # The restart really hit a job in flight: a task retried, or the chain's extract_article
        # (sent only when saving inside fetch_article failed on the database) took over.
        log = worker.tail()
        assert "Retry in" in log or "claims.tasks.extract_article[" in log
    finally:
        if worker is not None:
            worker.stop()
        pg.close()


FLOODS = (
    "The council said that 2,400 homes were flooded in March, twice as many as last year. "
    "The minister said unemployment fell to 4 percent in the second quarter."
)


@pytest.fixture
def hook_receiver():
    """A webhook receiver on 127.0.0.1 that answers 204 to every POST."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    httpd.shutdown()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_broker_down_after_extraction_fails_nothing_and_loses_no_webhook(users, tmp_path, hook_receiver):
    """The broker dies between a job's start and its save: the follow-up work (matching, webhooks)
    must neither fail the saved job nor vanish: the job stays pending for matching and webhook
    deliveries wait in the database; the beat task re-sends both."""
    from claims.models import WebhookDelivery
    from claims.services import webhooks

    webhooks.webhook_subscribe(owner=users["editor"], target_url=hook_receiver, events=["claim.created"])
    env = stack_env(
        database_url=database_url(connection.settings_dict),
        var_dir=tmp_path,
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )  # nothing listens on port 1
    outcome = run_django(
        env,
        f"""
from claims.models import Claim, ExtractionJob
from claims.services import ingest
job = ingest.article_ingest(text={FLOODS!r})  # its own send fails: it waits queued
ingest.job_run(job_id=job.pk)  # a worker runs it; every follow-up send fails
job.refresh_from_db()
result = {{"status": job.status, "error": job.error, "claims": Claim.objects.filter(article=job.article).count(),
          "job": job.pk, "match_pending": job.match_pending}}
""",
    )
    assert outcome["status"] == JobStatus.SUCCEEDED, outcome["error"]
    assert outcome["claims"] >= 2
    assert outcome["match_pending"]  # its matching never reached the broker: it waits in the job row
    from claims.services import match_index, matching

    assert matching.jobs_rematch_pending(older_than_seconds=3600) == 0  # not yet due
    with override_settings(VERIFY_MATCH_INDEX_DIR=tmp_path / "match-index"):
        assert matching.jobs_rematch_pending(older_than_seconds=0) == 1  # sent (inline here) and done
        assert not ExtractionJob.objects.get(pk=outcome["job"]).match_pending
        assert matching.jobs_rematch_pending(older_than_seconds=0) == 0  # matched: never again
        checkworthy = Claim.objects.filter(article__jobs=outcome["job"], checkworthy=True)
        index = match_index.current_index()
        assert checkworthy.exists() and all(f"claim:{pk}" in index for pk in checkworthy.values_list("pk", flat=True))
    pending = WebhookDelivery.objects.filter(event="claim.created")
    assert pending.count() == outcome["claims"]  # one per new claim, none lost
    assert {(d.status, d.attempts) for d in pending} == {("pending", 0)}
    # The broker is back: the beat task sends what it never took, once.
    assert webhooks.deliveries_resend(older_than_seconds=3600) == 0  # not yet due
    assert webhooks.deliveries_resend(older_than_seconds=0) == outcome["claims"]
    assert {(d.status, d.attempts) for d in WebhookDelivery.objects.all()} == {("succeeded", 1)}
    assert webhooks.deliveries_resend(older_than_seconds=0) == 0  # delivered: never again
