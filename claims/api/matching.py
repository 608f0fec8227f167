"""Claim matching in the API (routes in claims/api/urls.py).

- ``POST /api/v1/match``: ``{"text": ..., "top": 5}`` → the desk's claims and
  imported verdicts that state the same, in the ranker's order, with the calibrated
  same-claim probability as score and a tier by the desk's thresholds (``auto`` only
  for a published verdict: one of ours or an imported review; ``suggest``; ``none``). A read: any
  newsroom role, ``read`` scope. Empty or overlong text is a problem-details 400;
  before the first index exists (it is then built in the background) a 503 with
  Retry-After.
- ``POST /api/v1/claims/{id}/matches/{match_id}/confirm`` (or ``reject``):
  a checker or above decides a match (``review`` scope); a match already
  decided by someone else is a 409.
- The claim resource (``GET /api/v1/claims/{id}/``) lists its matches
  (``ClaimDetailSerializer``); the claims list does not.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..matching import text as textmod
from ..models import ClaimMatch
from ..services import matching
from . import examples as ex
from .auth import ThrottleFirst
from .serializers import ClaimMatchSerializer, MatchRequestSerializer, MatchResultSerializer


class MatchText(ThrottleFirst, APIView):
    """Rank the desk's claims and other fact-checkers' imported verdicts against a text."""

    required_scope = "read"  # a search, though a POST (the text may be long)
    problem_codes = {"POST": (503,)}  # before the first index exists (built in the background meanwhile)

    @extend_schema(
        tags=["matching"],
        request=MatchRequestSerializer,
        responses={200: MatchResultSerializer(many=True)},
        examples=[
            ex.request("A claim", {"text": "Unemployment is down to 3.5% says the minister", "top": 5}),
            ex.response(
                "Ranked matches",
                [
                    {
                        "rank": 1,
                        "score": 0.996,
                        "tier": "auto",
                        "kind": "review",
                        "claim": None,
                        "review": ex.MATCH["external_review"],
                    },
                    {
                        "rank": 2,
                        "score": 0.72,
                        "tier": "suggest",
                        "kind": "claim",
                        "claim": ex.SUGGESTION["matched_claim"],
                        "review": None,
                    },
                ],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = MatchRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = data.validated_data["text"]
        if len(text) <= matching.MAX_QUERY_CHARS and text.strip() and not textmod.normalise(text):
            return Response([])  # only links, handles or symbols: no words left to match, so no match
        # Before the first index exists, match_index.IndexNotReady: a 503 with Retry-After (verify/api.py).
        found = matching.match_text(text=data.validated_data["text"], top=data.validated_data["top"])
        results = [
            {
                "rank": n,
                "score": c.score,
                "tier": tier,
                "kind": "claim" if c.claim else "review",
                "claim": c.claim,
                "review": c.review,
            }
            for n, (c, tier) in enumerate(found, start=1)
        ]
        return Response(MatchResultSerializer(results, many=True, context={"request": request}).data)


DECISION = OpenApiParameter(
    "decision",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=["confirm", "reject"],
    description="confirm a suggested match, or reject a match (an automatic link is undone)",
)


class MatchDecision(ThrottleFirst, APIView):
    """A checker (or above) confirms or rejects one of the claim's matches."""

    required_scope = "review"
    problem_codes = {"POST": (409,)}

    @extend_schema(
        tags=["matching"],
        request=None,
        responses={200: ClaimMatchSerializer},
        parameters=[DECISION],
        examples=[
            ex.response(
                "Confirmed",
                {**ex.SUGGESTION, "decision": "confirmed", "decided_by": "chris", "decided_at": "2026-05-04T09:00:00Z"},
            )
        ],
    )
    def post(self, request: Request, pk: int, match_id: int, decision: str) -> Response:
        decide = {"confirm": matching.match_confirm, "reject": matching.match_reject}.get(decision)
        if decide is None:
            raise Http404("No such decision.")
        match = get_object_or_404(ClaimMatch, pk=match_id, claim_id=pk)
        match = decide(match=match, actor=request.user)
        match = ClaimMatch.objects.select_related("matched_claim", "external_review", "decided_by").get(pk=match.pk)
        return Response(ClaimMatchSerializer(match, context={"request": request}).data)
