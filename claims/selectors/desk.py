"""The desk's settings and what they resolve to, and each person's inbox and notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DatabaseError

from ..choices import ClaimStatus
from ..extraction import checkworthiness
from ..matching.sameclaim import default_thresholds
from ..models import Claim, Comment, DeskSettings, Notification, RatingScale

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def default_scale() -> RatingScale:
    """The desk's default rating scale (seeded by migration 0003)."""
    return RatingScale.objects.get(is_default=True)


def desk_settings():
    """The desk's settings row (created on first read)."""
    row, _created = DeskSettings.objects.get_or_create(pk=1)
    return row


def one_person_corrections() -> bool:
    """Whether the desk lets an editor correct a published verdict alone (DeskSettings; off by default)."""
    return bool(DeskSettings.objects.filter(pk=1).values_list("one_person_corrections", flat=True).first())


def checkworthy_threshold() -> float:
    """The desk's threshold, or VERIFY_CHECKWORTHY_THRESHOLD when unset (both as
    ``checkworthy_threshold_setting`` reads them), or the model's own news threshold when
    neither is set.

    Works without a migrated database too (the read-only `extract` and
    `score_sentences` commands run on a fresh checkout): then the setting holds.
    """
    value = checkworthy_threshold_setting()
    if value is None:
        value = checkworthiness.DEFAULT_THRESHOLD
    return value


def checkworthy_threshold_setting() -> float | None:
    """The desk's threshold or VERIFY_CHECKWORTHY_THRESHOLD; None when neither is set: then each
    article is judged at the model's own threshold for its genre (news or a transcript)."""

    try:
        value = DeskSettings.objects.filter(pk=1).values_list("checkworthy_threshold", flat=True).first()
    except DatabaseError:
        value = None
    return settings.VERIFY_CHECKWORTHY_THRESHOLD if value is None else value


def claims_per_article_cap() -> int | None:
    """The most claims one article puts in the queue: the desk's setting, else the model's default
    (chosen on the team's labelled news); None: no limit."""

    try:
        value = DeskSettings.objects.filter(pk=1).values_list("max_claims_per_article", flat=True).first()
    except DatabaseError:
        value = None
    if value is None:
        return checkworthiness.DEFAULT_CAP
    return value or None


def match_thresholds() -> tuple[float, float]:
    """(suggest, auto): the desk's match thresholds, else VERIFY_MATCH_SUGGEST / VERIFY_MATCH_AUTO, else the
    thresholds the same-claim model was chosen with (``claims/matching/models/sameclaim.json``).

    Like ``checkworthy_threshold``, works without a migrated database (then the settings hold).
    """

    try:
        row = DeskSettings.objects.filter(pk=1).values_list("match_suggest_threshold", "match_auto_threshold").first()
    except DatabaseError:
        row = None
    suggest, auto = row or (None, None)
    suggest = settings.VERIFY_MATCH_SUGGEST if suggest is None else suggest
    auto = settings.VERIFY_MATCH_AUTO if auto is None else auto
    if suggest is None or auto is None:
        model_suggest, model_auto = default_thresholds()
        suggest = model_suggest if suggest is None else suggest
        auto = model_auto if auto is None else auto
    return suggest, max(auto, suggest)


def inbox_for(*, user: User) -> dict:
    """What waits for this person: assigned claims, approvals, mentions."""
    active = [ClaimStatus.TRIAGED, ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL]
    assigned = Claim.objects.filter(assignee=user, status__in=active).select_related("article__outlet")
    approvals = Claim.objects.none()
    if user.has_perm("claims.approve_verdict"):
        approvals = (
            Claim.objects.filter(status=ClaimStatus.AWAITING_APPROVAL)
            .exclude(verdict__author=user)
            .exclude(verdict__last_edited_by=user)
            .select_related("article__outlet", "verdict__author")
        )
    mentions = Comment.objects.filter(mentions=user).select_related("author", "claim").order_by("-created_at")[:20]
    return {
        "assigned": list(assigned.order_by("-priority")[:100]),
        "approvals": list(approvals[:100]),
        "mentions": list(mentions),
    }


def notifications_for(*, user: User):
    """The person's notifications shown in the desk, newest first (the page paginates)."""
    return (
        Notification.objects.filter(recipient=user, in_app=True)
        .select_related("actor", "claim")
        .order_by("-created_at", "-id")
    )


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()
