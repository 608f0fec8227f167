"""Reader requests in the operations console (issue 26): read-only; bans through the service."""

from __future__ import annotations

from django.contrib import admin

from .models import ReaderRequest, SenderBan


@admin.register(ReaderRequest)
class ReaderRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "channel", "language", "status", "outcome", "claim"]
    list_filter = ["status", "outcome", "channel", "language"]
    list_select_related = ["claim"]
    search_fields = ["text", "url", "seen_where"]
    # The email is left out: the desk never needs it, and the console shows no contact details.
    fields = [
        "text",
        "url",
        "seen_where",
        "language",
        "channel",
        "consent",
        "status",
        "outcome",
        "match_score",
        "claim",
        "external_review",
        "submitted_by",
        "created_at",
        "matched_at",
        "answered_at",
        "answer_sent_at",
        "contact_erased_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SenderBan)
class SenderBanAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "reason", "created_by", "request"]
    list_select_related = ["created_by", "request"]
    search_fields = ["reason"]
    readonly_fields = ["sender_hash", "email_hash", "reason", "request", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False  # bans are made from the desk's Requests view (services.requests.sender_ban)
