"""Benchmark: GET /api/v1/claims/?page_size=50 with 100,000 claims in PostgreSQL under gunicorn.

Targets (issue 6): p50 <= 15 ms, >= 300 requests/s, and at least half the
throughput of a bare Django view returning the same 50 rows with
JsonResponse, measured in the same run. Load comes from `wrk` (Debian's
package) on loopback, bounded in connections and duration.

Uses DATABASE_URL if it points at PostgreSQL, else creates the database
`verify_bench` on 127.0.0.1:5432.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_CLAIMS = 100_000
DURATION = "10s"
CONNECTIONS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'verify_bench'").fetchone():
            conn.execute("CREATE DATABASE verify_bench")
    return "postgres://postgres@127.0.0.1:5432/verify_bench"


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
user, _ = get_user_model().objects.get_or_create(username="bench")
user.groups.add(Group.objects.get(name="viewer"))
ApiToken.objects.filter(user=user).delete()
print(token_create(user=user, name="bench", scopes=["read"])[1])
"""


def wrk(url: str, headers: dict[str, str]) -> tuple[float, float]:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(p50.group(1)), p50.group(2)
    return rps, value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    var = tempfile.mkdtemp(prefix="verify-api-bench-")
    env = {
        **os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key", "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "VERIFY_VAR_DIR": var, "API_THROTTLE_TOKEN": "100000000/min",
        "PYTHONPATH": str(ROOT), "CONN_MAX_AGE": "600",
    }
    env.pop("REDIS_URL", None)
    token = subprocess.run([sys.executable, "-c", SETUP, str(N_CLAIMS)], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.bench_wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"], cwd=ROOT, env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        auth = {"Authorization": f"Token {token}"}
        subprocess.run(["wrk", "-t1", "-c2", "-d2s", "-H", f"Authorization: Token {token}",
                        f"{base}/api/v1/claims/?page_size=50"], capture_output=True, check=True)
        api_rps, api_p50 = wrk(f"{base}/api/v1/claims/?page_size=50", auth)
        bare_rps, bare_p50 = wrk(f"{base}/bare/claims/", {})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"GET /api/v1/claims/?page_size=50, {N_CLAIMS:,} claims, PostgreSQL, gunicorn 2 workers, "
          f"wrk {CONNECTIONS} connections for {DURATION}:")
    print(f"  API         p50 {api_p50:6.1f} ms   {api_rps:7.0f} requests/s   (targets: p50 <= 15 ms, >= 300/s)")
    print(f"  bare view   p50 {bare_p50:6.1f} ms   {bare_rps:7.0f} requests/s   (JsonResponse of the same 50 rows)")
    print(f"  API / bare throughput ratio {api_rps / bare_rps:5.2f}   (target >= 0.50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
