"""Shared by the benchmark scripts: paths, and running on one core."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VERIFY_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLE = ROOT / "claims" / "fixtures" / "nato-no-signs-of-deescalation.txt"


def pin_one_core() -> None:
    """One core and one BLAS thread; call before numpy is imported."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def postgres_database(name: str) -> str:
    """The URL of database ``name`` on this machine's PostgreSQL (127.0.0.1, user postgres), created if missing."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def cpu_ticks(pid: int) -> int:
    """CPU time a process has used so far (utime + stime, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def wait_idle(pid: int, nothing_queued: Callable[[], bool], *, interval: float = 1.0, timeout: float = 600) -> float:
    """Until a worker is done: nothing left queued for it and its CPU time standing still for
    ``interval``. Returns the time it was last seen working (time.perf_counter())."""
    deadline = time.monotonic() + timeout
    last, busy_until = -1, time.perf_counter()
    while time.monotonic() < deadline:
        ticks = cpu_ticks(pid)
        if ticks == last and nothing_queued():
            return busy_until
        last, busy_until = ticks, time.perf_counter()
        time.sleep(interval)
    return busy_until
