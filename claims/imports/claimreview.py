"""Other fact-checkers' ClaimReview, as published: bytes or JSON in, plain dataclasses out.

Reads a JSON-LD document (one ClaimReview, a list of them, an ``@graph``), an
HTML page with ``<script type="application/ld+json">`` blocks, a schema.org
DataFeed (``dataFeedElement`` items whose ``item`` is a ClaimReview, a list of
them, or null) or JSON Lines (one record a line); gzip-compressed or not. No
ORM here: ``services.imports`` saves what this returns.

Real markup is messy, so each record is read leniently and either becomes a
``ParsedReview`` or is rejected with a reason a person can act on:

- its type must be ClaimReview (``@type`` may be a list or carry a
  ``schema:`` prefix; a record without ``@type`` counts if it has
  ``claimReviewed``). ``@context`` is not required: Newtral's WordPress API
  omits it, and its extra keys (``title``, ``subtitle``...) are ignored;
- ``claimReviewed`` must hold text (a list is joined);
- ``url`` identifies the review (else ``mainEntityOfPage``, else an ``@id``
  that is a URL). A relative one is resolved against the document's URL; with
  none known the record is rejected. A scheme-less ``host.tld/path`` gets
  ``https://``. The record's other URLs (appearances, the publisher's) are
  resolved against the review's own URL; those that stay unusable are dropped
  with a note;
- the rating needs words (``alternateName``, else ``name``) or a number.
  Numbers may be strings; empty strings count as missing. The normalised
  rating is (value - worst) / (best - worst), only when all three are present,
  worst < best and the value lies between them;
- dates are ISO 8601 or close to it ("2020-06-23 20:02", "2020-07-05",
  "+0200" or "+5:30" offsets); no offset means UTC; unreadable ones are
  dropped with a note.

Inside HTML blocks and ``@graph`` other nodes (WebPage, Organization...) are
page furniture: skipped, but an ``{"@id": ...}`` reference to one of them is
followed. Records given as records (list items, JSON lines, DataFeed items)
that are not ClaimReviews are rejected. A document without any ClaimReview
raises ``NoClaimReviewError``.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from verify import jsonbody

from ..errors import InvalidInput

MAX_URL_LENGTH = 2000  # the review's URL (a unique column) and the publisher's
MAX_APPEARANCE_LENGTH = 8192  # appearance URLs are kept in a JSON list: long social-media links fit
CLAIMANT_LENGTH = 300
PUBLISHER_NAME_LENGTH = 300
RATING_LABEL_LENGTH = 500
HEADLINE_LENGTH = 1000
LANGUAGE_LENGTH = 35
_MAX_DEPTH = 24  # how deep records are looked for; deeper nesting is not markup
_NESTED_DEPTH = 6  # how deep a ClaimReview is looked for inside another node (WebPage.mainEntity...)

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]{2,40})""", re.IGNORECASE)
_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
# "aosfatos.org/noticias/x/": a host name without a scheme, not a relative path.
_HOSTLIKE = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24})(?::\d{1,5})?(?:[/?#]|$)", re.IGNORECASE
)
_FILE_SUFFIXES = {
    "html",
    "htm",
    "shtml",
    "xhtml",
    "php",
    "asp",
    "aspx",
    "jsp",
    "cgi",
    "json",
    "jsonld",
    "xml",
    "pdf",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "svg",
    "webp",
    "txt",
    "mp4",
}
_SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)", re.IGNORECASE)


class ClaimReviewImportError(InvalidInput):
    """A document that cannot be read at all (not JSON, JSON Lines or HTML; corrupt gzip...)."""


class NoClaimReviewError(ClaimReviewImportError):
    """A readable document in which no ClaimReview was found."""


