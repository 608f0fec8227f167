"""Verify's data model (see ../shared/DOMAIN.md for the vocabulary).

One-row behaviour lives here (``Claim.move_allowed``); anything touching
several rows is a service in claims/services/. Invariants the database can
hold are constraints, so no code path can break them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .choices import (
    ClaimStance,
    ClaimStatus,
    ClaimType,
    DismissReason,
    EvidenceKind,
    JobStatus,
    JobStep,
    SourceKind,
    Stance,
)

User = settings.AUTH_USER_MODEL


class Outlet(models.Model):
    """Who published an article."""

    name = models.CharField(max_length=200)
    domain = models.CharField(
        max_length=253, blank=True, help_text="Host name without www, e.g. dailymail.co.uk"
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    language = models.CharField(max_length=16, blank=True, help_text="BCP 47, e.g. en")
    reach = models.PositiveIntegerField(
        default=0, help_text="Relative audience size 0-100; raises the priority of its claims"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~Q(domain=""), name="outlet_domain_unique"
            ),
            models.CheckConstraint(condition=Q(reach__lte=100), name="outlet_reach_0_100"),
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """One version of a published piece.

    Rows are immutable snapshots of the cleaned text: every claim's offsets
    point into ``text`` and stay valid forever. A changed version of the same
    article becomes a new row that ``supersedes`` the old one; only the latest
    row of a canonical URL has ``is_latest``.
    """

    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True, db_index=True)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    title = models.CharField(max_length=1000, blank=True)
    authors = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    text = models.TextField(help_text="Cleaned text; every claim offset points into it")
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the text")
    source_kind = models.CharField(max_length=8, choices=SourceKind.choices)
    extractor_version = models.CharField(max_length=32, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    is_latest = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=Q(is_latest=True) & ~Q(canonical_url=""),
                name="article_latest_canonical_url_unique",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title or self.canonical_url or f"Article {self.pk}"


class Claim(models.Model):
    """One checkable statement, possibly made in several articles (appearances).

    ``article`` and the offsets locate the claim where it was first seen;
    ``Appearance`` rows hold every article it appears in, that one included.
    ``version`` is the optimistic lock: every change bumps it, and a save
    from an older version is refused (services.workflow).
    """

    # move name -> (states it may start from, state it leads to, permission codename)
    MOVES: dict[str, tuple[tuple[str, ...], str, str]] = {
        "triage": ((ClaimStatus.NEW,), ClaimStatus.TRIAGED, "triage_claim"),
        "dismiss": (
            (ClaimStatus.NEW, ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW),
            ClaimStatus.DISMISSED,
            "triage_claim",
        ),
        "reopen": ((ClaimStatus.DISMISSED,), ClaimStatus.TRIAGED, "assign_claim"),
        "assign": ((ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW), ClaimStatus.IN_REVIEW, "review_claim"),
        "submit": ((ClaimStatus.IN_REVIEW,), ClaimStatus.AWAITING_APPROVAL, "review_claim"),
        "approve": (
            (ClaimStatus.AWAITING_APPROVAL,),
            ClaimStatus.AWAITING_APPROVAL,
            "approve_verdict",
        ),
        "request_changes": (
            (ClaimStatus.AWAITING_APPROVAL,),
            ClaimStatus.IN_REVIEW,
            "approve_verdict",
        ),
        "publish": ((ClaimStatus.AWAITING_APPROVAL,), ClaimStatus.PUBLISHED, "publish_verdict"),
        "reopen_for_correction": (
            (ClaimStatus.PUBLISHED,),
            ClaimStatus.IN_REVIEW,
            "publish_verdict",
        ),
        # A correction waits for a second editor's approval; a desk allowing one-person
        # corrections publishes it at once (services.workflow.verdict_correct).
        "correct": ((ClaimStatus.PUBLISHED,), ClaimStatus.AWAITING_APPROVAL, "publish_verdict"),
    }

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField()
    sentence = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    fingerprint = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalised claim text"
    )
    standalone = models.TextField(
        blank=True, help_text="The claim readable on its own: pronouns and dates resolved, negation kept"
    )
    stance = models.CharField(
        max_length=8, choices=ClaimStance.choices, default=ClaimStance.ASSERTS,
        help_text="'denies': the claimant denies the text, so the claim is its negation",
    )
    claimant = models.CharField(max_length=300)
    claim_type = models.CharField(max_length=24, choices=ClaimType.choices)
    score = models.FloatField(help_text="Check-worthiness, 0..1")
    reason = models.TextField(blank=True)
    checkworthy = models.BooleanField(
        default=True, help_text="Scored above the threshold; others are hidden from the queue"
    )
    priority = models.FloatField(default=0, db_index=True)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    assignee = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims"
    )
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
    machine_claim_type = models.CharField(max_length=24, choices=ClaimType.choices, blank=True,
                                          help_text="The extractor's claim type")
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
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
            # The API's cursor order.
            models.Index(fields=["-priority", "-id"], name="claim_priority_id_idx"),
            models.Index(fields=["claim_type"], name="claim_type_idx"),
            models.Index(fields=["created_at"], name="claim_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_0_1"
            ),
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
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="claim_not_duplicate_of_itself"
            ),
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
    def machine_said(self) -> dict[str, str] | None:
        """The extractor's standalone text, claimant and type where a person changed them, else None."""
        if self.edited_at is None:
            return None
        changed = {field: getattr(self, f"machine_{field}") for field in ("standalone", "claimant", "claim_type")
                   if getattr(self, f"machine_{field}") != (self.headline if field == "standalone" else getattr(self, field))}
        return changed or None

    def move_allowed(self, move: str) -> bool:
        """Whether ``move`` may start from this claim's current state."""
        from_states, _to, _perm = self.MOVES[move]
        return self.status in from_states


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
                condition=Q(end__gt=F("start"))
                & Q(sentence_start__lte=F("start"))
                & Q(end__lte=F("sentence_end")),
                name="appearance_span_within_sentence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} in {self.article_id}"


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
    archive_status = models.CharField(
        max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.NONE
    )
    archive_sha256 = models.CharField(max_length=64, blank=True)
    archive_text = models.TextField(blank=True)
    archive_error = models.CharField(max_length=500, blank=True)
    archive_sent_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the archiving message was handed to the broker; empty: not yet (the outbox re-sends it)",
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(quote=""), name="evidence_has_url_or_quote"
            ),
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
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_scale"
            ),
            models.CheckConstraint(
                condition=Q(best_value__gt=F("worst_value")), name="scale_best_above_worst"
            ),
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
        "VerdictVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
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
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
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
            models.CheckConstraint(
                condition=~Q(kind="correction") | ~Q(note=""), name="correction_has_note"
            ),
            models.CheckConstraint(
                condition=Q(approved_alone=False) | (Q(kind="correction") & Q(approved_by=F("edited_by"))),
                name="version_approved_alone_is_its_correctors",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.kind}: {self.headline}"


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

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="claim_events"
    )
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


