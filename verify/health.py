"""Readiness for orchestrators, and the worker heartbeat behind it.

``/healthz``: liveness, the process answers. ``/readyz``: the database answers, the broker
accepts a connection, and a worker for each queue (extraction, matching) reported a heartbeat recently. Workers write
their heartbeat from a thread started when they are ready (see verify/celery.py).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for orchestrators: the process answers. Public, no data."""
    return HttpResponse("ok", content_type="text/plain")


class NotReadyError(Exception):
    """A readiness check's own finding, safe to show publicly."""


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_broker() -> str:
    # Imported here: verify.celery imports this module for the heartbeat, a cycle at the top.
    from verify.celery import app

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = settings.BROKER_DIR / "queue"
        if not (folder.is_dir() and os.access(folder, os.W_OK)):
            raise NotReadyError("the broker folder is not writable")
        return "ok"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _check_worker(queue: str) -> str:
    """A recent heartbeat from a worker serving ``queue`` (extraction's, or matching's)."""
    # claims.models needs the app registry; verify/ modules load before it is ready.
    from claims.models import WorkerHeartbeat

    window = timedelta(seconds=settings.VERIFY_WORKER_HEARTBEAT_SECONDS * 3)
    for beat in WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - window).order_by("-seen_at"):
        if not beat.queues or queue in beat.queues.split(","):
            age = (timezone.now() - beat.seen_at).total_seconds()
            return f"ok ({beat.hostname}, {age:.0f} s ago)"
    raise LookupError(f"no heartbeat in the last {int(window.total_seconds())} s from a worker on the {queue!r} queue")


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database, the broker and a worker for each queue (extraction's and
    matching's; one worker may serve both) are all there, else 503
    naming what is missing. Public: it says which part is down, nothing more."""
    checks = {}
    ready = True
    for name, check in (
        ("database", _check_database),
        ("broker", _check_broker),
        ("worker", lambda: _check_worker(settings.CELERY_TASK_DEFAULT_QUEUE)),
        ("matching_worker", lambda: _check_worker(settings.MATCHING_QUEUE)),
    ):
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready, with its reason
            ready = False
            # Our own findings are said in full; a driver's message (hosts, users) only in the log.
            detail = f": {str(exc)[:200]}" if isinstance(exc, LookupError | NotReadyError) else ""
            checks[name] = f"failing: {type(exc).__name__}{detail}"
            log.warning("/readyz: %s is failing", name, exc_info=True)
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)


def record_heartbeat(hostname: str, queues: tuple[str, ...] = ()) -> None:
    from claims.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:200],
        defaults={"seen_at": timezone.now(), "pid": os.getpid(), "queues": ",".join(sorted(queues))[:500]},
    )


class Heartbeat:
    """A daemon thread recording this worker's heartbeat every few seconds."""

    def __init__(self, hostname: str | None = None, queues: tuple[str, ...] = ()):
        self.hostname = hostname or f"celery@{socket.gethostname()}"
        self.queues = queues
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="verify-heartbeat", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                record_heartbeat(self.hostname, self.queues)
            except Exception:  # the database may be restarting: try again next beat
                log.warning("worker heartbeat not recorded", exc_info=True)
            finally:
                connection.close()
            self.stopped.wait(settings.VERIFY_WORKER_HEARTBEAT_SECONDS)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        try:
            from claims.models import WorkerHeartbeat

            WorkerHeartbeat.objects.filter(hostname=self.hostname).delete()
        except Exception:
            log.warning("worker heartbeat not removed", exc_info=True)
        finally:
            connection.close()
