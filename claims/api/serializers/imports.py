"""Other fact-checkers' ClaimReview in and out of the API: the imported reviews and an import's report."""

from __future__ import annotations

from rest_framework import serializers

from ...models import ExternalReview
from ...services import imports


class ExternalReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalReview
        # The importer's fields (services.imports.FIELDS) in its order, less the raw document it read
        # (large; the list defers it), between the review's id and url and where it came from and when.
        fields = [
            "id",
            "url",
            *(name for name in imports.FIELDS if name != "raw"),
            "source",
            "imported_at",
            "updated_at",
        ]
        read_only_fields = fields


class RejectedSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="1-based position of the record in the body")
    where = serializers.CharField(help_text='Where it sits, e.g. "item 3" or "dataFeedElement 2"')
    reason = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = RejectedSerializer(many=True)
