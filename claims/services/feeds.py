"""Following RSS and Atom feeds: every new item becomes one extraction job.

The beat task ``poll_due_feeds`` claims due feeds with a conditional UPDATE
(two schedulers never poll the same feed twice), and ``feed_poll`` records
each item once (unique feed + guid) before ingesting its URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..choices import IngestChannel, SourceKind
from ..errors import InvalidInput
from ..extraction.errors import ExtractionError
from ..inputs.feeds import parse_feed
from ..inputs.fetching import ACCEPTED_TYPES, FEED_TYPES, FetchError, fetch_url
from ..inputs.weburl import parse_http_url
from ..models import Feed, FeedItem, Outlet
from ..permissions import require_permission
from .ingest import article_ingest

if TYPE_CHECKING:
    from django.contrib.auth.models import User


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollOutcome:
    feed: Feed
    new_items: int
    jobs: list[int]
    error: str = ""


def feed_add(
    *, url: str, outlet: Outlet | None = None, interval_minutes: int = 30, actor: User | None = None
) -> tuple[Feed, bool]:
    """Follow a feed (due at once). Adding a followed URL again returns it unchanged.

    A person (``actor``) needs the editor role (add_feed); the system (commands) passes None.
    """
    if actor is not None:
        require_permission(actor, "add_feed", "add feeds")
    url = parse_http_url(url, what="feed URL").url
    if not 5 <= interval_minutes <= 10080:
        raise InvalidInput("The polling interval must be between 5 minutes and one week (10080).")
    existing = Feed.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            feed = Feed.objects.create(
                url=url,
                outlet=outlet,
                interval_minutes=interval_minutes,
                added_by=actor,
                next_poll_at=timezone.now(),
            )
    except IntegrityError:  # added concurrently
        return Feed.objects.get(url=url), False
    return feed, True


def feeds_claim_due(*, now=None) -> list[int]:
    """Ids of due feeds, each claimed by moving its next poll one interval ahead."""
    now = now or timezone.now()
    claimed = []
    due = Feed.objects.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now), active=True)
    for feed in due.only("pk", "interval_minutes", "next_poll_at"):
        won = Feed.objects.filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now), pk=feed.pk).update(
            next_poll_at=now + timedelta(minutes=feed.interval_minutes)
        )
        if won:
            claimed.append(feed.pk)
    return claimed


def feed_poll(*, feed_id: int) -> PollOutcome:
    """Fetch the feed and ingest every item not seen before (newest first, capped)."""
    feed = Feed.objects.select_related("outlet").get(pk=feed_id)
    now = timezone.now()
    try:
        page = fetch_url(feed.url, accept=FEED_TYPES + ACCEPTED_TYPES)
        parsed = parse_feed(page.content, base_url=page.final_url)
    except (FetchError, ExtractionError) as exc:  # unreachable, or not a feed (FeedError)
        failures = feed.failures + 1
        # Back off: one interval more per consecutive failure, at most a day.
        delay = min(feed.interval_minutes * 2 ** min(failures, 8), 24 * 60)
        Feed.objects.filter(pk=feed.pk).update(
            failures=F("failures") + 1,
            last_error=str(exc)[:2000],
            last_polled_at=now,
            next_poll_at=now + timedelta(minutes=delay),
        )
        logger.info("Feed %s failed (%s): %s", feed.pk, failures, exc)
        feed.refresh_from_db()
        return PollOutcome(feed=feed, new_items=0, jobs=[], error=str(exc))

    jobs: list[int] = []
    new_items = 0
    limit = settings.VERIFY_FEED_MAX_ITEMS_PER_POLL
    for item in parsed.items[:limit]:
        with transaction.atomic():
            record, created = FeedItem.objects.get_or_create(
                feed=feed,
                guid=item.guid,
                defaults={"url": item.url, "title": item.title, "published_at": item.published},
            )
            if not created:
                continue
            new_items += 1
            try:
                job = article_ingest(
                    url=item.url,
                    outlet=feed.outlet,
                    source_kind=SourceKind.FEED,
                    channel=IngestChannel.FEED,
                    feed_item=record,
                )
            except InvalidInput as exc:
                logger.info("Feed %s item %s skipped: %s", feed.pk, item.url, exc)
                continue
            jobs.append(job.pk)
    updates = {"failures": 0, "last_error": "", "last_polled_at": now}
    if new_items:
        updates["last_item_at"] = now
    if not feed.title and parsed.title:
        updates["title"] = parsed.title
    Feed.objects.filter(pk=feed.pk).update(**updates)
    feed.refresh_from_db()
    return PollOutcome(feed=feed, new_items=new_items, jobs=jobs)
