"""Shared fixtures: users by role, claims in any workflow state, a real worker."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["viewer", "checker", "editor", "admin"]


def make_user(username: str, role: str | None):
    """A user holding ``role``'s group only (never a superuser), as the settings page makes one."""
    User = get_user_model()
    user = User.objects.create_user(
        username=username,
        password="pw-for-tests",
        is_staff=role == "admin",
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db):
    return make_user("vera", "viewer")


@pytest.fixture
def checker(db):
    return make_user("chris", "checker")


@pytest.fixture
def checker2(db):
    return make_user("charlie", "checker")


@pytest.fixture
def editor(db):
    return make_user("edith", "editor")


@pytest.fixture
def editor2(db):
    return make_user("eddie", "editor")


@pytest.fixture
def admin_user(db):
    return make_user("ada", "admin")


@pytest.fixture
def nobody(db):
    """Signed in, but without any role."""
    return make_user("nora", None)


@pytest.fixture
def users(viewer, checker, checker2, editor, editor2, admin_user, nobody):
    return {
        "viewer": viewer,
        "checker": checker,
        "checker2": checker2,
        "editor": editor,
        "editor2": editor2,
        "admin": admin_user,
        "nobody": nobody,
    }


# --- The database of a --reuse-db run (make test-fast) ---------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With --reuse-db the database is the one the last run left, and a run that ended with a
    transactional test left it emptied (its flush takes the migrations' data along): put back
    the roles (claims/permissions.py, the table migrations 0002/0010/0032 copied) and the default
    rating scale (migration 0003) when they are missing. A fresh test database has them already."""
    if request.config.getvalue("reuse_db"):
        import importlib

        from django.apps import apps
        from django.contrib.auth.models import Permission

        from claims.permissions import ROLE_ORDER, permissions_of_role

        with django_db_blocker.unblock():
            if not Group.objects.filter(name__in=ROLE_ORDER).exists():
                for role in ROLE_ORDER:
                    group, _ = Group.objects.get_or_create(name=role)
                    group.permissions.set(
                        Permission.objects.filter(
                            content_type__app_label="claims", codename__in=permissions_of_role(role)
                        )
                    )
            importlib.import_module("claims.migrations.0003_default_rating_scale").seed(apps, None)
            # The database was serialized (for serialized_rollback tests) inside pytest-django's
            # setup above, before the roles and the rating scale were put back here: a
            # serialized_rollback test would then restore a database without them and leave the
            # tests after it without roles. Serialize again, now that they are there.
            from django.db import connections

            for alias in connections:
                connections[alias]._test_serialized_contents = connections[alias].creation.serialize_db_to_string()
    yield


# --- No network but this machine's (tests/sitenetwork/network_guard.py) ------------------------

sys.path.insert(0, str(ROOT / "tests" / "sitenetwork"))
import network_guard  # noqa: E402

NetworkBlocked = network_guard.NetworkBlocked


@pytest.fixture
def names_not_found():
    """Every name lookup in this test answers "not found" (as a name under .invalid does): for
    tests that feed made-up host names to code that resolves them."""
    network_guard.NAMES_NOT_FOUND = True
    yield
    network_guard.NAMES_NOT_FOUND = False


def pytest_configure(config):
    network_guard.block()
    # Every Python process a test starts imports tests/sitenetwork/sitecustomize.py, which blocks
    # the network there too.
    site = str(ROOT / "tests" / "sitenetwork")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (site, os.environ.get("PYTHONPATH")) if p)


def pytest_collection_modifyitems(config, items):
    """Mark what the edit loop (`make test-fast`) leaves out, whatever the module says:
    a test that needs the real worker is `worker`, one that drives Chromium is `browser`, and a
    process-level test of tests/stack/ (it starts servers, beats, brokers going down) is `slow`."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.nodeid.startswith("tests/stack/"):
            item.add_marker(pytest.mark.slow)
        if fixtures & {"celery_worker", "async_tasks"}:
            item.add_marker(pytest.mark.worker)
        if "browser" in fixtures or "browser" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _match_index_root(tmp_path_factory):
    return tmp_path_factory.mktemp("match-index")


_MATCH_INDEX_RUNS = itertools.count()


@pytest.fixture(autouse=True)
def _private_match_index(_match_index_root):
    """Each test its own matching index: the index is a cache of a database that tests roll back.
    A new directory name per test, made only if the test writes an index (every test runs this: no
    tmp_path or settings fixture for the ones that never match, a few milliseconds each)."""
    before = settings.VERIFY_MATCH_INDEX_DIR
    settings.VERIFY_MATCH_INDEX_DIR = _match_index_root / str(next(_MATCH_INDEX_RUNS))
    yield
    settings.VERIFY_MATCH_INDEX_DIR = before


# --- A real Celery worker ----------------------------------------------------


def database_url(db_settings: dict) -> str:
    engine = db_settings["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{db_settings['NAME']}"
    user = db_settings.get("USER") or ""
    password = db_settings.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db_settings.get("HOST") or "127.0.0.1"
    port = db_settings.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db_settings['NAME']}"


def _purge_broker() -> None:
    from verify.celery import app

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for name in ("queue", "processed"):
            folder = settings.BROKER_DIR / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
    else:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")


@contextlib.contextmanager
def tasks_queued():
    """Tasks go to the broker, as in production, instead of running inside the request (the test
    settings run them inline); what was queued is purged after, not left as the next tests' work."""
    from verify.celery import app

    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        _purge_broker()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker` process on the test database and the configured broker.

    Tests using it must commit their data: mark them
    ``django_db(transaction=True, serialized_rollback=True)``.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        db_url = database_url(connection.settings_dict)
    _purge_broker()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "verify.test_settings",
        "DATABASE_URL": db_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "VERIFY_WEBHOOK_RETRY_BASE_SECONDS": "0.5",
        "PYTHONUNBUFFERED": "1",
    }
    # The worker's own matching index, outside every test's private one: tests that match
    # through the worker rebuild it from their database first (rebuild_worker_match_index).
    match_index = tmp_path_factory.mktemp("worker-match-index")
    env["VERIFY_MATCH_INDEX_DIR"] = str(match_index)
    # Emails the worker sends (notifications, reader requests' answers) land as files the tests read.
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    env["EMAIL_FILE_PATH"] = str(mail_dir)
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "verify",
                "worker",
                "--pool",
                "solo",
                "-Q",
                "celery,matching",
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
    proc.log_path = log
    proc.match_index_dir = match_index
    proc.mail_dir = mail_dir
    time.sleep(0.5)
    if proc.poll() is not None:
        pytest.fail(f"The worker exited at start:\n{log.read_text()}")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def async_tasks(celery_worker):
    """Send tasks to the broker (for the real worker) instead of running them inline."""
    from verify.celery import app

    app.conf.task_always_eager = False
    yield celery_worker
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def rebuild_worker_match_index(worker) -> None:
    """Rebuild the worker's matching index from this test's database: earlier tests' claims,
    rolled back since, would otherwise stay in it and skew the scores."""
    from django.test import override_settings

    from claims.services import match_index

    with override_settings(VERIFY_MATCH_INDEX_DIR=worker.match_index_dir):
        match_index.index_rebuild()


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, worker=None, what: str = "the worker", logs=()):
    """Poll ``predicate`` until it returns something true, and return that; after ``timeout``
    seconds fail, showing the end of the worker's log and of each file in ``logs``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    tails = worker.log_path.read_text()[-4000:] if worker is not None else ""
    tails += "".join(f"\n--- {p}\n{Path(p).read_text(errors='replace')[-3000:]}" for p in logs if Path(p).exists())
    pytest.fail(f"Timed out after {timeout}s waiting for {what}.\n{tails}")


# --- Steps in headless Chromium (a Playwright page on a claim's page) ----------------


def verdict_draft(page, *, rating: str, headline: str, explanation: str, evidence: str | None = None) -> None:
    """The verdict form filled (``evidence``: the title of the evidence to cite) and saved as a draft."""
    page.select_option("#id_rating", label=rating)
    page.fill("#id_headline", headline)
    page.fill("#id_explanation", explanation)
    if evidence:
        page.check(f"text={evidence}")
    page.click("text=Save draft")
    page.wait_for_selector("text=Verdict saved.")


def approve_and_publish(page) -> None:
    """An editor approves the verdict awaiting approval, then publishes it."""
    page.click("button.btn-approve")
    page.wait_for_selector("text=Done: approve.")
    page.click("button.btn-publish")
    page.wait_for_selector("text=Done: publish.")


# --- Remote sites, served from 127.0.0.1 -------------------------------------


@pytest.fixture
def local_site():
    """Serve pages on 127.0.0.1; returns the base URL.

    ``local_site({"/path": (status, content_type, body)})``, or a function of the
    path returning such a tuple (``None`` for 404); a fourth item adds headers.
    """
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    servers = []

    def serve(routes) -> str:
        lookup = routes if callable(routes) else routes.get

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                status, content_type, body, *extra = lookup(self.path) or (404, "text/plain", b"not here")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield serve
    for httpd in servers:
        httpd.shutdown()
