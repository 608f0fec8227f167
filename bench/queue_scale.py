"""The review queue and the claims API at 1M claims in PostgreSQL, and what 10M claims weigh (issue 27).

Loads ``--claims`` claims (default 1,000,000) into the database ``--database`` (default
``verify_bench_capacity``) on 127.0.0.1:5432 (dropped and migrated first; ``--reuse`` keeps a loaded
one, migrated and vacuumed), in PostgreSQL itself: ``INSERT … SELECT`` over ``generate_series``, with the
claim texts (their titles as sentences) of the
14,231 real CheckThat! 2022 2A claims (a number appended so rows differ), the secondary indexes
dropped during the load and rebuilt after it (as a bulk restore does), foreign-key triggers off for
the load only. Alongside each claim: ``--events-per-claim`` events (default 2: the ``created``
event ingest writes, the ``matched`` event matching writes, with their real JSON data) and
``--matches-per-claim`` matches (default 1; a suggested link to an earlier claim). Claims spread
over 90 days; statuses and scores as a desk's mix (three in four new or triaged).

Then, through Django's test client in this process (server time: routing, queries, templates):
p50/p95 of the queue page as a checker sees it (``/``, default view, and searched ``/?q=``: "vaccine"
is in 1.2 % of the 2A claims, "mask" in 0.5 %, so fewer hits a page's walk in priority order), and of
``GET /api/v1/claims/`` (default page and ``?page_size=50``) with a checker's read token.

With ``--http``, the same requests again through a gunicorn web process of their own (one sync
worker, the same settings, on a free port on 127.0.0.1), over HTTP with the checker's session cookie
and token: what a browser waits for, client to server and back, the server's own time included.

Then PostgreSQL's sizes per table (heap with TOAST, indexes, the queue's full-text GIN and its stored
search document), per claim, and × 10M / N: the largest table at 10M is the first to partition.

    nice -n 10 .venv/bin/python bench/queue_scale.py [--claims 1000000] [--runs 30] [--reuse] [--http]
                                                     [--database NAME]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import SHARED  # noqa: E402

DB = "verify_bench_capacity"
POOL = SHARED / "matching" / "clef2022_2a" / "vclaims.jsonl.gz"
TEN_MILLION = 10_000_000
TABLES = ("claims_claim", "claims_claimevent", "claims_claimmatch")
CLAIMANTS = [
    "Moscow",
    "Joe Biden",
    "NATO",
    "the ministry",
    "the mayor",
    "the opposition",
    "a senator",
    "the central bank",
    "the governor",
    "the union",
    "the prime minister",
    "the police chief",
]


def fresh_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(name: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.test_settings")
    os.environ.setdefault("VERIFY_VAR_DIR", str(ROOT / "var" / "bench-queue-scale"))
    os.environ.update({"API_THROTTLE_TOKEN": "1000000/min"})  # time the page, not the per-token limit
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that back no constraint (dropped and rebuilt)."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
                      WHERE i.tablename = %s AND NOT EXISTS (
                        SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [table],
    )
    return cursor.fetchall()


def load(claims: int, events_per_claim: int, matches_per_claim: int) -> dict:
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from claims.matching.pool import read_pool

    texts = [(d.text, d.title or d.text) for d in read_pool(POOL).documents if d.text.strip()]
    for name, group in (("bench-checker", "checker"), ("bench-editor", "editor")):
        User.objects.create_user(name).groups.add(Group.objects.get(name=group))
    timings: dict[str, float] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("CREATE TEMP TABLE bench_text (n int PRIMARY KEY, text text, sentence text) ON COMMIT DROP")
        with cursor.copy("COPY bench_text (n, text, sentence) FROM STDIN") as copy:
            for n, (text, sentence) in enumerate(texts):
                copy.write_row((n, text, sentence))
        cursor.execute("CREATE TEMP TABLE bench_claimant (n int PRIMARY KEY, name text) ON COMMIT DROP")
        with cursor.copy("COPY bench_claimant (n, name) FROM STDIN") as copy:
            for n, name in enumerate(CLAIMANTS):
                copy.write_row((n, name))
        dropped = []
        for table in TABLES:
            for name, definition in secondary_indexes(cursor, table):
                cursor.execute(f'DROP INDEX "{name}"')
                dropped.append(definition)
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers for the load
        cursor.execute("""INSERT INTO claims_outlet (name, domain, country, language, reach, created_at)
                          SELECT 'Outlet ' || g, 'outlet' || g || '.example', '', 'en', (g * 37) % 100, now()
                          FROM generate_series(1, 20) g""")
        articles = -(-claims // 5)  # five claims an article, the last one fewer
        cursor.execute(
            """INSERT INTO claims_article (url, canonical_url, title, authors, language, text, content_hash,
                                                      source_kind, extractor_version, is_latest, created_at, outlet_id)
                          SELECT '', '', 'Article ' || g, '[]', 'en', 'Article ' || g, lpad(g::text, 64, '0'),
                                 'text', 'bench', true, now() - (g %% 90) * interval '1 day',
                                 (SELECT min(id) FROM claims_outlet) + g %% 20
                          FROM generate_series(1, %s) g""",
            [articles],
        )
        cursor.execute("SELECT min(id) FROM claims_article")
        first_article = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM auth_user WHERE username = 'bench-checker'")
        checker = cursor.fetchone()[0]
        timings["articles_s"] = time.perf_counter() - started
        started = time.perf_counter()
        # Status: 12 in 20 new, 3 triaged, 2 in review, then awaiting approval, published, dismissed.
        cursor.execute(
            """
            INSERT INTO claims_claim (text, sentence, start, "end", sentence_start, sentence_end, fingerprint,
                claimant, claim_type, score, reason, checkworthy, priority, status, dismiss_reason, dismiss_note,
                extractor_version, version, created_at, updated_at, article_id, assignee_id, stance, standalone,
                machine_claim_type, machine_claimant, machine_standalone, priority_base, priority_lowered, readers)
            SELECT t.text || ' (' || g || ')', t.sentence, 0, length(t.text) + 3 + length(g::text), 0,
                   greatest(length(t.sentence), length(t.text) + 3 + length(g::text)), md5(g::text),
                   c.name, (ARRAY['quantity','quantity','quantity','prediction','causal','other'])[1 + g % 6],
                   s.score, 'Names a number about a public body.', s.score >= 0.3, s.score, st.status,
                   CASE WHEN st.status = 'dismissed' THEN 'not_important' ELSE '' END, '', 'bench', 1,
                   now() - (g % 90) * interval '1 day' - (g % 1440) * interval '1 minute', now(),
                   %(first)s + (g - 1) / 5,
                   CASE WHEN st.status IN ('in_review', 'awaiting_approval', 'published') THEN %(checker)s END,
                   '', '', '', '', '', s.score, false, 0
            FROM generate_series(1::bigint, %(n)s) g
            JOIN bench_text t ON t.n = g %% %(texts)s
            JOIN bench_claimant c ON c.n = g %% 12
            CROSS JOIN LATERAL (SELECT ((g * 7919) %% 1000) / 1000.0 AS score) s
            CROSS JOIN LATERAL (SELECT (ARRAY['new','new','new','new','new','new','new','new','new','new','new',
                'new','triaged','triaged','triaged','in_review','in_review','awaiting_approval','published',
                'dismissed'])[1 + (g * 31) %% 20] AS status) st
        """.replace("%(first)s", str(int(first_article)))
            .replace("%(checker)s", str(int(checker)))
            .replace("%(n)s", str(int(claims)))
            .replace("%(texts)s", str(len(texts)))
            .replace("%%", "%")
        )
        timings["claims_s"] = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute("SELECT min(id), max(id) FROM claims_claim")
        low, high = cursor.fetchone()
        if matches_per_claim:
            cursor.execute(
                """
                INSERT INTO claims_claimmatch (score, tier, decision, created_at, claim_id, matched_claim_id)
                SELECT 0.5 + ((c.id * 13 + k) %% 500) / 1000.0, 'suggest', 'pending', c.created_at, c.id,
                       %s + (c.id - %s + 1 + k * 7919) %% (%s - %s + 1)
                FROM claims_claim c CROSS JOIN generate_series(1, %s) k
            """,
                [low, low, high, low, matches_per_claim],
            )
        if events_per_claim:
            cursor.execute("""
                INSERT INTO claims_claimevent (kind, move, from_status, to_status, note, data, created_at, claim_id)
                SELECT 'created', '', '', 'new', '',
                       jsonb_build_object('article', c.article_id, 'job', c.article_id, 'score', c.score),
                       c.created_at, c.id FROM claims_claim c""")
        if events_per_claim > 1:
            cursor.execute(
                """
                INSERT INTO claims_claimevent (kind, move, from_status, to_status, note, data, created_at, claim_id)
                SELECT 'matched', '', '', '', '',
                       jsonb_build_object('match', m.id, 'score', m.score, 'tier', m.tier,
                                          'matched_claim', m.matched_claim_id, 'external_review', null),
                       m.created_at, m.claim_id
                FROM claims_claimmatch m JOIN generate_series(2, %s) k ON true""",
                [events_per_claim],
            )
        timings["events_matches_s"] = time.perf_counter() - started
        started = time.perf_counter()
        for definition in dropped:
            cursor.execute(definition)
        timings["indexes_s"] = time.perf_counter() - started
        # The load ran without foreign-key triggers: check every reference by hand.
        for child, column, parent in (
            ("claims_claim", "article_id", "claims_article"),
            ("claims_claimevent", "claim_id", "claims_claim"),
            ("claims_claimmatch", "claim_id", "claims_claim"),
            ("claims_claimmatch", "matched_claim_id", "claims_claim"),
        ):
            cursor.execute(
                f"SELECT COUNT(*) FROM {child} x WHERE NOT EXISTS "  # noqa: S608 - our own names
                f"(SELECT 1 FROM {parent} p WHERE p.id = x.{column})"
            )
            if dangling := cursor.fetchone()[0]:
                raise SystemExit(f"bench load broken: {dangling} {child}.{column} point nowhere")
    started = time.perf_counter()
    vacuum()
    timings["vacuum_s"] = time.perf_counter() - started
    return timings


def vacuum() -> None:
    """Visibility maps and statistics as a table settled by autovacuum has: the counts are index-only
    scans only once the visibility map is set, and a migration that rewrites a table clears it."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (*TABLES, "claims_article"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def timed(call, runs: int) -> tuple[float, float]:
    for _ in range(3):  # warm the connection and caches
        response = call()
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code}: {response.content[:300]!r}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code} during the measurement")
    times.sort()
    return statistics.median(times), times[max(0, int(round(len(times) * 0.95)) - 1)]


