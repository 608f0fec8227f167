"""Tests reach only this machine and look no name up, in the test process and in every Python
process a test starts (tests/sitenetwork/). Each test checks the guard is in place before it
tries anything, so a broken guard fails here without sending a packet."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from conftest import NetworkBlocked


def test_the_test_process_is_guarded():
    assert getattr(socket, "_verify_network_blocked", False)


def test_a_name_lookup_is_refused_and_names_under_invalid_are_not_found():
    assert getattr(socket, "_verify_network_blocked", False)
    with pytest.raises(NetworkBlocked, match="look up 'example.org'"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("no-such-site.invalid", 443)


def test_every_name_is_not_found_with_the_fixture(names_not_found):
    assert getattr(socket, "_verify_network_blocked", False)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)


def test_loopback_and_literal_addresses_still_resolve():
    assert socket.getaddrinfo("localhost", 80)
    assert socket.getaddrinfo("127.1", 80)[0][4][0] == "127.0.0.1"
    assert socket.getaddrinfo("2130706433", 80)[0][4][0] == "127.0.0.1"


def test_python_processes_started_by_tests_are_guarded_too():
    code = (
        "import socket, sys\n"
        "if not getattr(socket, '_verify_network_blocked', False): sys.exit(3)\n"
        "try:\n    socket.getaddrinfo('example.org', 443)\n"
        "except RuntimeError as exc:\n    print(type(exc).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "NetworkBlocked", done.stderr
