"""Migration 0037 records where an input came in (``ExtractionJob.channel``): a job from before that a
feed item made says "feed"; the others, which cannot be told apart afterwards, stay blank."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("claims", "0036_issue27_queue_at_scale")]
AFTER = [("claims", "0037_ingest_channel")]


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_jobs_a_feed_made_say_feed_and_the_others_stay_blank(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Feed, FeedItem = apps.get_model("claims", "Feed"), apps.get_model("claims", "FeedItem")
    ExtractionJob = apps.get_model("claims", "ExtractionJob")
    feed = Feed.objects.create(url="https://news.example.org/rss")
    item = FeedItem.objects.create(feed=feed, guid="story-1", url="https://news.example.org/story-1")
    from_feed = ExtractionJob.objects.create(source_kind="url", input_url=item.url, input_hash="a" * 64, feed_item=item)
    pasted = ExtractionJob.objects.create(source_kind="text", input_content="Some text.", input_hash="b" * 64)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    jobs = apps.get_model("claims", "ExtractionJob").objects
    assert jobs.get(pk=from_feed.pk).channel == "feed"
    assert jobs.get(pk=pasted.pk).channel == ""
