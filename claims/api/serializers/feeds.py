"""Followed feeds in and out of the API."""

from __future__ import annotations

from rest_framework import serializers

from .fields import HttpUrlField, JSONTypesMixin, TextField


class FeedSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = HttpUrlField()
    outlet = TextField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=253,
        help_text="Writing: the outlet's domain (optional); reading: its name",
    )
    title = serializers.CharField(read_only=True)
    interval_minutes = serializers.IntegerField(required=False, default=30, min_value=5, max_value=10080)
    active = serializers.BooleanField(read_only=True)
    last_polled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_item_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_error = serializers.CharField(read_only=True)
    failures = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, feed) -> dict:
        data = super().to_representation(feed)
        data["outlet"] = feed.outlet.name if feed.outlet_id else None
        return data
