"""A claim, where it appears, what was said about it on the desk and its audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from ..choices import (
    ClaimStance,
    ClaimStatus,
    ClaimType,
    DismissReason,
)
from ..moves import Move
from .articles import Article

User = settings.AUTH_USER_MODEL


class Claim(models.Model):
    """One checkable statement, possibly made in several articles (appearances).

    ``article`` and the offsets locate the claim where it was first seen;
    ``Appearance`` rows hold every article it appears in, that one included.
    ``version`` is the optimistic lock: every change bumps it, and a save
    from an older version is refused (services.workflow).
    """

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField()
    sentence = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalised claim text")
    standalone = models.TextField(
        blank=True, help_text="The claim readable on its own: pronouns and dates resolved, negation kept"
    )
    stance = models.CharField(
        max_length=8,
        choices=ClaimStance.choices,
        default=ClaimStance.ASSERTS,
        help_text="'denies': the claimant denies the text, so the claim is its negation",
    )
    claimant = models.CharField(max_length=300)
    claim_type = models.CharField(max_length=24, choices=ClaimType.choices)
    score = models.FloatField(help_text="Check-worthiness, 0..1")
    reason = models.TextField(blank=True)
    checkworthy = models.BooleanField(
        default=True, help_text="Scored above the threshold; others are hidden from the queue"
    )
    priority = models.FloatField(
        default=0,
        db_index=True,
        help_text="The queue's order: priority_base, less CHECKED_ELSEWHERE when checked elsewhere, plus the "
        "reader-demand bonus (computed only by services.priority)",
    )
    priority_base = models.FloatField(default=0, help_text="The extraction's ranking and the outlet's reach")
    priority_lowered = models.BooleanField(
        default=False, help_text="Lowered in the queue for a link to another fact-checker's published verdict"
    )
    readers = models.PositiveIntegerField(default=0, help_text="How many reader requests are on the claim")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    assignee = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims")
    dismiss_reason = models.CharField(max_length=16, choices=DismissReason.choices, blank=True)
    dismiss_note = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    extractor_version = models.CharField(max_length=32, blank=True)
    # What the machine said, kept beside a person's edit (services.claims.claim_edit): filled at the
    # first edit from the extractor's output, never changed after. Empty ``edited_at``: never edited.
    machine_standalone = models.TextField(blank=True, help_text="The extractor's standalone text")
    machine_claimant = models.CharField(max_length=300, blank=True, help_text="The extractor's claimant")
    machine_claim_type = models.CharField(
        max_length=24, choices=ClaimType.choices, blank=True, help_text="The extractor's claim type"
    )
    edited_at = models.DateTimeField(null=True, blank=True, help_text="When a person last edited the claim")
    edited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority", "-created_at"]
        permissions = [
            ("triage_claim", "Can triage and dismiss claims"),
            ("review_claim", "Can review claims: evidence, verdict drafts, submit"),
            ("assign_claim", "Can assign claims to anyone and reopen dismissed claims"),
            ("approve_verdict", "Can approve verdicts or request changes"),
            ("publish_verdict", "Can publish and correct verdicts"),
            ("manage_desk", "Can manage users, rating scales and settings"),
        ]
        indexes = [
            # The queue's default sort, filtered by state.
            models.Index(
                fields=["checkworthy", "status", "-priority", "-created_at"],
                name="claim_queue_idx",
            ),
            # The queue's default view in exactly its order, check-worthy claims only: the first page
            # reads 50 entries, not every claim tied at the top priority (1,001 at 1M bench claims, 33 ms).
            models.Index(
                fields=["-priority", "-created_at", "-id"], condition=Q(checkworthy=True), name="claim_queue_order_idx"
            ),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
            # The API's cursor order.
            models.Index(fields=["-priority", "-id"], name="claim_priority_id_idx"),
            models.Index(fields=["claim_type"], name="claim_type_idx"),
            models.Index(fields=["created_at"], name="claim_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_0_1"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_not_empty"),
            models.CheckConstraint(
                condition=Q(sentence_start__lte=F("start")) & Q(end__lte=F("sentence_end")),
                name="claim_within_sentence",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.DISMISSED) | ~Q(dismiss_reason=""),
                name="claim_dismissed_has_reason",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
            models.CheckConstraint(condition=~Q(duplicate_of=F("id")), name="claim_not_duplicate_of_itself"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("admin:claims_claim_change", args=[self.pk])

    @property
    def headline(self) -> str:
        """What the desk and the public read as the claim: its standalone text (what ClaimReview
        publishes as ``claimReviewed``), else the exact span."""
        return self.standalone or self.text

    @property
    def match_text(self) -> str:
        """The text the desk's matching indexes and compares (services.matching): the extractor's
        standalone text (pronouns resolved: "He later performed" → "Fool Believes later performed"),
        else the exact span. A person's later edit does not change it, so the index and the matches
        stored with it stay as they were made (docs/models/matching.md, fourth pass)."""
        return (self.machine_standalone if self.edited_at is not None else self.standalone) or self.text

    @property
    def machine_said(self) -> dict[str, str] | None:
        """The extractor's standalone text, claimant and type where a person changed them, else None."""
        if self.edited_at is None:
            return None
        changed = {
            field: getattr(self, f"machine_{field}")
            for field in ("standalone", "claimant", "claim_type")
            if getattr(self, f"machine_{field}") != (self.headline if field == "standalone" else getattr(self, field))
        }
        return changed or None

    def move_allowed(self, move: str) -> bool:
        """Whether ``move`` may start from this claim's current state."""
        return Move(move).allowed_from(self.status)


class Appearance(models.Model):
    """A claim made in one article, with its place in that article's text (one row per place)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    sentence = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    claimant = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # A claim may appear at several places of one article (headline, lede, caption,
            # pull quote), once at each.
            models.UniqueConstraint(fields=["claim", "article", "start"], name="appearance_once_per_place"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")) & Q(sentence_start__lte=F("start")) & Q(end__lte=F("sentence_end")),
                name="appearance_span_within_sentence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} in {self.article_id}"


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField()
    mentions = models.ManyToManyField(User, blank=True, related_name="mentioned_in")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty")]

    def __str__(self) -> str:
        return self.body[:60]


class ClaimEvent(models.Model):
    """Append-only audit of every change to a claim: who, when, what, why."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        APPEARED = "appeared", "Appeared in another article"
        UPDATED = "updated", "Re-extracted"
        MOVED = "moved", "Workflow move"
        ASSIGNED = "assigned", "Assigned"
        EVIDENCE_ADDED = "evidence_added", "Evidence added"
        VERDICT_SAVED = "verdict_saved", "Verdict saved"
        COMMENTED = "commented", "Commented"
        MATCHED = "matched", "Matched an earlier claim or verdict"
        MATCH_CONFIRMED = "match_confirmed", "Match confirmed"
        MATCH_REJECTED = "match_rejected", "Match rejected"
        MATCH_DEMOTED = "match_demoted", "Automatic match turned into a suggestion"
        ARCHIVE_RETRIED = "archive_retried", "Evidence archiving retried"
        UNLINKED = "unlinked", "No longer appears in an article (a match undone)"
        EDITED = "edited", "Edited"
        SPLIT = "split", "Split"
        MERGED = "merged", "Merged a duplicate"
        REQUESTED = "requested", "A reader asked for it to be checked"
        REQUEST_DETACHED = "request_detached", "A reader's request was detached from it"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="claim_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    move = models.CharField(max_length=24, blank=True)
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    note = models.TextField(blank=True, help_text="Why")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.move} {self.from_status}->{self.to_status}"
