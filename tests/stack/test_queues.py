"""Two queues: extraction ("celery") and matching, the matching worker niced so it gives way."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from private_stack import ROOT, stack_env

from verify.celery import app


def test_matching_tasks_go_to_their_own_queue_and_the_rest_to_the_default_one():
    router = app.amqp.router
    for name in ("match_new_claims", "index_external_reviews", "rebuild_match_index"):
        assert router.route({}, f"claims.tasks.{name}")["queue"].name == settings.MATCHING_QUEUE
    for name in ("fetch_article", "extract_article", "deliver_webhook", "requeue_stalled_jobs"):
        assert router.route({}, f"claims.tasks.{name}")["queue"].name == "celery"


def _niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


@pytest.mark.worker
@pytest.mark.parametrize(("queues", "expected"), [("matching", 19), ("celery", 0), ("celery,matching", 0)])
def test_a_worker_serving_only_matching_runs_niced(tmp_path, queues, expected):
    env = stack_env(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", var_dir=tmp_path / "var", VERIFY_MATCHING_WORKER_NICE="19"
    )
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "verify",
                "worker",
                "--pool",
                "solo",
                "-Q",
                queues,
                "--loglevel",
                "INFO",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while b"ready." not in log.read_bytes():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        assert _niceness(proc.pid) == expected, log.read_text()[-3000:]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