def where_the_time_goes(call) -> str:
    """One more request with its SQL captured: the query count, the SQL's share, the slowest statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        call()
        total = time.perf_counter() - started
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    sql = sum(float(q["time"]) for q in queries)
    slowest = "; ".join(f"{float(q['time']) * 1000:.0f} ms {' '.join(q['sql'].split()[:8])[:90]}…" for q in queries[:3])
    return f"{len(queries)} queries, SQL {sql * 1000:.0f} of {total * 1000:.0f} ms; slowest: {slowest}"


PAGES = (
    ("queue page, default view", "page", "/"),
    ("queue page, searched (?q=vaccine)", "page", "/?q=vaccine"),
    ("queue page, searched (?q=mask)", "page", "/?q=mask"),
    ("GET /api/v1/claims/", "api", "/api/v1/claims/"),
    ("GET /api/v1/claims/?page_size=50", "api", "/api/v1/claims/?page_size=50"),
)


def pages(runs: int) -> tuple[list[tuple[str, float, float, str]], object, str]:
    """The timed pages in-process, and the checker's logged-in client and read token (for ``--http``)."""
    from django.contrib.auth.models import User
    from django.test import Client

    from claims.services.tokens import token_create

    checker = User.objects.get(username="bench-checker")
    page = Client()
    page.force_login(checker)
    key = token_create(user=checker, name="bench", scopes=["read"], actor=checker)[1]
    clients = {"page": page, "api": Client(HTTP_AUTHORIZATION=f"Token {key}")}
    out = []
    for label, kind, url in PAGES:
        client = clients[kind]
        p50, p95 = timed(lambda c=client, u=url: c.get(u), runs)
        out.append((label, p50, p95, where_the_time_goes(lambda c=client, u=url: c.get(u))))
    return out, page, key


