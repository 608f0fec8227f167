"""One beat at a time across hosts (issue 27): two real `celery beat` processes started at once
against the same broker — Redis (a private redis-server) on the PostgreSQL + Redis run, else the
embedded filesystem broker and its var dir — exactly one runs the schedule; killing it hands the
schedule to the other."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from private_stack import ROOT, PrivateRedis, stack_env

SENT = "Scheduler: Sending due task"


def _start_beat(env: dict[str, str], workdir: Path, name: str) -> tuple[subprocess.Popen, Path]:
    log = workdir / f"{name}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "verify",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(workdir / f"{name}-schedule"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return proc, log


def _sends(log: Path) -> int:
    return log.read_text(errors="replace").count(SENT) if log.exists() else 0


def _wait(predicate, timeout: float, logs) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail("Timed out; beat logs:\n" + "\n---\n".join(p.read_text(errors="replace")[-3000:] for p in logs))


@pytest.fixture
def beat_env(tmp_path):
    """Redis when the suite runs on Redis (the lease is a Redis key), else the filesystem broker
    and a file lock under the shared var dir (one host)."""
    redis = PrivateRedis(tmp_path) if os.environ.get("REDIS_URL") else None
    var = tmp_path / "var"
    env = stack_env(
        database_url=f"sqlite:///{tmp_path / 'beat.sqlite3'}",
        var_dir=var,
        redis_url=redis.url if redis else "",
        VERIFY_REQUEUE_EVERY_SECONDS="0.5",
        VERIFY_BEAT_LOCK_TTL_SECONDS="3",
        VERIFY_BEAT_LOCK_RENEW_SECONDS="0.5",
    )
    yield env, redis
    if redis is not None:
        redis.stop()


def test_two_beats_one_runs_the_schedule_and_the_other_takes_over(beat_env, tmp_path):
    env, redis = beat_env
    (a, log_a), (b, log_b) = _start_beat(env, tmp_path, "a"), _start_beat(env, tmp_path, "b")
    procs = [a, b]
    try:
        # The 0.5 s task is due all the time: whichever holds the lease sends it again and again.
        _wait(lambda: _sends(log_a) + _sends(log_b) >= 6, 60, [log_a, log_b])
        time.sleep(3)  # well past a renewal: a second leader would have sent by now
        sends = {"a": _sends(log_a), "b": _sends(log_b)}
        assert sorted(v > 0 for v in sends.values()) == [False, True], sends
        leader, leader_log, standby, standby_log = (a, log_a, b, log_b) if sends["a"] else (b, log_b, a, log_a)
        assert "took the lease" in leader_log.read_text()
        assert "on standby" in standby_log.read_text()
        if redis is not None:  # the Redis key names the leader's process
            import redis as redis_client

            holder = redis_client.Redis.from_url(redis.url).get("verify:beat:lease").decode()
            assert f":{leader.pid}:" in holder

        leader.kill()  # SIGKILL: no release; with Redis the key expires after its TTL (3 s)
        leader.wait(timeout=10)
        killed_at = time.monotonic()
        _wait(lambda: _sends(standby_log) >= 3, 30, [standby_log])
        took_over_after = time.monotonic() - killed_at
        assert "took the lease" in standby_log.read_text()
        assert took_over_after < 3 + 2 + 5, took_over_after  # TTL + a renewal interval + start slack
        assert standby.poll() is None
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


def test_a_beat_that_loses_its_lease_stops_sending(settings, tmp_path):
    """The leader whose lease another holder has taken (it stalled past the TTL) sends nothing more."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the lease expires only in Redis; a file lock is held until the process dies")
    from verify.beat import LeasedScheduler, RedisLease

    redis = PrivateRedis(tmp_path)
    try:
        settings.REDIS_URL = redis.url
        settings.VERIFY_BEAT_LOCK_TTL_SECONDS = 5
        settings.VERIFY_BEAT_LOCK_RENEW_SECONDS = 0.1
        from verify.celery import app

        scheduler = LeasedScheduler(app=app, schedule_filename=str(tmp_path / "schedule"), lazy=True)
        scheduler.check_lease()
        assert scheduler.leader
        other = RedisLease(redis.url, ttl=5)
        other.client.set(other.key, other.token)  # it expired and someone else took it
        time.sleep(0.2)
        scheduler.check_lease()
        assert not scheduler.leader
        assert other.holder() == other.token
    finally:
        redis.stop()


def test_a_beat_stopped_cleanly_hands_the_lease_over_at_once(settings, tmp_path):
    """SIGTERM (a deploy): the leader deletes its key on close, so a standby need not wait out the TTL;
    it never deletes a key that is no longer its own."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the Redis lease; a file lock is released by the kernel on exit")
    from verify.beat import LeasedScheduler
    from verify.celery import app

    redis = PrivateRedis(tmp_path)
    try:
        settings.REDIS_URL = redis.url
        settings.VERIFY_BEAT_LOCK_TTL_SECONDS = 60
        settings.VERIFY_BEAT_LOCK_RENEW_SECONDS = 20
        first = LeasedScheduler(app=app, schedule_filename=str(tmp_path / "first"), lazy=True)
        second = LeasedScheduler(app=app, schedule_filename=str(tmp_path / "second"), lazy=True)
        first.check_lease()
        second.check_lease()
        assert (first.leader, second.leader) == (True, False)
        first.close()
        assert first.lease.holder() is None
        second.check_lease()
        assert second.leader and second.lease.holder() == second.lease.token
        first.lease.release()  # a stale holder's release leaves the new holder's key alone
        assert second.lease.holder() == second.lease.token
    finally:
        redis.stop()
