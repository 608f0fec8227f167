"""Fetching remote pages safely (articles now; evidence and webhooks later).

Every hop of a fetch is checked before any byte is sent: the host name is
resolved once, every address it resolves to must be public, and the
connection goes to that checked address (so a DNS answer that changes
between check and connect cannot point us inside the network). Redirects are
followed by hand, each one checked the same way, at most
VERIFY_FETCH_MAX_REDIRECTS. The body is read in chunks and cut off at
VERIFY_MAX_INPUT_BYTES; only HTML and text content types are accepted.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from django.conf import settings

from verify.exceptions import ApplicationError

from .weburl import InvalidUrl, parse_http_url

USER_AGENT = "VerifyBot/0.1 (+https://github.com/verify-desk/verify; fact-checking workbench)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
)


class FetchError(ApplicationError):
    """A fetch that cannot succeed; ``transient`` ones may succeed on retry. Raised for articles,
    feeds, evidence, imports and webhooks alike, so it is no extraction error: a caller that fetches
    catches it beside the errors of what it does with the page."""

    code = "fetch_failed"
    status = 502
    transient = False


class FetchRefused(FetchError):
    """The address is not one we may connect to (loopback, private, ...)."""


class FetchTooLarge(FetchError):
    pass


class FetchWrongType(FetchError):
    pass


class FetchFailed(FetchError):
    """Unreachable, timed out, or a server error: worth retrying later."""

    transient = True


class FetchHostNotFound(FetchError):
    """The site's name does not exist (the DNS says so): retrying will not make it exist."""


# Name lookup failures that are answers, not outages: the name (or any address for it) does not
# exist. EAI_AGAIN ("temporary failure") and the rest may pass, and are retried.
_NAME_NOT_FOUND = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA", "EAI_FAIL") if hasattr(socket, name)}
_CONNECT_ERRORS = {
    errno.ECONNREFUSED: "the connection was refused (nothing answers on that port)",
    errno.ECONNRESET: "the connection was reset",
    errno.EHOSTUNREACH: "the host cannot be reached from here",
    errno.ENETUNREACH: "the network cannot be reached from here",
}


