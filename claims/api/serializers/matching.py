"""Claim matching in and out of the API: a match query and its ranked results, a claim's stored
matches, and the claim resource that lists them (``ClaimDetailSerializer``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ... import selectors
from ...models import Verdict
from ...moves import Move
from ...services import matching
from .claims import ClaimSerializer, ClaimUrlField
from .fields import NON_BLANK_TEXT_PATTERN, JSONTypesMixin, ScoreField


class MatchedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = ClaimUrlField(help_text="The claim in this API")
    text = serializers.CharField()
    status = serializers.CharField()


class MatchedReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The other fact-checker's verdict page")
    claim_reviewed = serializers.CharField()
    publisher = serializers.CharField(source="publisher_name")
    rating = serializers.CharField(source="rating_label", help_text="The rating's words")


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


# One ranked result: renders a dict of rank, score, tier, kind and the claim or the review (the
# other None). (Comments, not docstrings, on response serializers: drf-spectacular would publish a
# docstring as the schema's description.)
class MatchResultSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = ScoreField(help_text="0..1: the calibrated probability that both state the same claim, rounded to 3 places")
    tier = serializers.ChoiceField(
        choices=["auto", "suggest", "none"],
        help_text="auto: the best-scored published verdict at or above the auto threshold, one a text (an "
        "unpublished claim, or a second verdict above auto, is at most a suggestion); suggest: at least the "
        "suggest threshold",
    )
    kind = serializers.ChoiceField(choices=["claim", "review"])
    claim = MatchedClaimSerializer(allow_null=True)
    review = MatchedReviewSerializer(allow_null=True)


# No hand-built fast path (unlike ClaimSerializer's list rows): a claim keeps at most
# services.matching.MAX_STORED_MATCHES (5) matches, and the declared fields render 10 in 0.9 ms
# (hand-built: 0.3 ms), nothing beside the request's queries.
class ClaimMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    score = ScoreField(help_text="0..1, rounded to 3 places")
    tier = serializers.CharField()
    decision = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    matched_claim = MatchedClaimSerializer(allow_null=True)
    external_review = MatchedReviewSerializer(allow_null=True)


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
        request = self.context.get("request")
        return bool(request) and selectors.claim_can_edit(user=request.user, claim=claim)
