"""Load test: 1,000 articles posted through the API while the stack is hurt.

Loopback only, bounded, and on services of its own: gunicorn with 2 workers,
a private redis-server on a free port (restarted mid-run, so messages sitting
in it are lost), 2 Celery extraction workers and 1 matching worker (as deployed),
celery beat re-sending stalled jobs every 5 s, and the database ``verify_bench_load`` on the machine's PostgreSQL
(dropped and created afresh each run). Mid-run one gunicorn worker is killed
with SIGKILL (gunicorn starts another) and the redis-server is restarted.

Clients are a bounded pool of httpx clients; every article carries an
Idempotency-Key, and a request cut off by the fault is sent again with the
same key, as a real client would. Reported: accepted, completed, failed with
reasons, lost (accepted but no job, or never finished, or never matched: must be 0),
duplicated (articles or claims saved twice: must be 0), wall time (goal ≤ 60 s).

    .venv/bin/python bench/load_ingest.py [--articles 1000] [--clients 16]
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from private_stack import PrivateRedis, free_port, run_django  # noqa: E402

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DB = "verify_bench_load"
GOAL_SECONDS = 60
FINISH_TIMEOUT = 180


def article_text(i: int) -> str:
    return (
        f"Report {i}: The minister said unemployment fell to {i % 89 + 1}.{i % 10} percent in district {i} "
        f"last year. Officials counted {1000 + 7 * i:,} new jobs in the district in March, according to "
        f"the statistics office. “We will build {i + 3} new schools by {2030 + i % 7},” the mayor of district {i} said."
    )


def fresh_database() -> str:
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    return f"postgres://postgres@127.0.0.1:5432/{DB}"


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live children, in seconds."""
    total = 0.0
    for p in [pid, *gunicorn_workers(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def gunicorn_workers(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


class Poster:
    """POST every article once (by Idempotency-Key), retrying cut-off requests."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.token = token
        self.local = threading.local()
        self.accepted: dict[int, int] = {}  # article number → job id
        self.refused: collections.Counter[str] = collections.Counter()
        self.resent = 0
        self.lock = threading.Lock()

    def client(self) -> httpx.Client:
        if not hasattr(self.local, "client"):
            self.local.client = httpx.Client(
                base_url=self.base, timeout=30, trust_env=False, headers={"Authorization": f"Token {self.token}"}
            )
        return self.local.client

    def post(self, i: int) -> None:
        for attempt in range(5):
            try:
                response = self.client().post(
                    "/api/v1/articles/", json={"text": article_text(i)}, headers={"Idempotency-Key": f"load-{i}"}
                )
            except httpx.TransportError:
                with self.lock:
                    self.resent += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            if response.status_code == 202:
                with self.lock:
                    self.accepted[i] = response.json()["id"]
                return
            if response.status_code >= 500:
                with self.lock:
                    self.resent += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            with self.lock:
                self.refused[f"{response.status_code} {response.text[:120]}"] += 1
            return
        with self.lock:
            self.refused["no answer after 5 tries"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="verify-load-"))
    redis = PrivateRedis(work)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")},
        "DJANGO_SETTINGS_MODULE": "verify.settings",
        "DATABASE_URL": fresh_database(),
        "REDIS_URL": redis.url,
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "VERIFY_VAR_DIR": str(work / "var"),
        "API_THROTTLE_TOKEN": "100000000/min",
        "PYTHONPATH": str(ROOT),
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "plain",
        # Faster than production so the run fits in a minute: the beat re-sends every 5 s jobs
        # queued for 20 s (their message was lost with Redis) or running without progress for 20 s.
        "VERIFY_REQUEUE_EVERY_SECONDS": "5",
        "VERIFY_JOB_RESEND_SECONDS": "20",
        "VERIFY_JOB_STALL_SECONDS": "20",
        "VERIFY_MATCH_RESEND_SECONDS": "20",
        "CELERY_BROKER_VISIBILITY_TIMEOUT": "60",
    }
    print("setting up: database, token, gunicorn, workers, beat ...", flush=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    token = run_django(
        env,
        """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from claims.models import ApiToken
from claims.services.tokens import token_create
user = get_user_model().objects.create_user("load", password="load-bench-pw", is_staff=True)
user.groups.add(Group.objects.get(name="checker"))
_token, result = token_create(user=user, name="load test", scopes=["read", "ingest"], kind=ApiToken.Kind.SERVICE)
""",
    )
    port = free_port()
    logs = work / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []
    roles: dict[str, subprocess.Popen] = {}

    def spawn(name: str, cmd: list[str]) -> subprocess.Popen:
        out = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        procs.append(proc)
        roles[name] = proc
        return proc

    gunicorn = spawn(
        "gunicorn",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "verify.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
    )
    # As deployed (docker-compose): extraction workers on the "celery" queue, and one matching
    # worker on the "matching" queue, niced (VERIFY_MATCHING_WORKER_NICE) so it gives way.
    for n, queue in ((1, "celery"), (2, "celery"), (3, "matching")):
        spawn(
            f"worker{n}",
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
                queue,
                "-n",
                f"load{n}@%h",
                "--loglevel",
                "WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
        )
    spawn(
        "beat",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "verify",
            "beat",
            "--loglevel",
            "WARNING",
            "-s",
            str(work / "beat-schedule"),
        ],
    )
    try:
        wait_port(port)
        time.sleep(3)  # workers connected
        poster = Poster(f"http://127.0.0.1:{port}", token)
        faults: list[str] = []

        def saboteur() -> None:
            while len(poster.accepted) < args.articles * 0.3:
                time.sleep(0.05)
            victim = gunicorn_workers(gunicorn.pid)[0]
            os.kill(victim, signal.SIGKILL)
            faults.append(f"SIGKILL gunicorn worker {victim} after {len(poster.accepted)} accepted")
            while len(poster.accepted) < args.articles * 0.6:
                time.sleep(0.05)
            redis.stop()
            time.sleep(1)
            redis.start()
            faults.append(f"redis-server restarted (queue emptied) after {len(poster.accepted)} accepted")

        started = time.monotonic()
        sabotage = threading.Thread(target=saboteur, daemon=True)
        sabotage.start()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(poster.post, range(args.articles)))
        posted = time.monotonic() - started
        sabotage.join(timeout=10)

        jobs = set(poster.accepted.values())
        with psycopg.connect(**PG, dbname=DB, autocommit=True) as conn:
            deadline = time.monotonic() + FINISH_TIMEOUT
            while time.monotonic() < deadline:
                unfinished = conn.execute(
                    "SELECT count(*) FROM claims_extractionjob WHERE id = ANY(%s) AND status IN ('queued','running')",
                    (list(jobs),),
                ).fetchone()[0]
                if unfinished == 0:
                    break
                time.sleep(0.5)
            wall = time.monotonic() - started
            # Then the follow-up matching of every saved article (its messages died with Redis too).
            while (
                time.monotonic() < deadline + FINISH_TIMEOUT
                and conn.execute("SELECT count(*) FROM claims_extractionjob WHERE match_pending").fetchone()[0]
            ):
                time.sleep(0.5)
            matched_wall = time.monotonic() - started
            unmatched = conn.execute("SELECT count(*) FROM claims_extractionjob WHERE match_pending").fetchone()[0]
            indexed = conn.execute("SELECT count(*) FROM claims_claim WHERE checkworthy").fetchone()[0]
            rows = conn.execute("SELECT id, status, error, attempts FROM claims_extractionjob").fetchall()
            by_id = {row[0]: row for row in rows}
            completed = sum(1 for j in jobs if by_id.get(j, (0, ""))[1] == "succeeded")
            failed = collections.Counter(by_id[j][2][:100] for j in jobs if by_id.get(j, (0, ""))[1] == "failed")
            lost = sum(1 for j in jobs if j not in by_id or by_id[j][1] in ("queued", "running"))
            extra_jobs = len(rows) - len(jobs)
            dup_articles = conn.execute(
                "SELECT count(*) - count(DISTINCT content_hash) FROM claims_article"
            ).fetchone()[0]
            dup_claims = conn.execute("SELECT count(*) - count(DISTINCT fingerprint) FROM claims_claim").fetchone()[0]
            dup_appearances = conn.execute(
                "SELECT count(*) - count(DISTINCT (claim_id, article_id)) FROM claims_appearance"
            ).fetchone()[0]
            articles = conn.execute("SELECT count(*) FROM claims_article").fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]
            retried = sum(1 for j in jobs if by_id.get(j, (0, "", "", 0))[3] > 1)
            # Where the time went: the database's own clock, from the first job created.
            split = conn.execute("""
                SELECT EXTRACT(EPOCH FROM max(finished_at) FILTER (WHERE attempts <= 1) - min(created_at)),
                       EXTRACT(EPOCH FROM max(finished_at) FILTER (WHERE attempts > 1) - min(created_at)),
                       EXTRACT(EPOCH FROM min(started_at) FILTER (WHERE attempts > 1) - min(created_at)),
                       EXTRACT(EPOCH FROM avg(finished_at - started_at)),
                       EXTRACT(EPOCH FROM avg(started_at - created_at) FILTER (WHERE attempts <= 1))
                FROM claims_extractionjob""").fetchone()
            cpu = {name: cpu_seconds(proc.pid) for name, proc in roles.items()}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        redis.stop()

    duplicated = dup_articles + dup_claims + dup_appearances + extra_jobs
    print(
        f"\n{args.articles:,} articles POSTed by {args.clients} clients to gunicorn (2 workers), "
        "2 Celery extraction workers + 1 matching worker, private Redis, PostgreSQL"
    )
    for fault in faults:
        print(f"  fault: {fault}")
    print(f"  requests re-sent by clients after a cut-off or 5xx: {poster.resent}")
    print(f"  accepted   {len(poster.accepted):6,}   (refused: {dict(poster.refused) or 0})")
    print(
        f"  completed  {completed:6,}   ({articles:,} articles, {claims:,} claims; {retried} jobs needed "
        "a second attempt)"
    )
    print(f"  failed     {sum(failed.values()):6,}   {dict(failed) if failed else ''}")
    print(f"  lost       {lost:6,}   (must be 0; and articles whose matching never ran: {unmatched})")
    print(
        f"  duplicated {duplicated:6,}   (articles {dup_articles}, claims {dup_claims}, appearances "
        f"{dup_appearances}, extra jobs {extra_jobs}; must be 0)"
    )
    print(
        f"  wall time  {wall:6.1f} s (all POSTs answered in {posted:.1f} s; goal ≤ {GOAL_SECONDS} s); "
        f"every article's {indexed:,} check-worthy claims matched too at {matched_wall:.1f} s"
    )
    first_done, second_done, second_start, run_avg, wait_avg = (float(x or 0) for x in split)
    second = (
        f"second attempts ({retried}) started at {second_start:.1f} s, done at {second_done:.1f} s"
        if retried
        else "no job needed a second attempt"
    )
    print(
        f"  split      first attempts done at {first_done:.1f} s (waited {wait_avg:.1f} s in the queue on "
        f"average, ran {1000 * run_avg:.0f} ms); {second}; matching done at {matched_wall:.1f} s"
    )
    print(
        "  CPU s      "
        + ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items())
        + f" (total {sum(cpu.values()):.1f}; the killed gunicorn worker's not counted)"
    )
    ok = lost == 0 and unmatched == 0 and duplicated == 0 and len(poster.accepted) == args.articles
    print("PASS" if ok and wall <= GOAL_SECONDS else ("PASS (slower than the goal)" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
