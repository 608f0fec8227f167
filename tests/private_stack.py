"""Private services for the fault tests: a broker, a PostgreSQL cluster and workers of their own.

Fault tests kill workers and restart servers; they do it to processes they
started here, never to the shared PostgreSQL or Redis, and never to the
session's worker (``celery_worker`` in conftest). Django code runs in
subprocesses configured by ``stack_env``, exactly as the worker is.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stack_env(*, database_url: str, var_dir: Path, redis_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of a private stack: its database, and Redis or a filesystem broker under var_dir."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL", "VERIFY_VAR_DIR")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "verify.test_settings",
            "DATABASE_URL": database_url,
            "VERIFY_VAR_DIR": str(var_dir),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PYTHONUNBUFFERED": "1",
            "LOG_FORMAT": "plain",
            **extra,
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def run_django(env: dict[str, str], code: str, timeout: float = 120) -> object:
    """Run ``code`` after django.setup() in a subprocess; it sets ``result``, returned from JSON."""
    script = f"import django, json\ndjango.setup()\n{code}\nprint('RESULT=' + json.dumps(result))\n"
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise AssertionError(f"Django subprocess failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT=")][-1]
    return json.loads(line.removeprefix("RESULT="))


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )


class Worker:
    """A real `celery worker` process (solo pool); ``slow_clean`` makes its cleaning step sleep."""

    def __init__(
        self,
        env: dict[str, str],
        log: Path,
        *,
        name: str,
        slow_clean: float = 0,
        marker: Path | None = None,
        concurrency_args: tuple[str, ...] = ("--pool", "solo"),
    ) -> None:
        env = {**env, "VERIFY_TEST_SLOW_CLEAN": str(slow_clean)}
        if marker is not None:
            env["VERIFY_TEST_MARKER"] = str(marker)
        self.log = self.log_path = log  # log_path: what conftest.wait_for shows on a timeout
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "tests" / "slow_worker.py"),
                    *concurrency_args,
                    "-Q",
                    "celery,matching",
                    "-n",
                    f"{name}@%h",
                    "--loglevel",
                    "INFO",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, the message in flight is not returned."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


class PrivateRedis:
    """A redis-server of our own on a free port, so restarting it disturbs nobody."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """A PostgreSQL cluster of our own (initdb in a temporary directory, a free port).

    Stopping and starting it is the database restart the fault tests need;
    the machine's shared cluster is never touched.
    """

    def __init__(self, workdir: Path) -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.port = free_port()
        # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
        self.dir = Path(tempfile.mkdtemp(prefix="verify-pg-"))
        self.data = self.dir / "data"
        self._as_user = []
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as postgres
            shutil.chown(self.dir, "postgres", "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        with self.connect("postgres") as conn:
            conn.execute("CREATE DATABASE verify")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/verify"

    def connect(self, dbname: str = "verify"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True, connect_timeout=5
        )

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self._as_user, str(self.bin / tool), *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
