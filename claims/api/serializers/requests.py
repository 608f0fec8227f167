"""Reader requests in and out of the API (issue 26)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ...models import ReaderRequest
from ...services import requests as reader_requests
from .fields import MAX_ID, JSONTypesMixin, TextField


class RequestInSerializer(JSONTypesMixin, serializers.Serializer):
    text = TextField(
        required=False,
        allow_blank=True,
        max_length=reader_requests.MAX_TEXT,
        help_text="The claim in the reader's words (text or url, or both)",
    )
    url = TextField(required=False, allow_blank=True, max_length=2000, help_text="A link to the claim")
    seen_where = TextField(required=False, allow_blank=True, max_length=reader_requests.MAX_SEEN_WHERE)
    language = TextField(required=False, allow_blank=True, max_length=16, help_text="BCP 47, e.g. en")
    email = TextField(
        required=False, allow_blank=True, max_length=254, help_text="Where to send the answer; needs consent"
    )
    consent = serializers.BooleanField(
        required=False, default=False, help_text="The reader agreed to be emailed the answer (and a correction of it)"
    )
    sender = TextField(
        required=False,
        allow_blank=True,
        max_length=reader_requests.MAX_SENDER,
        help_text="The channel's own id of the reader (hashed; rate limits and bans)",
    )


class AnswerUrlField(serializers.CharField):
    """The answer's page, read from the whole request (``source="*"``): our verdict's public page,
    or the imported review's, once the request is answered; else null."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, **kwargs)

    def to_representation(self, found: ReaderRequest) -> str | None:
        if found.status != ReaderRequest.Status.ANSWERED:
            return None
        if found.claim_id:
            return self.context["request"].build_absolute_uri(reverse("public_verdict", args=[found.claim_id]))
        return found.external_review.url if found.external_review_id else None


# A request's state, what its channel sees; needs ``request`` in the context (the answer's URL).
# (Comments, not docstrings, on response serializers: drf-spectacular would publish a docstring as
# the schema's description.)
class RequestOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    # A CharField, not a ChoiceField: three enums named "status" would collide in the schema.
    status = serializers.CharField(help_text="received (not matched yet), attached (to a claim in work) or answered")
    outcome = serializers.CharField(help_text="'' until matched; published, review, attached or new_claim")
    channel = serializers.CharField()
    claim = serializers.IntegerField(source="claim_id", allow_null=True)
    answer_url = AnswerUrlField(help_text="The published fact check, once answered")
    created_at = serializers.DateTimeField()


# A request as the desk reads it: with what the reader sent, and the contact details only when the
# context's ``contacts`` is true (api.requests._sees_contacts).
class RequestListSerializer(RequestOutSerializer):
    text = serializers.CharField()
    url = serializers.CharField()
    seen_where = serializers.CharField()
    language = serializers.CharField()
    email = serializers.CharField(required=False, help_text="Only with the privacy scope, for editors")
    consent = serializers.BooleanField(required=False, help_text="Only with the privacy scope, for editors")

    CONTACTS = ("email", "consent")

    def to_representation(self, found: ReaderRequest) -> dict:
        out = super().to_representation(found)
        if not self.context.get("contacts"):
            for name in self.CONTACTS:
                del out[name]
        return out


class DetachSerializer(JSONTypesMixin, serializers.Serializer):
    note = TextField(
        required=False,
        allow_blank=True,
        max_length=reader_requests.MAX_DECISION_NOTE,
        default="",
        help_text="Why the request is not about its claim (the claim's history)",
    )


class AttachSerializer(DetachSerializer):
    claim = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The claim the request is about")