class RecordRejected(Exception):
    """One record that cannot be understood; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedReview:
    """One ClaimReview, read into the fields of ``models.ExternalReview``."""

    url: str
    claim_reviewed: str
    publisher_name: str = ""
    publisher_url: str = ""
    claimant: str = ""
    claim_date: date | None = None
    appearances: tuple[str, ...] = ()
    rating_label: str = ""
    rating_value: float | None = None
    rating_best: float | None = None
    rating_worst: float | None = None
    normalised_rating: float | None = None
    headline: str = ""
    language: str = ""
    date_published: datetime | None = None
    date_modified: datetime | None = None
    raw: dict | None = None
    content_hash: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One record of a document, in document order: a review, or a rejection with its reason."""

    index: int  # 1-based position among the document's records
    where: str  # where it sits: "line 7", "dataFeedElement 3, item 2", "script block 2"
    review: ParsedReview | None = None
    reason: str = ""


@dataclass(frozen=True)
class ParsedDocument:
    kind: str  # "JSON-LD", "DataFeed", "HTML", "JSON Lines"
    entries: tuple[Entry, ...]
    base_url: str | None = None

    @property
    def reviews(self) -> list[Entry]:
        return [e for e in self.entries if e.review is not None]

    @property
    def rejected(self) -> list[Entry]:
        return [e for e in self.entries if e.review is None]


# --- Documents -----------------------------------------------------------------


def parse_bytes(
    data: bytes, *, base_url: str | None = None, max_bytes: int | None = None, encoding: str | None = None
) -> ParsedDocument:
    """A file or a fetched page: JSON, JSON Lines or HTML, gzip-compressed or not.

    ``base_url`` is where the document came from (relative URLs resolve
    against it); ``encoding`` a charset declared by a server.
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, max_bytes)
    return parse_text(_decode(data, encoding), base_url=base_url)


def parse_text(text: str, *, base_url: str | None = None) -> ParsedDocument:
    stripped = text.strip()
    if not stripped:
        raise ClaimReviewImportError("The document is empty.")
    if stripped.startswith("<"):
        return _parse_html(stripped, base_url)
    try:
        value = _loads(stripped)
    except ValueError as exc:
        lines = [line for line in stripped.split("\n") if line.strip()]
        if len(lines) > 1 and _is_json(lines[0]):
            return _parse_json_lines(stripped, base_url)
        raise ClaimReviewImportError(f"The document is neither JSON, JSON Lines nor an HTML page ({exc}).") from None
    return parse_json(value, base_url=base_url)


def parse_json(value, *, base_url: str | None = None) -> ParsedDocument:
    """An already-decoded JSON value (an API body): a record, a list, an ``@graph`` or a DataFeed."""
    if not isinstance(value, dict | list):
        raise ClaimReviewImportError(
            "Expected a JSON object (a ClaimReview, an @graph document or a DataFeed) or a list of "
            f"ClaimReviews, not {_json_type(value)}."
        )
    kind = "DataFeed" if isinstance(value, dict) and _is_feed(value) else "JSON-LD"
    found = list(_candidates(value, "", strict=True, depth=0))
    return _document(kind, found, _index_ids([value]), base_url)


def _parse_json_lines(text: str, base_url: str | None) -> ParsedDocument:
    # Split on newlines only: U+2028 and friends may sit unescaped inside JSON strings.
    pieces = ((f"line {n}", line) for n, line in enumerate(text.split("\n"), 1) if line.strip())
    found, values = _collect(pieces, strict=True)
    return _document("JSON Lines", found, _index_ids(values), base_url)


def _collect(pieces, *, strict: bool) -> tuple[list[tuple[str, dict | None, str]], list]:
    """Parse each (where, JSON text) piece: the ClaimReview candidates found (a piece that is
    not JSON is one rejected candidate) and the parsed values."""
    found: list[tuple[str, dict | None, str]] = []
    values = []
    for where, text in pieces:
        try:
            value = _loads(text)
        except ValueError as exc:
            found.append((where, None, f"not valid JSON ({exc})"))
            continue
        values.append(value)
        found.extend(_candidates(value, where, strict=strict, depth=0))
    return found, values


class _LdJsonBlocks(HTMLParser):
    """Collects the ld+json script blocks of a page, and its <base> and canonical link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.base: str | None = None
        self.canonical: str | None = None
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "script":
            kind = attributes.get("type", "").split(";", 1)[0].strip().lower()
            if kind == "application/ld+json":
                self._buffer = []
        elif tag == "base" and attributes.get("href") and self.base is None:
            self.base = attributes["href"].strip()
        elif (
            tag == "link"
            and attributes.get("href")
            and self.canonical is None
            and "canonical" in attributes.get("rel", "").lower().split()
        ):
            self.canonical = attributes["href"].strip()

    def handle_data(self, data):
        if self._buffer is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._buffer is not None:
            self.blocks.append("".join(self._buffer))
            self._buffer = None


