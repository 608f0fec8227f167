"""Reader requests in the API (issue 26); routes in claims/api/urls.py.

- ``POST /api/v1/requests/``: a newsroom channel (a chatbot, a form elsewhere) sends a reader's
  request; its token needs the ``requests`` scope (and nothing else: a tipline's token cannot read
  the desk). ``sender`` is the channel's own id of the reader (a chat id), hashed for the per-sender
  rate limit and bans; ``email`` needs ``consent: true``. 202 with the request; 400 for bad input,
  403 for a banned sender, 429 (Retry-After) over the per-sender or global hourly limit.
- ``GET /api/v1/requests/``: the latest requests, newest first (``read`` scope; filters ``status``,
  ``channel``, ``claim``; ``limit`` up to 100, ``before`` an id for the next page). Contact details
  (``email``, ``consent``) only for an editor (or above) whose token also holds the ``privacy`` scope
  (a signed-in editor's session carries every scope).
- ``GET /api/v1/requests/{id}/``: that request's state (``requests`` or ``read`` scope), with contact
  details on the same terms.
- ``POST /api/v1/requests/{id}/detach/`` (``note``): an editor (``review`` scope) detaches a request
  wrongly attached to a claim; the worker matches it again, never back onto that claim. 409 for an
  answered request or one on no claim.
- ``POST /api/v1/requests/{id}/attach/`` (``claim``, ``note``): an editor attaches it to the claim it is
  about (undoing a detach, or moving it); a claim with a published verdict answers it at once.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ApiToken, ReaderRequest
from ..services import requests as reader_requests
from . import examples as ex
from .auth import ThrottleFirst
from .serializers import (
    MAX_ID,
    AttachSerializer,
    DetachSerializer,
    RequestInSerializer,
    RequestListSerializer,
    RequestOutSerializer,
)


def _sees_contacts(request: Request) -> bool:
    token = request.auth if isinstance(request.auth, ApiToken) else None
    if token is not None and "privacy" not in token.scopes:
        return False
    return request.user.has_perm("claims.approve_verdict")


REQUEST_OUT = {
    "id": 311,
    "status": "received",
    "outcome": "",
    "channel": "api",
    "claim": None,
    "answer_url": None,
    "created_at": "2026-12-06T17:02:11Z",
}


MAX_LIST = 100


class RequestCreate(ThrottleFirst, APIView):
    """A reader's request from one of the newsroom's channels (POST); the latest requests (GET)."""

    problem_codes = {"POST": (400, 403, 429), "GET": (400,)}

    def required_scope(self, request):
        return "read" if request.method == "GET" else "requests"

    @extend_schema(
        tags=["requests"],
        responses={200: RequestListSerializer(many=True)},
        parameters=[
            OpenApiParameter("status", str, enum=ReaderRequest.Status.values),
            OpenApiParameter("channel", str, enum=ReaderRequest.Channel.values),
            OpenApiParameter("claim", {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
            OpenApiParameter(
                "before",
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                description="Requests older than this id",
            ),
            OpenApiParameter(
                "limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIST}, description=f"1..{MAX_LIST} (50)"
            ),
        ],
        examples=[
            ex.response(
                "The latest requests",
                [
                    {
                        **REQUEST_OUT,
                        "text": "Teachers get 40 days of holiday",
                        "url": "",
                        "seen_where": "WhatsApp",
                        "language": "en",
                    }
                ],
            )
        ],
    )
    def get(self, request: Request) -> Response:
        rows = ReaderRequest.objects.select_related("external_review").order_by("-pk")
        params = request.query_params
        for name, choices in (("status", ReaderRequest.Status.values), ("channel", ReaderRequest.Channel.values)):
            if name in params:
                if params[name] not in choices:
                    raise exceptions.ValidationError({name: [f"Choose from {', '.join(choices)}."]})
                rows = rows.filter(**{name: params[name]})
        numbers = {}
        for name in ("claim", "before", "limit"):
            if name in params:
                value = params[name]
                if not (value.isascii() and value.isdigit()) or len(value) > 19 or not 1 <= int(value) <= MAX_ID:
                    raise exceptions.ValidationError({name: [f"A whole number from 1 to {MAX_ID}."]})
                numbers[name] = int(value)
        if "claim" in numbers:
            rows = rows.filter(claim_id=numbers["claim"])
        if "before" in numbers:
            rows = rows.filter(pk__lt=numbers["before"])
        limit = numbers.get("limit", 50)
        if not 1 <= limit <= MAX_LIST:
            raise exceptions.ValidationError({"limit": [f"Between 1 and {MAX_LIST}."]})
        contacts = _sees_contacts(request)
        return Response(
            RequestListSerializer(rows[:limit], many=True, context={"request": request, "contacts": contacts}).data
        )

    @extend_schema(
        tags=["requests"],
        request=RequestInSerializer,
        responses={202: RequestOutSerializer},
        examples=[
            ex.request(
                "A reader's request from a chatbot",
                {
                    "text": "Teachers get 40 days of holiday a year",
                    "url": "https://social.example.net/p/1",
                    "seen_where": "WhatsApp",
                    "language": "en",
                    "email": "reader@example.org",
                    "consent": True,
                    "sender": "whatsapp:4471",
                },
            ),
            ex.response("Accepted; matched in the background", REQUEST_OUT, 202),
        ],
    )
    def post(self, request: Request) -> Response:
        data = RequestInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        try:
            sent = reader_requests.request_submit(
                data=reader_requests.RequestInput(
                    text=given.get("text", ""),
                    url=given.get("url", ""),
                    seen_where=given.get("seen_where", ""),
                    email=given.get("email", ""),
                    consent=given.get("consent", False),
                    language=given.get("language", ""),
                ),
                channel=ReaderRequest.Channel.API,
                # Without a sender id, the channel's token is the sender (one limit for the channel).
                sender=given.get("sender") or f"token:{getattr(request.auth, 'pk', request.user.pk)}",
                actor=request.user,
            )
        except reader_requests.RateLimited as exc:
            raise exceptions.Throttled(wait=exc.extra.get("retry_after"), detail=str(exc)) from None
        sent.refresh_from_db()
        return Response(RequestOutSerializer(sent, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class RequestDetail(ThrottleFirst, APIView):
    """One request's state (no contact details)."""

    def required_scope(self, request):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        return "requests" if token is not None and "requests" in token.scopes else "read"

    @extend_schema(
        tags=["requests"],
        responses={200: RequestListSerializer},
        examples=[
            ex.response(
                "Answered at once from a published verdict",
                {
                    **REQUEST_OUT,
                    "status": "answered",
                    "outcome": "published",
                    "claim": 4102,
                    "answer_url": "https://verify.example.org/verdicts/4102/",
                    "text": "Teachers get 40 days of holiday",
                    "url": "",
                    "seen_where": "WhatsApp",
                    "language": "en",
                },
            )
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        found = get_object_or_404(ReaderRequest.objects.select_related("external_review"), pk=pk)
        return Response(
            RequestListSerializer(found, context={"request": request, "contacts": _sees_contacts(request)}).data
        )


class RequestDetach(ThrottleFirst, APIView):
    """An editor detaches a request from the claim it was wrongly attached to."""

    required_scope = "review"
    problem_codes = {"POST": (400, 409)}

    @extend_schema(
        tags=["requests"],
        request=DetachSerializer,
        responses={200: RequestOutSerializer},
        examples=[
            ex.request("Why", {"note": "About houses in another town"}),
            ex.response("Detached: being matched again", REQUEST_OUT),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        data = DetachSerializer(data=request.data)  # the body first: a bad one is a 400 whatever the id
        data.is_valid(raise_exception=True)
        found = get_object_or_404(ReaderRequest, pk=pk)
        done = reader_requests.request_detach(actor=request.user, request=found, note=data.validated_data["note"])
        return Response(RequestOutSerializer(done, context={"request": request}).data)


class RequestAttach(ThrottleFirst, APIView):
    """An editor attaches a request to the claim it is about (undoing a detach, or moving it)."""

    required_scope = "review"
    problem_codes = {"POST": (400, 409)}

    @extend_schema(
        tags=["requests"],
        request=AttachSerializer,
        responses={200: RequestOutSerializer},
        examples=[
            ex.request("The claim it is about", {"claim": 4102, "note": ""}),
            ex.response("Attached", {**REQUEST_OUT, "status": "attached", "outcome": "attached", "claim": 4102}),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        data = AttachSerializer(data=request.data)  # the body first: a bad one is a 400 whatever the id
        data.is_valid(raise_exception=True)
        found = get_object_or_404(ReaderRequest, pk=pk)
        done = reader_requests.request_attach(
            actor=request.user, request=found, claim=data.validated_data["claim"], note=data.validated_data["note"]
        )
        return Response(RequestOutSerializer(done, context={"request": request}).data)
