"""Atom feed of published and corrected verdicts: one entry for each public version."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from ..markup import explanation_html
from ..models import VerdictVersion
from .claimreview import PUBLIC_KINDS, absolute, site_root

ENTRIES = 50


class VerdictFeed(Feed):
    feed_type = Atom1Feed
    description_template = None
    root: str | None = None  # the desk's address for this request's links (set on a per-request copy)

    def get_feed(self, obj, request):
        # One feed instance serves every request: links are built on a copy that knows this
        # request's address, never on the shared instance.
        feed = copy.copy(self)
        feed.root = site_root(request)
        return super(VerdictFeed, feed).get_feed(obj, request)

    def title(self) -> str:
        return f"{settings.VERIFY_DESK_NAME}: fact checks"

    def subtitle(self) -> str:
        return "Verdicts as they are published and corrected."

    def link(self) -> str:
        return absolute(reverse("public_index"), root=self.root)

    def feed_url(self) -> str:
        return absolute(reverse("verdict_atom"), root=self.root)

    def author_name(self) -> str:
        return settings.VERIFY_DESK_NAME

    def items(self):
        return (
            VerdictVersion.objects.filter(kind__in=PUBLIC_KINDS, verdict__published_at__isnull=False)
            .select_related("verdict__claim", "rating", "approved_by")
            .order_by("-created_at", "-pk")[:ENTRIES]
        )

    def item_title(self, version: VerdictVersion) -> str:
        claim = version.verdict.claim
        what = "Corrected" if version.kind == VerdictVersion.Kind.CORRECTION else version.rating.label
        return f"{what}: “{claim.headline[:140]}” ({claim.claimant})"

    def item_description(self, version: VerdictVersion) -> str:
        parts = [f"<p><strong>{escape(version.rating.label)}</strong>: {escape(version.headline)}</p>"]
        if version.kind == VerdictVersion.Kind.CORRECTION and version.note:
            parts.append(f"<p><em>Correction:</em> {escape(version.note)}</p>")
        if version.approved_alone:
            who = version.approved_by.get_full_name() or version.approved_by.get_username()
            parts.append(f"<p><em>Corrected by {escape(who)} alone, without a second editor's review.</em></p>")
        parts.append(explanation_html(version.explanation))
        return "".join(parts)

    def item_link(self, version: VerdictVersion) -> str:
        return absolute(reverse("public_verdict", args=[version.verdict.claim_id]), root=self.root)

    def item_guid(self, version: VerdictVersion) -> str:
        return f"{self.item_link(version)}#version-{version.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, version: VerdictVersion):
        return version.created_at

    def item_updateddate(self, version: VerdictVersion):
        return version.created_at

    def item_categories(self, version: VerdictVersion) -> list[str]:
        return [version.rating.label]
