"""Asking the broker how many messages wait, quickly: for /metrics and for the outboxes' re-sends.

The Celery app's own connections retry for seconds when the broker is down
(/metrics took 6 s); here one attempt with a short timeout answers or raises
BrokerUnavailable.
"""

from __future__ import annotations

from django.conf import settings
from kombu import Connection
from kombu.exceptions import ChannelError


class BrokerUnavailable(Exception):
    """The broker could not be asked (down, refusing, too slow)."""


def queue_depth(queue: str = "celery", *, timeout: float = 1.0) -> int:
    """Messages waiting in ``queue`` (not those a worker has taken); raises BrokerUnavailable."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = settings.BROKER_DIR / "queue"
        try:
            # kombu's filesystem transport names each message file after its queue.
            return sum(1 for path in folder.glob("*.msg") if path.name.endswith(f".{queue}.msg"))
        except OSError as exc:
            raise BrokerUnavailable(f"the broker folder cannot be read: {exc}") from exc
    options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "socket_connect_timeout": timeout, "socket_timeout": timeout}
    try:
        with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, interval_max=0, timeout=timeout)
            try:
                return conn.default_channel.queue_declare(queue=queue, passive=True).message_count
            except ChannelError:  # never declared (no worker has bound it yet): nothing waits in it
                return 0
    except Exception as exc:  # noqa: BLE001 - any transport failure: the broker cannot be asked now
        raise BrokerUnavailable(str(exc)) from exc