class ExtractionJob(models.Model):
    """One request to turn an input (URL, HTML, text) into an article and claims."""

    source_kind = models.CharField(max_length=8, choices=SourceKind.choices)
    input_url = models.URLField(max_length=2000, blank=True)
    input_content = models.TextField(blank=True, help_text="Uploaded HTML or pasted text")
    input_published_at = models.DateTimeField(
        null=True, blank=True, help_text="The article's publication date, as given with the input"
    )
    input_hash = models.CharField(max_length=64, db_index=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.CharField(max_length=10, choices=JobStep.choices, default=JobStep.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the job failed, for the user")
    error_step = models.CharField(max_length=10, choices=JobStep.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    fetched_url = models.URLField(max_length=2000, blank=True, help_text="Where the fetch ended up")
    fetched_content = models.TextField(
        blank=True, help_text="The fetched page, kept so a retry after the fetch skips it"
    )
    fetched_content_type = models.CharField(max_length=100, blank=True)
    feed_item = models.ForeignKey(
        "FeedItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    claims_created = models.PositiveIntegerField(default=0)
    appearances_created = models.PositiveIntegerField(default=0)
    match_pending = models.BooleanField(
        default=False,
        help_text="Its new claims still wait to be matched (the outbox of the matching task: re-sent if lost)",
    )
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="extraction_jobs"
    )
    sent_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the message the job waits for (fetch, extract or a retry) was handed to the broker; "
                  "empty: not yet, the outbox re-sends it",
    )
    taken_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker last took one of its messages (claimed it or began extracting)"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="job_status_updated_idx"),
            models.Index(fields=["updated_at"], condition=Q(match_pending=True), name="job_match_pending_idx"),
            # The newest message known taken (claims.services.ingest.messages_taken_up_to).
            models.Index(fields=["sent_at"], name="job_sent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_0_100"),
            models.CheckConstraint(
                condition=~Q(input_url="") | ~Q(input_content=""), name="job_has_input"
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.FAILED) | ~Q(error=""), name="job_failure_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Job {self.pk} ({self.status})"


class DeskSettings(models.Model):
    """The desk's tunable settings, one row; empty fields fall back to the environment.

    Edited by admins on the settings page; read through ``selectors.desk_settings``.
    """

    checkworthy_threshold = models.FloatField(
        null=True, blank=True,
        help_text="Claims scoring at least this enter the queue (default: VERIFY_CHECKWORTHY_THRESHOLD)",
    )
    match_suggest_threshold = models.FloatField(
        null=True, blank=True, help_text="Matches scoring at least this are suggested to checkers"
    )
    match_auto_threshold = models.FloatField(
        null=True, blank=True, help_text="Matches with a published verdict scoring at least this are linked at once"
    )
    max_claims_per_article = models.PositiveSmallIntegerField(
        null=True, blank=True,
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


class Feed(models.Model):
    """An RSS or Atom feed polled for new articles (each new item becomes one job)."""

    url = models.URLField(max_length=2000, unique=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds")
    title = models.CharField(max_length=200, blank=True)
    interval_minutes = models.PositiveIntegerField(default=30)
    active = models.BooleanField(default=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, help_text="Due when empty or past")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_item_at = models.DateTimeField(null=True, blank=True, help_text="When the newest item was seen")
    last_error = models.TextField(blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Consecutive failed polls")
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        indexes = [models.Index(fields=["active", "next_poll_at"], name="feed_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__gte=5) & Q(interval_minutes__lte=10080),
                name="feed_interval_5min_to_1week",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class FeedItem(models.Model):
    """An item seen in a feed; the unique key makes every item an article once."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-seen_at"]
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="feed_item_once")]

    def __str__(self) -> str:
        return self.title or self.url


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
        max_length=8, choices=Kind.choices, default=Kind.PERSONAL,
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
        from django.utils import timezone

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
        null=True, blank=True,
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


class WorkerHeartbeat(models.Model):
    """The last sign of life of each Celery worker; ``/readyz`` needs a recent one."""

    hostname = models.CharField(max_length=200, unique=True)
    pid = models.PositiveIntegerField(default=0)
    queues = models.CharField(max_length=500, blank=True, help_text="The queues it serves, comma-separated; empty: all")
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


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
    matched_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
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
            models.CheckConstraint(condition=Q(in_app=True) | ~Q(email_status="none"),
                                   name="notification_goes_somewhere"),
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


class ReaderRequest(models.Model):
    """A reader asking "is this true?" (the public /ask/ form, its embed, or a newsroom channel).

    Written by claims.services.requests. ``claim`` is the claim it was matched or attached to
    (or opened); ``email`` is kept only to send the answer: it is erased once the answer is
    sent, when the reader asks, and after VERIFY_REQUEST_RETENTION_DAYS by the periodic purge.
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

    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="reader_requests"
    )
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
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The channel's API user (empty for the public forms)",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, help_text="When the answer was out")
    answer_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the answer email was taken for sending (once)"
    )
    contact_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["claim", "created_at"], name="request_claim_created_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(text="") | ~Q(url=""), name="request_has_text_or_url"),
            models.CheckConstraint(condition=Q(email="") | Q(consent=True), name="request_email_needs_consent"),
        ]

    def __str__(self) -> str:
        return (self.text or self.url)[:80]


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
