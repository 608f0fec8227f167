"""Benchmark: review desk server time with 100,000 claims in PostgreSQL (target p50 <= 100 ms).

Needs PostgreSQL: DATABASE_URL when it points at PostgreSQL, else the
database ``verify_bench_desk`` on 127.0.0.1:5432 (user postgres), created if
missing and filled once (later runs reuse it). Without PostgreSQL it says so
and exits with status 2.

Times the queue's default view and a filtered + searched view (and, for
information, a claim page) through Django's test client in-process (server
time: routing, queries, templates), prints p50/p95 and the query count of
each, and the plan of the searched query, which must use the GIN index
``claim_search_idx`` (migration 0012). Exits 1 when a target is missed.

    .venv/bin/python bench/desk_pages.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N_CLAIMS = 100_000
N_ARTICLES = 1_000
TARGET_MS = 100
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/verify_bench_desk"
VIEWS = [
    ("queue, default view", "/", True),
    (
        "queue, filtered + searched",
        "/?status=new&claim_type=quantity&min_score=0.5&date_from=2000-01-01&q=unemployment+region",
        True,
    ),
    ("queue, searched only", "/?q=troops+border", False),
]
SEARCH_PARAMS = {"status": "new", "claim_type": "quantity", "min_score": 0.5, "q": "unemployment region"}


def database_url() -> str:
    """DATABASE_URL if it is PostgreSQL, else verify_bench_desk on 127.0.0.1 (created if missing)."""
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            f"bench/desk_pages.py needs PostgreSQL; DATABASE_URL is {url.split(':')[0]}:… (unset it or point "
            "it at PostgreSQL)."
        )
    try:
        import psycopg
    except ImportError:
        print("bench/desk_pages.py needs PostgreSQL and the psycopg driver, which is not installed.", file=sys.stderr)
        sys.exit(2)
    if url:
        return url
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=5) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = 'verify_bench_desk'").fetchone():
                c.execute("CREATE DATABASE verify_bench_desk")
    except psycopg.OperationalError as exc:
        print(
            "bench/desk_pages.py needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) or a "
            f"PostgreSQL DATABASE_URL; could not connect:\n  {str(exc).strip()}",
            file=sys.stderr,
        )
        sys.exit(2)
    return DEFAULT_URL


os.environ["DATABASE_URL"] = database_url()
os.environ.setdefault("VERIFY_VAR_DIR", tempfile.mkdtemp(prefix="verify-desk-bench-"))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.extraction.dedup import fingerprint  # noqa: E402
from claims.models import Article, Claim, Outlet  # noqa: E402

TOPICS = [
    "unemployment",
    "inflation",
    "troops",
    "tanks",
    "vaccines",
    "emissions",
    "housing",
    "pensions",
    "tuition",
    "crime",
    "wages",
    "exports",
    "refugees",
    "rainfall",
    "wildfires",
    "tariffs",
    "obesity",
    "broadband",
    "railways",
    "hospitals",
    "taxes",
    "debt",
    "fishing",
    "turnout",
    "smoking",
    "poverty",
    "drones",
    "pipelines",
    "wheat",
    "oil",
    "coal",
    "nurses",
    "teachers",
    "police",
    "prisons",
    "ferries",
    "bridges",
    "tourism",
    "births",
    "deaths",
]
PLACES = [
    "the region",
    "the capital",
    "the north",
    "the border",
    "the coast",
    "rural areas",
    "the country",
    "the south",
    "the east",
    "the west",
]
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
TYPES = ["quantity", "quantity", "quantity", "prediction", "causal", "other"]
STATES = ["new"] * 12 + ["triaged"] * 3 + ["in_review"] * 2 + ["awaiting_approval", "published", "dismissed"]


def build() -> None:
    call_command("migrate", verbosity=0)
    have = Claim.objects.count()
    if have >= N_CLAIMS:
        return
    if have:
        sys.exit(f"verify_bench_desk holds {have:,} claims, fewer than {N_CLAIMS:,}: drop it and run again.")
    started = time.perf_counter()
    users = []
    for name in ("bench-chris", "bench-charlie", "bench-edith"):
        user, _ = get_user_model().objects.get_or_create(username=name)
        user.groups.add(Group.objects.get(name="checker" if "ch" in name else "editor"))
        users.append(user)
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"Outlet {i}", domain=f"outlet{i}.example", reach=(i * 37) % 100) for i in range(20)
    )
    articles = Article.objects.bulk_create(
        (
            Article(
                text=f"Article {a}. " + "Officials said many things about the region. " * 40,
                content_hash=f"{a:064d}",
                source_kind="text",
                title=f"Article {a}",
                outlet=outlets[a % 20],
            )
            for a in range(N_ARTICLES)
        ),
        batch_size=1000,
    )
    claims = []
    for i in range(N_CLAIMS):
        topic, place, claimant = TOPICS[i % len(TOPICS)], PLACES[(i // 7) % len(PLACES)], CLAIMANTS[i % 12]
        text = f"{topic} in {place} rose by {i % 97} percent"
        sentence = f"{claimant.capitalize()} said that {text} since last year."
        start = len(claimant) + 11
        score = ((i * 7919) % 1000) / 1000
        status = STATES[(i * 31) % len(STATES)]
        article = articles[i % N_ARTICLES]
        claims.append(
            Claim(
                article=article,
                text=text,
                sentence=sentence,
                start=start,
                end=start + len(text),
                sentence_start=0,
                sentence_end=len(sentence),
                fingerprint=fingerprint(f"bench claim {i}"),
                claimant=claimant,
                claim_type=TYPES[i % len(TYPES)],
                score=score,
                reason="Names a number about a public body.",
                checkworthy=score >= 0.3,
                priority=round(score + (article.outlet.reach / 1000), 4),
                status=status,
                assignee=users[i % 3] if status in ("in_review", "awaiting_approval", "published") else None,
                dismiss_reason="not_important" if status == "dismissed" else "",
            )
        )
        if len(claims) == 10_000:
            Claim.objects.bulk_create(claims, batch_size=5_000)
            claims = []
    Claim.objects.bulk_create(claims, batch_size=5_000)
    with connection.cursor() as cursor:
        # Spread the claims over three months (auto_now_add set them all to now).
        cursor.execute(
            "UPDATE claims_claim SET created_at = created_at - mod(id, 90) * interval '1 day' "
            "- mod(id, 1440) * interval '1 minute'"
        )
        cursor.execute("VACUUM ANALYZE claims_claim")  # fresh statistics and visibility map for the planner
    print(f"Built {N_CLAIMS:,} claims in {time.perf_counter() - started:.1f} s.")


def timed(client: Client, url: str, runs: int = 40) -> tuple[float, float, int]:
    for _ in range(3):  # warm the caches and the connection
        client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def search_plan(user) -> str:
    """EXPLAIN of the filtered + searched queue page's rows query."""
    from claims.forms import QueueFilterForm
    from claims.selectors import claim_queue_filtered

    form = QueueFilterForm(SEARCH_PARAMS, user=user)
    assert form.is_valid(), form.errors
    return claim_queue_filtered(user=user, params=form.cleaned_data)[:50].explain()


