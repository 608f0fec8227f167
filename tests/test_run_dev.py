"""`make run`'s launcher: web and a real worker start together, and Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def group_commands(pgid: int) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-o", "pgid=,args=", "-e"], capture_output=True, text=True, check=False).stdout
    return [line.split(None, 1)[1] for line in out.splitlines() if line.split(None, 1)[0] == str(pgid)]


@pytest.mark.slow
def test_run_dev_starts_web_and_both_workers_and_ctrl_c_stops_them_all(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL",
                                                            "DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    env.update(VERIFY_VAR_DIR=str(tmp_path), PORT=str(port), DEBUG="1", WORKER_CONCURRENCY="1")
    log = open(tmp_path / "run-dev.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(["scripts/run-dev"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # its own process group, as a terminal gives it
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                    assert response.read() == b"ok"
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "run-dev.log").read_text()[-3000:]
                assert proc.poll() is None, (tmp_path / "run-dev.log").read_text()[-3000:]
                time.sleep(0.5)
        def workers() -> set[str]:  # the queues of the workers running: extraction's and matching's
            return {c.split(" -Q ")[1].split()[0] for c in group_commands(proc.pid) if "worker -Q " in c}

        while workers() != {"celery", "matching"}:
            assert time.monotonic() < deadline, group_commands(proc.pid)
            time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        deadline = time.monotonic() + 45
        while proc.poll() is None or group_alive(proc.pid):  # poll() reaps the launcher itself
            assert time.monotonic() < deadline, f"still running after Ctrl-C: {group_commands(proc.pid)}"
            time.sleep(0.3)
    finally:
        if group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
