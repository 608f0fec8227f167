"""Feeds: served from 127.0.0.1, polled, each new item ingested once."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.errors import InvalidInput
from claims.models import Article, ExtractionJob, Feed, FeedItem
from claims.services import feeds

STORY = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>The finance minister said on Monday that unemployment fell to {n} percent last year, "
    "the lowest figure recorded since the statistics office began counting in 1971.</p>"
    "<p>Opposition leaders said the government had inflated the figures by 200,000 people.</p>"
    "</article></body></html>"
)


class Site:
    items = ["one", "two"]


def route(path: str):
    if path == "/feed.xml":
        entries = "".join(
            f"<item><title>Story {i}</title><link>/story/{i}</link><guid>story-{i}</guid></item>" for i in Site.items
        )
        feed = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test News</title><link>/</link>{entries}'
            "</channel></rss>"
        )
        return 200, "application/rss+xml", feed.encode()
    if path.startswith("/story/"):
        name = path.rsplit("/", 1)[1]
        return 200, "text/html; charset=utf-8", STORY.format(title=f"Story {name}", n=len(name)).encode()
    if path == "/broken.xml":
        return 200, "application/xml", b"this is not a feed"
    return None


@pytest.fixture
def site(local_site):
    Site.items = ["one", "two"]
    return local_site(route)


def test_each_new_item_becomes_an_article_once(db, site, users, client, django_capture_on_commit_callbacks):
    feed, created = feeds.feed_add(url=f"{site}/feed.xml")
    assert created
    assert feeds.feeds_claim_due() == [feed.pk]
    assert feeds.feeds_claim_due() == []  # claimed: not due again before its interval
    with django_capture_on_commit_callbacks(execute=True):
        outcome = feeds.feed_poll(feed_id=feed.pk)
    assert (outcome.new_items, len(outcome.jobs)) == (2, 2)
    assert outcome.feed.title == "Test News"
    jobs = ExtractionJob.objects.filter(pk__in=outcome.jobs)
    assert {j.status for j in jobs} == {"succeeded"}, [j.error for j in jobs]
    assert {(j.source_kind, j.channel) for j in jobs} == {("feed", "feed")}
    client.force_login(users["checker"])
    page = client.get(reverse("article", args=[jobs[0].article_id])).content.decode()
    assert re.search(r'<p class="muted ingested">Feed · \d', page), "a feed's item: its form and channel, said once"
    assert Article.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        again = feeds.feed_poll(feed_id=feed.pk)
    assert (again.new_items, again.jobs) == (0, [])
    Site.items = ["one", "two", "three"]
    with django_capture_on_commit_callbacks(execute=True):
        third = feeds.feed_poll(feed_id=feed.pk)
    assert third.new_items == 1
    assert FeedItem.objects.filter(feed=feed).count() == 3
    assert Article.objects.count() == 3


def test_a_broken_feed_is_recorded_and_backs_off(db, site):
    feed, _ = feeds.feed_add(url=f"{site}/broken.xml", interval_minutes=10)
    outcome = feeds.feed_poll(feed_id=feed.pk)
    assert outcome.error and "not an RSS or Atom feed" in outcome.error
    feed.refresh_from_db()
    assert feed.failures == 1 and feed.last_error
    assert (feed.next_poll_at - feed.last_polled_at).total_seconds() == 20 * 60


def test_feed_add_validates_and_is_idempotent(db, site):
    with pytest.raises(InvalidInput, match="not an http"):
        feeds.feed_add(url="ftp://x.org/feed")
    with pytest.raises(InvalidInput, match="between 5 minutes"):
        feeds.feed_add(url=f"{site}/feed.xml", interval_minutes=1)
    first, _ = feeds.feed_add(url=f"{site}/feed.xml")
    second, created = feeds.feed_add(url=f"{site}/feed.xml")
    assert first == second and not created
    assert Feed.objects.count() == 1


def test_add_feed_command(db, site, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("add_feed", f"{site}/feed.xml", "--poll")
    out = capsys.readouterr().out
    assert "Following feed" in out and "2 new items" in out
    with pytest.raises(CommandError, match="Polling failed"):
        call_command("add_feed", f"{site}/broken.xml", "--poll")
    with pytest.raises(CommandError, match="not an http"):
        call_command("add_feed", "nonsense")


def test_markup_in_feed_titles_becomes_plain_text():
    from claims.inputs.feeds import parse_feed

    feed = parse_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>News &amp;amp; <b>views</b></title>'
        b"<item><title>&lt;b&gt;Big&lt;/b&gt; story&lt;script&gt;alert(1)&lt;/script&gt;</title>"
        b"<link>https://news.example/a</link></item></channel></rss>"
    )
    assert feed.items[0].title == "Big story"
    assert "<" not in feed.title and "views" in feed.title
