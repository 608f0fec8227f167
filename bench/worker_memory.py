"""Benchmark: a real Celery worker's resident memory while it extracts articles.

Starts `celery worker --pool solo` on a throwaway SQLite database and the
filesystem broker, feeds it the sample article and up to 30 real pages
(../shared/data/articles/extraction_benchmark when present), waits for every
job, and prints the worker's peak resident memory (VmHWM) against the issue's
target of 300 MB, next to a bare `celery worker` of the same app as baseline.

Run: python bench/worker_memory.py   (or `make bench`)
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
TARGET_MB = 300


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    var = Path(tempfile.mkdtemp(prefix="verify-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "verify.settings",
        "DEBUG": "1",
        "VERIFY_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://localhost//",
    }
    env.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    worker = subprocess.Popen(
        [python, "-m", "celery", "-A", "verify", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(4)
        idle = peak_rss_mb(worker.pid)
        pages = [("sample", "text", (ROOT / "claims/fixtures/nato-no-signs-of-deescalation.txt").read_text())]
        folder = SHARED / "articles" / "extraction_benchmark"
        if folder.is_dir():
            for path in sorted(folder.glob("*.html.gz"))[:30]:
                pages.append((path.name, "html", gzip.decompress(path.read_bytes()).decode("utf-8", "replace")))
        script = (
            "import sys, json, django; django.setup()\n"
            "from claims.services import ingest\n"
            "for kind, content in json.load(sys.stdin):\n"
            "    try:\n"
            "        ingest.article_ingest(**{kind: content})\n"
            "    except Exception as exc:\n"
            "        print('refused:', exc)\n"
        )
        import json

        subprocess.run([python, "-c", script], cwd=ROOT, env=env, check=True,
                       input=json.dumps([(k, c) for _n, k, c in pages]).encode())
        waiter = (
            "import django, time; django.setup()\n"
            "from claims.models import ExtractionJob\n"
            "deadline = time.time() + 600\n"
            "while ExtractionJob.objects.filter(status__in=['queued','running']).exists() and time.time() < deadline:\n"
            "    time.sleep(0.5)\n"
            "from collections import Counter\n"
            "print(dict(Counter(ExtractionJob.objects.values_list('status', flat=True))))\n"
        )
        started = time.perf_counter()
        done = subprocess.run([python, "-c", waiter], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        peak = peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"Worker memory, {len(pages)} articles through a real worker (solo pool), jobs: {done.stdout.strip()}")
    print(f"  idle worker (app and models loaded at start)  {idle:7.1f} MB")
    print(f"  peak while extracting                          {peak:7.1f} MB   (target <= {TARGET_MB} MB)")
    print(f"  ratio peak / target                            {peak / TARGET_MB:7.2f}")
    print(f"  wall time for the jobs                         {elapsed:7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