def _parse_html(text: str, base_url: str | None) -> ParsedDocument:
    page = _LdJsonBlocks()
    page.feed(text)
    page.close()
    if not base_url and page.canonical and _is_absolute(page.canonical):
        base_url = page.canonical
    if page.base:
        joined = urljoin(base_url or "", page.base)
        base_url = joined if _is_absolute(joined) else base_url
    if not page.blocks:
        raise NoClaimReviewError('The HTML page has no <script type="application/ld+json"> block, so no ClaimReview.')
    pieces = ((f"script block {n}", _unwrap_script(block)) for n, block in enumerate(page.blocks, 1))
    found, values = _collect(pieces, strict=False)
    return _document("HTML", found, _index_ids(values), base_url)


def _unwrap_script(block: str) -> str:
    block = block.strip()
    for start, end in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if block.startswith(start) and block.endswith(end):
            block = block[len(start) : -len(end)].strip()
    return block


def _document(kind: str, found, ids: dict, base_url: str | None) -> ParsedDocument:
    entries = []
    claimreviews = 0
    for index, (where, node, reason) in enumerate(found, 1):
        where = where or "the document"
        if node is None:
            entries.append(Entry(index=index, where=where, reason=reason))
            continue
        claimreviews += 1
        try:
            review = review_from_record(node, base_url=base_url, ids=ids)
        except RecordRejected as exc:
            entries.append(Entry(index=index, where=where, reason=exc.reason))
        except RecursionError:
            entries.append(Entry(index=index, where=where, reason="nested too deeply to be read"))
        else:
            entries.append(Entry(index=index, where=where, review=review))
    if not claimreviews:
        detail = "; ".join(f"{e.where}: {e.reason}" for e in entries[:3])
        more = f" and {len(entries) - 3} more" if len(entries) > 3 else ""
        raise NoClaimReviewError(
            f"No ClaimReview found in this {kind} document" + (f" ({detail}{more})" if detail else "") + "."
        )
    return ParsedDocument(kind=kind, entries=tuple(entries), base_url=base_url)


def _candidates(value, where: str, *, strict: bool, depth: int) -> Iterator[tuple[str, dict | None, str]]:
    """(where, ClaimReview node, "") for each record found, or (where, None, reason) for a rejected one.

    ``strict``: ``value`` was given as a record (a list item, a JSON line, a
    feed item), so anything that is not a ClaimReview is rejected; otherwise
    (page blocks, ``@graph`` nodes) it is skipped.
    """
    if depth > _MAX_DEPTH:
        if strict:
            yield where, None, "nested too deeply to be a ClaimReview record"
        return
    if isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield from _candidates(item, _at(where, f"item {number}"), strict=strict, depth=depth + 1)
        return
    if not isinstance(value, dict):
        if strict:
            yield where, None, f"not a ClaimReview but {_json_type(value)}"
        return
    if _is_claimreview(value):
        yield where, value, ""
        return
    if _is_feed(value):
        elements = value.get("dataFeedElement")
        elements = elements if isinstance(elements, list) else [] if elements is None else [elements]
        for number, element in enumerate(elements, 1):
            at = _at(where, f"dataFeedElement {number}")
            if isinstance(element, dict) and ("item" in element or "DataFeedItem" in _types(element)):
                item = element.get("item")
                if item is None or item == []:
                    yield at, None, "a DataFeedItem without an item (item is null)"
                else:
                    yield from _candidates(item, at, strict=True, depth=depth + 1)
            else:
                yield from _candidates(element, at, strict=True, depth=depth + 1)
        return
    if "@graph" in value:
        yield from _candidates(value["@graph"], _at(where, "@graph"), strict=False, depth=depth + 1)
        return
    nested = list(_nested_claimreviews(value, where, depth=0))
    if nested:
        yield from nested
    elif strict:
        types = ", ".join(_types(value)) or "missing"
        yield where, None, f"not a ClaimReview (@type {types})"


