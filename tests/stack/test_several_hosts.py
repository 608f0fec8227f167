"""Several hosts on one machine (issue 27): two web processes and two matching workers, each with a
VERIFY_VAR_DIR of its own (no file shared between them), against one database and one Redis.

A claim ingested through one web process is found by a search through the other within the
sync delay; a host that starts empty serves from the snapshot another built; a matching worker
killed in the middle of writing the index loses nothing (its uncommitted journal rows go with
it, the article's matching is re-sent and another worker does it).

The database is the suite's: a fresh one on the same PostgreSQL server on the PostgreSQL leg,
a SQLite file on the default leg (one machine, the same code). Redis is a private redis-server,
so the session's worker never takes these tasks.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import wait_for
from django.db import connection
from private_stack import ROOT, PrivateRedis, Worker, free_port, migrate, run_django, stack_env

# Four processes start, load their models and a snapshot on a machine others share: more than the
# suite's 300 s per test may be needed (it takes about 160 s on a loaded 2-core machine).
pytestmark = [pytest.mark.worker, pytest.mark.timeout(900)]

SYNC_SECONDS = 1.0  # the default VERIFY_MATCH_SYNC_SECONDS
until = functools.partial(wait_for, interval=0.1)  # finer than the worker tests' 0.2 s: delays are measured
ARTICLES = {
    "floods": "The council said 2,400 homes were flooded in the valley in March. "
    "Insurers paid out 31 million euros for the damage, the regional minister said.",
    "bridge": "The new river bridge cost 3 billion euros to build, the transport minister said on Monday. "
    "Traffic on the old crossing fell by 40 percent in its first year, according to the city.",
    "schools": "The education minister said 1,200 teachers left the profession last year. "
    "Class sizes rose to 31 pupils on average in secondary schools, the union said.",
}


class Database:
    """The stack's database: its URL for the processes and a plain connection for the test's reads."""

    def __init__(self, tmp_path: Path) -> None:
        settings = connection.settings_dict
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            import psycopg

            self.name = f"verify_hosts_{uuid.uuid4().hex[:10]}"
            self._server = {
                "host": settings.get("HOST") or "127.0.0.1",
                "port": settings.get("PORT") or 5432,
                "user": settings.get("USER") or "postgres",
                "password": settings.get("PASSWORD") or None,
            }
            with psycopg.connect(**self._server, dbname="postgres", autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {self.name}")
            auth = self._server["user"] + (f":{self._server['password']}" if self._server["password"] else "")
            self.url = f"postgres://{auth}@{self._server['host']}:{self._server['port']}/{self.name}"
        else:
            self.path = tmp_path / "shared.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def rows(self, sql: str, *args) -> list[tuple]:
        if self.postgres:
            import psycopg

            with psycopg.connect(**self._server, dbname=self.name, autocommit=True) as conn:
                return conn.execute(sql.replace("?", "%s"), args).fetchall()
        with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as conn:
            return conn.execute(sql, args).fetchall()

    def drop(self) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(**self._server, dbname="postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


class Web:
    """A gunicorn web process of its own (one worker), on a free port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log_path = log
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "verify.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "120",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def request(self, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def up(self) -> bool:
        if self.proc.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{Path(self.log_path).read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


@pytest.fixture
def stack(tmp_path):
    database = Database(tmp_path)
    redis = PrivateRedis(tmp_path)
    processes: list = []
    try:

        def env_for(name: str, **extra: str) -> dict[str, str]:
            var = tmp_path / name  # each "host" its own VERIFY_VAR_DIR: nothing on disk is shared
            var.mkdir()
            return stack_env(database_url=database.url, var_dir=var, redis_url=redis.url, **extra)

        migrate(env_for("migrate"))
        token = run_django(
            env_for("setup"),
            """
from django.contrib.auth.models import Group, User
from claims.services.tokens import token_create
user = User.objects.create_user("hosts-checker")
user.groups.add(Group.objects.get(name="checker"))
result = token_create(user=user, name="hosts", scopes=["read", "ingest"], actor=user)[1]
""",
        )
        yield {"env_for": env_for, "database": database, "token": token, "processes": processes, "tmp": tmp_path}
    finally:
        for process in processes:
            with contextlib.suppress(Exception):
                process.stop()
        redis.stop()
        database.drop()


def ingest(web: Web, token: str, text: str, logs) -> int:
    status, body = web.request("POST", "/api/v1/articles/", token, {"text": text})
    assert status == 202, body
    job = body["id"]

    def done():
        _status, job_body = web.request("GET", f"/api/v1/jobs/{job}/", token)
        return job_body if job_body["status"] in ("succeeded", "failed") else None

    finished = until(done, timeout=120, what=f"job {job}", logs=logs)
    assert finished["status"] == "succeeded", finished
    return finished["article"]


def checkworthy_claims(db: Database, article: int) -> list[tuple[int, str]]:
    # The text the index holds (Claim.match_text): the standalone text, or the span when there is none.
    return db.rows(
        "SELECT id, COALESCE(NULLIF(standalone, ''), text) FROM claims_claim "
        "WHERE article_id = ? AND checkworthy ORDER BY id",
        article,
    )


def found_by(web: Web, token: str, claim: tuple[int, str]) -> bool:
    status, body = web.request("POST", "/api/v1/match", token, {"text": claim[1], "top": 5})
    return status == 200 and claim[0] in [hit["claim"]["id"] for hit in body if hit.get("claim")]


def journaled_at(db: Database, claim_id: int, logs) -> float:
    until(
        lambda: db.rows("SELECT 1 FROM claims_matchjournalentry WHERE doc_id = ?", f"claim:{claim_id}"),
        timeout=120,
        what=f"claim {claim_id} in the matching journal",
        logs=logs,
    )
    return time.monotonic()


def test_claims_indexed_on_one_host_are_found_from_the_other_and_a_killed_worker_loses_nothing(stack):
    env_for, db, token, processes, tmp = (stack[k] for k in ("env_for", "database", "token", "processes", "tmp"))
    arm = tmp / "arm-slow-journal"
    web_a, web_b = Web(env_for("web-a"), tmp / "web-a.log"), Web(env_for("web-b"), tmp / "web-b.log")
    processes += [web_a, web_b]
    logs = [p.log_path for p in processes]
    for web in (web_a, web_b):
        until(web.up, timeout=90, what="gunicorn up", logs=logs)

    # Before any index exists: 503 "index not ready", never an error or an empty answer. Asked
    # before any worker runs: a worker would build the (empty) desk's index from the queued task
    # so fast that the request's second look could already find it and answer [].
    status, body = web_b.request("POST", "/api/v1/match", token, {"text": "homes were flooded"})
    assert status == 503 and body["code"] == "index_not_ready", body

    worker_1 = Worker(
        env_for("worker-1", VERIFY_TEST_SLOW_JOURNAL="60", VERIFY_TEST_SLOW_JOURNAL_ARM=str(arm)),
        tmp / "worker-1.log",
        name="hosts-1",
    )
    worker_2 = Worker(env_for("worker-2"), tmp / "worker-2.log", name="hosts-2")
    processes += [worker_1, worker_2]
    logs += [worker_1.log_path, worker_2.log_path]
    for worker in (worker_1, worker_2):
        until(
            lambda worker=worker: " ready." in worker.log_path.read_text(errors="replace"),
            timeout=120,
            what="celery worker ready",
            logs=logs,
        )

    # Ingested through web A, indexed by a worker, found through web B (which starts empty and
    # loads the snapshot the worker built) within the sync delay.
    floods = checkworthy_claims(db, ingest(web_a, token, ARTICLES["floods"], logs))
    assert floods, "the article has check-worthy claims"
    indexed = journaled_at(db, floods[-1][0], logs)
    until(lambda: found_by(web_b, token, floods[-1]), timeout=60, what="web B finds web A's claim", logs=logs)
    # The other way round, now that both web processes hold a copy: within the bounded delay.
    bridge = checkworthy_claims(db, ingest(web_b, token, ARTICLES["bridge"], logs))
    assert found_by(web_a, token, floods[0])  # web A's copy, loaded on its first search
    indexed = journaled_at(db, bridge[-1][0], logs)
    until(lambda: found_by(web_a, token, bridge[-1]), timeout=30, what="web A finds web B's claim", logs=logs)
    delay = time.monotonic() - indexed
    assert delay <= 5, f"found {delay:.1f} s after it was journaled; the bound is 5 s"
    assert not list((tmp / "web-a").rglob("journal*")) and not (tmp / "web-b" / "matching" / "desk" / ".lock").exists()

    # A matching worker killed while it writes the index: worker 2 stops (so worker 1 takes the
    # article), worker 1 is killed with its journal rows written but not committed.
    worker_2.stop()
    arm.touch()
    status, body = web_a.request("POST", "/api/v1/articles/", token, {"text": ARTICLES["schools"]})
    assert status == 202, body
    until(lambda: "journaling" in arm.read_text(), timeout=120, what="worker 1 in the journal's transaction", logs=logs)
    worker_1.kill()
    article = until(
        lambda: db.rows("SELECT article_id FROM claims_extractionjob WHERE id = ?", body["id"])[0][0],
        timeout=10,
        what="the job's article",
    )
    schools = checkworthy_claims(db, article)
    assert schools
    assert not db.rows("SELECT 1 FROM claims_matchjournalentry WHERE doc_id = ?", f"claim:{schools[0][0]}")
    assert db.rows("SELECT match_pending FROM claims_extractionjob WHERE id = ?", body["id"])[0][0]
    # Another matching worker (a host that starts empty: the snapshot and the journal) and the
    # periodic re-send of matching that never finished (what beat runs).
    worker_3 = Worker(env_for("worker-3"), tmp / "worker-3.log", name="hosts-3")
    processes.append(worker_3)
    logs.append(worker_3.log_path)
    sent = run_django(
        env_for("beat"),
        "from claims.services import matching\nresult = matching.jobs_rematch_pending(older_than_seconds=0)",
    )
    assert sent == 1
    until(
        lambda: not db.rows("SELECT match_pending FROM claims_extractionjob WHERE id = ?", body["id"])[0][0],
        timeout=120,
        what="the re-sent matching done",
        logs=logs,
    )
    for claim in floods + bridge + schools:  # nothing lost, every claim found from web B
        until(lambda claim=claim: found_by(web_b, token, claim), timeout=10, what=f"claim {claim[0]} found", logs=logs)
    # The hosts that started empty served from the snapshot a peer built (kept in their own
    # directories), never from a build of their own: the only rebuilt snapshot is the first one.
    for host in ("web-a", "web-b", "worker-3"):
        assert list((tmp / host).rglob("snapshot-*/meta.json")), host
    assert db.rows("SELECT COUNT(*) FROM claims_matchsnapshot WHERE rebuilt")[0][0] == 1
    # Each claim journaled exactly once: the killed worker's rows were never committed.
    ids = [f"claim:{pk}" for pk, _text in floods + bridge + schools]
    journaled = [doc for (doc,) in db.rows("SELECT doc_id FROM claims_matchjournalentry")]
    assert sorted(d for d in journaled if d in ids) == sorted(ids)
