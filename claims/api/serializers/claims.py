"""Claims in and out of the API: the claim, its edits, splits, merges and moves."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.utils import timezone
from rest_framework import serializers
from rest_framework.reverse import reverse

from ...choices import ClaimType, DismissReason
from ...forms import MAX_NOTE
from ...models import Claim
from .fields import (
    MAX_ID,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
    JSONTypesMixin,
    ScoreField,
    TextField,
)

# The claim's resource in this API: ClaimSerializer's url, and every other claim an answer links to.
CLAIM_ROUTE = "api-claim-detail"


def claim_urls(request) -> Callable[[int], str]:
    """Claims' URLs by id, absolute with a request: the route reversed once, each id filled in (a
    reverse() per claim costs more than rendering a list row)."""
    marker = 9876543210
    head, tail = reverse(CLAIM_ROUTE, kwargs={"pk": marker}, request=request).rsplit(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


class ClaimUrlField(serializers.CharField):
    """A claim's URL in this API, from the claim (``source="*"``). It publishes as a plain string, as
    the matching shapes always have (ClaimSerializer's own url is a hyperlink field: a URI)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, claim) -> str:
        urls = getattr(self, "_urls", None)
        if urls is None:  # once per response: the rows of a list share the field
            urls = self._urls = claim_urls(self.context.get("request"))
        return urls(claim.pk)


class VerdictBriefSerializer(serializers.Serializer):
    rating = serializers.CharField(source="rating.label")
    headline = serializers.CharField()
    version = serializers.IntegerField()
    approved = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_approved(self, verdict) -> bool:
        return verdict.approved_by_id is not None


# A claim as the API publishes it: the declarations give the output and the OpenAPI schema. The
# claims list (the hot path) reads plain rows instead of model instances: the columns of
# ``row_columns()``, with the outlet's name as ``outlet_name`` (claims.api.claims.ClaimList: a
# subquery, not a join). ``to_representation`` renders such a row through the same declared fields,
# without DRF's per-field lookups; tests/api holds the two outputs equal. (A comment, not a
# docstring: drf-spectacular would publish a docstring as the schema's description.)
class ClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name=CLAIM_ROUTE)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    outlet = serializers.CharField(source="article.outlet.name", default=None, read_only=True, allow_null=True)
    verdict = VerdictBriefSerializer(read_only=True, allow_null=True)
    dismiss_reason = serializers.CharField(read_only=True, help_text="Why a dismissed claim was dismissed")
    score = ScoreField(read_only=True, help_text="Check-worthiness, 0..1, rounded to 3 places")
    readers = serializers.IntegerField(read_only=True, help_text="How many readers asked for the claim to be checked")

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "text",
            "standalone",
            "stance",
            "sentence",
            "start",
            "end",
            "sentence_start",
            "sentence_end",
            "claimant",
            "claim_type",
            "score",
            "reason",
            "checkworthy",
            "priority",
            "readers",
            "status",
            "assignee",
            "article",
            "outlet",
            "dismiss_reason",
            "duplicate_of",
            "version",
            "verdict",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    # A field's column in the list's rows where it is not the field's name; the url is built from
    # the id, the verdict from the VERDICT_COLUMNS (``verdict__id`` null: no verdict).
    ROW_COLUMNS = {
        "url": "id",
        "assignee": "assignee__username",
        "article": "article_id",
        "outlet": "outlet_name",
        "duplicate_of": "duplicate_of_id",
        "verdict": "verdict__id",
    }
    VERDICT_COLUMNS = {
        "rating": "verdict__rating__label",
        "headline": "verdict__headline",
        "version": "verdict__version",
        "approved": "verdict__approved_by_id",
        "published_at": "verdict__published_at",
    }

    @classmethod
    def row_columns(cls) -> list[str]:
        """The columns the list reads (``outlet_name`` is the list's own annotation)."""
        columns = [cls.ROW_COLUMNS.get(name, name) for name in cls.Meta.fields]
        return [c for c in dict.fromkeys(columns) if c != "outlet_name"] + list(cls.VERDICT_COLUMNS.values())

    def to_representation(self, claim) -> dict:
        """``claim`` is a Claim (DRF renders it), or a row of ``row_columns()`` (the list's)."""
        if not isinstance(claim, dict):
            return super().to_representation(claim)
        plan = getattr(self, "_row_plan", None)
        if plan is None:  # once per response: the list's rows share one serializer
            plan = self._row_plan = [
                (name, column, self._claim_url() if name == "url" else convert) for name, column, convert in _row_plan()
            ]
        return _render_row(claim, plan)

    def _claim_url(self) -> Callable[[dict], str]:
        """A row's URL from its id (``claim_urls``: the route reversed once per response)."""
        url = claim_urls(self.context.get("request"))
        return lambda row: url(row["id"])


# A row plan: (field, column, convert) for each field in order. A column's value is rendered by
# ``convert`` (None: as it is; null stays null, as DRF renders a None attribute); without a column,
# ``convert`` renders the whole row.
RowPlan = list[tuple[str, str | None, Callable | None]]

