"""Capacity model (issue 27): what one process of each role does per second on this machine, and
how many processes and hosts a network of desks needs for 10,000, 100,000 and 1,000,000 articles
a day.

Measured here, each on one core (``pin_one_core``), in this one process:

  extraction   articles/s through the whole pipeline (parse → … → dedup) over the real pages of
               ../shared/data/articles/extraction_benchmark (topped up with the sample article),
               and check-worthy claims per article
  matching     articles/s of what the matching worker does per article: embed its check-worthy
               claims, add them, rank each against the pool of the 14,231 real CheckThat! 2022
               claims from the desk's suggest threshold up (bench/matching.py: the pool at 1M)
  journal      the matching journal in PostgreSQL (claims.services.matching): entries/s written,
               entries/s replayed by another process, the cost of a catch-up that finds nothing
               (what every search pays once per VERIFY_MATCH_SYNC_SECONDS), the snapshot's bytes
               per document and the seconds a host that starts empty needs to load it
  memory       resident MB a copy of the index adds per 1,000 documents (each process holds one)
  postgres     bytes per claim in PostgreSQL (table, indexes, the queue's GIN) over 50,000 rows
  web          requests/s of one web process (Django's test client in this process: no HTTP
               server, so an upper bound; bench/api_claims_list.py measures gunicorn itself) for
               GET /api/v1/claims/?page_size=50 over 2,000 claims and POST /api/v1/match over their index

Then the model: for D articles a day, with a peak hour at ``--peak`` times the day's mean rate,
processes = ceil(D / 86,400 × peak / rate) per role; web load = ``--requests-per-article`` API
requests per article (ingest, job polls, claim lists, searches and the desk's pages); hosts =
processes / ``--cores`` (one process a core). Claims a day, and the days to 10M claims, follow from
the measured claims per article.

Uses PostgreSQL at 127.0.0.1:5432 (database verify_bench_capacity, emptied first).

    .venv/bin/python bench/capacity.py [--articles 60] [--peak 3] [--requests-per-article 20] [--cores 4]

Two parts run alone, without the database:

  --pools SIZES   matching at large pools: per size (≥ 50,000, comma-separated) and HNSW vector type
                  (``--dtypes``, default i8), a child process builds bench/matching.py's synthetic pool
                  and measures the matching worker's per-article work on one core (wall and CPU time)
                  and the copy's resident memory; then fits of the search cost and memory against the
                  pool, extrapolated to 10M (arithmetic), and the matching workers each volume needs.
                  About 1 GB of memory and 3 minutes per 300,000 claims with i8 (1M: 4 GB, 14 minutes).
  --broker N      the broker round trip of N searches through the queue: a real Celery worker (solo,
                  Redis 127.0.0.1:6379/13 as broker and result backend) against the same searches in
                  this process.

    .venv/bin/python bench/capacity.py --pools 100000,300000,1000000 [--dtypes i8,f16,f32] [--articles 30]
    .venv/bin/python bench/capacity.py --broker 202
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import pin_one_core, postgres_database  # noqa: E402

pin_one_core()
from celery import shared_task  # noqa: E402

DAY = 86_400
BROKER = "redis://127.0.0.1:6379/13"  # --broker: the queue and the result backend
SEARCH_QUEUE = "bench-capacity-search"
VOLUMES = (10_000, 100_000, 1_000_000)
TEN_MILLION = 10_000_000


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.test_settings")
    os.environ.setdefault("VERIFY_VAR_DIR", str(ROOT / "var" / "bench-capacity"))
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.update({"API_THROTTLE_TOKEN": "1000000/min"})  # measure the process, not the per-token limit
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def extraction(n: int) -> dict:
    from bench.pipeline import corpus
    from claims.extraction import pipeline

    pages = [html for _name, html in corpus(n)]
    pipeline.extract(pipeline.parse(html_text=pages[0]), default_claimant="the article")  # warm up
    started, checkworthy, claims = time.perf_counter(), [], []
    for html in pages:
        result = pipeline.extract(pipeline.parse(html_text=html), default_claimant="the article")
        claims.append(result.claims)
        checkworthy.append(sum(1 for c in result.claims if c.checkworthy))
    seconds = time.perf_counter() - started
    return {
        "articles": len(pages),
        "articles_per_s": len(pages) / seconds,
        "checkworthy_per_article": statistics.mean(checkworthy),
        "claims": claims,
    }


def match_articles(index, articles: list[list[tuple[str, str]]], *, passes: int = 0) -> dict:
    """What the matching worker does per article, over ``index``: embed the article's check-worthy
    claims ((text, sentence) pairs), add them, rank each against the pool from the desk's suggest
    threshold up. Articles/s, and the ranking alone in claim searches/s (what grows with the pool).

    Also the CPU seconds this process spent (all of it single-threaded), which other jobs on the core
    do not inflate: ``passes`` more rankings of every article's claims (nothing added) give the
    ranking's CPU cost as their fastest pass."""
    from claims.matching.index import Document, embed
    from claims.selectors import match_thresholds

    suggest = match_thresholds()[0]
    articles = [a for a in articles if a]
    index.search_indexed([index.ids[0]], k=30)  # warm up
    searching, claims, batches = 0.0, 0, []
    started, cpu = time.perf_counter(), time.process_time()
    for n, found in enumerate(articles):
        ids = [f"claim:bench-{n}-{i}" for i in range(len(found))]
        documents = [Document(i, text, sentence) for i, (text, sentence) in zip(ids, found, strict=True)]
        vec_text, vec_title = embed(documents, index.encoder)
        index.add_vectors(documents, vec_text, vec_title)
        t0 = time.perf_counter()
        index.search_indexed(ids, k=30, exclude=frozenset(ids), min_same=suggest)
        searching += time.perf_counter() - t0
        claims += len(ids)
        batches.append(ids)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    out = {
        "pool": len(index),
        "articles": len(articles),
        "articles_per_s": len(articles) / seconds,
        "claims": claims,
        "searches_per_s": claims / searching,
        "cpu_s_per_article": cpu / len(articles),
    }
    ranking = []
    for _ in range(passes):
        t0 = time.process_time()
        for ids in batches:
            index.search_indexed(ids, k=30, exclude=frozenset(ids), min_same=suggest)
        ranking.append(time.process_time() - t0)
    if ranking:
        out["cpu_ms_per_search"] = min(ranking) / claims * 1000
    return out