def _os_error(exc: BaseException) -> OSError | None:
    """The operating system's error behind an httpx/httpcore error, if any."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno is not None:
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _plain_failure(exc: BaseException, url: str) -> str:
    """Why a request failed, in words a checker can act on, not ``[Errno 111] ...``."""
    host = urlsplit(url).netloc.rsplit("@", 1)[-1] or url
    os_error = _os_error(exc)
    if os_error is not None and os_error.errno in _CONNECT_ERRORS:
        return f"Could not connect to the site {host}: {_CONNECT_ERRORS[os_error.errno]}."
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower():
        return f"Could not connect securely to the site {host}: its certificate is not valid."
    if os_error is not None and os_error.strerror:
        return f"Could not connect to the site {host}: {os_error.strerror.lower()}."
    return f"Fetching {url} failed: {text or exc.__class__.__name__}."


@dataclass(frozen=True)
class FetchedPage:
    url: str
    final_url: str
    content_type: str
    encoding: str | None
    content: bytes


# The IANA special-purpose address registries (IPv4 and IPv6, as of 2025), refused explicitly:
# ``ipaddress.is_global`` depends on the interpreter (3.12.1 calls 192.0.0.8 and ::ffff:0:7f00:1
# global). Ranges the registry marks globally reachable (anycast services, AS112) are refused too:
# nothing we fetch or notify lives there.
SPECIAL_PURPOSE_V4 = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",  # private use
        "100.64.0.0/10",  # shared address space (carrier-grade NAT)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link local (cloud metadata)
        "172.16.0.0/12",  # private use
        # IETF protocol assignments (DS-Lite, the dummy 192.0.0.8, PCP and TURN anycast, NAT64 discovery)
        "192.0.0.0/24",
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.31.196.0/24",  # AS112-v4
        "192.52.193.0/24",  # AMT
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",  # private use
        "192.175.48.0/24",  # direct delegation AS112
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255 (limited broadcast)
    )
)
SPECIAL_PURPOSE_V6 = tuple(
    ipaddress.ip_network(net)
    for net in (
        "::/128",  # unspecified
        "::1/128",  # loopback
        "::ffff:0:0/96",  # IPv4-mapped (checked by its IPv4 address below)
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT): ::ffff:0:7f00:1 is 127.0.0.1
        "::/96",  # IPv4-compatible (deprecated)
        "64:ff9b::/96",  # IPv4/IPv6 translation (checked by its IPv4 address below)
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation
        "100::/64",  # discard-only
        "100:0:0:1::/64",  # dummy prefix
        "2001::/23",  # IETF protocol assignments (Teredo, benchmarking, ORCHID, AMT, AS112, ...)
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4 (checked by its IPv4 address below)
        "2620:4f:8000::/48",  # direct delegation AS112
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing SIDs
        "fc00::/7",  # unique local
        "fe80::/10",  # link local
        "fec0::/10",  # site local (deprecated, still routed inside some networks)
        "ff00::/8",  # multicast
    )
)
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``ip`` is a public unicast address: outside every special-purpose range.

    IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are as public as
    that address; any other IPv6 address must be global unicast (2000::/3).
    """
    if isinstance(ip, ipaddress.IPv4Address):
        return not any(ip in net for net in SPECIAL_PURPOSE_V4) and ip.is_global
    if ip.ipv4_mapped is not None:
        return is_public_address(ip.ipv4_mapped)
    if ip in _NAT64:
        return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        return is_public_address(ip.sixtofour)
    if ip not in _GLOBAL_UNICAST_V6:
        return False
    return not any(ip in net for net in SPECIAL_PURPOSE_V6) and ip.is_global


def _allowed_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> bool:
    """Test-only: VERIFY_FETCH_ALLOW_PRIVATE opens everything; VERIFY_FETCH_ALLOWED_TARGETS
    (``"127.0.0.1:8001"`` strings, unset in production) opens exactly one local test server."""
    if settings.VERIFY_FETCH_ALLOW_PRIVATE:
        return True
    target = f"[{ip}]:{port}" if ip.version == 6 else f"{ip}:{port}"
    return target in getattr(settings, "VERIFY_FETCH_ALLOWED_TARGETS", ())


# Name lookups run here so that a fetch's deadline bounds them too: getaddrinfo takes no timeout,
# and a resolver that never answers would otherwise hold a worker for as long as it likes.
# One pool a process, made on first use: a pool inherited through fork (Celery's prefork, gunicorn)
# would hold its parent's threads, which do not exist in the child.
_resolver: tuple[int, ThreadPoolExecutor] | None = None


def _resolver_pool() -> ThreadPoolExecutor:
    global _resolver
    if _resolver is None or _resolver[0] != os.getpid():
        _resolver = (os.getpid(), ThreadPoolExecutor(max_workers=4, thread_name_prefix="verify-dns"))
    return _resolver[1]


def resolve_public(host: str, port: int, *, timeout: float | None = None) -> str:
    """Resolve ``host`` and return one address to connect to, or raise FetchRefused.

    Every address must be public: a name that resolves to one public and one
    private address is refused, since the client could pick either. The name
    is resolved here only; callers connect to the address returned. ``timeout``
    (what is left of the fetch's deadline) bounds the lookup.
    """
    lookup = _resolver_pool().submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=timeout)
    except FutureTimeout as exc:
        lookup.cancel()
        raise FetchFailed(
            f"Looking up the host {host!r} did not finish within the fetch's time limit (VERIFY_FETCH_TIMEOUT)."
        ) from exc
    except UnicodeError as exc:
        raise FetchHostNotFound(f"Could not find the site {host}: it is not a valid site name.") from exc
    except socket.gaierror as exc:
        if exc.errno in _NAME_NOT_FOUND:
            raise FetchHostNotFound(
                f"Could not find the site {host} (DNS lookup failed): check the address for typos."
            ) from exc
        raise FetchFailed(
            f"Could not look up the site {host} (DNS lookup failed for now: "
            f"{(exc.strerror or str(exc)).lower()}); will retry."
        ) from exc
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not is_public_address(ip) and not _allowed_private(ip, port):
            raise FetchRefused(f"Refused to fetch {host!r}: it resolves to {ip}, which is not a public address.")
        addresses.append(ip)
    if not addresses:
        raise FetchFailed(f"The host {host!r} has no address.")
    return str(addresses[0])


