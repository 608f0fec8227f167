"""The fetcher against pages served from 127.0.0.1, and its refusals."""

from __future__ import annotations

import pytest

from claims.fetching import FetchFailed, FetchRefused, FetchTooLarge, FetchWrongType, fetch_url

PAGES = {
    "/article": (200, "text/html; charset=utf-8", b"<html><body><p>Hello</p></body></html>"),
    "/plain": (200, "text/plain", b"Plain text"),
    "/image": (200, "image/png", b"\x89PNG...."),
    "/big": (200, "text/html", b"x" * 5000),
    "/missing": (404, "text/html", b"Not here"),
    "/broken": (503, "text/html", b"Down"),
}


def route(path: str):
    if path.startswith("/redirect/"):
        n = int(path.rsplit("/", 1)[1])
        return 302, "text/plain", b"", {"Location": "/article" if n == 0 else f"/redirect/{n - 1}"}
    return PAGES.get(path)


@pytest.fixture
def server(local_site):
    return local_site(route)


def test_fetches_a_page_and_follows_redirects(server):
    page = fetch_url(f"{server}/redirect/3")
    assert page.content.startswith(b"<html>")
    assert page.final_url == f"{server}/article"
    assert page.content_type == "text/html" and page.encoding == "utf-8"


def test_too_many_redirects_are_refused(server, settings):
    settings.VERIFY_FETCH_MAX_REDIRECTS = 5
    with pytest.raises(FetchRefused, match="Too many redirects"):
        fetch_url(f"{server}/redirect/6")


def test_wrong_type_too_large_and_http_errors(server):
    with pytest.raises(FetchWrongType, match="image/png"):
        fetch_url(f"{server}/image")
    with pytest.raises(FetchTooLarge, match="limit is 1,000"):
        fetch_url(f"{server}/big", max_bytes=1000)
    with pytest.raises(Exception, match="404"):
        fetch_url(f"{server}/missing")
    with pytest.raises(FetchFailed, match="503") as err:
        fetch_url(f"{server}/broken")
    assert err.value.transient


def test_unreachable_is_transient():
    with pytest.raises(FetchFailed) as err:
        fetch_url("http://127.0.0.1:9/nothing-listens-here", timeout=2)
    assert err.value.transient


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "file:///etc/passwd",
        "http://user:pw@example.org/",
    ],
)
def test_private_and_odd_addresses_are_refused(settings, url):
    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    with pytest.raises((FetchRefused, FetchFailed)) as err:
        fetch_url(url)
    assert not isinstance(err.value, FetchFailed) or "resolved" in str(err.value)


def test_redirect_to_a_private_address_is_refused(server, settings):
    # The first hop is allowed (test server), the redirect target is checked again.
    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchRefused, match="not a public address"):
        fetch_url(f"{server}/redirect/0")