def checkworthy_pairs(per_article: list[list]) -> list[list[tuple[str, str]]]:
    return [[(c.text, c.sentence) for c in claims if c.checkworthy] for claims in per_article]


def matching(per_article: list[list]) -> dict:
    from bench.matching import real_index

    before = rss_mb()
    index, _docs = real_index(Path(os.environ["VERIFY_VAR_DIR"]))
    memory = rss_mb() - before
    return {
        **match_articles(index, checkworthy_pairs(per_article)),
        "memory_mb_per_1000": memory / len(index) * 1000,
        "index": index,
    }


def pool_one(size: int, dtype: str, articles_file: Path) -> dict:
    """One pool size and HNSW vector type, in a child process of its own (its memory is its own):
    the synthetic pool of bench/matching.py, built on every core as the index builds it (usearch,
    2 threads), then the matching worker's per-article work measured on one core."""
    import django

    from bench.matching import synthetic_pool

    django.setup()
    os.sched_setaffinity(0, range(os.cpu_count() or 1))
    pool = synthetic_pool(size, ann_dtype=dtype)
    pin_one_core()
    index = pool["index"]
    graph = int(index.ann.memory_usage) if index.uses_ann else 0
    articles = json.loads(articles_file.read_text(encoding="utf-8"))
    figures = match_articles(index, articles, passes=3)
    return {
        **figures,
        "size": size,
        "dtype": dtype,
        "hnsw": index.uses_ann,
        "build_s": pool["build_s"],
        "memory_mb": pool["memory_mb"],
        "graph_bytes_per_doc": graph / size,
        "load": os.getloadavg()[0],
    }