def _check_url(url: str) -> tuple[str, str, int]:
    try:
        checked = parse_http_url(url)
    except InvalidUrl as exc:
        raise FetchRefused(f"Not fetched: {exc}") from None
    return checked.scheme, checked.host, checked.port


def pinned_target(url: str, *, timeout: float | None = None) -> tuple[str, str, str]:
    """The URL rewritten to a checked public address: (target, Host header, host name for SNI)."""
    scheme, host, port = _check_url(url)
    address = resolve_public(host, port, timeout=timeout)
    parts = urlsplit(url)
    netloc_ip = f"[{address}]" if ":" in address else address
    target = urlunsplit((scheme, f"{netloc_ip}:{port}", parts.path or "/", parts.query, ""))
    return target, parts.netloc.rsplit("@", 1)[-1], host


class _Deadline:
    """One time budget for a whole fetch: every connect, TLS handshake, write and read gets at most
    what is left of it, so a server trickling a byte every few seconds cannot stretch a fetch
    (httpx's timeouts are per operation: a chunk every 9 s kept a 10 s fetch going for 72 s)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self, timeout: float | None = None) -> float:
        """The time an operation may take: the rest of the budget (at least 1 ms, so an expired
        budget times the operation out at once), or less if the operation asks for less."""
        left = max(self.ends - time.monotonic(), 0.001)
        return left if timeout is None else min(timeout, left)

    def expired(self) -> bool:
        return time.monotonic() >= self.ends


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(ssl_context, server_hostname, self._deadline.left(timeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, each operation bounded by the fetch's deadline."""

    def __init__(self, deadline: _Deadline) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._backend.connect_tcp(host, port, self._deadline.left(timeout), local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("Unix sockets are never fetched.")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, self._deadline.left()))


