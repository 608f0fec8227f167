"""Reader requests in the API (issue 26), included under ``/api/v1/``.

- ``POST /api/v1/requests/``: a newsroom channel (a chatbot, a form elsewhere) sends a reader's
  request; its token needs the ``requests`` scope (and nothing else: a tipline's token cannot read
  the desk). ``sender`` is the channel's own id of the reader (a chat id), hashed for the per-sender
  rate limit and bans; ``email`` needs ``consent: true``. 202 with the request; 400 for bad input,
  403 for a banned sender, 429 (Retry-After) over the per-sender or global hourly limit.
- ``GET /api/v1/requests/{id}/``: that request's state (``requests`` or ``read`` scope), without
  contact details.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ApiToken, ReaderRequest
from ..services import requests as reader_requests
from . import examples as ex
from .auth import ThrottleFirst
from .serializers import JSONTypesMixin


class RequestInSerializer(JSONTypesMixin, serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=reader_requests.MAX_TEXT,
                                 help_text="The claim in the reader's words (text or url, or both)")
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text="A link to the claim")
    seen_where = serializers.CharField(required=False, allow_blank=True, max_length=reader_requests.MAX_SEEN_WHERE)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16, help_text="BCP 47, e.g. en")
    email = serializers.CharField(required=False, allow_blank=True, max_length=254,
                                  help_text="Where to send the answer; needs consent")
    consent = serializers.BooleanField(required=False, default=False,
                                       help_text="The reader agreed to be emailed the answer once")
    sender = serializers.CharField(required=False, allow_blank=True, max_length=reader_requests.MAX_SENDER,
                                   help_text="The channel's own id of the reader (hashed; rate limits and bans)")


class RequestOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReaderRequest.Status.choices)
    outcome = serializers.CharField(help_text="'' until matched; published, review, attached or new_claim")
    channel = serializers.CharField()
    claim = serializers.IntegerField(allow_null=True)
    answer_url = serializers.CharField(allow_null=True, help_text="The published fact check, once answered")
    created_at = serializers.DateTimeField()


def _out(request: Request, found: ReaderRequest) -> dict:
    answer = None
    if found.status == ReaderRequest.Status.ANSWERED:
        answer = (request.build_absolute_uri(f"/verdicts/{found.claim_id}/") if found.claim_id
                  else found.external_review.url if found.external_review_id else None)
    return {"id": found.pk, "status": found.status, "outcome": found.outcome, "channel": found.channel,
            "claim": found.claim_id, "answer_url": answer,
            "created_at": serializers.DateTimeField().to_representation(found.created_at)}


REQUEST_OUT = {"id": 311, "status": "received", "outcome": "", "channel": "api", "claim": None, "answer_url": None,
               "created_at": "2026-12-06T17:02:11Z"}


class RequestCreate(ThrottleFirst, APIView):
    """A reader's request from one of the newsroom's channels."""

    required_scope = "requests"
    problem_codes = {"POST": (400, 403, 429)}

    @extend_schema(tags=["requests"], request=RequestInSerializer, responses={202: RequestOutSerializer},
                   examples=[ex.request("A reader's request from a chatbot", {
                       "text": "Teachers get 40 days of holiday a year", "url": "https://social.example.net/p/1",
                       "seen_where": "WhatsApp", "language": "en", "email": "reader@example.org", "consent": True,
                       "sender": "whatsapp:4471"}),
                             ex.response("Accepted; matched in the background", REQUEST_OUT, 202)])
    def post(self, request: Request) -> Response:
        data = RequestInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        try:
            sent = reader_requests.request_submit(
                data=reader_requests.RequestInput(
                    text=given.get("text", ""), url=given.get("url", ""), seen_where=given.get("seen_where", ""),
                    email=given.get("email", ""), consent=given.get("consent", False),
                    language=given.get("language", "")),
                channel=ReaderRequest.Channel.API,
                # Without a sender id, the channel's token is the sender (one limit for the channel).
                sender=given.get("sender") or f"token:{getattr(request.auth, 'pk', request.user.pk)}",
                actor=request.user)
        except reader_requests.RateLimited as exc:
            raise exceptions.Throttled(wait=exc.extra.get("retry_after"), detail=str(exc)) from None
        sent.refresh_from_db()
        return Response(_out(request, sent), status=status.HTTP_202_ACCEPTED)


class RequestDetail(ThrottleFirst, APIView):
    """One request's state (no contact details)."""

    def required_scope(self, request):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        return "requests" if token is not None and "requests" in token.scopes else "read"

    @extend_schema(tags=["requests"], responses={200: RequestOutSerializer}, examples=[
        ex.response("Answered at once from a published verdict", {
            **REQUEST_OUT, "status": "answered", "outcome": "published", "claim": 4102,
            "answer_url": "https://verify.example.org/verdicts/4102/"})])
    def get(self, request: Request, pk: int) -> Response:
        found = get_object_or_404(ReaderRequest.objects.select_related("external_review"), pk=pk)
        return Response(_out(request, found))


urlpatterns = [
    path("requests/", RequestCreate.as_view(), name="api-requests"),
    path("requests/<id:pk>/", RequestDetail.as_view(), name="api-request-detail"),
]