def fit_log(sizes: list[float], values: list[float]) -> tuple[float, float]:
    """Least squares value = a + b·ln(size) (an HNSW search walks about log n layers and hops)."""
    import numpy as np

    b, a = np.polyfit(np.log(sizes), values, 1)
    return float(a), float(b)


def pools(sizes: list[int], dtypes: list[str], n_articles: int, *, peak: float) -> int:
    """Matching at large pools (``--pools``): per size and vector type, a child process builds the
    pool and measures it; then the fits and the arithmetic to 10M, and the matching workers a volume
    needs at each pool."""
    import subprocess
    import tempfile

    import numpy as np

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.test_settings")
    os.environ.setdefault("VERIFY_VAR_DIR", str(ROOT / "var" / "bench-capacity"))
    import django

    django.setup()  # match_thresholds reads the settings (no database needed: the index is in memory)
    figures = extraction(n_articles)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles.json"
        articles.write_text(json.dumps(checkworthy_pairs(figures["claims"])), encoding="utf-8")
        print(
            f"matching at large pools: {figures['articles']} real articles, "
            f"{figures['checkworthy_per_article']:.1f} check-worthy claims each; pools of the real 2A claims "
            "perturbed (bench/matching.py); searches on one core, builds on every core"
        )
        print(
            f"{'claims':>10} {'graph':>5} {'build s':>7} {'index MB':>8} {'MB/1000':>7} {'graph B/doc':>11} "
            f"{'articles/s':>10} {'searches/s':>10} | {'CPU ms/art':>10} {'CPU ms/search':>13} {'load':>5}"
        )
        for size in sizes:
            for dtype in dtypes:
                done = subprocess.run(
                    [sys.executable, __file__, "--pool-one", f"{size}:{dtype}:{articles}"],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode:
                    print(done.stderr[-2000:], file=sys.stderr)
                    return 1
                r = json.loads(done.stdout.strip().splitlines()[-1])
                rows.append(r)
                print(
                    f"{size:>10,} {dtype:>5} {r['build_s']:7.0f} {r['memory_mb']:8.0f} "
                    f"{r['memory_mb'] / size * 1000:7.2f} {r['graph_bytes_per_doc']:11.0f} "
                    f"{r['articles_per_s']:10.2f} {r['searches_per_s']:10.1f} | "
                    f"{r['cpu_s_per_article'] * 1000:10.0f} {r['cpu_ms_per_search']:13.2f} {r['load']:5.1f}",
                    flush=True,
                )
    print(
        "articles/s and searches/s: wall clock on a core shared with other jobs; CPU: this process's own "
        "seconds (one thread), the ranking's the fastest of 3 passes — a core to itself does 1000 / CPU ms"
    )
    for dtype in dtypes:
        mine = [r for r in rows if r["dtype"] == dtype]
        if len(mine) < 2:
            continue
        n = [float(r["size"]) for r in mine]
        a, b = fit_log(n, [r["cpu_ms_per_search"] for r in mine])
        search_10m = a + b * np.log(TEN_MILLION)
        alpha, log_c = np.polyfit(np.log(n), np.log([r["cpu_ms_per_search"] for r in mine]), 1)
        power_10m = float(np.exp(log_c) * TEN_MILLION**alpha)
        claims_per_article = mine[-1]["claims"] / mine[-1]["articles"]
        rest = statistics.mean(
            r["cpu_s_per_article"] * 1000 - r["cpu_ms_per_search"] * r["claims"] / r["articles"] for r in mine
        )  # embedding and adding: the same at every pool
        article_10m = (rest + search_10m * claims_per_article) / 1000
        slope, intercept = np.polyfit(n, [r["memory_mb"] for r in mine], 1)
        print(
            f"\n{dtype}, arithmetic on the measured sizes (fits, not measurements): CPU ms a claim search = "
            f"{a:.2f} + {b:.2f}·ln(claims) → {search_10m:.1f} ms at 10M (as a power, claims^{alpha:.2f}: "
            f"{power_10m:.1f} ms); an article ({claims_per_article:.1f} "
            f"claims; embedding and adding them {rest:.0f} ms) → {article_10m * 1000:.0f} CPU ms, "
            f"{1 / article_10m:.2f} articles/s a core; index copy {slope * 1000:.2f} MB per 1,000 claims "
            f"+ {intercept:.0f} MB → {(slope * TEN_MILLION + intercept) / 1024:.1f} GB at 10M"
        )
        print(
            f"  matching workers (one a core, peak {peak}× the mean) by pool: "
            + "; ".join(
                f"{per_day:,}/day: "
                + ", ".join(
                    f"{math.ceil(per_day / DAY * peak * seconds)} at {label}"
                    for label, seconds in [(f"{r['size']:,}", r["cpu_s_per_article"]) for r in mine]
                    + [("10M (fit)", article_10m)]
                )
                for per_day in VOLUMES
            )
        )
    return 0


def journal(index, entries: int) -> dict:
    import numpy as np
    from django.db import connection

    from claims.matching.index import Document, MatchIndex
    from claims.models import MatchJournalEntry, MatchSnapshot
    from claims.services import match_index

    match_index.drop_local_copy()
    rows = list(range(min(entries, len(index.ids))))
    documents = [Document(f"claim:{10_000_000 + r}", index.texts[r], index.titles[r]) for r in rows]
    vec_text, vec_title = index.vec_text[rows], index.vec_title[rows]
    started = time.perf_counter()
    for start in range(0, len(documents), 10):  # an article's claims at a time, as the worker writes them
        match_index.journal_append(
            documents[start : start + 10], vec_text[start : start + 10], vec_title[start : start + 10]
        )
    write_s = time.perf_counter() - started
    empty = MatchIndex(encoder=index.encoder)
    copy = match_index.LocalCopy(empty, 0, 0, 0, 0.0)
    MatchSnapshot.objects.create(token=uuid.uuid4().hex, upto=0, documents=0, encoder=index.encoder.name, size=0)
    started = time.perf_counter()
    match_index._catch_up("bench", copy)
    replay_s = time.perf_counter() - started
    assert len(empty) == len(documents), (len(empty), len(documents))
    idle = []
    for _ in range(200):
        t0 = time.perf_counter()
        match_index._catch_up("bench", copy)
        idle.append((time.perf_counter() - t0) * 1000)
    MatchSnapshot.objects.all().delete()
    MatchJournalEntry.objects.all().delete()
    # A snapshot of the whole pool through the database, and a host that starts empty loading it.
    started = time.perf_counter()
    pk = match_index._publish(index, upto=0, rebuilt=True)
    publish_s = time.perf_counter() - started
    snapshot = MatchSnapshot.objects.get(pk=pk)
    for old in match_index.index_dir().glob("snapshot-*"):
        import shutil

        shutil.rmtree(old)
    started = time.perf_counter()
    loaded = match_index._download(snapshot)
    load_s = time.perf_counter() - started
    assert len(loaded) == len(index) and np.array_equal(loaded.vec_text[:5], index.vec_text[:5])
    return {
        "vendor": connection.vendor,
        "entries": len(documents),
        "write_per_s": len(documents) / write_s,
        "replay_per_s": len(documents) / replay_s,
        "idle_catch_up_ms": float(np.percentile(idle, 50)),
        "snapshot_bytes_per_doc": snapshot.size / len(index),
        "snapshot_publish_s": publish_s,
        "snapshot_load_s": load_s,
        "snapshot_docs": len(index),
    }


def web(seconds: float, index) -> dict:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from claims.models import Article, Claim, MatchSnapshot
    from claims.services import match_index
    from claims.services.tokens import token_create

    user = User.objects.create_user("bench-capacity")
    user.groups.add(Group.objects.get(name="checker"))
    key = token_create(user=user, name="bench", scopes=["read"], actor=user)[1]
    article = Article.objects.create(title="bench", text="x", content_hash="bench", source_kind="text")
    texts = [f"{index.texts[i]} ({i})" for i in range(2000)]
    Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                text=t,
                sentence=t,
                start=0,
                end=len(t),
                sentence_start=0,
                sentence_end=len(t),
                fingerprint=f"bench-{i}",
                claimant="The minister",
                claim_type="quantity",
                score=0.9,
                checkworthy=True,
                priority=0.9,
            )
            for i, t in enumerate(texts)
        ]
    )
    MatchSnapshot.objects.all().delete()
    match_index.drop_local_copy()
    match_index.index_rebuild()  # the desk's index of those claims, as a snapshot every web process loads
    match_index.drop_local_copy()  # this "web process" starts empty: its first search loads the snapshot
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    out = {}
    for name, call in (
        ("claims_list", lambda: client.get("/api/v1/claims/?page_size=50")),
        (
            "match",
            lambda: client.post(
                "/api/v1/match", {"text": "5G towers spread the coronavirus"}, content_type="application/json"
            ),
        ),
    ):
        assert call().status_code == 200, call().content[:300]
        n, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            status = call().status_code
            if status != 200:
                raise SystemExit(f"{name}: HTTP {status} during the measurement")
            n += 1
        out[f"{name}_per_s"] = n / (time.perf_counter() - started)
    return out


