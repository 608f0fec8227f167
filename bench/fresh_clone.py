"""Time from a fresh clone to the first page: `git clone`, then `make run` until the sign-in page answers.

What a newcomer waits for: the clone, a new virtual environment with the runtime dependencies only
(`make run` never installs the test tools), the migrations, the demo newsroom and the start of web
and workers. The wheels come from pip's usual sources (its cache, or PIP_FIND_LINKS); the target is
at most 60 seconds with them already cached. Then SIGTERM to `make run`, and every process must be
gone within 10 seconds.

    .venv/bin/python bench/fresh_clone.py [--keep] [--limit 60]

Prints the seconds of each phase as make printed them, the size of the new environment, and exits 1
when the first page took longer than ``--limit``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_ONLY = ("pytest", "playwright", "schemathesis", "hypothesis", "ruff", "sklearn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
            return response.status == 200
    except OSError:
        return False


def running_in(folder: Path) -> list[int]:
    """Processes whose working directory is inside ``folder`` (everything `make run` started there)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def size_mb(path: Path) -> float:
    total = sum(p.lstat().st_size for p in path.rglob("*") if not p.is_symlink() and p.is_file())
    return total / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0, help="seconds allowed to the first page")
    parser.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="verify-fresh-"))
    clone = workdir / "verify"
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "VERIFY_VAR_DIR",
            "VIRTUAL_ENV",
        )
    }
    env.update(PORT=str(port), WORKER_CONCURRENCY="1")
    log_path = workdir / "make-run.log"
    started = time.monotonic()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    cloned = time.monotonic() - started
    # The shared training data and samples sit next to the repository; a clone elsewhere finds them here.
    if (ROOT.parent / "shared").exists() and not (workdir / "shared").exists():
        (workdir / "shared").symlink_to(ROOT.parent / "shared")
    with open(log_path, "wb") as log:
        make = subprocess.Popen(
            ["make", "run"], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            url = f"http://127.0.0.1:{port}/login/"
            while not answers(url):
                if make.poll() is not None:
                    print(log_path.read_text()[-4000:], file=sys.stderr)
                    print(f"make run exited ({make.returncode}) before the first page", file=sys.stderr)
                    return 1
                if time.monotonic() - started > 600:
                    print(log_path.read_text()[-4000:], file=sys.stderr)
                    return 1
                time.sleep(0.25)
            first_page = time.monotonic() - started
            venv = clone / ".venv"
            site = next(venv.glob("lib/python*/site-packages"))
            dev_installed = [name for name in DEV_ONLY if (site / name).exists()]
            print(
                f"clone: {cloned:.1f} s; first page (clone + install + migrate + demo + start): {first_page:.1f} s "
                f"(target <= {args.limit:.0f} s)"
            )
            print(f"new environment: {size_mb(venv):.0f} MB; test tools installed: {dev_installed or 'none'}")
            signalled = time.monotonic()
            make.send_signal(signal.SIGTERM)  # make passes SIGTERM on to scripts/run-dev
            with contextlib.suppress(subprocess.TimeoutExpired):
                make.wait(timeout=15)
            leftover = running_in(clone)
            stopped = time.monotonic() - signalled
            print(f"stopped by SIGTERM in {stopped:.1f} s; processes left: {len(leftover)}")
            ok = first_page <= args.limit and not dev_installed and not leftover and stopped <= 10
            return 0 if ok else 1
        finally:
            if make.poll() is None:
                os.killpg(make.pid, signal.SIGKILL)
            for pid in running_in(clone):
                os.kill(pid, signal.SIGKILL)
            if args.keep:
                print(f"kept: {clone}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
