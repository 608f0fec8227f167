"""No network but this machine's, for the tests and every Python process they start.

Tests reach only loopback (PostgreSQL, Redis, the worker, sites served by the local_site fixture)
and never look a name up: code under test that would touch the outside world fails with
NetworkBlocked instead of depending on (or leaking to) it. Names under .invalid (RFC 6761) are
"not found" without asking anyone. tests/conftest.py calls block() in the pytest process and puts
this folder on PYTHONPATH, so that sitecustomize.py does the same in the worker, beat and the
other Python processes tests start. Chromium, PostgreSQL and redis-server are not Python: the
tests point them at 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket

# Set by the names_not_found fixture: every lookup answers "not found", for tests that feed
# made-up host names to code that resolves them.
NAMES_NOT_FOUND = False


class NetworkBlocked(RuntimeError):
    """A test tried to reach, or resolve, something beyond this machine."""


def _loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in (None, "", "localhost") or str(host).lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _ip_literal(host) -> bool:
    """An address the resolver reads without asking anyone: IPv6, or IPv4 in any notation inet_aton
    takes ("127.1", "0x7f.0.0.1", "2130706433"), after IDNA folding ("①②⑦.0.0.1")."""
    try:
        host = str(host).encode("idna").decode("ascii")
    except UnicodeError:
        host = str(host)
    try:
        socket.inet_aton(host)
        return True
    except OSError:
        pass
    try:
        socket.inet_pton(socket.AF_INET6, host.split("%", 1)[0])
        return True
    except OSError:
        return False


def block() -> None:
    """Patch this process's sockets: connections to loopback only, name lookups refused."""
    if getattr(socket, "_verify_network_blocked", False):
        return
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            raise NetworkBlocked(
                f"A test tried to connect to {address!r}: tests reach 127.0.0.1 only "
                "(serve remote sites with the local_site fixture)."
            )

    def connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
        if _loopback(name) or _ip_literal(name):
            return real_getaddrinfo(host, *args, **kwargs)
        if NAMES_NOT_FOUND or str(name).lower().rstrip(".").endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        raise NetworkBlocked(
            f"A test tried to look up {name!r}: tests resolve no names (use 127.0.0.1, "
            "or a name under .invalid for one that does not exist)."
        )

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    socket.getaddrinfo = getaddrinfo
    socket._verify_network_blocked = True
