"""Does matching slow the extraction pipeline? Measured through real workers, as deployed.

Issue 8: matching a new claim must not slow the extraction pipeline by more
than 20 %. Matching runs after an article's claims are saved, as its own task
on its own queue ("matching") served by its own worker (`make run`,
docker-compose), so it never runs inside the extraction chain. This measures
the extraction pipeline end to end — job created → fetched → cleaned →
segmented → scored → saved — through a real extraction worker (`-Q celery`,
solo pool), with and without the matching worker running beside it on the
same two cores and the same PostgreSQL:

    off   the extraction worker alone (matching tasks wait in their queue)
    on    the extraction worker and the matching worker (`-Q matching`), which
          indexes and matches every article's check-worthy claims against a
          desk of the 14,231 real CheckThat! 2022 claims (imported reviews)

Each round ingests the same 200 articles (the real pages of
../shared/data/articles/extraction_benchmark, topped up with variations of the
sample article) into an emptied desk, and the index is reset to the 14,231
reviews before every round. Rounds alternate off/on (3 each); reported are the
median wall time until every job is saved and the median job latency, and
their ratios on/off (target: both ≤ 1.20). Also printed: how long the matching worker
needed to finish (claims in the queue are matched in the background).

Uses PostgreSQL at 127.0.0.1:5432 (database verify_bench_matchworkers, kept
between runs with its imported reviews and their index's snapshot) and
Redis at 127.0.0.1:6379 (database 9, emptied first). The index's snapshot of the reviews is kept
in that database too; each round drops the journal and the snapshots made after it.

    .venv/bin/python bench/matching_workers.py [--articles 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import SHARED, postgres_database, wait_idle  # noqa: E402

DB = "verify_bench_matchworkers"
REDIS = "redis://127.0.0.1:6379/9"
TARGET = 1.20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pool_file = SHARED / "matching" / "clef2022_2a" / "vclaims.jsonl.gz"
    if not pool_file.is_file():
        print(f"Benchmark data not found in {pool_file.parent} (set VERIFY_SHARED_DATA)", file=sys.stderr)
        return 1
    var = Path(os.environ.get("VERIFY_VAR_DIR", ROOT / "var")) / "bench" / "matching-workers"
    var.mkdir(parents=True, exist_ok=True)
    index_dir = var / "index"  # the workers' own copy of the snapshot (the index is in the database)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL",)},
        "DJANGO_SETTINGS_MODULE": "verify.settings",
        "DATABASE_URL": postgres_database(DB),
        "REDIS_URL": REDIS,
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "plain",
        "VERIFY_VAR_DIR": str(var),
        "VERIFY_MATCH_INDEX_DIR": str(index_dir),
        "CONN_MAX_AGE": "600",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench.pipeline import corpus
    from claims.models import (
        Article,
        Claim,
        ClaimMatch,
        ExternalReview,
        ExtractionJob,
        MatchJournalEntry,
        MatchSnapshot,
    )
    from claims.services import ingest, match_index
    from verify.celery import app
    from verify.exceptions import ApplicationError

    call_command("migrate", verbosity=0)
    pristine = MatchSnapshot.objects.filter(rebuilt=True).order_by("-pk").first()
    if ExternalReview.objects.count() < 14_000 or pristine is None or pristine.documents < 14_000:
        print("setting up: importing the 14,231 real claims as reviews and indexing them (once) ...", flush=True)
        ExternalReview.objects.all().delete()
        with gzip.open(pool_file, "rt", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        ExternalReview.objects.bulk_create(
            [
                ExternalReview(
                    url=f"https://factcheck.example.org/{r['vclaim_id']}",
                    claim_reviewed=r["vclaim"],
                    headline=(r.get("title") or "")[:1000],
                    publisher_name="Snopes",
                    raw={},
                    content_hash="-",
                )
                for r in rows
            ],
            batch_size=2000,
        )
        match_index.index_rebuild()
        pristine = MatchSnapshot.objects.filter(rebuilt=True).latest("pk")
    pages = [html for _name, html in corpus(args.articles)]

    def empty_desk() -> None:
        ClaimMatch.objects.all().delete()
        ExtractionJob.objects.all().delete()
        Claim.objects.all().delete()  # their appearances and events with them
        Article.objects.all().delete()
        # Back to the reviews' index: its snapshot alone (each round's workers start and load it).
        MatchJournalEntry.objects.all().delete()
        MatchSnapshot.objects.exclude(pk=pristine.pk).delete()
        with app.connection_for_write() as conn:
            conn.default_channel.client.flushdb()

    def worker(queue: str) -> subprocess.Popen:
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
                queue,
                "-n",
                f"{queue}-bench@%h",
                "--loglevel",
                "WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(5)  # connected, models loaded at import
        return proc

    def matching_backlog() -> int:
        with app.connection_for_write() as conn:
            return conn.default_channel.client.llen(settings.MATCHING_QUEUE)

    def one_round(with_matching: bool) -> dict:
        empty_desk()
        connection.close()
        procs = [worker("celery")] + ([worker("matching")] if with_matching else [])
        try:
            started = time.perf_counter()
            ids = []
            for html in pages:
                try:
                    ids.append(ingest.article_ingest(html=html).pk)
                except ApplicationError as exc:  # refused at the door: costs nothing downstream
                    print(f"  (a page was refused: {exc})")
            while ExtractionJob.objects.filter(pk__in=ids, status__in=["queued", "running"]).exists():
                time.sleep(0.1)
            extracted = time.perf_counter() - started
            latencies = [
                (done - created).total_seconds()
                for created, done in ExtractionJob.objects.filter(pk__in=ids, finished_at__isnull=False).values_list(
                    "created_at", "finished_at"
                )
            ]
            matched = None
            if with_matching:
                matched = wait_idle(procs[1].pid, lambda: matching_backlog() == 0, interval=0.5) - started
            statuses = dict(
                collections.Counter(ExtractionJob.objects.filter(pk__in=ids).values_list("status", flat=True))
            )
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            for proc in procs:
                proc.wait(timeout=60)
        return {
            "wall": extracted,
            "latency": statistics.median(latencies),
            "matched": matched,
            "jobs": statuses,
            "matches": ClaimMatch.objects.count(),
        }

    results = {False: [], True: []}
    for n in range(args.rounds):
        for mode in (False, True):
            r = one_round(mode)
            results[mode].append(r)
            print(
                f"  round {n + 1} matching {'on ' if mode else 'off'}: extraction {r['wall']:6.2f} s, "
                f"median job latency {r['latency']:6.2f} s"
                + (f", matching done at {r['matched']:.1f} s ({r['matches']} matches)" if mode else "")
                + f"  jobs {r['jobs']}",
                flush=True,
            )
    empty_desk()
    off_wall = statistics.median(r["wall"] for r in results[False])
    on_wall = statistics.median(r["wall"] for r in results[True])
    off_lat = statistics.median(r["latency"] for r in results[False])
    on_lat = statistics.median(r["latency"] for r in results[True])
    ratio = on_wall / off_wall
    print(
        f"Extraction pipeline through a real worker, {len(pages)} articles, PostgreSQL + Redis, "
        f"desk index of 14,231 claims; medians of {args.rounds} alternating rounds:"
    )
    print(f"  matching off   all saved in {off_wall:6.2f} s   median job latency {off_lat:6.2f} s")
    print(
        f"  matching on    all saved in {on_wall:6.2f} s   median job latency {on_lat:6.2f} s   "
        f"(matching worker done at {statistics.median(r['matched'] for r in results[True]):.1f} s)"
    )
    worst = max(ratio, on_lat / off_lat)
    print(
        f"  ratio on/off   {ratio:.2f}x wall, {on_lat / off_lat:.2f}x latency   "
        f"({'both within' if worst <= TARGET else 'over'} the {TARGET:.2f} target)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
