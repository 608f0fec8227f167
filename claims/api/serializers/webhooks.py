"""Webhook subscriptions and deliveries in and out of the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import WebhookSubscription
from .fields import HttpUrlField, JSONTypesMixin


class WebhookSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    target_url = HttpUrlField()
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookSubscription.Event.values), min_length=1, max_length=20
    )
    secret = serializers.SerializerMethodField(help_text="Shown only in the response that creates it")
    active = serializers.BooleanField(read_only=True)
    consecutive_failures = serializers.IntegerField(read_only=True)
    disabled_reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_secret(self, subscription) -> str | None:
        return subscription.secret if self.context.get("show_secret") else None


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    response_status = serializers.IntegerField(allow_null=True)
    response_ms = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)
