"""Lists: claims ordering with cursor pages, article filters and ordering, feeds; constant queries per page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from apiclients import api_for
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_article, make_claim

from claims.models import Article, Claim, Feed, Outlet


def walk(client, url):
    """Every row of a cursor-paged list, following `next`."""
    rows = []
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


@pytest.mark.parametrize("field", ["score", "priority", "created_at", "updated_at"])
def test_claims_ordering_pages_through_every_row_once(db, users, field):
    # Many ties, so the cursor must rely on the id tie-breaker.
    for i in range(23):
        make_claim(score=(i % 3) / 10, priority=(i % 4) / 10)
    client = api_for(users["viewer"], ["read"])
    for sign in ("", "-"):
        rows = walk(client, f"/api/v1/claims/?ordering={sign}{field}&page_size=5")
        assert sorted(r["id"] for r in rows) == sorted(Claim.objects.values_list("id", flat=True))
        keys = [(r[field], r["id"]) for r in rows]
        assert keys == sorted(keys, reverse=bool(sign))


def test_claims_default_order_and_unknown_ordering(db, users):
    low, high = make_claim(priority=0.1), make_claim(priority=0.9)
    client = api_for(users["viewer"], ["read"])
    assert [r["id"] for r in client.get("/api/v1/claims/").json()["results"]] == [high.pk, low.pk]
    # An unknown field is refused, as the schema's list of orderings says (DRF would ignore it silently).
    unknown = client.get("/api/v1/claims/?ordering=text")
    assert unknown.status_code == 400 and unknown.json()["errors"]["ordering"][0].startswith("Sort by one of: score")
    assert [r["id"] for r in client.get("/api/v1/claims/?ordering=priority").json()["results"]] == [low.pk, high.pk]


def test_articles_filter_by_outlet_kind_and_publication_date(db, users):
    daily = Outlet.objects.create(name="Daily", domain="daily.example")
    day = datetime(2026, 5, 4, tzinfo=UTC)
    a = make_article(outlet=daily, published_at=day)
    b = make_article(outlet=daily, published_at=day + timedelta(days=2))
    c = make_article(published_at=day + timedelta(days=1))
    d = make_article()
    Article.objects.filter(pk=c.pk).update(source_kind="feed")
    client = api_for(users["viewer"], ["read"])

    def ids(query):
        response = client.get(f"/api/v1/articles/?{query}")
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert ids("outlet=daily.example") == {a.pk, b.pk}
    assert ids("source_kind=feed") == {c.pk}
    assert ids("published_after=2026-05-05T00:00:00Z") == {b.pk, c.pk}
    assert ids("published_after=2026-05-04T00:00:00Z&published_before=2026-05-05T12:00:00Z") == {a.pk, c.pk}
    assert ids("") == {a.pk, b.pk, c.pk, d.pk}
    assert client.get("/api/v1/articles/?source_kind=fax").status_code == 400
    assert client.get("/api/v1/articles/?published_after=yesterday").status_code == 400


def test_articles_ordering_by_publication_pages_with_undated_articles(db, users):
    day = datetime(2026, 5, 4, tzinfo=UTC)
    for i in range(7):
        make_article(published_at=day + timedelta(hours=i) if i % 2 else None)
    client = api_for(users["viewer"], ["read"])
    rows = walk(client, "/api/v1/articles/?ordering=-published_at&page_size=2")
    assert len(rows) == 7 and len({r["id"] for r in rows}) == 7
    dated = [r["published_at"] for r in rows if r["published_at"]]
    assert dated == sorted(dated, reverse=True)
    oldest_first = walk(client, "/api/v1/articles/?ordering=created_at&page_size=3")
    assert [r["id"] for r in oldest_first] == sorted(r["id"] for r in rows)


def test_articles_list_runs_a_constant_number_of_queries(db, users):
    outlet = Outlet.objects.create(name="Daily", domain="daily.example")
    make_article(outlet=outlet)
    client = api_for(users["viewer"], ["read"])
    client.get("/api/v1/articles/")  # the token's last use is written once a minute
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/articles/").json()["results"]) == 1
    for i in range(30):
        make_article(outlet=outlet if i % 2 else Outlet.objects.create(name=f"O{i}", domain=f"o{i}.example"))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/articles/?page_size=50").json()["results"]) == 31
    assert len(one) == len(many)
    assert all('"text"' not in q["sql"] for q in many.captured_queries if "claims_article" in q["sql"])


def test_feeds_listed_with_read_and_added_by_editors_with_ingest(db, users):
    Outlet.objects.create(name="Daily", domain="daily.example")
    body = {"url": "https://daily.example/rss.xml", "outlet": "daily.example", "interval_minutes": 15}
    checker = api_for(users["checker"])
    refused = checker.post("/api/v1/feeds/", body, format="json")
    assert refused.status_code == 403 and "editor role" in refused.json()["detail"]
    assert api_for(users["editor"], ["read"]).post("/api/v1/feeds/", body, format="json").status_code == 403
    editor = api_for(users["editor"], ["read", "ingest"])
    created = editor.post("/api/v1/feeds/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["outlet"] == "Daily" and created.json()["interval_minutes"] == 15
    assert editor.post("/api/v1/feeds/", body, format="json").status_code == 200  # already followed
    assert Feed.objects.get().added_by == users["editor"]
    listed = api_for(users["viewer"], ["read"]).get("/api/v1/feeds/")
    assert [f["url"] for f in listed.json()] == [body["url"]]
    assert editor.post("/api/v1/feeds/", {"url": "ftp://x.example/f"}, format="json").status_code == 400
    assert (
        editor.post(
            "/api/v1/feeds/", {**body, "url": "https://x.example/f", "outlet": "nope.example"}, format="json"
        ).status_code
        == 404
    )
