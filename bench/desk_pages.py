"""Benchmark: review desk server time with 10,000 claims (target p50 <= 100 ms).

Builds a throwaway database (SQLite under a temp dir, or DATABASE_URL when
set) with 10,000 claims over 200 articles, then times the queue's default
view and a filtered + searched view through Django's test client in-process
(server time: routing, queries, templates), and prints p50/p95 and the query
count of each.
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

N_CLAIMS = 10_000
TARGET_MS = 100


def build() -> None:
    call_command("migrate", verbosity=0)
    if Claim.objects.count() >= N_CLAIMS:
        return
    outlets = [Outlet.objects.create(name=f"Outlet {i}", domain=f"outlet{i}.example", reach=i * 10) for i in range(5)]
    text = " ".join(f"Sentence {i} says unemployment fell to {i} percent in the region." for i in range(50))
    articles = Article.objects.bulk_create(
        Article(text=f"{text} ({a})", content_hash=f"{a:064d}", source_kind="text", title=f"Article {a}",
                outlet=outlets[a % 5]) for a in range(200)
    )
    statuses = ["new"] * 6 + ["triaged", "in_review", "published"]
    claims = []
    for i in range(N_CLAIMS):
        article = articles[i % 200]
        start = (i % 50) * 62
        claims.append(Claim(
            article=article, text=f"unemployment fell to {i % 50} percent", sentence="Sentence.", start=start,
            end=start + 30, sentence_start=start, sentence_end=start + 40, fingerprint=fingerprint(f"claim {i}"),
            claimant=["Moscow", "Joe Biden", "NATO", "the ministry"][i % 4], claim_type="quantity",
            score=(i % 100) / 100, checkworthy=i % 100 >= 30, priority=i % 100,
            status=statuses[i % len(statuses)] if statuses[i % len(statuses)] != "in_review" else "triaged",
        ))
    Claim.objects.bulk_create(claims, batch_size=2000)


def timed(client: Client, url: str, runs: int = 40) -> tuple[float, float, int]:
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


def main() -> int:
    build()
    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name="editor"))
    client = Client()
    client.force_login(user)
    print(f"Review desk, {Claim.objects.count():,} claims on {connection.vendor}, server time in-process:")
    for label, url in (
        ("queue, default view", "/"),
        ("queue, filtered + searched", "/?status=new&claim_type=quantity&min_score=0.5&q=unemployment+percent"),
        ("claim page", f"/claims/{Claim.objects.order_by('-priority').first().pk}/"),
    ):
        p50, p95, queries = timed(client, url)
        mark = "ok" if p50 <= TARGET_MS else "ABOVE"
        print(f"  {label:28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {queries:2d} queries   "
              f"ratio to target {p50 / TARGET_MS:4.2f} ({mark})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
