"""Links from a claim to earlier claims and to other fact-checkers' reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .claims import Claim

User = settings.AUTH_USER_MODEL


class ExternalReview(models.Model):
    """Another fact-checker's published ClaimReview, imported so matching can find it.

    ``url`` (the review's page) is its identity: importing the same review
    again changes nothing, and a changed one (another ``content_hash`` of
    ``raw``) updates the row. ``raw`` keeps the record exactly as published;
    the other fields are what claims.imports.claimreview could read from it.
    """

    url = models.URLField(max_length=2000, unique=True, help_text="The review's page; its identity")
    publisher_name = models.CharField(max_length=300, blank=True)
    publisher_url = models.URLField(max_length=2000, blank=True)
    claim_reviewed = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    claim_date = models.DateField(null=True, blank=True, help_text="When the claim was made")
    appearances = models.JSONField(default=list, blank=True, help_text="URLs where the claim appeared")
    rating_label = models.CharField(
        max_length=500, blank=True, help_text="The rating's words (alternateName, else name)"
    )
    rating_value = models.FloatField(null=True, blank=True)
    rating_best = models.FloatField(null=True, blank=True)
    rating_worst = models.FloatField(null=True, blank=True)
    normalised_rating = models.FloatField(
        null=True,
        blank=True,
        help_text="The value on 0 (worst) .. 1 (best); empty unless value, best and worst are consistent",
    )
    headline = models.CharField(max_length=1000, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text="inLanguage, as given")
    date_published = models.DateTimeField(null=True, blank=True)
    date_modified = models.DateTimeField(null=True, blank=True)
    raw = models.JSONField(help_text="The record as published")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the canonical JSON of raw")
    source = models.CharField(max_length=2000, blank=True, help_text="The file or URL it was imported from")
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["date_published"], name="extreview_published_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(normalised_rating__isnull=True)
                | (Q(normalised_rating__gte=0) & Q(normalised_rating__lte=1)),
                name="extreview_normalised_0_1",
            ),
            models.CheckConstraint(condition=~Q(claim_reviewed=""), name="extreview_claim_not_empty"),
        ]

    def __str__(self) -> str:
        return self.claim_reviewed[:80]


class ClaimMatch(models.Model):
    """A claim found to state the same as an earlier claim or an imported verdict.

    Written by claims.services.matching: from the *suggest* threshold up a
    checker confirms or rejects (``tier`` suggest, ``decision`` pending); from
    the *auto* threshold up the link is made at once (``tier`` auto,
    ``decision`` confirmed, ``decided_by`` empty). Decisions are kept to tune
    the thresholds (``make eval``).
    """

    class Tier(models.TextChoices):
        SUGGEST = "suggest", "May match"
        AUTO = "auto", "Matched automatically"

    class Decision(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    matched_claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by")
    external_review = models.ForeignKey(
        ExternalReview, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(help_text="The matcher's probability that both state the same claim, 0..1")
    tier = models.CharField(max_length=8, choices=Tier.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["decision", "score"], name="claimmatch_decision_score_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(matched_claim__isnull=False) & Q(external_review__isnull=True))
                | (Q(matched_claim__isnull=True) & Q(external_review__isnull=False)),
                name="claimmatch_exactly_one_target",
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claimmatch_score_0_1"),
            models.CheckConstraint(condition=~Q(matched_claim=F("claim")), name="claimmatch_not_itself"),
            models.UniqueConstraint(fields=["claim", "matched_claim"], name="claimmatch_claim_once"),
            models.UniqueConstraint(fields=["claim", "external_review"], name="claimmatch_review_once"),
        ]

    def __str__(self) -> str:
        target = f"claim {self.matched_claim_id}" if self.matched_claim_id else f"review {self.external_review_id}"
        return f"{self.claim_id} ~ {target} ({self.score:.2f}, {self.tier}, {self.decision})"


class MatchJournalEntry(models.Model):
    """One document added to the matching index, as every host replays it (issue 27).

    The matching index is a cache of the database that each host keeps in memory; this table is
    how a document one host indexed reaches every other: rows are appended in id order (writers
    take a lock, so a row is never committed after a higher id is visible), and each process
    replays the rows above the last id it applied. The vectors are stored, so replaying embeds
    nothing. Rows covered by every kept snapshot are pruned (claims.services.match_index).
    """

    id = models.BigAutoField(primary_key=True)
    doc_id = models.CharField(max_length=64, help_text="claim:<id> or review:<id>")
    text = models.TextField()
    title = models.TextField(blank=True)
    context = models.TextField(blank=True)
    vec_text = models.BinaryField(help_text="float16 embedding of the normalised text")
    vec_title = models.BinaryField(help_text="float16 embedding of the normalised title")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "match journal entries"

    def __str__(self) -> str:
        return f"{self.pk}: {self.doc_id}"


class MatchSnapshot(models.Model):
    """A whole matching index as one process saved it, so a host that starts empty loads it
    instead of embedding the desk again (its bytes in MatchSnapshotChunk rows).

    ``upto``: the last journal id it contains (its loader replays the rows above). ``rebuilt``: built
    from the database, not folded from a journal; every host loads it in place of its copy (what a
    rebuild dropped — deleted rows — must go everywhere)."""

    token = models.CharField(max_length=32, unique=True)
    upto = models.BigIntegerField(help_text="The last MatchJournalEntry id it contains")
    documents = models.PositiveIntegerField()
    encoder = models.CharField(max_length=200)
    size = models.BigIntegerField(help_text="Bytes")
    rebuilt = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"snapshot {self.token} ({self.documents} documents, journal to {self.upto})"


class MatchSnapshotChunk(models.Model):
    snapshot = models.ForeignKey(MatchSnapshot, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "seq"], name="match_snapshot_chunk_seq")]

    def __str__(self) -> str:
        return f"{self.snapshot_id}/{self.seq}"
