"""Where claims come from: outlets, articles, the feeds that bring them in and the
extraction jobs that read them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import IngestChannel, JobStatus, JobStep, SourceKind

User = settings.AUTH_USER_MODEL


class Outlet(models.Model):
    """Who published an article."""

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True, help_text="Host name without www, e.g. dailymail.co.uk")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    language = models.CharField(max_length=16, blank=True, help_text="BCP 47, e.g. en")
    reach = models.PositiveIntegerField(
        default=0, help_text="Relative audience size 0-100; raises the priority of its claims"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["domain"], condition=~Q(domain=""), name="outlet_domain_unique"),
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
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
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


class ExtractionJob(models.Model):
    """One request to turn an input (URL, HTML, text) into an article and claims."""

    source_kind = models.CharField(max_length=8, choices=SourceKind.choices)
    channel = models.CharField(
        max_length=8,
        choices=IngestChannel.choices,
        blank=True,
        help_text="Where the input was submitted: the desk, the API, a feed, the command line "
        "(blank: before this was recorded)",
    )
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
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    fetched_url = models.URLField(max_length=2000, blank=True, help_text="Where the fetch ended up")
    fetched_content = models.TextField(
        blank=True, help_text="The fetched page, kept so a retry after the fetch skips it"
    )
    fetched_content_type = models.CharField(max_length=100, blank=True)
    feed_item = models.ForeignKey("FeedItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
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
        null=True,
        blank=True,
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
            models.CheckConstraint(condition=~Q(input_url="") | ~Q(input_content=""), name="job_has_input"),
            models.CheckConstraint(condition=~Q(status=JobStatus.FAILED) | ~Q(error=""), name="job_failure_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Job {self.pk} ({self.status})"
