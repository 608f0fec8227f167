"""OpenAPI: the token as a security scheme, and the problem details every operation may answer.

``ApiSchema`` declares, on top of what an operation declares itself, the
errors it can give — 401, 403 and 429 everywhere, 404 on paths with an id,
400/413/415 where there is a body — and each view adds its own
(``problem_codes``: 409, 412, 428, ...). Each error comes with an example
in the one shape ``verify.api`` renders.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.utils import translation
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from verify.api import TITLES, problem_type

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details: the shape of every error."""

    type = serializers.CharField(help_text="A URI naming the kind of problem")
    title = serializers.CharField(help_text="The status, in words")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, for a person")
    code = serializers.CharField(help_text="A stable, machine-readable code")
    errors = serializers.DictField(
        required=False,
        help_text="Field errors (400 only): field name → messages (nested for list and object fields)",
    )


# status → (code, detail) of the example shown in the documentation.
PROBLEM_EXAMPLES = {
    400: ("invalid_input", "The request has invalid fields."),
    401: ("not_authenticated", "Authentication credentials were not provided."),
    403: ("not_permitted", "A viewer may not ingest articles; this needs the checker role."),
    404: ("not_found", "Not found."),
    409: ("invalid_transition", "This claim is new; it cannot be published from there."),
    412: ("precondition_failed", "The resource changed since you read it (its ETag no longer matches)."),
    413: ("payload_too_large", "The request body is larger than 6,291,456 bytes."),
    415: ("unsupported_media_type", 'Unsupported media type "text/csv" in request.'),
    428: ("precondition_required", "This update needs an If-Match header with the ETag you read."),
    429: ("throttled", "Request was throttled. Expected available in 12 seconds."),
    503: ("index_not_ready", "The matching index is being built; try again in a minute."),
}
DESCRIPTIONS = {
    400: "Invalid input (field errors under `errors`)",
    401: "No credentials, or an unknown or revoked token",
    403: "Your role or the token's scopes do not allow this",
    404: "No such object (or, for a list, no page at that cursor)",
    409: "Conflicts with the object's state (or an Idempotency-Key used with another body)",
    412: "Stale: the If-Match ETag is not the current one",
    413: "The body or the article is too large",
    415: "The body is not JSON, form data or multipart",
    428: "If-Match is required",
    429: "Too many requests; retry after the Retry-After header's seconds",
    503: "Not ready yet (the matching index is being built on a first start); retry after Retry-After's seconds",
}


def problem_response(status: int) -> OpenApiResponse:
    code, detail = PROBLEM_EXAMPLES[status]
    value = {"type": problem_type(code), "title": TITLES[status], "status": status, "detail": detail, "code": code}
    if status == 400:
        value["errors"] = {"url": ["Enter a valid URL."]}
    return OpenApiResponse(
        response=ProblemSerializer,
        description=DESCRIPTIONS[status],
        examples=[
            OpenApiExample(
                TITLES[status],
                value=value,
                media_type=PROBLEM_MEDIA_TYPE,
                status_codes=[str(status)],
                response_only=True,
            )
        ],
    )


class ApiSchema(AutoSchema):
    """drf-spectacular's schema, with the problem details each operation can answer."""

    def problem_codes(self) -> set[int]:
        codes = {401, 403, 429}
        if "{" in self.path:
            codes.add(404)
        pagination = getattr(self.view, "pagination_class", None)
        if self.method == "GET" and pagination is not None and issubclass(pagination, CursorPagination):
            codes.add(404)  # a cursor that names no page (as DRF answers an undecodable one)
        if self.method in ("POST", "PUT", "PATCH"):
            codes |= {400, 413, 415}
        elif self.method == "GET" and getattr(self.view, "filterset_class", None):
            codes.add(400)
        declared = getattr(self.view, "problem_codes", {})
        codes |= set(declared.get(self.method, ()) if isinstance(declared, dict) else declared)
        return codes

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        # A raw schema (dict) leaves the body optional; a view whose body is never optional says so.
        if body is not None and self.method in getattr(self.view, "body_required", ()):
            body["required"] = True
        return body

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in sorted(self.problem_codes()):
            responses.setdefault(
                str(status),
                self._get_response_for_code(problem_response(status), str(status), [PROBLEM_MEDIA_TYPE], direction),
            )
        return responses


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Swagger's Authorize button: paste the key; it is sent as `Authorization: Bearer <key>`."""

    target_class = "claims.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "vfy_…",
            "description": "An API token (`POST /api/v1/tokens/`, the desk's API tokens page or "
            "`manage.py create_token`). `Authorization: Token <key>` works too.",
        }


class SchemaView(SpectacularAPIView):
    """The published schema, generated once a process and kept.

    It depends on the code alone (every operation is published, whoever asks: ``serve_public``), and a
    generation costs about half a second of CPU on an endpoint anyone may call: an open door to load.
    So it is made in the site's language and the view's API version whatever the request's ``?lang=`` or
    ``?version=`` says (neither may pick what the next caller gets, nor make a new copy each).
    """

    _generated: dict | None = None
    _lock = threading.Lock()

    def _get_schema_response(self, request):
        version = self.api_version
        with self._lock:
            if SchemaView._generated is None:
                generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                with translation.override(settings.LANGUAGE_CODE):
                    SchemaView._generated = generator.get_schema(request=request, public=self.serve_public)
            schema = SchemaView._generated
        return Response(
            data=schema,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