def _nested_claimreviews(node: dict, where: str, *, depth: int) -> Iterator[tuple[str, dict, str]]:
    """ClaimReviews inside another node: a WebPage's mainEntity, an Article's review."""
    if depth > _NESTED_DEPTH:
        return
    for key, value in node.items():
        if key.startswith("@"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict):
                continue
            if _is_claimreview(item):
                yield _at(where, key), item, ""
            else:
                yield from _nested_claimreviews(item, _at(where, key), depth=depth + 1)


def _index_ids(values: list) -> dict[str, dict]:
    """Every node with an ``@id`` and content, so ``{"@id": ...}`` references can be followed."""
    ids: dict[str, dict] = {}
    stack = [(value, 0) for value in values]
    while stack:
        value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, dict):
            node_id = value.get("@id")
            if isinstance(node_id, str) and set(value) - {"@id", "@type", "@context"}:
                ids.setdefault(node_id, value)
            stack.extend((item, depth + 1) for item in value.values() if isinstance(item, dict | list))
    return ids


# --- One record ----------------------------------------------------------------


def review_from_record(record: dict, *, base_url: str | None = None, ids: dict | None = None) -> ParsedReview:
    """Read one ClaimReview record; raise RecordRejected saying why it cannot be understood."""
    ids = ids or {}
    try:
        canonical = canonical_json(record)
        content_hash = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    except (UnicodeEncodeError, RecursionError, TypeError, ValueError):
        raise RecordRejected("it holds invalid Unicode or values that are not JSON") from None
    if _has_nul(record):
        raise RecordRejected("it holds NUL characters, which cannot be stored")
    claim = _text(record.get("claimReviewed"))
    if not claim:
        raise RecordRejected("no claimReviewed: the text of the claim is missing or empty")
    url = _review_url(record, base_url)
    notes: list[str] = []
    label, value, best, worst = _rating(_first_dict(_deref(record.get("reviewRating"), ids), keep_text=True))
    if not label and value is None:
        raise RecordRejected("no rating: reviewRating has neither words (alternateName or name) nor a ratingValue")
    item = _first_dict(_deref(record.get("itemReviewed"), ids)) or {}
    publisher_name, publisher_url = _publisher(record, ids, url)
    published = _datetime(record.get("datePublished"), "datePublished", notes)
    claim_made = _datetime(item.get("datePublished"), "itemReviewed.datePublished", notes)
    return ParsedReview(
        url=url,
        claim_reviewed=claim,
        publisher_name=_clip(publisher_name, PUBLISHER_NAME_LENGTH),
        publisher_url=publisher_url,
        claimant=_clip(_names(_deref(item.get("author"), ids), ids), CLAIMANT_LENGTH),
        claim_date=claim_made.date() if claim_made else None,
        appearances=_appearances(item, url, ids, notes),
        rating_label=_clip(label, RATING_LABEL_LENGTH),
        rating_value=value,
        rating_best=best,
        rating_worst=worst,
        normalised_rating=normalised_rating(value, best=best, worst=worst),
        headline=_clip(
            _text(record.get("headline")) or _text(record.get("name")) or _text(record.get("title")),
            HEADLINE_LENGTH,
        ),
        language=_language(record.get("inLanguage")),
        date_published=published,
        date_modified=_datetime(record.get("dateModified"), "dateModified", notes),
        raw=record,
        content_hash=content_hash,
        notes=tuple(notes),
    )