_search_pool = None


@shared_task(name="bench.capacity.search", ignore_result=False, acks_late=False)
def search_task(text: str) -> list[list]:
    """A search through the queue (``--broker``): the worker's copy of the real pool, the top 5 as [id, score]."""
    global _search_pool
    if _search_pool is None:
        from bench.matching import real_index

        _search_pool = real_index(Path(os.environ["VERIFY_VAR_DIR"]))[0]
    return [[m.id, m.score] for m in _search_pool.search(text, k=5)]


def broker(runs: int) -> int:
    """The broker round trip of a search through the queue (``--broker``): the same searches (dev-test
    tweets over the real 2A pool) in this process, as a web process holding its copy does them, and
    sent to a real Celery worker (solo pool, its own copy, a queue of its own on Redis) with a Redis
    result backend, the caller waiting for the answer as a web process would. Both on one core; the
    worker idle (no article queued ahead). Redis database 13; each result is deleted once read."""
    import subprocess

    import numpy as np

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "verify.settings",
        "CELERY_BROKER_URL": BROKER,
        "REDIS_URL": BROKER,
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "VERIFY_VAR_DIR": os.environ.get("VERIFY_VAR_DIR", str(ROOT / "var" / "bench-capacity")),
    }
    os.environ.update(env)
    import django

    django.setup()
    from bench.matching import DATA, real_index
    from claims.matching.pool import read_queries
    from verify.celery import app

    app.conf.result_backend = BROKER
    queries = [t for _q, t in read_queries(DATA / "dev_test_queries.tsv")][:runs]
    index = real_index(Path(env["VERIFY_VAR_DIR"]))[0]
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "verify",
            "--result-backend",
            BROKER,
            "worker",
            "--pool",
            "solo",
            "-Q",
            SEARCH_QUEUE,
            "-I",
            "bench.capacity",
            "-n",
            f"{SEARCH_QUEUE}@%h",
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
    try:

        def through_queue(text: str) -> list:
            result = search_task.apply_async(args=[text], queue=SEARCH_QUEUE)
            try:
                return result.get(timeout=300)
            finally:
                result.forget()

        started = time.perf_counter()
        through_queue(queries[0])  # the worker has started and loaded its copy
        print(f"worker ready, its copy loaded, in {time.perf_counter() - started:.0f} s")
        index.search(queries[0], k=5)
        local, queued, differ = [], [], 0
        for text in queries:
            t0 = time.perf_counter()
            here = [[m.id, m.score] for m in index.search(text, k=5)]
            t1 = time.perf_counter()
            there = through_queue(text)
            t2 = time.perf_counter()
            differ += [i for i, _s in there] != [i for i, _s in here]  # the same pool, the same answer
            local.append((t1 - t0) * 1000)
            queued.append((t2 - t1) * 1000)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    overhead = np.array(queued) - np.array(local)
    print(
        f"a search over {len(index):,} claims, {len(queries)} dev-test tweets, one core, load "
        f"{os.getloadavg()[0]:.1f}: in this process p50 {np.percentile(local, 50):.1f} ms "
        f"(p95 {np.percentile(local, 95):.1f}); through the queue p50 {np.percentile(queued, 50):.1f} ms "
        f"(p95 {np.percentile(queued, 95):.1f}); the round trip (the difference, per search) p50 "
        f"{np.percentile(overhead, 50):.1f} ms (p95 {np.percentile(overhead, 95):.1f}); answers that differ: "
        f"{differ}"
    )
    return 1 if differ else 0