class _Body(httpx.SyncByteStream):
    """A response body from httpcore, its errors raised as httpx's (what the callers catch)."""

    def __init__(self, stream, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    def __iter__(self):
        with _as_httpx_errors(self._request):
            yield from self._stream

    def close(self) -> None:
        self._stream.close()


@contextlib.contextmanager
def _as_httpx_errors(request: httpx.Request):
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise httpx.TimeoutException(str(exc) or "timed out", request=request) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
        raise httpx.TransportError(str(exc) or exc.__class__.__name__, request=request) from exc


class _DeadlineTransport(httpx.BaseTransport):
    """An httpx transport whose connections live within one deadline (see _Deadline)."""

    def __init__(self, deadline: _Deadline) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_DeadlineBackend(deadline)
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors(request):
            response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


def post_json(url: str, body: bytes, *, headers: dict[str, str], timeout: float = 10.0) -> tuple[int, float]:
    """POST ``body`` to a checked public address (webhooks); returns (status, seconds).

    Redirects are not followed; ``timeout`` bounds the whole exchange. Raises FetchRefused or FetchFailed.
    """
    deadline = _Deadline(timeout)
    target, host_header, host = pinned_target(url, timeout=deadline.left())
    started = time.monotonic()
    try:
        with httpx.Client(
            timeout=timeout, follow_redirects=False, trust_env=False, transport=_DeadlineTransport(deadline)
        ) as client:
            response = client.post(
                target,
                content=body,
                extensions={"sni_hostname": host},
                headers={"Host": host_header, "User-Agent": USER_AGENT, "Content-Type": "application/json", **headers},
            )
    except httpx.TimeoutException as exc:
        raise FetchFailed(f"{url} did not answer within {timeout:g} s.") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(_plain_failure(exc, url)) from exc
    return response.status_code, time.monotonic() - started


def fetch_url(
    url: str,
    *,
    max_bytes: int | None = None,
    timeout: float | None = None,
    accept: tuple[str, ...] = ACCEPTED_TYPES,
) -> FetchedPage:
    """Fetch a page of one of the ``accept`` types; raise a FetchError subclass saying why not.

    ``timeout`` (VERIFY_FETCH_TIMEOUT) is one deadline for the whole fetch: every connection,
    redirect, name lookup and byte of the body.
    """
    max_bytes = max_bytes or settings.VERIFY_MAX_INPUT_BYTES
    timeout = timeout or settings.VERIFY_FETCH_TIMEOUT
    deadline = _Deadline(timeout)
    current = url
    # Requests go straight to the transport: the client's own redirect
    # handling would parse (and reject, as a protocol error) a Location such
    # as http://0177.0.0.1/ before we could check it; here every Location is
    # ours to resolve and refuse.
    with httpx.Client(timeout=timeout, trust_env=False) as client, _DeadlineTransport(deadline) as transport:
        for _hop in range(settings.VERIFY_FETCH_MAX_REDIRECTS + 1):
            target, host_header, host = pinned_target(current, timeout=deadline.left())
            headers = {"Host": host_header, "User-Agent": USER_AGENT, "Accept": ",".join(accept)}
            try:
                if deadline.expired():
                    raise httpx.TimeoutException("the fetch's deadline passed")
                request = client.build_request("GET", target, headers=headers, extensions={"sni_hostname": host})
                with contextlib.closing(transport.handle_request(request)) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchFailed(f"{current} redirects without a location.")
                        current = urljoin(current, location.strip())
                        continue
                    return _read(response, url=url, final_url=current, max_bytes=max_bytes, accept=accept)
            except httpx.TimeoutException as exc:
                raise FetchFailed(f"Fetching {current} timed out: the whole fetch may take {timeout:g} s.") from exc
            except httpx.HTTPError as exc:
                raise FetchFailed(_plain_failure(exc, current)) from exc
    raise FetchRefused(f"Too many redirects: gave up after {settings.VERIFY_FETCH_MAX_REDIRECTS} starting from {url}.")


def _read(
    response: httpx.Response, *, url: str, final_url: str, max_bytes: int, accept: tuple[str, ...]
) -> FetchedPage:
    if response.status_code >= 500 or response.status_code == 429:
        raise FetchFailed(f"{final_url} answered {response.status_code}; will retry.")
    if response.status_code >= 400:
        # A client error is the page's answer, not an outage: not retried.
        why = {
            401: "the page needs a sign-in",
            403: "the site refused access to the page",
            404: "the page was not found",
            410: "the page was removed",
        }.get(response.status_code, "")
        raise FetchError(
            f"{final_url} answered {response.status_code} {response.reason_phrase}" + (f": {why}." if why else ".")
        )
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type and content_type not in accept:
        raise FetchWrongType(
            f"{final_url} is {content_type}, which is not accepted here (accepted: {', '.join(accept)})."
        )
    declared = response.headers.get("content-length")
    if declared and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise FetchTooLarge(f"{final_url} is {int(declared):,} bytes; the limit is {max_bytes:,} bytes.")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchTooLarge(f"{final_url} is larger than the limit of {max_bytes:,} bytes.")
        chunks.append(chunk)
    return FetchedPage(
        url=url,
        final_url=final_url,
        content_type=content_type or "text/html",
        encoding=response.charset_encoding,
        content=b"".join(chunks),
    )
