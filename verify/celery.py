"""The one Celery app. Configuration lives in settings under CELERY_*."""

import logging
import os

from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")

app = Celery("verify")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Cross-cutting worker behaviour: request ids in task logs, and the heartbeat /readyz reads.
from celery.signals import worker_init, worker_ready, worker_shutdown  # noqa: E402

import verify.requestid  # noqa: E402,F401 - connects the request-id signals

_heartbeat = None


def worker_queues(worker) -> set[str]:
    """The queues a worker consumes (its -Q, else every queue the app declares)."""
    queues = worker.app.amqp.queues
    return set(queues.consume_from or queues)


@worker_init.connect
def _matching_yields_the_cpu(sender=None, **kwargs):
    """A worker serving only the matching queue runs niced (VERIFY_MATCHING_WORKER_NICE): matching is
    background work and, on a machine short of cores, gives way to the extraction pipeline."""
    increment = settings.VERIFY_MATCHING_WORKER_NICE
    if sender is not None and increment > 0 and worker_queues(sender) == {settings.MATCHING_QUEUE}:
        niceness = os.nice(increment)  # before the pool starts: its processes inherit it
        logging.getLogger(__name__).info("Matching worker: running at niceness %s", niceness)


@worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    global _heartbeat
    # Imported here: verify.health imports this module (the broker check), a cycle at the top.
    from verify.health import Heartbeat

    queues = tuple(sorted(worker_queues(sender))) if hasattr(sender, "app") else ()
    _heartbeat = Heartbeat(getattr(sender, "hostname", None), queues)
    _heartbeat.start()


@worker_shutdown.connect
def _stop_heartbeat(**kwargs):
    if _heartbeat is not None:
        _heartbeat.stop()
