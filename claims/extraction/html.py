"""Article text and metadata: from HTML with trafilatura, or from pasted text.

One trafilatura pass (``bare_extraction`` with metadata) gives the main text,
title, authors, date, site name and canonical URL; the text then goes to
cleaning.py, and the cleaned text is what every claim offset points into.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urljoin

import trafilatura

from .errors import BinaryContentError, EmptyTextError, NotAnArticleError
from .types import ArticleText

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]{2,40})""", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\|)\s*")
# A first line that reads like a headline: short, no sentence-final period.
_HEADLINE = re.compile(r"^[^\n]{8,200}$")


def _decode(html: bytes) -> str:
    if b"\x00" in html[:4096]:
        raise BinaryContentError("The page is binary data, not HTML.")
    if html.startswith(b"\xef\xbb\xbf"):
        return html[3:].decode("utf-8", errors="replace")
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(html[:4096])
    if declared:
        try:
            return html.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return html.decode("cp1252", errors="replace")


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, fmt)  # noqa: DTZ007 - made aware below
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    names = []
    for name in _AUTHOR_SPLIT.split(value):
        name = name.strip(" .")
        if 1 < len(name) <= 100 and name.lower() not in ("staff", "reporter") and name not in names:
            names.append(name)
    return tuple(names)


def parse_html(html: str | bytes, *, url: str = "") -> ArticleText:
    """Main text and metadata of an HTML page; NotAnArticleError if it has no main text."""
    if isinstance(html, bytes):
        html = _decode(html)
    if not html.strip():
        raise EmptyTextError("The page is empty.")
    doc = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False,
        include_tables=False, include_images=False,
    )
    text = (doc.text if doc is not None else "") or ""
    if len(text.split()) < 5:
        raise NotAnArticleError(
            "No article text found on this page (it may be a menu, a login wall or a media page)."
        )
    canonical = doc.url or url
    if canonical and url:
        canonical = urljoin(url, canonical)
    return ArticleText(
        text=text,
        title=(doc.title or "").strip(),
        authors=_authors(doc.author),
        published=_date(doc.date),
        site_name=(doc.sitename or "").strip(),
        canonical_url=canonical if canonical.startswith(("http://", "https://")) else "",
        language=(doc.language or "").strip(),
    )


def parse_text(text: str) -> ArticleText:
    """Pasted plain text: newlines normalised; a headline-like first line is the title."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise EmptyTextError("The text is empty.")
    first, _, rest = text.strip().partition("\n")
    title = ""
    if rest.strip() and _HEADLINE.match(first.strip()) and not first.rstrip().endswith((".", ":")):
        title = first.strip()
    return ArticleText(text=text, title=title)
