"""One error shape for the whole API: RFC 9457 problem details.

Domain errors (ApplicationError subclasses) keep their own message; DRF's own
errors (401, 403, 404, 405, 415, 429, validation) get the same shape, with
field errors under ``errors``.
"""

from __future__ import annotations

import codecs

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from . import jsonbody
from .exceptions import ApplicationError

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    503: "Service unavailable",
}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "This update needs an If-Match header with the ETag you read."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The resource changed since you read it (its ETag no longer matches)."
    default_code = "precondition_failed"


def problem_type(code: str) -> str:
    """The ``type`` URI of a problem code, on the desk's own address (VERIFY_DESK_URL)."""
    return f"{settings.VERIFY_DESK_URL.rstrip('/')}/problems/{code.replace('_', '-')}"


def problem(status_code: int, detail: str, *, code: str, errors=None, extra=None) -> Response:
    body = {
        "type": problem_type(code),
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    return Response(body, status=status_code, content_type="application/problem+json")


def problem_details_handler(exc, context):
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES, which names this module's
    # BoundedJSONParser, when it is first imported (a circular import if this module came first).
    from rest_framework.views import exception_handler

    if isinstance(exc, ApplicationError):
        code = exc.code
        response = problem(exc.status, str(exc), code=code, extra=exc.extra)
        if exc.extra and "retry_after" in exc.extra:
            response["Retry-After"] = str(exc.extra["retry_after"])
        return response
    if isinstance(exc, RequestDataTooBig):
        # Raised by Django when DRF reads a body over DATA_UPLOAD_MAX_MEMORY_SIZE;
        # left alone it would become Django's HTML 400.
        return problem(
            413,
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes.",
            code="payload_too_large",
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling and logging take over
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        detail = "The request has invalid fields."
        if isinstance(errors, dict) and list(errors) == ["non_field_errors"]:
            detail = " ".join(str(e) for e in errors["non_field_errors"])
        # One code for bad input, whether a serializer or a service found it (InvalidInput).
        result = problem(status.HTTP_400_BAD_REQUEST, detail, code="invalid_input", errors=errors)
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        result = problem(response.status_code, str(detail), code=code)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with the nesting limit: a too-deep body is a 400 like any malformed one."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            return jsonbody.loads(text, parse_constant=_reject_constant if self.strict else None)
        except jsonbody.JSONTooDeep as exc:
            raise exceptions.ParseError(f"JSON parse error - the body is {exc}.") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
