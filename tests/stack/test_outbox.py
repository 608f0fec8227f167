"""The outboxes against a real broker: evidence archiving survives a broker that is down, and the
periodic re-send never mistakes a long backlog for lost messages.

Each test talks to a broker of its own (tests/private_stack.py): a redis-server when the suite runs
on Redis, else the filesystem transport under tmp_path; nothing consumes it, so a message sent is a
message waiting, exactly as behind a long backlog.
"""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import database_url
from django.db import connection
from factories import claim_in_state
from private_stack import PrivateRedis, run_django, stack_env

from claims import tasks
from claims.models import ClaimEvent, Evidence

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def page(local_site):
    report = (
        200,
        "text/html; charset=utf-8",
        (
            b"<html><head><title>Border report</title></head><body><article><p>Satellite images taken on 15 "
            b"February show 40 more tanks near the border than a week earlier.</p></article></body></html>"
        ),
    )
    return local_site(lambda path: report if path.startswith("/report") else None) + "/report"


@committed
def test_broker_down_evidence_is_saved_once_answered_201_and_archived_when_it_is_back(users, tmp_path, page, settings):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    env = stack_env(
        database_url=database_url(connection.settings_dict),
        var_dir=tmp_path,
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )  # nothing listens on port 1
    answered = run_django(
        env,
        f"""
import time
from django.contrib.auth import get_user_model
from django.test import Client
from claims.services.tokens import token_create
checker = get_user_model().objects.get(username="chris")
_token, raw = token_create(user=checker, name="outbox", scopes=["read", "review"])
started = time.monotonic()
api = Client().post("/api/v1/claims/{claim.pk}/evidence/", {{"url": "{page}", "source_kind": "document",
                    "stance": "refutes"}}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {{raw}}")
desk = Client()
desk.force_login(checker)
form = desk.post("/claims/{claim.pk}/evidence/", {{"url": "{page}?desk", "source_kind": "document",
                 "stance": "context"}})
result = {{"api": api.status_code, "desk": form.status_code, "seconds": time.monotonic() - started}}
""",
    )
    assert answered == {"api": 201, "desk": 302, "seconds": answered["seconds"]}, answered
    assert answered["seconds"] < 10
    rows = list(Evidence.objects.filter(claim=claim).order_by("pk"))
    assert [(e.archive_status, e.archive_sent_at) for e in rows] == [("pending", None)] * 2  # saved once each
    assert ClaimEvent.objects.filter(claim=claim, kind="evidence_added").count() == 2

    # The broker is back (here the test's own, running tasks inline): the beat task sends both, once.
    settings.VERIFY_JOB_RESEND_SECONDS = 3600
    assert tasks.requeue_stalled_jobs() == 0  # not yet due
    settings.VERIFY_JOB_RESEND_SECONDS = 0
    assert tasks.requeue_stalled_jobs() == 2
    assert [e.archive_status for e in Evidence.objects.filter(claim=claim)] == ["archived", "archived"]
    assert "40 more tanks" in Evidence.objects.filter(claim=claim).first().archive_text
    assert tasks.requeue_stalled_jobs() == 0  # archived: never sent again


@pytest.fixture
def private_broker(tmp_path):
    """A broker nobody consumes: a redis-server of our own on the Redis leg, else the filesystem."""
    if not os.environ.get("REDIS_URL"):
        yield {}
        return
    if shutil.which("redis-server") is None:
        pytest.skip("REDIS_URL is set but redis-server is not installed for a private broker")
    redis = PrivateRedis(tmp_path)
    yield {"REDIS_URL": redis.url}
    redis.stop()


BACKLOG_SETUP = """
from datetime import timedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from verify.broker import queue_depth
from verify.celery import app
from claims import tasks
from claims.models import Evidence, ExtractionJob
from claims.services import evidence, ingest

settings.VERIFY_JOB_RESEND_SECONDS = 60  # short timers, as in the load test that flooded
settings.VERIFY_JOB_STALL_SECONDS = 60
long_ago = timezone.now() - timedelta(hours=1)


def purge():
    # The broker restarted empty: every waiting message is gone.
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for path in (settings.BROKER_DIR / "queue").glob("*.msg"):
            path.unlink()
    else:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")


def age(queryset, **fields):
    queryset.update(**{"sent_at": long_ago, "updated_at": long_ago, **fields})


def statuses():
    return sorted(set(ExtractionJob.objects.values_list("status", flat=True)))


jobs = []
for n in range(30):
    with transaction.atomic():  # each committed, so each chain goes to the broker
        jobs.append(ingest.article_ingest(text=f"Article {n}. The minister said unemployment fell to {n} percent.").pk)
fetched = ExtractionJob.objects.create(source_kind="text", input_content="fetched", input_hash="fetched",
                                       status="running", step="fetched", attempts=3, fetched_content="x")
tasks.extract_article.delay(fetched.pk)  # its extract message waits in the queue too
age(ExtractionJob.objects.all(), taken_at=long_ago - timedelta(minutes=1))
depth_before = queue_depth()
"""


