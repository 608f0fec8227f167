"""The one Celery app. Configuration lives in settings under CELERY_*."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")

app = Celery("verify")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Cross-cutting worker behaviour: request ids in task logs, and the heartbeat /readyz reads.
from celery.signals import worker_ready, worker_shutdown  # noqa: E402

import verify.requestid  # noqa: E402,F401 - connects the request-id signals

_heartbeat = None


@worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    global _heartbeat
    from verify.health import Heartbeat

    _heartbeat = Heartbeat(getattr(sender, "hostname", None))
    _heartbeat.start()


@worker_shutdown.connect
def _stop_heartbeat(**kwargs):
    if _heartbeat is not None:
        _heartbeat.stop()
