"""RSS and Atom feeds: parsing items out of a fetched feed (no database here).

feedparser reads every common dialect (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) and
survives malformed XML; we keep only items with an http(s) link.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser

from ..extraction.errors import ExtractionError
from ..markup import plain_text


class FeedError(ExtractionError):
    """The document is not a feed we can read."""


@dataclass(frozen=True)
class FeedItem:
    guid: str
    url: str
    title: str
    published: datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    site_url: str
    items: list[FeedItem]


def parse_feed(content: bytes, *, base_url: str = "") -> ParsedFeed:
    """Items of an RSS or Atom document, newest first as published; raise FeedError if none can be read."""
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"This is not an RSS or Atom feed we can read ({reason or 'no items'}).")
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if link and base_url:
            link = urljoin(base_url, link)
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        guid = (entry.get("id") or link).strip()[:500]
        if guid in seen:
            continue
        seen.add(guid)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC) if stamp else None
        items.append(
            FeedItem(
                guid=guid, url=link[:2000], title=plain_text(entry.get("title") or "", limit=500), published=published
            )
        )
    return ParsedFeed(
        title=plain_text(parsed.feed.get("title") or "", limit=200),
        site_url=parsed.feed.get("link") or "",
        items=items,
    )
