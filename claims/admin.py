"""The admin as an operations console: searchable, filterable, audit read-only.

Workflow moves are admin actions that call the same services as the UI and
the API; status, version and audit fields cannot be edited by hand.
"""

from django import forms
from django.contrib import admin, messages

from verify.exceptions import ApplicationError

from .inputs.weburl import InvalidUrl, parse_http_url
from .models import (
    ApiToken,
    Appearance,
    Article,
    Claim,
    ClaimEvent,
    ClaimMatch,
    Comment,
    DeskSettings,
    Evidence,
    ExternalReview,
    ExtractionJob,
    Feed,
    FeedItem,
    IdempotencyKey,
    MatchJournalEntry,
    MatchSnapshot,
    MatchSnapshotChunk,
    Notification,
    NotificationPreference,
    Outlet,
    Rating,
    RatingScale,
    Verdict,
    VerdictVersion,
    WebhookDelivery,
    WebhookSubscription,
    WorkerHeartbeat,
)
from .services import ingest, workflow
from .services.feeds import feed_add
from .services.tokens import token_create, token_revoke


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "country", "language", "reach"]
    list_filter = ["country", "language"]
    search_fields = ["name", "domain"]


class ArticleClaimInline(ReadOnlyInline):
    model = Claim
    fields = ["text", "claimant", "claim_type", "score", "status"]
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "source_kind", "published_at", "is_latest", "created_at"]
    list_filter = ["source_kind", "is_latest", "outlet"]
    search_fields = ["title", "url", "canonical_url", "content_hash"]
    list_select_related = ["outlet"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_hash", "extractor_version", "supersedes", "is_latest", "created_at", "text"]
    inlines = [ArticleClaimInline]


class AppearanceInline(ReadOnlyInline):
    model = Appearance
    fk_name = "claim"
    fields = ["article", "claimant", "sentence", "start", "end"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = ["created_at", "actor", "kind", "move", "from_status", "to_status", "note"]
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["url", "title", "source_kind", "stance", "added_by", "created_at"]
    readonly_fields = fields


def _run(request, queryset, label, fn):
    done = 0
    for claim in queryset:
        try:
            fn(claim)
            done += 1
        except ApplicationError as exc:
            messages.error(request, f"Claim {claim.pk}: {exc}")
    if done:
        messages.success(request, f"{label}: {done} claim(s).")


@admin.action(description="Triage selected claims (new → triaged)")
def triage_claims(modeladmin, request, queryset):
    _run(request, queryset, "Triaged", lambda c: workflow.claim_triage(claim=c, actor=request.user))


@admin.action(description="Dismiss selected claims as not important")
def dismiss_claims(modeladmin, request, queryset):
    _run(
        request,
        queryset,
        "Dismissed",
        lambda c: workflow.claim_dismiss(
            claim=c, actor=request.user, reason="not_important", note="Dismissed from the admin"
        ),
    )


@admin.action(description="Assign selected claims to me")
def assign_to_me(modeladmin, request, queryset):
    _run(
        request,
        queryset,
        "Assigned",
        lambda c: workflow.claim_assign(claim=c, actor=request.user, assignee=request.user),
    )


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text", "claimant", "claim_type", "score", "priority", "status", "assignee", "checkworthy"]
    list_filter = ["status", "checkworthy", "claim_type", "assignee", "article__outlet", "created_at"]
    search_fields = ["text", "sentence", "claimant", "article__title"]
    list_select_related = ["assignee", "article__outlet"]
    date_hierarchy = "created_at"
    ordering = ["-priority", "-created_at"]
    actions = [triage_claims, dismiss_claims, assign_to_me]
    readonly_fields = [
        "article",
        "text",
        "sentence",
        "start",
        "end",
        "sentence_start",
        "sentence_end",
        "fingerprint",
        "score",
        "reason",
        "checkworthy",
        "priority",
        "status",
        "assignee",
        "dismiss_reason",
        "dismiss_note",
        "duplicate_of",
        "extractor_version",
        "version",
        "created_at",
        "updated_at",
        # Corrected on the claim's desk page or PATCHed in the API (services.editing), where each
        # correction is an event and the machine's words are kept: never changed here.
        "standalone",
        "claimant",
        "claim_type",
        "machine_standalone",
        "machine_claimant",
        "machine_claim_type",
        "edited_at",
        "edited_by",
    ]
    inlines = [AppearanceInline, EvidenceInline, EventInline]

    def has_add_permission(self, request):
        return False  # claims come from extraction


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ["claim", "article", "claimant", "created_at"]
    list_filter = ["article__outlet", "created_at"]
    search_fields = ["claim__text", "claimant", "article__title"]
    list_select_related = ["claim", "article"]
    readonly_fields = [f.name for f in Appearance._meta.fields]

    def has_add_permission(self, request):
        return False  # appearances come from extraction


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "source_kind", "stance", "added_by", "archive_status", "created_at"]
    list_filter = ["source_kind", "stance", "archive_status"]
    search_fields = ["url", "title", "quote", "claim__text"]
    list_select_related = ["claim", "added_by"]
    readonly_fields = ["claim", "added_by", "archive_status", "archive_sha256", "archived_at", "created_at"]

    def has_add_permission(self, request):
        # Evidence is added on the claim page or the API (services.workflow.evidence_add: the claim's
        # state, the URL check, the audit event, the archive); this page's form has no claim to add to.
        return False


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_default", "worst_value", "best_value"]
    list_filter = ["is_default"]
    search_fields = ["name", "slug", "ratings__label"]
    inlines = [RatingInline]


class VersionInline(ReadOnlyInline):
    model = VerdictVersion
    fields = ["number", "kind", "rating", "headline", "edited_by", "note", "created_at"]
    readonly_fields = fields


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["headline", "claim", "rating", "author", "approved_by", "published_at", "version"]
    list_filter = ["rating", "published_at"]
    search_fields = ["headline", "explanation", "claim__text"]
    list_select_related = ["claim", "rating", "author", "approved_by"]
    readonly_fields = [f.name for f in Verdict._meta.fields]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False  # verdicts are written through the workflow


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "author", "created_at"]
    list_filter = ["author", "created_at"]
    search_fields = ["body", "claim__text"]
    list_select_related = ["claim", "author"]
    readonly_fields = ["claim", "author", "body", "mentions", "created_at"]

    def has_add_permission(self, request):
        return False  # comments are written on the claim page or the API (services.workflow.comment_add)


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "claim", "actor", "kind", "move", "from_status", "to_status"]
    list_filter = ["kind", "move", "to_status"]
    search_fields = ["claim__text", "note"]
    list_select_related = ["claim", "actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description="Retry selected failed jobs")
def retry_jobs(modeladmin, request, queryset):
    for job in queryset:
        try:
            ingest.job_retry(job_id=job.pk, actor=request.user)
            messages.success(request, f"Job {job.pk} queued again.")
        except ApplicationError as exc:
            messages.error(request, str(exc))


@admin.register(ExtractionJob)
class ExtractionJobAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "source_kind",
        "channel",
        "input_url",
        "status",
        "step",
        "progress",
        "attempts",
        "article",
        "created_at",
    ]
    list_filter = ["status", "source_kind", "channel", "step"]
    search_fields = ["input_url", "error", "input_hash"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    actions = [retry_jobs]
    readonly_fields = [f.name for f in ExtractionJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "checkworthy_threshold", "match_suggest_threshold", "match_auto_threshold", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def has_add_permission(self, request):
        return not DeskSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class FeedItemInline(ReadOnlyInline):
    model = FeedItem
    fields = ["title", "url", "published_at", "seen_at"]
    readonly_fields = fields


class FeedForm(forms.ModelForm):
    """A feed's URL is checked as every URL is (claims.inputs.weburl); a new feed is followed through the service."""

    class Meta:
        model = Feed
        fields = ["url", "outlet", "title", "interval_minutes", "active", "next_poll_at"]

    def clean_url(self):
        try:
            return parse_http_url(self.cleaned_data["url"], what="feed URL").url
        except InvalidUrl as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "interval_minutes", "active", "last_polled_at", "failures", "next_poll_at"]
    list_filter = ["active", "outlet"]
    search_fields = ["url", "title", "last_error"]
    list_select_related = ["outlet"]
    readonly_fields = ["last_polled_at", "last_item_at", "last_error", "failures", "added_by", "created_at"]
    inlines = [FeedItemInline]
    form = FeedForm

    def get_fields(self, request, obj=None):
        return ["url", "outlet", "interval_minutes"] if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        feed, _created = feed_add(
            url=form.cleaned_data["url"],
            outlet=form.cleaned_data["outlet"],
            interval_minutes=form.cleaned_data["interval_minutes"],
            actor=request.user,
        )
        # The admin logs and links the object it passed in: make it the followed feed.
        for field in Feed._meta.concrete_fields:
            setattr(obj, field.attname, getattr(feed, field.attname))
        obj._state.adding = False


@admin.action(description="Revoke selected tokens")
def revoke_tokens(modeladmin, request, queryset):
    for token in queryset:
        try:
            token_revoke(actor=request.user, token=token)
        except ApplicationError as exc:
            messages.error(request, str(exc))


class ApiTokenAddForm(forms.ModelForm):
    """Create a token through the token service; the key is shown once, in a message."""

    scopes = forms.MultipleChoiceField(choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiToken
        fields = ["user", "name", "kind", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.fields["user"].queryset.filter(is_active=True)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "kind",
        "prefix",
        "scopes",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["kind", "revoked_at", "expires_at"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "name",
        "kind",
        "prefix",
        "key_hash",
        "scopes",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    actions = [revoke_tokens]

    def has_add_permission(self, request):
        return request.user.has_perm("claims.manage_desk")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["user", "name", "kind", "scopes", "expires_at"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # tokens are never edited: revoke and create another
        token, raw = token_create(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data.get("expires_at"),
            actor=request.user,
        )
        # The admin logs and links the object it passed in: make it the created token.
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state.adding = False
        messages.warning(request, f"The key of {token.name}, shown only this once — copy it now: {raw}")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["target_url", "owner", "events", "active", "consecutive_failures", "created_at"]
    list_filter = ["active"]
    search_fields = ["target_url", "owner__username"]
    list_select_related = ["owner"]
    readonly_fields = ["secret", "consecutive_failures", "disabled_reason", "created_at"]

    def has_add_permission(self, request):
        # Subscribing goes through services.webhooks.webhook_subscribe (the target address checked,
        # the secret generated and shown once): the API's POST /api/v1/webhooks/.
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscription", "status", "attempts", "response_status", "response_ms", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["event", "subscription__target_url", "error"]
    list_select_related = ["subscription"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Who was told what, and whether the email went out (the outbox's state, read-only)."""

    list_display = ["recipient", "kind", "claim", "in_app", "read_at", "email_status", "email_attempts", "created_at"]
    list_filter = ["kind", "email_status", "in_app"]
    search_fields = ["recipient__username", "message", "email_error"]
    list_select_related = ["recipient", "claim"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Each person's choices (they change them on their notifications page)."""

    list_display = ["user", "kind", "in_app", "email", "updated_at"]
    list_filter = ["kind", "in_app", "email"]
    search_fields = ["user__username"]
    list_select_related = ["user"]


@admin.register(ExternalReview)
class ExternalReviewAdmin(admin.ModelAdmin):
    """Imported ClaimReviews: read-only here; `import_claimreview` and the API bring them in."""

    list_display = [
        "claim_reviewed",
        "publisher_name",
        "rating_label",
        "normalised_rating",
        "language",
        "date_published",
        "updated_at",
    ]
    list_filter = ["publisher_name", "language"]
    search_fields = ["claim_reviewed", "claimant", "publisher_name", "headline", "url"]
    date_hierarchy = "date_published"
    readonly_fields = [f.name for f in ExternalReview._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClaimMatch)
class ClaimMatchAdmin(admin.ModelAdmin):
    """Matches found by claims.services.matching; decided on the claim page or the API (audited there)."""

    list_display = [
        "claim",
        "matched_claim",
        "external_review",
        "score",
        "tier",
        "decision",
        "decided_by",
        "created_at",
    ]
    list_filter = ["tier", "decision", "created_at"]
    search_fields = [
        "claim__text",
        "matched_claim__text",
        "external_review__claim_reviewed",
        "external_review__publisher_name",
    ]
    list_select_related = ["claim", "matched_claim", "external_review", "decided_by"]
    readonly_fields = [f.name for f in ClaimMatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    """API ingestion keys (same key and body → the same job): read-only, for tracing a client's retries."""

    list_display = ["key", "user", "job", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["key", "user__username", "request_hash"]
    list_select_related = ["user", "job"]
    readonly_fields = [f.name for f in IdempotencyKey._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Workers' last signs of life (what /readyz reads)."""

    list_display = ["hostname", "pid", "seen_at"]
    search_fields = ["hostname"]
    readonly_fields = ["hostname", "pid", "seen_at"]

    def has_add_permission(self, request):
        return False


class _MatchIndexAdmin(admin.ModelAdmin):
    """The matching index's journal and snapshots (issue 27): written by claims.services.match_index
    only, shown read-only (``manage.py rebuild_match_index`` starts them afresh)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchJournalEntry)
class MatchJournalEntryAdmin(_MatchIndexAdmin):
    list_display = ["id", "doc_id", "created_at"]
    search_fields = ["doc_id", "text"]
    exclude = ["vec_text", "vec_title"]


@admin.register(MatchSnapshot)
class MatchSnapshotAdmin(_MatchIndexAdmin):
    list_display = ["token", "documents", "upto", "size", "rebuilt", "encoder", "created_at"]
    search_fields = ["token"]


@admin.register(MatchSnapshotChunk)
class MatchSnapshotChunkAdmin(_MatchIndexAdmin):
    list_display = ["snapshot", "seq"]
    search_fields = ["snapshot__token"]
    exclude = ["data"]


from . import admin_requests  # noqa: E402,F401 - reader requests (issue 26)
