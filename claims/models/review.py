"""The fact-check itself: evidence, the rating scale and the verdict with its versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ..choices import EvidenceKind, Stance
from .claims import Claim

User = settings.AUTH_USER_MODEL


class Evidence(models.Model):
    """What a checker found for (or against) a claim."""

    class ArchiveStatus(models.TextChoices):
        NONE = "none", "Not archived"
        PENDING = "pending", "Archiving"
        ARCHIVED = "archived", "Archived"
        FAILED = "failed", "Archiving failed"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    quote = models.TextField(blank=True, help_text="A quote or excerpt from the source")
    source_kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    stance = models.CharField(max_length=12, choices=Stance.choices)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="evidence_added")
    archive_status = models.CharField(max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.NONE)
    archive_sha256 = models.CharField(max_length=64, blank=True)
    archive_text = models.TextField(blank=True)
    archive_error = models.CharField(max_length=500, blank=True)
    archive_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the archiving message was handed to the broker; empty: not yet (the outbox re-sends it)",
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(quote=""), name="evidence_has_url_or_quote"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.quote[:60]


class RatingScale(models.Model):
    """A desk's rating scale; exactly one is the default."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    is_default = models.BooleanField(default=False)
    worst_value = models.PositiveSmallIntegerField(default=1)
    best_value = models.PositiveSmallIntegerField(default=5)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_scale"),
            models.CheckConstraint(condition=Q(best_value__gt=F("worst_value")), name="scale_best_above_worst"),
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """One rating on a scale: its words, and its number for ClaimReview.

    Ratings off the true-false line (Unproven, Satire) have no number and
    publish with their words only.
    """

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=100, help_text="The rating's words, e.g. 'Mostly false'")
    slug = models.SlugField()
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Number on the scale (worst..best); empty if off-scale"
    )
    description = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_unique_in_scale"),
            models.UniqueConstraint(fields=["scale", "label"], name="rating_label_unique_in_scale"),
        ]

    def __str__(self) -> str:
        return self.label


class Verdict(models.Model):
    """The finding on a claim. Every change is kept as a VerdictVersion.

    The fields hold the working text, which after publication may be a correction
    waiting for approval; readers only ever see ``public_version``.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    headline = models.CharField(max_length=300)
    explanation = models.TextField(blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="verdicts")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="verdicts_written")
    last_edited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", help_text="Who saved the working text last"
    )
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="verdicts_approved"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_alone = models.BooleanField(
        default=False,
        help_text="A one-person correction (the desk allows them): approved by the editor who made it",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    public_version = models.ForeignKey(
        "VerdictVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version readers see: the last one published or corrected",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # The two-person rule, held by the database too: the approver is neither the author nor
            # the last editor (the service also refuses everyone who edited since the last
            # publication), unless the desk allows one-person corrections and this is one.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(approved_alone=True)
                | (~Q(approved_by=F("author")) & ~Q(approved_by=F("last_edited_by"))),
                name="verdict_two_person_rule",
            ),
            models.CheckConstraint(
                condition=Q(approved_alone=False) | Q(approved_by__isnull=False),
                name="verdict_approved_alone_has_approver",
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="verdict_headline_not_empty"),
        ]

    def __str__(self) -> str:
        return self.headline


class VerdictVersion(models.Model):
    """An immutable snapshot of a verdict, written on every change."""

    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        CORRECTION = "correction", "Correction"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="+")
    headline = models.CharField(max_length=300)
    explanation = models.TextField(blank=True)
    evidence_ids = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    edited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Published and correction versions: who approved this text",
    )
    approved_alone = models.BooleanField(
        default=False, help_text="A one-person correction: its editor approved it; the public page says so"
    )
    note = models.TextField(blank=True, help_text="Correction note shown to readers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["verdict", "number"]
        constraints = [
            models.UniqueConstraint(fields=["verdict", "number"], name="verdict_version_unique"),
            models.CheckConstraint(condition=~Q(kind="correction") | ~Q(note=""), name="correction_has_note"),
            models.CheckConstraint(
                condition=Q(approved_alone=False) | (Q(kind="correction") & Q(approved_by=F("edited_by"))),
                name="version_approved_alone_is_its_correctors",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.kind}: {self.headline}"
