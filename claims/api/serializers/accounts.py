"""The caller and API tokens in and out of the API."""

from __future__ import annotations

from rest_framework import serializers

from .fields import JSONTypesMixin, TextField


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())


class TokenSerializer(JSONTypesMixin, serializers.Serializer):
    """An API token as listed: never its key."""

    id = serializers.IntegerField(read_only=True)
    name = TextField(max_length=100)
    kind = serializers.CharField(read_only=True, help_text="personal, or service (an integration's)")
    prefix = serializers.CharField(read_only=True, help_text="The key's first characters, to recognise it")
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=["read", "ingest", "review", "publish"]),
        min_length=1,
        max_length=4,
        help_text="read, ingest, review, publish; a token can only give scopes it holds itself",
    )
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it was last used (to the minute); null: never"
    )
    expires_in_days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        write_only=True,
        help_text="Creating: days until it stops working (leave it out: never)",
    )
    expires_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it stops working; null: never"
    )
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)


class TokenCreatedSerializer(TokenSerializer):
    key = serializers.CharField(read_only=True, help_text="The token itself: shown only in this response")
