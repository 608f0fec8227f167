"""SSRF: a hostile site on 127.0.0.1 redirects the fetcher inward; every hop is refused.

The test server is the one private target the fetcher may reach here
(VERIFY_FETCH_ALLOWED_TARGETS = exactly its address and port, with
VERIFY_FETCH_ALLOW_PRIVATE off), so the first hop is allowed and each
redirect target is checked the way it would be in production. A second
"internal" server on another port counts the requests that got through.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import pytest

from claims.inputs import fetching
from claims.inputs.fetching import FetchHostNotFound, FetchRefused, fetch_url

ARTICLE = (200, "text/html", b"<html><body><p>Hello from the article.</p></body></html>")


@pytest.fixture
def internal(local_site):
    """A server standing for something inside the network: it must never be reached."""
    hits: list[str] = []

    def route(path):
        hits.append(path)
        return 200, "text/html", b"<p>internal secrets</p>"

    base = local_site(route)
    return urlsplit(base).port, hits


@pytest.fixture
def hostile(local_site, settings):
    """A public-looking site (the one allowed target) that redirects wherever ``?to=`` says."""
    from urllib.parse import parse_qs

    def route(path):
        parts = urlsplit(path)
        if parts.path == "/to":
            return 302, "text/plain", b"", {"Location": parse_qs(parts.query)["to"][0]}
        if parts.path.startswith("/loop"):
            return 302, "text/plain", b"", {"Location": "/loop-b" if parts.path == "/loop" else "/loop"}
        if parts.path.startswith("/chain/"):
            n = int(parts.path.rsplit("/", 1)[1])
            return 301, "text/plain", b"", {"Location": "/article" if n == 0 else f"/chain/{n - 1}"}
        return ARTICLE if parts.path == "/article" else None

    base = local_site(route)
    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    settings.VERIFY_FETCH_ALLOWED_TARGETS = [urlsplit(base).netloc]
    settings.VERIFY_FETCH_MAX_REDIRECTS = 5
    return base


def test_the_allowed_test_server_is_fetched_through_redirects(hostile):
    page = fetch_url(f"{hostile}/chain/4")  # five redirects: the limit
    assert page.final_url == f"{hostile}/article" and b"Hello" in page.content


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/",
        "http://localhost:{port}/",
        "http://127.1:{port}/",
        "http://127.0.1:{port}/",
        "http://2130706433:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://0x7f.0.0.1:{port}/",
        "http://0x7f000001:{port}/",
        "http://017700000001:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::ffff:7f00:1]:{port}/",
        "http://[::1]:{port}/",
        "//127.0.0.1:{port}/scheme-relative",
        "http://0.0.0.0:{port}/",
    ],
)
def test_redirects_to_loopback_in_any_notation_are_refused(hostile, internal, target):
    port, hits = internal
    with pytest.raises(FetchRefused, match="not a public address"):
        fetch_url(f"{hostile}/to?to={target.format(port=port)}", timeout=3)
    assert hits == []  # nothing reached the internal server


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/",
        "http://10.255.255.254:8080/admin",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://0300.0250.0.1/",  # 192.168.0.1 in octal
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://[fec0::1]/",
        "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
        "http://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
        "http://[::7f00:1]/",  # IPv4-compatible 127.0.0.1
        "http://224.0.0.1/",
        "http://[ff02::1]/",
        "http://255.255.255.255/",
    ],
)
def test_redirects_to_private_link_local_and_multicast_are_refused(hostile, target):
    with pytest.raises(FetchRefused, match="not a public address"):
        fetch_url(f"{hostile}/to?to={target}", timeout=3)


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://10.0.0.1/", "http://user:pw@example.org/"]
)
def test_redirects_to_other_schemes_and_credentials_are_refused(hostile, target):
    with pytest.raises(FetchRefused):
        fetch_url(f"{hostile}/to?to={target}", timeout=3)


def test_redirect_loops_and_more_than_five_redirects_are_refused(hostile):
    with pytest.raises(FetchRefused, match="Too many redirects"):
        fetch_url(f"{hostile}/loop", timeout=3)
    with pytest.raises(FetchRefused, match="Too many redirects"):
        fetch_url(f"{hostile}/chain/5", timeout=3)  # six


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/", "http://①②⑦.0.0.1:{port}/", "http://0x7f.1:{port}/"])
def test_the_first_hop_is_checked_too(hostile, internal, url):
    port, hits = internal
    with pytest.raises(FetchRefused):
        fetch_url(url.format(port=port), timeout=3)
    assert hits == []


def test_the_connection_goes_to_the_address_that_was_checked(hostile, monkeypatch):
    """DNS rebinding: the name answers the allowed address first, a private one after.

    The fetcher resolves once and connects to that address; any second lookup
    (by the HTTP client, say) would get 10.255.255.1 and fail or hang.
    """
    port = urlsplit(hostile).port
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.255.255.1", "10.255.255.1", "10.255.255.1"])
    lookups: list[str] = []

    def rebinding(host, *args, **kwargs):
        if host != "rebind.example":
            return real(host, *args, **kwargs)
        address = next(answers)
        lookups.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, args[0] if args else port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    page = fetch_url(f"http://rebind.example:{port}/article", timeout=3)
    assert b"Hello" in page.content
    assert lookups == ["127.0.0.1"]  # resolved once, and that address was used


def test_a_name_with_one_public_and_one_private_address_is_refused(hostile, monkeypatch):
    port = urlsplit(hostile).port
    real = socket.getaddrinfo

    def split_horizon(host, *args, **kwargs):
        if host != "mixed.example":
            return real(host, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ("127.0.0.1", "10.0.0.7")]

    monkeypatch.setattr(socket, "getaddrinfo", split_horizon)
    with pytest.raises(FetchRefused, match="10.0.0.7"):
        fetch_url(f"http://mixed.example:{port}/article", timeout=3)


def test_unresolvable_redirect_target_fails_in_plain_words_without_retry(hostile):
    with pytest.raises(
        FetchHostNotFound, match=r"Could not find the site no-such-host.invalid \(DNS lookup failed\)"
    ) as err:
        fetch_url(f"{hostile}/to?to=http://no-such-host.invalid/", timeout=3)
    assert not err.value.transient


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("64:ff9b::5db8:d822", True),
        ("127.0.0.1", False),
        ("::ffff:127.0.0.1", False),
        ("::7f00:1", False),
        ("64:ff9b::7f00:1", False),
        ("64:ff9b:1::a00:1", False),
        ("2002:7f00:1::", False),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),
        ("fec0::1", False),
        ("ff0e::1", False),
        ("0.0.0.0", False),  # noqa: S104
        ("::", False),
    ],
)
def test_public_address_rule(address, public):
    assert fetching.is_public_address(ipaddress.ip_address(address)) is public


# One address in each IANA special-purpose range; Python 3.12.1's ipaddress calls several of them
# global (192.0.0.8, ::ffff:0:7f00:1, 3fff::1, 5f00::1, 192.88.99.1, 192.0.0.9).
SPECIAL_PURPOSE = [
    "0.1.2.3",
    "10.1.2.3",
    "100.64.0.1",
    "127.0.0.2",
    "169.254.169.254",
    "172.16.0.1",
    "192.0.0.8",
    "192.0.0.9",
    "192.0.0.170",
    "192.0.2.1",
    "192.31.196.1",
    "192.52.193.1",
    "192.88.99.1",
    "192.168.1.1",
    "192.175.48.1",
    "198.18.0.1",
    "198.51.100.1",
    "203.0.113.1",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:0:7f00:1",
    "::ffff:0:a00:1",
    "::7f00:1",
    "64:ff9b:1::1",
    "100::1",
    "100:0:0:1::1",
    "2001::1",
    "2001:1::1",
    "2001:2::1",
    "2001:3::1",
    "2001:4:112::1",
    "2001:20::1",
    "2001:db8::1",
    "2620:4f:8000::1",
    "3fff::1",
    "5f00::1",
    "fc00::1",
    "fd12::1",
    "fe80::1",
    "fec0::1",
    "ff02::1",
    "4000::1",
]


@pytest.mark.parametrize("address", SPECIAL_PURPOSE)
def test_every_special_purpose_range_is_refused_whatever_the_interpreter_says(address):
    assert fetching.is_public_address(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize(
    "target",
    [
        "http://192.0.0.8/hook",
        "http://[::ffff:0:7f00:1]/hook",
        "http://[3fff::1]/",
        "https://192.88.99.1/",
        "http://[5f00::1]:8080/",
    ],
)
def test_webhooks_to_special_purpose_addresses_are_refused(db, users, settings, target):
    from rest_framework.test import APIClient

    from claims.services.tokens import token_create

    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    _token, raw = token_create(user=users["editor"], name="hooks", scopes=["read", "review"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = client.post("/api/v1/webhooks/", {"target_url": target, "events": ["job.failed"]}, format="json")
    assert response.status_code == 400, response.content
    assert "not a public address" in response.json()["detail"]


def test_fetching_a_special_purpose_address_is_refused_before_connecting(settings):
    settings.VERIFY_FETCH_ALLOW_PRIVATE = False
    for url in ("http://192.0.0.8/", "http://[::ffff:0:7f00:1]/"):
        with pytest.raises(FetchRefused, match="not a public address"):
            fetch_url(url, timeout=1)