# Fields whose values come out of the database as the field renders them (str, int, bool; a related
# field's column already holds its slug or id): no call.
_AS_STORED = (serializers.CharField, serializers.IntegerField, serializers.BooleanField)


def _render_row(row: dict, plan: RowPlan) -> dict:
    out = {}
    for name, column, convert in plan:
        if column is None:
            out[name] = convert(row)
        else:
            value = row[column]
            out[name] = value if value is None or convert is None else convert(value)
    return out


@functools.cache
def _row_plan() -> RowPlan:
    """ClaimSerializer's plan for a list row, built once from its declared fields (building a
    ModelSerializer's fields costs more than rendering a page of rows). The url's ``convert`` is
    the response's own (``ClaimSerializer._claim_url``: it depends on the request)."""
    serializer = ClaimSerializer()
    _fix_time_zone(serializer)
    columns = ClaimSerializer.ROW_COLUMNS
    plan: RowPlan = []
    for name, field in serializer.fields.items():
        if name == "url":
            plan.append((name, None, None))
        elif name == "verdict":
            plan.append((name, None, _verdict_renderer(field)))
        else:
            plan.append((name, columns.get(name, name), _converter(field)))
    return plan


def _converter(field: serializers.Field) -> Callable | None:
    return None if type(field) in _AS_STORED or isinstance(field, serializers.RelatedField) else field.to_representation


def _fix_time_zone(serializer: serializers.Serializer) -> None:
    """Resolve the time zone timestamps are rendered in once, not once a value (the larger part of
    a row's cost): the default one, which is the current one, as nothing activates another."""
    for field in serializer.fields.values():
        if isinstance(field, serializers.DateTimeField):
            field.timezone = timezone.get_default_timezone()
        elif isinstance(field, serializers.Serializer):
            _fix_time_zone(field)


def _verdict_renderer(verdict: VerdictBriefSerializer) -> Callable[[dict], dict | None]:
    columns = ClaimSerializer.VERDICT_COLUMNS
    approved_by = columns["approved"]
    plan: RowPlan = [
        (name, None, lambda row: row[approved_by] is not None)
        if name == "approved"  # get_approved, on the row
        else (name, columns[name], _converter(field))
        for name, field in verdict.fields.items()
    ]
    return lambda row: None if row["verdict__id"] is None else _render_row(row, plan)


class MoveSerializer(JSONTypesMixin, serializers.Serializer):
    note = TextField(required=False, allow_blank=True, max_length=MAX_NOTE, default="")
    reason = serializers.ChoiceField(
        required=False,
        choices=DismissReason.choices,
        help_text="dismiss: why (duplicate needs duplicate_of, other a note)",
    )
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
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "standalone": {
            "type": "string",
            "maxLength": 1000,
            "pattern": NON_BLANK_TEXT_PATTERN,
            "description": "The claim readable on its own, as ClaimReview publishes it",
        },
        "claimant": {
            "type": "string",
            "maxLength": 300,
            "pattern": NON_BLANK_TEXT_PATTERN,
            "description": "Who made the claim",
        },
        "claim_type": {"type": "string", "enum": list(ClaimType.values)},
        "note": {"type": "string", "maxLength": MAX_NOTE, "pattern": TEXT_PATTERN, "description": "Why"},
    },
}


class ClaimEditSerializer(JSONTypesMixin, serializers.Serializer):
    """PATCH a claim: its standalone text, claimant and type (services.editing.claim_edit). Fields left out
    stay as they are; a PATCH that changes nothing answers with the claim as it is (no event)."""

    standalone = TextField(
        required=False, max_length=1000, help_text="The claim readable on its own, as ClaimReview publishes it"
    )
    claimant = TextField(required=False, max_length=300, help_text="Who made the claim")
    claim_type = serializers.ChoiceField(required=False, choices=ClaimType.choices)
    note = TextField(required=False, allow_blank=True, max_length=MAX_NOTE, default="", help_text="Why")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = {
                name: [
                    READ_ONLY_CLAIM_FIELDS.get(
                        name, "Not a field you can change: change standalone, claimant or claim_type."
                    )
                ]
                for name in data
                if name not in self.fields
            }
            if unknown:
                raise serializers.ValidationError(unknown)
        return super().to_internal_value(data)


class ClaimSplitSerializer(JSONTypesMixin, serializers.Serializer):
    """Split one candidate into two claims (services.editing.claim_split)."""

    standalone = TextField(max_length=1000, help_text="What this claim says from now on")
    new_standalone = TextField(max_length=1000, help_text="What the new claim says")
    new_claimant = TextField(required=False, max_length=300, help_text="Default: this claim's claimant")
    new_claim_type = serializers.ChoiceField(
        required=False, choices=ClaimType.choices, help_text="Default: this claim's type"
    )
    note = TextField(required=False, allow_blank=True, max_length=MAX_NOTE, default="")


class ClaimMergeSerializer(JSONTypesMixin, serializers.Serializer):
    """Merge this claim, a duplicate, into the claim kept (services.editing.claim_merge)."""

    into = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The id of the claim to keep")
    note = TextField(required=False, allow_blank=True, max_length=MAX_NOTE, default="")
