"""Benchmark: real Celery workers' resident memory while they extract and match articles.

Starts the two workers as `make run` and docker-compose run them (solo pool): the
extraction worker (`-Q celery`) and the matching worker (`-Q matching`, the
sentence encoder and the index), on a throwaway SQLite database and the
filesystem broker; feeds them the sample article and up to 30 real pages
(../shared/data/articles/extraction_benchmark when present), waits for every
job and then for the matching of their claims, and prints each worker's peak
resident memory (VmHWM) against the target of 300 MB a worker (issue 4).

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
sys.path.insert(0, str(ROOT))
from bench.common import SHARED, wait_idle  # noqa: E402

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

    def start(queue: str) -> subprocess.Popen:
        return subprocess.Popen(
            [
                python,
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
                f"{queue}@%h",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    worker, matcher = start("celery"), start("matching")
    try:
        time.sleep(4)
        idle, idle_matcher = peak_rss_mb(worker.pid), peak_rss_mb(matcher.pid)
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

        subprocess.run(
            [python, "-c", script],
            cwd=ROOT,
            env=env,
            check=True,
            input=json.dumps([(k, c) for _n, k, c in pages]).encode(),
        )
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
        # Each saved article also queued its matching task (USE encoder, index): wait for those too.
        queue = var / "broker" / "queue"
        wait_idle(matcher.pid, lambda: not any(queue.iterdir()), interval=1.5)
        matched = time.perf_counter() - started
        peak, peak_matcher = peak_rss_mb(worker.pid), peak_rss_mb(matcher.pid)
    finally:
        for proc in (worker, matcher):
            proc.terminate()
        for proc in (worker, matcher):
            proc.wait(timeout=30)
    worst = max(peak, peak_matcher)
    print(f"Worker memory, {len(pages)} articles through real workers (solo pool), jobs: {done.stdout.strip()}")
    print(f"  {'':34} {'idle':>9} {'peak':>9}   (target <= {TARGET_MB} MB a worker)")
    print(f"  {'extraction worker (-Q celery)':34} {idle:6.1f} MB {peak:6.1f} MB")
    print(f"  {'matching worker (-Q matching)':34} {idle_matcher:6.1f} MB {peak_matcher:6.1f} MB")
    print(f"  ratio of the larger peak to the target     {worst / TARGET_MB:7.2f}")
    print(f"  wall time: {elapsed:.1f} s for the jobs, {matched:.1f} s with their matching")
    return 0


if __name__ == "__main__":
    sys.exit(main())
