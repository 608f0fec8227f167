"""Machines talking to Verify: API tokens, idempotency keys and webhooks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .articles import ExtractionJob

User = settings.AUTH_USER_MODEL


class ApiToken(models.Model):
    """A personal or service API token. Only its SHA-256 is stored."""

    class Scope(models.TextChoices):
        READ = "read", "Read"
        INGEST = "ingest", "Ingest articles"
        REVIEW = "review", "Review (triage, evidence, drafts)"
        PUBLISH = "publish", "Publish (approve, publish, correct)"
        REQUESTS = "requests", "Send reader requests (a tipline channel)"
        PRIVACY = "privacy", "Read readers' contact details in requests"

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal (a person's own tools)"
        SERVICE = "service", "Service (an integration, acting as its user)"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    kind = models.CharField(
        max_length=8,
        choices=Kind.choices,
        default=Kind.PERSONAL,
        help_text="Service tokens belong to an integration, not to a person's session; only admins create them",
    )
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it")
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, help_text="Within a minute")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Refused from then on; empty: never expires")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class IdempotencyKey(models.Model):
    """An ingestion request's Idempotency-Key: the same key and body give the same job."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    job = models.ForeignKey(ExtractionJob, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return self.key


class WebhookSubscription(models.Model):
    """A newsroom tool's endpoint that receives signed events."""

    class Event(models.TextChoices):
        CLAIM_CREATED = "claim.created", "A claim was created"
        CLAIM_STATUS_CHANGED = "claim.status_changed", "A claim changed state"
        VERDICT_PUBLISHED = "verdict.published", "A verdict was published"
        VERDICT_CORRECTED = "verdict.corrected", "A published verdict was corrected"
        JOB_FAILED = "job.failed", "An extraction job failed"
        REQUEST_RECEIVED = "request.received", "A reader's request arrived"
        REQUEST_ANSWERED = "request.answered", "A reader's request was answered"

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="webhooks")
    target_url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100, help_text="Shared secret for the HMAC-SHA256 signature")
    active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.target_url


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one subscription, with every attempt's outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["subscription", "-created_at"], name="delivery_sub_created_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.status})"
