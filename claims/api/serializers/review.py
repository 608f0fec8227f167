"""Evidence, verdicts, comments and ratings in and out of the API."""

from __future__ import annotations

from rest_framework import serializers

from .fields import (
    HTTP_URL_PATTERN,
    MAX_ID,
    MAX_VERDICT_EVIDENCE,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
    HttpUrlField,
    JSONTypesMixin,
    TextField,
    input_schema,
)


class EvidenceSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = HttpUrlField(required=False, allow_blank=True, default="")
    title = TextField(required=False, allow_blank=True, max_length=500, default="")
    quote = TextField(required=False, allow_blank=True, max_length=10000, default="")
    source_kind = serializers.ChoiceField(
        choices=["official_data", "expert", "document", "media", "social_post", "other"]
    )
    stance = serializers.ChoiceField(choices=["supports", "refutes", "context"])
    added_by = serializers.CharField(source="added_by.username", read_only=True)
    archive_status = serializers.CharField(read_only=True)
    archive_sha256 = serializers.CharField(read_only=True)
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


_EVIDENCE_FIELDS = {
    "url": {
        "type": "string",
        "maxLength": 2000,
        "pattern": f"({HTTP_URL_PATTERN})|^$",
        "description": "The source's page (archived in the background)",
    },
    "title": {"type": "string", "maxLength": 500, "pattern": TEXT_PATTERN},
    "quote": {
        "type": "string",
        "maxLength": 10000,
        "pattern": TEXT_PATTERN,
        "description": "A quote or excerpt from the source",
    },
    "source_kind": {"type": "string", "enum": ["official_data", "expert", "document", "media", "social_post", "other"]},
    "stance": {"type": "string", "enum": ["supports", "refutes", "context"]},
}


# A URL or a quote (one that is not only spaces), besides the kind and the stance.
EVIDENCE_CREATE_SCHEMA = {
    **input_schema(_EVIDENCE_FIELDS, required=["source_kind", "stance"]),
    "anyOf": [
        {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
        {"required": ["quote"], "properties": {"quote": {"type": "string", "pattern": NON_BLANK_TEXT_PATTERN}}},
    ],
}


class VerdictVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    rating = serializers.CharField(source="rating.slug")
    headline = serializers.CharField()
    explanation = serializers.CharField()
    note = serializers.CharField()
    edited_by = serializers.CharField(source="edited_by.username")
    approved_by = serializers.CharField(
        source="approved_by.username",
        default=None,
        allow_null=True,
        help_text="Published and correction versions: who approved this text",
    )
    approved_alone = serializers.BooleanField(help_text="A one-person correction, approved by its own editor")
    created_at = serializers.DateTimeField()


class VerdictSerializer(JSONTypesMixin, serializers.Serializer):
    rating = serializers.SlugField(help_text="A rating slug of the desk's scale, e.g. 'false'")
    headline = TextField(max_length=300)
    explanation = TextField(required=False, allow_blank=True, max_length=20000, default="")
    evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=MAX_VERDICT_EVIDENCE,
        write_only=True,
        help_text="Ids of this claim's evidence the verdict rests on",
    )
    evidence_ids = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    approved_by = serializers.CharField(source="approved_by.username", read_only=True, default=None, allow_null=True)
    approved_alone = serializers.BooleanField(
        read_only=True, help_text="A one-person correction: approved by its corrector alone"
    )
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    versions = VerdictVersionSerializer(many=True, read_only=True, source="versions.all")

    def get_evidence_ids(self, verdict) -> list[int]:
        return sorted(e.pk for e in verdict.evidence.all())


class CommentSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    body = TextField(max_length=10000)
    author = serializers.CharField(source="author.username", read_only=True)
    mentions = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    def get_mentions(self, comment) -> list[str]:
        return sorted(user.username for user in comment.mentions.all())


class RatingSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