@committed
def test_jobs_behind_a_long_backlog_are_not_resent_nor_failed_as_stalled(private_broker, tmp_path):
    env = stack_env(database_url=database_url(connection.settings_dict), var_dir=tmp_path, **private_broker)
    outcome = run_django(
        env,
        BACKLOG_SETUP
        + """
resent = ingest.jobs_requeue_stalled()
result = {"depth_before": depth_before, "resent": resent, "depth_after": queue_depth(), "statuses": statuses(),
          "fetched": ExtractionJob.objects.get(pk=fetched.pk).status}
""",
    )
    assert outcome["depth_before"] >= 31  # 30 chains and one extract message, all waiting
    assert outcome["resent"] == 0  # every message is still in the queue: nothing doubled
    assert outcome["depth_after"] == outcome["depth_before"]
    assert outcome["statuses"] == ["queued", "running"] and outcome["fetched"] == "running"  # none failed


@committed
def test_lost_messages_are_resent_once_when_the_queue_is_empty(private_broker, tmp_path):
    env = stack_env(database_url=database_url(connection.settings_dict), var_dir=tmp_path, **private_broker)
    outcome = run_django(
        env,
        BACKLOG_SETUP
        + """
purge()
first = ingest.jobs_requeue_stalled()
depth = queue_depth()
again = ingest.jobs_requeue_stalled()  # just sent: not due again
result = {"first": first, "depth": depth, "again": again, "statuses": statuses()}
""",
    )
    # The 30 queued jobs go again, once; the fetched one had had its three attempts: it fails, saying why.
    assert outcome == {"first": 30, "depth": 30, "again": 0, "statuses": ["failed", "queued"]}, outcome


@committed
def test_a_message_sent_after_a_lost_one_and_taken_proves_it_lost_despite_a_backlog(private_broker, tmp_path):
    env = stack_env(database_url=database_url(connection.settings_dict), var_dir=tmp_path, **private_broker)
    outcome = run_django(
        env,
        BACKLOG_SETUP
        + """
purge()  # the 31 messages are lost with the broker...
later = ExtractionJob.objects.create(source_kind="text", input_content="later", input_hash="later",
                                     status="succeeded", sent_at=long_ago + timedelta(minutes=5),
                                     taken_at=long_ago + timedelta(minutes=6))  # ...one sent after them was taken
behind = []
for n in range(5):  # and a new backlog builds up behind it
    with transaction.atomic():
        behind.append(ingest.article_ingest(text=f"Behind {n}: the council said 2,400 homes flooded.").pk)
age(ExtractionJob.objects.filter(pk__in=behind), sent_at=long_ago + timedelta(minutes=10))
resent = ingest.jobs_requeue_stalled()
result = {"resent": resent, "depth": queue_depth(),
          "behind_sent_at_unchanged": ExtractionJob.objects.filter(pk__in=behind,
                                                                   sent_at=long_ago + timedelta(minutes=10)).count()}
""",
    )
    assert outcome == {"resent": 30, "depth": 35, "behind_sent_at_unchanged": 5}, outcome


@committed
def test_pending_archives_behind_a_backlog_wait_and_lost_ones_are_resent(private_broker, tmp_path, users):
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    env = stack_env(database_url=database_url(connection.settings_dict), var_dir=tmp_path, **private_broker)
    outcome = run_django(
        env,
        BACKLOG_SETUP
        + f"""
from django.contrib.auth import get_user_model
from claims.services import workflow
checker = get_user_model().objects.get(username="chris")
with transaction.atomic():
    added = workflow.evidence_add(claim={claim.pk}, actor=checker, source_kind="media", stance="refutes",
                                  url="https://example.org/report")
Evidence.objects.filter(pk=added.pk).update(archive_sent_at=long_ago, created_at=long_ago)
waiting = evidence.archives_resend()
purge()
lost = evidence.archives_resend()
result = {{"waiting": waiting, "lost": lost, "depth": queue_depth()}}
""",
    )
    assert outcome == {"waiting": 0, "lost": 1, "depth": 1}, outcome


@committed
def test_an_article_extracted_inside_its_fetch_task_does_not_mark_the_backlog_before_it_lost(private_broker, tmp_path):
    """The fetch task extracts the page it holds: no message is sent between the two steps, so the
    job's send time stays that of its own message, and its quick take does not read as "a message
    sent now was taken" — which would make every job still waiting in the backlog look lost."""
    env = stack_env(database_url=database_url(connection.settings_dict), var_dir=tmp_path, **private_broker)
    outcome = run_django(
        env,
        BACKLOG_SETUP
        + """
from django.db.models import F
with transaction.atomic():
    first = ingest.article_ingest(text="First: the council said 2,400 homes flooded in March.")
# Its message was sent before the backlog's, so a worker takes it first: both steps, as
# fetch_article runs them, a couple of minutes ago (past the grace a take is given).
ExtractionJob.objects.filter(pk=first.pk).update(sent_at=long_ago - timedelta(minutes=10))
assert ingest.job_fetch(job_id=first.pk)
ingest.job_extract(job_id=first.pk)
ExtractionJob.objects.filter(pk=first.pk).update(sent_at=F("sent_at") - timedelta(minutes=2),
                                                 taken_at=F("taken_at") - timedelta(minutes=2))
first.refresh_from_db()
resent = ingest.jobs_requeue_stalled()
result = {"late": first.status, "late_sent_before_taken": first.sent_at < long_ago, "resent": resent,
          "statuses": statuses()}
""",
    )
    assert outcome["resent"] == 0  # the 30 later jobs' messages are still in the queue: none doubled
    assert outcome["late"] == "succeeded" and outcome["late_sent_before_taken"]
    assert outcome["statuses"] == ["queued", "running", "succeeded"]
