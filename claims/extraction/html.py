"""Article text and metadata: from HTML with trafilatura, or from pasted text.

One trafilatura pass (``bare_extraction`` with metadata) gives the main text,
title, authors, date, site name and canonical URL; the text then goes to
cleaning.py, and the cleaned text is what every claim offset points into.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import trafilatura

from ..imports import claimreview
from .cleaning import fold
from .errors import BinaryContentError, EmptyTextError, NotAnArticleError
from .types import ArticleText

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]{2,40})""", re.IGNORECASE)
_META_TAG = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(["'])(.*?)\2""", re.DOTALL)
_CANONICAL = re.compile(r"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)""", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_LANG = re.compile(r"""<html[^>]+lang=["']?([\w-]{2,16})""", re.IGNORECASE)
_META_KEYS = {
    "og:title": "title",
    "twitter:title": "title",
    "title": "title",
    "headline": "title",
    "author": "author",
    "article:author": "author",
    "byl": "author",
    "parsely-author": "author",
    "article:published_time": "date",
    "datepublished": "date",
    "pubdate": "date",
    "date": "date",
    "publish-date": "date",
    "og:site_name": "sitename",
    "application-name": "sitename",
    "og:url": "url",
}
# Where a page declares a field twice, the more reliable tag wins whatever the order:
# a site's application-name is sometimes the page's headline (MSN), its og:site_name
# is the outlet. Tags not listed here rank after the listed ones, in page order.
_META_RANK = {"og:site_name": 0, "application-name": 2}
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\|)\s*")
# A first line that reads like a headline: short, no sentence-final period.
_HEADLINE = re.compile(r"^[^\n]{8,200}$")
# A tag whose attributes run past this many characters loses them before
# parsing: no article text lives there, and the parsers downstream (lxml,
# justext, htmldate) take time quadratic in one tag's attributes — a 400 KB
# page of one tag with 50,000 attributes took a minute. Linear: the pattern
# cannot run past the next "<".
_MAX_TAG_ATTRIBUTES = 4000
_OVERSIZED_TAG = re.compile(rf"<([a-zA-Z][\w:-]{{0,40}})\s[^<>]{{{_MAX_TAG_ATTRIBUTES},}}>")


# Captions as the page marks them: <figcaption>, or an element whose class names a
# caption. The text between the tags, up to the element's closing tag.
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
# Matched at a tag's "<" found from a "caption" inside it: re never scans the page for it.
_CAPTION_TAG = re.compile(
    r"<(?P<tag>p|div|span|small)\b[^>]*\bclass=[\"'][^\"'>]*caption[^\"'>]*[\"'][^>]*>(?P<text>.*?)</(?P=tag)>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
_SUBHEAD_WORDS = 15  # a longer <h2> is a standfirst or a lede set large, kept


def _page_furniture(html: str, body, *, title: str = "") -> frozenset[str]:
    """Lines the page's structure marks as captions or subheads, folded.

    Captions come from the HTML's own elements (trafilatura drops <figure> but
    often keeps a caption written as a paragraph); subheads from trafilatura's
    XML (``<head>`` inside the body): short headings that end without a full stop.
    The headline is no subhead: an <h1>, or a heading that reads as the page's title,
    stays (it may make the story's claim, and tells two stories apart).
    """
    headline = fold(title) if title else ""
    found = set()
    captions = [m.group(1) for m in _FIGCAPTION.finditer(html)] if "<figcaption" in html else []
    at = html.find("caption")
    while at >= 0:
        opened = html.rfind("<", max(0, at - _MAX_TAG_ATTRIBUTES), at)
        match = _CAPTION_TAG.match(html, opened) if opened > html.rfind(">", 0, at) else None
        if match:
            captions.append(match.group("text"))
        at = html.find("caption", match.end() if match else at + 7)
    for caption in captions:
        caption = html_lib.unescape(_TAG.sub(" ", caption))
        if 3 <= len(caption.split()) <= 80:
            found.add(fold(caption))
    if body is not None:
        for head in body.iter("head"):
            if head.get("rend") == "h1":
                continue
            text = " ".join("".join(head.itertext()).split())
            if text and len(text.split()) <= _SUBHEAD_WORDS and not text.endswith(".") and fold(text) != headline:
                found.add(fold(text))
    return frozenset(found)


def _page_reviews(html: str, base_url: str) -> tuple:
    """The ClaimReviews a fact-check page carries in its JSON-LD, read by the import parser.

    Records it cannot read (no URL to identify the review, no rating) are left out:
    the page is still an article.
    """
    if "ClaimReview" not in html:
        return ()
    try:
        document = claimreview.parse_text(html, base_url=base_url or None)
    except claimreview.ClaimReviewImportError:
        return ()
    return tuple(entry.review for entry in document.entries if entry.review is not None)


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
    value = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        pass
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
        if name.startswith(("http://", "https://", "@")) or "/" in name:
            continue  # a profile URL or handle, not a name
        if 1 < len(name) <= 100 and name.lower() not in ("staff", "reporter") and name not in names:
            names.append(name)
    return tuple(names)


def _head_metadata(html: str) -> dict[str, str]:
    """The metadata most news pages declare in <head> (OpenGraph, article:, canonical).

    Reading these few tags is a fraction of the cost of trafilatura's full
    metadata search, which runs only when the page declares no title or date.
    """
    head = html[: html.find("</head>")] if "</head>" in html[:200_000] else html[:50_000]
    found: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for tag in _META_TAG.finditer(head):
        attrs = {k.lower(): v for k, _q, v in _ATTR.findall(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key not in _META_KEYS or not attrs.get("content", "").strip():
            continue
        field = _META_KEYS[key]
        rank = _META_RANK.get(key, 1)
        if field not in found or rank < ranks[field]:
            found[field] = html_lib.unescape(attrs["content"].strip())
            ranks[field] = rank
    title = _TITLE.search(head)
    if title and title.group(1).strip():
        found.setdefault("title", html_lib.unescape(title.group(1).strip()))
    canonical = _CANONICAL.search(head)
    if canonical:
        found.setdefault("url", html_lib.unescape(canonical.group(1)))
    lang = _LANG.search(html[:2000])
    if lang:
        found.setdefault("language", lang.group(1))
    return found


def parse_html(html: str | bytes, *, url: str = "") -> ArticleText:
    """Main text and metadata of an HTML page; NotAnArticleError if it has no main text."""
    if isinstance(html, bytes):
        html = _decode(html)
    if not html.strip():
        raise EmptyTextError("The page is empty.")
    html = _OVERSIZED_TAG.sub(r"<\1>", html)
    meta = _head_metadata(html)
    full_metadata = not ("title" in meta and "date" in meta)
    try:
        doc = _bare_extraction(html, url, with_metadata=full_metadata)
    except AssertionError:
        # lxml asserts on some tag soup ("<svg><p><p>") when htmldate looks for
        # a date: the text alone is still worth having.
        if not full_metadata:
            raise NotAnArticleError("This page could not be read as HTML.") from None
        full_metadata = False
        try:
            doc = _bare_extraction(html, url, with_metadata=False)
        except AssertionError:
            raise NotAnArticleError("This page could not be read as HTML.") from None
    text = (doc.text if doc is not None else "") or ""
    if len(text.split()) < 5:
        raise NotAnArticleError("No article text found on this page (it may be a menu, a login wall or a media page).")
    if full_metadata:
        for key in ("title", "author", "date", "sitename", "url", "language"):
            value = getattr(doc, key, None)
            if value and key not in meta:
                meta[key] = str(value)
    canonical = meta.get("url") or url
    if canonical and url:
        canonical = urljoin(url, canonical)
    site_name = _site_name(meta.get("sitename", "").strip(), canonical if canonical.startswith("http") else url, html)
    title = _clean_title(meta.get("title", ""), meta.get("sitename", ""))
    return ArticleText(
        text=text,
        title=title,
        authors=_authors(meta.get("author")),
        published=_date(meta.get("date")),
        site_name=site_name,
        canonical_url=canonical if canonical.startswith(("http://", "https://")) else "",
        language=meta.get("language", "").strip()[:16],
        furniture=_page_furniture(html, getattr(doc, "body", None), title=title),
        reviews=_page_reviews(html, canonical if canonical.startswith(("http://", "https://")) else url),
    )


def _site_name(name: str, url: str, html: str = "") -> str:
    """The outlet's name, unless it only repeats its host's subdomain: "Hosted" on hosted.ap.org is a
    hosting service's label, and the domain under it ("ap.org") names the outlet better. A name that is only
    the host's own label, in lower case ("usatoday" on www.usatoday.com), is a host name: the page's commonest
    capitalised spelling of the same letters ("USA TODAY") names the outlet, if it has one."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.split(".")
    if name and len(labels) >= 3 and labels[0] != "www" and name.lower() == labels[0]:
        return ".".join(labels[1:])
    if name and html and name.islower() and re.fullmatch(r"[a-z0-9]{3,30}", name) and name in labels[:-1]:
        spelt = _spelt_out(name, html)
        if spelt and spelt == name.capitalize():
            # a plain word the page also uses ("Cleveland" on cleveland.com may be the city): the host names the
            # outlet better
            return ".".join(labels[1:] if labels[0] == "www" else labels)
        return spelt or name
    return name


def _spelt_out(label: str, html: str) -> str:
    """The commonest capitalised spelling of ``label`` in the page, its words spaced or dotted ("USA TODAY",
    "Daily Planet" for "dailyplanet"), or ""."""
    letters = r"[\s.]?".join(re.escape(c) for c in label)
    spellings = Counter(
        m.group(0)
        for m in re.finditer(rf"(?<![\w.@-]){letters}(?![\w@-]|\.\w)", html[:2_000_000], re.IGNORECASE)
        if m.group(0)[:1].isupper() and m.group(0) != label
    )
    return spellings.most_common(1)[0][0] if spellings else ""


# Hover cards inside a paragraph: a name's pop-up with the person's photo and latest headlines
# (The Hill's "rollover-people-block"), a tooltip's or popover's hidden text. Their text is no
# part of the sentence they sit in ("Rep. Ilhan OmarIlhan OmarHillicon Valley: … MORE (D-Minn.)"):
# pruned before extraction. The linked name itself stays.
_HOVER_CARDS = (
    "//*[contains(@class, 'rollover-people-block') or contains(@class, 'tooltiptext')"
    " or contains(@class, 'hovercard') or contains(@class, 'hover-card') or contains(@class, 'popover-content')]"
)


def _bare_extraction(html: str, url: str, *, with_metadata: bool):
    return trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=with_metadata,
        include_comments=False,
        include_tables=False,
        include_images=False,
        prune_xpath=_HOVER_CARDS,
    )


def _clean_title(title: str, site: str) -> str:
    """ "Deficit falls | Example News" → "Deficit falls"."""
    title = " ".join(title.split())
    for sep in (" | ", " - ", " – ", " — "):
        head, _, tail = title.rpartition(sep)
        if head and (not site or site.lower() in tail.lower() or len(tail) < 30):
            return head.strip()
    return title


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
