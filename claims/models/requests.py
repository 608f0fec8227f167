"""Readers asking for a check: their requests and the bans that stop abuse."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .claims import Claim
from .matching import ExternalReview

User = settings.AUTH_USER_MODEL


class ReaderRequest(models.Model):
    """A reader asking "is this true?" (the public /ask/ form, its embed, or a newsroom channel).

    Written by claims.services.requests. ``claim`` is the claim it was matched or attached to
    (or opened); ``email`` is kept only to send the answer (and a correction of it, if the verdict
    is corrected): it is erased when the reader asks, and after VERIFY_REQUEST_RETENTION_DAYS by
    the periodic purge.
    ``sender_hash`` / ``email_hash`` are keyed hashes (HMAC with SECRET_KEY) of the client
    address (or the channel's sender id) and the email, for rate limits and bans; the raw address
    is never stored.
    """

    class Channel(models.TextChoices):
        WEB = "web", "The /ask/ page"
        EMBED = "embed", "The form embedded on the outlet's site"
        API = "api", "A newsroom channel (API)"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received, not matched yet"
        ATTACHED = "attached", "Attached to a claim being checked"
        ANSWERED = "answered", "Answered"

    class Outcome(models.TextChoices):
        PENDING = "", "Not matched yet"
        PUBLISHED = "published", "Matched a published verdict: answered at once"
        REVIEW = "review", "Matched another fact-checker's published verdict: answered at once"
        ATTACHED = "attached", "Matched a claim in the desk's work"
        NEW_CLAIM = "new_claim", "Opened a new claim"

    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="reader_requests")
    external_review = models.ForeignKey(
        ExternalReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True, help_text="The claim in the reader's words")
    url = models.URLField(max_length=2000, blank=True, help_text="Where the claim is (a link), if given")
    seen_where = models.CharField(max_length=300, blank=True, help_text="Where the reader saw it")
    language = models.CharField(max_length=16, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    email = models.EmailField(max_length=254, blank=True, help_text="Kept only for the answer")
    consent = models.BooleanField(default=False, help_text="The reader agreed to be emailed the answer")
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    match_score = models.FloatField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The channel's API user (empty for the public forms)",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, help_text="When the answer was out")
    answer_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the answer email was taken for sending (once)"
    )
    contact_erased_at = models.DateTimeField(null=True, blank=True)
    answered_version = models.ForeignKey(
        "claims.VerdictVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The public version of the verdict the reader was last emailed (a correction emails them again)",
    )
    detached_from = models.JSONField(
        default=list, blank=True, help_text="Claims an editor detached the request from: never matched onto again"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["claim", "created_at"], name="request_claim_created_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(text="") | ~Q(url=""), name="request_has_text_or_url"),
            models.CheckConstraint(condition=Q(email="") | Q(consent=True), name="request_email_needs_consent"),
        ]

    def __str__(self) -> str:
        return (self.text or self.url)[:80]

    @property
    def can_be_moved(self) -> bool:
        """Whether an editor may still attach or detach it: an answer sent cannot be taken back
        (services.requests.request_attach / request_detach refuse it)."""
        return self.status != self.Status.ANSWERED


class SenderBan(models.Model):
    """A sender an editor banned: their requests are refused (by address or email hash)."""

    sender_hash = models.CharField(max_length=64, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    reason = models.CharField(max_length=300)
    request = models.ForeignKey(ReaderRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(sender_hash="") | ~Q(email_hash=""), name="ban_has_a_hash"),
        ]

    def __str__(self) -> str:
        return f"ban {self.pk}: {self.reason[:60]}"
