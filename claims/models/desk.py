"""The newsroom desk itself: its settings, worker heartbeats and notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .claims import Claim

User = settings.AUTH_USER_MODEL


class DeskSettings(models.Model):
    """The desk's tunable settings, one row; empty fields fall back to the environment.

    Edited by admins on the settings page; read through ``selectors.desk_settings``.
    """

    checkworthy_threshold = models.FloatField(
        null=True,
        blank=True,
        help_text="Claims scoring at least this enter the queue (default: VERIFY_CHECKWORTHY_THRESHOLD)",
    )
    match_suggest_threshold = models.FloatField(
        null=True, blank=True, help_text="Matches scoring at least this are suggested to checkers"
    )
    match_auto_threshold = models.FloatField(
        null=True, blank=True, help_text="Matches with a published verdict scoring at least this are linked at once"
    )
    max_claims_per_article = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The most claims one article puts in the queue (its best-ranked); the rest stay under the "
        "article. Empty: the model's default; 0: no limit",
    )
    one_person_corrections = models.BooleanField(
        default=False,
        help_text="An editor may correct a published verdict alone (the public page then names them); "
        "off: a correction needs a second editor's approval, like the first publication",
    )
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "desk settings"
        verbose_name_plural = "desk settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="desk_settings_single_row"),
            models.CheckConstraint(
                condition=Q(checkworthy_threshold__isnull=True)
                | (Q(checkworthy_threshold__gte=0) & Q(checkworthy_threshold__lte=1)),
                name="desk_checkworthy_threshold_0_1",
            ),
            models.CheckConstraint(
                condition=Q(max_claims_per_article__isnull=True) | Q(max_claims_per_article__lte=500),
                name="desk_claims_per_article_cap_500",
            ),
            models.CheckConstraint(
                condition=Q(match_suggest_threshold__isnull=True)
                | Q(match_auto_threshold__isnull=True)
                | Q(match_auto_threshold__gte=F("match_suggest_threshold")),
                name="desk_auto_at_least_suggest",
            ),
        ]

    def __str__(self) -> str:
        return "Desk settings"


class WorkerHeartbeat(models.Model):
    """The last sign of life of each Celery worker; ``/readyz`` needs a recent one."""

    hostname = models.CharField(max_length=200, unique=True)
    pid = models.PositiveIntegerField(default=0)
    queues = models.CharField(max_length=500, blank=True, help_text="The queues it serves, comma-separated; empty: all")
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class Notification(models.Model):
    """Something a person should know about a claim: shown in the desk and/or emailed.

    Written by claims.services.notifications inside the workflow move's transaction; the row is
    the email outbox too: ``email_status`` pending until the worker sent it (a message lost with
    the broker is re-sent by the periodic task).
    """

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Assigned to me"
        APPROVAL_REQUESTED = "approval_requested", "A verdict waits for approval"
        CHANGES_REQUESTED = "changes_requested", "Changes requested on my verdict"
        MENTION = "mention", "Mentioned in a comment"
        PUBLISHED = "published", "A verdict I worked on is published"

    class EmailStatus(models.TextChoices):
        NONE = "none", "Not emailed"
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(max_length=500)
    in_app = models.BooleanField(default=True, help_text="Shown in the desk's notifications")
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=8, choices=EmailStatus.choices, default=EmailStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_sent_at = models.DateTimeField(null=True, blank=True, help_text="When the message went to the broker")
    email_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "in_app", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["email_status", "created_at"], name="notification_email_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_app=True) | ~Q(email_status="none"), name="notification_goes_somewhere"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} on claim {self.claim_id}"


class NotificationPreference(models.Model):
    """One person's choice for one kind of notification; no row means both channels on."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=24, choices=Notification.Kind.choices)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notificationpreference_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: in_app={self.in_app} email={self.email}"


# --- Reader requests (issue 26) ------------------------------------------------------------------
