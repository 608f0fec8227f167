"""Claims in and out of the API: the claim, its edits, splits, merges and moves."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...choices import ClaimType, DismissReason
from ...models import Claim
from .fields import (
    MAX_ID,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
    JSONTypesMixin,
    ScoreField,
    TextField,
    iso_datetime,
    score_out,
)


class VerdictBriefSerializer(serializers.Serializer):
    rating = serializers.CharField(source="rating.label")
    headline = serializers.CharField()
    version = serializers.IntegerField()
    approved = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_approved(self, verdict) -> bool:
        return verdict.approved_by_id is not None


class ClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-claim-detail")
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    outlet = serializers.CharField(source="article.outlet.name", default=None, read_only=True, allow_null=True)
    verdict = serializers.SerializerMethodField()
    dismiss_reason = serializers.CharField(read_only=True, help_text="Why a dismissed claim was dismissed")
    score = ScoreField(read_only=True, help_text="Check-worthiness, 0..1, rounded to 3 places")
    readers = serializers.IntegerField(read_only=True, help_text="How many readers asked for the claim to be checked")

    class Meta:
        model = Claim
        fields = [
            "id", "url", "text", "standalone", "stance", "sentence", "start", "end", "sentence_start",
            "sentence_end", "claimant", "claim_type", "score", "reason", "checkworthy", "priority", "readers", "status", "assignee",
            "article", "outlet", "dismiss_reason", "duplicate_of", "version", "verdict", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictBriefSerializer(allow_null=True))
    def get_verdict(self, claim) -> dict | None:
        verdict = getattr(claim, "verdict", None)
        if verdict is None:
            return None
        return {"rating": verdict.rating.label, "headline": verdict.headline, "version": verdict.version,
                "approved": verdict.approved_by_id is not None,
                "published_at": iso_datetime(verdict.published_at)}

    def to_representation(self, claim) -> dict:
        """The hot path of the claims list: the declared fields, built without per-field machinery.

        Field for field the same output as the declared serializer (the OpenAPI
        schema comes from the declarations; tests/api checks the two agree).
        ``claim`` is a Claim, or a row of ``LIST_VALUES`` (the list builds no model instances).
        """
        prefix = self.context.get("_claim_url_prefix")
        if prefix is None:  # once per response, not once per row
            request = self.context.get("request")
            prefix = request.build_absolute_uri("/api/v1/claims/") if request else "/api/v1/claims/"
            self.context["_claim_url_prefix"] = prefix
        if isinstance(claim, dict):
            return self._row_representation(claim, prefix)
        article = claim.article
        return {
            "id": claim.pk, "url": f"{prefix}{claim.pk}/", "text": claim.text,
            "standalone": claim.standalone, "stance": claim.stance, "sentence": claim.sentence,
            "start": claim.start, "end": claim.end, "sentence_start": claim.sentence_start,
            "sentence_end": claim.sentence_end, "claimant": claim.claimant, "claim_type": claim.claim_type,
            "score": score_out(claim.score), "reason": claim.reason, "checkworthy": claim.checkworthy,
            "priority": claim.priority, "readers": claim.readers, "status": claim.status,
            "assignee": claim.assignee.username if claim.assignee_id else None,
            "article": claim.article_id, "outlet": article.outlet.name if article.outlet_id else None,
            "dismiss_reason": claim.dismiss_reason, "duplicate_of": claim.duplicate_of_id,
            "version": claim.version, "verdict": self.get_verdict(claim),
            "created_at": iso_datetime(claim.created_at), "updated_at": iso_datetime(claim.updated_at),
        }


    @staticmethod
    def _row_representation(row: dict, prefix: str) -> dict:
        verdict = None
        if row["verdict__id"] is not None:
            verdict = {"rating": row["verdict__rating__label"], "headline": row["verdict__headline"],
                       "version": row["verdict__version"], "approved": row["verdict__approved_by_id"] is not None,
                       "published_at": iso_datetime(row["verdict__published_at"])}
        return {
            "id": row["id"], "url": f"{prefix}{row['id']}/", "text": row["text"],
            "standalone": row["standalone"], "stance": row["stance"], "sentence": row["sentence"],
            "start": row["start"], "end": row["end"], "sentence_start": row["sentence_start"],
            "sentence_end": row["sentence_end"], "claimant": row["claimant"], "claim_type": row["claim_type"],
            "score": score_out(row["score"]), "reason": row["reason"], "checkworthy": row["checkworthy"],
            "priority": row["priority"], "readers": row["readers"], "status": row["status"], "assignee": row["assignee__username"],
            "article": row["article_id"], "outlet": row["outlet_name"],
            "dismiss_reason": row["dismiss_reason"], "duplicate_of": row["duplicate_of_id"],
            "version": row["version"], "verdict": verdict,
            "created_at": iso_datetime(row["created_at"]), "updated_at": iso_datetime(row["updated_at"]),
        }


# The claims list reads these columns as plain rows (see ClaimSerializer._row_representation),
# with the outlet's name as ``outlet_name`` (claims.api.claims.ClaimList: a subquery, not a join).
LIST_VALUES = [
    "id", "text", "standalone", "stance", "sentence", "start", "end", "sentence_start", "sentence_end", "claimant", "claim_type", "score",
    "reason", "checkworthy", "priority", "readers", "status", "article_id", "dismiss_reason", "duplicate_of_id", "version",
    "created_at", "updated_at", "assignee__username", "verdict__id",
    "verdict__rating__label", "verdict__headline", "verdict__version", "verdict__approved_by_id",
    "verdict__published_at",
]


class MoveSerializer(JSONTypesMixin, serializers.Serializer):
    note = TextField(required=False, allow_blank=True, max_length=5000, default="")
    reason = serializers.ChoiceField(required=False, choices=DismissReason.choices,
                                     help_text="dismiss: why (duplicate needs duplicate_of, other a note)")
    duplicate_of = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    assignee = TextField(required=False, max_length=150, help_text="assign: a username (default: you)")
    rating = serializers.SlugField(required=False, help_text="correct: a rating slug of the scale")
    headline = TextField(required=False, max_length=300)
    explanation = TextField(required=False, max_length=20000)


READ_ONLY_CLAIM_FIELDS = {
    "text": "The exact span in the article cannot be changed (its offsets point into the article); edit standalone.",
}


# The PATCH body as the schema publishes it: only these fields (the service refuses the others by name).
CLAIM_EDIT_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "standalone": {"type": "string", "maxLength": 1000, "pattern": NON_BLANK_TEXT_PATTERN,
                       "description": "The claim readable on its own, as ClaimReview publishes it"},
        "claimant": {"type": "string", "maxLength": 300, "pattern": NON_BLANK_TEXT_PATTERN,
                     "description": "Who made the claim"},
        "claim_type": {"type": "string", "enum": list(ClaimType.values)},
        "note": {"type": "string", "maxLength": 5000, "pattern": TEXT_PATTERN, "description": "Why"},
    },
}


class ClaimEditSerializer(JSONTypesMixin, serializers.Serializer):
    """PATCH a claim: its standalone text, claimant and type (services.editing.claim_edit). Fields left out
    stay as they are; a PATCH that changes nothing answers with the claim as it is (no event)."""

    standalone = TextField(required=False, max_length=1000, help_text="The claim readable on its own, as "
                           "ClaimReview publishes it")
    claimant = TextField(required=False, max_length=300, help_text="Who made the claim")
    claim_type = serializers.ChoiceField(required=False, choices=ClaimType.choices)
    note = TextField(required=False, allow_blank=True, max_length=5000, default="", help_text="Why")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = {name: [READ_ONLY_CLAIM_FIELDS.get(name, "Not a field you can change: change standalone, "
                                                                 "claimant or claim_type.")]
                       for name in data if name not in self.fields}
            if unknown:
                raise serializers.ValidationError(unknown)
        return super().to_internal_value(data)


class ClaimSplitSerializer(JSONTypesMixin, serializers.Serializer):
    """Split one candidate into two claims (services.editing.claim_split)."""

    standalone = TextField(max_length=1000, help_text="What this claim says from now on")
    new_standalone = TextField(max_length=1000, help_text="What the new claim says")
    new_claimant = TextField(required=False, max_length=300, help_text="Default: this claim's claimant")
    new_claim_type = serializers.ChoiceField(required=False, choices=ClaimType.choices,
                                             help_text="Default: this claim's type")
    note = TextField(required=False, allow_blank=True, max_length=5000, default="")


class ClaimMergeSerializer(JSONTypesMixin, serializers.Serializer):
    """Merge this claim, a duplicate, into the claim kept (services.editing.claim_merge)."""

    into = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The id of the claim to keep")
    note = TextField(required=False, allow_blank=True, max_length=5000, default="")
