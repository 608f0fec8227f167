"""A request id for every request, in every log line, carried into the Celery tasks it enqueues.

The id comes from a sane incoming ``X-Request-ID`` (a proxy's) or is made here;
the response echoes it. Tasks published while handling the request carry it in
a message header, and the worker logs under the same id.
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun

request_id: ContextVar[str] = ContextVar("request_id", default="-")
HEADER = "request_id"
_SANE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        value = incoming if _SANE.match(incoming) else uuid.uuid4().hex
        token = request_id.set(value)
        request.request_id = value
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = value
        if response.streaming and not response.is_async:
            # A streamed body (CSV, DataFeed) is produced after this returns: log lines
            # written meanwhile keep the request's id.
            response.streaming_content = _under_request_id(value, response.streaming_content)
        return response


def _under_request_id(value: str, chunks):
    token = request_id.set(value)
    try:
        yield from chunks
    finally:
        with contextlib.suppress(ValueError):  # closed from another context, which never saw it
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


@before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    current = request_id.get()
    if headers is not None and current != "-":
        headers.setdefault(HEADER, current)


_task_tokens: dict[str, object] = {}


@task_prerun.connect
def _adopt_request_id(task_id=None, task=None, **kwargs):
    carried = getattr(task.request, HEADER, None) if task is not None else None
    if carried and _SANE.match(str(carried)):
        _task_tokens[task_id] = request_id.set(str(carried))


@task_postrun.connect
def _drop_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