class _Answer:
    def __init__(self, status: int, content: bytes) -> None:
        self.status_code, self.content = status, content


def http_pages(runs: int, session_cookie: str, key: str) -> list[tuple[str, float, float]]:
    """The same pages through a gunicorn process of their own (one sync worker), over HTTP."""
    import http.client
    import socket
    import subprocess

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = ROOT / "var" / "bench-queue-scale-gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "verify.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "120"],
            cwd=ROOT, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start: see {log}") from None
                time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {
            "page": {"Cookie": f"sessionid={session_cookie}", "Host": "127.0.0.1"},
            "api": {"Authorization": f"Token {key}", "Host": "127.0.0.1"},
        }

        def get(kind: str, url: str) -> _Answer:
            connection.request("GET", url, headers=headers[kind])  # one kept-alive connection, as a browser
            response = connection.getresponse()
            return _Answer(response.status, response.read())

        out = []
        for label, kind, url in PAGES:
            p50, p95 = timed(lambda k=kind, u=url: get(k, u), runs)
            out.append((label, p50, p95))
        connection.close()
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def sizes() -> dict[str, dict]:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*), pg_table_size('{table}'), pg_indexes_size('{table}') FROM {table}")  # noqa: S608
            rows, heap, indexes = cursor.fetchone()
            out[table] = {"rows": rows, "heap": heap, "indexes": indexes}
        cursor.execute("SELECT pg_relation_size('claim_search_idx')")
        out["claims_claim"]["gin"] = cursor.fetchone()[0]
        # The queue's stored search document (migration 0036), part of the heap above.
        cursor.execute("SELECT COALESCE(sum(pg_column_size(search_vector)), 0) FROM claims_claim")
        out["claims_claim"]["document"] = cursor.fetchone()[0]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims to load (default 1,000,000)")
    parser.add_argument("--events-per-claim", type=int, default=2, help="events per claim (default 2)")
    parser.add_argument("--matches-per-claim", type=int, default=1, help="matches per claim (default 1)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--reuse", action="store_true", help="keep a database this command loaded before")
    parser.add_argument("--database", default=DB, help=f"the database to (re)create and load (default {DB})")
    parser.add_argument("--http", action="store_true", help="also time the pages through gunicorn over HTTP")
    args = parser.parse_args()
    if not 1_000 <= args.claims <= 20_000_000:
        parser.error("--claims must be between 1,000 and 20,000,000")
    if not 0 <= args.events_per_claim <= 20 or not 0 <= args.matches_per_claim <= 20:
        parser.error("--events-per-claim and --matches-per-claim must be between 0 and 20")
    if args.events_per_claim > 1 and not args.matches_per_claim:
        parser.error("events beyond the first are the matches' events: --matches-per-claim must be at least 1")
    if not 5 <= args.runs <= 1_000:
        parser.error("--runs must be between 5 and 1,000")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.database) or args.database in (
        "postgres",
        "template0",
        "template1",
    ):
        parser.error("--database must be a lower-case PostgreSQL name of our own (it is dropped and recreated)")
    if not POOL.is_file():
        print(f"2A pool not found at {POOL} (set VERIFY_SHARED_DATA): its texts are the claims' texts", file=sys.stderr)
        return 1
    started = time.perf_counter()
    if not args.reuse:
        fresh_database(args.database)
    setup_django(args.database)
    from claims.models import Claim

    have = Claim.objects.count()
    if args.reuse and have:
        print(f"Reusing {args.database}: {have:,} claims")
        vacuum()  # after any migration just applied to it
    else:
        if have:
            print(f"{args.database} holds {have:,} claims already: run without --reuse to reload it", file=sys.stderr)
            return 1
        timings = load(args.claims, args.events_per_claim, args.matches_per_claim)
        print(
            f"Loaded {args.claims:,} claims in {sum(timings.values()):.0f} s ("
            + ", ".join(f"{k[:-2]} {v:.0f} s" for k, v in timings.items())
            + ")"
        )
    claims = Claim.objects.count()
    print(f"\nServer time in-process at {claims:,} claims, {args.runs} requests each (a checker; API: read token)")
    print(f"{'':36} {'p50 ms':>8} {'p95 ms':>8}")
    timed_pages, page_client, key = pages(args.runs)
    for label, p50, p95, _sql in timed_pages:
        print(f"{label:36} {p50:8.1f} {p95:8.1f}")
    print("\nWhere the time goes (one more request each, its SQL captured):")
    for label, _p50, _p95, sql in timed_pages:
        print(f"  {label}: {sql}")
    if args.http:
        print(f"\nThrough gunicorn over HTTP (one sync worker, keep-alive), {args.runs} requests each")
        print(f"{'':36} {'p50 ms':>8} {'p95 ms':>8} {'in-process p50':>15}")
        cookie = page_client.cookies["sessionid"].value
        for (label, p50, p95), (_label, own, _own95, _sql) in zip(
            http_pages(args.runs, cookie, key), timed_pages, strict=True
        ):
            print(f"{label:36} {p50:8.1f} {p95:8.1f} {own:15.1f}")

    measured = sizes()
    print(f"\nPostgreSQL sizes at {claims:,} claims, and × {TEN_MILLION / claims:g} for 10M claims")
    print(f"{'table':20} {'rows':>10} {'heap MB':>8} {'indexes MB':>10} {'B/row':>6} {'B/claim':>8} {'at 10M GB':>9}")
    total = 0.0
    at_ten = {}
    for table, m in measured.items():
        both = m["heap"] + m["indexes"]
        at_ten[table] = both * TEN_MILLION / claims / 1e9
        total += at_ten[table]
        print(
            f"{table:20} {m['rows']:10,d} {m['heap'] / 2**20:8.0f} {m['indexes'] / 2**20:10.0f} "
            f"{both / max(m['rows'], 1):6.0f} {both / claims:8.0f} {at_ten[table]:9.1f}"
        )
    gin = measured["claims_claim"]["gin"]
    print(
        f"{'  of which claim_search_idx (GIN)':36} {gin / 2**20:8.0f} MB, {gin / claims:.0f} B/claim, "
        f"{gin * TEN_MILLION / claims / 1e9:.1f} GB at 10M"
    )
    document = measured["claims_claim"]["document"]
    print(
        f"{'  of which search_vector (heap)':36} {document / 2**20:8.0f} MB, {document / claims:.0f} B/claim, "
        f"{document * TEN_MILLION / claims / 1e9:.1f} GB at 10M"
    )
    first = max(at_ten, key=at_ten.get)
    print(f"total at 10M claims: {total:.1f} GB; the largest table at 10M: {first} ({at_ten[first]:.1f} GB)")
    print(f"\n{time.perf_counter() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
