"""The fetcher against pages served from 127.0.0.1, and its refusals."""

from __future__ import annotations

import pytest

from claims.inputs.fetching import FetchFailed, FetchRefused, FetchTooLarge, FetchWrongType, fetch_url

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


@pytest.fixture
def trickle():
    """A server on 127.0.0.1 that sends its answer a little at a time: ``/body`` a chunk of the body
    every 0.3 s, ``/headers`` a byte of its headers every 0.3 s, ``/hops/N`` redirects N times,
    each hop answering after 0.3 s. Every single read takes well under the timeout."""
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def answer(conn):
        with conn:
            path = conn.recv(65536).split(b" ", 2)[1].decode()
            try:
                if path == "/body":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
                    chunk = b"<p>0123456789</p>"
                    for _ in range(40):
                        time.sleep(0.3)
                        conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    conn.sendall(b"0\r\n\r\n")
                elif path == "/headers":
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 40:
                        time.sleep(0.3)
                        conn.sendall(bytes([byte]))
                elif path.startswith("/hops/"):
                    n = int(path.rsplit("/", 1)[1])
                    time.sleep(0.3)
                    location = f"/hops/{n - 1}" if n else "/done"
                    conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode())
                else:
                    time.sleep(0.3)
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 11\r\n\r\n<p>done</p>")
            except OSError:
                pass  # the fetcher gave up and closed the connection

    def serve():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed at teardown
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/body", "/headers", "/hops/5"])
def test_the_timeout_is_one_deadline_for_the_whole_fetch(trickle, settings, path):
    """Each read comes within the timeout, but the whole fetch may not outlast it."""
    import time

    settings.VERIFY_FETCH_MAX_REDIRECTS = 5
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="the whole fetch may take 1 s"):
        fetch_url(f"{trickle}{path}", timeout=1.0)
    assert time.monotonic() - started < 1.5


@pytest.mark.slow
def test_a_slow_but_timely_fetch_succeeds(trickle, settings):
    settings.VERIFY_FETCH_MAX_REDIRECTS = 5
    page = fetch_url(f"{trickle}/hops/2", timeout=5.0)
    assert page.content == b"<p>done</p>"
    assert page.final_url.endswith("/done")


def test_webhook_posts_have_one_deadline_too(trickle):
    import time

    from claims.inputs.fetching import post_json

    started = time.monotonic()
    with pytest.raises(FetchFailed, match="did not answer within 1 s"):
        post_json(f"{trickle}/headers", b"{}", headers={}, timeout=1.0)
    assert time.monotonic() - started < 1.5


def test_a_name_lookup_that_never_answers_is_bounded_by_the_fetch_deadline(monkeypatch):
    """The outside world's resolver hangs (stood in for by a slow getaddrinfo): the fetch fails at its
    deadline with a plain message instead of holding the worker for as long as the resolver likes."""
    import socket
    import time

    real = socket.getaddrinfo

    def hanging(host, *args, **kwargs):
        if host == "slow-dns.example":
            time.sleep(3)
        return real("127.0.0.1", *args[1:], **kwargs) if host == "slow-dns.example" else real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    started = time.monotonic()
    with pytest.raises(
        FetchFailed, match="Looking up the host 'slow-dns.example' did not finish within the fetch's time limit"
    ):
        fetch_url("http://slow-dns.example/page", timeout=1.0)
    assert time.monotonic() - started < 1.5