def postgres_sizes(index, claims: int) -> dict:
    """Bytes a check-worthy claim takes in PostgreSQL (its row with TOAST, its B-tree indexes, the
    queue's full-text GIN index) and a journal entry, measured over ``claims`` rows of real claim texts."""
    from django.db import connection

    from claims.models import Article, Claim

    article = Article.objects.create(title="sizes", text="x", content_hash="sizes", source_kind="text")
    texts = [index.texts[i % len(index.texts)] for i in range(claims)]
    Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                text=t,
                sentence=t,
                start=0,
                end=len(t),
                sentence_start=0,
                sentence_end=len(t),
                fingerprint=f"sizes-{i}",
                claimant="The minister",
                claim_type="quantity",
                score=0.9,
                checkworthy=True,
                priority=0.9,
            )
            for i, t in enumerate(texts)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_claim")
        cursor.execute(
            "SELECT COUNT(*), pg_table_size('claims_claim'), pg_indexes_size('claims_claim'), "
            "pg_relation_size('claim_search_idx') FROM claims_claim"
        )
        rows, table, indexes, gin = cursor.fetchone()
    return {
        "claims": rows,
        "table_bytes_per_claim": table / rows,
        "indexes_bytes_per_claim": indexes / rows,
        "gin_bytes_per_claim": gin / rows,
    }


