"""One check for every http(s) URL that comes in: articles, evidence, feeds, webhooks, fetches.

Python's ``urlsplit`` parses leniently and only complains when a part is read
(``.port`` raises ValueError for ``:99999``), so each caller checking URLs its
own way let some through to a 500 and others to the database. Here a URL is
refused, with the reason, before anything is stored or fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import InvalidInput

MAX_URL_LENGTH = 2000


class InvalidUrl(InvalidInput):
    """A URL we cannot accept: not http(s), no host, a bad port, credentials, spaces, too long."""


@dataclass(frozen=True)
class HttpUrl:
    url: str
    scheme: str
    host: str
    port: int


def parse_http_url(value: str, *, what: str = "URL") -> HttpUrl:
    """``value`` as a checked http(s) URL, or InvalidUrl saying what is wrong with it."""
    url = value.strip()
    shown = url if len(url) <= 80 else url[:77] + "..."
    if not url:
        raise InvalidUrl(f"The {what} is empty.")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidUrl(f"The {what} is {len(url):,} characters long; the limit is {MAX_URL_LENGTH:,}.")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise InvalidUrl(f"The {what} {shown!r} contains spaces or control characters.")
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise InvalidUrl(f"The {what} {shown!r} cannot be read: {exc}.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidUrl(f"The {what} {shown!r} is not an http(s) URL.")
    if not hostname:
        raise InvalidUrl(f"The {what} {shown!r} is not an http(s) URL: it has no host.")
    if parts.username is not None or parts.password is not None:
        raise InvalidUrl(f"The {what} {shown!r} holds a user name or password; those are not accepted.")
    try:
        port = parts.port
    except ValueError:
        port = None
        bad_port = True
    else:
        bad_port = port == 0
    if bad_port:
        raise InvalidUrl(f"The {what} {shown!r} has an invalid port: a port is a number from 1 to 65535.")
    scheme = parts.scheme.lower()
    return HttpUrl(url=url, scheme=scheme, host=hostname, port=port or (443 if scheme == "https" else 80))
