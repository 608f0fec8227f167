"""Other fact-checkers' ClaimReview in and out of the API: the imported reviews and an import's report."""

from __future__ import annotations

from rest_framework import serializers

from ...models import ExternalReview


class ExternalReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalReview
        fields = [
            "id",
            "url",
            "publisher_name",
            "publisher_url",
            "claim_reviewed",
            "claimant",
            "claim_date",
            "appearances",
            "rating_label",
            "rating_value",
            "rating_best",
            "rating_worst",
            "normalised_rating",
            "headline",
            "language",
            "date_published",
            "date_modified",
            "content_hash",
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
