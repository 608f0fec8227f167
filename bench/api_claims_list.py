"""Benchmark: GET /api/v1/claims/?page_size=50 with 100,000 claims in PostgreSQL under gunicorn.

Targets (issue 6): p50 <= 15 ms, >= 300 requests/s, and at least half the
throughput of a bare Django view returning the same 50 rows with
JsonResponse (bench/bench_urls.py), measured in the same run, in alternating
rounds (so that other work on the machine weighs on both alike); the script
first checks that both return the same 50 claims. Load comes from `wrk` on
loopback, bounded in connections and duration; without wrk (`make bench`
tries `apt-get install -y wrk`), from a bounded Python client with the same
connections and duration. Prints PASS/FAIL per target; exits 1 on a FAIL.

Uses DATABASE_URL if it points at PostgreSQL, else creates the database
`verify_bench_api` on 127.0.0.1:5432 (user postgres).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import postgres_database  # noqa: E402

N_CLAIMS = 100_000
SECONDS = 10
ROUNDS = 5  # SECONDS per side, in ROUNDS alternating rounds
CONNECTIONS = 4
WORKERS = 3  # as production runs it: Dockerfile and docker-compose.yml (sync workers, no threads)
DATABASE = "verify_bench_api"
TARGET_P50_MS, TARGET_RPS, TARGET_RATIO = 15.0, 300.0, 0.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return postgres_database(DATABASE)


SETUP = r"""
import django, sys
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from claims.models import Article, Claim, Outlet, ApiToken
from claims.extraction.dedup import fingerprint
from claims.services.tokens import token_create
n = int(sys.argv[1])
have = Claim.objects.count()
if have < n:
    outlet, _ = Outlet.objects.get_or_create(domain="bench.example", defaults={"name": "Bench"})
    articles = [Article.objects.get_or_create(content_hash=f"bench{a:059d}", defaults=dict(
        text="Sentence with a claim. " * 40, source_kind="text", title=f"A{a}", outlet=outlet))[0] for a in range(500)]
    batch = []
    for i in range(have, n):
        batch.append(Claim(article=articles[i % 500], text=f"unemployment fell to {i % 97} percent", sentence="s",
            start=0, end=8, sentence_start=0, sentence_end=22, fingerprint=fingerprint(f"bench claim {i}"),
            claimant="Moscow", claim_type="quantity", score=(i % 100) / 100, reason="a statistic",
            checkworthy=i % 100 >= 30, priority=i % 1000))
        if len(batch) == 5000:
            Claim.objects.bulk_create(batch); batch = []
    Claim.objects.bulk_create(batch)
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
user, _ = get_user_model().objects.get_or_create(username="bench")
user.groups.add(Group.objects.get(name="viewer"))
ApiToken.objects.filter(user=user).delete()
print(token_create(user=user, name="bench", scopes=["read"])[1])
"""


def get_json(url: str, headers: dict[str, str]) -> dict:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status} {body[:300]!r}")
        return json.loads(body)
    finally:
        conn.close()


def load_wrk(url: str, headers: dict[str, str], seconds: int) -> tuple[float, float]:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(p50.group(1)), p50.group(2)
    return rps, value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def load_python(url: str, headers: dict[str, str], seconds: int) -> tuple[float, float]:
    """CONNECTIONS keep-alive connections for ``seconds``; (requests/s, p50 ms). Bounded in time and count."""
    parts = urlsplit(url)
    target = f"{parts.path}?{parts.query}" if parts.query else parts.path
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine = []
        while time.perf_counter() < deadline and len(mine) < 200_000:
            start = time.perf_counter()
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors.append(str(response.status))
                break
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{url}: status {errors[0]}")
    return len(latencies) / (time.perf_counter() - started), statistics.median(latencies) * 1000


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    load, client = (load_wrk, "wrk") if shutil.which("wrk") else (load_python, "a Python client (wrk missing)")
    var = tempfile.mkdtemp(prefix="verify-api-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "VERIFY_VAR_DIR": var,
        "API_THROTTLE_TOKEN": "100000000/min",
        "PYTHONPATH": str(ROOT),
        "CONN_MAX_AGE": "600",
    }
    env.pop("REDIS_URL", None)
    token = (
        subprocess.run(
            [sys.executable, "-c", SETUP, str(N_CLAIMS)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.bench_wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        auth = {"Authorization": f"Token {token}"}
        api_url, bare_url = f"{base}/api/v1/claims/?page_size=50", f"{base}/bare/claims/"
        api_ids = [row["id"] for row in get_json(api_url, auth)["results"]]
        bare_ids = [row["id"] for row in get_json(bare_url, {})["results"]]
        same_rows = api_ids == bare_ids and len(api_ids) == 50
        load(api_url, auth, 2)  # warm up every worker
        load(bare_url, {}, 2)
        # Interleaved rounds, not one stretch each: whatever else the machine does during the
        # measurement falls on both sides alike instead of on whichever ran at the time.
        rounds = {api_url: [], bare_url: []}
        for _ in range(ROUNDS):
            for url, headers in ((api_url, auth), (bare_url, {})):
                rounds[url].append(load(url, headers, SECONDS // ROUNDS))
        (api_rps, api_p50), (bare_rps, bare_p50) = (
            (statistics.mean(r for r, _ in rounds[url]), statistics.median(p for _, p in rounds[url]))
            for url in (api_url, bare_url)
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ratio = api_rps / bare_rps
    checks = [
        (same_rows, "the bare view returns the API's 50 rows, in its order"),
        (api_p50 <= TARGET_P50_MS, f"API p50 {api_p50:.1f} ms <= {TARGET_P50_MS:.0f} ms"),
        (api_rps >= TARGET_RPS, f"API {api_rps:.0f} requests/s >= {TARGET_RPS:.0f}"),
        (ratio >= TARGET_RATIO, f"API / bare throughput {ratio:.2f} >= {TARGET_RATIO}"),
    ]
    throttle = (
        f"throttle counts in Redis ({env['CACHE_URL']})" if env.get("CACHE_URL") else "throttle counts per process"
    )
    print(
        f"GET /api/v1/claims/?page_size=50, {N_CLAIMS:,} claims, PostgreSQL, gunicorn {WORKERS} workers, {throttle}, "
        f"{client}, {CONNECTIONS} connections for {SECONDS} s each ({ROUNDS} alternating rounds; "
        f"requests/s: their mean, p50: their median):"
    )
    print(f"  API         p50 {api_p50:6.1f} ms   {api_rps:7.0f} requests/s")
    print(f"  bare view   p50 {bare_p50:6.1f} ms   {bare_rps:7.0f} requests/s   (JsonResponse of the same 50 rows)")
    for ok, what in checks:
        print(f"  {verdict(ok)}  {what}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
