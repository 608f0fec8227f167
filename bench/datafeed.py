"""Benchmark: the ClaimReview DataFeed with 10,000 and 100,000 published verdicts.

For each size, a fresh process streams ``/feeds/claimreview.json`` through Django's
WSGI handler and reports time to first byte, total time, bytes, and memory: the
peak resident-set growth of the process while streaming (after a warm-up request). The memory
must stay flat as the count grows tenfold.

Database: PostgreSQL on 127.0.0.1 when reachable (a database of its own for each
size, ``verify_bench_feed_<count>``, created if missing), else SQLite files in the
temp folder. The verdicts are bulk-created once and reused by later runs.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZES = (10_000, 100_000)


def database_url(count: int) -> str:
    """A database of its own for each size (kept, so later runs skip the build)."""
    name = f"verify_bench_feed_{count}"
    ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0
    if ready:
        exists = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{name}'",  # noqa: S608 - name from an int
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if exists != "1":
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    return f"sqlite:///{tempfile.gettempdir()}/{name}.sqlite3"


def setup_django(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("VERIFY_VAR_DIR", tempfile.mkdtemp(prefix="verify-feed-bench-var-"))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-000000")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")
    import django

    django.setup()


def build(count: int) -> None:
    """Bulk-create published verdicts until there are ``count`` of them."""
    from django.core.management import call_command

    from claims.models import Verdict

    call_command("migrate", verbosity=0)
    have = Verdict.objects.count()
    if have >= count:
        return
    started = time.perf_counter()
    for offset in range(have, count, BATCH):
        add_batch(offset, min(BATCH, count - offset))
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would give a live database
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  built {count - have:,} published verdicts in {time.perf_counter() - started:.0f} s", flush=True)


BATCH = 5_000
TEXT = "The minister said unemployment fell to 4 percent last year, and exports rose by a third."


def add_batch(offset: int, size: int) -> None:
    """Articles, claims, published verdicts with their version, and appearances: one transaction."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from claims.extraction.dedup import fingerprint
    from claims.models import Appearance, Article, Claim, Outlet, Verdict, VerdictVersion
    from claims.selectors import default_scale

    User = get_user_model()
    checker, _ = User.objects.get_or_create(username="bench-feed-checker")
    editor, _ = User.objects.get_or_create(username="bench-feed-editor")
    outlet, _ = Outlet.objects.get_or_create(domain="bench.example", defaults={"name": "Bench News"})
    ratings = list(default_scale().ratings.all())
    now = timezone.now()
    numbers = range(offset, offset + size)
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            Article(
                text=f"{TEXT} ({i})",
                content_hash=f"fb{i:062d}",
                source_kind="url",
                url=f"https://bench.example/story/{i}",
                title=f"Story {i}",
                outlet=outlet,
            )
            for i in numbers
        )
        claims = Claim.objects.bulk_create(
            Claim(
                article=a,
                text=f"unemployment fell to 4 percent ({i})",
                sentence=a.text,
                start=0,
                end=10,
                sentence_start=0,
                sentence_end=len(a.text),
                fingerprint=fingerprint(f"feed bench {i}"),
                claimant="Joe Biden" if i % 2 else "The ministry",
                claim_type="quantity",
                score=0.9,
                checkworthy=True,
                status="published",
            )
            for i, a in zip(numbers, articles, strict=True)
        )
        verdicts = Verdict.objects.bulk_create(
            Verdict(
                claim=c,
                rating=ratings[i % len(ratings)],
                headline=f"Headline {i}: the figure was 4.2",
                explanation="Official statistics show a different figure.",
                author=checker,
                approved_by=editor,
                approved_at=now,
                published_at=now,
            )
            for i, c in zip(numbers, claims, strict=True)
        )
        VerdictVersion.objects.bulk_create(
            VerdictVersion(
                verdict=v,
                number=1,
                kind="published",
                rating=v.rating,
                headline=v.headline,
                explanation=v.explanation,
                author=checker,
                edited_by=editor,
            )
            for v in verdicts
        )
        Appearance.objects.bulk_create(
            Appearance(
                claim=c,
                article_id=c.article_id,
                sentence=c.sentence,
                start=0,
                end=10,
                sentence_start=0,
                sentence_end=len(c.sentence),
                claimant=c.claimant,
            )
            for c in claims
        )


def measure() -> dict:
    """Stream the feed once (in this fresh, warmed-up process) and report time and memory."""
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()

    def request(path: str):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": sys.stdin.buffer,
            "HTTP_HOST": "127.0.0.1",
            "wsgi.errors": sys.stderr,
        }
        return handler(environ, lambda status, headers: None)

    b"".join(request("/verdicts/"))  # warm up: imports, URL resolver, templates, a connection
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = request("/feeds/claimreview.json")
    first = None
    size = 0
    elements = 0
    for chunk in result:
        if first is None and chunk:
            first = time.perf_counter() - started
        size += len(chunk)
        elements += chunk.count(b'"@type": "DataFeedItem"')
    total = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "ttfb_ms": first * 1000,
        "total_s": total,
        "mb": size / 1e6,
        "elements": elements,
        "rss_before_mb": rss_before / 1024,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
    }


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        setup_django(sys.argv[2])
        print(json.dumps(measure()))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        setup_django(sys.argv[2])
        build(int(sys.argv[3]))
        return 0
    rows = {}
    for count in SIZES:
        db_url = database_url(count)
        if count == SIZES[0]:
            print(f"ClaimReview DataFeed, streamed through the WSGI handler, on {db_url.split(':')[0]}:")
        subprocess.run([sys.executable, __file__, "--build", db_url, str(count)], check=True, env={**os.environ})
        out = subprocess.run(
            [sys.executable, __file__, "--measure", db_url],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ},
        )
        rows[count] = figures = json.loads(out.stdout.strip().splitlines()[-1])
        assert figures["elements"] == count, figures
        print(
            f"  {count:>7,} verdicts: first byte {figures['ttfb_ms']:7.1f} ms   total {figures['total_s']:6.1f} s   "
            f"{figures['mb']:6.1f} MB sent   {count / figures['total_s']:6.0f} verdicts/s   "
            f"peak RSS growth while streaming {figures['rss_growth_mb']:5.1f} MB",
            flush=True,
        )
    small, large = rows[SIZES[0]], rows[SIZES[-1]]
    # Flat: ten times the verdicts may not cost more than a few MB more while streaming.
    growth = large["rss_growth_mb"] - small["rss_growth_mb"]
    verdict = "flat" if growth <= 8 else "GROWS"
    print(
        f"  memory: {SIZES[-1]:,} verdicts took {growth:+.1f} MB over {SIZES[0]:,} ({verdict}; "
        f"the count grew {SIZES[-1] // SIZES[0]}x, the bytes sent {large['mb'] / small['mb']:.0f}x)"
    )
    return 0 if verdict == "flat" else 1


if __name__ == "__main__":
    sys.exit(main())