def canonical_json(value) -> str:
    """The one text of a JSON value that content hashes are taken over."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def normalised_rating(value: float | None, *, best: float | None, worst: float | None) -> float | None:
    """``value`` on 0 (worst) .. 1 (best), or None unless all three are there and consistent."""
    if value is None or best is None or worst is None or not worst < best or not worst <= value <= best:
        return None
    return round((value - worst) / (best - worst), 6)


def _review_url(record: dict, base_url: str | None) -> str:
    problem = ""
    for key in ("url", "mainEntityOfPage", "@id"):
        candidate = _url_of(record.get(key))
        if not candidate or (key == "@id" and candidate.startswith("_:")):
            continue
        url, why = absolute_url(candidate, base_url)
        if url is None:
            problem = problem or f"{key} {_short(candidate)} {why}"
            continue
        if len(url) > MAX_URL_LENGTH:
            raise RecordRejected(f"its url is {len(url):,} characters long; at most {MAX_URL_LENGTH:,} are kept")
        return url
    raise RecordRejected(problem or "no url: nothing identifies the review (no url, mainEntityOfPage or @id)")


def absolute_url(value: str, base: str | None) -> tuple[str | None, str]:
    """(an absolute http(s) URL, "") or (None, why not)."""
    value = value.strip()
    if not value:
        return None, "is empty"
    value = re.sub(r"\s", "%20", value)
    if value.startswith("//"):
        value = ("https:" if not base else urlsplit(base).scheme + ":") + value
    try:
        parts = urlsplit(value)
        if not parts.scheme:
            host = _HOSTLIKE.match(value)
            if host and host.group(1).lower() not in _FILE_SUFFIXES:
                return absolute_url("https://" + value, None)
            if not base:
                return None, "is relative and the document's own URL is not known to resolve it against"
            value = urljoin(base, value)
            parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https"):
            return None, "is not an http(s) URL"
        if not parts.hostname:
            return None, "has no host"
    except ValueError:
        return None, "is not a valid URL"
    return value, ""


def _is_absolute(value: str) -> bool:
    return absolute_url(value, None)[0] is not None and "://" in value


def _url_of(value) -> str:
    """A URL given as a string, as ``{"@id": ...}`` / ``{"url": ...}``, or as the first of a list."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) else ""


def _rating(rating) -> tuple[str, float | None, float | None, float | None]:
    if isinstance(rating, str):
        return _text(rating), None, None, None
    if not isinstance(rating, dict):
        return "", None, None, None
    label = _text(rating.get("alternateName")) or _text(rating.get("name"))
    raw_value = rating.get("ratingValue")
    value = _number(raw_value)
    if not label and value is None and isinstance(raw_value, str):
        label = _text(raw_value)  # "ratingValue": "False": words where a number belongs
    return label, value, _number(rating.get("bestRating")), _number(rating.get("worstRating"))


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _publisher(record: dict, ids: dict, review_url: str) -> tuple[str, str]:
    """The fact-checker: a ``publisher``, else an ``author`` that is not a Person, else the review's site.

    Authors as plain strings count; a Person (the writer) does not name the
    organisation, so its site's host name stands in.
    """
    for key in ("publisher", "author"):
        for candidate in _as_list(record.get(key)):
            candidate = _deref(candidate, ids)
            if isinstance(candidate, str) and _text(candidate):
                if absolute_url(candidate, None)[0] and "://" in candidate:
                    continue  # a bare URL, not a name
                return _text(candidate), _site(review_url)
            if not isinstance(candidate, dict) or "Person" in _types(candidate):
                continue
            name = _names(candidate.get("name"), ids, sep=" ")
            url, _why = absolute_url(_url_of(candidate.get("url")) or "", review_url)
            if name or url:
                if url and len(url) > MAX_URL_LENGTH:
                    url = None
                return name or urlsplit(url).hostname or "", url or _site(review_url)
    host = urlsplit(review_url).hostname or ""
    return host.removeprefix("www."), _site(review_url)


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _appearances(item: dict, review_url: str, ids: dict, notes: list[str]) -> tuple[str, ...]:
    """firstAppearance, every appearance, and the claim's own url, as absolute URLs, each once."""
    found: list[str] = []
    for key in ("firstAppearance", "appearance", "url"):
        for value in _as_list(item.get(key)):
            candidate = _url_of(_deref(value, ids))
            if not candidate:
                continue
            url, why = absolute_url(candidate, review_url)
            if url is None or len(url) > MAX_APPEARANCE_LENGTH:
                notes.append(f"itemReviewed.{key} {_short(candidate)} dropped: {why or 'too long'}")
            elif url not in found:
                found.append(url)
    return tuple(found)


