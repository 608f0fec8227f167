"""Articles, extraction jobs and outlets in and out of the API."""

from __future__ import annotations

from datetime import UTC

from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers

from ...choices import IngestChannel
from ...models import Article, ExtractionJob
from .fields import (
    CONTENT_PATTERN,
    HTTP_URL_PATTERN,
    TEXT_PATTERN,
    HttpUrlField,
    JSONTypesMixin,
    TextField,
)


class ArticleSerializer(serializers.ModelSerializer):
    # Blank for pasted text: plain strings, not URIs.
    url = serializers.CharField(read_only=True)
    canonical_url = serializers.CharField(read_only=True)
    outlet = serializers.CharField(source="outlet.name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "canonical_url",
            "title",
            "authors",
            "published_at",
            "outlet",
            "language",
            "source_kind",
            "is_latest",
            "supersedes",
            "created_at",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
        read_only_fields = fields


PUBLISHED_YEARS = r"^(1[89]|2[0-9])[0-9][0-9]-"  # the years a publication date may have (as the service checks)


_EMPTY = {"type": "string", "maxLength": 0}


_CONTENT = {"type": "string", "minLength": 1, "pattern": CONTENT_PATTERN}


# Exactly one of url, html and text; the other two absent or empty.
ARTICLE_CREATE_SCHEMA = {
    "type": "object",
    "properties": {
        "url": {"type": "string", "maxLength": 2000, "pattern": HTTP_URL_PATTERN, "description": "A page to fetch"},
        "html": {"type": "string", "description": "An HTML page (at most 5 MB)"},
        "text": {"type": "string", "description": "Pasted text (at most 5 MB)"},
        "article_url": {
            "type": "string",
            "maxLength": 2000,
            "pattern": f"({HTTP_URL_PATTERN})|^$",
            "description": "With html or text: where the article was published",
        },
        "outlet": {
            "type": "string",
            "maxLength": 200,
            "pattern": TEXT_PATTERN,
            "description": "The outlet: a known outlet's name or domain, or a new one",
        },
        "published_at": {
            "anyOf": [
                {"type": "string", "format": "date", "pattern": PUBLISHED_YEARS},
                {"type": "string", "format": "date-time", "pattern": PUBLISHED_YEARS},
                {"type": "string", "maxLength": 0},
            ],
            "description": "When the article was published: YYYY-MM-DD or ISO 8601, years 1800-2999",
        },
    },
    "oneOf": [
        {
            "required": ["url"],
            "properties": {
                "url": {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": HTTP_URL_PATTERN},
                "html": _EMPTY,
                "text": _EMPTY,
                "article_url": _EMPTY,
            },
        },
        {"required": ["html"], "properties": {"html": _CONTENT, "url": _EMPTY, "text": _EMPTY}},
        {"required": ["text"], "properties": {"text": _CONTENT, "url": _EMPTY, "html": _EMPTY}},
    ],
}


class PublishedAtField(serializers.CharField):
    """A publication date: ``YYYY-MM-DD`` or an ISO 8601 date and time (UTC when no offset is given)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return None
        if len(value) > 40:
            raise serializers.ValidationError("Give the publication date as YYYY-MM-DD or an ISO 8601 date and time.")
        try:
            moment = parse_datetime(value) if "T" in value or " " in value else None
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise serializers.ValidationError(
                f"Give the publication date as YYYY-MM-DD or an ISO 8601 date and time, not {value[:40]!r}."
            )
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment or day


class ArticleCreateSerializer(JSONTypesMixin, serializers.Serializer):
    """Exactly one of url, html or text (ARTICLE_CREATE_SCHEMA in the OpenAPI schema), and optional
    context: where the text or HTML was published, the outlet, the publication date."""

    url = HttpUrlField(required=False, allow_blank=True)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    article_url = HttpUrlField(required=False, allow_blank=True)
    outlet = TextField(required=False, allow_blank=True, max_length=200)
    published_at = PublishedAtField(required=False, allow_blank=True)

    def validate(self, attrs):
        given = [k for k in ("url", "html", "text") if attrs.get(k)]
        if len(given) != 1:
            raise serializers.ValidationError("Give exactly one of url, html or text.")
        if attrs.get("url") and attrs.get("article_url"):
            raise serializers.ValidationError(
                {"article_url": "article_url is for text and html: a fetched page has its own address (url)."}
            )
        return attrs


class JobSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-job-detail")
    input_url = serializers.CharField(read_only=True)
    error_step = serializers.CharField(read_only=True, help_text="The step a failed job stopped at; blank otherwise")
    channel = serializers.ChoiceField(
        choices=IngestChannel.choices,
        allow_blank=True,
        read_only=True,
        help_text="Where the input was submitted; blank for a job from before channels were recorded",
    )

    class Meta:
        model = ExtractionJob
        fields = [
            "id",
            "url",
            "source_kind",
            "channel",
            "input_url",
            "status",
            "step",
            "progress",
            "error",
            "error_step",
            "attempts",
            "article",
            "claims_created",
            "appearances_created",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class OutletSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    domain = serializers.CharField()
    country = serializers.CharField()
    language = serializers.CharField()
    reach = serializers.IntegerField()
