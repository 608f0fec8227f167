"""Notifications in and out of the API."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ...models import Notification
from .fields import MAX_ID


class NotificationSerializer(serializers.Serializer):
    """One of your notifications, as the desk shows it (only those you chose to get in the desk)."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Notification.Kind.choices)
    message = serializers.CharField()
    claim = serializers.IntegerField(source="claim_id", help_text="The claim it tells of")
    claim_url = serializers.SerializerMethodField(help_text="The claim in the API")
    desk_url = serializers.SerializerMethodField(help_text="The claim's page in the desk")
    actor = serializers.SerializerMethodField(help_text="Who made the move; null if that account is gone")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True, help_text="When you read it; null: unread")

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_claim_url(self, notification) -> str:
        return self._absolute(reverse("api-claim-detail", args=[notification.claim_id]))

    def get_desk_url(self, notification) -> str:
        return self._absolute(reverse("claim", args=[notification.claim_id]))

    def get_actor(self, notification) -> str | None:
        return notification.actor.get_username() if notification.actor_id else None


class NotificationsReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        allow_empty=False,
        max_length=500,
        help_text="Which of your notifications to mark read; leave out to mark all of them read",
    )


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text="Your unread notifications")


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are read now")
    unread = serializers.IntegerField(help_text="Your unread notifications left")