def main() -> int:
    if connection.vendor != "postgresql":
        print(f"bench/desk_pages.py needs PostgreSQL, not {connection.vendor}.", file=sys.stderr)
        return 2
    build()
    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name="editor"))
    client = Client()
    client.force_login(user)
    failed = False
    pg_version = connection.cursor().connection.info.server_version
    print(
        f"Review desk, {Claim.objects.count():,} claims in PostgreSQL {pg_version // 10000}, "
        f"server time in-process (target p50 <= {TARGET_MS} ms):"
    )
    top = Claim.objects.filter(checkworthy=True).order_by("-priority", "-created_at", "-id").first()
    for label, url, is_target in [*VIEWS, ("claim page (info)", f"/claims/{top.pk}/", False)]:
        p50, p95, queries = timed(client, url)
        verdict = ("PASS" if p50 <= TARGET_MS else "FAIL") if is_target else "info"
        failed |= is_target and p50 > TARGET_MS
        print(f"  {label:28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {queries:2d} queries   {verdict}")
    plan = search_plan(user)
    uses_index = "claim_search_idx" in plan
    failed |= not uses_index
    print(
        f"\nPlan of the filtered + searched rows query ({'uses' if uses_index else 'DOES NOT use'} claim_search_idx):"
    )
    print("  " + plan.replace("\n", "\n  "))
    print("\nFAIL: a target was missed." if failed else "\nPASS: every target met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