def _names(value, ids: dict, sep: str = ", ") -> str:
    """Names of people or organisations: strings, ``{"name": ...}``, lists of either."""
    if isinstance(value, list):
        names = [_names(_deref(v, ids), ids) for v in value]
        return sep.join(dict.fromkeys(n for n in names if n))
    if isinstance(value, dict):
        return _names(value.get("name"), ids, sep)
    return _text(value)


def _language(value) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = _text(value).replace("_", "-")
    return text if len(text) <= LANGUAGE_LENGTH else ""


def _datetime(value, what: str, notes: list[str]) -> datetime | None:
    if value in (None, "", []):
        return None
    parsed = parse_datetime_loose(value)
    if parsed is None:
        notes.append(f"{what} {_short(str(value))} is not a date we can read; dropped")
    return parsed


def parse_datetime_loose(value) -> datetime | None:
    """ISO 8601 and its common near-misses as an aware datetime (UTC when no offset is given)."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
            tzinfo=_offset(offset),
        )
    except (ValueError, OverflowError):
        return None


def _offset(text: str | None) -> timezone:
    if not text or text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    if ":" in digits:
        hours, minutes = digits.split(":", 1)
    elif len(digits) > 2:
        hours, minutes = digits[:-2], digits[-2:]
    else:
        hours, minutes = digits, "0"
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))  # ValueError when absurd


# --- Small readers ---------------------------------------------------------------


def _text(value, sep: str = " ") -> str:
    """Text from a string (entities decoded, tags and extra whitespace removed), a list, or a value object."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return str(value) if math.isfinite(value) else ""
    if isinstance(value, list):
        return sep.join(dict.fromkeys(t for t in (_text(v) for v in value) if t))
    if isinstance(value, dict):
        inner = value.get("@value", value.get("rendered", value.get("name")))
        return _text(inner) if not isinstance(inner, dict) else ""
    if not isinstance(value, str):
        return ""
    if "<" in value:
        value = _TAG.sub(" ", value)
    return " ".join(html.unescape(value).split())


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _short(text: str, length: int = 80) -> str:
    return repr(_clip(text, length))


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _first_dict(value, *, keep_text: bool = False):
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict) or (keep_text and isinstance(v, str))), None)
    if isinstance(value, dict) or (keep_text and isinstance(value, str)):
        return value
    return None


def _deref(value, ids: dict):
    """Follow a bare ``{"@id": ...}`` reference to the node it names in the same document."""
    if isinstance(value, list):
        return [_deref(v, ids) for v in value]
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and not set(value) - {"@id", "@type"}:
        return ids.get(value["@id"], value)
    return value


def _types(node: dict) -> list[str]:
    value = node.get("@type", node.get("type"))
    return [_SCHEMA_PREFIX.sub("", t.strip()) for t in _as_list(value) if isinstance(t, str)]


def _is_claimreview(node: dict) -> bool:
    types = _types(node)
    if types:
        return any(t.lower() == "claimreview" for t in types)
    return "claimReviewed" in node


def _is_feed(node: dict) -> bool:
    types = _types(node)
    return "DataFeed" in types or (not types and "dataFeedElement" in node)


def _at(where: str, segment: str) -> str:
    return f"{where}, {segment}" if where else segment


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _has_nul(value) -> bool:
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _loads(text: str):
    return jsonbody.loads(text, parse_constant=_reject_constant, strict=False)


def _is_json(text: str) -> bool:
    try:
        _loads(text)
    except ValueError:
        return False
    return True


def _gunzip(data: bytes, max_bytes: int | None) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            out = packed.read(max_bytes + 1) if max_bytes else packed.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise ClaimReviewImportError(f"The gzip data is corrupt ({exc}).") from None
    if max_bytes and len(out) > max_bytes:
        raise ClaimReviewImportError(f"Uncompressed, the document is larger than the limit of {max_bytes:,} bytes.")
    return out


def _decode(data: bytes, declared: str | None) -> str:
    if b"\x00" in data[:8192]:
        raise ClaimReviewImportError("The document is binary data (it holds NUL bytes), not JSON, JSON Lines or HTML.")
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        try:
            return data.decode(meta.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise ClaimReviewImportError("The document is not UTF-8 and declares no charset we can read: save it as UTF-8.")
