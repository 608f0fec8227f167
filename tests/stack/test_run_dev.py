"""`make run`'s launcher: web and real workers start together, and Ctrl-C or SIGTERM stops every
process they started (the workers' pools and beat included) within 10 seconds, even while a worker
is busy extracting an article."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

from claims.demo import SAMPLE_ARTICLE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, command line) of every process on the machine."""
    out = subprocess.run(
        ["ps", "-ww", "-e", "-o", "pid=,ppid=,args="], capture_output=True, text=True, check=False
    ).stdout
    table = {}
    for line in out.splitlines():
        pid, ppid, *args = line.split(None, 2)
        table[int(pid)] = (int(ppid), args[0] if args else "")
    return table


def descendants(root: int) -> dict[int, str]:
    """Every process started (directly or not) by ``root``, with its command line."""
    table = processes()
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, args) in table.items():
            if ppid == parent and pid not in found:
                found[pid] = args
                frontier.append(pid)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may not reap what it inherits)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm", "sigterm-to-make"])
def test_run_dev_starts_web_workers_and_beat_and_stops_them_all_within_10_seconds(tmp_path, how):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")
    }
    env.update(VERIFY_VAR_DIR=str(tmp_path), PORT=str(port), DEBUG="1", WORKER_CONCURRENCY="1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    log_path = tmp_path / "run-dev.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    # `make run` itself (its install step taken as done: this checkout's environment is the test's),
    # signalled as a process manager would: make passes SIGTERM on to the launcher it runs.
    command = (
        ["make", "--no-print-directory", "-o", ".venv/.installed-runtime", "run"]
        if how == "sigterm-to-make"
        else ["scripts/run-dev"]
    )
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )  # its own process group, as a terminal gives it
    started: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                    assert response.read() == b"ok"
                break
            except OSError:
                assert time.monotonic() < deadline, log_path.read_text()[-3000:]
                assert proc.poll() is None, log_path.read_text()[-3000:]
                time.sleep(0.5)

        def workers() -> set[str]:  # the queues of the workers running: extraction's and matching's
            return {c.split(" -Q ")[1].split()[0] for c in descendants(proc.pid).values() if "worker -Q " in c}

        while workers() != {"celery", "matching"} or "beat: Starting" not in log_path.read_text():
            assert time.monotonic() < deadline, (descendants(proc.pid), log_path.read_text()[-3000:])
            time.sleep(0.5)
        # Keep the extraction worker busy: an article is being extracted when the signal comes.
        subprocess.run(
            [sys.executable, "manage.py", "ingest", str(SAMPLE_ARTICLE)],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )
        while "fetch_article" not in log_path.read_text():
            assert time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.2)
        started = descendants(proc.pid)
        assert len(started) >= 6, started  # 3 services, the pools, beat, runserver's reloaded child
        signalled = time.monotonic()
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)  # a terminal sends it to the foreground process group
        else:
            proc.send_signal(signal.SIGTERM)  # a process manager (or `make`, forwarding it) signals the launcher
        while proc.poll() is None or any(running(pid) for pid in started):
            left = {pid: args for pid, args in started.items() if running(pid)}
            assert time.monotonic() - signalled < 10, f"still running 10 s after {how}: {left}"
            time.sleep(0.2)
        assert proc.returncode == {"ctrl-c": 130, "sigterm": 143, "sigterm-to-make": -signal.SIGTERM}[how]
    finally:
        for pid in [proc.pid, *started]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()