def model(figures: dict, *, peak: float, requests_per_article: float, cores: int) -> list[dict]:
    rows = []
    for per_day in VOLUMES:
        rate = per_day / DAY * peak
        extract = math.ceil(rate / figures["extraction"]["articles_per_s"])
        match = math.ceil(rate / figures["matching"]["articles_per_s"])
        webs = math.ceil(rate * requests_per_article / figures["web"]["claims_list_per_s"])
        claims_per_day = per_day * figures["extraction"]["checkworthy_per_article"]
        rows.append(
            {
                "articles_per_day": per_day,
                "peak_articles_per_s": rate,
                "extraction_workers": extract,
                "matching_workers": match,
                "web_processes": webs,
                "hosts": math.ceil((extract + match + webs) / cores),
                "checkworthy_claims_per_day": claims_per_day,
                "days_to_10M_claims": TEN_MILLION / claims_per_day,
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--journal-entries", type=int, default=5000)
    parser.add_argument("--web-seconds", type=float, default=10.0)
    parser.add_argument("--size-claims", type=int, default=50_000)
    parser.add_argument("--peak", type=float, default=3.0)
    parser.add_argument("--requests-per-article", type=float, default=20.0)
    parser.add_argument("--cores", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pools", help="only matching at these pool sizes, comma-separated (e.g. 100000,300000)")
    parser.add_argument(
        "--dtypes", default="i8", help="with --pools: HNSW vector types, comma-separated (default i8, the index's)"
    )
    parser.add_argument("--pool-one", help=argparse.SUPPRESS)
    parser.add_argument(
        "--broker",
        type=int,
        metavar="SEARCHES",
        help="only the broker round trip of this many searches through the queue (at most 202)",
    )
    args = parser.parse_args()
    if args.broker is not None:
        if not 1 <= args.broker <= 202:
            parser.error("--broker takes 1 to 202 searches (the dev-test tweets)")
        return broker(args.broker)
    if args.pool_one:  # SIZE:DTYPE:ARTICLES_JSON, a child of --pools
        size, dtype, articles = args.pool_one.split(":", 2)
        print(json.dumps(pool_one(int(size), dtype, Path(articles))))
        return 0
    if args.pools:
        from claims.matching.index import ANN_DTYPES, ANN_THRESHOLD

        try:
            sizes = [int(s) for s in args.pools.split(",")]
        except ValueError:
            parser.error(f"--pools must be pool sizes separated by commas, not {args.pools!r}")
        if min(sizes) < ANN_THRESHOLD:
            parser.error(f"--pools sizes must be at least {ANN_THRESHOLD:,} (below it the index has no HNSW graph)")
        dtypes = args.dtypes.split(",")
        if unknown := [d for d in dtypes if d not in ANN_DTYPES]:
            parser.error(f"--dtypes: unknown {', '.join(unknown)}; choose from {', '.join(ANN_DTYPES)}")
        return pools(sizes, dtypes, args.articles, peak=args.peak)
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS verify_bench_capacity WITH (FORCE)")  # emptied first
    setup_django(postgres_database("verify_bench_capacity"))
    figures = {"extraction": extraction(args.articles)}
    figures["matching"] = matching(figures["extraction"].pop("claims"))
    index = figures["matching"].pop("index")
    figures["journal"] = journal(index, args.journal_entries)
    figures["web"] = web(args.web_seconds, index)
    figures["postgres"] = postgres_sizes(index, args.size_claims)
    rows = model(figures, peak=args.peak, requests_per_article=args.requests_per_article, cores=args.cores)
    memory_10m_gb = figures["matching"]["memory_mb_per_1000"] * TEN_MILLION / 1000 / 1024
    if args.json:
        print(json.dumps({"figures": figures, "model": rows, "memory_10m_gb": memory_10m_gb}, indent=1))
        return 0
    e, m, j, w = (figures[k] for k in ("extraction", "matching", "journal", "web"))
    print(
        f"extraction  {e['articles_per_s']:.2f} articles/s per worker ({e['articles']} articles, "
        f"{e['checkworthy_per_article']:.1f} check-worthy claims each)"
    )
    print(
        f"matching    {m['articles_per_s']:.2f} articles/s per worker (pool {m['pool']:,}); "
        f"index copy {m['memory_mb_per_1000']:.2f} MB per 1,000 documents → {memory_10m_gb:.1f} GB at 10M"
    )
    print(
        f"journal     ({j['vendor']}) write {j['write_per_s']:.0f} entries/s, replay {j['replay_per_s']:.0f} "
        f"entries/s, idle catch-up {j['idle_catch_up_ms']:.2f} ms; snapshot {j['snapshot_bytes_per_doc']:.0f} "
        f"bytes/document, {j['snapshot_docs']:,} documents published in {j['snapshot_publish_s']:.1f} s and "
        f"loaded in {j['snapshot_load_s']:.1f} s"
    )
    print(
        f"web         {w['claims_list_per_s']:.0f} claim-list requests/s, {w['match_per_s']:.1f} searches/s "
        "per process (in-process client)"
    )
    p = figures["postgres"]
    per_claim = p["table_bytes_per_claim"] + p["indexes_bytes_per_claim"]
    print(
        f"postgres    per claim ({p['claims']:,} rows): table {p['table_bytes_per_claim']:.0f} B, indexes "
        f"{p['indexes_bytes_per_claim']:.0f} B (of which the queue's GIN {p['gin_bytes_per_claim']:.0f} B) → "
        f"{per_claim * TEN_MILLION / 2**30:.1f} GB for 10M claims, without their events and matches"
    )
    print(
        f"model: peak {args.peak}× the mean, {args.requests_per_article:g} API requests per article, "
        f"{args.cores} cores per host"
    )
    print(
        f"{'articles/day':>13} {'peak art/s':>10} {'extract':>8} {'match':>6} {'web':>5} {'hosts':>6} "
        f"{'claims/day':>11} {'days→10M':>9}"
    )
    for r in rows:
        print(
            f"{r['articles_per_day']:>13,} {r['peak_articles_per_s']:>10.2f} {r['extraction_workers']:>8} "
            f"{r['matching_workers']:>6} {r['web_processes']:>5} {r['hosts']:>6} "
            f"{r['checkworthy_claims_per_day']:>11,.0f} {r['days_to_10M_claims']:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
