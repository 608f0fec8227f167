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
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..matching import text as textmod
from ..models import ClaimMatch, Verdict
from ..moves import Move
from ..services import matching
from . import examples as ex
from .auth import ThrottleFirst
from .serializers import (
    NON_BLANK_TEXT_PATTERN,
    ClaimSerializer,
    JSONTypesMixin,
    ScoreField,
    score_out,
)


class MatchedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="The claim in this API")
    text = serializers.CharField()
    status = serializers.CharField()


class MatchedReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The other fact-checker's verdict page")
    claim_reviewed = serializers.CharField()
    publisher = serializers.CharField()
    rating = serializers.CharField(help_text="The rating's words")


def _claim(request, claim) -> dict:
    return {
        "id": claim.pk,
        "url": request.build_absolute_uri(f"/api/v1/claims/{claim.pk}/"),
        "text": claim.text,
        "status": claim.status,
    }


def _review(review) -> dict:
    return {
        "id": review.pk,
        "url": review.url,
        "claim_reviewed": review.claim_reviewed,
        "publisher": review.publisher_name,
        "rating": review.rating_label,
    }


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "maxLength": matching.MAX_QUERY_CHARS,
        "pattern": NON_BLANK_TEXT_PATTERN,
        "description": f"A claim, a sentence or a post (up to {matching.MAX_QUERY_CHARS:,} characters, "
        "not only spaces, no NUL)",
    }
)
class MatchTextField(serializers.CharField):
    """The query text; what the schema says of it, matching.match_text checks (not empty, not too long)."""


class MatchRequestSerializer(JSONTypesMixin, serializers.Serializer):
    text = MatchTextField(
        trim_whitespace=False,
        help_text=f"A claim, a sentence or a post (up to {matching.MAX_QUERY_CHARS:,} characters)",
    )
    top = serializers.IntegerField(required=False, default=5, min_value=1, max_value=matching.MAX_TOP)


class MatchResultSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = ScoreField(help_text="0..1: the calibrated probability that both state the same claim, rounded to 3 places")
    tier = serializers.ChoiceField(
        choices=["auto", "suggest", "none"],
        help_text="auto: a published verdict scoring at least the auto threshold (an "
        "unpublished claim is at most a suggestion); suggest: at least the "
        "suggest threshold",
    )
    kind = serializers.ChoiceField(choices=["claim", "review"])
    claim = MatchedClaimSerializer(allow_null=True)
    review = MatchedReviewSerializer(allow_null=True)


class ClaimMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    score = ScoreField(help_text="0..1, rounded to 3 places")
    tier = serializers.CharField()
    decision = serializers.CharField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    matched_claim = MatchedClaimSerializer(allow_null=True)
    external_review = MatchedReviewSerializer(allow_null=True)

    def to_representation(self, match) -> dict:
        request = self.context["request"]
        return {
            "id": match.pk,
            "score": score_out(match.score),
            "tier": match.tier,
            "decision": match.decision,
            "decided_by": match.decided_by.get_username() if match.decided_by_id else None,
            "decided_at": serializers.DateTimeField().to_representation(match.decided_at) if match.decided_at else None,
            "matched_claim": _claim(request, match.matched_claim) if match.matched_claim_id else None,
            "external_review": _review(match.external_review) if match.external_review_id else None,
        }


class MachineSaidSerializer(serializers.Serializer):
    """What the extractor said, where a person changed it (only the fields that differ)."""

    standalone = serializers.CharField(required=False)
    claimant = serializers.CharField(required=False)
    claim_type = serializers.CharField(required=False)


class ClaimDetailSerializer(ClaimSerializer):
    """One claim as the list shows it, plus its matches, what the machine said where a person
    corrected it, and what the caller can do with it now (the list stays plain rows)."""

    matches = serializers.SerializerMethodField()
    machine = serializers.SerializerMethodField()
    edited_at = serializers.DateTimeField(read_only=True, allow_null=True)
    allowed_moves = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "matches", "machine", "edited_at", "allowed_moves", "can_edit"]
        read_only_fields = fields

    @extend_schema_field(ClaimMatchSerializer(many=True))
    def get_matches(self, claim) -> list[dict]:
        return ClaimMatchSerializer(selectors.claim_matches(claim=claim), many=True, context=self.context).data

    @extend_schema_field(MachineSaidSerializer(allow_null=True))
    def get_machine(self, claim) -> dict | None:
        return claim.machine_said

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=[str(m) for m in Move.workflow()]))
    )
    def get_allowed_moves(self, claim) -> list[str]:
        """The workflow moves the caller can make on the claim now (services.workflow.moves_open_to)."""
        request = self.context.get("request")
        try:
            verdict = claim.verdict  # select_related by the views
        except Verdict.DoesNotExist:
            verdict = None
        return selectors.claim_moves_for(user=request.user, claim=claim, verdict=verdict) if request else []

    def get_can_edit(self, claim) -> bool:
        """Whether the caller may edit (PATCH), split or merge the claim now."""
        from ..services.editing import can_edit

        request = self.context.get("request")
        return bool(request) and can_edit(claim, request.user)


MATCH = {
    "id": 18,
    "score": 0.996,
    "tier": "auto",
    "decision": "confirmed",
    "decided_by": None,
    "decided_at": "2026-05-04T08:12:03Z",
    "matched_claim": None,
    "external_review": {
        "id": 3,
        "url": "https://factcheck.example.org/2026/05/unemployment",
        "claim_reviewed": "Unemployment fell to 3.5% in May",
        "publisher": "Example Fact Check",
        "rating": "False",
    },
}
SUGGESTION = {
    "id": 19,
    "score": 0.72,
    "tier": "suggest",
    "decision": "pending",
    "decided_by": None,
    "decided_at": None,
    "external_review": None,
    "matched_claim": {
        "id": 4102,
        "url": "https://verify.example.org/api/v1/claims/4102/",
        "text": "the unemployment rate dropped to 3.5 per cent",
        "status": "published",
    },
}


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
                        "review": MATCH["external_review"],
                    },
                    {
                        "rank": 2,
                        "score": 0.72,
                        "tier": "suggest",
                        "kind": "claim",
                        "claim": SUGGESTION["matched_claim"],
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
        return Response(
            [
                {
                    "rank": n,
                    "score": score_out(c.score),
                    "tier": tier,
                    "kind": "claim" if c.claim else "review",
                    "claim": _claim(request, c.claim) if c.claim else None,
                    "review": _review(c.review) if c.review else None,
                }
                for n, (c, tier) in enumerate(found, start=1)
            ]
        )


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
                {**SUGGESTION, "decision": "confirmed", "decided_by": "chris", "decided_at": "2026-05-04T09:00:00Z"},
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
